"""The supply side's inputs made ready for the book stock and the order list:
the product master with its defaults, purchase-order lines with what was
received against them, and the daily net units of each (store, SKU).

Every value the master lacks or gives wrongly takes a documented default
(docs/replenishment.md) and the data-quality sheet names the row.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import Issue
from .parts import DAY_NS

STAPLE, SEASONAL = "staple", "seasonal"
_SEASONAL_WORDS = re.compile(r"^(seasonal|season|シーズン|季節|シーズン品|季節品|seasonal item)$")
MAX_WARNINGS = 1000  # one per row up to this many, as the other checks do


def day_numbers(dates: pd.Series) -> np.ndarray:
    """Days since 1970-01-01 of each date (the int64 minimum where empty)."""
    ns = pd.to_datetime(dates).to_numpy(dtype="datetime64[ns]").view("int64")
    return np.where(ns == np.iinfo(np.int64).min, np.iinfo(np.int64).min, ns // DAY_NS)


@dataclass
class DailySeries:
    """Each pair's daily net units (returns subtract) and count of sales lines,
    one run of days per pair: pair i's days are day[offsets[i]:offsets[i + 1]]."""

    pairs: pd.DataFrame  # store, sku
    offsets: np.ndarray
    day: np.ndarray  # day numbers (days since 1970-01-01), int32
    qty: np.ndarray
    lines: np.ndarray  # float32: counts


def daily_units(run) -> DailySeries:
    """The line-level part `daily_series` of the query engine (kpis/lineparts.py):
    the daily units per (store, sku) and day, gathered per pair, its parts joined.
    Each batch is kept in the narrowest type that holds its values exactly
    (`_narrow`): a chain's tens of millions of pair-days at half the bytes."""
    import pyarrow as pa

    keys, lengths, days, qty, lines = [], [], [], [], []
    for got in run.daily_series():
        listed = got.column("days").combine_chunks()  # Arrow: the lists' values are flat arrays already
        lengths.append(np.diff(listed.offsets.to_numpy()).astype(np.int64))
        days.append(_narrow(listed.flatten().cast(pa.int32()).to_numpy(), _DAY_TYPES))
        qty.append(_narrow(got.column("units").combine_chunks().flatten().to_numpy(zero_copy_only=False)
                           .astype(float, copy=False), _UNIT_TYPES))
        lines.append(_narrow(got.column("lines").combine_chunks().flatten().to_numpy(zero_copy_only=False),
                             _COUNT_TYPES))
        keys.append(pd.DataFrame({"store": got.column("store").to_pandas(), "sku": got.column("sku").to_pandas()}))
        del got
    sizes = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64)
    pairs = pd.concat(keys, ignore_index=True) if keys else pd.DataFrame({"store": [], "sku": []})
    return DailySeries(pairs, np.r_[0, np.cumsum(sizes)], _join(days, np.int32), _join(qty, float),
                       _join(lines, np.float32))


# the types a batch's values may be kept in, narrowest first (each value held exactly or the next is tried)
_DAY_TYPES = (np.int16, np.int32)  # day numbers: 1880 to 2059 fit in 16 bits
_UNIT_TYPES = (np.float32, np.float64)  # units: whole numbers up to 16 million are exact in 32 bits
_COUNT_TYPES = (np.uint16, np.float32)  # sales lines per pair and day


def _narrow(values: np.ndarray, types: tuple) -> np.ndarray:
    """`values` in the first of `types` that holds every one of them exactly
    (NaN: a float type only); the last type otherwise."""
    for dtype in types[:-1]:
        with np.errstate(invalid="ignore", over="ignore"):  # a value out of the type's range: not kept in it
            narrow = values.astype(dtype)
        if np.array_equal(narrow.astype(values.dtype), values):
            return narrow
    return values.astype(types[-1], copy=False)


def _join(parts: list, dtype) -> np.ndarray:
    """The batches as one array of the widest type among them, each batch let go
    once copied: a chain's tens of millions of pair-days are never held twice."""
    if not parts:
        return np.zeros(0, dtype=dtype)
    out = np.empty(sum(len(p) for p in parts), dtype=np.result_type(*parts))
    at = 0
    for n in range(len(parts)):
        part, parts[n] = parts[n], None
        out[at:at + len(part)] = part
        at += len(part)
        del part
    parts.clear()
    return out


def removed_qty(adjustments: pd.DataFrame) -> pd.Series:
    """Units each adjustment row took out of stock (a negative one put stock
    back, e.g. a transfer in). A sheet whose quantities are all negative lists
    stock changes, so its signs are turned round."""
    removed = adjustments["qty"].astype(float).copy()
    keys = [c for c in ("_file", "_sheet") if c in adjustments]
    groups = adjustments.groupby(keys, sort=False) if keys else [(None, adjustments)]
    for _, group in groups:
        nonzero = group["qty"][group["qty"] != 0]
        if len(nonzero) and (nonzero < 0).all():
            removed[group.index] = -group["qty"]
    return removed


def item_class(values: pd.Series) -> pd.Series:
    """staple / seasonal from the master's class text (anything unknown: staple)."""
    def one(value):
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return STAPLE
        text = unicodedata.normalize("NFKC", str(value)).strip().casefold()
        return SEASONAL if _SEASONAL_WORDS.match(text) else STAPLE
    return values.map(one).astype(object)


@dataclass
class Defaults:
    lead_time_days: float = 7.0
    case_pack: float = 1.0
    min_order_qty: float = 0.0


def products(table: pd.DataFrame | None, defaults: Defaults, warnings: list[Issue]) -> pd.DataFrame:
    """One row per SKU: style, class, season dates, lead time, case pack,
    minimum order, supplier, unit cost. A value out of range is replaced by
    the default and the row is named; a SKU listed twice keeps its last row."""
    columns = ["sku", "product", "category", "style", "class", "season_start", "season_end", "lead_time_days",
               "case_pack", "min_order_qty", "supplier", "unit_cost", "in_master"]
    if table is None or table.empty:
        return pd.DataFrame(columns=columns).set_index("sku")
    t = table.copy()
    for col in ("product", "category", "style", "supplier", "item_class"):
        if col not in t:
            t[col] = None
    for col in ("season_start", "season_end"):
        if col not in t:
            t[col] = pd.NaT
    for col in ("lead_time_days", "case_pack", "min_order_qty", "unit_cost"):
        if col not in t:
            t[col] = np.nan

    def fix(mask: pd.Series, column: str, default: float, code: str):
        for idx in t.index[mask][:MAX_WARNINGS]:
            warnings.append(_issue(t, idx, code, value=_show(t.at[idx, column]), default=_show(default)))
        t.loc[mask, column] = np.nan

    fix(t["lead_time_days"] < 0, "lead_time_days", defaults.lead_time_days, "warn_lead_time_bad")
    fix(t["case_pack"] <= 0, "case_pack", defaults.case_pack, "warn_case_pack_bad")
    fix(t["min_order_qty"] < 0, "min_order_qty", defaults.min_order_qty, "warn_min_order_bad")
    backwards = t["season_end"] < t["season_start"]
    for idx in t.index[backwards][:MAX_WARNINGS]:
        warnings.append(_issue(t, idx, "warn_season_bad", start=str(t.at[idx, "season_start"].date()),
                               end=str(t.at[idx, "season_end"].date())))
    t.loc[backwards, ["season_start", "season_end"]] = pd.NaT
    repeated = t["sku"].duplicated(keep="last")
    for idx in t.index[repeated][:MAX_WARNINGS]:
        warnings.append(_issue(t, idx, "warn_product_repeated", sku=str(t.at[idx, "sku"])))
    t = t[~repeated]
    out = pd.DataFrame({
        "sku": t["sku"], "product": t["product"], "category": t["category"], "style": t["style"],
        "class": item_class(t["item_class"]), "season_start": t["season_start"], "season_end": t["season_end"],
        "lead_time_days": t["lead_time_days"], "case_pack": t["case_pack"], "min_order_qty": t["min_order_qty"],
        "supplier": t["supplier"], "unit_cost": t["unit_cost"], "in_master": True})
    return out.set_index("sku")


def with_defaults(frame: pd.DataFrame, defaults: Defaults) -> pd.DataFrame:
    """The order parameters of each row, defaults where the master gives none."""
    frame["lead_time_days"] = frame["lead_time_days"].astype(float).fillna(defaults.lead_time_days)
    frame["case_pack"] = frame["case_pack"].astype(float).fillna(defaults.case_pack)
    frame["min_order_qty"] = frame["min_order_qty"].astype(float).fillna(defaults.min_order_qty)
    frame["class"] = frame["class"].fillna(STAPLE)
    return frame


def store_column(table: pd.DataFrame, sales_stores: list[str]) -> pd.DataFrame:
    """A table without a store column belongs to the only store of the sales,
    or to the default store the sales lines without one get."""
    if "store" in table and table["store"].notna().any():
        return table
    return table.assign(store=sales_stores[0] if len(sales_stores) == 1 else "MAIN")


def order_lines(orders: pd.DataFrame | None, receipts: pd.DataFrame | None) -> pd.DataFrame | None:
    """Purchase-order lines with the receipts against each (same order id, SKU
    and store) as (day, qty) lists, ready to be read as of any day."""
    if orders is None or orders.empty:
        return None
    po = orders.copy()
    for col in ("order_id", "supplier"):
        if col not in po:
            po[col] = None
    for col in ("order_date", "due_date"):
        if col not in po:
            po[col] = pd.NaT
    po["order_day"] = day_numbers(po["order_date"])
    po["due_day"] = day_numbers(po["due_date"])
    po["given_received"] = po["received_qty"] if "received_qty" in po else np.nan
    po["_line"] = np.arange(len(po))
    matched = pd.DataFrame(columns=["_line", "day", "qty"])
    if receipts is not None and not receipts.empty and "order_id" in receipts and receipts["order_id"].notna().any():
        rc = receipts.dropna(subset=["order_id"])
        rc = pd.DataFrame({"order_id": rc["order_id"], "sku": rc["sku"], "store": rc["store"],
                           "day": day_numbers(rc["date"]), "qty": rc["received_qty"]})
        matched = po[["_line", "order_id", "sku", "store"]].dropna(subset=["order_id"]).merge(
            rc, on=["order_id", "sku", "store"])[["_line", "day", "qty"]]
    po.attrs["receipts"] = matched
    return po


def received_as_of(po: pd.DataFrame, day: int) -> np.ndarray:
    """What each line had received by the end of `day`: its received column
    where given, else the sum of its receipts dated on or before that day."""
    matched = po.attrs["receipts"]
    upto = matched[matched["day"] <= day]
    summed = np.bincount(upto["_line"].to_numpy(dtype=np.int64), weights=upto["qty"].to_numpy(dtype=float),
                         minlength=len(po))
    given = po["given_received"].to_numpy(dtype=float)
    return np.where(np.isnan(given), summed, given)


def open_on_order(po: pd.DataFrame | None, as_of: int) -> pd.Series:
    """Open quantity per (store, sku) at `as_of`: lines ordered by then, with
    nothing received, due no earlier than 30 days before."""
    if po is None:
        return pd.Series(dtype=float)
    received = received_as_of(po, as_of)
    is_open = (po["order_day"].to_numpy() <= as_of) & (received == 0) & (po["due_day"].to_numpy() >= as_of - 30)
    # a line without an order date counts from its due date's side only
    no_date = po["order_day"].to_numpy() == np.iinfo(np.int64).min
    is_open |= no_date & (received == 0) & (po["due_day"].to_numpy() >= as_of - 30)
    rows = po[is_open]
    return rows.groupby(["store", "sku"])["ordered_qty"].sum()


def fill_parts(po: pd.DataFrame | None, months: list[str], month_ends: dict[str, int]) -> pd.DataFrame | None:
    """Σ min(received, ordered) and Σ ordered of the lines due in each month,
    received as of that month's as-of day, per (store, month)."""
    if po is None:
        return None
    due_month = pd.Series((po["due_day"].to_numpy() * DAY_NS).astype("datetime64[ns]")).dt.strftime("%Y-%m")
    due_month[po["due_day"].to_numpy() == np.iinfo(np.int64).min] = None
    rows = []
    for month in months:
        if month not in month_ends:
            continue
        mask = (due_month == month).to_numpy()
        if not mask.any():
            continue
        received = received_as_of(po, month_ends[month])[mask]
        ordered = po["ordered_qty"].to_numpy(dtype=float)[mask]
        frame = pd.DataFrame({"store": po["store"].to_numpy()[mask], "month": month,
                              "po_received": np.minimum(received, ordered), "po_ordered": ordered})
        rows.append(frame.groupby(["store", "month"])[["po_received", "po_ordered"]].sum())
    return pd.concat(rows) if rows else None


def _issue(table: pd.DataFrame, idx, code: str, **params) -> Issue:
    return Issue(str(table.at[idx, "_file"]) if "_file" in table else "",
                 str(table.at[idx, "_sheet"]) if "_sheet" in table else "",
                 int(table.at[idx, "_row"]) if "_row" in table else 0, code, params)


def _show(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)
