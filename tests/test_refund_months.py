"""Refunds an export dates on their own day are taken off in the refund's
month, not the sale's, and the import report says so. Fixtures are written
in each system's published export columns (see resources/export_profiles);
every figure below is worked out by hand in the comments."""
import json
import subprocess
import sys

import pytest

from exports import read_sheet


def build(path, tmp_path, period):
    """`kpipack build FILE --period P --lang ja`: the month's total net sales, last month's, and stderr."""
    out = tmp_path / "r.json"
    proc = subprocess.run([sys.executable, "-m", "kpipack", "build", str(path), "--lang", "ja", "--period", period,
                           "--quiet", "--out", str(tmp_path / "pack.xlsx"), "--json", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    total = next(k for k in json.loads(out.read_text(encoding="utf-8"))["kpis"]
                 if k["id"] == "net_sales" and k["scope"] == "total")
    return total["actual"], total["prev_month"], proc.stderr


def months(sheet):
    """Net sales by month of the sheet's lines."""
    t = sheet.table
    return t.groupby(t["date"].dt.strftime("%Y-%m"))["net_sales"].sum().to_dict()


def note(sheet):
    found = [w for w in sheet.warnings if w.code.startswith("note_refunds")]
    assert len(found) == 1, sheet.warnings
    return found[0]


# WooCommerce Analytics → Orders → Download: order 1002 (12.50) sold on 20 October
# and refunded on 5 November, the refund a row of its own with the order's number.
# October: 30.00 + 12.50 = 42.50. November: 27.00 − 12.50 = 14.50.
WOO = (
    "Date,Order #,Status,Customer,Customer type,Product(s),Items sold,Coupon(s),Net sales\n"
    "2026-10-01 09:12:00,1001,completed,Ann Lee,new,2× Blue mug,2,,30.00\n"
    "2026-10-20 10:00:00,1002,refunded,Bo Chan,new,1× Red cup,1,,12.50\n"
    "2026-11-05 16:30:00,1002,completed,Bo Chan,new,1× Red cup,-1,,-12.50\n"
    "2026-11-07 12:00:00,1004,processing,Ann Lee,returning,3× Tea,3,SAVE10,27.00\n"
    "2026-11-30 12:00:00,1005,completed,Cy Doe,new,1× Tea,1,,9.00\n"
)


def test_woocommerce_refund_of_an_october_order_is_taken_off_in_november(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(WOO, encoding="utf-8")
    november, october, stderr = build(path, tmp_path, "2026-11")
    assert november == pytest.approx(27.00 - 12.50 + 9.00)  # 23.50
    assert october == pytest.approx(30.00 + 12.50)  # the sale stays in its month, whole
    assert "うち 1 件は前の月の売上の返金です（取引 1002：2026年10月の売上を2026年11月に返金）" in stderr


def test_woocommerce_refund_row_note_names_the_order_and_both_months(tmp_path):
    sheet = read_sheet(tmp_path, "orders.csv", WOO)
    found = note(sheet)
    assert found.code == "note_refunds_later_month"
    assert found.params == {"column": "Net sales", "count": 1, "amount": "12.50", "later": 1, "receipt": "1002",
                            "earlier": "2026-10", "month": "2026-11"}
    assert "were taken off in the month of their own date" in found.problem("en")


# Airレジ ジャーナル履歴: receipt 1001 on 30 October (1,650 with 150 of tax: 1,500),
# its mug returned on 2 November as receipt 1004, whose 元取引No names 1001
# (550 with 50 of tax: −500). 1005 on 2 November: 1,100 − 100 = 1,000.
AIRREGI = (
    "取引No,元取引No,取引日,取引時間,店舗番号,店舗名,取引種別,レジ番号,商品名,商品単価,商品数,商品合計金額,"
    "小計,外税額,合計,内消費税,現金,お預り金額,おつり金額\n"
    "1001,,2026/10/30,10:00:00,1,渋谷店,会計,1,コーヒー豆,1000,1,1000,1650,0,1650,150,1650,2000,350\n"
    "1001,,2026/10/30,10:00:00,1,渋谷店,会計,1,マグカップ,500,1,500,1650,0,1650,150,1650,2000,350\n"
    "1004,1001,2026/11/02,12:00:00,1,渋谷店,返品,1,マグカップ,500,1,500,550,0,550,50,550,550,0\n"
    "1005,,2026/11/02,13:00:00,1,渋谷店,会計,1,コーヒー豆,1000,1,1000,1100,0,1100,100,1100,1100,0\n"
)


def test_airregi_return_names_its_october_sale_and_counts_in_november(tmp_path):
    sheet = read_sheet(tmp_path, "ジャーナル履歴_20261001-20261130.csv", AIRREGI, encoding="cp932")
    by_month = months(sheet)
    assert by_month == pytest.approx({"2026-10": 1500.0, "2026-11": 1000.0 - 500.0})
    found = note(sheet)
    assert (found.code, found.params["receipt"], found.params["earlier"], found.params["month"]) == \
        ("note_refunds_later_month", "1001", "2026-10", "2026-11")
    assert found.params["amount"] == "500"
    assert "取引 1001：2026年10月の売上を2026年11月に返金" in found.problem("ja")


# Loyverse Receipts export: the refund receipt 4-10390 has a number of its own and
# no word of the sale it gives back: −90 in November, said without a sale's month.
LOYVERSE = (
    "Date,Receipt number,Receipt type,Gross sales,Discounts,Net sales,Taxes,Total collected,Cost of goods,"
    "Gross profit,Payment type,Description,Dining option,POS,Store,Cashier name,Customer name,Customer contacts,"
    "Status\n"
    '10/28/26 1:33 PM,4-10378,Sale,90.00,0.00,90.00,0.00,90.00,18.35,71.65,Cash,"1 x Latte",Dine in,POS 1,'
    "Cafe,Owner,,,Closed\n"
    "11/02/26 9:05 AM,4-10390,Refund,-90.00,0.00,-90.00,0.00,-90.00,-18.35,-71.65,Cash,1 x Latte,Dine in,POS 1,"
    "Cafe,Owner,,,Closed\n"
    "11/03/26 9:05 AM,4-10391,Sale,50.00,0.00,50.00,0.00,50.00,10.00,40.00,Cash,1 x Tea,Dine in,POS 1,"
    "Cafe,Owner,,,Closed\n"
)


def test_loyverse_refund_receipt_counts_in_its_own_month(tmp_path):
    sheet = read_sheet(tmp_path, "receipts-2026-10-01-2026-11-30.csv", LOYVERSE)
    by_month = months(sheet)
    assert by_month == pytest.approx({"2026-10": 90.0, "2026-11": 50.0 - 90.0})
    found = note(sheet)
    assert found.code == "note_refunds_own_month"
    assert found.params == {"column": "Receipt type", "count": 1, "amount": "90"}


# Square Transactions CSV: a refund row (Event Type = Refund) on 3 November of a
# payment of 28 October. November: 800 − 500 = 300.
SQUARE = (
    "Date,Time,Time Zone,Gross Sales,Discounts,Service Charges,Net Sales,Gift Card Sales,Tax,Tip,Partial Refunds,"
    "Total Collected,Source,Transaction ID,Payment ID,Event Type,Location,Transaction Status\n"
    "2026-10-28,10:00:00,Asia/Tokyo,¥500,¥0,¥0,¥500,¥0,¥50,¥0,¥0,¥550,Point of Sale,Xk3Lm,P1,Payment,Shibuya,"
    "Complete\n"
    "2026-11-03,12:00:00,Asia/Tokyo,-¥500,¥0,¥0,-¥500,¥0,-¥50,¥0,¥0,-¥550,Point of Sale,Xk3Lm,P2,Refund,Shibuya,"
    "Complete\n"
    "2026-11-04,12:00:00,Asia/Tokyo,¥800,¥0,¥0,¥800,¥0,¥80,¥0,¥0,¥880,Point of Sale,Q7pZ2,P3,Payment,Shibuya,"
    "Complete\n"
)


def test_square_refund_row_of_an_october_payment_counts_in_november(tmp_path):
    sheet = read_sheet(tmp_path, "transactions-2026-10-01-2026-11-30.csv", SQUARE)
    by_month = months(sheet)
    assert by_month == pytest.approx({"2026-10": 500.0, "2026-11": 800.0 - 500.0})
    found = note(sheet)
    assert (found.code, found.params["later"], found.params["receipt"]) == ("note_refunds_later_month", 1, "Xk3Lm")


def test_no_refund_note_where_no_row_is_a_refund(tmp_path):
    sheet = read_sheet(tmp_path, "orders.csv", "\n".join(WOO.splitlines()[:3]) + "\n")
    assert not [w for w in sheet.warnings if w.code.startswith("note_refunds")]
