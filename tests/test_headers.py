"""Header normalisation, header-row detection, roles and mapping, in English and Japanese."""
import datetime as dt
import json

import pytest

from kpipack.cli import main
from kpipack.ingest import Mapping, load_inputs
from kpipack.ingest.headers import classify, find_header_row, normalise
from workbooks import write_book


@pytest.mark.parametrize("raw,expected", [
    ("売上金額(税抜)", "売上金額"),
    ("売上金額（税抜）", "売上金額"),
    ("Net Sales (JPY)", "netsales"),
    ("ＮＥＴ　ＳＡＬＥＳ", "netsales"),
    ("売場面積【坪】", "売場面積"),
    ("Floor area m²", "floorarea"),
    ("Floor_Area_㎡", "floorarea"),
    ("店舗・コード", "店舗コード"),
    ("amount yen", "amount"),
    ("  Store-ID ", "storeid"),
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize("headers,role,expect", [
    (["日付", "店舗コード", "レシート番号", "売上金額"], "sales", {"date": 0, "store": 1, "receipt": 2, "net_sales": 3}),
    (["Transaction Date", "Store ID", "Invoice No", "Qty", "Unit Price"], "sales",
     {"date": 0, "store": 1, "receipt": 2, "qty": 3, "unit_price": 4}),
    (["店舗名", "店舗コード", "取引日", "売上高"], "sales", {"store": 1, "date": 2, "net_sales": 3}),
    (["日付", "店舗", "来店客数", "人時"], "traffic", {"date": 0, "store": 1, "visitors": 2, "labor_hours": 3}),
    (["Date", "Shop", "Footfall", "Staff hours"], "traffic", {"visitors": 2, "labor_hours": 3}),
    (["店舗コード", "店舗名", "売場面積(坪)", "エリア"], "stores",
     {"store": 0, "store_name": 1, "floor_area": 2, "region": 3}),
    (["基準日", "店舗", "JANコード", "帳簿在庫", "原単価"], "inventory", {"date": 0, "sku": 2, "on_hand": 3, "unit_cost": 4}),
    (["棚卸日", "店舗", "SKU", "帳簿数", "実棚数"], "stocktake", {"book_qty": 3, "counted_qty": 4}),
    (["年月", "店舗", "販管費"], "finance", {"month": 0, "opex": 2}),
    (["Date", "Store", "NPS score"], "survey", {"score": 2}),
    (["日付", "店舗", "伝票No.", "品名", "売上数", "金額"], "sales", {"receipt": 2, "qty": 4, "net_sales": 5}),
    (["日付", "店舗", "会計番号", "販売個数", "売上金額"], "sales", {"receipt": 2, "qty": 3}),
])
def test_classify_and_map(headers, role, expect):
    mapping = classify(headers, "Sheet1")
    assert mapping.role == role
    by_field = {f: c for c, f in mapping.columns.items()}
    for fld, col in expect.items():
        assert by_field[fld] == col


def test_budget_is_recognised_by_its_words():
    mapping = classify(["年月", "店舗", "売上予算", "粗利予算"], "予算")
    assert mapping.role == "budget"
    assert sorted(mapping.budget_columns.values()) == ["売上予算", "粗利予算"]


def test_sheet_fitting_no_role():
    assert classify(["Person", "Region"], "People").role is None


def test_header_row_found_under_titles():
    rows = [["月次売上レポート", None, None], [None, None, None], ["作成: 本部", None, None],
            ["日付", "店舗", "売上金額"], ["2026-10-01", "A", "100"]]
    assert find_header_row(rows) == 3


def test_import_with_title_rows_reports_sheet_row_numbers(tmp_path):
    path = write_book(tmp_path / "pos.xlsx", {"POS": [
        ["POS export"], [], ["日付", "店舗", "売上金額"],
        [dt.datetime(2026, 10, 1), "A", "¥1,200"],
        ["2026年10月2日", "A", "１，０００円"],
        ["not a date", "A", 5],
        ["合計", None, 2205],
    ]})
    ds = load_inputs([path])
    sales = ds.tables["sales"]
    assert sales["net_sales"].tolist() == [1200.0, 1000.0]
    assert sales["_row"].tolist() == [4, 5]
    assert [(i.row, i.code) for i in ds.issues] == [(6, "row_date_bad"), (7, "row_total")]
    assert ds.rows_read == ds.rows_used + ds.rows_rejected == 4


def test_mapping_file_overrides(tmp_path):
    path = write_book(tmp_path / "odd.xlsx", {"Data": [
        ["When", "Outlet", "Banked"], [dt.datetime(2026, 10, 31), "A", 100], [dt.datetime(2026, 10, 31), "B", 50],
    ]})
    assert load_inputs([path]).tables == {}
    map_file = tmp_path / "map.toml"
    map_file.write_text('[Data]\n_role = "sales"\nWhen = "date"\nOutlet = "store"\n"Banked" = "net_sales"\n',
                        encoding="utf-8")
    ds = load_inputs([path], Mapping.load(map_file))
    assert ds.tables["sales"]["net_sales"].sum() == 150
    out = tmp_path / "r.json"
    assert main(["build", str(path), "--map", str(map_file), "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert {r["scope"] for r in data["kpis"]} == {"total", "store:A", "store:B"}


def test_mapping_file_with_unknown_field_is_a_clear_error(tmp_path, capsys):
    path = write_book(tmp_path / "s.xlsx", {"s": [["date", "sales"], [dt.datetime(2026, 10, 31), 1]]})
    map_file = tmp_path / "map.toml"
    map_file.write_text('[sales]\nsales = "revenue"\n', encoding="utf-8")
    assert main(["build", str(path), "--map", str(map_file), "--json", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err
    assert "map.toml" in err and "revenue" in err and "Traceback" not in err


def test_tax_excluded_amount_wins_over_tax_included():
    mapping = classify(["日付", "売上金額(税込)", "売上金額(税抜)"], "POS")
    assert {f: c for c, f in mapping.columns.items()}["net_sales"] == 2


def test_long_budget_and_store_names_for_codes(tmp_path):
    """A long budget (month, store, kpi, value) and sales that name stores by the master's names."""
    write_book(tmp_path / "sales.csv.xlsx", {"POS": [
        ["売上日", "店舗名", "売上高"],
        [dt.datetime(2026, 10, 31), "渋谷店", 300], [dt.datetime(2026, 10, 31), "横浜店", 700]]})
    write_book(tmp_path / "master.xlsx", {"店舗": [["店舗コード", "店舗名", "面積"], ["S01", "渋谷店", 10],
                                                   ["S02", "横浜店", 20]]})
    write_book(tmp_path / "budget.xlsx", {"予算": [
        ["対象月", "店舗コード", "指標", "値"],
        [dt.datetime(2026, 10, 1), "S01", "売上高", 250], ["2026-10", "S02", "net_sales", 800]]})
    out = tmp_path / "r.json"
    assert main(["build", str(tmp_path), "--json", str(out)]) == 0
    rows = {(r["id"], r["scope"]): r for r in json.loads(out.read_text())["kpis"]}
    assert rows[("net_sales", "store:S01")]["budget"] == 250
    assert rows[("net_sales", "store:S02")]["budget"] == 800
    assert rows[("net_sales", "total")]["budget"] == 1050
    assert rows[("sales_per_area", "total")]["actual"] == 1000 / 30


def test_store_codes_written_with_and_without_leading_zeros(tmp_path):
    """Sales with store 1 and 2 (numbers), a master with '001' and '002' (text)."""
    write_book(tmp_path / "sales.xlsx", {"POS": [["日付", "店舗コード", "売上高"],
                                                 [dt.datetime(2026, 10, 31), 1, 300],
                                                 [dt.datetime(2026, 10, 31), 2, 700]]})
    write_book(tmp_path / "master.xlsx", {"店舗": [["店舗コード", "店舗名", "売場面積"], ["001", "本店", 10],
                                                   ["002", "駅前店", 20]]})
    out = tmp_path / "r.json"
    assert main(["build", str(tmp_path), "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    rows = {(r["id"], r["scope"]): r for r in data["kpis"]}
    assert rows[("sales_per_area", "store:1")]["actual"] == 30.0
    assert {s["id"]: s["name"] for s in data["stores"]} == {"1": "本店", "2": "駅前店"}


def test_shop_report_headers_read_without_a_mapping(tmp_path):
    """A shop report's own words: Purchase Date is the day, Net Goods Sales the sale (goods less
    discounts, without shipping or tax), among other money columns that are not it."""
    from exports import read_sheet

    sheet = read_sheet(tmp_path, "report.csv", (
        "Purchase Date,Order ID,Item,Units,Gross Goods Sales,Discounts,Net Goods Sales,Shipping,Tax,Total Sales\n"
        "2026-10-01,A1,Mug,1,14.00,2.00,12.00,5.00,1.20,18.20\n"
        "2026-10-02,A2,Bowl,2,18.00,0,18.00,5.00,1.80,24.80\n"))
    fields = {sheet.mapping.headers[c]: f for c, f in sheet.mapping.columns.items()}
    assert fields["Purchase Date"] == "date" and fields["Net Goods Sales"] == "net_sales"
    assert sheet.table["net_sales"].sum() == pytest.approx(30.0)
    assert not sheet.mapping.guessed  # by the headers' words, not a guess from the values


@pytest.mark.parametrize("header", ["Net Sales (excl. tax)", "Net sales ex VAT", "Sales (tax excl.)"])
def test_an_english_tax_qualifier_does_not_hide_the_field(header):
    assert normalise(header) in {"netsales", "sales"}
    mapping = classify(["Date", header, "Sales (incl. tax)"], "report")
    assert {f: c for c, f in mapping.columns.items()}["net_sales"] == 1  # the tax-excluded one


@pytest.mark.parametrize("header", ["Sale ID", "Invoice Number", "Ticket #", "Ticket Number", "Order #",
                                    "伝票No", "伝票No.", "レシートNo.", "取引No."])
def test_the_sales_number_as_reports_name_it_is_the_receipt(header):
    mapping = classify(["Date", header, "Product", "Qty", "Net Sales"], "report")
    assert {f: c for c, f in mapping.columns.items()}["receipt"] == 1


@pytest.mark.parametrize("headers, net", [
    (["日付", "売上", "返品", "純売上", "客数"], "純売上"),  # a daily report: sales, returns, and what is left
    (["日付", "売上", "税抜売上"], "税抜売上"),
    (["Date", "Gross sales", "Refunds", "Net sales"], "Net sales"),
])
def test_a_net_figure_beside_the_sales_is_the_net_sales(headers, net):
    mapping = classify(headers, "日報")
    assert mapping.field_header("net_sales") == net
