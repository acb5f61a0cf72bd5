"""Trends: 13 months (or all there are) of the key KPIs for the pack's main
scope, with budget and last year beside actual, and native charts — a
clustered column, a combo (sales columns, margin % line on a secondary axis)
and lines."""
from __future__ import annotations

from ..domain import month_add
from ..kpis.registry import BY_ID
from ..kpis.engine import pct_change
from ..kpis.views import moving_annual_total
from .formats import ACCENTS, ACTUAL, BUDGET, LAST_YEAR
from .labels import label
from .months import month_date, trend_months
from .charts import axes, font, new_chart, place_charts
from .tables import Col, Formula, ratio_of, ties, write_table

# KPI -> whether it has a budget column; ratios get a live formula over their parts.
TREND_KPIS = ("net_sales", "gross_profit", "gross_margin_pct", "transactions", "atv", "conversion_rate_pct",
              "units_per_transaction")
RATIOS = {"gross_margin_pct": ("gross_profit", "net_sales", 100.0), "atv": ("net_sales", "transactions", 1.0)}
LINE_CHARTS = ("gross_profit", "transactions", "atv", "conversion_rate_pct", "units_per_transaction")
MAT = "mat"  # the moving annual total of net sales: a column group of its own


def _series(comp, kpi_id: str, scope: str, months: list[str]) -> dict[str, list]:
    return {
        "a": [comp.value(comp.actual, kpi_id, scope, m) for m in months],
        "b": [comp.value(comp.budget, kpi_id, scope, m) for m in months],
        "ly": [comp.value(comp.actual, kpi_id, scope, month_add(m, -12)) for m in months],
    }


def write_trends(pack, sheet_name: str) -> None:
    lang, comp = pack.lang, pack.comp
    scope = pack.main_scope
    months = trend_months(comp, scope)
    kpis = [k for k in TREND_KPIS if k in comp.present]
    data = {k: _series(comp, k, scope, months) for k in kpis}
    kpis = [k for k in kpis if any(v is not None for v in data[k]["a"])]
    if "net_sales" in kpis:
        # growth on last year, and the 12 months to each month (this year and the year before)
        ns = data["net_sales"]
        ns["g"] = [pct_change(a, ly) for a, ly in zip(ns["a"], ns["ly"])]
        mat = moving_annual_total(comp, "net_sales", scope, months)
        mat_ly = moving_annual_total(comp, "net_sales", scope, [month_add(m, -12) for m in months])
        data[MAT] = {"a": [mat[m] for m in months], "ly": [mat_ly[month_add(m, -12)] for m in months]}
        if any(v is not None for v in data[MAT]["a"]):
            kpis.append(MAT)
    ws = pack.add_sheet(sheet_name)
    f = pack.formats
    cols = [Col("month", label("month", lang), "month", width=10)]
    shown: dict[str, list[str]] = {}
    names = {"a": label("actual", lang), "b": label("budget", lang), "ly": label("last_year", lang),
             "g": label("yoy_pct", lang)}
    for kpi_id in kpis:
        kinds = [k for k in ("a", "b", "ly", "g") if any(v is not None for v in data[kpi_id].get(k, []))]
        shown[kpi_id] = kinds
        unit = "money" if kpi_id == MAT else BY_ID[kpi_id].unit
        group = label("mat", lang) if kpi_id == MAT else BY_ID[kpi_id].label(lang)
        cols += [Col(f"{kpi_id}__{k}", names[k], "pct" if k == "g" else unit, group=group) for k in kinds]
    last_col = len(cols) - 1
    row = pack.heading(ws, sheet_name, last_col, scope)
    records = []
    for i, m in enumerate(months):
        record = {"month": month_date(m)}
        for kpi_id in kpis:
            for kind in shown[kpi_id]:
                value = data[kpi_id][kind][i]
                parts = RATIOS.get(kpi_id)
                if kind == "a" and parts and parts[0] in shown and parts[1] in shown and ties(
                        ratio_of(data[parts[0]]["a"][i], data[parts[1]]["a"][i], parts[2]), value):
                    tail = f"*{parts[2]:g}" if parts[2] != 1 else ""
                    value = Formula(f"={{{parts[0]}__a}}/{{{parts[1]}__a}}{tail}", value)
                if kind == "g":
                    value = Formula(f"=({{{kpi_id}__a}}-{{{kpi_id}__ly}})/ABS({{{kpi_id}__ly}})*100", value)
                record[f"{kpi_id}__{kind}"] = value
        records.append(record)
    placed = write_table(pack, ws, row, 0, cols, records, header_height=30)
    ws.freeze_panes(placed.first, 1)
    ws.write_string(placed.last + 1, 0, label("trend_note", lang), f.note())

    def ref(kpi_id: str, kind: str) -> list:
        c = placed.cols[f"{kpi_id}__{kind}"]
        return [sheet_name, placed.first, c, placed.last, c]

    cats = [sheet_name, placed.first, 0, placed.last, 0]
    charts = []
    if "net_sales" in kpis:
        col_chart = new_chart(pack, "column", title=label("trend_sales", lang))
        for kind, colour in (("a", ACTUAL), ("b", BUDGET), ("ly", LAST_YEAR)):
            if kind in shown["net_sales"]:
                col_chart.add_series({"name": names[kind], "categories": cats, "values": ref("net_sales", kind),
                                      "fill": {"color": colour}, "gap": 60})
        axes(col_chart, "#,##0", months=True)
        charts.append(col_chart)
        if "gross_margin_pct" in kpis:
            combo = new_chart(pack, "column", title=label("trend_combo", lang))
            combo.add_series({"name": BY_ID["net_sales"].label(lang), "categories": cats,
                              "values": ref("net_sales", "a"), "fill": {"color": ACTUAL}, "gap": 80})
            line = new_chart(pack, "line")
            line.add_series({"name": BY_ID["gross_margin_pct"].label(lang), "categories": cats,
                             "values": ref("gross_margin_pct", "a"), "y2_axis": True,
                             "line": {"color": "#ED7D31", "width": 2.5}, "marker": {"type": "circle", "size": 5,
                                                                                   "fill": {"color": "#ED7D31"},
                                                                                   "border": {"color": "#ED7D31"}}})
            combo.combine(line)
            axes(combo, "#,##0", months=True, y2_format='0.0"%"')
            charts.append(combo)
        if "g" in shown["net_sales"]:
            growth = new_chart(pack, "column", title=label("trend_growth", lang))
            growth.add_series({"name": label("yoy_pct", lang), "categories": cats, "values": ref("net_sales", "g"),
                               "fill": {"color": ACCENTS[0]}, "invert_if_negative": False, "gap": 60,
                               "data_labels": {"value": True, "num_format": '0.0"%"',
                                               "font": font(7)}})
            axes(growth, '0.0"%"', months=True, x={"label_position": "low"})
            growth.set_legend({"none": True})
            charts.append(growth)
        if MAT in kpis:
            mat_chart = new_chart(pack, "line", title=label("trend_mat", lang))
            for kind, colour, dash in (("a", ACTUAL, "solid"), ("ly", LAST_YEAR, "round_dot")):
                if kind in shown[MAT]:
                    mat_chart.add_series({"name": names[kind], "categories": cats, "values": ref(MAT, kind),
                                          "line": {"color": colour, "width": 2.25 if kind == "a" else 1.75,
                                                   "dash_type": dash}})
            axes(mat_chart, "#,##0", months=True)
            charts.append(mat_chart)
    for kpi_id in LINE_CHARTS:
        if kpi_id not in kpis:
            continue
        kpi = BY_ID[kpi_id]
        has_budget = "b" in shown[kpi_id]
        title = label("trend_of" if has_budget else "trend_of_ly", lang).format(kpi=kpi.label(lang))
        chart = new_chart(pack, "line", title=title)
        for kind, colour, dash in (("a", ACTUAL, "solid"), ("b", BUDGET, "dash"), ("ly", LAST_YEAR, "round_dot")):
            if kind in shown[kpi_id]:
                chart.add_series({"name": names[kind], "categories": cats, "values": ref(kpi_id, kind),
                                  "line": {"color": colour, "width": 2.25 if kind == "a" else 1.75,
                                           "dash_type": dash},
                                  "marker": {"type": "circle", "size": 4, "fill": {"color": colour},
                                             "border": {"color": colour}} if kind == "a" else {"type": "none"}})
        axes(chart, '0.0"%"' if kpi.unit == "pct" else "#,##0" if kpi.unit in ("money", "count") else "0.00",
             months=True)
        charts.append(chart)
    place_charts(pack, ws, placed.last + 3, charts, last_col)
