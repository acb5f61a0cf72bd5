"""Headers written on two rows: a group row of merged cells above the field
names, as many back-office exports and hand-made workbooks have

    日付 | 店舗 | 売上 |      | 原価 |
         |      | 数量 | 金額 | 数量 | 金額

Read from either row alone, columns are lost or, worse, taken for what they
are not (the group "売上" over the quantity column read as the amount). The
two rows are read together: under a merged group its label is carried to
every column of the group; a column blank below takes the label above
(merged down); otherwise the group and the name joined ("原価" + "金額" =
"原価金額", the cost) are taken when they name a field, else the name alone.
The pair is used when it maps more columns than the row found alone."""
from __future__ import annotations

from .headers import classify, fields_for, normalise


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _filled(row: list) -> list[bool]:
    return [bool(_text(v)) for v in row]


def combined_headers(upper: list, lower: list) -> tuple[list[str], list[int]]:
    """One header per column from a group row and a name row, and the columns
    whose header is the two joined without naming any field."""
    width = max(len(upper), len(lower))
    upper = list(upper) + [None] * (width - len(upper))
    lower = list(lower) + [None] * (width - len(lower))
    groups, current = [], ""
    for col in range(width):
        above, below = _text(upper[col]), _text(lower[col])
        if above:
            current = above
        elif not below:
            current = ""  # a blank column ends a group
        groups.append(above or (current if below else ""))
    out, unnamed = [], []
    for col in range(width):
        group, name = groups[col], _text(lower[col])
        if not name:
            out.append(group)
        elif not group:
            out.append(name)
        elif fields_for(group + name):
            out.append(group + name)
        elif fields_for(name) and not (set(fields_for(group)) - set(fields_for(name))):
            out.append(name)  # under a group that names no other field ("商品情報" over "商品名")
        else:
            out.append(f"{group} {name}")
            unnamed.append(col)
    return out, unnamed


def _mapped(headers: list[str], sheet_name: str) -> int:
    sheet_map = classify(headers, sheet_name)
    return len(sheet_map.columns) if sheet_map.role else 0


def two_row_header(preview: list[list], header_row: int, sheet_name: str) -> tuple[int, list[str], list[int]] | None:
    """(the lower header row, the combined headers, the columns left unnamed)
    when the row found and its neighbour form a two-row header that maps more
    columns than the row alone; None otherwise."""
    alone = ["" if v is None else str(v) for v in preview[header_row]]
    best = _mapped(alone, sheet_name)
    found = None
    for top in (header_row - 1, header_row):
        if top < 0 or top + 1 >= len(preview):
            continue
        upper, lower = preview[top], preview[top + 1]
        above, below = _filled(upper), _filled(lower)
        # a group row leaves cells blank where the names below go on (merged across), or
        # names sit below only part of the row above (merged down)
        if not any(a and not b for a, b in zip(above, below)) and not any(b and not a for a, b in zip(above, below)):
            continue
        if sum(1 for v in lower if _text(v) and fields_for(v)) == 0:
            continue
        headers, unnamed = combined_headers(upper, lower)
        score = _mapped(headers, sheet_name)
        if score > best:
            best, found = score, (top + 1, headers, unnamed)
    return found


def unnamed_headers(headers: list[str], columns: list[int]) -> str:
    return ", ".join(headers[c] for c in columns if normalise(headers[c]))
