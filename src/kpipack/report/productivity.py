"""Productivity by store: sales and gross profit per area and per labour
hour, conversion and basket, as formulas over the sales, area, hours and
counts beside them; and the main scope's month by month."""
from __future__ import annotations

from ..kpis.registry import BY_ID
from .charts import axes, new_chart, place_charts
from .formats import ACCENTS, ACTUAL
from .labels import label
from .months import trend_months
from .tables import Col, Formula, ratio_of, ties, total_cell, write_monthly, write_table

PARTS = ("net_sales", "gross_profit", "floor_area", "labor_hours", "visitors", "transactions")
# ratio KPI -> (numerator column, denominator column, scale)
RATIOS = {"sales_per_area": ("net_sales", "floor_area", 1.0),
          "gross_profit_per_area": ("gross_profit", "floor_area", 1.0),
          "sales_per_labor_hour": ("net_sales", "labor_hours", 1.0),
          "labor_productivity": ("gross_profit", "labor_hours", 1.0),
          "conversion_rate_pct": ("transactions", "visitors", 100.0),
          "atv": ("net_sales", "transactions", 1.0)}
MONTHLY = ("sales_per_labor_hour", "labor_productivity", "conversion_rate_pct", "sales_per_area")


def write_productivity(pack, sheet_name: str) -> None:
    lang, comp = pack.lang, pack.comp
    period = comp.period

    def value(name: str, scope: str, month: str = period):
        if name in BY_ID:
            return comp.value(comp.actual, name, scope, month)
        return comp.value(comp.parts, name, scope, month) if name in comp.parts else None

    scopes = pack.store_scopes + (["total"] if "total" in pack.scopes and len(pack.store_scopes) > 1 else [])
    parts = [p for p in PARTS if any(value(p, s) is not None for s in scopes)]
    ratios = [k for k, (num, den, _) in RATIOS.items() if num in parts and den in parts]
    if not any(p in parts for p in ("floor_area", "labor_hours", "visitors")):
        pack.omit(sheet_name, label("prod_none", lang))
        return
    ws = pack.add_sheet(sheet_name)
    unit = pack.settings.area_unit or pack.dataset.area_unit
    part_label = {"floor_area": label("floor_area_in", lang).format(unit=label(f"area_{unit}", lang))
                  if unit in ("tsubo", "m2") else label("floor_area", lang)}
    cols = [Col("store", label("store", lang))]
    cols += [Col(p, part_label.get(p) or BY_ID[p].label(lang), "area" if p == "floor_area" else BY_ID[p].unit)
             for p in parts]
    cols += [Col(k, BY_ID[k].label(lang), BY_ID[k].unit) for k in ratios]
    last_col = len(cols) - 1
    row = pack.heading(ws, sheet_name, last_col, pack.main_scope)

    def record(scope: str, name: str, total_of: list | None = None) -> dict:
        rec = {"store": name}
        for p in parts:
            rec[p] = value(p, scope)
        cached = dict(rec)
        if total_of is not None:
            for p in parts:
                rec[p] = total_cell(p, [r["_values"][p] for r in total_of], value(p, scope))
        for k in ratios:
            num, den, scale = RATIOS[k]
            engine = value(k, scope)
            tail = f"*{scale:g}" if scale != 1 else ""
            rec[k] = Formula(f"={{{num}}}/{{{den}}}{tail}", engine) if ties(
                ratio_of(cached[num], cached[den], scale), engine) else engine
        rec["_values"] = cached
        return rec

    records = [record(s, pack.scope_name(s)) for s in pack.store_scopes]
    total = record("total", label("total", lang), records) if "total" in scopes else None
    placed = write_table(pack, ws, row, 0, cols, records, total, header_height=42)
    ws.freeze_panes(placed.first, 1)
    row = (placed.total or placed.last) + 2

    # month by month for the main scope
    scope = pack.main_scope
    months = trend_months(comp, scope)
    monthly = [k for k in MONTHLY if k in comp.present and any(value(k, scope, m) is not None for m in months)]
    charts = []
    if len(records) > 1 and "sales_per_labor_hour" in ratios:
        chart = new_chart(pack, "column", title=label("prod_chart", lang))
        cats = [sheet_name, placed.first, 0, placed.last, 0]
        for k, colour in (("sales_per_labor_hour", ACTUAL), ("labor_productivity", ACCENTS[1])):
            if k in ratios:
                c = placed.cols[k]
                chart.add_series({"name": BY_ID[k].label(lang), "categories": cats,
                                  "values": [sheet_name, placed.first, c, placed.last, c],
                                  "fill": {"color": colour}, "gap": 80})
        axes(chart)
        charts.append(chart)
    if monthly:
        mplaced = write_monthly(pack, ws, row, scope, months, monthly, value)
        row = mplaced.last + 2
        chart = new_chart(pack, "line", title=label("prod_trend_chart", lang))
        cats = [sheet_name, mplaced.first, 0, mplaced.last, 0]
        # per-hour figures share one axis (sales per area, ten times larger, stays in the table)
        for n, k in enumerate(m for m in monthly if m in ("sales_per_labor_hour", "labor_productivity")):
            c = mplaced.cols[k]
            chart.add_series({"name": BY_ID[k].label(lang), "categories": cats,
                              "values": [sheet_name, mplaced.first, c, mplaced.last, c],
                              "line": {"color": [ACTUAL, ACCENTS[1], ACCENTS[2]][n % 3], "width": 2.25},
                              "marker": {"type": "circle", "size": 4}})
        if "conversion_rate_pct" in monthly:
            c = mplaced.cols["conversion_rate_pct"]
            chart.add_series({"name": BY_ID["conversion_rate_pct"].label(lang), "categories": cats,
                              "values": [sheet_name, mplaced.first, c, mplaced.last, c], "y2_axis": True,
                              "line": {"color": "#7F7F7F", "width": 1.75, "dash_type": "dash"}})
        axes(chart, months=True, y2_format='0.0"%"' if "conversion_rate_pct" in monthly else None)
        charts.append(chart)
    place_charts(pack, ws, row, charts, last_col)
