"""The line-level parts on DuckDB, against sums worked out by hand, from a
frame and straight from Parquet and CSV files."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpipack.kpis import lineparts as L
from kpipack.kpis.abc import abc_table

# two stores, two months; R2 is a return that nets below zero, R3 nets to 0 exactly
LINES = pd.DataFrame({
    "date": pd.to_datetime(["2026-01-05 10:00", "2026-01-05 10:00", "2026-01-31 23:59", "2026-01-06 09:00",
                            "2026-01-06 09:00", "2026-02-01 00:00", "2026-02-01 12:00", "2026-02-03 08:00"]),
    "store": ["S1", "S1", "S1", "S1", "S1", "S2", "S2", "S2"],
    "receipt": ["R1", "R1", "R2", "R3", "R3", "R4", "R5", None],
    "customer": ["C1", "C1", "C1", None, None, "C1", "C2", "C2"],
    "sku": ["A", "B", "A", "B", "B", "A", "C", "C"],
    "product": [None, "Bee", "Ay", "Bee2", "Bee2", "Ay2", "Sea", "Sea"],
    "category": ["x", "y", "x", "y", "y", "x", "z", "z"],
    "qty": [2.0, 1.0, -1.0, 1.0, -1.0, 3.0, np.nan, 1.0],
    "net_sales": [200.0, 50.0, -100.0, 80.0, -80.0, 300.0, 120.0, 40.0],
    "cost": [120.0, 30.0, -60.0, 40.0, -40.0, np.nan, 70.0, 25.0],
})


@pytest.fixture(params=["frame", "parquet", "csv"])
def parts(request, tmp_path):
    if request.param == "frame":
        return L.LineParts(L.DuckLines(LINES))
    path = tmp_path / f"lines.{request.param}"
    if request.param == "parquet":
        LINES.assign(line_no=np.arange(len(LINES))).to_parquet(path)
        return L.LineParts(L.DuckLines(f"read_parquet('{path}')"))
    LINES.assign(line_no=np.arange(len(LINES))).to_csv(path, index=False)
    return L.LineParts(L.DuckLines(f"read_csv('{path}')"))


def test_sales_per_store_and_month(parts):
    got = parts.sales(["store", "month"]).sort_index()
    assert list(got.index) == [("S1", "2026-01"), ("S2", "2026-02")]
    s1, s2 = got.loc[("S1", "2026-01")], got.loc[("S2", "2026-02")]
    assert (s1["net_sales"], s1["pos_sales"], s1["neg_sales"]) == (150.0, 330.0, -180.0)
    assert (s1["cogs"], s1["cogs_missing"], s1["qty"], s1["qty_missing"]) == (90.0, 0.0, 2.0, 0.0)
    assert (s2["net_sales"], s2["cogs"], s2["cogs_missing"], s2["qty"], s2["qty_missing"]) == \
        (460.0, 95.0, 1.0, 4.0, 1.0)


def test_transactions_count_receipts_netting_above_zero(parts):
    got = parts.transactions(["store", "month"])
    assert got.loc[("S1", "2026-01")] == 1.0  # R1 only: R2 is negative, R3 nets to zero
    assert got.loc[("S2", "2026-02")] == 2.0  # R4, R5; the line without a receipt is no transaction
    assert parts.transactions(["month"]).to_dict() == {"2026-01": 1.0, "2026-02": 2.0}


@pytest.mark.parametrize("grouped_once", [False, True])
def test_customer_events(parts, grouped_once):
    """Purchase days: C1 on 5 January (the 31 January line is a return) and 1 February,
    C2 on 1 and 3 February; C1's spending is 150 in January (the return included).
    The same from each customer's months grouped once for the chain and the stores."""
    events, by_store = parts.customer_events_of_chain_and_stores() if grouped_once else \
        (parts.customer_events(), parts.customer_events(["store"]))
    jan, feb = 2026 * 12, 2026 * 12 + 1

    def at(kind):
        rows = events[events["kind"] == kind]
        return dict(zip(rows["num"].astype(int), rows["n"]))

    def level(kind, month):
        rows = events[(events["kind"] == kind) & (events["num"] <= month)]
        return rows["n"].sum()

    assert at("buyers") == {jan: 1.0, feb: 2.0} and at("new") == {jan: 1.0, feb: 1.0}
    assert at("spend") == {jan: 150.0, feb: 460.0}
    assert [level("window", m) for m in (jan, feb, feb + 11, jan + 12, feb + 12)] == [1, 2, 2, 2, 0]
    assert [level("repeat", m) for m in (jan, feb, jan + 11, jan + 12, feb + 11, feb + 12)] == [0, 2, 2, 1, 1, 0]
    # active at a month end before the day 180 days after the last purchase:
    # C1 (1 February + 180 = 31 July) to June's end, C2 (3 February + 180 = 2 August) to July's
    assert [level("active", m) for m in (jan, feb, feb + 4, feb + 5, feb + 6)] == [1, 2, 2, 1, 0]
    assert at("lost") == {feb + 5: 1.0, feb + 6: 1.0}
    assert sorted(map(tuple, by_store[by_store["kind"] == "buyers"][["store", "num", "n"]].values.tolist())) == \
        [("S1", jan, 1.0), ("S2", feb, 2.0)]


def test_daily_units_per_pair(parts):
    daily = parts.daily_units().set_index(["store", "sku", "day"]).sort_index()
    assert daily.loc[("S1", "A", pd.Timestamp("2026-01-05")), "units"] == 2.0
    assert daily.loc[("S1", "A", pd.Timestamp("2026-01-31")), "units"] == -1.0
    assert daily.loc[("S1", "B", pd.Timestamp("2026-01-06")), "units"] == 0.0
    assert daily.loc[("S2", "C", pd.Timestamp("2026-02-01")), ("units", "net_sales")].tolist() == [0.0, 120.0]
    assert len(daily) == 7  # S1: A twice, B twice; S2: A once, C twice


def test_abc_from_the_parts(parts):
    table = abc_table(parts, "2026-02", months=2)
    assert table["sku"].tolist() == ["A", "C", "B"]  # 400, 160, 50
    assert table["net_sales"].tolist() == [400.0, 160.0, 50.0]
    assert table["product"].tolist() == ["Ay", "Sea", "Bee"]  # the first line naming it
    assert table["class"].tolist() == ["A", "A", "C"]  # shares before: 0 %, 65.6 %, 91.8 %
    assert abc_table(parts, "2026-02", store="S2")["sku"].tolist() == ["A", "C"]


def test_the_same_text_becomes_spark_sql():
    sql = L.spark_sql(L.sku_sales_sql("sku", "2026-01", "2026-02", LINES.columns))
    assert "DATE_FORMAT(date, 'yyyy-MM')" in sql and "MIN_BY(" in sql
    assert "STRFTIME" not in sql


@pytest.mark.parametrize("starts", [[], [5], [3, 3, 3], list(range(10, 5000, 2)), list(range(100, 400)),
                                    sorted(np.random.default_rng(7).integers(0, 3000, 700).tolist()),
                                    [1, 2, 3, 3, 4, 9, 10, 11, 11, 11, 40]])
def test_how_many_starts_a_number_has_reached_is_counted_as_a_sorted_search_counts_it(starts):
    """reached_sql's nested CASEs against numpy's count of the starts at or below each number."""
    import duckdb

    got = duckdb.connect().execute(f"SELECT x, {L.reached_sql('x', starts)} AS n FROM range(-2, 5100) AS t(x) "
                                   "ORDER BY x").fetchnumpy()
    want = np.searchsorted(np.array(starts, dtype=np.int64), got["x"], side="right")
    assert (got["n"] == want).all()
