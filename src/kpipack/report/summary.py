"""Executive summary: one printed page per scope (total first) with the
findings above a table of the headline KPIs: actual, budget and variance,
previous month, previous year, year to date, a status cell and a 13-month
sparkline. Variances, changes and the status are live formulas over the
cells beside them, so an edited budget moves them."""
from __future__ import annotations

from ..kpis.engine import AMBER_BAND_PCT, pct_change
from ..kpis.registry import BY_ID
from .findings import findings
from .formats import ACTUAL
from .labels import label
from .monthly import series_place
from .pack import sheet_ref
from .tables import Col, Formula, Status, write_table
from xlsxwriter.utility import xl_rowcol_to_cell

DEFAULT_KPIS = ("net_sales", "gross_profit", "gross_margin_pct", "transactions", "atv", "units_per_transaction",
                "conversion_rate_pct", "sales_per_area", "labor_productivity", "days_of_inventory", "gmroi",
                "stockout_rate_pct", "osa_pct", "sell_through_pct", "shrinkage_pct", "customers", "repeat_rate_pct", "nps", "operating_profit",
                "operating_margin_pct")


def headline_kpis(pack, scope: str) -> list[str]:
    wanted = pack.layout.get("summary_kpis") or DEFAULT_KPIS
    have = pack.rows_for(scope)
    return [k for k in wanted if k in have]


def status_formula(kpi_id: str, lang: str) -> str:
    """The engine's budget rule as a formula: good side green, within the amber
    band amber, beyond it red."""
    good = "{actual}>={budget}" if BY_ID[kpi_id].direction == "higher" else "{actual}<={budget}"
    g, a, r = (label(f"status_{s}", lang) for s in ("green", "amber", "red"))
    return (f'=IF({good},"{g}",IF(ABS({{actual}}-{{budget}})<=ABS({{budget}})*{AMBER_BAND_PCT / 100},'
            f'"{a}","{r}"))')


def columns(lang: str, sparklines: bool) -> list[Col]:
    cols = [Col("kpi", label("kpi", lang)),
            Col("actual", label("actual", lang), "@unit", group=label("month_group", lang)),
            Col("budget", label("budget", lang), "@unit", group=label("month_group", lang)),
            Col("variance", label("variance", lang), "@var_unit", group=label("month_group", lang)),
            Col("variance_pct", label("variance_pct", lang), "pct", group=label("month_group", lang)),
            Col("prev_month", label("prev_month", lang), "@unit", group=label("vs_month", lang)),
            Col("mom_pct", label("mom_pct", lang), "pct", group=label("vs_month", lang)),
            Col("prev_year", label("prev_year", lang), "@unit", group=label("vs_year", lang)),
            Col("yoy_pct", label("yoy_pct", lang), "pct", group=label("vs_year", lang)),
            Col("ytd", label("ytd", lang), "@unit", group=label("ytd_group", lang)),
            Col("ytd_budget", label("ytd_budget", lang), "@unit", group=label("ytd_group", lang)),
            Col("ytd_var_pct", label("variance_pct", lang), "pct", group=label("ytd_group", lang)),
            Col("status", label("status", lang), width=13)]
    if sparklines:
        cols.append(Col("trend", label("trend_13", lang), width=18))
    return cols


def record(kpi_id: str, r: dict, lang: str) -> dict:
    kpi = BY_ID[kpi_id]
    status_text = label(f"status_{r['status']}", lang)
    has_budget = r["budget"] is not None and r["actual"] is not None and kpi.direction is not None
    return {
        "_unit": kpi.unit, "_var_unit": "pct_points" if kpi.unit == "pct" else kpi.unit,
        "kpi": kpi.label(lang), "actual": r["actual"], "budget": r["budget"],
        "variance": Formula("={actual}-{budget}", r["variance"]),
        "variance_pct": Formula("=({actual}-{budget})/ABS({budget})*100", r["variance_pct"]),
        "prev_month": r["prev_month"],
        "mom_pct": Formula("=({actual}-{prev_month})/ABS({prev_month})*100", r["mom_pct"]),
        "prev_year": r["prev_year"],
        "yoy_pct": Formula("=({actual}-{prev_year})/ABS({prev_year})*100", r["yoy_pct"]),
        "ytd": r["ytd"], "ytd_budget": r["ytd_budget"],
        "ytd_var_pct": Formula("=({ytd}-{ytd_budget})/ABS({ytd_budget})*100", pct_change(r["ytd"], r["ytd_budget"])),
        "status": Status(status_text, r["status"], status_formula(kpi_id, lang) if has_budget else None),
        "trend": "",
    }


STORE_SET_NOTES = ("warn_store_set_mom", "warn_store_set_yoy")


def write_summary(pack, sheet_name: str) -> None:
    ws = pack.add_sheet(sheet_name, landscape=True)
    lang, f = pack.lang, pack.formats
    place = series_place(pack)
    cols = columns(lang, place is not None)
    last_col = len(cols) - 1
    row = pack.heading(ws, sheet_name, last_col)
    ws.freeze_panes(3, 1)
    if pack.partial is not None:  # whole months' budget, last month and last year beside a part month
        ws.write_string(2, 0, label("partial_summary", lang).format(
            days=pack.partial.days, month_days=pack.partial.month_days), f.caution())
    for n, scope in enumerate(pack.scopes):
        if n:
            pack.page_break(ws, row)
        ws.write_string(row, 0, pack.scope_name(scope), f.subtitle())
        ws.set_row(row, 20)
        row += 1
        for sentence in findings(pack, scope):
            ws.write_string(row, 0, f"• {sentence}", f.finding())
            row += 1
        row += 1
        rows = pack.rows_for(scope)
        kpis = headline_kpis(pack, scope)
        placed = write_table(pack, ws, row, 0, cols, [record(k, rows[k], lang) for k in kpis])
        if place is not None:
            trend_col = placed.cols["trend"]
            for i, kpi_id in enumerate(kpis):
                series_row = place.rows.get((scope, kpi_id))
                if series_row is None:
                    continue
                first = xl_rowcol_to_cell(series_row, place.first_col)
                last = xl_rowcol_to_cell(series_row, place.last_col)
                # columns rather than a line: every viewer draws them (LibreOffice prints no sparkline lines)
                ws.add_sparkline(placed.first + i, trend_col, {
                    "range": f"{sheet_ref(place.sheet)}{first}:{last}", "type": "column",
                    "series_color": "#8EA9DB", "last_point": True, "last_color": ACTUAL,
                    "negative_points": True, "negative_color": "#C00000", "empty_cells": "gaps"})
        row = placed.last + 2
    ws.write_string(row, 0, label("summary_note", lang), f.note())
    # the company's month-over-month or year-over-year set against different stores is said where it is read
    for warning in getattr(pack.comp, "warnings", []):
        if warning.code in STORE_SET_NOTES:
            row += 1
            ws.write_string(row, 0, warning.problem(lang), f.caution())
