"""A daily traffic file naming its stores by name and a monthly one naming
them by code describe the same store-months: counted once, by day, with
the monthly rows rejected naming the daily file."""
import datetime as dt

import pytest

from test_layouts import build, warnings
from workbooks import write_book

MASTER = [["店舗コード", "店舗名", "売場面積"], ["S01", "本店", 50], ["S02", "駅前店", 30]]


def inputs(tmp_path, daily_by_name=True):
    sales = [["日付", "店舗コード", "レシート番号", "売上金額"]]
    days = [["日付", "店舗名" if daily_by_name else "店舗コード", "来店客数"]]
    for d in range(1, 11):
        sales += [[dt.date(2026, 10, d), "S01", f"A{d}", 1000], [dt.date(2026, 10, d), "S02", f"B{d}", 2000]]
        days += [[dt.date(2026, 10, d), "本店" if daily_by_name else "S01", 100],
                 [dt.date(2026, 10, d), "駅前店" if daily_by_name else "S02", 200]]
    month = [["年月", "店舗コード" if daily_by_name else "店舗名", "来店客数"],
             ["2026-10", "S01" if daily_by_name else "本店", 1000],  # the sum of its days
             ["2026-10", "S02" if daily_by_name else "駅前店", 1900]]  # 100 short of its days' 2,000
    return [write_book(tmp_path / "sales.xlsx", {"売上": sales}), write_book(tmp_path / "stores.xlsx", {"店舗": MASTER}),
            write_book(tmp_path / "traffic_daily.xlsx", {"客数": days}),
            write_book(tmp_path / "traffic_monthly.xlsx", {"月次": month})]


def visitors(results):
    return {k["scope"]: k["actual"] for k in results["kpis"] if k["id"] == "visitors"}


@pytest.mark.parametrize("daily_by_name", [True, False])
def test_days_by_name_and_months_by_code_count_once(tmp_path, daily_by_name):
    code, results = build(tmp_path, *inputs(tmp_path, daily_by_name))
    # by day: S01 10 × 100, S02 10 × 200; the months (1,000 and 1,900) not added on top
    assert code == 0 and visitors(results) == {"total": 3000, "store:S01": 1000, "store:S02": 2000}
    issues = results["data_quality"]["issues"]
    assert [(i["file"], i["row"]) for i in issues] == [("traffic_monthly.xlsx", 2), ("traffic_monthly.xlsx", 3)]
    assert all("traffic_daily.xlsx [客数]" in i["problem"] for i in issues)
    assert "difference -100" in issues[1]["problem"]
    said = [w for w in warnings(results) if "traffic_daily.xlsx" in w]
    assert len(said) == 2  # one note for the row that agrees, one warning for the row that does not


def test_ja_names_both_files(tmp_path):
    code, results = build(tmp_path, *inputs(tmp_path), lang="ja")
    issues = results["data_quality"]["issues"]
    assert code == 0 and all(i["file"] == "traffic_monthly.xlsx" and "traffic_daily.xlsx" in i["problem"]
                             for i in issues) and len(issues) == 2


def test_without_a_master_a_name_and_a_code_are_different_stores(tmp_path):
    files = inputs(tmp_path)
    code, results = build(tmp_path, files[0], *files[2:])
    # nothing says 本店 is S01: neither month row is rejected, and none is guessed at
    assert code == 0 and results["data_quality"]["rows_rejected"] == 0
