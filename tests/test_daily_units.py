"""The pairs' daily units as the book stock reads them (supply.daily_units):
batches kept in narrow types where exact, every value as the lines give it."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpipack.kpis import lineparts as L
from kpipack.kpis.supply import daily_units

BIG = 2.0 ** 25 + 1  # a whole number 32-bit floats cannot hold


def _series(lines: pd.DataFrame, monkeypatch, per_part: int) -> dict:
    monkeypatch.setattr(L, "SERIES_LINES_PER_PART", per_part)
    got = daily_units(L.LineParts(L.DuckLines(lines)))
    out = {}
    for i, (store, sku) in enumerate(got.pairs[["store", "sku"]].itertuples(index=False)):
        a, b = got.offsets[i], got.offsets[i + 1]
        for day, qty, n in zip(got.day[a:b], got.qty[a:b], got.lines[a:b]):
            out[(store, sku, str(np.datetime64(int(day), "D")))] = (float(qty), float(n))
    return out, got


LINES = pd.DataFrame({
    "date": pd.to_datetime(["2026-01-05", "2026-01-05", "2026-01-06", "2026-02-01", "2026-02-01", "2026-02-02"]),
    "store": ["S1", "S1", "S1", "S2", "S2", "S3"],
    "sku": ["A", "A", "A", "B", "B", "C"],
    "qty": [2.0, 1.0, -1.0, 0.1, 0.2, BIG],
    "net_sales": [10.0] * 6,
    "receipt": ["R1", "R2", "R3", "R4", "R5", "R6"],
})


@pytest.mark.parametrize("per_part", [1, 100])
def test_values_exact_whatever_the_batches(monkeypatch, per_part):
    got, series = _series(LINES, monkeypatch, per_part)
    assert got == {("S1", "A", "2026-01-05"): (3.0, 2.0), ("S1", "A", "2026-01-06"): (-1.0, 1.0),
                   ("S2", "B", "2026-02-01"): (0.1 + 0.2, 2.0), ("S3", "C", "2026-02-02"): (BIG, 1.0)}
    assert series.qty.dtype == np.float64  # 0.3 and 2**25 + 1 need 64 bits


def test_whole_units_held_in_fewer_bytes(monkeypatch):
    whole = LINES.assign(qty=[2.0, 1.0, -1.0, 4.0, 5.0, 7.0])
    got, series = _series(whole, monkeypatch, 100)
    assert got[("S2", "B", "2026-02-01")] == (9.0, 2.0) and got[("S3", "C", "2026-02-02")] == (7.0, 1.0)
    assert series.qty.itemsize + series.day.itemsize + series.lines.itemsize == 4 + 2 + 2
