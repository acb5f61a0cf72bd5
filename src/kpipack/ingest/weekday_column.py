"""A weekday column beside the dates (日付 | 曜日 | …, Date | Day of week):
each row's weekday must be its date's. One that is not says the dates were
read in the wrong order (10/01/2026 as 10 January) or the file is wrong: the
build stops naming the row, the column and, where every weekday fits the
dates read the other way round, the order that would (see
`clean.check_weekdays`), as for a weekday written in the date's own cell."""
from __future__ import annotations

import re
import unicodedata

WEEKDAY_HEADER = re.compile(r"^(曜日|曜|weekday|day of week|dow)$", re.I)


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
