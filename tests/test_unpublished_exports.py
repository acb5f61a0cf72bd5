"""Exports no profile reads (a Clover orders file, SumUp's transactions
report, a makeshop order download): files written as the vendors describe
them are read by their headers and values, right or stopped with the column
or row in doubt, never guessed. The files are guesses at the layouts, not
any system's own."""
import pytest

from exports import read_sheet


def test_a_clover_like_orders_file_reads_zoned_dates_and_leaves_refunded_orders_out(tmp_path):
    # Order Total less its Tax Amount and Tip: 32.40 − 2.40 = 30.00 and 17.20 − 1.20 − 1.00 = 15.00;
    # the refunded order is no sale. The zone after the clock time (EDT) is dropped, as an offset is.
    sheet = read_sheet(tmp_path, "orders.csv",
                       "Order ID,Order Number,Order Date,Currency,Tax Amount,Tip,Service Charge,Discount,"
                       "Order Total,Order Payment State,Refunds Total\n"
                       "ABCD1234EFGH5,1,01-Oct-2026 10:02 AM EDT,USD,2.40,0.00,0.00,0.00,32.40,Paid,0.00\n"
                       "BCDE2345FGHI6,2,02-Oct-2026 11:15 PM EDT,USD,1.20,1.00,0.00,0.00,17.20,Paid,0.00\n"
                       "CDEF3456GHIJ7,3,03-Oct-2026 12:30 PM EDT,USD,0.80,0.00,0.00,0.00,10.80,Refunded,10.80\n")
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([30.00, 15.00])
    assert t["date"].dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2026-10-01 10:02", "2026-10-02 23:15"]
    assert {i.row: i.code for i in sheet.issues} == {4: "row_not_sale_status"}


def test_a_sumup_like_transactions_report_leaves_refunded_and_failed_out(tmp_path):
    sheet = read_sheet(tmp_path, "transactions.csv",
                       "Transaction ID,Date,Total amount,Status,Payment type,Card type,Description,Fee,Payout\n"
                       "TX1A2B3C,2026-10-01 10:02,34.50,Successful,Card,VISA,Blue Mug x2,0.60,33.90\n"
                       "TX2B3C4D,2026-10-02 11:15,13.80,Refunded,Card,MASTERCARD,Red Cup,0.24,13.56\n"
                       "TX3C4D5E,2026-10-03 12:00,20.00,Failed,Card,VISA,Tea,0.00,0.00\n")
    assert sheet.table["net_sales"].tolist() == pytest.approx([34.50])
    assert {i.row: i.code for i in sheet.issues} == {3: "row_not_sale_status", 4: "row_not_sale_status"}


# makeshop publishes the items of its order download (注文出力用テンプレートの設定: 日付 2022/8/10,
# 注文時間 103309, 注文番号, 処理状況 配送 / 未処理 / 注文キャンセル / 返送, 注文者 …), each shop choosing
# which it writes, so no one header. P001: 2 × 1,980 + 550 = 4,510; P002 cancelled; P003: 1,100.
# Net sales (as the shop's prices, tax included) 4,510 + 1,100 = 5,610, in two orders.
MAKESHOP_LIKE = (
    "日付,注文時間,注文番号,処理状況,注文者,商品名,独自商品コード,販売価格,数量\n"
    "2026/10/1,103309,P001,配送,山田太郎,マグカップ,MUG01,1980,2\n"
    "2026/10/1,103309,P001,配送,山田太郎,コースター,CST01,550,1\n"
    "2026/10/2,110000,P002,注文キャンセル,佐藤花子,ポット,POT01,3300,1\n"
    "2026/10/30,120000,P003,未処理,佐藤花子,コースター,CST01,1100,1\n"
)


def test_a_makeshop_like_order_download_reads_orders_and_leaves_cancelled_out(tmp_path):
    sheet = read_sheet(tmp_path, "makeshop_orders.csv", MAKESHOP_LIKE, encoding="cp932")
    assert sheet.mapping.profile is None  # read by its headers
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([3960.0, 550.0, 1100.0])
    assert t["receipt"].nunique() == 2
    assert t["sku"].tolist() == ["MUG01", "CST01", "CST01"]
    assert {i.row: i.code for i in sheet.issues} == {4: "row_not_sale_status"}
