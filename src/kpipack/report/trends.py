"""Trend sheet: 13 months of net sales with budget and last year, as a native chart."""
from __future__ import annotations

from ..domain import month_add
from ..kpis.registry import BY_ID
from .labels import label

TREND_MONTHS = 13


def trend_months(period: str, months: list[str]) -> list[str]:
    wanted = [month_add(period, -i) for i in range(TREND_MONTHS - 1, -1, -1)]
    return [m for m in wanted if m in months]


def write_trends(pack, sheet_name: str) -> None:
    ws = pack.add_sheet(sheet_name, landscape=True)
    lang, f, comp = pack.lang, pack.formats, pack.comp
    kpi = BY_ID["net_sales"]
    ws.write_string(0, 0, label("net_sales_budget", lang), f.title())
    header = [label("month", lang), label("actual", lang), label("budget", lang), label("last_year", lang)]
    for c, text in enumerate(header):
        ws.write_string(2, c, text, f.header())
    months = trend_months(comp.period, comp.months)
    num = f.number(kpi.unit)
    for i, m in enumerate(months):
        r = 3 + i
        ws.write_string(r, 0, m, f.text())
        pack.write_value(ws, r, 1, comp.value(comp.actual, "net_sales", "total", m), num)
        pack.write_value(ws, r, 2, comp.value(comp.budget, "net_sales", "total", m), num)
        pack.write_value(ws, r, 3, comp.value(comp.actual, "net_sales", "total", month_add(m, -12)), num)
    ws.set_column(0, 0, 12)
    ws.set_column(1, 3, 16)
    ws.freeze_panes(3, 1)
    last = 3 + len(months) - 1
    chart = pack.workbook.add_chart({"type": "column"})
    chart.add_series({"name": [sheet_name, 2, 1], "categories": [sheet_name, 3, 0, last, 0],
                      "values": [sheet_name, 3, 1, last, 1], "fill": {"color": "#1F3864"}})
    line = pack.workbook.add_chart({"type": "line"})
    line.add_series({"name": [sheet_name, 2, 2], "categories": [sheet_name, 3, 0, last, 0],
                     "values": [sheet_name, 3, 2, last, 2], "line": {"color": "#C00000", "width": 2.25},
                     "marker": {"type": "circle", "size": 5}})
    line.add_series({"name": [sheet_name, 2, 3], "categories": [sheet_name, 3, 0, last, 0],
                     "values": [sheet_name, 3, 3, last, 3], "line": {"color": "#7F7F7F", "dash_type": "dash"}})
    chart.combine(line)
    chart.set_title({"name": label("net_sales_budget", lang), "name_font": {"size": 12}})
    chart.set_y_axis({"num_format": "#,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 820, "height": 380})
    ws.insert_chart(2, 5, chart)
