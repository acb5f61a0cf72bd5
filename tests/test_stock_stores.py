"""Stock given for only some stores: the company's days of inventory,
turnover and GMROI divide the stock of the stores that have both stock and
sales by those same stores' cost of sales, and the stores left out are named.
Expected values are worked out by hand below."""
import datetime as dt
import json

import pytest

from kpipack.domain import Settings
from kpipack.pipeline import build_pack
from workbooks import write_book


def _build(tmp_path, lang: str):
    sales = [["日付", "店舗コード", "レシート番号", "商品コード", "数量", "売上金額", "原価"]]
    for d in range(1, 32):  # S01: sales 2,000 cost 1,000 a day; S02: sales 4,000 cost 2,000 a day
        sales += [[dt.date(2026, 10, d), "S01", f"A{d}", "X1", 1, 2000, 1000],
                  [dt.date(2026, 10, d), "S02", f"B{d}", "X1", 1, 4000, 2000]]
    stock = [["日付", "店舗コード", "商品コード", "在庫数", "原単価"],
             [dt.date(2026, 10, 31), "S01", "X1", 31, 1000],  # 31,000 at cost
             [dt.date(2026, 10, 31), "S09", "X1", 50, 1000]]  # 50,000, a store with no sales
    files = [write_book(tmp_path / "sales.xlsx", {"売上": sales}), write_book(tmp_path / "stock.xlsx", {"在庫": stock})]
    build_pack(files, Settings(lang=lang, period="2026-10"), json_out=tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    return ({(k["id"], k["scope"]): k["actual"] for k in data["kpis"]},
            [w["problem"] for w in data["data_quality"]["warnings"]])


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_company_stock_ratios_are_over_the_stores_with_both_figures(tmp_path, lang):
    kpis, warnings = _build(tmp_path, lang)
    # S01: 31,000 / (31,000 cost / 31 days) = 31 days; the company the same, not 31,000 / (93,000 / 31) = 10.3
    assert kpis[("days_of_inventory", "store:S01")] == pytest.approx(31.0)
    assert kpis[("days_of_inventory", "total")] == pytest.approx(31.0)
    assert kpis[("inventory_turnover", "total")] == pytest.approx(365 / 31)  # 11.77
    # GMROI: S01's gross profit 31,000 × 365 / 31 / 31,000 = 11.77, not all stores' 93,000 × 365 / 31 / 31,000
    assert kpis[("gmroi", "total")] == pytest.approx(365 / 31)
    assert kpis[("days_of_inventory", "store:S02")] is None
    assert kpis[("inventory_value", "total")] == pytest.approx(81000.0)  # all stock: 31,000 + 50,000
    assert kpis[("cogs", "total")] == pytest.approx(93000.0)  # all stores: (1,000 + 2,000) × 31
    if lang == "en":
        assert any(w.startswith("S02 sold in 2026-10 but have no stock") for w in warnings)
        assert any("from S09, which have no sales" in w for w in warnings)
    else:
        assert any(w.startswith("S02 は") and "月末在庫がありません" in w for w in warnings)
        assert any("売上のない店舗 S09 の月末在庫" in w for w in warnings)


def test_all_stores_rows_by_category_are_over_the_stores_with_both_figures(tmp_path):
    """Category 食品 (X1): S01 sells 2,000 at cost 1,000 a day and holds 31,000; S02 sells 4,000 at cost 2,000 a
    day and holds none; S09 holds 50,000 and sells nothing. Category 雑貨 (Y1): S01 holds 10,000, no sale of it.
    The all-stores rows take S01 alone, as the company's ratios do."""
    from kpipack.kpis.engine import TOTAL
    from kpipack.kpis.views import inventory_by_category

    sales = [["日付", "店舗コード", "レシート番号", "商品コード", "数量", "売上金額", "原価"]]
    for d in range(1, 32):
        sales += [[dt.date(2026, 10, d), "S01", f"A{d}", "X1", 1, 2000, 1000],
                  [dt.date(2026, 10, d), "S02", f"B{d}", "X1", 1, 4000, 2000]]
    stock = [["日付", "店舗コード", "商品コード", "カテゴリ", "在庫数", "原単価"],
             [dt.date(2026, 10, 31), "S01", "X1", "食品", 31, 1000], [dt.date(2026, 10, 31), "S01", "Y1", "雑貨", 10, 1000],
             [dt.date(2026, 10, 31), "S09", "X1", "食品", 50, 1000]]
    files = [write_book(tmp_path / "sales.xlsx", {"売上": sales}), write_book(tmp_path / "stock.xlsx", {"在庫": stock})]
    result = build_pack(files, Settings(lang="en", period="2026-10"), json_out=tmp_path / "r.json")
    cats = inventory_by_category(result.computation).set_index(["store", "category"])
    food, goods = cats.loc[(TOTAL, "食品")], cats.loc[(TOTAL, "雑貨")]
    # 食品: S01's 31,000 over its cost 31,000 / 31 days = 31 days (not 81,000 / (93,000 / 31) = 27 days)
    assert food["days_of_inventory"] == pytest.approx(31.0)
    assert food["inventory_turnover"] == pytest.approx(365 / 31)
    assert food["gmroi"] == pytest.approx(31000 * 365 / 31 / 31000)  # S01's gross profit over its stock
    assert food["inventory_value"] == pytest.approx(81000.0) and food["cogs"] == pytest.approx(93000.0)  # all stores
    # 雑貨: S01 (stock and sales) holds 10,000 and sold none of it: no cost, no days
    assert goods["inventory_value"] == pytest.approx(10000.0) and pd_isna(goods["days_of_inventory"])
    assert cats.loc[("S01", "食品"), "days_of_inventory"] == pytest.approx(31.0)


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))
