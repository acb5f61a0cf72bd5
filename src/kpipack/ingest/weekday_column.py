"""A weekday column beside the dates (日付 | 曜日 | …, Date | Day of week):
each row's weekday must be its date's. One that is not says the dates were
read in the wrong order (10/01/2026 as 10 January) or the file is wrong: the
build stops naming the row, the column and, where every weekday fits the
dates read the other way round, the order that would (see
`clean.check_weekdays`), as for a weekday written in the date's own cell.
A date column that reads both day first and month first (10/01 … 10/12)
is read in the one order its weekdays fit, said in a note (`date_order`)."""
from __future__ import annotations

import re
import unicodedata

# "Day" too: a column of days of the month under it holds no weekday, and checks nothing
WEEKDAY_HEADER = re.compile(r"^(曜日|曜|曜日名|weekday|week day|day|day of (?:the )?week|day name|dow)$", re.I)


def is_weekday_header(header: object) -> bool:
    return bool(WEEKDAY_HEADER.match(unicodedata.normalize("NFKC", str(header or "")).strip()))


def check(source, header_row: int, sheet, date_col: int | None, date_order: str | None) -> None:
    """Stop the build (KpipackError naming file, sheet, row and column) at the
    first row of `sheet` (a SheetTable read from `source`) whose weekday
    column's day is not the day of its date."""
    from . import clean
    from .tables import _date_column

    headers = sheet.mapping.headers
    cols = [c for c, h in enumerate(headers) if is_weekday_header(h)]
    table = sheet.table
    if len(cols) != 1 or date_col is None or date_col in sheet.mapping.derived or "date" not in table.columns \
            or "_row" not in table.columns:
        return  # (a date a rule made, from the file's name, has no cells to check)
    raw = source.own(source.load(header_row, sorted({date_col, cols[0]}), set()))
    named = clean.weekdays_written(raw[cols[0]]).dropna().astype(int)
    if named.empty:
        return
    dates = table.drop_duplicates("_row").set_index("_row")["date"]
    dates = dates[dates.index.isin(named.index)]
    cells = clean._text(raw[date_col]).fillna("").astype(str) + " | " + clean._text(raw[cols[0]]).fillna("")
    with _date_column(sheet.file, sheet.sheet, sheet.mapping, cols[0], cells):
        clean.check_weekdays(named[named.index.isin(dates.index)], dates, cells, date_order)


def date_order(source, header_row: int, headers: list, date_col: int | None, given: str | None, file: str
               ) -> tuple[str | None, object]:
    """The order ('dmy' or 'mdy') the sheet's dates are read in, and the note
    saying why: `given` (the setting) where there is one; else, where the
    date column reads both ways (10/01/2026 … 10/12/2026) and exactly one
    order makes every weekday of the one weekday column beside it its date's,
    that order, with a note naming both columns. Else (`given`, None): the
    column decides, or the build asks (tables._date_column)."""
    cols = [c for c, h in enumerate(headers) if is_weekday_header(h)]
    if given is not None or date_col is None or len(cols) != 1:
        return given, None
    from . import clean
    from ..errors import Issue

    raw = source.own(source.load(header_row, sorted({date_col, cols[0]}), set()))
    if date_col not in raw.columns or cols[0] not in raw.columns:
        return given, None
    try:
        clean.clean_date(raw[date_col])
        return given, None  # the column decides by itself
    except clean.DateOrderUnclear as exc:
        if exc.mixed or exc.short or exc.yearless:
            return given, None
    except ValueError:
        return given, None
    named = clean.weekdays_written(raw[cols[0]]).dropna().astype(int)
    fitting = []
    for order in clean.DATE_ORDERS:
        try:
            dates, _ = clean.clean_date(raw[date_col], order)
        except ValueError:
            continue
        both = named[named.index.isin(dates.dropna().index)]
        if len(both) and dates[both.index].dt.day_of_week.eq(both).all():
            fitting.append(order)
    if len(fitting) != 1:
        return given, None
    sheet = getattr(source, "name", "")
    return fitting[0], Issue(file, sheet, 0, f"note_date_order_weekdays_{fitting[0]}", {
        "column": str(headers[date_col]), "weekdays": str(headers[cols[0]])})
