"""The rows an .xls sheet hides and the cells it merges, which calamine (the
parser) does not tell for .xls: read with xlrd, whose formatting pass holds
both (each row's `hidden` flag, the sheet's merged ranges). It parses the
sheet a second time — about 0.7 s of CPU for a full 65,536-row sheet, four
times calamine's read — so it runs only for a sheet that is imported."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from .safety import SheetScan


def with_xls_layout(scan: SheetScan, path: Path, data: bytes | None, sheet: str) -> SheetScan:
    """`scan` with the sheet's hidden rows (1-based) and merged ranges
    ((row, col, last row, last col), rows 1-based, columns 0-based, as the
    xlsx scan gives them). Where xlrd cannot read the file's formatting, the
    scan says so (`unchecked`), and the import says it in words."""
    import xlrd  # deferred: only .xls files need it

    try:
        with open(os.devnull, "w") as quiet:  # xlrd writes notes on odd records to its log
            book = xlrd.open_workbook(file_contents=data if data is not None else Path(path).read_bytes(),
                                      formatting_info=True, on_demand=True, logfile=quiet)
            try:
                found = book.sheet_by_name(sheet)
                hidden = {row + 1 for row, info in found.rowinfo_map.items() if info.hidden}
                merged = [(r1 + 1, c1, r2, c2 - 1) for r1, r2, c1, c2 in found.merged_cells]
            finally:
                book.release_resources()
    except Exception:  # noqa: BLE001 - xlrd raises many types on files calamine reads fine
        return dataclasses.replace(scan, unchecked=".xls")
    return dataclasses.replace(scan, hidden=scan.hidden | hidden, merged=scan.merged + merged)
