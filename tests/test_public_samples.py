"""Real public retail data (../shared/samples) imports and builds."""
import json

import pytest

from conftest import shared_path
from kpipack.domain import Settings
from kpipack.pipeline import build_pack


def build(tmp_path, name, **kw):
    path = shared_path("samples", name)
    result = build_pack([path], Settings(**kw), json_out=tmp_path / "r.json", out=tmp_path / "p.xlsx")
    data = json.loads((tmp_path / "r.json").read_text())
    return result, data, {(r["id"], r["scope"]): r for r in data["kpis"]}


def test_superstore_xls(tmp_path):
    result, data, rows = build(tmp_path, "superstore_2014-2017_tableau.xls")
    orders = result.dataset.tables["sales"]
    assert len(orders) == 9994
    assert {s["id"] for s in data["stores"]} == {"Central", "East", "South", "West"}  # regions as stores
    december = orders[orders["date"].dt.strftime("%Y-%m") == data["period"]]
    assert rows[("net_sales", "total")]["actual"] == pytest.approx(december["net_sales"].sum(), rel=1e-12)
    profit = december["gross_profit"].sum()
    assert rows[("gross_profit", "total")]["actual"] == pytest.approx(profit, rel=1e-9)  # cost = sales − profit
    assert rows[("customers", "total")]["actual"] == december["customer"].nunique()
    assert sum(v["skus"] for v in data["abc"].values()) == december["sku"].nunique()
    assert rows[("net_sales", "total")]["prev_year"] is not None


def test_walmart_weekly_csv(tmp_path):
    result, data, rows = build(tmp_path, "walmart_store_sales_weekly.csv")
    assert len(data["stores"]) == 45
    assert data["period"] == "2012-09"  # last week is 2012-10-26: October is incomplete
    sales = result.dataset.tables["sales"]
    assert sales["date"].min().strftime("%Y-%m-%d") == "2010-02-05"  # day-first dates
    assert ("transactions", "total") not in rows  # store summaries without receipts
    assert rows[("net_sales", "store:1")]["yoy_pct"] is not None


def test_financial_sample_picks_the_data_sheet(tmp_path):
    result, data, rows = build(tmp_path, "ms_financial_sample.xlsx")
    roles = {s.sheet: s.role for s in result.dataset.sheets}
    assert roles.get("Sheet1") == "sales"
    assert data["data_quality"]["rows_read"] == 700
    assert rows[("cogs", "total")]["actual"] is not None
