"""Sales totals without dates: a report of sales by product (or by category,
by staff ...) over a period, as shop systems' analytics download them
(Shopify's "Sales by product", a POS's 商品別売上). The rows carry no day; the
period is in the file's name as the system wrote it
(sales_2026-10-01_2026-10-31.csv, 売上_202610.csv) or in the lines of title
above the table (対象期間 2026/10/01～2026/10/31). A period within one month is
read as that month's sales, each row dated the period's last day (so a month
given whole is a whole month, and one cut short is said to be); a period of
several months cannot be put in one and is refused, and so is a file whose
name and title give none — both naming the file and what is missing."""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .year_context import _EXPORT_STAMP

PERIOD_HEADER = "date"  # the header of the column the period adds (the contract's own word for it)
_DAY = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?:[-/._]|年\s*)([0-9]{1,2})(?:[-/._]|月\s*)([0-9]{1,2})日?(?![0-9])"
                  r"|(?<![0-9])((?:19|20)[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])(?![0-9])")
_MONTH = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?:[-/._]|年\s*)?(0?[1-9]|1[0-2])月?(?![0-9])")
_MONTH_NAMES = {m.casefold(): i for i, m in enumerate(calendar.month_name) if m} | \
    {m.casefold(): i for i, m in enumerate(calendar.month_abbr) if m}
_NAMED = re.compile(r"\b([A-Za-z]{3,9})\.?\s+((?:19|20)[0-9]{2})\b")


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    where: str  # "name" or "title": what gave it

    @property
    def one_month(self) -> bool:
        return (self.first.year, self.first.month) == (self.last.year, self.last.month)


def period_of(file_name: str, title_cells: list[object]) -> Period | None:
    """The period the file's name gives, else its lines of title (those that
    date the export itself — 出力日, exported — are passed over); None where
    neither gives one."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", file_name)
    found = _period(unicodedata.normalize("NFKC", stem))
    if found:
        return Period(*found, "name")
    texts = [unicodedata.normalize("NFKC", str(c)) for c in title_cells if c not in (None, "")]
    found = _period(" ".join(t for t in texts if not _EXPORT_STAMP.search(t)))
    return Period(*found, "title") if found else None


def _period(text: str) -> tuple[date, date] | None:
    days = [d for d in (_day(m) for m in _DAY.finditer(text)) if d]
    if days:
        return min(days), max(days)
    months = {(int(m[1]), int(m[2])) for m in _MONTH.finditer(text)}
    months |= {(int(m[2]), _MONTH_NAMES[m[1].casefold()]) for m in _NAMED.finditer(text)
               if m[1].casefold() in _MONTH_NAMES}
    if not months:
        return None
    (y1, m1), (y2, m2) = min(months), max(months)
    return date(y1, m1, 1), date(y2, m2, calendar.monthrange(y2, m2)[1])


def _day(found: re.Match) -> date | None:
    y, m, d = (found[1], found[2], found[3]) if found[1] else (found[4], found[5], found[6])
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def dated(sheet_map, sheet_name: str, file_name: str, title_cells: list[object], body=None):
    """A sheet of sales lacking only a date: (its period, its mapping with the
    period as its date column, None) where the file's name or title cells
    give one month; (the period or None, None, the message code refusing it)
    where they give several months or none; (None, None, None) for any other
    sheet. The importer and the query engine read such files alike."""
    from .fit import nearest_role  # noqa: PLC0415
    from .headers import classify  # noqa: PLC0415

    headers = sheet_map.headers
    if nearest_role(headers) != ("sales", ["date"]):
        return None, None, None
    period = period_of(file_name, title_cells)
    if period is None:
        return None, None, "sheet_undated_no_period"
    if not period.one_month:
        return period, None, "sheet_undated_months"
    dated_map = classify([*headers, PERIOD_HEADER], sheet_name, None, None,
                         [[*row, period.last.isoformat()] for row in body] if body else None)
    if dated_map.role != "sales":
        return None, None, None
    dated_map.derived = {**dated_map.derived, len(headers): (f"derived_period_{period.where}", {})}
    return period, dated_map, None


_DAY_HEADERS = {"日", "day", "日付", "date", "日にち"}
_DAY_CELL = re.compile(r"^(0?[1-9]|[12][0-9]|3[01])日?(?:\s*[(（][月火水木金土日][)）])?$")


def day_column(headers: list[str], body: list[list[object]], period: Period) -> int | None:
    """The column giving each row the day of the period's one month (日 | 1,
    2, … or 1日, 1(木)): headed as a day or date, and every filled cell of
    the sampled rows such a day of that month, a totals label (合計) aside;
    None where there is none."""
    from .headers import normalise  # noqa: PLC0415
    from .tables import total_labels  # noqa: PLC0415

    last = period.last.day
    for col, header in enumerate(headers):
        if normalise(header) not in _DAY_HEADERS:
            continue
        cells = [row[col] for row in body if col < len(row) and row[col] not in (None, "")]
        days = [_day_of(c) for c in cells]
        rest = [c for c, d in zip(cells, days) if d is None]
        if any(d is not None for d in days) and all(d is None or d <= last for d in days) and \
                _all_totals(rest, total_labels):
            return col
    return None


def _all_totals(cells: list[object], total_labels) -> bool:
    import pandas as pd  # noqa: PLC0415

    texts = [str(c) for c in cells]
    return not texts or len(total_labels(pd.Series(texts))) == len(set(texts))


def _day_of(cell: object) -> int | None:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return int(cell) if float(cell).is_integer() and 1 <= cell <= 31 else None
    found = _DAY_CELL.match(unicodedata.normalize("NFKC", str(cell)).strip())
    return int(found[1]) if found else None


def day_dates(cells, period: Period):
    """Each row's date: its day cell of the period's month, else the cell as
    written (a blank or 合計 row is rejected as such by the reader)."""
    def one(cell):
        day = _day_of(cell) if cell is not None and cell == cell else None
        return date(period.first.year, period.first.month, day).isoformat() if day and day <= period.last.day \
            else cell
    return cells.map(one).astype(object)


def is_undated(sheet) -> bool:
    """Whether a sheet's sales were dated by the period of its name or title."""
    return sheet.role == "sales" and any(code.startswith("derived_period_") for code, _ in
                                         sheet.mapping.derived.values())


def beside_lines(sheets: list) -> tuple[list, list]:
    """The sheets without the sales totals of a month other sheets give line
    by line (a workbook's summary sheet beside its lines, a report downloaded
    beside the transactions): the same sales again, never counted twice. Each
    one left out is named in a note."""
    from ..errors import Issue  # noqa: PLC0415

    def months(sheet) -> set[str]:
        dates = sheet.table.get("date")
        stamps = dates.dropna() if dates is not None else None
        if stamps is None or stamps.empty:
            return set()
        # each distinct month once: a million lines' dates are not each written out as text
        return {f"{m // 100:04d}-{m % 100:02d}" for m in (stamps.dt.year * 100 + stamps.dt.month).unique().tolist()}

    lined = set().union(*(months(s) for s in sheets if s.role == "sales" and not is_undated(s)))
    kept, notes = [], []
    for sheet in sheets:
        same = sorted(months(sheet) & lined) if is_undated(sheet) else []
        if same:
            notes.append(Issue(sheet.file, sheet.sheet, 0, "sheet_undated_beside_lines",
                               {"rows": sheet.rows_read, "month": ", ".join(same)}))
        else:
            kept.append(sheet)
    return kept, notes
