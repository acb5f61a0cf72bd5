"""The first rows of each sheet of an xlsx/xlsm package, streamed from its XML.

calamine parses a whole sheet even when asked for a few rows; header
detection needs only the top of each sheet, so it is read here directly:
the sheet XML up to the last wanted row, and the shared strings only as far
as the highest index those rows use.
"""
from __future__ import annotations

import datetime as _dt
import re
import zipfile
from dataclasses import dataclass, field
from functools import partial

from defusedxml.ElementTree import iterparse as _defused_iterparse

# A part that declares a DTD is refused outright (no entities, no external references).
iterparse = partial(_defused_iterparse, forbid_dtd=True)

_REF = re.compile(r"([A-Z]+)(\d+)")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass
class SheetHead:
    name: str
    hidden: bool
    rows: list[list[object]]  # rows[0] is sheet row 1; rows[i][0] is column A
    currencies: dict[int, str] = field(default_factory=dict)  # column -> the currency its numbers' format shows


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@dataclass
class WorkbookSheet:
    name: str
    hidden: bool
    part: str  # the sheet's XML part in the package


LEAD_ROWS = 1000  # blank rows a preview looks past for the first row holding something


def _part(zf: zipfile.ZipFile, name: str) -> str | None:
    """A part's name as stored: part names are case-insensitive in a package."""
    names = {n.replace("\\", "/").lower(): n for n in zf.namelist()}
    return names.get(name.lower())


def sheet_heads(path, n_rows: int) -> list[SheetHead]:
    """The top of each sheet: from row 1 to `n_rows` rows past the first row
    holding something (within the first LEAD_ROWS rows)."""
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        sheets = [(s.name, s.hidden, s.part) for s in workbook_sheets(zf)]
        heads, wanted = [], set()
        raw = []
        for name, hidden, part in sheets:
            cells = _sheet_cells(zf, part, n_rows) if part in names else {}
            raw.append((name, hidden, cells))
            wanted |= {v for (kind, v) in cells.values() if kind == "s"}
        sst = _part(zf, "xl/sharedStrings.xml")
        strings = _shared_strings(zf, max(wanted) if wanted else -1, sst) if sst else {}
        dated, money = _cell_styles(zf)
        epoch = _EPOCH_1904 if dated and is_1904(zf) else _EPOCH_1900
        for name, hidden, cells in raw:
            width = max((c for (_, c) in cells), default=-1) + 1
            height = max((r for (r, _) in cells), default=-1) + 1
            rows = [[None] * width for _ in range(height)]
            shown: dict[int, dict[str, int]] = {}  # column -> currency -> cells whose format shows it
            for (r, c), (kind, value) in cells.items():
                if kind == "d":  # a number in a date format: the date it shows, as the sheet's reader gives it
                    serial, style = value
                    value = epoch + _dt.timedelta(days=serial) if style in dated and 0 <= serial < 2_958_466 \
                        else serial
                    kind = "v"
                    if style in money:
                        shown.setdefault(c, {}).setdefault(money[style], 0)
                        shown[c][money[style]] += 1
                rows[r][c] = strings.get(value) if kind == "s" else value
            currencies = {c: max(tally, key=tally.get) for c, tally in shown.items()}
            heads.append(SheetHead(name, hidden, rows, currencies))
    return heads


def workbook_sheets(zf: zipfile.ZipFile) -> list[WorkbookSheet]:
    """The workbook's sheets in order, with their visibility and XML part."""
    rels = {}
    with zf.open(_part(zf, "xl/_rels/workbook.xml.rels") or "xl/_rels/workbook.xml.rels") as fh:
        for _, el in iterparse(fh):
            if _local(el.tag) == "Relationship":
                target = el.get("Target", "").lstrip("/")
                target = target if target.startswith("xl/") else "xl/" + target
                rels[el.get("Id")] = _part(zf, target) or target
    out = []
    with zf.open(_part(zf, "xl/workbook.xml") or "xl/workbook.xml") as fh:
        for _, el in iterparse(fh):
            if _local(el.tag) == "sheet":
                rid = el.get(f"{_NS_REL}id") or next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
                out.append(WorkbookSheet(el.get("name", ""), el.get("state", "visible") != "visible",
                                         rels.get(rid, "")))
    return out


def is_1904(zf: zipfile.ZipFile) -> bool:
    """Whether the workbook counts date serials from 1904 (old Mac Excel)."""
    with zf.open(_part(zf, "xl/workbook.xml") or "xl/workbook.xml") as fh:
        for _, el in iterparse(fh):
            if _local(el.tag) == "workbookPr":
                return el.get("date1904", "0").lower() in ("1", "true")
    return False


def _sheet_cells(zf: zipfile.ZipFile, part: str, n_rows: int) -> dict[tuple[int, int], tuple[str, object]]:
    cells: dict[tuple[int, int], tuple[str, object]] = {}
    last = LEAD_ROWS + n_rows  # moved to n_rows past the first row holding something, once found
    with zf.open(part) as fh:
        row_no, col_no = 0, -1
        for event, el in iterparse(fh, events=("start", "end")):
            tag = _local(el.tag)
            if event == "start":
                if tag == "row":
                    row_no, col_no = int(el.get("r") or row_no + 1), -1
                    if row_no > last:
                        break
                continue
            if tag == "c":
                # a cell without a reference follows the one before it (some writers omit r)
                match = _REF.fullmatch(el.get("r", ""))
                if match:
                    row_no, col_no = int(match.group(2)), _col_index(match.group(1))
                else:
                    col_no += 1
                if row_no > last:
                    break
                value = _cell_value(el)
                if value is not None and row_no >= 1:
                    cells[(row_no - 1, col_no)] = value
                    if len(cells) == 1:
                        last = row_no + n_rows - 1
                el.clear()
            elif tag == "row":
                el.clear()
    return cells


def _cell_value(el) -> tuple[str, object] | None:
    kind = el.get("t", "n")
    if kind == "inlineStr":
        text = "".join(t.text or "" for t in el.iter() if _local(t.tag) == "t")
        return ("v", text) if text else None
    v = next((c.text for c in el if _local(c.tag) == "v"), None)
    if v is None:
        return None
    if kind == "s":
        return ("s", int(v))
    if kind in ("str", "e"):
        return ("v", v)
    if kind == "b":
        return ("v", v == "1")
    try:
        number = float(v)
    except ValueError:
        return ("v", v)
    style = el.get("s")
    return ("d", (number, int(style))) if style and style.isdigit() and style != "0" else ("v", number)


_EPOCH_1900 = _dt.datetime(1899, 12, 30)  # Excel's day 0 (its 1900 leap-day bug included)
_EPOCH_1904 = _dt.datetime(1904, 1, 1)
# Excel's built-in number formats that show a date: 14-17 and 22 (18-21 are times alone), and in CJK
# locales 27-31, 34-36 and 50-58 (32 and 33 are times: h"時"mm"分")
_DATE_FORMAT_IDS = {14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36} | set(range(50, 59))
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _cell_styles(zf: zipfile.ZipFile) -> tuple[set[int], dict[int, str]]:
    """The cell styles (indexes into styles.xml's cellXfs) whose number format
    shows a date: built-in date formats, and custom ones naming a year or a
    day (yyyy/m/d, d-mmm-yy; not a time alone, nor text in quotes); and those
    whose format shows a currency ("$"#,##0.00, [$€-407]), with its ISO code."""
    from .currency_marks import currency_of_format

    part = _part(zf, "xl/styles.xml")
    if part is None:
        return set(), {}
    custom: dict[int, str] = {}
    out: set[int] = set()
    money: dict[int, str] = {}
    index, in_xfs = 0, False
    with zf.open(part) as fh:
        for event, el in iterparse(fh, events=("start", "end")):
            tag = _local(el.tag)
            if tag == "numFmt" and event == "end":
                custom[int(el.get("numFmtId", "-1"))] = el.get("formatCode", "")
            elif tag == "cellXfs":
                in_xfs = event == "start"
            elif tag == "xf" and in_xfs and event == "end":
                fmt = int(el.get("numFmtId", "0"))
                code = _QUOTED.sub("", custom.get(fmt, "")).lower()
                if fmt in _DATE_FORMAT_IDS or ("y" in code or "d" in code):
                    out.add(index)
                elif (currency := currency_of_format(custom.get(fmt, ""))) is not None:
                    money[index] = currency
                index += 1
    return out, money


def _shared_strings(zf: zipfile.ZipFile, last: int, part: str = "xl/sharedStrings.xml") -> dict[int, str]:
    out: dict[int, str] = {}
    if last < 0:
        return out
    with zf.open(part) as fh:
        index = 0
        for _, el in iterparse(fh):
            if _local(el.tag) == "si":
                out[index] = "".join(t.text or "" for t in el.iter()
                                     if _local(t.tag) == "t" and not _in_phonetic(el, t))
                el.clear()
                index += 1
                if index > last:
                    break
    return out


def _in_phonetic(si, t) -> bool:
    """Furigana (<rPh>) runs are not part of the cell's text."""
    for rph in si:
        if _local(rph.tag) == "rPh" and any(x is t for x in rph.iter()):
            return True
    return False
