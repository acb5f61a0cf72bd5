"""Traffic given both by day and as a month's total for the same store and
month (the counter's daily file beside a monthly summary, or a workbook with
both sheets): the month would be counted twice.

The days are the counter's own record, so they are read, and the month's
row is not:
- where it equals the sum of its days in every figure both give (visitors,
  transactions, labour hours), it is the same traffic again: a rejected row
  naming the days' sheet, and one note on its sheet with the count, as for
  any row read twice (`row_repeats`);
- where a figure differs, the row is rejected naming the figure, both
  values and the difference, and a warning on its sheet says the days were
  used;
- a figure only the month's row gives (labour hours beside daily visitors)
  stays read from it; its other figures are left to the days, with a note.

A store is the same store whether a file names it by its code or by its
name in the store master (the counter's daily file by 本店, the monthly
summary by S01): both are keyed by the master's code.

Runs after `row_repeats`, so a daily file given twice is summed once.
"""
from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd

from ..errors import Issue
from ..messages import amount_text
from .store_rows import store_key

MEASURES = ("visitors", "transactions", "labor_hours")


def one_traffic_per_month(sheets: list) -> list:
    """The sheets with monthly traffic rows that days of another sheet give left out, each said."""
    daily = [s for s in sheets if s.role == "traffic" and len(s.table) and not _monthly(s)]
    if not daily or not any(s.role == "traffic" and _monthly(s) for s in sheets):
        return sheets
    codes = _master_codes(sheets)
    days = pd.concat([_keyed(s.table, codes).assign(_from=f"{s.file} [{s.sheet}]") for s in daily],
                     ignore_index=True)
    sums = days.groupby(["_store", "_month"], dropna=False)[[m for m in MEASURES if m in days]].sum(min_count=1)
    where = days.groupby(["_store", "_month"], dropna=False)["_from"].agg(lambda f: ", ".join(dict.fromkeys(f)))
    return [_without_days(s, sums, where, codes) if s.role == "traffic" and _monthly(s) and len(s.table) else s
            for s in sheets]


def _master_codes(sheets: list) -> dict[str, str]:
    """A store's name in the store master -> its code (as `store_key`s), for
    the names that name one store only and are no other store's code."""
    pairs: dict[str, set[str]] = {}
    codes: set[str] = set()
    for sheet in sheets:
        if sheet.role == "stores" and {"store", "store_name"} <= set(sheet.table.columns):
            for code, name in zip(sheet.table["store"], sheet.table["store_name"]):
                if not pd.isna(code):
                    codes.add(store_key(str(code)))
                    if not pd.isna(name):
                        pairs.setdefault(store_key(str(name)), set()).add(store_key(str(code)))
    return {name: next(iter(c)) for name, c in pairs.items() if len(c) == 1 and (name not in codes or name in c)}


def _monthly(sheet) -> bool:
    return any(w.code == "note_traffic_monthly" for w in sheet.warnings)


def _keyed(table: pd.DataFrame, codes: dict[str, str]) -> pd.DataFrame:
    stores = table["store"] if "store" in table.columns else pd.Series([None] * len(table), index=table.index)
    keys = [None if pd.isna(s) else store_key(str(s)) for s in stores]
    return table.assign(_store=[codes.get(k, k) for k in keys],
                        _month=pd.to_datetime(table["date"]).dt.strftime("%Y-%m"))


def _without_days(sheet, sums: pd.DataFrame, where: pd.Series, codes: dict[str, str]):
    table, kept = _keyed(sheet.table, codes), sheet.table.copy()
    drop, repeats, differ, issues, notes, named = [], 0, 0, list(sheet.issues), [], {}
    for pos in range(len(table)):
        key = (table["_store"].iat[pos], table["_month"].iat[pos])
        if key not in sums.index:
            continue
        given = [m for m in MEASURES if m in table.columns and not pd.isna(table[m].iat[pos])]
        both = [m for m in given if m in sums.columns and not pd.isna(sums.at[key, m])]
        if not both:
            continue
        store = "" if key[0] is None else str(table["store"].iat[pos])
        params = {"store": store, "month": key[1], "other": where[key]}
        named[where[key]] = None
        off = [m for m in both if not math.isclose(float(table[m].iat[pos]), float(sums.at[key, m]), abs_tol=1e-6)]
        if off:
            was, day = float(table[off[0]].iat[pos]), float(sums.at[key, off[0]])
            params.update(field=off[0], value=amount_text(was), days=amount_text(day),
                          difference=("+" if was > day else "-") + amount_text(abs(was - day)))
        row_no = int(table["_row"].iat[pos])
        if len(both) < len(given):  # a figure only the month gives stays read from it
            for m in both:
                kept.loc[kept.index[pos], m] = float("nan")
            notes.append(Issue(sheet.file, sheet.sheet, row_no, "note_traffic_month_beside_days", {
                **params, "fields": ",".join(both)}))
            differ += bool(off)
            continue
        drop.append(pos)
        if off:
            differ += 1
            issues.append(Issue(sheet.file, sheet.sheet, row_no, "row_traffic_month_not_days", params))
        else:
            repeats += 1
            issues.append(Issue(sheet.file, sheet.sheet, row_no, "row_traffic_month_of_days", params))
    if repeats:
        notes.insert(0, Issue(sheet.file, sheet.sheet, 0, "note_repeat_month_of_days", {
            "rows": f"{repeats:,}", "other": ", ".join(named)}))
    if differ:
        notes.insert(0, Issue(sheet.file, sheet.sheet, 0, "warn_traffic_month_not_days", {
            "rows": f"{differ:,}", "other": ", ".join(named)}))
    if not notes:
        return sheet
    kept = kept.drop(index=kept.index[drop]).reset_index(drop=True)
    return replace(sheet, table=kept, issues=issues, warnings=notes + list(sheet.warnings),
                   rows_used=sheet.rows_used - len(drop))
