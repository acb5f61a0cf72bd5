"""Synthetic sales lines that are awkward on purpose, for the tests of the
KPI parts: receipts that net to zero or below, returns, receipts without a
number, unidentified customers, stores trading in some months only, a gap
month, month ends."""
from __future__ import annotations

import numpy as np
import pandas as pd

from kpipack.domain import month_add, month_range


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
    frame["month"] = frame["date"].dt.strftime("%Y-%m")
    return frame


def months_for(lines):
    first, last = lines["month"].min(), lines["month"].max()
    return month_range(month_add(first, -2), last)
