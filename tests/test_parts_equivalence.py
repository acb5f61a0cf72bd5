"""The line-level parts (SQL on DuckDB, then numpy on the aggregates) give what
the plain pandas versions gave, to 1e-9.

The `ref_*` functions are the earlier implementations (grouping by the text
columns, one pandas filter per month and per store), kept verbatim as the
reference. Lines are synthetic but awkward: receipts that net to zero or
below, returns, cancelled receipts, unidentified customers, stores trading in
some months only, a gap month, dates before 1970 and around month ends.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpipack.domain import month_add, month_range
from kpipack.kpis import lineparts as L
from kpipack.kpis import parts as P

ACTIVE_DAYS = 180


# ---------------------------------------------------------------- reference
def ref_months_of(dates):
    return dates.dt.strftime("%Y-%m")


def ref_sales_parts(lines, keys):
    frame = pd.DataFrame({k: lines[k] for k in keys})
    frame["net_sales"] = lines["net_sales"]
    frame["pos_sales"] = lines["net_sales"].clip(lower=0)
    frame["neg_sales"] = lines["net_sales"].clip(upper=0)
    frame["cogs"] = lines["cost"]
    frame["cogs_missing"] = lines["cost"].isna().astype(float)
    cols = ["net_sales", "pos_sales", "neg_sales", "cogs", "cogs_missing"]
    if "qty" in lines:
        frame["qty"] = lines["qty"]
        frame["qty_missing"] = lines["qty"].isna().astype(float)
        cols.append("qty")
    grouped = frame.groupby(keys, sort=False)
    out = grouped[["net_sales", "pos_sales", "neg_sales"]].sum()
    out["cogs"] = grouped["cogs"].sum()
    out["cogs_missing"] = grouped["cogs_missing"].sum()
    if "qty" in cols:
        out["qty"] = grouped["qty"].sum()
        out["qty_missing"] = grouped["qty_missing"].sum()
    return out


def ref_transaction_parts(lines, keys):
    if "receipt" not in lines or lines["receipt"].isna().all():
        if "transactions" in lines and lines["transactions"].notna().any():
            return lines.groupby(keys, sort=False)["transactions"].sum(min_count=1)
        return None
    receipts = lines.groupby(["store", "month", "receipt"], sort=False)["net_sales"].sum()
    positive = receipts[receipts > 0].reset_index()
    counted = positive.groupby(keys, sort=False).size().astype(float)
    present = lines.groupby(keys, sort=False).size()
    return counted.reindex(present.index, fill_value=0.0)


def ref_stockout_parts(closing, lines):
    if "sku" not in lines:
        return pd.DataFrame(columns=["stockout_skus", "stock_checked_skus"])
    selling = lines.loc[lines["net_sales"] > 0, ["store", "month", "sku"]].dropna().drop_duplicates()
    stock = closing.groupby(["store", "close", "sku"])["on_hand"].sum().reset_index()
    stock = stock.rename(columns={"close": "month"})
    pairs = selling.merge(stock, on=["store", "month", "sku"], how="inner")
    pairs["out"] = (pairs["on_hand"] <= 0).astype(float)
    grouped = pairs.groupby(["store", "month"])
    return pd.DataFrame({"stockout_skus": grouped["out"].sum(), "stock_checked_skus": grouped.size().astype(float)})


def ref_customer_parts(lines, months):
    cols = ["customers", "new_customer_pct", "repeat_rate_pct", "churn_rate_pct", "clv"]
    out = pd.DataFrame(np.nan, index=months, columns=cols)
    ident = lines.dropna(subset=["customer"])
    has_lines = set(lines["month"].unique())
    buys = ident[ident["net_sales"] > 0]
    days = pd.DataFrame({"customer": buys["customer"].to_numpy(),
                         "day": buys["date"].dt.normalize().to_numpy()}).drop_duplicates()
    days["month"] = days["day"].dt.strftime("%Y-%m")
    first_month = days.groupby("customer")["month"].min()
    ident_sales = ident.groupby(["month", "customer"])["net_sales"].sum().reset_index()
    month_end = {m: pd.Timestamp(f"{m}-01") + pd.offsets.MonthEnd(0) for m in months}
    day_values = days["day"].to_numpy()
    cust_values = days["customer"].to_numpy()

    def active(end):
        mask = (day_values <= end.to_datetime64()) & (day_values > (end - pd.Timedelta(days=ACTIVE_DAYS)).to_datetime64())
        return set(cust_values[mask])

    active_at = {m: active(month_end[m]) for m in months}
    prev_active = active(month_end[months[0]] - pd.offsets.MonthEnd(1)) if months else set()
    for m in months:
        in_month = days[days["month"] == m]
        buyers = in_month["customer"].nunique()
        if m in has_lines:
            out.at[m, "customers"] = float(buyers)
            if buyers:
                new = int((first_month.reindex(in_month["customer"].unique()) == m).sum())
                out.at[m, "new_customer_pct"] = new / buyers * 100.0
        window_first = month_add(m, -11)
        window = days[(days["month"] >= window_first) & (days["month"] <= m)]
        if not window.empty:
            per_customer = window.groupby("customer")["day"].nunique()
            out.at[m, "repeat_rate_pct"] = float((per_customer >= 2).mean() * 100.0)
        before = active_at.get(month_add(m, -1), prev_active if m == months[0] else set())
        if before:
            lost = len(before - active_at[m])
            out.at[m, "churn_rate_pct"] = lost / len(before) * 100.0
        spend = ident_sales[(ident_sales["month"] >= window_first) & (ident_sales["month"] <= m)]
        churn = out.at[m, "churn_rate_pct"]
        if not spend.empty and not np.isnan(churn):
            per_customer_sales = spend["net_sales"].sum() / spend["customer"].nunique()
            annual = 1.0 - (1.0 - churn / 100.0) ** 12
            lifetime = min(1.0 / annual, 10.0) if annual > 0 else 10.0
            out.at[m, "clv"] = per_customer_sales * lifetime
    return out


# ---------------------------------------------------------------- synthetic lines
def synthetic_lines(seed: int, n: int = 2500, start: str = "2024-11-01", days: int = 540) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    stores = np.array(["S01", "S02", "0400", "渋谷"], dtype=object)
    store = stores[rng.integers(0, len(stores), n)]
    day = rng.integers(0, days, n)
    when = pd.Timestamp(start) + pd.to_timedelta(day, unit="D") + pd.to_timedelta(rng.integers(0, 86400, n), unit="s")
    when = pd.Series(when)
    # S02 does not trade in one month; nobody trades in another
    gap = when.dt.strftime("%Y-%m")
    keep = ~((store == "S02") & (gap == "2025-03").to_numpy()) & (gap != "2025-06").to_numpy()
    receipt = np.array([f"R{k:05d}" for k in rng.integers(0, n // 3, n)], dtype=object)
    receipt[rng.random(n) < 0.03] = None
    net = np.round(rng.normal(1500, 900, n), 1)
    net[rng.random(n) < 0.08] *= -1  # returns
    net[rng.random(n) < 0.02] = 0.0
    customer = np.array([f"C{k:04d}" for k in rng.integers(0, 300, n)], dtype=object)
    customer[rng.random(n) < 0.4] = None
    sku = np.array([f"49{k:05d}" for k in rng.integers(0, 60, n)], dtype=object)
    sku[rng.random(n) < 0.02] = None
    qty = rng.integers(-2, 5, n).astype(float)
    qty[rng.random(n) < 0.01] = np.nan
    cost = np.round(net * rng.uniform(0.4, 0.8, n), 2)
    cost[rng.random(n) < 0.01] = np.nan
    frame = pd.DataFrame({"date": when.to_numpy(), "store": store, "sku": sku, "receipt": receipt, "net_sales": net,
                          "customer": customer, "qty": qty, "cost": cost})
    frame = frame[keep].reset_index(drop=True)
    # a receipt whose lines cancel out exactly, and one netting to a float residue
    extra = pd.DataFrame({"date": [pd.Timestamp("2025-01-31 23:59")] * 5, "store": ["S01"] * 5,
                          "receipt": ["ZERO", "ZERO", "TINY", "TINY", "TINY"], "sku": ["4900001"] * 5,
                          "net_sales": [100.1, -100.1, 0.1, 0.2, -0.3], "customer": ["C0001"] * 5,
                          "qty": [1.0, -1.0, 1.0, 1.0, -1.0], "cost": [60.0, -60.0, 0.05, 0.1, -0.15]})
    frame = pd.concat([frame, extra], ignore_index=True)
    frame["month"] = ref_months_of(frame["date"])
    return frame


@pytest.fixture(scope="module", params=[1, 2])
def lines(request):
    return synthetic_lines(request.param)


def months_for(lines):
    first, last = lines["month"].min(), lines["month"].max()
    return month_range(month_add(first, -2), last)


def test_months_of_matches_strftime():
    dates = pd.Series(pd.to_datetime(["2025-01-31 23:59:59", None, "1969-12-31 23:00", "1970-01-01 00:00",
                                      "2024-02-29 12:00", "1900-03-01 00:00", "2262-04-10 00:00"], format="ISO8601"),
                      name="date")
    got, want = P.months_of(dates), ref_months_of(dates)
    pd.testing.assert_series_equal(got, want)
    assert got.isna().tolist() == [False, True, False, False, False, False, False]
    empty = pd.Series([], dtype="datetime64[ns]")
    pd.testing.assert_series_equal(P.months_of(empty), ref_months_of(empty))


def test_months_of_random(lines):
    pd.testing.assert_series_equal(P.months_of(lines["date"]), ref_months_of(lines["date"]))


def run(lines):
    return L.LineParts(L.DuckLines(lines))


def sorted_frame(frame):
    return frame.sort_index().astype(float)


@pytest.mark.parametrize("keys", [["store", "month"], ["month"]])
def test_sales_parts_match_reference(lines, keys):
    got, want = run(lines).sales(keys), ref_sales_parts(lines, keys)
    pd.testing.assert_frame_equal(sorted_frame(got), sorted_frame(want), rtol=1e-9, check_index_type=False)
    assert got["cogs_missing"].sum() > 0 and got["qty_missing"].sum() > 0


@pytest.mark.parametrize("keys", [["store", "month"], ["month"]])
def test_transactions_match_reference(lines, keys):
    got, want = run(lines).transactions(keys), ref_transaction_parts(lines, keys)
    pd.testing.assert_series_equal(got.sort_index(), want.sort_index(), check_index_type=False, check_names=False)
    assert got.index.names == want.index.names
    assert got.sum() > 0


def test_transactions_without_receipts_use_the_column():
    frame = synthetic_lines(4, n=300).drop(columns="receipt")
    frame["transactions"] = 3.0
    pd.testing.assert_series_equal(run(frame).transactions(["store", "month"]).sort_index(),
                                   ref_transaction_parts(frame, ["store", "month"]).sort_index(),
                                   check_index_type=False)
    assert run(frame.drop(columns="transactions")).transactions(["month"]) is None


def test_zero_and_residue_receipts_follow_the_summed_amount(lines):
    got = run(lines).transactions(["store", "month"])
    want = ref_transaction_parts(lines, ["store", "month"])
    assert got.loc[("S01", "2025-01")] == want.loc[("S01", "2025-01")]


def customers_of(lines, months):
    parts = run(lines)
    trading = lines["month"].dropna().unique()
    return P.customer_parts(parts.purchase_days(), parts.customer_spend(), months, trading)


def test_customer_parts_match_reference(lines):
    months = months_for(lines)
    got = customers_of(lines, months)
    want = ref_customer_parts(lines, months)
    pd.testing.assert_frame_equal(got, want, rtol=1e-9)
    assert got["customers"].notna().sum() > 5 and got["clv"].notna().sum() > 5


def test_customer_parts_by_store_match_reference(lines):
    months = months_for(lines)
    stores = sorted(lines["store"].unique())
    parts = run(lines)
    trading = pd.MultiIndex.from_frame(lines[["store", "month"]].drop_duplicates())
    got = P.customer_parts_by_store(parts.purchase_days(["store"]), parts.customer_spend(["store"]), months, stores,
                                    trading)
    want = pd.concat([ref_customer_parts(lines[lines["store"] == s], months) for s in stores],
                     keys=stores, names=["store", "month"])
    pd.testing.assert_frame_equal(got, want, rtol=1e-9)
    # S02 has no lines in 2025-03: no customer count there, not zero
    assert np.isnan(got.loc[("S02", "2025-03"), "customers"])


def test_customer_parts_without_identified_buyers():
    frame = synthetic_lines(5, n=200)
    frame["customer"] = None
    months = months_for(frame)
    pd.testing.assert_frame_equal(customers_of(frame, months), ref_customer_parts(frame, months))


def test_stockout_parts_match_reference(lines):
    rng = np.random.default_rng(7)
    ends = pd.date_range("2024-10-31", "2026-06-30", freq="ME")
    rows = []
    for end in ends:
        for store in ("S01", "S02", "0400", "S99"):  # S99 sells nothing
            for k in range(0, 70, 3):
                on_hand = float(rng.integers(-1, 4)) if rng.random() > 0.05 else np.nan
                rows.append((end, store, f"49{k:05d}", on_hand))
    inventory = pd.DataFrame(rows, columns=["date", "store", "sku", "on_hand"])
    inventory = pd.concat([inventory, inventory.iloc[:40]], ignore_index=True)  # a SKU counted twice
    closing = P.month_close_rows(inventory)
    got, want = P.stockout_parts(closing, run(lines).selling_pairs()), ref_stockout_parts(closing, lines)
    pd.testing.assert_frame_equal(got.sort_index(), want.sort_index(), check_exact=True, check_index_type=False)
    assert got["stockout_skus"].sum() > 0 and got["stock_checked_skus"].sum() > got["stockout_skus"].sum()


def test_close_month_matches_strftime():
    dates = pd.Series(pd.to_datetime(["2025-01-29", "2025-01-28", "2025-02-01", "2024-02-27", "2024-03-01",
                                      "2025-12-31", "2026-01-01", "2025-06-15"]))
    got = P.close_month(dates)
    day, last = dates.dt.day, dates.dt.days_in_month
    want = dates.dt.strftime("%Y-%m").where(day >= last - 2).fillna(
        (dates - pd.Timedelta(days=1)).dt.strftime("%Y-%m").where(day == 1))
    pd.testing.assert_series_equal(got, want)
    assert got.isna().tolist() == [False, True, False, False, False, False, False, True]
    assert got[2] == "2025-01" and got[6] == "2025-12"


def test_computation_value_reads_like_pandas_at():
    from kpipack.kpis.engine import Computation

    index = pd.MultiIndex.from_product([["total", "store:S01"], ["2025-01", "2025-02"]], names=["scope", "month"])
    actual = pd.DataFrame({"net_sales": [1.5, np.nan, 3.0, 4.0], "atv": [np.inf, 2.0, -0.0, 5.0]}, index=index)
    text = actual.assign(note=["a", "b", "c", "d"])
    comp = Computation("2025-02", ["2025-01", "2025-02"], ["total", "store:S01"], {}, actual, actual, actual,
                       actual, actual, [], pd.DataFrame())
    for frame in (actual, text):
        for scope in ("total", "store:S01", "store:S02"):
            for month in ("2025-01", "2025-02", "2025-03"):
                for kpi in ("net_sales", "atv", "gmroi"):
                    try:
                        want = frame.at[(scope, month), kpi]
                        want = None if pd.isna(want) else float(want)
                    except KeyError:
                        want = None
                    assert comp.value(frame, kpi, scope, month) == want
    assert comp.value(actual, "net_sales", "store:S01", "2025-02") == 4.0
    changed = actual.assign(extra=1.0)  # another frame: looked up afresh
    assert comp.value(changed, "extra", "total", "2025-01") == 1.0
