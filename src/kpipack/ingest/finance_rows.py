"""One finance figure per store (or the company), month and field.

The engine adds a month's finance rows together, which is right for the
rows of one sheet (a long P&L's lines of one account) and wrong for the same
month given again in another sheet or file, in either shape: a wide company
sheet (年月 | 販管費 | 当期純利益 …) beside long lines (年月 | 勘定科目 | 金額),
or last month's file beside its revision. So, as for budgets
(`budget_rows`), taking sheets in input order:

- a later sheet's figure equal to an earlier one counts once: its rows are
  rejected naming the first, with one note on the sheet;
- a figure given again with another value is set aside in both places (the
  month's figure stays empty) and each row names the other, with a warning.

A wide row holds several fields: a row all of whose figures went is a
rejected row; a row that keeps some is used, with a note on the rest.
Rows read twice whole (an xlsx and its csv) are taken out before
(`row_repeats`).
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..errors import Issue
from .finance_lines import FIELDS
from .store_rows import same_value, shown, store_key


def one_figure_per_month(sheets: list) -> list:
    """The finance sheets with figures repeated or contradicted in an earlier sheet set aside, each said."""
    first: dict[tuple, tuple[int, list[int], float]] = {}  # key -> (sheet, its positions, its figure)
    drop: dict[int, dict[int, dict[str, tuple]]] = {}  # sheet -> position -> field -> (code, row, other, was, value)

    def reject(n: int, positions: list[int], fld: str, code: str, m: int, at: int, was, value) -> None:
        where = (int(sheets[m].table["_row"].iat[at]), f"{sheets[m].file} [{sheets[m].sheet}]")
        for pos in positions:
            drop.setdefault(n, {}).setdefault(pos, {}).setdefault(fld, (code, *where, was, value))

    for n, sheet in enumerate(sheets):
        for key, positions, value in _figures(sheet):
            if key not in first:
                first[key] = (n, positions, value)
                continue
            m, earlier, was = first[key]
            if same_value(was, value):
                reject(n, positions, key[2], "row_finance_repeat", m, earlier[0], was, value)
            else:
                reject(n, positions, key[2], "row_finance_conflict", m, earlier[0], was, value)
                reject(m, earlier, key[2], "row_finance_conflict", n, positions[0], value, was)
    return [_without(sheet, drop[n]) if n in drop else sheet for n, sheet in enumerate(sheets)]


def _figures(sheet) -> list[tuple[tuple, list[int], float]]:
    """(store key, month, field), the table positions giving it and their sum, per figure of a finance sheet."""
    table = sheet.table
    fields = [f for f in FIELDS if f in table.columns]
    if sheet.role != "finance" or table.empty or "month" not in table.columns or not fields:
        return []
    stores = table["store"] if "store" in table.columns else pd.Series([None] * len(table), index=table.index)
    keys = pd.DataFrame({"store": [None if pd.isna(s) else store_key(str(s)) for s in stores],
                         "month": table["month"].astype("string").to_numpy()})
    found = []
    for fld in fields:
        values = pd.to_numeric(table[fld], errors="coerce").reset_index(drop=True)
        given = keys[values.notna().to_numpy() & keys["month"].notna().to_numpy()]
        for (store, month), group in given.groupby(["store", "month"], dropna=False, sort=False):
            found.append(((None if pd.isna(store) else store, str(month), fld), group.index.tolist(),
                          float(values[group.index].sum())))
    return found


def _without(sheet, drop: dict[int, dict[str, tuple]]):
    """The sheet with its set-aside figures blanked: a row left with none is rejected (one message), a row
    keeping some is used with a note."""
    table = sheet.table.reset_index(drop=True).copy()
    fields = [f for f in FIELDS if f in table.columns]
    issues, warnings, gone, repeats = list(sheet.issues), [], [], 0
    for pos, cells in sorted(drop.items()):
        for fld in cells:
            table.at[pos, fld] = float("nan")
        row = int(table["_row"].iat[pos])
        store = table["store"].iat[pos] if "store" in table.columns else None
        empty = table.loc[pos, fields].isna().all()
        for code in ("row_finance_conflict", "row_finance_repeat"):
            named = [f for f, said in cells.items() if said[0] == code]
            if not named:
                continue
            _, first, other, was, value = cells[named[0]]
            issue = Issue(sheet.file, sheet.sheet, row, code, {
                "fields": ",".join(named), "month": str(table["month"].iat[pos]),
                "store": "" if store is None or pd.isna(store) else f" {store}", "first": first, "other": other,
                "was": ", ".join(shown(cells[f][3]) for f in named),
                "value": ", ".join(shown(cells[f][4]) for f in named)})
            (issues if empty and row not in gone else warnings).append(issue)
            if empty and row not in gone:
                gone.append(row)
            repeats += code == "row_finance_repeat"
    notes = [Issue(sheet.file, sheet.sheet, 0, "note_repeat_finance", {"rows": f"{repeats:,}"})] if repeats else []
    conflicts = sorted({(str(table["month"].iat[p]), f) for p, cells in drop.items() for f, said in cells.items()
                        if said[0] == "row_finance_conflict"})
    notes += [Issue(sheet.file, sheet.sheet, 0, "warn_finance_set_aside", {"month": month, "field": fld})
              for month, fld in conflicts]
    kept = table[~table["_row"].isin(gone)].reset_index(drop=True)
    aside = [(p, f) for p, cells in drop.items() for f, said in cells.items() if said[0] == "row_finance_conflict"]
    if aside:  # a store's figure set aside leaves the company's total of it unknown: the engine is told
        marked = table.iloc[[p for p, _ in aside]].assign(**{f: float("nan") for f in fields})
        kept = pd.concat([kept, marked.assign(_set_aside=[f for _, f in aside])], ignore_index=True)
    return replace(sheet, table=kept, issues=issues, warnings=notes + list(sheet.warnings) + warnings,
                   rows_used=sheet.rows_used - len(gone))
