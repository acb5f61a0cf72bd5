"""The vectorised cleaners give exactly what the cell-by-cell rules give.

The `ref_*` functions below are the cell-by-cell implementation the importer
used before cleaning went per distinct value (kept verbatim as the reference);
every column function must agree with it on values, on the kind of missing
value (None / NaN / NaT), and on dtype, index and name, except that codes now
come back in pandas' string dtype rather than as Python objects.
"""
from __future__ import annotations

import re
import sys
import unicodedata

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpipack.ingest import clean

# ---------------------------------------------------------------- reference (cell by cell)
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_SERIAL_MIN, _SERIAL_MAX = 1, 2958465
_MINUS = re.compile(r"^[△▲−‐‑–—]")
_NUMBER_JUNK = re.compile(r"[¥￥$€£,\s円]|jpy|yen", re.I)
_YMD = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_YM6 = re.compile(r"^(\d{4})(\d{2})$")


def ref_text(series):
    def one(value):
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            return None
        text = unicodedata.normalize("NFKC", str(value)).strip()
        return text or None
    return series.map(one, na_action=None).astype(object)


def ref_clean_code(series):
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


def ref_clean_number(series):
    if pd.api.types.is_bool_dtype(series):
        return pd.Series(np.nan, index=series.index), ~series.isna()
    if pd.api.types.is_numeric_dtype(series):
        return series.astype(float), pd.Series(False, index=series.index)
    text = ref_text(series)
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


def ref_clean_date(series):
    if pd.api.types.is_datetime64_any_dtype(series):
        values = series.dt.tz_localize(None) if getattr(series.dt, "tz", None) is not None else series
        return values.astype("datetime64[ns]"), pd.Series(False, index=series.index)
    if pd.api.types.is_numeric_dtype(series):
        return _ref_from_numbers(series.astype(float))
    text = ref_text(series)
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    present = text.notna()
    ymd = text[present].str.extract(_YMD)
    hit = ymd[0].notna()
    if hit.any():
        out.loc[hit[hit].index] = _ref_assemble(ymd[hit], 0, 1, 2, 3, 4, 5)
    rest = present & out.isna()
    if rest.any():
        dmy = text[rest].str.extract(_DMY)
        hit = dmy[0].notna()
        if hit.any():
            first, second = dmy.loc[hit, 0].astype(int), dmy.loc[hit, 1].astype(int)
            month_first = bool((second > 12).any()) and not bool((first > 12).any())
            day, month = (1, 0) if month_first else (0, 1)
            out.loc[hit[hit].index] = _ref_assemble(dmy[hit], 2, month, day, 3, 4, 5)
    rest = present & out.isna()
    if rest.any():
        numeric = pd.to_numeric(text[rest], errors="coerce")
        parsed, _ = _ref_from_numbers(numeric)
        out.loc[rest] = parsed
    bad = present & out.isna()
    return out, bad


def _ref_assemble(parts, y, m, d, hh, mm, ss):
    frame = pd.DataFrame({
        "year": parts[y].astype(int), "month": parts[m].astype(int), "day": parts[d].astype(int),
        "hour": pd.to_numeric(parts[hh], errors="coerce").fillna(0).astype(int),
        "minute": pd.to_numeric(parts[mm], errors="coerce").fillna(0).astype(int),
        "second": pd.to_numeric(parts[ss], errors="coerce").fillna(0).astype(int),
    })
    return pd.to_datetime(frame, errors="coerce")


def _ref_from_numbers(numbers):
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


def ref_clean_month(series):
    if pd.api.types.is_datetime64_any_dtype(series) or pd.api.types.is_numeric_dtype(series) and \
            series.dropna().gt(300000).all():
        dates, bad = ref_clean_date(series)
        return _ref_month_text(dates), bad
    text = ref_text(series)
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
        dates, _ = ref_clean_date(text[rest])
        out.loc[rest] = _ref_month_text(dates)
    bad = present & out.isna()
    return out, bad


def _ref_month_text(dates):
    return dates.dt.strftime("%Y-%m").where(dates.notna(), None).astype(object)


# ---------------------------------------------------------------- comparison
def _kind(value):
    if value is None:
        return ("None",)
    if value is pd.NaT:
        return ("NaT",)
    if isinstance(value, float) and np.isnan(value):
        return ("NaN",)
    return (type(value).__name__, value)


def assert_same(new: pd.Series, ref: pd.Series) -> None:
    assert new.dtype == ref.dtype, (new.dtype, ref.dtype)
    assert new.name == ref.name
    assert new.index.equals(ref.index)
    got, want = [_kind(v) for v in new.tolist()], [_kind(v) for v in ref.tolist()]
    assert got == want


def _far_serials(series: pd.Series, month: bool) -> pd.Series:
    """Cells the reference read as Excel serials or yyyymmdd numbers too large for
    pandas (it crashed on them); a month column reads 202604 as a month first."""
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    text = None if numeric else ref_text(series)
    numbers = pd.to_numeric(series if numeric else text, errors="coerce").astype(float)
    ymd = (numbers >= 19000101) & (numbers <= 29991231) & (numbers % 1 == 0)
    far = ((numbers > clean._SERIAL_MAX) & (numbers <= _SERIAL_MAX) & ~ymd) | (ymd & (numbers > 22611231))
    if month and text is not None:
        for pattern in (_YM, _YM6):
            found = text.str.extract(pattern)
            far &= ~(found[0].notna() & pd.to_numeric(found[1], errors="coerce").between(1, 12))
    return far


def check(name: str, series: pd.Series) -> None:
    new = getattr(clean, name)(series)
    if name in ("clean_date", "clean_month"):
        far = _far_serials(series, name == "clean_month")
        if far.any():  # the reference crashed here: now those cells are bad dates, the rest unchanged
            assert new[1][far].all() and new[0][far].isna().all()
            series = series.where(~far, None)
            new = getattr(clean, name)(series)
    ref = globals()[f"ref_{name}"](series)
    if name == "clean_code":
        # same text, now in pandas' string dtype (the reference gave Python objects; an
        # empty cell was NaN, or None / NA in a column without any code: NaN always now)
        assert new.dtype == clean.TEXT
        assert new.name == ref.name and new.index.equals(ref.index)
        want = [("NaN",) if pd.isna(v) else _kind(v) for v in ref.tolist()]
        assert [_kind(v) for v in new.tolist()] == want
        return
    if isinstance(ref, tuple):
        for n, r in zip(new, ref):
            assert_same(n, r)
    else:
        assert_same(new, ref)


CLEANERS = ("clean_code", "clean_number", "clean_date", "clean_month")
SPACES = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())

TEXT = [
    None, "", " ", "\u3000", "\t\n", " S01 ", "0400", "NA", "n/a", "Ｓ０１", "ｱｲｳ", "①", "㍻", "ﬁ",
    "\u200bS01", "S01\u200b", "\x1cS01\x1f", "\x85S01\xa0", "\u2028x\u2029", "a\u3000b",
    "1,234", "¥1,234円", "￥1,234", "(1,200)", "△1200", "▲1,200", "−5", "1200-", "12.5-", "1_000", "1e5",
    "inf", "-inf", "nan", "NaN", "١٢٣", "１２３", "12 345", "$12", "12 yen", "12JPY", "0x10", "--1", "(-1)",
    "2026/10/01", "2026-10-01", "2026.10.1", "2026年10月1日", "2026/10/01 09:30", "2026-10-01T09:30:15",
    "2026-10-01 09:30:15.250", "01-10-2026", "13/02/2026", "02/13/2026", "20261001", "46000", "46000.5",
    "2026-04", "2026/4", "2026年4月", "202604", "2026 - 04", "2026-13", "202613", "2026年１０月",
    "合計", "Total", "C536379", "CA-2016-152156", "S-01", "3.0", "-0", "0.1",
]


@pytest.mark.parametrize("name", CLEANERS)
@pytest.mark.parametrize("storage", ["pyarrow", "python"])
def test_text_columns_match_reference(name, storage):
    series = pd.Series(TEXT * 3, dtype=pd.StringDtype(storage, na_value=np.nan), name="col")
    series.index = series.index + 5  # sheet rows, not positions
    check(name, series)


@pytest.mark.parametrize("name", CLEANERS)
def test_object_columns_match_reference(name):
    check(name, pd.Series(TEXT * 2, dtype=object, name="col"))
    mixed = [None, np.nan, pd.NA, 1, 1.0, True, 2.5, -0.0, "1", " 1 ", pd.Timestamp("2026-10-01"), 46000.0,
             "2026-10", 20261001, "x"]
    check(name, pd.Series(mixed, dtype=object))


@pytest.mark.parametrize("name", CLEANERS)
@pytest.mark.parametrize("values", [
    [1.0, np.nan, 2.5, -0.0, 1e20, 1e300, 0.1, 123456789012.0, float("inf"), 46000.0, 20261001.0],
    [np.nan, np.nan],
    [1000000005.0, np.nan, 1000000005.0, 1000000006.0],
])
def test_float_columns_match_reference(name, values):
    check(name, pd.Series(values, name="n"))
    check(name, pd.Series(values, dtype="Float64"))


@pytest.mark.parametrize("name", CLEANERS)
@pytest.mark.parametrize("series", [
    pd.Series([], dtype=object), pd.Series([], dtype="str"), pd.Series([], dtype=float),
    pd.Series([None, None], dtype=object), pd.Series([None, None], dtype="str"),
    pd.Series([1, 2, 400], dtype="int64"), pd.Series([True, False]),
    pd.Series(pd.to_datetime(["2026-10-01 10:00", None, "2025-01-31 00:00"])),
    pd.Series(pd.to_datetime(["2026-10-01 10:00", "2025-01-31 00:00"]).tz_localize("Asia/Tokyo")),
])
def test_edge_columns_match_reference(name, series):
    check(name, series)


def test_day_first_choice_is_per_column():
    # month-first only when some second field exceeds 12 and no first field does
    for values in (["01/02/2026", "02/13/2026"], ["13/02/2026", "01/02/2026"], ["01/02/2026", "03/04/2026"],
                   ["01/02/2026"] * 50 + ["02/13/2026"] + [None] * 3):
        series = pd.Series(values, dtype="str")
        check("clean_date", series)
        check("clean_month", series)


def test_strip_matches_python_for_every_space_character():
    assert set(clean.PY_WHITESPACE) == set(SPACES)
    cells = [f"{c}x{c}" for c in SPACES] + [c * 2 for c in SPACES] + ["\u200bx\ufeff", "\u180ex"]
    series = pd.Series(cells, dtype="str")
    check("clean_code", series)
    assert clean.clean_code(series).tolist()[: len(SPACES)] == ["x"] * len(SPACES)


ALPHABET = st.sampled_from(list(" 0123456789,.-/()年月日:TCSx¥円△−\u3000１２ｱ①合計\x1f\xa0"))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(ALPHABET, max_size=12)), max_size=30))
def test_random_text_matches_reference(cells):
    for storage in ("pyarrow", "python"):
        series = pd.Series(cells, dtype=pd.StringDtype(storage, na_value=np.nan))
        for name in CLEANERS:
            check(name, series)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True),
                          st.integers(-10**12, 10**12).map(float)), max_size=30))
def test_random_floats_match_reference(cells):
    series = pd.Series(cells, dtype=float)
    for name in CLEANERS:
        check(name, series)
