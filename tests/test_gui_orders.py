"""The app's order tab, on a real Qt event loop with the hand-worked case
(see test_replenishment.py): the staple list, the alerts, both languages,
and the order workbook saved from the tab."""
import openpyxl
import pytest

from kpipack.domain import Settings
from kpipack.pipeline import build_pack
from replenish_case import write_case

pytest.importorskip("PySide6")


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    from kpipack.gui.results import Results

    folder = write_case(tmp_path_factory.mktemp("gui-orders"))
    return Results(build_pack([folder], Settings(period="2026-10"), use_cache=False))


def _column(view, col):
    model = view.table.model()
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_tab_lists_orders_and_alerts(qtbot, results):
    from kpipack.gui.orders import OrdersView

    view = OrdersView()
    qtbot.addWidget(view)
    view.retranslate("en")
    view.show_results(results)
    assert view.table.model().rowCount() == 0  # a hidden tab waits to be shown: a preview never waits on it
    view.show()
    assert view.intro.text() == "As of 2026-10-31: 2 staple and 1 seasonal lines to order, 5 alerts."
    assert _column(view, 2) == ["A", "B"] and _column(view, 10) == ["18", "20"]  # case pack of 6, minimum of 20
    view.choice.setCurrentIndex(1)
    assert _column(view, 2) == ["C"] and _column(view, 10) == ["5"]
    view.choice.setCurrentIndex(2)
    assert _column(view, 0) == ["Stockout risk", "Stockout risk", "Markdown candidate", "Overstock", "Dead stock"]
    assert "Order 18 today from V1" in _column(view, 5)[0]
    view.retranslate("ja")
    assert _column(view, 0)[0] == "欠品リスク" and "本日 V1 に 18 個発注する" in _column(view, 5)[0]
    assert view.choice.currentIndex() == 2


def test_save_writes_the_order_workbook(qtbot, results, tmp_path):
    from kpipack.gui.orders import OrdersView

    view = OrdersView()
    qtbot.addWidget(view)
    view.retranslate("ja")
    view.show_results(results)
    target = tmp_path / "発注.xlsx"
    with qtbot.waitSignal(view.saved, timeout=10000) as saved:
        view.save(target)
    assert saved.args == [target]
    assert openpyxl.load_workbook(target).sheetnames[:2] == ["定番発注", "シーズン発注"]
    with qtbot.waitSignal(view.save_failed, timeout=10000):
        view.save(tmp_path)  # a folder is not a file name


@pytest.fixture
def private_settings(tmp_path, monkeypatch):
    """Settings remembered in a temporary home, never the user's."""
    from PySide6.QtCore import QSettings

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    return tmp_path


def _quantity(window, sku):
    view = window.orders_view
    window.tabs.setCurrentWidget(view)  # the tab fills when it is looked at
    view.choice.setCurrentIndex(0)
    rows = dict(zip(_column(view, 2), _column(view, 10)))
    return rows.get(sku)


def test_service_level_set_in_the_app_changes_the_order_and_is_remembered(qtbot, private_settings, tmp_path):
    """Pair A (see test_replenishment.py): mean 1.0 a day, sd √(84/27) = 1.7638342, lead time 7, review 7,
    on hand 8, case pack 6. At 95 % (z 1.6448536) the order-up-to is 14 + 1.6448536 × 1.7638342 × √14
    = 24.855 and the need 16.86 → 3 cases = 18. At 99 % (z 2.3263479) it is 14 + 2.3263479 × 1.7638342 ×
    √14 = 29.353, the need 21.35 → 4 cases = 24. At 50 % (z 0) the reorder point is 7 < 8 on hand: no order."""
    from kpipack.gui.prefs import Prefs, load_prefs
    from kpipack.gui.window import MainWindow

    (tmp_path / "case").mkdir()
    folder = write_case(tmp_path / "case")
    window = MainWindow(lang="en", prefs=Prefs())
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.preview_ready, timeout=120_000):
        window.add_files(sorted(folder.glob("*.xlsx")))
    qtbot.waitUntil(lambda: window.orders_view.rep is not None, timeout=10_000)
    assert _quantity(window, "A") == "18"

    dialog = window.settings_dialog()
    assert dialog.service_level.value() == 95.0 and dialog.lead_time.value() == 7.0
    dialog.service_level.setValue(99.0)
    with qtbot.waitSignal(window.preview_ready, timeout=120_000):
        window.apply_prefs(dialog.values())
    assert _quantity(window, "A") == "24"
    assert window.orders_view.rep.service_level_pct == 99.0
    assert load_prefs().service_level_pct == 99.0  # remembered for the next run

    again = MainWindow(lang="ja")
    qtbot.addWidget(again)
    assert again.prefs.service_level_pct == 99.0 and again.prefs.settings("ja").service_level_pct == 99.0
    second = again.settings_dialog()
    assert second.service_level.value() == 99.0
    second.service_level.setValue(50.0)
    with qtbot.waitSignal(window.preview_ready, timeout=120_000):
        window.apply_prefs(second.values())
    assert _quantity(window, "A") is None  # 8 on hand is above the reorder point of 7: nothing to order


def test_the_window_saves_the_order_list_as_a_background_task(qtbot, tmp_path):
    """Written on the GUI thread the workbook held the window for over 200 ms:
    it is a task of the window's, with the status bar's progress and Cancel,
    written in a process of its own, with the company on its page headers."""
    from test_gui import BUILD_TIMEOUT, new_window, wait_for

    (tmp_path / "case").mkdir()
    folder = write_case(tmp_path / "case")
    w = new_window("en", company="Kita Stores")
    try:
        w.add_files([folder])
        wait_for(w.preview_ready)
        target = tmp_path / "orders.xlsx"
        with qtbot.waitSignal(w.orders_view.saved, timeout=BUILD_TIMEOUT) as saved:
            job = w.orders_view.save(target)
            assert w.task_job is job and not w.cancel_button.isHidden()
            assert w.stage.text().startswith("Writing the order list")
        assert saved.args == [target]
        qtbot.waitUntil(lambda: w.task_job is None and w.progress.isHidden())
        assert w.banner.text.text() == "Saved orders.xlsx"  # the Path it gets once raised inside the banner
        book = openpyxl.load_workbook(target)
        assert book.sheetnames[:2] == ["Staple orders", "Seasonal orders"]
        assert "Kita Stores" in book.worksheets[0].oddHeader.left.text
        assert [p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx"] == ["orders.xlsx"]  # no temporary left
    finally:
        w.close()


def test_a_chains_long_list_makes_only_the_rows_drawn(qtbot, results):
    """The hand-worked case's pairs repeated 3,000 times (9,000 lines to
    order): every line is in the table, yet only the rows on screen have had
    their cells made."""
    from dataclasses import replace
    from types import SimpleNamespace

    import pandas as pd

    from kpipack.gui.orders import OrdersView

    rep = results.comp.replenishment
    many = replace(rep, rows=pd.concat([rep.rows] * 3000, ignore_index=True))
    view = OrdersView()
    qtbot.addWidget(view)
    view.retranslate("en")
    view.resize(1000, 600)
    view.show()
    view.show_results(SimpleNamespace(comp=SimpleNamespace(replenishment=many), currency="JPY"))
    qtbot.wait(50)
    assert view.table.model().rowCount() == 2 * 3000  # pairs A and B, staple, each time
    assert 0 < len(view.model.made) < 300
    assert set(_column(view, 2)) == {"A", "B"}  # read on demand, every row is there
