"""Rows of a stock, traffic or finance table read twice: the same export saved
as xlsx and as csv, a workbook's sheet pasted into another, two downloads
whose periods overlap. Each row counts once, and every row left out is
listed.

A row of a later sheet (of the same file or another, taken in the order
given) is a repeat when an earlier sheet of the same table holds the same
row: the same values in every column, compared as in `repeats` (numbers as
a file keeps them, codes without leading zeros). Only sheets read into the
same columns are compared: a sheet by store and one for the company are
different rows even where their figures meet. Rows
are matched one to one: a row written twice in the earlier sheet and three
times in the later one leaves one of the three. Sheets are compared only
when they share a date or month column and a figure, so two stores' or two
months' files never meet. Identical rows inside one sheet stay (two receipts
of the same goods on one day are two receipts).

Sales have their own rule (whole receipts, `repeats`); the store master
(`store_rows`) and budgets (`budget_rows`) are keyed tables with theirs.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..errors import Issue
from .headers import NUMBER_FIELDS
from .repeats import line_hashes

ROLES = ("traffic", "finance", "inventory", "stocktake", "receipts", "adjustments", "purchase_orders", "survey")
WHEN = {"date", "month", "order_date"}


def drop_repeated_rows(sheets: list) -> list:
    """The sheets with rows read before (in another sheet of their table)
    taken out as rejected rows, with a note on each sheet per source."""
    out = list(sheets)
    for role in ROLES:
        places = [i for i, s in enumerate(out) if s.role == role and len(s.table)]
        for n, j in enumerate(places):
            for i in places[:n]:
                out[j] = _without_repeats_of(out[i], out[j])
    return out


def _without_repeats_of(earlier, later):
    a, b = earlier.table, later.table
    common = [c for c in a.columns if not c.startswith("_")]
    if set(common) != {c for c in b.columns if not c.startswith("_")} or not WHEN & set(common) \
            or not NUMBER_FIELDS & set(common):
        return later  # another shape (a company sheet beside one by store): other rows, even where values meet
    ka, kb = _occurrences(line_hashes(a, common)), _occurrences(line_hashes(b, common))
    first = pd.Series(a["_row"].to_numpy(), index=pd.MultiIndex.from_arrays(ka))
    found = pd.MultiIndex.from_arrays(kb).isin(first.index)
    if not found.any():
        return later
    source = f"{earlier.file} [{earlier.sheet}]"
    other = f"[{earlier.sheet}]" if earlier.file == later.file else source  # a row names the sheet, the note the file
    rows = b["_row"].to_numpy()[found]
    first_rows = first.reindex(pd.MultiIndex.from_arrays([kb[0][found], kb[1][found]])).to_numpy()
    issues = list(later.issues) + [Issue(later.file, later.sheet, int(r), "row_repeat_row",
                                         {"first": int(f), "other": other}) for r, f in zip(rows, first_rows)]
    summary = Issue(later.file, later.sheet, 0, "note_repeat_rows", {"rows": f"{len(rows):,}", "other": source})
    return replace(later, table=b[~found].reset_index(drop=True), issues=issues,
                   warnings=[summary] + list(later.warnings), rows_used=later.rows_used - len(rows))


def _occurrences(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(hash, how many times it came before in the sheet) per row: the second of
    two identical rows matches only a second one elsewhere."""
    return hashes, pd.Series(hashes).groupby(hashes).cumcount().to_numpy()
