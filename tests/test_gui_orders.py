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
    return [view.table.item(r, col).text() for r in range(view.table.rowCount())]


def test_tab_lists_orders_and_alerts(qtbot, results):
    from kpipack.gui.orders import OrdersView

    view = OrdersView()
    qtbot.addWidget(view)
    view.retranslate("en")
    view.show_results(results)
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
