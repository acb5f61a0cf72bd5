"""One budget per store, month and KPI.

The engine adds a store's budget rows of one month together. That is right
for the lines of one budget (a store's departments, each with its own sales
budget, as rows or as sheets of one workbook) and wrong everywhere else, so
before the engine sees them:

- within one file, rows of a ratio or a percentage (粗利率, 客単価) cannot be
  added: several that agree count once; several that disagree are all
  rejected, and that budget stays empty;
- the same budget in another file (an xlsx and its csv, last month's copy
  kept): the later file's rows for it are rejected, naming the first
  ("counted once, there");
- another file with another value (last month's file beside its revision):
  the rows of both are rejected and that budget stays empty. Neither is
  guessed at; the message says which rows to correct.

A file's budget for a key is what the engine would make of it: its lines
added up, over its sheets too (a workbook with a sheet per department). A
sheet whose every row is another sheet's of the same workbook (Excel's copy,
予算 (2)) is that sheet again, not a department: counted once, with a note.
Files are taken in input order.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..errors import Issue
from .store_rows import same_value, shown, store_key


def one_budget_per_month(sheets: list) -> list:
    """The sheets with budget rows repeated or contradicted elsewhere rejected."""
    from ..kpis.budget_names import kpi_for_budget_name  # deferred: the KPI registry, read for budgets only
    from ..kpis.registry import BY_ID

    sheets = _copies_once(sheets)
    first: dict[tuple, tuple[list[tuple[int, int]], float]] = {}  # key -> (its places, its budget)
    rejected: dict[int, dict[int, tuple]] = {}  # sheet index -> table position -> (code, row named, was, value)

    def reject(places: list[tuple[int, int]], code: str, named: tuple[int, int], was, value) -> None:
        m, at = named
        where = (int(sheets[m].table["_row"].iat[at]), f"{sheets[m].file} [{sheets[m].sheet}]")
        for n, pos in places:
            rejected.setdefault(n, {}).setdefault(pos, (code, where, was, value))

    for file in dict.fromkeys(s.file for s in sheets if s.role == "budget"):
        budgets: dict[tuple, list[tuple[int, int]]] = {}  # a file's budgets: its sheets' rows of each key
        for n, sheet in enumerate(sheets):
            if sheet.file == file:
                for key, positions in _budgets_of(sheet, kpi_for_budget_name):
                    budgets.setdefault(key, []).extend((n, p) for p in positions)
        for key, places in budgets.items():
            values = [float(sheets[n].table["value"].iat[p]) for n, p in places]
            value = sum(values)
            if not BY_ID[key[2]].additive and len(places) > 1:
                if any(not same_value(v, values[0]) for v in values):
                    for a, b, v, w in zip(places, places[1:] + places[:1], values, values[1:] + values[:1]):
                        reject([a], "row_budget_conflict", b, w, v)
                    continue
                value = values[0]
                reject(places[1:], "row_budget_repeat", places[0], value, value)
                places = places[:1]
            if key not in first:
                first[key] = (places, value)
                continue
            earlier, was = first[key]
            if same_value(was, value):
                reject(places, "row_budget_repeat", earlier[0], was, value)
                continue
            reject(places, "row_budget_conflict", earlier[0], was, value)
            reject(earlier, "row_budget_conflict", places[0], value, was)
    if not rejected:
        return sheets
    return [_without(sheet, rejected[n]) if n in rejected else sheet for n, sheet in enumerate(sheets)]


def _copies_once(sheets: list) -> list:
    """The budget sheets with a copy of an earlier sheet of their workbook
    (every row the same, compared as `repeats` compares lines) emptied, each
    of its rows rejected naming the row it copies, and one note naming both sheets."""
    out = list(sheets)
    for j, later in enumerate(out):
        for earlier in out[:j]:
            if later.role == earlier.role == "budget" and later.file == earlier.file and len(later.table) \
                    and (firsts := _copied_rows(earlier.table, later.table)) is not None:
                rows = later.table["_row"].drop_duplicates()
                issues = [Issue(later.file, later.sheet, int(r), "row_repeat_row",
                                {"first": int(firsts[pos]), "other": f"[{earlier.sheet}]"}) for pos, r in rows.items()]
                note = Issue(later.file, later.sheet, 0, "note_repeat_sheet", {
                    "rows": f"{len(rows):,}", "sheet": later.sheet, "other": earlier.sheet})
                out[j] = replace(later, table=later.table.iloc[0:0], issues=list(later.issues) + issues,
                                 warnings=[note] + list(later.warnings), rows_used=later.rows_used - len(rows))
                break
    return out


def _copied_rows(a: pd.DataFrame, b: pd.DataFrame) -> list[int] | None:
    """Per position of `b`, the row of `a` it copies, where `b`'s rows are `a`'s
    one to one (the same columns, the same values); else None."""
    from .repeats import line_hashes

    columns = [c for c in a.columns if not c.startswith("_")]
    if len(a) != len(b) or set(columns) != {c for c in b.columns if not c.startswith("_")}:
        return None
    ha, hb = line_hashes(a, columns), line_hashes(b, columns)
    if sorted(ha.tolist()) != sorted(hb.tolist()):
        return None
    rows: dict[int, list[int]] = {}
    for h, r in zip(ha.tolist(), a["_row"].tolist()):
        rows.setdefault(h, []).append(int(r))
    return [rows[h].pop(0) for h in hb.tolist()]


def _without(sheet, drop: dict[int, tuple]):
    """The sheet without its rejected budgets. A sheet row holds one budget per
    KPI column: a row all of whose budgets went is a rejected row (one message
    for them all); a row that keeps some is used, with a note on the rest."""
    table = sheet.table
    kept = table[[pos not in drop for pos in range(len(table))]]
    left = set(kept["_row"].tolist())
    # a store's budget set aside leaves the company's total of it unknown: the engine is told (no value, marked)
    aside = [pos for pos, (code, *_) in drop.items() if code == "row_budget_conflict"]
    if aside:
        marked = table.iloc[sorted(aside)].assign(value=float("nan"), _set_aside=True)
        kept = pd.concat([kept.assign(_set_aside=False), marked])
    kept = kept.reset_index(drop=True)
    by_row: dict[tuple, list[int]] = {}
    for pos, (code, named, _, _) in drop.items():
        by_row.setdefault((int(table["_row"].iat[pos]), code, named), []).append(pos)
    issues, warnings = list(sheet.issues), list(sheet.warnings)
    counted: set[int] = set()  # a row rejected is counted once: its conflict first, any repeats beside it noted
    conflict_first = lambda item: (item[0][0], item[0][1] != "row_budget_conflict")  # noqa: E731
    for (row, code, (first, other)), positions in sorted(by_row.items(), key=conflict_first):
        at = positions[0]
        store = table["store"].iat[at] if "store" in table.columns else None
        what = " ".join(str(v) for v in ("・".join(str(table["kpi"].iat[p]) for p in positions), store,
                                        table["month"].iat[at]) if not pd.isna(v))
        issue = Issue(sheet.file, sheet.sheet, row, code, {
            "budget": what, "first": first, "other": other,
            "was": ", ".join(shown(drop[p][2]) for p in positions),
            "value": ", ".join(shown(drop[p][3]) for p in positions)})
        (warnings if row in left or row in counted else issues).append(issue)
        counted.add(row)
    repeated: dict[str, int] = {}  # a budget given twice in whole: one note with the count, as for other tables
    for issue in issues[len(sheet.issues):]:
        if issue.code == "row_budget_repeat":
            repeated[issue.params["other"]] = repeated.get(issue.params["other"], 0) + 1
    notes = [Issue(sheet.file, sheet.sheet, 0, "note_repeat_rows", {"rows": f"{n:,}", "other": other})
             for other, n in repeated.items()]
    gone = table["_row"].nunique() - len(left)
    return replace(sheet, table=kept, issues=issues, warnings=notes + warnings, rows_used=sheet.rows_used - gone)


def _budgets_of(sheet, kpi_for_budget_name) -> list[tuple[tuple, list[int]]]:
    """(store key, month, KPI id) and the table positions of its rows, for
    each budget a budget sheet holds."""
    table = sheet.table
    if sheet.role != "budget" or not {"kpi", "month", "value", "_row"} <= set(table.columns) or table.empty:
        return []
    stores = table["store"] if "store" in table.columns else pd.Series([None] * len(table))
    keys = pd.DataFrame({
        "store": [None if pd.isna(s) else store_key(str(s)) for s in stores],
        "month": table["month"].astype("string").to_numpy(),
        "kpi": [kpi_for_budget_name(k) for k in table["kpi"]],
        "value": pd.to_numeric(table["value"], errors="coerce").to_numpy(),
    })
    usable = keys["kpi"].notna() & keys["month"].notna() & keys["value"].notna()  # the engine reports the rest
    found = []
    for (store, month, kpi), group in keys[usable].groupby(["store", "month", "kpi"], dropna=False, sort=False):
        found.append(((None if pd.isna(store) else store, str(month), kpi), group.index.tolist()))
    return found
