"""Sales channels (store, EC, mall …): the sales KPIs per channel and per
store and channel, and each channel's share of sales (replenishment contract
section 5).

A channel is one more grouping key of the same line-level parts the stores
use (`lineparts`: sales, transactions, distinct customers), so a channel's
KPIs are the registry's own formulas over its parts.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..domain import month_add

# The KPIs that exist per channel: the ones the sales lines alone give.
CHANNEL_KPIS = ("net_sales", "cogs", "gross_profit", "gross_margin_pct", "transactions", "atv",
                "units_per_transaction", "return_rate_pct", "customers")
SHARE = "channel_share_pct"


def channel_scope(channel: str) -> str:
    return f"channel:{channel}"


def store_channel_scope(store: str, channel: str) -> str:
    return f"store:{store}/channel:{channel}"


def is_channel_scope(scope: str) -> bool:
    return scope.startswith("channel:") or "/channel:" in scope


def channel_labels(values: pd.Series) -> pd.Series:
    """Each line's channel as written, trimmed; spellings that differ only in
    case are one channel, named as it is first written. Blank: no channel."""
    # worked on the distinct cells (a million lines hold a handful), in the order first seen
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    text = pd.Series(uniques, dtype=object).astype("string").str.strip()
    text = text.where(text != "")
    key = text.str.casefold()
    first = pd.DataFrame({"key": key, "text": text}).dropna().drop_duplicates("key")
    labels = key.map(dict(zip(first["key"], first["text"]))).astype(object).where(key.notna(), None)
    named = np.append(labels.to_numpy(object), None)  # the last: a blank cell's code (-1)
    return pd.Series(named[codes], index=values.index, name=values.name, dtype=object)


def channel_parts(run, months: list[str], stores: list[str]) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The sales parts of every channel and every store's channel, indexed by
    (scope, month); with the channels (by sales, largest first) and the scopes.
    `run`: the lines' lineparts.LineParts."""
    month_index = pd.Index(months, name="month")
    frames: list[pd.DataFrame] = []
    channel_sales = run.sales(["channel"])["net_sales"]
    channels = sorted(channel_sales.index, key=lambda c: (-channel_sales[c], str(c)))
    scopes: list[str] = [channel_scope(c) for c in channels]
    for keys in (["channel", "month"], ["store", "channel", "month"]):
        frame = run.sales(keys)
        transactions = run.transactions(keys)
        if transactions is not None:
            frame["transactions"] = transactions
        if run.has("customer"):
            frame["customers"] = run.customers(keys)
        frames.append(frame)
    by_channel, by_store_channel = frames
    out = []
    for channel in channels:
        rows = by_channel.xs(channel, level="channel").reindex(month_index)
        out.append(_scoped(rows, channel_scope(channel)))
    pairs = sorted({(s, c) for s, c, _ in by_store_channel.index},
                   key=lambda p: (stores.index(p[0]) if p[0] in stores else len(stores), channels.index(p[1])))
    for store, channel in pairs:
        rows = by_store_channel.xs((store, channel), level=["store", "channel"]).reindex(month_index)
        scope = store_channel_scope(store, channel)
        scopes.append(scope)
        out.append(_scoped(rows, scope))
    frame = pd.concat(out) if out else pd.DataFrame()
    return frame, channels, scopes


def _scoped(rows: pd.DataFrame, scope: str) -> pd.DataFrame:
    rows = rows.copy()
    rows.index = pd.MultiIndex.from_arrays([[scope] * len(rows), rows.index], names=["scope", "month"])
    return rows


def share_pct(comp, scope: str, month: str) -> float | None:
    """A channel's net sales ÷ all net sales of the month × 100 (a store's
    channel: ÷ that store's net sales); None where either is missing or 0."""
    own = comp.value(comp.actual, "net_sales", scope, month)
    whole_scope = scope.split("/", 1)[0] if "/channel:" in scope else "total"
    whole = comp.value(comp.actual, "net_sales", whole_scope, month)
    if own is None or not whole:
        return None
    return own / whole * 100.0


def share_row(comp, scope: str, pct_change) -> dict:
    """The results row of channel_share_pct for one channel scope."""
    month = comp.period
    actual = share_pct(comp, scope, month)
    prev_month = share_pct(comp, scope, month_add(month, -1))
    prev_year = share_pct(comp, scope, month_add(month, -12))
    return {"id": SHARE, "scope": scope, "actual": actual, "budget": None, "variance": None,
            "variance_pct": None, "prev_month": prev_month, "mom_pct": pct_change(actual, prev_month),
            "prev_year": prev_year, "yoy_pct": pct_change(actual, prev_year), "ytd": None, "ytd_budget": None,
            "status": "none"}

