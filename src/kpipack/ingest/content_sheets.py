"""Sheets whose headers name too few known fields, read by their values.

A genuine export may head its columns with words no synonym list knows
("Day | Till | Ticket no. | Article | Banked", "取引No | 売上金額(税抜)"), or
with nothing at all (a header-less CSV). Such a sheet is not skipped:

- its **header row** is the first row of text cells standing over columns
  whose cells below are numbers or dates, wide enough not to be a title line;
  a first row that is itself data (numbers and dates where the rows below
  have them) means the file has no header, and its columns are named `#1`,
  `#2` … (the names a `--map` file uses for them);
- its **role** is sales when its values show a column of dates and an amount
  (or a quantity and a price): the columns are read by content (`infer`), and
  the confidence of each decides — every needed column sure enough: read,
  with a warning per column; any in doubt: the app asks, and the command
  line stops naming the column and the `--map` lines that settle it. A
  sheet in doubt beside other sheets that do hold sales lines (a summary next
  to the lines) is skipped with a note saying why and how to read it, since
  stopping there would make a sheet of totals block the month's pack;
- a pivot table (`Row Labels`, `Sum of …`, `行ラベル`, `合計 / …`) is a
  summary, never lines.
"""
from __future__ import annotations

import datetime as _dt
import unicodedata
from statistics import median

from . import infer

SCAN_ROWS = 30  # rows looked at for a header, past the first filled one
BELOW = 10  # rows below a candidate header whose kinds are compared with it
MAX_HEADER = 200
_PIVOT_WORDS = ("row labels", "column labels", "sum of", "count of", "average of", "grand total", "行ラベル",
                "列ラベル", "総計", "合計 / ", "合計/", "個数 / ", "平均 / ")


def _kind(value: object) -> str:
    """'blank', 'value' (a number, a date, a time) or 'text'."""
    if value is None:
        return "blank"
    if isinstance(value, bool):
        return "text"
    if isinstance(value, (int, float, _dt.date, _dt.datetime, _dt.time)):
        return "value"
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return "blank"
    if infer._DATE_TEXT.match(text) or infer._TIME_TEXT.match(text) or infer._as_number(text)[0] is not None:
        return "value"
    return "text"


def header_row(preview: list[list[object]]) -> tuple[int | None, bool]:
    """(index of the header row, False), or (index of the row above the first
    line, True) for a sheet with no header, or (None, False) when no row
    looks like either. For sheets whose header names fewer than two known
    fields (`headers.find_header_row` finds the others)."""
    kinds = [[_kind(v) for v in row] for row in preview]
    start = next((i for i, row in enumerate(kinds) if any(k != "blank" for k in row)), None)
    if start is None:
        return None, False
    for i in range(start, min(start + SCAN_ROWS, len(kinds))):
        row = kinds[i]
        filled = [c for c, k in enumerate(row) if k != "blank"]
        if len(filled) < 2:
            continue
        below = [kinds[j] for j in range(i + 1, min(i + 1 + BELOW, len(kinds)))
                 if sum(k != "blank" for k in kinds[j]) >= 2]
        if len(below) < 2:
            continue
        width = max(len(b) for b in below)
        value_cols = {c for c in range(width)
                      if sum(1 for b in below if c < len(b) and b[c] == "value") >= 0.6 * len(below)}
        if not value_cols:
            continue
        texts = all(row[c] == "text" and len(str(preview[i][c])) <= MAX_HEADER for c in filled)
        if texts and value_cols & set(filled) and len(filled) >= 0.6 * median(
                sum(k != "blank" for k in b) for b in below):
            return i, False
        if value_cols <= set(filled) and all(row[c] == "value" for c in value_cols):
            return i - 1, True  # the row is data like the rows below: the file has no header
    return None, False


def column_names(width: int) -> list[str]:
    """The names of a header-less sheet's columns, as a `--map` file gives them."""
    return [f"#{c + 1}" for c in range(width)]


def is_pivot(headers: list[str], body: list[list[object]]) -> bool:
    """A pivot table's labels in its header or first column: a summary, not lines."""
    cells = list(headers) + [row[0] for row in body[:40] if row]
    text = [unicodedata.normalize("NFKC", str(c or "")).casefold() for c in cells]
    return any(w in t for t in text for w in _PIVOT_WORDS)


def sales_by_values(headers: list[str], sheet_name: str, overrides, body: list[list[object]]):
    """The sheet read as sales lines when its values show dates and an amount
    (`SheetMapping` with `by_values` set and its doubts), else None."""
    from .fit import fits
    from .headers import classify

    rows = [r for r in body if sum(1 for v in r if v not in (None, "")) >= 2]
    if len(rows) < 3 or is_pivot(headers, body) or _names_other_measures(headers):
        return None
    sheet_map = classify(headers, sheet_name, overrides, "sales", body)
    fields = set(sheet_map.columns.values())
    if sheet_map.role != "sales" or not fits("sales", fields):
        return None
    evidence = infer.evaluate(headers, body)
    date = next(c for c, f in sheet_map.columns.items() if f == "date")
    if date in sheet_map.guessed and evidence.from_values(date, "date") < 0.6:
        return None  # dates must show in the values
    amount = next((c for c, f in sheet_map.columns.items() if f == "net_sales"), None)
    if amount in sheet_map.guessed and not infer.money(evidence.facts[amount]):
        return None  # factors, rates, measurements: numbers, but not amounts of money
    sheet_map.by_values = True
    return sheet_map


def _names_other_measures(headers: list[str]) -> bool:
    """A header naming a measure of another table (stock on hand, goods
    received or ordered, visitors, expenses …): whatever its values, the
    sheet is not sales lines."""
    from .headers import NUMBER_FIELDS, ROLE_FIELDS, fields_for

    sales = set(ROLE_FIELDS["sales"])
    return any(f in NUMBER_FIELDS and f not in sales and not (set(fields_for(h)) & sales)
               for h in headers for f in fields_for(h))


def doubt_note(file: str, sheet: str, sheet_map, rows: int):
    """The note on a sheet whose values look like sales but not surely enough:
    what it seems to be and the `--map` lines that would read it."""
    from ..errors import Issue

    params = infer.doubt_params(sheet_map)
    return Issue(file, sheet, 0, infer.doubt_code("sheet_sales_in_doubt", params),
                 params | {"rows": rows, "toml": settle_lines(sheet, sheet_map)})


def settle_lines(sheet: str, sheet_map) -> str:
    """The `--map` lines that read the columns a sheet's role rests on as they
    were guessed: those in doubt and the needed ones read from values."""
    needed = infer.needed(sheet_map.role)
    cols = sorted(set(sheet_map.doubts) | {c for c in sheet_map.guessed if sheet_map.columns[c] in needed})
    return infer.map_lines(sheet, {sheet_map.headers[c]: sheet_map.columns[c] for c in cols})


def deferred_doubt(notes):
    """With no sales line read anywhere: the stop naming every sheet whose
    values looked like sales but not surely enough, the column in doubt in
    each, and one `--map` file that reads them all (None when there is none)."""
    import tomllib

    from ..errors import KpipackError

    doubts = [n for n in notes if n.code in ("sheet_sales_in_doubt", "sheet_sales_in_doubt_rival")]
    if not doubts:
        return None
    if len(doubts) == 1:
        note, p = doubts[0], {k: v for k, v in doubts[0].params.items() if k != "rows"}
        return KpipackError(infer.doubt_code("column_in_doubt", p), file=note.file, sheet=note.sheet, **p)
    sections: dict[str, dict[str, str]] = {}  # two files' sheets of one name share a section of the map
    for note in doubts:
        for sheet, fields in tomllib.loads(note.params["toml"]).items():
            sections.setdefault(sheet, {}).update(fields)
    listing = "\n".join(f"- {n.file} [{n.sheet}]: \"{n.params['column']}\" ~ {n.params['field']} "
                        f"({n.params['confidence']})" + (f" | \"{n.params['rival']}\" ({n.params['rival_confidence']})"
                                                         if "rival" in n.params else "") for n in doubts)
    toml = "\n".join(infer.map_lines(sheet, fields) for sheet, fields in sections.items())
    return KpipackError("sales_in_doubt_sheets", count=len(doubts), listing=listing, toml=toml)
