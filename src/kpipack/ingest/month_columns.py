"""Budgets with the months as columns, as a plan is kept by hand: a row per
KPI (and store), a column per month, often a year's total on the right:

    2026年度 予算
    店舗 | 項目     | 4月     | 5月     | … | 3月     | 合計
    S01  | 売上予算 | 3000000 | 3100000 | … | 2900000 | 36000000
         | 粗利予算 |  900000 |  930000 | … |  870000 | 10800000

Each month column is read as that month's budget rows (month, store, KPI,
value), as the contract's long budget; totals, half years and quarters are
left out. Money budgets are multiplied by the unit a title line, the
labels' header or a label itself states (単位：千円, 売上予算(千円)). A store written once above its block of rows holds for the rows
below it; 全店 / 合計 / Total as the store is the company's total.

Only when sure: at least three month columns in calendar order; a column of
labels to their left of which at least one names a KPI (or, for rows of
stores, one KPI budget named by the title lines or the sheet's or file's
name: 2026年度 売上予算); and a budget word
(予算, 目標, 計画, budget, target, plan) in the file's or sheet's name, the
title lines, the headers or the labels — a sheet of last year's actuals by
month is not a budget. Months written without a year (4月, Apr) take the year from the file's
name or title (2026年度: April 2026 to March 2027) or from the `_year` of a
mapping file, in column order; without one, each month once, they are read
as a budget's months without a year in rows are (see `budget_months`):
within the fiscal year holding the sales' latest month, with a note saying
which. A sheet of more than twelve such months without a year is not read,
and the note says how to give it."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from .clean import MONTH_NAMES, YearOf
from .headers import fields_for, normalise

MIN_MONTHS = 3
_BUDGET_WORD = re.compile(r"予算|目標|計画|budget|target|plan", re.I)
_YEAR_MONTH = re.compile(r"^((?:19|20)\d{2})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月度?)?$")
_PACKED = re.compile(r"^((?:19|20)\d{2})(0[1-9]|1[0-2])$")
_MONTH_JA = re.compile(r"^(\d{1,2})\s*月度?$")
_MONTH_EN = re.compile(rf"^({'|'.join(MONTH_NAMES)})[a-z]*\.?(?:[\s\-'/]*((?:19|20)\d{{2}}|\d{{2}}))?$", re.I)
_COMPANY = re.compile(r"^(全店|全店計|全店舗|合計|総計|全社|会社計|total|all\s*stores|company)$", re.I)
_STORE_HEADER = re.compile(r"店舗|店名|店番|store|shop|branch", re.I)


@dataclass(frozen=True)
class MonthColumns:
    """Where such a sheet keeps what: its header row (an index into the
    preview) and column indexes."""

    header_row: int
    label: int | None  # None: one KPI for every row, named by the title or the sheet (`named`)
    store: int | None
    months: dict[int, tuple[int | None, int]]  # column -> (year as written or None, month)
    named: str = ""  # the title's or sheet name's KPI (2026年度 売上予算) where no column names one
    role: str = "budget"  # or "finance": a P&L's accounts down, months across (`label` the accounts)


def _text(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()


def month_of(cell: object) -> tuple[int | None, int] | None:
    """(year or None, month) of a header naming one month: 2026年4月, 2026/04,
    202604, 4月, 4月度, Apr, April 2026, Apr-26, a date cell; else None."""
    if isinstance(cell, (dt.date, dt.datetime)):
        return cell.year, cell.month
    text = _text(cell)
    for pattern in (_YEAR_MONTH, _PACKED):
        if found := pattern.match(text):
            month = int(found[2])
            return (int(found[1]), month) if 1 <= month <= 12 else None
    if found := _MONTH_JA.match(text):
        month = int(found[1])
        return (None, month) if 1 <= month <= 12 else None
    if found := _MONTH_EN.match(text):
        year = found[2]
        month = MONTH_NAMES.index(found[1][:3].lower()) + 1
        return (None if year is None else int(year) + (2000 if len(year) == 2 else 0)), month
    return None


def find(preview: list[list[object]], context: list[object]) -> MonthColumns | None:
    """The layout of a budget with months as columns, from the sheet's first
    rows and what names it (`context`: its file's and its own name), or None
    where the sheet is not surely one."""
    for index, row in enumerate(preview[:30]):
        months = {c: m for c, v in enumerate(row) if (m := month_of(v)) is not None}
        if len(months) < MIN_MONTHS or not _in_order([m for _, m in months.values()]):
            continue
        first = min(months)
        body = preview[index + 1:]
        label = _label_column(body, first)
        store = next((c for c in range(first) if c != label and c < len(row)
                      and ("store" in fields_for(row[c]) or _STORE_HEADER.search(_text(row[c])))), None)
        named = _named_kpi([*(c for r in preview[:index] for c in r), *context]) \
            if label is None and store is not None else ""
        said = " ".join(_text(v) for v in [*context, *(c for r in preview[:index + 1] for c in r)]
                        + [_text(r[label]) for r in body if label is not None and label < len(r)])
        if _BUDGET_WORD.search(said):
            return MonthColumns(index, label, store, months, named) if label is not None or named else None
        accounts = _account_column(body, first)  # no plan: a P&L by month (勘定科目 | 4月 | 5月 | …)
        return MonthColumns(index, accounts, store, months, role="finance") if accounts is not None else None
    return None


def _account_column(body: list[list[object]], first_month: int) -> int | None:
    """The column left of the months whose cells name the finance figures the
    pack reads (販管費, 販管費計, 当期純利益, 総資産, or expense accounts that are
    the opex without such a line: finance_lines)."""
    from .finance_lines import field_of_account, is_expense

    hits = {col: sum(1 for r in body if col < len(r) and isinstance(r[col], str) and (
        field_of_account(r[col]) or is_expense(r[col]))) for col in range(first_month)}
    best = max(hits, key=hits.get, default=None)
    return best if best is not None and hits[best] else None


def yearless(layout: MonthColumns) -> bool:
    """Every month header written without its year, no month twice (4月 … 3月):
    where nothing states it, their year is settled as that of budget months
    in rows (`budget_months`)."""
    months = [m for _, m in layout.months.values()]
    return all(y is None for y, _ in layout.months.values()) and len(set(months)) == len(months)


def named_budget(cells: list[object]) -> str:
    """The one KPI budget a sheet's names or title lines state (売上予算, Sales
    budget FY2026), as written; '' where no plan word or not one KPI is named."""
    said = " ".join(_text(c) for c in cells)
    return _named_kpi(cells) if _BUDGET_WORD.search(said) else ""


def _named_kpi(cells: list[object]) -> str:
    """The one KPI budget a sheet's title lines or names state (2026年度 売上予算,
    Sales budget FY2026), for rows of stores with no KPI column; '' where
    none or several are named."""
    from ..kpis.budget_names import kpi_for_budget_name  # deferred: the KPI registry, read for budgets only

    found = {}
    for cell in cells:
        text = _text(cell)
        for piece in [text, *re.split(r"[\s　_・:：/|()（）\[\]【】]+", text)]:
            if piece and (kpi := kpi_for_budget_name(piece)):
                found.setdefault(kpi, piece)
    return next(iter(found.values())) if len(found) == 1 else ""


def _in_order(months: list[int]) -> bool:
    """Each month the one after the month before (December then January)."""
    return all(b == a % 12 + 1 for a, b in zip(months, months[1:]))


def _label_column(body: list[list[object]], first_month: int) -> int | None:
    """The column left of the months whose cells name KPIs (売上予算, 客数, Sales)."""
    from ..kpis.budget_names import kpi_for_budget_name  # deferred: the KPI registry, read for budgets only

    best, best_hits = None, 0
    for col in range(first_month):
        hits = sum(1 for r in body if col < len(r) and isinstance(r[col], str) and kpi_for_budget_name(r[col]))
        if hits > best_hits:
            best, best_hits = col, hits
    return best


def month_labels(layout: MonthColumns, year: YearOf | None) -> dict[int, str] | None:
    """'YYYY-MM' for each month column: its own year where written, else the
    year of the month before it (a new year after December), else, from the
    first column on, the year the file gives; None where no year is known."""
    columns = sorted(layout.months)
    known = [c for c in columns if layout.months[c][0] is not None]
    if known:
        start_col = known[0]
        start_year = layout.months[start_col][0]
    elif year is not None:
        start_col = columns[0]
        month = layout.months[start_col][1]
        start_year = year.year if year.start_month is None or month >= year.start_month else year.year + 1
    else:
        return None
    out = {start_col: f"{start_year:04d}-{layout.months[start_col][1]:02d}"}
    at = columns.index(start_col)
    for step, span in ((1, columns[at + 1:]), (-1, columns[:at][::-1])):  # forward, then back from the first known
        y, m = start_year, layout.months[start_col][1]
        for col in span:
            written, month = layout.months[col]
            if written is not None:
                y = written
            elif step == 1 and month < m:
                y += 1
            elif step == -1 and month > m:
                y -= 1
            m = month
            out[col] = f"{y:04d}-{month:02d}"
    return out


def stores_down(cells):
    """A months-across sheet's store column as each row's store: a store
    written once above its block of rows holds for the rows below it; 全店,
    合計, 全社 or Total is the company's own line (None), never a store."""
    store = cells.where(cells.astype(str).str.strip().ne("")).ffill()
    return store.where(~store.map(company_store))


def company_store(value: object) -> bool:
    """A store cell naming the whole company (全店, 合計, Total): the total budget."""
    return bool(_COMPANY.match(normalise(value) if value is not None else ""))
