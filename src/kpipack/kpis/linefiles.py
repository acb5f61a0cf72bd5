"""Sales lines the query engine reads straight from their files, out of core:
Parquet exports, and CSV files too big to hold in memory as a frame.

The lines never become a pandas frame: the parts (lineparts) run on the
files, and the rest of the build gets a summary per store, SKU and month
(`summary_sql`) in the place of the lines. Headers are mapped to fields as
the importer maps them (ingest.headers, and a --map file's [sales] section).

Checks, each with the file (and row where one is known):
- a CSV line cut off, or a value of another type than the column's further
  down the file: DuckDB's reader stops with the line number; the build
  stops with one message and writes nothing;
- Parquet files of one export with other columns or types: the build stops
  naming the file that differs;
- lines without a readable date or net sales: rejected and listed in the
  data-quality sheet with their file and row (on Spark, a CSV line's row is
  not known: those are counted). A line blank in every column read is no line.
"""
from __future__ import annotations

import datetime
import decimal
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import Issue, KpipackError
from .line_repeats import REPEAT_CODES
from .lineparts import DuckLines, _quote, _text, reached_sql

PARQUET = {".parquet", ".parq"}
CSV = {".csv", ".tsv", ".txt"}
# CSV files this big (alone, or all the CSV files given together) are read by the engine; smaller ones by the
# importer with its full cleaning
CSV_ENGINE_BYTES = int(float(os.environ.get("KPIPACK_ENGINE_CSV_MB", "256")) * (1 << 20))
# past this many lines Parquet files' typed lines are written once to a scratch table, as a CSV's are: the
# parts then read that table, not the files through the rules at every part (100M lines: about twenty reads)
PARQUET_WRITTEN_LINES = 20_000_000
TEXT_FIELDS = ("store", "receipt", "customer", "sku", "product", "category", "channel")
NUMBER_FIELDS = ("net_sales", "cost", "gross_profit", "qty", "transactions", "unit_price")
REJECTS_LISTED = 1000
RECEIPT_CHECK_LINES = 100_000  # the first lines a receipt of two amounts is looked for in, before all of them
SUMMARY_LINES_PER_PART = 50_000_000  # lines per part of the store × SKU × month summary (the grouping's memory)
# the lines the parts count; the others are rejected (no_sale: a status or cancel flag saying the sale did not happen)
USED = "date IS NOT NULL AND net_sales IS NOT NULL AND no_sale IS NULL"
ROW_FIELDS = ("status", "line_type", "cancelled")  # what says which lines are no sale or returns
# the types DuckDB's CSV reader may give a column from its first lines (its own, BIGINT left out)
_TOTAL_WORDS = ("計", "total", "ｔｏｔａｌ")  # one of which every totals label (tables.total_labels) holds
_CANDIDATES = "['BOOLEAN', 'DOUBLE', 'TIME', 'DATE', 'TIMESTAMP', 'VARCHAR']"

# a date the reader reads as the importer does (2026-10-01, 2026-10-01 09:30:00): no reading of its own needed
_ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.][0-9]+)?)?)?"  # no backslash: Spark

@dataclass
class LineFiles:
    """Sales line files of one layout, read by the engine."""

    paths: list[Path]
    kind: str  # "parquet" or "csv"
    fields: dict[str, str]  # field -> the files' column
    mapping: object = None  # the headers' SheetMapping (ingest.headers), with a sale or date a rule made
    parts: dict[str, str] = field(default_factory=dict)  # an order's Total: its columns taken off (total_parts)
    periods: dict | None = None  # sales totals without dates: each file's period, as its name gives it (undated)
    issues: list[Issue] = field(default_factory=list)
    receipt_totals: bool = False  # the amount is each receipt's total on every line: counted on its first
    takes_back: bool = False  # a cancelling row takes back other lines of its receipt (a join over the lines)
    repeats_checked: bool = False  # the files were compared for receipts a later one repeats (line_repeats)
    repeats_within_checked: bool = False  # each file's lines compared for a receipt that comes back further down
    carry_checked: bool = False  # receipt fields written on a receipt's first line only carried down (line_carry)
    repeats_dropped: bool = False  # a receipt a later file repeats is no sale there (a join over the lines)
    rows_read: int = 0
    rows_used: int = 0
    net_sales_read: float = 0.0
    net_sales_rejected: float = 0.0
    notes: list[Issue] = field(default_factory=list)  # what the reading of the numbers made of them, said
    _cells: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> SQL of its number, of its being none
    _lines: str = "raw_source"  # what the lines are read from: the files, joined with their numbers' readings
    _amounts: object = None  # the amount column's distinct texts (t) and their lines (n), where it is text
    date_order: str | None = None  # 'dmy' or 'mdy' as the user set it for dates such as 10/01/2026
    _dates: tuple[str, str] | None = None  # SQL of a line's date read from its text, and of its text being no date
    zone: str | None = None  # the time zone of Parquet dates stored as instants (TIMESTAMP WITH TIME ZONE)
    line_tax: tuple[str, str | None] | None = None  # the tax-type (税区分) and tax-rate columns (ingest.line_tax)
    # SQL true for a tax-included line with a rate, of its rate, true for one without a rate (`_line_tax`)
    _taxed: tuple[str, str, str] | None = None
    _headers_again: list[tuple[int, int]] = field(default_factory=list)  # (file, line) of a CSV's header again
    _uneven_lines: list[tuple[int, int, int, int]] = field(default_factory=list)  # (file, line, cells, header's)
    _empty_lines: object = None  # a CSV's empty lines as each file's line numbers, looked for as it is parsed
    _reading: str = "padded"  # how a CSV is read (`_csv_options`): another way where DuckDB cannot (`_next_reading`)
    _row_sql: str = "_row"  # SQL of a line's row in its file (select)
    read_notes: list[Issue] = field(default_factory=list)  # what the reading of the headers made of the files
    # a CSV in Shift_JIS, Windows-1252 or UTF-16 -> its text as UTF-8, under the same name (`utf8_copy`),
    # which DuckDB reads in its place; `copies` holds their folder for the build's length
    texts: dict[Path, Path] = field(default_factory=dict)
    copies: object = None
    converting: object = None  # converting(name, done, size, lf): a copy's writing shown (claim)
    layout: CsvLayout | None = None  # a CSV's lines of title above its header, and its separator

    @property
    def sources(self) -> list[Path]:
        """The files DuckDB reads: `paths`, a CSV not in UTF-8 by its copy (named as the file)."""
        return [self.texts.get(p, p) for p in self.paths]

    def relation(self, paths: list[str] | None = None) -> str:
        listed = "[" + ", ".join(_text(str(p)) for p in (paths or self.sources)) + "]"
        if self.kind == "parquet":
            return f"read_parquet({listed}, filename = true, file_row_number = true)"
        # the texts read as texts whatever they look like (a SKU 0012 stays 0012, not the number 12):
        # the importer's reading of these fields; dates and numbers as the reader finds them
        # and the dates: read by the importer's reading of dates (`_read_dates`), never by the reader's guess
        from ..ingest.headers import decimal_comma_headers

        # and numbers too under German, French … headers, whose 1.234 is one thousand …, not the reader's 1.234
        read = (*TEXT_FIELDS, *ROW_FIELDS, "date") + (NUMBER_FIELDS if decimal_comma_headers(
            list(self.fields.values())) else ())
        texts = sorted({self.fields[k] for k in read if k in self.fields})
        typed = ", ".join(f"{_text(c)}: 'VARCHAR'" for c in texts)
        # numbers as DOUBLE, never BIGINT: a whole-number column's 12.5 further down is 12.5, not rounded to 13
        # a line the reader cannot read is set aside (store_rejects), not an error at once: the header
        # again (two downloads put one after the other) is no line, a line of more cells than the header
        # a rejected one; any other stops the build (`_read_rejects`)
        return (f"read_csv({listed}, {_csv_options(self.layout, self._reading)}, filename = true, "
                f"auto_type_candidates = {_CANDIDATES}, types = {{{typed}}}, ignore_errors = true, "
                "store_rejects = true)")

    def select(self, query, register=None, spark: bool = False, update=None, kept=None) -> str:
        """The lines as the parts read them (SQL over `raw_source`): fields renamed
        and typed, cost resolved from gross profit where absent, and the
        importer's row rules applied (ingest.sales_rows, tables, total_parts,
        undated), from the same definitions. `query(sql)` gives the result of
        SQL over `raw_source` as pandas frames, in batches: the rules read the
        files' distinct values in Python and the lines are compared with them.
        `register(name, frame)` puts a small table beside the lines (the
        readings of number texts); `update(sql)` changes the parsed CSV's
        lines in place (UPDATE of its table). `line_no` orders a file's lines (rows
        within a file). On a CSV parsed here, what needs no rule's values (the date, its month and day, a
        C-receipt, the file) was worked out as the text was parsed (`derived`)."""
        f = self.fields
        self.notes, self._cells, self._lines, self._amounts, self._dates = [], {}, "raw_source", None, None
        self._tax_blank = self._taxed = None
        parsed = self._parsed(spark)
        self._headers_again, self._uneven_lines = self._read_rejects(query) if parsed else ([], [])
        values = self._rule_values(query)
        self._read_numbers(query, register, spark, update)
        self._carry_down(query, values, update, kept)
        self._blank_tax(query)
        self._line_tax(query)

        def number(k):
            return self._cell(f[k])

        back = self._returned(values, spark)  # a Refund / 返品 line, a C-receipt: its amounts given back
        unsigned = self._unsigned(query)  # a line of -1 at a positive amount, in files that write no minus
        self._price_note(query)
        back = unsigned if back is None else back if unsigned is None else f"({back}) OR ({unsigned})"

        def signed(expr):
            return expr if back is None else f"CASE WHEN {back} THEN -ABS({expr}) ELSE {expr} END"

        net = self._net()
        date = self._period_dates(spark) if self.periods else self._dates[0] if self._dates else \
            "_date" if parsed else self._date(spark)
        cols = {"date": date}
        if parsed and not self.periods and date == "_date":  # else worked out from the date read (lineparts)
            cols.update(month="_month", day="_day")
        # ids and names without the spaces around them: trimmed as a parsed CSV's text is parsed (`derived`)
        cols.update({k: f"CAST({_quote(f[k])} AS VARCHAR)" if parsed else _code(f[k])
                     for k in TEXT_FIELDS if k in f})
        if "customer" in f:  # NA, 非会員, ゲスト, 0000000000: no customer, as the importer reads them (said)
            cols["customer"] = self._customer(cols["customer"], query)
        if "store" not in f or values.get("stores_blank"):  # a region read as the store, else the one store of
            from ..ingest.tables import DEFAULT_STORE  # files without stores, as the importer reads them

            if "store" in f:  # a single-store export leaves its store column blank on every line, as said
                self.notes.append(Issue(self._name(), "", 0, "note_store_column_blank", {
                    "column": f["store"], "store": DEFAULT_STORE}))
            cols["store"] = f"CAST({_quote(f['region'])} AS VARCHAR)" if "region" in f and "store" not in f \
                else _text(DEFAULT_STORE)
        cols["net_sales"] = signed(net)
        cols.update({k: signed(number(k)) for k in ("qty",) if k in f})
        cols.update({k: number(k) for k in ("transactions",) if k in f})
        costs = ([number("cost")] if "cost" in f else []) + \
            ([f"{net} - {number('gross_profit')}"] if "gross_profit" in f else [])
        cost = "CAST(NULL AS DOUBLE)" if not costs else costs[0] if len(costs) == 1 else f"COALESCE({', '.join(costs)})"
        cols["cost"] = signed(cost) if costs else cost
        cols["no_sale"] = self._no_sale(values, parsed)
        row = "file_row_number + 1" if self.kind == "parquet" and not spark else \
            self._csv_rows(query) if not spark else "CAST(NULL AS BIGINT)"
        cols["_row"] = self._row_sql = row
        cols["line_no"] = "_line_no" if self.kind == "csv" and not spark else f"COALESCE({row}, 0)"  # see DuckLines
        cols["_file"] = "_file_no" if parsed else self._file_number(query, spark)
        # a line blank in every column read is no line (Excel's CSV keeps its blank rows), as in a sheet; the
        # reader reads an empty cell as NULL (a parsed CSV keeps its date as `derived` made it)
        present = list(dict.fromkeys(f.values())) if not parsed else \
            [c for c in self._read() if c != "filename"] + (["_date"] if "date" in f and not self.periods else [])
        written = " OR ".join(f"{_quote(c)} IS NOT NULL" for c in present)

        def lines_sql():
            return "SELECT " + ", ".join(f"{e} AS {k}" for k, e in cols.items()) + f" FROM {self._lines} WHERE {written}"
        body = lines_sql()
        # 0001 of each day a receipt of its own, as the importer's
        if self._receipts_restart_daily(body, query, "day" in cols):
            from ..ingest.receipt_days import with_day_sql

            cols["receipt"] = with_day_sql(cols["receipt"], f"({cols['date']})")
            body = lines_sql()
        names = [n for n in cols if n != "no_sale"] + ["no_sale"]
        body = self._receipt_totals_once(self._taken_back(body, list(cols), values), names, query)
        return self._repeats(body, names, query, register, spark)

    def _repeats(self, body: str, names: list[str], query, register, spark: bool = False) -> str:
        """`body` with the receipts repeated no sale (line_repeats, the importer's
        rule): a block of a file that repeats the receipt's first block there,
        then a receipt a later file (or download) repeats from an earlier one;
        each file's loss said in a note."""
        from . import line_repeats

        if register is None:
            return body
        again = self._headers_again + self._header_lines(query, spark)  # a CSV of downloads put together: each one
        parts = line_repeats.part_sql(again)
        if not spark:  # lines in order: Spark numbers none
            body = self._repeated(body, names, query, register, parts, within=True)
            self.repeats_within_checked = True
        if len(self.paths) < 2 and not again:
            return body
        self.repeats_checked = True
        if not again and not line_repeats.periods_overlap(self._frame(query, line_repeats.overlap_sql(body, USED))):
            return body
        return self._repeated(body, names, query, register, parts)

    def _repeated(self, body: str, names: list[str], query, register, parts: str, within: bool = False) -> str:
        """`body` with the repeats that line_repeats' within_sql (else found_sql)
        finds no sale; as it was where none are found."""
        from . import line_repeats

        if within:
            if not self._frame(query, line_repeats.split_sql(body, names, USED, parts))["n"][0]:
                return body  # every receipt one run of lines: none can come back
            from ..ingest.repeats import scattered

            found = self._frame(query, line_repeats.within_sql(body, names, USED, parts))
            if not found.empty and scattered(int(found["split"].iat[0]), int(found["alike"].iat[0])):
                return body  # a file not kept by receipt (sorted by item): its lines counted as written
        else:
            found = self._frame(query, line_repeats.found_sql(body, names, USED, parts))
        if found.empty:
            return body
        by_receipt = "receipt" in names
        found["other"] = [Path(self.file_path(f)).name for f in found["first_file"]]
        found["here"] = found["_file"] == found["first_file"]
        register("repeats_within" if within else "repeats", found)
        self.repeats_dropped = True
        self.notes += line_repeats.notes(found, lambda f: Path(self.file_path(f)).name, by_receipt)
        return line_repeats.marked_sql(body, names, by_receipt, parts, within)

    @staticmethod
    def _frame(query, sql: str):
        """The result of `sql` (`query` gives it in batches) as one frame."""
        import pandas as pd

        return pd.concat(list(query(sql)), ignore_index=True)

    def _carry_down(self, query, values, update, kept) -> None:
        """A receipt's fields written on its first line only, carried down its
        lines where a parsed CSV is laid out so (line_carry, the importer's
        rule), in the parsed table itself (`update`; `kept`: a query's result
        kept as a table for a while); said in a note per file."""
        from ..ingest.carry import RECEIPT_FIELDS
        from . import line_carry

        f = self.fields
        if update is None or kept is None:
            return
        self.carry_checked = True
        if "receipt" not in f:
            return
        dated = "date" in f and not self.periods
        item = line_carry.item_sql(f, values.get("totals", []))
        firsts = list(self._frame(query, line_carry.firsts_sql()).itertuples(index=False))
        shown = self._frame(query, line_carry.shown_sql(f, item, dated, line_carry.head_sql(firsts))).iloc[0]
        if not (shown["cont"] or shown["undated"] or shown["gaps"]):
            return
        carried = [k for k in RECEIPT_FIELDS if k in f and (k != "date" or dated)]
        with kept(line_carry.carried_sql(f, item, dated, carried)) as lines, \
                kept(line_carry.values_sql(f, carried, lines)) as taken:
            counts = self._frame(query, line_carry.counts_sql(taken, carried))
            if counts.empty:
                return
            for first in range(0, int(counts["last"].max()) + 1, line_carry.CHUNK_LINES):
                update(line_carry.update_sql(f, carried, taken, first))
        update(f"SET _c_receipt = {self._c_receipt(False)} WHERE _c_receipt IS NULL")  # a number taken: a C one?
        for row in counts.itertuples(index=False):
            took = [k for k in ["receipt", *carried] if getattr(row, k)]
            self.notes.append(Issue(Path(self.file_path(row.file)).name, "", 0, "note_carried_down",
                                    {"rows": int(row.n), "fields": ", ".join(took)}))

    def _header_lines(self, query, spark: bool = False) -> list[tuple[int, int]]:
        """(file, row) of each header line again that the reader read as a line
        (`_header_again`: within a small CSV's first lines), as `_headers_again`
        has those it set aside."""
        again = self._header_again()
        if again is None or not self._parsed(spark):
            return []
        found = self._frame(query, f"SELECT _file_no AS f, {self._row_sql} AS r FROM raw_source WHERE {again}")
        return [(int(f), int(r)) for f, r in found.itertuples(index=False)]

    def _customer(self, cell: str, query) -> str:
        """SQL of a line's customer: none where the cell is a missing marker, a
        non-member word or a code of zeros (clean.is_missing_marker,
        clean.is_non_member); the non-member cells counted in a note."""
        from ..ingest.clean import MISSING_MARKERS, NON_MEMBERS, is_missing_marker, is_non_member

        folded = f"LOWER(TRIM({cell}))"
        words = sorted(MISSING_MARKERS | NON_MEMBERS)
        # the cells that may say no customer: the words and zeros as folded here, and any short cell written with
        # other than ASCII (ＮＡ, ０００), which the importer's own reading (NFKC) then decides on
        wide = f"(LENGTH({cell}) <= {max(map(len, words)) + 2} AND OCTET_LENGTH(ENCODE({cell})) > LENGTH({cell}))"
        zeros = f"({folded} <> '' AND REPLACE({folded}, '0', '') = '') OR REPLACE({cell}, '０', '') = ''"
        maybe = f"({folded} IN ({', '.join(map(_text, words))}) OR {zeros} OR {wide})"
        found = self._frame(query, f"SELECT {cell} AS v, COUNT(*) AS n FROM {self._lines} "
                                     f"WHERE {maybe} GROUP BY {cell} ORDER BY {cell}")
        found = found[[is_missing_marker(str(v)) or is_non_member(v) for v in found["v"]]]
        if found.empty:
            return cell
        said = found[[not is_missing_marker(str(v)) for v in found["v"]]]
        if len(said):
            self.notes.append(Issue(self._name(), "", 0, "note_non_members", {
                "column": self.fields["customer"], "values": ", ".join(f"{v} ({int(n):,})" for v, n in
                                                                       zip(said["v"], said["n"]))}))
        # the cells found, as written: each line compared with a few texts, not folded again at every part
        return f"CASE WHEN {cell} IN ({', '.join(_text(v) for v in found['v'])}) THEN NULL ELSE {cell} END"

    def _receipts_restart_daily(self, body: str, query, dated: bool) -> bool:
        """Whether the receipt numbers start again each day (ingest.receipt_days,
        the importer's rule, counted over every line of the files); said in a note.
        `dated`: the lines carry their month and day. The distinct days of each
        number are counted only where its first and last days leave it possible."""
        from ..ingest.receipt_days import bound_sql, counts_sql, numbering_restarts

        if "receipt" not in self.fields:
            return False
        for sql in (bound_sql(body, "month", "day") if dated else bound_sql(body), counts_sql(body)):
            seen = self._frame(query, sql).iloc[0]
            if not numbering_restarts(int(seen["again"]), int(seen["numbers"])):
                return False
        self.notes.append(Issue(self._name(), "", 0, "note_receipt_numbers_daily", {"column": self.fields["receipt"]}))
        return True

    @staticmethod
    def _decimal_columns(query, columns: list[str]) -> set[str]:
        """The `columns` the files type as decimals (a Parquet file's DECIMAL(38, 2) money), which come to
        pandas as objects: numbers, each line's value cast, not texts read one by one and joined back."""
        import pandas as pd

        if not columns:
            return set()
        types = pd.concat(list(query("SELECT " + ", ".join(f"TYPEOF({_quote(c)}) AS t{i}" for i, c in
                                                           enumerate(columns)) + " FROM raw_source LIMIT 1")))
        if types.empty:
            return set()
        return {c for i, c in enumerate(columns) if str(types[f"t{i}"].iloc[0]).lower().startswith("decimal")}

    def _read_numbers(self, query, register, spark: bool, update=None) -> None:
        """The number columns the files write as text ($1,200, ¥1,234-,
        (1,234), 2個): each distinct text read by the importer's own reading
        (tables.number_cells, with the decimal mark the columns show, so a
        column's ¥1,234- is its minus where its other amounts have no dash),
        in a table the lines are joined with; a column the files type as
        numbers is read as such, in the unit its header states. What the
        reading made of them is said (`notes`), as the importer says it."""
        import pandas as pd

        from ..ingest import clean
        from ..ingest.headers import decimal_comma_headers, header_scale
        from ..ingest.tables import decimal_comma_note, number_cells

        columns = {self.fields[k]: k for k in NUMBER_FIELDS if k in self.fields}
        columns.update({c: "parts" for c in self.parts})  # an order's tax or tip: money, in no unit of its own
        dated = self.fields.get("date") if not self.periods else None
        head = pd.concat(list(query(f"SELECT {', '.join(map(_quote, [*columns, *([dated] if dated else [])]))} "
                                    "FROM raw_source LIMIT 0")))
        texts = {}
        decimals = self._decimal_columns(query, [c for c in columns if head[c].dtype == object])
        for col in columns:
            if not (pd.api.types.is_numeric_dtype(head[col]) or pd.api.types.is_bool_dtype(head[col])
                    or col in decimals):
                cell = f"CAST({_quote(col)} AS VARCHAR)"
                texts[col] = self._frame(query, f"SELECT {cell} AS t, COUNT(*) AS n FROM raw_source "
                                                  f"WHERE {cell} IS NOT NULL GROUP BY {cell}")
        marks = clean.decimal_marks([t["t"] for t in texts.values()])
        comma = marks == "comma" or (marks is None and decimal_comma_headers(list(self.fields.values())))
        if comma and marks is None and (note := decimal_comma_note(self._name(), "", list(self.fields.values()),
                                                                   [t["t"] for t in texts.values()])):
            self.notes.append(note)
        joins, taken, scales = [], [], []
        for col, fld in columns.items():
            header = col if fld != "parts" else ""
            if col not in texts or texts[col].empty or register is None:
                factor = header_scale(header)
                if factor != 1:
                    scales.append((col, factor))
                expr = f"TRY_CAST({_quote(col)} AS DOUBLE)"
                self._cells[col] = (expr if factor == 1 else f"({expr} * {factor})", "FALSE")
                continue
            found = texts[col]
            if fld == self._money_field:
                self._amounts = found
            cells, bad = number_cells(found["t"].astype(object), fld, comma, header, scales)
            n = len(joins)
            register(f"kpipack_cells_{n}", pd.DataFrame({"t": found["t"].astype(str), "v": cells.astype(float),
                                                          "bad": bad.astype(bool)}))
            joins.append(f"LEFT JOIN kpipack_cells_{n} AS c{n} ON CAST(r.{_quote(col)} AS VARCHAR) = c{n}.t")
            taken.append(f"c{n}.v AS _kp_v{n}, c{n}.bad AS _kp_b{n}")
            self._cells[col] = (f"_kp_v{n}", f"COALESCE(_kp_b{n}, FALSE)")
            if (dashed := clean.yen_dash(found["t"].astype(object), found["n"])) is not None:
                self.notes.append(Issue(self._name(), "", 0, f"note_yen_dash_{dashed[0]}", {
                    "column": col, "cells": f"{dashed[1]:,}"}))
        for header, factor in dict.fromkeys(scales):  # never silently 1,000 times off
            self.notes.append(Issue(self._name(), "", 0, "note_header_scale", {"column": header,
                                                                               "factor": f"{factor:,}"}))
        if dated is not None and register is not None and not (
                pd.api.types.is_numeric_dtype(head[dated]) or pd.api.types.is_datetime64_any_dtype(head[dated])):
            if (read := self._date_join(query, register, dated, len(joins), spark, update)) is not None:
                joins.append(read[0])
                taken.append(read[1])
        if joins:  # on Spark, a line's file is named before the join (after it, none is)
            inner = "(SELECT *, input_file_name() AS _kp_file FROM raw_source)" if spark else "raw_source"
            if self._dates is not None:  # a date's text cut into its day and clock time
                inner = f"(SELECT *, {self._split(dated)} FROM {inner})"
            self._lines = f"(SELECT r.*, {', '.join(taken)} FROM {inner} AS r {' '.join(joins)}) AS raw_lines"

    def _csv_rows(self, query) -> str:
        """SQL of a CSV line's row in its file, as a sheet's rows are numbered
        (the header row 1, its first line 2): the lines are numbered in the
        files' order as they are parsed (DuckLines' `_line_no`)."""
        firsts = self._frame(query,
            "SELECT _file_no AS f, MIN(_line_no) AS first FROM raw_source GROUP BY _file_no")
        if firsts.empty:
            return "CAST(NULL AS BIGINT)"
        titles = self.layout.titles if self.layout is not None else 0  # lines of title: rows above the header
        # a line the reader passed by keeps its row (a header line again, one of another width, an empty one):
        # the lines after it are one further down (the k-th of a file, at row L, is where the rows numbered
        # without them, _line_no + shift, reach L - k)
        empty = self._empty_lines.result() if self._empty_lines is not None else [[] for _ in self.sources]
        whens = []
        for file, first in firsts.itertuples(index=False):
            file, shift = int(file), 2 + titles - int(first)  # row = _line_no + shift
            passed = sorted([n for f, n in self._headers_again if f == file]
                            + [n for f, n, *_ in self._uneven_lines if f == file]
                            + [n for n in empty[file] if n > titles + 1])
            reached = reached_sql("_line_no", [n - k - shift for k, n in enumerate(passed)])
            whens.append(f"WHEN {file} THEN _line_no + {shift} + {reached}")
        return f"(CASE _file_no {' '.join(whens)} END)"

    def _read_rejects(self, query) -> tuple[list[tuple[int, int]], list[tuple[int, int, int, int]]]:
        """The lines of the CSV files the reader set aside (`relation`): the
        header line again, two downloads put one after the other, as
        (file number, line); a line of more cells than the header (an unquoted
        separator in a name has shifted its values), as (file number, line,
        its cells, the header's), rejected as the importer rejects it (and one
        of fewer cells, where the lines were read unpadded, rejected); any
        other stops the build naming the file and line, as a reading error
        does (`_read_error`)."""
        import csv

        set_aside = self._frame(query,
            "SELECT s.file_path AS path, e.line, e.csv_line, e.error_message FROM reject_errors AS e "
            "JOIN reject_scans AS s USING (scan_id, file_id) ORDER BY s.file_path, e.line")
        again, uneven = [], []
        headers = list(self.mapping.headers) if self.mapping is not None else None
        for path, line, text, message in set_aside.itertuples(index=False):
            number = next((n for n, p in enumerate(self.sources) if str(p) == path), 0)
            # the line's text as the reader quotes it: in a file of CRLF lines, from the LF before it
            cells = [c.strip() for c in next(csv.reader([str(text).strip("\r\n")]), [])]
            if cells and cells == [h.strip() for h in (headers or _headers(self.sources[number], "csv",
                                                                             self.layout))]:
                if (number, int(line)) not in again[-1:]:  # set aside once for each column it could not read
                    again.append((number, int(line)))
                continue
            counts = _COLUMNS.search(str(message))
            if counts:  # a line of more cells; one of fewer where such lines are not padded (`_next_reading`)
                if not uneven or uneven[-1][:2] != (number, int(line)):  # its first error: the cells it holds
                    uneven.append((number, int(line), int(counts.group(2)), int(counts.group(1))))
                continue
            raise _read_error(str(message), Path(path).name, int(line), self.sources)
        return again, uneven

    def _header_again(self) -> str | None:
        """SQL true for a line holding the header row again in every text column (where the
        reader read it as a line: within its first lines, whose types it takes from them)."""
        texts = [c for k, c in self.fields.items() if k in (*TEXT_FIELDS, *ROW_FIELDS, "date")]
        if self.kind != "csv" or not texts:
            return None
        return " AND ".join(f"TRIM(CAST({_quote(c)} AS VARCHAR)) = {_text(c.strip())}" for c in dict.fromkeys(texts))

    def _date_join(self, query, register, dated: str, n: int, spark: bool,
                   update=None) -> tuple[str, str] | None:
        """A date column the files write as text, read as the importer reads it
        (`_dates` says where each line's date and its being no date are); None
        where every text is ISO (the reader's own reading is the importer's).
        Each text is cut into its day and clock time (linedates); the
        distinct days are read by the importer's reading (`_date_table`), the
        distinct clock times by clean's (linedates.clock_table), and the texts
        whose cut clean would not read so are read whole with the days. A
        parsed CSV's dates are set in its table once (`update`), as ISO dates
        are set as it is parsed; else the join that reads them and the
        columns it gives (`_kp_v<n>` the date, `_kp_b<n>` no date)."""
        import pandas as pd

        from .linedates import clock_table, day_ok, plus_seconds

        cell = f"CAST({_quote(dated)} AS VARCHAR)"
        iso = _text(f"^{_ISO_DATE}$")
        iso = f"{cell} RLIKE {iso}" if spark else f"REGEXP_MATCHES({cell}, {iso})"
        other = self._frame(query, f"SELECT {cell} AS t FROM raw_source WHERE {cell} IS NOT NULL "
                                     f"AND NOT ({iso}) LIMIT 1")
        if other.empty:
            return None
        cut = f"(SELECT *, {self._split(dated)} FROM raw_source) AS r"
        found = self._frame(query, f"SELECT _dk, _dr, GROUPING(_dk) AS by_clock FROM {cut} "
                                     "GROUP BY GROUPING SETS ((_dk), (_dr))")
        days = found.loc[found["by_clock"].eq(0), "_dk"].dropna().astype(object).reset_index(drop=True)
        clocks = clock_table(found.loc[found["by_clock"].eq(1), "_dr"].dropna().astype(object))
        texts = pd.DataFrame({"t": days.astype(str), "ok": day_ok(days).astype(bool)})
        split = f"d{n}.ok AND k{n}.ok"
        days_and_clocks = (f"LEFT JOIN kpipack_cells_{n} AS d{n} ON d{n}.t = _dk "
                           f"LEFT JOIN kpipack_clock_{n} AS k{n} ON k{n}.t = _dr")
        whole = pd.Series([], dtype=object)
        if not (texts["ok"].all() and clocks["ok"].all()):  # a text clean would not read as cut: read whole
            register(f"kpipack_clock_{n}", clocks)
            register(f"kpipack_cells_{n}", texts)
            whole = self._frame(query, f"SELECT DISTINCT {cell} AS t FROM {cut} {days_and_clocks} "
                                         f"WHERE _dr IS NOT NULL AND NOT ({split})")["t"]
        read = pd.concat([days, whole.astype(object)], ignore_index=True).drop_duplicates()
        table = self._date_table(read.sort_values(ignore_index=True))  # examples in the order a person reads
        register(f"kpipack_cells_{n}", table.merge(texts, on="t", how="left").fillna({"ok": False}))
        register(f"kpipack_clock_{n}", clocks)
        if update is not None:  # set once, with no join at every question asked of the lines
            day, clock = (sql for _, sql in self._cut(dated))
            # the day, then its clock time, then the texts read whole (one join each: DuckDB would join the
            # days with the clock times first, every day with every time)
            update(f"SET _date = d{n}.v, _date_bad = d{n}.bad FROM kpipack_cells_{n} AS d{n} WHERE d{n}.t = {day}")
            update(f"SET _date = {plus_seconds('_date', f'k{n}.secs', False)}, _date_bad = _date_bad OR k{n}.bad "
                   f"FROM kpipack_clock_{n} AS k{n} WHERE k{n}.t = {clock}")
            if len(whole):  # (a text without a clock time is its own day: set again, to the same)
                update(f"SET _date = w{n}.v, _date_bad = w{n}.bad FROM kpipack_cells_{n} AS w{n} WHERE w{n}.t = {cell}")
            update("SET _month = STRFTIME(_date, '%Y-%m'), _day = CAST(_date AS DATE)")
            self._dates = ("_date", "COALESCE(_date_bad, FALSE)")
            return None
        self._dates = (f"_kp_v{n}", f"COALESCE(_kp_b{n}, FALSE)")
        later = plus_seconds(f"d{n}.v", f"k{n}.secs", spark)
        joins = days_and_clocks + (f" LEFT JOIN kpipack_cells_{n} AS w{n} ON w{n}.t = CAST(r.{_quote(dated)} AS VARCHAR)"
                                   if len(whole) else "")
        wholly = (f"w{n}.v", f"w{n}.bad") if len(whole) else ("NULL", "NULL")
        value = f"CASE WHEN _dr IS NULL THEN d{n}.v WHEN {split} THEN {later} ELSE {wholly[0]} END"
        bad = f"COALESCE(CASE WHEN _dr IS NULL THEN d{n}.bad WHEN {split} THEN d{n}.bad OR k{n}.bad " \
              f"ELSE {wholly[1]} END, FALSE)"
        return joins, f"{value} AS _kp_v{n}, {bad} AS _kp_b{n}"

    def _split(self, dated: str) -> str:
        """SQL of the date column's day and clock time (linedates.split_sql), as _dk and _dr."""
        return ", ".join(f"{sql} AS {name}" for name, sql in self._cut(dated))

    @staticmethod
    def _cut(dated: str) -> list[tuple[str, str]]:
        from .linedates import split_sql

        return list(zip(("_dk", "_dr"), split_sql(f"CAST({_quote(dated)} AS VARCHAR)")))

    def _date_table(self, texts):
        """The date column's distinct texts (t), each as the importer reads it (v;
        clean.clean_date, the whole column deciding day first or month first
        unless the user said, 01.10.2026 day first, 令和8年10月1日, 20261001 ...) and whether it is
        no date (bad). A column that reads both ways stops the build naming
        it, as a sheet's does (tables._date_column)."""
        import pandas as pd

        from ..ingest.tables import _date_column, _read_dates

        mapping = self.mapping
        header = self.fields["date"]
        col = mapping.headers.index(header) if mapping is not None and header in mapping.headers else 0
        with _date_column(self._name(), "", mapping, col, texts):  # 01.10.2026 day first, as the importer reads it
            values, bad, said = _read_dates(texts, self.date_order, None, False)
        self.notes += [Issue(self._name(), "", 0, code, {"column": header, **params}) for code, params in said]
        return pd.DataFrame({"t": texts.astype(str), "v": values.astype("datetime64[us]"), "bad": bad.astype(bool)})

    def _cell(self, column: str) -> str:
        """SQL of a number column's value (NULL where it has none)."""
        return self._cells.get(column, (f"TRY_CAST({_quote(column)} AS DOUBLE)",))[0]

    def _unsigned(self, query) -> str | None:
        """SQL true for a line of a negative quantity and a positive amount in
        files whose amounts are never negative (sales_rows.unsigned_returns,
        asked of the signs the lines show); None where there are none."""
        from ..ingest.sales_rows import unsigned_returns

        if "qty" not in self.fields:
            return None
        qty, net = f"SIGN({self._cell(self.fields['qty'])})", f"SIGN({self._net(written=True)})"
        signs = self._frame(query, f"SELECT {qty} AS qty, {net} AS net_sales, COUNT(*) AS n FROM {self._lines} "
                                     "GROUP BY 1, 2")
        hit = unsigned_returns(signs[["qty", "net_sales"]].astype(float))
        if not hit.any():
            return None
        self.notes.append(Issue(self._name(), "", 0, "note_unsigned_returns", {
            "column": self.fields.get("net_sales", ""), "rows": f"{int(signs['n'][hit].sum()):,}",
            "qty": self.fields["qty"]}))
        return " OR ".join(f"({qty} = {int(q)} AND {net} = {int(a)})"
                           for q, a in signs.loc[hit, ["qty", "net_sales"]].itertuples(index=False))

    @property
    def _money_field(self) -> str:
        """The column whose cells show the currency: the amount, else (no amount column) the unit price."""
        return "net_sales" if "net_sales" in self.fields else "unit_price"

    def _name(self) -> str:
        """The files as the data-quality sheet names them."""
        return ", ".join(p.name for p in self.paths[:3]) + (" …" if len(self.paths) > 3 else "")

    def _parsed(self, spark: bool) -> bool:
        """Whether the lines are read from the table a CSV is parsed into (`open`), with `derived`'s columns."""
        return self.kind == "csv" and not spark

    def _date(self, spark: bool = False) -> str:
        """SQL of a line's date as the files type it: times with a time zone as
        the clock times of the files' own zone (`zone`), never shifted to UTC."""
        column = _quote(self.fields['date'])
        if self.zone is not None:
            return f"FROM_UTC_TIMESTAMP({column}, {_text(self.zone)})" if spark else \
                f"TIMEZONE({_text(self.zone)}, {column})"
        return f"TRY_CAST({column} AS TIMESTAMP)"

    def derived(self) -> list[tuple[str, str]]:
        """What a CSV's lines give without any rule's values, worked out as the
        text is parsed (`select` reads them): each line's date, month and day,
        whether its receipt is a C and digits, its file's number, its ids and
        names without the spaces around them (`_code`). The date's
        text is kept only where it is not an ISO date the reader reads
        (`_date_join` reads the others): tens of millions of distinct
        timestamps are not written twice."""
        out = [("_file_no", self._file_number())]
        out += [(c, _code(c)) for c in dict.fromkeys(self.fields[k] for k in TEXT_FIELDS if k in self.fields)]
        if "date" in self.fields and not self.periods:
            text = f"CAST({_quote(self.fields['date'])} AS VARCHAR)"
            out += [(self.fields["date"], f"CASE WHEN REGEXP_MATCHES({text}, {_text(f'^{_ISO_DATE}$')}) AND "
                                          f"{self._date()} IS NOT NULL THEN NULL ELSE {text} END"),
                    ("_date", self._date()), ("_month", f"STRFTIME({self._date()}, '%Y-%m')"),
                    ("_day", f"CAST({self._date()} AS DATE)")]
            out.append(("_date_bad", "CAST(NULL AS BOOLEAN)"))  # a date read from its text: set by `_date_join`
        if "receipt" in self.fields:
            out.append(("_c_receipt", self._c_receipt(False)))
        return out

    def _c_receipt(self, spark: bool) -> str:
        """SQL true for a receipt of a C and digits (tables.CANCELLED_RECEIPT)."""
        from ..ingest.tables import CANCELLED_RECEIPT

        receipt = f"TRIM(CAST({_quote(self.fields['receipt'])} AS VARCHAR))"
        pattern = _text(CANCELLED_RECEIPT.pattern.replace("\\d", "[0-9]"))  # no backslash: Spark's literals
        # the first letter asked first: the pattern is then matched only on the few receipts starting with a C
        first = f"LEFT({receipt}, 1) IN ('C', 'c')"
        matched = f"{receipt} RLIKE {pattern}" if spark else f"REGEXP_MATCHES({receipt}, {pattern})"
        return f"({first} AND {matched})"

    def _period_dates(self, spark: bool) -> str:
        """Each line of a file without dates dated its period's last day (as the importer dates them)."""
        days = {p: f"TIMESTAMP '{self.periods[p].last.isoformat()}'" for p in self.paths}
        if len(set(days.values())) == 1:
            return next(iter(days.values()))
        if spark:  # Spark names a line's file by its URI
            whens = " ".join(f"WHEN {_spark_file(self._lines)} LIKE {_text('%/' + p.name)} THEN {d}"
                             for p, d in days.items())
            return f"CASE {whens} END"
        whens = " ".join(f"WHEN {_text(str(self.texts.get(p, p)))} THEN {d}" for p, d in days.items())
        return f"CASE filename {whens} END"

    def _net(self, written: bool = False) -> str:
        """A line's net sales: its amount, or an order's Total less the tax, tip,
        shipping and service columns beside it (total_parts: a blank part, or
        one of clean.MISSING_MARKERS, is none; a part that is no number leaves
        no amount, and the line is rejected). A blank amount beside a quantity
        and a unit price is their product (tables.amounts_from_price), but
        where the amount `written` is asked for."""
        if "net_sales" not in self.fields:  # no amount column: quantity × unit price (claim)
            return self._product()
        total = self._cell(self.fields['net_sales'])
        if self._taxed is not None:  # a tax-included line's tax taken off at its rate
            total = f"(CASE WHEN {self._taxed[0]} THEN {total} / (1 + {self._taxed[1]}) ELSE {total} END)"
        blank = self._priced() if not written else None
        if not self.parts:
            return total if blank is None else f"(CASE WHEN {blank} THEN {self._product()} ELSE {total} END)"
        bad = " OR ".join(self._cells.get(c, ("", "FALSE"))[1] for c in self.parts)
        blank_tax, sale = self._tax_blank or (None, None)
        priced = f"WHEN {blank_tax} AND {sale} IS NOT NULL THEN {sale} " if sale else ""
        # a blank Total beside a quantity and a unit price: their product, as the importer reads the sale it
        # works out (blank where the Total is)
        by_price = f"WHEN {blank} THEN {self._product()} " if blank is not None else ""
        return f"(CASE {by_price}WHEN {bad} THEN NULL {priced}ELSE {self._less()} END)"

    def _less(self) -> str:
        """SQL of the total less its parts (a blank part none; returns taken off whichever their sign)."""
        total = self._cell(self.fields['net_sales'])
        # returns: whichever sign; a discount: whichever sign, towards zero (ingest.total_parts.take_off)
        return " - ".join([total] + [
            f"SIGN({total}) * COALESCE(ABS({self._cell(c)}), 0)" if k == "discount" else
            f"COALESCE({'ABS' if k == 'returns' else ''}({self._cell(c)}), 0)" for c, k in self.parts.items()])

    def _product(self) -> str:
        return f"{self._cell(self.fields['qty'])} * {self._cell(self.fields['unit_price'])}"

    def _line_tax(self, query) -> None:
        """The importer's reading of a tax-type column (ingest.line_tax): each
        tax-included line's sale is its amount ÷ (1 + its rate), a rate the
        type (内税10%) or the rate column gives; such a line without a rate is
        rejected. Nothing where the column holds anything but tax types, or no
        line is tax-included. Said in the importer's note, and the sale named
        as the importer names it."""
        from ..ingest.line_tax import CODE, applies, kind_of, rate_of, takes_line_tax_off

        if self.line_tax is None:
            return
        kind_col, rate_col = self.line_tax
        kind_cell = f"NULLIF(TRIM(CAST({_quote(kind_col)} AS VARCHAR)), '')"
        kinds = self._frame(query, f"SELECT DISTINCT {kind_cell} AS t FROM raw_source WHERE {kind_cell} IS NOT NULL")["t"]
        read = {t: kind_of(t) for t in kinds}
        if not applies(k for k, _ in read.values()):
            return
        rate = "CAST(NULL AS DOUBLE)"
        if rate_col is not None:
            cell = f"CAST({_quote(rate_col)} AS VARCHAR)"
            texts = self._frame(query, f"SELECT DISTINCT {cell} AS t FROM raw_source WHERE {cell} IS NOT NULL")["t"]
            whens = " ".join(f"WHEN {_text(t)} THEN {r!r}" for t in texts if (r := rate_of(t)) is not None)
            rate = f"(CASE {cell} {whens} END)" if whens else rate
        own = " ".join(f"WHEN {_text(t)} THEN {r!r}" for t, (_, r) in read.items() if r is not None)
        if own:  # a type written with its rate (内税10%): its own rate first
            rate = f"COALESCE(CASE {kind_cell} {own} END, {rate})"
        included = f"{kind_cell} IN ({', '.join(_text(t) for t, (k, _) in read.items() if k == 'included')})"
        total, total_bad = self._cells.get(self.fields["net_sales"], (self._cell(self.fields["net_sales"]), "FALSE"))
        taken = self._frame(query,
            f"SELECT COUNT(*) FILTER (WHERE {included} AND {rate} IS NOT NULL AND {total} IS NOT NULL "
            f"AND NOT ({total_bad})) AS n FROM {self._lines}")["n"].iloc[0]
        self._taxed = (f"({included} AND {rate} IS NOT NULL)", rate, f"({included} AND {rate} IS NULL AND {total} "
                                                                     f"IS NOT NULL AND NOT ({total_bad}))")
        amount = self.fields["net_sales"]
        if taken:
            self.notes.append(Issue(self._name(), "", 0, "note_line_tax_off", {
                "kind": kind_col, "rate": rate_col or kind_col, "rows": f"{int(taken):,}", "amount": amount}))
        column = next((c for c, f in self.mapping.columns.items() if f == "net_sales"), None) \
            if self.mapping is not None and not takes_line_tax_off(self.mapping) else None
        if column is not None:  # the sale named as the importer names it
            from ..ingest.total_parts import sale_from

            sale_from(self.mapping, column, len(self.mapping.headers), CODE,
                      {"amount": amount, "kind": kind_col, "rate": rate_col or kind_col})

    def _rate_missing(self) -> str:
        """The code of a tax-included line without a rate: where to write one (its column, or none yet)."""
        return "row_tax_rate_missing" if self.line_tax[1] else "row_tax_rate_no_column"

    def _blank_tax(self, query) -> None:
        """The importer's rule for a tax cell left blank beside lines giving their
        tax (total_parts._blank_tax): the line's sale is its quantity × unit
        price where every line giving its tax, quantity and price has the total
        less its parts within 1 of that product, else the line is rejected
        (`_tax_blank`: SQL true for such a line, and SQL of its sale or None); said in a note."""
        tax = next((c for c, k in self.parts.items() if k == "tax"), None)
        if tax is None:
            return
        total, total_bad = self._cells.get(self.fields["net_sales"], (self._cell(self.fields["net_sales"]), "FALSE"))
        ok = f"({total} IS NOT NULL AND NOT ({total_bad}))"
        blank = f"{ok} AND NULLIF(TRIM(CAST({_quote(tax)} AS VARCHAR)), '') IS NULL"
        priceable = {"qty", "unit_price"} <= set(self.fields)
        shown = f"{ok} AND {self._cell(tax)} IS NOT NULL AND {self._product()} IS NOT NULL" if priceable else "FALSE"
        seen = self._frame(query,
            f"SELECT COUNT(*) FILTER (WHERE {blank}) AS blank, "
            f"COUNT(*) FILTER (WHERE {ok} AND COALESCE({self._cell(tax)}, 0) <> 0) AS taxed, "
            f"COUNT(*) FILTER (WHERE {shown}) AS shown, "
            f"COUNT(*) FILTER (WHERE {shown} AND ABS({self._less()} - ({self._product() if priceable else 0})) > 1) "
            f"AS off, COUNT(*) FILTER (WHERE {blank} AND {self._product() if priceable else 'NULL'} IS NOT NULL) "
            f"AS priced FROM {self._lines}").iloc[0]
        if not seen["blank"] or not seen["taxed"]:
            return
        by_price = bool(seen["shown"]) and not seen["off"]
        self._tax_blank = (f"({blank})", self._product() if by_price else None)
        if by_price and seen["priced"]:  # never silent: a blank tax read through quantity × price
            self.notes.append(Issue(self._name(), "", 0, "note_tax_blank_priced", {
                "column": tax, "rows": f"{int(seen['priced']):,}", "qty": self.fields["qty"],
                "price": self.fields["unit_price"]}))

    def _priced(self) -> str | None:
        """SQL true for a line whose amount cell is blank and whose quantity and
        unit price are there (tables.amounts_from_price); None where the files
        have no such columns."""
        if not {"qty", "unit_price", "net_sales"} <= set(self.fields):
            return None
        amount = _quote(self.fields["net_sales"])
        return (f"({amount} IS NULL OR TRIM(CAST({amount} AS VARCHAR)) = '') AND "
                f"{self._cell(self.fields['qty'])} IS NOT NULL AND {self._cell(self.fields['unit_price'])} IS NOT NULL")

    def _price_note(self, query) -> None:
        """The note counting the lines whose amount is their quantity × price, as the importer's."""
        import pandas as pd

        blank = self._priced()
        if blank is None:
            return
        n = int(pd.concat(list(query(f"SELECT COUNT(*) AS n FROM {self._lines} WHERE {blank}")))["n"].iloc[0])
        if n:
            sale = self.mapping.field_header("net_sales") if self.mapping is not None else None
            self.notes.append(Issue(self._name(), "", 0, "note_amount_from_price", {
                "column": sale or self.fields["net_sales"], "rows": f"{n:,}", "qty": self.fields["qty"],
                "price": self.fields["unit_price"]}))

    def _rule_values(self, query) -> dict[str, dict]:
        """Per rule column (sales_rows.RULE_FIELDS): each of the files' values
        (as the engine writes it as text) that makes a line no sale -> (issue
        code, params); under 'kinds', per status and type column, each value
        -> what it says of its receipt (sales_rows.value_kind).
        The values are classified by the importer's own functions: the same
        words, folding and whole-column reading of a cancel flag."""
        import pandas as pd

        from ..ingest.sales_rows import RULE_FIELDS, STATUS_FIELDS, value_kind, value_reasons

        out: dict[str, dict] = {"kinds": {}}
        for fld in RULE_FIELDS:
            if fld not in self.fields:
                continue
            col = _quote(self.fields[fld])
            batches = query(f"SELECT DISTINCT {col} AS v, CAST({col} AS VARCHAR) AS t FROM raw_source")
            if fld == "cancelled":  # a flag is told by all of its column's values
                batches = [pd.concat(list(batches), ignore_index=True)]
            found = {}
            for batch in batches:
                batch = batch.reset_index(drop=True)
                for row, reason in value_reasons(fld, batch["v"], self.fields[fld]).items():
                    found[str(batch.at[row, "t"])] = reason
                if fld in STATUS_FIELDS:  # what a type or status says of its receipt (sales_rows.cancellations)
                    for value, text in zip(batch["v"], batch["t"].astype(str)):
                        kind = value_kind(fld, value, self.fields[fld])
                        if kind is not None:
                            out["kinds"].setdefault(fld, {})[text] = kind
                        if kind in ("void", "unreturn"):  # a 取消 / 返品取消 row is no sale itself (and takes back)
                            found.setdefault(text, ("row_not_sale_status", {"column": self.fields[fld],
                                                                            "value": str(value)}))
            out[fld] = found
        out["totals"] = self._total_rows(query)
        if "store" in self.fields:  # the store column's few texts: those that are a missing marker name no store
            from ..ingest.clean import is_missing_marker

            cell = f"CAST({_quote(self.fields['store'])} AS VARCHAR)"
            stores = self._frame(query, f"SELECT DISTINCT {cell} AS t FROM raw_source WHERE {cell} IS NOT NULL")["t"]
            out["store_markers"] = sorted(str(t) for t in stores if str(t).strip() and is_missing_marker(str(t)))
            out["stores_blank"] = not any(str(t).strip() for t in stores)
        return out

    def _total_rows(self, query) -> list[tuple[str, str, set[str]]]:
        """Per id, name or date column (tables.TOTAL_FIELDS): its texts that are
        a totals label (合計, 小計, Grand Total: tables.total_labels), as
        (column, SQL of its text, labels). Only texts holding 計 or total are
        looked at, with the values a 'Shibuya Total' names."""
        import pandas as pd

        from ..ingest.tables import TOTAL_AFTER, TOTAL_FIELDS, total_labels

        out = []
        for column in dict.fromkeys(self.fields[f] for f in TOTAL_FIELDS if f in self.fields):
            cell = f"CAST({_quote(column)} AS VARCHAR)"
            word = " OR ".join(f"{cell} ILIKE '%{w}%'" for w in _TOTAL_WORDS)  # no lower-cased copy of each text
            found = self._frame(query, f"SELECT DISTINCT {cell} AS t FROM raw_source WHERE LENGTH({cell}) <= 40 "
                                         f"AND ({word})")["t"]
            named = found.str.lower().str.extract(TOTAL_AFTER.pattern, expand=True)[0].dropna()
            if not named.empty:  # 'Shibuya Total' is a label where 'Shibuya' is a value too
                found = pd.concat([found, *(b["t"] for b in query(
                    f"SELECT DISTINCT {cell} AS t FROM raw_source WHERE LOWER(TRIM({cell})) IN "
                    f"({', '.join(map(_text, sorted(set(named))))})"))], ignore_index=True)
            if labels := total_labels(found):
                out.append((column, cell, labels))
        return out

    def _said(self, values, kind: str, fields=("status", "line_type")) -> str | None:
        """SQL true for a line whose status or type cell is one of `values`'
        texts of `kind` ('return', 'void', 'unreturn': sales_rows.value_kind); None where none is."""
        said = []
        for fld in fields:
            texts = sorted(t for t, k in values["kinds"].get(fld, {}).items() if k == kind)
            if texts:
                said.append(f"CAST({_quote(self.fields[fld])} AS VARCHAR) IN ({', '.join(map(_text, texts))})")
        return " OR ".join(said) if said else None

    def _kind(self, values) -> str | None:
        """SQL of what a line's type (or status) says of its receipt, where the
        files have a type column and receipts (as sales_rows.cancellations
        reads them): 'void' takes back the receipt's sale lines (取消, Void),
        'unreturn' its return lines (返品取消), 'return' is a return; else NULL.
        None where the files say nothing of it."""
        if "line_type" not in self.fields or "receipt" not in self.fields:
            return None
        whens = [(self._said(values, "unreturn"), "unreturn"), (self._said(values, "void", ("line_type",)), "void"),
                 (self._said(values, "return"), "return")]
        whens = [f"WHEN {cond} THEN '{kind}'" for cond, kind in whens if cond]
        return f"CASE {' '.join(whens)} END" if whens else None

    def _taken_back(self, body: str, names: list[str], values) -> str:
        """`body` with the lines a cancelling row takes back (its receipt's sale
        lines, or its return) no sale too, with that row's reason."""
        kind = self._kind(values)
        if kind is None:
            return body
        self.takes_back = True
        keys = ", ".join(k for k in ("store", "receipt") if k in self.fields)
        back = (f"SELECT {keys}, MIN(CASE WHEN _kind = 'void' THEN no_sale END) AS _void, "
                "MIN(CASE WHEN _kind = 'unreturn' THEN no_sale END) AS _unreturn FROM kinded "
                f"WHERE _kind IN ('void', 'unreturn') AND receipt IS NOT NULL GROUP BY {keys}")
        same = "back.receipt = kinded.receipt" + (
            " AND back.store IS NOT DISTINCT FROM kinded.store" if "store" in self.fields else "")
        reason = ("CASE WHEN kinded._kind = 'return' THEN back._unreturn "
                  "WHEN kinded._kind IS NULL THEN back._void END")
        kept = ", ".join(f"kinded.{n}" for n in names if n != "no_sale")
        lines = body.replace(f" FROM {self._lines}", f", {kind} AS _kind FROM {self._lines}", 1)
        return (f"WITH kinded AS ({lines}), back AS ({back}) SELECT {kept}, "
                f"COALESCE(kinded.no_sale, {reason}) AS no_sale FROM kinded LEFT JOIN back ON {same}")

    def _returned(self, values, spark: bool) -> str | None:
        """SQL true for a line whose status or type says goods came back (the
        importer's sales_rows.returned), or whose receipt is a C and digits
        (tables.CANCELLED_RECEIPT) and amount positive; None where none can."""
        said = [self._said(values, "return")] if self._said(values, "return") else []
        if "receipt" in self.fields:
            match = "_c_receipt" if self._parsed(spark) else self._c_receipt(spark)
            said.append(f"({match} AND {self._net()} > 0)")
        return " OR ".join(said) if said else None

    def _no_sale(self, values, parsed: bool = False) -> str:
        """SQL of a line's reason for being no sale, "code␟column␟value" (the
        first of sales_rows.RULE_FIELDS giving one, as the importer takes it),
        else NULL."""
        from ..ingest.sales_rows import RULE_FIELDS

        whens = []
        for fld in RULE_FIELDS:
            by_code: dict[str, list[str]] = {}
            for value, (code, _) in values.get(fld, {}).items():
                by_code.setdefault(code, []).append(value)
            cell = f"CAST({_quote(self.fields[fld])} AS VARCHAR)" if by_code else ""
            for code, texts in sorted(by_code.items()):
                whens.append(f"WHEN {cell} IN ({', '.join(map(_text, sorted(texts)))}) THEN CONCAT("
                             f"{_text(code + chr(31) + self.fields[fld] + chr(31))}, {cell})")
        if self._dates is not None:  # a date cell that is no date ('10/35/2026'): its line, as the importer's
            whens.insert(0, f"WHEN {self._dates[1]} THEN CONCAT("
                            f"{_text('row_date_bad' + chr(31) + 'date' + chr(31))}, "
                            f"CAST({_quote(self.fields['date'])} AS VARCHAR))")
        again = self._header_again()  # the header row again: first, as the importer's row_header_again
        whens[:0] = [f"WHEN {again} THEN {_text('row_header_again' + chr(31) + chr(31))}"] if again else []
        at = 1 if again else 0
        whens[at:at] = [f"WHEN {cell} IN ({', '.join(map(_text, sorted(texts)))}) THEN CONCAT("
                     f"{_text('row_total' + chr(31) + column + chr(31))}, {cell})"
                     for column, cell, texts in values.get("totals", [])]  # a totals row first, as the importer's
        for text in values.get("store_markers", []):  # 'NA' or '-' in the store column names no store, as the importer's
            cell = f"CAST({_quote(self.fields['store'])} AS VARCHAR)"
            whens.append(f"WHEN {cell} = {_text(text)} THEN "
                         f"{_text('row_store_marker' + chr(31) + self.fields['store'] + chr(31) + text)}")
        if "store" in self.fields and not values.get("stores_blank", True):  # a line of no store: rejected
            cell = _quote(self.fields["store"]) if parsed else _code(self.fields["store"])  # parsed: trimmed
            whens.append(f"WHEN {cell} IS NULL THEN {_text('row_store_missing' + chr(31) + chr(31))}")
        if self._taxed is not None:  # a tax-included line without a rate: its tax not known
            whens.append(f"WHEN {self._taxed[2]} THEN "
                         f"{_text(self._rate_missing() + chr(31) + self.line_tax[0] + chr(31) + (self.line_tax[1] or ''))}")
        if self._tax_blank is not None:  # a blank tax that no quantity × price before tax stands in for
            blank_tax, sale = self._tax_blank
            tax = next(c for c, k in self.parts.items() if k == "tax")
            whens.append(f"WHEN {blank_tax}{f' AND {sale} IS NULL' if sale else ''} THEN "
                         f"{_text('row_tax_blank' + chr(31) + tax + chr(31))}")
        for fld in NUMBER_FIELDS:  # a number cell that is no number ('abc', 1e400): its line, as the importer's
            col = self.fields.get(fld)
            if col is not None and self._cells.get(col, ("", "FALSE"))[1] != "FALSE":
                whens.append(f"WHEN {self._cells[col][1]} THEN CONCAT("
                             f"{_text('row_number_bad' + chr(31) + fld + chr(31))}, CAST({_quote(col)} AS VARCHAR))")
        return f"CASE {' '.join(whens)} END" if whens else "CAST(NULL AS VARCHAR)"

    def _receipt_totals_once(self, body: str, names: list[str], query) -> str:
        """`body`, with a receipt's total written on every line kept on its first
        line only, the others 0 (tables.receipt_totals_repeated decides, from
        the same counts the importer makes); said in a note."""
        from ..ingest.tables import receipt_totals_repeated

        if not {"receipt", "net_sales"} <= set(self.fields) or not ({"sku", "product"} & set(self.fields)):
            return body
        import pandas as pd

        item = "sku" if "sku" in self.fields else "product"
        keys = [k for k in ("store", "receipt") if k in self.fields] + ["CAST(date AS DATE)"]
        def counts(lines: str):
            return pd.concat(list(query(
                # names of their own: Spark's SQL takes a query's nested CTEs as one list
                f"WITH counted AS ({lines}), per_receipt AS (SELECT COUNT(*) AS n, "
                f"COUNT(DISTINCT net_sales) AS amounts, COUNT(DISTINCT {item}) AS items FROM counted "
                f"GROUP BY {', '.join(keys)}) "
                "SELECT COUNT(*) FILTER (WHERE n > 1) AS receipts, "
                "COUNT(*) FILTER (WHERE n > 1 AND amounts > 1) AS mixed, "
                "COUNT(*) FILTER (WHERE n > 1 AND items > 1) AS several_items, "
                "(SELECT COUNT(*) FROM counted WHERE net_sales IS NULL) AS blank FROM per_receipt"))).iloc[0]

        # a receipt of the first lines with two amounts, or a line without one, has them in the whole files
        # too: the rule is off, told without grouping every line (as the importer tells it at once)
        head = counts(f"SELECT * FROM ({body}) AS b LIMIT {RECEIPT_CHECK_LINES}")
        if head["blank"] or head["mixed"]:
            return body
        found = counts(body)
        if found["blank"] or not receipt_totals_repeated(int(found["receipts"]), int(found["mixed"]),
                                                         int(found["several_items"])):
            return body
        self.receipt_totals = True
        first = f"ROW_NUMBER() OVER (PARTITION BY {', '.join(keys)} ORDER BY _file, line_no)"
        kept = ", ".join(n if n != "net_sales" else f"CASE WHEN {first} = 1 THEN net_sales ELSE 0 END AS net_sales"
                         for n in names)
        return f"SELECT {kept} FROM ({body}) AS t"

    def _file_number(self, query=None, spark: bool = False) -> str:
        """Each line's file as its place in `paths` (0, 1, ...): a number, not the
        path's text on every line, for the engine to carry and compare. DuckDB
        names a line's file by its path; Spark by its URI (with %-escapes), so
        each URI read there (`query`) is matched to the path it ends with most of."""
        if len(self.paths) == 1:
            return "0"
        if not spark:
            column, places = "filename", {str(p): n for n, p in enumerate(self.sources)}
        else:
            column = _spark_file(self._lines)
            found = self._frame(query, f"SELECT DISTINCT {column} AS f FROM {self._lines}")
            places = {uri: _place(uri, self.paths) for uri in found["f"].dropna()}
        whens = " ".join(f"WHEN {_text(name)} THEN {n}" for name, n in places.items())
        return f"CASE {column} {whens} END"

    def file_path(self, file) -> str:
        """A line's `_file`, a place in `paths`, as the path."""
        return str(self.paths[int(file)]) if file == file and file is not None else ""

    def file_paths(self, frame):
        """`frame` with its `_file` column as paths: a category per file, its rows numbers."""
        import numpy as np
        import pandas as pd

        if "_file" not in frame or not pd.api.types.is_integer_dtype(frame["_file"]):
            return frame
        names = list(dict.fromkeys(str(p) for p in self.paths))  # a path given twice: one category
        codes = np.array([names.index(str(p)) for p in self.paths])
        return frame.assign(_file=pd.Categorical.from_codes(codes[frame["_file"].to_numpy()], names))

    def refine(self, engine, stores: dict[str, str], inventory=None) -> None:
        """The lines as a workbook build reads them (engine.prepare_lines and
        what goes before it): store names turned into the store master's codes
        (`stores`), each channel spelt as channels.channel_labels spells it, and
        a cost still missing taken as quantity × the unit cost of the same SKU's
        nearest stock snapshot by date, in the same store first, else in any
        store (`inventory`). `source` is redefined on the engine; only small
        tables (the labels, the stock's unit costs) come and go."""
        columns = list(engine.columns)
        exprs = {c: _quote(c) for c in columns}
        order = getattr(engine, "row_order", None)  # CSV lines numbered where the engine can
        if order:
            exprs["line_no"] = order
        if stores and "store" in exprs:
            exprs["store"] = _case("store", stores)
        if "channel" in exprs:
            exprs["channel"] = _case("TRIM(channel)", self._channel_labels(engine))
        body = f"SELECT {', '.join(f'{e} AS {_quote(c)}' for c, e in exprs.items())} FROM typed WHERE {USED}"
        tables = {}
        if inventory is not None and {"unit_cost", "date", "sku"} <= set(inventory.columns) \
                and {"qty", "sku", "cost"} <= set(columns) and self._costs_missing(engine):
            import numpy as np

            stock = inventory.dropna(subset=["unit_cost", "date", "sku"])
            tables["stock_costs"] = stock.assign(store=stock["store"] if "store" in stock else None,
                                                 listed=np.arange(len(stock)))[
                ["store", "sku", "date", "unit_cost", "listed"]].astype(
                {"store": object, "sku": object, "unit_cost": float})
            body = _costed(body, [c for c in columns if c != "cost"])
        engine.define_source(body, tables)

    @staticmethod
    def _costs_missing(engine) -> bool:
        frame = engine.frame(f"SELECT COUNT(*) FILTER (WHERE cost IS NULL AND qty IS NOT NULL AND sku IS NOT NULL) "
                             f"AS n FROM typed WHERE {USED}")
        return bool(frame["n"].iloc[0])

    def _channel_labels(self, engine) -> dict[str, str]:
        """Each channel as written (trimmed) -> its label: spellings differing only
        in case are one channel, named as the first line gives it (files in the
        order given, rows in each file's order)."""
        order = getattr(engine, "row_order", None) or "line_no"
        seen = engine.frame(f"SELECT TRIM(channel) AS text, _file, MIN({order}) AS first FROM typed "
                            f"WHERE {USED} AND TRIM(channel) <> '' GROUP BY TRIM(channel), _file")
        if seen.empty:
            return {}
        seen = seen.sort_values(["_file", "first"], kind="stable")  # _file: the file's place in the order given
        seen["key"] = seen["text"].str.casefold()
        spelled = seen.drop_duplicates("key").set_index("key")["text"]
        return {t: spelled[t.casefold()] for t in seen["text"].unique()}

    def summary_frame(self, engine):
        """summary_sql's rows as a pandas frame, its texts (store, SKU, product,
        category) as categories: a chain's summary has millions of rows over a
        few thousand texts, held all through the build (5.6 million rows at 10M
        lines: 352 MB of texts, 39 MB of codes). On DuckDB, lines past
        SUMMARY_LINES_PER_PART are grouped in parts of SKUs (their hash), each
        part's groups made and handed over before the next: the grouping of
        100 million lines at once ran out of the engine's 1.5 GB.

        Where every SKU has one product and one category name in each month
        (`names_sql`), a group's first line naming them names them as every
        line does: the names come from that small table, not from a search
        over each group's lines (the summary's costliest aggregate)."""
        if not hasattr(engine, "arrow"):  # Spark: its frame as it comes
            return engine.frame(self.summary_sql())
        import pyarrow as pa
        import pyarrow.compute as pc

        names = engine.arrow(self.names_sql()) if self._named() else None
        if names is not None and any((pc.max(names[f"{k}_names"]).as_py() or 0) > 1
                                     for k in self._named()):
            names = None  # a SKU named two ways in a month: each group's own first line says which
        parts = max(1, math.ceil(self.rows_used / SUMMARY_LINES_PER_PART))
        table = pa.concat_tables([engine.arrow(self.summary_sql(part, parts, names=names is None))
                                  for part in range(parts)])
        texts = {}
        if names is not None:
            table, texts = _named_from(table, names, self._named())
        for name in ("store", "sku", "product", "category"):
            if name in table.column_names:
                texts[name] = _categories(table[name])
                table = table.drop_columns([name])
        frame = table.to_pandas(date_as_object=False)
        del table
        for name, values in texts.items():
            frame[name] = values
        return frame[[c for c in ("store", "sku", "date", "net_sales", "cost", "qty", "product", "category",
                                  "_file", "_row") if c in frame]]

    def _named(self) -> list[str]:
        """The name columns the summary carries per group, where a group is finer
        than a SKU and month (the lines have a store)."""
        return [k for k in ("product", "category") if k in self.fields] if "store" in self.fields else []

    def _summary_keys(self) -> list[str]:
        return ["store"] + [k for k in ("sku",) if k in self.fields] + ["month"]  # every line has a store (select)

    def summary_sql(self, part: int = 0, parts: int = 1, names: bool = True) -> str:
        """Per store, SKU and month: what the pack's views and the stock-take read in
        the place of the lines (net sales; cost and quantity, null where a line
        had none; the last sale's date; the SKU's product and category from its
        first line naming them; the first line's file and row). The month is
        grouped by but not returned: the date gives it, and millions of rows
        need not carry its text to pandas. Without `names`: in the place of the
        product and category, whether a line of the group names them."""
        from .lineparts import _LINES

        f = self.fields
        keys = self._summary_keys()
        cols = ["MAX(date) AS date", "SUM(net_sales) AS net_sales",
                "CASE WHEN COUNT(cost) = COUNT(*) THEN SUM(cost) END AS cost"]
        if "qty" in f:
            cols.append("CASE WHEN COUNT(qty) = COUNT(*) THEN SUM(qty) END AS qty")
        cols += [f"ARG_MIN({k}, line_no) FILTER (WHERE {k} IS NOT NULL) AS {k}" if names or k not in self._named()
                 else f"COUNT({k}) > 0 AS {k}_named" for k in ("product", "category") if k in f]
        # the first line's file, and its row (a line without cost first); one file, or CSV rows (not numbered),
        # need no search over the group's lines (a tenth of the summary's time at 10M lines)
        cols.append("0 AS _file" if len(self.paths) == 1 else "ARG_MIN(_file, line_no) AS _file")
        cols.append("CAST(0 AS BIGINT) AS _row" if self.kind == "csv" else
                    "COALESCE(MIN(_row) FILTER (WHERE cost IS NULL), MIN(_row), 0) AS _row")
        # a part: the lines of the SKUs (else stores) whose hash falls to it, blanks in the first
        where = f" WHERE COALESCE(HASH({keys[-2]}) % {parts}, 0) = {part}" if parts > 1 and len(keys) > 1 else ""
        return _LINES + f"SELECT {', '.join(keys[:-1] + cols)} FROM lines{where} GROUP BY {', '.join(keys)}"

    def names_sql(self) -> str:
        """Per SKU and month (the summary's keys but the store): the product and
        category of the first line naming them, and how many names each has."""
        from .lineparts import _LINES

        keys = [k for k in self._summary_keys() if k != "store"]
        named = self._named()
        cols = [f"ARG_MIN({k}, first) FILTER (WHERE {k} IS NOT NULL) AS {k}, COUNT(DISTINCT {k}) AS {k}_names"
                for k in named]
        # each name of a SKU-month once, with its first line: a few rows per SKU and month, not one per line
        return (_LINES + f", firsts AS (SELECT {', '.join(keys + named)}, MIN(line_no) AS first FROM lines "
                f"GROUP BY {', '.join(keys + named)}) "
                f"SELECT {', '.join(keys + cols)} FROM firsts GROUP BY {', '.join(keys)}")

    def open(self, engine: str = "duckdb", spark_master: str | None = None):
        """The lines on DuckDB here (CSV parsed once into a scratch table), or on
        Spark at `spark_master`: `typed` holds every line, `source` those used."""
        if self.kind == "csv":  # each reader reads a short last line as a line with its last cells empty
            for source in self.sources:
                _cut_off(source, self.layout)
        if engine == "spark":
            if self.layout is not None and self.layout.titles:  # Spark's reader takes the first line for the header
                raise KpipackError("engine_spark_titles", file=self.paths[0].name, row=str(self.layout.titles + 1))
            try:
                import pyspark  # noqa: F401
            except ImportError:
                raise KpipackError("engine_spark_missing") from None
            from .spark import SparkLines, session

            whole = self.kind == "csv" and any(_quoted_breaks(p, self.layout) for p in self.paths)
            return _checked(lambda: SparkLines(session(spark_master or "local[2]"), [str(p) for p in self.paths],
                                               self.kind, select=lambda ask, put: self.select(ask, put, spark=True),
                                               keep=USED, separator=self.layout.separator if self.layout else ",",
                                               multiline=whole),
                            self.paths)
        csv = self.kind == "csv"

        def look_for_empty_lines():  # the reader numbers its lines without them, a sheet's rows count them
            self._empty_lines = _in_background(lambda: [_empty_lines(s) for s in self.sources]) if csv else None
        look_for_empty_lines()

        def lines():
            return DuckLines(
                self.relation(), select=self.select, keep=USED, memory_limit=_memory_limit(),
                materialize=csv or self._parquet_lines() > PARQUET_WRITTEN_LINES,
                read=self._read() if csv else None, derived=self.derived() if csv else (),
                # a date read from its text is split once, as the lines are written, not at every part
                view=lambda: not (self.receipt_totals or self.takes_back or self.repeats_dropped),
                query_memory_limit=_query_memory_limit() if csv else None)

        def read():
            import duckdb

            while True:
                try:
                    return lines()
                except duckdb.Error as exc:
                    reading = _next_reading(self._reading, str(exc)) if csv else None
                    if reading is None and csv and self._lf_copies():  # read again, its breaks of one kind
                        reading = "padded"
                        look_for_empty_lines()
                    if reading is None:
                        raise
                    self._reading = reading

        return _checked(read, self.sources)

    def _lf_copies(self) -> bool:
        """Whether a file DuckDB could not read has line breaks of more than one
        kind, which its reader cannot take: each such file is read from a copy
        whose breaks are all LF (`_lf_copy`)."""
        copied = False
        for path, source in zip(self.paths, self.sources):
            self.copies, copy = _lf_copy(self.copies, source, self.converting)
            if copy is not None:
                self.texts[path], copied = copy, True
        return copied

    def _parquet_lines(self) -> int:
        """The Parquet files' lines, from their footers."""
        import pyarrow.parquet as pq

        return sum(pq.ParquetFile(p).metadata.num_rows for p in self.paths) if self.kind == "parquet" else 0

    def _read(self) -> list[str]:
        """The files' columns the lines are made of, as a CSV's are parsed: the
        date and the file are kept as `derived` makes them, and the date's text
        too (a date not written as ISO is read from it by the importer's reading,
        `_date_table`; a column of few texts, compressed to little), the file's
        name only where the files' periods are told by it."""
        return list(dict.fromkeys([*self.fields.values(), *self.parts, *[c for c in self.line_tax or () if c]]
                                  + (["filename"] if self.periods else [])))

    def check(self, engine) -> None:
        """Read every line once (`engine` from open): reading errors stop the build
        here, before anything is written; rejected lines become issues; control totals."""
        sums = _checked(lambda: engine.frame(
            "SELECT COUNT(*) AS n, COALESCE(SUM(net_sales), 0) AS net, "
            f"COUNT(*) FILTER (WHERE NOT ({USED})) AS bad, "
            f"COALESCE(SUM(net_sales) FILTER (WHERE NOT ({USED})), 0) AS bad_net FROM typed"), self.sources)
        self.rows_read, self.rows_used = int(sums["n"][0]), int(sums["n"][0] - sums["bad"][0])
        self.net_sales_read, self.net_sales_rejected = float(sums["net"][0]), float(sums["bad_net"][0])
        if sums["bad"][0]:
            self.issues = _rejects(engine, self.file_path)
        uneven, aside = self._uneven_lines, len(self._headers_again) + len(self._uneven_lines)
        if getattr(engine, "uneven_count", 0):  # Spark's: lines of more cells than the header, without their rows
            uneven = [(_place(uri, self.paths), 0, cells, header) for uri, cells, header in engine.uneven]
            aside = engine.uneven_count
        if aside:  # lines the reader set aside: rows read, not lines
            self.rows_read += aside
            self.issues = sorted(self.issues + [Issue(self.paths[f].name, "", line, "row_header_again", {})
                                                for f, line in self._headers_again]
                                 + [Issue(self.paths[f].name, "", line,
                                          "row_fields_extra" if cells > header else "row_fields_fewer",
                                          {"count": cells, "header": header})
                                    for f, line, cells, header in uneven],
                                 key=lambda i: (i.file, i.row))[:REJECTS_LISTED]

    def sheet(self):
        """The files' place in the data-quality figures, as a sheet's, with the
        notes the importer gives on what a rule made of them."""
        import pandas as pd

        import dataclasses

        from ..ingest.clean import cells_tax_basis, currency_shown
        from ..ingest.headers import SheetMapping
        from ..ingest.tables import SheetTable
        from ..ingest.tax_basis import sales_tax_note
        from ..ingest.total_parts import note as total_note
        from ..ingest.year_context import written_in_japanese

        name = self._name()
        mapping = self.mapping or SheetMapping("sales", {}, list(self.fields.values()))
        warnings = []
        if mapping.guessed:  # never a silent guess: a column read by its values, as the importer says
            from ..ingest.infer import guess_notes

            warnings += guess_notes(name, "", mapping)
        if (worked_out := total_note(name, "", mapping)) is not None:
            warnings.append(worked_out)
        for path, period in (self.periods or {}).items():
            warnings.append(Issue(path.name, "", 0, "note_undated_period_name", {
                "first": period.first.isoformat(), "last": period.last.isoformat()}))
        # what the importer does and the engine cannot (every line compared with every other): said, never silent
        if self.repeats_within_checked:  # DuckDB: what is left is a workbook's lines (and Parquet's first lines)
            unchecked = "note_engine_workbook_unchecked" if self.carry_checked else \
                "note_engine_repeats_workbook_unchecked"
        elif self.repeats_checked or len(self.paths) == 1:  # Spark: no order of a file's lines
            unchecked = "note_engine_repeats_within_unchecked"
        else:
            unchecked = "note_engine_repeats_unchecked"
        warnings.append(Issue(name, "", 0, unchecked, {}))
        if self.zone is not None:  # times with a zone, read as the clock showed them there
            warnings.append(Issue(name, "", 0, "note_engine_time_zone", {"column": self.fields["date"],
                                                                          "zone": self.zone}))
        warnings += self.read_notes + self.notes
        header = mapping.field_header(self._money_field) or ""
        texts, counts = (self._amounts["t"].astype(object), self._amounts["n"]) if self._amounts is not None \
            else (pd.Series(dtype=object), None)
        if (said := cells_tax_basis(texts)) is not None:  # 1,000円(税込): the amounts' own words on tax
            mapping = dataclasses.replace(mapping, cells_tax=said)
        if (tax := sales_tax_note(name, "", mapping)) is not None:  # as the importer says it of a sheet
            warnings.append(tax)
        if self.receipt_totals:
            warnings.append(Issue(name, "", 0, "note_receipt_total_once",
                                  {"column": mapping.field_header("net_sales") or ""}))
        return SheetTable(name, "", "sales", mapping, pd.DataFrame(), issues=self.issues, warnings=warnings,
                          currency=currency_shown(texts, header, counts),
                          rows_read=self.rows_read, rows_used=self.rows_used, net_sales_read=self.net_sales_read,
                          rejected=self.rows_read - self.rows_used,
                          net_sales_rejected=self.net_sales_rejected,
                          japanese=written_in_japanese(list(self.fields.values()), []))


def _categories(column):
    """An Arrow text column as a pandas categorical whose categories are sorted,
    so that sorting and grouping by it order the rows as the texts would."""
    import numpy as np
    import pandas as pd
    import pyarrow.compute as pc

    values = pc.unique(column).drop_null()
    values = values.take(pc.sort_indices(values))
    codes = pc.index_in(column, value_set=values).to_numpy(zero_copy_only=False)
    codes = np.where(np.isnan(codes), -1, codes) if codes.dtype.kind == "f" else codes
    return pd.Categorical.from_codes(codes.astype(np.int32), pd.Index(values.to_pylist(), dtype="str"))


def _named_from(table, names, named: list[str]) -> tuple:
    """The summary's `table` without its `<name>_named` flags, and each group's
    product and category (`named`) as those of its SKU and month in `names`
    (names_sql, one name each), null where no line of the group names one: as
    categoricals (`_categories`), made from the names' codes without a text
    per group."""
    import numpy as np
    import pandas as pd
    import pyarrow.compute as pc

    month = table["date"].to_numpy().astype("datetime64[M]").astype(np.int64)  # the group's month: its last sale's
    named_month = np.array([int(m[:4]) * 12 + int(m[5:7]) - 1 - 23_640 for m in names["month"].to_pylist()],
                           dtype=np.int64)  # the same numbering (months since 1970-01)
    low = min(month.min(initial=0), named_month.min(initial=0))  # months from the first: none below 0
    key, named_key = month - low, named_month - low
    del month
    if "sku" in names.column_names:  # (SKU, month) as one number: the SKU's place among the names' SKUs, then the month
        skus = pc.unique(names["sku"].drop_null())

        def place(column):
            return pc.fill_null(pc.index_in(column, value_set=skus), -1).to_numpy(zero_copy_only=False).astype(np.int64)
        span = int(max(key.max(initial=0), named_key.max(initial=0))) + 1
        key, named_key = (place(table["sku"]) + 1) * span + key, (place(names["sku"]) + 1) * span + named_key
    row = _positions(key, named_key)  # every group's SKU and month is among the names'
    del key
    values = {}
    for k in named:
        of_names = _categories(names[k])
        flag = table[f"{k}_named"].to_numpy(zero_copy_only=False)
        values[k] = pd.Categorical.from_codes(np.where(flag, of_names.codes[row], -1).astype(np.int32),
                                              of_names.categories)
    return table.drop_columns([f"{k}_named" for k in named]), values


def _positions(keys, among):
    """Where each of `keys` (whole numbers ≥ 0, each one of `among`'s) stands in `among`:
    a table indexed by the number where the numbers are few beside the keys, else a search."""
    import numpy as np

    span = int(among.max(initial=-1)) + 1
    if span <= 4 * len(keys) + 1_000_000:
        at = np.full(span, -1, dtype=np.int64)
        at[among] = np.arange(len(among))
        return at[keys]
    order = np.argsort(among)
    return order[np.searchsorted(among[order], keys)]


def _case(expr: str, mapping: dict[str, str]) -> str:
    """`expr` looked up in `mapping`; a value not in it stays (NULL for an empty mapping's blanks)."""
    if not mapping:
        return f"NULLIF({expr}, '')" if expr.startswith("TRIM") else expr
    whens = " ".join(f"WHEN {_text(k)} THEN {_text(v)}" for k, v in mapping.items())
    return f"CASE {expr} {whens} ELSE {'NULL' if expr.startswith('TRIM') else expr} END"


def _costed(body: str, others: list[str]) -> str:
    """`body`'s lines with a missing cost filled from `stock_costs` (store, sku, date,
    unit_cost, listed): the nearest snapshot by date of the same store and SKU, else
    the nearest of the SKU in any store; equally near, the earlier date, and of
    snapshots on one date the last listed before the line or the first after it
    (as parts.prepare_lines finds them with pandas' merge_asof)."""
    def nearest(name: str, on: str) -> str:
        return (f"{name} AS (SELECT n.store, n.sku, n.date, u.unit_cost, ROW_NUMBER() OVER ("
                "PARTITION BY n.store, n.sku, n.date ORDER BY ABS(EPOCH(n.date) - EPOCH(u.date)), "
                "CASE WHEN u.date <= n.date THEN -u.listed ELSE u.listed + 1 END) AS k "
                f"FROM need AS n JOIN stock_costs AS u ON {on})")

    def match(name: str) -> str:
        return (f"LEFT JOIN {name} ON {name}.k = 1 AND {name}.store IS NOT DISTINCT FROM t.store "
                f"AND {name}.sku = t.sku AND {name}.date = t.date")

    kept = ", ".join(f"t.{_quote(c)}" for c in others)
    return (f"WITH t AS ({body}), need AS (SELECT DISTINCT store, sku, date FROM t "
            "WHERE cost IS NULL AND qty IS NOT NULL AND sku IS NOT NULL), "
            + nearest("same_store", "u.store = n.store AND u.sku = n.sku") + ", "
            + nearest("any_store", "u.sku = n.sku") + " "
            f"SELECT {kept}, COALESCE(t.cost, t.qty * COALESCE(same_store.unit_cost, any_store.unit_cost)) AS cost "
            f"FROM t {match('same_store')} {match('any_store')}")


def _place(uri: str, paths: list[Path]) -> int:
    """The place in `paths` of the file Spark names `uri` (as the cluster sees it): the path sharing the
    longest end with it."""
    def shared_end(path: Path) -> int:
        return len(os.path.commonprefix([unquote(urlparse(uri).path)[::-1], path.as_posix()[::-1]]))
    return max(range(len(paths)), key=lambda n: shared_end(Path(paths[n])))


def _spark_file(lines: str) -> str:
    """SQL of a line's file on Spark: named as it is read, before any join."""
    return "_kp_file" if "_kp_file" in lines else "input_file_name()"


def _memory_limit() -> str:
    """DuckDB's memory: spills to disk past it (default: 1.5 GB, KPIPACK_ENGINE_MEMORY overrides)."""
    return os.environ.get("KPIPACK_ENGINE_MEMORY", "1500MB")


def _query_memory_limit() -> str:
    """DuckDB's memory for the parts' queries once a CSV is parsed: 1 GB beside the
    build's own frames keeps a 10M-line build under 2 GB (at 1.5 GB its summary and
    customer windows reached 1.9-2.2 GB, in the same CPU time as at 1 GB, where they
    spill what they must). KPIPACK_ENGINE_MEMORY overrides it too."""
    return os.environ.get("KPIPACK_ENGINE_MEMORY", "1000MB")


def _rejects(engine, file_path) -> list[Issue]:
    """The first rejected lines, each with its file, row and reason; the rest counted."""
    frame = engine.frame(
        "SELECT _file, _row, date IS NULL AS no_date, net_sales, no_sale FROM typed "
        f"WHERE NOT ({USED}) ORDER BY _file, _row LIMIT {REJECTS_LISTED}")
    issues = []
    for file, row, no_date, net, no_sale in frame.itertuples(index=False):
        if no_date and not (isinstance(no_sale, str) and no_sale.startswith(("row_date_bad", "row_total",
                                                                              "row_header_again"))):
            code, params = "row_date_missing", {}
        elif no_sale is not None and no_sale == no_sale:  # "code\x1fcolumn\x1fvalue"
            code, column, value = str(no_sale).split(chr(31), 2)
            if code in REPEAT_CODES:
                params = {"other": column, "first": value}
                code += "" if value else "_unnumbered"  # the engine numbers no rows (Spark)
            else:
                params = {"field" if code in ("row_number_bad", "row_date_bad") else "column": column,
                          "rate" if code.startswith("row_tax_rate_") else "value": value[:60]}
        else:
            code, params = "row_number_missing", {"field": "net_sales"}
        issues.append(Issue(Path(file_path(file)).name, "", int(row) if row == row and row is not None else 0, code, params,
                            None if net != net else float(net)))
    return issues


_LINE = re.compile(r"\bLine: (\d+)")
_COLUMNS = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")
_FILE = re.compile(r"^\s*file = (.+)$", re.M)
_DETAIL = ("Error when converting", "Expected Number of Columns", "Could not convert", "Value with unterminated quote")
_CONVERTING = re.compile(r'Error when converting column "(.+?)"\. Could not convert string "(.*?)" to \'(\w+)\'')
_DATE_TYPES = {"DATE", "TIME", "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE"}


def _checked(work, paths: list[Path]):
    """Run `work`; a DuckDB reading error becomes one message naming the file and
    line: a line the file ends in the middle of is said to be cut off, a value
    of another type than the column's lines before it is quoted with its column."""
    import duckdb

    try:
        return work()
    except duckdb.Error as exc:
        message = str(exc)
        named = _FILE.search(message)
        file = Path(named.group(1).strip()).name if named else \
            next((p.name for p in paths if str(p) in message), paths[0].name if len(paths) == 1 else "")
        lines = [t.strip() for t in message.splitlines() if t.strip()]
        detail = next((t for t in lines if t.startswith(_DETAIL)), lines[0] if lines else type(exc).__name__)[:300]
        line = _LINE.search(message)
        path = next((p for p in paths if p.name == file), None)
        if line:
            raise _read_error(message, file, int(line.group(1)), paths) from None
        if path is not None and "sniffing" in message and (row := _quote_open_line(path)) is not None:
            raise KpipackError("csv_quote_open", file=file, row=str(row)) from None
        if path is not None and path.suffix.lower() in PARQUET and ("magic bytes" in message or "Parquet" in message):
            raise KpipackError("engine_parquet_damaged", file=file, detail=detail) from None
        raise KpipackError("engine_read", file=file or ", ".join(p.name for p in paths[:3]), detail=detail) from None


def _empty_lines(path: Path) -> list[int]:
    from ..ingest.text_files import empty_lines

    try:
        return empty_lines(path)
    except OSError:  # the reader says what it could not read
        return []


def _in_background(work: Callable):
    """`work` run on a thread of its own: its Future."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(1)
    try:
        return pool.submit(work)
    finally:
        pool.shutdown(wait=False)


def _read_error(message: str, file: str, line: int, paths: list[Path]) -> KpipackError:
    """The message for a line of `file` the reader could not read, from its words
    (`message`): a line the file ends in the middle of is said to be cut off, a
    value of another type than the column's lines before it is quoted with its column."""
    path = next((p for p in paths if p.name == file), None)
    if path is not None and _ends_within(path, line):
        return KpipackError("engine_read_cut", file=file, row=str(line))
    if "unterminated quote" in message:
        return KpipackError("csv_quote_open", file=file, row=str(line))
    converting = _CONVERTING.search(message)
    if converting:
        column, value, kind = converting.groups()
        return KpipackError("engine_read_date" if kind.upper() in _DATE_TYPES else "engine_read_number", file=file,
                            row=str(line), column=column, value=value[:60])
    lines = [t.strip() for t in message.splitlines() if t.strip()]
    detail = next((t for t in lines if t.startswith(_DETAIL)), lines[0] if lines else "")[:300]
    return KpipackError("engine_read_row", file=file, row=str(line), detail=detail)


def _quote_open_line(path: Path) -> int | None:
    """The line of a CSV where a quote opens a cell that is never closed,
    which DuckDB's sniffing of a file's first lines cannot read past: the
    cell runs on past the csv module's 128 KB, or to the end of the file (its
    last row, read again strictly, ends inside the quote). None where none is
    among the lines the sniffing looks at (its 20,480, with room to spare)."""
    import csv
    import itertools

    separator = csv_layout(path).separator
    done = before = 0  # the lines the rows read end on; the line before the last row
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            rows = csv.reader(fh, delimiter=separator)
            for n, _ in enumerate(rows):
                if n > 50_000:
                    return None
                before, done = done, rows.line_num
    except csv.Error:
        return done + 1
    except OSError:
        return None
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            list(csv.reader(itertools.islice(fh, before, None), delimiter=separator, strict=True))
    except csv.Error as exc:
        return before + 1 if "unexpected end of data" in str(exc) else None
    except OSError:
        return None
    return None


def _cut_off(path: Path, layout: CsvLayout | None) -> None:
    """Stop the build where a CSV's last line has no line break after it and
    fewer cells than the header: the file ends in the middle of that line (a
    download or copy that did not finish), which the reader would otherwise
    read as a short line with its last cells empty."""
    import csv

    from ..ingest.text_files import line_count

    last = _unended_line(path)
    if last is None:
        return
    text = last.decode("utf-8", errors="replace")
    cells = next(csv.reader([text], delimiter=layout.separator if layout else ","), [])
    if len(cells) < len(_headers(path, "csv", layout)):
        raise KpipackError("engine_read_cut", file=path.name, row=str(line_count(path)))


_TAIL_BYTES = 1 << 20  # a CSV's end looked at for its last line


def _unended_line(path: Path) -> bytes | None:
    """The file's last line (of its last `_TAIL_BYTES`) where no line break
    follows it; None where one does, or the file is empty."""
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        f.seek(max(0, f.tell() - _TAIL_BYTES))
        tail = f.read()
    tail = tail.rstrip(b"\x1a")  # DOS's end-of-file mark after the last line: no line of its own
    if not tail or tail[-1:] in (b"\n", b"\r"):
        return None
    return tail[max(tail.rfind(b"\n"), tail.rfind(b"\r")) + 1:]


def _ends_within(path: Path, line: int) -> bool:
    """Whether `path` is a text that ends in the middle of its line `line` (its
    last, without a line break after it): a file cut off. Only asked of a
    file that could not be read, so counting its lines costs nothing the
    build would have spent."""
    from ..ingest.text_files import line_count

    try:
        return _unended_line(path) is not None and line_count(path) == line  # the last line counted too
    except OSError:
        return False


def claim(files: list[Path], mapping=None, engine_name: str = "duckdb",
          converting: Callable[[str, int, int], None] | None = None) -> tuple[LineFiles | None, list[Path]]:
    """The sales line files the engine reads (Parquet; CSV whose header is a
    sales layout, over CSV_ENGINE_BYTES alone or with the other CSV files
    given: a chain's year as twelve monthly files is as big as one file of
    it), and the files left for the importer. A
    big CSV in another encoding than UTF-8 (a Japanese register's Shift_JIS)
    is read by DuckDB from a UTF-8 copy of its text, one of mixed line breaks
    from a copy whose breaks are all LF (`converting(name, done, size, lf)` as
    either is written); Spark reads UTF-8 only, so there the importer reads
    a file not in UTF-8."""
    from ..ingest.headers import classify

    overrides = mapping.for_role("sales") if mapping is not None else {}
    engine: list[tuple[Path, dict[str, str], dict[str, str]]] = []
    rest: list[Path] = []
    sheets, periods, said, texts, layouts = {}, {}, {}, {}, {}
    copies = None
    sizes = {p: p.stat().st_size for p in files if p.suffix.lower() in CSV and p.exists()}
    all_big = sum(sizes.values()) >= CSV_ENGINE_BYTES
    together = set()  # CSV files the engine reads for the size of them all, not their own
    for path in files:
        suffix = path.suffix.lower()
        big = path in sizes and (sizes[path] >= CSV_ENGINE_BYTES or all_big)
        if big and sizes[path] < CSV_ENGINE_BYTES:
            together.add(path)
        utf8 = big and _utf8(path)
        if big and not utf8 and engine_name == "duckdb":
            copies = copies or _Copies()
            if (copy := copies.write(path, converting)) is not None:
                texts[path] = copy
        if suffix not in PARQUET and not (big and (utf8 or path in texts)):
            rest.append(path)
            continue
        kind = "parquet" if suffix in PARQUET else "csv"
        source = texts.get(path, path)
        layout = layouts[path] = csv_layout(source, overrides) if kind == "csv" else None
        try:
            headers, body = _headers(source, kind, layout), _sample(source, kind, layout)
        except KpipackError:  # on Spark, which reads any line breaks, the copy is only where these are read
            copies, copy = _lf_copy(copies, source, converting) if kind == "csv" else (copies, None)
            if copy is None:
                raise
            texts[path] = source = copy
            headers, body = _headers(source, kind, layout), _sample(source, kind, layout)
        if (profile := _known_export(headers, body, path)) is not None:  # its profile's rules are the importer's
            if kind == "parquet":
                raise KpipackError("engine_known_export", file=path.name, profile_en=profile.label("en"),
                                   profile_ja=profile.label("ja"))
            rest.append(path)
            continue
        # the first lines' values read with the headers, as the importer reads a sheet's columns by content
        sheet = classify(headers, path.stem, overrides, forced_role="sales" if suffix in PARQUET else None, body=body)
        if sheet.doubts:  # a column the importer would ask about: asked here, before a big file is read whole
            from ..ingest.infer import doubt_error

            raise doubt_error(path.name, path.stem, sheet)
        if "date" not in sheet.columns.values() and not overrides:  # totals without dates: the month of the name
            from ..ingest.undated import dated  # pandas: only for such a file

            period, with_date, refused = dated(sheet, path.stem, path.name, [], body)
            if with_date is not None:
                sheet, periods[path] = with_date, period
            elif refused is not None and suffix in PARQUET:
                raise KpipackError("engine_undated", file=path.name)
        if not _sales_lines(path, sheet, overrides):
            rest.append(path)
            continue
        claimed, said[path] = _read_with(path, sheet, headers, body, overrides)
        engine.append(claimed)
        sheets[path] = sheet

    def layout_of(claimed):  # files of one export: the same columns, parts, tax columns, dating and CSV layout
        path, fields, parts, taxed = claimed
        return repr((fields, parts, taxed, path in periods, layouts[path]))
    if together and len({layout_of(e) for e in engine}) > 1:  # several layouts: each small file is the
        rest += [p for p, *_ in engine if p in together]    # importer's, as it would be alone
        engine = [e for e in engine if e[0] not in together]
    rest = [p for p in files if p in set(rest)]  # in the order given: the later of two files repeats the earlier
    if not engine:
        return None, rest
    kinds = {"parquet" if p.suffix.lower() in PARQUET else "csv" for p, *_ in engine}
    first_path, fields, parts, taxed = engine[0]
    for other in engine[1:]:
        if layout_of(other) != layout_of(engine[0]) or len(kinds) > 1:
            raise KpipackError("engine_schema", file=other[0].name, first=first_path.name)
    lines = LineFiles([p for p, *_ in engine], kinds.pop(), fields, sheets[first_path], parts,
                      {p: periods[p] for p in periods} or None)
    lines.line_tax = taxed
    lines.texts, lines.copies, lines.converting = {p: texts[p] for p in lines.paths if p in texts}, copies, converting
    lines.layout = layouts[first_path]
    lines.read_notes = [n for n in (said.get(first_path),) if n is not None]
    if mapping is not None:  # --date-order, or the --map file's _date_order, for dates such as 10/01/2026
        lines.date_order = mapping.date_order(first_path.name, first_path.stem, "sales")
    if lines.kind == "parquet":
        _same_types(lines)
        lines.zone = _zone(lines)
    return lines, rest


def _sales_lines(path: Path, sheet, overrides) -> bool:
    """Whether the engine reads the file as sales lines: dated lines with an
    amount, or with a quantity and a unit price and no discount to take off
    their product (the importer's rule, discounts.priced_amount); not a daily
    report's sales by payment, summed. A Parquet file it cannot read, which the
    importer cannot read either, is refused."""
    from ..ingest import discounts

    fields = set(sheet.columns.values())
    priced = "net_sales" not in fields and {"qty", "unit_price"} <= fields  # the sale is their product
    less = discounts.column(sheet, overrides) if priced else None
    sales = sheet.role == "sales" and not sheet.summed
    if sales and "date" in fields and ("net_sales" in fields or priced) and less is None:
        return True
    if path.suffix.lower() in PARQUET and sales and less is not None:
        raise KpipackError("engine_priced_discount", file=path.name, discount=sheet.headers[less],
                           qty=sheet.field_header("qty"), price=sheet.field_header("unit_price"))
    if path.suffix.lower() in PARQUET:
        raise KpipackError("engine_not_sales", file=path.name)
    return False


def _read_with(path: Path, sheet, headers: list[str], body, overrides) -> tuple[tuple, Issue | None]:
    """(path, fields by header, the parts taken off the amount by header, the tax
    columns) the engine reads a file with, and the note on a discount column not
    taken off. The sheet's mapping names the sale as the importer names it."""
    from ..ingest.line_tax import columns as line_tax_columns
    from ..ingest.total_parts import name_sale, parts_of_total

    parts = parts_of_total(sheet, overrides)  # an order's Total: its tax, tip and shipping taken off
    note = None
    if (found := _discount(path, sheet, overrides, body)) is not None:  # 値引額 beside the amount
        col, verdict, note = found
        if verdict == "before":
            parts = {**parts, col: "discount"}
    fields = {fld: headers[col] for col, fld in sheet.columns.items() if col < len(headers)}
    taxed = line_tax_columns(sheet) if not parts else None  # 税区分 (and 税率) beside the amount
    claimed = (path, fields, {headers[c]: k for c, k in parts.items()},
               tuple(headers[c] if c is not None else None for c in taxed) if taxed else None)
    if parts:
        name_sale(sheet, parts, len(sheet.headers))
    return claimed, note


class _Copies:
    """A folder of copies of CSV files DuckDB reads in their place (as UTF-8, or with one kind of line
    break), removed when the build lets go of it."""

    def __init__(self):
        import tempfile

        self.folder = tempfile.TemporaryDirectory(prefix="kpipack-text-")
        self.count = 0

    def write(self, path: Path, converting, lf: bool = False) -> Path | None:
        """`path` as UTF-8 (`utf8_copy`), or with its line breaks as LF (`lf_copy`)."""
        from ..ingest.text_files import lf_copy, utf8_copy

        self.count += 1  # a folder per file: two files of one name in different folders
        folder = Path(self.folder.name) / str(self.count)
        folder.mkdir()
        progress = None if converting is None else lambda done, size: converting(path.name, done, size, lf)
        return (lf_copy if lf else utf8_copy)(path, folder, progress)


def _lf_copy(copies: _Copies | None, source: Path, converting) -> tuple[_Copies | None, Path | None]:
    """Where `source`'s line breaks are of more than one kind, which DuckDB's reader
    cannot take, a copy of it whose breaks are all LF, in `copies` (made where
    None): (copies, the copy, or None where there is none)."""
    from ..ingest.text_files import mixed_line_breaks

    if not mixed_line_breaks(source):
        return copies, None
    copies = copies or _Copies()
    return copies, copies.write(source, converting, lf=True)


def _discount(path: Path, sheet, overrides, body) -> tuple[int, str, Issue | None] | None:
    """A discount column beside the amount (ingest.discounts): its column, what the
    first lines say of the amount, and the note where it is not taken off. Lines
    further down are not looked at: where the first show no discount, it is not
    taken off, and said so."""
    import pandas as pd

    from ..ingest import discounts

    col = discounts.column(sheet, overrides)
    if col is None or "net_sales" not in sheet.columns.values():
        return None
    found = discounts.verdict(pd.DataFrame(body, columns=range(len(body[0]))) if body else pd.DataFrame(
        {c: [] for c in range(len(sheet.headers))}), sheet, col)
    found = "unknown" if found == "none" else found
    return col, found, discounts.note(path.name, "", sheet, col, found)


def _utf8(path: Path) -> bool:
    """Whether a CSV file's text is UTF-8, as the engine's reader takes it (its
    first MB decodes so); any other is read from a UTF-8 copy (`_Copies`)."""
    from ..ingest.text_files import DETECT_BYTES, starts_as_utf8

    with open(path, "rb") as fh:
        head = fh.read(DETECT_BYTES)
    return starts_as_utf8(head, len(head) < DETECT_BYTES)


def _code(column: str) -> str:
    """SQL of an id or name cell as the importer reads it (clean.clean_code): its
    text without the spaces around it (a fixed-width export pads its codes),
    none where that leaves nothing. Trimming a set of 33 kinds of space costs
    0.4 µs a cell: only a cell starting or ending with one is trimmed, told by
    its first character's code point (UNICODE, Spark's ASCII) and its last
    character (in all about 60 % of the cost of a regular expression over the cell)."""
    from ..ingest.clean import PY_WHITESPACE

    cell = f"CAST({_quote(column)} AS VARCHAR)"
    trimmed = f"NULLIF(TRIM({cell}, {_text(PY_WHITESPACE)}), '')"
    spaces = ", ".join(str(ord(c)) for c in PY_WHITESPACE)
    edge = f"{cell} = '' OR UNICODE({cell}) IN ({spaces}) OR CONTAINS({_text(PY_WHITESPACE)}, RIGHT({cell}, 1))"
    return f"CASE WHEN {edge} THEN {trimmed} ELSE {cell} END"


def _known_export(headers: list[str], body: list[list[object]], path: Path):
    """The known export layout a file is in (ingest.export_profiles: a Square
    or Shopify export, a Japanese register's), whose rules — what a row is,
    which rows are voids or returns — the importer applies and the engine
    does not: such a CSV is the importer's whatever its size. None for others."""
    from ..ingest.export_profiles import claim as profile_of

    found = profile_of([list(headers), *body], path.name, path.stem)
    return found[0] if found is not None else None


@dataclass(frozen=True)
class CsvLayout:
    titles: int  # lines above the header (a report's title, its dates)
    separator: str


def csv_layout(path: Path, overrides: dict | None = None) -> CsvLayout:
    """Where a UTF-8 CSV's header is and what separates its fields, found as
    the importer finds them (readers._separator, headers.find_header_row) in
    its first 64 KB: DuckDB's own sniffing takes a title line for the header."""
    import csv
    import io

    from ..ingest.headers import find_header_row, normalise
    from ..ingest.readers import _CsvReader, _separator

    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    text = head.decode("utf-8-sig", errors="replace")
    text = text[:text.rfind("\n") + 1] or text  # whole lines only
    separator = _separator(text, _CsvReader.TITLE_LINES)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    known = {normalise(h) for h in (overrides or {})}
    found = find_header_row([[c or None for c in r] for r in rows], known=known)
    return CsvLayout(found or 0, separator)


def _csv_options(layout: CsvLayout | None, reading: str = "plain") -> str:
    """The reader's options for a CSV. `reading` "padded" (the lines' read): a
    line of fewer cells than the header (a footer such as 出力日時 or 合計 below
    the lines, an export that leaves out a line's empty cells at its end) is
    read with the rest empty, as the importer reads it, and then judged by the
    same rules (a last line cut off is told apart by `_cut_off`); "padded_one_thread"
    the same on one thread; "plain" such a line set aside and rejected (`_read_rejects`)."""
    # a cell holding only DOS's end-of-file mark (Ctrl-Z, after a file's last line) is empty: no line
    options = "header = true, quote = '\"', escape = '\"', nullstr = ['', CHR(26)]" + {
        "padded": ", null_padding = true", "padded_one_thread": ", null_padding = true, parallel = false",
        "plain": ""}[reading]
    if layout is None:
        return options
    return f"{options}, delim = {_text(layout.separator)}, skip = {layout.titles}"


def _next_reading(reading: str, message: str) -> str | None:
    """The next way to read CSV files after DuckDB's `message`: padded on one
    thread where its parallel reader cannot pad (a line break inside a quoted
    cell: about twice the reading time); unpadded where padding fails the
    sniffing of the first lines (a line of more cells than the header among
    them), a short line then rejected; None: the message stands."""
    if reading == "padded" and "does not support null_padding in conjunction with quoted new lines" in message:
        return "padded_one_thread"
    if reading != "plain" and "Error when sniffing file" in message:
        return "plain"
    return None


def _sample(path: Path, kind: str, layout: CsvLayout | None = None) -> list[list[object]]:
    """The first lines, whose values help read the columns, as many as the importer samples of a sheet."""
    import duckdb

    from ..ingest.readers import PREVIEW_ROWS

    # a line of more cells than the header is left out of the sample: the build rejects it, naming it
    reader = f"read_parquet({_text(str(path))})" if kind == "parquet" else \
        f"read_csv({_text(str(path))}, {_csv_options(layout)}, all_varchar = true, " \
        "ignore_errors = true)"
    rows = _checked(lambda: duckdb.connect().execute(f"SELECT * FROM {reader} LIMIT {PREVIEW_ROWS}").fetchall(), [path])
    return [[_as_cell(v) for v in r] for r in rows]


QUOTED_BREAKS_LINES = 100_000  # a CSV's first lines looked at for a cell holding a line break


def _quoted_breaks(path: Path, layout: CsvLayout | None) -> bool:
    """Whether a cell among a CSV's first lines holds a line break (a product
    name over two lines): Spark then reads each file whole (multiLine), not
    split line by line, where it would read such a line as two."""
    import duckdb

    reader = f"read_csv({_text(str(path))}, {_csv_options(layout)}, all_varchar = true, ignore_errors = true)"
    try:
        return duckdb.connect().execute(
            f"SELECT COUNT(*) FROM (SELECT CONCAT_WS('', *COLUMNS(*)) AS t FROM {reader} LIMIT {QUOTED_BREAKS_LINES}) "
            "AS l WHERE CONTAINS(t, CHR(10)) OR CONTAINS(t, CHR(13))").fetchone()[0] > 0
    except duckdb.Error:  # a file DuckDB cannot read may still be Spark's: its reader says what it cannot read
        return False


def _as_cell(value: object) -> object:
    """A Parquet value as a sheet's cell holds it: a decimal as a number, a
    time, a blob or a nested value as its text."""
    if value is None or isinstance(value, (str, bool, int, float, datetime.date)):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    return str(value)


def _headers(path: Path, kind: str, layout: CsvLayout | None = None) -> list[str]:
    import duckdb

    reader = f"read_parquet({_text(str(path))})" if kind == "parquet" else \
        f"read_csv({_text(str(path))}, {_csv_options(layout)}, ignore_errors = true)"
    rows = _checked(lambda: duckdb.connect().execute(f"DESCRIBE SELECT * FROM {reader}").fetchall(), [path])
    return [r[0] for r in rows]


def _zone(lines: LineFiles) -> str | None:
    """The time zone the Parquet files' dates are stored in where they are
    instants (TIMESTAMP WITH TIME ZONE): the zone Arrow writes beside them, UTC
    where none is written; None for clock times. Files whose dates carry
    different zones stop the build, naming the file: their days would not
    agree."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if "date" not in lines.fields:
        return None
    zones = {}
    for path in lines.paths:
        try:
            kind = pq.read_schema(path).field(lines.fields["date"]).type
        except (OSError, KeyError, pa.ArrowException):  # what DuckDB read: its own types stand
            return None
        zones[path] = kind.tz if pa.types.is_timestamp(kind) else None  # an instant without Arrow's zone: UTC
    first, zone = next(iter(zones.items()))
    for path, other in zones.items():
        if other != zone:
            raise KpipackError("engine_time_zones", file=path.name, first=first.name, column=lines.fields["date"],
                               zone=other or "-", first_zone=zone or "-")
    return zone


def _same_types(lines: LineFiles) -> None:
    """Every Parquet file gives the mapped columns the same types as the first."""
    import duckdb

    con = duckdb.connect()
    wanted = set(lines.fields.values())
    first = None
    for path in lines.paths:
        rows = _checked(lambda: con.execute(
            f"DESCRIBE SELECT * FROM read_parquet({_text(str(path))})").fetchall(), [path])
        types = {name: kind for name, kind, *_ in rows if name in wanted}
        if first is None:
            first = (path, types)
        elif types != first[1]:
            changed = sorted(k for k in wanted if types.get(k) != first[1].get(k))
            raise KpipackError("engine_schema_type", file=path.name, first=first[0].name, columns=", ".join(changed))
    con.close()
