"""A sales export no profile knows, with the usual extras (tax, discount,
tips, shipping, gift cards, a status column), read by its headers: the
net sales are the goods sold, every other row is reported with its reason.
The expected figures are worked out by hand from the rows written here."""
import csv

import pytest

from kpipack.ingest import Mapping, read_file

EN = [
    ["Date", "Order ID", "Item", "Qty", "Gross Sales", "Discount", "Net Sales", "Tax", "Tip", "Shipping",
     "Gift Card Sales", "Total", "Status"],
    ["2026-10-01", "1001", "Coffee", "2", "8.00", "0.00", "8.00", "0.80", "1.00", "0.00", "0.00", "9.80", "Completed"],
    ["2026-10-01", "1001", "Muffin", "1", "3.50", "0.50", "3.00", "0.30", "0.00", "0.00", "0.00", "3.30", "Completed"],
    ["2026-10-02", "1002", "Gift Card $25", "1", "25.00", "0.00", "25.00", "0.00", "0.00", "0.00", "25.00", "25.00",
     "Completed"],
    ["2026-10-03", "1003", "Mug", "1", "12.00", "0.00", "12.00", "1.20", "0.00", "5.00", "0.00", "18.20", "Completed"],
    ["2026-10-04", "1004", "Tea", "3", "9.00", "0.00", "9.00", "0.90", "2.00", "0.00", "0.00", "11.90", "Cancelled"],
    ["2026-10-05", "1005", "Coffee", "1", "4.00", "0.00", "4.00", "0.40", "0.50", "0.00", "0.00", "4.90", "refunded"],
    ["2026-10-06", "1006", "Scone", "2", "6.00", "0.00", "6.00", "0.60", "0.00", "0.00", "0.00", "6.60",
     "Partially refunded"],
]
JA = [
    ["日付", "伝票番号", "商品名", "数量", "売上(税込)", "値引", "売上(税抜)", "消費税", "チップ", "送料", "ギフトカード", "合計",
     "ステータス"],
    ["2026/10/01", "1001", "コーヒー", "2", "880", "0", "800", "80", "100", "0", "0", "980", "完了"],
    ["2026/10/01", "1001", "マフィン", "1", "385", "55", "300", "30", "0", "0", "0", "330", "完了"],
    ["2026/10/02", "1002", "ギフトカード 3000円", "1", "3000", "0", "3000", "0", "0", "0", "3000", "3000", "完了"],
    ["2026/10/03", "1003", "マグ", "1", "1320", "0", "1200", "120", "0", "500", "0", "1820", "完了"],
    ["2026/10/04", "1004", "紅茶", "3", "990", "0", "900", "90", "200", "0", "0", "1190", "キャンセル"],
    ["2026/10/05", "1005", "ケーキ", "1", "550", "0", "500", "50", "0", "0", "0", "550", "取消"],
]


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.mark.parametrize("rows, net, receipts, rejected", [
    # 8 + 3 + 12 + 6 (partly refunded: its sale stands); a gift card, a cancelled and a refunded order are out
    (EN, 29.0, 3, {4: "row_gift_card", 6: "row_not_sale_status", 7: "row_not_sale_status"}),
    # 800 + 300 + 1200, tax-excluded column read; the gift card, キャンセル and 取消 are out
    (JA, 2300.0, 2, {4: "row_gift_card", 6: "row_not_sale_status", 7: "row_not_sale_status"}),
], ids=["en", "ja"])
def test_an_unknown_export_with_tips_shipping_gift_cards_and_a_status(tmp_path, rows, net, receipts, rejected):
    tables, _ = read_file(write(tmp_path / "orders.csv", rows), Mapping())
    sheet = tables[0]
    assert sheet.role == "sales" and sheet.mapping.profile is None
    assert sheet.table["net_sales"].sum() == pytest.approx(net)
    assert sheet.table["receipt"].nunique() == receipts
    assert sheet.rows_read == len(rows) - 1 and sheet.rows_used == len(rows) - 1 - len(rejected)
    assert {i.row: i.code for i in sheet.issues} == rejected
    assert "status" not in sheet.table.columns


def test_the_reason_names_the_column_and_its_value_in_both_languages(tmp_path):
    tables, _ = read_file(write(tmp_path / "orders.csv", JA), Mapping())
    reasons = {i.row: (i.problem("en"), i.problem("ja")) for i in tables[0].issues}
    assert "ギフトカード 3000円" in reasons[4][0] and "gift card" in reasons[4][0]
    assert "ギフトカード・商品券" in reasons[4][1] and "商品名" in reasons[4][1]
    assert "ステータス" in reasons[6][1] and "キャンセル" in reasons[6][1]


def test_a_total_with_tax_tips_and_shipping_is_not_the_sale(tmp_path):
    # no net sales column: quantity × price is the sale (2 × 4 + 3 + 12), never Total (tax, tip, shipping in it)
    rows = [["Date", "Order ID", "Item", "Qty", "Price", "Tax", "Tip", "Shipping", "Total"],
            ["2026-10-01", "1001", "Coffee", "2", "4.00", "0.80", "1.00", "0.00", "9.80"],
            ["2026-10-01", "1002", "Muffin", "1", "3.00", "0.30", "0.00", "0.00", "3.30"],
            ["2026-10-03", "1003", "Mug", "1", "12.00", "1.20", "0.00", "5.00", "18.20"]]
    tables, _ = read_file(write(tmp_path / "orders.csv", rows), Mapping())
    assert tables[0].table["net_sales"].sum() == pytest.approx(23.0)
