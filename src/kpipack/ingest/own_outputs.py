"""kpipack's own workbooks found among the inputs.

Last month's pack left in the input folder is not data: read as input, its
Finance sheet would count as finance again, its Trends as budget and its
stock-take pages as counts. Every workbook kpipack writes carries a custom
document property saying what it is (written by `report.marks.mark_output`);
packs and order lists are skipped with a note, count sheets are read (they
come back filled in for the stock-take). A pack written before the property
existed is known by its description ("kpipack") and its first and audit
sheets.
"""
from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

PROPERTY = "kpipack-output"
NOT_INPUTS = ("pack", "orders")  # kinds skipped as inputs; "count_sheet" is read
# the first and the audit sheet of every pack layout, in both languages (report.labels "cover", "quality")
PACK_SHEETS = ({"Cover", "表紙"}, {"Data quality", "データ品質"})
_PART_LIMIT = 1 << 20  # document parts larger than this are not kpipack's
_PROPERTY = re.compile(r'<property\b[^>]*\bname="([^"]*)"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>', re.S)
_DESCRIPTION = re.compile(r"<dc:description>([^<]*)</dc:description>")
_SHEET = re.compile(r'<sheet\b[^>]*\bname="([^"]*)"')


def own_output(path: Path) -> str | None:
    """What kind of kpipack output the file is ('pack', 'orders', 'count_sheet'),
    or None for anything else (or a file that cannot be looked into)."""
    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            custom = _part(zf, "docProps/custom.xml")
            for name, value in _PROPERTY.findall(custom):
                if html.unescape(name) == PROPERTY:
                    return html.unescape(value).strip()
            found = _DESCRIPTION.search(_part(zf, "docProps/core.xml"))
            if not found or html.unescape(found.group(1)).strip() != "kpipack":
                return None
            sheets = {html.unescape(s) for s in _SHEET.findall(_part(zf, "xl/workbook.xml"))}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, RuntimeError, NotImplementedError):
        return None
    return "pack" if all(names & sheets for names in PACK_SHEETS) else None


def _part(zf: zipfile.ZipFile, name: str) -> str:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return ""
    if info.file_size > _PART_LIMIT:
        return ""
    with zf.open(info) as fh:
        return fh.read(_PART_LIMIT).decode("utf-8", "replace")
