"""More receipts than visitors in the period (a conversion above 100 %) is no
shop's figure: it is shown as computed and said, naming the store, the
month and both counts."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from kpipack.domain import Settings
from kpipack.pipeline import build_pack


def test_a_store_with_more_receipts_than_visitors_is_said(tmp_path):
    pd.DataFrame({"date": ["2026-10-01", "2026-10-02", "2026-10-01"], "store": ["A", "A", "B"],
                  "net sales": [100000, 120000, 50000], "transactions": [50, 60, 30]}).to_csv(tmp_path / "s.csv",
                                                                                         index=False)
    pd.DataFrame({"date": ["2026-10-01", "2026-10-02", "2026-10-01"], "store": ["A", "A", "B"],
                  "visitors": [40, 60, 100]}).to_csv(tmp_path / "t.csv", index=False)
    build_pack([tmp_path / "s.csv", tmp_path / "t.csv"], Settings(period="2026-10", lang="en"),
               out=tmp_path / "r.xlsx", json_out=tmp_path / "r.json", use_cache=False)
    got = json.loads((tmp_path / "r.json").read_text())
    said = [w["problem"] for w in got["data_quality"]["warnings"] if "conversion is" in w["problem"]]
    # A: 110 receipts over 100 visitors = 110 %; B: 30 over 100; all stores: 140 over 200 = 70 %
    assert said == ["Store A, 2026-10: conversion is 110.0 % — 110 receipts against 100 visitors, more buyers than "
                    "visitors. Check the traffic counts (a door the counter misses, days without a count, visitors "
                    "in another unit)"]
    conversion = {r["scope"]: r["actual"] for r in got["kpis"] if r["id"] == "conversion_rate_pct"}
    assert conversion["store:A"] == pytest.approx(110.0) and conversion["total"] == pytest.approx(70.0)
