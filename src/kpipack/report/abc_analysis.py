"""ABC analysis of the period for the pack's main scope: the class table
(SKUs, sales and share per class as COUNTIF/SUMIF formulas over the list), a
Pareto chart (sales columns, cumulative share line) and the filterable SKU
list with each SKU's class."""
from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..kpis.views import abc_for_scope
from .charts import axes, font, new_chart, place
from .formats import ACTUAL
from .labels import label
from .tables import Col, Formula, write_table

PARETO_SKUS = 50
CLASS_COLOURS = {"A": "#1F3864", "B": "#2E75B6", "C": "#9DC3E6"}


def write_abc(pack, sheet_name: str) -> None:
    lang, comp = pack.lang, pack.comp
    table = abc_for_scope(comp, pack.main_scope)
    if table is None or table.empty:
        pack.omit(sheet_name, label("abc_none", lang))
        return
    ws = pack.add_sheet(sheet_name)
    f = pack.formats
    list_cols = [Col("rank", label("rank", lang), "rank", width=6), Col("sku", label("sku", lang)),
                 Col("product", label("product", lang)), Col("category", label("category", lang)),
                 Col("net_sales", label("net_sales_short", lang), "money"),
                 Col("share", label("share_pct", lang), "pct"), Col("cum", label("cum_pct", lang), "pct"),
                 Col("class", label("class", lang), width=7)]
    gap = len(list_cols) + 1  # the class table and charts sit right of the list
    top = pack.heading(ws, sheet_name, gap + 3, pack.main_scope)
    ws.write_string(top, 0, label("abc_list", lang), f.subtitle())
    header = top + 1
    first = header + 1
    last = first + len(table) - 1
    class_range = f"{xl_rowcol_to_cell(first, 7, True, True)}:{xl_rowcol_to_cell(last, 7, True, True)}"
    sales_range = f"{xl_rowcol_to_cell(first, 4, True, True)}:{xl_rowcol_to_cell(last, 4, True, True)}"
    total_sales = float(table["net_sales"].sum())
    summary_cols = [Col("class", label("class", lang), width=7), Col("skus", label("skus", lang), "count"),
                    Col("net_sales", label("net_sales_short", lang), "money"),
                    Col("share", label("share_pct", lang), "pct")]
    classes = []
    for cls in "ABC":
        part = table[table["class"] == cls]
        sales = float(part["net_sales"].sum())
        classes.append({"class": cls, "skus": Formula(f'=COUNTIF({class_range},"{cls}")', len(part)),
                        "net_sales": Formula(f'=SUMIF({class_range},"{cls}",{sales_range})', sales),
                        "share": Formula("={net_sales}/{net_sales:total}*100",
                                         sales / total_sales * 100 if total_sales else None)})
    total = {"class": label("total_row", lang), "skus": Formula("=SUM({skus:range})", len(table)),
             "net_sales": Formula("=SUM({net_sales:range})", total_sales),
             "share": Formula("=SUM({share:range})", 100.0 if total_sales else None)}
    # below the list's header row, so printed pages repeat only the list's title and header
    ws.write_string(header + 1, gap, label("abc_classes", lang), f.subtitle())
    summary = write_table(pack, ws, header + 2, gap, summary_cols, classes, total)
    total_ref = xl_rowcol_to_cell(summary.total, summary.cols["net_sales"], True, True)
    records = []
    for i, r in enumerate(table.to_dict("records")):
        row = first + i
        share = Formula(f"={{net_sales}}/{total_ref}*100", r["share_pct"])
        cum = Formula("={share}" if i == 0 else f"={xl_rowcol_to_cell(row - 1, 6)}+{{share}}", r["cum_pct"])
        records.append({"rank": i + 1, "sku": _text(r["sku"]), "product": _text(r["product"]),
                        "category": _text(r["category"]), "net_sales": r["net_sales"], "share": share, "cum": cum,
                        "class": r["class"]})
    placed = write_table(pack, ws, header, 0, list_cols, records, autofilter=True)
    assert placed.first == first
    ws.freeze_panes(first, 0)
    pack.repeat_rows(ws, 0, header)
    for cls, colour in CLASS_COLOURS.items():
        ws.conditional_format(first, 7, last, 7, {"type": "cell", "criteria": "==", "value": f'"{cls}"',
                                                  "format": f.get(bold=True, font_color=colour)})
    note_row = summary.total + 1
    # merged over rows the SKU list shares, so no row height changes under the list
    ws.merge_range(note_row, gap, note_row + 2, gap + 3, label("abc_note", lang),
                   f.get(italic=True, font_size=9, font_color="#595959", text_wrap=True, valign="top"))
    for c in range(gap, gap + 4):
        pack.fit_column(ws, c, 12)
    chart_row = note_row + 4
    n = min(PARETO_SKUS, len(table))
    pareto = new_chart(pack, "column", title=label("pareto_chart", lang).format(n=n))
    pareto.add_series({"name": label("net_sales_short", lang), "categories": [sheet_name, first, 0, first + n - 1, 0],
                       "values": [sheet_name, first, 4, first + n - 1, 4], "fill": {"color": ACTUAL}, "gap": 30})
    cum = new_chart(pack, "line")
    cum.add_series({"name": label("cum_pct", lang), "categories": [sheet_name, first, 0, first + n - 1, 0],
                    "values": [sheet_name, first, 6, first + n - 1, 6], "y2_axis": True,
                    "line": {"color": "#ED7D31", "width": 2.25}})
    pareto.combine(cum)
    axes(pareto, x={"num_font": font(7), "interval_unit": 5}, y2_format='0"%"', y2={"min": 0, "max": 100})
    rows = place(pack, ws, chart_row, gap, pareto, width=560, height=270)
    pie = new_chart(pack, "pie", title=label("abc_share_chart", lang))
    pie.add_series({"name": label("share_pct", lang),
                    "categories": [sheet_name, summary.first, gap, summary.last, gap],
                    "values": [sheet_name, summary.first, gap + 2, summary.last, gap + 2],
                    "points": [{"fill": {"color": CLASS_COLOURS[c]}} for c in "ABC"],
                    "data_labels": {"percentage": True, "category": True, "font": font(9, color="#FFFFFF"),
                                    "separator": "\n"}})
    pie.set_legend({"position": "right", "font": font(9)})
    place(pack, ws, chart_row + rows + 1, gap, pie, width=560, height=230)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)
