"""Vectorised type cleaning: each cleaner takes a column as read (any dtype) and
returns the clean values plus a mask of cells that held something unusable.

Empty cells are missing (NaN/NaT/None), never zero; text such as 'NA' or
'0400' in a code column is kept exactly as written.
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_SERIAL_MIN, _SERIAL_MAX = 1, 2958465  # 1900-01-01 .. 9999-12-31
_MINUS = re.compile(r"^[△▲−‐‑–—]")
_NUMBER_JUNK = re.compile(r"[¥￥$€£,\s円]|jpy|yen", re.I)


def _text(series: pd.Series) -> pd.Series:
    """Cells as stripped NFKC text, None where empty."""
    def one(value):
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            return None
        text = unicodedata.normalize("NFKC", str(value)).strip()
        return text or None
    return series.map(one, na_action=None).astype(object)


def is_blank(series: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
        return series.isna()
    return series.isna() | series.astype(str).str.strip().eq("")


def clean_code(series: pd.Series) -> pd.Series:
    """Identifiers as text: numbers lose a trailing '.0', text stays as written."""
    if pd.api.types.is_float_dtype(series):
        out = series.map(lambda v: None if pd.isna(v) else (str(int(v)) if float(v).is_integer() else repr(v)))
        return out.astype(object)
    if pd.api.types.is_integer_dtype(series):
        return series.astype(str).astype(object)
    def one(value):
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            return None
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        text = str(value).strip()
        return text or None
    return series.map(one).astype(object)


def clean_number(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers, from numeric cells or text with ¥, 円, commas, full-width digits,
    (1,200) or △1200 negatives. Returns (values, bad) where bad marks text that
    is not a number."""
    if pd.api.types.is_bool_dtype(series):
        return pd.Series(np.nan, index=series.index), ~series.isna()
    if pd.api.types.is_numeric_dtype(series):
        return series.astype(float), pd.Series(False, index=series.index)
    text = _text(series)
    def one(value):
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
    values = text.map(one).astype(float)
    bad = text.notna() & values.isna()
    return values, bad


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
    text = _text(series)
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
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
    ymd = numbers.where((numbers >= 19000101) & (numbers <= 29991231) & (numbers % 1 == 0))
    serial = numbers.where((numbers >= _SERIAL_MIN) & (numbers <= _SERIAL_MAX) & ymd.isna())
    if serial.notna().any():
        out[serial.notna()] = EXCEL_EPOCH + pd.to_timedelta(serial[serial.notna()].round(6), unit="D")
    if ymd.notna().any():
        out[ymd.notna()] = pd.to_datetime(ymd[ymd.notna()].astype("int64").astype(str), format="%Y%m%d",
                                          errors="coerce")
    bad = numbers.notna() & out.isna()
    return out.dt.round("s"), bad


_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_YM6 = re.compile(r"^(\d{4})(\d{2})$")


def clean_month(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Months as 'YYYY-MM' text from 2026-04, 2026/04, 2026年4月, 202604 or any
    date in the month."""
    if pd.api.types.is_datetime64_any_dtype(series) or pd.api.types.is_numeric_dtype(series) and \
            series.dropna().gt(300000).all():
        dates, bad = clean_date(series)
        return _month_text(dates), bad
    text = _text(series)
    out = pd.Series(None, index=series.index, dtype=object)
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
        dates, _ = clean_date(text[rest])
        out.loc[rest] = _month_text(dates)
    bad = present & out.isna()
    return out, bad


def _month_text(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime("%Y-%m").where(dates.notna(), None).astype(object)
