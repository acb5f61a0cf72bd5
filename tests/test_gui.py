"""The desktop app with a real event loop (pytest-qt, offscreen). The bundled
samples are built once per module; other tests use small workbooks."""
import csv
import datetime
import json
import re
import sys

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QEventLoop, QMimeData, QPointF, QSettings, Qt, QTimer, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel  # noqa: E402

from conftest import SAMPLES  # noqa: E402
from workbooks import write_book  # noqa: E402

BUILD_TIMEOUT = 120_000
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module", autouse=True)
def isolated_user_dirs(tmp_path_factory):
    """Settings, saved mappings and the log in a temporary home, never the user's."""
    home = tmp_path_factory.mktemp("user")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CONFIG_HOME", str(home / "config"))
        mp.setenv("XDG_STATE_HOME", str(home / "state"))
        mp.setenv("XDG_DATA_HOME", str(home / "data"))
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "qsettings"))
        yield home


@pytest.fixture(scope="module")
def app(qapp):
    from kpipack.gui.app import application

    return application("en")


def wait_for(signal, timeout=BUILD_TIMEOUT):
    """Wait on a signal outside a test function (module fixtures cannot use qtbot)."""
    loop, got = QEventLoop(), []

    def done(*args):
        got.append(args)
        loop.quit()

    signal.connect(done)
    QTimer.singleShot(timeout, loop.quit)
    loop.exec()
    signal.disconnect(done)
    assert got, "timed out waiting for the app"
    return got[0]


def new_window(lang="en", **prefs):
    from kpipack.gui.prefs import Prefs
    from kpipack.gui.window import MainWindow

    window = MainWindow(lang=lang, prefs=Prefs(**prefs))
    window.resize(1440, 900)
    window.show()
    return window


@pytest.fixture(scope="module")
def sample_window(app):
    window = new_window()
    window.load_samples()
    wait_for(window.preview_ready)
    yield window
    window.close()


@pytest.fixture
def window(app):
    w = new_window()
    yield w
    w.close()


def takings_rows(start=datetime.date(2026, 9, 1), end=datetime.date(2026, 10, 31), base=1000):
    """Daily takings of two shops under headers the importer does not know ("Banked")."""
    rows, day, n = [["Date", "Shop", "Banked"]], start, 0
    while day <= end:
        for shop in ("A", "B"):
            n += 1
            rows.append([day, shop, base + n * 37 % 500])  # a day's takings, unlike a row number
        day += datetime.timedelta(days=1)
    return rows


def sales_rows(bad=()):
    """A recognisable sales sheet; `bad` holds (row index, column, value) to spoil."""
    rows, day = [["日付", "店舗コード", "売上金額"]], datetime.date(2026, 9, 1)
    while day <= datetime.date(2026, 10, 31):
        rows.append([day, "S1", 5000])
        day += datetime.timedelta(days=1)
    for index, column, value in bad:
        rows[index][column] = value
    return rows


def drop(target, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPointF(target.rect().center()), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    event = QDropEvent(QPointF(target.rect().center()), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, event)
    return enter, event


def chrome_texts(window):
    """The app's own words on screen: actions, buttons, labels, tabs, group titles, menus."""
    texts = [a.text() for a in window.findChildren(type(window.act_add)) if a.text()]
    texts += [b.text() for b in window.findChildren(QAbstractButton) if b.text() and b.isVisibleTo(window)]
    texts += [g.title() for g in window.findChildren(QGroupBox)]
    texts += [window.tabs.tabText(i) for i in range(window.tabs.count())]
    texts += [m.title() for m in (window.file_menu, window.help_menu)]
    texts += [window.dashboard.table.horizontalHeaderItem(c).text()
              for c in range(window.dashboard.table.columnCount())]
    texts += [window.files_panel.tree.headerItem().text(c) for c in range(3)]
    for label in window.findChildren(QLabel):
        if label.isVisibleTo(window) and label.text() and not label.objectName() == "bannerText":
            texts.append(label.text())
    return texts


# ---------------------------------------------------------------- tests
def test_opens_with_the_samples_and_fills_the_dashboard(sample_window, sample_build):
    w = sample_window
    names = sorted(p.name for p in w.files)
    assert names == sorted(p.name for p in SAMPLES.glob("*.xlsx"))
    roles = {s.sheet: s.role for f in w.inspections.values() for s in f.sheets}
    assert roles["売上明細"] == "sales" and roles["店舗マスタ"] == "stores" and roles["予算"] == "budget"
    # the default period is the latest complete month, as the pipeline chose it
    assert w.period_combo.currentData() == sample_build.computation.period == w.result.computation.period
    # the headline card shows the pipeline's own total net sales
    expected = next(r for r in sample_build.rows if r["id"] == "net_sales" and r["scope"] == "total")
    card = w.dashboard.cards[0]
    assert card.isVisible()
    assert card.value.text() == f"¥{expected['actual']:,.0f}"
    assert w.dashboard.table.rowCount() == len([r for r in sample_build.rows if r["scope"] == "total"])
    # one status cell carries the status colour of its row
    table = w.dashboard.table
    statuses = {table.item(r, 0).text(): table.item(r, 7).text() for r in range(table.rowCount())}
    assert statuses["Net sales"] == {"green": "On track", "amber": "Watch", "red": "Off track"}[expected["status"]]


def test_preview_tabs_are_filled(sample_window, sample_build):
    w = sample_window
    stores = [s for s in sample_build.computation.scopes if s != "total"]
    # store comparison: one column per scope, one row per KPI
    w.tabs.setCurrentWidget(w.stores)
    assert w.stores.table.columnCount() == len(stores) + 1
    assert w.stores.table.rowCount() == len(w.res.kpis)
    assert w.stores.chart.figure is not None and w.stores.chart.figure.axes[0].patches
    # trends: the chart has a line of actuals for the KPI picked
    w.tabs.setCurrentWidget(w.trends)
    w.trends.select("atv", "total")
    lines = w.trends.chart.figure.axes[0].get_lines()
    assert lines and "Average transaction value" in w.trends.chart.figure.axes[0].get_title(loc="left")
    w.trends.select("net_sales", stores[0])
    w.trends.scope.setCurrentIndex(w.trends.scope.count() - 1)  # each store
    assert len(w.trends.chart.figure.axes[0].get_lines()) == len(stores)
    # actions: every amber/red KPI of the build is listed
    flagged = [r for r in sample_build.rows if r["status"] in ("amber", "red")
               and r["scope"] in sample_build.computation.scopes]  # the stores' actions, not the channels
    w.tabs.setCurrentWidget(w.actions_view)
    model = w.actions_view.model
    cells = [[w.actions_view.cell_text(r, c) for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert flagged and {f"{w.res.kpi_label(r['id'], 'en')} — {w.res.scope_label(r['scope'], 'en')}"
                        for r in flagged} <= {row[0] for row in cells}
    from kpipack.kpis.catalogue import actions_for

    assert actions_for(flagged[0]["id"], "en")[0] in [row[1] for row in cells]
    # data issues: the count line reflects the build's rejected rows
    w.tabs.setCurrentWidget(w.issues)
    assert w.issues.model.rowCount() == len(w.res.issues())
    w.tabs.setCurrentWidget(w.dashboard)


def test_store_comparison_switches_to_channels(sample_window, sample_build):
    w = sample_window
    w.tabs.setCurrentWidget(w.stores)
    assert w.stores.by.isVisible()
    w.stores.by.setCurrentIndex(1)  # channels
    headers = [w.stores.table.horizontalHeaderItem(c).text() for c in range(w.stores.table.columnCount())]
    assert headers == ["All stores", "店舗", "EC", "モール"]
    rows = [w.stores.table.verticalHeaderItem(r).text() for r in range(w.stores.table.rowCount())]
    assert rows[:2] == ["Net sales", "Channel share %"] and "Visitors" not in rows
    ec = next(r for r in sample_build.rows if r["id"] == "net_sales" and r["scope"] == "channel:EC")
    assert w.stores.table.item(0, 2).text() == f"¥{ec['actual']:,.0f}"
    assert [t.get_text() for t in w.stores.chart.figure.axes[0].get_yticklabels()] == ["店舗", "EC", "モール"]
    w.stores.by.setCurrentIndex(0)
    assert w.stores.table.columnCount() == len(sample_build.computation.scopes)
    w.tabs.setCurrentWidget(w.dashboard)


def test_campaigns_tab_reads_each_campaign(sample_window, sample_build):
    w = sample_window
    w.tabs.setCurrentWidget(w.campaigns)
    assert w.campaigns.picker.count() == 2
    assert w.campaigns.picker.currentText().startswith("秋の化粧品フェア")  # the latest first
    assert w.campaigns.reading.text().startswith("秋の化粧品フェア lifted 化粧品 sales at 渋谷店 by ")
    assert "横浜店, 大宮店" in w.campaigns.what.text()
    fair = next(r for r in sample_build.results["campaigns"]
                if r["campaign"] == "秋の化粧品フェア" and r["measure"] == "net_sales")
    assert w.campaigns.table.item(0, 5).text() == f"¥{fair['incremental']:,.0f}"
    axes = w.campaigns.chart.figure.axes[0]
    assert len(axes.get_lines()) == 2 and axes.patches  # both groups, the campaign days shaded
    w.campaigns.picker.setCurrentIndex(1)
    assert "the other products of the same stores" in w.campaigns.what.text()
    w.tabs.setCurrentWidget(w.dashboard)


def test_a_done_action_naming_a_campaign_shows_its_effect(sample_window):
    from pathlib import Path

    from kpipack.report.previous import PreviousAction

    w = sample_window
    key = "total|net_sales|Run a fair"
    done = PreviousAction(key, "Run a fair", "Sato", None, "done", "the 秋の化粧品フェア at Shibuya", "2026-09", 1.0)
    w.actions_view.set_previous(Path("september.xlsx"), "2026-09", {key: done})
    try:
        w.tabs.setCurrentWidget(w.actions_view)
        view = w.actions_view
        rows = [view.cell_text(r, 1, done=True) for r in range(view.done_model.rowCount())]
        result = view.cell_text(rows.index("Run a fair"), 4, done=True)
        assert result.startswith("秋の化粧品フェア lifted 化粧品 sales at 渋谷店 by ")
    finally:
        w.actions_view.set_previous(None, None, {})
        w.tabs.setCurrentWidget(w.dashboard)


def test_period_picker_rebuilds_for_the_chosen_month(sample_window, qtbot):
    w = sample_window
    index = w.period_combo.findData("2026-09")
    assert index > 0
    with qtbot.waitSignal(w.preview_ready, timeout=BUILD_TIMEOUT):
        w.period_combo.setCurrentIndex(index)
        w.period_combo.activated.emit(index)
    assert w.result.computation.period == "2026-09"
    assert w.dashboard.title.text().startswith("September 2026")
    assert w.period_combo.currentData() == "2026-09"


@pytest.mark.filterwarnings("ignore:Sparkline Group extension")
def test_export_writes_the_pack_and_offers_to_open_it(sample_window, qtbot, tmp_path, monkeypatch):
    import openpyxl

    from kpipack.gui import prefs as prefs_module

    w = sample_window
    target = tmp_path / "October pack.xlsx"
    with qtbot.waitSignal(w.export_finished, timeout=BUILD_TIMEOUT) as blocker:
        w.export_to(target)
        assert w.progress.isVisible() and w.cancel_button.isVisible()
    assert blocker.args == [str(target)]
    book = openpyxl.load_workbook(target, read_only=True)
    assert len(book.sheetnames) >= 3
    book.close()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left behind
    assert prefs_module.load_prefs().last_export == str(target)  # the path is remembered
    opened = []
    monkeypatch.setattr("kpipack.gui.window.QDesktopServices.openUrl", lambda url: opened.append(url) or True)
    labels = [b.text() for b in w.banner.action_buttons]
    assert labels == ["Open pack", "Show in folder"]
    for button in w.banner.action_buttons:
        button.click()
    assert [u.toLocalFile() for u in opened] == [str(target), str(tmp_path)]


def test_cancel_stops_the_build_and_writes_nothing(sample_window, qtbot, tmp_path):
    w = sample_window
    target = tmp_path / "never.xlsx"
    with qtbot.waitSignal(w.build_cancelled, timeout=BUILD_TIMEOUT):
        w.export_to(target)
        w.cancel_button.click()
        assert w.stage.text() == "Cancelling…"
    qtbot.waitUntil(lambda: w.build_job is None)
    assert not target.exists() and not list(tmp_path.iterdir())
    assert not w.progress.isVisible()
    assert w.statusBar().currentMessage() in ("Cancelled.", "Ready")
    assert w.res is not None  # the previous preview is still shown


def test_drag_and_drop_of_files_adds_and_builds(window, qtbot, tmp_path):
    book = write_book(tmp_path / "sales.xlsx", {"売上": sales_rows()})
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    enter, _ = drop(window.files_panel, [tmp_path / "photo.png"])
    assert not enter.isAccepted()  # not a spreadsheet: refused
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        enter, dropped = drop(window.files_panel, [book])
        assert enter.isAccepted() and dropped.isAccepted()
    assert window.files == [book]
    sheet = window.inspections[book].sheets[0]
    assert sheet.role == "sales" and sheet.rows == len(sales_rows()) - 1
    tree = window.files_panel.tree
    assert tree.topLevelItem(0).text(0) == "sales.xlsx"
    assert tree.topLevelItem(0).child(0).text(1) == "Sales lines"
    assert window.result.computation.period == "2026-10"


def test_a_column_in_doubt_is_asked_and_the_answer_remembered_for_next_months_file(app, qtbot, tmp_path):
    from kpipack.gui.mapping_dialog import DOUBT_BACKGROUND
    from kpipack.gui.profiles import ProfileStore

    september = write_book(tmp_path / "shop-2026-10.xlsx", {"Daily": takings_rows()})
    first = new_window()
    with qtbot.waitSignal(first.inspected, timeout=BUILD_TIMEOUT):
        first.add_files([september])
    sheet = first.sheet(september, "Daily")
    # "Banked" is no known header: its amounts make it the net sales, but not surely enough to use unasked
    assert sheet.role == "sales" and [c.header for c in sheet.doubts] == ["Banked"]
    assert first.usable_files() == [] and not first.export_button.isEnabled()
    dialog = first.doubt_dialog
    assert dialog is not None and dialog.isVisible() and dialog.isModal()
    assert [c.currentData() for c in dialog.combos] == ["date", "store", "net_sales"]  # the proposal
    match = dialog.table.item(2, 3)
    assert match.text().startswith("● Check") and "from its values" in match.text() and "%" in match.text()
    assert match.background().color().name().upper() == DOUBT_BACKGROUND.upper()
    assert dialog.table.item(0, 3).text().startswith("● Sure")
    assert dialog.doubt_note.isVisible() and "“Banked”" in dialog.doubt_note.text()
    assert "Banked" in first.banner.text.text() and "Net sales" in first.banner.text.text()
    problem = first.files_panel.tree.topLevelItem(0).child(0).child(0)
    assert problem.text(0) == "“Banked” read as Net sales? Double-click to check"
    assert dialog.status.text() == "All required columns are assigned."
    with qtbot.waitSignal(first.preview_ready, timeout=BUILD_TIMEOUT):
        dialog.accept()  # the user agrees with the proposal
    assert first.doubt_dialog is None and not first.sheet(september, "Daily").doubts
    takings = sum(r[2] for r in takings_rows()[1:] if r[0].month == 10)
    assert first.res.row("net_sales", "total")["actual"] == takings
    first.close()
    saved = json.loads(ProfileStore().path.read_text(encoding="utf-8"))
    assert list(saved["profiles"].values())[0]["fields"]["Banked"] == "net_sales"

    # next month: a new file with the same columns is read the same way, unasked
    november = write_book(tmp_path / "shop-2026-11.xlsx",
                          {"Daily": takings_rows(datetime.date(2026, 10, 1), datetime.date(2026, 11, 30), 7)})
    second = new_window()
    with qtbot.waitSignal(second.preview_ready, timeout=BUILD_TIMEOUT):
        second.add_files([november])
    assert second.doubt_dialog is None
    sheet = second.sheet(november, "Daily")
    assert sheet.role == "sales" and sheet.fields()["Banked"] == "net_sales" and not sheet.doubts
    assert second.files_panel.tree.topLevelItem(0).child(0).toolTip(1) == "Read with the columns you saved"
    assert second.result.computation.period == "2026-11"
    # and forgetting it brings back the importer's own reading: the column is in doubt again, nothing to build
    second.forget_choice(november, "Daily")
    assert [c.header for c in second.sheet(november, "Daily").doubts] == ["Banked"]
    qtbot.waitUntil(lambda: second.res is None and not second.export_button.isEnabled())
    second.close()


def test_two_amount_columns_competing_are_both_named_in_the_dialog(app, qtbot, tmp_path):
    # a ¥500 till float on every row: as much an amount as the takings, so neither is read unasked
    # (headers of their own: the answer given here is remembered for sheets with the same columns)
    rows = [["Date", "Shop", "Banked", "Till float"]] + [[r[0], r[1], r[2], 500] for r in takings_rows()[1:]]
    book = write_book(tmp_path / "float.xlsx", {"Daily": rows})
    window = new_window(lang="ja")
    with qtbot.waitSignal(window.inspected, timeout=BUILD_TIMEOUT):
        window.add_files([book])
    assert window.usable_files() == [] and not window.export_button.isEnabled()
    dialog = window.doubt_dialog
    assert dialog is not None and dialog.isVisible() and dialog.combos[2].currentData() == "net_sales"
    assert dialog.combos[3].currentData() == ""  # the rival is named, not chosen
    note = dialog.doubt_note.text()
    assert dialog.doubt_note.isVisible() and "「Banked」（40%）と「Till float」（40%）" in note and "売上金額" in note
    problem = window.files_panel.tree.topLevelItem(0).child(0).child(0)
    assert "「Banked」" in problem.text(0) and "「Till float」" in problem.text(0)
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        dialog.accept()  # the proposal is right: the takings are the sales
    assert window.sheet(book, "Daily").fields()["Banked"] == "net_sales" and not window.sheet(book, "Daily").doubts
    takings = sum(r[2] for r in rows[1:] if r[0].month == 10)
    assert window.res.row("net_sales", "total")["actual"] == takings
    window.close()


def test_a_doubtful_proposal_can_be_changed_in_the_dialog(app, qtbot, tmp_path):
    # the float is a few coins a day: a column of amounts, but no close rival to the takings
    rows = [["Date", "Shop", "Banked", "Float"]] + [[r[0], r[1], r[2], 5] for r in takings_rows()[1:]]
    book = write_book(tmp_path / "two-amounts.xlsx", {"Daily": rows})
    window = new_window(lang="ja")
    with qtbot.waitSignal(window.inspected, timeout=BUILD_TIMEOUT):
        window.add_files([book])
    dialog = window.doubt_dialog
    assert dialog is not None and dialog.combos[2].currentData() == "net_sales"
    assert dialog.table.item(2, 3).text().startswith("● 要確認") and "値から判断" in dialog.table.item(2, 3).text()
    assert "「Banked」" in dialog.doubt_note.text()
    dialog.set_field("Banked", "")  # not the sales after all: the float is not either, so the sheet stays out
    dialog.set_field("Float", "net_sales")
    assert dialog.table.item(3, 3).text().startswith("● 保存済み")
    assert dialog.table.item(2, 3).background().style() == Qt.BrushStyle.NoBrush
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        dialog.accept()
    assert window.sheet(book, "Daily").fields()["Float"] == "net_sales"
    assert window.res.row("net_sales", "total")["actual"] == 5 * sum(1 for r in rows[1:] if r[0].month == 10)
    window.close()


def test_a_sheet_can_be_left_out_and_its_role_changed(window, qtbot, tmp_path):
    other_store = [row if n == 0 else [row[0], "S2", row[2]] for n, row in enumerate(sales_rows())]  # not a copy
    book = write_book(tmp_path / "two.xlsx", {"売上": sales_rows(), "メモ": other_store})
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        window.add_files([book])
    total = window.res.row("net_sales", "total")["actual"]
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        window.set_role(book, "メモ", None)
    assert window.sheet(book, "メモ").skipped
    assert window.res.row("net_sales", "total")["actual"] == total / 2
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        window.set_role(book, "メモ", "sales")
    assert window.res.row("net_sales", "total")["actual"] == total


def test_settings_are_remembered_between_runs(window, qtbot):
    from kpipack.gui.prefs import load_prefs
    from kpipack.gui.window import MainWindow

    dialog = window.settings_dialog()
    dialog.company.setText("Ginza Goods")
    dialog.currency.setCurrentText("usd")
    dialog.area_unit.setCurrentIndex(dialog.area_unit.findData("m2"))
    dialog.fiscal_start.setCurrentIndex(dialog.fiscal_start.findData(1))
    dialog.industry.setCurrentIndex(dialog.industry.findData("apparel"))
    dialog.pack.setCurrentIndex(dialog.pack.findData("store"))
    dialog.pack_lang.setCurrentIndex(dialog.pack_lang.findData("ja"))
    window.apply_prefs(dialog.values())
    saved = load_prefs()
    assert (saved.company, saved.currency, saved.area_unit, saved.fiscal_year_start, saved.industry, saved.pack,
            saved.pack_lang) == ("Ginza Goods", "USD", "m2", 1, "apparel", "store", "ja")
    settings = saved.settings("en")
    assert (settings.lang, settings.area_unit, settings.fiscal_year_start) == ("ja", "m2", 1)
    again = MainWindow(lang="en")
    assert again.prefs.company == "Ginza Goods" and "Ginza Goods" in again.windowTitle()
    again.close()


def test_the_currency_follows_the_files_until_one_is_chosen(app):
    from kpipack.gui.i18n import tr

    window = new_window(lang="ja")
    dialog = window.settings_dialog()
    assert dialog.currency.currentText() == tr("currency_from_files", "ja")
    assert dialog.values().currency == "" and dialog.values().settings("ja").currency is None
    dialog.currency.setCurrentIndex(dialog.currency.findData("EUR"))
    assert dialog.values().settings("ja").currency == "EUR"
    window.close()


def test_language_switch_changes_every_word_and_is_remembered(window, qtbot):
    from kpipack.gui.i18n import tr
    from kpipack.gui.prefs import load_prefs

    english = chrome_texts(window)
    assert english and not [t for t in english if CJK.search(t)]
    dialog = window.settings_dialog()
    dialog.ui_lang.setCurrentIndex(dialog.ui_lang.findData("ja"))
    with qtbot.waitSignal(window.language_changed):
        window.apply_prefs(dialog.values())
    assert window.tabs.tabText(0) == tr("tab_dashboard", "ja")
    assert window.export_button.text() == tr("export", "ja")
    assert window.files_panel.hint.text() == tr("drop_hint", "ja")
    japanese = chrome_texts(window)
    # nothing left in English: every word of the chrome changed, bar names that are the same in both
    same = {"OK", "KPI", "—", "…"}
    left = [t for t in japanese if t in english and t not in same and not CJK.search(t)]
    assert not left, left
    assert load_prefs().ui_lang == "ja"
    window.set_language("en")


def test_a_broken_file_gives_a_plain_message_and_a_logged_traceback(window, qtbot, tmp_path):
    from kpipack.errors import KpipackError
    from kpipack.logs import log_path

    broken = tmp_path / "march.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)  # a zip header and nothing after it
    with qtbot.waitSignal(window.sink.reported, timeout=BUILD_TIMEOUT) as blocker:
        window.add_files([broken])
    error = blocker.args[0]
    assert isinstance(error, KpipackError) and error.code == "truncated"
    banner = window.banner
    assert banner.isVisible() and banner.text.text() == error.message("en") == \
        "march.xlsx: the file is damaged or truncated"
    assert "Traceback" not in banner.text.text() + banner.details.toPlainText()
    assert str(log_path()) in banner.details.toPlainText()
    assert "Traceback (most recent call last)" in log_path().read_text(encoding="utf-8")
    item = window.files_panel.tree.topLevelItem(0)
    assert item.text(0) == "march.xlsx" and item.child(0).text(0) == "the file is damaged or truncated"
    assert "Cannot be used" in item.toolTip(0)
    assert not window.usable_files() and not window.export_button.isEnabled()
    # in Japanese the same error reads in Japanese
    window.set_language("ja")
    assert banner.text.text() == error.message("ja") and "ファイル" in banner.text.text()


def test_an_unexpected_error_is_logged_not_shown(window, qtbot, tmp_path, monkeypatch):
    from kpipack.gui import jobs
    from kpipack.logs import log_path

    def exploding(*_args):
        def run(progress, cancel):
            raise ZeroDivisionError("deep inside")
        return run

    monkeypatch.setattr(jobs, "build", exploding)
    book = write_book(tmp_path / "sales.xlsx", {"売上": sales_rows()})
    with qtbot.waitSignal(window.preview_failed, timeout=BUILD_TIMEOUT):
        window.add_files([book])
    text = window.banner.text.text()
    assert text.startswith("Something went wrong") and "deep inside" not in text
    assert "ZeroDivisionError" in window.banner.details.toPlainText()
    assert "Traceback" not in window.banner.details.toPlainText()
    log = log_path().read_text(encoding="utf-8")
    assert "ZeroDivisionError: deep inside" in log and "Traceback" in log


def test_a_locked_target_suggests_a_new_name(window, qtbot, tmp_path):
    book = write_book(tmp_path / "sales.xlsx", {"売上": sales_rows()})
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        window.add_files([book])
    out = tmp_path / "out"
    out.mkdir()
    target = out / "pack.xlsx"
    (out / "~$pack.xlsx").write_bytes(b"lock")  # Excel has the file open
    with qtbot.waitSignal(window.sink.reported, timeout=BUILD_TIMEOUT) as blocker:
        window.export_to(target)
    assert blocker.args[0].code == "output_locked"
    assert "pack (1).xlsx" in window.banner.text.text()
    button = window.banner.action_buttons[0]
    assert button.text() == "Save as “pack (1).xlsx”"
    with qtbot.waitSignal(window.export_finished, timeout=BUILD_TIMEOUT):
        button.click()
    assert (out / "pack (1).xlsx").exists() and not target.exists()


def test_issues_table_filters_and_exports_csv(window, qtbot, tmp_path):
    book = write_book(tmp_path / "sales.xlsx",
                      {"売上": sales_rows(bad=[(3, 2, "abc"), (5, 0, None), (9, 2, "n/a")])})
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        window.add_files([book])
    view = window.issues
    rejected = window.result.dataset.rows_rejected
    assert rejected == 3
    view.kind.setCurrentIndex(view.kind.findData("rejected"))
    assert view.proxy.rowCount() == 3
    view.filter.setText("abc")
    assert view.proxy.rowCount() == 1
    assert view.visible_rows()[0][3] == "4"  # sheet row 4 holds the "abc" amount (header on row 1)
    target = tmp_path / "issues.csv"
    with qtbot.waitSignal(view.exported):
        view.export_csv(target)
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Kind", "File", "Sheet", "Row", "Problem"]
    assert rows[1][:4] == ["Left out", "sales.xlsx", "売上", "4"] and "abc" in rows[1][4]
    view.filter.clear()
    view.kind.setCurrentIndex(0)
    shown = [view.proxy.index(r, 3).data() for r in range(view.proxy.rowCount())]
    assert None in shown and 0 not in shown  # a note on a whole file names no row, not row 0


def test_screenshot_renders_offscreen(tmp_path):
    """`kpipack --screenshot` in a process of its own, as on a fresh clone."""
    import os
    import subprocess

    from PySide6.QtGui import QImage

    target = tmp_path / "shot.png"
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "c"), XDG_STATE_HOME=str(tmp_path / "s"))
    env.pop("QT_QPA_PLATFORM", None)  # the command must choose the offscreen platform itself
    env.pop("DISPLAY", None)
    done = subprocess.run([sys.executable, "-m", "kpipack", "--screenshot", str(target), "--lang", "ja"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    image = QImage(str(target))
    assert image.width() >= 1280 and image.height() >= 800
    assert not (tmp_path / "c" / "kpipack").exists()  # a screenshot leaves the user's settings alone


def test_kpipack_shows_the_window_before_the_heavy_modules_load(tmp_path):
    """`kpipack` with no arguments: the window is on screen before pandas,
    matplotlib or the pipeline are imported (they load behind it)."""
    import os
    import subprocess

    code = ("import os, sys\n"
            "import kpipack.gui.window as w\n"
            "def shown(self, event):\n"
            "    heavy = [m for m in ('pandas', 'matplotlib', 'kpipack.pipeline', 'kpipack.kpis.registry')\n"
            "             if m in sys.modules]\n"
            "    print(heavy, flush=True)\n"
            "    os._exit(0)\n"
            "w.MainWindow.showEvent = shown\n"
            "from kpipack.cli import main\n"
            "main([])\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path), XDG_STATE_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_protected_workbook_opens_with_its_password(window, qtbot, tmp_path, monkeypatch):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_book(tmp_path / "plain.xlsx", {"売上": sales_rows()})
    locked = tmp_path / "locked.xlsx"
    with open(plain, "rb") as source, open(locked, "wb") as out:
        OOXMLFile(source).encrypt("s3cret", out)
    with qtbot.waitSignal(window.sink.reported, timeout=BUILD_TIMEOUT) as blocker:
        window.add_files([locked])
    assert blocker.args[0].code == "password_protected"
    assert window.banner.text.text() == "locked.xlsx is protected by a password."
    asked = []
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText",
                        lambda *args, **kw: (asked.append(args[2]) or ("s3cret", True)))
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        window.banner.action_buttons[0].click()
    assert asked == ["Password of locked.xlsx (kept only until you close the app):"]
    assert window.sheet(locked, "売上").role == "sales"
    assert window.res.row("net_sales", "total")["actual"] == 5000 * 31
    from kpipack.gui.prefs import qsettings

    assert "s3cret" not in str([qsettings().value(k) for k in qsettings().allKeys()])


@pytest.mark.filterwarnings("ignore:Sparkline Group extension")  # openpyxl reading the pack's sparklines
def test_a_store_owners_pack_is_for_the_store_on_the_dashboard(app, qtbot, tmp_path):
    import openpyxl

    rows = sales_rows()
    rows += [[day, "S2", 7000] for day, _store, _amount in rows[1:]]
    book = write_book(tmp_path / "two-stores.xlsx", {"売上": rows})
    w = new_window(pack="store")
    with qtbot.waitSignal(w.preview_ready, timeout=BUILD_TIMEOUT):
        w.add_files([book])
    w.dashboard.scope.setCurrentIndex(w.dashboard.scope.findData("store:S2"))
    assert w.pack_store() == "S2"
    target = tmp_path / "s2.xlsx"
    with qtbot.waitSignal(w.export_finished, timeout=BUILD_TIMEOUT):
        w.export_to(target, w.pack_store())
    book = openpyxl.load_workbook(target, read_only=True)
    cells = [str(c) for ws in book.worksheets[:2] for row in ws.iter_rows(max_row=12, values_only=True)
             for c in row if c is not None]
    book.close()
    assert any("S2" in c for c in cells) and not any("S1" in c for c in cells)
    w.close()


def test_without_a_display_kpipack_says_what_to_do_instead(tmp_path):
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(XDG_CONFIG_HOME=str(tmp_path), XDG_STATE_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "kpipack", "--lang", "ja"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    assert "ディスプレイが見つかりません" in done.stderr and "kpipack build" in done.stderr
    assert "Traceback" not in done.stderr


# ---------------------------------------------------------------- kpipack's own pack among the files
def test_last_months_pack_in_the_file_list_is_skipped_with_the_reason(app, qtbot, tmp_path):
    from kpipack.domain import Settings
    from kpipack.gui.files import FILE, PROBLEM
    from kpipack.pipeline import build_pack

    sales = write_book(tmp_path / "売上.xlsx", {"売上": sales_rows()})
    earlier = build_pack([sales], Settings(lang="ja"), out=tmp_path / "前月資料.xlsx", use_cache=False).pack_path
    window = new_window(lang="ja")
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        window.add_files([sales, earlier])
    tree = window.files_panel.tree
    items = {tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)[1].name: tree.topLevelItem(i)
             for i in range(tree.topLevelItemCount())}
    assert set(items) == {"売上.xlsx", "前月資料.xlsx"}
    pack = items["前月資料.xlsx"]
    lines = [pack.child(n) for n in range(pack.childCount())]
    # no sheet of the pack is listed as used: one line says it is skipped, and why, as the command line does
    assert [line.data(0, Qt.ItemDataRole.UserRole)[0] for line in lines] == [PROBLEM]
    assert lines[0].text(0) == "使用しない: kpipack が作成した資料（前月分など）のため、データとして読み込みません"
    assert items["売上.xlsx"].data(0, Qt.ItemDataRole.UserRole)[0] == FILE
    assert items["売上.xlsx"].child(0).text(1) == "売上明細"  # the data file's sheet is used
    assert earlier not in window.usable_files()
    # the figures are the sales file's alone: 31 October days of 5,000
    assert window.res.row("net_sales", "total")["actual"] == 31 * 5000
    window.files_panel.retranslate("en")  # the list is filled again in the other language
    pack = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(0) == "前月資料.xlsx")
    assert pack.child(0).text(0) == "Not used: a pack written by kpipack (such as last month's): not read as data"
    window.close()


def test_the_import_report_says_a_sheets_sales_include_tax(app, qtbot, tmp_path):
    rows = [["日付", "店舗コード", "売上金額(税込)"]] + [[datetime.date(2026, 10, 1) + datetime.timedelta(days=i), "S1",
                                                 1100 + 11 * i] for i in range(31)]
    book = write_book(tmp_path / "incl.xlsx", {"売上": rows})
    window = new_window(lang="ja")
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        window.add_files([book])
    assert window.res.row("net_sales", "total")["actual"] == sum(r[2] for r in rows[1:])
    window.tabs.setCurrentWidget(window.issues)
    model = window.issues.model
    texts = [model.item(r, 4).text() for r in range(model.rowCount())]
    assert any("列「売上金額(税込)」から読み込みました。見出しのとおり税込です" in t for t in texts), texts
    window.close()


def test_the_banner_says_once_when_amounts_without_a_currency_were_taken_as_yen(window, qtbot, tmp_path):
    rows = [["Date", "Store", "Net Sales"]] + [r[:2] + [r[2] / 100] for r in sales_rows()[1:]]
    book = write_book(tmp_path / "us.xlsx", {"Sales": rows, "Notes": [["Who", "What"], ["Ann", "closing"]]})
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        window.add_files([book])
    assert "Notes" in window.banner.text.text()  # the sheet kpipack cannot place is said first
    window.banner.dismiss()  # closing it brings the currency's message
    assert not window.banner.isHidden()
    assert window.banner.text.text().startswith("us.xlsx: the amounts show no currency")
    assert [b.text() for b in window.banner.action_buttons] == ["Settings…"]
    window.banner.dismiss()
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        window.request_preview()
    assert window.banner.isHidden()  # said once per file, not on every rebuild


def test_the_tax_type_and_rate_columns_are_shown_as_read_for_tax(app, qtbot, tmp_path):
    """税区分 and 税率 feed no field but the amount is read with them: the dialog says so, and the
    preview's sales exclude the tax of the 内税 lines (1,080 ÷ 1.08 + 1,000 + 2,200 ÷ 1.1 = 4,000)."""
    path = tmp_path / "till.csv"
    path.write_text("日付,店舗,伝票,品名,金額,税区分,税率\n2026/10/01,本店,1001,豆,1080,内税,8%\n"
                    "2026/10/01,本店,1001,マグ,1000,外税,10%\n2026/10/02,本店,1002,セット,2200,内税,10%\n",
                    encoding="utf-8")
    window = new_window(lang="ja")
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        window.add_files([path])
    assert window.res.row("net_sales", "total")["actual"] == pytest.approx(4000.0)
    dialog = window.mapping_dialog(path, "till")
    assert [dialog.table.item(row, 3).text() for row in (5, 6)] == ["税の計算に使用（内税の行の税を除く）"] * 2
    assert [dialog.combos[row].currentData() for row in (5, 6)] == ["", ""]
    window.close()


def test_sales_by_payment_are_shown_as_summed_and_stay_summed_when_the_columns_are_kept(app, qtbot, tmp_path):
    """現金売上 | カード売上: the dialog shows カード売上 added into net sales; the columns as the dialog
    leaves them keep the sum, so a remembered choice never drops a payment
    (30,000 + 70,000 + 40,000 + 80,000 = 220,000)."""
    window, path = window_with_daily(qtbot, tmp_path, "日付,店舗,現金売上,カード売上,客数\n2026/10/01,本店,30000,70000,50\n"
                                              "2026/10/02,本店,40000,80000,60\n")
    assert window.res.row("net_sales", "total")["actual"] == pytest.approx(220000.0)
    dialog = window.mapping_dialog(path, "daily")
    assert dialog.table.item(3, 3).text() == "売上金額（税抜）に加算（読み込む列と合計）"
    chosen = dialog.choice().fields
    assert "カード売上" not in chosen and chosen["現金売上"] == "net_sales"
    from kpipack.ingest.headers import classify

    again = classify(["日付", "店舗", "現金売上", "カード売上", "客数"], "daily", chosen)
    assert again.columns[2] == "net_sales" and again.summed == {"net_sales": [3]}
    window.close()


def window_with_daily(qtbot, tmp_path, text: str):
    """A Japanese window previewing a daily report (daily.csv) written from `text`."""
    path = tmp_path / "daily.csv"
    path.write_text(text, encoding="utf-8")
    window = new_window(lang="ja")
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        window.add_files([path])
    return window, path


def test_a_daily_reports_visitors_and_hours_are_shown_as_read_as_traffic(app, qtbot, tmp_path):
    window, path = window_with_daily(qtbot, tmp_path, "日付,店舗,売上,客数,来店客数,人時\n2026/10/01,本店,100000,50,200,16\n"
                                                      "2026/10/02,本店,120000,60,240,18\n")
    assert window.res.row("conversion_rate_pct", "total")["actual"] == pytest.approx(110 / 440 * 100)
    dialog = window.mapping_dialog(path, "daily")
    assert [dialog.table.item(row, 3).text() for row in (4, 5)] == [
        "来店・労働時間としても読み込み（来店客数）", "来店・労働時間としても読み込み（労働時間）"]
    assert {"来店客数", "人時"}.isdisjoint(dialog.choice().fields)
    window.close()
