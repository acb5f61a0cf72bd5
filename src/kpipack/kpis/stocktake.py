"""Stock-take reconciliation for the accountant closing a count.

Built on the engine's count lines (`parts.stocktake_lines`: book qty and unit
cost already filled from the inventory snapshot), so every figure here ties
to the `shrink_value` KPI: Σ line differences = store total = pack total.

On top of book vs count it adds what the count lines alone cannot show: the
category and selling-price views, the tolerance check, the book lines nobody
counted, the roll-forward that splits the loss into known (reason-coded
adjustments) and unknown, and the adjusting journal.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..domain import Settings, month_add
from ..errors import Issue, KpipackError
from ..ingest import Dataset
from ..ingest.headers import normalise
from ..messages import text
from . import parts as P
from .engine import TOTAL, Computation, _apply_stores, scope_of
from .supply import removed_qty

DEFAULT_TOLERANCE_PCT = 1.0  # the aim for retail shrinkage; 1–3 % is the usual range
TOP_LOSSES = 20
REASONS = ("damage", "expiry", "theft", "sample", "transfer", "other")
_REASON_WORDS = {
    "damage": ("damage", "damaged", "breakage", "broken", "破損", "破損品", "汚損", "破損・汚損"),
    "expiry": ("expiry", "expired", "expiration", "waste", "spoilage", "期限切れ", "賞味期限切れ", "消費期限切れ",
               "廃棄", "期限切れ廃棄"),
    "theft": ("theft", "stolen", "shoplifting", "盗難", "万引き"),
    "sample": ("sample", "samples", "tester", "testers", "サンプル", "試供", "試供品", "見本"),
    "transfer": ("transfer", "transfer out", "transfer in", "transfers", "移動", "店間移動", "移動出庫", "移動入庫"),
}
_REASON_LOOKUP = {normalise(w): code for code, words in _REASON_WORDS.items() for w in words}
UNCATEGORISED = ""


def reason_code(value: object) -> str | None:
    """The canonical reason of an adjustment ('damage', …), None when unknown."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return _REASON_LOOKUP.get(normalise(value))


# ---------------------------------------------------------------- tolerances
def default_tolerance(industry: str) -> float:
    """Shrinkage % a category may reach: the industry benchmark where the KPI
    catalogue has one, else the 1 % aim for retail."""
    try:
        from .catalogue import benchmark  # noqa: PLC0415 - optional module
    except ImportError:
        return DEFAULT_TOLERANCE_PCT
    try:
        found = benchmark("shrinkage_pct", industry)
    except Exception:  # noqa: BLE001 - a catalogue without this KPI leaves the default
        return DEFAULT_TOLERANCE_PCT
    value = _benchmark_number(found)
    return DEFAULT_TOLERANCE_PCT if value is None else value


def _benchmark_number(found) -> float | None:
    if isinstance(found, (int, float)) and not isinstance(found, bool) and np.isfinite(found):
        return float(found)
    for key in ("good", "target", "aim", "threshold", "value"):
        value = found.get(key) if isinstance(found, dict) else getattr(found, key, None)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and np.isfinite(value):
            return float(value)
    return None


def tolerance_for(category: str, tolerances: dict[str, float], default: float) -> float:
    if category in tolerances:
        return tolerances[category]
    by_norm = {normalise(k): v for k, v in tolerances.items() if k != "*"}
    return by_norm.get(normalise(category), tolerances.get("*", default))


# ---------------------------------------------------------------- results
@dataclass
class RollForward:
    """Opening + receipts − cost of sales − known adjustments = expected closing."""

    store: str
    notes: list[str] = field(default_factory=list)  # message codes: why it is not possible
    note_params: list[dict] = field(default_factory=list)
    opening_source: str = ""  # 'count' (previous stock-take) or 'inventory' (book snapshot)
    opening_date: pd.Timestamp | None = None
    closing_date: pd.Timestamp | None = None
    opening_value: float | None = None
    receipts_value: float | None = None
    receipts_lines: int = 0
    cogs: float | None = None
    known_by_reason: dict[str, float] = field(default_factory=dict)
    counted_value: float | None = None
    book_value: float | None = None

    @property
    def possible(self) -> bool:
        return not self.notes

    @property
    def known_loss(self) -> float | None:
        return float(sum(self.known_by_reason.values())) if self.possible else None

    @property
    def expected_closing(self) -> float | None:
        if not self.possible:
            return None
        return self.opening_value + self.receipts_value - self.cogs - self.known_loss

    @property
    def unknown_loss(self) -> float | None:
        return None if not self.possible else self.expected_closing - self.counted_value

    @property
    def book_difference(self) -> float | None:
        """Roll-forward stock before adjustments − book stock: 0 when the book
        moved exactly as the inputs say."""
        if not self.possible or self.book_value is None:
            return None
        return self.opening_value + self.receipts_value - self.cogs - self.book_value

    def note_texts(self, lang: str) -> list[str]:
        return [text(code, lang, **params) for code, params in zip(self.notes, self.note_params)]


@dataclass
class Reconciliation:
    period: str
    store_names: dict[str, str]
    lines: pd.DataFrame  # one row per count line of the period, enriched
    stores: pd.DataFrame  # one row per store counted in the period
    total: dict  # the stores added up (ratios recomputed)
    categories: pd.DataFrame  # store × category (store '' = all stores)
    not_counted: pd.DataFrame  # book lines with stock but no count
    rollforward: dict[str, RollForward]
    journal: list[dict]
    default_tolerance: float
    count_months: list[str]  # every month with a count in the data
    has_receipts: bool = False
    has_adjustments: bool = False
    warnings: list[Issue] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.lines.empty

    @property
    def top_losses(self) -> pd.DataFrame:
        losses = self.lines[self.lines["shrink"] > 0]
        return losses.sort_values(["shrink", "store", "sku"], ascending=[False, True, True]).head(TOP_LOSSES)

    @property
    def gains(self) -> pd.DataFrame:
        gains = self.lines[self.lines["diff_qty"] < 0]
        return gains.sort_values(["shrink", "store", "sku"], ascending=[True, True, True])

    @property
    def not_on_books(self) -> pd.DataFrame:
        return self.lines[self.lines["not_on_books"]]

    @property
    def breaches(self) -> pd.DataFrame:
        return self.categories[self.categories["breach"] == True]  # noqa: E712 - null means unknown

    def total_rollforward(self) -> RollForward | None:
        """The stores' roll-forwards added up, when every counted store has one."""
        forwards = [self.rollforward[s] for s in self.stores["store"]]
        if not forwards or not all(f.possible for f in forwards):
            return None
        out = RollForward(TOTAL, opening_source="stores")
        for fld in ("opening_value", "receipts_value", "cogs", "counted_value"):
            setattr(out, fld, float(sum(getattr(f, fld) for f in forwards)))
        books = [f.book_value for f in forwards]
        out.book_value = None if any(b is None for b in books) else float(sum(books))
        out.receipts_lines = sum(f.receipts_lines for f in forwards)
        for f in forwards:
            for reason, value in f.known_by_reason.items():
                out.known_by_reason[reason] = out.known_by_reason.get(reason, 0.0) + value
        return out


# ---------------------------------------------------------------- build
def reconcile(comp: Computation, dataset: Dataset, settings: Settings,
              tolerances: dict[str, float] | None = None) -> Reconciliation:
    """The reconciliation of the stock-takes in the chosen period. Its notes on
    input rows (unknown adjustment reasons) join the computation's warnings."""
    period = comp.period
    translate = comp.store_codes
    tables = {}
    for role in ("inventory", "receipts", "adjustments"):
        table = dataset.table(role)
        if table is not None and not table.empty:
            table = _apply_stores(table, translate)
            if "store" not in table:
                table = table.assign(store="MAIN")
            tables[role] = table
    inventory = tables.get("inventory")
    counts = comp.counts if comp.counts is not None else pd.DataFrame(columns=["month"])
    count_months = sorted(counts["month"].dropna().unique()) if len(counts) else []
    lines = counts[counts["month"] == period].copy() if len(counts) else counts.copy()
    tolerances = dict(tolerances or {})
    default = tolerances.get("*", default_tolerance(settings.industry))
    warnings: list[Issue] = []
    names = {s: comp.store_names.get(s, s) for s in (lines["store"].unique() if len(lines) else [])}
    if lines.empty:
        return Reconciliation(period, names, lines, pd.DataFrame(), {}, pd.DataFrame(), pd.DataFrame(), {}, [],
                              default, count_months, "receipts" in tables, "adjustments" in tables, warnings)
    lines = _enrich(lines, inventory, comp.lines)
    shrink = comp.shrink
    stores = _store_rows(lines, shrink, period)
    total = _total_row(stores, comp, period)
    categories = _category_rows(lines, stores, comp.lines, tolerances, default)
    not_counted = _not_counted(lines, inventory)
    stores["not_counted_lines"] = stores["store"].map(not_counted.groupby("store").size()).fillna(0).astype(int) \
        if not not_counted.empty else 0
    total["not_counted_lines"] = int(len(not_counted))
    adjustments = _prepare_adjustments(tables.get("adjustments"), inventory, warnings)
    receipts = _prepare_receipts(tables.get("receipts"), inventory, warnings)
    warnings.extend(_no_cost_warnings(lines, "warn_count_no_cost", period))
    forwards = {store: _roll_forward(store, stores.set_index("store").loc[store], comp, counts, adjustments,
                                     receipts, period)
                for store in stores["store"]}
    journal = _journal(stores, comp.store_names)
    comp.warnings.extend(warnings)
    return Reconciliation(period, names, lines, stores, total, categories, not_counted, forwards, journal, default,
                          count_months, receipts is not None, adjustments is not None, warnings)


def _enrich(lines: pd.DataFrame, inventory: pd.DataFrame | None, sales: pd.DataFrame) -> pd.DataFrame:
    """Category, product and selling price for each count line (count row, else
    the inventory row of the same store and SKU nearest in date, else sales),
    and the values at cost and at selling price."""
    lines = lines.reset_index(drop=True)
    sources = [inventory, _sales_attributes(sales)]
    for col in ("category", "product", "location", "unit", "unit_price"):
        if col not in lines:
            lines[col] = pd.Series(None, index=lines.index, dtype=object)
        lines[col] = lines[col].astype(object)
        for source in sources if col in ("category", "product", "unit_price") else sources[:1]:
            missing = lines[col].isna()
            if missing.any() and source is not None and col in source:
                lines[col] = lines[col].fillna(_nearest(lines[missing], source, col))
    lines["category"] = lines["category"].fillna(UNCATEGORISED).astype(str)
    lines["unit_price"] = pd.to_numeric(lines["unit_price"], errors="coerce").astype(float)
    lines["book_value"] = lines["book_qty"] * lines["unit_cost"]
    lines["counted_value"] = lines["counted_qty"] * lines["unit_cost"]
    lines["book_retail"] = lines["book_qty"] * lines["unit_price"]
    lines["counted_retail"] = lines["counted_qty"] * lines["unit_price"]
    lines["shrink_retail"] = lines["diff_qty"] * lines["unit_price"]
    lines["kind"] = np.select([lines["diff_qty"] > 0, lines["diff_qty"] < 0], ["loss", "gain"], "match")
    rank = {store: n for n, store in enumerate(sorted(lines["store"].unique(), key=_natural_key))}
    order = pd.DataFrame({"store": lines["store"].map(rank), "date": lines["date"], "category": lines["category"],
                          "sku": lines["sku"].astype(str)}).sort_values(["store", "date", "category", "sku"],
                                                                         kind="stable").index
    return lines.loc[order].reset_index(drop=True)


def _natural_key(text: object):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", str(text))]


def _sales_attributes(sales: pd.DataFrame) -> pd.DataFrame:
    """Sales lines as (date, store, sku, category, product, unit_price) for look-ups."""
    cols = [c for c in ("date", "store", "sku", "category", "product") if c in sales]
    frame = sales[cols].copy()
    if "unit_price" in sales:
        frame["unit_price"] = sales["unit_price"]
    elif "qty" in sales:
        qty = sales["qty"].where(sales["qty"] > 0)
        frame["unit_price"] = (sales["net_sales"] / qty).where(sales["net_sales"] > 0)
    return frame


def _nearest(want: pd.DataFrame, table: pd.DataFrame, col: str) -> pd.Series:
    """`col` of the table row of the same store and SKU nearest in date, else of
    the same SKU in any store; NaN where the SKU is not in the table."""
    out = pd.Series(np.nan, index=want.index, dtype=object)
    if col not in table or "sku" not in table or "sku" not in want:
        return out
    src = table.dropna(subset=["date", "sku", col])[["date", "store", "sku", col]]
    w = want[["date", "store", "sku"]].dropna(subset=["date", "sku"]).copy()
    if src.empty or w.empty:
        return out
    src = src.assign(date=src["date"].astype("datetime64[ns]"), sku=src["sku"].astype(str),
                     store=src["store"].astype(str)).sort_values("date")
    w = w.assign(date=w["date"].astype("datetime64[ns]"), sku=w["sku"].astype(str), store=w["store"].astype(str),
                 _i=w.index).sort_values("date")
    same = pd.merge_asof(w, src, on="date", by=["store", "sku"], direction="nearest")
    out.loc[same["_i"].to_numpy()] = same[col].to_numpy()
    rest = w[w["_i"].isin(out.index[out.isna()])]
    if not rest.empty:
        anywhere = pd.merge_asof(rest.drop(columns="store"), src.drop(columns="store"), on="date", by="sku",
                                 direction="nearest")
        fill = pd.Series(anywhere[col].to_numpy(), index=anywhere["_i"].to_numpy())
        out.loc[fill.index] = out.loc[fill.index].where(out.loc[fill.index].notna(), fill)
    return out


def _sum_or_null(values: pd.Series) -> float | None:
    """A sum that is null when one of its values is (a line without unit cost)."""
    if values.isna().any() or values.empty:
        return None if values.isna().any() else 0.0
    return float(values.sum())


def _store_rows(lines: pd.DataFrame, shrink: pd.DataFrame, period: str) -> pd.DataFrame:
    rows = []
    for store, group in lines.groupby("store", sort=False):
        part = shrink.loc[(store, period)]
        shrink_value = part["shrink_value"]
        loss = group.loc[group["kind"] == "loss", "shrink"]
        gain = group.loc[group["kind"] == "gain", "shrink"]
        priced = group["unit_price"].notna()
        rows.append({
            "store": store,
            "count_dates": sorted(group["date"].dt.normalize().unique()),
            "lines": len(group),
            "skus": group["sku"].nunique(),
            "book_qty": _sum_or_null(group["book_qty"]),
            "counted_qty": float(group["counted_qty"].sum()),
            "book_value": _sum_or_null(group["book_value"]),
            "counted_value": _sum_or_null(group["counted_value"]),
            "shrink_value": None if pd.isna(shrink_value) else float(shrink_value),
            "loss_value": _sum_or_null(loss),
            "gain_value": None if gain.isna().any() else float(-gain.sum()),
            "loss_lines": int((group["kind"] == "loss").sum()),
            "gain_lines": int((group["kind"] == "gain").sum()),
            "not_on_books_lines": int(group["not_on_books"].sum()),
            "book_from_inventory_lines": int((group["book_from"] == "inventory").sum()),
            "no_cost_lines": int(group["unit_cost"].isna().sum()),
            "count_period_first": part["period_first"],
            "count_period_last": part["period_last"],
            "count_period_sales": None if pd.isna(part["count_period_sales"]) else float(part["count_period_sales"]),
            "priced_lines": int(priced.sum()),
            "book_retail": _sum_or_null(group.loc[priced, "book_retail"]),
            "counted_retail": float(group.loc[priced, "counted_retail"].sum()),
            "shrink_retail": _sum_or_null(group.loc[priced, "shrink_retail"]),
        })
    out = pd.DataFrame(rows)
    out["shrinkage_pct"] = [_pct(s, d) for s, d in zip(out["shrink_value"], out["count_period_sales"])]
    return out


def _pct(num, den) -> float | None:
    if num is None or den is None or pd.isna(num) or pd.isna(den) or den == 0:
        return None
    return float(num) / float(den) * 100.0


def _total_row(stores: pd.DataFrame, comp: Computation, period: str) -> dict:
    """The stores added up; shrink value and % are the engine's total KPI."""
    def add(col):
        values = stores[col]
        return None if values.isna().any() else float(values.sum())

    total = {"store": TOTAL, "lines": int(stores["lines"].sum()), "skus": None,
             "count_dates": sorted({d for ds in stores["count_dates"] for d in ds})}
    for col in ("book_qty", "counted_qty", "book_value", "counted_value", "loss_value", "gain_value",
                "book_retail", "counted_retail", "shrink_retail"):
        total[col] = add(col)
    total["count_period_sales"] = comp.value(comp.parts, "count_period_sales", TOTAL, period)
    for col in ("loss_lines", "gain_lines", "not_on_books_lines", "book_from_inventory_lines", "no_cost_lines",
                "priced_lines"):
        total[col] = int(stores[col].sum())
    total["shrink_value"] = comp.value(comp.actual, "shrink_value", TOTAL, period)
    total["shrinkage_pct"] = comp.value(comp.actual, "shrinkage_pct", TOTAL, period)
    total["count_period_first"] = min(stores["count_period_first"])
    total["count_period_last"] = max(stores["count_period_last"])
    return total


def _category_rows(lines, stores, sales, tolerances, default) -> pd.DataFrame:
    """Store × category and all-stores × category, with the shrinkage % of the
    category's count-period sales and the tolerance check."""
    cat_sales = _category_sales(sales, lines, stores)
    rows = []
    for (store, category), group in lines.groupby(["store", "category"], sort=False):
        rows.append(_category_row(store, category, group, cat_sales.get((store, category))))
    for category, group in lines.groupby("category", sort=True):
        sold = [cat_sales.get((s, category)) for s in group["store"].unique()]
        known = [v for v in sold if v is not None]
        rows.append(_category_row(TOTAL, category, group, float(sum(known)) if known else None))
    out = pd.DataFrame(rows)
    out["tolerance_pct"] = [tolerance_for(c, tolerances, default) for c in out["category"]]
    out["breach"] = [None if p is None or pd.isna(p) else bool(p > t)
                     for p, t in zip(out["shrinkage_pct"], out["tolerance_pct"])]
    return out


def _category_row(store, category, group, sales) -> dict:
    shrink = _sum_or_null(group["shrink"])
    return {"store": store, "category": category, "lines": len(group),
            "book_value": _sum_or_null(group["book_value"]), "counted_value": _sum_or_null(group["counted_value"]),
            "shrink_value": shrink, "loss_lines": int((group["kind"] == "loss").sum()),
            "gain_lines": int((group["kind"] == "gain").sum()), "count_period_sales": sales,
            "shrinkage_pct": _pct(shrink, sales)}


def _category_sales(sales: pd.DataFrame, lines: pd.DataFrame, stores: pd.DataFrame) -> dict:
    """Net sales per (store, category) over each store's count period; a sales
    line without a category takes its SKU's category from the count lines."""
    if "category" in sales:
        category = sales["category"]
    else:
        category = pd.Series(None, index=sales.index, dtype=object)
    if "sku" in sales:
        by_sku = lines.drop_duplicates("sku", keep="last").set_index("sku")["category"]
        category = category.fillna(sales["sku"].map(by_sku))
    frame = pd.DataFrame({"store": sales["store"], "month": sales["month"], "category": category,
                          "net_sales": sales["net_sales"]}).dropna(subset=["category"])
    out = {}
    for _, row in stores.iterrows():
        window = frame[(frame["store"] == row["store"]) & (frame["month"] >= row["count_period_first"])
                       & (frame["month"] <= row["count_period_last"])]
        for category, value in window.groupby("category")["net_sales"].sum().items():
            out[(row["store"], str(category))] = float(value)
    return out


def _not_counted(lines: pd.DataFrame, inventory: pd.DataFrame | None) -> pd.DataFrame:
    """Book lines with stock (≠ 0) in the snapshot the counts were compared with
    (same store and calendar month, nearest the last count date) that have no count."""
    cols = ["store", "date", "sku", "category", "product", "on_hand", "unit_cost", "book_value", "_file", "_sheet",
            "_row"]
    if inventory is None or "on_hand" not in inventory:
        return pd.DataFrame(columns=cols)
    inv = inventory.assign(month=P.months_of(inventory["date"]))
    found = []
    for store, group in lines.groupby("store", sort=False):
        last = group["date"].max()
        month = last.strftime("%Y-%m")
        rows = inv[(inv["store"] == store) & (inv["month"] == month)]
        if rows.empty:
            continue
        gap = (rows["date"] - last).abs()
        snapshot = rows[rows["date"] == rows.loc[gap.idxmin(), "date"]]
        counted = set(group["sku"].astype(str))
        missing = snapshot[~snapshot["sku"].astype(str).isin(counted) & (snapshot["on_hand"].fillna(0) != 0)]
        found.append(missing)
    if not found:
        return pd.DataFrame(columns=cols)
    out = pd.concat(found, ignore_index=True)
    for col in cols:
        if col not in out:
            out[col] = np.nan
    out["book_value"] = out["on_hand"] * out["unit_cost"]
    return out[cols]


# ---------------------------------------------------------------- roll-forward
def _prepare_adjustments(table: pd.DataFrame | None, inventory, warnings: list[Issue]) -> pd.DataFrame | None:
    """Adjustment rows with their reason code and the stock they removed, at cost.

    Quantities are what left the stock (a negative one put stock back, e.g. a
    transfer in); a sheet whose quantities are all negative lists stock
    changes, so its signs are turned round."""
    if table is None:
        return None
    adj = table.copy()
    adj["removed"] = removed_qty(adj)
    raw = adj["reason"] if "reason" in adj else pd.Series(None, index=adj.index, dtype=object)
    adj["reason_code"] = raw.map(reason_code)
    for idx in adj.index[adj["reason_code"].isna()][:1000]:
        warnings.append(Issue(str(adj.at[idx, "_file"]), str(adj.at[idx, "_sheet"]), int(adj.at[idx, "_row"]),
                              "warn_reason_unknown", {"value": "" if pd.isna(raw[idx]) else str(raw[idx])}))
    adj["reason_code"] = adj["reason_code"].fillna("other")
    adj["value"] = _movement_value(adj, "removed", inventory)
    warnings.extend(_no_cost_warnings(adj, "warn_movement_no_cost", column="value"))
    return adj


def _prepare_receipts(table: pd.DataFrame | None, inventory, warnings: list[Issue]) -> pd.DataFrame | None:
    if table is None:
        return None
    rec = table.copy()
    rec["value"] = _movement_value(rec, "received_qty", inventory)
    warnings.extend(_no_cost_warnings(rec, "warn_movement_no_cost", column="value"))
    return rec


def _no_cost_warnings(frame: pd.DataFrame, code: str, month: str = "", column: str = "unit_cost") -> list[Issue]:
    """One note per input row left without a cost (at most 1 000)."""
    missing = frame[frame[column].isna()].head(1000)
    return [Issue(str(row["_file"]), str(row["_sheet"]), int(row["_row"]), code,
                  {"store": str(row["store"]), "sku": str(row["sku"]), "month": month})
            for _, row in missing.iterrows()]


def _movement_value(frame: pd.DataFrame, qty_col: str, inventory) -> pd.Series:
    """At cost: the row's cost amount (signed like its quantity), else qty × its
    unit cost, else qty × the SKU's unit cost from the nearest book snapshot."""
    qty = frame[qty_col]
    value = pd.Series(np.nan, index=frame.index)
    if "cost" in frame:
        value = frame["cost"].abs() * np.sign(qty)
    if "unit_cost" in frame:
        value = value.fillna(qty * frame["unit_cost"])
    if value.isna().any() and inventory is not None and "unit_cost" in inventory:
        unit = pd.to_numeric(_nearest(frame[value.isna()], inventory, "unit_cost"), errors="coerce")
        value = value.fillna(qty * unit)
    return value


def _roll_forward(store, row, comp: Computation, counts, adjustments, receipts, period) -> RollForward:
    out = RollForward(store)
    out.closing_date = max(row["count_dates"])
    out.counted_value = row["counted_value"]
    out.book_value = row["book_value"]

    def cannot(code, **params):
        out.notes.append(code)
        out.note_params.append({"store": store, **params})

    if receipts is None:
        cannot("rf_no_receipts")
        return out
    # opening stock: the previous count where there is one (the book was set to
    # it), else the book snapshot at the close of the month before the period
    first = row["count_period_first"]
    before = month_add(first, -1)
    previous = counts[(counts["store"] == store) & (counts["month"] == before)]
    if not previous.empty:
        value = previous["counted_qty"] * previous["unit_cost"]
        out.opening_source, out.opening_date = "count", previous["date"].max().normalize()
        out.opening_value = None if value.isna().any() else float(value.sum())
    elif comp.closing is not None:
        closing = comp.closing[(comp.closing["store"] == store) & (comp.closing["close"] == before)]
        if not closing.empty:
            value = closing["on_hand"] * closing.get("unit_cost", np.nan)
            out.opening_source, out.opening_date = "inventory", closing["date"].max().normalize()
            out.opening_value = None if value.isna().any() else float(value.sum())
    if out.opening_date is None:
        cannot("rf_no_opening", month=before)
        return out
    if out.opening_value is None:
        cannot("rf_opening_no_cost", date=out.opening_date.strftime("%Y-%m-%d"))
    start, end = out.opening_date, out.closing_date

    def window(frame):
        day = frame["date"].dt.normalize()
        return frame[(frame["store"] == store) & (day > start) & (day <= end)]

    if receipts["date"].min().normalize() > start + pd.Timedelta(days=31):
        cannot("rf_receipts_late", first=receipts["date"].min().strftime("%Y-%m-%d"),
               date=start.strftime("%Y-%m-%d"))
    rec = window(receipts)
    if rec.empty:
        cannot("rf_no_receipts_store", first=(start + pd.Timedelta(days=1)).strftime("%Y-%m-%d"),
               last=end.strftime("%Y-%m-%d"))
    elif rec["value"].isna().any():
        cannot("rf_receipts_no_cost", rows=int(rec["value"].isna().sum()))
    else:
        out.receipts_value, out.receipts_lines = float(rec["value"].sum()), len(rec)
    sold = window(comp.lines)
    if sold["cost"].isna().any():
        cannot("rf_cogs_missing", rows=int(sold["cost"].isna().sum()))
    else:
        out.cogs = float(sold["cost"].sum())
    if adjustments is not None:
        adj = window(adjustments)
        if adj["value"].isna().any():
            cannot("rf_adjustments_no_cost", rows=int(adj["value"].isna().sum()))
        else:
            out.known_by_reason = {r: float(v) for r, v in adj.groupby("reason_code")["value"].sum().items()}
    if out.counted_value is None:
        cannot("rf_counts_no_cost")
    return out


# ---------------------------------------------------------------- journal
def _journal(stores: pd.DataFrame, names: dict[str, str]) -> list[dict]:
    """One adjusting entry per store: Dr shrinkage expense / Cr inventory for a
    net loss, the other way round for a net gain; none without a value."""
    entries = []
    for _, row in stores.iterrows():
        amount = row["shrink_value"]
        if amount is None or pd.isna(amount) or amount == 0:
            continue
        debit, credit = ("shrinkage", "inventory") if amount > 0 else ("inventory", "shrinkage")
        entries.append({"date": max(row["count_dates"]), "store": row["store"],
                        "store_name": names.get(row["store"], row["store"]), "debit": debit, "credit": credit,
                        "amount": float(abs(amount)), "shrink_value": float(amount)})
    return entries


# ---------------------------------------------------------------- JSON
def _clean(value):
    if value is None:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if not np.isfinite(value) else float(value)
    return value


def results_entries(rec: Reconciliation, lang: str = "en") -> list[dict]:
    """The `stocktake` list of the results JSON: total, then each store counted."""
    if rec.empty:
        return []
    rows = [(TOTAL, rec.total, rec.total_rollforward(), [])]
    for _, row in rec.stores.iterrows():
        forward = rec.rollforward[row["store"]]
        rows.append((scope_of(row["store"]), row.to_dict(), forward, forward.note_texts(lang)))
    if rows[0][2] is None:
        rows[0] = (TOTAL, rec.total, None, list(dict.fromkeys(n for r in rows[1:] for n in r[3])))
    out = []
    for scope, row, forward, notes in rows:
        possible = forward is not None and forward.possible
        entry = {
            "scope": scope,
            "count_dates": [pd.Timestamp(d).strftime("%Y-%m-%d") for d in row["count_dates"]],
            "lines": int(row["lines"]),
            "book_value": _clean(row["book_value"]),
            "counted_value": _clean(row["counted_value"]),
            "shrink_value": _clean(row["shrink_value"]),
            "loss_value": _clean(row["loss_value"]),
            "gain_value": _clean(row["gain_value"]),
            "loss_lines": int(row["loss_lines"]),
            "gain_lines": int(row["gain_lines"]),
            "not_on_books_lines": int(row["not_on_books_lines"]),
            "not_counted_lines": int(row["not_counted_lines"]),
            "count_period": {"first": row["count_period_first"], "last": row["count_period_last"]},
            "count_period_sales": _clean(row["count_period_sales"]),
            "shrinkage_pct": _clean(row["shrinkage_pct"]),
            "known_loss": _clean(forward.known_loss) if possible else None,
            "known_loss_by_reason": {r: _clean(v) for r, v in sorted(forward.known_by_reason.items())}
            if possible else None,
            "unknown_loss": _clean(forward.unknown_loss) if possible else None,
            "rollforward_notes": notes,
        }
        out.append(entry)
    return out


# ---------------------------------------------------------------- count sheets
@dataclass
class BookStock:
    """One store's book stock to print on a count sheet."""

    store: str
    store_name: str
    count_date: pd.Timestamp
    snapshot_date: pd.Timestamp
    lines: pd.DataFrame  # sku, product, category, location, unit, on_hand, unit_cost

    @property
    def has_names(self) -> bool:
        return bool(self.lines["product"].notna().any())

    @property
    def other_month(self) -> bool:
        """The book stock is of another calendar month than the count: on import the
        book quantities will come from the snapshot of the count's month instead."""
        return self.snapshot_date.strftime("%Y-%m") != self.count_date.strftime("%Y-%m")


def book_for_count(dataset: Dataset, store: str, count_date: pd.Timestamp) -> BookStock:
    """Every SKU of the store's latest book stock on or before the count date,
    with names and categories from the inventory, else the counts or sales, in
    walking order (location, category, SKU)."""
    inventory = dataset.table("inventory")
    if inventory is None or inventory.empty:
        raise KpipackError("count_no_inventory")
    masters = dataset.table("stores")
    code = _resolve_store(store, inventory, masters)
    rows = inventory[inventory["store"] == code]
    day = pd.Timestamp(count_date).normalize()
    before = rows[rows["date"].dt.normalize() <= day]
    if before.empty:
        raise KpipackError("count_no_snapshot", store=store, date=day.strftime("%Y-%m-%d"),
                           first=rows["date"].min().strftime("%Y-%m-%d"))
    snapshot = before["date"].max()
    lines = before[before["date"] == snapshot].copy()
    extra = [t for t in (dataset.table("stocktake"), dataset.table("sales")) if t is not None]
    for col in ("product", "category", "location", "unit", "unit_cost"):
        if col not in lines:
            lines[col] = pd.Series(None, index=lines.index, dtype=object)
        for table in extra:
            missing = lines[col].isna()
            if missing.any() and col in table and "sku" in table:
                latest = table.dropna(subset=["sku", col]).sort_values("date").drop_duplicates("sku", keep="last")
                lines.loc[missing, col] = lines.loc[missing, "sku"].map(latest.set_index("sku")[col])
    name = code
    if masters is not None and "store_name" in masters:
        found = masters.loc[masters["store"] == code, "store_name"].dropna()
        name = str(found.iloc[0]) if len(found) else code
    keys = list(zip(lines["location"].map(lambda v: _natural_key(_str(v))), lines["category"].map(_str),
                    lines["sku"].map(_str)))
    lines = lines.iloc[sorted(range(len(lines)), key=keys.__getitem__)]
    cols = ["sku", "product", "category", "location", "unit", "on_hand", "unit_cost", "_file", "_sheet", "_row"]
    return BookStock(code, name, day, snapshot, lines[[c for c in cols if c in lines]].reset_index(drop=True))


def _resolve_store(wanted: str, inventory: pd.DataFrame, masters: pd.DataFrame | None) -> str:
    """A store by its code (exact, then ignoring case) or by its master name."""
    codes = sorted(inventory["store"].dropna().astype(str).unique(), key=_natural_key)
    key = str(wanted).strip()
    for match in (lambda c: c == key, lambda c: c.casefold() == key.casefold()):
        hits = [c for c in codes if match(c)]
        if hits:
            return hits[0]
    if masters is not None and "store_name" in masters:
        for code, name in zip(masters["store"], masters["store_name"]):
            if isinstance(name, str) and name.strip().casefold() == key.casefold() and code in codes:
                return code
    raise KpipackError("count_store_unknown", store=key, stores=", ".join(codes))


def _str(value) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
