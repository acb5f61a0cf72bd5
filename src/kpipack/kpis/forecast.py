"""Demand forecast: units each pair will sell in the 28 days after the as-of
day, fitted on all pairs at once.

The candidates are smoothers over each pair's daily net units from its first
sale, computed for every pair in one call by coreforecast (Nixtla's compiled
core for many series): exponentially weighted levels with three smoothing
weights and the 56-day mean. A 28-day total spans four whole weeks, so the
weekly pattern sums out; exponential weighting follows a trend with a lag and
treats days without a sale as demand of 0, which suits intermittent sellers.
The candidate used is the one with the lowest WAPE over all pairs when fitted
up to A − 56 and compared with the 28 days after; its accuracy is then told
on the back-test from A − 28, beside the naive forecast (the 28 days before
the origin), so the choice never sees the figures it is judged on.
See docs/replenishment.md for the measured choice.
"""
from __future__ import annotations

import os

import numpy as np
import pandas as pd
from coreforecast.grouped_array import GroupedArray
from coreforecast.lag_transforms import ExponentiallyWeightedMean, RollingMean

HORIZON = 28
EWM_ALPHAS = (0.05, 0.1, 0.2)
NAIVE = "naive"


def candidates(data: np.ndarray, indptr: np.ndarray, seen: dict[str, np.ndarray]) -> dict[str, dict[str, np.ndarray]]:
    """Each candidate's forecast of the 28 days after each origin. Series i is
    data[indptr[i]:indptr[i + 1]] (a pair's daily units from its first sale);
    `seen[origin]` is, per series, how many of its days lie on or before that
    origin (0: none, the forecast is 0). One pass of each smoother over all
    series gives every origin: its value on the day after the origin is the
    forecast made there."""
    n = len(indptr) - 1
    if not n:
        return {tag: {name: np.zeros(0) for name in names()[1:]} for tag in seen}
    # the series are smoothed on every core: each one alone, so the result is the same as on one
    series = GroupedArray(np.asarray(data, dtype=np.float64), np.asarray(indptr, dtype=np.int32),
                          num_threads=min(os.cpu_count() or 1, 8))
    lengths = np.diff(indptr)

    def at_origins(transform) -> dict[str, np.ndarray]:
        along = np.asarray(transform.transform(series), dtype=float)
        after_end = np.asarray(transform.update(series), dtype=float)
        out = {}
        for tag, days in seen.items():
            inside = np.minimum(indptr[:-1] + days, len(along) - 1)
            value = np.where(days >= lengths, after_end, along[inside])
            out[tag] = np.where(days > 0, value, 0.0)
        return out

    means = at_origins(RollingMean(lag=1, window_size=2 * HORIZON, min_samples=1))
    result = {tag: {"mean_56d": means[tag] * HORIZON} for tag in seen}
    for alpha in EWM_ALPHAS:
        levels = at_origins(ExponentiallyWeightedMean(lag=1, alpha=alpha))
        for tag in seen:
            result[tag][f"ewm_{alpha:g}"] = np.where(np.isnan(levels[tag]), means[tag], levels[tag]) * HORIZON
    return result


def names() -> list[str]:
    return [NAIVE, "mean_56d"] + [f"ewm_{a:g}" for a in EWM_ALPHAS]


def wape(actual: np.ndarray, forecast: np.ndarray) -> float | None:
    total = float(np.sum(actual))
    return float(np.sum(np.abs(actual - forecast)) / total * 100.0) if total > 0 else None


def mape(actual: np.ndarray, forecast: np.ndarray) -> float | None:
    sold = actual > 0
    if not sold.any():
        return None
    return float(np.mean(np.abs(actual[sold] - forecast[sold]) / actual[sold]) * 100.0)


def choose(backtest: dict[str, np.ndarray], rows: np.ndarray) -> str:
    """The candidate with the lowest WAPE at the selection origin (ties: the simpler, listed first)."""
    actual = backtest["select:actual"][rows]
    best, best_score = names()[1], None
    for name in names()[1:]:
        score = wape(actual, backtest[f"select:{name}"][rows])
        if score is not None and (best_score is None or score < best_score - 1e-12):
            best, best_score = name, score
    return best


def accuracy(backtest: dict[str, np.ndarray], rows: np.ndarray, method: str, categories: pd.Series) -> list[dict]:
    """WAPE and MAPE of the chosen method and of the naive forecast on the
    back-test from A − 28: all pairs, then each category."""
    actual = backtest["test:actual"][rows]
    chosen = backtest[f"test:{method}"][rows]
    naive = backtest[f"test:{NAIVE}"][rows]
    cats = categories.to_numpy(dtype=object)

    def row(category, mask):
        return {"category": category, "method": method, "wape_pct": wape(actual[mask], chosen[mask]),
                "mape_pct": mape(actual[mask], chosen[mask]), "naive_wape_pct": wape(actual[mask], naive[mask]),
                "naive_mape_pct": mape(actual[mask], naive[mask]), "pairs": int(mask.sum())}

    out = [row(None, np.ones(len(actual), dtype=bool))]
    present = pd.Series(cats).dropna().unique()
    for category in sorted(present, key=str):
        out.append(row(str(category), cats == category))
    return out
