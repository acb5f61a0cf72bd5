"""Input parts per store and month: the sums and counts every KPI is built from.

Each function returns a frame indexed by (store, month) or, for the total
scope, by month. A month without input rows is null, never zero.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ..domain import days_in_month, month_add, month_range
from ..errors import Issue

ACTIVE_DAYS = 180
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


class LineKeys:
    """Integer codes of the sales lines' key columns, made once per computation.
    Grouping by codes gives the same groups as grouping by the text columns,
    several times faster, and one factorisation serves every part."""

    def __init__(self, lines: pd.DataFrame):
        self.lines = lines
        self._memo: dict = {}

    def codes(self, column: str, sort: bool = False) -> tuple[np.ndarray, pd.Index]:
        """(codes, distinct values); code -1 where the cell is empty. sort: codes
        follow the sorted values (as groupby orders its groups)."""
        key = ("codes", column, sort)
        if key not in self._memo:
            self._memo[key] = pd.factorize(self.lines[column], sort=sort, use_na_sentinel=True)
        return self._memo[key]

    def groups(self, keys: list[str]) -> tuple[np.ndarray, pd.Index]:
        """Group number of each line by `keys` (-1 where a key is empty) and the
        groups' labels, in order of first appearance, as groupby(keys, sort=False)."""
        key = ("groups", tuple(keys))
        if key not in self._memo:
            parts = [self.codes(k) for k in keys]
            combined = np.zeros(len(self.lines), dtype=np.int64)
            valid = np.ones(len(self.lines), dtype=bool)
            for codes, values in parts:
                combined = combined * max(len(values), 1) + codes
                valid &= codes >= 0
            ids = np.full(len(self.lines), -1, dtype=np.int64)
            ids[valid], firsts = pd.factorize(combined[valid])
            labels = []
            for codes, values in reversed(parts):
                size = max(len(values), 1)
                labels.insert(0, values.take(firsts % size))
                firsts = firsts // size
            index = pd.MultiIndex.from_arrays(labels, names=keys) if len(keys) > 1 else \
                pd.Index(labels[0], name=keys[0])
            self._memo[key] = (ids, index)
        return self._memo[key]

    def days(self) -> np.ndarray:
        """Day number (days since 1970-01-01) of each line's date."""
        if "days" not in self._memo:
            self._memo["days"] = self.lines["date"].to_numpy(dtype="datetime64[ns]").view("int64") // DAY_NS
        return self._memo["days"]


def _grouped(frame: pd.DataFrame | pd.Series, ids: np.ndarray):
    """frame grouped by group numbers from LineKeys.groups (lines without a group left out)."""
    if (ids < 0).any():
        frame, ids = frame[ids >= 0], ids[ids >= 0]
    return frame.groupby(ids, sort=False)


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


def sales_parts(lines: pd.DataFrame, keys: list[str], codes: LineKeys | None = None) -> pd.DataFrame:
    """net_sales, pos_sales, neg_sales, cogs and qty (known parts) with the count
    of lines missing each: one missing line leaves the month's value null."""
    ids, index = (codes or LineKeys(lines)).groups(keys)
    frame = pd.DataFrame({"net_sales": lines["net_sales"]})
    frame["pos_sales"] = lines["net_sales"].clip(lower=0)
    frame["neg_sales"] = lines["net_sales"].clip(upper=0)
    frame["cogs"] = lines["cost"]
    frame["cogs_missing"] = lines["cost"].isna().astype(float)
    cols = ["net_sales", "pos_sales", "neg_sales", "cogs", "cogs_missing"]
    if "qty" in lines:
        frame["qty"] = lines["qty"]
        frame["qty_missing"] = lines["qty"].isna().astype(float)
        cols.append("qty")
    grouped = _grouped(frame, ids)
    out = grouped[["net_sales", "pos_sales", "neg_sales"]].sum()
    out["cogs"] = grouped["cogs"].sum()
    out["cogs_missing"] = grouped["cogs_missing"].sum()
    if "qty" in cols:
        out["qty"] = grouped["qty"].sum()
        out["qty_missing"] = grouped["qty_missing"].sum()
    out.index = index
    return out


def transaction_parts(lines: pd.DataFrame, keys: list[str], codes: LineKeys | None = None) -> pd.Series | None:
    """Distinct (store, receipt) with a positive summed net sales in the month."""
    if "receipt" not in lines or lines["receipt"].isna().all():
        if "transactions" in lines and lines["transactions"].notna().any():
            return lines.groupby(keys, sort=False)["transactions"].sum(min_count=1)
        return None
    codes = codes or LineKeys(lines)
    ids, index = codes.groups(keys)
    positive = _positive_receipts(codes)
    picked = ids[positive]
    counted = np.bincount(picked[picked >= 0], minlength=len(index)).astype(float)  # a key may be blank
    # groups with lines but no positive receipt have 0 transactions, not null
    return pd.Series(counted, index=index)


def _positive_receipts(codes: LineKeys) -> np.ndarray:
    """Row number of one line of each (store, month, receipt) whose lines sum
    to more than zero (pandas' grouped sum, as grouping by the text keys gave)."""
    if "positive_receipts" not in codes._memo:
        lines = codes.lines
        scope_month, _ = codes.groups(["store", "month"])
        receipt, receipts = codes.codes("receipt")
        keyed = np.flatnonzero((scope_month >= 0) & (receipt >= 0))
        group = scope_month[keyed] * max(len(receipts), 1) + receipt[keyed]
        group_ids, _ = pd.factorize(group)
        sums = pd.Series(lines["net_sales"].to_numpy()[keyed]).groupby(group_ids).sum()
        first_row = np.full(len(sums), -1, dtype=np.int64)
        first_row[group_ids[::-1]] = keyed[::-1]  # earliest line of each receipt
        codes._memo["positive_receipts"] = first_row[sums.to_numpy() > 0]
    return codes._memo["positive_receipts"]


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


def stockout_parts(closing: pd.DataFrame, lines: pd.DataFrame, codes: LineKeys | None = None) -> pd.DataFrame:
    """Selling (store, sku) pairs with a month-close row, and those at zero or below."""
    if "sku" not in lines:
        return pd.DataFrame(columns=["stockout_skus", "stock_checked_skus"])
    codes = codes or LineKeys(lines)
    (store, stores), (month, months), (sku, skus) = (codes.codes(k) for k in ("store", "month", "sku"))
    sizes = (max(len(stores), 1), max(len(months), 1), max(len(skus), 1))

    def key(s, m, k):
        return (s.astype(np.int64) * sizes[1] + m) * sizes[2] + k

    sold = (lines["net_sales"].to_numpy() > 0) & (store >= 0) & (month >= 0) & (sku >= 0)
    selling = pd.unique(key(store[sold], month[sold], sku[sold]))
    # the month-close rows, keyed in the lines' codes (rows naming nothing sold cannot match)
    at = [stores.get_indexer(closing["store"]), months.get_indexer(closing["close"]),
          skus.get_indexer(closing["sku"])]
    known = (at[0] >= 0) & (at[1] >= 0) & (at[2] >= 0)
    stock = pd.Series(closing["on_hand"].to_numpy()[known]).groupby(key(*(a[known] for a in at))).sum()
    stock = stock[stock.index.isin(selling)]
    pair = stock.index.to_numpy()
    pairs = pd.DataFrame({"store": stores.take(pair // (sizes[1] * sizes[2])),
                          "month": months.take(pair // sizes[2] % sizes[1]),
                          "out": (stock.to_numpy() <= 0).astype(float)})
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
CUSTOMER_COLUMNS = ["customers", "new_customer_pct", "repeat_rate_pct", "churn_rate_pct", "clv"]


def customer_parts(lines: pd.DataFrame, months: list[str], codes: LineKeys | None = None) -> pd.DataFrame:
    """customers, new_customer_pct, repeat_rate_pct, churn_rate_pct, clv by month,
    looking back over all the lines given (one scope's lines)."""
    codes = codes or LineKeys(lines)
    return _customer_scope(_CustomerLines(lines, codes), np.ones(len(lines), dtype=bool), months)


def customer_parts_by_store(lines: pd.DataFrame, months: list[str], stores: list[str],
                            codes: LineKeys | None = None) -> pd.DataFrame:
    """customer_parts of each store's own lines, indexed by (store, month)."""
    codes = codes or LineKeys(lines)
    data = _CustomerLines(lines, codes)
    store_codes, store_values = codes.codes("store")
    where = {value: n for n, value in enumerate(store_values)}
    frames = [_customer_scope(data, store_codes == where.get(s, -2), months, by_store=True) for s in stores]
    return pd.concat(frames, keys=stores, names=["store", "month"])


def customer_counts_by_group(lines: pd.DataFrame, months: list[str], keys: list[str],
                             codes: LineKeys | None = None) -> pd.DataFrame:
    """The customers part of each group of lines by `keys` (a channel, a store's
    channel), indexed by keys + month: the same count as a store's own."""
    codes = codes or LineKeys(lines)
    data = _CustomerLines(lines, codes)
    ids, index = codes.groups(keys)
    frames = [_customer_scope(data, ids == n, months)[["customers"]] for n in range(len(index))]
    if not frames:
        return pd.DataFrame(columns=["customers"])
    out = pd.concat(frames)
    labels = [np.repeat(index.get_level_values(k).to_numpy(), len(months)) for k in range(len(keys))]
    out.index = pd.MultiIndex.from_arrays(labels + [np.tile(months, len(index))], names=keys + ["month"])
    return out


class _CustomerLines:
    """The lines' arrays the customer KPIs need, as integers: customer code (in
    sorted order, as groupby sorts), day number and month index of each line."""

    def __init__(self, lines: pd.DataFrame, codes: LineKeys):
        self.lines = lines
        self.customer, self.customers = codes.codes("customer", sort=True)
        self.day = codes.days()
        self.month_code, self.month_values = codes.codes("month")
        # month index (year * 12 + month - 1) of each distinct month label
        self.month_index = np.array([int(m[:4]) * 12 + int(m[5:7]) - 1 for m in self.month_values], dtype=np.int64)
        self.store, _ = codes.codes("store")
        self.net_sales = lines["net_sales"].to_numpy(dtype=float)
        self._sales: dict[bool, tuple] = {}

    def month_of(self, rows: np.ndarray) -> np.ndarray:
        return self.month_index[self.month_code[rows]]

    def identified_sales(self, by_store: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Net sales of identified customers summed per (store,) month and customer,
        by pandas' grouped sum, groups in sorted order: (store, month index, customer, sum)."""
        if by_store not in self._sales:
            rows = np.flatnonzero((self.customer >= 0) & (self.month_code >= 0))
            keys = [self.month_of(rows), self.customer[rows]]
            if by_store:
                keys.insert(0, self.store[rows])
            sums = pd.Series(self.net_sales[rows]).groupby(keys).sum()
            levels = [sums.index.get_level_values(i).to_numpy() for i in range(len(keys))]
            store = levels[0] if by_store else np.full(len(sums), -1)
            self._sales[by_store] = (store, levels[-2], levels[-1], sums.to_numpy())
        return self._sales[by_store]


def _month_number(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _last_day(month_number: int) -> int:
    """Day number of the last day of a month index."""
    first_of_next = np.datetime64(f"{(month_number + 1) // 12:04d}-{(month_number + 1) % 12 + 1:02d}-01")
    return int(first_of_next.astype("datetime64[D]").astype(np.int64)) - 1


def _customer_scope(data: _CustomerLines, scope: np.ndarray, months: list[str], by_store: bool = False):
    """The customer KPIs of one scope's lines (a boolean mask over the lines),
    for all months at once.

    Purchases are the distinct (customer, day) pairs of lines with positive net
    sales; "active at a month end" is a purchase in the ACTIVE_DAYS days ending
    on that day; spending counts every identified line, returns included."""
    out = pd.DataFrame(np.nan, index=months, columns=CUSTOMER_COLUMNS)
    if not months:
        return out
    numbers = np.array([_month_number(m) for m in months], dtype=np.int64)
    rows = np.flatnonzero(scope)
    has_lines = np.isin(numbers, data.month_of(rows[data.month_code[rows] >= 0]))
    buys = rows[(data.customer[rows] >= 0) & (data.net_sales[rows] > 0)]
    # distinct (customer, day) purchases, sorted by customer then day; customers renumbered 0..n-1
    day0 = int(data.day[buys].min()) if len(buys) else 0
    span = int(data.day[buys].max()) - day0 + 2 if len(buys) else 1
    pair = np.unique(data.customer[buys].astype(np.int64) * span + (data.day[buys] - day0))
    customer_code, day = pair // span, pair % span + day0
    starts = np.flatnonzero(np.r_[True, customer_code[1:] != customer_code[:-1]])
    cust = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(pair)]))
    local_pair = cust * span + (day - day0)
    day_codes, day_values = pd.factorize(day)
    month = (day_values * DAY_NS).astype("datetime64[ns]").astype("datetime64[M]").astype(np.int64)[day_codes] \
        + 1970 * 12 if len(day) else np.zeros(0, dtype=np.int64)
    values = {c: np.full(len(months), np.nan) for c in CUSTOMER_COLUMNS}

    # buyers, new buyers and repeat buyers per month, from purchase days per (customer, month)
    combo = cust * (1 << 24) + (month - numbers[0] + (1 << 23))
    ends = np.r_[np.flatnonzero(combo[1:] != combo[:-1]), len(combo) - 1] if len(combo) else np.zeros(0, int)
    combo_cust, combo_month = cust[ends], month[ends]
    combo_days = np.diff(np.r_[-1, ends])
    first_month = combo_month[np.r_[True, combo_cust[1:] != combo_cust[:-1]]] if len(ends) else combo_month
    is_first = combo_month == first_month[combo_cust] if len(ends) else np.zeros(0, dtype=bool)
    slot = combo_month - numbers[0]
    shown = (slot >= 0) & (slot < len(months))
    buyers = np.bincount(slot[shown], minlength=len(months))
    new = np.bincount(slot[shown & is_first], minlength=len(months))
    values["customers"] = np.where(has_lines, buyers.astype(float), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        values["new_customer_pct"] = np.where(has_lines & (buyers > 0), new / buyers * 100.0, np.nan)
    in_window, repeat = _window_counts(combo_cust, combo_month, combo_days, numbers)
    with np.errstate(invalid="ignore", divide="ignore"):
        values["repeat_rate_pct"] = np.where(in_window > 0, repeat / in_window * 100.0, np.nan)

    # churn: active at the previous month end and not at this one
    last_seen = np.r_[starts[1:] - 1, len(pair) - 1] if len(pair) else np.zeros(0, int)
    n_cust, max_day = len(starts), int(day.max()) if len(day) else day0

    def active(end_day: int) -> np.ndarray:
        query = np.arange(n_cust) * span + (min(max(end_day, day0 - 1), max_day) - day0)
        at = np.searchsorted(local_pair, query, side="right") - 1
        found = (at >= 0) & (at <= last_seen) & (at >= starts)
        at = np.clip(at, 0, None)
        return found & (day[at] > end_day - ACTIVE_DAYS) if len(pair) else np.zeros(0, dtype=bool)

    before = active(_last_day(numbers[0] - 1))
    for i, m in enumerate(numbers):
        now = active(_last_day(m))
        held = int(before.sum())
        if held:
            values["churn_rate_pct"][i] = int((before & ~now).sum()) / held * 100.0
        before = now

    # CLV: identified spending per customer over the 12 months to m, times the lifetime
    store_sales, sale_month, sale_customer, sale_sum = data.identified_sales(by_store)
    if by_store:
        own = np.unique(data.store[rows])
        lo, hi = (np.searchsorted(store_sales, own[0], "left"), np.searchsorted(store_sales, own[0], "right")) \
            if len(own) == 1 else (0, 0)
        sale_month, sale_customer, sale_sum = sale_month[lo:hi], sale_customer[lo:hi], sale_sum[lo:hi]
    spenders, _ = _window_counts(sale_customer, sale_month, np.ones(len(sale_month), dtype=np.int64), numbers)
    firsts = np.searchsorted(sale_month, numbers - 11, "left")
    lasts = np.searchsorted(sale_month, numbers, "right")
    for i in range(len(months)):
        churn = values["churn_rate_pct"][i]
        if lasts[i] > firsts[i] and not np.isnan(churn):
            per_customer_sales = pd.Series(sale_sum[firsts[i]:lasts[i]]).sum() / spenders[i]
            annual = 1.0 - (1.0 - churn / 100.0) ** 12
            lifetime = min(1.0 / annual, 10.0) if annual > 0 else 10.0
            values["clv"][i] = per_customer_sales * lifetime
    for c in CUSTOMER_COLUMNS:
        out[c] = values[c]
    return out


def _window_counts(customer: np.ndarray, month: np.ndarray, count: np.ndarray,
                   numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each month m of `numbers` (consecutive month indexes): how many customers
    have a count in the 12 months m-11 .. m, and how many have 2 or more there.
    Inputs: one row per distinct (customer, month) with its count."""
    width = len(numbers) + 11
    slot = month - (numbers[0] - 11)
    keep = (slot >= 0) & (slot < width)
    people, who = np.unique(customer[keep], return_inverse=True)
    grid = np.zeros((len(people), width + 1), dtype=np.int64)
    grid[who, slot[keep] + 1] = count[keep]
    np.cumsum(grid, axis=1, out=grid)
    totals = grid[:, 12:] - grid[:, :-12]
    return (totals >= 1).sum(axis=0), (totals >= 2).sum(axis=0)


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
