"""Dates that read both day first and month first (10/01/2026 … 10/12/2026),
dates without a year (10/1(木)) in a file that does not say it, and weekdays
(10/2(木)) that the year the file says does not fit (the years they fit are
offered).

The build never guesses: it stops naming the file, sheet and column (see
`kpipack.ingest.clean.clean_date`). The app's error banner then asks which
it is, with one button per answer (for the year: this year and the two
before it); the answer joins the sheet's column
choice, saved under its headers, so next month's file with the same columns
is read the same way without asking (a year is kept for this file only), and
the preview is built again.
"""
from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path
from typing import Callable

from ..errors import KpipackError
from .i18n import tr
from .profiles import SheetChoice

# (date_weekday_order: weekdays that fit the dates read the other way round; the order is asked)
CODES = ("date_order_unclear", "date_order_mixed", "date_no_year", "date_weekday_wrong", "date_weekday_order")
YEARS_LOOKED_BACK = 10  # a weekday that the year taken contradicts: the years it fits, among these
YEARS_OFFERED = 3  # this year and the ones before it: exports are of the past
ORDERS = ("dmy", "mdy")


def asks(exc: BaseException) -> bool:
    return isinstance(exc, KpipackError) and exc.code in CODES


def answers(window, exc: KpipackError) -> Callable[[str], list[tuple[str, Callable[[], None]]]] | None:
    """The banner's buttons for the error (None when its sheet is not in the file list)."""
    found = _sheet_of(window, exc)
    if found is None:
        return None
    path, name = found
    if exc.code in ("date_no_year", "date_weekday_wrong"):
        this_year = datetime.date.today().year
        years = range(this_year, this_year - YEARS_OFFERED, -1) if exc.code == "date_no_year" else \
            fitting_years(exc.params["date"], exc.params["weekday"], this_year)
        return lambda lang: [(tr("year_choice", lang, year=y), lambda *_, y=y: settle(window, path, name, year=y))
                             for y in years]
    return lambda lang: [(tr(f"date_order_{order}", lang), lambda *_, o=order: settle(window, path, name, o))
                         for order in ORDERS]


def fitting_years(date: str, weekday: str, this_year: int) -> list[int]:
    """The latest years (up to YEARS_OFFERED, this year back) in which the
    month and day of `date` (2026-10-02) fall on `weekday` (木)."""
    from ..ingest.clean import WEEKDAYS_JA

    month, day = int(date[5:7]), int(date[8:10])
    out = []
    for year in range(this_year, this_year - YEARS_LOOKED_BACK, -1):
        try:
            if WEEKDAYS_JA[datetime.date(year, month, day).weekday()] == weekday:
                out.append(year)
        except ValueError:  # 29 February of a year without one
            continue
    return out[:YEARS_OFFERED]


def settle(window, path: Path, name: str, order: str | None = None, year: int | None = None) -> None:
    """Read the sheet's dates in `order` (or of `year`, where they have none)
    from now on, remembered with its columns."""
    sheet = window.sheet(path, name)
    if sheet is None or sheet.role is None:
        return
    choice = window.session_choices.get(sheet.key) or window.profiles.get(sheet.signature) or \
        SheetChoice(sheet.role, sheet.fields(), list(sheet.headers), sheet.key)
    if order:
        window.apply_choice(path, name, replace(choice, date_order=order), remember=True)
    else:  # a year holds for this file only: remembered by its columns, next year's file would take it
        window.apply_choice(path, name, replace(choice, year=str(year)), remember=False)


def _sheet_of(window, exc: KpipackError) -> tuple[Path, str] | None:
    for path, found in window.inspections.items():
        sheets = getattr(found, "sheets", None) or []
        if any(s.file == exc.file and s.sheet == exc.sheet and s.role for s in sheets):
            return Path(path), exc.sheet
    return None
