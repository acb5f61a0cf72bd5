"""The Stock-take menu with a real event loop: a count sheet written for a
store and date (with book quantities), read back, filled in, added back to the
window, and the stock-take pack built from it; a cancelled count sheet leaves
no file."""
import datetime as dt
import math

import openpyxl
import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from test_gui import BUILD_TIMEOUT, app, isolated_user_dirs, new_window, wait_for  # noqa: E402,F401
from test_stocktake_count_sheet import COUNTED, INVENTORY, expected_skus, fill  # noqa: E402
from workbooks import write_book  # noqa: E402

D = dt.datetime
DAY = D(2026, 10, 31)


@pytest.fixture
def shop(tmp_path):
    inventory = write_book(tmp_path / "inventory.xlsx", {"Stock": [
        ["As of", "Store", "SKU", "Product", "Category", "Location", "On hand", "Unit cost"]]
        + [list(r) for r in INVENTORY]})
    sales = write_book(tmp_path / "sales.xlsx", {"Sales": [
        ["Date", "Store", "SKU", "Sales", "Cost"],
        [D(2026, 10, 10), "S1", "0001", 2000, 1000], [D(2026, 10, 31), "S2", "0004", 800, 400]]})
    return [inventory, sales]


def counting_rows(path):
    ws = openpyxl.load_workbook(path).worksheets[0]
    header_row = next(r for r in ws.iter_rows(min_row=1, max_row=10) if r[0].value == "No.")
    headers = [c.value for c in header_row]
    return headers, [dict(zip(headers, [c.value for c in r])) for r in ws.iter_rows(min_row=header_row[0].row + 1)]


def write_sheet(w, qtbot, out, blind: bool) -> None:
    """S1's count sheet for DAY written from the window, shown as a long task."""
    job = w.stocktake.write_count_sheet("S1", DAY.date(), blind, out)
    assert w.progress.isVisible() and w.cancel_button.isVisible()  # a long task shows progress and Cancel
    with qtbot.waitSignal(job.finished, timeout=BUILD_TIMEOUT):
        pass


def add_back(w, qtbot, out, filled) -> None:
    """The sheet filled in with COUNTED, as a counter would, and dropped back."""
    fill(out, filled, COUNTED)
    with qtbot.waitSignal(w.inspected, timeout=BUILD_TIMEOUT):
        w.add_files([filled])


def test_count_sheet_written_read_back_and_the_stocktake_pack_built(app, qtbot, tmp_path, shop):  # noqa: F811
    w = new_window("ja")
    try:
        w.add_files(shop)
        wait_for(w.preview_ready)
        dialog = w.stocktake.dialog()  # the stores of the data, to pick from
        assert [dialog.store.itemData(i) for i in range(dialog.store.count())] == ["S1", "S2"]
        dialog.deleteLater()
        out = tmp_path / "count-S1.xlsx"
        write_sheet(w, qtbot, out, blind=False)
        assert out.exists() and w.task_job is None and not w.progress.isVisible()
        headers, rows = counting_rows(out)
        assert "帳簿数" in headers  # with book quantities, as asked
        listed = {r["商品コード"]: r["帳簿数"] for r in rows if r["商品コード"]}
        assert sorted(listed) == expected_skus("S1", DAY)
        assert listed == {r[2]: r[6] for r in INVENTORY if r[1] == "S1" and r[0] == DAY}
        assert all(r["実棚数"] is None for r in rows)

        filled = tmp_path / "count-S1-filled.xlsx"
        add_back(w, qtbot, out, filled)
        assert w.banner.isVisible() and "count-S1-filled.xlsx" in w.banner.text.text()
        offered = [b.text() for b in w.banner.action_buttons]
        assert offered == ["棚卸レポートを出力…"]
        pack = tmp_path / "stocktake-2026-10.xlsx"
        with qtbot.waitSignal(w.export_finished, timeout=BUILD_TIMEOUT):
            w.stocktake.export_pack(pack)
        assert pack.exists()
        book = {r[2]: (r[6], r[7]) for r in INVENTORY if r[1] == "S1" and r[0] == DAY}
        shrink = sum((book[sku][0] - n) * book[sku][1] for sku, n in COUNTED.items())
        entry = {e["scope"]: e for e in w.result.results["stocktake"]}["store:S1"]
        assert math.isclose(entry["shrink_value"], shrink)
    finally:
        w.close()


def test_a_cancelled_count_sheet_leaves_no_file(app, qtbot, tmp_path, shop):  # noqa: F811
    w = new_window("en")
    try:
        w.add_files(shop)
        wait_for(w.preview_ready)
        out = tmp_path / "never.xlsx"
        job = w.stocktake.write_count_sheet("S1", DAY.date(), True, out)
        with qtbot.waitSignal(job.cancelled, timeout=BUILD_TIMEOUT):
            w.cancel_button.click()
        qtbot.waitUntil(lambda: w.task_job is None)
        assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
        assert w.statusBar().currentMessage() == "Cancelled."
    finally:
        w.close()


def test_count_date_offered_is_the_period_end_and_remembered_per_store(app, tmp_path, shop):  # noqa: F811
    w = new_window("en")
    try:
        w.add_files(shop)
        wait_for(w.preview_ready)
        assert w.res.period == "2026-10"
        dialog = w.stocktake.dialog()
        assert dialog.values()[1] == dt.date(2026, 10, 31)  # the month's last day, not today
        dialog.deleteLater()
        w.stocktake.remember_date("S2", dt.date(2026, 10, 30))  # as a written count sheet leaves it
        w.stocktake.remember_date("S1", dt.date(2026, 9, 30))  # another month's: not offered for October
        dialog = w.stocktake.dialog()
        chosen = {}
        for i in range(dialog.store.count()):
            dialog.store.setCurrentIndex(i)
            chosen[dialog.values()[0]] = dialog.values()[1]
        assert chosen == {"S1": dt.date(2026, 10, 31), "S2": dt.date(2026, 10, 30)}
        dialog.deleteLater()
    finally:
        w.close()
    again = new_window("en")  # kept between runs
    try:
        again.add_files(shop)
        wait_for(again.preview_ready)
        assert again.stocktake.count_date("S2") == dt.date(2026, 10, 30)
    finally:
        again.close()


def test_a_blind_sheet_added_back_reads_as_kpipacks_own(app, qtbot, tmp_path, shop):  # noqa: F811
    """One filled-in blind sheet back: the offer names it alone (not "and
    others, 1 in all"), and its hidden sheet of book quantities is listed as
    the supervisor's, muted, not as a problem in red."""
    w = new_window("ja")
    try:
        w.add_files(shop)
        wait_for(w.preview_ready)
        out = tmp_path / "count-S1.xlsx"
        write_sheet(w, qtbot, out, blind=True)
        add_back(w, qtbot, out, tmp_path / "count-S1-filled.xlsx")
        assert w.banner.text.text() == "記入済みの棚卸表を追加しました（count-S1-filled.xlsx）。棚卸レポートを作成しますか？"
        tree = w.files_panel.tree
        item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                    if tree.topLevelItem(i).text(0) == "count-S1-filled.xlsx")
        sheets = {item.child(i).text(0): item.child(i) for i in range(item.childCount())}
        assert sheets["棚卸表"].text(1) == "棚卸"
        book = sheets["帳簿在庫"]
        assert book.text(1) == "確認者用の帳簿数（非表示・読み込みません）" and book.childCount() == 0
    finally:
        w.close()
