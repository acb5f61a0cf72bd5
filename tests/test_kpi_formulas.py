"""Every KPI formula of the contract on a small table computed by hand.

Two stores A and B, period 2026-10, fiscal year from April. The comments give
the arithmetic each expected value comes from.
"""
import datetime as dt
import json
import math

import pytest

from kpipack.domain import Settings
from kpipack.pipeline import build_pack
from workbooks import write_book

D = dt.datetime

SALES = [
    ["日付", "店舗", "レシート番号", "商品コード", "数量", "売上金額", "原価", "会員番号"],
    [D(2026, 10, 1, 10), "A", "R1", "X", 2, 1000, 600, "M1"],
    [D(2026, 10, 1, 10), "A", "R1", "Y", 1, 500, 200, "M1"],
    [D(2026, 10, 2, 11), "A", "R2", "X", -1, -1000, -600, "M2"],  # a receipt that is only a return
    [D(2026, 10, 3, 12), "B", "R3", "Y", 3, 1500, 600, None],
    [D(2026, 9, 15, 9), "A", "R4", "X", 1, 800, 480, "M1"],
    [D(2025, 10, 10, 9), "B", "R5", "X", 1, 400, 240, "M3"],
    [D(2026, 10, 31, 20), "B", "R6", "Z", 0, 0, 0, None],  # reaches the month end: 2026-10 is complete
]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hand")
    write_book(folder / "sales.xlsx", {"売上": SALES})
    write_book(folder / "traffic.xlsx", {"客数": [
        ["日付", "店舗", "来店客数", "人時"],
        [D(2026, 10, 1), "A", 10, 5],
        [D(2026, 10, 2), "B", 10, 5],
    ]})
    write_book(folder / "stores.xlsx", {"店舗": [["店舗", "売場面積(坪)"], ["A", 10], ["B", 10]]})
    write_book(folder / "stock.xlsx", {"在庫": [
        ["基準日", "店舗", "商品コード", "在庫数", "原単価"],
        [D(2026, 9, 30), "A", "X", 10, 300],
        [D(2026, 10, 31), "A", "X", 0, 300],
        [D(2026, 10, 31), "A", "Y", 5, 200],
    ]})
    write_book(folder / "count.xlsx", {"棚卸": [
        ["棚卸日", "店舗", "商品コード", "帳簿数", "実棚数", "原単価"],
        [D(2026, 10, 31), "A", "X", 0, 0, 300],
        [D(2026, 10, 31), "A", "Y", 5, 4, 200],
    ]})
    write_book(folder / "budget.xlsx", {"予算": [
        ["年月", "店舗", "売上予算", "粗利予算"],
        ["2026-10", "A", 400, None],
        ["2026/10", "B", 1600, None],
        ["2026年10月", None, None, 1000],
    ]})
    write_book(folder / "finance.xlsx", {"財務": [
        ["年月", "販管費", "当期純利益", "自己資本", "総資産"],
        ["2026-10", 500, 100, 1000, 2000],
    ]})
    write_book(folder / "survey.xlsx", {"アンケート": [
        ["日付", "店舗", "推奨度"],
        [D(2026, 10, 5), "A", 10], [D(2026, 10, 5), "A", 9], [D(2026, 10, 6), "A", 5], [D(2026, 10, 7), "A", 7],
    ]})
    build_pack([folder], Settings(lang="en"), json_out=folder / "r.json")
    data = json.loads((folder / "r.json").read_text(encoding="utf-8"))
    return data, {(r["id"], r["scope"]): r for r in data["kpis"]}


# (kpi, scope, field, expected)
CASES = [
    ("net_sales", "total", "actual", 2000.0),             # A 1000+500-1000, B 1500
    ("net_sales", "store:A", "actual", 500.0),
    ("net_sales", "total", "prev_month", 800.0),
    ("net_sales", "total", "mom_pct", 150.0),              # (2000-800)/800
    ("net_sales", "total", "prev_year", 400.0),
    ("net_sales", "total", "yoy_pct", 400.0),              # (2000-400)/400
    ("net_sales", "total", "ytd", 2800.0),                 # Sep 800 + Oct 2000
    ("net_sales", "total", "budget", 2000.0),              # store budgets 400 + 1600
    ("net_sales", "total", "variance", 0.0),
    ("net_sales", "total", "status", "green"),
    ("net_sales", "store:A", "variance_pct", 25.0),        # (500-400)/400
    ("net_sales", "store:B", "variance_pct", -6.25),       # (1500-1600)/1600
    ("net_sales", "store:B", "status", "red"),             # beyond 5 % below budget
    ("net_sales", "total", "ytd_budget", None),            # Apr..Sep have no budget
    ("cogs", "total", "actual", 800.0),                    # 600+200-600+600
    ("gross_profit", "total", "actual", 1200.0),
    ("gross_profit", "total", "budget", 1000.0),           # the total row
    ("gross_margin_pct", "total", "actual", 60.0),
    ("gross_margin_pct", "total", "budget", 50.0),         # 1000 / 2000 from the parts' budgets
    ("transactions", "total", "actual", 2.0),              # R1 and R3; R2 sums below zero, R6 to zero
    ("transactions", "store:A", "actual", 1.0),
    ("atv", "total", "actual", 1000.0),
    ("units_per_transaction", "total", "actual", 2.5),     # (2+1-1+3+0) / 2
    ("return_rate_pct", "total", "actual", 100 / 3),       # 1000 / 3000
    ("visitors", "total", "actual", 20.0),
    ("conversion_rate_pct", "total", "actual", 10.0),      # 2 / 20
    ("labor_hours", "total", "actual", 10.0),
    ("sales_per_labor_hour", "total", "actual", 200.0),
    ("labor_productivity", "total", "actual", 120.0),      # 1200 / 10
    ("sales_per_area", "total", "actual", 100.0),          # 2000 / 20 坪
    ("gross_profit_per_area", "total", "actual", 60.0),
    ("sales_per_area", "total", "ytd", None),              # built on a stock
    ("inventory_value", "store:A", "actual", 1000.0),      # 0×300 + 5×200
    ("avg_inventory_value", "store:A", "actual", 2000.0),  # (3000 + 1000) / 2
    ("days_of_inventory", "store:A", "actual", 310.0),     # 2000 / (200/31)
    ("inventory_turnover", "store:A", "actual", 365 / 310),
    ("gmroi", "store:A", "actual", 300 * 365 / 31 / 2000),
    ("stockout_rate_pct", "store:A", "actual", 50.0),      # X at 0 of X, Y sold
    ("shrink_value", "store:A", "actual", 200.0),          # (5-4) × 200
    ("shrinkage_pct", "store:A", "actual", 200 / 1300 * 100),  # 12 months to Oct: 800 + 500
    ("customers", "total", "actual", 1.0),                 # M1; M2 only returned
    ("new_customer_pct", "total", "actual", 0.0),          # M1 first bought in September
    ("repeat_rate_pct", "total", "actual", 100.0),         # M1 on two days
    ("churn_rate_pct", "total", "actual", 0.0),
    ("clv", "total", "actual", 6500.0),                    # (2300 - 1000) / 2 × 10 years (no churn)
    ("nps", "store:A", "actual", 25.0),                    # 50 % promoters − 25 % detractors
    ("opex", "total", "actual", 500.0),
    ("operating_profit", "total", "actual", 700.0),
    ("operating_margin_pct", "total", "actual", 35.0),
    ("opex_ratio_pct", "total", "actual", 25.0),
    ("roe_pct", "total", "actual", 10.0),
    ("roa_pct", "total", "actual", 5.0),
]


@pytest.mark.parametrize("kpi,scope,field,expected", CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_hand_computed(results, kpi, scope, field, expected):
    _, rows = results
    value = rows[(kpi, scope)][field]
    if expected is None or isinstance(expected, str):
        assert value == expected
    else:
        assert value is not None and math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-9)


def test_period_defaults_to_latest_complete_month(results):
    data, _ = results
    assert data["period"] == "2026-10"


def test_roe_only_for_the_total(results):
    _, rows = results
    assert ("roe_pct", "total") in rows
    assert ("roe_pct", "store:A") not in rows


def test_kpis_without_inputs_are_absent_not_zero(tmp_path):
    write_book(tmp_path / "s.xlsx", {"s": [["date", "sales"], [D(2026, 10, 31), 100]]})
    build_pack([tmp_path / "s.xlsx"], Settings(), json_out=tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text())
    ids = {r["id"] for r in data["kpis"]}
    assert "net_sales" in ids
    assert not ids & {"visitors", "conversion_rate_pct", "cogs", "gross_profit", "transactions", "customers"}
    assert {r["scope"] for r in data["kpis"]} == {"total", "store:MAIN"}
