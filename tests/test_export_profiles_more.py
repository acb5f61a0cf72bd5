"""More known export layouts (resources/export_profiles), each fixture
written here from the system's published column list, never a customer's
file; the month's figures are worked out by hand in the comments."""
import subprocess
import sys

import pytest

from kpipack.ingest import Mapping, load_inputs, read_file

TOAST_HEADER = ("Location,Order Id,Order #,Sent Date,Order Date,Check Id,Server,Table,Dining Area,Service,"
                "Dining Option,Item Selection Id,Item Id,Master Id,SKU,PLU,Menu Item,Menu Subgroup(s),Menu Group,"
                "Menu,Sales Category,Gross Price,Discount,Net Price,Qty,Tax,Void?,Deferred,Tax Exempt,"
                "Tax Inclusion Option,Dining Option Tax,Tab Name\n")


def toast_row(order, check, when, item, gross, discount, net, qty, tax, void="false", deferred="false"):
    return (f"Main St,{order},{order[-2:]},{when},{when},{check},Ann,12,Patio,Lunch,Dine In,S{check}{item[:3]},"
            f"I{item[:3]},M{item[:3]},,,{item},,Food,Lunch,Food,{gross},{discount},{net},{qty},{tax},{void},"
            f"{deferred},false,NOT_INCLUDED,,\n")


TOAST = TOAST_HEADER + "".join([
    toast_row("100000001", "C1", "10/01/2026 12:41", "Burger", "15.00", "0.00", "15.00", "1", "1.20"),
    toast_row("100000001", "C1", "10/01/2026 12:41", "Fries", "8.00", "1.00", "7.00", "2", "0.56"),
    toast_row("100000002", "C2", "10/02/2026 18:05", "Salad", "12.00", "0.00", "12.00", "1", "0.96", void="true"),
    toast_row("100000002", "C2", "10/02/2026 18:05", "Gift Card", "25.00", "0.00", "25.00", "1", "0.00",
              deferred="true"),
    toast_row("100000002", "C2", "10/02/2026 18:05", "Soda", "3.00", "0.00", "3.00", "1", "0.24"),
    toast_row("100000003", "C3", "10/31/2026 23:10", "Steak", "30.00", "5.00", "25.00", "1", "2.00"),
])


def read(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    tables, notes = read_file(path, Mapping())
    assert len(tables) == 1, notes
    return path, tables[0]


def build_says(path, tmp_path, words):
    """`kpipack build FILE --lang ja` as a store owner runs it: exit 0, the profile named in the read-as line."""
    proc = subprocess.run([sys.executable, "-m", "kpipack", "build", str(path), "--lang", "ja",
                           "--out", str(tmp_path / "pack.xlsx"), "--json", str(tmp_path / "r.json")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert f"{path.name}: {words}" in proc.stderr, proc.stderr
    return proc


def test_toast_item_selections_voids_and_gift_cards_are_no_sale(tmp_path):
    path, sheet = read(tmp_path, "ItemSelectionDetails.csv", TOAST)
    assert sheet.mapping.profile == "toast_item_selections"
    # Net Price of the lines sold: 15 + 7 + 3 + 25 = 50; the voided salad and the gift card sold are out
    assert sheet.table["net_sales"].sum() == pytest.approx(50.0)
    assert sheet.table["receipt"].nunique() == 3
    assert sheet.table["qty"].sum() == 5
    assert sheet.rows_read == 6 and sheet.rows_used == 4
    assert {i.row: i.code for i in sheet.issues} == {4: "row_not_sale_status", 5: "row_not_sale_status"}
    assert set(sheet.table["date"].dt.month) == {10}  # month first: 10/31 is October the 31st
    build_says(path, tmp_path, "Toastの商品明細（Item Selection Details）エクスポート")


# WooCommerce Analytics → Orders → Download, in the columns of WooCommerce's own
# Orders report table. Order 1002 was refunded on 10/05: its order row stays at
# +12.50 on 10/02 and the refund is a row of its own, −12.50 (what status that
# row shows does not matter: it counts either way). 1003 was cancelled and
# 1005 failed: no sales. Net sales = 30.00 + 12.50 − 12.50 + 27.00 = 57.00.
WOO_ORDERS = (
    "Date,Order #,Status,Customer,Customer type,Product(s),Items sold,Coupon(s),Net sales\n"
    "2026-10-01 09:12:00,1001,completed,Ann Lee,new,2× Blue mug,2,,30.00\n"
    "2026-10-02 10:00:00,1002,refunded,Bo Chan,new,1× Red cup,1,,12.50\n"
    "2026-10-03 11:00:00,1003,cancelled,Cy Doe,returning,1× Blue mug,1,,15.00\n"
    "2026-10-05 16:30:00,1002,completed,Bo Chan,new,1× Red cup,-1,,-12.50\n"
    "2026-10-07 12:00:00,1004,processing,Ann Lee,returning,3× Tea,3,SAVE10,27.00\n"
    "2026-10-08 12:00:00,1005,failed,Ed Fox,new,1× Tea,1,,10.00\n"
)


def test_woocommerce_orders_report_keeps_a_refunded_order_and_its_refund_row(tmp_path):
    path, sheet = read(tmp_path, "wc-orders-report-export.csv", WOO_ORDERS)
    assert sheet.mapping.profile == "woocommerce_orders_report"
    assert sheet.table["net_sales"].sum() == pytest.approx(57.0)
    assert sheet.table["net_sales"].min() == pytest.approx(-12.5)  # the refund: a return
    assert sheet.rows_read == 6 and sheet.rows_used == 4
    assert {i.row: i.code for i in sheet.issues} == {4: "row_not_sale_status", 7: "row_not_sale_status"}
    assert sheet.table["qty"].sum() == 5  # 2 + 1 − 1 + 3
    build_says(path, tmp_path, "WooCommerceのアナリティクス注文レポート（Orders）")


def test_woocommerce_orders_report_of_the_first_releases_reads_n_revenue(tmp_path):
    old = WOO_ORDERS.replace("Net sales\n", "N. Revenue\n", 1)
    _, sheet = read(tmp_path, "orders.csv", old)
    assert sheet.mapping.profile == "woocommerce_orders_report"
    assert sheet.table["net_sales"].sum() == pytest.approx(57.0)


# ダイニー 会計 CSV, in the columns a published import specification requires of it:
# one row per check. c-002 closed after midnight stays on its business day (10/01);
# c-003 was cancelled after it was closed (its 修正履歴 says 会計取り消し): no sale.
# Net sales (tax included, as the file gives them) = 5,500 + 8,800 + 12,100 = 26,400.
DINII_CHECKS = (
    "会計ID,営業日,会計日時,人数,合計,修正履歴\n"
    "c-001,2026/10/01,2026/10/01 19:20:11,2,5500,\n"
    "c-002,2026/10/01,2026/10/02 00:40:05,3,8800,\n"
    "c-003,2026/10/02,2026/10/02 20:10:00,1,1650,2026/10/02 20:30 会計取り消し\n"
    "c-004,2026/10/03,2026/10/03 18:00:00,4,12100,2026/10/03 18:10 割引変更\n"
)


def test_dinii_checks_cancelled_after_closing_are_no_sale(tmp_path):
    path, sheet = read(tmp_path, "会計データ_202610.csv", DINII_CHECKS)
    assert sheet.mapping.profile == "dinii_checks"
    assert sheet.table["net_sales"].sum() == pytest.approx(26400.0)
    assert {i.row: i.code for i in sheet.issues} == {4: "row_not_sale_status"}
    days = dict(zip(sheet.table["receipt"], sheet.table["date"].dt.strftime("%Y-%m-%d")))
    assert days["c-002"] == "2026-10-01"  # the business day, not the clock's
    build_says(path, tmp_path, "ダイニーの会計データとして読み込みました。売上は税込です")


def test_dinii_checks_downloaded_twice_into_one_file_count_once(tmp_path):
    body = DINII_CHECKS.split("\n", 1)[1]
    path = tmp_path / "会計データ.csv"
    path.write_text(DINII_CHECKS + body, encoding="utf-8")
    ds = load_inputs([path], Mapping(), isolated=False, use_cache=False)
    assert ds.tables["sales"]["net_sales"].sum() == pytest.approx(26400.0)


def test_dinii_orders_with_the_specification_s_spellings(tmp_path):
    # 販売金額(税込) × 売価(税抜) ÷ 売価(税込): 1,100 × 500 ÷ 550 + 1,080 × 1,000 ÷ 1,080 = 2,000 tax excluded
    text = ("会計ID,営業日,オーダー日時,分類名称,メニューID,メニュー名称,主副区別,売価(税抜),売価(税込),販売数,"
            "販売金額(税込)\n"
            "c-1,2026/10/01,2026/10/01 18:05,ドリンク,m1,生ビール,0,500,550,2,1100\n"
            "c-1,2026/10/01,2026/10/01 18:10,フード,m2,唐揚げ,0,1000,1080,1,1080\n")
    _, sheet = read(tmp_path, "出数.csv", text)
    assert sheet.mapping.profile == "dinii_orders"
    assert sheet.table["net_sales"].sum() == pytest.approx(2000.0)
    assert sheet.table["product"].tolist() == ["生ビール", "唐揚げ"]
    assert sheet.table["qty"].sum() == 3 and sheet.table["category"].tolist() == ["ドリンク", "フード"]


# Toast's Check details data export (CheckDetails.csv), in the columns of
# Toast's published field reference: one row per check, dates MM/DD/YY.
TOAST_CHECKS = (
    "Location Code,Opened Date,Opened Time,Item Description,Server,Tax,Tender,Check Id,Check #,Total,"
    "Customer Family,Table Size,Discount,Reason of Discount,Link,Customer Id,Customer,Customer Phone,"
    "Customer Email\n"
    ',10/01/26,12:41 PM,"Burger, Fries",Ann,1.60,Credit,C1,1,21.60,,2,0.00,,,G7,Gil,,\n'
    ",10/02/26,6:05 PM,Salad,Bob,0.72,Cash,C2,2,9.72,,1,3.00,Staff,,,,,\n"
    ',10/31/26,11:10 PM,"Steak, Wine",Ann,4.00,Credit,C3,3,54.00,,2,0.00,,,G7,Gil,,\n'
    ',11/01/26,12:05 PM,Soup,Ann,0.40,Cash,C4,4,5.40,,1,0.00,,,,,,\n')


def test_toast_check_details_sale_is_the_checks_total_less_its_tax(tmp_path):
    path, sheet = read(tmp_path, "CheckDetails.csv", TOAST_CHECKS)
    assert sheet.mapping.profile == "toast_check_details"
    t = sheet.table
    october = t[t["date"].dt.month == 10]
    # 21.60 − 1.60 + 9.72 − 0.72 + 54.00 − 4.00 = 20 + 9 + 50 = 79 (the discount is already out of Total)
    assert october["net_sales"].sum() == pytest.approx(79.0)
    assert t.loc[t["receipt"] == "C4", "net_sales"].tolist() == pytest.approx([5.0])  # 11/01/26: November
    assert set(t.loc[t["customer"].notna(), "customer"]) == {"G7"}
    assert sheet.rows_read == sheet.rows_used == 4
    build_says(path, tmp_path, "Toastの会計伝票（Check Details）エクスポート")
