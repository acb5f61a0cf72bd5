"""A daily report kept by hand writes the date on each day's first line
only: the lines below take it, said in the import report; a sheet whose
dates are missing here and there still has those lines rejected, each."""
import datetime as dt

import pytest

from test_layouts import build, warnings
from workbooks import write_book

HEAD = ["日付", "店舗", "売上金額", "客数"]


def daily_report(days=3):
    rows = [["売上日報 2026年10月"], HEAD]
    for d in range(1, days + 1):
        rows += [[dt.date(2026, 10, d), "S01", 1000 * d, 10], [None, "S02", 2000 * d, 20], [None, "合計", 3000 * d, 30]]
    return rows


def by_store(results, kpi="net_sales"):
    return {k["scope"]: k["actual"] for k in results["kpis"] if k["id"] == kpi}


@pytest.mark.parametrize("lang, words", [("ja", ["列「日付」", "各日の先頭行", "6 行"]),
                                         ("en", ["column '日付'", "each day's first line", "6 lines"])])
def test_a_days_date_on_its_first_line_only_is_carried_down(tmp_path, lang, words):
    code, results = build(tmp_path, write_book(tmp_path / "daily.xlsx", {"日報": daily_report()}), lang=lang)
    assert code == 0
    # S01 1,000 + 2,000 + 3,000; S02 2,000 + 4,000 + 6,000; each day's 合計 line is no store
    assert by_store(results) == {"total": 18000, "store:S01": 6000, "store:S02": 12000}
    assert by_store(results, "transactions") == {"total": 90, "store:S01": 30, "store:S02": 60}
    quality = results["data_quality"]
    assert quality["rows_read"] == 9 and quality["rows_used"] == 6
    assert {i["problem"] for i in quality["issues"]} == {"totals row, not counted" if lang == "en"
                                                         else "合計行のため集計しません"}
    assert any(all(w in note for w in words) for note in warnings(results))


def test_traffic_dated_on_each_days_first_line(tmp_path):
    sales = write_book(tmp_path / "sales.xlsx", {"売上": [["日付", "店舗", "レシート番号", "売上金額"],
                                                        ["2026-10-01", "S01", "R1", 500],
                                                        ["2026-10-01", "S02", "R2", 700]]})
    rows = [["日付", "店舗", "来店客数"], [dt.date(2026, 10, 1), "S01", 40], [None, "S02", 60],
            [dt.date(2026, 10, 2), "S01", 45], [None, "S02", 55]]
    code, results = build(tmp_path, sales, write_book(tmp_path / "traffic.xlsx", {"客数": rows}))
    assert code == 0 and by_store(results, "visitors") == {"total": 200, "store:S01": 85, "store:S02": 115}


def test_dates_missing_here_and_there_are_rejected_row_by_row(tmp_path):
    rows = [HEAD]
    for d in range(1, 7):
        rows += [[dt.date(2026, 10, d), "S01", 100, 1], [None if d in (2, 5) else dt.date(2026, 10, d), "S02", 200, 2]]
    code, results = build(tmp_path, write_book(tmp_path / "daily.xlsx", {"日報": rows}))
    quality = results["data_quality"]
    assert code == 0 and [i["row"] for i in quality["issues"]] == [5, 11]
    assert {i["problem"] for i in quality["issues"]} == {"date is empty"}
    assert by_store(results)["total"] == 6 * 100 + 4 * 200


def test_a_first_line_without_a_date_carries_nothing(tmp_path):
    rows = [HEAD, [None, "S02", 200, 2], [dt.date(2026, 10, 1), "S01", 100, 1], [None, "S02", 300, 3]]
    code, results = build(tmp_path, write_book(tmp_path / "daily.xlsx", {"日報": rows}))
    # nothing above the first line to take a date from: the layout is not a day's block, both undated lines rejected
    assert code == 0 and [i["row"] for i in results["data_quality"]["issues"]] == [2, 4]
    assert by_store(results)["total"] == 100


@pytest.mark.parametrize("label_header", [None, "No.", "備考"])
@pytest.mark.parametrize("lang, words", [("en", "totals row, not counted"), ("ja", "合計行のため集計しません")])
def test_subtotals_labelled_in_a_column_not_read_take_no_carried_date(tmp_path, label_header, lang, words):
    """One store's daily report: the 小計 and 合計 labels sit in a column the
    build does not read, so they must not take the day's date and count."""
    rows = [["2026年10月 売上日報"], [label_header, "日付", "時間帯", "売上金額", "客数"],
            [1, dt.date(2026, 10, 1), "午前", 1000, 10], [2, None, "午後", 2000, 20],
            ["小計", None, None, 3000, 30],
            [3, dt.date(2026, 10, 2), "午前", 1500, 15], [4, None, "午後", 2500, 25],
            ["小計", None, None, 4000, 40],
            ["合計", None, None, 7000, 70]]
    code, results = build(tmp_path, write_book(tmp_path / "daily.xlsx", {"日報": rows}), lang=lang)
    # the four lines only: 1,000 + 2,000 + 1,500 + 2,500 = 7,000 (not 21,000 with the two 小計 and the 合計)
    assert code == 0 and by_store(results) == {"total": 7000, "store:MAIN": 7000}
    assert by_store(results, "transactions")["total"] == 70  # 10 + 20 + 15 + 25
    assert [(i["row"], i["problem"]) for i in results["data_quality"]["issues"]] == \
        [(5, words), (8, words), (9, words)]


def test_a_dated_subtotal_labelled_in_a_column_not_read_is_no_sale(tmp_path):
    rows = [["備考", "日付", "店舗", "売上金額"],
            ["", dt.date(2026, 10, 1), "S01", 1000], ["", dt.date(2026, 10, 1), "S01", 500],
            ["日計", dt.date(2026, 10, 1), "S01", 1500],  # the day's total, its date written too
            ["", dt.date(2026, 10, 2), "S01", 800]]
    code, results = build(tmp_path, write_book(tmp_path / "sales.xlsx", {"売上": rows}))
    assert code == 0 and by_store(results)["store:S01"] == 2300  # 1,000 + 500 + 800
    assert [i["row"] for i in results["data_quality"]["issues"]] == [4]
