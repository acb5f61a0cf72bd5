"""Web-page tables saved under a spreadsheet name (web POS systems and
back-offices export their ".xls" this way; so does Excel's "web page" save).

Each <table> becomes a sheet, read by pandas.read_html with lxml: merged
cells (colspan/rowspan) fill every cell they cover, as a merged area reads in
a workbook. Every cell is kept as text — read_html would otherwise turn
`001` into 1 and `1,000` into 1000 before the importer's own cleaning —
by reading header cells as body cells and marking each cell as text first.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from ..errors import KpipackError
from .text_files import decode_text

_TEXT_MARK = "\ue000"  # put before every cell's text so none is parsed as a number; taken off after
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none", re.I)


def html_grids(path: Path) -> list[tuple[str, list[list[str | None]], set[int]]]:
    """(sheet name, rows of cells, rows hidden) for each table of the page
    that holds a value; a cell is its text with spaces trimmed, or None when
    empty. Rows hidden by their style (display:none, as Excel saves a filtered
    sheet) are read and named, as a workbook's hidden rows are."""
    import lxml.html
    import pandas as pd

    text = _XML_DECLARATION.sub("", decode_text(path.read_bytes(), path.name, html=True), count=1)
    try:
        page = lxml.html.document_fromstring(text)
    except Exception as exc:  # noqa: BLE001 - lxml raises several types on a page it cannot parse
        raise KpipackError("file_unreadable", file=path.name, detail=str(exc)[:160]) from exc
    for part in page.iter("thead", "tfoot"):
        part.tag = "tbody"  # header and footer rows are rows of the grid: the importer finds the header
    for cell in page.iter("th", "td"):
        cell.tag = "td"
        cell.text = _TEXT_MARK + (cell.text or "")
    hidden_rows = [{n for n, row in enumerate(table.iter("tr"), 1) if _HIDDEN.search(row.get("style") or "")}
                   for table in page.iter("table")]
    if not any(True for _ in page.iter("table")):
        raise KpipackError("no_data", file=path.name)
    try:
        frames = pd.read_html(io.StringIO(lxml.html.tostring(page, encoding="unicode")), flavor="lxml",
                              header=None, thousands=None, keep_default_na=False, na_values=[],
                              displayed_only=False)
    except ValueError:  # tables without a single cell
        raise KpipackError("no_data", file=path.name) from None
    grids = []
    for frame, hidden in zip(frames, hidden_rows):
        rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
        if any(v is not None for row in rows for v in row):
            grids.append((rows, hidden if len(frames) == len(hidden_rows) else set()))
    if not grids:
        raise KpipackError("no_data", file=path.name)
    stem = path.stem
    return [(stem if len(grids) == 1 else f"{stem} ({n})", rows, hidden) for n, (rows, hidden) in enumerate(grids, 1)]


def _cell(value) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.replace(_TEXT_MARK, "").split())  # a page's line breaks and runs of spaces are layout
    return text or None
