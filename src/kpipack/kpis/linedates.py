"""Dates that sales line files write as text (2026/10/01 09:30, ２０２６/１０/０１,
01.10.2026 14:05, 令和8年10月1日), read on the query engine as the importer
reads them (ingest.clean.clean_date), without reading every line in Python.

The engine cuts each text into its day and its clock time (`split_sql`: a few
string functions, no regular expression, so about 1 s of CPU for 10M lines).
Only the distinct days, a few hundred a year, are read by the importer's
reading, the whole column together (day or month first, era dates, its notes
and errors: linefiles.LineFiles._date_table), and the distinct clock times
(at most a day's seconds, however written) by clean's own pattern and
arithmetic (`clock_table`). A line's date is its day's plus its clock time's
seconds. A text whose cut does not leave a day and a clock time clean reads
(a time in words, 午後2時5分; a yyyymmdd number before a time) is read whole,
as clean reads it.
"""
from __future__ import annotations

import re


_SPACES = ("' '", "'T'", "'　'", "'Ｔ'")  # what NFKC reads as the space or T clean._TIME allows before the hour
_DAY_END = re.compile(r"[0-9)日]$")  # how every date clean reads without its clock ends: a digit, 日, a weekday's )


def split_sql(cell: str) -> tuple[str, str]:
    """SQL of a date text `cell`'s day (the whole text where no clock time
    follows it) and of its clock time (NULL where none): the clock time starts
    at the one or two digits before the text's first colon, after a space or a T."""
    colon = f"GREATEST(INSTR({cell}, ':'), INSTR({cell}, '：'))"

    def digit(at: str) -> str:
        char = f"SUBSTR({cell}, {at}, 1)"
        return f"({char} BETWEEN '0' AND '9' OR {char} BETWEEN '０' AND '９')"

    hour = f"({colon} - CASE WHEN {colon} > 2 AND {digit(f'{colon} - 2')} THEN 2 ELSE 1 END)"
    timed = (f"{colon} > 1 AND {digit(f'{colon} - 1')} AND {hour} > 1 "
             f"AND SUBSTR({cell}, {hour} - 1, 1) IN ({', '.join(_SPACES)})")
    return (f"CASE WHEN {timed} THEN LEFT({cell}, {hour} - 2) ELSE {cell} END",
            f"CASE WHEN {timed} THEN SUBSTR({cell}, {hour}) END")


def day_ok(days):
    """Whether each day cut from a text before its clock time reads as the text
    would: it ends as a date does and is no number (20261001 09:30 is no date,
    where 20261001 alone is one)."""
    import pandas as pd

    from ..ingest.clean import _text as cells

    text = cells(days)
    return text.str.contains(_DAY_END, na=False) & pd.to_numeric(text, errors="coerce").isna()


def clock_table(clocks):
    """The distinct clock times (t, as cut by `split_sql`) as clean reads a
    date's time (clean._TIME, clean._assemble): seconds after the day's
    midnight (secs; 25:00 the next day's 1:00), no time (bad: 0:30 PM, 9:75),
    and whether clean reads it so at all (ok; else the text is read whole)."""
    import numpy as np
    import pandas as pd

    from ..ingest import clean

    text = clean._text(clocks).fillna("")
    parts = (" " + text).str.extract(re.compile(f"^{clean._TIME}$"))
    ok = parts[0].notna()
    midnight = pd.Series(1970, index=text.index)
    at = clean._assemble(midnight, pd.Series(1, index=text.index), pd.Series(1, index=text.index),
                         parts.fillna({0: "0", 1: "0"}))
    seconds = (at - pd.Timestamp("1970-01-01")).dt.total_seconds()
    return pd.DataFrame({"t": clocks.astype(str), "secs": seconds.fillna(0).astype(np.int64),
                         "bad": (ok & at.isna()).astype(bool), "ok": ok.astype(bool)})


def plus_seconds(timestamp: str, seconds: str, spark: bool) -> str:
    """SQL of `timestamp` `seconds` later, on DuckDB or Spark."""
    if spark:
        return f"TIMESTAMP_SECONDS(UNIX_SECONDS({timestamp}) + {seconds})"
    return f"{timestamp} + TO_SECONDS({seconds})"

