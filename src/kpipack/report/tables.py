"""Writing a report table in one call: header, banded body, optional total row.

Cells are plain values (numbers, text, dates), `Formula`s with the value the
engine computed cached in them, or `Status` cells. Formula templates name the
table's columns: `{net_sales}` is the cell of that column in the same row,
`{net_sales:range}` its body range and `{net_sales:total}` its total-row cell,
so a sheet states *what* it computes and this module works out the addresses.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell


_REF = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)(?::(range|total|abs))?\}")


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    unit: str | None = None  # number format unit; None = text; "@x" = the unit in the record's "_x"
    width: float | None = None  # fixed width; None = fitted to the contents
    group: str | None = None  # a group header written above (consecutive equal groups merge)
    wrap: bool = False
    style: str | None = None  # "mono": fixed-width small type (checksums); "centre": centred text


@dataclass(frozen=True)
class Formula:
    """A live formula and the engine's value, cached for viewers that do not recalculate."""

    template: str
    cached: object


@dataclass(frozen=True)
class Status:
    text: str
    status: str
    formula: str | None = None  # template of a formula giving `text`


@dataclass(frozen=True)
class Link:
    text: str
    target: str  # "internal:'Sheet'!A1"


@dataclass
class Placed:
    """Where a table landed."""

    header_row: int
    first: int
    last: int  # last body row (first - 1 when the table is empty)
    total: int | None
    cols: dict[str, int] = field(default_factory=dict)

    def cell(self, key: str, row: int, absolute: bool = False) -> str:
        return xl_rowcol_to_cell(row, self.cols[key], row_abs=absolute, col_abs=absolute)

    def range(self, key: str, absolute: bool = True) -> str:
        c = self.cols[key]
        last = max(self.last, self.first)
        return (f"{xl_rowcol_to_cell(self.first, c, absolute, absolute)}:"
                f"{xl_rowcol_to_cell(last, c, absolute, absolute)}")


def display_width(text: str) -> float:
    """Column-width units a text needs: CJK characters take about two."""
    return sum(2.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 1.0 for ch in str(text))


def formatted_width(value, unit: str | None) -> float:
    """Approximate width of a number once its unit's number format is applied."""
    if value is None or isinstance(value, str):
        return display_width(value or "")
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return 10.0
    v = float(value)
    if not math.isfinite(v):
        return 2.0
    decimals = {"pct": 1, "pct_points": 1, "units": 2, "hours": 1, "days": 1, "weeks": 1, "times": 1, "ratio": 2,
                "points": 1, "area": 1}.get(unit or "", 0)
    text = f"{v:,.{decimals}f}"
    extra = {"pct": 1, "pct_points": 4, "money": 1, "money_per_area": 1, "money_per_hour": 1, "unit_cost": 1}
    return len(text) + extra.get(unit or "", 0)


def expand(template: str, placed: Placed, row: int) -> str:
    def sub(match: re.Match) -> str:
        key, kind = match.group(1), match.group(2)
        if key not in placed.cols:
            raise KeyError(f"formula refers to unknown column '{key}'")
        if kind == "range":
            return placed.range(key)
        if kind == "total":
            return placed.cell(key, placed.total, absolute=True)
        if kind == "abs":
            return placed.cell(key, row, absolute=True)
        return placed.cell(key, row)

    return _REF.sub(sub, template)


def write_table(pack, ws, row: int, col: int, columns: list[Col], records: list[dict],
                total: dict | None = None, *, autofilter: bool = False, header_height: float | None = None,
                min_width: float = 8.0) -> Placed:
    """Header (with optional group row above), body rows, optional total row."""
    f = pack.formats
    groups = [c.group for c in columns]
    spans: list[tuple[int, int, str]] = []
    group_row = row
    if any(groups):
        c0 = 0
        while c0 < len(columns):
            c1 = c0
            while c1 + 1 < len(columns) and groups[c1 + 1] == groups[c0]:
                c1 += 1
            if groups[c0]:
                spans.append((c0, c1, groups[c0]))
                if c1 > c0:
                    ws.merge_range(row, col + c0, row, col + c1, groups[c0], f.group_header())
                else:
                    ws.write_string(row, col + c0, groups[c0], f.group_header())
            c0 = c1 + 1
        row += 1
    header_row = row
    for i, c in enumerate(columns):
        ws.write_string(row, col + i, c.header, f.header())
    if header_height:
        ws.set_row(row, header_height)
    first = row + 1
    last = first + len(records) - 1
    # a table's title (the row above), header and first rows print on one page
    pack.keep_together(ws, max(row - 1, 0), min(last, first + 2) if records else row)
    placed = Placed(header_row, first, last, first + len(records) if total is not None else None,
                    {c.key: col + i for i, c in enumerate(columns)})
    widths = [max(min_width, _header_width(c.header)) for c in columns]
    for n, record in enumerate(records):
        r = first + n
        band = n % 2 == 1
        for i, c in enumerate(columns):
            used = write_cell(pack, ws, r, col + i, record.get(c.key), c, record, placed, band=band)
            widths[i] = max(widths[i], used)
    if total is not None:
        for i, c in enumerate(columns):
            used = write_cell(pack, ws, placed.total, col + i, total.get(c.key), c, total, placed, is_total=True)
            widths[i] = max(widths[i], used)
    for i, c in enumerate(columns):
        pack.fit_column(ws, col + i, c.width if c.width else min(widths[i] + 2, 60))
    _fit_wrapped_rows(pack, ws, first, col, columns, records)
    # a group label wider than its columns wraps onto a second line
    if any(display_width(text) + 2 > sum(pack.widths(ws).get(col + i, 8.43) for i in range(a, b + 1))
           for a, b, text in spans):
        ws.set_row(group_row, 28)
    if autofilter and records:
        ws.autofilter(header_row, col, last, col + len(columns) - 1)
    return placed


LINE_HEIGHT = 15.0  # points a line of body text takes


def _fit_wrapped_rows(pack, ws, first: int, col: int, columns: list[Col], records: list[dict]) -> None:
    """Rows whose wrapped text is wider than its column made tall enough for
    every line: neither Excel nor LibreOffice can be counted on to size them
    on opening, and a PDF of the pack would cut the text at the cell's edge."""
    wrapped = [(i, c) for i, c in enumerate(columns) if c.wrap]
    if not wrapped:
        return
    widths = pack.widths(ws)
    for n, record in enumerate(records):
        lines = 1
        for i, c in wrapped:
            value = record.get(c.key)
            if isinstance(value, str) and value:
                room = max(widths.get(col + i, 8.43) - 1.0, 4.0)
                lines = max(lines, math.ceil(display_width(value) * 1.1 / room))
        if lines > 1:
            ws.set_row(first + n, LINE_HEIGHT * lines)


def _header_width(text: str) -> float:
    # headers wrap: the longest word (or half a long CJK header) sets the width
    words = str(text).split()
    longest = max((display_width(w) for w in words), default=0.0)
    return min(max(longest, display_width(text) / 2), 24.0)


def write_cell(pack, ws, r: int, c: int, value, column: Col, record: dict, placed: Placed, band: bool = False,
               is_total: bool = False) -> float:
    """Write one table cell; return the width it needs."""
    f = pack.formats
    unit = record.get("_" + column.unit[1:]) if column.unit and column.unit.startswith("@") else column.unit
    if is_total:
        fmt = f.total_number(unit) if unit else f.total_text()
    elif unit:
        fmt = f.number(unit, band)
    elif column.style == "mono":
        fmt = f.mono(band)
    elif column.style == "centre":
        fmt = f.text(band, align="center")
    else:
        fmt = f.text(band, text_wrap=True, valign="top") if column.wrap else f.text(band)
    if isinstance(value, Formula):
        cached = value.cached
        if cached is None or (isinstance(cached, float) and not math.isfinite(cached)):
            ws.write_blank(r, c, None, fmt)  # nothing to show: no formula without a value
            return 2.0
        pack.write_formula(ws, r, c, expand(value.template, placed, r), cached, fmt)
        return formatted_width(cached, unit)
    if isinstance(value, Status):
        if value.formula:
            pack.write_formula(ws, r, c, expand(value.formula, placed, r), value.text, f.status(value.status))
            pack.status_overlays(ws, r, c)
        else:
            ws.write_string(r, c, value.text, f.status(value.status))
        return display_width(value.text) + 1
    if isinstance(value, Link):
        ws.write_url(r, c, value.target, f.link(), string=value.text)
        return display_width(value.text)
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        if pd.isna(value):
            ws.write_blank(r, c, None, fmt)
            return 2.0
        ws.write_datetime(r, c, pd.Timestamp(value).to_pydatetime(), f.date(band, month=unit == "month"))
        return 10.0
    if value is None or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(r, c, None, fmt)
        return 2.0
    if isinstance(value, str):
        if value == "":
            ws.write_blank(r, c, None, fmt)
        else:
            ws.write_string(r, c, value, fmt)  # input text stays text, never a formula
        return display_width(value) if not column.wrap else min(display_width(value), 50)
    if unit is None:
        ws.write_string(r, c, str(value), fmt)
        return display_width(str(value))
    pack.write_value(ws, r, c, value, fmt)
    return formatted_width(value, unit)


def col_name(c: int) -> str:
    return xl_col_to_name(c)


def ties(a, b) -> bool:
    """Whether a formula's result (a) reproduces the engine's value (b) — only then
    is the formula written; otherwise the engine's value stands as a number."""
    if a is None or b is None:
        return False
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-6)


def ratio_of(num, den, scale: float = 1.0):
    if num is None or den is None or den == 0:
        return None
    return num / den * scale


def total_cell(key: str, values: list, total, additive: bool = True):
    """A total-row cell: a live SUM of the rows where they add up to the engine's
    total, else the total itself."""
    present = [v for v in values if v is not None]
    if additive and present and len(present) == len(values) and ties(sum(present), total):
        return Formula(f"=SUM({{{key}:range}})", total)
    return total


def write_monthly(pack, ws, row: int, scope: str, months: list[str], kpis: list[str], value) -> Placed:
    """Month-by-month actuals of some KPIs for one scope, under a subtitle;
    `value(kpi, scope, month)` reads the engine's figures."""
    from ..kpis.registry import BY_ID
    from .labels import label
    from .months import month_date

    lang = pack.lang
    ws.write_string(row, 0, f"{label('prod_monthly', lang)} — {pack.scope_name(scope)}", pack.formats.subtitle())
    columns = [Col("month", label("month", lang), "month", width=10)] + [
        Col(k, BY_ID[k].label(lang), BY_ID[k].unit) for k in kpis]
    records = [dict({"month": month_date(m)}, **{k: value(k, scope, m) for k in kpis}) for m in months]
    return write_table(pack, ws, row + 1, 0, columns, records, header_height=42)
