"""Open a workbook or CSV and hand out its sheets as raw grids.

Spreadsheets are read with calamine through fastexcel (Arrow); CSV with pandas.
A sheet is previewed (the first rows, for header detection) and then loaded
with only the columns that were mapped, each with the type it needs. Every
file passes the container checks of `safety` first; outside a guarded child
process (see `isolate`) nothing reaches calamine before the whole file has
been scanned.
"""
from __future__ import annotations

import contextlib
import csv
import io
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import KpipackError
from .safety import Container, ScanThread, SheetScan, check_file
from .split import Part
from .text_files import decode_text, head_text, line_count
from .xlsx_head import LEAD_ROWS, sheet_heads

if TYPE_CHECKING:  # pandas is imported where frames are made: importing the package stays light
    import pandas as pd

PREVIEW_ROWS = 30
PREVIEW_WHOLE_BYTES = 64 << 20  # a CSV up to this size is read whole for a preview (its rows counted exactly)
SPREADSHEET_KINDS = ("xlsx", "xls", "ods", "xlsb")
NO_PROBLEMS = SheetScan("")


def sniff(path: Path) -> str:
    """The file's real kind from its bytes: xlsx, xlsb, ods, xls, encrypted, csv."""
    return check_file(Path(path), scan="none").kind


class SheetSource:
    """One sheet of one file: what the importer needs, whatever the format."""

    first_row = 1  # sheet row of preview()[0]: previews start at the sheet's first row
    rows_before = 0  # sheet rows above the lines this source holds (a piece of a cut sheet, see `split`)
    starts_filled = False  # its first line holds a value: the reader may start where the cells start
    own_rows: tuple[int, int] | None = None  # a piece's own sheet rows; the others read are context (see `split`)

    def __init__(self, file: Path, name: str, reader, index, hidden: bool | None = None,
                 date1904: bool = False):
        self.file = file
        self.name = name
        self._reader = reader
        self._index = index
        self._hidden = hidden
        self.date1904 = date1904

    @property
    def hidden(self) -> bool:
        if self._hidden is None:
            self._hidden = self._reader.hidden(self._index)
        return self._hidden

    def preview(self) -> list[list[object]]:
        """The top rows; rows[0] is sheet row 1 and column i is the sheet's column i (A = 0)."""
        return self._reader.preview(self._index)

    def load(self, header_row: int, columns: list[int], text_columns: set[int]) -> pd.DataFrame:
        """Rows below `header_row` (an index into preview()), columns by absolute index.
        The frame's index is the 1-based sheet row number of each line."""
        skip = max(header_row + 1, self.rows_before)
        from_cells = self.starts_filled and skip == self.rows_before
        frame = self._reader.load(self._index, header_row, columns, text_columns, None if from_cells else skip)
        frame.index = range(self.first_row + skip, self.first_row + skip + len(frame))
        return frame

    def own(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The lines of `frame` (loaded by `load`) that are this source's own:
        a piece of a cut sheet reads lines past the cut as context."""
        if self.own_rows is None:
            return frame
        first, last = self.own_rows
        return frame[(frame.index >= first) & (frame.index <= last)]

    def rows_below(self, header_row: int | None) -> int:
        """Rows below `header_row` (an index into preview(); None: the whole
        sheet): from the preview when it holds the whole sheet, else by
        loading one column."""
        preview = self.preview()
        first = next((i for i, row in enumerate(preview) if any(v not in (None, "") for v in row)), 0)
        top = first - 1 if header_row is None else header_row
        counted = getattr(self._reader, "total_rows", None)  # a big CSV previewed from its head
        if counted is not None:
            return max(counted - top - 1, 0)
        if len(preview) < first + PREVIEW_ROWS:
            return max(len(preview) - top - 1, 0)
        try:
            return len(self.load(top, [0], {0}))
        except Exception:  # noqa: BLE001 - a count is a hint; the build reports real read errors
            return max(len(preview) - top - 1, 0)

    def problems(self) -> SheetScan:
        """Cells holding an error value or a formula without a saved result
        (xlsx), and rows a CSV could not split cleanly."""
        return self._reader.problems(self._index)

    def currencies(self) -> dict[int, str]:
        """Column -> the currency its number cells' format shows ("$"#,##0.00), in
        an xlsx's top rows: a CSV saved as a workbook keeps its $ there only."""
        return self._reader.currencies(self._index) if hasattr(self._reader, "currencies") else {}

    @property
    def semicolons(self) -> bool:
        """Text separated by ';': the export of a country that writes decimal commas."""
        return getattr(self._reader, "sep", None) == ";"

    def is_worksheet(self) -> bool:
        return self._reader.is_worksheet(self._index) if hasattr(self._reader, "is_worksheet") else True


@contextlib.contextmanager
def _quiet_stderr():
    """calamine prints type-inference notes straight to fd 2; keep them off the user's terminal."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


_EOF_IN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")


def _quote_left_open(text: str, before: int, name: str) -> KpipackError | None:
    """The message for a cell the csv module could not read past line
    `before` where the line after it opens a quote (`"` starting a cell) that
    the rest of the file never closes; None for any other."""
    lines = text.split("\n", before + 1)
    line = lines[before] if before < len(lines) else ""
    return KpipackError("csv_quote_open", file=name, row=before + 1) if '"' in line else None


def reader_failure(exc: BaseException, name: str) -> KpipackError:
    """calamine's many exception types as one message. A Rust panic arrives as
    `PanicException`, a BaseException that `except Exception` misses."""
    text = _short(exc)
    kind = type(exc).__name__
    if kind == "PasswordError" or "password" in text.lower() or "encrypted" in text.lower():
        return KpipackError("password_protected", file=name)
    if kind == "PanicException":
        return KpipackError("parse_crashed", file=name, detail="the spreadsheet reader stopped on an internal error")
    if isinstance(exc, MemoryError):
        return KpipackError("parse_crashed", file=name, detail="not enough memory")
    return KpipackError("file_unreadable", file=name, detail=text)


@contextlib.contextmanager
def _calamine(name: str):
    try:
        with _quiet_stderr():
            yield
    except KpipackError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - see reader_failure
        raise reader_failure(exc, name) from exc


class _FastexcelReader:
    def __init__(self, path: Path, container: Container, data: bytes | None, scan: ScanThread | None,
                 heads_from: Path | None = None):
        """`heads_from`: the file whose sheet tops give the previews (the
        original of a piece of a cut sheet, which lacks the header rows)."""
        import fastexcel  # deferred: heavy

        self.path = path
        self.container = container
        self.kind = container.kind
        self.scan = scan
        self._data = data
        if self.kind == "ods":  # calamine reads every table of an ODS when it opens it
            if scan is not None:
                scan.result()
            refused = next((s.refusal for s in container.scans.values() if s.refusal is not None), None)
            if refused is not None:
                raise refused
        with _calamine(path.name):
            self.book = fastexcel.read_excel(data if data is not None else str(path))
        self._heads = {}
        self._previews: dict[str, tuple[list, bool]] = {}
        self._layouts: dict[str, SheetScan] = {}  # .xls/.xlsb: problems() with what the scan could not see
        self.date1904 = False
        if self.kind == "xlsx":
            source = io.BytesIO(data) if data is not None else (heads_from or path)
            try:
                self._heads = {h.name: h for h in sheet_heads(source, PREVIEW_ROWS)}
            except Exception:  # noqa: BLE001 - an odd package: fall back to calamine's own preview
                self._heads = {}
            try:
                import zipfile

                from .xlsx_head import is_1904

                with zipfile.ZipFile(source) as zf:
                    self.date1904 = is_1904(zf)
            except Exception:  # noqa: BLE001 - the 1900 system is the default
                self.date1904 = False

    def sheets(self) -> list[SheetSource]:
        out = []
        with _calamine(self.path.name):
            names = list(self.book.sheet_names)
        for name in names:
            head = self._heads.get(name)
            out.append(SheetSource(self.path, name, self, name, head.hidden if head else None, self.date1904))
        return out

    def _scan(self, name) -> SheetScan:
        """The finished scan of a sheet; raises when the sheet was refused."""
        if self.scan is not None:
            self.scan.result()
        scan = self.container.scan_for(name)
        if scan is None and self.kind == "xlsb":  # xlsb sheet names are not mapped to parts: any refusal counts
            scan = next((s for s in self.container.scans.values() if s.refusal), None)
        if scan is not None and scan.refusal is not None:
            raise scan.refusal
        return scan or NO_PROBLEMS

    def _guard(self, name) -> None:
        """Before calamine reads a sheet: a refused sheet stops here. A large
        sheet may still be being scanned (in a confined child only)."""
        if self.scan is not None:
            self.scan.small_result()
            if self.scan.is_alive():
                scan = self.container.scan_for(name)
                if scan is not None and scan.refusal is not None:
                    raise scan.refusal
                return
        self._scan(name)

    def hidden(self, name) -> bool:
        return self._calamine_preview(name)[1]

    def is_worksheet(self, name) -> bool:
        """False for a chart, macro or dialog sheet (asked only when a sheet fails to load)."""
        import python_calamine

        try:
            with _quiet_stderr():
                book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(self._data)) \
                    if self._data is not None else python_calamine.CalamineWorkbook.from_path(str(self.path))
                meta = {m.name: m.typ for m in book.sheets_metadata}
        except BaseException:  # noqa: BLE001 - unknown: treat as a worksheet, so the failure is reported
            return True
        return str(meta.get(name, "WorkSheet")).rsplit(".", 1)[-1] == "WorkSheet"

    def preview(self, name) -> list[list[object]]:
        head = self._heads.get(name)
        if head is not None:
            return head.rows
        return self._calamine_preview(name)[0]

    def currencies(self, name) -> dict[int, str]:
        head = self._heads.get(name)
        return head.currencies if head is not None else {}

    def _calamine_preview(self, name) -> tuple[list, bool]:
        import pandas as pd

        if name not in self._previews:
            self._guard(name)
            # skip_rows=0 starts at sheet row 1, the origin that load()'s skip_rows counts from
            with _calamine(self.path.name):
                sheet = self.book.load_sheet(name, header_row=None, skip_rows=0, n_rows=LEAD_ROWS + PREVIEW_ROWS,
                                             dtypes="string")
                frame = sheet.to_pandas()
                hidden = getattr(sheet, "visible", "visible") != "visible"
            offset = min((c.absolute_index for c in sheet.selected_columns), default=0)
            filled = frame.notna().any(axis=1).to_numpy()
            first = int(filled.argmax()) if filled.any() else 0
            frame = frame.iloc[:first + PREVIEW_ROWS]  # as xlsx_head: up to PREVIEW_ROWS past the first filled row
            rows = [[None] * offset + [None if pd.isna(v) else v for v in row] for row in frame.itertuples(index=False)]
            self._previews[name] = (rows, hidden)
        return self._previews[name]

    def load(self, name, header_row, columns, text_columns, skip) -> pd.DataFrame:
        """One read of the sheet below its first `skip` rows (None: from the
        first row holding a value): only the mapped columns (absolute
        indexes), codes as text."""
        if not columns:
            import pandas as pd

            return pd.DataFrame()
        self._guard(name)
        wanted = set(columns)
        dtypes = {c: "string" for c in text_columns if c in wanted}
        # header_row=None: header names may repeat; the header row is skipped by count
        with _calamine(self.path.name):
            sheet = self.book.load_sheet(name, header_row=None, skip_rows=skip,
                                         use_columns=lambda col: col.absolute_index in wanted,
                                         dtypes=dtypes or None, schema_sample_rows=None)
            frame = sheet.to_pandas()
            frame.columns = [c.absolute_index for c in sheet.selected_columns]
        for column in sorted(wanted - set(frame.columns)):  # blank all along a piece: outside its cells
            frame[column] = None
        return frame

    def problems(self, name) -> SheetScan:
        """The scan of the sheet; for .xls its hidden rows and merged cells
        (a second, formatting read), for .xlsb a scan that says it holds none
        of them because no reader tells them."""
        if self.kind not in ("xls", "xlsb"):
            return self._scan(name)
        if name not in self._layouts:
            import dataclasses

            from .xls_layout import with_xls_layout

            scan = self._scan(name)
            self._layouts[name] = with_xls_layout(scan, self.path, self._data, name) if self.kind == "xls" \
                else dataclasses.replace(scan, unchecked=".xlsb")
        return self._layouts[name]


class _CsvReader:
    """Delimited text in UTF-8 (with or without BOM), UTF-16 (Excel's
    "Unicode text"), CP932/Shift_JIS, Windows-1252 or EUC-JP. Every line keeps
    its place: lines with fewer fields are padded, lines with more fields than
    the header are flagged unless the extra fields are empty."""

    TITLE_LINES = 10  # lines of title above the header that may split differently
    HEAD_BYTES = 1 << 20  # what a preview of a big file reads: thousands of lines, the preview shows 30
    total_rows: int | None = None  # a preview of the head only: the file's lines, counted

    def __init__(self, path: Path, grid: list[list[str | None]] | None = None, name: str | None = None,
                 hidden: set[int] = frozenset(), head_over: int | None = None):
        """`grid`: the cells of a web page's table (see `html_tables`), read
        like a CSV's; `hidden`: its sheet rows hidden by their style.
        `head_over`: a file bigger than this is read from its head only, for a
        preview (the app's look at a dropped file): its lines are counted, not parsed."""
        import pandas as pd

        self.path = path
        self.name = name or path.stem
        self.hidden_rows = set(hidden)
        if grid is not None:
            self.sep = None
            width = max((len(r) for r in grid), default=0)
            self.widths = [width] * len(grid)
            self.frame = pd.DataFrame(grid, columns=list(range(width)), dtype=object)
            self._header_width = None
            return
        text = None
        if head_over is not None and path.stat().st_size > head_over:
            text = head_text(path, self.HEAD_BYTES)
            self._split_or_say(text, path.name)
            if len(self.widths) == text.count("\n"):  # each line a row: the file's rows are its lines
                self.total_rows = line_count(path)
            else:  # a quoted field holding a line break, or lines not ended by \n: rows counted by reading all
                text = None
        if text is None:
            text = decode_text(path.read_bytes(), path.name)
            self._split_or_say(text, path.name)
        sep = self.sep
        width = max(self.widths, default=0)
        if width == 0:
            raise KpipackError("no_data", file=path.name)
        try:
            self.frame = pd.read_csv(io.StringIO(text, newline=""), sep=sep, header=None, names=list(range(width)),
                                     dtype=str, keep_default_na=False, skip_blank_lines=False,
                                     engine="c", quoting=csv.QUOTE_MINIMAL)
        except pd.errors.ParserError as exc:  # "EOF inside string starting at row 50": a quote never closed
            row = _EOF_IN_QUOTE.search(str(exc))
            raise (KpipackError("csv_quote_open", file=path.name, row=int(row.group(1)) + 1) if row else exc) \
                from None
        if len(self.frame) != len(self.widths):  # the two splitters disagree: trust the csv module
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
            self.frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=str)
        self.frame = _without_text_formulas(self.frame.replace("", None))
        self._header_width = None

    def _split_or_say(self, text: str, name: str) -> None:
        try:
            self._split(text)
        except csv.Error as exc:  # a cell past the csv module's 128 KB: a quote left open, most likely
            rows = csv.reader(io.StringIO(text, newline=""), delimiter=self.sep)
            for _ in zip(range(len(self.widths)), rows):  # the rows read before it: the line they end on
                pass
            raise _quote_left_open(text, rows.line_num, name) or reader_failure(exc, name) from None

    def _split(self, text: str) -> None:
        """The separator, and the field counts by line as the csv module splits them
        (quotes and embedded newlines honoured); where a row cannot be read, those
        of the rows before it."""
        self.sep = _separator(text, self.TITLE_LINES)
        self.widths = []
        self.widths.extend(len(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=self.sep))

    def sheets(self) -> list[SheetSource]:
        return [SheetSource(self.path, self.name, self, 0, hidden=False)]

    def hidden(self, index) -> bool:
        return False

    def preview(self, index) -> list[list[object]]:
        import pandas as pd

        head = self.frame.head(PREVIEW_ROWS)
        return [[None if pd.isna(v) else v for v in row] for row in head.itertuples(index=False)]

    def load(self, index, header_row, columns, text_columns, skip) -> pd.DataFrame:
        if self.total_rows is not None:
            raise RuntimeError("a preview of a file's head is never read as its lines")
        self._header_width = self.widths[header_row] if header_row < len(self.widths) else None
        self._header_row = header_row
        frame = self.frame.iloc[skip:, columns].copy()
        frame.columns = columns
        return frame.reset_index(drop=True)

    def problems(self, index) -> SheetScan:
        """Lines with more filled fields than the header: an unquoted separator
        has shifted their values, so none of them can be trusted. (Empty fields
        past the header, as from a trailing separator, are nothing.)"""
        scan = SheetScan("", hidden=set(self.hidden_rows))
        width = self._header_width
        if width and width < self.frame.shape[1]:
            beyond = self.frame.iloc[:, width:].notna().any(axis=1).to_numpy()
            for i in range(self._header_row + 1, len(self.widths)):
                if beyond[i]:
                    scan.rows[i + 1] = ("row_fields_extra", {"count": self.widths[i], "header": width})
        return scan


def _without_text_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells written ="001" — the way POS exports keep a code's leading zeros
    when Excel opens the file — as Excel shows them: the text inside."""
    for col in frame.columns:
        cells = frame[col]
        wrapped = cells.str.match(r'^="[^"]*"$', na=False)
        if wrapped.any():
            frame[col] = cells.where(~wrapped, cells.str.slice(2, -1))
    return frame


def _separator(text: str, title_lines: int) -> str:
    """The field separator as the csv module's Sniffer finds it. Lines of title
    above the header split differently from the table and can make it give
    up, so it looks again past each of the first `title_lines` lines."""
    sample = text[:65536]
    lines = sample.splitlines(keepends=True)
    if len(text) > len(sample) and len(lines) > 1:
        lines = lines[:-1]  # a line cut by the sample would split short
    for skip in range(min(title_lines, max(len(lines) - 1, 1))):
        try:
            return csv.Sniffer().sniff("".join(lines[skip:skip + 500]), delimiters=",;\t|").delimiter
        except csv.Error:
            continue
    return "\t" if sample.count("\t") > sample.count(",") else ","


def open_sheets(path: Path, data: bytes | None = None, guarded: bool = False,
                part: Part | None = None, preview: bool = False) -> list[SheetSource]:
    """Every sheet of a file. `data` holds decrypted bytes of a protected file.

    `guarded`: the caller is a child process with memory and time limits, so
    the scan of large parts may run beside calamine instead of before it.
    `part`: this reader parses one piece of a cut sheet (see `split`; guarded only).
    `preview`: the sheets are only looked at (a big CSV is read from its head)."""
    path = Path(path)
    if part is not None and guarded and data is None:
        return _open_piece(path, part)
    container = check_file(path, data, name=path.name, scan="later" if guarded else "now")
    if container.kind == "csv":
        return _CsvReader(path, head_over=PREVIEW_WHOLE_BYTES if preview else None).sheets()
    if container.kind == "html":
        from .html_tables import html_grids

        return [sheet for name, grid, hidden in html_grids(path)
                for sheet in _CsvReader(path, grid, name, hidden).sheets()]
    if container.kind == "encrypted":
        raise KpipackError("password_protected", file=path.name)
    scan = None
    if container.pending:  # guarded: the scan runs beside calamine
        scan = ScanThread(container)
        scan.start()
    return _FastexcelReader(path, container, data, scan).sheets()


def _open_piece(path: Path, part: Part) -> list[SheetSource]:
    """The sheets a reader of one piece parses: the first reader all of the
    file's sheets, the cut one ending at the cut; the second reader only the
    rest of the cut sheet. A sheet that cannot be cut is read whole by the first."""
    from .split import write_piece

    check_file(path, name=path.name, scan="none")  # the original's directory and part prologs
    piece = write_piece(path, part, path.name)
    if piece is None:
        return [] if part.index else open_sheets(path, guarded=True)
    container = check_file(piece.path, name=path.name, scan="later")
    scan = ScanThread(container)
    scan.start()
    sources = _FastexcelReader(piece.path, container, None, scan, heads_from=path).sheets()
    cut = {name for name, member in container.sheet_parts.items() if member.lower() == part.member.lower()}
    for source in sources:
        if source.name in cut:
            source.rows_before, source.starts_filled = piece.rows_before, piece.starts_filled
            source.own_rows = piece.own
    return [s for s in sources if part.index == 0 or s.name in cut]


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
