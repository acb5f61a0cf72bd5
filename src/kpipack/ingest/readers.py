"""Open a workbook or CSV and hand out its sheets as raw grids.

Spreadsheets are read with calamine through fastexcel (Arrow); CSV with pandas.
A sheet is previewed (the first rows, for header detection) and then loaded
with only the columns that were mapped, each with the type it needs.
"""
from __future__ import annotations

import contextlib
import csv
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import KpipackError
from .xlsx_head import sheet_heads

PREVIEW_ROWS = 30
SPREADSHEET_KINDS = ("xlsx", "xls", "ods", "xlsb")


def sniff(path: Path) -> str:
    """The file's real kind from its first bytes: xlsx, xlsb, ods, xls, ole, csv."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        raise KpipackError("file_empty", file=path.name)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise KpipackError("truncated", file=path.name) from exc
        if "mimetype" in names or "content.xml" in names:
            return "ods"
        if "xl/workbook.bin" in names:
            return "xlsb"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        raise KpipackError("not_spreadsheet", file=path.name)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"  # legacy xls, or an encrypted OOXML package
    return "csv"


@dataclass
class SheetSource:
    """One sheet of one file: what the importer needs, whatever the format."""

    file: Path
    name: str
    hidden: bool
    first_row: int  # sheet row of preview()[0] (1: previews start at the sheet's first row)
    _reader: object
    _index: int | str

    def preview(self) -> list[list[object]]:
        return self._reader.preview(self._index)

    def load(self, header_row: int, columns: list[int], text_columns: set[int]) -> pd.DataFrame:
        """Rows below `header_row` (an index into preview()), columns by index.
        The frame's index is the 1-based sheet row number of each line."""
        frame = self._reader.load(self._index, header_row, columns, text_columns)
        frame.index = range(self.first_row + header_row + 1, self.first_row + header_row + 1 + len(frame))
        return frame


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


class _FastexcelReader:
    def __init__(self, path: Path, kind: str, data: bytes | None = None):
        import fastexcel  # deferred: heavy

        self.path = path
        self.kind = kind
        self.book = fastexcel.read_excel(data if data is not None else str(path))
        self._data = data

    def sheets(self) -> list[SheetSource]:
        self._heads = {}
        if self.kind == "xlsx" and self._data is None:
            try:
                self._heads = {h.name: h for h in sheet_heads(self.path, PREVIEW_ROWS)}
            except Exception:  # noqa: BLE001 - an odd package: fall back to calamine's own preview
                self._heads = {}
        out = []
        for name in self.book.sheet_names:
            head = self._heads.get(name)
            if head is not None:
                hidden = head.hidden
            else:
                with _quiet_stderr():
                    sheet = self.book.load_sheet(name, header_row=None, n_rows=1, dtypes="string")
                hidden = getattr(sheet, "visible", "visible") != "visible"
            out.append(SheetSource(self.path, name, hidden, 1, self, name))
        return out

    def preview(self, name) -> list[list[object]]:
        """The top rows; rows[0] is sheet row 1 and column i is the sheet's column i (A = 0)."""
        head = self._heads.get(name)
        if head is not None:
            return head.rows
        # skip_rows=0 starts at sheet row 1, the origin that load()'s skip_rows counts from
        with _quiet_stderr():
            sheet = self.book.load_sheet(name, header_row=None, skip_rows=0, n_rows=PREVIEW_ROWS, dtypes="string")
            frame = sheet.to_pandas()
        offset = min((c.absolute_index for c in sheet.selected_columns), default=0)
        return [[None] * offset + [None if pd.isna(v) else v for v in row] for row in frame.itertuples(index=False)]

    def load(self, name, header_row, columns, text_columns) -> pd.DataFrame:
        """One read of the sheet: only the mapped columns (absolute indexes), codes as text."""
        if not columns:
            return pd.DataFrame()
        wanted = set(columns)
        dtypes = {c: "string" for c in text_columns if c in wanted}
        # header_row=None: header names may repeat; the header row is skipped by count
        with _quiet_stderr():
            sheet = self.book.load_sheet(name, header_row=None, skip_rows=header_row + 1,
                                         use_columns=lambda col: col.absolute_index in wanted,
                                         dtypes=dtypes or None, schema_sample_rows=None)
            frame = sheet.to_pandas()
        frame.columns = [c.absolute_index for c in sheet.selected_columns]
        return frame


class _CsvReader:
    ENCODINGS = ("utf-8-sig", "cp932", "latin-1")

    def __init__(self, path: Path):
        raw = path.read_bytes()
        if b"\x00" in raw[:4096]:
            raise KpipackError("not_spreadsheet", file=path.name)
        for encoding in self.ENCODINGS:
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        try:
            dialect = csv.Sniffer().sniff(text[:65536], delimiters=",;\t|")
            sep = dialect.delimiter
        except csv.Error:
            sep = ","
        self.path = path
        self.frame = pd.read_csv(io.StringIO(text), sep=sep, header=None, dtype=str, keep_default_na=False,
                                 skip_blank_lines=False, engine="python" if sep != "," else "c",
                                 on_bad_lines="skip")
        self.frame = self.frame.replace("", None)

    def sheets(self) -> list[SheetSource]:
        return [SheetSource(self.path, self.path.stem, False, 1, self, 0)]

    def preview(self, index) -> list[list[object]]:
        head = self.frame.head(PREVIEW_ROWS)
        return [[None if pd.isna(v) else v for v in row] for row in head.itertuples(index=False)]

    def load(self, index, header_row, columns, text_columns) -> pd.DataFrame:
        frame = self.frame.iloc[header_row + 1:, columns].copy()
        frame.columns = columns
        return frame.reset_index(drop=True)


def open_sheets(path: Path, data: bytes | None = None) -> list[SheetSource]:
    """Every sheet of a file. `data` holds decrypted bytes of a protected file."""
    kind = sniff(path) if data is None else ("xlsx" if data[:2] == b"PK" else "xls")
    if kind == "csv":
        return _CsvReader(path).sheets()
    if kind == "ole":
        kind = "xls"
    try:
        return _FastexcelReader(path, kind, data).sheets()
    except KpipackError:
        raise
    except Exception as exc:  # noqa: BLE001 - calamine raises many types; the message names them
        raise KpipackError("file_unreadable", file=path.name, detail=_short(exc)) from exc


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
