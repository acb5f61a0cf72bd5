"""Finance (where given): operating expenses, operating profit and margin,
ROE and ROA — month by month for the whole company, and by store for the
period. Operating profit and the margins are formulas over the cells beside
them."""
from __future__ import annotations

from ..kpis.registry import BY_ID
from .charts import axes, new_chart, place
from .formats import ACTUAL
from .labels import label
from .months import month_date, trend_months
from .tables import Col, Formula, ratio_of, ties, total_cell, write_table

CHART_COLS = 9  # default-width columns the chart beside the monthly table spans

PARTS = ("net_sales", "gross_profit", "opex")
DERIVED = {  # KPI -> (template, how the row's cells give it)
    "operating_profit": ("={gross_profit}-{opex}",
                         lambda r: None if r["gross_profit"] is None or r["opex"] is None
                         else r["gross_profit"] - r["opex"]),
    "operating_margin_pct": ("={operating_profit}/{net_sales}*100",
                             lambda r: ratio_of(r["_op"], r["net_sales"], 100.0)),
    "opex_ratio_pct": ("={opex}/{net_sales}*100", lambda r: ratio_of(r["opex"], r["net_sales"], 100.0)),
}
RETURNS = ("roe_pct", "roa_pct")


def _record(values: dict, engine: dict) -> dict:
    rec = dict(values)
    rec["_op"] = engine["operating_profit"]
    for key, (template, check) in DERIVED.items():
        rec[key] = Formula(template, engine[key]) if ties(check(rec), engine[key]) else engine[key]
    return rec


def write_finance(pack, sheet_name: str) -> None:
    lang, comp = pack.lang, pack.comp
    if "opex" not in comp.present:
        pack.omit(sheet_name, label("fin_none", lang))
        return
    ws = pack.add_sheet(sheet_name)
    f = pack.formats

    def value(kpi_id: str, scope: str, month: str = comp.period):
        return comp.value(comp.actual, kpi_id, scope, month)

    scope = pack.main_scope
    returns = [k for k in RETURNS if k in comp.present and scope == "total"]
    money = [Col(k, BY_ID[k].label(lang), BY_ID[k].unit) for k in PARTS + tuple(DERIVED)]
    mcols = [Col("month", label("month", lang), "month", width=10)] + money + [
        Col(k, BY_ID[k].label(lang), BY_ID[k].unit) for k in returns]
    last_col = len(mcols) - 1
    row = pack.heading(ws, sheet_name, last_col + CHART_COLS, scope)  # link above the chart's right end
    ws.write_string(row, 0, f"{label('prod_monthly', lang)} — {pack.scope_name(scope)}", f.subtitle())
    row += 1
    months = trend_months(comp, scope)
    mrecs = []
    for m in months:
        rec = _record({k: value(k, scope, m) for k in PARTS}, {k: value(k, scope, m) for k in DERIVED})
        rec["month"] = month_date(m)
        for k in returns:
            rec[k] = value(k, scope, m)
        mrecs.append(rec)
    mplaced = write_table(pack, ws, row, 0, mcols, mrecs, header_height=42)
    ws.freeze_panes(mplaced.first, 1)
    row = mplaced.last + 1
    ws.write_string(row, 0, label("fin_note", lang), f.note())
    row += 2
    if len(pack.store_scopes) > 1 or scope != "total":
        scols = [Col("month", label("store", lang))] + money
        srecs = []
        for s in pack.store_scopes:
            rec = _record({k: value(k, s) for k in PARTS}, {k: value(k, s) for k in DERIVED})
            rec["month"] = pack.scope_name(s)
            srecs.append(rec)
        total = None
        if "total" in pack.scopes and len(srecs) > 1:
            total = _record({k: value(k, "total") for k in PARTS}, {k: value(k, "total") for k in DERIVED})
            for k in PARTS:
                total[k] = total_cell(k, [r[k] for r in srecs], value(k, "total"))
            total["month"] = label("total", lang)
        splaced = write_table(pack, ws, row, 0, scols, srecs, total, header_height=42)
        row = (splaced.total or splaced.last) + 2
    chart = new_chart(pack, "column", title=label("fin_chart", lang))
    cats = [sheet_name, mplaced.first, 0, mplaced.last, 0]
    c = mplaced.cols["operating_profit"]
    chart.add_series({"name": BY_ID["operating_profit"].label(lang), "categories": cats,
                      "values": [sheet_name, mplaced.first, c, mplaced.last, c], "fill": {"color": ACTUAL},
                      "invert_if_negative": False, "gap": 70})
    line = new_chart(pack, "line")
    c = mplaced.cols["operating_margin_pct"]
    line.add_series({"name": BY_ID["operating_margin_pct"].label(lang), "categories": cats,
                     "values": [sheet_name, mplaced.first, c, mplaced.last, c], "y2_axis": True,
                     "line": {"color": "#ED7D31", "width": 2.25},
                     "marker": {"type": "circle", "size": 5, "fill": {"color": "#ED7D31"},
                                "border": {"color": "#ED7D31"}}})
    chart.combine(line)
    axes(chart, months=True, y2_format='0.0"%"', x={"label_position": "low"})
    # beside the monthly table, so the page keeps the tables readable
    place(pack, ws, mplaced.header_row - 1, last_col + 2, chart, width=720, height=330)
