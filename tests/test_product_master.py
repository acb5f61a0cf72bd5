"""An ordinary product master (SKU or JAN, name, category, price, cost) is
read as the product master — not skipped as a stock-take lacking its counts —
and a sheet of goods sold that lacks only its date is still named for that."""
import pytest

from kpipack.ingest import load_inputs
from kpipack.ingest.explain import NothingUsable
from test_layouts import build, write_csv
from workbooks import write_book

MASTER = [["JANコード", "商品名", "カテゴリ", "売価", "原価"],
          ["4901234567894", "コーヒー", "飲料", 300, 120],
          ["4901234567895", "紅茶", "飲料", 250, 90],
          ["4901234567896", "クッキー", "菓子", 400, 150]]
SALES = [["日付", "店舗", "レシート番号", "JANコード", "数量", "売上金額"],
         ["2026/10/01", "S1", "R1", "4901234567894", "2", "600"],
         ["2026/10/02", "S1", "R2", "4901234567896", "1", "400"]]


@pytest.mark.parametrize("head", [MASTER[0], ["SKU", "Product name", "Category", "Price", "Cost"],
                                  ["商品コード", "商品名", "部門", "原単価"]])
def test_a_product_master_is_read_as_one(tmp_path, head):
    rows = [head] + [r[:len(head)] for r in MASTER[1:]]
    data = load_inputs([write_book(tmp_path / "master.xlsx", {"商品マスタ": rows})], use_cache=False)
    (sheet,) = data.sheets
    assert sheet.role == "products" and sheet.rows_read == 3
    assert not [n for n in data.notes if n.code.startswith("sheet_no_role")]


def test_the_masters_categories_and_costs_reach_the_pack(tmp_path):
    master = write_book(tmp_path / "master.xlsx", {"商品マスタ": MASTER})
    code, results = build(tmp_path, master, write_csv(tmp_path / "sales.csv", SALES))
    assert code == 0
    rows = {r["sku"]: r for r in results["replenishment"]}
    # the master's category and cost (原価 is one unit's cost in a master) on the SKUs sold
    assert rows["4901234567894"]["category"] == "飲料" and rows["4901234567894"]["unit_cost"] == 120
    assert rows["4901234567896"]["category"] == "菓子" and rows["4901234567896"]["unit_cost"] == 150


def test_goods_sold_without_a_date_are_not_taken_for_a_master(tmp_path):
    rows = [["JANコード", "商品名", "数量", "売上金額"], ["4901234567894", "コーヒー", 2, 600]]
    path = write_book(tmp_path / "sold.xlsx", {"売上": rows})
    with pytest.raises(NothingUsable) as raised:
        load_inputs_and_check(path)
    text = raised.value.message("ja")
    assert "sold.xlsx" in text and "日付" in text


def load_inputs_and_check(path):
    data = load_inputs([path], use_cache=False)
    if not any(s.role == "sales" for s in data.sheets):
        raise NothingUsable(data)
