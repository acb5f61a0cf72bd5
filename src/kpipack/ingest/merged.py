"""Cells merged down a column (a store or a date written once beside the rows
it covers, as reports lay them out): a person reads the value on every row
the merge covers, and so does the importer. The merged ranges come from the
container scan (`safety`, xlsx); only ranges down one column of ids, names
or dates are filled — a merge across columns is a label's layout, and an
amount merged over a receipt's lines is the receipt's, counted once."""
from __future__ import annotations

import pandas as pd

from ..errors import Issue
from . import clean


def fill_merged(raw: pd.DataFrame, problems, columns) -> tuple[pd.DataFrame, list[int], int]:
    """`raw` (index = sheet row, columns = sheet column index) with every blank
    cell of a merge down one of `columns` given the merge's value; the columns
    filled and the number of cells."""
    merged = getattr(problems, "merged", None) or []
    down = [(r1, c, r2) for r1, c, r2, c2 in merged if c == c2 and r2 > r1 and c in columns and c in raw.columns]
    if not down:
        return raw, [], 0
    raw = raw.copy()
    filled_cols: set[int] = set()
    cells = 0
    rows = raw.index
    for r1, col, r2 in down:
        if r1 not in rows:  # a merge starting in the header area holds no value of a line
            continue
        value = raw.at[r1, col]
        if clean.is_blank(pd.Series([value])).iat[0]:
            continue
        covered = rows[(rows > r1) & (rows <= r2)]
        blank = covered[clean.is_blank(raw.loc[covered, col]).to_numpy(dtype=bool)]
        if len(blank):
            raw[col] = raw[col].where(~rows.isin(blank), value)  # where(): the column takes the value's type
            filled_cols.add(col)
            cells += len(blank)
    return raw, sorted(filled_cols), cells


def merged_note(file: str, sheet: str, headers: list[str], cols: list[int], cells: int) -> Issue:
    from xlsxwriter.utility import xl_col_to_name

    names = ", ".join(f"{xl_col_to_name(c)} ({headers[c]})" if c < len(headers) and headers[c] else xl_col_to_name(c)
                      for c in cols)
    return Issue(file, sheet, 0, "note_merged_filled", {"columns": names, "cells": f"{cells:,}"})
