"""Traffic given both by day and as a month's total for the same store and
month counts once: the days are read, the month's row is rejected (as the
same traffic again where it equals the days' sum, naming the difference where
it does not), each said. Figures worked out by hand."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from kpipack.domain import Settings
from kpipack.pipeline import build_pack

# S001 sells 1,000 + 2,500 + 800 = 4,300, S002 1,200 + 900 = 2,100 in October 2026
SALES = pd.DataFrame({"日付": ["2026-10-01", "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-31"],
                      "店舗コード": ["S001", "S001", "S002", "S001", "S002"],
                      "レシート番号": ["R1", "R2", "R3", "R4", "R5"], "商品コード": ["A1", "A2", "A1", "A3", "A3"],
                      "数量": [1, 2, 1, 1, 1], "売上金額": [1000, 2500, 1200, 800, 900]})
# the counter's days: S001 40 + 30 + 20 = 90 visitors in 16 + 16 + 8 = 40 hours, S002 25 + 15 = 40 in 8 + 8 = 16
DAYS = pd.DataFrame({"日付": ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-02", "2026-10-31"],
                     "店舗コード": ["S001", "S001", "S001", "S002", "S002"], "来店客数": [40, 30, 20, 25, 15],
                     "労働時間": [16, 16, 8, 8, 8]})


def kpi(result: dict, name: str, scope: str = "total") -> float:
    return next(r["actual"] for r in result["kpis"] if r["id"] == name and r["scope"] == scope)


def build(tmp_path, inputs) -> dict:
    js = tmp_path / "r.json"
    build_pack(inputs, Settings(period="2026-10", lang="en"), json_out=js, use_cache=False)
    return json.loads(js.read_text())


def files(tmp_path, month: pd.DataFrame) -> list:
    SALES.to_csv(tmp_path / "sales.csv", index=False)
    DAYS.to_csv(tmp_path / "traffic_days.csv", index=False)
    month.to_csv(tmp_path / "traffic_month.csv", index=False)
    return [tmp_path / "sales.csv", tmp_path / "traffic_days.csv", tmp_path / "traffic_month.csv"]


def test_a_month_equal_to_its_days_counts_once_with_one_note(tmp_path):
    month = pd.DataFrame({"年月": ["2026-10", "2026-10"], "店舗コード": ["S001", "S002"], "来店客数": [90, 40],
                          "労働時間": [40, 16]})
    got = build(tmp_path, files(tmp_path, month))
    assert kpi(got, "visitors") == 130 and kpi(got, "visitors", "store:S001") == 90
    assert kpi(got, "labor_hours") == 56
    assert kpi(got, "sales_per_labor_hour") == pytest.approx(6400 / 56)
    dq = got["data_quality"]
    assert (dq["rows_read"], dq["rows_used"], dq["rows_rejected"]) == (12, 10, 2)
    assert [(i["file"], i["row"]) for i in dq["issues"]] == [("traffic_month.csv", 2), ("traffic_month.csv", 3)]
    assert dq["issues"][0]["problem"] == ("the month's traffic of store S001 for 2026-10 is the sum of its days "
                                          "in traffic_days.csv [traffic_days]: counted once, by day")
    said = [w["problem"] for w in dq["warnings"] if w["file"] == "traffic_month.csv"]
    assert "2 monthly traffic rows are the sum of their days in traffic_days.csv [traffic_days]: counted once, " \
           "by day" in said
    assert not any("not the sum" in w for w in said)


def test_a_month_that_differs_from_its_days_is_rejected_naming_the_difference_and_the_days_used(tmp_path):
    month = pd.DataFrame({"年月": ["2026-10", "2026-10"], "店舗コード": ["S001", "S002"], "来店客数": [90, 50],
                          "労働時間": [40, 16]})
    got = build(tmp_path, files(tmp_path, month))
    assert kpi(got, "visitors", "store:S002") == 40 and kpi(got, "visitors") == 130  # the days', not 50 nor 90
    dq = got["data_quality"]
    assert dq["rows_rejected"] == 2
    assert dq["issues"][1] == {"file": "traffic_month.csv", "sheet": "traffic_month", "row": 3, "problem": (
        "the month's Visitors of store S002 for 2026-10, 50, is not the sum of its days in traffic_days.csv "
        "[traffic_days], 40 (difference +10): not used, the days (the counter's own record) are")}
    assert any(w["problem"].startswith("1 monthly traffic rows are not the sum of their days")
               for w in dq["warnings"])


def test_a_figure_only_the_month_gives_stays_read_from_it(tmp_path):
    """Daily visitors beside the month's visitors and hours: visitors from the days (90 and 40), hours from
    the month (40 + 16 = 56); no row rejected."""
    days = DAYS.drop(columns=["労働時間"])
    month = pd.DataFrame({"年月": ["2026-10", "2026-10"], "店舗コード": ["S001", "S002"], "来店客数": [90, 40],
                          "労働時間": [40, 16]})
    paths = files(tmp_path, month)
    days.to_csv(tmp_path / "traffic_days.csv", index=False)
    got = build(tmp_path, paths)
    assert kpi(got, "visitors") == 130 and kpi(got, "labor_hours") == 56
    dq = got["data_quality"]
    assert dq["rows_rejected"] == 0 and dq["rows_used"] == 12
    assert sum("taken from the days in traffic_days.csv" in w["problem"] for w in dq["warnings"]) == 2


def test_days_and_month_as_two_sheets_of_one_workbook(tmp_path):
    month = pd.DataFrame({"年月": ["2026-10"], "店舗コード": ["S001"], "来店客数": [90], "労働時間": [40]})
    SALES.to_csv(tmp_path / "sales.csv", index=False)
    with pd.ExcelWriter(tmp_path / "traffic.xlsx") as book:
        DAYS.to_excel(book, sheet_name="日別", index=False)
        month.to_excel(book, sheet_name="月計", index=False)
    got = build(tmp_path, [tmp_path / "sales.csv", tmp_path / "traffic.xlsx"])
    assert kpi(got, "visitors", "store:S001") == 90 and kpi(got, "labor_hours", "store:S001") == 40
    assert [(i["sheet"], i["row"]) for i in got["data_quality"]["issues"]] == [("月計", 2)]
