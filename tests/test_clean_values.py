"""Cells as a person reads them: hand-written tables of cell -> expected value
for every cleaning rule (numbers, codes, dates, months), in every column type
the readers hand over (Arrow text, Python text, objects, floats)."""
from __future__ import annotations

import datetime as dt
import sys

import numpy as np
import pandas as pd
import pytest

from kpipack.ingest import clean

NAN = float("nan")
TEXT_KINDS = [pd.StringDtype("pyarrow", na_value=np.nan), pd.StringDtype("python", na_value=np.nan), object]


def _same(got: list, want: list) -> bool:
    return len(got) == len(want) and all((pd.isna(g) and pd.isna(w)) or g == w for g, w in zip(got, want))


# ---------------------------------------------------------------- numbers
NUMBERS = [  # cell, value (NaN with bad=True where the cell is not a number)
    ("1234", 1234.0), ("1,234", 1234.0), ("1,234,567.5", 1234567.5), ("12 345", 12345.0),
    ("１２３", 123.0), ("１，２３４．５", 1234.5), ("-0", -0.0), ("+5", 5.0), (".5", 0.5), ("5.", 5.0),
    ("1e5", 100000.0), ("1E-2", 0.01),
    # currencies before or after
    ("$28.00", 28.0), ("¥1,234", 1234.0), ("￥1,234", 1234.0), ("1,234円", 1234.0), ("¥1,234円", 1234.0),
    ("€12.50", 12.5), ("£3", 3.0), ("₹1,23,456.50", 123456.5), ("US$5", 5.0), ("Rs. 100", 100.0),
    ("12 yen", 12.0), ("12JPY", 12.0), ("100 USD", 100.0),
    ("\\1,234", 1234.0), ("＼1,234", 1234.0),  # the yen sign of a Shift_JIS file, decoded as a backslash
    # yen in thousands, ten-thousands, millions, hundred-millions
    ("30千円", 30_000.0), ("3万円", 30_000.0), ("1.5万円", 15_000.0), ("1,200万円", 12_000_000.0),
    ("2億円", 200_000_000.0), ("5百万円", 5_000_000.0), ("△3万円", -30_000.0), ("3万", NAN), ("5千個", NAN),
    # negatives
    ("-$0.90", -0.9), ("$-0.90", -0.9), ("-¥300", -300.0), ("¥-300", -300.0), ("(1,234)", -1234.0),
    ("($0.90)", -0.9), ("(¥1,000)", -1000.0), ("△1,234", -1234.0), ("▲1,200", -1200.0), ("−5", -5.0),
    ("－5", -5.0), ("1200-", -1200.0), ("12.5-", -12.5),
    # not numbers: flagged, never a guess
    ("12.00%", NAN), ("€12,50", NAN), ("1,2,3", NAN), ("12,34", NAN), ("1,2345", NAN), ("(-1)", NAN),
    ("--1", NAN), ("-5-", NAN), ("(12", NAN), ("12)", NAN), ("1_000", NAN), ("0x10", NAN), ("١٢٣", NAN),
    ("inf", NAN), ("合計", NAN), ("$", NAN), ("1$2", NAN), ("((1))", NAN), ("($1)$", NAN),
    # Excel's accounting format as text
    ("$ (1,234.00)", -1234.0), ("¥ (500)", -500.0),
]


@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_numbers_read_as_written(kind):
    cells = [c for c, _ in NUMBERS]
    values, bad = clean.clean_number(pd.Series(cells, dtype=kind))
    for cell, want, got, flagged in zip(cells, [v for _, v in NUMBERS], values, bad):
        if np.isnan(want):
            assert np.isnan(got) and flagged, cell
        else:
            assert got == want and not flagged, cell
            assert np.signbit(got) == np.signbit(want), cell


def test_a_percent_is_the_number_written_in_a_percentage_field_only():
    cells = pd.Series(["12.00%", "12%", "-3.5%", "０.５％", "12", "(4%)"], dtype=object)
    values, bad = clean.clean_number(cells, percent=True)
    assert values.tolist() == [12.0, 12.0, -3.5, 0.5, 12.0, -4.0] and not bad.any()
    values, bad = clean.clean_number(cells, percent=False)
    assert bad.tolist() == [True, True, True, True, False, True] and values.iloc[4] == 12.0
    assert clean.is_percent_field("gross_margin_pct") and clean.is_percent_field("value")
    assert not clean.is_percent_field("net_sales")


@pytest.mark.parametrize("cells, want", [
    (["1.234,56", "12,5", "1.200", "€ 3,99", "-0,90", "1 234,5"], [1234.56, 12.5, 1200.0, 3.99, -0.9, 1234.5]),
    (["1,234.56", "1.200", "12,5"], [1234.56, 1.2, NAN]),  # a decimal point shown: 12,5 is not a number
    (["1,234", "1.5"], [1234.0, 1.5]),
    (["1,234", "1.234", "12"], [1234.0, 1.234, 12.0]),  # nothing shows the mark: a decimal point
    (["1.234.567", "12"], [1234567.0, 12.0]), (["1,234,567", "1.234"], [1234567.0, 1.234]),
    (["12,50", "1,234"], [12.5, 1.234]),  # the column's decimal comma holds for every cell
    (["1.234,56", "1,234.56"], [NAN, 1234.56]),  # both marks shown: the decimal point, the other cell flagged
])
def test_a_column_that_writes_decimal_commas_is_read_so(cells, want):
    for kind in TEXT_KINDS:
        values, bad = clean.clean_number(pd.Series(cells, dtype=kind))
        assert _same(values.tolist(), want), (kind, values.tolist())
        assert bad.tolist() == [np.isnan(w) for w in want]


def test_empty_cells_and_missing_markers_are_missing_never_zero():
    cells = [None, "", " ", "\u3000", np.nan, "NA", "#N/A", "-", "－", "NULL", "nan", "不明"]
    for kind in TEXT_KINDS:
        values, bad = clean.clean_number(pd.Series(cells, dtype=kind))
        assert values.isna().all() and not bad.any()


def test_numeric_and_boolean_columns():
    values, bad = clean.clean_number(pd.Series([1.5, np.nan, -2.0]))
    assert _same(values.tolist(), [1.5, NAN, -2.0]) and not bad.any()
    values, bad = clean.clean_number(pd.Series([True, False]))
    assert values.isna().all() and bad.all()  # TRUE in an amount column is not an amount
    values, bad = clean.clean_number(pd.Series([1, "2", "¥3", None, 4.5, "x"], dtype=object))
    assert _same(values.tolist(), [1.0, 2.0, 3.0, NAN, 4.5, NAN]) and bad.tolist() == [0, 0, 0, 0, 0, 1]


# ---------------------------------------------------------------- codes
CODES = [  # cell, code (None: missing)
    ("S01", "S01"), (" S01 ", "S01"), ("0400", "0400"), ("000123", "000123"), ("Ｓ０１", "Ｓ０１"),
    ("NA1", "NA1"), ("Nan-Co", "Nan-Co"), ("C536379", "C536379"), ("-1", "-1"), ("a b", "a b"),
    ("", None), (" ", None), ("\u3000", None), (None, None),
    ("NA", None), ("na", None), ("N/A", None), ("n/a", None), ("#N/A", None), ("NULL", None), ("null", None),
    ("-", None), ("--", None), ("－", None), ("—", None), ("非会員", None), ("不明", None), (" 不明 ", None),
    ("nan", None), ("NaN", None), ("None", None), ("<NA>", None), ("#NULL!", None), ("(blank)", None),
    ("(空白)", None), ("ＮＡ", None), ("Ｎ／Ａ", None),
]


@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_codes_keep_their_text_and_missing_markers_are_missing(kind):
    out = clean.clean_code(pd.Series([c for c, _ in CODES], dtype=kind))
    assert out.dtype == clean.TEXT
    assert [None if pd.isna(v) else v for v in out] == [w for _, w in CODES]


def test_codes_from_numbers_and_mixed_cells():
    assert clean.clean_code(pd.Series([400.0, np.nan, 1.5])).tolist()[::2] == ["400", "1.5"]
    assert clean.clean_code(pd.Series([12, 400])).tolist() == ["12", "400"]
    mixed = clean.clean_code(pd.Series([400.0, "NA", " S1 ", None, 7], dtype=object))
    assert [None if pd.isna(v) else v for v in mixed] == ["400", None, "S1", None, "7"]


def test_codes_strip_exactly_what_python_strips():
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert set(clean.PY_WHITESPACE) == set(spaces)
    out = clean.clean_code(pd.Series([f"{c}x{c}" for c in spaces] + ["\u200bx"], dtype=TEXT_KINDS[0]))
    assert out.tolist() == ["x"] * len(spaces) + ["\u200bx"]  # a zero-width space is not white space


def test_each_white_space_alone_is_stripped_from_codes():
    # a column holding one kind of white space: the byte screen that skips the trim must still see it
    for c in clean.PY_WHITESPACE:
        out = clean.clean_code(pd.Series([f"{c}S1", "S2"], dtype=TEXT_KINDS[0]))
        assert out.tolist() == ["S1", "S2"], repr(c)


def test_the_bytes_of_a_sliced_text_column_cover_its_cells():
    column = pd.Series(["4.9E+12", "S1", "S2 "], dtype=TEXT_KINDS[0])
    data = clean.text_bytes(column.iloc[2:])
    assert b" " in data and b"S2" in data
    assert clean.text_bytes(pd.Series(["S1"], dtype=object)) is None
    assert clean.clean_code(column.iloc[1:]).tolist() == ["S1", "S2"]


# ---------------------------------------------------------------- dates
D = dt.datetime
DATES = [  # cell, timestamp (None: not a date)
    ("2026/10/01", D(2026, 10, 1)), ("2026-10-01", D(2026, 10, 1)), ("2026.10.1", D(2026, 10, 1)),
    ("2026年10月1日", D(2026, 10, 1)), ("２０２６年１０月１日", D(2026, 10, 1)), ("2026/10/01(木)", D(2026, 10, 1)),
    ("2026/10/01 09:30", D(2026, 10, 1, 9, 30)), ("2026-10-01T09:30:15", D(2026, 10, 1, 9, 30, 15)),
    ("2026-10-01 09:30:15.250", D(2026, 10, 1, 9, 30, 15)),
    ("2026-10-01T09:30:15+09:00", D(2026, 10, 1, 9, 30, 15)), ("2026-10-01T23:30:00Z", D(2026, 10, 1, 23, 30)),
    ("2026/10/1 9:30 PM", D(2026, 10, 1, 21, 30)), ("2026/10/1 12:30 AM", D(2026, 10, 1, 0, 30)),
    ("2026/10/1 12:05 pm", D(2026, 10, 1, 12, 5)), ("2026年10月1日(木) 9:30", D(2026, 10, 1, 9, 30)),
    ("20261001", D(2026, 10, 1)), ("20170921", D(2017, 9, 21)), ("46000", D(2025, 12, 9)),
    # Japanese eras
    ("令和8年10月1日", D(2026, 10, 1)), ("R8.10.3", D(2026, 10, 3)), ("R08/10/03", D(2026, 10, 3)),
    ("r8.10.3", D(2026, 10, 3)), ("Ｒ８．１０．３", D(2026, 10, 3)), ("令和元年5月1日", D(2019, 5, 1)),
    ("H31.4.30", D(2019, 4, 30)), ("平成31年4月30日", D(2019, 4, 30)), ("㍻31年4月30日", D(2019, 4, 30)),
    ("平成元年1月8日", D(1989, 1, 8)), ("昭和64年1月7日", D(1989, 1, 7)), ("S50.4.1", D(1975, 4, 1)),
    # English month names
    ("01-Oct-2026", D(2026, 10, 1)), ("1 Oct 2026", D(2026, 10, 1)), ("Oct 1, 2026", D(2026, 10, 1)),
    ("October 1, 2026", D(2026, 10, 1)), ("Thu, Oct 1, 2026", D(2026, 10, 1)), ("1-Oct-26", D(2026, 10, 1)),
    ("1-Oct-95", D(1995, 10, 1)), ("Thursday, 1 October 2026", D(2026, 10, 1)), ("2026-Oct-01", D(2026, 10, 1)),
    ("Sept 3, 2026", D(2026, 9, 3)), ("Oct 1 2026 9:30 PM", D(2026, 10, 1, 21, 30)),
    ("2026-10-01 09:30:00+09", D(2026, 10, 1, 9, 30)), ("2026-10-01 09:30 JST", D(2026, 10, 1, 9, 30)),
    ("31-Feb-2026", None), ("Octo 1, 2026", D(2026, 10, 1)),
    ("大正15年12月24日", D(1926, 12, 24)), ("明治45年7月29日", D(1912, 7, 29)), ("令和8年10月1日(木)", D(2026, 10, 1)),
    # clock times in words: 午前/午後 count 0-12 (午前0時 midnight, 午後0時 noon), 時/分/秒, a.m./p.m.
    ("2026/10/01 午後 2:05:33", D(2026, 10, 1, 14, 5, 33)), ("2026/10/1 午前9:05", D(2026, 10, 1, 9, 5)),
    ("2026年10月1日 14時05分", D(2026, 10, 1, 14, 5)), ("2026年10月1日14時5分30秒", D(2026, 10, 1, 14, 5, 30)),
    ("2026-10-01 午後2時", D(2026, 10, 1, 14)), ("2026/10/01(木) 午後2:05", D(2026, 10, 1, 14, 5)),
    ("2026/10/01 午前0:05", D(2026, 10, 1, 0, 5)), ("2026/10/01 午後0:30", D(2026, 10, 1, 12, 30)),
    ("2026/10/01 午前12:05", D(2026, 10, 1, 0, 5)), ("2026/10/01 午後12:30", D(2026, 10, 1, 12, 30)),
    ("2026/10/01 2:05 p.m.", D(2026, 10, 1, 14, 5)), ("2026/10/01 12:00 a.m.", D(2026, 10, 1)),
    ("13/10/2026(火)", D(2026, 10, 13)),  # year last with a weekday
    ("2026/10/01 午後13:30", None), ("2026/10/01 午後2:05 PM", None), ("午後2時5分", None), ("時計", None),
    # not dates
    ("R1.4.30", None), ("平成元年1月7日", None), ("2026/13/01", None), ("2026/02/30", None),
    ("2026/10/01 25:00", D(2026, 10, 2, 1)),  # past midnight, as late shops write it
    ("2026/10/1 13:30 PM", None), ("2026/10/1 0:30 AM", None), ("2026/10/01 30:00", None),
    ("2026/10/01 09:75", None), ("2026/10/01 09:30:60", None),
    ("20261301", None), ("合計", None), ("Total", None), ("10/2026", None), ("X8.10.3", None),
]


@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_dates_read_as_written(kind):
    cells = [c for c, _ in DATES]
    values, bad = clean.clean_date(pd.Series(cells, dtype=kind))
    for (cell, want), got, flagged in zip(DATES, values, bad):
        if want is None:
            assert pd.isna(got) and flagged, cell
        else:
            assert got == pd.Timestamp(want) and not flagged, cell


def test_date_cells_and_numbers():
    values, bad = clean.clean_date(pd.Series([46000.0, 20261001.0, np.nan, 46000.5, -1.0, 1e12]))
    assert values.tolist()[:2] == [pd.Timestamp(2025, 12, 9), pd.Timestamp(2026, 10, 1)]
    assert values.iloc[3] == pd.Timestamp(2025, 12, 9, 12)
    assert bad.tolist() == [False, False, False, False, True, True]
    stamps = pd.Series(pd.to_datetime(["2026-10-01 10:00", "2025-01-31 00:00"]).tz_localize("Asia/Tokyo"))
    values, bad = clean.clean_date(stamps)
    assert values.tolist() == [pd.Timestamp(2026, 10, 1, 10), pd.Timestamp(2025, 1, 31)] and not bad.any()


# Year-last dates: the whole column says day or month first.
ORDER_CASES = [  # column, its dates as (year, month, day)
    (["05-02-2010", "12-02-2010", "19-02-2010"], [(2010, 2, 5), (2010, 2, 12), (2010, 2, 19)]),  # Walmart
    (["1/5/2019", "3/8/2019", "1/27/2019"], [(2019, 1, 5), (2019, 3, 8), (2019, 1, 27)]),  # Kaggle supermarket
    (["01.02.2026", "31.01.2026"], [(2026, 2, 1), (2026, 1, 31)]),
    (["01/01/2026", "2026-10-02"], [(2026, 1, 1), (2026, 10, 2)]),  # reads the same either way
    (["10/01/2026 09:30", "10/13/2026"], [(2026, 10, 1), (2026, 10, 13)]),
    (["40/02/2026", "10/02/2026", "10/13/2026"], [None, (2026, 10, 2), (2026, 10, 13)]),  # 40 is no evidence
]


@pytest.mark.parametrize("cells, want", ORDER_CASES)
def test_day_or_month_first_is_decided_by_the_whole_column(cells, want):
    values, bad = clean.clean_date(pd.Series(cells + [None], dtype="str"))
    got = [None if pd.isna(v) else (v.year, v.month, v.day) for v in values]
    assert got == want + [None]
    assert bad.tolist() == [w is None for w in want] + [False]


@pytest.mark.parametrize("cells, examples, mixed", [
    ([f"10/{d:02d}/2026" for d in range(1, 13)], ["10/01/2026", "10/02/2026", "10/03/2026"], False),
    (["2026-10-01", "2026-10-02", "10/7/2026"], ["10/7/2026"], False),  # decided by its slash dates alone
    (["13/02/2026", "02/13/2026", "01/01/2026"], ["13/02/2026", "02/13/2026"], True),
])
def test_a_column_that_reads_both_ways_is_never_guessed(cells, examples, mixed):
    for series in (pd.Series(cells, dtype="str"), pd.Series(cells, dtype=object)):
        with pytest.raises(clean.DateOrderUnclear) as caught:
            clean.clean_date(series)
        assert caught.value.examples == examples and caught.value.mixed is mixed
        with pytest.raises(clean.DateOrderUnclear):
            clean.clean_month(series)


def test_the_date_order_setting_settles_a_column():
    cells = pd.Series(["10/01/2026", "10/12/2026", "2026-10-05", "10/13/2026"], dtype="str")
    values, bad = clean.clean_date(cells, "mdy")
    assert values.tolist() == [pd.Timestamp(2026, 10, 1), pd.Timestamp(2026, 10, 12), pd.Timestamp(2026, 10, 5),
                               pd.Timestamp(2026, 10, 13)] and not bad.any()
    values, bad = clean.clean_date(cells, "dmy")
    assert values.tolist()[:3] == [pd.Timestamp(2026, 1, 10), pd.Timestamp(2026, 12, 10), pd.Timestamp(2026, 10, 5)]
    assert bad.tolist() == [False, False, False, True]  # month 13 does not exist: that cell is flagged
    months, bad = clean.clean_month(cells, "dmy")
    assert months.tolist()[:3] == ["2026-01", "2026-12", "2026-10"] and bad.tolist()[3]


# ---------------------------------------------------------------- months
MONTHS = [  # cell, month (None: not a month)
    ("2026-04", "2026-04"), ("2026/4", "2026-04"), ("2026年4月", "2026-04"), ("2026年１０月", "2026-10"),
    ("2026 - 04", "2026-04"), ("202604", "2026-04"), ("04/2026", "2026-04"), ("4-2026", "2026-04"),
    ("令和8年4月", "2026-04"), ("R8.4", "2026-04"), ("平成31年4月", "2019-04"), ("令和元年5月", "2019-05"),
    ("2026/10/01", "2026-10"), ("2026年10月15日", "2026-10"), ("R8.10.3", "2026-10"), ("Apr 2026", "2026-04"),
    ("April-2026", "2026-04"), ("2026-Apr", "2026-04"), ("01-Oct-2026", "2026-10"),
    ("2026-13", None), ("202613", None), ("13/2026", None), ("R1.4", None), ("合計", None),
]


@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_months_read_as_written(kind):
    months, bad = clean.clean_month(pd.Series([c for c, _ in MONTHS], dtype=kind))
    assert [None if pd.isna(m) else m for m in months] == [w for _, w in MONTHS]
    assert bad.tolist() == [w is None for _, w in MONTHS]


def test_months_from_date_cells_and_serials():
    months, bad = clean.clean_month(pd.Series(pd.to_datetime(["2026-10-31", None])))
    assert [None if pd.isna(m) else m for m in months] == ["2026-10", None] and not bad.any()
    months, bad = clean.clean_month(pd.Series([46000.0, 20261001.0]))
    assert months.tolist() == ["2025-12", "2026-10"] and not bad.any()


# ---------------------------------------------------------------- per distinct value
def test_a_long_column_gives_each_cell_its_own_value_in_place():
    cells = ["¥1,000", None, "(200)", "x", "¥1,000"] * 2000
    series = pd.Series(cells, dtype=TEXT_KINDS[0], index=range(7, 7 + len(cells)))
    values, bad = clean.clean_number(series)
    assert values.index.equals(series.index)
    assert _same(values.tolist()[:5], [1000.0, NAN, -200.0, NAN, 1000.0])
    assert bad.tolist()[:5] == [False, False, False, True, False]
    assert values.sum() == 2000 * 1800.0 and bad.sum() == 2000
