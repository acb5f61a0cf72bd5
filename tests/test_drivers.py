"""Driver analysis: the effects add up exactly to the change, for every split,
fallback, comparison and scope (hand-built cases, a property test, the samples)."""
import datetime as dt
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpipack.domain import Settings
from kpipack.kpis import drivers as D
from kpipack.pipeline import build_pack
from workbooks import write_book


def adds_up(effects: dict, change: float, *levels: float) -> bool:
    """Exact to 1e-9 of the change (floating-point noise is measured against the
    levels compared, as a change can be far smaller than the figures)."""
    total = sum(effects.values())
    scale = max([abs(change)] + [abs(x) for x in levels if x is not None])
    return math.isclose(total, change, rel_tol=1e-9, abs_tol=1e-12 * scale)


def q(net_sales, transactions=None, visitors=None, qty=None, gross_profit=None):
    return {"net_sales": net_sales, "transactions": transactions, "visitors": visitors, "qty": qty,
            "gross_profit": gross_profit}


# ---------------------------------------------------------------- hand-built cases
def test_lmdi_by_hand():
    # 1,000 visitors × 20 % × ¥2,000 = ¥400,000 → 1,100 × 18 % × ¥2,100 = ¥415,800
    base, now = q(400_000, 200, 1_000), q(415_800, 198, 1_100)
    result = D.net_sales_split(base, now)
    assert result.method == "lmdi"
    weight = (415_800 - 400_000) / math.log(415_800 / 400_000)
    want = {"visitors": weight * math.log(1.1), "conversion_rate_pct": weight * math.log(0.18 / 0.2),
            "atv": weight * math.log(2_100 / 2_000)}
    assert result.effects.keys() == want.keys()
    for name, value in want.items():
        assert result.effects[name] == pytest.approx(value, rel=1e-12)
    assert sum(result.effects.values()) == pytest.approx(15_800, rel=1e-12)
    assert result.effects["visitors"] > 0 > result.effects["conversion_rate_pct"]
    assert result.factors["conversion_rate_pct"] == pytest.approx((20.0, 18.0))


def test_one_factor_changing_takes_the_whole_change():
    result = D.net_sales_split(q(400_000, 200, 1_000, 600), q(440_000, 220, 1_100, 660))  # only visitors
    assert result.effects["visitors"] == 40_000
    assert result.effects["conversion_rate_pct"] == 0 and result.effects["atv"] == 0
    assert result.detail["atv"] == {"units_per_transaction": 0.0, "price_per_unit": 0.0}


def test_basket_split_adds_up_to_the_atv_effect():
    result = D.net_sales_split(q(400_000, 200, 1_000, 500), q(430_000, 205, 1_050, 560))
    parts = result.detail["atv"]
    assert set(parts) == {"units_per_transaction", "price_per_unit"}
    assert sum(parts.values()) == pytest.approx(result.effects["atv"], rel=1e-12, abs=1e-9)
    assert parts["units_per_transaction"] > 0  # 2.5 → 2.73 items per receipt
    assert adds_up(result.effects, 30_000)


@pytest.mark.parametrize("base, now, keys, method", [
    (q(400_000, 200), q(420_000, 190), ["transactions", "atv"], "lmdi"),                      # no visitors
    (q(400_000, 200, 0), q(420_000, 190, 900), ["transactions", "atv"], "lmdi"),              # visitors 0
    (q(400_000, 200, None, 0), q(420_000, 190, None, 400), ["transactions", "atv"], "lmdi"),  # qty 0
    (q(400_000, 0), q(420_000, 190), ["net_sales"], "none"),                                  # no receipts
    (q(400_000, None), q(420_000, 190), ["net_sales"], "none"),
    (q(0.0, 5), q(420_000, 190), ["transactions", "atv"], "shapley"),                         # nothing sold
    (q(-3_000, 4, 10), q(420_000, 190, 900), ["visitors", "conversion_rate_pct", "atv"], "shapley"),  # returns
    (q(400_000, 200), q(-1_500, 3), ["transactions", "atv"], "shapley"),
])
def test_fallbacks_still_add_up(base, now, keys, method):
    result = D.net_sales_split(base, now)
    assert list(result.effects) == keys and result.method == method
    change = now["net_sales"] - base["net_sales"]
    assert adds_up(result.effects, change)


def test_shapley_by_hand():
    # two factors: each effect is its change times the mean of the other factor
    a = D.shapley([10.0, 0.0], [12.0, 5.0])
    assert a == pytest.approx([2 * (0 + 5) / 2, 5 * (10 + 12) / 2])


def test_gross_profit_volume_and_margin():
    result = D.gross_profit_split(q(1_000_000, gross_profit=300_000), q(1_100_000, gross_profit=308_000))
    assert set(result.effects) == {"net_sales", "gross_margin_pct"}
    assert result.effects["net_sales"] > 0 > result.effects["gross_margin_pct"]  # 30 % → 28 %
    assert adds_up(result.effects, 8_000)
    loss = D.gross_profit_split(q(1_000, gross_profit=50), q(800, gross_profit=-40))
    assert loss.method == "shapley" and adds_up(loss.effects, -90)
    assert D.gross_profit_split(q(0, gross_profit=0), q(800, gross_profit=40)).method == "none"


def test_a_change_of_zero_sums_to_exactly_zero():
    result = D.net_sales_split(q(400_000, 200, 1_000), q(400_000, 160, 1_250))  # footfall up, conversion down
    assert result.effects["visitors"] > 0 > result.effects["conversion_rate_pct"]
    assert sum(result.effects.values()) == 0.0 and math.fsum(result.effects.values()) == 0.0


# ---------------------------------------------------------------- property tests
positive = st.floats(min_value=1e-3, max_value=1e7, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(positive, min_size=8, max_size=8))
def test_random_positive_factors_add_up(x):
    visitors0, conv0, upt0, price0, visitors1, conv1, upt1, price1 = x
    conv0, conv1 = min(conv0, 1.0), min(conv1, 1.0)

    def period(visitors, conv, upt, price):
        tx = visitors * conv
        return q(tx * upt * price, tx, visitors, tx * upt)

    base, now = period(visitors0, conv0, upt0, price0), period(visitors1, conv1, upt1, price1)
    result = D.net_sales_split(base, now)
    assert result.method == "lmdi"
    change = now["net_sales"] - base["net_sales"]
    assert adds_up(result.effects, change, base["net_sales"], now["net_sales"])
    assert adds_up(result.detail["atv"], result.effects["atv"], base["net_sales"], now["net_sales"])
    for name, (b, a) in result.factors.items():
        if b == a:
            assert result.effects.get(name, 0.0) == 0.0 or name == "atv"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=2, max_size=2),
       st.lists(st.integers(min_value=0, max_value=500), min_size=2, max_size=2))
def test_any_sales_and_counts_add_up(sales, counts):
    result = D.net_sales_split(q(sales[0], counts[0]), q(sales[1], counts[1]))
    assert adds_up(result.effects, sales[1] - sales[0], *sales)


# ---------------------------------------------------------------- the bundled samples
def test_samples_every_row_adds_up(sample_build):
    data = sample_build.loaded_json
    drivers = data["drivers"]
    kpis = {(r["id"], r["scope"]): r for r in data["kpis"]}
    scopes = {"total"} | {f"store:{s['id']}" for s in data["stores"]}
    seen = set()
    for row in drivers:
        assert adds_up(row["effects"], row["change"], row["base"], row["actual"]), row
        assert row["change"] == pytest.approx(row["actual"] - row["base"], rel=1e-12)
        for parts in row.get("detail", {}).values():
            assert adds_up(parts, row["effects"]["atv"], row["base"], row["actual"])
        kpi = kpis[(row["kpi"], row["scope"])]
        assert row["actual"] == pytest.approx(kpi["actual"], rel=1e-12)
        base = kpi["budget" if row["against"] == "budget" else row["against"]]
        assert row["base"] == pytest.approx(base, rel=1e-12)
        seen.add((row["kpi"], row["scope"], row["against"], row["analysis"]))
    for scope in scopes:
        for against in D.COMPARISONS:
            assert ("net_sales", scope, against, "factors") in seen
            assert ("gross_profit", scope, against, "factors") in seen
    for against in D.COMPARISONS:
        assert ("net_sales", "total", against, "stores") in seen
    # traffic counts visitors, so actual comparisons split visitors × conversion × ATV
    prev = next(r for r in drivers if r["analysis"] == "factors" and r["scope"] == "total"
                and r["against"] == "prev_year" and r["kpi"] == "net_sales")
    assert list(prev["effects"]) == ["visitors", "conversion_rate_pct", "atv"] and prev["method"] == "lmdi"


def test_samples_store_effects_are_the_store_changes(sample_build):
    data = sample_build.loaded_json
    kpis = {(r["id"], r["scope"]): r for r in data["kpis"]}
    row = next(r for r in data["drivers"] if r["analysis"] == "stores" and r["kpi"] == "net_sales"
               and r["against"] == "prev_year")
    for scope, effect in row["effects"].items():
        k = kpis[("net_sales", scope)]
        assert effect == pytest.approx(k["actual"] - k["prev_year"], rel=1e-9)


# ---------------------------------------------------------------- hand-built workbooks
@pytest.fixture(scope="module")
def small_build(tmp_path_factory):
    """Two stores, 13 months of receipts and traffic, and a budget with
    visitors for one store only and a total budget above the stores' sum."""
    tmp = tmp_path_factory.mktemp("drivers")
    sales, traffic = [["date", "store", "receipt", "qty", "sales", "cost"]], [["date", "store", "visitors"]]
    months = [(2025, m) for m in range(9, 13)] + [(2026, m) for m in range(1, 11)]
    for i, (y, m) in enumerate(months):
        for store, base in (("A", 10), ("B", 6)):
            n = base + (i % 4) + (2 if store == "A" and m == 10 else 0)
            for k in range(n):
                day = dt.datetime(y, m, 1 + k % 27)
                sales.append([day, store, f"{store}{y}{m:02d}{k}", 1 + k % 3, 1_000 + 37 * k + 11 * i, 600 + 20 * k])
            traffic.append([dt.datetime(y, m, 1), store, n * 4 + i])
    budget = [["month", "store", "net_sales", "transactions", "visitors"],
              ["2026-10", "A", 20_000, 13, 60], ["2026-10", "B", 9_000, 8, None], ["2026-10", None, 31_000, None, None]]
    path = write_book(tmp / "shop.xlsx", {"sales": sales, "traffic": traffic, "budget": budget})
    build_pack([path], Settings(period="2026-10"), json_out=tmp / "r.json")
    return json.loads((tmp / "r.json").read_text(encoding="utf-8"))


def test_hand_built_budget_uses_the_factor_budgets_that_exist(small_build):
    rows = {(r["kpi"], r["scope"], r["against"], r["analysis"]): r for r in small_build["drivers"]}
    a = rows[("net_sales", "store:A", "budget", "factors")]
    assert list(a["effects"]) == ["visitors", "conversion_rate_pct", "atv"]  # visitors budget given
    assert a["factors"]["visitors"]["base"] == 60
    b = rows[("net_sales", "store:B", "budget", "factors")]
    assert list(b["effects"]) == ["transactions", "atv"]  # no visitors budget for B
    assert b["factors"]["atv"]["base"] == pytest.approx(9_000 / 8)
    stores = rows[("net_sales", "total", "budget", "stores")]
    assert stores["base"] == 31_000
    assert stores["effects"]["unallocated"] == pytest.approx(29_000 - 31_000)  # budget set above the stores'
    for row in small_build["drivers"]:
        assert adds_up(row["effects"], row["change"], row["base"], row["actual"])
    assert {r["against"] for r in small_build["drivers"]} == {"budget", "prev_month", "prev_year"}


# ---------------------------------------------------------------- public retail data
@pytest.mark.parametrize("name, split", [("superstore_2014-2017_tableau.xls", ["transactions", "atv"]),
                                         ("walmart_store_sales_weekly.csv", ["net_sales"])])
def test_public_samples_add_up(name, split):
    from conftest import shared_path
    from kpipack.ingest import expand_inputs, load_inputs
    from kpipack.kpis.engine import compute

    comp = compute(load_inputs(expand_inputs([shared_path("samples", name)]), None, None), Settings())
    rows = D.driver_rows(comp)
    assert {r["against"] for r in rows} >= {"prev_month", "prev_year"}
    assert len({r["scope"] for r in rows}) == len(comp.scopes)
    for row in rows:
        assert adds_up(row["effects"], row["change"], row["base"], row["actual"]), row
    total = next(r for r in rows if r["scope"] == "total" and r["kpi"] == "net_sales" and r["analysis"] == "factors")
    assert list(total["effects"]) == split  # orders without footfall; weekly store totals without receipts
