"""Labour hours kept by kind of staff, a column each: the store's labour hours
are their sum, each column read as an hours column is, and the report names
the columns summed. A column of all hours beside them is the one read."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from kpipack.domain import Settings
from kpipack.pipeline import build_pack

SALES = pd.DataFrame({"日付": ["2026/10/01", "2026/10/02"], "店舗": ["本店", "本店"], "売上": [100000, 120000],
                      "客数": [50, 60]})


def build(tmp_path, labour: pd.DataFrame, lang: str = "en") -> tuple[dict, list[str]]:
    SALES.to_csv(tmp_path / "sales.csv", index=False, encoding="cp932")
    labour.to_csv(tmp_path / "labour.csv", index=False, encoding="cp932")
    js = tmp_path / "r.json"
    build_pack([tmp_path / "sales.csv", tmp_path / "labour.csv"], Settings(period="2026-10", lang=lang),
               out=tmp_path / "r.xlsx", json_out=js, use_cache=False)
    got = json.loads(js.read_text())
    return ({r["id"]: r["actual"] for r in got["kpis"] if r["scope"] == "total"},
            [w["problem"] for w in got["data_quality"]["warnings"]])


@pytest.mark.parametrize("headers", [("社員労働時間", "パート労働時間"), ("労働時間(社員)", "労働時間(パート)"),
                                     ("Full-time hours", "Part-time hours"), ("正社員 人時", "アルバイト 人時")])
def test_hours_by_kind_of_staff_are_summed(tmp_path, headers):
    labour = pd.DataFrame({"日付": ["2026/10/01", "2026/10/02"], "店舗": ["本店", "本店"],
                           headers[0]: [16, 16], headers[1]: [20, 24]})
    kpis, said = build(tmp_path, labour)
    assert kpis["labor_hours"] == pytest.approx(16 + 16 + 20 + 24)
    assert f"labour hours is the sum of the columns {headers[0]}, {headers[1]}" in \
        [s[0].lower() + s[1:] for s in said]


def test_each_kind_is_read_as_hours_are_durations_and_minutes_alike(tmp_path):
    labour = pd.DataFrame({"日付": ["2026/10/01", "2026/10/02"], "店舗": ["本店", "本店"],
                           "社員労働時間": ["8:00", "16:30"], "パート労働時間(分)": [1200, None], "来店客数": [100, 120]})
    kpis, said = build(tmp_path, labour, lang="ja")
    assert kpis["labor_hours"] == pytest.approx(8 + 16.5 + 1200 / 60)  # the blank minutes: none that day
    assert kpis["visitors"] == 220
    assert "労働時間は列 社員労働時間, パート労働時間(分) の合計です" in said


def test_a_column_of_all_hours_beside_the_kinds_is_the_one_read(tmp_path):
    labour = pd.DataFrame({"日付": ["2026/10/01", "2026/10/02"], "店舗": ["本店", "本店"], "総労働時間": [36, 41],
                           "社員労働時間": [16, 16], "パート労働時間": [20, 24]})
    kpis, said = build(tmp_path, labour)
    assert kpis["labor_hours"] == pytest.approx(77)
    assert not any("sum of the columns" in s for s in said)
