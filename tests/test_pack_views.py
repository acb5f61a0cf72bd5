"""The views behind the inventory and ABC sheets, checked against the
engine and against the sales lines and stock rows directly; and the
findings sentences."""
from __future__ import annotations

import copy
import math

import pandas as pd
import pytest

from packtools import sample_pack

from kpipack.kpis import views
from kpipack.kpis.engine import TOTAL


@pytest.fixture(scope="module")
def comp():
    return sample_pack("en").computation


def test_category_inventory_adds_up_to_each_store(comp):
    cats = views.inventory_by_category(comp)
    for scope in comp.scopes:
        key = TOTAL if scope == TOTAL else scope.split(":", 1)[1]
        part = cats[cats["store"] == key]
        assert math.isclose(part["inventory_value"].sum(), comp.value(comp.actual, "inventory_value", scope,
                                                                      comp.period))
        assert math.isclose(part["cogs"].sum(), comp.value(comp.actual, "cogs", scope, comp.period))
    row = cats.iloc[0]
    assert math.isclose(row["days_of_inventory"], row["avg_inventory_value"] / (row["cogs"] / row["days"]))
    assert math.isclose(row["gmroi"], row["gross_profit"] * 365 / row["days"] / row["avg_inventory_value"])


def test_dead_stock_is_stock_without_a_sale_in_91_days(comp):
    dead = views.dead_stock(comp)
    end = pd.Timestamp(f"{comp.period}-01") + pd.offsets.MonthEnd(0)
    start = end - pd.Timedelta(days=90)  # 91 days to the period's end, the order list's window
    lines = comp.lines
    sold = set(map(tuple, lines[(lines["net_sales"] > 0) & (lines["date"].dt.normalize() >= start)
                                & (lines["date"].dt.normalize() <= end)][["store", "sku"]].to_numpy()))
    close = comp.closing[(comp.closing["close"] == comp.period) & (comp.closing["on_hand"] > 0)]
    expected = {(s, k) for s, k in close[["store", "sku"]].to_numpy() if (s, k) not in sold}
    assert set(map(tuple, dead[["store", "sku"]].to_numpy())) == expected
    assert expected, "the samples hold some dead stock"
    assert (dead["value"] == dead["on_hand"] * dead["unit_cost"]).all()
    assert dead["value"].is_monotonic_decreasing


def test_stockouts_are_the_engine_stockout_count(comp):
    outs = views.stockouts(comp)
    for scope in comp.scopes:
        want = comp.value(comp.parts, "stockout_skus", scope, comp.period)
        got = len(outs) if scope == TOTAL else int((outs["store"] == scope.split(":", 1)[1]).sum())
        assert got == want
    assert (outs["on_hand"] <= 0).all()


def test_store_abc_covers_the_store_sales(comp):
    for scope in comp.scopes[1:]:
        table = views.abc_for_scope(comp, scope)
        month = comp.lines[(comp.lines["month"] == comp.period) & (comp.lines["store"] == scope.split(":", 1)[1])]
        assert math.isclose(table["net_sales"].sum(), month.dropna(subset=["sku"])["net_sales"].sum())
        assert set(table["class"]) <= {"A", "B", "C"} and table["class"].iloc[0] == "A"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_findings_are_three_to_six_plain_sentences(lang, tmp_path):
    from kpipack.report.findings import findings
    from kpipack.report.pack import Pack
    from kpipack.report.layouts import load_layout
    from kpipack.domain import Settings

    result = sample_pack(lang)

    def sentences(rows):
        pack = Pack(tmp_path / f"f-{len(rows)}.xlsx", result.computation, rows, result.results, result.dataset,
                    Settings(lang=lang))
        pack.configure(load_layout("board"))
        out = {scope: findings(pack, scope) for scope in pack.scopes}
        pack.close()
        return out

    for scope, said in sentences(result.rows).items():
        assert 3 <= len(said) <= 6, (scope, said)
        assert not any("{" in s or "}" in s for s in said)
        assert ("売上高" if lang == "ja" else "Net sales") in said[0]
    # with no budget and no history the pack still says three things
    bare = copy.deepcopy(result.rows)
    for r in bare:
        for key in ("budget", "variance", "variance_pct", "prev_month", "mom_pct", "prev_year", "yoy_pct"):
            r[key] = None
        r["status"] = "none"
    for scope, said in sentences(bare).items():
        assert 3 <= len(said) <= 6, (scope, said)
