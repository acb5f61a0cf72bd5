"""A stock list's value: at its own unit cost, else its value at cost (在庫金額)
÷ its quantity, else the product master's unit cost — and where none gives one,
the month's stock value is empty and says why, never valued at zero.
Expected values are worked out by hand below."""
import datetime as dt
import json

from kpipack.domain import Settings
from kpipack.pipeline import build_pack
from workbooks import write_book

END = dt.date(2026, 10, 31)


def _build(tmp_path, stock, *more):
    sales = [["日付", "店舗コード", "レシート番号", "商品コード", "数量", "売上金額", "原価"]]
    sales += [[dt.date(2026, 10, d), "S01", f"A{d}", "4901", 1, 1000, 600] for d in range(1, 32)]
    files = [write_book(tmp_path / "sales.xlsx", {"売上": sales}), write_book(tmp_path / "stock.xlsx", {"在庫": stock})]
    build_pack(files + [write_book(tmp_path / f"{n}.xlsx", {n: rows}) for n, rows in more],
               Settings(lang="ja", period="2026-10"), json_out=tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    value = next((k["actual"] for k in data["kpis"] if k["id"] == "inventory_value" and k["scope"] == "total"), None)
    return value, [w["problem"] for w in data["data_quality"]["warnings"]]


def test_a_value_at_cost_gives_the_unit_cost(tmp_path):
    stock = [["日付", "店舗コード", "商品コード", "在庫数", "在庫金額"], [END, "S01", "4901", 10, 6000],
             [END, "S01", "4902", 4, 2200]]
    value, notes = _build(tmp_path, stock)
    assert value == 8200  # 10 × 600 + 4 × 550
    assert any("在庫 2 行の原単価を「在庫金額」÷ 在庫数で求めました" in n for n in notes)


def test_the_product_master_gives_a_missing_unit_cost(tmp_path):
    stock = [["日付", "店舗コード", "商品コード", "在庫数"], [END, "S01", "4901", 10], [END, "S01", "4902", 4]]
    value, notes = _build(tmp_path, stock, ("商品マスタ", [["商品コード", "商品名", "原単価"], ["4901", "A", 600],
                                                         ["4902", "B", 550]]))
    assert value == 8200
    assert any("在庫 2 行の原単価を商品マスタから取りました" in n for n in notes)


def test_stock_without_a_unit_cost_is_no_value_and_says_so(tmp_path):
    stock = [["日付", "店舗コード", "商品コード", "在庫数", "原単価"], [END, "S01", "4901", 10, 600],
             [END, "S01", "4902", 4, None]]
    value, notes = _build(tmp_path, stock)
    assert value is None  # not 6,000: the 4902 row has a quantity and no cost
    assert any("2026年10月 の在庫金額は S01 で空欄です。在庫 1 行に原単価がありません" in n for n in notes)
