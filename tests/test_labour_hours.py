"""Labour hours as shops write them: a duration (7:30, 7時間30分, 7h30, a
cell formatted as a time or as [h]:mm) is that many hours, and a column in
minutes (労働時間(分), Staff minutes) is read as hours ÷ 60 — each reading
said, a cell that is no duration still reported with its row. Expected
values are worked out by hand below."""
import datetime as dt
import json

from kpipack.domain import Settings
from kpipack.pipeline import build_pack
from workbooks import october_sales, write_book


def _build(tmp_path, traffic: list[list], lang: str = "en") -> tuple[dict, list[str], list[dict]]:
    files = [october_sales(tmp_path), write_book(tmp_path / "traffic.xlsx", {"traffic": traffic})]
    build_pack(files, Settings(lang=lang, period="2026-10"), json_out=tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    kpis = {(k["id"], k["scope"]): k["actual"] for k in data["kpis"]}
    quality = data["data_quality"]
    return kpis, [w["problem"] for w in quality["warnings"]], quality["issues"]


def test_hours_written_as_durations_are_read_as_hours_with_their_visitors(tmp_path):
    rows = [["日付", "店舗コード", "来店客数", "労働時間"],
            [dt.date(2026, 10, 1), "S01", 10, "7:30"],
            [dt.date(2026, 10, 2), "S01", 10, "7時間30分"],
            [dt.date(2026, 10, 3), "S01", 10, "7h30"],
            [dt.date(2026, 10, 4), "S01", 10, dt.time(7, 30)],  # a cell formatted as a time
            [dt.date(2026, 10, 5), "S01", 10, dt.timedelta(hours=9, minutes=15)],  # an [h]:mm cell
            [dt.date(2026, 10, 6), "S01", 10, 8],
            [dt.date(2026, 10, 7), "S01", 10, "まだ"]]
    kpis, warnings, issues = _build(tmp_path, rows)
    # 7.5 × 4 + 9.25 + 8 = 47.25 hours; the 'まだ' row is reported and left out
    assert kpis[("labor_hours", "store:S01")] == 47.25
    assert kpis[("visitors", "store:S01")] == 60  # 6 rows used × 10
    # S01 sells 1,000 a day × 31 = 31,000; 31,000 / 47.25 = 656.08…
    assert round(kpis[("sales_per_labor_hour", "store:S01")], 2) == 656.08
    assert [(i["row"], "まだ" in i["problem"]) for i in issues if i["file"] == "traffic.xlsx"] == [(8, True)]
    assert any("'労働時間'" in w and "5 cells read as hours" in w for w in warnings)


def test_a_minutes_column_is_read_as_hours_and_said_in_japanese(tmp_path):
    rows = [["日付", "店舗コード", "来店客数", "労働時間(分)"],
            [dt.date(2026, 10, 1), "S01", 10, 450],
            [dt.date(2026, 10, 2), "S01", 10, 480],
            [dt.date(2026, 10, 1), "S02", 20, "7:30"]]  # a duration is hours already
    kpis, warnings, _ = _build(tmp_path, rows, lang="ja")
    assert kpis[("labor_hours", "store:S01")] == 15.5  # (450 + 480) / 60 = 930 / 60
    assert kpis[("labor_hours", "store:S02")] == 7.5
    assert kpis[("labor_hours", "total")] == 23.0  # 15.5 + 7.5
    assert any("労働時間(分)" in w and "分単位" in w and "2 個" in w for w in warnings)


def test_staff_minutes_in_english(tmp_path):
    rows = [["Date", "Store", "Visitors", "Staff minutes"],
            [dt.date(2026, 10, 1), "S01", 10, 90],
            [dt.date(2026, 10, 2), "S02", 10, 30]]
    kpis, warnings, _ = _build(tmp_path, rows)
    assert kpis[("labor_hours", "store:S01")] == 1.5  # 90 / 60
    assert kpis[("labor_hours", "total")] == 2.0  # (90 + 30) / 60
    assert any("'Staff minutes' is in minutes" in w for w in warnings)


def test_times_of_day_given_as_fractions_of_a_day(tmp_path):
    rows = [["日付", "店舗コード", "来店客数", "労働時間"],
            [dt.date(2026, 10, 1), "S01", 10, 0.3125],  # 7:30 = 7.5 / 24
            [dt.date(2026, 10, 2), "S01", 10, 0.25]]  # 6:00
    kpis, warnings, _ = _build(tmp_path, rows)
    assert kpis[("labor_hours", "store:S01")] == 13.5  # 7.5 + 6
    assert any("fractions of a day" in w for w in warnings)
