"""Vectorised type cleaning: each cleaner takes a column as read (any dtype) and
returns the clean values plus a mask of cells that held something unusable.

Empty cells are missing (NaN/NaT/None), never zero; text such as 'NA' or
'0400' in a code column is kept exactly as written.

Speed: a million-line column holds few distinct values (stores, SKUs, dates,
amounts), so text is cleaned once per distinct value with the scalar rules
below and the results are spread back by position. Each scalar rule is the
one definition of its behaviour; tests/test_clean_equivalence.py checks the
column functions against a cell-by-cell application of the same rules.
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# Excel serials 1900-01-01 .. 2192-04-xx: beyond that a day count overflows
# pandas' timedelta, and a sales date that far out is a wrong cell anyway.
_SERIAL_MIN, _SERIAL_MAX = 1, 106_751
_YYYYMMDD_MIN, _YYYYMMDD_MAX = 19000101, 22611231  # yyyymmdd numbers pandas can hold
_MINUS = re.compile(r"^[△▲−‐‑–—]")
_NUMBER_JUNK = re.compile(r"[¥￥$€£,\s円]|jpy|yen", re.I)
# Every character Python's str.strip() removes (str.isspace), so Arrow trims exactly as Python does.
PY_WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                 "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


# ---------------------------------------------------------------- scalar rules
def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _text_one(value) -> str | None:
    """A cell as stripped NFKC text, None where empty."""
    if _missing(value):
        return None
    return unicodedata.normalize("NFKC", str(value)).strip() or None


def _code_one(value) -> str | None:
    """An identifier cell as text: a whole float loses its '.0', text is stripped."""
    if _missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or None


def _float_code_one(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _number_one(value) -> float:
    """A text cell (already through _text_one) as a number, NaN if it is not one."""
    if value is None:
        return np.nan
    if isinstance(value, (int, float)):
        return float(value)
    s = _NUMBER_JUNK.sub("", value)
    negative = False
    if s.startswith("(") and s.endswith(")"):
        s, negative = s[1:-1], True
    if _MINUS.match(s):
        s, negative = s[1:], not negative
    if s.endswith("-") and s[:-1].replace(".", "", 1).isdigit():
        s, negative = s[:-1], not negative
    try:
        number = float(s)
    except ValueError:
        return np.nan
    if not np.isfinite(number):
        return np.nan
    return -number if negative else number


# ---------------------------------------------------------------- distinct values
def _all_text(series: pd.Series) -> bool:
    """Every present cell is a str (so equal values are equal text: safe to clean once each)."""
    if isinstance(series.dtype, pd.StringDtype):
        return True
    return series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) == "string"


def _per_distinct(series: pd.Series, rule, missing) -> np.ndarray:
    """rule(value) for every cell, computed once per distinct present value;
    `missing` where the cell is empty. Only for text or float columns, whose
    distinct values hash apart exactly as their results differ."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)
    results[:-1] = [rule(u) for u in uniques.tolist()]
    results[-1] = missing
    return results[codes]


def _object_series(values: np.ndarray, like: pd.Series) -> pd.Series:
    return pd.Series(values, index=like.index, name=like.name, dtype=object)


def _arrow_text(series: pd.Series) -> pa.Array:
    array = pa.array(series.array if isinstance(series.dtype, pd.StringDtype) else series.to_numpy(object),
                     type=pa.large_string(), from_pandas=True)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _text(series: pd.Series) -> pd.Series:
    """Cells as stripped NFKC text, None where empty."""
    if len(series) and _all_text(series):
        values = _per_distinct(series, _text_one, None)
    else:
        values = np.array([_text_one(v) for v in series.tolist()], dtype=object)
    return _object_series(values, series)


def is_blank(series: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
        return series.isna()
    return series.isna() | series.astype(str).str.strip().eq("")


# ---------------------------------------------------------------- codes
TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' own text dtype: Arrow strings, NaN where empty


def clean_code(series: pd.Series) -> pd.Series:
    """Identifiers as text: numbers lose a trailing '.0', text stays as written.

    The column comes back in pandas' string dtype (Arrow-backed, NaN where
    empty), not as Python objects: a million codes stay one compact buffer
    that groups, joins and caches several times faster."""
    if pd.api.types.is_integer_dtype(series):
        return series.astype(str).astype(TEXT)
    if not len(series):
        return series.astype(TEXT)
    if isinstance(series.dtype, np.dtype) and series.dtype.kind == "f":
        values = pd.array(_per_distinct(series, _float_code_one, None), dtype=TEXT)
    elif pd.api.types.is_float_dtype(series):  # nullable floats (never read from files)
        values = pd.array([None if pd.isna(v) else _float_code_one(v) for v in series.tolist()], dtype=TEXT)
    elif _all_text(series):
        trimmed = pc.utf8_trim(_arrow_text(series), characters=PY_WHITESPACE)  # exactly Python's strip
        values = pd.array(pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.large_string()), trimmed),
                          dtype=TEXT)
    else:
        values = pd.array([_code_one(v) for v in series.tolist()], dtype=TEXT)
    return pd.Series(values, index=series.index, name=series.name)


# ---------------------------------------------------------------- numbers
def clean_number(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers, from numeric cells or text with ¥, 円, commas, full-width digits,
    (1,200) or △1200 negatives. Returns (values, bad) where bad marks text that
    is not a number."""
    if pd.api.types.is_bool_dtype(series):
        return pd.Series(np.nan, index=series.index), ~series.isna()
    if pd.api.types.is_numeric_dtype(series):
        return series.astype(float), pd.Series(False, index=series.index)
    if len(series) and _all_text(series):
        def rule(value):
            text = _text_one(value)
            return (text is not None, _number_one(text))
        pairs = _per_distinct(series, rule, (False, np.nan))
        present = np.fromiter((p[0] for p in pairs), dtype=bool, count=len(pairs))
        numbers = np.fromiter((p[1] for p in pairs), dtype=float, count=len(pairs))
    else:
        text = [_text_one(v) for v in series.tolist()]
        present = np.array([t is not None for t in text], dtype=bool)
        numbers = np.array([_number_one(t) for t in text], dtype=float)
    values = pd.Series(numbers, index=series.index, name=series.name)
    bad = pd.Series(present & np.isnan(numbers), index=series.index, name=series.name)
    return values, bad


# ---------------------------------------------------------------- dates
_YMD = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_YMD8 = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def clean_date(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates from Excel date cells, serial numbers, yyyymmdd numbers and text
    (2026/10/01, 2026-10-01, 2026年10月1日, 01-10-2026). Day-first or
    month-first text is decided per column from the values that show it."""
    if pd.api.types.is_datetime64_any_dtype(series):
        values = series.dt.tz_localize(None) if getattr(series.dt, "tz", None) is not None else series
        return values.astype("datetime64[ns]"), pd.Series(False, index=series.index)
    if pd.api.types.is_numeric_dtype(series):
        return _from_numbers(series.astype(float))
    return _spread(series, _dates_from_text)


def _spread(series: pd.Series, parse):
    """parse() the distinct texts of a column and spread the results over its cells.
    Exact: the text rules are per cell, and the per-column day-first choice
    depends only on which values occur, not on how often. An empty cell goes
    through parse() too (first), so it comes out as parse() makes empty cells."""
    text = _text(series)
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    distinct = pd.Series([None] + uniques.tolist(), dtype=object)
    values, bad = parse(distinct)
    out = pd.Series(values.to_numpy()[codes + 1], index=series.index, dtype=values.dtype)
    return out, pd.Series(bad.to_numpy(dtype=bool)[codes + 1], index=series.index)


def _dates_from_text(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates from cleaned text cells (NFKC, stripped; None where empty)."""
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    present = text.notna()
    ymd = text[present].str.extract(_YMD)
    hit = ymd[0].notna()
    if hit.any():
        out.loc[hit[hit].index] = _assemble(ymd[hit], 0, 1, 2, 3, 4, 5)
    rest = present & out.isna()
    if rest.any():
        dmy = text[rest].str.extract(_DMY)
        hit = dmy[0].notna()
        if hit.any():
            first, second = dmy.loc[hit, 0].astype(int), dmy.loc[hit, 1].astype(int)
            month_first = bool((second > 12).any()) and not bool((first > 12).any())
            day, month = (1, 0) if month_first else (0, 1)
            out.loc[hit[hit].index] = _assemble(dmy[hit], 2, month, day, 3, 4, 5)
    rest = present & out.isna()
    if rest.any():
        numeric = pd.to_numeric(text[rest], errors="coerce")
        parsed, _ = _from_numbers(numeric)
        out.loc[rest] = parsed
    bad = present & out.isna()
    return out, bad


def _assemble(parts: pd.DataFrame, y, m, d, hh, mm, ss) -> pd.Series:
    frame = pd.DataFrame({
        "year": parts[y].astype(int), "month": parts[m].astype(int), "day": parts[d].astype(int),
        "hour": pd.to_numeric(parts[hh], errors="coerce").fillna(0).astype(int),
        "minute": pd.to_numeric(parts[mm], errors="coerce").fillna(0).astype(int),
        "second": pd.to_numeric(parts[ss], errors="coerce").fillna(0).astype(int),
    })
    return pd.to_datetime(frame, errors="coerce")


def _from_numbers(numbers: pd.Series) -> tuple[pd.Series, pd.Series]:
    out = pd.Series(pd.NaT, index=numbers.index, dtype="datetime64[ns]")
    ymd = numbers.where((numbers >= _YYYYMMDD_MIN) & (numbers <= _YYYYMMDD_MAX) & (numbers % 1 == 0))
    serial = numbers.where((numbers >= _SERIAL_MIN) & (numbers <= _SERIAL_MAX) & ymd.isna())
    if serial.notna().any():
        out[serial.notna()] = EXCEL_EPOCH + pd.to_timedelta(serial[serial.notna()].round(6), unit="D")
    if ymd.notna().any():
        out[ymd.notna()] = pd.to_datetime(ymd[ymd.notna()].astype("int64").astype(str), format="%Y%m%d",
                                          errors="coerce")
    bad = numbers.notna() & out.isna()
    return out.dt.round("s"), bad


# ---------------------------------------------------------------- months
_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_YM6 = re.compile(r"^(\d{4})(\d{2})$")


def clean_month(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Months as 'YYYY-MM' text from 2026-04, 2026/04, 2026年4月, 202604 or any
    date in the month."""
    if pd.api.types.is_datetime64_any_dtype(series) or pd.api.types.is_numeric_dtype(series) and \
            series.dropna().gt(300000).all():
        dates, bad = clean_date(series)
        return _month_text(dates), bad
    return _spread(series, _months_from_text)


def _months_from_text(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    out = pd.Series(None, index=text.index, dtype=object)
    present = text.notna()
    for pattern in (_YM, _YM6):
        rest = present & out.isna()
        if not rest.any():
            break
        found = text[rest].str.extract(pattern)
        ok = found[0].notna() & found[1].notna()
        ok = ok & found[1].where(ok, "0").astype(int).between(1, 12)
        idx = ok[ok].index
        out.loc[idx] = found.loc[idx, 0] + "-" + found.loc[idx, 1].str.zfill(2)
    rest = present & out.isna()
    if rest.any():
        dates, _ = _dates_from_text(text[rest])
        out.loc[rest] = _month_text(dates)
    bad = present & out.isna()
    return out, bad


def _month_text(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime("%Y-%m").where(dates.notna(), None).astype(object)
