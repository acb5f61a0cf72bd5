"""The results JSON's long lists kept as JSON texts (kpis.results.JsonRows):
each row reads back as the dict json.dumps would have written."""
import json

import numpy as np
import pandas as pd

from kpipack.kpis.results import JsonRows, write_results


def _frame():
    return pd.DataFrame({
        "store": pd.array(["S1", None, "渋谷店"], dtype="string[pyarrow]"),
        "sku": ["a\"b\\c", "x\ny", float("nan")],
        "qty": [3.0, np.nan, 0.1 + 0.2],
        "cover": [np.inf, -np.inf, 1e-300],
        "count": np.array([1, 2, 3], dtype=np.int64),
        "staple": [True, False, True],
        "when": [pd.Timestamp("2026-10-31"), pd.NaT, pd.Timestamp("2026-01-02")],
        "flags": [["overstock"], [], ["stockout_risk", "dead_stock"]],
    })


EXPECTED = [
    {"store": "S1", "sku": "a\"b\\c", "qty": 3.0, "cover": None, "count": 1, "staple": True, "when": "2026-10-31",
     "flags": ["overstock"]},
    {"store": None, "sku": "x\ny", "qty": None, "cover": None, "count": 2, "staple": False, "when": None, "flags": []},
    {"store": "渋谷店", "sku": None, "qty": 0.30000000000000004, "cover": 1e-300, "count": 3, "staple": True,
     "when": "2026-01-02", "flags": ["stockout_risk", "dead_stock"]},
]


def test_rows_read_back_as_written_with_their_types_and_key_order():
    rows = JsonRows.of_frame(_frame(), list(_frame().columns), lists=("flags",))
    assert len(rows) == 3
    got = list(rows)
    assert got == EXPECTED
    for row, want in zip(got, EXPECTED):
        assert list(row) == list(want)
        assert [type(v) for v in row.values()] == [type(v) for v in want.values()]
    assert rows[2] == EXPECTED[2] and rows[-1] == EXPECTED[2]


def test_results_file_is_strict_json_with_a_row_per_line(tmp_path):
    rows = JsonRows.of_frame(_frame(), list(_frame().columns), lists=("flags",))
    path = tmp_path / "results.json"
    write_results({"schema": "x", "replenishment": rows, "empty": JsonRows.of_frame(_frame().iloc[:0], ["qty"]),
                   "kpis": [{"id": "net_sales", "actual": 1.5}]}, path)
    text = path.read_text(encoding="utf-8")

    def refuse(name):
        raise AssertionError(name)
    data = json.loads(text, parse_constant=refuse)
    assert data == {"schema": "x", "replenishment": EXPECTED, "empty": [], "kpis": [{"id": "net_sales", "actual": 1.5}]}
    lines = text.splitlines()
    assert lines[0] == "{" and lines[-1] == "}"
    assert sum(line.startswith("  {\"store\"") for line in lines) == 3  # a row per line


def test_many_rows_keep_their_order_across_batches():
    n = 3 * JsonRows.BATCH + 7
    frame = pd.DataFrame({"i": np.arange(n, dtype=np.int64), "x": np.arange(n) / 7.0})
    rows = JsonRows.of_frame(frame, ["i", "x"])
    got = list(rows)
    assert [r["i"] for r in got] == list(range(n))
    assert all(r["x"] == i / 7.0 for i, r in enumerate(got))
    assert rows[n - 1] == {"i": n - 1, "x": (n - 1) / 7.0}
