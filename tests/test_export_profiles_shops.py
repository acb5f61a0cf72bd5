"""Online shops' and marketplaces' order exports (Etsy, Amazon, BASE, 楽天),
each fixture written here in the columns the profile's comments name, never a
customer's file; every figure is worked out by hand in the comments."""
import pytest

from exports import build_results, read_sheet
from kpipack.ingest import export_profiles

ETSY_ITEMS_HEADER = (
    "Sale Date,Item Name,Buyer,Quantity,Price,Coupon Code,Coupon Details,Discount Amount,Shipping Discount,"
    "Order Shipping,Order Sales Tax,Item Total,Currency,Transaction ID,Listing ID,Date Paid,Date Shipped,Ship Name,"
    "Ship Address1,Ship Address2,Ship City,Ship State,Ship Zipcode,Ship Country,Order ID,Variations,Order Type,"
    "Listings Type,Payment Type,InPerson Discount,InPerson Location,VAT Paid by Buyer,SKU\n")
# Order 9001: a mug 2 × 34.00 = 68.00 and a card 12.00, with a coupon of 8.00 on
# the order (written on each of its rows): 68 − 8 × 68/80 = 61.20 and
# 12 − 8 × 12/80 = 10.80. Order 9002 on 31 October: 3 × 9.00 = 27.00.
# Net sales 61.20 + 10.80 + 27.00 = 99.00.
ETSY_ITEMS = ETSY_ITEMS_HEADER + (
    "10/03/26,Speckled Mug,janedoe,2,34.00,FALL10,10% off,8.00,0,8.00,5.76,68.00,USD,4001,1501,10/03/26,10/05/26,"
    "Jane Doe,12 Lane,,Austin,TX,78701,United States,9001,,online,listing,online_cc,,,,MUG-1\n"
    "10/03/26,Fox Card,janedoe,1,12.00,FALL10,10% off,8.00,0,8.00,5.76,12.00,USD,4002,1502,10/03/26,10/05/26,"
    "Jane Doe,12 Lane,,Austin,TX,78701,United States,9001,,online,listing,online_cc,,,,CARD-1\n"
    "10/31/26,Lavender Soap,bobsmith,3,9.00,,,0,0,6.00,0,27.00,USD,4003,1503,10/31/26,,Bob Smith,9 Road,,Seattle,"
    "WA,98101,United States,9002,,online,listing,online_cc,,,,SOAP-1\n")


def test_etsy_order_items_take_the_orders_coupon_off_its_items(tmp_path):
    sheet = read_sheet(tmp_path, "EtsySoldOrderItems2026-10.csv", ETSY_ITEMS)
    assert sheet.mapping.profile == "etsy_sold_order_items"
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([61.20, 10.80, 27.00])
    assert t["receipt"].nunique() == 2 and t["qty"].sum() == 6
    assert set(t["date"].dt.strftime("%Y-%m-%d")) == {"2026-10-03", "2026-10-31"}
    results = build_results(tmp_path / "EtsySoldOrderItems2026-10.csv", tmp_path)
    kpis = {k["id"]: k["actual"] for k in results["kpis"] if k["scope"] == "total"}
    assert kpis["net_sales"] == pytest.approx(99.00)
    assert kpis["transactions"] == 2
    assert results["currency"] == "USD"


# Etsy Orders: 9001 as above, 80.00 of goods less 8.00 = 72.00. 9002: 27.00 of
# goods, 6.00 shipping, total 33.00, refunded down to 22.00: 11.00 back, of
# which goods 11 × 27/33 = 9.00: 18.00. 9003 Canceled: no sale. Net 90.00.
ETSY_ORDERS = (
    "Sale Date,Order ID,Buyer User ID,Full Name,First Name,Last Name,Number of Items,Payment Method,Date Shipped,"
    "Street 1,Street 2,Ship City,Ship State,Ship Zipcode,Ship Country,Currency,Order Value,Coupon Code,"
    "Coupon Details,Discount Amount,Shipping Discount,Shipping,Sales Tax,Order Total,Status,Card Processing Fees,"
    "Order Net,Adjusted Order Total,Adjusted Card Processing Fees,Adjusted Net Order Amount,Buyer,Order Type,"
    "Payment Type,InPerson Discount,InPerson Location,SKU\n"
    "10/03/26,9001,11,Jane Doe,Jane,Doe,3,Credit Card,10/05/26,12 Lane,,Austin,TX,78701,United States,USD,80.00,"
    "FALL10,10% off,8.00,0,8.00,5.76,85.76,Completed,2.57,83.19,,,,janedoe,online,online_cc,,,\n"
    "10/31/26,9002,12,Bob Smith,Bob,Smith,3,Credit Card,,9 Road,,Seattle,WA,98101,United States,USD,27.00,,,0,0,"
    "6.00,0,33.00,Completed,0.99,32.01,22.00,0.66,21.34,bobsmith,online,online_cc,,,\n"
    "10/12/26,9003,13,Cy Doe,Cy,Doe,1,Credit Card,,1 Way,,Reno,NV,89501,United States,USD,15.00,,,0,0,0,0,15.00,"
    "Canceled,0,15.00,,,,cydoe,online,online_cc,,,\n"
)


def test_etsy_orders_take_a_refund_off_the_goods_and_leave_cancelled_orders_out(tmp_path):
    sheet = read_sheet(tmp_path, "EtsySoldOrders2026-10.csv", ETSY_ORDERS)
    assert sheet.mapping.profile == "etsy_sold_orders"
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([72.00, 18.00])
    assert {i.row: i.code for i in sheet.issues} == {4: "row_not_sale_status"}
    assert [w.code for w in sheet.warnings if w.code.startswith("note_refunds")] == ["note_refunds_order_month"]


AMAZON_HEADER = (
    "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\t"
    "sales-channel\torder-channel\turl\tship-service-level\tproduct-name\tsku\tasin\titem-status\tquantity\tcurrency\t"
    "item-price\titem-tax\tshipping-price\tshipping-tax\tgift-wrap-price\tgift-wrap-tax\titem-promotion-discount\t"
    "ship-promotion-discount\tship-city\tship-state\tship-postal-code\tship-country\tpromotion-ids\t"
    "is-business-order\tpurchase-order-number\tprice-designation\n")


def amazon_row(order, when, status, item, sku, item_status, qty, price, promo, tax="0.00", market=("Amazon.com", "USD")):
    return (f"{order}\t\t{when}\t{when}\t{status}\tAmazon\t{market[0]}\t\t\tStandard\t{item}\t{sku}\tB0{sku}\t"
            f"{item_status}\t{qty}\t{market[1]}\t{price}\t{tax}\t0.00\t0.00\t\t\t{promo}\t0.00\tAustin\tTX\t78701\tUS"
            "\t\tfalse\t\t\n")


# 001: two items, 2 for 39.98 less a 5.00 promotion = 34.98, and 15.00. 002
# cancelled, 003 pending (no price yet), 004's item cancelled: no sale.
# Net sales 34.98 + 15.00 = 49.98.
AMAZON = AMAZON_HEADER + "".join([
    amazon_row("111-0000001-0000001", "2026-10-02T09:15:00+00:00", "Shipped", "Tea Pot", "POT1", "Shipped", 2,
               "39.98", "5.00"),
    amazon_row("111-0000001-0000001", "2026-10-02T09:15:00+00:00", "Shipped", "Tea Cup", "CUP1", "Shipped", 1,
               "15.00", "0.00"),
    amazon_row("111-0000002-0000002", "2026-10-03T10:00:00+00:00", "Cancelled", "Tea Cup", "CUP1", "Cancelled", 1,
               "15.00", "0.00"),
    amazon_row("111-0000003-0000003", "2026-10-04T11:00:00+00:00", "Pending", "Tea Pot", "POT1", "Unshipped", 1,
               "", ""),
    amazon_row("111-0000004-0000004", "2026-10-05T12:00:00+00:00", "Shipped", "Tea Tin", "TIN1", "Cancelled", 1,
               "8.00", "0.00"),
])


def test_amazon_all_orders_report_leaves_cancelled_and_pending_out(tmp_path):
    sheet = read_sheet(tmp_path, "All Orders 2026-10.txt", AMAZON)
    assert sheet.mapping.profile == "amazon_all_orders"
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([34.98, 15.00])
    assert t["qty"].tolist() == [2, 1]
    assert set(t["receipt"]) == {"111-0000001-0000001"}
    assert {i.row: i.code for i in sheet.issues} == {4: "row_not_sale_status", 5: "row_not_sale_status",
                                                      6: "row_not_sale_status"}


def test_amazon_item_tax_is_taken_out_of_prices_that_hold_it(tmp_path):
    """Amazon.co.jp prices hold consumption tax: 2 × 1,650 with 300 of item-tax
    is 3,000 without tax; an Amazon.com line's 1.20 of tax is on top of its
    15.00 and not taken off it."""
    rows = AMAZON_HEADER + amazon_row("503-0000001-0000001", "2026-10-02T09:15:00+09:00", "Shipped", "急須", "KY1",
                                      "Shipped", 2, "3300", "0", tax="300", market=("Amazon.co.jp", "JPY")) + \
        amazon_row("111-0000009-0000009", "2026-10-03T09:15:00+00:00", "Shipped", "Tea Cup", "CUP1", "Shipped", 1,
                   "15.00", "0.00", tax="1.20")
    sheet = read_sheet(tmp_path, "All Orders.txt", rows)
    assert sheet.table["net_sales"].tolist() == pytest.approx([3000.0, 15.00])
    assert export_profiles.by_id("amazon_all_orders").tax_basis(sheet.mapping.headers) == "excluded"


BASE_HEADER = (
    "注文ID,注文日時,氏(請求先),名(請求先),郵便番号(請求先),都道府県(請求先),住所(請求先),住所2(請求先),"
    "電話番号(請求先),メールアドレス(請求先),氏(配送先),名(配送先),郵便番号(配送先),都道府県(配送先),住所(配送先),"
    "住所2(配送先),電話番号(配送先),備考,商品名,バリエーション,価格,税率,数量,合計金額,送料,支払い方法,代引き手数料,"
    "発送状況,商品ID,種類ID,購入元,配送日,配送時間帯,注文メモ,調整金額\n")


def base_row(order, when, email, item, price, qty, total, status, sku):
    return (f"{order},{when},山田,花子,1500043,東京都,渋谷区,1-1,0312345678,{email},山田,花子,1500043,東京都,"
            f"渋谷区,1-1,0312345678,,{item},,{price},10%,{qty},{total},500,クレジットカード決済,0,{status},"
            f"{sku[:3]},{sku},BASE,,,,0\n")


# Order A1: 2 × 1,980 and 1 × 550 (its 合計金額 4,510 + 送料 500 = 5,010 on both
# rows is the order's, never summed); B2 cancelled; C3: 1 × 1,100.
# Net sales (tax included) 3,960 + 550 + 1,100 = 5,610.
BASE = BASE_HEADER + "".join([
    base_row("A1", "2026-10-01 10:00:00", "hanako@example.jp", "マグカップ", 1980, 2, 5010, "対応済", "MUG01"),
    base_row("A1", "2026-10-01 10:00:00", "hanako@example.jp", "コースター", 550, 1, 5010, "対応済", "CST01"),
    base_row("B2", "2026-10-02 11:00:00", "taro@example.jp", "ポット", 3300, 1, 3800, "キャンセル", "POT01"),
    base_row("C3", "2026-10-30 12:00:00", "taro@example.jp", "コースター", 1100, 1, 1600, "未対応", "CST02"),
])


def test_base_orders_read_price_times_quantity_and_leave_cancelled_orders_out(tmp_path):
    sheet = read_sheet(tmp_path, "orders_20261031.csv", BASE, encoding="cp932")
    assert sheet.mapping.profile == "base_orders"
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([3960.0, 550.0, 1100.0])
    assert t["customer"].nunique() == 2
    assert {i.row: i.code for i in sheet.issues} == {4: "row_not_sale_status"}
    results = build_results(tmp_path / "orders_20261031.csv", tmp_path)
    kpis = {k["id"]: k["actual"] for k in results["kpis"] if k["scope"] == "total"}
    assert kpis["net_sales"] == pytest.approx(5610.0)
    assert kpis["transactions"] == 2


RAKUTEN_HEADER = ("注文番号,ステータス,サブステータスID,サブステータス,注文日時,注文日,注文時間,支払方法名,商品合計金額,"
                  "消費税合計,送料合計,請求金額,合計金額,ポイント利用額,クーポン利用総額,店舗発行クーポン利用額,"
                  "楽天発行クーポン利用額,注文者メールアドレス,商品明細ID,商品ID,商品名,商品番号,商品管理番号,単価,個数,"
                  "送料込別,税込別\n")


# 001: 2 × 2,000 and 1 × 1,000 with the shop's coupon of 500 (and 300 of
# Rakuten's, which the shop is paid for): 4,000 − 400 = 3,600 and 1,000 − 100
# = 900. 002 cancelled. 003: 1,500. Net sales 3,600 + 900 + 1,500 = 6,000.
RAKUTEN = RAKUTEN_HEADER + (
    "123456-20261001-0000001,処理済,,,2026-10-01 09:00:00,2026-10-01,09:00:00,クレジットカード,5000,455,0,4200,"
    "5000,0,800,500,300,a@example.jp,1,10,ブレンド,B1,blend-200,2000,2,送料込,税込\n"
    "123456-20261001-0000001,処理済,,,2026-10-01 09:00:00,2026-10-01,09:00:00,クレジットカード,5000,455,0,4200,"
    "5000,0,800,500,300,a@example.jp,2,11,ドリッパー,D1,dripper,1000,1,送料込,税込\n"
    "123456-20261002-0000002,キャンセル確定,,,2026-10-02 10:00:00,2026-10-02,10:00:00,クレジットカード,3000,273,"
    "0,3000,3000,0,0,0,0,b@example.jp,1,12,ポット,P1,pot,3000,1,送料込,税込\n"
    "123456-20261003-0000003,発送待ち,,,2026-10-03 11:00:00,2026-10-03,11:00:00,クレジットカード,1500,136,0,1500,"
    "1500,0,0,0,0,b@example.jp,1,10,ブレンド,B1,blend-100,1500,1,送料込,税込\n"
)


def test_rakuten_orders_take_the_shops_own_coupon_off_and_leave_cancelled_out(tmp_path):
    sheet = read_sheet(tmp_path, "RMS注文_20261031.csv", RAKUTEN, encoding="cp932")
    assert sheet.mapping.profile == "rakuten_rms_orders"
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([3600.0, 900.0, 1500.0])
    assert t["sku"].tolist() == ["blend-200", "dripper", "blend-100"]
    assert {i.row: i.code for i in sheet.issues} == {4: "row_not_sale_status"}


# Stripe payments export: ch_1 34.50; ch_2 20.00 of which 5.00 was refunded
# later: 15.00; ch_3 refunded whole, ch_4 failed, ch_5 never captured: no sale.
# Net sales 34.50 + 15.00 = 49.50.
STRIPE = (
    "id,Description,Seller Message,Created (UTC),Amount,Amount Refunded,Currency,Converted Amount,"
    "Converted Amount Refunded,Fee,Tax,Converted Currency,Mode,Status,Statement Descriptor,Customer ID,"
    "Customer Description,Customer Email,Captured,Card ID,Card Last4,Card Brand\n"
    "ch_1,Order 1001,Payment complete.,2026-10-01 10:02:11,34.50,0.00,usd,34.50,0.00,1.30,0.00,usd,Live,Paid,"
    "SHOP,cus_A1,,ann@example.com,true,card_1,4242,Visa\n"
    "ch_2,Order 1002,Payment complete.,2026-10-02 11:15:40,20.00,5.00,usd,20.00,5.00,0.88,0.00,usd,Live,Paid,"
    "SHOP,cus_B2,,bo@example.com,true,card_2,4444,Mastercard\n"
    "ch_3,Order 1003,Payment complete.,2026-10-03 12:00:00,13.80,13.80,usd,13.80,13.80,0.70,0.00,usd,Live,"
    "Refunded,SHOP,cus_A1,,ann@example.com,true,card_1,4242,Visa\n"
    "ch_4,Order 1004,Your card was declined.,2026-10-04 09:00:00,20.00,0.00,usd,20.00,0.00,0.00,0.00,usd,Live,"
    "Failed,SHOP,cus_C3,,cy@example.com,false,card_3,0002,Visa\n"
    "ch_5,Order 1005,,2026-10-05 09:00:00,9.00,0.00,usd,9.00,0.00,0.00,0.00,usd,Live,Uncaptured,SHOP,cus_C3,,"
    "cy@example.com,false,card_3,0002,Visa\n"
)


def test_stripe_payments_take_a_later_refund_off_and_leave_failed_and_uncaptured_out(tmp_path):
    sheet = read_sheet(tmp_path, "unified_payments.csv", STRIPE)
    assert sheet.mapping.profile == "stripe_payments"
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([34.50, 15.00])
    assert t["customer"].tolist() == ["cus_A1", "cus_B2"]
    assert {i.row: i.code for i in sheet.issues} == {4: "row_not_sale_status", 5: "row_not_sale_status",
                                                      6: "row_not_sale_status"}
    [note] = [w for w in sheet.warnings if w.code == "note_refunds_order_month"]
    assert note.params["orders"] == 1 and note.params["amount"] == "5"
