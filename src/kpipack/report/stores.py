"""Store comparison: every store ranked on sales, growth, margin, basket,
conversion, sales per area, labour productivity and shrinkage (rank 1 best),
ranks as live RANK formulas; with charts of sales and growth by store."""
from __future__ import annotations

from ..kpis.engine import pct_change
from ..kpis.registry import BY_ID
from .charts import axes, font, new_chart, place_charts
from .formats import ACCENTS, ACTUAL, LAST_YEAR
from .labels import label
from .months import trend_months
from .tables import Col, Formula, total_cell, write_table

LINE_STORES = 8  # the largest stores drawn month by month; the table lists them all
LINE_COLOURS = [ACTUAL, "#ED7D31", "#70AD47", "#7030A0", "#FFC000", "#00B0F0", "#C00000", "#7F7F7F"]

METRICS = ("net_sales", "growth", "gross_margin_pct", "atv", "conversion_rate_pct", "sales_per_area",
           "labor_productivity", "shrinkage_pct")


def rank_of(value, values: list, higher: bool) -> int | None:
    """Excel's RANK: 1 + how many values are strictly better (blanks ignored)."""
    if value is None:
        return None
    others = [v for v in values if v is not None]
    return 1 + sum(1 for v in others if (v > value if higher else v < value))


def write_stores(pack, sheet_name: str) -> None:
    lang = pack.lang
    scopes = pack.store_scopes
    if not scopes:
        return
    ws = pack.add_sheet(sheet_name)
    f = pack.formats

    def value(kpi_id: str, scope: str, field: str = "actual"):
        r = pack.row(kpi_id, scope)
        return r.get(field) if r else None

    growth = {s: pct_change(value("net_sales", s), value("net_sales", s, "prev_year")) for s in scopes}
    metrics = []
    for m in METRICS:
        values = [growth[s] for s in scopes] if m == "growth" else [value(m, s) for s in scopes]
        if any(v is not None for v in values):
            metrics.append(m)
    order = sorted(scopes, key=lambda s: (-(value("net_sales", s) or float("-inf")), s))
    has_ly = "growth" in metrics
    cols = [Col("store", label("store", lang))]
    for m in metrics:
        if m == "growth":
            cols.append(Col("sales_ly", label("sales_last_year", lang), "money", group=label("growth", lang)))
            cols.append(Col("growth", label("yoy_pct", lang), "pct", group=label("growth", lang)))
        else:
            kpi = BY_ID[m]
            cols.append(Col(m, label("actual", lang), kpi.unit, group=kpi.label(lang)))
        group = label("growth", lang) if m == "growth" else BY_ID[m].label(lang)
        cols.append(Col(f"{m}__rank", label("rank", lang), "rank", group=group, width=6))
    row = pack.heading(ws, sheet_name, len(cols) - 1)
    records = []
    for scope in order:
        rec = {"store": pack.scope_name(scope)}
        for m in metrics:
            higher = m == "growth" or BY_ID[m].direction != "lower"
            if m == "growth":
                rec["sales_ly"] = value("net_sales", scope, "prev_year")
                rec["growth"] = Formula("=({net_sales}-{sales_ly})/ABS({sales_ly})*100", growth[scope])
                mine, all_values = growth[scope], [growth[s] for s in scopes]
            else:
                mine, all_values = value(m, scope), [value(m, s) for s in scopes]
                rec[m] = mine
            rec[f"{m}__rank"] = Formula(f"=RANK({{{m}}},{{{m}:range}},{0 if higher else 1})",
                                        rank_of(mine, all_values, higher))
        records.append(rec)
    total = {"store": label("total", lang)}
    for m in metrics:
        if m == "growth":
            total["sales_ly"] = total_cell("sales_ly", [r.get("sales_ly") for r in records],
                                           value("net_sales", "total", "prev_year"))
            total["growth"] = Formula("=({net_sales}-{sales_ly})/ABS({sales_ly})*100",
                                      pct_change(value("net_sales", "total"), value("net_sales", "total", "prev_year")))
        elif m == "net_sales":
            total[m] = total_cell(m, [r.get(m) for r in records], value(m, "total"))
        else:
            total[m] = value(m, "total")
    if not has_ly and "net_sales" not in metrics:
        total = None
    placed = write_table(pack, ws, row, 0, cols, records, total, header_height=30)
    ws.freeze_panes(placed.first, 1)
    note_row = (placed.total or placed.last) + 1
    ws.write_string(note_row, 0, label("stores_note", lang), f.note())
    cats = [sheet_name, placed.first, 0, placed.last, 0]
    charts = []
    if "net_sales" in metrics:
        chart = new_chart(pack, "column", title=label("stores_chart_sales", lang))
        c = placed.cols["net_sales"]
        chart.add_series({"name": label("actual", lang), "categories": cats,
                          "values": [sheet_name, placed.first, c, placed.last, c], "fill": {"color": ACTUAL},
                          "gap": 80})
        if has_ly:
            c = placed.cols["sales_ly"]
            chart.add_series({"name": label("last_year", lang), "categories": cats,
                              "values": [sheet_name, placed.first, c, placed.last, c], "fill": {"color": LAST_YEAR}})
        axes(chart)
        charts.append(chart)
    if has_ly:
        chart = new_chart(pack, "column", title=label("stores_chart_growth", lang))
        c = placed.cols["growth"]
        chart.add_series({"name": label("growth", lang), "categories": cats,
                          "values": [sheet_name, placed.first, c, placed.last, c],
                          "fill": {"color": ACCENTS[0]}, "invert_if_negative": False,
                          "data_labels": {"value": True, "num_format": '0.0"%"', "font": font(8)}})
        axes(chart, '0.0"%"', x={"label_position": "low"})
        chart.set_legend({"none": True})
        charts.append(chart)
    row = place_charts(pack, ws, note_row + 2, charts, len(cols) - 1)
    _by_month(pack, ws, sheet_name, row + 1, order)


def _by_month(pack, ws, sheet_name: str, row: int, order: list[str]) -> None:
    """Net sales of each store month by month, a live total row that ties to all
    stores, and the largest stores drawn as lines."""
    lang, comp, f = pack.lang, pack.comp, pack.formats
    months = trend_months(comp, pack.main_scope)
    if len(months) < 2:
        return
    ws.write_string(row, 0, label("stores_by_month", lang), f.subtitle())
    cols = [Col("store", label("store", lang))] + [Col(f"m{i}", m, "money") for i, m in enumerate(months)]
    records, values = [], []
    for scope in order:
        series = [comp.value(comp.actual, "net_sales", scope, m) for m in months]
        values.append(series)
        records.append(dict({"store": pack.scope_name(scope)}, **{f"m{i}": v for i, v in enumerate(series)}))
    total = {"store": label("total", lang)}
    for i, m in enumerate(months):
        total[f"m{i}"] = total_cell(f"m{i}", [v[i] for v in values], comp.value(comp.actual, "net_sales", "total", m))
    placed = write_table(pack, ws, row + 1, 0, cols, records, total if len(records) > 1 else None)
    shown = min(len(records), LINE_STORES)
    chart = new_chart(pack, "line", title=label("stores_chart_months", lang).format(n=shown))
    for n in range(shown):
        r = placed.first + n
        chart.add_series({"name": [sheet_name, r, 0], "categories": [sheet_name, placed.header_row, 1,
                                                                      placed.header_row, len(months)],
                          "values": [sheet_name, r, 1, r, len(months)],
                          "line": {"color": LINE_COLOURS[n % len(LINE_COLOURS)], "width": 2},
                          "marker": {"type": "circle", "size": 4,
                                     "fill": {"color": LINE_COLOURS[n % len(LINE_COLOURS)]},
                                     "border": {"color": LINE_COLOURS[n % len(LINE_COLOURS)]}}})
    axes(chart, rotate=True)
    chart.set_legend({"position": "right", "font": font(8)})
    place_charts(pack, ws, (placed.total or placed.last) + 2, [chart], per_row=1)
