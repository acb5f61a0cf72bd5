"""Small workbooks made on the spot for the robustness tests: valid sales
sheets, and the same sheets bent into hostile or odd shapes."""
from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
from pathlib import Path

import xlsxwriter

HEADERS = ["date", "store", "receipt", "sku", "product", "qty", "net sales"]


def sales_rows(n: int = 6, start: dt.date = dt.date(2026, 10, 1)) -> list[list]:
    """n valid lines: two stores, amounts 100, 200, ... (sum = 100 * n * (n + 1) / 2)."""
    return [[start + dt.timedelta(days=i % 28), f"S{i % 2 + 1}", f"R{i:04d}", f"SKU{i % 3}", f"item {i % 3}",
             1, 100.0 * (i + 1)] for i in range(n)]


def write_xlsx(path: Path, rows: list[list], headers: list[str] = HEADERS, sheet: str = "sales",
               above: list[list] | None = None, options: dict | None = None, extra_sheets: dict | None = None,
               hidden: set[str] = frozenset()) -> Path:
    """A workbook whose first sheet holds `above` (title rows), the headers, then rows."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         **(options or {})})
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    sheets = {sheet: (rows, headers, above or [])}
    sheets.update(extra_sheets or {})
    for name, (body, head, top) in sheets.items():
        ws = wb.add_worksheet(name)
        r = 0
        for line in top:
            ws.write_row(r, 0, line)
            r += 1
        ws.write_row(r, 0, head)
        for line in body:
            r += 1
            for c, value in enumerate(line):
                if isinstance(value, (dt.date, dt.datetime)):
                    ws.write_datetime(r, c, value, date_format)
                elif value is None:
                    continue
                else:
                    ws.write(r, c, value)
        if name in hidden:
            ws.hide()
    wb.close()
    return path


def rewrite_part(src: Path, dst: Path, part: str, change) -> Path:
    """A copy of the package with one part's bytes changed by `change(bytes) -> bytes`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                data = change(data)
            zout.writestr(info, data)
    return dst


SHEET = "xl/worksheets/sheet1.xml"


def add_row_xml(xml: bytes, row_xml: bytes) -> bytes:
    return xml.replace(b"</sheetData>", row_xml + b"</sheetData>")


def set_dimension(xml: bytes, ref: str) -> bytes:
    return re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml)


def forge_sizes(path: Path, part: str, declared: int) -> Path:
    """Rewrite the uncompressed size a part declares (local header and central directory)."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while True:
            at = data.find(sig, start)
            if at < 0:
                break
            name_at = at + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[at + offset:at + offset + 4] = struct.pack("<I", declared)
            start = at + 4
    path.write_bytes(bytes(data))
    return path


def deflate_bomb(path: Path, megabytes: int) -> Path:
    """A workbook whose sheet part inflates to `megabytes` of blanks: a few hundred KB on disk."""
    src = write_xlsx(path.with_suffix(".src.xlsx"), sales_rows(2))
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename != SHEET:
                zout.writestr(info, data)
                continue
            head, tail = data.split(b"<sheetData>", 1)
            member = zipfile.ZipInfo(SHEET)
            member.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(member, "w", force_zip64=True) as out:
                out.write(head + b"<sheetData>")
                block = b" " * (1 << 20)
                for _ in range(megabytes):
                    out.write(block)
                out.write(tail)
    src.unlink()
    return path


def encrypt(src: Path, dst: Path, password: str) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(src, "rb") as fh, open(dst, "wb") as out:
        OOXMLFile(fh).encrypt(password, out)
    return dst


def csv_bytes(rows: list[list], headers: list[str] = HEADERS, sep: str = ",") -> str:
    out = io.StringIO()
    out.write(sep.join(headers) + "\n")
    for line in rows:
        out.write(sep.join("" if v is None else (v.isoformat() if isinstance(v, dt.date) else str(v))
                           for v in line) + "\n")
    return out.getvalue()
