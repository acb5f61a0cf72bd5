"""Budget months written without a year (10月, 11月度, Oct), as a plan kept
by hand lists them under a title that names its year:

    2026年度 予算
    月   | 店舗 | 売上予算
    10月 | S01  | 3000000

A column of years beside them (年 | 月: 2026 | 10月) gives each row its
own: the calendar year under 年 / Year, the fiscal year under 年度 / FY.
Otherwise such months are read within one fiscal year (`--fiscal-year-start`,
April by default): the one the sheet states (its name or title lines:
2026年度, Budget 2026, a year cell; or `--year` / `_year`), else the one
holding the latest month of the sales read. A period stated across a new year
(2026年12月～2027年1月) is read as stated. The import report says which
year was taken; where nothing tells it, the build stops naming the cell.
A budget or a P&L with its months as columns (4月 | 5月 | …, see
`month_columns`) follows the same rule, each month header a month without
its year.

The sales are known only once every file is read, so the reader keeps the
month number (`MONTH_NO_YEAR`) and the year the sheet states (`STATED`,
`STATED_START`), and `with_years` settles them before budgets are compared.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..domain import fiscal_year_start_month, month_add
from ..errors import Issue, KpipackError
from .clean import YearOf

MONTH_NO_YEAR = "_month_no_year"  # the month number of a cell written without a year
WRITTEN = "_month_written"  # that cell as written, for the message that asks for its year
STATED = "_year_stated"  # the year the sheet states, where it states one
STATED_START = "_year_stated_start"  # the month a stated period starts in (0: a fiscal year is meant)
ROW_YEAR = "_year_of_row"  # the year a column of years gives the row
ROW_FISCAL = "_year_of_row_fiscal"  # that column names fiscal years (年度)
CELL = "_month_cell"  # the header cell of such a month written as a column's header (month_columns)
_HELPERS = [MONTH_NO_YEAR, WRITTEN, STATED, STATED_START, ROW_YEAR, ROW_FISCAL, CELL]
_YEAR_HEADERS = {"年": False, "year": False, "年度": True, "fiscalyear": True, "fy": True, "会計年度": True}


def year_column(headers: list[str], raw: pd.DataFrame, columns) -> dict[str, pd.Series] | None:
    """A column of `columns` (a budget's value columns) headed 年 / 年度 / Year /
    FY whose cells are years (2026), as the columns giving each row its year;
    None where there is none."""
    from .clean import clean_number
    from .headers import normalise

    for col in columns:
        fiscal = _YEAR_HEADERS.get(normalise(headers[col])) if col < len(headers) and col in raw.columns else None
        if fiscal is None:
            continue
        years, bad = clean_number(raw[col])
        if not bad.any() and years.dropna().between(1900, 2100).all() and (years.dropna() % 1 == 0).all():
            return {ROW_YEAR: years, ROW_FISCAL: pd.Series(fiscal, index=raw.index), "_column": col}
    return None


def yearless(cells: pd.Series, bad: pd.Series) -> dict[str, pd.Series]:
    """The month number and text of each cell not read as a month that names
    a month without its year (10月, 10月度, Oct), as columns of its rows."""
    from .month_columns import month_of

    def number(cell: object) -> float:
        found = month_of(cell)
        return float(found[1]) if found is not None and found[0] is None else float("nan")

    months = cells.where(bad).map(number, na_action="ignore").astype(float)
    return {MONTH_NO_YEAR: months, WRITTEN: cells.where(months.notna())}


def stated_columns(year: YearOf | None, index: pd.Index) -> dict[str, pd.Series]:
    """The sheet's stated year as columns of its rows, for `with_years`."""
    if year is None:
        return {}
    return {STATED: pd.Series(year.year, index=index), STATED_START: pd.Series(year.start_month or 0, index=index)}


def with_years(sheets: list, fiscal_start: int) -> list:
    """The budget sheets with their months written without a year given one
    (see the module's docstring), each such sheet with a note saying which;
    KpipackError where neither the sheet nor the sales tell the year."""
    latest = _latest_sales_month(sheets)
    out = []
    for sheet in sheets:
        table = sheet.table
        if sheet.role not in ("budget", "finance") or MONTH_NO_YEAR not in table.columns:
            out.append(sheet)
            continue
        waiting = table[MONTH_NO_YEAR].notna() & table["month"].isna()
        if ROW_YEAR in table.columns:  # each row's year from its own cell
            table = _of_own_year(table, waiting & table[ROW_YEAR].notna(), fiscal_start)
            waiting &= table["month"].isna()
        if waiting.any():
            months = table.loc[waiting, MONTH_NO_YEAR].astype(int)
            if STATED in table.columns:
                year, start = int(table[STATED].iat[0]), int(table[STATED_START].iat[0])
                code, said = "note_budget_year_stated", {}
                within = YearOf(year, start) if start else _fiscal(year, fiscal_start)
            elif latest is not None:
                year = int(fiscal_year_start_month(latest, fiscal_start)[:4])
                code, said, within = "note_budget_year_sales", {"latest": latest}, _fiscal(year, fiscal_start)
            else:
                raise _unknown(sheet, table[waiting])
            years = within.of(months)
            table = table.copy()
            table.loc[waiting, "month"] = [f"{y:04d}-{m:02d}" for y, m in zip(years, months)]
            first = f"{within.year:04d}-{within.start_month or 1:02d}"
            sheet = replace(sheet, warnings=[*sheet.warnings, Issue(sheet.file, sheet.sheet, 0, code, {
                "column": sheet.mapping.field_header("month") or "", "rows": f"{len(table.loc[waiting, ['_row', WRITTEN]].drop_duplicates()):,}",
                "first": first, "last": month_add(first, 11), **said})])
        out.append(replace(sheet, table=table.drop(columns=[c for c in _HELPERS if c in table.columns])))
    return out


def _of_own_year(table: pd.DataFrame, rows: pd.Series, fiscal_start: int) -> pd.DataFrame:
    """`table` with the month of `rows` read in the year their own cell gives."""
    table = table.copy()
    for pos in rows[rows].index:
        year, month = int(table.at[pos, ROW_YEAR]), int(table.at[pos, MONTH_NO_YEAR])
        if table.at[pos, ROW_FISCAL]:
            year = int(_fiscal(year, fiscal_start).of(pd.Series([month])).iat[0])
        table.at[pos, "month"] = f"{year:04d}-{month:02d}"
    return table


def _fiscal(year: int, start: int) -> YearOf:
    """The fiscal year starting in `year`: its months from `start` on are of `year`, the others of the next."""
    return YearOf(year, start if start > 1 else None)


def _latest_sales_month(sheets: list) -> str | None:
    latest = None
    for sheet in sheets:
        if sheet.role == "sales" and "date" in sheet.table.columns and len(sheet.table):
            day = pd.to_datetime(sheet.table["date"], errors="coerce").max()
            if not pd.isna(day) and (latest is None or day > latest):
                latest = day
    return None if latest is None else latest.strftime("%Y-%m")


def _unknown(sheet, rows: pd.DataFrame) -> KpipackError:
    """The stop naming the first cell whose year nothing tells."""
    from openpyxl.utils import get_column_letter

    col = next((c for c, f in sheet.mapping.columns.items() if f == "month"), None)
    row = int(rows["_row"].iat[0])
    cell = rows[CELL].iat[0] if CELL in rows else f"{get_column_letter(col + 1)}{row}" if col is not None else str(row)
    return KpipackError(f"{sheet.role}_month_no_year", file=sheet.file, sheet=sheet.sheet, cell=cell,
                        value=str(rows[WRITTEN].iat[0]))
