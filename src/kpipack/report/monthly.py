"""Monthly data: 13 months of every KPI for each scope of the pack. The
executive summary's sparklines draw from these rows, so the positions are
worked out by one function both sheets call."""
from __future__ import annotations

from dataclasses import dataclass

from ..domain import month_add
from ..kpis.registry import BY_ID
from .labels import label, unit_label
from .months import TREND_MONTHS, month_date
from .tables import display_width, formatted_width

FIRST_MONTH_COL = 2  # A: KPI, B: unit, C..: months
SHEET_ID = "monthly"


@dataclass(frozen=True)
class SeriesPlace:
    sheet: str
    rows: dict  # (scope, kpi id) -> row
    first_col: int
    last_col: int
    months: list


def monthly_months(comp) -> list[str]:
    return [month_add(comp.period, -i) for i in range(TREND_MONTHS - 1, -1, -1)]


def kpis_for(pack, scope: str) -> list[str]:
    return [k for k in pack.comp.present if not (BY_ID[k].total_only and scope != "total")]


def series_place(pack) -> SeriesPlace | None:
    """Where each (scope, KPI) series sits on the monthly sheet; None when the
    layout has no monthly sheet."""
    if SHEET_ID not in pack.layout.get("sheets", []):
        return None
    rows: dict = {}
    row = 3
    for scope in pack.scopes:
        row += 2  # scope title, month header
        for kpi in kpis_for(pack, scope):
            rows[(scope, kpi)] = row
            row += 1
        row += 1
    months = monthly_months(pack.comp)
    return SeriesPlace(pack.planned_name(SHEET_ID), rows, FIRST_MONTH_COL, FIRST_MONTH_COL + len(months) - 1, months)


def write_monthly(pack, sheet_name: str) -> None:
    place = series_place(pack)
    ws = pack.add_sheet(sheet_name)
    lang, f, comp = pack.lang, pack.formats, pack.comp
    last_col = place.last_col
    pack.heading(ws, sheet_name, last_col)
    ws.write_string(2, 0, label("monthly_note", lang), f.note())
    name_width = 12.0
    widths = [11.0] * len(place.months)
    row = 3
    for scope in pack.scopes:
        ws.write_string(row, 0, pack.scope_name(scope), f.subtitle())
        row += 1
        ws.write_string(row, 0, label("kpi", lang), f.header())
        ws.write_string(row, 1, label("unit", lang), f.header())
        for i, m in enumerate(place.months):
            ws.write_datetime(row, FIRST_MONTH_COL + i, month_date(m), pack.formats.get(
                bold=True, font_color="#FFFFFF", bg_color="#1F3864", border=1, align="center", num_format="yyyy-mm"))
        row += 1
        for n, kpi_id in enumerate(kpis_for(pack, scope)):
            assert place.rows[(scope, kpi_id)] == row, "monthly layout out of step"
            kpi = BY_ID[kpi_id]
            band = n % 2 == 1
            ws.write_string(row, 0, kpi.label(lang), f.text(band))
            ws.write_string(row, 1, unit_label(kpi.unit, lang, pack.settings.currency), f.text(band))
            name_width = max(name_width, display_width(kpi.label(lang)) + 2)
            for i, m in enumerate(place.months):
                value = comp.value(comp.actual, kpi_id, scope, m)
                pack.write_value(ws, row, FIRST_MONTH_COL + i, value, f.number(kpi.unit, band))
                widths[i] = max(widths[i], formatted_width(value, kpi.unit) + 2)
            row += 1
        row += 1
    pack.fit_column(ws, 0, min(name_width, 44))
    pack.fit_column(ws, 1, 10)
    for i, width in enumerate(widths):
        pack.fit_column(ws, FIRST_MONTH_COL + i, width)
    ws.freeze_panes(3, 2)
