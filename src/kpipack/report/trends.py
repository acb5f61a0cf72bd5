"""Trends: 13 months (or all there are) of the key KPIs for the pack's main
scope, with budget and last year beside actual, and native charts — a
clustered column, a combo (sales columns, margin % line on a secondary axis)
and lines."""
from __future__ import annotations

from ..domain import month_add
from ..kpis.registry import BY_ID
from ..kpis.engine import pct_change
from ..kpis.views import moving_annual_total
from .formats import ACCENTS, ACTUAL, BUDGET, FONT, LAST_YEAR, MONTH_FORMAT
from .labels import label
from .months import month_date, trend_months
from .pack import col_px
from .tables import Col, Formula, ratio_of, ties, write_table

# KPI -> whether it has a budget column; ratios get a live formula over their parts.
TREND_KPIS = ("net_sales", "gross_profit", "gross_margin_pct", "transactions", "atv", "conversion_rate_pct",
              "units_per_transaction")
RATIOS = {"gross_margin_pct": ("gross_profit", "net_sales", 100.0), "atv": ("net_sales", "transactions", 1.0)}
LINE_CHARTS = ("gross_profit", "transactions", "atv", "conversion_rate_pct", "units_per_transaction")
MAT = "mat"  # the moving annual total of net sales: a column group of its own
CHART_W, CHART_H, MAX_CHART_W = 560, 250, 900


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
        col_chart = pack.chart("column", title=label("trend_sales", lang))
        for kind, colour in (("a", ACTUAL), ("b", BUDGET), ("ly", LAST_YEAR)):
            if kind in shown["net_sales"]:
                col_chart.add_series({"name": names[kind], "categories": cats, "values": ref("net_sales", kind),
                                      "fill": {"color": colour}, "gap": 60})
        _axes(col_chart, "#,##0")
        charts.append(col_chart)
        if "gross_margin_pct" in kpis:
            combo = pack.chart("column", title=label("trend_combo", lang))
            combo.add_series({"name": BY_ID["net_sales"].label(lang), "categories": cats,
                              "values": ref("net_sales", "a"), "fill": {"color": ACTUAL}, "gap": 80})
            line = pack.chart("line")
            line.add_series({"name": BY_ID["gross_margin_pct"].label(lang), "categories": cats,
                             "values": ref("gross_margin_pct", "a"), "y2_axis": True,
                             "line": {"color": "#ED7D31", "width": 2.5}, "marker": {"type": "circle", "size": 5,
                                                                                   "fill": {"color": "#ED7D31"},
                                                                                   "border": {"color": "#ED7D31"}}})
            combo.combine(line)
            _axes(combo, "#,##0")
            line.set_y2_axis({"num_format": '0.0"%"', "num_font": {"name": FONT, "size": 8}})
            charts.append(combo)
        if "g" in shown["net_sales"]:
            growth = pack.chart("column", title=label("trend_growth", lang))
            growth.add_series({"name": label("yoy_pct", lang), "categories": cats, "values": ref("net_sales", "g"),
                               "fill": {"color": ACCENTS[0]}, "invert_if_negative": False, "gap": 60,
                               "data_labels": {"value": True, "num_format": '0.0"%"',
                                               "font": {"name": FONT, "size": 7}}})
            _axes(growth, '0.0"%"')
            growth.set_x_axis({"num_format": MONTH_FORMAT, "label_position": "low",
                               "num_font": {"name": FONT, "size": 8, "rotation": -45}})
            growth.set_legend({"none": True})
            charts.append(growth)
        if MAT in kpis:
            mat_chart = pack.chart("line", title=label("trend_mat", lang))
            for kind, colour, dash in (("a", ACTUAL, "solid"), ("ly", LAST_YEAR, "round_dot")):
                if kind in shown[MAT]:
                    mat_chart.add_series({"name": names[kind], "categories": cats, "values": ref(MAT, kind),
                                          "line": {"color": colour, "width": 2.25 if kind == "a" else 1.75,
                                                   "dash_type": dash}})
            _axes(mat_chart, "#,##0")
            charts.append(mat_chart)
    for kpi_id in LINE_CHARTS:
        if kpi_id not in kpis:
            continue
        kpi = BY_ID[kpi_id]
        has_budget = "b" in shown[kpi_id]
        title = label("trend_of" if has_budget else "trend_of_ly", lang).format(kpi=kpi.label(lang))
        chart = pack.chart("line", title=title)
        for kind, colour, dash in (("a", ACTUAL, "solid"), ("b", BUDGET, "dash"), ("ly", LAST_YEAR, "round_dot")):
            if kind in shown[kpi_id]:
                chart.add_series({"name": names[kind], "categories": cats, "values": ref(kpi_id, kind),
                                  "line": {"color": colour, "width": 2.25 if kind == "a" else 1.75,
                                           "dash_type": dash},
                                  "marker": {"type": "circle", "size": 4, "fill": {"color": colour},
                                             "border": {"color": colour}} if kind == "a" else {"type": "none"}})
        _axes(chart, '0.0"%"' if kpi.unit == "pct" else "#,##0" if kpi.unit in ("money", "count") else "0.00")
        charts.append(chart)
    place_charts(pack, ws, placed.last + 3, charts, last_col)


def _axes(chart, y_format: str) -> None:
    chart.set_x_axis({"num_format": MONTH_FORMAT, "num_font": {"name": FONT, "size": 8, "rotation": -45}})
    chart.set_y_axis({"num_format": y_format, "num_font": {"name": FONT, "size": 8},
                      "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}})


def place_charts(pack, ws, row: int, charts: list, last_col: int = 0, per_row: int = 2,
                 width: int | None = None, height: int | None = None) -> int:
    """Charts in a grid below a table, sized to the table's width. Page breaks are
    worked out when the pack is finished, so no chart is cut across two pages.
    Returns the first row after them."""
    if not charts:
        return row
    if width is None:
        span = pack.content_px(ws)
        width = int(max(CHART_W, min(MAX_CHART_W, (span - 24 * (per_row - 1)) / per_row)))
    height = height or int(max(CHART_H, width * 0.42))
    # the grid's columns: the next chart starts at the first column right of the one before
    col_starts = [0]
    widths = pack.widths(ws)
    x, col = 0.0, 0
    while len(col_starts) < per_row:
        x += col_px(widths.get(col, 8.43))
        col += 1
        if x >= (width + 16) * len(col_starts):
            col_starts.append(col)
    rows = 0
    for i in range(0, len(charts), per_row):
        for j, chart in enumerate(charts[i:i + per_row]):
            rows = pack.insert_chart(ws, row, col_starts[j], chart, width=width, height=height)
        row += rows + 1
    return row
