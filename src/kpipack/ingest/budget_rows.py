"""One budget per store, month and KPI.

The engine adds a store's budget rows of one month together. That is right
for the lines of one budget sheet (a store's departments, each with its own
sales budget) and wrong everywhere else, so before the engine sees them:

- within one sheet, rows of a ratio or a percentage (粗利率, 客単価) cannot be
  added: several that agree count once; several that disagree are all
  rejected, and that budget stays empty;
- the same budget in another sheet or file (an xlsx and its csv, a sheet
  pasted twice): the later sheet's rows for it are rejected, naming the first
  ("counted once, there");
- another sheet or file with another value (last month's file beside its
  revision, an old sheet kept beside the new one): the rows of both are
  rejected and that budget stays empty. Neither is guessed at; the message
  says which rows to correct.

A sheet's budget for a key is what the engine would make of it: its lines
added up. Sheets are taken in input order.
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

    first: dict[tuple, tuple[int, list[int], float]] = {}  # key -> (sheet index, its positions, its budget)
    rejected: dict[int, dict[int, tuple]] = {}  # sheet index -> table position -> (code, row named, was, value)

    def reject(n: int, positions: list[int], code: str, m: int, at: int, was, value) -> None:
        named = (int(sheets[m].table["_row"].iat[at]), f"{sheets[m].file} [{sheets[m].sheet}]")
        for pos in positions:
            rejected.setdefault(n, {}).setdefault(pos, (code, named, was, value))

    for n, sheet in enumerate(sheets):
        for key, positions, value in _budgets_of(sheet, kpi_for_budget_name):
            if not BY_ID[key[2]].additive and len(positions) > 1:
                values = [sheet.table["value"].iat[p] for p in positions]
                if any(not same_value(v, values[0]) for v in values):
                    for (p, v), (q, w) in zip(zip(positions, values), zip(positions[1:] + positions[:1],
                                                                         values[1:] + values[:1])):
                        reject(n, [p], "row_budget_conflict", n, q, w, v)
                    continue
                value = values[0]
                reject(n, positions[1:], "row_budget_repeat", n, positions[0], value, value)
                positions = positions[:1]
            if key not in first:
                first[key] = (n, positions, value)
                continue
            m, earlier, was = first[key]
            if same_value(was, value):
                reject(n, positions, "row_budget_repeat", m, earlier[0], was, value)
                continue
            reject(n, positions, "row_budget_conflict", m, earlier[0], was, value)
            reject(m, earlier, "row_budget_conflict", n, positions[0], value, was)
    if not rejected:
        return sheets
    return [_without(sheet, rejected[n]) if n in rejected else sheet for n, sheet in enumerate(sheets)]


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


def _budgets_of(sheet, kpi_for_budget_name):
    """(store key, month, KPI id), the table positions of its rows and their sum,
    for each budget a budget sheet holds."""
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
        store = None if pd.isna(store) else store
        found.append(((store, str(month), kpi), group.index.tolist(), float(group["value"].sum())))
    return found
