"""Views the pack shows that the engine does not keep: per-category inventory
KPIs, dead stock, the stockout list, ABC for one store.

Pure pandas over a Computation's frames. Ratios come from the registry's own
formulas (`engine.evaluate`), so a category's GMROI is computed exactly like a
store's.
"""
from __future__ import annotations

import threading
from concurrent.futures import Future
from functools import wraps

import numpy as np
import pandas as pd

from ..domain import month_add
from .abc import abc_table
from .engine import TOTAL, Computation, evaluate, stocked, stocked_sums
from .registry import STOCKED

# the order list's dead-stock window too (replenishment contract: no sale in the 91 days to the as-of day)
DEAD_STOCK_DAYS = 91
UNCATEGORISED = ""  # the category of rows without one; the pack labels it
_ONCE = threading.Lock()


def once(view):
    """A view computed once per Computation (the pack asks for some several
    times, from several sheets), whichever thread asks first; the others wait
    for it. An error reaches every caller."""
    @wraps(view)
    def memoised(comp: Computation, *args):
        key = (view.__name__, args)
        with _ONCE:
            future = comp.views.get(key)
            mine = future is None
            if mine:
                future = comp.views[key] = Future()
        if mine:
            try:
                future.set_result(view(comp, *args))
            except BaseException as exc:  # noqa: BLE001 - handed to whoever asks
                future.set_exception(exc)
        return future.result()

    return memoised


def prefetch(comp: Computation) -> None:
    """Start the pack's heavier views on a thread of their own while the
    build goes on with the KPIs, comparisons, results and the first sheets
    (pandas leaves the interpreter lock while it groups a million lines).
    `comp` may be `compute`'s early namespace (lines, closing, period, views)."""
    def work():
        try:
            stockouts(comp)
            inventory_by_category(comp)
            if history_covers(comp):
                dead_stock(comp)
        except Exception:  # noqa: BLE001 - kept in the view's future: the sheet that asks reports it
            pass

    threading.Thread(target=work, name="kpipack-views", daemon=True).start()


@once
def sku_categories(comp: Computation) -> pd.Series:
    """One category per SKU: the inventory's where it has one, else the sales lines'."""
    parts = []
    if comp.closing is not None and {"sku", "category"} <= set(comp.closing.columns):
        parts.append(comp.closing.dropna(subset=["sku", "category"]).groupby("sku")["category"].last())
    if {"sku", "category"} <= set(comp.lines.columns):
        parts.append(comp.lines[["sku", "category"]].dropna().groupby("sku")["category"].last())
    if not parts:
        return pd.Series(dtype=object)
    merged = parts[0]
    for extra in parts[1:]:
        merged = merged.combine_first(extra)
    return merged.astype(str)


@once
def sku_products(comp: Computation) -> pd.Series:
    lines = comp.lines
    if not {"sku", "product"} <= set(lines.columns):
        return pd.Series(dtype=object)
    return lines[["sku", "product"]].dropna().groupby("sku")["product"].last().astype(str)


def _category(frame: pd.DataFrame, categories: pd.Series) -> pd.Series:
    own = frame["category"] if "category" in frame else pd.Series(np.nan, index=frame.index)
    by_sku = frame["sku"].map(categories) if "sku" in frame else pd.Series(np.nan, index=frame.index)
    return by_sku.combine_first(own).astype(object).fillna(UNCATEGORISED).astype(str)  # all blank: float NaN


@once
def inventory_by_category(comp: Computation) -> pd.DataFrame | None:
    """Inventory KPIs of the period by store and category, and by category for all
    stores (store = "total"): net_sales, cogs, gross_profit, inventory_value,
    avg_inventory_value, days_of_inventory, inventory_turnover, gmroi."""
    closing = comp.closing
    if closing is None or closing.empty or "unit_cost" not in closing:
        return None
    period, prev = comp.period, month_add(comp.period, -1)
    categories = sku_categories(comp)
    inv = closing[closing["close"].isin([prev, period])].copy()
    if inv[inv["close"] == period].empty:
        return None
    inv["category"] = _category(inv, categories)
    inv["value"] = inv["on_hand"] * inv["unit_cost"]
    lines = _period_lines(comp, ["store", "sku", "category", "net_sales", "cost"])
    lines["category"] = _category(lines, categories)

    frames = []
    for key, inv_part, line_part in (("store", inv, lines),
                                     (None, inv.assign(store=TOTAL), lines.assign(store=TOTAL))):
        close = _close_values(inv_part)
        this = close.xs(period, level="close") if period in close.index.get_level_values("close") else None
        if this is None:
            continue
        prev_close = (close.xs(prev, level="close") if prev in close.index.get_level_values("close")
                      else pd.Series(dtype=float))
        sales = line_part.groupby(["store", "category"]).agg(
            net_sales=("net_sales", "sum"), cogs=("cost", "sum"),
            cogs_missing=("cost", lambda s: float(s.isna().sum())))
        parts = pd.DataFrame({"inventory_value": this})
        parts["avg_inventory_value"] = ((prev_close.reindex(parts.index) + this) / 2).fillna(this).where(this.notna())
        parts = parts.join(sales, how="outer")
        frames.append(parts)
    if not frames:
        return None
    if len(frames) == 2:  # all stores: stock over flow of the stores with both, as the company's ratios take
        frames[1] = frames[1].join(_stocked_by_category(frames[0]), on="category")
        frames[1][STOCKED.format("scope")] = 1.0
    parts = pd.concat(frames)
    parts["days"] = float(pd.Period(period).days_in_month)
    keys = [f"{s}\x1f{c}" for s, c in parts.index]
    parts.index = pd.MultiIndex.from_arrays([keys, [period] * len(parts)], names=["scope", "month"])
    kpis = evaluate(parts)
    out = pd.DataFrame({
        "store": [k.split("\x1f", 1)[0] for k in keys],
        "category": [k.split("\x1f", 1)[1] for k in keys],
    })
    for col in ("net_sales", "cogs", "gross_profit", "inventory_value", "avg_inventory_value", "days_of_inventory",
                "inventory_turnover", "gmroi"):
        out[col] = kpis[col].to_numpy()
    out["days"] = parts["days"].to_numpy()
    out["_all"] = out["store"] == TOTAL  # all-store rows after the stores
    return out.sort_values(["_all", "store", "category"]).drop(columns="_all").reset_index(drop=True)


def _stocked_by_category(by_store: pd.DataFrame) -> pd.DataFrame:
    """Each category's STOCKED parts over the stores the company's days of
    inventory, turnover and GMROI take (engine `stocked`: those with both
    stock and sales in the period; the others are named in the pack's
    warnings), from the stores' rows by category (index store, category)."""
    stores = by_store.groupby(level="store")[["avg_inventory_value", "net_sales"]].sum(min_count=1)
    taken = stores.index[stocked(stores)]
    return stocked_sums(by_store[by_store.index.get_level_values("store").isin(taken)], "category")


def _period_lines(comp: Computation, columns: list[str]) -> pd.DataFrame:
    """The period's sales lines, only the `columns` a view needs (those the
    lines have): a million lines of every column copy slowly."""
    lines = comp.lines
    return lines.loc[lines["month"] == comp.period, [c for c in columns if c in lines]]


def _close_values(inv: pd.DataFrame) -> pd.Series:
    """Month-close value per (store, category, close); null where a row lacks its cost."""
    grouped = inv.groupby(["store", "category", "close"])
    value = grouped["value"].sum()
    value[grouped["value"].apply(lambda s: s.isna().any())] = np.nan
    return value


def period_end(period: str) -> pd.Timestamp:
    return pd.Timestamp(f"{period}-01") + pd.offsets.MonthEnd(0)


def history_covers(comp: Computation, days: int = DEAD_STOCK_DAYS) -> bool:
    """Whether the sales data reaches back `days` days before the period's end."""
    first = comp.lines["date"].min()
    return bool(pd.notna(first) and first.normalize() <= period_end(comp.period) - pd.Timedelta(days=days - 1))


@once
def dead_stock(comp: Computation, days: int = DEAD_STOCK_DAYS) -> pd.DataFrame | None:
    """SKUs on hand at the period's close with no sale in the `days` days to the
    period's last day, valued at cost (largest first)."""
    closing = comp.closing
    if closing is None or closing.empty:
        return None
    snap = closing[(closing["close"] == comp.period) & (closing["on_hand"] > 0)].copy()
    end = period_end(comp.period)
    start = end - pd.Timedelta(days=days - 1)
    lines = comp.lines
    if "sku" in lines:
        sold = (lines["net_sales"] > 0) & (lines["date"] < end + pd.Timedelta(days=1))  # on or before the last day
        sales = lines.loc[sold, ["store", "sku", "date"]]  # only the columns needed: a million lines copy slowly
        last_sale = sales.groupby(["store", "sku"])["date"].max()
    else:
        last_sale = pd.Series(dtype="datetime64[ns]")
    keys = pd.MultiIndex.from_arrays([snap["store"], snap["sku"]])
    snap["last_sale"] = last_sale.reindex(keys).to_numpy()
    dead = snap[snap["last_sale"].isna() | (snap["last_sale"].dt.normalize() < start)].copy()
    if "unit_cost" not in dead:
        dead["unit_cost"] = np.nan
    dead["value"] = dead["on_hand"] * dead["unit_cost"]
    dead["category"] = _category(dead, sku_categories(comp))
    dead["product"] = dead["sku"].map(sku_products(comp))
    cols = ["store", "sku", "product", "category", "on_hand", "unit_cost", "value", "last_sale"]
    dead = dead.groupby(["store", "sku"], as_index=False).agg(
        product=("product", "first"), category=("category", "first"), on_hand=("on_hand", "sum"),
        unit_cost=("unit_cost", "first"), value=("value", lambda s: s.sum(min_count=len(s))),
        last_sale=("last_sale", "max"))
    return dead.sort_values(["value", "store", "sku"], ascending=[False, True, True],
                            na_position="last").reset_index(drop=True)[cols]


@once
def stockouts(comp: Computation) -> pd.DataFrame | None:
    """Selling SKUs of the period at zero (or below) at the period's close: the
    pairs behind the stockout rate."""
    closing, lines = comp.closing, comp.lines
    if closing is None or closing.empty or "sku" not in lines:
        return None
    month = _period_lines(comp, ["store", "sku", "net_sales", "qty"])
    selling = month[month["net_sales"] > 0].dropna(subset=["sku"])
    sold = selling.groupby(["store", "sku"]).agg(net_sales=("net_sales", "sum"))
    if "qty" in selling:
        sold["qty"] = selling.groupby(["store", "sku"])["qty"].sum(min_count=1)
    stock = closing[closing["close"] == comp.period].groupby(["store", "sku"])["on_hand"].sum()
    pairs = sold.join(stock, how="inner")
    out = pairs[pairs["on_hand"] <= 0].reset_index()
    out["product"] = out["sku"].map(sku_products(comp))
    out["category"] = _category(out, sku_categories(comp))
    if "qty" not in out:
        out["qty"] = np.nan
    cols = ["store", "sku", "product", "category", "on_hand", "qty", "net_sales"]
    return out.sort_values(["net_sales", "store", "sku"], ascending=[False, True, True]).reset_index(drop=True)[cols]


@once
def chain_abc(comp: Computation) -> pd.DataFrame:
    """The period's ABC table of the whole chain, the one in the results (kept
    with the views: a rebuild does not sum the lines per SKU again)."""
    return abc_table(comp.line_parts, comp.period)


def abc_for_scope(comp: Computation, scope: str) -> pd.DataFrame:
    """The period's ABC table of one scope (the total's is the one in the results)."""
    if scope == TOTAL:
        table = getattr(comp, "abc", None)
        return table if table is not None else chain_abc(comp)
    return abc_table(comp.line_parts, comp.period, store=scope.split(":", 1)[1])


def moving_annual_total(comp: Computation, kpi_id: str, scope: str, months: list[str]) -> dict[str, float | None]:
    """The 12 months to each month summed (a moving annual total) of an additive
    KPI; null unless all 12 months have a value, so a partial year never
    passes for a whole one."""
    out: dict[str, float | None] = {}
    for month in months:
        window = [comp.value(comp.actual, kpi_id, scope, month_add(month, -i)) for i in range(12)]
        out[month] = None if any(v is None for v in window) else float(sum(window))
    return out
