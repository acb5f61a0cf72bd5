"""Customers (where member ids exist): customers, new %, repeat rate, churn
and lifetime value by store for the period, and the main scope by month."""
from __future__ import annotations

from ..kpis.registry import BY_ID
from .charts import axes, new_chart, place
from .formats import ACTUAL
from .labels import label
from .months import trend_months
from .tables import Col, write_monthly, write_table

CHART_COLS = 9  # default-width columns the chart beside the monthly table spans

CUSTOMER_KPIS = ("customers", "new_customer_pct", "repeat_rate_pct", "churn_rate_pct", "clv", "nps")


def write_customers(pack, sheet_name: str) -> None:
    lang, comp = pack.lang, pack.comp
    if "customers" not in comp.present:
        pack.omit(sheet_name, label("cust_none", lang))
        return
    kpis = [k for k in CUSTOMER_KPIS if k in comp.present]
    ws = pack.add_sheet(sheet_name)
    f = pack.formats
    cols = [Col("store", label("store", lang))] + [Col(k, BY_ID[k].label(lang), BY_ID[k].unit) for k in kpis]
    last_col = len(cols) - 1
    row = pack.heading(ws, sheet_name, last_col + CHART_COLS, pack.main_scope)  # link above the chart's right end

    def value(kpi_id: str, scope: str, month: str = comp.period):
        return comp.value(comp.actual, kpi_id, scope, month)

    scopes = pack.store_scopes + (["total"] if "total" in pack.scopes and len(pack.store_scopes) > 1 else [])
    records = [dict({"store": pack.scope_name(s)}, **{k: value(k, s) for k in kpis}) for s in scopes]
    # customers are distinct across stores: the all-store row is the engine's, not a sum
    placed = write_table(pack, ws, row, 0, cols, records, header_height=42)
    ws.freeze_panes(placed.first, 1)
    row = placed.last + 1
    ws.write_string(row, 0, label("cust_note", lang), f.note())
    row += 2
    scope = pack.main_scope
    months = trend_months(comp, scope)
    mplaced = write_monthly(pack, ws, row, scope, months, kpis, value)
    row = mplaced.last + 2
    chart = new_chart(pack, "column", title=label("cust_chart", lang))
    cats = [sheet_name, mplaced.first, 0, mplaced.last, 0]
    c = mplaced.cols["customers"]
    chart.add_series({"name": BY_ID["customers"].label(lang), "categories": cats,
                      "values": [sheet_name, mplaced.first, c, mplaced.last, c], "fill": {"color": ACTUAL},
                      "gap": 70})
    if "repeat_rate_pct" in kpis:
        line = new_chart(pack, "line")
        c = mplaced.cols["repeat_rate_pct"]
        line.add_series({"name": BY_ID["repeat_rate_pct"].label(lang), "categories": cats,
                         "values": [sheet_name, mplaced.first, c, mplaced.last, c], "y2_axis": True,
                         "line": {"color": "#ED7D31", "width": 2.25},
                         "marker": {"type": "circle", "size": 5, "fill": {"color": "#ED7D31"},
                                    "border": {"color": "#ED7D31"}}})
        chart.combine(line)
    axes(chart, months=True, y2_format='0"%"' if "repeat_rate_pct" in kpis else None)
    # beside the monthly table, so the page keeps the tables readable
    place(pack, ws, mplaced.header_row - 1, last_col + 2, chart, width=720, height=330)
