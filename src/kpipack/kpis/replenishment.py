"""Replenishment: the availability, fill-rate, sell-through and cover parts
of the KPIs, and the order list — one row per (store, SKU) with its safety
stock, reorder point, order-up-to level, recommended order and flags.

Definitions: replenishment contract sections 2–4; choices it leaves open:
docs/replenishment.md.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
import pandas as pd

from ..domain import Settings, month_add
from ..errors import Issue, KpipackError
from ..memory import release
from . import book_stock as B
from . import forecast as F
from . import supply as S
from .parts import DAY_NS

FLAGS = ("stockout_risk", "overstock", "dead_stock", "markdown_candidate")
PART_COLUMNS = ["osa_available_days", "osa_counted_days", "po_received", "po_ordered", "st_sold", "st_base",
                "cover_stock", "cover_sold_28d"]
RELEASE_PAIR_DAYS = 5_000_000  # daily series this long (a chain's year: 10M lines, 9.8M pair-days) give their memory back
DAILY_SNAPSHOT_DAYS = 20  # a month with snapshots on this many days counts as daily book stock


@dataclass
class Replenishment:
    """What the order list, its JSON and its sheets read."""

    as_of: str
    rows: pd.DataFrame  # one row per pair kept (contract section 3)
    accuracy: list[dict]
    method: str
    z: float
    review_days: float
    service_level_pct: float
    overstock_weeks: float
    markdown_share_pct: float
    has_master: bool
    warnings: list[Issue] = field(default_factory=list)


def as_of_day(settings: Settings, period: str, lines: pd.DataFrame) -> int:
    """The as-of day: --as-of, else the period's last day, or the last sales
    date if the data ends before it."""
    if settings.as_of:
        try:
            return int(np.datetime64(str(settings.as_of).strip(), "D").astype(np.int64))
        except ValueError:
            raise KpipackError("bad_date", value=str(settings.as_of)) from None
    last_day = int(np.datetime64(month_add(period, 1) + "-01", "D").astype(np.int64)) - 1
    latest = lines["date"].max()
    latest_day = int(latest.value // DAY_NS) if pd.notna(latest) else last_day
    return min(last_day, latest_day)


def z_value(service_level_pct: float) -> float:
    return NormalDist().inv_cdf(service_level_pct / 100.0)


def attach(parts_frame: pd.DataFrame, tables: dict, lines: pd.DataFrame, run, stores: list[str], months: list[str],
           period: str, settings: Settings, scope_of) -> tuple[pd.DataFrame, Replenishment | None]:
    """The four KPIs' parts joined to the engine's parts frame, and the order list.
    `run`: the line-level parts (lineparts.LineParts) the daily units come from."""
    if "qty" not in lines or "sku" not in lines:
        return parts_frame, None
    warnings: list[Issue] = []
    as_of = as_of_day(settings, period, lines)
    defaults = S.Defaults(settings.lead_time_days, 1.0, 0.0)
    tables = {role: _usable(table, role, warnings) for role, table in tables.items()}
    master = S.products(tables.get("products"), defaults, warnings)
    moves, orders = _movements(tables, S.daily_units(run), stores, warnings)
    seasonal = master[master["class"] == S.SEASONAL]["season_start"].dropna() if len(master) else None
    season_start = pd.Series(S.day_numbers(seasonal), index=seasonal.index) if seasonal is not None else None
    result = B.compute(moves, as_of, months, period, season_start)
    pair_days = len(moves.units.day) if moves.units is not None else 0
    moves.units = None  # a chain's daily series (millions of pair-days) are not held while the order list is made
    if pair_days >= RELEASE_PAIR_DAYS:
        # their pages go back to the system: the order list's arrays are mapped afresh, and the heap
        # kept for reuse would otherwise sit beside them (10M lines: 0.25 GB of the peak)
        release()

    # no pair with a day of sales (a SKU column left empty): no parts, still keyed by store and month
    no_parts = pd.DataFrame(columns=PART_COLUMNS[:2] + PART_COLUMNS[4:],
                            index=pd.MultiIndex.from_arrays([[], []], names=["store", "month"]))
    by_store = result.parts.copy() if len(result.parts) else no_parts
    fill = S.fill_parts(orders, months, B.month_as_of(months, as_of))
    if fill is not None:
        by_store = by_store.join(fill, how="outer") if len(by_store) else fill
    if len(by_store) and not _has_daily_movements(tables, moves):
        by_store["osa_available_days"] = by_store["osa_counted_days"] = np.nan
        warnings.append(Issue("", "", 0, "warn_osa_no_movements", {}))
    by_store = by_store.reindex(columns=PART_COLUMNS)
    by_store = by_store[by_store.index.get_level_values(0).isin(stores)]
    total = by_store.groupby(level=1).sum(min_count=1)
    scoped = pd.concat([total.set_axis(pd.MultiIndex.from_arrays([["total"] * len(total), total.index])),
                        by_store.set_axis(pd.MultiIndex.from_arrays(
                            [[scope_of(s) for s in by_store.index.get_level_values(0)],
                             by_store.index.get_level_values(1)]))])
    parts_frame = parts_frame.join(scoped.reindex(parts_frame.index))
    if not len(result.pairs):  # no SKU sold or stocked: nothing to order
        return parts_frame, None

    rows = order_rows(result, master, orders, as_of, settings, defaults, tables, lines, warnings)
    keep = rows.index.to_numpy()
    method = F.choose(result.backtest, keep) if len(keep) else F.names()[1]
    if len(rows):
        rows["forecast_28d"] = np.clip(result.backtest[f"final:{method}"][keep], 0.0, None)
    else:
        rows["forecast_28d"] = pd.Series(dtype=float)
    accuracy = F.accuracy(result.backtest, keep, method, rows["category"]) if len(keep) else []
    rep = Replenishment(B.day_text(as_of), rows.reset_index(drop=True), accuracy, method,
                        z_value(settings.service_level_pct), settings.review_days, settings.service_level_pct,
                        settings.overstock_weeks, settings.markdown_share_pct, len(master) > 0, warnings)
    return parts_frame, rep


NEEDED = {"products": ("sku",), "purchase_orders": ("sku", "ordered_qty"), "receipts": ("sku", "date", "received_qty")}


def _usable(table: pd.DataFrame | None, role: str, warnings: list[Issue]) -> pd.DataFrame | None:
    """A table whose role was forced by a mapping without the columns the
    order list needs is left out, and its sheets are named."""
    missing = [f for f in NEEDED.get(role, ()) if table is not None and f not in table]
    if not missing:
        return table
    for (file, sheet), _ in table.groupby(["_file", "_sheet"], sort=False) if "_file" in table else []:
        warnings.append(Issue(str(file), str(sheet), 0, "sheet_missing_field", {"field": missing[0]}))
    return None


def _movements(tables: dict, units: pd.DataFrame, stores: list[str], warnings: list[Issue]):
    receipts = tables.get("receipts")
    if receipts is not None and not receipts.empty:
        receipts = S.store_column(receipts, stores).dropna(subset=["sku", "date"])
        rc = pd.DataFrame({"store": receipts["store"], "sku": receipts["sku"], "day": S.day_numbers(receipts["date"]),
                           "qty": receipts["received_qty"].astype(float).fillna(0.0)})
    else:
        receipts, rc = None, pd.DataFrame(columns=["store", "sku", "day", "qty"])
    adjustments = tables.get("adjustments")
    if adjustments is not None and not adjustments.empty:
        adjustments = S.store_column(adjustments, stores).dropna(subset=["sku", "date"])
        adj = pd.DataFrame({"store": adjustments["store"], "sku": adjustments["sku"],
                            "day": S.day_numbers(adjustments["date"]), "change": -S.removed_qty(adjustments)})
    else:
        adj = pd.DataFrame(columns=["store", "sku", "day", "change"])
    inventory = tables.get("inventory")
    snaps, repeated = B.snapshots_frame(S.store_column(inventory, stores) if inventory is not None else None)
    for idx in repeated.index[:S.MAX_WARNINGS]:
        warnings.append(S._issue(repeated, idx, "warn_snapshot_repeated", sku=str(repeated.at[idx, "sku"]),
                                 date=str(repeated.at[idx, "date"].date())))
    orders = tables.get("purchase_orders")
    if orders is not None and not orders.empty:
        orders = S.order_lines(S.store_column(orders, stores), receipts)
    else:
        orders = None
    return B.Movements(units, rc, adj, snaps), orders


def _has_daily_movements(tables: dict, moves: B.Movements) -> bool:
    """OSA needs goods received or daily snapshots: without either the book
    stock only ever falls between month ends."""
    if len(moves.receipts):
        return True
    snaps = moves.snapshots
    if not len(snaps):
        return False
    month = (snaps["day"].to_numpy() // 1)
    frame = pd.DataFrame({"store": snaps["store"], "day": month,
                          "month": B.months_of(pd.Series((month * DAY_NS).astype("datetime64[ns]")))})
    per_month = frame.drop_duplicates(["store", "day"]).groupby(["store", "month"]).size()
    return bool((per_month >= DAILY_SNAPSHOT_DAYS).any())


def order_rows(result: B.StockResult, master: pd.DataFrame, orders, as_of: int, settings: Settings,
               defaults: S.Defaults, tables: dict, lines: pd.DataFrame, warnings: list[Issue]) -> pd.DataFrame:
    """The contract's per-pair figures for every pair kept (index: the pair's
    position in `result.pairs`, which the back-test arrays follow)."""
    pairs = result.pairs
    if not len(pairs):
        return pd.DataFrame(columns=["store", "sku", "category", "flags"])
    keep = (pairs["sale_days"] > 0) | (pairs["on_hand"].fillna(0.0) != 0)
    frame = pairs[keep].copy()
    info = master.reindex(frame["sku"])
    for col in info.columns:
        frame[col] = info[col].to_numpy()
    frame["in_master"] = frame["in_master"].astype("boolean").fillna(False).astype(bool)
    if len(master):
        missing = frame.loc[~frame["in_master"], "sku"].drop_duplicates()
        for sku in missing.head(S.MAX_WARNINGS):
            warnings.append(Issue("", "", 0, "warn_product_not_in_master", {"sku": str(sku)}))
    frame = S.with_defaults(frame, defaults)
    _fill_from_lines(frame, lines, tables, orders)
    _warn_thin_figures(frame, as_of, warnings)

    on_order = S.open_on_order(orders, as_of)
    frame["on_order"] = on_order.reindex(pd.MultiIndex.from_frame(frame[["store", "sku"]])).fillna(0.0).to_numpy()
    z, review = z_value(settings.service_level_pct), settings.review_days
    lead = frame["lead_time_days"]
    frame["safety_stock"] = z * frame["sd_daily"] * np.sqrt(lead)
    frame["reorder_point"] = frame["avg_daily"] * lead + frame["safety_stock"]
    frame["order_up_to"] = frame["avg_daily"] * (lead + review) + z * frame["sd_daily"] * np.sqrt(lead + review)
    stock = frame["on_hand"].fillna(0.0)
    position = stock + frame["on_order"]

    season_end = S.day_numbers(frame["season_end"])
    has_end = season_end != np.iinfo(np.int64).min
    seasonal_class = (frame["class"] == S.SEASONAL).to_numpy()
    in_season = seasonal_class & has_end & (season_end > as_of)
    ended = seasonal_class & has_end & (season_end <= as_of)
    staple = ~(in_season | ended)  # a seasonal SKU without a season end is ordered like a staple
    days_left = np.where(in_season, season_end - as_of, np.where(ended, 0, np.nan)).astype(float)
    frame["days_left"] = days_left

    need_staple = frame["order_up_to"] - position
    need_season = frame["avg_daily"] * np.nan_to_num(days_left) - position
    triggered_staple = staple & (position <= frame["reorder_point"]).to_numpy()
    triggered_season = in_season & (np.nan_to_num(days_left) > lead.to_numpy())
    need = np.where(triggered_staple, need_staple, np.where(triggered_season, need_season, 0.0))
    frame["order_qty"] = round_order(need, frame["min_order_qty"].to_numpy(), frame["case_pack"].to_numpy())

    leftover = np.maximum(0.0, position - frame["avg_daily"] * np.nan_to_num(days_left))
    frame["projected_leftover"] = np.where(in_season | ended, leftover, np.nan)
    value = stock * frame["unit_cost"]
    frame["stock_value"] = value
    frame["leftover_value"] = frame["projected_leftover"] * frame["unit_cost"]
    share = settings.markdown_share_pct / 100.0
    markdown = (in_season | ended) & (value > 0).to_numpy() & \
        (frame["leftover_value"] >= share * value - 1e-9).fillna(False).to_numpy()

    with np.errstate(invalid="ignore", divide="ignore"):
        frame["weeks_of_cover"] = np.where(frame["sold_28d"] > 0, frame["on_hand"] / (frame["sold_28d"] / 4.0), np.nan)
        frame["sell_through_pct"] = np.where(frame["st_base"] > 0, frame["st_sold"] / frame["st_base"] * 100.0, np.nan)
        frame["season_sell_through_pct"] = np.where(seasonal_class & (frame["season_base"] > 0).to_numpy(),
                                                    frame["season_sold"] / frame["season_base"] * 100.0, np.nan)
    flags = {
        "stockout_risk": triggered_staple,
        "overstock": (frame["weeks_of_cover"] > settings.overstock_weeks).to_numpy(),
        "dead_stock": ((stock > 0) & (frame["sold_91d"] == 0)).to_numpy(),
        "markdown_candidate": markdown,
    }
    frame["staple_rule"] = staple
    # each pair's flags as one number (a bit per flag); the pairs of a combination share its list, read only
    bits = sum(np.asarray(flags[f], dtype=np.int64) << i for i, f in enumerate(FLAGS))
    lists = [[f for i, f in enumerate(FLAGS) if code >> i & 1] for code in range(1 << len(FLAGS))]
    frame["flags"] = [lists[code] for code in np.asarray(bits).tolist()]
    return frame.drop(columns=WORKED_FROM)


# the pair's figures the order list is worked out from, read by neither the results JSON nor the sheets nor the
# app: a chain's hundreds of thousands of pairs need not carry them
WORKED_FROM = ["history_days", "sale_days", "sold_91d", "sold_28d", "st_sold", "st_base", "season_sold",
               "season_base", "in_master"]


# a demand history shorter than four weeks has not seen every weekday more than a few times
SHORT_HISTORY_DAYS = 28


def _warn_thin_figures(frame: pd.DataFrame, as_of: int, warnings: list[Issue]) -> None:
    """Say where the order quantities rest on a guess: pairs without any stock
    figure (counted as 0 on hand) and pairs sold for only a few days."""
    day = B.day_text(as_of)
    unknown = int(frame["on_hand"].isna().sum())
    if unknown:
        warnings.append(Issue("", "", 0, "warn_on_hand_unknown", {"count": f"{unknown:,}", "as_of": day}))
    short = frame["history_days"] < SHORT_HISTORY_DAYS
    if short.any():
        warnings.append(Issue("", "", 0, "warn_short_history", {
            "count": f"{int(short.sum()):,}", "days": SHORT_HISTORY_DAYS, "as_of": day,
            "shortest": int(frame.loc[short, "history_days"].min())}))


def round_order(need: np.ndarray, min_order: np.ndarray, case_pack: np.ndarray) -> np.ndarray:
    """A positive need raised to the minimum order, then up to whole cases
    (to 6 decimals first, as the order workbook's CEILING(ROUND(…, 6), case))."""
    raised = np.round(np.maximum(need, min_order), 6)
    cases = np.ceil(raised / case_pack - 1e-12)
    return np.where(np.round(need, 6) > 0, cases * case_pack, 0.0)


def _fill_from_lines(frame: pd.DataFrame, lines: pd.DataFrame, tables: dict, orders) -> None:
    """Category, product name, unit cost and supplier where the master is silent:
    from the sales lines, the latest stock snapshot and the purchase orders."""
    # each line's SKU as a number: a chain's summary has millions of rows, and hashing or
    # copying their texts at each step took hundreds of megabytes
    code, skus = pd.factorize(lines["sku"])
    last = (code >= 0) & ~pd.Series(code).duplicated(keep="last").to_numpy()  # each SKU's last line
    by_sku = lines.loc[last, ["sku"] + [c for c in ("category", "product") if c in lines]].set_index("sku")
    for col in ("category", "product"):
        if col in by_sku:
            frame[col] = frame[col].where(frame[col].notna(), frame["sku"].map(by_sku[col]))
    inventory = tables.get("inventory")
    if inventory is not None and "unit_cost" in inventory:
        inv = inventory.dropna(subset=["unit_cost", "sku"]).sort_values("date")
        pair_cost = inv.drop_duplicates(["store", "sku"], keep="last").set_index(["store", "sku"])["unit_cost"] \
            if "store" in inv else pd.Series(dtype=float)
        sku_cost = inv.drop_duplicates("sku", keep="last").set_index("sku")["unit_cost"]
        pair_idx = pd.MultiIndex.from_frame(frame[["store", "sku"]])
        frame["unit_cost"] = frame["unit_cost"].astype(float).fillna(
            pd.Series(pair_cost.reindex(pair_idx).to_numpy(), index=frame.index)).fillna(frame["sku"].map(sku_cost))
    if "cost" in lines and "qty" in lines:
        cost, qty = (lines[c].to_numpy(dtype=float, na_value=np.nan) for c in ("cost", "qty"))
        sold = (qty > 0) & ~np.isnan(cost) & (code >= 0)
        by = code[sold]  # the sold lines' values without the lines' index: millions of rows not copied twice
        units = np.bincount(by, weights=qty[sold], minlength=len(skus))
        with np.errstate(invalid="ignore", divide="ignore"):
            per_unit = pd.Series(np.bincount(by, weights=cost[sold], minlength=len(skus)) / units, index=skus)
        per_unit = per_unit[np.bincount(by, minlength=len(skus)) > 0]  # a SKU never sold: no cost of its own
        frame["unit_cost"] = frame["unit_cost"].astype(float).fillna(frame["sku"].map(per_unit))
    if orders is not None and "supplier" in orders:
        last = orders.dropna(subset=["supplier"]).drop_duplicates("sku", keep="last").set_index("sku")["supplier"]
        frame["supplier"] = frame["supplier"].where(frame["supplier"].notna(), frame["sku"].map(last))
    receipts = tables.get("receipts")
    if receipts is not None and "supplier" in receipts:
        last = receipts.dropna(subset=["supplier"]).drop_duplicates("sku", keep="last").set_index("sku")["supplier"]
        frame["supplier"] = frame["supplier"].where(frame["supplier"].notna(), frame["sku"].map(last))


def json_rows(rep: Replenishment | None) -> dict:
    """The results JSON's as_of, replenishment and forecast_accuracy (contract section 7)."""
    if rep is None:
        return {"as_of": None, "replenishment": [], "forecast_accuracy": []}
    cols = ["store", "sku", "style", "class", "supplier", "on_hand", "on_order", "avg_daily", "sd_daily",
            "lead_time_days", "safety_stock", "reorder_point", "order_up_to", "order_qty", "forecast_28d",
            "weeks_of_cover", "sell_through_pct", "season_sell_through_pct", "projected_leftover"]
    from .results import JsonRows

    rows = JsonRows.of_frame(rep.rows, cols + ["category", "case_pack", "min_order_qty", "unit_cost", "days_left",
                                               "flags"], lists=("flags",))
    return {"as_of": rep.as_of, "replenishment": rows, "forecast_accuracy": [dict(a) for a in rep.accuracy]}


def _plain(value):
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value
