"""One row per store in the store master.

A store master is one row per store; the engine adds up floor areas per
store, so a store written twice (a master pasted twice, or given in two
files) would count its floor area twice and halve its sales per 坪. So:

- a row that repeats an earlier row of the same store exactly (every column
  read) is a rejected row naming the first ("counted once, there");
- a row that names the same store with another value (another floor area,
  name or region) is rejected too, and the values in conflict are left empty
  on the first row: the master says two things and neither is guessed at (the
  KPIs needing them stay empty; the message says which rows to correct).

Rows are taken in input order (files as given, sheets in order).
"""
from __future__ import annotations

import unicodedata
from dataclasses import replace

import pandas as pd

from ..errors import Issue


def one_row_per_store(sheets: list) -> list:
    """The sheets with the store master's repeated or conflicting store rows rejected."""
    first: dict[str, tuple[int, int]] = {}  # store -> (sheet index, table position)
    rejected: dict[int, dict[int, Issue]] = {}  # sheet index -> table position -> issue
    blanked: dict[int, dict[int, set[str]]] = {}  # sheet index -> table position -> fields left empty
    for n, sheet in enumerate(sheets):
        if sheet.role != "stores" or "store" not in sheet.table.columns:
            continue
        table = sheet.table
        fields = [c for c in table.columns if not c.startswith("_")]
        for pos in range(len(table)):
            store = table["store"].iat[pos]
            if pd.isna(store):
                continue
            if store not in first:
                first[store] = (n, pos)
                continue
            m, at = first[store]
            before = sheets[m].table
            where = {"store": str(store), "first": int(before["_row"].iat[at]),
                     "other": f"{sheets[m].file} [{sheets[m].sheet}]"}
            differ = [f for f in fields if f in before.columns and not same_value(before[f].iat[at], table[f].iat[pos])]
            if not differ:
                rejected.setdefault(n, {})[pos] = Issue(sheet.file, sheet.sheet, int(table["_row"].iat[pos]),
                                                        "row_store_repeat", where)
                continue
            fld = "floor_area" if "floor_area" in differ else differ[0]
            rejected.setdefault(n, {})[pos] = Issue(
                sheet.file, sheet.sheet, int(table["_row"].iat[pos]), "row_store_conflict",
                dict(where, field=fld, was=shown(before[fld].iat[at]), value=shown(table[fld].iat[pos])))
            blanked.setdefault(m, {}).setdefault(at, set()).update(f for f in differ if f not in ("store",))
    if not rejected and not blanked:
        return sheets
    out = []
    for n, sheet in enumerate(sheets):
        if n not in rejected and n not in blanked:
            out.append(sheet)
            continue
        table = sheet.table.copy()
        for pos, fields in blanked.get(n, {}).items():
            for fld in fields:
                table.iloc[pos, table.columns.get_loc(fld)] = None
        drop = rejected.get(n, {})
        keep = [pos not in drop for pos in range(len(table))]
        out.append(replace(sheet, table=table[keep].reset_index(drop=True),
                           issues=list(sheet.issues) + list(drop.values()), rows_used=sheet.rows_used - len(drop)))
    return out


def same_value(a, b) -> bool:
    if pd.isna(a) and pd.isna(b):
        return True
    if pd.isna(a) or pd.isna(b):
        return False
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return str(a).strip() == str(b).strip()


def shown(value) -> str:
    if pd.isna(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    return str(value)


def store_key(code: str) -> str:
    """What two spellings of one store code share: the number of a numeric
    code ('001' and '1'), else the code in one width and case ('S01', 's01',
    'Ｓ０１')."""
    code = unicodedata.normalize("NFKC", code).strip()
    return str(int(code)) if code.isdigit() else code.casefold()
