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


@pytest.mark.parametrize("refund_amount, refund_qty", [("3.00", "1"), ("-3.00", "-1")], ids=["positive", "negative"])
def test_a_refund_row_by_its_transaction_type_is_a_return_whatever_its_sign(tmp_path, refund_amount, refund_qty):
    # 8 + 3 − 3 + 12 = 20, two units back out of five sold: the refund counts against the month either way
    rows = [["Date", "Transaction ID", "Transaction Type", "Description", "Qty", "Net Sales", "Tax", "Tip Amount",
             "Total Amount"],
            ["2026-10-01", "T1", "Sale", "Coffee", "2", "8.00", "0.80", "1.00", "9.80"],
            ["2026-10-01", "T2", "Sale", "Muffin", "1", "3.00", "0.30", "0.00", "3.30"],
            ["2026-10-02", "T3", "Refund", "Muffin", refund_qty, refund_amount, "0.30", "0.00", "3.30"],
            ["2026-10-03", "T4", "Sale", "Mug", "1", "12.00", "1.20", "0.00", "13.20"]]
    tables, _ = read_file(write(tmp_path / "transactions.csv", rows), Mapping())
    table = tables[0].table
    assert table["net_sales"].sum() == pytest.approx(20.0) and table["qty"].sum() == 3
    assert tables[0].rows_used == 4 and not tables[0].issues


def test_a_japanese_export_with_a_返品_type(tmp_path):
    # 売上 1,000 + 500, 返品 500 (written positive): 1,000
    rows = [["日付", "伝票番号", "取引種別", "商品名", "数量", "金額"],
            ["2026/10/01", "1", "売上", "弁当", "2", "1000"],
            ["2026/10/01", "2", "売上", "お茶", "1", "500"],
            ["2026/10/02", "3", "返品", "お茶", "1", "500"]]
    tables, _ = read_file(write(tmp_path / "journal.csv", rows), Mapping())
    assert tables[0].table["net_sales"].sum() == pytest.approx(1000.0)


def test_a_status_and_a_transaction_type_are_both_read(tmp_path):
    # 8 − 3 (Refund, written positive) + 12 = 17; the Failed payment (3) is no sale
    rows = [["Date", "Transaction ID", "Transaction Type", "Status", "Description", "Qty", "Net Sales"],
            ["2026-10-01", "T1", "Sale", "Successful", "Coffee", "2", "8.00"],
            ["2026-10-01", "T2", "Sale", "Failed", "Muffin", "1", "3.00"],
            ["2026-10-02", "T3", "Refund", "Successful", "Muffin", "1", "3.00"],
            ["2026-10-03", "T4", "Sale", "Successful", "Mug", "1", "12.00"]]
    tables, _ = read_file(write(tmp_path / "transactions.csv", rows), Mapping())
    assert tables[0].table["net_sales"].sum() == pytest.approx(17.0)
    assert {i.row: i.code for i in tables[0].issues} == {3: "row_not_sale_status"}


def test_shipping_and_tip_lines_are_charges_not_goods(tmp_path):
    # goods: 1,200 + 800 (送料無料セット is a product); 送料 and チップ lines are charges: 2,000
    rows = [["注文番号", "注文日", "商品名", "数量", "金額"],
            ["A1", "2026/10/05", "コーヒー豆", "1", "1200"],
            ["A1", "2026/10/05", "送料", "1", "600"],
            ["A2", "2026/10/06", "送料無料セット", "1", "800"],
            ["A2", "2026/10/06", "チップ", "1", "100"]]
    tables, _ = read_file(write(tmp_path / "orders.csv", rows), Mapping())
    assert tables[0].table["net_sales"].sum() == pytest.approx(2000.0)
    assert {i.row: i.code for i in tables[0].issues} == {3: "row_charge_line", 5: "row_charge_line"}


@pytest.mark.parametrize("lines, code, en, ja", [
    # the 消費税 line (80, the tax on top) and (内消費税) (37, inside 500) are the receipt's tax
    ([["消費税", "1", "80"], ["(内消費税)", "", "37"]], "row_tax_line",
     "not a sale of goods: 商品名 '消費税' is the receipt's tax written as a line",
     "商品の売上ではありません（商品名「消費税」は取引の消費税を行にしたものです）"),
    # お預り (2,000 handed over) and お釣り (500 given back) are how it was paid
    ([["お預り", "", "2000"], ["お釣り", "", "500"]], "row_payment_line",
     "not a sale of goods: 商品名 'お預り' is how the receipt was paid",
     "商品の売上ではありません（商品名「お預り」は支払い・お釣りの行です）"),
])
def test_a_journals_tax_and_payment_lines_are_no_goods(tmp_path, lines, code, en, ja):
    from kpipack.messages import text

    # goods: 1,000 + 500, and a bag whose name only mentions tax, 100
    rows = [["日付", "店舗", "レシート番号", "商品名", "数量", "売上金額"],
            ["2026/10/01", "S1", "R1", "お茶", "1", "1000"], ["2026/10/01", "S1", "R1", "パン", "1", "500"],
            *[["2026/10/01", "S1", "R1", *line] for line in lines],
            ["2026/10/02", "S1", "R3", "Tax free bag", "1", "100"]]
    tables, _ = read_file(write(tmp_path / "journal.csv", rows), Mapping())
    assert tables[0].table["net_sales"].sum() == pytest.approx(1600.0)
    assert {i.row: i.code for i in tables[0].issues} == {4: code, 5: code}
    first = tables[0].issues[0]
    assert text(first.code, "en", **first.params).startswith(en) and text(first.code, "ja", **first.params) == ja


@pytest.mark.parametrize("lang, said", [
    ("en", "the store column 店舗 is blank on every row: the sheet is read as one store's (MAIN)"),
    ("ja", "店舗の列「店舗」はすべての行が空のため、店舗の列がない資料と同じく1 店舗（MAIN）の資料として読みました")])
def test_a_store_column_blank_on_every_row_is_one_store_not_rows_of_none(tmp_path, lang, said):
    rows = [["日付", "店舗", "伝票番号", "売上金額"],
            ["2026/10/01", "", "1", "1000"], ["2026/10/02", "", "2", "2500"], ["2026/10/03", "", "3", "700"]]
    [sheet], _ = read_file(write(tmp_path / "sales.csv", rows), Mapping())
    assert sheet.rows_used == 3 and not sheet.issues
    assert sheet.table["net_sales"].sum() == pytest.approx(4200.0)
    assert set(sheet.table["store"]) == {"MAIN"}
    assert any(w.problem(lang).startswith(said) for w in sheet.warnings)


def test_a_store_column_blank_on_some_rows_still_rejects_them(tmp_path):
    rows = [["日付", "店舗", "伝票番号", "売上金額"],
            ["2026/10/01", "S01", "1", "1000"], ["2026/10/02", "", "2", "2500"]]
    [sheet], _ = read_file(write(tmp_path / "sales.csv", rows), Mapping())
    assert sheet.rows_used == 1 and [i.row for i in sheet.issues] == [3]


@pytest.mark.parametrize("header, yes, no", [
    ("取り消し", "true", "false"), ("取消フラグ", "1", "0"), ("キャンセル", "○", ""), ("Voided", "yes", "no"),
    ("Cancelled at", "2026-10-05 09:00", "")])
def test_a_cancel_flag_column_keeps_the_marked_rows_out(tmp_path, header, yes, no):
    # a home-made POS writes its receipt total on every line and a flag for a cancelled receipt
    rows = [["会計ID", "会計日時", "合計金額", header, "商品名", "販売単価", "数量"],
            ["1", "2026-10-01 10:00:00", "1500", no, "おにぎり", "150", "4"],
            ["1", "2026-10-01 10:00:00", "1500", no, "お茶", "300", "3"],
            ["2", "2026-10-03 12:00:00", "300", yes, "お茶", "300", "1"],
            ["3", "2026-10-04 12:00:00", "300", no, "お茶", "300", "1"]]
    [sheet], _ = read_file(write(tmp_path / "pos.csv", rows), Mapping())
    # 150 × 4 + 300 × 3 + 300 × 1; receipt 2 was cancelled
    assert sheet.table["net_sales"].sum() == pytest.approx(600 + 900 + 300)
    assert {i.row: i.problem("en") for i in sheet.issues} == {4: f"not a sale: {header} is '{yes}'"}


def test_a_column_of_cancellation_counts_is_no_flag(tmp_path):
    rows = [["日付", "売上金額", "キャンセル"], ["2026/10/01", "10000", "1"], ["2026/10/02", "12000", "2"],
            ["2026/10/03", "9000", "0"]]
    [sheet], _ = read_file(write(tmp_path / "daily.csv", rows), Mapping())
    assert sheet.table["net_sales"].sum() == pytest.approx(31000.0) and not sheet.issues


def test_a_receipt_total_written_on_every_line_is_counted_once(tmp_path):
    rows = [["会計ID", "会計日時", "合計金額", "商品名", "数量"],
            ["1", "2026-10-01 10:00:00", "1500", "おにぎり", "4"], ["1", "2026-10-01 10:00:00", "1500", "お茶", "3"],
            ["2", "2026-10-02 11:00:00", "600", "おにぎり", "4"], ["2", "2026-10-02 11:00:00", "600", "パン", "1"],
            ["3", "2026-10-30 12:00:00", "900", "お茶", "1"], ["3", "2026-10-30 12:00:00", "900", "おにぎり", "2"],
            ["4", "2026-10-31 12:00:00", "300", "お茶", "1"]]
    [sheet], _ = read_file(write(tmp_path / "pos.csv", rows), Mapping())
    # each receipt once: 1,500 + 600 + 900 + 300, not 1,500 × 2 + 600 × 2 + 900 × 2 + 300
    assert sheet.table["net_sales"].sum() == pytest.approx(3300.0)
    assert sheet.rows_used == 7 and sheet.table["receipt"].nunique() == 4
    assert any("counted once per receipt" in w.problem("en") for w in sheet.warnings)


def test_line_amounts_that_happen_to_match_in_one_receipt_stay(tmp_path):
    rows = [["会計ID", "会計日時", "金額", "商品名"],
            ["1", "2026-10-01 10:00:00", "150", "おにぎり"], ["1", "2026-10-01 10:00:00", "150", "おにぎり"],
            ["2", "2026-10-02 11:00:00", "600", "パン"], ["2", "2026-10-02 11:00:00", "300", "お茶"],
            ["3", "2026-10-03 11:00:00", "200", "パン"], ["3", "2026-10-03 11:00:00", "200", "お茶"],
            ["4", "2026-10-04 11:00:00", "100", "パン"], ["4", "2026-10-04 11:00:00", "100", "お茶"]]
    [sheet], _ = read_file(write(tmp_path / "pos.csv", rows), Mapping())
    assert sheet.table["net_sales"].sum() == pytest.approx(150 * 2 + 600 + 300 + 200 * 2 + 100 * 2)
    assert not any("counted once per receipt" in w.problem("en") for w in sheet.warnings)


def test_till_operations_under_a_bare_type_column_are_no_sale(tmp_path):
    # a restaurant POS's transactions as its help describes them: Sale and Refund rows among Float (a cash
    # drop) and Transitory (a bill carried over to the next day, counted when closed) rows.
    # 24 + 9 − 9 (Refund, written positive) = 24; the Float (200) and the Transitory bill (15) are no sale
    rows = [["Date", "ID", "Type", "Account", "Item", "Quantity", "Amount"],
            ["2026-10-01", "A1", "Sale", "Table 1", "Burger", "2", "24.00"],
            ["2026-10-01", "A2", "Float", "Drawer", "", "", "200.00"],
            ["2026-10-01", "A3", "Transitory", "Table 4", "Salad", "1", "15.00"],
            ["2026-10-02", "A4", "Sale", "Table 2", "Wine", "1", "9.00"],
            ["2026-10-02", "A5", "Refund", "Table 2", "Wine", "1", "9.00"]]
    tables, _ = read_file(write(tmp_path / "transactions.csv", rows), Mapping())
    assert tables[0].table["net_sales"].sum() == pytest.approx(24.0)
    assert {i.row: i.code for i in tables[0].issues} == {3: "row_not_sale_status", 4: "row_not_sale_status"}


def test_order_lines_cancelled_or_not_paid_for_are_no_sale(tmp_path):
    # a restaurant POS's order lines with their オーダーステータス: 800 + 1,200 paid for; the 取消 line (500) and the
    # 未会計 line of a bill still open (300) are no sale: 2,000
    rows = [["取引No", "会計日", "会計時間", "部門", "商品名", "単価", "数量", "金額", "オーダーステータス"],
            ["1001", "2026/10/01", "18:05", "ドリンク", "生ビール", "400", "2", "800", "会計済"],
            ["1001", "2026/10/01", "18:20", "フード", "唐揚げ", "500", "1", "500", "取消"],
            ["1002", "2026/10/01", "19:00", "フード", "焼きそば", "1200", "1", "1200", "会計済"],
            ["1003", "2026/10/01", "23:50", "ドリンク", "ハイボール", "300", "1", "300", "未会計"]]
    tables, _ = read_file(write(tmp_path / "order_lines.csv", rows), Mapping())
    assert tables[0].table["net_sales"].sum() == pytest.approx(2000.0)
    assert {i.row: i.code for i in tables[0].issues} == {3: "row_not_sale_status", 5: "row_not_sale_status"}


def test_a_card_processors_payout_rows_are_not_the_sales_again(tmp_path):
    # a card reader's Transactions download (SumUp's columns): each Sale has a Payout row of its own with the
    # same Total, the Fee kept and the Payout sent to the bank. 20.00 + 12.50 + 8.00 = 40.50 in 3 sales;
    # the two Payout rows (32.50) are the same money again, and the Payout column is never the sale
    rows = [["Email", "Date", "Transaction ID", "Transaction type", "Status", "Total", "Fee", "Payout", "Payout ID"],
            ["till@cafe.example", "2026-03-02 09:10", "TX1", "Sale", "Successful", "20.00", "", "", ""],
            ["till@cafe.example", "2026-03-02 11:45", "TX2", "Sale", "Successful", "12.50", "", "", ""],
            ["till@cafe.example", "2026-03-03 10:00", "TX1", "Payout", "Successful", "20.00", "0.30", "19.70", "P1"],
            ["till@cafe.example", "2026-03-03 10:00", "TX2", "Payout", "Successful", "12.50", "0.19", "12.31", "P1"],
            ["till@cafe.example", "2026-03-04 15:20", "TX3", "Sale", "Successful", "8.00", "", "", ""]]
    tables, _ = read_file(write(tmp_path / "transactions-report.csv", rows), Mapping())
    sheet = tables[0]
    assert sheet.table["net_sales"].sum() == pytest.approx(40.5)
    assert sheet.table["receipt"].tolist() == ["TX1", "TX2", "TX3"]
    assert {i.row: (i.code, i.params["value"]) for i in sheet.issues} == {
        4: ("row_not_sale_status", "Payout"), 5: ("row_not_sale_status", "Payout")}


def _receipts_of_one_amount(tmp_path, name, item_header, amounts):
    """Receipts of three lines each, every line showing the same amount; `amounts` one per receipt."""
    lines = [f"Receipt No,Date,{item_header},Amount"]
    for r, amount in enumerate(amounts, 1):
        lines += [f"R{r:03d},2026-10-{r:02d},A{r}{k},{amount}" for k in range(3)]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_amount_per_receipt_without_products_is_said_not_guessed(tmp_path):
    """No product column (`Article` names none): whether 1,200 on each of a receipt's three lines is three
    items or the receipt's total cannot be told. The lines are counted as written, and the import report
    says so naming the column and what settles it."""
    path = _receipts_of_one_amount(tmp_path, "till.csv", "Article", [1200, 3500, 800, 2100])
    tables, _ = read_file(path, Mapping())
    sheet = tables[0]
    assert sheet.table["net_sales"].sum() == 3 * (1200 + 3500 + 800 + 2100)
    said = [w for w in sheet.warnings if w.code == "warn_receipt_total_untold"]
    assert [w.params for w in said] == [{"column": "Amount", "receipts": "4"}]
    assert "--map" in said[0].problem("en") and "--map" in said[0].problem("ja")
    # named as the item code, the lines differ: each receipt's total, counted once
    map_file = tmp_path / "map.toml"
    map_file.write_text('[till]\n"Article" = "sku"\n', encoding="utf-8")
    tables, _ = read_file(path, Mapping.load(map_file))
    assert tables[0].table["net_sales"].sum() == 1200 + 3500 + 800 + 2100
    assert not [w for w in tables[0].warnings if w.code == "warn_receipt_total_untold"]


def test_a_shop_of_one_price_is_not_taken_for_receipt_totals(tmp_path):
    path = _receipts_of_one_amount(tmp_path, "till.csv", "Article", [110, 110, 110, 110])
    tables, _ = read_file(path, Mapping())
    assert tables[0].table["net_sales"].sum() == 12 * 110
    assert not [w for w in tables[0].warnings if w.code == "warn_receipt_total_untold"]


def test_a_day_book_of_takings_is_read_as_sales(tmp_path):
    """A British shop's day book: Date, Shop, Takings (with the pound sign)."""
    rows = [["Date", "Shop", "Takings"], ["01/10/2026", "Leeds", "£1,200.50"], ["02/10/2026", "Leeds", "£980.25"],
            ["13/10/2026", "Leeds", "£1,010.00"]]
    [sheet], _ = read_file(write(tmp_path / "daybook.csv", rows), Mapping())
    assert sheet.role == "sales" and sheet.rows_used == 3 and not sheet.issues
    assert sheet.table["net_sales"].sum() == pytest.approx(1200.50 + 980.25 + 1010.00)
    assert set(sheet.table["date"].dt.strftime("%Y-%m-%d")) == {"2026-10-01", "2026-10-02", "2026-10-13"}


def test_receipt_numbers_that_start_again_each_day_count_each_day(tmp_path):
    """レシートNo 0001–0003 every day for four days: twelve transactions, not three."""
    rows = [["日付", "店舗", "レシートNo", "商品", "金額"]]
    for day in range(1, 5):
        for number in range(1, 4):
            rows += [[f"2026/10/0{day}", "本店", f"000{number}", "A", "100"],
                     [f"2026/10/0{day}", "本店", f"000{number}", "B", "50"]]
    [sheet], _ = read_file(write(tmp_path / "journal.csv", rows), Mapping())
    assert sheet.table["receipt"].nunique() == 12
    assert any(w.code == "note_receipt_numbers_daily" for w in sheet.warnings)


def test_a_return_booked_under_the_sale_number_on_a_later_day_keeps_the_numbers(tmp_path):
    rows = [["日付", "店舗", "レシートNo", "金額"], ["2026/10/01", "本店", "1001", "500"],
            ["2026/10/01", "本店", "1002", "300"], ["2026/10/02", "本店", "1003", "800"],
            ["2026/10/05", "本店", "1001", "-500"]]
    [sheet], _ = read_file(write(tmp_path / "journal.csv", rows), Mapping())
    assert set(sheet.table["receipt"]) == {"1001", "1002", "1003"}
    assert not any(w.code == "note_receipt_numbers_daily" for w in sheet.warnings)


@pytest.mark.parametrize("numbers, read, said", [
    (["No.1001", "No.1002", "No.1001"], {"1001", "1002"}, "No."),  # one label before every number: dropped, said
    (["#7", "#8", "#7"], {"7", "8"}, "#"),
    (["No.1001", "#1002", "1003"], {"No.1001", "#1002", "1003"}, None),  # mixed ids: left as written
    (["1001", "1002", "1003"], {"1001", "1002", "1003"}, None),
])
def test_a_label_before_every_receipt_number_is_read_without_it(tmp_path, numbers, read, said):
    rows = [["日付", "店舗", "レシートNo", "金額"]] + [["2026/10/01", "本店", n, "100"] for n in numbers]
    [sheet], _ = read_file(write(tmp_path / "journal.csv", rows), Mapping())
    assert set(sheet.table["receipt"]) == read
    notes = [w.params["prefix"] for w in sheet.warnings if w.code == "note_receipt_prefix"]
    assert notes == ([said] if said else [])
