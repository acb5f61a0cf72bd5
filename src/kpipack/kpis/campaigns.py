"""Campaign effect (replenishment contract section 6): treated lines against
a control group, before and during each campaign.

A campaign runs over the days [s, e] (n days); its pre-window is the n days
before s. Treated lines are its stores × its SKUs or categories, all
channels. The control group is the other stores with the same products when
the campaign names stores, else the same stores' other products when it
names products, else there is none. For net sales, gross profit and units:

    uplift_pct  = ((treated_during / treated_pre) / (control_during / control_pre) − 1) × 100
    incremental = treated_during − treated_pre × control_during / control_pre

or, without a control group, the treated group against its own pre-window.
A figure whose base is 0 is null.

Rows that cannot be used (an end before the start, another campaign's
days, stores and products, a store or product not in the data, days outside
the sales data) are reported with their file, sheet and row; the other
campaigns are measured all the same.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import Issue

MEASURES = ("net_sales", "gross_profit", "units")
OTHER_STORES, OTHER_SKUS, NO_CONTROL = "other_stores", "other_skus", "none"
# a control group this small against the treated group's pre-window sales gives a shaky comparison
SMALL_CONTROL_SHARE = 0.2
SMALL_CONTROL_LINES = 30


@dataclass
class Campaign:
    name: str
    start: dt.date
    end: dt.date
    stores: tuple[str, ...] = ()  # empty: every store
    skus: tuple[str, ...] = ()  # empty together with categories: every product
    categories: tuple[str, ...] = ()
    source: tuple[str, str, int] = ("", "", 0)  # file, sheet and row of its first row

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def pre_start(self) -> dt.date:
        return self.start - dt.timedelta(days=self.days)

    @property
    def control(self) -> str:
        if self.stores:
            return OTHER_STORES
        return OTHER_SKUS if (self.skus or self.categories) else NO_CONTROL


@dataclass
class Effect:
    """One campaign's measured effect: per measure the four sums, uplift and
    incremental; the daily net sales of both groups over pre-window and campaign."""

    campaign: Campaign
    figures: dict[str, dict[str, float | None]]
    daily: pd.DataFrame  # index: days from pre_start to end; columns treated, control (net sales)
    control_stores: tuple[str, ...] = ()  # the stores of the control group (other_stores)
    control_lines: int = 0  # lines of the control group in pre-window and campaign
    caution: str | None = None  # "no_control" or "small_control"
    product_names: dict[str, str] = field(default_factory=dict)  # the named SKUs' product names, where known
    others_in_control: tuple[str, ...] = ()  # campaigns whose lines fall in this one's control group
    rows: list[dict] = field(default_factory=list)

    @property
    def control(self) -> str:
        return self.campaign.control


def uplift_and_incremental(treated_during, treated_pre, control_during=None, control_pre=None,
                           control: bool = True) -> tuple[float | None, float | None]:
    """Section 6's uplift % and incremental; None where a base is 0 or a sum is missing."""
    if _missing(treated_during) or _missing(treated_pre):
        return None, None
    if not control:
        uplift = (treated_during / treated_pre - 1.0) * 100.0 if treated_pre else None
        return uplift, treated_during - treated_pre
    if _missing(control_during) or _missing(control_pre) or not control_pre:
        return None, None
    ratio = control_during / control_pre
    uplift = ((treated_during / treated_pre) / ratio - 1.0) * 100.0 if treated_pre and ratio else None
    return uplift, treated_during - treated_pre * ratio


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


# ---------------------------------------------------------------- reading the campaigns table
def read_campaigns(table: pd.DataFrame | None, lines: pd.DataFrame, store_names: dict[str, str],
                   sku_categories: pd.Series | None = None, known_skus: set | None = None
                   ) -> tuple[list[Campaign], list[Issue]]:
    """The campaigns of the campaigns table, checked against the sales data;
    every row left out is reported."""
    if table is None or table.empty:
        return [], []
    issues: list[Issue] = []
    first_day, last_day = lines["date"].min().date(), lines["date"].max().date()
    by_name = {str(name).casefold(): code for code, name in store_names.items()}
    stores_known = set(store_names)
    skus_known = set(lines["sku"].dropna().astype(str)) if "sku" in lines else set()
    skus_known |= set(known_skus or ())
    categories_known = set(lines["category"].dropna().astype(str)) if "category" in lines else set()
    if sku_categories is not None:
        categories_known |= set(sku_categories.astype(str))

    def where(row) -> tuple[str, str, int]:
        return str(row.get("_file", "")), str(row.get("_sheet", "")), int(row.get("_row", 0) or 0)

    def report(row, code, **params):
        issues.append(Issue(*where(row), code, params))

    campaigns: dict[str, dict] = {}
    for _, row in table.iterrows():
        name = str(row["campaign"]).strip()
        start, end = pd.Timestamp(row["start"]).date(), pd.Timestamp(row["end"]).date()
        if end < start:
            report(row, "campaign_end_before_start", name=name, start=start.isoformat(), end=end.isoformat())
            continue
        entry = campaigns.setdefault(name, {"start": start, "end": end, "source": where(row), "stores": set(),
                                            "skus": set(), "categories": set(), "all_stores": False,
                                            "all_products": False, "rows": 0})
        if (start, end) != (entry["start"], entry["end"]):
            report(row, "campaign_dates_differ", name=name, start=start.isoformat(), end=end.isoformat(),
                   first=entry["source"][2])
            continue
        store = _text(row.get("store"))
        if store is not None:
            code = store if store in stores_known else by_name.get(store.casefold())
            if code is None:
                report(row, "campaign_unknown_store", name=name, value=store)
                continue
        sku, category = _text(row.get("sku")), _text(row.get("category"))
        if sku is not None and sku not in skus_known:
            report(row, "campaign_unknown_sku", name=name, value=sku)
            continue
        if sku is None and category is not None and category not in categories_known:
            report(row, "campaign_unknown_category", name=name, value=category)
            continue
        entry["rows"] += 1
        if store is None:
            entry["all_stores"] = True
        else:
            entry["stores"].add(code)
        if sku is not None:
            entry["skus"].add(sku)
        elif category is not None:
            entry["categories"].add(category)
        else:
            entry["all_products"] = True

    out: list[Campaign] = []
    for name, entry in campaigns.items():
        if not entry["rows"]:
            continue  # each of its rows is reported already
        all_products = entry["all_products"]
        campaign = Campaign(name, entry["start"], entry["end"],
                            () if entry["all_stores"] else tuple(sorted(entry["stores"])),
                            () if all_products else tuple(sorted(entry["skus"])),
                            () if all_products else tuple(sorted(entry["categories"])), entry["source"])
        if campaign.pre_start < first_day or campaign.end > last_day:
            issues.append(Issue(*campaign.source, "campaign_outside_data", {
                "name": name, "first": campaign.pre_start.isoformat(), "last": campaign.end.isoformat(),
                "data_first": first_day.isoformat(), "data_last": last_day.isoformat()}))
            continue
        out.append(campaign)
    return _without_overlaps(out, sku_categories, issues), issues


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    return str(value).strip() or None


def _without_overlaps(campaigns: list[Campaign], sku_categories: pd.Series | None,
                      issues: list[Issue]) -> list[Campaign]:
    """The campaigns in order of start; one sharing days, stores and products
    with an earlier one is reported and left out."""
    kept: list[Campaign] = []
    for campaign in sorted(campaigns, key=lambda c: (c.start, c.source[2])):
        clash = next((other for other in kept if _overlap(campaign, other, sku_categories)), None)
        if clash is not None:
            issues.append(Issue(*campaign.source, "campaign_overlap", {"name": campaign.name, "other": clash.name}))
            continue
        kept.append(campaign)
    return kept


def _overlap(a: Campaign, b: Campaign, sku_categories: pd.Series | None) -> bool:
    if a.end < b.start or b.end < a.start:
        return False
    if a.stores and b.stores and not set(a.stores) & set(b.stores):
        return False
    if not (a.skus or a.categories) or not (b.skus or b.categories):
        return True

    if set(a.skus) & set(b.skus) or set(a.categories) & set(b.categories):
        return True
    category_of = sku_categories if sku_categories is not None else pd.Series(dtype=object)
    return any(category_of.get(s) in b.categories for s in a.skus) or \
        any(category_of.get(s) in a.categories for s in b.skus)


# ---------------------------------------------------------------- measuring
def line_categories(lines: pd.DataFrame, sku_categories: pd.Series | None) -> pd.Series:
    """Each line's category: its own, else its SKU's."""
    own = lines["category"] if "category" in lines else pd.Series(None, index=lines.index, dtype=object)
    if sku_categories is not None and "sku" in lines and own.isna().any():
        own = own.where(own.notna(), lines["sku"].map(sku_categories))
    return own


def groups(campaign: Campaign, lines: pd.DataFrame, categories: pd.Series) -> tuple[pd.Series, pd.Series | None]:
    """The campaign's treated lines and its control lines (None without a control group), on every day."""
    in_stores = lines["store"].isin(campaign.stores) if campaign.stores else pd.Series(True, index=lines.index)
    if campaign.skus or campaign.categories:
        in_products = pd.Series(False, index=lines.index)
        if campaign.skus and "sku" in lines:
            in_products |= lines["sku"].isin(campaign.skus)
        if campaign.categories:
            in_products |= categories.isin(campaign.categories).fillna(False).astype(bool)
    else:
        in_products = pd.Series(True, index=lines.index)
    treated = in_stores & in_products
    control = {OTHER_STORES: ~in_stores & in_products, OTHER_SKUS: in_stores & ~in_products}.get(campaign.control)
    return treated, control


def measure(campaign: Campaign, lines: pd.DataFrame, categories: pd.Series) -> Effect:
    """The effect of one campaign on the sales lines."""
    day = lines["date"].dt.normalize()
    treated, control = groups(campaign, lines, categories)
    pre_start, start, end = (pd.Timestamp(d) for d in (campaign.pre_start, campaign.start, campaign.end))
    during = (day >= start) & (day <= end)
    pre = (day >= pre_start) & (day < start)

    values = {"net_sales": lines["net_sales"],
              "gross_profit": lines["net_sales"] - lines["cost"],
              "units": lines["qty"] if "qty" in lines else pd.Series(np.nan, index=lines.index)}

    def total(measure_name: str, mask: pd.Series) -> float:
        picked = values[measure_name][mask]
        return float(picked.sum()) if picked.notna().all() else np.nan  # one missing cost or quantity: unknown

    figures = {}
    for name in MEASURES:
        sums = {"treated_during": total(name, treated & during), "treated_pre": total(name, treated & pre)}
        if control is not None:
            sums["control_during"] = total(name, control & during)
            sums["control_pre"] = total(name, control & pre)
        else:
            sums["control_during"] = sums["control_pre"] = None
        uplift, incremental = uplift_and_incremental(sums["treated_during"], sums["treated_pre"],
                                                     sums["control_during"], sums["control_pre"],
                                                     control=control is not None)
        figures[name] = {k: (None if _missing(v) else v) for k, v in sums.items()}
        figures[name].update(uplift_pct=uplift, incremental=incremental)

    days = pd.date_range(pre_start, end, freq="D")
    window = pre | during
    daily = pd.DataFrame({"treated": lines["net_sales"][treated & window].groupby(day[treated & window]).sum()})
    daily = daily.reindex(days, fill_value=0.0)
    daily["control"] = (lines["net_sales"][control & window].groupby(day[control & window]).sum()
                        .reindex(days, fill_value=0.0) if control is not None else np.nan)
    control_lines = int((control & window).sum()) if control is not None else 0
    effect = Effect(campaign, figures, daily, control_lines=control_lines)
    if campaign.control == OTHER_STORES:
        effect.control_stores = tuple(sorted(set(lines["store"][control & window].dropna())))
    effect.caution = _caution(effect)
    if campaign.skus and "product" in lines and "sku" in lines:
        named = lines.loc[lines["sku"].isin(campaign.skus), ["sku", "product"]].dropna().drop_duplicates("sku")
        effect.product_names = dict(zip(named["sku"].astype(str), named["product"].astype(str)))
    effect.rows = [{"campaign": campaign.name, "start": campaign.start.isoformat(), "end": campaign.end.isoformat(),
                    "control": campaign.control, "measure": name, **figures[name]} for name in MEASURES]
    return effect


def _caution(effect: Effect) -> str | None:
    if effect.others_in_control:
        return "campaign_in_control"
    if effect.control == NO_CONTROL:
        return "no_control"
    sales = effect.figures["net_sales"]
    treated_pre, control_pre = sales["treated_pre"] or 0.0, sales["control_pre"] or 0.0
    if effect.control_lines < SMALL_CONTROL_LINES or abs(control_pre) < SMALL_CONTROL_SHARE * abs(treated_pre) \
            or not control_pre or not sales["control_during"]:
        return "small_control"
    return None


def campaign_effects(comp, dataset) -> tuple[list[Effect], list[Issue]]:
    """Every campaign of the inputs measured on the computation's lines."""
    table = dataset.table("campaigns")
    if table is None or table.empty:
        return [], []
    from .views import sku_categories  # the same SKU → category the pack's category views use

    categories_of = sku_categories(comp)
    known = set()
    for role in ("inventory", "products"):
        other = dataset.table(role)
        if other is not None and "sku" in other:
            known |= set(other["sku"].dropna().astype(str))
    campaigns, issues = read_campaigns(table, comp.lines, comp.store_names, categories_of, known)
    categories = line_categories(comp.lines, categories_of)
    effects = [measure(c, comp.lines, categories) for c in campaigns]
    _control_overlaps(effects, comp.lines, categories, issues)
    return effects, issues


def _control_overlaps(effects: list[Effect], lines: pd.DataFrame, categories: pd.Series, issues: list[Issue]) -> None:
    """A campaign running on a day of another's pre-window or days, in stores and
    products of that one's control group, moves the comparison: reported on the
    measured campaign's row and told as a caution beside its reading."""
    day = lines["date"].dt.normalize()
    masks = {id(e): groups(e.campaign, lines, categories) for e in effects}
    for effect in effects:
        control = masks[id(effect)][1]
        if control is None:
            continue
        window = (day >= pd.Timestamp(effect.campaign.pre_start)) & (day <= pd.Timestamp(effect.campaign.end))
        others = []
        for other in effects:
            if other is effect:
                continue
            running = (day >= pd.Timestamp(other.campaign.start)) & (day <= pd.Timestamp(other.campaign.end))
            if (control & window & running & masks[id(other)][0]).any():
                others.append(other.campaign.name)
        if others:
            effect.others_in_control = tuple(others)
            effect.caution = _caution(effect)
            issues.append(Issue(*effect.campaign.source, "campaign_in_control",
                                {"name": effect.campaign.name, "others": ", ".join(others)}))
