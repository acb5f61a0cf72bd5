"""Self-check of the independent KPI oracle (tests/oracle.py).

Small hand-built tables; every expected number is worked out by hand in the
comments, straight from the contract and docs/kpi-rules.md.
"""

import datetime
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402


D = datetime.date
approx = pytest.approx


def sale(day, store, receipt, sku, qty, net_sales, cost, customer=None):
    return {"date": day, "store": store, "receipt": receipt, "sku": sku,
            "category": None, "qty": qty, "net_sales": net_sales,
            "unit_price": None, "cost": cost, "customer": customer}


def tables(**given):
    base = {name: [] for name in oracle.TABLE_FIELDS}
    base.update(given)
    return base


# ---------------------------------------------------------------------------
# One month, two stores: net sales, transactions, atv, margin, returns,
# conversion, labour, area, budgets
# ---------------------------------------------------------------------------

OCT_SALES = [
    # store A
    sale(D(2026, 10, 3), "A", "R1", "X", 2, 200.0, 120.0),
    sale(D(2026, 10, 3), "A", "R1", "Y", 1, 100.0, 50.0),      # R1 sums to 300 -> counts
    sale(D(2026, 10, 5), "A", "R2", "X", 1, 100.0, 60.0),
    sale(D(2026, 10, 5), "A", "R2", "X", -1, -100.0, -60.0),   # R2 fully returned -> 0
    sale(D(2026, 10, 6), "A", "C1001", "Y", 1, 50.0, 25.0),    # cancellation, positive
    # store B (receipt id R1 again, but another store)
    sale(D(2026, 10, 4), "B", "R1", "X", 3, 300.0, 180.0),
    sale(D(2026, 10, 9), "B", "R3", "Z", 1, 150.0, 90.0),
]
LAST_YEAR = [sale(D(2025, 10, 20), "A", "R9", "X", 4, 400.0, 240.0)]
TRAFFIC = [
    {"date": D(2026, 10, 1), "store": "A", "visitors": 10.0, "labor_hours": 5.0},
    {"date": D(2026, 10, 2), "store": "A", "visitors": 10.0, "labor_hours": 3.0},
    {"date": D(2026, 10, 1), "store": "B", "visitors": 30.0, "labor_hours": 8.0},
]
STORES = [
    {"store": "A", "store_name": "Alpha", "floor_area": 50.0, "region": "E"},
    {"store": "B", "store_name": "Beta", "floor_area": 100.0, "region": "W"},
]
BUDGET = [
    {"month": "2026-10", "store": "A", "net_sales": 300.0, "gross_profit": 120.0,
     "transactions": 2.0},
    {"month": "2026-10", "store": "B", "net_sales": 460.0, "gross_profit": 150.0,
     "transactions": 2.0},
]


@pytest.fixture(scope="module")
def oct_result():
    t = tables(sales=OCT_SALES + LAST_YEAR, traffic=TRAFFIC, stores=STORES, budget=BUDGET)
    return oracle.expected_kpis(t, "2026-10")


def test_result_shape(oct_result):
    assert set(oct_result[("net_sales", "total")]) == set(oracle.RESULT_FIELDS)
    scopes = set(scope for (_kpi, scope) in oct_result)
    assert scopes == {"total", "store:A", "store:B"}
    # no inventory / stocktake / survey / finance / customers -> those KPIs absent
    kpis = set(kpi for (kpi, _scope) in oct_result)
    assert "gmroi" not in kpis and "nps" not in kpis and "customers" not in kpis
    assert "conversion_rate_pct" in kpis and "sales_per_area" in kpis


def test_net_sales(oct_result):
    # 200 + 100 + 100 - 100 - 50 (cancellation turned negative) + 300 + 150 = 700
    assert oct_result[("net_sales", "total")]["actual"] == approx(700.0)
    # store A: 200 + 100 + 100 - 100 - 50 = 250 ; store B: 300 + 150 = 450
    assert oct_result[("net_sales", "store:A")]["actual"] == approx(250.0)
    assert oct_result[("net_sales", "store:B")]["actual"] == approx(450.0)


def test_transactions_with_fully_returned_receipt(oct_result):
    # A: R1 (300) yes, R2 (100 - 100 = 0) no, C1001 (-50) no -> 1
    # B: R1 (300) yes, R3 (150) yes -> 2 ; total 3 (A/R1 and B/R1 are distinct)
    assert oct_result[("transactions", "store:A")]["actual"] == 1.0
    assert oct_result[("transactions", "store:B")]["actual"] == 2.0
    assert oct_result[("transactions", "total")]["actual"] == 3.0


def test_atv_and_units(oct_result):
    # atv total = 700 / 3 ; store A = 250 / 1
    assert oct_result[("atv", "total")]["actual"] == approx(700.0 / 3.0)
    assert oct_result[("atv", "store:A")]["actual"] == approx(250.0)
    # qty: 2 + 1 + 1 - 1 - 1 (cancellation) + 3 + 1 = 6 -> 6 / 3 = 2
    assert oct_result[("units_per_transaction", "total")]["actual"] == approx(2.0)


def test_gross_margin(oct_result):
    # cogs = 120 + 50 + 60 - 60 - 25 + 180 + 90 = 415 ; gp = 700 - 415 = 285
    assert oct_result[("cogs", "total")]["actual"] == approx(415.0)
    assert oct_result[("gross_profit", "total")]["actual"] == approx(285.0)
    # gm% = 285 / 700 * 100 = 40.714...
    assert oct_result[("gross_margin_pct", "total")]["actual"] == approx(285.0 / 700.0 * 100)
    # store A: cogs 145, gp 105, gm 105/250 = 42 %
    assert oct_result[("gross_margin_pct", "store:A")]["actual"] == approx(42.0)


def test_return_rate(oct_result):
    # positive: 200 + 100 + 100 + 300 + 150 = 850 ; negative: 100 + 50 = 150
    assert oct_result[("return_rate_pct", "total")]["actual"] == approx(150.0 / 850.0 * 100)
    # store B has no returns -> 0 %
    assert oct_result[("return_rate_pct", "store:B")]["actual"] == approx(0.0)


def test_conversion_labour_area(oct_result):
    # visitors 10 + 10 + 30 = 50 ; transactions 3 -> 6 %
    assert oct_result[("visitors", "total")]["actual"] == approx(50.0)
    assert oct_result[("conversion_rate_pct", "total")]["actual"] == approx(6.0)
    # store A: 1 / 20 -> 5 %
    assert oct_result[("conversion_rate_pct", "store:A")]["actual"] == approx(5.0)
    # labour 5 + 3 + 8 = 16 h ; 700 / 16 = 43.75 ; gp 285 / 16 = 17.8125
    assert oct_result[("sales_per_labor_hour", "total")]["actual"] == approx(43.75)
    assert oct_result[("labor_productivity", "total")]["actual"] == approx(17.8125)
    # area of stores with sales: 50 + 100 = 150 ; 700 / 150
    assert oct_result[("sales_per_area", "total")]["actual"] == approx(700.0 / 150.0)
    assert oct_result[("sales_per_area", "total")]["ytd"] is None


def test_prev_year_and_empty_prev_month(oct_result):
    entry = oct_result[("net_sales", "total")]
    # 2025-10 had one line of 400 ; yoy = (700 - 400) / 400 * 100 = 75 %
    assert entry["prev_year"] == approx(400.0)
    assert entry["yoy_pct"] == approx(75.0)
    # 2026-09 has no rows at all -> null, not 0
    assert entry["prev_month"] is None
    assert entry["mom_pct"] is None
    # store B had no sales in 2025-10 -> null
    assert oct_result[("net_sales", "store:B")]["prev_year"] is None


def test_budget_and_ratio_budget_from_parts(oct_result):
    # only store budgets: total ns budget = 300 + 460 = 760, gp 120 + 150 = 270
    ns = oct_result[("net_sales", "total")]
    assert ns["budget"] == approx(760.0)
    assert ns["variance"] == approx(-60.0)
    assert ns["variance_pct"] == approx(-60.0 / 760.0 * 100)
    assert ns["status"] == "red"                      # 7.9 % short
    # store B: 450 vs 460 -> short by 10 <= 5 % of 460 (23) -> amber
    assert oct_result[("net_sales", "store:B")]["status"] == "amber"
    # gm% budget = 270 / 760 * 100 ; actual 40.71 > 35.53 -> green
    gm = oct_result[("gross_margin_pct", "total")]
    assert gm["budget"] == approx(270.0 / 760.0 * 100)
    assert gm["status"] == "green"
    # atv budget = 760 / (2 + 2) = 190 ; store A: 300 / 2 = 150
    assert oct_result[("atv", "total")]["budget"] == approx(190.0)
    assert oct_result[("atv", "store:A")]["budget"] == approx(150.0)
    # sales_per_area budget uses the actual floor area: 760 / 150
    assert oct_result[("sales_per_area", "total")]["budget"] == approx(760.0 / 150.0)
    # no budget for visitors / conversion -> null, status none
    conv = oct_result[("conversion_rate_pct", "total")]
    assert conv["budget"] is None and conv["status"] == "none"
    # cogs has no direction -> status none
    assert oct_result[("cogs", "total")]["status"] == "none"
    # fiscal months 2026-04..2026-09 have no budget -> ytd budget null
    assert ns["ytd_budget"] is None


def test_company_budget_row_wins_over_store_sum():
    budget = BUDGET + [{"month": "2026-10", "store": None, "net_sales": 1000.0,
                        "gross_profit": None, "transactions": None}]
    t = tables(sales=OCT_SALES, budget=budget)
    result = oracle.expected_kpis(t, "2026-10")
    assert result[("net_sales", "total")]["budget"] == approx(1000.0)
    # gp still from the store sum (270) -> gm budget 270 / 1000 = 27 %
    assert result[("gross_margin_pct", "total")]["budget"] == approx(27.0)


def test_status_rule():
    # lower is better: 10 vs 9.6 -> 0.4 short, within 5 % (0.48) -> amber
    assert oracle.status_of("return_rate_pct", 10.0, 9.6) == "amber"
    assert oracle.status_of("return_rate_pct", 10.0, 9.0) == "red"
    assert oracle.status_of("return_rate_pct", 9.0, 9.0) == "green"
    assert oracle.status_of("net_sales", 95.0, 100.0) == "amber"
    assert oracle.status_of("net_sales", 94.9, 100.0) == "red"
    assert oracle.status_of("labor_hours", 1.0, 100.0) == "none"


# ---------------------------------------------------------------------------
# YTD with an April fiscal start
# ---------------------------------------------------------------------------

YTD_SALES = [
    sale(D(2026, 3, 15), "A", "R0", "X", 1, 1000.0, 500.0),   # fiscal 2025
    sale(D(2026, 4, 10), "A", "R1", "X", 1, 200.0, 100.0),    # gm 50 %
    sale(D(2026, 5, 10), "A", "R2", "X", 1, 300.0, 60.0),     # gm 80 %
]


def test_ytd_april_start():
    result = oracle.expected_kpis(tables(sales=YTD_SALES), "2026-05", fiscal_year_start=4)
    # April + May = 200 + 300 = 500 (March belongs to the previous fiscal year)
    assert result[("net_sales", "total")]["ytd"] == approx(500.0)
    # ratio from summed parts: (100 + 240) / 500 = 68 % (the mean of 50 and 80 would be 65)
    assert result[("gross_margin_pct", "total")]["ytd"] == approx(68.0)
    assert result[("transactions", "store:A")]["ytd"] == 2.0
    # March 2026 with an April start: fiscal year 2025-04 .. 2026-03 -> 1000 only
    march = oracle.expected_kpis(tables(sales=YTD_SALES), "2026-03", fiscal_year_start=4)
    assert march[("net_sales", "total")]["ytd"] == approx(1000.0)
    # April itself is the first fiscal month: 200 only
    april = oracle.expected_kpis(tables(sales=YTD_SALES), "2026-04", fiscal_year_start=4)
    assert april[("net_sales", "total")]["ytd"] == approx(200.0)
    # calendar fiscal year: Jan..May 2026 = 1500
    calendar = oracle.expected_kpis(tables(sales=YTD_SALES), "2026-05", fiscal_year_start=1)
    assert calendar[("net_sales", "total")]["ytd"] == approx(1500.0)


def test_ytd_budget_needs_every_month():
    budget = [
        {"month": "2026-04", "store": "A", "net_sales": 250.0, "gross_profit": None,
         "transactions": 1.0},
        {"month": "2026-05", "store": "A", "net_sales": 250.0, "gross_profit": 150.0,
         "transactions": 1.0},
    ]
    result = oracle.expected_kpis(tables(sales=YTD_SALES, budget=budget), "2026-05")
    # net sales budget in both months: 250 + 250
    assert result[("net_sales", "total")]["ytd_budget"] == approx(500.0)
    # atv ytd budget = 500 / 2
    assert result[("atv", "total")]["ytd_budget"] == approx(250.0)
    # gross profit budget missing in April -> gm% ytd budget null, but May's exists
    assert result[("gross_margin_pct", "total")]["ytd_budget"] is None
    assert result[("gross_margin_pct", "total")]["budget"] == approx(60.0)


# ---------------------------------------------------------------------------
# Stocks: GMROI, days of inventory, stockout; shrinkage count period
# ---------------------------------------------------------------------------

STOCK_SALES = [
    sale(D(2026, 10, 2), "A", "R1", "X", 2, 400.0, 200.0),
    sale(D(2026, 10, 2), "A", "R1", "Y", 1, 120.0, 60.0),
    sale(D(2026, 10, 3), "A", "R2", "W", 1, 120.0, 60.0),     # W not in stock list
    sale(D(2026, 10, 4), "A", "R3", "V", -1, -20.0, -10.0),   # return only: not a pair
]
INVENTORY = [
    # 2026-09 close: 10 x 50 + 4 x 25 = 600
    {"date": D(2026, 9, 30), "store": "A", "sku": "X", "on_hand": 10.0, "unit_cost": 50.0},
    {"date": D(2026, 9, 30), "store": "A", "sku": "Y", "on_hand": 4.0, "unit_cost": 25.0},
    # 2026-10-27: not within the last 3 days -> ignored
    {"date": D(2026, 10, 27), "store": "A", "sku": "X", "on_hand": 99.0, "unit_cost": 50.0},
    # 2026-10-29: within the window but not the latest -> ignored
    {"date": D(2026, 10, 29), "store": "A", "sku": "X", "on_hand": 77.0, "unit_cost": 50.0},
    # 2026-10 close (31st): 8 x 50 + 0 x 25 + 0 x 10 = 400
    {"date": D(2026, 10, 31), "store": "A", "sku": "X", "on_hand": 8.0, "unit_cost": 50.0},
    {"date": D(2026, 10, 31), "store": "A", "sku": "Y", "on_hand": 0.0, "unit_cost": 25.0},
    {"date": D(2026, 10, 31), "store": "A", "sku": "V", "on_hand": 0.0, "unit_cost": 10.0},
]


def test_gmroi_days_turnover_stockout():
    result = oracle.expected_kpis(tables(sales=STOCK_SALES, inventory=INVENTORY), "2026-10")
    # ns 400 + 120 + 120 - 20 = 620 ; cogs 200 + 60 + 60 - 10 = 310 ; gp 310
    assert result[("gross_profit", "store:A")]["actual"] == approx(310.0)
    assert result[("inventory_value", "store:A")]["actual"] == approx(400.0)
    # avg = (600 + 400) / 2 = 500
    assert result[("avg_inventory_value", "store:A")]["actual"] == approx(500.0)
    # gmroi = (310 * 365 / 31) / 500 = 3650 / 500 = 7.3
    assert result[("gmroi", "store:A")]["actual"] == approx(7.3)
    # days = 500 / (310 / 31) = 50 ; turnover = 365 / 50 = 7.3
    assert result[("days_of_inventory", "store:A")]["actual"] == approx(50.0)
    assert result[("inventory_turnover", "total")]["actual"] == approx(7.3)
    # pairs with a positive sale and a close row: X (8), Y (0) -> 1 of 2 = 50 %
    assert result[("stockout_rate_pct", "store:A")]["actual"] == approx(50.0)
    # stock KPIs have no YTD
    assert result[("gmroi", "store:A")]["ytd"] is None
    # September: close 600, no previous close -> avg = 600 alone; no sales -> gmroi null
    assert result[("avg_inventory_value", "store:A")]["prev_month"] == approx(600.0)
    assert result[("gmroi", "store:A")]["prev_month"] is None


def test_month_close_snapshot_window():
    sales = [sale(D(2026, 10, 2), "B", "R1", "X", 1, 100.0, 50.0),
             sale(D(2026, 10, 2), "C", "R1", "X", 1, 100.0, 50.0)]
    inventory = [
        # B: 10-28 is four days before month end -> not a month-close snapshot
        {"date": D(2026, 10, 28), "store": "B", "sku": "X", "on_hand": 5.0, "unit_cost": 10.0},
        # C: 10-29 and 11-01 both qualify -> the latest (11-01) is October's close: 3 x 10
        {"date": D(2026, 10, 29), "store": "C", "sku": "X", "on_hand": 9.0, "unit_cost": 10.0},
        {"date": D(2026, 11, 1), "store": "C", "sku": "X", "on_hand": 3.0, "unit_cost": 10.0},
    ]
    result = oracle.expected_kpis(tables(sales=sales, inventory=inventory), "2026-10")
    assert result[("inventory_value", "store:B")]["actual"] is None
    assert result[("inventory_value", "store:C")]["actual"] == approx(30.0)
    # total = sum of the stores' closes that exist = 30
    assert result[("inventory_value", "total")]["actual"] == approx(30.0)


SHRINK_SALES = [
    sale(D(2026, 3, 10), "A", "R1", "X", 1, 1000.0, 500.0),
    sale(D(2026, 4, 10), "A", "R2", "X", 1, 200.0, 100.0),
    sale(D(2026, 10, 10), "A", "R3", "X", 1, 300.0, 150.0),
    sale(D(2025, 10, 10), "B", "R1", "Z", 1, 500.0, 250.0),   # outside B's 12 months
    sale(D(2025, 11, 10), "B", "R2", "Z", 1, 400.0, 200.0),
    sale(D(2026, 10, 10), "B", "R3", "Z", 1, 100.0, 50.0),
]
STOCKTAKE = [
    {"date": D(2026, 3, 31), "store": "A", "sku": "X", "book_qty": 3.0, "counted_qty": 2.0,
     "unit_cost": 10.0},
    {"date": D(2026, 10, 31), "store": "A", "sku": "X", "book_qty": 10.0, "counted_qty": 8.0,
     "unit_cost": 50.0},
    {"date": D(2026, 10, 31), "store": "A", "sku": "Y", "book_qty": 5.0, "counted_qty": 5.0,
     "unit_cost": 25.0},
    # book qty and unit cost from the inventory snapshot of the same month
    {"date": D(2026, 10, 31), "store": "B", "sku": "Z", "book_qty": None, "counted_qty": 1.0,
     "unit_cost": None},
]
SHRINK_INVENTORY = [
    {"date": D(2026, 10, 31), "store": "B", "sku": "Z", "on_hand": 4.0, "unit_cost": 30.0},
]


def test_shrinkage_count_period():
    t = tables(sales=SHRINK_SALES, stocktake=STOCKTAKE, inventory=SHRINK_INVENTORY)
    result = oracle.expected_kpis(t, "2026-10")
    # A: (10 - 8) * 50 + 0 = 100 ; previous count 2026-03 -> period 2026-04..10:
    #    200 + 300 = 500 -> 20 %
    assert result[("shrink_value", "store:A")]["actual"] == approx(100.0)
    assert result[("shrinkage_pct", "store:A")]["actual"] == approx(20.0)
    # B: (4 - 1) * 30 = 90 ; no previous count -> 12 months 2025-11..2026-10:
    #    400 + 100 = 500 -> 18 %
    assert result[("shrink_value", "store:B")]["actual"] == approx(90.0)
    assert result[("shrinkage_pct", "store:B")]["actual"] == approx(18.0)
    # total: 190 / (500 + 500) = 19 %
    assert result[("shrinkage_pct", "total")]["actual"] == approx(19.0)
    # no count in 2026-09 -> null ; no YTD
    assert result[("shrinkage_pct", "total")]["prev_month"] is None
    assert result[("shrinkage_pct", "total")]["ytd"] is None
    # A's first count 2026-03: (3 - 2) * 10 = 10 over 2025-04..2026-03 sales 1000 -> 1 %
    march = oracle.expected_kpis(t, "2026-03")
    assert march[("shrinkage_pct", "store:A")]["actual"] == approx(1.0)


# ---------------------------------------------------------------------------
# Customers: churn, repeat, new, CLV
# ---------------------------------------------------------------------------

CUSTOMER_SALES = [
    # c1: bought 05-10 and 10-05 -> active at both month ends ; 2 days -> repeater
    sale(D(2026, 5, 10), "A", "R01", "X", 1, 100.0, 50.0, "c1"),
    sale(D(2026, 10, 5), "A", "R02", "X", 1, 100.0, 50.0, "c1"),
    # c2: bought 04-20 only at A -> active on 09-30 (window from 04-04),
    #     not on 10-31 (window from 05-05) -> churned at A
    sale(D(2026, 4, 20), "A", "R03", "X", 1, 50.0, 25.0, "c2"),
    # c3: 08-01, 09-15, 09-15 -> 2 distinct days -> repeater ; active both
    sale(D(2026, 8, 1), "A", "R04", "X", 1, 30.0, 15.0, "c3"),
    sale(D(2026, 9, 15), "A", "R05", "X", 1, 30.0, 15.0, "c3"),
    sale(D(2026, 9, 15), "A", "R05", "Y", 1, 40.0, 20.0, "c3"),
    # c4: 2025-10-01 (outside the 12 months) and 2026-10-10 -> not a repeater,
    #     not new, not active on 09-30
    sale(D(2025, 10, 1), "A", "R06", "X", 1, 999.0, 500.0, "c4"),
    sale(D(2026, 10, 10), "A", "R07", "X", 1, 60.0, 30.0, "c4"),
    # c5: first purchase 10-20 (new), a return 10-22 is not a purchase
    sale(D(2026, 10, 20), "A", "R08", "X", 1, 80.0, 40.0, "c5"),
    sale(D(2026, 10, 22), "A", "C0009", "X", -1, -20.0, -10.0, "c5"),
    # c6: 03-01 and 03-20 -> repeater, not active on either month end
    sale(D(2026, 3, 1), "A", "R10", "X", 1, 10.0, 5.0, "c6"),
    sale(D(2026, 3, 20), "A", "R11", "X", 1, 10.0, 5.0, "c6"),
    # c7: 05-04 only -> active on 09-30, one day outside the 180 days ending
    #     10-31 (05-05..10-31) -> churned
    sale(D(2026, 5, 4), "A", "R14", "X", 1, 40.0, 20.0, "c7"),
    # c8: 04-04 only -> exactly the first of the 180 days ending 09-30 -> active
    #     then, churned now
    sale(D(2026, 4, 4), "A", "R15", "X", 1, 50.0, 25.0, "c8"),
    # anonymous line: ignored by customer KPIs
    sale(D(2026, 10, 21), "A", "R12", "X", 1, 500.0, 250.0, None),
    # c2 buys at store B on 10-15 -> for the total scope c2 is still active
    sale(D(2026, 10, 15), "B", "R13", "X", 1, 70.0, 35.0, "c2"),
]


def test_customers_churn_repeat_clv():
    result = oracle.expected_kpis(tables(sales=CUSTOMER_SALES), "2026-10")
    # store A, October buyers: c1, c4, c5 -> 3 ; new: c5 -> 1/3
    assert result[("customers", "store:A")]["actual"] == 3.0
    assert result[("new_customer_pct", "store:A")]["actual"] == approx(100.0 / 3.0)
    # 12 months 2025-11..2026-10 at A: c1..c8 bought (8); repeaters c1, c3, c6 -> 37.5 %
    assert result[("repeat_rate_pct", "store:A")]["actual"] == approx(37.5)
    # active 09-30 (04-04..09-30): c1, c2, c3, c7, c8
    # active 10-31 (05-05..10-31): c1, c3, c4, c5 ; lost c2, c7, c8 -> 3/5 = 60 %
    assert result[("churn_rate_pct", "store:A")]["actual"] == approx(60.0)
    # CLV at A: identified net sales in 12 months: c1 200, c2 50, c3 100, c4 60,
    # c5 80 - 20, c6 20, c7 40, c8 50 = 580 over 8 customers ;
    # lifetime = 1 / (1 - (1 - 0.6)^12)
    lifetime = 1.0 / (1.0 - 0.4 ** 12)
    assert result[("clv", "store:A")]["actual"] == approx(580.0 / 8.0 * lifetime)
    # total: c2 bought at B on 10-15 -> still active ; lost c7, c8 -> 2/5 = 40 %
    assert result[("churn_rate_pct", "total")]["actual"] == approx(40.0)
    assert result[("customers", "total")]["actual"] == 4.0   # c1, c2, c4, c5
    # (580 + 70) / 8 * 1 / (1 - 0.6^12)
    lifetime = 1.0 / (1.0 - 0.6 ** 12)
    assert result[("clv", "total")]["actual"] == approx(650.0 / 8.0 * lifetime)
    # store B: c2's first purchase *at B* is in October -> 100 % new ;
    # nobody active at B on 09-30 -> churn (and so CLV) null
    assert result[("new_customer_pct", "store:B")]["actual"] == approx(100.0)
    assert result[("churn_rate_pct", "store:B")]["actual"] is None
    assert result[("clv", "store:B")]["actual"] is None
    # customer KPIs have no YTD
    assert result[("customers", "total")]["ytd"] is None


def test_clv_lifetime_cap():
    # 199 customers buy on 09-10 and 10-10 (100 each) ; d199 bought only on 05-01
    # (active on 09-30, not on 10-31). churn = 1/200 = 0.5 % -> annual churn
    # 1 - 0.995^12 = 5.8 % -> lifetime 17.1, capped at 10.
    # Sales in 12 months 199*200 + 100 = 39900 over 200 customers -> 199.5 * 10 = 1995
    rows = [sale(D(2026, 5, 1), "A", "U199", "X", 1, 100.0, 50.0, "d199")]
    for i in range(199):
        rows.append(sale(D(2026, 9, 10), "A", "S%d" % i, "X", 1, 100.0, 50.0, "d%d" % i))
        rows.append(sale(D(2026, 10, 10), "A", "T%d" % i, "X", 1, 100.0, 50.0, "d%d" % i))
    result = oracle.expected_kpis(tables(sales=rows), "2026-10")
    assert result[("churn_rate_pct", "total")]["actual"] == approx(0.5)
    assert result[("clv", "total")]["actual"] == approx(1995.0)


# ---------------------------------------------------------------------------
# NPS and finance
# ---------------------------------------------------------------------------

def test_nps():
    scores_a = [10, 9, 9, 8, 7, 6, 2, 10]   # 4 promoters (50 %), 2 detractors (25 %)
    scores_b = [9, 5]                       # 50 % - 50 % = 0
    survey = [{"date": D(2026, 10, 5), "store": "A", "score": float(s)} for s in scores_a]
    survey += [{"date": D(2026, 10, 6), "store": "B", "score": float(s)} for s in scores_b]
    survey += [{"date": D(2026, 9, 30), "store": "A", "score": 0.0}]   # other month
    result = oracle.expected_kpis(tables(sales=OCT_SALES, survey=survey), "2026-10")
    assert result[("nps", "store:A")]["actual"] == approx(25.0)
    assert result[("nps", "store:B")]["actual"] == approx(0.0)
    # total: 10 scores, 5 promoters, 3 detractors -> 50 - 30 = 20
    assert result[("nps", "total")]["actual"] == approx(20.0)
    # September: one 0 -> -100
    assert result[("nps", "store:A")]["prev_month"] == approx(-100.0)


def test_finance_opex_roe_roa():
    finance = [
        {"month": "2026-10", "store": "A", "opex": 50.0},
        {"month": "2026-10", "store": "B", "opex": 70.0},
        {"month": "2026-10", "store": None, "opex": 150.0, "net_income": 10.0,
         "equity": 1000.0, "total_assets": 4000.0},
        {"month": "2026-09", "store": None, "opex": 140.0, "net_income": 20.0},
        {"month": "2025-10", "store": None, "net_income": 1000.0},   # outside 12 months
    ]
    result = oracle.expected_kpis(tables(sales=OCT_SALES, finance=finance), "2026-10")
    # company row wins for the total: 150 (not 50 + 70)
    assert result[("opex", "total")]["actual"] == approx(150.0)
    assert result[("opex", "store:A")]["actual"] == approx(50.0)
    # operating profit total = 285 - 150 = 135 ; margin 135 / 700
    assert result[("operating_profit", "total")]["actual"] == approx(135.0)
    assert result[("operating_margin_pct", "total")]["actual"] == approx(135.0 / 700.0 * 100)
    # ROE = (10 + 20) / 1000 * 100 = 3 ; ROA = 30 / 4000 * 100 = 0.75 ; total only
    assert result[("roe_pct", "total")]["actual"] == approx(3.0)
    assert result[("roa_pct", "total")]["actual"] == approx(0.75)
    assert ("roe_pct", "store:A") not in result


# ---------------------------------------------------------------------------
# ABC and data totals
# ---------------------------------------------------------------------------

def test_abc_and_totals():
    # October by SKU: X 200 + 100 - 100 + 300 = 500, Z 150, Y 100 - 50 = 50 ; total 700
    # X: before 0 % -> A ; Z: before 500/700 = 71.4 % -> B ; Y: before 650/700 = 92.9 % -> C
    abc = oracle.expected_abc(tables(sales=OCT_SALES + LAST_YEAR), "2026-10")
    assert abc["A"] == {"skus": 1, "net_sales": approx(500.0)}
    assert abc["B"] == {"skus": 1, "net_sales": approx(150.0)}
    assert abc["C"] == {"skus": 1, "net_sales": approx(50.0)}
    assert oracle.expected_data_totals(tables(sales=OCT_SALES + LAST_YEAR)) == approx(1100.0)
