"""The KPI engine: parts per scope and month, every KPI of the registry, and
the comparisons of contract section 3 (budget, prev month, prev year, YTD)."""
from __future__ import annotations

import hashlib
import json
import re
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Callable

import numpy as np
import pandas as pd

from ..domain import TSUBO_M2, Settings, fiscal_year_start_month, is_month, month_add, month_range
from ..errors import Issue, KpipackError
from ..ingest import Dataset, cache
from ..ingest.store_rows import store_key
from . import lineparts as L
from .budget_names import kpi_for_budget_name
from . import parts as P
from .channels import CHANNEL_KPIS, channel_labels, channel_parts, share_row
from .registry import BY_ID, FLOW_PARTS, KPIS, STOCKED, STRICT_PARTS

TOTAL = "total"
AMBER_BAND_PCT = 5.0


def scope_of(store: str) -> str:
    return f"store:{store}"


@dataclass
class Computation:
    """Everything the engine worked out; the pack and the GUI read it, never recompute."""

    period: str
    months: list[str]  # every month the frames cover
    scopes: list[str]
    store_names: dict[str, str]
    actual: pd.DataFrame  # index (scope, month), one column per KPI
    budget: pd.DataFrame
    ytd: pd.DataFrame
    ytd_budget: pd.DataFrame
    parts: pd.DataFrame
    present: list[str]  # KPI ids whose inputs are present
    lines: pd.DataFrame
    counts: pd.DataFrame | None = None  # stock-take lines
    shrink: pd.DataFrame | None = None
    closing: pd.DataFrame | None = None
    channels: list[str] = field(default_factory=list)  # sales channels, largest first (see channels)
    channel_scopes: list[str] = field(default_factory=list)  # channel:<name>, then store:<id>/channel:<name>
    campaigns: list = field(default_factory=list)  # campaigns.Effect of each campaign measured
    replenishment: object | None = None  # replenishment.Replenishment: the order list and forecast
    warnings: list[Issue] = field(default_factory=list)
    _lookups: dict = field(default_factory=dict, repr=False, compare=False)
    views: dict = field(default_factory=dict, repr=False, compare=False)  # see views.once
    derived: tuple | None = field(default=None, repr=False, compare=False)  # (cache root, key, views were kept)
    line_parts: L.LineParts | None = field(default=None, repr=False, compare=False)  # the lines' query engine
    store_codes: dict = field(default_factory=dict)  # store names the sales lines use -> the master's codes

    def value(self, frame: pd.DataFrame, kpi: str, scope: str, month: str) -> float | None:
        """frame's `kpi` at (scope, month); None where missing. The pack asks
        thousands of times, so each frame gets a dict of its rows and columns
        once (the frames are final when the engine returns them)."""
        lookup = self._lookups.get(id(frame))
        if lookup is None or lookup[0] is not frame or lookup[3].shape != frame.shape:
            try:
                values = frame.to_numpy(dtype=float, na_value=np.nan)
            except (TypeError, ValueError):
                values = None
            lookup = (frame, {k: n for n, k in enumerate(frame.index)},
                      {c: n for n, c in enumerate(frame.columns)}, values)
            if values is not None and len(lookup[1]) == len(frame.index) and len(lookup[2]) == frame.shape[1]:
                self._lookups[id(frame)] = lookup
            else:
                lookup = None
        if lookup is None:  # text cells or repeated labels: ask pandas
            try:
                value = frame.at[(scope, month), kpi]
            except KeyError:
                return None
            return None if value is None or pd.isna(value) else float(value)
        row, col = lookup[1].get((scope, month)), lookup[2].get(kpi)
        if row is None or col is None:
            return None
        value = lookup[3][row, col]
        return None if np.isnan(value) else float(value)


def _natural(text: str):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", str(text))]


def compute(dataset: Dataset, settings: Settings, progress: Callable[[float], None] | None = None,
            early: Callable[[SimpleNamespace], None] | None = None, line_engine=None) -> Computation:
    """Every KPI for every scope and month, with budgets and year to date.
    `progress(fraction)` is called as the work goes (a million lines take a second or two).
    `early(view)` is called as soon as the lines, the month-end stock and the
    period are known, with a namespace of them whose `views` memo becomes the
    Computation's (the pack's views start from it while the KPIs are computed).
    `line_engine`: (linefiles.LineFiles, its opened engine) when the sales lines
    are read straight from their files; the views then read a per store, SKU
    and month summary of them in the place of the lines."""
    tick = progress or (lambda fraction: None)
    if line_engine is not None:
        line_files, engine = line_engine
        if dataset.table("sales") is not None:
            raise KpipackError("engine_mixed", file=line_files.paths[0].name)
        run = L.LineParts(engine)
        engine_codes = _refine_engine_lines(dataset, line_files, engine)
        # the month follows from the date (prepare_lines); a few file names over millions
        # of rows: each row a number, not the name again (linefiles.file_paths)
        summary = line_files.file_paths(line_files.summary_frame(engine))
        summary["_file"] = summary["_file"].astype("category")
        # nothing is kept under the other inputs' key: the lines are not part of it
        dataset = replace(dataset, tables={**dataset.tables, "sales": summary}, cache_key=None)
    sales = dataset.table("sales")
    if sales is None or sales.empty:  # the engine's lines all rejected: why, from the first of them
        from ..ingest.explain import NothingUsable

        raise NothingUsable(dataset) if line_engine is not None else KpipackError("no_sales")
    masters = dataset.table("stores")
    translate = _store_translation(masters, sales) if line_engine is None else engine_codes
    tables = {role: _apply_stores(t, translate) for role, t in dataset.tables.items()}
    aliases = _code_aliases(tables)
    tables = {role: t if role == "sales" else _apply_stores(t, aliases) for role, t in tables.items()}
    inventory, costed = _unit_costs_from_master(tables.get("inventory"), tables.get("products"))
    if inventory is not None:
        tables = {**tables, "inventory": inventory}
    # a summary's cost is the lines' own: no unit cost from the stock for it
    lines, warnings = P.prepare_lines(tables["sales"], inventory if line_engine is None else None)
    warnings.extend(costed)
    if "channel" in lines:
        lines["channel"] = channel_labels(lines["channel"])

    first, last = lines["month"].min(), lines["month"].max()
    period = settings.period or default_period(lines["date"])
    if not is_month(period):
        raise KpipackError("bad_period", period=period)
    if not (first <= period <= last):
        raise KpipackError("period_no_data", period=period, first=first, last=last)
    latest = lines["date"].max()
    if period == last and latest.day != latest.days_in_month:
        warnings.append(Issue("", "", 0, "period_partial", {"period": period, "last": latest.strftime("%Y-%m-%d")}))
    months = month_range(min(first, month_add(period, -24)), max(last, period))
    stores = sorted(lines["store"].dropna().unique(), key=_natural)
    scopes = [TOTAL] + [scope_of(s) for s in stores]
    names = _store_names(tables.get("stores"), stores)
    warnings.extend(_stores_not_in_master(tables.get("stores"), stores))
    warnings.extend(_store_sets_compared(lines, period))
    selling = {str(s) for s in lines.loc[lines["month"] == period, "store"].dropna().unique()}  # in the period
    warnings.extend(_traffic_stores_compared(selling, tables.get("traffic"), period))
    closing = P.month_close_rows(inventory) if inventory is not None and not inventory.empty else None
    warnings.extend(_stock_without_cost(closing, period))
    warnings.extend(_stock_stores_compared(selling, closing, period))
    key = _parts_key(dataset, settings, period, months, stores)
    view = SimpleNamespace(lines=lines, closing=closing, period=period, views=_kept_views(dataset, key))
    derived = (dataset.cache_root, key, bool(view.views)) if key else None
    if early is not None:
        early(view)

    tick(0.1)
    if line_engine is None:  # the line-level parts, on DuckDB over the lines' Arrow columns
        run = L.LineParts(lambda: L.DuckLines(lines))
    kept = cache.load_derived(dataset.cache_root, key) if key else None
    if kept is not None:  # the same inputs and settings built before: their parts are kept
        parts_frame, extras = kept
        if closing is not None:
            extras["closing"] = closing
    else:
        parts_frame, extras = _parts(tables, lines, run, closing, stores, months, settings, dataset.area_unit,
                                      tick)
        tick(0.55)
        from .replenishment import attach  # the daily book stock, the order list and the forecast

        parts_frame, extras["replenishment"] = attach(parts_frame, tables, lines, run, stores, months, period,
                                                      settings, scope_of)
        tick(0.75)
        if key:
            cache.store_derived(dataset.cache_root, key, (parts_frame, {k: v for k, v in extras.items()
                                                                         if k != "closing"}))
    actual = evaluate(parts_frame)
    warnings.extend(_more_buyers_than_visitors(actual, parts_frame, period))
    tick(0.8)
    budget_parts = _budget_frame(tables.get("budget"), stores, months, warnings,
                                 (period, {scope_of(s) for s in selling}))
    budget = evaluate_budget(budget_parts, parts_frame)
    ytd = evaluate(_ytd_parts(parts_frame, settings.fiscal_year_start))
    warnings.extend(_set_aside_notes(parts_frame, period, settings.fiscal_year_start))
    ytd_budget = evaluate_budget(_ytd_budget_parts(budget_parts, settings.fiscal_year_start),
                                 parts_frame[[]].assign(floor_area=np.nan, days=np.nan))
    present = [k.id for k in KPIS if actual[k.id].notna().any()]
    if extras.get("replenishment") is not None:
        warnings.extend(extras["replenishment"].warnings)
    cogs_warnings(lines, warnings)
    if extras.get("counts") is not None:
        warnings.extend(_counts_without_books(extras["counts"]))
        warnings.extend(_books_shared(extras["counts"]))
    return Computation(period, months, scopes, names, actual, budget, ytd, ytd_budget, parts_frame, present,
                       lines, warnings=warnings, views=view.views, derived=derived, line_parts=run, store_codes=translate,
                       **extras)


def _views_key(key: str) -> str:
    return f"{key}-views"


def _kept_views(dataset: Dataset, key: str | None) -> dict:
    """The pack's views (see views.once) a build from the same inputs and
    settings kept, as finished futures: nothing to work out again."""
    kept = cache.load_derived(dataset.cache_root, _views_key(key)) if key else None
    finished = {}
    for name, value in (kept or {}).items():
        finished[name] = Future()
        finished[name].set_result(value)
    return finished


def keep_views(comp: Computation) -> None:
    """Keep the views this build worked out beside its parts (once per key)."""
    if comp.derived is None or comp.derived[2]:
        return
    root, key, _ = comp.derived
    done = {name: future.result() for name, future in list(comp.views.items())
            if future.done() and future.exception() is None}
    if done:
        cache.store_derived(root, _views_key(key), done)


_ENGINE: str | None = None


def _parts_key(dataset: Dataset, settings: Settings, period: str, months: list[str], stores: list[str]) -> str | None:
    """The key of the parts of these inputs under these settings, or None when nothing may be kept."""
    global _ENGINE
    if dataset.cache_key is None or dataset.cache_root is None:
        return None
    if _ENGINE is None:
        here = Path(__file__).resolve().parent
        _ENGINE = cache.sources_digest(sorted(here.glob("*.py")) + [here.parent / "domain.py"])
    replenishment = [settings.as_of, settings.lead_time_days, settings.review_days, settings.service_level_pct,
                     settings.overstock_weeks, settings.markdown_share_pct]
    text = json.dumps([dataset.cache_key, _ENGINE, settings.area_unit, dataset.area_unit, period, months,
                       [str(s) for s in stores], replenishment], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_period(dates: pd.Series) -> str:
    """The latest month the sales data covers to its last day, else the month
    before — unless the data starts in the latest month (a day's or a week's
    export): then that month, partial as it is."""
    latest = dates.max()
    month = latest.strftime("%Y-%m")
    if latest.day == latest.days_in_month or dates.min().strftime("%Y-%m") == month:
        return month
    return month_add(month, -1)


def _refine_engine_lines(dataset: Dataset, line_files, engine) -> dict[str, str]:
    """Lines read by the query engine get what a workbook build does to the
    lines before its parts: store names as the master's codes, channels
    labelled, missing costs from the stock's unit costs (linefiles.refine)."""
    stores = engine.frame('SELECT DISTINCT store FROM source') if "store" in engine.columns else \
        pd.DataFrame({"store": pd.Series(dtype=object)})
    translate = _store_translation(dataset.table("stores"), stores)
    tables = {role: _apply_stores(t, translate) for role, t in dataset.tables.items()}
    translated = stores.assign(store=stores["store"].map(lambda s: translate.get(s, s)))
    inventory = tables.get("inventory")
    if inventory is not None:
        inventory = _apply_stores(inventory, _code_aliases({**tables, "sales": translated}))
    line_files.refine(engine, translate, inventory)
    return translate


# ---------------------------------------------------------------- stores
def _store_translation(masters: pd.DataFrame | None, sales: pd.DataFrame) -> dict[str, str]:
    """Store names used in place of codes -> the master's codes."""
    if masters is None or "store_name" not in masters:
        return {}
    codes = set(masters["store"].dropna())
    name_to_code = {n: c for c, n in zip(masters["store"], masters["store_name"]) if pd.notna(n) and pd.notna(c)}
    used = set(sales["store"].dropna()) if "store" in sales else set()
    if used and not (used & codes) and used & set(name_to_code):
        return name_to_code
    return {}


def _code_aliases(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Store codes written differently in other tables ('001' or 'S01' for the
    sales' '1' or 's01', or the other way round) -> the sales' spelling,
    where exactly one of the sales' codes is spelt so; and a store's name from
    the store master ('渋谷店' in a traffic file beside sales by code) -> its code."""
    sales_stores = {str(s) for s in tables["sales"]["store"].dropna().unique()}
    by_key: dict[str, set[str]] = {}
    for store in sales_stores:
        by_key.setdefault(store_key(store), set()).add(store)
    masters = tables.get("stores")
    named: dict[str, set[str]] = {}  # a name's key -> the sales' codes of the stores so named
    if masters is not None and "store_name" in masters:
        for code, name in zip(masters["store"], masters["store_name"]):
            if pd.notna(code) and pd.notna(name):
                named.setdefault(store_key(str(name)), set()).update(by_key.get(store_key(str(code)), set()))
    out: dict[str, str] = {}
    for role, table in tables.items():
        if role == "sales" or "store" not in table:
            continue
        for value in table["store"].dropna().unique():
            value = str(value)
            match = by_key.get(store_key(value)) or (named.get(store_key(value), set()) if role != "stores" else set())
            if value not in sales_stores and len(match) == 1:
                out[value] = next(iter(match))
    return out


def _apply_stores(table: pd.DataFrame, translate: dict[str, str]) -> pd.DataFrame:
    if not translate or "store" not in table:
        return table
    table = table.copy()
    table["store"] = table["store"].map(lambda s: translate.get(s, s))
    return table


def _stores_not_in_master(masters: pd.DataFrame | None, stores: list[str]) -> list[Issue]:
    """A store with sales that the store master given does not list: its floor
    area is unknown, so the company's sales per floor area is left empty."""
    if masters is None or masters.empty or "store" not in masters:
        return []
    listed = set(masters["store"].dropna().astype(str))
    missing = [str(s) for s in stores if str(s) not in listed]
    if not missing:
        return []
    return [Issue("", "", 0, "warn_store_not_in_master", {"stores": ", ".join(missing)})]


def _store_sets_compared(lines: pd.DataFrame, period: str) -> list[Issue]:
    """The company's month-over-month and year-over-year compare what was sold
    then with what is sold now (the contract's definitions, kept): a store
    selling in one month and not in the other (opened, closed, no data) moves
    the company's change, so the stores are named."""
    by_month = lines.groupby("month", observed=True)["store"].unique()
    now = {str(s) for s in by_month.get(period, [])}
    notes = []
    for code, other in (("warn_store_set_mom", month_add(period, -1)), ("warn_store_set_yoy", month_add(period, -12))):
        if other not in by_month.index:  # no sales at all then: the comparison is empty, not skewed
            continue
        then = {str(s) for s in by_month[other]}
        if now == then:
            continue
        notes.append(Issue("", "", 0, code, {
            "period": period, "earlier": other,
            "only_now": ", ".join(sorted(now - then, key=_natural)) or "—",
            "only_then": ", ".join(sorted(then - now, key=_natural)) or "—"}))
    return notes


def _traffic_stores_compared(selling: set[str], traffic: pd.DataFrame | None, period: str) -> list[Issue]:
    """The company's conversion and sales per labour hour divide all stores'
    transactions and sales by all stores' visitors and hours: a store with
    visitors or hours and no sales in the month (a code that does not match,
    a sales file left out), or with sales and no visitors or hours while other
    stores have them (`selling`: the stores with sales in it), moves the
    company's figures. Named, never silent."""
    measures = [c for c in ("visitors", "labor_hours") if traffic is not None and c in traffic]
    if not measures or not {"store", "date"} <= set(traffic):  # monthly traffic is dated its month's first day
        return []
    counted = traffic[(P.months_of(traffic["date"]) == period).to_numpy() & traffic[measures].notna().any(axis=1)]
    counted_stores = {str(s) for s in counted["store"].dropna().unique()}
    if not counted_stores:
        return []
    notes = []
    for code, stores in (("warn_traffic_without_sales", counted_stores - selling),
                         ("warn_sales_without_traffic", selling - counted_stores)):
        if stores:
            notes.append(Issue("", "", 0, code, {"period": period, "stores": ", ".join(sorted(stores, key=_natural))}))
    return notes


def _stocked_parts(by_store: pd.DataFrame) -> pd.DataFrame:
    """The company's average stock, cost of sales and sales over the stores
    with both stock and sales in the month (registry `_stocked`): days of
    inventory, turnover and GMROI divide the stock of the same stores as the
    flow. A cost unknown for one of them leaves the month's cost unknown."""
    if "net_sales" not in by_store:
        return pd.DataFrame()
    out = stocked_sums(by_store[stocked(by_store)], "month")
    out = out.reindex(by_store.index.get_level_values("month").unique())
    out[STOCKED.format("scope")] = 1.0
    return out


def stocked(by_store: pd.DataFrame) -> pd.Series:
    """The rows (a store's month) with both stock and sales: the stores whose
    stock and flow the company's stock-over-flow ratios take."""
    return by_store["avg_inventory_value"].notna() & by_store["net_sales"].notna()


def stocked_sums(rows: pd.DataFrame, level: str) -> pd.DataFrame:
    """The STOCKED parts (average stock, sales, cost of sales) of `rows`
    summed by index `level`; a cost unknown for one row leaves its group's unknown."""
    cogs = rows["cogs"] if "cogs" in rows else pd.Series(np.nan, index=rows.index)
    if "cogs_missing" in rows:
        cogs = cogs.where(rows["cogs_missing"].fillna(0) == 0)
    groups = rows.groupby(level=level)
    out = pd.DataFrame({STOCKED.format(c): groups[c].sum(min_count=1) for c in ("avg_inventory_value", "net_sales")})
    out[STOCKED.format("cogs")] = cogs.groupby(level=level).sum(min_count=1).where(
        cogs.notna().groupby(level=level).all())
    return out


def _stock_stores_compared(selling: set[str], closing: pd.DataFrame | None, period: str) -> list[Issue]:
    """The company's days of inventory, turnover and GMROI are over the stores
    with both stock and sales in the month (`_stocked_parts`): those with
    sales and no stock, or stock and no sales, are left out of them, named."""
    if closing is None or closing.empty:
        return []
    stocked = {str(s) for s in closing.loc[closing["close"] == period, "store"].dropna().unique()}
    if not stocked:
        return []
    notes = []
    for code, stores in (("warn_sales_without_stock", selling - stocked), ("warn_stock_without_sales", stocked - selling)):
        if stores:
            notes.append(Issue("", "", 0, code, {"period": period, "stores": ", ".join(sorted(stores, key=_natural))}))
    return notes


def _unit_costs_from_master(inventory: pd.DataFrame | None, products: pd.DataFrame | None):
    """Stock rows without a unit cost take their SKU's from the product master
    (a stock list of quantities beside a master of costs), with a note."""
    if inventory is None or products is None or "sku" not in inventory or not {"sku", "unit_cost"} <= set(products):
        return inventory, []
    cost = inventory["unit_cost"] if "unit_cost" in inventory else pd.Series(np.nan, index=inventory.index)
    master = products.dropna(subset=["sku", "unit_cost"]).drop_duplicates("sku").set_index("sku")["unit_cost"]
    from_master = inventory["sku"].map(master)
    fill = cost.isna() & from_master.notna()
    if not fill.any():
        return inventory, []
    note = Issue("", "", 0, "note_unit_cost_from_master", {"rows": f"{int(fill.sum()):,}"})
    return inventory.assign(unit_cost=cost.where(~fill, from_master)), [note]


def _stock_without_cost(closing: pd.DataFrame | None, period: str) -> list[Issue]:
    """A month's closing stock with rows that have no unit cost has no value
    (never valued at zero): the stores and rows are said."""
    if closing is None or closing.empty:
        return []
    rows = closing[closing["close"] == period]
    cost = rows["unit_cost"] if "unit_cost" in rows else pd.Series(np.nan, index=rows.index)
    missing = rows[cost.isna()]
    if missing.empty:
        return []
    first = missing.iloc[0]
    stores = sorted({str(s) for s in missing["store"].dropna()}, key=_natural)
    return [Issue(str(first.get("_file", "")), str(first.get("_sheet", "")),
                  int(first["_row"]) if pd.notna(first.get("_row")) else 0, "warn_stock_without_cost",
                  {"period": period, "rows": f"{len(missing):,}", "stores": ", ".join(stores)})]


def _store_names(masters: pd.DataFrame | None, stores: list[str]) -> dict[str, str]:
    names = {s: s for s in stores}
    if masters is not None and "store_name" in masters:
        for code, name in zip(masters["store"], masters["store_name"]):
            if code in names and pd.notna(name):
                names[code] = str(name)
    return names


# ---------------------------------------------------------------- parts
def _parts(tables, lines, run, closing, stores, months, settings, input_unit, tick=lambda fraction: None
           ) -> tuple[pd.DataFrame, dict]:
    """One frame indexed by (scope, month) with every input part."""
    store_index = pd.MultiIndex.from_product([stores, months], names=["store", "month"])
    by_store = pd.DataFrame(index=store_index)
    total = pd.DataFrame(index=pd.Index(months, name="month"))
    extras: dict = {}

    s = run.sales(["store", "month"])
    tick(0.15)
    t = run.sales(["month"])
    by_store = by_store.join(s)
    total = total.join(t)
    tick(0.2)  # the app's bar moves at least every second on a slow machine
    tx_store = run.transactions(["store", "month"])
    traffic = tables.get("traffic")
    if tx_store is not None:
        by_store["transactions"] = tx_store
        total["transactions"] = run.transactions(["month"])
    tick(0.27)
    if traffic is not None and not traffic.empty:
        traffic = traffic.assign(month=P.months_of(traffic["date"]))
        cols = [c for c in ("visitors", "labor_hours", "transactions") if c in traffic]
        if tx_store is not None and "transactions" in cols:
            cols.remove("transactions")
        if cols:
            ts = P.sum_or_null(traffic, ["store", "month"], cols)
            by_store = by_store.join(ts)
            total = total.join(ts.groupby(level="month").sum(min_count=1))

    # floor area: the stores with sales in the month
    area = _floor_areas(tables.get("stores"), settings.area_unit, input_unit)
    if area is not None:
        by_store["floor_area"] = by_store.index.get_level_values("store").map(area).astype(float)
        trading = by_store["net_sales"].notna()
        summed = by_store.loc[trading, "floor_area"].groupby(level="month").sum(min_count=1)
        gaps = by_store.loc[trading, "floor_area"].isna().groupby(level="month").any()
        total["floor_area"] = summed.where(~gaps.reindex(summed.index, fill_value=False))

    tick(0.3)
    if closing is not None:
        extras["closing"] = closing
        inv = P.inventory_parts(closing)
        by_store = by_store.join(inv)
        total_close = inv["inventory_value"].groupby(level="month").sum(min_count=1)
        total["inventory_value"] = total_close
        by_store["avg_inventory_value"] = pd.concat(
            [P.average_inventory(by_store.loc[s, "inventory_value"], months) for s in stores], keys=stores).values
        total["avg_inventory_value"] = P.average_inventory(total["inventory_value"], months)
        total = total.join(_stocked_parts(by_store))
        so = P.stockout_parts(closing, run.selling_pairs())
        if not so.empty:
            by_store = by_store.join(so)
            total = total.join(so.groupby(level="month").sum(min_count=1))

    tick(0.35)
    stocktake = tables.get("stocktake")
    if stocktake is not None and not stocktake.empty:
        counts = P.stocktake_lines(stocktake, tables.get("inventory"))
        store_sales = by_store["net_sales"]
        shrink = P.shrink_parts(counts, store_sales)
        extras["counts"], extras["shrink"] = counts, shrink
        by_store = by_store.join(shrink[["shrink_value", "count_period_sales"]])
        grouped = shrink.groupby(level="month")
        total["shrink_value"] = grouped["shrink_value"].sum(min_count=1).where(
            ~grouped["shrink_value"].apply(lambda x: x.isna().any()))
        total["count_period_sales"] = grouped["count_period_sales"].sum(min_count=1)

    tick(0.4)
    if run.has("customer"):
        chain, per_store = run.customer_events_of_chain_and_stores()
        total = total.join(P.customer_parts(chain, months, t.index))
        by_store = by_store.join(P.customer_parts_by_store(per_store, months, stores, s.index))
        tick(0.45)

    survey = tables.get("survey")
    if survey is not None and not survey.empty:
        sv = P.survey_parts(survey)
        by_store = by_store.join(sv)
        total = total.join(sv.groupby(level="month").sum(min_count=1))

    finance = tables.get("finance")
    if finance is not None and not finance.empty:
        fin_store, fin_total = P.finance_parts(finance)
        if not fin_store.empty:
            by_store = by_store.join(fin_store[[c for c in fin_store.columns if c in ("opex", P.ASIDE.format("opex"))]])
        total = total.join(fin_total)
        if "net_income" in total:
            total["net_income_12m"] = P.rolling_12(total["net_income"], months,
                                                   total.get(P.ASIDE.format("net_income")))

    days = P.days_frame(months)
    by_store["days"] = by_store.index.get_level_values("month").map(days)
    total["days"] = days
    by_store.index = pd.MultiIndex.from_arrays(
        [[scope_of(s) for s in by_store.index.get_level_values("store")], by_store.index.get_level_values("month")],
        names=["scope", "month"])
    total.index = pd.MultiIndex.from_arrays([[TOTAL] * len(total), total.index], names=["scope", "month"])
    frames = [total, by_store]
    if run.has("channel"):  # the channels' sales parts, as more scopes of the same frame
        by_channel, extras["channels"], extras["channel_scopes"] = channel_parts(run, months, stores)
        frames.append(by_channel)
    frame = pd.concat(frames)
    return frame, extras


def _floor_areas(stores: pd.DataFrame | None, wanted_unit: str | None, input_unit: str | None):
    if stores is None or "floor_area" not in stores:
        return None
    area = stores.dropna(subset=["store"]).groupby("store")["floor_area"].sum(min_count=1)
    factor = 1.0
    if wanted_unit and input_unit and wanted_unit != input_unit:
        factor = TSUBO_M2 if wanted_unit == "m2" else 1.0 / TSUBO_M2
    return (area * factor).to_dict()


# ---------------------------------------------------------------- evaluation
class _Namespace:
    """v(name): a KPI (its formula or its part) or an input part."""

    def __init__(self, frame: pd.DataFrame, given: pd.DataFrame | None = None, fixed: pd.DataFrame | None = None):
        self.frame = frame
        self.given = given
        self.fixed = fixed
        self.memo: dict[str, pd.Series] = {}

    def part(self, name: str) -> pd.Series:
        source = self.fixed if (self.fixed is not None and name in ("floor_area", "days")) else self.frame
        if name in STRICT_PARTS and self.given is None:
            known, missing = source.get(name), source.get(STRICT_PARTS[name])
            if known is None:
                return self._nan()
            return known.where(missing == 0).reindex(self.frame.index).astype(float)
        if name in source.columns:
            return source[name].reindex(self.frame.index).astype(float)
        return self._nan()

    def _nan(self) -> pd.Series:
        return pd.Series(np.nan, index=self.frame.index)

    def __call__(self, name: str) -> pd.Series:
        if name in self.memo:
            return self.memo[name]
        kpi = BY_ID.get(name)
        if kpi is None:
            value = self.part(name)
        elif self.given is not None:
            given = self.given[name] if name in self.given.columns else self._nan()
            derived = kpi.formula(self) if kpi.formula else self._nan()
            value = given.combine_first(derived)
        else:
            value = kpi.formula(self) if kpi.formula else self.part(name)
        self.memo[name] = value.astype(float)
        return self.memo[name]


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame by row position: formulas align on a plain range, not on the
    (scope, month) MultiIndex that pandas would copy at every operation."""
    return frame.set_axis(pd.RangeIndex(len(frame)), axis=0)


def _more_buyers_than_visitors(actual: pd.DataFrame, parts_frame: pd.DataFrame, period: str) -> list[Issue]:
    """A conversion above 100 % in the period: more receipts than visitors, which no
    shop has (a counter missing a door, visitors counted in another unit, a day
    of receipts without its count); the figure is shown as computed, and said."""
    if "conversion_rate_pct" not in actual:
        return []
    found = actual.xs(period, level="month")["conversion_rate_pct"]
    found = found[found > 100.0 + 1e-9]
    return [Issue("", "", 0, "warn_conversion_over_100" + ("_total" if scope == TOTAL else ""), {
        "store": scope.removeprefix("store:"), "month": period, "pct": f"{found[scope]:.1f}",
        "transactions": f"{parts_frame.at[(scope, period), 'transactions']:,.0f}",
        "visitors": f"{parts_frame.at[(scope, period), 'visitors']:,.0f}"}) for scope in found.index]


def evaluate(parts_frame: pd.DataFrame) -> pd.DataFrame:
    ns = _Namespace(_flat(parts_frame))
    out = pd.DataFrame({k.id: ns(k.id).to_numpy() for k in KPIS}, index=parts_frame.index)
    for k in KPIS:
        if k.total_only:
            out.loc[out.index.get_level_values("scope") != TOTAL, k.id] = np.nan
    return out.replace([np.inf, -np.inf], np.nan)


def evaluate_budget(budget_parts: pd.DataFrame, actual_parts: pd.DataFrame) -> pd.DataFrame:
    """Budgets given, and budgets of ratio KPIs derived from their parts' budgets
    (floor area and days from the actuals)."""
    frame = _flat(budget_parts.reindex(actual_parts.index))
    ns = _Namespace(frame, given=frame, fixed=_flat(actual_parts))
    out = pd.DataFrame({k.id: ns(k.id).to_numpy() for k in KPIS}, index=actual_parts.index)
    return out.replace([np.inf, -np.inf], np.nan)


def _fiscal_keys(index: pd.MultiIndex, start: int) -> tuple[pd.Series, pd.Series]:
    scopes = index.get_level_values("scope")
    months = index.get_level_values("month")
    fy = pd.Series([fiscal_year_start_month(m, start) for m in months], index=index)
    return pd.Series(scopes, index=index), fy


def _ytd_parts(parts_frame: pd.DataFrame, start: int) -> pd.DataFrame:
    """Flow parts summed from the fiscal year's first month; stocks left null."""
    scope, fy = _fiscal_keys(parts_frame.index, start)
    flows = [c for c in FLOW_PARTS if c in parts_frame]
    data = parts_frame[flows]
    filled = data.fillna(0.0).groupby([scope, fy]).cumsum()
    seen = data.notna().astype(int).groupby([scope, fy]).cumsum()
    out = filled.where(seen > 0)
    for col in flows:  # a month set aside (finance files disagreeing) leaves the year to date unknown from it on
        if (mark := P.ASIDE.format(col)) in parts_frame:
            out[col] = out[col].where(~P.set_aside_within(parts_frame[mark], [scope, fy]))
    return out


def _set_aside_notes(parts_frame: pd.DataFrame, period: str, start: int) -> list[Issue]:
    """A warning for each figure of the period left empty because a month it
    sums was set aside (finance files disagreeing): ROE and ROA, over the 12
    months of net income, and the year to date of a finance flow (opex)."""
    notes = []
    spans = {"net_income": ("warn_roe_set_aside", month_range(month_add(period, -11), period)),
             "opex": ("warn_ytd_set_aside", month_range(fiscal_year_start_month(period, start), period))}
    for col, (code, span) in spans.items():
        mark = P.ASIDE.format(col)
        if mark not in parts_frame:
            continue
        marked = parts_frame[mark].eq(1.0) & parts_frame.index.get_level_values("month").isin(span)
        months = sorted(set(parts_frame.index.get_level_values("month")[marked.to_numpy()]))
        if months:
            notes.append(Issue("", "", 0, code, {"months": ", ".join(months), "period": period}))
    return notes


def _ytd_budget_parts(budget_parts: pd.DataFrame, start: int) -> pd.DataFrame:
    """Flow KPI budgets summed over the fiscal year to date; null unless every
    month of it has a budget."""
    flows = [k.id for k in KPIS if k.flow and k.id in budget_parts]
    if budget_parts.empty or not flows:
        return pd.DataFrame(index=budget_parts.index)
    scope, fy = _fiscal_keys(budget_parts.index, start)
    data = budget_parts[flows]
    filled = data.fillna(0.0).groupby([scope, fy]).cumsum()
    seen = data.notna().astype(int).groupby([scope, fy]).cumsum()
    elapsed = data.notna().astype(int).assign(**{c: 1 for c in flows}).groupby([scope, fy]).cumsum()
    return filled.where(seen == elapsed)


# ---------------------------------------------------------------- budget
def _budget_frame(budget: pd.DataFrame | None, stores: list[str], months: list[str],
                  warnings: list[Issue], selling: tuple[str, set[str]] | None = None) -> pd.DataFrame:
    """Budgets by (scope, month) and KPI id: rows without store are the total's;
    an additive KPI without a total row takes the sum of the store budgets.
    `selling`: the period and the scopes with sales in it, whose stores without
    a budget of a KPI the others have are named (the sum leaves them out)."""
    index = pd.MultiIndex.from_product([[TOTAL] + [scope_of(s) for s in stores], months], names=["scope", "month"])
    if budget is None or budget.empty or "kpi" not in budget:
        return pd.DataFrame(index=index)
    b = budget.copy()
    b["kpi_id"] = b["kpi"].map(kpi_for_budget_name)
    for name, group in b[b["kpi_id"].isna()].groupby("kpi", dropna=False):
        first = group.iloc[0]
        warnings.append(Issue(str(first.get("_file", "")), str(first.get("_sheet", "")),
                              int(first.get("_row", 0)) if pd.notna(first.get("_row", 0)) else 0,
                              "row_kpi_unknown", {"value": str(name)}))
    # a store's budget set aside as contradicted (ingest/budget_rows): the stores' sum is no total of it
    aside = b[b["_set_aside"].eq(True) & b["store"].notna()] if {"_set_aside", "store"} <= set(b) else b.iloc[0:0]
    unknown_totals = dict(zip(zip(aside["kpi_id"], aside["month"]), aside["kpi"].astype(str)))
    b = b.dropna(subset=["kpi_id", "month", "value"])
    has_store = "store" in b and b["store"].notna().any()
    store_rows = b[b["store"].notna()] if has_store else b.iloc[0:0]
    total_rows = b[b["store"].isna()] if "store" in b else b
    frame = pd.DataFrame(index=index)
    if not store_rows.empty:
        wide = store_rows.assign(scope=store_rows["store"].map(scope_of)).pivot_table(
            index=["scope", "month"], columns="kpi_id", values="value", aggfunc="sum")
        frame = frame.join(wide)
    if not total_rows.empty:
        wide = total_rows.assign(scope=TOTAL).pivot_table(index=["scope", "month"], columns="kpi_id",
                                                          values="value", aggfunc="sum")
        for col in wide.columns:
            if col not in frame:
                frame[col] = np.nan
            frame.loc[wide.index.intersection(frame.index), col] = wide[col]
    if not store_rows.empty:
        is_total = frame.index.get_level_values("scope") == TOTAL
        store_part = frame[~is_total]
        for kpi in store_rows["kpi_id"].unique():
            if not BY_ID[kpi].additive:
                continue
            have_total = total_rows["kpi_id"].eq(kpi).any() if not total_rows.empty else False
            if have_total:
                continue
            sums = store_part[kpi].groupby(level="month").sum(min_count=1)
            if selling is not None and selling[0] in sums.index and pd.notna(sums[selling[0]]):
                period, scopes = selling
                given = store_part[kpi].xs(period, level="month")
                left_out = sorted(s for s in scopes if s in given.index and pd.isna(given[s]))
                if left_out:
                    name = store_rows.loc[store_rows["kpi_id"] == kpi, "kpi"].astype(str).iloc[0]
                    warnings.append(Issue("", "", 0, "warn_total_budget_part", {
                        "kpi": name, "month": period, "stores": ", ".join(s.split(":", 1)[-1] for s in left_out)}))
            for (k, month), name in sorted(unknown_totals.items()):
                if k == kpi and month in sums.index:
                    sums[month] = np.nan
                    warnings.append(Issue("", "", 0, "warn_total_budget_set_aside", {"kpi": name, "month": month}))
            frame.loc[is_total, kpi] = sums.reindex(frame.index[is_total].get_level_values("month")).to_numpy()
    return frame


def _books_shared(counts: pd.DataFrame) -> list[Issue]:
    """Items counted on several lines whose book qty is kept on the first line only (parts._book_once_per_item)."""
    if "book_shared" not in counts or not counts["book_shared"].any():
        return []
    shared = counts[counts["book_shared"]]
    first = shared.iloc[0]
    return [Issue(str(first.get("_file", "")), str(first.get("_sheet", "")), int(first.get("_row", 0) or 0),
                  "note_count_book_once", {"items": f"{shared['sku'].nunique():,}",
                                           "lines": f"{len(shared):,}"})]


def _counts_without_books(counts: pd.DataFrame) -> list[Issue]:
    """Count lines whose book qty nothing gives (no column, no stock snapshot of the store
    that month): the store's shrink for the month is empty, said once at its first line."""
    unknown = counts[counts["book_qty"].isna()]
    return [Issue(str(group["_file"].iloc[0]) if "_file" in group else "",
                  str(group["_sheet"].iloc[0]) if "_sheet" in group else "",
                  int(group["_row"].iloc[0]) if "_row" in group else 0,
                  "warn_count_no_book", {"store": store, "month": month, "lines": f"{len(group):,}"})
            for (store, month), group in unknown.groupby(["store", "month"], sort=True)]


def cogs_warnings(lines: pd.DataFrame, warnings: list[Issue]) -> None:
    """Each line without a cost leaves its scope's gross profit empty: say which."""
    missing = lines[lines["cost"].isna()]
    if missing.empty or len(missing) == len(lines):
        return
    for _, row in missing.head(1000).iterrows():
        warnings.append(Issue(str(row.get("_file", "")), str(row.get("_sheet", "")), int(row.get("_row", 0)),
                              "warn_no_cost", {"scope": row["store"], "month": row["month"]}))


# ---------------------------------------------------------------- comparisons
def pct_change(value, base):
    if value is None or base is None or base == 0:
        return None
    return (value - base) / abs(base) * 100.0


def status_for(kpi_id: str, actual, budget, threshold=None) -> str:
    """green / amber / red against the budget, else the industry threshold, else none."""
    kpi = BY_ID[kpi_id]
    if kpi.direction is None or actual is None:
        return "none"
    if budget is not None:
        variance = actual - budget
        good = variance >= 0 if kpi.direction == "higher" else variance <= 0
        if good:
            return "green"
        return "amber" if abs(variance) <= abs(budget) * AMBER_BAND_PCT / 100.0 else "red"
    if threshold is not None:
        return threshold(actual)
    return "none"


def comparison_rows(comp: Computation, threshold_for=None) -> list[dict]:
    """The JSON rows of contract section 4 for every present KPI and scope."""
    rows = []
    for kpi_id in comp.present:
        kpi = BY_ID[kpi_id]
        for scope in comp.scopes:
            if kpi.total_only and scope != TOTAL:
                continue
            rows.append(_comparison(comp, kpi_id, scope, threshold_for))
    # the channels (contract part 2, section 5): the sales KPIs and each channel's share
    for kpi_id in (k for k in CHANNEL_KPIS if k in comp.present):
        rows.extend(_comparison(comp, kpi_id, scope, threshold_for) for scope in comp.channel_scopes)
    rows.extend(share_row(comp, scope, pct_change) for scope in comp.channel_scopes if "/" not in scope)
    return rows


def _comparison(comp: Computation, kpi_id: str, scope: str, threshold_for=None) -> dict:
    m = comp.period
    actual = comp.value(comp.actual, kpi_id, scope, m)
    budget = comp.value(comp.budget, kpi_id, scope, m)
    prev_month = comp.value(comp.actual, kpi_id, scope, month_add(m, -1))
    prev_year = comp.value(comp.actual, kpi_id, scope, month_add(m, -12))
    variance = None if actual is None or budget is None else actual - budget
    threshold = threshold_for(kpi_id) if threshold_for else None
    return {
        "id": kpi_id, "scope": scope, "actual": actual, "budget": budget, "variance": variance,
        "variance_pct": None if variance is None or not budget else variance / abs(budget) * 100.0,
        "prev_month": prev_month, "mom_pct": pct_change(actual, prev_month),
        "prev_year": prev_year, "yoy_pct": pct_change(actual, prev_year),
        "ytd": comp.value(comp.ytd, kpi_id, scope, m),
        "ytd_budget": comp.value(comp.ytd_budget, kpi_id, scope, m),
        "status": status_for(kpi_id, actual, budget, threshold),
    }
