"""The fast row checks of a sheet give exactly what the plain pandas ones give.

Duplicate lines are found from a hash of the numbers and dates first, and
blank rows column by column on the rows still blank; both must agree with
`DataFrame.duplicated` over every column and with `is_blank` over every
column, including NaN, NaT, -0.0 and text that differs only where numbers
repeat.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kpipack.ingest import clean
from kpipack.ingest.tables import _blank_rows, _duplicates

TEXT = clean.TEXT


def ref_duplicates(frame: pd.DataFrame) -> list[tuple[int, int]]:
    """(row, first row of its kind) for every duplicate line after the first."""
    cols = [c for c in frame.columns if not c.startswith("_")]
    dup = frame.duplicated(subset=cols, keep=False)
    out = []
    for row in frame.index[dup]:
        same = (frame[cols] == frame.loc[row, cols]) | (frame[cols].isna() & frame.loc[row, cols].isna())
        out.append((int(row), int(frame.index[same.all(axis=1)].min())))
    return [(r, f) for r, f in out if r != f]


amounts = st.sampled_from([100.0, 250.0, -0.0, 0.0, np.nan, 1e-9])
codes = st.sampled_from(["R1", "R2", " R1", None])
days = st.sampled_from([pd.Timestamp("2026-10-01"), pd.Timestamp("2026-10-01 09:30"), pd.NaT])


@st.composite
def sales_frames(draw):
    n = draw(st.integers(min_value=0, max_value=25))
    frame = pd.DataFrame({
        "date": pd.Series([draw(days) for _ in range(n)], dtype="datetime64[ns]"),
        "receipt": pd.Series([draw(codes) for _ in range(n)], dtype=TEXT),
        "sku": pd.Series([draw(st.sampled_from(["A", "B", None])) for _ in range(n)], dtype=TEXT),
        "net_sales": pd.Series([draw(amounts) for _ in range(n)], dtype=float),
        "qty": pd.Series([draw(st.sampled_from([1.0, 2.0, np.nan])) for _ in range(n)], dtype=float),
    })
    frame.index = range(2, 2 + n)  # sheet rows
    frame["_file"] = "pos.xlsx"
    return frame


@settings(max_examples=300, deadline=None)
@given(sales_frames())
def test_duplicates_agree_with_pandas(frame):
    found = [(w.row, w.params["first"]) for w in _duplicates(frame, "pos.xlsx", "Sheet1")]
    assert found == ref_duplicates(frame)


def test_duplicates_differing_only_in_text_are_not_duplicates():
    frame = pd.DataFrame({"date": pd.to_datetime(["2026-10-01"] * 3), "receipt": pd.array(["R1", "R2", "R1"], dtype=TEXT),
                          "net_sales": [100.0, 100.0, 100.0]}, index=[2, 3, 4])
    assert [(w.row, w.params["first"]) for w in _duplicates(frame, "f", "s")] == [(4, 2)]


def test_negative_zero_and_nan_count_as_the_same_number():
    frame = pd.DataFrame({"receipt": pd.array(["R1", "R1", "R1", "R1"], dtype=TEXT),
                          "net_sales": [0.0, -0.0, np.nan, float("nan")]}, index=[2, 3, 4, 5])
    assert [(w.row, w.params["first"]) for w in _duplicates(frame, "f", "s")] == [(3, 2), (5, 4)]


cells = st.one_of(st.none(), st.just(""), st.just(" \u3000"), st.just("x"), st.just(" 1 "))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(cells, min_size=4, max_size=4), max_size=20),
       st.lists(st.sampled_from([np.nan, 0.0, 5.0]), min_size=20, max_size=20))
def test_blank_rows_agree_with_every_column_blank(rows, numbers):
    texts = [pd.Series([r[i] for r in rows], dtype=object) for i in range(4)]
    columns = texts[:2] + [pd.Series(numbers[:len(rows)], dtype=float)] + [texts[2].astype(TEXT), texts[3]]
    expected = np.ones(len(rows), dtype=bool)
    for series in columns:
        expected &= clean.is_blank(series).to_numpy(dtype=bool)
    assert _blank_rows(columns, len(rows)).tolist() == expected.tolist()
