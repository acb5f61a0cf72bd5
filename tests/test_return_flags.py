"""A type column that is a flag of returns (返品フラグ 1 / 0, Is Return TRUE /
FALSE) makes its marked rows returns: their amounts given back whichever sign
they were written with. The importer and the query engine read it alike."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from kpipack.domain import Settings
from kpipack.kpis import linefiles
from kpipack.pipeline import build_pack

LINES = {"日付": ["2026/10/01", "2026/10/01", "2026/10/02"], "店舗": ["本店"] * 3, "レシートNo": [1, 2, 3],
         "商品名": ["A", "B", "C"], "売上金額": [1000, 2000, 3000]}


@pytest.mark.parametrize("header, marks", [("返品フラグ", [0, 1, 0]), ("返品区分", ["0", "1", "0"]),
                                           ("Is Return", ["FALSE", "TRUE", "FALSE"]),
                                           ("Return flag", ["", "Y", ""])])
@pytest.mark.parametrize("kind", ["csv", "parquet", "big csv"])
def test_marked_rows_of_a_return_flag_are_returns(tmp_path, monkeypatch, header, marks, kind):
    frame = pd.DataFrame({**LINES, header: marks})
    if kind == "parquet":
        path = tmp_path / "pos.parquet"
        frame.to_parquet(path)
    else:
        path = tmp_path / "pos.csv"
        frame.to_csv(path, index=False)
        if kind == "big csv":
            monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    build_pack([path], Settings(period="2026-10", lang="en"), out=tmp_path / "r.xlsx", json_out=tmp_path / "r.json",
               use_cache=False)
    kpis = {r["id"]: r["actual"] for r in json.loads((tmp_path / "r.json").read_text())["kpis"]
            if r["scope"] == "total"}
    assert kpis["net_sales"] == pytest.approx(1000 - 2000 + 3000)
    assert kpis["transactions"] == 2  # the receipts with positive net sales
