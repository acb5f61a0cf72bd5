"""The period picker with a part-month export: the month still running is
marked partial, before and after it is chosen, and choosing it shows that
month, not the one before it, in the dashboard's heading."""
import datetime as dt

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from test_gui import BUILD_TIMEOUT, app, isolated_user_dirs, new_window, wait_for  # noqa: E402,F401
from workbooks import write_book  # noqa: E402

D = dt.datetime


def test_a_partial_month_chosen_is_shown_and_stays_marked(app, qtbot, tmp_path):  # noqa: F811
    sales = write_book(tmp_path / "sales.xlsx", {"Sales": [
        ["Date", "Store", "Receipt", "SKU", "Sales", "Cost"],
        [D(2026, 9, 3), "S1", "R1", "0001", 1000, 500], [D(2026, 9, 30), "S1", "R2", "0002", 1500, 700],
        [D(2026, 10, 1), "S1", "R3", "0001", 2000, 1000], [D(2026, 10, 31), "S1", "R4", "0002", 900, 450],
        [D(2026, 11, 2), "S1", "R5", "0001", 3000, 1500], [D(2026, 11, 9), "S1", "R6", "0002", 700, 300]]})
    w = new_window("en")
    try:
        w.add_files([sales])
        wait_for(w.preview_ready)
        assert w.res.period == "2026-10"  # the latest complete month
        labels = [w.period_combo.itemText(i) for i in range(w.period_combo.count())]
        assert labels == ["November 2026 (partial)", "October 2026", "September 2026"]
        assert w.dashboard.title.text().startswith("October 2026")
        index = w.period_combo.findData("2026-11")
        with qtbot.waitSignal(w.preview_ready, timeout=BUILD_TIMEOUT):
            w.period_combo.setCurrentIndex(index)
            w.period_combo.activated.emit(index)
        assert w.res.period == "2026-11"
        assert w.dashboard.title.text().startswith("November 2026")
        assert w.period_combo.currentText() == "November 2026 (partial)"
        net = next(r for r in w.result.rows if r["id"] == "net_sales" and r["scope"] == "total")
        assert net["actual"] == pytest.approx(3700)  # November's two lines, by hand
    finally:
        w.close()


def test_a_partial_month_is_not_set_against_whole_months(app, qtbot, tmp_path):  # noqa: F811
    """Data to 9 November: the dashboard says 9 of 30 days and leaves out the
    variance, the changes and the status that would set nine days against a
    whole month's budget and a whole October; the results keep them."""
    sales = write_book(tmp_path / "sales.xlsx", {
        "Sales": [["Date", "Store", "Receipt", "SKU", "Sales", "Cost"],
                  [D(2026, 10, 1), "S1", "R3", "0001", 2000, 1000], [D(2026, 10, 31), "S1", "R4", "0002", 900, 450],
                  [D(2026, 11, 2), "S1", "R5", "0001", 3000, 1500], [D(2026, 11, 9), "S1", "R6", "0002", 700, 300]],
        "Budget": [["Month", "Store", "Net sales"], ["2026-10", "S1", 3000], ["2026-11", "S1", 30000]]})
    w = new_window("en")
    try:
        w.add_files([sales])
        wait_for(w.preview_ready)
        assert w.res.period == "2026-10" and w.res.partial is None
        assert w.dashboard.partial_note.isHidden()
        october = w.dashboard.table
        assert october.item(0, 3).text() == "-3.3%"  # (2,900 − 3,000) / 3,000, by hand
        index = w.period_combo.findData("2026-11")
        with qtbot.waitSignal(w.preview_ready, timeout=BUILD_TIMEOUT):
            w.period_combo.setCurrentIndex(index)
            w.period_combo.activated.emit(index)
        board = w.dashboard
        assert not board.partial_note.isHidden()
        assert "9 November 2026, 9 of 30 days" in board.partial_note.text()
        net = next(r for r in range(board.table.rowCount()) if board.table.item(r, 0).text() == "Net sales")
        cells = [board.table.item(net, c).text() for c in range(board.table.columnCount())]
        assert cells[1:3] == ["¥3,700", "¥30,000"]  # the part month's actual beside the whole month's budget
        assert cells[3:6] == ["–", "–", "–"] and cells[7] == "—"
        assert board.cards[0].budget.text() == "Partial month: 9 of 30 days"
        row = next(r for r in w.result.rows if r["id"] == "net_sales" and r["scope"] == "total")
        assert row["variance"] == pytest.approx(3700 - 30000)  # the results JSON as the contract has it
        assert row["mom_pct"] == pytest.approx((3700 - 2900) / 2900 * 100)
        w.tabs.setCurrentWidget(w.stores)
        assert "9 of 30 days" in w.stores.intro.text()
        # the charts: November's actual without a whole month's budget or last year beside it
        assert w.res.series("net_sales", "total", ["2026-10", "2026-11"]) == [2900, 3700]
        assert w.res.series("net_sales", "total", ["2026-10", "2026-11"], "budget") == [3000, None]
        w.tabs.setCurrentWidget(w.trends)
        w.trends.select("net_sales")
        assert w.trends.chart.figure.axes[0].get_title(loc="left").endswith("— Partial month: 9 of 30 days")
        w.set_language("ja")
        assert "11月9日まで（30日中9日分）" in board.partial_note.text()
    finally:
        w.close()
