"""Receipt numbers that start again each day (レシートNo 0001 every morning,
or per register and day): a receipt is then its number on its day.

Counted by store and month alone, such numbers would make one transaction of
the 0001 of every day of the month. Numbering is taken to restart daily
where most receipt numbers of a store and month come back on two other days
or more; a number seen on two days now and then (a return, or a payout,
booked under the sale's number) leaves the file as it is.
"""
from __future__ import annotations

import pandas as pd

MIN_DAYS = 3  # days a number is seen on in a month to count as coming back
MIN_SHARE = 0.5  # of a store-month's receipt numbers seen on MIN_DAYS days or more
MIN_NUMBERS = 2  # such numbers needed before the numbering is taken to restart


def restarts_daily(frame: pd.DataFrame) -> bool:
    """Whether the sheet's receipt numbers restart each day."""
    if not {"receipt", "date"} <= set(frame.columns):
        return False
    lines = frame[["receipt", "date"]].dropna()
    if lines.empty:
        return False
    day = lines["date"].dt.normalize()
    keys = [lines["receipt"].astype(str), day.dt.year * 12 + day.dt.month]  # the month as a number, not as text
    if "store" in frame.columns:
        keys.append(frame.loc[lines.index, "store"].astype(str))
    grouped = day.groupby(keys, sort=False)
    span = grouped.agg(["min", "max"])  # a number on MIN_DAYS days has its first day before its last (bound_sql)
    if not numbering_restarts(int((span["min"] < span["max"]).sum()), len(span)):
        return False
    days = grouped.nunique()
    return numbering_restarts(int((days >= MIN_DAYS).sum()), len(days))


def numbering_restarts(again: int, numbers: int) -> bool:
    """The rule, from the count of (number, month, store) seen on MIN_DAYS days
    or more (`again`) among all of them (`numbers`); the query engine counts
    them in SQL (`counts_sql`)."""
    return again >= MIN_NUMBERS and again >= MIN_SHARE * numbers


def counts_sql(lines: str) -> str:
    """SQL of `again` and `numbers` (numbering_restarts) over `lines`, a query
    of lines with receipt, date (a timestamp) and store."""
    return (f"SELECT COUNT(*) FILTER (WHERE days >= {MIN_DAYS}) AS again, COUNT(*) AS numbers FROM ("
            "SELECT receipt, store, STRFTIME(date, '%Y-%m') AS month, COUNT(DISTINCT CAST(date AS DATE)) AS days "
            f"FROM ({lines}) AS numbered WHERE receipt IS NOT NULL AND date IS NOT NULL GROUP BY 1, 2, 3) AS seen")


def bound_sql(lines: str, month: str = "STRFTIME(date, '%Y-%m')", day: str = "CAST(date AS DATE)") -> str:
    """SQL of a bound on `again` (numbers seen on two days or more, from each
    one's first and last day) and of `numbers`, over `lines` as in counts_sql:
    a grouping without a distinct count of days in each group. Where the bound
    already fails numbering_restarts, the exact count need not be made."""
    return (f"SELECT COUNT(*) FILTER (WHERE first < last) AS again, COUNT(*) AS numbers FROM ("
            f"SELECT receipt, store, {month} AS month, MIN({day}) AS first, MAX({day}) AS last "
            f"FROM ({lines}) AS numbered WHERE receipt IS NOT NULL AND date IS NOT NULL GROUP BY 1, 2, 3) AS seen")


def with_day_sql(receipt: str, date: str) -> str:
    """SQL of `with_day`: the receipt as its day and number where both are given."""
    return (f"CASE WHEN ({receipt}) IS NULL OR ({date}) IS NULL THEN {receipt} "
            f"ELSE CONCAT(STRFTIME({date}, '%Y-%m-%d'), ' ', {receipt}) END")


def with_day(frame: pd.DataFrame) -> pd.Series:
    """Each line's receipt as its day and number (2026-10-01 0001)."""
    day = frame["date"].dt.strftime("%Y-%m-%d")
    return (day + " " + frame["receipt"].astype(str)).where(frame["receipt"].notna() & frame["date"].notna(),
                                                             frame["receipt"])
