"""Daily book stock of every (store, SKU) pair and what is read from it: the
availability, sell-through and cover parts per store and month, and each
pair's state at the as-of day for the order list.

Book stock at the end of day d = the latest snapshot dated ≤ d, plus
receipts, minus net units sold, plus stock adjustments dated after it and
≤ d. Stores and SKUs are integer codes; the pairs, in (store, SKU) order, are
worked out a block at a time on a (pairs × days) grid, every pair of the
block at once: memory stays at one block's grids whatever the chain's size,
and no step loops over pairs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..domain import month_add
from . import forecast as F
from .parts import DAY_NS, months_of
from .supply import DailySeries

HISTORY_DAYS = 91
COVER_DAYS = 28
BLOCK_CELLS = 1_500_000  # pairs × days of one block's grids (about 12 MB each)
PART_NAMES = ["osa_available_days", "osa_counted_days", "st_sold", "st_base", "cover_stock", "cover_sold_28d"]


@dataclass
class Movements:
    """Every dated stock movement, keyed by store, SKU and day number."""

    units: DailySeries  # net units sold and sales lines per pair and day
    receipts: pd.DataFrame  # store, sku, day, qty (one row per receipt line)
    adjustments: pd.DataFrame  # store, sku, day, change (+ puts stock back)
    snapshots: pd.DataFrame  # store, sku, day, on_hand, close (month the snapshot closes, or None)


@dataclass
class StockResult:
    parts: pd.DataFrame  # (store, month): osa_available_days, osa_counted_days, st_sold, st_base, cover_*
    pairs: pd.DataFrame  # one row per pair: its state at the as-of day
    backtest: dict = field(default_factory=dict)  # candidate -> (forecast at A−56, at A−28) per pair


def snapshots_frame(inventory: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The snapshots, one per (store, sku, day): the last row of a repeated
    one is used; the repeats are returned so they can be reported."""
    from .parts import close_month
    from .supply import day_numbers

    cols = ["store", "sku", "day", "on_hand", "close"]
    if inventory is None or inventory.empty:
        return pd.DataFrame(columns=cols), pd.DataFrame()
    inv = inventory.dropna(subset=["sku", "date", "on_hand"])
    frame = pd.DataFrame({"store": inv["store"], "sku": inv["sku"], "day": day_numbers(inv["date"]),
                          "on_hand": inv["on_hand"].astype(float), "close": close_month(inv["date"])})
    repeated = frame.duplicated(["store", "sku", "day"], keep="last")
    return frame[~repeated].reset_index(drop=True), inv[repeated.to_numpy()]


def compute(moves: Movements, as_of: int, months: list[str], period: str,
            season_start: pd.Series | None = None) -> StockResult:
    """The parts for every month up to the as-of day and each pair's state at it.
    `season_start`: day number per sku (seasonal pairs' season start)."""
    coded = _Coded(moves)
    firsts = [int(t.day[t.day <= as_of].min()) for t in coded.tables.values() if (t.day <= as_of).any()]
    start = min(firsts) if firsts else as_of
    start = min(start, as_of - HISTORY_DAYS - 2 * COVER_DAYS)  # room for the history and the back-test origins
    width = as_of - start + 1
    shown = [m for m in months if _month_first(m) <= as_of and min(_month_last(m), as_of) >= start]
    n_stores = len(coded.stores)
    sums = np.zeros((len(PART_NAMES), len(shown), n_stores))
    at_end_pairs = np.zeros((len(shown), n_stores))
    pairs, backtests = [], []
    block = max(64, BLOCK_CELLS // width)
    for p0 in range(0, len(coded.pairs), block):
        grid = _Grid(coded, p0, min(p0 + block, len(coded.pairs)), start, as_of, shown)
        grid.add_month_parts(sums, at_end_pairs)
        pairs.append(grid.pair_state(as_of, period, season_start))
        backtests.append(grid.forecasts())
        del grid
    part_frame = pd.DataFrame()
    if n_stores and shown:
        index = pd.MultiIndex.from_product([coded.stores, shown], names=["store", "month"])
        values = {name: sums[i].T.reshape(-1) for i, name in enumerate(PART_NAMES)}
        values["cover_stock"] = np.where(at_end_pairs.T.reshape(-1) > 0, values["cover_stock"], np.nan)
        part_frame = pd.DataFrame(values, index=index)
    pair_frame = pd.concat(pairs, ignore_index=True) if pairs else pd.DataFrame()
    backtest = {}
    if backtests:
        for name in backtests[0]:
            backtest[name] = np.concatenate([b[name] for b in backtests], axis=0)
    return StockResult(part_frame, pair_frame, backtest)


def _month_first(month: str) -> int:
    return int(np.datetime64(month + "-01").astype("datetime64[D]").astype(np.int64))


def _month_last(month: str) -> int:
    return _month_first(month_add(month, 1)) - 1


def _month_number(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


@dataclass
class _Rows:
    """One movement table's rows by pair: pair i's rows are [starts[i], starts[i] + sizes[i])."""

    day: np.ndarray  # day number of each row
    values: dict  # column -> array
    starts: np.ndarray
    sizes: np.ndarray

    def block(self, p0: int, p1: int) -> tuple[np.ndarray, np.ndarray, dict]:
        """The rows of pairs p0 … p1 − 1: each row's pair (from 0), its day, its values."""
        starts, sizes = self.starts[p0:p1], self.sizes[p0:p1]
        ends = np.cumsum(sizes)
        total = int(ends[-1]) if len(ends) else 0
        if total and np.all(starts[1:] == starts[:-1] + sizes[:-1]):  # one run: a slice
            take = slice(int(starts[0]), int(starts[0]) + total)
        else:
            take = np.repeat(starts - (ends - sizes), sizes) + np.arange(total)
        row = np.repeat(np.arange(p1 - p0), sizes)
        return row, self.day[take].astype(np.int64), {k: v[take] for k, v in self.values.items()}


class _Coded:
    """The pairs of every movement table as numbers: `pairs` (store, sku) in
    (store, SKU) order, `pair_store` the store number of each, and where each
    pair's rows of each table are."""

    def __init__(self, moves: Movements):
        units = moves.units
        others = {"receipts": (moves.receipts, ["qty"]), "adjustments": (moves.adjustments, ["change"]),
                  "snapshots": (moves.snapshots, ["on_hand", "close"])}
        keyed = [units.pairs] + [t for t, _ in others.values()]
        stores = _sorted_values([k["store"] for k in keyed])
        skus = _sorted_values([k["sku"] for k in keyed])
        n_sku = max(len(skus), 1)

        def pair_codes(frame: pd.DataFrame) -> np.ndarray:
            s, k = _codes(frame["store"], stores), _codes(frame["sku"], skus)
            return np.where((s >= 0) & (k >= 0), s * n_sku + k, -1)

        codes = {"units": pair_codes(units.pairs)} | {name: pair_codes(t) for name, (t, _) in others.items()}
        known = np.unique(np.concatenate([c[c >= 0] for c in codes.values()]))
        self.stores = stores
        self.pair_store = (known // n_sku).astype(np.int64)
        self.pairs = pd.DataFrame({"store": stores.take(self.pair_store).to_numpy(dtype=object),
                                   "sku": skus.take(known % n_sku).to_numpy(dtype=object)})
        n = len(known)
        # the daily series stay where the engine put them: each pair points at its run
        starts, sizes = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
        series = np.flatnonzero(codes["units"] >= 0)
        at = np.searchsorted(known, codes["units"][series])
        starts[at], sizes[at] = units.offsets[series], np.diff(units.offsets)[series]
        self.tables: dict[str, _Rows] = {
            "units": _Rows(units.day, {"qty": units.qty, "lines": units.lines}, starts, sizes)}
        for name, (table, columns) in others.items():
            code = codes[name]
            keep = np.flatnonzero(code >= 0)
            pair = np.searchsorted(known, code[keep])
            day = table["day"].to_numpy(dtype=np.int64)[keep] if len(keep) else np.zeros(0, dtype=np.int64)
            order = np.lexsort((day, pair))  # by pair, then by day
            rows = keep[order]
            values = {}
            for column in columns:
                raw = table[column].to_numpy()[rows]
                values[column] = (raw if column == "close" else raw.astype(float))
            if "close" in values:  # the month a snapshot closes, as a month number (−1: none)
                which, closes = pd.factorize(values["close"])
                numbers = np.array([_month_number(str(m)) for m in closes] + [-1], dtype=np.int64)
                values["close"] = numbers[which]
            sizes = np.bincount(pair, minlength=n).astype(np.int64)
            self.tables[name] = _Rows(day[order], values, np.r_[0, np.cumsum(sizes)[:-1]], sizes)


def _codes(column: pd.Series, index: pd.Index) -> np.ndarray:
    """Each value's position in `index` (−1: empty or not in it), each distinct value looked up once."""
    which, distinct = pd.factorize(column)
    if not len(which):
        return np.zeros(0, dtype=np.int64)
    return np.r_[index.get_indexer(np.asarray(distinct, dtype=object)), -1].astype(np.int64)[which]


def _sorted_values(columns: list[pd.Series]) -> pd.Index:
    """The distinct values of the columns, sorted (as text where types mix)."""
    parts = [np.asarray(c.dropna().unique(), dtype=object) for c in columns if len(c)]
    values = pd.Index(pd.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=object), dtype=object)
    try:
        return values.sort_values()
    except TypeError:
        return values[np.argsort(values.astype(str), kind="stable")]


class _Grid:
    """A block of pairs p0 … p1 − 1: the book stock as a (days × pairs) array,
    day 0 = `start` (one day's pairs side by side, so a day is one row), and
    the block's movement rows, summed straight from the rows where a sum is
    all that is wanted."""

    def __init__(self, coded: _Coded, p0: int, p1: int, start: int, as_of: int, months: list[str]):
        self.n, self.width, self.a = p1 - p0, as_of - start + 1, as_of - start
        self.keys = coded.pairs.iloc[p0:p1]
        self.store = coded.pair_store[p0:p1]
        self.start, self.months = start, months
        n, width = self.n, self.width

        def rows(name: str):
            row, day, values = coded.tables[name].block(p0, p1)
            return row, day - start, values

        self.unit_row, self.unit_day, units = rows("units")
        # the daily series may hold units in 32 bits where exact (supply.daily_units): sums in 64
        self.qty, self.lines = units["qty"].astype(float, copy=False), units["lines"].astype(float)
        self.rc_row, self.rc_day, receipts = rows("receipts")
        self.rc_qty = receipts["qty"]
        adj_row, adj_day, adjustments = rows("adjustments")
        snap_row, snap_day, snap = rows("snapshots")
        self.first_sale = np.full(n, np.iinfo(np.int64).max)
        if len(self.unit_row):  # a pair's rows are one run: its first day is the run's minimum
            firsts = np.flatnonzero(np.r_[True, self.unit_row[1:] != self.unit_row[:-1]])
            self.first_sale[self.unit_row[firsts]] = np.minimum.reduceat(self.unit_day, firsts) + start

        # a snapshot resets the running figure, and a pair has a book stock only from its first snapshot on:
        # a block without snapshots by the as-of day (sales lines alone) has none to work out
        self.closes = (snap_row, snap["close"])  # a snapshot after the as-of day may close its month too
        inside = snap_day <= self.a
        snap_row, snap_day, level = snap_row[inside], snap_day[inside], snap["on_hand"][inside]
        self.first_snap = np.full(n, width, dtype=np.int64)
        np.minimum.at(self.first_snap, snap_row, snap_day)
        self.stock = self._book_stock(adj_row, adj_day, adjustments["change"], snap_row, snap_day, level) \
            if len(snap_row) else None  # valid on and after the pair's first snapshot (`first_snap`)

        # per month (the shown months, day ranges [first, last] on the grid)
        self.first_col = np.array([max(_month_first(m) - start, 0) for m in months], dtype=np.int64)
        self.last_col = np.array([min(_month_last(m), as_of) - start for m in months], dtype=np.int64)
        self.month_of = np.full(width, -1, dtype=np.int64)
        for i, (lo, hi) in enumerate(zip(self.first_col, self.last_col)):
            self.month_of[lo:hi + 1] = i
        ok = self.unit_day <= self.a
        self.sold_m = self._per_month(self.unit_row[ok], self.unit_day[ok], self.qty[ok])
        self.lines_m = self._per_month(self.unit_row[ok], self.unit_day[ok], self.lines[ok])
        ok = self.rc_day <= self.a
        self.received_m = self._per_month(self.rc_row[ok], self.rc_day[ok], self.rc_qty[ok])
        self.receipts_m = self._per_month(self.rc_row[ok], self.rc_day[ok], None)

    def _book_stock(self, adj_row, adj_day, adj_change, snap_row, snap_day, level) -> np.ndarray:
        """(days × pairs) book stock: the flows of each day (received − sold +
        adjusted) summed from the start, each snapshot's level minus the running
        flow at its day carried forward from it."""
        n, width = self.n, self.width
        flow_row = np.concatenate([self.rc_row, self.unit_row, adj_row])
        flow_day = np.concatenate([self.rc_day, self.unit_day, adj_day])
        weights = np.concatenate([self.rc_qty, -self.qty, adj_change])
        inside = flow_day <= self.a
        stock = np.bincount(flow_day[inside] * n + flow_row[inside], weights=weights[inside],
                            minlength=width * n).reshape(width, n)
        np.cumsum(stock, axis=0, out=stock)
        base = level - stock[snap_day, snap_row]
        new_pair = np.r_[True, snap_row[1:] != snap_row[:-1]]
        step = base - np.where(new_pair, 0.0, np.r_[0.0, base[:-1]])
        carried = np.bincount(snap_day * n + snap_row, weights=step, minlength=width * n).reshape(width, n)
        np.cumsum(carried, axis=0, out=carried)
        stock += carried
        return stock

    def _per_month(self, row: np.ndarray, day: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
        """(months × pairs) sums of the rows by the month their day falls in."""
        month = self.month_of[day]
        keep = month >= 0
        w = None if weights is None else weights[keep]
        return np.bincount(month[keep] * self.n + row[keep], weights=w,
                           minlength=len(self.months) * self.n).reshape(len(self.months), self.n)

    def _sum(self, row: np.ndarray, keep: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
        """Per pair, the sum of the rows kept."""
        return np.bincount(row[keep], weights=None if weights is None else weights[keep], minlength=self.n)

    def _stock_at(self, col: np.ndarray | int) -> tuple[np.ndarray, np.ndarray]:
        """Book stock at the end of day `col` (one per pair, or one day for all) and whether the pair has one."""
        col = np.broadcast_to(np.asarray(col, dtype=np.int64), (self.n,))
        has = (col >= 0) & (col >= self.first_snap)
        if self.stock is None:
            return np.zeros(self.n), has
        value = self.stock[np.clip(col, 0, self.a), np.arange(self.n)]
        return np.where(has, value, 0.0), has

    # ------------------------------------------------------------ per month, summed per store
    def add_month_parts(self, sums: np.ndarray, at_end_pairs: np.ndarray) -> None:
        n_stores = sums.shape[2]
        available = self._available_days()
        sold_28 = self._windows()

        def per_store(values: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
            stores = self.store if mask is None else self.store[mask]
            values = values if mask is None else values[mask]
            return np.bincount(stores, weights=values, minlength=n_stores)

        for i, close in enumerate(self.months):
            first, last = self.first_col[i], self.last_col[i]
            receipts_in = self.receipts_m[i] > 0
            ranged = (self.lines_m[i] > 0) | receipts_in
            number = _month_number(close)
            close_row, close_month = self.closes
            ranged[close_row[(close_month == number) | (close_month == number - 1)]] = True
            # counted days: d in [first, last] with the first snapshot on or before d − 1
            counted = np.clip(last - np.maximum(first, self.first_snap + 1) + 1, 0, None)
            sums[0, i] += per_store(available[i].astype(float), ranged)
            sums[1, i] += per_store(counted.astype(float), ranged)
            opening, opened = self._stock_at(_month_first(close) - 1 - self.start)
            took = opened | receipts_in
            sums[2, i] += per_store(self.sold_m[i], took)
            sums[3, i] += per_store(opening + self.received_m[i], took)
            at_end_stock, at_end = self._stock_at(last)
            sums[4, i] += per_store(at_end_stock, at_end)
            at_end_pairs[i] += per_store(np.ones(self.n), at_end)
            sums[5, i] += per_store(sold_28[i])

    def _available_days(self) -> np.ndarray:
        """(months × pairs) days whose stock at the end of the day before was above 0."""
        if self.stock is None or not len(self.months):
            return np.zeros((len(self.months), self.n), dtype=np.int32)
        positive = self.stock > 0
        positive &= np.arange(self.width)[:, None] >= self.first_snap[None, :]
        before = np.zeros((self.width, self.n), dtype=np.int32)
        before[1:] = positive[:-1]
        del positive
        return np.add.reduceat(before, self.first_col, axis=0)

    def _windows(self) -> np.ndarray:
        """(months × pairs) units sold in the 28 days to each month's last day."""
        out = np.zeros((len(self.months), self.n))
        ok = self.unit_day <= self.a
        row, day, qty = self.unit_row[ok], self.unit_day[ok], self.qty[ok]
        for i, last in enumerate(self.last_col):
            keep = (day > last - COVER_DAYS) & (day <= last)
            out[i] = self._sum(row, keep, qty)
        return out

    # ------------------------------------------------------------ per pair at the as-of day
    def pair_state(self, as_of: int, period: str, season_start: pd.Series | None) -> pd.DataFrame:
        a, start = self.a, self.start
        first = np.maximum(as_of - (HISTORY_DAYS - 1), self.first_sale)  # the history starts at the first sale
        first = np.where(self.first_sale > as_of, as_of - (HISTORY_DAYS - 1), first)
        n_days = (as_of - first + 1).astype(float)
        row, day, qty = self.unit_row, self.unit_day, self.qty
        history = (day >= (first - start)[row]) & (day <= a)
        total = self._sum(row, history, qty)
        total_sq = self._sum(row, history, qty * qty)
        mean = total / n_days
        with np.errstate(invalid="ignore", divide="ignore"):
            var = np.where(n_days > 1, (total_sq - n_days * mean ** 2) / (n_days - 1), 0.0)
        sd = np.sqrt(np.clip(var, 0.0, None))
        on_hand, has = self._stock_at(a)
        frame = pd.DataFrame({
            "store": self.keys["store"].to_numpy(), "sku": self.keys["sku"].to_numpy(),
            "on_hand": np.where(has, on_hand, np.nan),
            "avg_daily": mean, "sd_daily": sd, "history_days": n_days,
            "sale_days": self._sum(row, history & (qty != 0), None).astype(float),
            "sold_91d": self._sum(row, (day > a - HISTORY_DAYS) & (day <= a) & (qty > 0), None).astype(float),
            "sold_28d": self._sum(row, (day > a - COVER_DAYS) & (day <= a), qty),
        })
        # the period's sell-through of the pair, as the KPI counts it
        nan = np.full(self.n, np.nan)
        frame["st_sold"] = frame["st_base"] = nan
        if period in self.months:
            i = self.months.index(period)
            opening, opened = self._stock_at(_month_first(period) - 1 - start)
            took = opened | (self.receipts_m[i] > 0)
            frame["st_sold"] = np.where(took, self.sold_m[i], np.nan)
            frame["st_base"] = np.where(took, opening + self.received_m[i], np.nan)
        # the season to date of seasonal pairs
        frame["season_sold"] = frame["season_base"] = nan
        if season_start is not None and len(season_start):
            known_day = season_start.reindex(frame["sku"]).to_numpy(dtype=float)
            known = ~np.isnan(known_day) & (known_day <= as_of)
            col = np.clip(np.where(known, known_day, as_of).astype(np.int64) - start, 0, a)
            opening, _ = self._stock_at(col - 1)
            sold = self._sum(row, (day >= col[row]) & (day <= a), qty)
            got = self._sum(self.rc_row, (self.rc_day >= col[self.rc_row]) & (self.rc_day <= a), self.rc_qty)
            frame["season_sold"] = np.where(known, sold, np.nan)
            frame["season_base"] = np.where(known, opening + got, np.nan)
        return frame

    def forecasts(self) -> dict[str, np.ndarray]:
        """Every candidate's 28-day forecast from three origins (A−56, A−28, A)
        and the actual units after the first two."""
        a = self.a
        row, day, qty = self.unit_row, self.unit_day, self.qty
        # each pair's daily units from its first sale to the as-of day, one run per pair (a single 0
        # for a pair that has not sold by then)
        first = np.where(self.first_sale - self.start <= a, self.first_sale - self.start, a)
        lengths = a - first + 1
        indptr = np.r_[0, np.cumsum(lengths)]
        ok = day <= a
        data = np.bincount(indptr[row[ok]] + day[ok] - first[row[ok]], weights=qty[ok], minlength=int(indptr[-1]))
        origins = {"select": a - 2 * COVER_DAYS, "test": a - COVER_DAYS, "final": a}
        seen = {tag: np.where(self.first_sale - self.start <= o, np.clip(o - first + 1, 0, None), 0)
                for tag, o in origins.items()}
        out = {}
        for tag, values in F.candidates(data, indptr, seen).items():
            for name, forecast in values.items():
                out[f"{tag}:{name}"] = forecast
        for tag in ("select", "test", "final"):
            o = origins[tag]
            out[f"{tag}:{F.NAIVE}"] = self._sum(row, (day > o - F.HORIZON) & (day <= o), qty)
            if tag != "final":
                out[f"{tag}:actual"] = self._sum(row, (day > o) & (day <= o + COVER_DAYS), qty)
        return out


def _cum(values: np.ndarray) -> np.ndarray:
    """Cumulative sums along the days with a leading 0: sum(d0..d1) = c[d1+1] − c[d0]."""
    out = np.zeros((values.shape[0], values.shape[1] + 1))
    np.cumsum(values, axis=1, out=out[:, 1:])
    return out


def month_as_of(months: list[str], as_of: int) -> dict[str, int]:
    """Each month's as-of day: its last day, or the as-of day for its own month."""
    return {m: min(_month_last(m), as_of) for m in months if _month_first(m) <= as_of}


def day_text(day: int) -> str:
    return str((np.int64(day) * DAY_NS).astype("datetime64[ns]").astype("datetime64[D]"))


__all__ = ["Movements", "StockResult", "compute", "snapshots_frame", "month_as_of", "day_text", "months_of"]
