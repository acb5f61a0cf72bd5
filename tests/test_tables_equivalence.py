"""The fast blank-row check of a sheet gives exactly what the plain one gives.

Blank rows are found column by column on the rows still blank; that must
agree with `is_blank` over every column.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kpipack.ingest import clean
from kpipack.ingest.tables import _blank_rows

TEXT = clean.TEXT


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
