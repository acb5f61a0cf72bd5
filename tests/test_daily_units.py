"""The pairs' daily units as the book stock reads them (supply.daily_units):
batches kept in narrow types where exact, every value as the lines give it."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpipack.kpis import lineparts as L
from kpipack.kpis.supply import daily_units

BIG = 2.0 ** 25 + 1  # a whole number 32-bit floats cannot hold


def _series(lines: pd.DataFrame, monkeypatch, per_part: int, kept_lines: int | None = None) -> dict:
    monkeypatch.setattr(L, "SERIES_LINES_PER_PART", per_part)
    if kept_lines is not None:  # each part scans the lines, in parts of the same size
        monkeypatch.setattr(L.DuckLines, "kept_lines", kept_lines)
        monkeypatch.setattr(L, "SCANNED_LINES_PER_PART", per_part)
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


@pytest.mark.parametrize("kept_lines", [None, 1_000])
def test_many_pairs_each_gathered_whole(monkeypatch, kept_lines):
    """Thousands of pairs over many days, in several parts: each pair's days,
    units and line counts are those of pandas' own grouping of the lines,
    whether the daily rows are kept in one table or each part groups its own
    pairs' lines (more lines than the engine keeps)."""
    rng = np.random.default_rng(7)
    n = 20_000
    lines = pd.DataFrame({"date": pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 90, n), unit="D"),
                          "store": rng.choice([f"S{i}" for i in range(40)], n),
                          "sku": rng.choice([f"K{i:04d}" for i in range(300)], n),
                          "qty": rng.integers(-1, 4, n).astype(float), "net_sales": 1.0})
    got, series = _series(lines, monkeypatch, 4_000, kept_lines)
    want = lines.assign(day=lines["date"].dt.strftime("%Y-%m-%d")).groupby(["store", "sku", "day"]).agg(
        qty=("qty", "sum"), n=("qty", "size"))
    assert got == {k: (float(q), float(c)) for k, q, c in zip(want.index, want["qty"], want["n"])}
    assert len(series.pairs) == len(series.pairs.drop_duplicates()) == want.droplevel("day").index.nunique()


def test_the_stable_order_of_wide_codes():
    rng = np.random.default_rng(3)
    for top in (5, 70_000, 2 ** 40):
        code = rng.integers(0, top, 5_000)
        np.testing.assert_array_equal(L._stable_order(code), np.argsort(code, kind="stable"))
    assert len(L._stable_order(np.zeros(0, dtype=np.int64))) == 0
