"""Dates written as text with a clock time, in full-width digits, with AM/PM,
past midnight or in words, read by the query engine (big CSV, Parquet) as the
importer reads them: each line's month and the month's totals worked out by
hand, the same through the importer, the engine's CSV and its Parquet."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from test_engine_rules import imported_and_engine, kpi
from test_linefiles import same_results

# each line's amount a power of two, so that a sum names its lines
CLOCKED = [
    ("2026/03/01 09:30", "2026-03"),
    ("２０２６/０３/０２ ０９:３０", "2026-03"),  # full-width digits, as NFKC reads them
    ("２０２６／０３／０３", "2026-03"),
    ("2026/03/31 24:30", "2026-04"),  # half past midnight, written as the shop's day: 1 April
    ("2026/03/10 12:30 AM", "2026-03"),
    ("2026/03/10 0:30 PM", None),  # no such time on a 12-hour clock: no date
    ("20260303 09:30", None),  # a yyyymmdd number with a time after it: no date, as the importer's
    ("2026-03-04T10:00:00+09:00", "2026-03"),  # the clock time as written, the offset dropped
    ("2026年3月5日 午後2時5分", "2026-03"),  # a time in words: read whole
    ("2026/03/06(金) 10:00", "2026-03"),
    ("2026/02/28 23:00", "2026-02"),
]


def clocked_lines() -> pd.DataFrame:
    return pd.DataFrame({"Date": [d for d, _ in CLOCKED], "Store": "S1",
                         "Receipt": [f"R{n}" for n in range(len(CLOCKED))], "SKU": "A", "Qty": 1,
                         "Net sales": [float(2 ** n) for n in range(len(CLOCKED))]})


def test_clock_times_full_width_digits_and_words_give_each_line_its_month_on_the_engine(tmp_path, monkeypatch):
    march = sum(2 ** n for n, (_, month) in enumerate(CLOCKED) if month == "2026-03")
    assert march == 1 + 2 + 4 + 16 + 128 + 256 + 512  # worked out by hand from the list above
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, clocked_lines())
    for got in (want, csv, parquet):
        assert kpi(got, "net_sales") == pytest.approx(919.0)
        quality = got["data_quality"]
        assert quality["rows_used"] == 9 and quality["rows_read"] == 11
        first = 6 if got is parquet else 7  # lines 6 and 7: a sheet's rows 7 and 8 below its header
        assert sorted((i["row"], i["problem"]) for i in quality["issues"]) == [
            (first, "date '2026/03/10 0:30 PM' is not a date"), (first + 1, "date '20260303 09:30' is not a date")]
    same_results(want, csv)
    same_results(want, parquet)


def cli_json(path, out, engine_mb: str | None) -> dict:
    env = dict(os.environ)
    env.pop("KPIPACK_ENGINE_CSV_MB", None)
    if engine_mb is not None:
        env["KPIPACK_ENGINE_CSV_MB"] = engine_mb
    proc = subprocess.run([sys.executable, "-m", "kpipack", "build", str(path), "--period", "2026-10", "--quiet",
                           "--no-cache", "--lang", "en", "--json", str(out)], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text())


def test_full_width_dates_give_the_same_month_and_totals_through_the_importer_and_the_engine(tmp_path):
    """２０２６/１０/０１ … : 40 lines over 20 days of October 2026 (sales 1 … 40: 820),
    two in September (1,000 each), read by the importer and, forced with
    KPIPACK_ENGINE_CSV_MB, by the engine."""
    days = [f"２０２６/１０/{d:02d}".translate(str.maketrans("0123456789", "０１２３４５６７８９"))
            for d in range(1, 21)]
    dates = [f"{day} {'１０:１５' if n % 2 else '９:０５'}" for n, day in enumerate(days * 2)] + \
        ["２０２６/０９/３０", "２０２６/０９/２９ ２３:５９"]
    path = tmp_path / "pos.csv"
    pd.DataFrame({"Date": dates, "Store": "S1", "Receipt": [f"R{n}" for n in range(42)], "SKU": "A", "Qty": 1,
                  "Product": "りんご" * 100,  # a file over the 0.01 MB the engine is forced to read from
                  "Net sales": list(range(1, 41)) + [1000, 1000]}).to_csv(path, index=False)
    assert path.stat().st_size > 0.01 * (1 << 20)
    importer = cli_json(path, tmp_path / "importer.json", None)
    engine = cli_json(path, tmp_path / "engine.json", "0.01")
    said = json.dumps(engine["data_quality"], ensure_ascii=False)
    assert "read by the query engine" in said and "read by the query engine" not in json.dumps(importer)
    for got in (importer, engine):
        assert got["period"] == "2026-10"
        assert kpi(got, "net_sales") == pytest.approx(820.0)
        assert got["data_quality"]["rows_used"] == 42
    same_results(importer, engine)


def test_clock_times_on_spark_as_on_duckdb(tmp_path, monkeypatch):
    pytest.importorskip("pyspark", reason="the spark extra (make test-spark installs it)")
    from kpipack.kpis import linefiles
    from test_linefiles import build

    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    clocked_lines().to_csv(tmp_path / "pos.csv", index=False)
    duck, spark = (build(tmp_path, [tmp_path / "pos.csv"], name=e, engine=e) for e in ("duckdb", "spark"))
    for got in (duck, spark):
        assert kpi(got, "net_sales") == pytest.approx(919.0) and got["data_quality"]["rows_used"] == 9
    same_results(duck, spark)


def test_dates_other_than_iso_after_the_first_thousand_lines_are_read_as_the_importer_reads_them(tmp_path,
                                                                                               monkeypatch):
    """1,200 lines dated 2026-03-01 10:00 (1 each), then 2026/03/31 24:30 (1 April, 100) and
    ２０２６/０３/３１ ２３:５９ (March, 1,000): March 1,200 + 1,000."""
    dates = ["2026-03-01 10:00:00"] * 1200 + ["2026/03/31 24:30", "２０２６/０３/３１ ２３:５９"]
    lines = pd.DataFrame({"Date": dates, "Store": "S1", "Receipt": [f"R{n}" for n in range(len(dates))],
                          "SKU": "A", "Qty": 1, "Net sales": [1.0] * 1200 + [100.0, 1000.0]})
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, lines)
    for got in (want, csv, parquet):
        assert kpi(got, "net_sales") == pytest.approx(2200.0) and got["data_quality"]["rows_used"] == 1202
    same_results(want, csv)
