"""The parts the KPIs are computed from (sums, receipts counted, customers,
stockouts per store and month) against independent expected values: small
tables worked out by hand, and the test oracle (tests/oracle.py, which shares
no code with the product and follows the contract line by line) over
synthetic lines that are awkward on purpose: receipts that net to zero or
below, returns, receipts without a number, unidentified customers, stores
trading in some months only, a gap month, month ends.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import oracle
from synthetic import months_for, synthetic_lines
from kpipack.kpis import lineparts as L
from kpipack.kpis import parts as P


def run(lines):
    return L.LineParts(L.DuckLines(lines))


def customers_of(lines, months):
    parts = run(lines)
    return P.customer_parts(parts.customer_events(), months, lines["month"].dropna().unique())


def customers_by_store(lines, months, stores):
    parts = run(lines)
    trading = pd.MultiIndex.from_frame(lines[["store", "month"]].drop_duplicates())
    return P.customer_parts_by_store(parts.customer_events(["store"]), months, stores, trading)


@pytest.fixture(scope="module", params=[1, 2])
def lines(request):
    return synthetic_lines(request.param, n=900)


def _plain(value):
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def oracle_data(lines, inventory=None):
    fields = ["date", "store", "sku", "receipt", "net_sales", "customer", "qty", "cost"]
    sales = [{f: _plain(v) for f, v in zip(fields, row)} for row in lines[fields].itertuples(index=False)]
    tables = {"sales": sales}
    if inventory is not None:
        tables["inventory"] = [{"date": r.date.to_pydatetime(), "store": r.store, "sku": r.sku,
                                "on_hand": _plain(r.on_hand), "unit_cost": 1.0}
                               for r in inventory.itertuples(index=False)]
    return oracle._Data(tables)


def _scopes(lines):
    return [("total", None)] + [(f"store:{s}", s) for s in sorted(lines["store"].unique())]


def _value(frame, key):
    try:
        value = frame.loc[key]
    except KeyError:
        return None
    return None if pd.isna(value) else float(value)


def test_months_of_by_hand():
    dates = pd.Series(pd.to_datetime(["2025-01-31 23:59:59", None, "1969-12-31 23:00", "1970-01-01 00:00",
                                      "2024-02-29 12:00", "1900-03-01 00:00", "2262-04-10 00:00"], format="ISO8601"),
                      name="date")
    got = P.months_of(dates)
    assert got.tolist()[:1] + got.tolist()[2:] == ["2025-01", "1969-12", "1970-01", "2024-02", "1900-03", "2262-04"]
    assert got.isna().tolist() == [False, True, False, False, False, False, False]
    assert P.months_of(pd.Series([], dtype="datetime64[ns]")).empty


def test_months_of_random(lines):
    assert P.months_of(lines["date"]).tolist() == [f"{d.year:04d}-{d.month:02d}" for d in lines["date"]]


def _hand_lines():
    """Two stores, two months; S02's October has a return and a line without cost."""
    rows = [("2026-09-30 20:00", "S01", "R1", 1000.0, 600.0, 2.0), ("2026-09-30 20:00", "S01", "R1", 500.0, 250.0, 1.0),
            ("2026-10-01 09:00", "S01", "R2", 800.0, 500.0, 1.0), ("2026-10-02 10:00", "S02", "R3", 1200.0, 700.0, 3.0),
            ("2026-10-02 10:05", "S02", "R4", -300.0, -180.0, -1.0), ("2026-10-03 11:00", "S02", "R5", 400.0, None, 1.0)]
    frame = pd.DataFrame(rows, columns=["date", "store", "receipt", "net_sales", "cost", "qty"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["month"] = P.months_of(frame["date"])
    return frame


def test_sales_parts_by_hand():
    got = run(_hand_lines()).sales(["store", "month"])
    assert got.loc[("S01", "2026-09")].to_dict() == {"net_sales": 1500.0, "pos_sales": 1500.0, "neg_sales": 0.0,
                                                     "cogs": 850.0, "cogs_missing": 0.0, "qty": 3.0,
                                                     "qty_missing": 0.0}
    s02 = got.loc[("S02", "2026-10")]
    assert (s02["net_sales"], s02["pos_sales"], s02["neg_sales"]) == (1300.0, 1600.0, -300.0)
    assert (s02["cogs"], s02["cogs_missing"], s02["qty"]) == (520.0, 1.0, 3.0)
    total = run(_hand_lines()).sales(["month"])
    assert total.loc["2026-10", "net_sales"] == 2100.0 and total.loc["2026-10", "neg_sales"] == -300.0


def test_transactions_by_hand():
    got = run(_hand_lines()).transactions(["store", "month"])
    # R4 is only a return (net below zero): not a transaction
    assert got.to_dict() == {("S01", "2026-09"): 1.0, ("S01", "2026-10"): 1.0, ("S02", "2026-10"): 2.0}


@pytest.mark.parametrize("keys", [["store", "month"], ["month"]])
def test_sales_parts_agree_with_the_oracle(lines, keys):
    got = run(lines).sales(keys)
    data = oracle_data(lines)
    for scope, store in _scopes(lines):
        if (store is None) != (keys == ["month"]):
            continue
        for month in sorted(lines["month"].unique()):
            want = oracle._actual_values(data, scope, month)
            key = (store, month) if store else month
            if "net_sales" not in want:
                assert _value(got["net_sales"], key) is None
                continue
            assert _value(got["net_sales"], key) == pytest.approx(want["net_sales"])
            assert _value(got["pos_sales"], key) == pytest.approx(want["_pos_sales"])
            assert _value(got["neg_sales"], key) == pytest.approx(-want["_neg_sales"])
            missing = _value(got["cogs_missing"], key) > 0
            assert missing == (want["cogs"] is None)
            if not missing:
                assert _value(got["cogs"], key) == pytest.approx(want["cogs"])
            if not _value(got["qty_missing"], key):
                assert _value(got["qty"], key) == pytest.approx(want["_qty"])
    assert got["cogs_missing"].sum() > 0 and got["qty_missing"].sum() > 0


@pytest.mark.parametrize("keys", [["store", "month"], ["month"]])
def test_transactions_agree_with_the_oracle(lines, keys):
    # the oracle adds floats one by one: 0.1 + 0.2 - 0.3 comes to 5.6e-17 there (see the test below)
    lines = lines[lines["receipt"] != "TINY"]
    got = run(lines).transactions(keys)
    data = oracle_data(lines)
    checked = 0
    for scope, store in _scopes(lines):
        if (store is None) != (keys == ["month"]):
            continue
        for month in sorted(lines["month"].unique()):
            want = oracle._actual_values(data, scope, month).get("transactions")
            assert _value(got, (store, month) if store else month) == want, (scope, month)
            checked += 1
    assert checked > 10 and got.sum() > 0


def test_receipts_netting_to_zero_are_not_transactions(lines):
    """ZERO (100.1 - 100.1) and TINY (0.1 + 0.2 - 0.3) both net to nothing."""
    with_them = run(lines).transactions(["store", "month"]).loc[("S01", "2025-01")]
    without = lines[~lines["receipt"].isin(["ZERO", "TINY"])]
    assert run(without).transactions(["store", "month"]).loc[("S01", "2025-01")] == with_them


def test_transactions_without_receipts_use_the_column():
    frame = _hand_lines().drop(columns="receipt")
    frame["transactions"] = 3.0
    assert run(frame).transactions(["store", "month"]).to_dict() == {
        ("S01", "2026-09"): 6.0, ("S01", "2026-10"): 3.0, ("S02", "2026-10"): 9.0}
    assert run(frame.drop(columns="transactions")).transactions(["month"]) is None


CUSTOMER_KPIS = ["customers", "new_customer_pct", "repeat_rate_pct", "churn_rate_pct", "clv"]


def _check_customers(got, data, scope, months, with_lines):
    for month in months:
        want = oracle._actual_values(data, scope, month) if month in with_lines else {}
        for kpi in CUSTOMER_KPIS:
            value = got.loc[month, kpi]
            expected = want.get(kpi)
            if kpi in ("customers", "new_customer_pct") and month not in with_lines:
                assert np.isnan(value), (scope, month, kpi)
            elif expected is None or month not in with_lines:
                continue  # the oracle gives customer figures only for months with lines
            else:
                assert value == pytest.approx(expected), (scope, month, kpi)


def test_customer_parts_agree_with_the_oracle(lines):
    months = months_for(lines)
    got = customers_of(lines, months)
    _check_customers(got, oracle_data(lines), "total", months, set(lines["month"]))
    assert got["customers"].notna().sum() > 5 and got["clv"].notna().sum() > 5


def test_customer_parts_by_store_agree_with_the_oracle(lines):
    months = months_for(lines)
    stores = sorted(lines["store"].unique())
    got = customers_by_store(lines, months, stores)
    data = oracle_data(lines)
    for store in stores:
        mine = lines[lines["store"] == store]
        _check_customers(got.loc[store], data, f"store:{store}", months, set(mine["month"]))
    # S02 has no lines in 2025-03: no customer count there, not zero
    assert np.isnan(got.loc[("S02", "2025-03"), "customers"])


def test_customers_by_hand():
    """C1 buys in September and October, C2 in October only, C3 only returns."""
    frame = _hand_lines()
    frame["customer"] = ["C1", "C1", "C1", "C2", "C3", None]
    got = customers_of(frame, ["2026-09", "2026-10"])
    assert got.loc["2026-09", "customers"] == 1.0 and got.loc["2026-09", "new_customer_pct"] == 100.0
    assert got.loc["2026-10", "customers"] == 2.0 and got.loc["2026-10", "new_customer_pct"] == 50.0
    assert got.loc["2026-10", "repeat_rate_pct"] == 50.0  # C1 on two days of the twelve months, C2 on one


def test_customer_parts_without_identified_buyers():
    frame = synthetic_lines(5, n=200)
    frame["customer"] = None
    got = customers_of(frame, months_for(frame))
    assert got["customers"].isna().all() or (got["customers"].fillna(0) == 0).all()
    assert got["clv"].isna().all() and got["repeat_rate_pct"].isna().all()


def test_stockout_parts_agree_with_the_oracle(lines):
    rng = np.random.default_rng(7)
    ends = pd.date_range("2024-10-31", "2026-06-30", freq="ME")
    rows = []
    for end in ends:
        for store in ("S01", "S02", "0400", "S99"):  # S99 sells nothing
            for k in range(0, 70, 3):
                rows.append((end, store, f"49{k:05d}", float(rng.integers(-1, 4))))
    inventory = pd.DataFrame(rows, columns=["date", "store", "sku", "on_hand"])
    inventory = pd.concat([inventory, inventory.iloc[:40]], ignore_index=True)  # a SKU counted twice
    got = P.stockout_parts(P.month_close_rows(inventory), run(lines).selling_pairs())
    data = oracle_data(lines, inventory)
    for scope, store in _scopes(lines):
        if store is None:
            continue
        for month in sorted(lines["month"].unique()):
            want = oracle._actual_values(data, scope, month)
            pairs = _value(got["stock_checked_skus"], (store, month))
            if not want.get("_stockout_pairs"):
                assert not pairs, (scope, month)
                continue
            assert pairs == want["_stockout_pairs"], (scope, month)
            assert _value(got["stockout_skus"], (store, month)) == want["_stockout_zero"], (scope, month)
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
