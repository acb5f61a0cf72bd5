"""What the importer would make of a file, without building anything: per
sheet the role, each column's field with how sure the match is, sample
values, the row count and the problems. The app's file list and mapping
dialog read this; it follows the same steps as `read_file`, so what the user
sees is what the build will do.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..errors import Issue
from . import clean
from .infer import MISFIT_FACTOR, SURE_SYNONYM, doubt_code, doubt_params, header_confidence
from .headers import (CODE_FIELDS, DATE_FIELDS, MONTH_FIELDS, NUMBER_FIELDS, ROLE_FIELDS, SheetMapping,
                      classify, fields_for, normalise, traffic_beside)
from .header_rows import two_row_header
from .readers import SheetSource, open_sheets
from .tables import REQUIRED

SAMPLE_VALUES = 5
# How sure a column's field is (0..1): a user's saved choice is certain; the
# rest is worked out with the sheet's mapping (`headers.classify`, `infer`).
SURE_SAVED = 1.0


@dataclass(frozen=True)
class ColumnMatch:
    """One source column and the field it feeds ('' or None: not used)."""

    column: int
    header: str
    field: str | None
    confidence: float
    source: str  # "saved" (from the mapping given), "synonym", "values" (read from its values and header
    # words), "budget" (wide budget column), "profile" (a known export layout), "stores" (stores as
    # columns), "tax" (a tax-type or tax-rate column the amount is read with, see line_tax) or "none"
    samples: tuple[str, ...]
    values_fit: bool | None  # do the samples look like the field's type (None: nothing to check)
    budget_kpi: str | None = None  # a wide budget sheet's column holding one KPI's budget
    doubtful: bool = False  # a field the role needs, not sure enough to be used without asking
    rival: tuple[str, float] | None = None  # a doubtful column's competitor for its field: header, confidence
    adds_to: str | None = None  # a column summed into a field read from several (SheetMapping.summed)


@dataclass(frozen=True)
class SheetInspection:
    file: str
    path: Path
    sheet: str
    hidden: bool
    role: str | None
    forced: bool  # the role came from the mapping given
    header_row: int | None  # 1-based sheet row of the headers
    headers: tuple[str, ...]
    columns: tuple[ColumnMatch, ...]
    rows: int  # data rows below the header (blank rows included)
    problems: tuple[Issue, ...]
    skipped: bool = False  # the mapping given switches every column off
    profile: str | None = None  # the known export layout that reads the sheet (see export_profiles)
    body: tuple = ()  # the sampled rows below the header, whose values the columns are also read by
    # stores as columns (see store_columns): (column, the store its header names), each that store's sales,
    # the total beside them checked and not added
    store_columns: tuple[tuple[int, str], ...] = ()
    totals: tuple[str, ...] = ()  # the headers of those stores' total columns
    months_across: bool = False  # a budget with months as columns, read by its shape (see month_columns)

    @property
    def doubts(self) -> list[ColumnMatch]:
        return [c for c in self.columns if c.doubtful]

    @property
    def signature(self) -> str | None:
        return header_signature(self.headers) if self.header_row is not None else None

    @property
    def key(self) -> str:
        return f"{self.file}:{self.sheet}"

    def fields(self) -> dict[str, str]:
        """header -> field for every column ('' for a column not used)."""
        return {c.header: c.field or "" for c in self.columns if c.header}

    def missing_required(self) -> list[str]:
        return missing_required(self.role, {c.field for c in self.columns if c.field})


@dataclass
class FileInspection:
    path: Path
    sheets: list[SheetInspection] = field(default_factory=list)
    own: str | None = None  # kpipack's own pack or order list: skipped as the build skips it (own_outputs)


def header_signature(headers) -> str:
    """A stable key for 'a sheet with these columns': the normalised headers,
    blanks at the end dropped, hashed."""
    names = [normalise(h) for h in headers]
    while names and not names[-1]:
        names.pop()
    return hashlib.sha1("\x1f".join(names).encode("utf-8")).hexdigest()[:16]


def missing_required(role: str | None, fields: set[str]) -> list[str]:
    if role is None:
        return []
    missing = [f for f in REQUIRED.get(role, ()) if f not in fields]
    if role == "sales" and "net_sales" in missing and {"qty", "unit_price"} <= fields:
        missing.remove("net_sales")  # the amount is qty × price
    if role in ("budget", "finance") and missing == ["month"] and "date" in fields:
        missing = []
    return missing


def inspect_file(path: Path | str, mapping=None, password: str | None = None,
                 guarded: bool = False) -> FileInspection:
    """Every sheet of one file as the importer sees it. Raises KpipackError for
    a file that cannot be opened at all (as the build would). `guarded`: run
    in a confined child (`isolate.call`), as the app does for a dropped file."""
    from . import Mapping
    from .protection import decrypt_if_needed

    from .own_outputs import NOT_INPUTS, own_output

    path = Path(path)
    kind = own_output(path)
    if kind in NOT_INPUTS:  # last month's pack is not data: the build skips it, so its sheets are not listed
        return FileInspection(path, own=kind)
    mapping = mapping or Mapping()
    data = decrypt_if_needed(path, password)
    result = FileInspection(path)
    for source in open_sheets(path, data, guarded=guarded, preview=True):
        result.sheets.append(_inspect_sheet(path, source, mapping))
    return result


def _inspect_sheet(path: Path, source: SheetSource, mapping) -> SheetInspection:
    preview = source.preview()
    overrides, _forced = mapping.for_sheet(path.name, source.name)
    if not overrides and not _forced:
        profiled = _profiled(path, source, preview)
        if profiled is not None:
            return profiled
        across = _months_across(path, source, preview, mapping)
        if across is not None:
            return across
    from . import header_names, sheet_header

    header_index, headerless = sheet_header(preview, {normalise(h) for h in overrides})
    if (header_index is None or headerless) and not overrides and not _forced:  # as the build finds it
        from .store_columns import code_header_row

        coded = code_header_row(preview)
        header_index, headerless = (header_index, headerless) if coded is None else (coded, False)
    if header_index is None:
        # No row names two known fields or stands over values: take the first row with two cells as
        # the headers, so the user can say what its columns are. Saved, those
        # headers become known and the build finds the same row.
        header_index = next((i for i, row in enumerate(preview)
                             if sum(1 for v in row if v not in (None, "")) >= 2), None)
    if header_index is None:
        used = any(any(v is not None for v in row) for row in preview)
        rows = source.rows_below(None) if used else 0
        problems = (Issue(path.name, source.name, 0, "sheet_no_role", {"rows": rows}),) if used else ()
        return SheetInspection(file=path.name, path=path, sheet=source.name, hidden=source.hidden, role=None,
                               forced=False, header_row=None, headers=(), columns=(), rows=rows,
                               problems=problems)
    headers = header_names(preview, header_index, headerless)
    two = two_row_header(preview, header_index, source.name) if not overrides and not headerless else None
    if two is not None:  # as the build reads it
        header_index, headers, _ = two
    body = preview[header_index + 1:]
    samples = [[row[c] for row in body if c < len(row) and row[c] not in (None, "")][:SAMPLE_VALUES]
               for c in range(len(headers))]
    if not overrides and not _forced and not headerless:
        per_store = _store_columns(path, source, preview, header_index, headers, samples)
        if per_store is not None:
            return per_store
    return judge(path, source.name, source.hidden, source.first_row + header_index, headers, samples,
                 source.rows_below(header_index), mapping, body)


def judge(path: Path, sheet: str, hidden: bool, header_row: int, headers: list[str], samples: list[list],
          rows: int, mapping, body=()) -> SheetInspection:
    """The role, column fields and problems of a sheet whose headers are known."""
    overrides, forced = mapping.for_sheet(path.name, sheet)
    body = tuple(tuple(row) for row in body)
    sheet_map, saved = match_columns(headers, sheet, mapping, overrides, forced, list(body) or None)
    columns = tuple(_column(c, h, sheet_map, saved, samples[c] if c < len(samples) else [])
                    for c, h in enumerate(headers))
    columns = _tax_columns(columns, sheet_map)
    added = {c: fld for fld, cols in sheet_map.summed.items() for c in cols}  # 現金売上 | カード売上: one sum
    columns = tuple(replace(c, source="summed", adds_to=added[c.column]) if c.column in added else c
                    for c in columns)
    beside = traffic_beside(sheet_map, {normalise(h) for h in overrides})  # 来店客数 | 人時 of a daily report
    columns = tuple(replace(c, source="traffic", adds_to=beside[c.column]) if c.column in beside and not c.field
                    else c for c in columns)
    problems: list[Issue] = []
    skipped = bool(overrides) and not forced and all(v == "" for v in overrides.values())
    if hidden and not forced:
        problems.append(Issue(path.name, sheet, 0, "sheet_hidden"))
    elif sheet_map.role is None and not skipped:
        problems.append(Issue(path.name, sheet, 0, "sheet_no_role", {"rows": rows}))
    for name in missing_required(sheet_map.role, set(sheet_map.columns.values())):
        problems.append(Issue(path.name, sheet, 0, "sheet_missing_field", {"field": name}))
    for col in sheet_map.doubts:
        params = doubt_params(sheet_map, col)
        problems.append(Issue(path.name, sheet, 0, doubt_code("sheet_column_doubt", params), params))
    role = None if hidden and not forced else sheet_map.role
    return SheetInspection(file=path.name, path=path, sheet=sheet, hidden=hidden, role=role, forced=bool(forced),
                           header_row=header_row, headers=tuple(headers), columns=columns, rows=rows,
                           problems=tuple(problems), skipped=skipped, body=body)


def reinspect(sheet: SheetInspection, mapping) -> SheetInspection:
    """The same sheet judged under another mapping, without reading the file again."""
    if sheet.header_row is None:
        return sheet
    if (sheet.profile is not None or sheet.store_columns or sheet.months_across) and \
            mapping.for_sheet(sheet.file, sheet.sheet) == ({}, None):
        return sheet  # a known export layout, stores or months as columns, and no choice of the user's for it
    samples = [list(c.samples) for c in sheet.columns]
    return judge(sheet.path, sheet.sheet, sheet.hidden, sheet.header_row, list(sheet.headers), samples,
                 sheet.rows, mapping, sheet.body)


def match_columns(headers: list[str], sheet_name: str, mapping, overrides: dict[str, str],
                  forced: str | None, body=None) -> tuple[SheetMapping, set[str]]:
    """The role and column fields `read_file` would choose, and which
    normalised headers the user's mapping decided."""
    sheet_map = classify(headers, sheet_name, overrides, forced, body)
    saved = {normalise(h) for h in overrides}
    if sheet_map.role and not overrides:
        role_overrides = mapping.for_role(sheet_map.role) if mapping is not None else {}
        if role_overrides:
            sheet_map = classify(headers, sheet_name, role_overrides, sheet_map.role, body)
            saved = {normalise(h) for h in role_overrides}
    return sheet_map, saved


def _column(col: int, header: str, sheet_map: SheetMapping, saved: set[str], samples: list) -> ColumnMatch:
    fld = sheet_map.columns.get(col)
    shown = shown_samples(samples, fld in DATE_FIELDS or "date" in fields_for(header))
    if col in sheet_map.budget_columns:
        fit = values_fit("value", list(samples))
        return ColumnMatch(col, header, None, SURE_SYNONYM * (MISFIT_FACTOR if fit is False else 1.0),
                           "budget", shown, fit, sheet_map.budget_columns[col])
    if not fld:
        source = "saved" if normalise(header) in saved else "none"
        return ColumnMatch(col, header, None, 0.0, source, shown, None)
    fit = values_fit(fld, list(samples))
    if normalise(header) in saved:
        return ColumnMatch(col, header, fld, SURE_SAVED, "saved", shown, fit)
    sure = sheet_map.confidence.get(col)
    if sure is None:  # no values to judge by: the header alone
        role_fields = set(ROLE_FIELDS.get(sheet_map.role or "", ()))
        sure = header_confidence(col, fld, len([f for f in fields_for(header) if f in role_fields]) > 1, None)
        sure *= MISFIT_FACTOR if fit is False else 1.0
    rival = sheet_map.rivals.get(col)
    return ColumnMatch(col, header, fld, sure, "values" if col in sheet_map.guessed else "synonym", shown, fit,
                       doubtful=col in sheet_map.doubts,
                       rival=(sheet_map.headers[rival[0]] or f"#{rival[0] + 1}", rival[1]) if rival else None)


def _tax_columns(columns: tuple[ColumnMatch, ...], sheet_map: SheetMapping) -> tuple[ColumnMatch, ...]:
    """The tax-type and tax-rate columns a sales sheet's amount is read with
    (ingest.line_tax: each tax-included line's tax taken off), as "tax": fed
    to no field, but read."""
    from .line_tax import applies, columns as tax_columns, kind_of  # noqa: PLC0415

    taxed = tax_columns(sheet_map) if not any(c.source == "saved" and c.field for c in columns) else None
    if taxed is None or taxed[0] >= len(columns):
        return columns
    if not applies(kind_of(v)[0] for v in columns[taxed[0]].samples if str(v).strip()):
        return columns
    return tuple(replace(c, source="tax") if c.column in taxed else c for c in columns)


def shown_samples(samples: list, is_date: bool) -> tuple[str, ...]:
    """Sample values as the user typed them: dates as dates (not Excel
    serial numbers), whole numbers without '.0'."""
    if is_date and samples:
        try:
            dates, bad = clean.clean_date(pd.Series(samples, dtype=object))
        except (clean.DateOrderUnclear, clean.DateYearUnknown):  # asked at the build: shown as written
            return tuple(str(v) for v in samples)
        return tuple(str(v) if b or pd.isna(d) else
                     (d.strftime("%Y-%m-%d %H:%M") if (d.hour or d.minute) else d.strftime("%Y-%m-%d"))
                     for v, d, b in zip(samples, dates, bad))
    return tuple(str(int(v)) if isinstance(v, float) and v.is_integer() else str(v) for v in samples)


def values_fit(fld: str, samples: list) -> bool | None:
    """Whether most sample values read as the field's type."""
    if not samples or fld in CODE_FIELDS:
        return None
    series = pd.Series(samples, dtype=object)
    try:
        if fld in NUMBER_FIELDS:
            _, bad = clean.clean_number(series, percent=clean.is_percent_field(fld))
        elif fld in DATE_FIELDS:
            _, bad = clean.clean_date(series)
        elif fld in MONTH_FIELDS:
            _, bad = clean.clean_month(series)
        else:
            return None
    except (clean.DateOrderUnclear, clean.DateYearUnknown):  # dates either way round or of a year not said
        return True
    return bool(bad.sum() * 2 <= len(series))


def _store_columns(path: Path, source: SheetSource, preview: list[list], header_index: int, headers: list[str],
                   samples: list[list]) -> SheetInspection | None:
    """A sales (or traffic) sheet with stores as columns, as the build reads it
    (see `store_columns`): the date, each store's column its net sales (visitors, hours), the total
    checked; None for any other sheet."""
    from . import _cells
    from .store_columns import store_columns

    body = preview[header_index + 1:]
    layout = store_columns(headers, body, [path.name, source.name, *_cells(preview[:header_index])])
    if layout is None:
        return None
    columns = []
    for col, header in enumerate(headers):
        fld = "date" if col == layout.date else layout.field if col in layout.stores else None
        columns.append(ColumnMatch(col, header, fld, SURE_SYNONYM if fld else 0.0, "stores" if fld else "none",
                                   shown_samples(samples[col], fld == "date"), None))
    return SheetInspection(file=path.name, path=path, sheet=source.name, hidden=source.hidden,
                           role="sales" if layout.field == "net_sales" else "traffic",
                           forced=False, header_row=source.first_row + header_index, headers=tuple(headers),
                           columns=tuple(columns), rows=source.rows_below(header_index), problems=(),
                           body=tuple(tuple(row) for row in body), store_columns=tuple(layout.stores.items()),
                           totals=tuple(headers[c] for c in layout.totals))


def _months_across(path: Path, source: SheetSource, preview: list[list], mapping) -> SheetInspection | None:
    """A budget (or a P&L) with months as columns, as the build reads it (see
    `month_columns`): the KPI (account) and store columns, each month its value; no
    role, and the build's note, where no year is known (months without a
    year, each once, take the sales' year as the build does: a budget)."""
    from . import months_of, months_without_year
    from .month_columns import find, yearless

    layout = find(preview, [path.name, source.name])
    if layout is None:
        return None
    headers = ["" if v is None else str(v) for v in preview[layout.header_row]]
    finance = layout.role == "finance"  # a P&L's accounts down: months without a year are not settled by sales
    dated = (yearless(layout) and not finance) or months_of(mapping, path, source, preview, layout) is not None
    problems = () if dated else (months_without_year(path, source, headers, layout),)
    body = preview[layout.header_row + 1:]
    columns = []
    for col, header in enumerate(headers):
        samples = [row[col] for row in body if col < len(row) and row[col] not in (None, "")][:SAMPLE_VALUES]
        fld = ("account" if finance else "kpi") if col == layout.label else "store" if col == layout.store else \
            ("amount" if finance else "value") if col in layout.months else None
        columns.append(ColumnMatch(col, header, fld, SURE_SAVED if fld else 0.0, "profile" if fld else "none",
                                   shown_samples(samples, False), None))
    return SheetInspection(file=path.name, path=path, sheet=source.name, hidden=source.hidden,
                           role=layout.role if dated else None, forced=False,
                           header_row=source.first_row + layout.header_row, headers=tuple(headers),
                           columns=tuple(columns), rows=source.rows_below(layout.header_row), problems=problems,
                           months_across=True)


def _profiled(path: Path, source: SheetSource, preview: list[list]) -> SheetInspection | None:
    """A sheet in a known export layout, as its profile reads it (the build does
    the same, see `_read_profiled`); a sheet two profiles claim is a problem shown."""
    from ..errors import KpipackError
    from . import export_profiles

    try:
        found = export_profiles.claim(preview, path.name, source.name)
    except KpipackError as exc:
        return SheetInspection(file=path.name, path=path, sheet=source.name, hidden=source.hidden, role=None,
                               forced=False, header_row=None, headers=(), columns=(), rows=len(preview),
                               problems=(Issue(path.name, source.name, 0, exc.code, exc.params),))
    if found is None:
        return None
    profile, index = found
    headers = ["" if v is None else str(v) for v in preview[index]]
    sheet_map, _ = profile.mapping(headers)
    body = preview[index + 1:]
    columns = []
    for col, header in enumerate(headers):
        samples = [row[col] for row in body if col < len(row) and row[col] not in (None, "")][:SAMPLE_VALUES]
        fld = sheet_map.columns.get(col)
        columns.append(ColumnMatch(col, header, fld, SURE_SAVED if fld else 0.0, "profile" if fld else "none",
                                   shown_samples(samples, fld in DATE_FIELDS), None))
    return SheetInspection(file=path.name, path=path, sheet=source.name, hidden=source.hidden, role=profile.role,
                           forced=False, header_row=source.first_row + index, headers=tuple(headers),
                           columns=tuple(columns), rows=source.rows_below(index), problems=(),
                           profile=profile.id)

