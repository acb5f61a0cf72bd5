"""Input parts per store and month: the sums and counts every KPI is built from.

Each function returns a frame indexed by (store, month) or, for the total
scope, by month. A month without input rows is null, never zero.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa

from ..domain import days_in_month, month_add, month_range
from ..errors import Issue
from .lineparts import ACTIVE_DAYS  # noqa: F401  (the customer KPIs' definition of active)

DAY_NS = 86_400_000_000_000


def months_of(dates: pd.Series) -> pd.Series:
    """'YYYY-MM' of each date (NaN for NaT), as dates.dt.strftime("%Y-%m") gives
    it, formatted once per distinct day: strftime over a million lines takes seconds."""
    ns = dates.to_numpy(dtype="datetime64[ns]")
    codes, days = pd.factorize(ns.view("int64") // DAY_NS)
    missing = np.isnat(ns)
    if missing.any():
        codes = np.where(missing, -1, codes)
        days = np.where(days == np.iinfo(np.int64).min // DAY_NS, 0, days)  # NaT's bucket: never used
    labels = pd.Series((days * DAY_NS).astype("datetime64[ns]")).dt.strftime("%Y-%m")
    text = pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0, type=pa.int64()),
                                          pa.array(labels.tolist(), type=pa.large_string()))
    return pd.Series(pd.array(text.cast(pa.large_string()), dtype=pd.StringDtype("pyarrow", na_value=np.nan)),
                     index=dates.index, name=dates.name)


def sum_or_null(frame: pd.DataFrame, keys, columns) -> pd.DataFrame:
    """Grouped sums where a group with no value stays null."""
    return frame.groupby(keys, sort=False)[columns].sum(min_count=1)


# ---------------------------------------------------------------- sales lines
def prepare_lines(sales: pd.DataFrame, inventory: pd.DataFrame | None) -> tuple[pd.DataFrame, list[Issue]]:
    """Sales lines with their month and the cost of each line resolved:
    cost column, else net sales − gross profit, else qty × the SKU's unit cost
    from the nearest inventory snapshot (same store first, then any store)."""
    lines = sales.copy(deep=False)  # copy-on-write: new columns here never reach `sales`
    lines["month"] = months_of(lines["date"])
    cost = lines["cost"] if "cost" in lines else pd.Series(np.nan, index=lines.index)
    if "gross_profit" in lines:
        cost = cost.fillna(lines["net_sales"] - lines["gross_profit"])
    if cost.isna().any() and inventory is not None and {"qty", "sku"} <= set(lines.columns) \
            and "unit_cost" in inventory.columns:
        unit = _nearest_unit_cost(lines[cost.isna()], inventory)
        cost = cost.fillna(lines["qty"] * unit)
    lines["cost"] = cost
    issues = []
    return lines, issues


def _nearest_unit_cost(lines: pd.DataFrame, inventory: pd.DataFrame) -> pd.Series:
    inv = inventory.dropna(subset=["unit_cost", "date", "sku"])[["date", "store", "sku", "unit_cost"]]
    want = lines[["date", "store", "sku"]].copy()
    want["_i"] = want.index
    out = pd.Series(np.nan, index=lines.index)
    if inv.empty or want.empty:
        return out
    want = want.dropna(subset=["date", "sku"]).sort_values("date")
    inv = inv.sort_values("date", kind="stable")  # equally near snapshots: the earlier date, then the last listed
    same = pd.merge_asof(want, inv, on="date", by=["store", "sku"], direction="nearest")
    out.loc[same["_i"].to_numpy()] = same["unit_cost"].to_numpy()
    if out.isna().any():
        rest = want[want["_i"].isin(out.index[out.isna()])]
        anywhere = pd.merge_asof(rest.drop(columns="store"), inv.drop(columns="store"), on="date", by="sku",
                                 direction="nearest")
        out.loc[anywhere["_i"].to_numpy()] = out.loc[anywhere["_i"].to_numpy()].fillna(
            pd.Series(anywhere["unit_cost"].to_numpy(), index=anywhere["_i"].to_numpy()))
    return out


# ---------------------------------------------------------------- stock
def close_month(dates: pd.Series) -> pd.Series:
    """Month whose closing stock a snapshot is: dated in the last 3 days of a
    month, or on the 1st of the next month; otherwise None."""
    day = dates.dt.day
    last = dates.dt.days_in_month
    same = months_of(dates).where(day >= last - 2)
    prev = months_of(dates - pd.Timedelta(days=1)).where(day == 1)
    return same.fillna(prev)


def month_close_rows(inventory: pd.DataFrame) -> pd.DataFrame:
    """The rows of each store's month-close snapshot (the latest qualifying date)."""
    inv = inventory.copy()
    inv["close"] = close_month(inv["date"])
    inv = inv.dropna(subset=["close"])
    latest = inv.groupby(["store", "close"])["date"].transform("max")
    return inv[inv["date"] == latest]


def inventory_parts(closing: pd.DataFrame) -> pd.DataFrame:
    """inventory_value per (store, month) at cost; null where a row has no unit cost."""
    value = closing["on_hand"] * closing.get("unit_cost", np.nan)
    frame = pd.DataFrame({"store": closing["store"], "month": closing["close"], "v": value,
                          "missing": value.isna().astype(float)})
    grouped = frame.groupby(["store", "month"])
    out = pd.DataFrame({"inventory_value": grouped["v"].sum()})
    out.loc[grouped["missing"].sum() > 0, "inventory_value"] = np.nan
    return out


def average_inventory(close: pd.Series, months: list[str]) -> pd.Series:
    """(previous close + this close) / 2; this close alone without a previous one."""
    close = close.reindex(months)
    prev = close.shift(1)
    return ((prev + close) / 2).fillna(close).where(close.notna())


def stockout_parts(closing: pd.DataFrame, selling: pd.DataFrame | None) -> pd.DataFrame:
    """Selling (store, month, sku) pairs (lineparts.selling_pairs_sql) with a
    month-close row, and those at zero or below."""
    if selling is None:
        return pd.DataFrame(columns=["stockout_skus", "stock_checked_skus"])
    stock = closing.groupby(["store", "close", "sku"])["on_hand"].sum().rename_axis(["store", "month", "sku"])
    pairs = selling.set_index(["store", "month", "sku"]).join(stock, how="inner")
    pairs["out"] = (pairs["on_hand"] <= 0).astype(float)
    grouped = pairs.groupby(level=["store", "month"])
    return pd.DataFrame({"stockout_skus": grouped["out"].sum(), "stock_checked_skus": grouped.size().astype(float)})


def stocktake_lines(stocktake: pd.DataFrame, inventory: pd.DataFrame | None) -> pd.DataFrame:
    """Count lines with book qty and unit cost filled from the inventory snapshot
    of the same store, SKU and calendar month (nearest date) where absent; a
    line still without a book qty is not on the books (0) where that snapshot
    has the store's stock that month, else its book qty is unknown (null)."""
    st = stocktake.copy()
    st["month"] = months_of(st["date"])
    for fld in ("book_qty", "unit_cost"):
        if fld not in st:
            st[fld] = np.nan
    st["book_from"] = np.where(st["book_qty"].notna(), "count", "")
    if inventory is not None and (st["book_qty"].isna().any() or st["unit_cost"].isna().any()):
        inv = inventory.copy()
        inv["month"] = months_of(inv["date"])
        inv = inv.rename(columns={"date": "inv_date", "on_hand": "inv_qty", "unit_cost": "inv_cost"})
        cols = ["store", "sku", "month", "inv_date"] + [c for c in ("inv_qty", "inv_cost") if c in inv]
        st["_i"] = np.arange(len(st))
        cand = st[["_i", "store", "sku", "month", "date"]].merge(inv[cols], on=["store", "sku", "month"], how="inner")
        if not cand.empty:
            cand["gap"] = (cand["inv_date"] - cand["date"]).abs()
            best = cand.sort_values(["_i", "gap", "inv_date"]).drop_duplicates("_i").set_index("_i")
            pos = st["_i"]
            if "inv_qty" in best:
                fill = pos.map(best["inv_qty"])
                st.loc[st["book_qty"].isna() & fill.notna(), "book_from"] = "inventory"
                st["book_qty"] = st["book_qty"].fillna(fill)
            if "inv_cost" in best:
                st["unit_cost"] = st["unit_cost"].fillna(pos.map(best["inv_cost"]))
        st = st.drop(columns="_i")
    # no book qty: an item the books do not hold (book 0) where the inventory has the store's stock that
    # month; where nothing gives the store's books that month, the book qty is unknown, and so is the shrink
    booked = st["book_qty"].isna()
    if booked.any():
        books = set(zip(inventory["store"], months_of(inventory["date"]))) if inventory is not None else set()
        booked &= pd.Series([key in books for key in zip(st["store"], st["month"])], index=st.index, dtype=bool)
    st["not_on_books"] = booked
    st["book_qty"] = st["book_qty"].mask(booked, 0.0)
    st = _book_once_per_item(st)
    st["diff_qty"] = st["book_qty"] - st["counted_qty"]
    st["shrink"] = st["diff_qty"] * st["unit_cost"]
    return st


def _book_once_per_item(st: pd.DataFrame) -> pd.DataFrame:
    """An item counted on several lines of one count (売場 and 倉庫, two shelves):
    its counts add up, but its book qty is the item's — a snapshot's, or the
    same figure written on each line — so it is kept on its first line only
    (the others 0, `book_shared` marking them). Book quantities that differ
    line by line are each location's own, and stay."""
    keys = ["store", "date", "sku"]
    if st.empty or not set(keys) <= set(st.columns):
        st["book_shared"] = False
        return st
    grouped = st.groupby(keys, sort=False, dropna=False)
    later = grouped.cumcount().gt(0)
    same = grouped["book_qty"].transform("nunique").le(1) & grouped["book_qty"].transform("size").gt(1)
    shared = later & same & st["book_qty"].notna() & ~st["not_on_books"]
    st["book_shared"] = shared
    st["book_qty"] = st["book_qty"].mask(shared, 0.0)
    return st


def shrink_parts(counts: pd.DataFrame, store_sales: pd.Series) -> pd.DataFrame:
    """shrink_value and the count period's net sales per (store, count month).

    The count period runs from the month after the store's previous count to
    this month, or the 12 months to this month without a previous count."""
    grouped = counts.groupby(["store", "month"])
    shrink = grouped["shrink"].sum()
    shrink[grouped["shrink"].apply(lambda s: s.isna().any())] = np.nan
    rows = []
    for store, months in shrink.index.to_frame(index=False).groupby("store")["month"]:
        ordered = sorted(months)
        for i, month in enumerate(ordered):
            first = month_add(ordered[i - 1], 1) if i else month_add(month, -11)
            period = month_range(first, month)
            sales = store_sales.reindex([(store, m) for m in period])
            rows.append((store, month, sales.sum(min_count=1), first, month))
    period = pd.DataFrame(rows, columns=["store", "month", "count_period_sales", "period_first", "period_last"])
    period = period.set_index(["store", "month"])
    period["shrink_value"] = shrink
    return period


# ---------------------------------------------------------------- customers
CUSTOMER_COLUMNS = ["customers", "new_customer_pct", "repeat_rate_pct", "churn_rate_pct", "clv"]


def customer_parts(events: pd.DataFrame | None, months: list[str], trading: Iterable[str]) -> pd.DataFrame:
    """customers, new_customer_pct, repeat_rate_pct, churn_rate_pct, clv by month
    for one scope, from its customer events (lineparts.customer_events_sql);
    `trading`: the months the scope has lines in."""
    return _customer_scope(events, months, set(trading))


def customer_parts_by_store(events: pd.DataFrame | None, months: list[str], stores: list[str],
                            trading: pd.Index) -> pd.DataFrame:
    """customer_parts of each store, from events with a store column; `trading`:
    the (store, month) pairs with lines. Indexed by (store, month)."""
    by_store = {} if events is None else {s: rows for s, rows in events.groupby("store", sort=False)}
    months_of_store = pd.Series(trading.get_level_values(1)).groupby(trading.get_level_values(0)).agg(set)
    frames = [_customer_scope(by_store.get(s), months, months_of_store.get(s, set())) for s in stores]
    return pd.concat(frames, keys=stores, names=["store", "month"])


def _month_number(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _customer_scope(events: pd.DataFrame | None, months: list[str], trading: set[str]) -> pd.DataFrame:
    """The customer KPIs of one scope, for all months at once, from its events:
    counts at a month (buyers, new, lost, spend) and steps summed up to it
    (window, repeat, active, spenders). "Active at a month end" is a purchase
    in the ACTIVE_DAYS days ending on that day; spending counts every
    identified line, returns included."""
    out = pd.DataFrame(np.nan, index=months, columns=CUSTOMER_COLUMNS)
    if not months:
        return out
    numbers = np.array([_month_number(m) for m in months], dtype=np.int64)
    has_lines = np.array([m in trading for m in months])
    by_kind = {} if events is None else {k: rows for k, rows in events.groupby("kind", sort=False)}

    def at(kind: str, wanted: np.ndarray) -> np.ndarray:
        """The kind's count at each month of `wanted` (0 where none)."""
        rows = by_kind.get(kind)
        if rows is None:
            return np.zeros(len(wanted))
        return pd.Series(rows["n"].to_numpy(float), index=rows["num"].to_numpy(np.int64)) \
            .groupby(level=0).sum().reindex(wanted, fill_value=0.0).to_numpy()

    def level(kind: str, wanted: np.ndarray) -> np.ndarray:
        """The kind's steps summed up to each month of `wanted`."""
        rows = by_kind.get(kind)
        if rows is None:
            return np.zeros(len(wanted))
        order = np.argsort(rows["num"].to_numpy(np.int64), kind="stable")
        num, total = rows["num"].to_numpy(np.int64)[order], np.cumsum(rows["n"].to_numpy(float)[order])
        where = np.searchsorted(num, wanted, side="right") - 1
        return np.where(where >= 0, total[np.clip(where, 0, None)], 0.0)

    buyers, new = at("buyers", numbers), at("new", numbers)
    values = {c: np.full(len(months), np.nan) for c in CUSTOMER_COLUMNS}
    values["customers"] = np.where(has_lines, buyers, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        values["new_customer_pct"] = np.where(has_lines & (buyers > 0), new / buyers * 100.0, np.nan)
        in_window, repeat = level("window", numbers), level("repeat", numbers)
        values["repeat_rate_pct"] = np.where(in_window > 0, repeat / in_window * 100.0, np.nan)
        # churn: active at the previous month end and not at this one
        held, lost = level("active", numbers - 1), at("lost", numbers)
        values["churn_rate_pct"] = np.where(held > 0, lost / held * 100.0, np.nan)
    # CLV: identified spending per customer over the 12 months to m, times the lifetime
    spenders = level("spenders", numbers)
    monthly = at("spend", np.arange(numbers[0] - 11, numbers[-1] + 1))
    for i in range(len(months)):
        churn = values["churn_rate_pct"][i]
        if spenders[i] > 0 and not np.isnan(churn):
            per_customer_sales = monthly[i:i + 12].sum() / spenders[i]
            annual = 1.0 - (1.0 - churn / 100.0) ** 12
            lifetime = min(1.0 / annual, 10.0) if annual > 0 else 10.0
            values["clv"][i] = per_customer_sales * lifetime
    for c in CUSTOMER_COLUMNS:
        out[c] = values[c]
    return out


# ---------------------------------------------------------------- survey, finance
def survey_parts(survey: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame({"store": survey["store"], "month": months_of(survey["date"]),
                          "promoters": (survey["score"] >= 9).astype(float),
                          "detractors": (survey["score"] <= 6).astype(float),
                          "responses": 1.0})
    return frame.groupby(["store", "month"])[["promoters", "detractors", "responses"]].sum()


FINANCE_FIELDS = ("opex", "net_income", "equity", "total_assets")
ASIDE = "{}_set_aside"  # a part beside a finance field: 1 where that month's figure was set aside


def finance_parts(finance: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per (store, month) and per month for the total: rows without store are the
    company's; where a field has none, the total is the sum of the store rows.
    A figure set aside (two files disagreeing) is null and marked (`ASIDE`), so
    that a sum over months holding it (the 12 months of ROE, a year to date)
    is null too, never the other months' sum."""
    fields = [f for f in FINANCE_FIELDS if f in finance]
    # rows marking a figure set aside (ingest.finance_rows): no figure, and that month's total is unknown
    aside = finance[finance["_set_aside"].notna()] if "_set_aside" in finance else finance.iloc[0:0]
    finance = finance.drop(index=aside.index)
    store_col = finance["store"] if "store" in finance else pd.Series(None, index=finance.index, dtype=object)
    stores = finance[store_col.notna()]
    company = finance[store_col.isna()]
    by_store = sum_or_null(stores, ["store", "month"], fields) if not stores.empty else pd.DataFrame(columns=fields)
    total = pd.DataFrame()
    for fld in fields:
        if not company.empty and company[fld].notna().any():
            total[fld] = company.groupby("month")[fld].sum(min_count=1)
        elif not stores.empty:
            total[fld] = stores.groupby("month")[fld].sum(min_count=1)
    aside_store = aside["store"] if "store" in aside else pd.Series(None, index=aside.index, dtype=object)
    for month, fld, store in zip(aside.get("month", []), aside.get("_set_aside", []), aside_store):
        if fld not in fields:
            continue
        total.loc[month, fld] = float("nan")  # never the other stores' sum
        total.loc[month, ASIDE.format(fld)] = 1.0
        if not pd.isna(store) and isinstance(by_store.index, pd.MultiIndex):
            by_store.loc[(store, month), ASIDE.format(fld)] = 1.0
    return by_store, total


def set_aside_within(marks: pd.Series, groups: list) -> pd.Series:
    """Per row, whether a month set aside (`marks` 1) lies at or before it within its group (a fiscal year)."""
    return marks.fillna(0.0).groupby(groups).cumsum() > 0


def rolling_12(series: pd.Series, months: list[str], aside: pd.Series | None = None) -> pd.Series:
    """Sum over the 12 months to each month (m−11 … m), null without any value
    and null where one of the 12 was set aside (`aside` 1 there)."""
    full = series.reindex(months)
    out = full.rolling(12, min_periods=1).sum().where(full.rolling(12, min_periods=1).count() > 0)
    if aside is not None:
        out = out.where(~(aside.reindex(months).fillna(0.0).rolling(12, min_periods=1).max() > 0))
    return out


def days_frame(months: list[str]) -> pd.Series:
    return pd.Series([float(days_in_month(m)) for m in months], index=months)
