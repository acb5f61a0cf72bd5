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
