"""Import: files in, clean role tables plus every issue out.

Importing this package stays light (no pandas, no readers), so a build can
start the reader processes (`isolate.warm_up`) before its own heavy imports.
"""
from __future__ import annotations

import hashlib
import re
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Issue, KpipackError
from .headers import (CODE_FIELDS, DATE_FIELDS, HOURS_FIELDS, MONTH_FIELDS, ROLE_FIELDS, classify, find_header_row,
                      normalise)

if TYPE_CHECKING:
    import pandas as pd

    from .tables import SheetTable

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".xlsb", ".txt", ".tsv"}
LINE_FILE_SUFFIXES = {".parquet", ".parq"}  # sales lines the query engine reads (kpis/linefiles)


@dataclass(frozen=True)
class InputFile:
    path: Path
    size: int
    sha256: str


@dataclass
class Dataset:
    """Everything the engine and the pack need from the inputs."""

    tables: dict[str, pd.DataFrame]
    sheets: list[SheetTable]
    notes: list[Issue]  # sheet-level notes: skipped sheets, unreadable files
    inputs: list[InputFile]
    area_unit: str | None = None
    cache_root: Path | None = None  # where what is worked out from these inputs may be kept (see cache)
    cache_key: str | None = None  # their contents, mapping and parser; None: nothing is kept

    @property
    def issues(self) -> list[Issue]:
        return [i for s in self.sheets for i in s.issues]

    @property
    def warnings(self) -> list[Issue]:
        return self.notes + [w for s in self.sheets for w in s.warnings]

    @property
    def rows_read(self) -> int:
        return sum(s.rows_read for s in self.sheets)

    @property
    def rows_used(self) -> int:
        return sum(s.rows_used for s in self.sheets)

    @property
    def rows_rejected(self) -> int:
        return sum(s.rows_rejected for s in self.sheets)

    @property
    def net_sales_read(self) -> float:
        return sum(s.net_sales_read for s in self.sheets)

    @property
    def net_sales_rejected(self) -> float:
        return sum(s.net_sales_rejected for s in self.sheets)

    def table(self, role: str) -> pd.DataFrame | None:
        return self.tables.get(role)


DATE_ORDERS = ("dmy", "mdy")
ALL_SHEETS = "*"  # the section whose settings apply to every sheet (`_date_order` at the top of the file)
SETTINGS = ("_date_order", "_year", "_fiscal_year_start")  # a section's settings, beside its columns and `_role`


@dataclass
class Mapping:
    """Explicit mapping from a `--map` TOML file: [sheet or role] header = "field".
    A section may force the sheet's role with `_role = "sales"` and say how its
    dates such as 10/01/2026 read with `_date_order = "dmy"` (or "mdy"); a
    `_date_order` at the top of the file applies to every sheet."""

    sections: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> "Mapping":
        if path is None:
            return cls()
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise KpipackError("map_file_bad", file=Path(path).name, detail=str(exc)[:120]) from exc
        sections = {}
        for setting in SETTINGS:  # at the top of the file: for every sheet
            if setting in data:
                data = {ALL_SHEETS: {**data.get(ALL_SHEETS, {}), setting: data.pop(setting)}, **data}
        for key, table in data.items():
            if not isinstance(table, dict):
                raise KpipackError("map_file_bad", file=Path(path).name, detail=f"[{key}] must be a table")
            role = table.get("_role")
            if "_date_order" in table and table["_date_order"] not in DATE_ORDERS:
                raise KpipackError("date_order_bad", file=Path(path).name, value=str(table["_date_order"]))
            if "_year" in table:
                _checked_year(table["_year"], Path(path).name)
            for header, target in table.items():
                if header in ("_role", *SETTINGS):
                    continue
                valid = ROLE_FIELDS.get(role or key)
                if target and valid is not None and target not in valid:
                    raise KpipackError("map_field_unknown", file=Path(path).name, target=target, role=role or key)
            sections[str(key)] = {str(k): str(v) for k, v in table.items()}
        return cls(sections)

    def for_sheet(self, file: str, sheet: str) -> tuple[dict[str, str], str | None]:
        """Header overrides and forced role for a sheet (file:sheet, sheet, then file)."""
        for key in (f"{file}:{sheet}", sheet, file):
            if set(self.sections.get(key, ())) - set(SETTINGS):  # a section with columns or a role
                table = dict(self.sections[key])
                return _headers(table), table.get("_role")
        return {}, None

    def for_role(self, role: str) -> dict[str, str]:
        return _headers(self.sections.get(role, {}))

    def date_order(self, file: str, sheet: str, role: str | None) -> str | None:
        """'dmy' or 'mdy' for the sheet's dates such as 10/01/2026 (file:sheet,
        sheet, file, role, then every sheet); None: each column decides."""
        for key in (f"{file}:{sheet}", sheet, file, role, ALL_SHEETS):
            order = self.sections.get(key, {}).get("_date_order") if key else None
            if order:
                return order
        return None

    def year(self, file: str, sheet: str, role: str | None) -> int | None:
        """The year of the sheet's dates written without one (10/1(木)), where
        the user gave it (file:sheet, sheet, file, role, then every sheet)."""
        for key in (f"{file}:{sheet}", sheet, file, role, ALL_SHEETS):
            year = self.sections.get(key, {}).get("_year") if key else None
            if year:
                return int(year)
        return None

    def with_year(self, year: int | str | None) -> "Mapping":
        """This mapping with the year of yearless dates for every sheet that names none of its own."""
        if not year:
            return self
        _checked_year(year)
        return Mapping({**self.sections, ALL_SHEETS: {**self.sections.get(ALL_SHEETS, {}), "_year": str(year)}})

    def with_fiscal_year_start(self, month: int) -> "Mapping":
        """This mapping with the fiscal year's first month (budget months without a year are read within a
        fiscal year); April, the default, is not written, so that the files read before stay read."""
        if month == 4:
            return self
        return Mapping({**self.sections, ALL_SHEETS: {**self.sections.get(ALL_SHEETS, {}),
                                                      "_fiscal_year_start": str(month)}})

    def fiscal_year_start(self) -> int:
        given = str(self.sections.get(ALL_SHEETS, {}).get("_fiscal_year_start", "4"))
        return int(given) if given.isdigit() and 1 <= int(given) <= 12 else 4

    def with_date_order(self, order: str | None) -> "Mapping":
        """This mapping with a date order for every sheet that names none of its own."""
        if not order:
            return self
        if order not in DATE_ORDERS:
            raise KpipackError("date_order_bad", value=order)
        return Mapping({**self.sections, ALL_SHEETS: {**self.sections.get(ALL_SHEETS, {}), "_date_order": order}})


def _headers(section: dict[str, str]) -> dict[str, str]:
    """A section's header overrides, without its settings (`_role`, `_date_order`, `_year`)."""
    return {k: v for k, v in section.items() if k not in ("_role", *SETTINGS)}


def _checked_year(year, file: str = "") -> None:
    if not str(year).strip().isdigit() or not 1900 <= int(year) <= 2200:
        raise KpipackError("year_bad", file=file, value=str(year))


def expand_inputs(paths: list[Path | str]) -> list[Path]:
    """Files as given; a folder stands for the spreadsheets in it, in the order
    a file manager lists them (`listed_order`)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted((p for p in path.iterdir()
                               if p.is_file() and p.suffix.lower() in SPREADSHEET_SUFFIXES | LINE_FILE_SUFFIXES
                               and not p.name.startswith(("~$", "."))), key=listed_order))
        else:
            out.append(path)
    return out


def listed_order(path: Path) -> tuple:
    """A file's place in its folder: by name without the extension, numbers
    by their value (pos_2 before pos_10), so a copy saved beside a file
    (pos_2 (1).csv) comes after it and is the one whose repeats are left out."""
    parts = re.split(r"(\d+)", path.stem.casefold())
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), path.suffix.casefold(), path.name


def file_digest(path: Path) -> InputFile:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return InputFile(path, path.stat().st_size, h.hexdigest())


def read_file(path: Path, mapping: Mapping, password: str | None = None) -> tuple[list[SheetTable], list[Issue]]:
    """Every usable sheet of one file as clean tables, plus notes on the rest.
    In this process: a build parses through `isolate` instead."""
    tables, notes, _ = _read_file(Path(path), mapping, password)
    return tables, notes


def _read_file(path: Path, mapping: Mapping, password: str | None = None, guarded: bool = False,
               part=None) -> tuple[list[SheetTable], list[Issue], list[str]]:
    """read_file, plus the names of all the file's sheets (for the cache key).
    `guarded`: running in a confined child (see `readers.open_sheets`).
    `part` (a `split.Part`): one piece of a cut sheet; the second piece's
    reader gives only its lines (the first gives the notes)."""
    from .protection import decrypt_if_needed  # noqa: PLC0415 - only for protected files
    from .readers import open_sheets

    data = decrypt_if_needed(path, password)
    tables: list[SheetTable] = []
    notes: list[Issue] = []
    sources = open_sheets(path, data, guarded=guarded, part=part)
    seen_data = part is not None and part.index > 0
    for source in sources:
        try:
            table, note, used = _read_sheet(path, source, mapping)
        except KpipackError as exc:
            if exc.code != "file_unreadable" or source.is_worksheet():
                raise
            table, note, used = None, Issue(path.name, source.name, 0, "sheet_not_table"), True
        seen_data = seen_data or used
        if table is not None and table.mapping.guessed and not (part is not None and part.index > 0):
            from .infer import guess_notes

            table.warnings[:0] = guess_notes(path.name, source.name, table.mapping)  # never a silent guess
        if table is not None:
            tables.append(table)
            if part is None and (beside := _traffic_beside(path, source, mapping, table)) is not None:
                tables.append(beside)  # 売上 | 客数 | 来店客数 | 人時: the day's traffic read from it too
        if note is not None and not (part is not None and part.index > 0):
            notes.append(note)
    if not seen_data:
        raise KpipackError("no_data", file=path.name)
    if part is None:
        _stores_of_sheets(path, tables)
    return tables, notes, [s.name for s in sources]


def _stores_of_sheets(path: Path, tables: list[SheetTable]) -> None:
    """A workbook of sales sheets without a store column, one per store (渋谷店,
    新宿店), whose days overlap: one store cannot sell the same days twice in
    sheets of its own, so each sheet's lines are read as the store its name
    says, with a note (sheets of months, 10月 | 11月, do not overlap and stay
    one store's)."""
    from .tables import DEFAULT_STORE

    storeless = [t for t in tables if t.role == "sales" and len(t.table) and "date" in t.table
                 and not {"store", "region"} & set(t.mapping.columns.values()) and not t.mapping.store_columns
                 and t.table["store"].eq(DEFAULT_STORE).all()]
    names = [str(t.sheet).strip() for t in storeless]
    if len(storeless) < 2 or len(set(names)) < len(names) or not all(names):
        return
    days = [set(t.table["date"].dropna().dt.normalize()) for t in storeless]
    if not any(days[a] & days[b] for a in range(len(days)) for b in range(a + 1, len(days))):
        return
    lines = [sorted(zip(t.table["date"].astype(str), t.table["net_sales"].astype(str))) for t in storeless]
    if len({tuple(x) for x in lines}) < len(lines):
        return  # a sheet and its copy (Sheet1, Sheet1 (2)): one store's lines twice, which repeats counts once
    for table, name in zip(storeless, names):
        table.table["store"] = name
        table.warnings.append(Issue(path.name, table.sheet, 0, "note_store_from_sheet", {"store": name}))


def _read_sheet(path: Path, source, mapping: Mapping) -> tuple[SheetTable | None, Issue | None, bool]:
    """One sheet: its clean table or a note on why it was skipped, and whether it holds anything."""
    overrides, forced = mapping.for_sheet(path.name, source.name)
    if source.hidden and not forced:
        return None, Issue(path.name, source.name, 0, "sheet_hidden"), True
    preview = source.preview()
    used = any(any(v is not None and v != "" for v in row) for row in preview)
    if not overrides and not forced:  # a known export layout, unless the user said how to read the sheet
        read = _read_profiled(path, source, preview, mapping)
        if read is not None:
            return read
    if not overrides and not forced:  # a budget with months as columns (項目 | 4月 | 5月 | …): its rows per month
        from .month_columns import find

        layout = find(preview, [path.name, source.name])
        if layout is not None:
            table, note = _read_month_columns(path, source, mapping, preview, layout)
            return table, note, True
    known = {normalise(h) for h in overrides}
    header_row, headerless = sheet_header(preview, known)
    if (header_row is None or headerless) and not overrides and not forced:  # 日付 | 001 | 002 | 合計: codes,
        from .store_columns import code_header_row  # which look like values, head the stores' columns

        coded = code_header_row(preview)
        header_row, headerless = (header_row, headerless) if coded is None else (coded, False)
    if header_row is None:
        return None, (skipped_sheet(path, source, None, []) if used else None), used
    headers = header_names(preview, header_row, headerless)
    note = Issue(path.name, source.name, 0, "note_no_header_row") if headerless else None
    if not overrides and not forced and not headerless:
        header_row, headers, note = _two_rows(path, source, preview, header_row, headers)
    body = preview[header_row + 1:]  # the values sampled to read columns by content
    if not overrides and not forced and not headerless:  # stores as columns (本店 | 駅前店 | 合計): each a store
        from .store_columns import store_columns

        layout = store_columns(headers, body, [path.name, source.name, *_cells(preview[:header_row])],
                               source.currencies())
        if layout is not None and layout.money == "":  # stores' figures, but nothing says of what: not guessed
            return None, Issue(path.name, source.name, 0, "sheet_store_columns_unsaid", {
                "stores": ", ".join(layout.stores.values()), "rows": source.rows_below(header_row)}), True
        read = _read_store_columns(path, source, mapping, preview, header_row, headers, layout) if layout else None
        if read is not None:
            return read, note, True
    sheet_map = classify(headers, source.name, overrides, forced, body)
    if sheet_map.role and not overrides:
        role_overrides = mapping.for_role(sheet_map.role)
        if role_overrides:
            sheet_map = classify(headers, source.name, role_overrides, sheet_map.role, body)
    if not overrides and not forced:
        _doubt_sales_of_another_measure(sheet_map, [path.name, source.name, *_cells(preview[:header_row])])
    if sheet_map.doubts:
        from .content_sheets import doubt_note
        from .infer import doubt_error

        if sheet_map.by_values:  # stops the build only if no other sheet holds sales (see content_sheets)
            return None, doubt_note(path.name, source.name, sheet_map, source.rows_below(header_row)), used
        raise doubt_error(path.name, source.name, sheet_map)
    period = None  # sales totals without dates: the period the file's name or title gives (see `undated`)
    if sheet_map.role is None:
        from .content_sheets import is_pivot

        if is_pivot(headers, body):  # a summary of lines, never lines: said as such
            return None, Issue(path.name, source.name, 0, "sheet_pivot", {"rows": source.rows_below(header_row)}), used
        if not overrides and not forced:
            period, sheet_map, refused = _undated_sales(path, source, preview[:header_row], sheet_map, body)
            if refused is not None:
                return None, refused, used
        if sheet_map.role is None:
            return None, skipped_sheet(path, source, header_row, headers), used
    from .line_tax import columns as tax_columns
    from .total_parts import parts_of_total

    chosen = overrides or mapping.for_role(sheet_map.role) or {}  # a Total the user says is the sale is read whole
    parts = parts_of_total(sheet_map, chosen)  # an order's Total: its tax, tip and shipping columns are taken off
    from . import discounts

    discount = discounts.column(sheet_map, chosen)  # 値引額 beside the amount: taken off where it is before it
    day = None
    if period is not None:  # a column of days (日 | 1, 2, …) of the period's month dates its rows
        from .undated import day_column

        day = day_column(headers, body, period)
    taxed = tax_columns(sheet_map) if not parts else None  # a 税区分 (and 税率) column beside the amount
    wanted = sorted(set(sheet_map.columns) | set(sheet_map.budget_columns) | _currency_columns(sheet_map)
                    | set(parts) | ({day} if day is not None else set()) | {c for c in taxed or () if c is not None}
                    | ({discount} if discount is not None else set())
                    | {c for cols in sheet_map.summed.values() for c in cols})
    # hours as text too: a column mixing time cells, [h]:mm cells and numbers is read cell by cell
    text_cols = {c for c, f in sheet_map.columns.items() if f in CODE_FIELDS or f in HOURS_FIELDS} | \
        {c for f, cols in sheet_map.summed.items() if f in HOURS_FIELDS for c in cols}
    raw = source.load(header_row, [c for c in wanted if c < len(headers)], text_cols)
    if period is not None and day is not None:
        from .undated import day_dates

        raw[len(headers)] = day_dates(raw.pop(day), period)
    elif period is not None:  # every row dated the period's last day
        raw[len(headers)] = period.last.isoformat()
    from . import tables  # pandas: imported where frames are first made (see the module's docstring)
    from .carry import carry_days, carry_down
    from .cell_parts import split_code_and_name

    from .merged import fill_merged, merged_note
    from .headers import stated_scale
    from .year_context import written_in_japanese

    # ids, names and dates only: an amount merged over a receipt's lines is the receipt's, counted once
    raw, merged_cols, merged_cells = fill_merged(raw, source.problems(), {
        c for c, f in sheet_map.columns.items() if f in CODE_FIELDS | DATE_FIELDS | MONTH_FIELDS})
    raw = split_code_and_name(raw, sheet_map)
    blank_tax = None
    discounted = discounts.verdict(raw, sheet_map, discount, source.semicolons) if discount is not None else "none"
    if discounted == "before":
        if "net_sales" not in sheet_map.columns.values():  # quantity × unit price, less the discount
            raw = discounts.priced_amount(raw, sheet_map, source.semicolons)
        parts = {**parts, discount: "discount"}
    if parts:
        from .total_parts import take_off

        raw, blank_tax = take_off(raw, sheet_map, parts, source.semicolons)
    line_tax = None
    if taxed is not None:  # 税区分 内税 / 外税 line by line: the tax of tax-included lines taken off
        from .line_tax import take_off as take_line_tax_off

        raw, line_tax = take_line_tax_off(raw, sheet_map, taxed, source.semicolons)
    rejected = dict(blank_tax.rejected) if blank_tax else {}
    rejected.update(line_tax.rejected if line_tax else {})
    totals = _unread_totals(source, preview, header_row, raw, sheet_map) if sheet_map.role in ("sales", "traffic") \
        else None
    if totals is not None:  # 小計 / 合計 in a column not read: a totals line, never a sale nor a carried date's
        rejected.update({int(row): ("row_total", {}) for row in totals[totals].index})
    raw, took, fields = carry_down(raw, sheet_map.columns) if sheet_map.role == "sales" else (raw, None, [])
    days = None
    if took is None and sheet_map.role in ("sales", "traffic"):  # a daily report dating each day's first line
        raw, days = carry_days(raw, sheet_map.columns, totals)
    raw = source.own(raw)  # a piece of a cut sheet: the lines read past the cut were context
    carried = int(took.reindex(raw.index, fill_value=False).sum()) if took is not None else 0
    carried_days = int(days.reindex(raw.index, fill_value=False).sum()) if days is not None else 0
    titles, lone = {}, []
    if sheet_map.role == "sales" and "store" not in sheet_map.columns.values() and not overrides:
        raw, sheet_map, titles, lone = _store_blocks(source, header_row, preview[:header_row], raw, sheet_map)
    from . import weekday_column

    dated = next((c for c, f in sheet_map.columns.items() if f == "date"), None)
    # 10/01 … 10/12 beside a weekday column: the one order its weekdays fit, said
    order, by_weekdays = weekday_column.date_order(
        source, header_row, sheet_map.headers, None if dated in sheet_map.derived else dated,
        mapping.date_order(path.name, source.name, sheet_map.role), path.name)
    table = tables.build_table(raw, sheet_map, path.name, source.name, problems=source.problems(),
                               date1904=source.date1904, semicolons=source.semicolons, date_order=order,
                               year=_year_of(mapping, path, source, sheet_map.role, preview[:header_row]),
                               japanese=written_in_japanese(sheet_map.headers, _cells(preview[:header_row])),
                               formats=source.currencies(), rejected=rejected,
                               title_scale=stated_scale(_cells(preview[:header_row])))
    if line_tax is not None and line_tax.taken:  # never silent: the tax of tax-included lines taken off
        table.warnings.append(Issue(path.name, source.name, 0, "note_line_tax_off", {
            "kind": line_tax.kind, "rate": line_tax.rate or line_tax.kind, "rows": f"{line_tax.taken:,}",
            "amount": line_tax.amount}))
    if blank_tax is not None and blank_tax.priced:  # never silent: a blank tax read through quantity × price
        table.warnings.append(Issue(path.name, source.name, 0, "note_tax_blank_priced", {
            "column": blank_tax.column, "rows": f"{blank_tax.priced:,}", "qty": sheet_map.field_header("qty") or "",
            "price": sheet_map.field_header("unit_price") or ""}))
    if by_weekdays is not None:
        table.warnings.append(by_weekdays)
    if titles:  # a block's title line is no line: said so, with its store
        from dataclasses import replace as _replace

        table.issues = [_replace(i, code="row_store_block_title", params={"store": titles[i.row]})
                        if i.row in titles else i for i in table.issues]
        table.warnings.append(Issue(path.name, source.name, 0, "note_store_blocks", {
            "stores": ", ".join(dict.fromkeys(table.table["store"].dropna().astype(str)))}))
    table.title_lines = lone  # a store's name alone may title a block: settled by `store_blocks.name_blocks`
    weekday_column.check(source, header_row, table, dated, order)
    if period is not None and day is not None:  # never silent: the days' month from the file's name or title
        table.warnings.append(Issue(path.name, source.name, 0, f"note_days_of_period_{period.where}", {
            "column": headers[day], "month": period.first.strftime("%Y-%m")}))
    elif period is not None:  # never silent: the month was taken from the file's name or title
        table.warnings.append(Issue(path.name, source.name, 0, f"note_undated_period_{period.where}", {
            "first": period.first.isoformat(), "last": period.last.isoformat()}))
    if merged_cells:  # never silent: which merged cells were read on every row they cover
        table.warnings.append(merged_note(path.name, source.name, sheet_map.headers, merged_cols, merged_cells))
    if carried:  # never silent: which receipt fields were taken from a receipt's first line
        table.warnings.append(Issue(path.name, source.name, 0, "note_carried_down",
                                    {"rows": carried, "fields": ", ".join(fields)}))
    if carried_days:  # never silent: the lines dated by their day's first line
        table.warnings.append(Issue(path.name, source.name, 0, "note_carried_days", {
            "rows": f"{carried_days:,}", "column": table.mapping.field_header("date") or ""}))
    from .tax_basis import sales_tax_note
    from .total_parts import note as total_note

    if (worked_out := total_note(path.name, source.name, table.mapping)) is not None:
        table.warnings.append(worked_out)  # which columns made the sale
    if (left := discounts.note(path.name, source.name, sheet_map, discount, discounted)) is not None:
        table.warnings.append(left)  # a discount column not taken off: said, never a silent guess
    tax = sales_tax_note(path.name, source.name, table.mapping)
    if tax is not None:  # only one amount, and not known to be tax-excluded: said so
        table.warnings.append(tax)
    return table, note, True


def _undated_sales(path: Path, source, title_rows: list[list[object]], sheet_map, body):
    """A sheet of sales lacking only a date (totals by product over a
    period): (its period, its mapping with the period as its date column,
    None) where the file's name or title lines give one month; else (None,
    `sheet_map`, the note refusing it) — or, for any other sheet, (None,
    `sheet_map`, None)."""
    from .undated import dated

    period, dated_map, refused = dated(sheet_map, source.name, path.name, [v for row in title_rows for v in row], body)
    if refused is not None:
        params = {"rows": source.rows_below(len(title_rows))}
        if refused == "sheet_undated_months":
            params.update(first=period.first.isoformat(), last=period.last.isoformat())
        return None, sheet_map, Issue(path.name, source.name, 0, refused, params)
    return (period, dated_map, None) if dated_map is not None else (None, sheet_map, None)


def _store_blocks(source, header_row: int, title_rows: list[list[object]], raw, sheet_map):
    """A sales sheet without a store column in blocks under title lines naming
    their stores (see `store_blocks`): (its lines with each one's store as a
    column of its own, its mapping reading it so, the title rows); else as
    given; and the lone lines that may title a block by a store's name alone."""
    from dataclasses import replace

    from .store_blocks import block_stores, lone_lines

    first = raw[0] if 0 in raw.columns else source.own(source.load(header_row, [0], set()))[0]
    others = raw.drop(columns=[0], errors="ignore")
    blocks = block_stores(title_rows, first, others)
    if blocks is None:
        return raw, sheet_map, {}, lone_lines(title_rows, first, others, {})
    stores, titles = blocks
    col = max([len(sheet_map.headers), *[c + 1 for c in raw.columns]])
    raw = raw.assign(**{str(col): stores}).rename(columns={str(col): col})
    sheet_map = replace(sheet_map, columns={**sheet_map.columns, col: "store"},
                        derived={**sheet_map.derived, col: ("derived_store_block", {})})
    return raw, sheet_map, titles, lone_lines(title_rows, first, others, titles)


def _doubt_sales_of_another_measure(sheet_map, context: list[object]) -> None:
    """A sheet whose names or title lines say it holds another measure (来店客数,
    人時, 予算, 在庫) and no sales, and whose sales amount was only guessed from its values:
    that column is in doubt, never read as sales unasked."""
    from .store_columns import measure, says_sales

    amount = next((c for c, f in sheet_map.columns.items() if f == "net_sales"), None)
    if sheet_map.role != "sales" or amount not in sheet_map.guessed or amount in sheet_map.doubts:
        return
    said = " ".join(str(c) for c in context)
    if not says_sales(said) and measure(said) != "net_sales":
        sheet_map.doubts = [*sheet_map.doubts, amount]
        sheet_map.by_values = True


def _read_store_columns(path: Path, source, mapping: Mapping, preview, header_row: int, headers: list[str], layout):
    """A sheet with stores as columns as the lines of each store (see
    `store_columns`), or None where its total is not their sum on every row."""
    from . import tables
    from .headers import SheetMapping
    from .store_columns import by_store, totals_agree
    from .year_context import written_in_japanese

    figures = {*layout.stores, *layout.totals}  # hours as text too: 7:30, time and [h]:mm cells read cell by cell
    raw = source.own(source.load(header_row, sorted({layout.date, *figures}),
                                 figures if layout.field in HOURS_FIELDS else set()))
    if not totals_agree(raw, layout):
        return None
    from . import weekday_column

    order, by_weekdays = weekday_column.date_order(source, header_row, list(headers), layout.date,
                                                   mapping.date_order(path.name, source.name, "sales"), path.name)
    role = {"net_sales": "sales", "budget": "budget"}.get(layout.field, "traffic")
    parts = []
    for col, store, lines in by_store(raw, layout):
        sheet_map = SheetMapping(role, {layout.date: "date", col: layout.field}, list(headers)) if role != "budget" \
            else SheetMapping(role, {layout.date: "month"}, list(headers), budget_columns={col: layout.budget})
        part = tables.build_table(lines, sheet_map, path.name, source.name, problems=source.problems(),
                                  date1904=source.date1904, semicolons=source.semicolons,
                                  date_order=order,
                                  year=_year_of(mapping, path, source, "sales", preview[:header_row]),
                                  japanese=written_in_japanese(headers, _cells(preview[:header_row])),
                                  formats=source.currencies(), minutes=layout.minutes)
        part.table["store"] = store
        parts.append(part)
    table = tables.join_tables(parts)
    table.mapping = SheetMapping(role, {layout.date: "date", **{c: layout.field for c in layout.stores}},
                                 list(headers), store_columns=dict(layout.stores)) if role != "budget" else \
        SheetMapping(role, {layout.date: "month"}, list(headers), store_columns=dict(layout.stores))
    weekday_column.check(source, header_row, table, layout.date, order)
    if by_weekdays is not None:
        table.warnings.append(by_weekdays)
    table.warnings = _one_note_per_kind(table.warnings)  # a sheet's notes once, not once per store
    table.warnings.append(Issue(path.name, source.name, 0, "note_store_columns" + (
        "" if layout.field == "net_sales" else f"_{layout.field}"), {
        "stores": ", ".join(layout.stores.values()), "budget": layout.budget,
        "totals": ", ".join(headers[c] for c in layout.totals)}))
    if layout.money:  # read as sales only because they show money: kept once the master lists each store
        table.warnings.append(Issue(path.name, source.name, 0, "note_store_columns_money", {"money": layout.money}))
    return table


def _one_note_per_kind(notes: list[Issue]) -> list[Issue]:
    """A sheet's notes once each; those its store columns gave one by one
    (column '本店' holds durations: 3 cells) as one naming every column and
    all their cells."""
    from dataclasses import replace

    merged: dict[Issue, Issue] = {}
    for note in notes:
        first = merged.setdefault(note, note)
        if first is note or not {"column", "cells"} <= set(note.params):
            continue
        cells = int(first.params["cells"].replace(",", "")) + int(note.params["cells"].replace(",", ""))
        merged[note] = replace(first, params={**first.params, "cells": f"{cells:,}",
                                              "column": f"{first.params['column']}, {note.params['column']}"})
    return list(merged.values())


def _unread_totals(source, preview, header_row: int, raw, sheet_map):
    """The lines holding 小計 / 合計 / Total in a column not read (see
    `carry.unread_totals`), looked for where the preview shows one or the
    sheet dates each day's first line only; None where there is none."""
    from .carry import days_gaps, preview_totals, unread_totals

    read = set(raw.columns)
    if not preview_totals(preview[header_row + 1:], read) and days_gaps(raw, sheet_map.columns) is None:
        return None
    width = max(len(row) for row in preview[header_row:])
    return unread_totals(source, header_row, width, read, raw.index)


def _read_month_columns(path: Path, source, mapping: Mapping, preview, layout):
    """A budget with months as columns as its rows for each month (see
    `month_columns`): (table, None), or (None, a note) where no year is known.
    Months without a year that nothing states keep their header (4月) as the
    month, settled with the sales as budget rows are (`budget_months`)."""
    import pandas as pd

    from . import budget_months, tables
    from .headers import SheetMapping
    from .month_columns import stores_down, yearless

    headers = header_names(preview, layout.header_row, False)
    title = _cells(preview[:layout.header_row])
    labels = months_of(mapping, path, source, preview, layout)
    if labels is None and yearless(layout):  # 4月 … 3月, no year stated: the sales' year, as budget rows (budget_months)
        labels = {c: str(preview[layout.header_row][c]).strip() for c in sorted(layout.months)}
    elif labels is None:
        return None, months_without_year(path, source, headers, layout)
    if layout.role == "finance":
        return _read_finance_months(path, source, preview, layout, headers, title, labels)
    keep = ([layout.label] if layout.label is not None else []) + ([layout.store] if layout.store is not None else [])
    raw = source.own(source.load(layout.header_row, sorted({*keep, *labels}), set(keep)))
    label = layout.label if layout.label is not None else len(headers) + 1  # the title's KPI, on every row
    kpi = raw[layout.label].where(raw[layout.label].astype(str).str.strip().ne("")) \
        if layout.label is not None else pd.Series(layout.named, index=raw.index, dtype=object)
    store = stores_down(raw[layout.store]) if layout.store is not None else None  # 全店 / 合計: the company's
    month_col = len(headers)  # the month each part is of, as a column of its own
    parts = []
    for col, month in labels.items():
        lines = pd.DataFrame({label: kpi, col: raw[col], month_col: month}, index=raw.index)
        columns = {label: "kpi", col: "value", month_col: "month"}
        if store is not None:
            lines[layout.store] = store
            columns[layout.store] = "store"
        sheet_map = SheetMapping("budget", columns, [*headers, f"{labels[min(labels)]}～{labels[max(labels)]}",
                                                     layout.named])
        parts.append(tables.build_table(lines, sheet_map, path.name, source.name, problems=source.problems(),
                                        date1904=source.date1904, semicolons=source.semicolons))
    table = tables.join_tables(parts)
    _yearless_cells(table, source, layout, labels)
    _scale_month_columns(table, kpi, [*title, *(headers[c] for c in keep), layout.named])
    figures = raw[list(labels)].notna().any(axis=1)
    for row in raw.index[kpi.isna() & figures]:  # nothing lost: figures without a KPI are said
        table.issues.append(Issue(path.name, source.name, int(row), "row_budget_no_kpi"))
    return _rows_once(table, labels, "note_months_across"), None


def _yearless_cells(table, source, layout, labels: dict[int, str]) -> None:
    """The header cell each month written without its year is in (4月: C3),
    for the message asking its year where nothing tells it (`budget_months`)."""
    from . import budget_months

    if budget_months.WRITTEN in table.table:
        from openpyxl.utils import get_column_letter

        cells = {labels[c]: f"{get_column_letter(c + 1)}{source.first_row + layout.header_row}" for c in labels}
        table.table[budget_months.CELL] = table.table[budget_months.WRITTEN].map(cells)


def _read_finance_months(path: Path, source, preview, layout, headers: list[str], title: list[object],
                         labels: dict[int, str]):
    """A P&L with accounts down and months across as its finance lines per
    month (month | account | amount, see `finance_lines`): (table, None).
    Months without a year that nothing states (4月 … 3月) keep their header
    as the month, settled with the sales as budgets' are (`budget_months`).
    Money in the unit the title or the accounts' header states; each sheet
    row used or rejected once."""
    import pandas as pd

    from . import tables
    from .headers import SheetMapping, stated_scale
    from .month_columns import stores_down

    keep = [layout.label] + ([layout.store] if layout.store is not None else [])
    raw = source.own(source.load(layout.header_row, sorted({*keep, *labels}), set(keep)))
    month_col, parts = len(headers), []
    scale = stated_scale([*title, *(headers[c] for c in keep)])
    for col, month in labels.items():
        lines = pd.DataFrame({layout.label: raw[layout.label], col: raw[col], month_col: month}, index=raw.index)
        columns = {layout.label: "account", col: "amount", month_col: "month"}
        if layout.store is not None:  # 全店 / 合計: the company's line, its total (finance_parts), never added on top
            lines[layout.store] = stores_down(raw[layout.store])
            columns[layout.store] = "store"
        sheet_map = SheetMapping("finance", columns, [*headers, f"{labels[min(labels)]}～{labels[max(labels)]}"])
        parts.append(tables.build_table(lines, sheet_map, path.name, source.name,
                                        problems=source.problems(), date1904=source.date1904,
                                        semicolons=source.semicolons, title_scale=scale))
    table = tables.join_tables(parts)
    _yearless_cells(table, source, layout, labels)
    return _rows_once(table, labels, "note_finance_months_across"), None


def _rows_once(table, labels: dict[int, str], note: str):
    """A sheet read month by month counted by its rows, not once per month: a
    row is used if any month of it is, else rejected once (its first reason, not
    repeated for each month);
    a month's cell not read in a row used is a note on that row; the sheet's
    notes once, and one saying which months were read."""
    used = set(table.table["_row"].tolist())
    issues, rejected = [], set()
    for issue in table.issues:
        if issue.row in rejected:  # the same row's reason again, for another month
            continue
        if issue.row in used:
            table.warnings.append(issue)
        else:
            issues.append(issue)
            rejected.add(issue.row)
    table.issues, table.rows_used, table.rows_read = issues, len(used), len(used) + len(rejected)
    table.warnings = list(dict.fromkeys(table.warnings))
    table.warnings.append(Issue(table.file, table.sheet, 0, note, {
        "first": labels[min(labels)], "last": labels[max(labels)], "months": len(labels)}))
    return table


def months_of(mapping: Mapping, path: Path, source, preview, layout) -> dict[int, str] | None:
    """'YYYY-MM' of each month column of a budget with months as columns: the
    year as written, as the user gave it, or as the file's name or title lines
    tell (2026年度, Budget 2026); None where nothing tells."""
    from .month_columns import month_labels
    from .year_context import bare_year

    title = preview[:layout.header_row]
    return month_labels(layout, _year_of(mapping, path, source, "budget", title) or bare_year(_cells(title)))


def months_without_year(path: Path, source, headers: list[str], layout) -> Issue:
    """The note on a budget with months as columns whose year nothing tells."""
    return Issue(path.name, source.name, 0, "sheet_months_no_year", {
        "months": ", ".join(headers[c] for c in sorted(layout.months)[:3]) + ", …",
        "rows": source.rows_below(layout.header_row)})


def _scale_month_columns(table, kpi, stating: list[object]) -> None:
    """Money budgets in the unit a label states (売上予算(千円)), else the one the
    title lines or headers state (単位：千円); counts and percentages as written."""
    from ..kpis.budget_names import is_money_budget
    from .headers import header_scale
    from .headers import stated_scale

    sheet_factor, said = stated_scale(stating)
    own = kpi.map(lambda name: header_scale(name) if isinstance(name, str) else 1)
    factor = own.where(own > 1, sheet_factor).where(kpi.map(is_money_budget), 1)
    if not (factor > 1).any():
        return
    frame = table.table
    frame["value"] = frame["value"] * frame["_row"].map(factor).fillna(1).to_numpy()
    scaled = kpi[factor > 1].dropna().unique().tolist()
    others = [n for n in kpi.dropna().unique().tolist() if n not in scaled]
    table.warnings.append(Issue(table.file, table.sheet, 0, "note_header_scale_money", {
        "column": said or ", ".join(scaled), "factor": f"{int(factor.max()):,}", "kpis": ", ".join(scaled),
        "others": ", ".join(others) or "-"}))


def _traffic_beside(path: Path, source, mapping: Mapping, table) -> SheetTable | None:
    """A daily report's visitors and staff hours kept beside its sales (日付 | 売上
    | 客数 | 来店客数 | 人時: a row per store and day, no receipts nor items): the
    sheet read as traffic too, from those columns, with a note; None where
    there are none, or the user's mapping says how the sheet is read."""
    from .headers import SheetMapping, traffic_beside

    sales = table.mapping
    overrides, forced = mapping.for_sheet(path.name, source.name)
    if table.role != "sales" or (forced and forced != "sales"):
        return None
    preview = source.preview()
    header_row, headerless = sheet_header(preview, {normalise(h) for h in overrides})
    if header_row is None or headerless:
        return None
    headers = header_names(preview, header_row, False)
    date = next((c for c, f in sales.columns.items() if f == "date" and c < len(headers)), None)
    if date is None or headers != list(sales.headers[:len(headers)]):
        return None  # a header read otherwise (two rows, a derived date): left as it is
    measures = traffic_beside(sales, {normalise(h) for h in overrides})
    if not measures:
        return None
    from . import tables

    store = {c: "store" for c, f in sales.columns.items() if f == "store" and c < len(headers)}
    traffic = SheetMapping("traffic", {date: "date", **store, **measures}, list(headers))
    raw = source.own(source.load(header_row, sorted(traffic.columns),
                                 {c for c, f in measures.items() if f in HOURS_FIELDS}))
    read = tables.build_table(raw, traffic, path.name, source.name, problems=source.problems(),
                              date1904=source.date1904, semicolons=source.semicolons,
                              date_order=mapping.date_order(path.name, source.name, "sales"),
                              year=_year_of(mapping, path, source, "sales", preview[:header_row]),
                              japanese=table.japanese)
    read.warnings.append(Issue(path.name, source.name, 0, "note_traffic_beside_sales", {
        "columns": ", ".join(headers[c] for c in measures)}))
    return read


def _year_of(mapping: Mapping, path: Path, source, role: str | None, title_rows: list[list[object]]):
    """The year of the sheet's dates written without one: as the user gave
    it, else as the file's name or its lines of title tell (see `year_context`)."""
    from .clean import YearOf
    from .year_context import year_context

    given = mapping.year(path.name, source.name, role)
    if given:
        return YearOf(given)
    found = year_context(path.name, _cells(title_rows), mapping.fiscal_year_start())
    if found is None and role == "budget":  # a plan's year written alone (Budget 2026, a cell 2026 above it)
        from .year_context import bare_year

        found = bare_year(_cells(title_rows))
    return found


def _cells(rows: list[list[object]]) -> list[object]:
    return [v for row in rows for v in row if v not in (None, "")]


def sheet_header(preview: list[list[object]], known: set[str]) -> tuple[int | None, bool]:
    """The header row (an index into the preview) and whether the sheet has
    none (then the index is of the row above its first line): the row naming
    the most known columns, else the row of text over columns of values
    (see `content_sheets`)."""
    found = find_header_row(preview, known=known)
    if found is not None:
        return found, False
    from .content_sheets import header_row

    return header_row(preview)


def header_names(preview: list[list[object]], header_row: int, headerless: bool) -> list[str]:
    if headerless:
        from .content_sheets import column_names

        return column_names(max((len(r) for r in preview), default=0))
    # a header cell of a whole number (a store's code 1, read from a workbook as 1.0) as it shows: 1
    return ["" if v is None else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
            for v in preview[header_row]]


def _two_rows(path: Path, source, preview, header_row: int, headers: list[str]):
    """The header row and headers, read from two rows when they are a group row
    above the names (see `header_rows`), with a note saying so."""
    from .header_rows import two_row_header, unnamed_headers

    two = two_row_header(preview, header_row, source.name)
    if two is None:
        return header_row, headers, None
    lower, headers, unnamed = two
    top = source.first_row + lower - 1
    params = {"first": top, "second": top + 1, "unused": unnamed_headers(headers, unnamed)}
    code = "note_two_row_header_unused" if params["unused"] else "note_two_row_header"
    return lower, headers, Issue(path.name, source.name, 0, code, params)


def skipped_sheet(path: Path, source, header_row: int | None, headers: list[str]) -> Issue:
    """The note on a sheet that fits no input table: its true row count, the
    table it comes nearest to and what that table misses."""
    from .fit import nearest_role

    months = _month_headers(headers)
    if len(months) >= 2:  # a plan laid out with its months across: said as such, with the layout that reads
        return Issue(path.name, source.name, 0, "sheet_months_across",
                     {"rows": source.rows_below(header_row), "months": ", ".join(months[:3]) + ", …"})
    near, missing = nearest_role(headers)
    # said with the table it comes nearest to and what that table lacks, where there is one
    code = "sheet_no_role_near" if near and missing and "header" not in missing else "sheet_no_role"
    return Issue(path.name, source.name, 0, code,
                 {"rows": source.rows_below(header_row), "near": near or "", "missing": ",".join(missing)})


def _currency_columns(sheet_map) -> set[int]:
    """A sales sheet's Currency column, read beside the mapped ones: it names the amounts' currency."""
    from .clean import currency_columns

    return set(currency_columns(sheet_map.headers)) if sheet_map.role == "sales" else set()


def _month_headers(headers: list[str]) -> list[str]:
    """The headers that name a month (2026年10月, 2026-10, Oct 2026)."""
    import pandas as pd

    from .clean import clean_month

    texts = [h for h in headers if isinstance(h, str) and h.strip()]
    if len(texts) < 2:
        return []
    months, _ = clean_month(pd.Series(texts, dtype=object))
    return [h for h, m in zip(texts, months.tolist()) if isinstance(m, str)]


def _read_profiled(path: Path, source, preview: list[list[object]], mapping: Mapping):
    """A sheet in a known export layout, read by its profile's rules; None
    when no profile claims it."""
    from . import export_profiles

    found = export_profiles.claim(preview, path.name, source.name)
    if found is None:
        return None
    profile, header_row = found
    headers = ["" if v is None else str(v) for v in preview[header_row]]
    sheet_map, where = profile.mapping(headers)
    real = len(headers)
    wanted = sorted({c for c in sheet_map.columns if c < real} | {where[h] for h in profile.needed() if h in where}
                    | _currency_columns(sheet_map))
    raw = source.load(header_row, wanted, export_profiles.text_columns(profile, sheet_map, where))
    date_order = mapping.date_order(path.name, source.name, profile.role)
    raw, not_sales, voided, refunds, returned = profile.prepare(raw, sheet_map, where, path.name, date_order)
    raw = source.own(raw)  # a piece of a cut sheet: the rules saw the receipts across the cut whole
    from . import tables

    problems = source.problems()
    if not_sales:
        import dataclasses

        problems = dataclasses.replace(problems, rows={**not_sales, **problems.rows})
    table = tables.build_table(raw, sheet_map, path.name, source.name, problems=problems,
                               date1904=source.date1904, date_order=date_order, semicolons=source.semicolons)
    table.voids = sorted(voided)
    if refunds is not None and "_row" in table.table.columns:
        used = refunds[refunds.index.isin(table.table["_row"])]
        if len(used):  # never silent: which month the refunds were taken from
            from ..messages import amount_text

            table.warnings.append(Issue(path.name, source.name, 0, "note_refunds_order_month", {
                "column": export_profiles.written(profile.refund["column"], headers, where), "orders": int(used["receipt"].nunique()),
                "amount": amount_text(round(float(used["amount"].sum()), 2))}))
    if returned is not None:  # refunds dated on their own day stay in their own month: said so
        from .refund_months import refunds_note

        note = refunds_note(table.table, returned, export_profiles.written(profile.returns.column, headers, where),
                            path.name, source.name)
        if note is not None:
            table.warnings.append(note)
    return table, None, True


def load_inputs(paths: list[Path | str], mapping: Mapping | None = None, password: str | None = None,
                progress=None, use_cache: bool = True, isolated: bool = True) -> Dataset:
    """Read every input file into role tables. Raises KpipackError for a file
    that cannot be read at all; bad rows become issues.

    Each file is parsed in a confined child process (`isolate`), and its clean
    tables are kept in the parse cache (`cache`) unless `use_cache` is False;
    a file whose content, mapping and parser are unchanged is not parsed again.
    A file given twice (same content) is read once."""
    from . import cache, isolate, split
    from .own_outputs import NOT_INPUTS, own_output
    from .protection import is_encrypted

    mapping = mapping or Mapping()
    files = expand_inputs(paths)
    if not files:
        raise KpipackError("no_inputs")
    root = cache.cache_root() if use_cache else None
    inputs: list[InputFile] = []
    notes: list[Issue] = []
    results: dict[int, tuple[list[SheetTable], list[Issue]]] = {}
    jobs: list = []
    cut: dict[int, InputFile] = {}  # files whose big sheet is parsed in two pieces
    first_by_sha: dict[str, str] = {}
    secret = False  # a password-protected input: nothing worked out from the inputs is kept
    for n, path in enumerate(files):
        if progress:
            progress("reading", 0.1 * n / len(files), path.name)
        if not path.exists():
            raise KpipackError("file_missing", file=str(path))
        digest = file_digest(path)
        if digest.sha256 in first_by_sha:
            notes.append(Issue(path.name, "", 0, "file_duplicate", {"first": first_by_sha[digest.sha256]}))
            continue
        first_by_sha[digest.sha256] = path.name
        kind = own_output(path)
        if kind in NOT_INPUTS:  # last month's pack left in the folder is not data
            notes.append(Issue(path.name, "", 0, f"file_own_{kind}"))
            continue
        inputs.append(digest)
        protected = is_encrypted(path)  # decrypted data is never cached
        secret = secret or protected
        if not isolated:
            results[n] = read_file(path, mapping, password)
            continue
        if not jobs and (root is None or protected or not cache.known(root, digest.sha256)):
            isolate.warm_up()  # a parse is certain: the readers import their libraries from now on
        if root is not None and not protected:
            entry = cache.lookup(root, digest.sha256, path.name, mapping.sections)
            if entry is not None:
                try:
                    results[n] = cache.load(entry)
                    continue
                except Exception:  # noqa: BLE001 - a damaged entry is parsed again
                    cache.drop(entry)
        if not jobs:
            isolate.warm_up()  # the reader processes import their libraries while the other files are hashed
        member = None if protected else split.member_to_split(path)
        limits = isolate.limits_for(digest.size)
        if member is None:
            jobs.append(isolate.Job((n, 0), str(path), path.name, digest.size, digest.sha256, mapping.sections,
                                    password, None if (root is None or protected) else str(root), limits))
            continue
        cut[n] = digest
        folder = str(split.scratch_folder(member.file_size))  # the pieces and their tables, never the user's cache
        for index in (0, 1):
            jobs.append(isolate.Job((n, index), str(path), path.name, digest.size // 2, f"{digest.sha256}.{index}",
                                    mapping.sections, None, folder, limits,
                                    part=split.Part(member.filename, index, folder)))
    joined: dict[int, tuple[list[SheetTable], list[Issue]]] = {}
    hashes = None  # the lines' hashes for the comparison of repeats (repeats.LineHashes)
    hashing: list[threading.Thread] = []

    def join_pieces(outcomes: dict) -> None:
        """A cut file's pieces put together as soon as both are in, beside the other files' parse,
        and its lines hashed for the comparison of repeats while the other files are read."""
        nonlocal hashes
        for n, digest in cut.items():
            first, second = outcomes.get((n, 0)), outcomes.get((n, 1))
            if n in joined or first is None or second is None:
                continue
            joined[n] = (split.join(first.tables, second.tables), first.notes)
            if root is not None:
                cache.store_later(root, digest.sha256, digest.path.name, mapping.sections, first.sheets,
                                  *joined[n])
            if any(job.key not in outcomes for job in jobs):  # other files still being read
                from .repeats import LineHashes  # pandas: the readers have started

                hashes = hashes or LineHashes()
                hashing.append(threading.Thread(target=hashes.ahead, args=(joined[n][0],), daemon=True,
                                                name="kpipack-hashes"))
                hashing[-1].start()

    try:
        outcomes = isolate.parse(jobs, progress=(lambda f, d: progress("reading", 0.1 + 0.9 * f, d))
                                 if progress else None, arrived=join_pieces) if jobs else {}
        for key in sorted(outcomes):
            if outcomes[key].error is not None:
                raise outcomes[key].error
        for (n, index), outcome in outcomes.items():
            if index == 0:
                results[n] = (outcome.tables, outcome.notes)
        join_pieces(outcomes)
        results.update(joined)
    finally:  # half a gigabyte of pieces takes a tenth of a second to delete: beside the build
        for folder in {job.part.folder for job in jobs if job.part is not None}:
            cache.later(lambda folder=folder: split.remove_scratch(folder), "kpipack-scratch-removal")
    if jobs and root is not None:
        cache.prune(root)
    sheets: list[SheetTable] = []
    for key in sorted(results):
        file_tables, file_notes = results[key]
        sheets.extend(file_tables)
        notes.extend(file_notes)
    from .store_blocks import name_blocks

    keep = root is not None and isolated and not secret
    key = cache.dataset_key([i.sha256 for i in inputs], mapping.sections) if keep else None
    sheets = name_blocks(sheets)  # blocks titled by a store's name alone: R1 of two stores is two receipts
    # the same receipts read twice are counted once, noted on their sheet; what was found depends
    # only on the inputs, so a rebuild takes it from the cache rather than comparing the lines again
    found = cache.load_derived(root, f"{key}-repeats") if key else None
    from .repeats import drop_repeats

    for thread in hashing:
        thread.join()
    sheets, _, steps = drop_repeats(sheets, found, tick=(lambda: progress("reading", 1.0, "")) if progress else None,
                                    hashes=hashes)
    if key and found is None:
        cache.store_derived(root, f"{key}-repeats", steps)
    from .budget_months import with_years

    # 10月 in a budget or a P&L: of the year stated, or the sales'; before finance figures are compared by month
    sheets = with_years(sheets, mapping.fiscal_year_start())
    from .row_repeats import drop_repeated_rows

    sheets = drop_repeated_rows(sheets)  # and the same stock, traffic or finance rows
    from .traffic_months import one_traffic_per_month

    sheets = one_traffic_per_month(sheets)  # a month's traffic beside its days would count it twice
    from .finance_rows import one_figure_per_month

    sheets = one_figure_per_month(sheets)  # and a month's finance given in two shapes or files
    from .undated import beside_lines

    sheets, summaries = beside_lines(sheets)  # a month's totals beside its lines are the same sales again
    notes.extend(summaries)
    from .store_rows import one_row_per_store

    sheets = one_row_per_store(sheets)  # a store written twice would count its floor area twice
    from .budget_rows import one_budget_per_month

    sheets = one_budget_per_month(sheets)  # two budgets of one month would be added up
    from .store_columns import confirm_codes

    sheets, unconfirmed = confirm_codes(sheets)  # columns headed 001 | 002 are stores only where the master says
    notes.extend(unconfirmed)
    return dataset_of(sheets, notes, inputs, root if keep else None, key)


def dataset_of(sheets: list[SheetTable], notes: list[Issue], inputs: list[InputFile],
               cache_root: Path | None = None, cache_key: str | None = None) -> Dataset:
    """The dataset of the sheets read: one table per role (its sheets' lines put together)."""
    import pandas as pd

    tables: dict[str, pd.DataFrame] = {}
    area_unit = None
    for role in ROLE_FIELDS:
        parts = [s.table for s in sheets if s.role == role and len(s.table)]
        if parts:
            tables[role] = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        for s in sheets:
            if s.role == "stores" and s.mapping.area_unit:
                area_unit = s.mapping.area_unit
    return Dataset(tables, sheets, notes, inputs, area_unit, cache_root, cache_key)
