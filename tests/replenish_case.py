"""The hand-worked replenishment case of test_replenishment.py (see its
docstring for the figures), written as real workbooks."""
import datetime as dt
from pathlib import Path

from workbooks import write_book

D = dt.date


def _days(first, last):
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def sales_rows():
    rows = [["日付", "店舗", "商品コード", "数量", "売上金額"]]
    def sell(sku, days, qty=1):
        rows.extend([[d, "S1", sku, qty, qty * 100] for d in days])
    sell("A", [D(2026, 10, d) for d in (4, 8, 12, 16, 20, 24, 28)], 4)
    sell("B", _days(D(2026, 10, 1), D(2026, 10, 5)) + _days(D(2026, 10, 21), D(2026, 10, 29)))
    sell("C", _days(D(2026, 10, 1), D(2026, 10, 30)))
    sell("D", [D(2026, 10, 16), D(2026, 10, 17)])
    sell("E", [D(2026, 10, 11), D(2026, 10, 21), D(2026, 10, 31)])
    return rows


def write_case(folder: Path) -> Path:
    write_book(folder / "sales.xlsx", {"売上": sales_rows()})
    write_book(folder / "stock.xlsx", {
        "在庫": [["日付", "店舗", "商品コード", "在庫数", "原単価"],
                 [D(2026, 9, 30), "S1", "A", 30, 50], [D(2026, 9, 30), "S1", "B", 5, 50],
                 [D(2026, 8, 31), "S1", "C", 0, 100], [D(2026, 9, 30), "S1", "D", 0, 80],
                 [D(2026, 8, 31), "S1", "E", 50, 200], [D(2026, 9, 30), "S1", "F", 7, 30]],
        "入荷": [["入荷日", "店舗", "商品コード", "入荷数", "発注番号"],
                 [D(2026, 10, 10), "S1", "A", 6, "PO1"], [D(2026, 10, 20), "S1", "B", 10, "PO3"],
                 [D(2026, 9, 1), "S1", "C", 35, None], [D(2026, 10, 14), "S1", "D", 6, "PO4"]],
    })
    write_book(folder / "products.xlsx", {"商品マスタ": [
        ["商品コード", "商品番号", "定番区分", "販売開始日", "販売終了日", "リードタイム", "入数", "最低発注数", "仕入先", "原単価"],
        ["A", "ST-1", "定番", None, None, "1週間", 6, None, "V1", 50],
        ["B", "ST-1", "定番", None, None, "4日", 1, 20, "V1", 50],
        ["C", "ST-2", "シーズン", D(2026, 9, 1), D(2026, 11, 10), 7, 1, 0, "V2", 100],
        ["E", "ST-3", "季節", D(2026, 9, 1), D(2026, 12, 31), 7, 1, 0, "V2", 200],
        ["F", None, "staple", None, None, None, -3, None, "V3", 30],
    ]})
    write_book(folder / "orders.xlsx", {"PO": [
        ["PO Number", "Order Date", "Due Date", "Store", "SKU", "Supplier", "Order Qty"],
        ["PO1", D(2026, 10, 3), D(2026, 10, 10), "S1", "A", "V1", 6],
        ["PO3", D(2026, 10, 12), D(2026, 10, 20), "S1", "B", "V1", 10],
        ["PO4", D(2026, 10, 5), D(2026, 10, 15), "S1", "D", "V9", 10],
        ["PO5", D(2026, 10, 30), D(2026, 11, 6), "S1", "D", "V9", 12],
        ["PO6", D(2026, 10, 30), D(2026, 11, 6), "S1", "A", "V1", None],
    ]})
    return folder
