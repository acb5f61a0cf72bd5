"""Input parts per store and month: the sums and counts every KPI is built from.

Each function returns a frame indexed by (store, month) or, for the total
scope, by month. A month without input rows is null, never zero.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..domain import days_in_month, month_add, month_range
from ..errors import Issue

ACTIVE_DAYS = 180


def months_of(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime("%Y-%m")


def sum_or_null(frame: pd.DataFrame, keys, columns) -> pd.DataFrame:
    """Grouped sums where a group with no value stays null."""
    return frame.groupby(keys, sort=False)[columns].sum(min_count=1)


# ---------------------------------------------------------------- sales lines
def prepare_lines(sales: pd.DataFrame, inventory: pd.DataFrame | None) -> tuple[pd.DataFrame, list[Issue]]:
    """Sales lines with their month and the cost of each line resolved:
    cost column, else net sales − gross profit, else qty × the SKU's unit cost
    from the nearest inventory snapshot (same store first, then any store)."""
    lines = sales.copy()
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
    inv = inv.sort_values("date")
    same = pd.merge_asof(want, inv, on="date", by=["store", "sku"], direction="nearest")
    out.loc[same["_i"].to_numpy()] = same["unit_cost"].to_numpy()
    if out.isna().any():
        rest = want[want["_i"].isin(out.index[out.isna()])]
        anywhere = pd.merge_asof(rest.drop(columns="store"), inv.drop(columns="store"), on="date", by="sku",
                                 direction="nearest")
        out.loc[anywhere["_i"].to_numpy()] = out.loc[anywhere["_i"].to_numpy()].fillna(
            pd.Series(anywhere["unit_cost"].to_numpy(), index=anywhere["_i"].to_numpy()))
    return out


def sales_parts(lines: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """net_sales, pos_sales, neg_sales, cogs and qty (known parts) with the count
    of lines missing each: one missing line leaves the month's value null."""
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


def transaction_parts(lines: pd.DataFrame, keys: list[str]) -> pd.Series | None:
    """Distinct (store, receipt) with a positive summed net sales in the month."""
    if "receipt" not in lines or lines["receipt"].isna().all():
        if "transactions" in lines and lines["transactions"].notna().any():
            return lines.groupby(keys, sort=False)["transactions"].sum(min_count=1)
        return None
    receipts = lines.groupby(["store", "month", "receipt"], sort=False)["net_sales"].sum()
    positive = receipts[receipts > 0].reset_index()
    counted = positive.groupby(keys, sort=False).size().astype(float)
    # months with lines but no positive receipt have 0 transactions, not null
    present = lines.groupby(keys, sort=False).size()
    return counted.reindex(present.index, fill_value=0.0)


# ---------------------------------------------------------------- stock
def close_month(dates: pd.Series) -> pd.Series:
    """Month whose closing stock a snapshot is: dated in the last 3 days of a
    month, or on the 1st of the next month; otherwise None."""
    day = dates.dt.day
    last = dates.dt.days_in_month
    same = months_of(dates).where(day >= last - 2)
    prev = (dates - pd.Timedelta(days=1)).dt.strftime("%Y-%m").where(day == 1)
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


def stockout_parts(closing: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """Selling (store, sku) pairs with a month-close row, and those at zero or below."""
    if "sku" not in lines:
        return pd.DataFrame(columns=["stockout_skus", "stock_checked_skus"])
    selling = lines.loc[lines["net_sales"] > 0, ["store", "month", "sku"]].dropna().drop_duplicates()
    stock = closing.groupby(["store", "close", "sku"])["on_hand"].sum().reset_index()
    stock = stock.rename(columns={"close": "month"})
    pairs = selling.merge(stock, on=["store", "month", "sku"], how="inner")
    pairs["out"] = (pairs["on_hand"] <= 0).astype(float)
    grouped = pairs.groupby(["store", "month"])
    return pd.DataFrame({"stockout_skus": grouped["out"].sum(), "stock_checked_skus": grouped.size().astype(float)})


def stocktake_lines(stocktake: pd.DataFrame, inventory: pd.DataFrame | None) -> pd.DataFrame:
    """Count lines with book qty and unit cost filled from the inventory snapshot
    of the same store, SKU and calendar month (nearest date) where absent."""
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
    st["not_on_books"] = st["book_qty"].isna()
    st["book_qty"] = st["book_qty"].fillna(0.0)
    st["diff_qty"] = st["book_qty"] - st["counted_qty"]
    st["shrink"] = st["diff_qty"] * st["unit_cost"]
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
def customer_parts(lines: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    """customers, new_customer_pct, repeat_rate_pct, churn_rate_pct, clv by month,
    looking back over all the lines given (one scope's lines)."""
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

    def active(end: pd.Timestamp) -> set:
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


# ---------------------------------------------------------------- survey, finance
def survey_parts(survey: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame({"store": survey["store"], "month": months_of(survey["date"]),
                          "promoters": (survey["score"] >= 9).astype(float),
                          "detractors": (survey["score"] <= 6).astype(float),
                          "responses": 1.0})
    return frame.groupby(["store", "month"])[["promoters", "detractors", "responses"]].sum()


FINANCE_FIELDS = ("opex", "net_income", "equity", "total_assets")


def finance_parts(finance: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per (store, month) and per month for the total: rows without store are the
    company's; where a field has none, the total is the sum of the store rows."""
    fields = [f for f in FINANCE_FIELDS if f in finance]
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
    return by_store, total


def rolling_12(series: pd.Series, months: list[str]) -> pd.Series:
    """Sum over the 12 months to each month (m−11 … m), null without any value."""
    full = series.reindex(months)
    return full.rolling(12, min_periods=1).sum().where(full.rolling(12, min_periods=1).count() > 0)


def days_frame(months: list[str]) -> pd.Series:
    return pd.Series([float(days_in_month(m)) for m in months], index=months)
