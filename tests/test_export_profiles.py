"""Known export layouts (resources/export_profiles): each fixture is written
here in the layout the system publishes, with its expected figures worked
out by hand in the comments."""
import json

import openpyxl
import pytest

from conftest import shared_path
from exports import read_sheet
from kpipack.domain import Settings
from kpipack.errors import KpipackError
from kpipack.ingest import Mapping, export_profiles, load_inputs, read_file
from kpipack.pipeline import build_pack


read = read_sheet


def problems(sheet):
    return {i.row: i.problem("en") for i in sheet.issues}


SQUARE_TX = (
    "Date,Time,Time Zone,Gross Sales,Discounts,Service Charges,Net Sales,Gift Card Sales,Tax,Tip,Partial Refunds,"
    "Total Collected,Source,Transaction ID,Payment ID,Event Type,Location,Transaction Status\n"
    # ids are Square's random ones: two happen to start with C + digit, and are ordinary sales
    '2026-10-01,10:00:00,Asia/Tokyo,"¥1,100",¥0,¥0,"¥1,100",¥0,¥110,¥0,¥0,"¥1,210",Point of Sale,C4ZrTq9,P1,'
    "Payment,Shibuya,Complete\n"
    '2026-10-01,11:00:00,Asia/Tokyo,"¥2,000",-¥200,¥0,"¥1,800",¥0,¥180,¥0,¥0,"¥1,980",Point of Sale,C7abQ2,P2,'
    "Payment,Shibuya,Complete\n"
    "2026-10-02,12:00:00,Asia/Tokyo,-¥500,¥0,¥0,-¥500,¥0,-¥50,¥0,¥0,-¥550,Point of Sale,X9kLm3,P3,"
    "Refund,Shibuya,Complete\n"
    "2026-10-02,13:00:00,Asia/Tokyo,¥700,¥0,¥0,¥700,¥0,¥70,¥0,¥0,¥770,Point of Sale,C1d2E5,P4,"
    "Payment,Shibuya,Canceled\n"
)


def test_square_transactions_c_ids_are_sales_and_status_rows_are_rejected(tmp_path):
    sheet = read(tmp_path, "transactions-2026-10-01-2026-11-01.csv", SQUARE_TX)
    assert sheet.mapping.profile == "square_transactions"
    t = sheet.table
    # 1,100 + 1,800 − 500 (the refund); the cancelled 700 is not a sale
    assert t["net_sales"].sum() == pytest.approx(2400.0)
    assert t.loc[t["receipt"] == "C4ZrTq9", "net_sales"].item() == pytest.approx(1100.0)
    assert t.loc[t["receipt"] == "C7abQ2", "net_sales"].item() == pytest.approx(1800.0)
    assert (t["net_sales"] < 0).sum() == 1
    assert set(t["store"]) == {"Shibuya"}
    assert problems(sheet) == {5: "not a sale: Transaction Status is 'Canceled'"}
    assert sheet.net_sales_rejected == pytest.approx(700.0)


def test_square_items_refunds_negative_c_ids_untouched(tmp_path):
    text = (
        "Date,Time,Time Zone,Category,Item,Qty,Price Point Name,SKU,Modifiers Applied,Gross Sales,Discounts,"
        "Net Sales,Tax,Transaction ID,Payment ID,Device Name,Notes,Details,Event Type,Location\n"
        "2026-10-05,12:00:00,Asia/Tokyo,Coffee,Latte,2,Regular,LAT-1,,¥1000,-¥100,¥900,¥90,C5Gh7,P1,iPad,,,Payment,Main\n"
        "2026-10-05,12:00:00,Asia/Tokyo,Food,Muffin,1,Regular,MUF-1,,¥300,¥0,¥300,¥30,C5Gh7,P1,iPad,,,Payment,Main\n"
        # a refund written with positive figures is still a return
        "2026-10-06,09:00:00,Asia/Tokyo,Food,Muffin,1,Regular,MUF-1,,¥300,¥0,¥300,¥30,K2p9,P2,iPad,,,Refund,Main\n"
    )
    sheet = read(tmp_path, "items-2026-10-01-2026-11-01.csv", text)
    assert sheet.mapping.profile == "square_items"
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([900.0, 300.0, -300.0])  # 900 + 300 − 300 = 900
    assert t["qty"].tolist() == pytest.approx([2.0, 1.0, -1.0])
    assert t["receipt"].nunique() == 2
    assert set(t["product"]) == {"Latte", "Muffin"}


LOYVERSE_RECEIPTS = (
    "Date,Receipt number,Receipt type,Gross sales,Discounts,Net sales,Taxes,Total collected,Cost of goods,"
    "Gross profit,Payment type,Description,Dining option,POS,Store,Cashier name,Customer name,Customer contacts,"
    "Status\n"
    '10/28/26 1:33 PM,4-10378,Sale,90.00,0.00,90.00,0.00,90.00,18.35,71.65,Cash,"1 x Latte",Dine in,POS 1,'
    "Cafe,Owner,,,Closed\n"
    "10/28/26 12:57 PM,4-10371,Sale,250.00,50.00,200.00,0.00,200.00,40.00,160.00,Card,1 x Salad,Dine in,POS 1,"
    "Cafe,Owner,,,Closed\n"
    "10/28/26 12:20 PM,4-10370,Sale,80.00,0.00,80.00,0.00,80.00,16.00,64.00,Cash,1 x Soup,Takeout,POS 1,"
    "Cafe,Owner,,,Cancelled\n"
    "10/29/26 9:05 AM,4-10372,Refund,-80.00,0.00,-80.00,0.00,-80.00,-16.00,-64.00,Cash,1 x Soup,Dine in,POS 1,"
    "Cafe,Owner,,,Closed\n"
)


def test_loyverse_receipts_cancelled_not_counted(tmp_path):
    sheet = read(tmp_path, "receipts-2026-10-01-2026-10-31.csv", LOYVERSE_RECEIPTS)
    assert sheet.mapping.profile == "loyverse_receipts"
    t = sheet.table
    assert t["net_sales"].sum() == pytest.approx(210.0)  # 90 + 200 − 80; the cancelled 80 left out
    assert problems(sheet) == {4: "not a sale: Status is 'Cancelled'"}
    assert t["date"].dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2026-10-28 13:33", "2026-10-28 12:57",
                                                                 "2026-10-29 09:05"]
    assert t["cost"].sum() == pytest.approx(18.35 + 40.00 - 16.00)


def test_loyverse_receipts_by_item_day_first_dates(tmp_path):
    text = (
        "Date,Receipt number,Receipt type,Category,SKU,Item,Variant,Modifiers applied,Quantity,Gross sales,"
        "Discounts,Net sales,Cost of goods,Gross profit,Taxes,POS,Store,Cashier name,Customer name,"
        "Customer contacts,Comment,Status\n"
        "31/10/2026 14:05,1-0003,Sale,Ramen,1,Carbonara,,,2,160.00,10.00,150.00,100.00,50.00,0,POS 1,Store,"
        "Owner,,,,Closed\n"
        "31/10/2026 14:05,1-0003,Sale,Drinks,2,Tea,,,1,40.00,0.00,40.00,10.00,30.00,0,POS 1,Store,Owner,,,,Closed\n"
        "01/10/2026 12:20,1-0001,Sale,Ramen,1,Carbonara,,,1,80.00,0,80.00,50.00,30.00,0,POS 1,Store,Owner,,,,"
        "Cancelled\n"
    )
    sheet = read(tmp_path, "receipts-by-item.csv", text)
    assert sheet.mapping.profile == "loyverse_items"
    t = sheet.table
    assert t["net_sales"].sum() == pytest.approx(190.0)  # 150 + 40
    assert set(t["date"].dt.strftime("%Y-%m-%d")) == {"2026-10-31"}
    assert t["receipt"].nunique() == 1
    assert list(problems(sheet)) == [4]


SHOPIFY = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,"
    "Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem discount,"
    "Cancelled at,Refunded Amount,Location,Source\n"
    # one order, two lines: the order's fields (status, date) only on its first row
    "#1001,ada@example.com,paid,2026-10-03 10:15:00 -0400,fulfilled,USD,47.00,6.00,3.29,56.29,FALL5,5.00,"
    "2026-10-03 10:14:00 -0400,2,Fern Print,16.00,FERN-1,5.00,,0.00,,web\n"
    "#1001,ada@example.com,,,,,,,,,,,,1,Canvas Tote,20.00,TOTE-1,0.00,,,,\n"
    "#1002,bo@example.com,voided,,,USD,12.00,0,0,12.00,,0,2026-10-04 09:00:00 -0400,1,Mug,12.00,MUG-1,0,,,,web\n"
    "#1003,cy@example.com,paid,2026-10-05 08:00:00 -0400,,USD,24.00,0,0,24.00,,0,2026-10-05 08:00:00 -0400,"
    "2,Mug,12.00,MUG-1,0,2026-10-05 09:00:00 -0400,24.00,,web\n"
    "#1003,cy@example.com,,,,,,,,,,,,1,Bowl,9.00,BOWL-1,0,,,,\n"
    "#1004,di@example.com,paid,2026-10-31 23:30:00 -0400,,USD,36.00,0,0,36.00,,0,2026-10-31 23:30:00 -0400,"
    "3,Mug,12.00,MUG-1,0,,0.00,,pos\n"
)


def test_shopify_multi_row_order_is_one_receipt(tmp_path):
    sheet = read(tmp_path, "orders_export_1.csv", SHOPIFY)
    assert sheet.mapping.profile == "shopify_orders"
    t = sheet.table
    first = t[t["receipt"] == "#1001"]
    assert len(first) == 2  # the second row took the order's date and status
    assert first["net_sales"].tolist() == pytest.approx([27.0, 20.0])  # 2 × 16 − 5, 1 × 20
    assert set(first["date"].dt.strftime("%Y-%m-%d")) == {"2026-10-03"}
    # #1002 voided, #1003 cancelled (both of its rows), #1004 kept on the shop's own day
    assert t["net_sales"].sum() == pytest.approx(83.0)  # 27 + 20 + 36
    assert t.loc[t["receipt"] == "#1004", "date"].dt.strftime("%Y-%m-%d").item() == "2026-10-31"
    reasons = problems(sheet)
    assert reasons[4] == "not a sale: Financial Status is 'voided'"
    assert reasons[5] == reasons[6] == "not a sale: Cancelled at is '2026-10-05 09:00:00 -0400'"
    assert t["receipt"].nunique() == 2
    assert sheet.net_sales_rejected == pytest.approx(12.0 + 24.0 + 9.0)


def test_profiles_do_not_claim_each_other():
    """Every profile's own headers are claimed by that profile only."""
    profiles = export_profiles.all_profiles()
    assert len({p.id for p in profiles}) == len(profiles)
    for p in profiles:
        headers = set(p.headers) | set(p.columns) | {group[0] for group in p.any_of}
        claimed = [q.id for q in profiles if q.matches(headers)]
        assert claimed == [p.id]
        assert p.name["en"] and p.name["ja"]
        assert export_profiles.read_as(p.id, "ja").startswith(p.name["ja"] + "として読み込みました")
        assert export_profiles.read_as(p.id, "en").startswith("read as " + p.name["en"])
        assert ("; " in export_profiles.read_as(p.id, "en")) == (p.role == "sales")  # sales say what tax they hold


def test_two_profiles_claiming_a_sheet_is_an_error(tmp_path, monkeypatch):
    folder = tmp_path / "profiles"
    folder.mkdir()
    for n in (1, 2):
        (folder / f"p{n}.toml").write_text(
            f'id = "p{n}"\nsystem = "S{n}"\nen = "export {n}"\nja = "出力{n}"\n'
            '[match]\nheaders = ["Date", "Net Sales"]\n[columns]\n"Date" = "date"\n"Net Sales" = "net_sales"\n',
            encoding="utf-8")
    monkeypatch.setattr(export_profiles, "profiles_dir", lambda: folder)
    export_profiles.all_profiles.cache_clear()
    try:
        path = tmp_path / "x.csv"
        path.write_text("Date,Net Sales\n2026-10-01,100\n", encoding="utf-8")
        with pytest.raises(KpipackError) as caught:
            read_file(path, Mapping())
        assert caught.value.code == "profile_ambiguous"
        assert "export 1" in caught.value.message("en") and "export 2" in caught.value.message("en")
    finally:
        export_profiles.all_profiles.cache_clear()


def test_a_mapping_given_wins_over_the_profile(tmp_path):
    path = tmp_path / "transactions.csv"
    path.write_text(SQUARE_TX, encoding="utf-8")
    mapping = Mapping({"transactions": {"Gross Sales": "net_sales", "Date": "date"}})
    tables, _ = read_file(path, mapping)
    assert tables[0].mapping.profile is None
    # the mapping reads Gross Sales; the Canceled row is still no sale (its Transaction Status, read by its header)
    assert tables[0].table["net_sales"].sum() == pytest.approx(1100 + 2000 - 500)
    assert [i.code for i in tables[0].issues] == ["row_not_sale_status"]


def test_pack_and_json_say_which_profile_read_the_file(tmp_path):
    path = tmp_path / "receipts.csv"
    path.write_text(LOYVERSE_RECEIPTS, encoding="utf-8")
    out, js = tmp_path / "pack.xlsx", tmp_path / "r.json"
    build_pack([path], Settings(lang="ja", period="2026-10"), out=out, json_out=js)
    data = json.loads(js.read_text(encoding="utf-8"))
    notes = data["data_quality"]["read_as"]
    assert notes == [{"file": "receipts.csv", "sheet": "receipts", "profile": "loyverse_receipts",
                      "note": export_profiles.read_as("loyverse_receipts", "ja")}]
    assert notes[0]["note"].startswith("Loyverseのレシート（Receipts）エクスポートとして読み込みました")
    cells = {str(c.value) for ws in openpyxl.load_workbook(out, read_only=True).worksheets
             for row in ws.iter_rows() for c in row if c.value}
    assert "receipts.csv [receipts]: " + notes[0]["note"] in cells  # the data-quality sheet, in a line
    assert "Loyverseのレシート（Receipts）エクスポート" in cells  # and in the table of sheets read


def test_genuine_square_transactions_export():
    """3,091 rows, no Transaction ID: each row is one transaction."""
    path = shared_path("samples", "square_transactions_italianmarket_2024.csv")
    ds = load_inputs([path], use_cache=False, isolated=False)
    (sheet,) = ds.sheets
    assert sheet.mapping.profile == "square_transactions"
    assert ds.rows_read == ds.rows_used == 3091
    sales = ds.tables["sales"]
    assert sales["net_sales"].sum() == pytest.approx(60534.74, abs=0.005)  # Square's own total
    assert sales["receipt"].nunique() == 3091
    assert export_profiles.read_as(sheet.mapping.profile, "en") == \
        "read as a Square transactions export; net sales exclude tax"


AIRREGI_JOURNAL = (
    "取引No,元取引No,取引日,取引時間,店舗番号,店舗名,取引種別,レジ番号,商品名,商品単価,商品数,商品合計金額,"
    "小計,外税額,合計,内消費税,現金,お預り金額,おつり金額\n"
    # receipt 1001: two lines; its total 1,650 (tax 150) on both lines: 1,500 once, shared 1,000 : 500
    "1001,,2026/10/01,10:00:00,1,渋谷店,会計,1,コーヒー豆,1000,1,1000,1650,0,1650,150,1650,2000,350\n"
    "1001,,2026/10/01,10:00:00,1,渋谷店,会計,1,マグカップ,500,1,500,1650,0,1650,150,1650,2000,350\n"
    # receipt 1002 cancelled by 1003 (its cancelling row names it in 元取引No): neither is a sale
    "1002,,2026/10/02,11:00:00,1,渋谷店,会計,1,コーヒー豆,1000,2,2000,2200,0,2200,200,2200,2200,0\n"
    "1003,1002,2026/10/02,11:05:00,1,渋谷店,取消,1,コーヒー豆,1000,2,2000,2200,0,2200,200,2200,2200,0\n"
    # receipt 1004: a return of one mug, written with positive figures: −500
    "1004,1001,2026/10/03,12:00:00,1,渋谷店,返品,1,マグカップ,500,1,500,550,0,550,50,550,550,0\n"
)


def test_airregi_journal_totals_once_per_receipt_and_cancellations(tmp_path):
    sheet = read(tmp_path, "ジャーナル履歴_20261001-20261031.csv", AIRREGI_JOURNAL, encoding="cp932")
    assert sheet.mapping.profile == "airregi_journal"
    t = sheet.table
    first = t[t["receipt"] == "1001"]
    assert first["net_sales"].tolist() == pytest.approx([1000.0, 500.0])  # 1,650 − 150, never 3,000
    assert t["net_sales"].sum() == pytest.approx(1500.0 - 500.0)
    assert t.loc[t["receipt"] == "1004", "net_sales"].item() == pytest.approx(-500.0)
    reasons = problems(sheet)
    assert reasons == {4: "not a sale: receipt 1002 was cancelled by a later line",
                       5: "not a sale: 取引種別 is '取消'"}
    assert set(t["store"]) == {"1"}


def test_smaregi_transactions_cancelled_and_non_sales(tmp_path):
    text = (
        "取引ID,取引日時,取引区分,取消区分,単価値引き前小計,単価値引き小計,小計,小計値引き,小計割引率,ポイント値引き,"
        "合計,内消費税,内現金支払金額,店舗ID\n"
        "501,2026-10-01 10:00:00,1,0,3000,0,3000,300,,0,2970,270,2970,1\n"  # 2,970 − 270 = 2,700
        "502,2026-10-01 11:00:00,1,1,1000,0,1000,0,,0,1100,100,1100,1\n"  # cancelled
        "503,2026-10-01 12:00:00,2,0,0,0,0,0,,0,5000,0,5000,1\n"  # 入金: not a sale
        "504,2026-10-02 09:00:00,1,0,2000,0,2000,0,,100,2090,190,2090,2\n"  # 2,090 − 190 = 1,900
    )
    sheet = read(tmp_path, "取引履歴.csv", text)
    assert sheet.mapping.profile == "smaregi_transactions"
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([2700.0, 1900.0])
    assert problems(sheet) == {3: "not a sale: 取消区分 is '1'", 4: "not a sale: 取引区分 is '2'"}
    assert t["receipt"].tolist() == ["501", "504"]


def test_smaregi_transactions_take_off_a_tax_added_on_top(tmp_path):
    text = (
        "取引ID,取引日時,取引区分,取消区分,小計,小計値引き,合計,内消費税,外消費税,店舗ID\n"
        "601,2026-10-01 10:00:00,1,0,2000,0,2200,0,200,1\n"  # prices without tax: 2,200 − 200 added = 2,000
        "602,2026-10-01 11:00:00,1,0,1100,0,1100,100,0,1\n"  # prices with tax: 1,100 − 100 inside = 1,000
    )
    sheet = read(tmp_path, "取引履歴.csv", text)
    assert sheet.mapping.profile == "smaregi_transactions"
    assert sheet.table["net_sales"].tolist() == pytest.approx([2000.0, 1000.0])


def test_smaregi_details_amount_and_returns(tmp_path):
    text = (
        "取引ID,取引明細ID,取引日時,店舗ID,取引明細区分,商品コード,商品名,販売単価,数量,値引き前計,単品値引き計,"
        "値引き後計,小計値引き按分,ポイント値引き按分,クーポン値引き按分,内税按分,外税按分,売上区分,取消区分\n"
        # 1,100 tax-included, 100 of receipt discount, inner tax 91: 1,100 − 100 − 91 = 909
        "701,1,2026-10-05T10:00:00+09:00,1,1,4901234567894,ブレンド,1100,1,1100,0,1100,100,0,0,91,0,0,0\n"
        # a line outside sales (売上対象外)
        "701,2,2026-10-05T10:00:00+09:00,1,1,2000000000001,レジ袋,5,1,5,0,5,0,0,0,0,0,1,0\n"
        # a return line: −550 tax-included with 50 inner tax: −500
        "702,1,2026-10-06T15:30:00+09:00,1,2,4901234567894,ブレンド,550,1,550,0,550,0,0,0,50,0,0,0\n"
    )
    sheet = read(tmp_path, "取引明細.csv", text)
    assert sheet.mapping.profile == "smaregi_details"
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([909.0, -500.0])
    assert t["qty"].tolist() == pytest.approx([1.0, -1.0])
    assert t["sku"].tolist() == ["4901234567894", "4901234567894"]
    assert t["date"].dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2026-10-05 10:00", "2026-10-06 15:30"]
    assert problems(sheet) == {3: "not a sale: 売上区分 is '1'"}


USEN_DETAILS = (
    "汎用検索 売上データ\n"
    "検索条件: 2026/10/01～2026/10/31\n"
    "\n"
    "H.伝票番号,H.伝票処理日,H.集計対象営業年月日,H.支払ステータス,H.伝票金額,H.客数（合計）,D.商品カテゴリ1,"
    "D.商品,D.価格,D.数量,D.オーダー日時\n"
    # slip No:0001: 3,300 for the slip, on both lines; shared 2,000 : 1,000 by price × quantity
    'No:0001,2026/10/01 21:00,2026/10/01,02.会計済,"￥3,300",2,フード,00000001449:ハラスマ,1000,2,'
    "2026/10/01 19:00\n"
    'No:0001,2026/10/01 21:00,2026/10/01,02.会計済,"￥3,300",2,ドリンク,00000000012:ビール,500,2,'
    "2026/10/01 19:05\n"
    # slip No:0002 not settled: not a sale
    'No:0002,2026/10/01 22:00,2026/10/01,01.未会計,"￥800",1,ドリンク,00000000012:ビール,500,1,'
    "2026/10/01 21:30\n"
)


def test_usen_search_details_title_lines_prefix_split_and_slip_total(tmp_path):
    sheet = read(tmp_path, "汎用検索_売上.csv", USEN_DETAILS, encoding="cp932")
    assert sheet.mapping.profile == "usen_search_details"
    t = sheet.table
    assert t["receipt"].tolist() == ["0001", "0001"]  # "No:" dropped
    assert t["sku"].tolist() == ["00000001449", "00000000012"]
    assert t["product"].tolist() == ["ハラスマ", "ビール"]
    assert t["net_sales"].tolist() == pytest.approx([2200.0, 1100.0])  # 3,300 once, never 6,600
    assert problems(sheet) == {7: "not a sale: H.支払ステータス is '01.未会計'"}
    assert "include tax" in export_profiles.read_as(sheet.mapping.profile, "en")


def test_usen_search_slips_one_receipt_per_row(tmp_path):
    text = (
        "伝票番号,集計対象営業年月日,支払ステータス,客数（合計）,伝票金額,値引金額,支払金額（現金）\n"
        'No:10,2026/10/01,02.会計済,2,"¥ 24,926",0,"¥ 24,926"\n'
        'No:11,2026/10/01,02.会計済,1,"¥ 3,000",0,"¥ 3,000"\n'
        'No:12,2026/10/02,03.取消,1,"¥ 1,000",0,"¥ 1,000"\n'
    )
    sheet = read(tmp_path, "伝票.csv", text)
    assert sheet.mapping.profile == "usen_search_slips"
    assert sheet.table["net_sales"].sum() == pytest.approx(27926.0)
    assert sheet.table["receipt"].tolist() == ["10", "11"]
    assert list(problems(sheet)) == [4]


def test_the_app_file_list_says_which_profile_reads_the_sheet(tmp_path, qtbot):
    from kpipack.gui.files import FilesPanel
    from kpipack.ingest.inspect import inspect_file, reinspect

    path = tmp_path / "receipts.csv"
    path.write_text(LOYVERSE_RECEIPTS, encoding="utf-8")
    found = inspect_file(path)
    (sheet,) = found.sheets
    assert sheet.profile == "loyverse_receipts" and sheet.role == "sales" and not sheet.problems
    # net sales are worked out (Net sales less the tax inside it), not read from one column
    assert sheet.fields()["Receipt number"] == "receipt" and sheet.fields()["Status"] == ""
    assert sheet.fields()["Net sales"] == ""
    # the app judges every sheet again under the user's saved choices: none here, so the profile stays
    assert reinspect(sheet, Mapping()).profile == "loyverse_receipts"
    chosen = reinspect(sheet, Mapping({sheet.key: {"_role": "sales", "Gross sales": "net_sales"}}))
    assert chosen.profile is None and chosen.fields()["Gross sales"] == "net_sales"
    panel = FilesPanel()
    qtbot.addWidget(panel)
    for lang, role in (("en", "Sales lines"), ("ja", None)):
        panel.retranslate(lang)
        panel.show_files([path], {path: found}, {})
        item = panel.tree.topLevelItem(0).child(0)
        assert item.text(1).endswith(" · Loyverse")
        if role:
            assert item.text(1) == f"{role} · Loyverse"
        assert item.toolTip(1) == export_profiles.read_as("loyverse_receipts", lang)


def test_airregi_accounts_receipt_fields_on_the_first_row_only(tmp_path):
    text = (
        "取引No,会計日,会計時間,人数,滞在時間,メモ,合計,カテゴリー名,メニュー名,価格,注文数量\n"
        # receipt A1: date and total on its first row only; 3,300 shared 2,400 : 900 by price × quantity
        "A1,2026/10/01,20:15:00,2,01:30:00,,3300,カクテル,ジントニック,800,3\n"
        "A1,,,,,,,フード,ナッツ,900,1\n"
        # receipt A2 on another day: one line
        "A2,2026/10/02,21:00:00,1,00:45:00,海外,1000,カクテル,モヒート,1000,1\n"
    )
    sheet = read(tmp_path, "会計明細_20261001-20261031.csv", text, encoding="cp932")
    assert sheet.mapping.profile == "airregi_accounts"
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([2400.0, 900.0, 1000.0])  # 4,300 in all, not 7,600
    assert t["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-10-01", "2026-10-01", "2026-10-02"]
    assert t["receipt"].nunique() == 2
    assert "include tax" in export_profiles.read_as("airregi_accounts", "en")


def test_shopify_inventory_takes_its_date_from_the_file_name(tmp_path):
    text = (
        "Handle,Title,Option1 Name,Option1 Value,SKU,HS Code,COO,Location,Bin name,Incoming (not editable),"
        "Unavailable (not editable),Committed (not editable),Available (not editable),On hand (current),"
        "On hand (new)\n"
        "mug,Mug,Size,Large,MUG-L,,,Shibuya,A1,10,0,2,5,7,\n"
        "bowl,Bowl,Title,Default Title,BOWL-1,,,Shibuya,,0,0,0,40,40,\n"
        "plate,Plate,Title,Default Title,PLATE-1,,,Shibuya,,0,0,0,not stocked,not stocked,\n"
    )
    sheet = read(tmp_path, "inventory_export_2026-10-31.csv", text)
    assert sheet.mapping.profile == "shopify_inventory" and sheet.role == "inventory"
    t = sheet.table
    assert t["sku"].tolist() == ["MUG-L", "BOWL-1"]
    assert t["on_hand"].tolist() == pytest.approx([7.0, 40.0])
    assert set(t["date"].dt.strftime("%Y-%m-%d")) == {"2026-10-31"}
    assert list(problems(sheet)) == [4]  # "not stocked" is no quantity
    # the export before 2023: the same columns without "(not editable)", one On hand
    older = read(tmp_path, "inventory_export_2026-10-31.csv", text.replace(" (not editable)", "").replace(
        "On hand (current),On hand (new)", "On hand").replace(",7,\n", ",7\n").replace(",40,\n", ",40\n"))
    assert older.mapping.profile == "shopify_inventory"
    assert older.table["on_hand"].tolist() == pytest.approx([7.0, 40.0])
    undated = read(tmp_path, "inventory_export_1.csv", text)
    assert {i.code for i in undated.issues} == {"row_file_name_undated"}
    assert "inventory_export_1.csv" in undated.issues[0].problem("en")


# ---- generic layouts, without a profile
@pytest.mark.parametrize("text", [
    ",日付,店舗,売上金額\n0,2026-10-01,S1,100\n1,2026-10-02,S1,200\n",  # pandas' own index, blank-headed
    "Unnamed: 0,date,store,net sales\n0,2026-10-01,S1,100\n1,2026-10-02,S1,200\n",  # the same read back and saved
    "  日付  , 店舗 ,  売上金額 ,ﾚｼｰﾄ番号,ｶﾃｺﾞﾘ\n2026-10-01,S1,100,R1,菓子\n2026-10-02,S1,200,R2,菓子\n",  # padded, half-width
])
def test_index_columns_padded_and_half_width_headers(tmp_path, text):
    sheet = read(tmp_path, "sales.csv", text)
    assert sheet.mapping.profile is None and sheet.role == "sales"
    assert sheet.table["net_sales"].tolist() == pytest.approx([100.0, 200.0])  # the row numbers are no amount
    assert set(sheet.mapping.columns.values()) >= {"date", "store", "net_sales"}
    if "ﾚｼｰﾄ" in text:
        assert sheet.table["receipt"].tolist() == ["R1", "R2"] and set(sheet.table["category"]) == {"菓子"}


def test_a_c_before_a_random_id_is_no_return_outside_profiles_either(tmp_path):
    text = ("date,store,receipt,net sales\n2026-10-01,S1,C536379,-10\n2026-10-01,S1,C536380,20\n"
            "2026-10-01,S1,C4ZrTq9,30\n")
    t = read(tmp_path, "lines.csv", text).table
    # UCI style C + digits: a cancellation (made negative); C + letters: an ordinary sale
    assert t["net_sales"].tolist() == pytest.approx([-10.0, -20.0, 30.0])


def test_loyverse_dates_in_a_spelling_no_format_lists(tmp_path):
    text = LOYVERSE_RECEIPTS.replace("10/28/26 1:33 PM", '"Oct 28, 2026 1:33 PM"').replace(
        "10/28/26 12:57 PM", '"Oct 28, 2026 12:57 PM"').replace(
        "10/28/26 12:20 PM", '"Oct 28, 2026 12:20 PM"').replace("10/29/26 9:05 AM", '"Oct 29, 2026 9:05 AM"')
    t = read(tmp_path, "receipts.csv", text).table
    assert t["date"].dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2026-10-28 13:33", "2026-10-28 12:57",
                                                                 "2026-10-29 09:05"]


def test_shopify_orders_as_xlsx_and_the_cli_says_how_it_was_read(tmp_path):
    import csv
    import subprocess
    import sys

    from workbooks import write_book

    rows = list(csv.reader(SHOPIFY.splitlines()))
    typed = [rows[0]] + [[float(v) if v.replace(".", "", 1).isdigit() else v for v in r] for r in rows[1:]]
    book = write_book(tmp_path / "orders_export.xlsx", {"orders_export": typed})
    tables, _ = read_file(book, Mapping())
    assert tables[0].mapping.profile == "shopify_orders"
    assert tables[0].table["net_sales"].sum() == pytest.approx(83.0)  # as from the CSV: 27 + 20 + 36
    proc = subprocess.run([sys.executable, "-m", "kpipack", "build", str(book), "--json", str(tmp_path / "r.json"),
                           "--period", "2026-10"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "orders_export.xlsx: read as a Shopify orders export; net sales exclude tax" in proc.stderr


def test_smaregi_status_codes_from_workbook_cells(tmp_path):
    """Status codes typed as numbers in a workbook compare as the codes they are."""
    from workbooks import write_book

    book = write_book(tmp_path / "取引履歴.xlsx", {"取引履歴": [
        ["取引ID", "取引日時", "取引区分", "取消区分", "小計", "合計", "内消費税"],
        [501, "2026-10-01 10:00:00", 1, 0, 3000, 3300, 300],
        [502, "2026-10-01 11:00:00", 1, 1, 1000, 1100, 100],
        [503, "2026-10-01 12:00:00", 3, 0, 0, 2000, 0],
    ]})
    tables, _ = read_file(book, Mapping())
    sheet = tables[0]
    assert sheet.mapping.profile == "smaregi_transactions"
    assert sheet.table["net_sales"].tolist() == pytest.approx([3000.0])
    assert sorted(i.row for i in sheet.issues) == [3, 4]


def test_genuine_idpos_day_reads_by_its_columns_without_a_mapping(tmp_path):
    """Not a known export layout: read by its headers and values (half-width katakana headers, a leading
    index column, YYYYMMDD days, 非会員 for no member); Σ売上金額 = 37,621 in 20 receipts (counted apart)."""
    path = shared_path("samples", "idpos_supermarket_day_sjis_184rows.csv")
    result = build_pack([path], Settings(period="2017-09"), json_out=tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    rows = {(r["id"], r["scope"]): r for r in data["kpis"]}
    assert data["data_quality"]["read_as"] == []
    assert data["data_quality"]["rows_read"] == data["data_quality"]["rows_used"] == 184
    assert rows[("net_sales", "total")]["actual"] == 37621
    assert rows[("transactions", "total")]["actual"] == 20
    assert result.dataset.tables["sales"]["date"].dt.strftime("%Y-%m-%d").unique().tolist() == ["2017-09-21"]


# ---------------------------------------------------------------- Airレジ 商品別売上, ダイニー
AIRREGI_ITEMS = (
    "商品名,種別1,種別2,カテゴリー,税区分,販売総売上,構成比%,粗利総額,構成比%,販売商品数,構成比%,"
    "返品商品数,構成比%,商品ID,商品コード,バーコード\n"
    "カフェラテ,ホット,店内,ドリンク,内税,12000,60.0,8400,70.0,24,60.0,0,0,101,D001,\n"
    "カフェラテ,アイス,店内,ドリンク,内税,5000,25.0,3000,25.0,10,25.0,1,100.0,102,D001,\n"
    "スコーン,(バリエーション未設定),,フード,内税,3000,15.0,600,5.0,6,15.0,0,0,201,F001,4901234567894\n"
    # guest counts by gender and age group: not sales
    "女性,30代,,顧客情報,,,,,,7,,,,,,\n"
)


def test_airregi_items_totals_per_product_dated_by_the_file_name(tmp_path):
    sheet = read(tmp_path, "商品別売上_20261001-20261031.csv", AIRREGI_ITEMS, encoding="cp932")
    assert sheet.mapping.profile == "airregi_items"
    t = sheet.table
    assert t["net_sales"].sum() == pytest.approx(12000 + 5000 + 3000)
    assert t["qty"].sum() == pytest.approx(24 + 10 + 6)
    assert t["gross_profit"].sum() == pytest.approx(8400 + 3000 + 600)
    assert set(t["date"].dt.strftime("%Y-%m-%d")) == {"2026-10-01"}
    assert problems(sheet) == {5: "not a sale: カテゴリー is '顧客情報'"}
    assert "receipt" not in t.columns or t["receipt"].isna().all()
    said = export_profiles.read_as("airregi_items", "en")
    assert "average transaction value" in said and "without receipts" in said
    assert "客単価" in export_profiles.read_as("airregi_items", "ja")


def test_airregi_items_renamed_without_its_period(tmp_path):
    sheet = read(tmp_path, "items.csv", AIRREGI_ITEMS, encoding="cp932")
    assert sheet.rows_used == 0
    assert problems(sheet)[2] == ("the export has no dates and the file's name (items.csv) holds none: keep the "
                                  "name it was downloaded with (it carries the date), or add the date to it")
    assert "ファイル名（items.csv）" in sheet.issues[0].problem("ja")


def test_airregi_items_over_two_months_is_not_put_in_one(tmp_path):
    sheet = read(tmp_path, "商品別売上_20261001-20261130.csv", AIRREGI_ITEMS, encoding="cp932")
    assert sheet.rows_used == 0
    said = set(problems(sheet).values())
    assert said == {"the file's name gives a period from 2026-10-01 to 2026-11-30, more than one month: its "
                    "totals cannot be put in a month (export one month per file)"}
    assert sheet.net_sales_rejected == pytest.approx(20000.0)


def test_airregi_items_pack_says_which_kpis_it_cannot_give(tmp_path):
    path = tmp_path / "商品別売上_20261001-20261031.csv"
    path.write_bytes(AIRREGI_ITEMS.encode("cp932"))
    out, js = tmp_path / "pack.xlsx", tmp_path / "r.json"
    build_pack([path], Settings(lang="en", period="2026-10"), out=out, json_out=js)
    data = json.loads(js.read_text(encoding="utf-8"))
    [said] = data["data_quality"]["read_as"]
    assert "transactions, average transaction value, items per transaction" in said["note"]
    assert "return rate" in said["note"]
    kpis = {(k["id"], k["scope"]): k["actual"] for k in data["kpis"]}
    assert kpis[("net_sales", "total")] == pytest.approx(20000.0)
    assert kpis[("gross_profit", "total")] == pytest.approx(12000.0)
    # never a zero for what the file cannot give: those KPIs are not in the pack
    assert not {i for i, _ in kpis} & {"transactions", "atv", "upt", "customers", "return_rate_pct"}
    cells = {str(c.value) for ws in openpyxl.load_workbook(out, read_only=True).worksheets
             for row in ws.iter_rows() for c in row if c.value}
    assert f"{said['file']} [{said['sheet']}]: {said['note']}" in cells  # the data-quality sheet says it


DINII = (
    "店舗ID,営業日,会計日時,注文日時,会計ID,カテゴリーID,カテゴリー,メニューID,メニュー名,メイン/サブ,"
    "売価(税込),売価(税抜),原価(税込),原価(税抜),数量,販売金額(税込),割引,親メニューID,親メニュー,税率\n"
    # check c-1: two draught beers at 10 % and one take-away item at 8 %
    "f50f-aa,2026/10/02,2026/10/02 21:10:00,2026/10/02 19:02:00,c-1,k1,ドリンク,m1,生ビール,メイン,"
    "660,600,220,200,2,1320,0,,,10%\n"
    "f50f-aa,2026/10/02,2026/10/02 21:10:00,2026/10/02 19:30:00,c-1,k2,テイクアウト,m2,焼き鳥弁当,メイン,"
    "864,800,324,300,1,864,0,,,8%\n"
    # check c-2, after midnight: its business day is still the 2nd
    "f50f-aa,2026/10/02,2026/10/03 00:40:00,2026/10/02 23:50:00,c-2,k1,ドリンク,m1,生ビール,メイン,"
    "660,600,220,200,1,660,0,,,10%\n"
)


def test_dinii_lines_tax_excluded_by_their_own_rate(tmp_path):
    sheet = read(tmp_path, "dinii.csv", DINII, encoding="cp932")
    assert sheet.mapping.profile == "dinii_orders"
    t = sheet.table
    # 1320 × 600 / 660 = 1200; 864 × 800 / 864 = 800; 660 × 600 / 660 = 600
    assert t["net_sales"].tolist() == pytest.approx([1200.0, 800.0, 600.0])
    assert t["receipt"].tolist() == ["c-1", "c-1", "c-2"]
    assert set(t["date"].dt.strftime("%Y-%m-%d")) == {"2026-10-02"}
    assert t["qty"].sum() == pytest.approx(4)
    assert set(t["product"]) == {"生ビール", "焼き鳥弁当"}


def test_dinii_downloads_merged_twice_count_once_with_a_warning(tmp_path):
    head, *lines = DINII.splitlines(keepends=True)
    path = tmp_path / "dinii_merged.csv"
    path.write_bytes((head + "".join(lines) + "".join(lines)).encode("cp932"))
    ds = load_inputs([path])
    sales = ds.table("sales")
    assert sales["net_sales"].sum() == pytest.approx(2600.0)  # 1200 + 800 + 600, once
    assert [(i.row, i.code) for i in ds.issues] == [(5, "row_repeat_here"), (6, "row_repeat_here"),
                                                   (7, "row_repeat_here")]
    [note] = [w for w in ds.warnings if w.row == 0]
    assert note.params["receipts"] == 2 and note.params["lines"] == 3


def test_a_dinii_like_file_outside_the_profile_finds_its_check_column(tmp_path):
    # the same downloads merged twice, with only a tax-included amount (no unit
    # prices, so no profile claims it): 会計ID is the receipt by its header
    text = ("営業日,会計ID,メニュー名,数量,販売金額\n"
            "2026/10/02,c-1,生ビール,2,1320\n2026/10/02,c-1,焼き鳥弁当,1,864\n2026/10/02,c-2,生ビール,1,660\n")
    head, *lines = text.splitlines(keepends=True)
    path = tmp_path / "dinii_merged.csv"
    path.write_text(head + "".join(lines) * 2, encoding="utf-8")
    ds = load_inputs([path])
    sales = ds.table("sales")
    assert sales["net_sales"].sum() == pytest.approx(1320 + 864 + 660)
    assert len(ds.issues) == 3 and {i.code for i in ds.issues} == {"row_repeat_here"}


def test_tax_marked_headers_stay_two_columns_for_a_profile():
    assert export_profiles._key("売価(税抜)") != export_profiles._key("売価（税込）")
    assert export_profiles._key("販売金額税込") == export_profiles._key("販売金額(税込)")
    assert export_profiles._key("Net Sales") == "netsales"


# ---------------------------------------------------------------- refunds
def test_shopify_partial_refund_takes_its_goods_share_off_the_lines(tmp_path):
    text = SHOPIFY.splitlines()[0] + "\n" + (
        # Subtotal 50 + Shipping 5 + Taxes 4 = Total 59; 11.80 given back, of which 50/59 is goods: 10.00
        "#2001,ed@example.com,partially_refunded,2026-10-06 10:00:00 -0400,fulfilled,USD,50.00,5.00,4.00,59.00,,0,"
        "2026-10-06 10:00:00 -0400,2,Fern Print,15.00,FERN-1,0,,11.80,,web\n"
        "#2001,ed@example.com,,,,,,,,,,,,1,Canvas Tote,20.00,TOTE-1,0,,,,\n"
        "#2002,fa@example.com,refunded,2026-10-07 10:00:00 -0400,,USD,12.00,0,0,12.00,,0,"
        "2026-10-07 10:00:00 -0400,1,Mug,12.00,MUG-1,0,,12.00,,web\n"
        "#2003,gu@example.com,paid,2026-10-08 10:00:00 -0400,,USD,12.00,0,0,12.00,,0,"
        "2026-10-08 10:00:00 -0400,1,Mug,12.00,MUG-1,0,,0.00,,web\n")
    sheet = read(tmp_path, "orders_export_1.csv", text)
    t = sheet.table
    # 10.00 shared 30 : 20 over the lines of #2001: 30 − 6 = 24, 20 − 4 = 16
    assert t.loc[t["receipt"] == "#2001", "net_sales"].tolist() == pytest.approx([24.0, 16.0])
    assert t["net_sales"].sum() == pytest.approx(24.0 + 16.0 + 12.0)
    assert problems(sheet) == {4: "not a sale: Financial Status is 'refunded'"}


def test_square_transactions_partial_refunds_come_off_net_sales(tmp_path):
    text = (
        "Date,Time,Time Zone,Gross Sales,Discounts,Service Charges,Net Sales,Gift Card Sales,Tax,Tip,"
        "Partial Refunds,Total Collected,Source,Transaction ID,Payment ID,Event Type,Location,Transaction Status\n"
        # ¥330 of ¥1,100 given back later: its sales share is 330 × 1,000 / 1,100 = 300
        '2026-10-01,10:00:00,Asia/Tokyo,"¥1,000",¥0,¥0,"¥1,000",¥0,¥100,¥0,-¥330,¥770,Point of Sale,Tq9,P1,'
        "Payment,Shibuya,Complete\n"
        '2026-10-01,11:00:00,Asia/Tokyo,"¥2,000",¥0,¥0,"¥2,000",¥0,¥200,¥0,¥0,"¥2,200",Point of Sale,Ab2,P2,'
        "Payment,Shibuya,Complete\n"
        # a whole payment refunded is a row of its own
        "2026-10-02,12:00:00,Asia/Tokyo,-¥500,¥0,¥0,-¥500,¥0,-¥50,¥0,¥0,-¥550,Point of Sale,Xk3,P3,"
        "Refund,Shibuya,Complete\n")
    sheet = read(tmp_path, "transactions-2026-10-01-2026-11-01.csv", text)
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([700.0, 2000.0, -500.0])
    assert t["net_sales"].sum() == pytest.approx(2200.0)


def test_square_items_partial_refund_of_an_item(tmp_path):
    text = (
        "Date,Time,Time Zone,Category,Item,Qty,Price Point Name,SKU,Modifiers Applied,Gross Sales,Discounts,"
        "Net Sales,Tax,Transaction ID,Payment ID,Device Name,Notes,Details,Event Type,Location\n"
        "2026-10-05,12:00:00,Asia/Tokyo,Food,Muffin,2,Regular,MUF-1,,¥600,¥0,¥600,¥60,Tx1,P1,iPad,,,Payment,Main\n"
        # half of one muffin given back: the Refund row holds what was refunded
        "2026-10-06,09:00:00,Asia/Tokyo,Food,Muffin,0,Regular,MUF-1,,-¥150,¥0,-¥150,-¥15,Rf1,P2,iPad,,,Refund,Main\n")
    sheet = read(tmp_path, "items-2026-10-01-2026-11-01.csv", text)
    assert sheet.table["net_sales"].tolist() == pytest.approx([600.0, -150.0])  # 450 in all


def test_airregi_accounts_customer_number_when_switched_on(tmp_path):
    # 顧客名 / 顧客番号 are written after 人数 when the store turns them on
    text = (
        "取引No,会計日,会計時間,人数,顧客名,顧客名(カナ),顧客番号,合計,カテゴリー名,メニュー名,価格,注文数量\n"
        "B1,2026/10/03,12:00:00,1,山田,ヤマダ,C-0012,1500,フード,カレー,1000,1\n"
        "B1,,,,,,,,ドリンク,ラッシー,500,1\n"
        "B2,2026/10/03,13:00:00,1,,,,800,ドリンク,チャイ,800,1\n"
    )
    sheet = read(tmp_path, "会計明細.csv", text, encoding="cp932")
    t = sheet.table
    assert t["customer"].tolist()[:2] == ["C-0012", "C-0012"]  # carried down its receipt, not past it
    assert t["customer"].isna().tolist()[2]
    assert t["net_sales"].sum() == pytest.approx(2300.0)


def test_the_japanese_packs_column_map_names_worked_out_columns_in_japanese(tmp_path):
    path = tmp_path / "商品別売上_20261001-20261031.csv"
    path.write_bytes(AIRREGI_ITEMS.encode("cp932"))
    out = tmp_path / "pack.xlsx"
    build_pack([path], Settings(lang="ja", period="2026-10"), out=out)
    ws = openpyxl.load_workbook(out, read_only=True)["データ品質"]
    rows = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    mapped = {tuple(r[-2:]) for r in rows if r and r[0] == path.name and len(r) == 5}
    # the date the rules took from the file's name, and each field, in Japanese
    assert ("ファイル名の日付", "日付") in mapped
    # 商品別売上 does not say whether 販売総売上 includes tax: the field is named for what the sheet held
    assert ("販売総売上", "売上金額（税込・税抜の別は不明）") in mapped and ("商品名", "商品名") in mapped
    text = " ".join(str(c) for r in rows for c in r)
    assert "file's name" not in text and "net_sales" not in text


def test_two_stores_numbering_their_receipts_alike_keep_their_own_totals(tmp_path):
    """Airレジ journal of two stores whose tills both start at 0001: each
    receipt total is shared over its own store's lines, and a cancellation
    voids the receipt of its own store only."""
    text = (
        "取引No,元取引No,取引日,店舗番号,取引種別,商品名,商品数,商品合計金額,合計,内消費税\n"
        "0001,,2026/10/01,S1,売上,A,1,1000,1650,150\n"      # S1: 1,500 before tax, shared 1,000 : 500
        "0001,,2026/10/01,S1,売上,B,1,500,1650,150\n"
        "0001,,2026/10/01,S2,売上,C,1,2000,2200,200\n"      # S2: 2,000 before tax
        "0002,,2026/10/01,S2,売上,C,1,2000,2200,200\n"
        "0002,,2026/10/01,S1,売上,A,1,1000,1100,100\n"
        "0009,0002,2026/10/01,S2,取消,C,1,2000,2200,200\n"  # voids S2's 0002, not S1's
    )
    sheet = read(tmp_path, "journal.csv", text, encoding="cp932")
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([1000.0, 500.0, 2000.0, 1000.0])
    assert t.groupby("store")["net_sales"].sum().to_dict() == pytest.approx({"S1": 2500.0, "S2": 2000.0})
    assert problems(sheet) == {5: "not a sale: receipt 0002 was cancelled by a later line",
                               7: "not a sale: 取引種別 is '取消'"}


def test_loyverse_receipts_by_item_with_the_dining_option_of_newer_exports(tmp_path):
    text = (
        "Date,Receipt number,Receipt type,Category,SKU,Item,Variant,Modifiers applied,Quantity,Gross sales,"
        "Discounts,Net sales,Cost of goods,Gross profit,Taxes,Dining option,POS,Store,Cashier name,Customer name,"
        "Customer contacts,Comment,Status\n"
        "28/10/2026 23:50,2-1678,Sale,FOOD,10221,Choco,,,1.000,15.00,0.00,15.00,12.50,2.50,0.00,Dine in,POS 2,"
        "Minimart,Owner,,,,Closed\n"
        "28/10/2026 23:50,2-1678,Sale,Supplies,98000001,Powder,,,6.000,119.88,0.00,119.88,90.72,29.16,0.00,Takeout,"
        "POS 2,Minimart,Owner,,,,Closed\n"
    )
    sheet = read(tmp_path, "receipts-by-item-2026-10-01-2026-10-31.csv", text)
    t = sheet.table
    assert sheet.mapping.profile == "loyverse_items"
    assert t["net_sales"].sum() == pytest.approx(15.00 + 119.88)
    assert t["qty"].tolist() == pytest.approx([1.0, 6.0])
    assert t["channel"].tolist() == ["Dine in", "Takeout"]


LOYVERSE_AMBIGUOUS = (  # a month's first days, on a 24-hour clock: 10/01 … 10/05 read either way
    "Date,Receipt number,Receipt type,Gross sales,Discounts,Net sales,Taxes,Total collected,Status\n"
    "10/01/2026 13:33,1-1,Sale,100.00,0.00,100.00,0.00,100.00,Closed\n"
    "10/03/2026 09:10,1-2,Sale,200.00,0.00,200.00,0.00,200.00,Closed\n"
    "10/05/2026 18:45,1-3,Sale,300.00,0.00,300.00,0.00,300.00,Closed\n"
)


def test_loyverse_dates_either_order_reads_are_asked_about_not_guessed(tmp_path):
    path = tmp_path / "receipts.csv"
    path.write_text(LOYVERSE_AMBIGUOUS, encoding="utf-8")
    with pytest.raises(KpipackError) as caught:
        read_file(path, Mapping())
    assert caught.value.code == "date_order_unclear"
    assert "Date" in caught.value.message("en") and "--date-order" in caught.value.message("en")
    for order, days in (("mdy", ["2026-10-01", "2026-10-03", "2026-10-05"]),
                        ("dmy", ["2026-01-10", "2026-03-10", "2026-05-10"])):
        tables, _ = read_file(path, Mapping().with_date_order(order))
        assert tables[0].mapping.profile == "loyverse_receipts"
        assert tables[0].table["date"].dt.strftime("%Y-%m-%d").tolist() == days


@pytest.mark.parametrize("name, days", [
    # the download's own name gives its days: only month first keeps 10/01 … 10/05 inside 2026-10-01 … 2026-10-05
    ("receipts-2026-10-01-2026-10-05.csv", ["2026-10-01", "2026-10-03", "2026-10-05"]),
    ("receipts-2026-01-01-2026-05-31.csv", ["2026-01-10", "2026-03-10", "2026-05-10"])])
def test_loyverse_dates_either_order_reads_take_the_order_the_files_name_fits(tmp_path, name, days):
    path = tmp_path / name
    path.write_text(LOYVERSE_AMBIGUOUS, encoding="utf-8")
    tables, _ = read_file(path, Mapping())
    assert tables[0].table["date"].dt.strftime("%Y-%m-%d").tolist() == days


def test_loyverse_dates_a_files_name_both_orders_fit_still_asks(tmp_path):
    path = tmp_path / "receipts-2026-01-01-2026-12-31.csv"
    path.write_text(LOYVERSE_AMBIGUOUS, encoding="utf-8")
    with pytest.raises(KpipackError) as caught:
        read_file(path, Mapping())
    assert caught.value.code == "date_order_unclear"


# ---------------------------------------------------------------- discounts and taxes of the whole receipt
SHOPIFY_OLD = (
    # the layout before Shopify added "Lineitem discount": an order's discount only as Discount Amount, on its first row
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,"
    "Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Cancelled at,"
    "Refunded Amount,Location,Source\n"
    # lines 2 × 30 = 60 and 1 × 40 = 40; SAVE10 takes 10 off the order: Subtotal 90
    "#3001,ada@example.com,paid,2026-10-03 10:15:00 +0900,fulfilled,JPY,90.00,5.00,9.00,104.00,SAVE10,10.00,"
    "2026-10-03 10:14:00 +0900,2,Fern Print,30.00,FERN-1,,0.00,,web\n"
    "#3001,ada@example.com,,,,,,,,,,,,1,Canvas Tote,40.00,TOTE-1,,,,\n"
    "#3002,bo@example.com,paid,2026-10-04 09:00:00 +0900,,JPY,25.00,0,2.50,27.50,,0,2026-10-04 09:00:00 +0900,"
    "1,Mug,25.00,MUG-1,,0.00,,web\n"
)


def test_shopify_order_discount_is_spread_over_its_lines_in_proportion_to_their_value(tmp_path):
    sheet = read(tmp_path, "orders_export_1.csv", SHOPIFY_OLD)
    assert sheet.mapping.profile == "shopify_orders"
    t = sheet.table
    # 10 off an order of 60 + 40: 6 off the first line, 4 off the second
    assert t.loc[t["receipt"] == "#3001", "net_sales"].tolist() == pytest.approx([54.0, 36.0])
    assert t.loc[t["receipt"] == "#3002", "net_sales"].tolist() == pytest.approx([25.0])
    assert t["net_sales"].sum() == pytest.approx(90.0 + 25.0)  # the orders' Subtotals


def test_shopify_free_shipping_code_is_not_taken_off_the_goods(tmp_path):
    head = SHOPIFY_OLD.splitlines()[0] + "\n"
    text = head + (
        # FREESHIP: 8.00 of Discount Amount is the shipping given away; Subtotal 100 = 2 × 30 + 40, goods undiscounted
        "#5001,ada@example.com,paid,2026-10-03 10:15:00 +0900,fulfilled,JPY,100.00,0.00,10.00,110.00,FREESHIP,8.00,"
        "2026-10-03 10:14:00 +0900,2,Fern Print,30.00,FERN-1,,0.00,,web\n"
        "#5001,ada@example.com,,,,,,,,,,,,1,Canvas Tote,40.00,TOTE-1,,,,\n"
        # an order code and free shipping together: 15.00 off, of which 10.00 on the goods (Subtotal 90)
        "#5002,bo@example.com,paid,2026-10-04 09:00:00 +0900,,JPY,90.00,0,9.00,99.00,SAVE10+SHIP,15.00,"
        "2026-10-04 09:00:00 +0900,1,Lamp,100.00,LAMP-1,,0.00,,web\n")
    t = read(tmp_path, "orders_export_1.csv", text).table
    assert t["net_sales"].tolist() == pytest.approx([60.0, 40.0, 90.0])
    assert t["net_sales"].sum() == pytest.approx(100.0 + 90.0)  # the Subtotals


def test_shopify_order_discount_already_on_its_lines_is_not_taken_twice(tmp_path):
    head = SHOPIFY.splitlines()[0] + "\n"  # the newer layout, with Lineitem discount
    text = head + (
        # a 4.00 line discount and a 6.00 order code: Discount Amount 10.00, of which 6.00 is not on a line;
        # lines 2 × 15 − 4 = 26 and 1 × 20 = 20 share it 26 : 20 (3.39 and 2.61): Subtotal 40
        "#4001,ed@example.com,paid,2026-10-06 10:00:00 -0400,fulfilled,USD,40.00,0,0,40.00,SAVE6,10.00,"
        "2026-10-06 10:00:00 -0400,2,Fern Print,15.00,FERN-1,4.00,,0.00,,web\n"
        "#4001,ed@example.com,,,,,,,,,,,,1,Canvas Tote,20.00,TOTE-1,0,,,,\n")
    t = read(tmp_path, "orders_export_1.csv", text).table
    assert t["net_sales"].tolist() == pytest.approx([26 - 6 * 26 / 46, 20 - 6 * 20 / 46])
    assert t["net_sales"].sum() == pytest.approx(40.0)


LOYVERSE_TAXES = (
    "Date,Receipt number,Receipt type,Gross sales,Discounts,Net sales,Taxes,Total collected,Cost of goods,"
    "Gross profit,Payment type,Description,Dining option,POS,Store,Cashier name,Customer name,Customer contacts,"
    "Status\n"
    # a tax included in the price: Total collected = Net sales, the 10 of tax is inside the 110
    "10/28/26 1:33 PM,4-1,Sale,110.00,0.00,110.00,10.00,110.00,30.00,80.00,Cash,1 x Latte,Dine in,POS 1,"
    "Cafe,Owner,,,Closed\n"
    # a tax added to the price: Total collected = Net sales + Taxes, the 200 holds none
    "10/28/26 2:10 PM,4-2,Sale,200.00,0.00,200.00,20.00,220.00,60.00,140.00,Card,1 x Salad,Dine in,POS 1,"
    "Cafe,Owner,,,Closed\n"
    # one item of each: 8 included (in 88) and 5 added (on 50): Total 143 = 138 + 5
    "10/29/26 9:05 AM,4-3,Sale,138.00,0.00,138.00,13.00,143.00,40.00,98.00,Cash,2 items,Dine in,POS 1,"
    "Cafe,Owner,,,Closed\n"
    # the refund of an included-tax item: −55 holds −5 of tax
    "10/30/26 9:05 AM,4-4,Refund,-55.00,0.00,-55.00,-5.00,-55.00,-15.00,-40.00,Cash,1 x Soup,Dine in,POS 1,"
    "Cafe,Owner,,,Closed\n"
)


def test_loyverse_receipts_net_sales_are_made_net_of_a_tax_included_in_the_price(tmp_path):
    sheet = read(tmp_path, "receipts-2026-10-01-2026-10-31.csv", LOYVERSE_TAXES)
    assert sheet.mapping.profile == "loyverse_receipts"
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([100.0, 200.0, 130.0, -50.0])  # 110 − 10, 200, 138 − 8, −55 + 5
    assert t["net_sales"].sum() == pytest.approx(380.0)


# ---------------------------------------------------------------- Shopify: prices that include tax
SHOPIFY_TAXED = (
    "Name,Email,Financial Status,Paid at,Currency,Subtotal,Shipping,Taxes,Total,Discount Amount,Created at,"
    "Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem discount,Cancelled at,Refunded Amount,"
    "Location,Source,Tax 1 Name,Tax 1 Value\n"
    # a Japanese shop, prices with 10 % in them: Total = Subtotal + Shipping, the 100 of Taxes is inside 1,100;
    # lines 770 and 330 give it back 70 : 30 -> 700 and 300
    "#1,a@example.jp,paid,2026-10-01 10:00:00 +0900,JPY,1100,0,100,1100,0,2026-10-01 10:00:00 +0900,"
    "1,Tea,770,TEA,0,,0,,web,JCT 10%,100\n"
    "#1,a@example.jp,,,,,,,,,,1,Cup,330,CUP,0,,,,,,\n"
    # shipping taxed too: 250 = 2,750 / 11 of tax, of which the goods hold 2,200 × 0.1 / 1.1 = 200 -> 2,000
    "#2,b@example.jp,paid,2026-10-02 10:00:00 +0900,JPY,2200,550,250,2750,0,2026-10-02 10:00:00 +0900,"
    "2,Pot,1100,POT,0,,0,,web,消費税 10%,250\n"
    # no rate named: the 100 inside 1,000 of goods and 100 of shipping is shared 10 : 1 -> 1,000 − 90.909…
    "#3,c@example.jp,paid,2026-10-03 10:00:00 +0900,JPY,1000,100,100,1100,0,2026-10-03 10:00:00 +0900,"
    "1,Bowl,1000,BOWL,0,,0,,web,,\n"
    # tax added on top (Total = 50 + 5 + 4): the prices hold none -> 50
    "#4,d@example.com,paid,2026-10-04 10:00:00 +0900,JPY,50,5,4,59,0,2026-10-04 10:00:00 +0900,"
    "1,Spoon,50,SPOON,0,,0,,web,Tax 8%,4\n"
    # 550 of 1,100 given back, tax inside: the goods' share without tax is 550 × (1,100 − 100) / 1,100 = 500;
    # the line is 1,100 − 100 − 500 = 500
    "#5,e@example.jp,partially_refunded,2026-10-05 10:00:00 +0900,JPY,1100,0,100,1100,0,2026-10-05 10:00:00 +0900,"
    "1,Tray,1100,TRAY,0,,550,,web,JCT 10%,100\n"
    # a gift card sold is no sale of goods, in a known export as in any other
    "#6,f@example.jp,paid,2026-10-06 10:00:00 +0900,JPY,3000,0,0,3000,0,2026-10-06 10:00:00 +0900,"
    "1,Gift Card,3000,,0,,0,,web,,\n"
)


def test_shopify_prices_that_include_tax_are_read_without_it(tmp_path):
    sheet = read(tmp_path, "orders_export_1.csv", SHOPIFY_TAXED)
    assert sheet.mapping.profile == "shopify_orders"
    t = sheet.table.set_index("sku")["net_sales"]
    assert t["TEA"] == pytest.approx(700.0) and t["CUP"] == pytest.approx(300.0)
    assert t["POT"] == pytest.approx(2000.0)
    assert t["BOWL"] == pytest.approx(1000.0 - 100.0 * 1000.0 / 1100.0)
    assert t["SPOON"] == pytest.approx(50.0)
    assert t["TRAY"] == pytest.approx(500.0)
    assert sheet.table["net_sales"].sum() == pytest.approx(700 + 300 + 2000 + 1000 - 100000 / 1100 + 50 + 500)
    assert problems(sheet) == {8: "not a sale of goods: Lineitem name 'Gift Card' is a gift card or voucher sold "
                                  "(a sale when it is spent)"}
    said = export_profiles.read_as("shopify_orders", "en", list(SHOPIFY_TAXED.splitlines()[0].split(",")))
    assert "net sales exclude tax" in said


def test_shopify_without_its_tax_columns_says_the_sales_are_as_exported(tmp_path):
    head = "Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku"
    said = export_profiles.read_as("shopify_orders", "en", head.split(","))
    assert "exclude tax" not in said


def test_a_single_location_square_export_with_blank_locations_is_one_store_in_dollars(tmp_path):
    # the 2018 layout, saved back by a spreadsheet: amounts "$1,000.00 " with a trailing space,
    # fees in brackets, Location blank on every row, Partial Refunds of $0.00 on each
    head = ("Date,Time,Time Zone,Gross Sales,Discounts,Net Sales,Gift Card Sales,Tax,Tip,Partial Refunds,"
            "Total Collected,Source,Card,Fees,Net Total,Transaction ID,Event Type,Location,Customer ID\n")
    rows = ('11/03/2026,,,"$1,000.00 ",$0.00 ,"$1,000.00 ",$0.00 ,$0.00 ,$0.00 ,$0.00 ,"$1,000.00 ",,'
            '"$1,000.00 ",($29.30),$970.70 ,,Payment,,\n'
            "11/17/2026,,,$250.00 ,($10.00),$240.00 ,$0.00 ,$0.00 ,$0.00 ,$0.00 ,$240.00 ,,$240.00 ,($7.26),"
            "$232.74 ,,Payment,,\n"
            "11/20/2026,,,$60.00 ,$0.00 ,$60.00 ,$0.00 ,$0.00 ,$0.00 ,$0.00 ,$60.00 ,,$60.00 ,($2.04),$57.96 ,,"
            "Payment,,\n")
    sheet = read(tmp_path, "square_example.csv", head + rows)
    assert sheet.mapping.profile == "square_transactions"
    assert sheet.currency == "USD"
    t = sheet.table
    assert t["net_sales"].sum() == pytest.approx(1000.0 + 240.0 + 60.0)
    assert set(t["store"]) == {"MAIN"} and t["receipt"].nunique() == 3
    assert [w.problem("en") for w in sheet.warnings if w.code == "note_store_column_blank"] == [
        "the store column Location is blank on every row: the sheet is read as one store's (MAIN), "
        "as a sheet without a store column"]


WOO_EXPORT = (
    "Order Number,Order Status,Order Date,Customer Note,First Name (Billing),Email (Billing),Item #,SKU,Name,"
    "Quantity,Item Cost,Coupon Code,Discount Amount,Discount Amount Tax,Shipping Method Title,Payment Method Title,"
    "Cart Discount Amount,Order Subtotal Amount,Order Shipping Amount,Order Refund Amount,Order Total Amount,"
    "Order Total Tax Amount\n"
    # two lines: 2 × 15.00 and 1 × 20.00 (Item Cost is after coupons, without tax); tax and shipping not sales
    "1001,completed,2026-10-03 14:05,,Ada,ada@example.com,1,FERN-1,Fern Print,2,15.00,,,,Flat rate,Card,0,50.00,5.00,0,"
    "59.00,4.00\n"
    "1001,,,,,,2,TOTE-1,Canvas Tote,1,20.00,,,,,,,,,,,\n"
    # 11.80 given back: its goods' share is 11.80 × 50 / 59 = 10.00, off the one line -> 50 − 10
    "1002,completed,2026-10-04 09:00,,Bo,bo@example.com,3,LAMP-1,Lamp,1,50.00,,,,Flat rate,Card,0,50.00,5.00,11.80,"
    "59.00,4.00\n"
    "1003,cancelled,2026-10-05 09:00,,Cy,cy@example.com,4,MUG-1,Mug,1,12.00,,,,Flat rate,Card,0,12.00,0,0,12.00,0\n"
    "1004,pending,2026-10-06 09:00,,Di,di@example.com,5,MUG-1,Mug,2,12.00,,,,Flat rate,Card,0,24.00,0,0,24.00,0\n"
)


def test_woocommerce_order_export_plugin_reads_quantity_times_item_cost(tmp_path):
    sheet = read(tmp_path, "orders-2026-10-31.csv", WOO_EXPORT)
    assert sheet.mapping.profile == "woocommerce_order_export"
    t = sheet.table
    assert t.loc[t["receipt"] == "1001", "net_sales"].tolist() == pytest.approx([30.0, 20.0])
    assert t.loc[t["receipt"] == "1002", "net_sales"].tolist() == pytest.approx([40.0])
    assert t["net_sales"].sum() == pytest.approx(90.0)
    assert set(t.loc[t["receipt"] == "1001", "customer"]) == {"ada@example.com"}
    assert problems(sheet) == {5: "not a sale: Order Status is 'cancelled'", 6: "not a sale: Order Status is 'pending'"}


def test_refunds_without_a_date_are_taken_from_the_orders_month_with_a_note(tmp_path):
    text = SHOPIFY.splitlines()[0] + "\n" + (
        # an October order refunded in part: Subtotal 50 of Total 59, 11.80 back → 10.00 of sales
        "#2001,ed@example.com,partially_refunded,2026-10-06 10:00:00 -0400,fulfilled,USD,50.00,5.00,4.00,59.00,,0,"
        "2026-10-06 10:00:00 -0400,2,Fern Print,15.00,FERN-1,0,,11.80,,web\n"
        "#2001,ed@example.com,,,,,,,,,,,,1,Canvas Tote,20.00,TOTE-1,0,,,,\n"
        # Subtotal 12 of Total 12, 6 back → 6.00
        "#2003,gu@example.com,partially_refunded,2026-11-08 10:00:00 -0400,,USD,12.00,0,0,12.00,,0,"
        "2026-11-08 10:00:00 -0400,1,Mug,12.00,MUG-1,0,,6.00,,web\n")
    sheet = read(tmp_path, "orders_export_1.csv", text)
    t = sheet.table
    months = t.assign(month=t["date"].astype(str).str[:7]).groupby("month")["net_sales"].sum()
    assert months.to_dict() == pytest.approx({"2026-10": 40.0, "2026-11": 6.0})
    notes = [w for w in sheet.warnings if w.code == "note_refunds_order_month"]
    assert [n.params for n in notes] == [{"column": "Refunded Amount", "orders": 2, "amount": "16"}]
    assert "2 orders (16 of sales)" in notes[0].problem("en")
    assert "2 件の注文の返金（売上 16）" in notes[0].problem("ja")


def test_no_refund_note_where_nothing_was_refunded(tmp_path):
    text = SHOPIFY.splitlines()[0] + "\n" + (
        "#2003,gu@example.com,paid,2026-10-08 10:00:00 -0400,,USD,12.00,0,0,12.00,,0,"
        "2026-10-08 10:00:00 -0400,1,Mug,12.00,MUG-1,0,,0.00,,web\n")
    sheet = read(tmp_path, "orders_export_1.csv", text)
    assert sheet.table["net_sales"].sum() == pytest.approx(12.0)
    assert not [w for w in sheet.warnings if w.code == "note_refunds_order_month"]


def test_shopify_orders_with_the_american_spelling_canceled_at(tmp_path):
    """The export's newer header (`Canceled at`, `Lineitem SKU`, `Lineitem compare-at price`): a
    cancelled order is still no sale, and its date still carried down its lines."""
    text = (
        "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total,"
        "Discount Code,Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price,"
        "Lineitem compare-at price,Lineitem SKU,Lineitem discount,Canceled at,Refunded Amount,Location,Source\n"
        "#3001,a@example.com,paid,2026-10-03 10:15:00 -0400,fulfilled,USD,35.00,0,0,35.00,,0,"
        "2026-10-03 10:14:00 -0400,1,Fern Print,15.00,,FERN-1,0,,0.00,,web\n"
        "#3001,a@example.com,,,,,,,,,,,,1,Canvas Tote,20.00,,TOTE-1,0,,,,\n"
        "#3002,b@example.com,paid,2026-10-04 09:00:00 -0400,,USD,24.00,0,0,24.00,,0,"
        "2026-10-04 09:00:00 -0400,2,Mug,12.00,,MUG-1,0,2026-10-04 11:00:00 -0400,0.00,,web\n"
        "#3002,b@example.com,,,,,,,,,,,,1,Bowl,9.00,,BOWL-1,0,,,,\n")
    sheet = read(tmp_path, "orders_export_1.csv", text)
    assert sheet.mapping.profile == "shopify_orders"
    assert sheet.table["net_sales"].sum() == pytest.approx(35.0)  # #3002 cancelled: neither of its lines
    assert set(sheet.table["sku"]) == {"FERN-1", "TOTE-1"}
    assert sorted(i.row for i in sheet.issues) == [4, 5]
