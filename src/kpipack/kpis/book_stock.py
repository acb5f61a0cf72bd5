"""Daily book stock of every (store, SKU) pair and what is read from it: the
availability, sell-through and cover parts per store and month, and each
pair's state at the as-of day for the order list.

Book stock at the end of day d = the latest snapshot dated ≤ d, plus
receipts, minus net units sold, plus stock adjustments dated after it and
≤ d. It is worked out one store at a time on a (pairs × days) grid, every
pair of the store at once: memory stays at one store's grid, and no step
loops over pairs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..domain import month_add
from . import forecast as F
from .parts import DAY_NS, close_month, months_of
from .supply import day_numbers

HISTORY_DAYS = 91
COVER_DAYS = 28


@dataclass
class Movements:
    """Every dated stock movement, keyed by store, SKU and day number."""

    units: pd.DataFrame  # store, sku, day, qty (net units sold), lines
    receipts: pd.DataFrame  # store, sku, day, qty, rows
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
    keys = [moves.units[["store", "sku"]], moves.receipts[["store", "sku"]],
            moves.adjustments[["store", "sku"]], moves.snapshots[["store", "sku"]]]
    days = [t["day"] for t in (moves.units, moves.receipts, moves.adjustments, moves.snapshots) if len(t)]
    all_days = pd.concat(days) if days else pd.Series(dtype=np.int64)
    all_days = all_days[all_days <= as_of]
    start = int(all_days.min()) if len(all_days) else as_of
    start = min(start, as_of - HISTORY_DAYS - 2 * COVER_DAYS)  # room for the history and the back-test origins
    width = as_of - start + 1
    shown = [m for m in months if _month_first(m) <= as_of]
    parts, pairs, backtests = [], [], []
    # stores and SKUs as integer codes, each table sorted by store: a store's rows are one slice
    key_frame = pd.concat(keys, ignore_index=True)
    store_codes, stores = pd.factorize(key_frame["store"], sort=True)
    sku_codes, skus = pd.factorize(key_frame["sku"])
    tables, at = {}, 0
    for name, table in (("units", moves.units), ("receipts", moves.receipts), ("adjustments", moves.adjustments),
                        ("snapshots", moves.snapshots)):
        coded = table.drop(columns=["store", "sku"]).assign(_s=store_codes[at:at + len(table)],
                                                             _k=sku_codes[at:at + len(table)])
        at += len(table)
        coded = coded[(coded["_s"] >= 0) & (coded["_k"] >= 0)].sort_values("_s", kind="stable")
        tables[name] = (coded, np.searchsorted(coded["_s"].to_numpy(), np.arange(len(stores) + 1)))
    for n, store in enumerate(stores):
        chunk = _StoreGrid({name: t.iloc[b[n]:b[n + 1]] for name, (t, b) in tables.items()}, store, skus, start,
                           width)
        if not chunk.n:
            continue
        parts.append(chunk.month_parts(shown, start, as_of))
        pairs.append(chunk.pair_state(start, as_of, period, season_start))
        backtests.append(chunk.forecasts(start, as_of))
    part_frame = pd.concat(parts) if parts else pd.DataFrame()
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


class _StoreGrid:
    """One store's pairs × days arrays, day 0 = `start`."""

    def __init__(self, tables: dict[str, pd.DataFrame], store, sku_names: pd.Index, start: int, width: int):
        """`tables`: the store's rows of each movement table, SKUs as codes into `sku_names`."""
        self.store = store
        codes = np.unique(np.concatenate([t["_k"].to_numpy() for t in tables.values()]))
        self.skus, self.n, self.width = sku_names.take(codes), len(codes), width
        if not self.n:
            return

        def rows_of(table: pd.DataFrame) -> np.ndarray:
            return np.searchsorted(codes, table["_k"].to_numpy())

        def grid(table: pd.DataFrame, column: str | None) -> np.ndarray:
            day = table["day"].to_numpy(dtype=np.int64) - start
            keep = (day >= 0) & (day < width)
            row = rows_of(table)[keep]
            weights = table[column].to_numpy(dtype=float)[keep] if column else None
            return np.bincount(row * width + day[keep], weights=weights,
                               minlength=self.n * width).reshape(self.n, width)

        units, receipts = tables["units"], tables["receipts"]
        self.units = grid(units, "qty")
        self.line_rows = grid(units, "lines")
        self.received = grid(receipts, "qty")
        self.receipt_rows = grid(receipts, "rows")
        change = grid(tables["adjustments"], "change")
        snaps = tables["snapshots"]
        snap_day = snaps["day"].to_numpy(dtype=np.int64) - start
        inside = (snap_day >= 0) & (snap_day < width)
        snap_row = rows_of(snaps)[inside]
        has = np.zeros((self.n, width), dtype=bool)
        value = np.zeros((self.n, width))
        has[snap_row, snap_day[inside]] = True
        value[snap_row, snap_day[inside]] = snaps["on_hand"].to_numpy(dtype=float)[inside]
        # running stock: the last snapshot's figure plus the flows after it
        flow = np.cumsum(self.received - self.units + change, axis=1)
        cols = np.where(has, np.arange(width), -1)
        last = np.maximum.accumulate(cols, axis=1)
        self.defined = last >= 0
        rows = np.arange(self.n)[:, None]
        at = np.clip(last, 0, None)
        self.stock = np.where(self.defined, value[rows, at] + flow - flow[rows, at], np.nan)
        self.first_sale = np.full(self.n, np.iinfo(np.int64).max)
        if len(units):
            np.minimum.at(self.first_sale, rows_of(units), units["day"].to_numpy(dtype=np.int64))
        self.closes = pd.DataFrame({"row": rows_of(snaps), "close": snaps["close"].to_numpy()}).dropna()
        self.cum_units = _cum(self.units)
        self.cum_received = _cum(self.received)

    # ------------------------------------------------------------ per month
    def month_parts(self, months: list[str], start: int, as_of: int) -> pd.DataFrame:
        before = np.zeros((self.n, 1), dtype=bool)
        counted = np.concatenate([before, self.defined[:, :-1]], axis=1)
        available = np.concatenate([before, self.defined[:, :-1] & (np.nan_to_num(self.stock[:, :-1]) > 0)], axis=1)
        cum_counted, cum_available = _cum(counted), _cum(available)
        cum_lines, cum_receipts = _cum(self.line_rows), _cum(self.receipt_rows)
        close_rows = {}
        for month, group in self.closes.groupby("close"):
            close_rows[month] = group["row"].unique()
        out = []
        for month in months:
            first = max(_month_first(month) - start, 0)
            last = min(_month_last(month), as_of) - start
            if last < 0:
                continue
            ranged = ((cum_lines[:, last + 1] - cum_lines[:, first]) > 0) | \
                ((cum_receipts[:, last + 1] - cum_receipts[:, first]) > 0)
            for close in (month_add(month, -1), month):
                if close in close_rows:
                    ranged[close_rows[close]] = True
            counted_days = (cum_counted[:, last + 1] - cum_counted[:, first])[ranged].sum()
            available_days = (cum_available[:, last + 1] - cum_available[:, first])[ranged].sum()
            sold = self.cum_units[:, last + 1] - self.cum_units[:, first]
            received = self.cum_received[:, last + 1] - self.cum_received[:, first]
            opening_col = _month_first(month) - 1 - start
            if opening_col >= 0:
                opened = self.defined[:, opening_col]
                opening = np.where(opened, self.stock[:, opening_col], 0.0)
            else:
                opened, opening = np.zeros(self.n, dtype=bool), np.zeros(self.n)
            took = opened | ((cum_receipts[:, last + 1] - cum_receipts[:, first]) > 0)
            at_end = self.defined[:, last]
            sold_28 = self.cum_units[:, last + 1] - self.cum_units[:, max(last + 1 - COVER_DAYS, 0)]
            out.append((self.store, month, float(available_days), float(counted_days), float(sold[took].sum()),
                        float((opening + received)[took].sum()),
                        float(self.stock[at_end, last].sum()) if at_end.any() else np.nan, float(sold_28.sum())))
        frame = pd.DataFrame(out, columns=["store", "month", "osa_available_days", "osa_counted_days", "st_sold",
                                           "st_base", "cover_stock", "cover_sold_28d"])
        return frame.set_index(["store", "month"])

    # ------------------------------------------------------------ per pair at the as-of day
    def pair_state(self, start: int, as_of: int, period: str, season_start: pd.Series | None) -> pd.DataFrame:
        a = as_of - start
        first = np.maximum(as_of - (HISTORY_DAYS - 1), self.first_sale)  # the history starts at the first sale
        first = np.where(self.first_sale > as_of, as_of - (HISTORY_DAYS - 1), first)
        n_days = (as_of - first + 1).astype(float)
        col0 = first - start
        squares = _cum(self.units ** 2)
        nonzero = _cum(self.units != 0)
        rows = np.arange(self.n)
        total = self.cum_units[:, a + 1] - self.cum_units[rows, col0]
        total_sq = squares[:, a + 1] - squares[rows, col0]
        mean = total / n_days
        with np.errstate(invalid="ignore", divide="ignore"):
            var = np.where(n_days > 1, (total_sq - n_days * mean ** 2) / (n_days - 1), 0.0)
        sd = np.sqrt(np.clip(var, 0.0, None))
        window0 = a + 1 - HISTORY_DAYS
        positive = _cum(self.units > 0)
        frame = pd.DataFrame({
            "store": self.store, "sku": self.skus.to_numpy(),
            "on_hand": np.where(self.defined[:, a], self.stock[:, a], np.nan),
            "avg_daily": mean, "sd_daily": sd, "history_days": n_days,
            "sale_days": nonzero[:, a + 1] - nonzero[rows, col0],
            "sold_91d": positive[:, a + 1] - positive[:, window0],
            "sold_28d": self.cum_units[:, a + 1] - self.cum_units[:, a + 1 - COVER_DAYS],
        })
        # the period's sell-through of the pair, as the KPI counts it
        month_first = _month_first(period) - start
        last = min(_month_last(period) - start, a)
        opened = self.defined[:, month_first - 1] if month_first >= 1 else np.zeros(self.n, dtype=bool)
        opening = np.where(opened, self.stock[:, month_first - 1], 0.0) if month_first >= 1 else np.zeros(self.n)
        got = self.cum_received[:, last + 1] - self.cum_received[:, month_first]
        took = opened | (_cum(self.receipt_rows)[:, last + 1] - _cum(self.receipt_rows)[:, month_first] > 0)
        frame["st_sold"] = np.where(took, self.cum_units[:, last + 1] - self.cum_units[:, month_first], np.nan)
        frame["st_base"] = np.where(took, opening + got, np.nan)
        # the season to date of seasonal pairs
        frame["season_sold"] = frame["season_base"] = np.nan
        if season_start is not None and len(season_start):
            day = season_start.reindex(self.skus).to_numpy(dtype=float)
            known = ~np.isnan(day) & (day <= as_of)
            col = np.clip(np.where(known, day, as_of).astype(np.int64) - start, 0, a)
            before = col - 1
            had = np.where(before >= 0, self.defined[rows, np.clip(before, 0, None)], False)
            opening = np.where(had, self.stock[rows, np.clip(before, 0, None)], 0.0)
            sold = self.cum_units[:, a + 1] - self.cum_units[rows, col]
            got = self.cum_received[:, a + 1] - self.cum_received[rows, col]
            frame["season_sold"] = np.where(known, sold, np.nan)
            frame["season_base"] = np.where(known, opening + got, np.nan)
        return frame

    def forecasts(self, start: int, as_of: int) -> dict[str, np.ndarray]:
        """Every candidate's 28-day forecast from three origins (A−56, A−28, A)
        and the actual units after the first two."""
        a = as_of - start
        out = {}
        for tag, origin in (("select", a - 2 * COVER_DAYS), ("test", a - COVER_DAYS), ("final", a)):
            for name, values in F.candidates(self.units, self.first_sale - start, origin).items():
                out[f"{tag}:{name}"] = values
        for tag, origin in (("select", a - 2 * COVER_DAYS), ("test", a - COVER_DAYS)):
            out[f"{tag}:actual"] = self.cum_units[:, origin + 1 + COVER_DAYS] - self.cum_units[:, origin + 1]
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
