"""A weekday written beside a date that carries its year — in the date's own
cell (2026/10/01(木), 令和8年10月1日(木), Thu, Oct 1, 2026) or in a weekday
column beside it (日付 | 曜日) — must be that date's: one that is not stops
the build naming the file, sheet, row and column, and where every weekday
fits the dates read with day and month the other way round, the order that
would. 1 October 2026 is a Thursday (1 January 2026 is one, and 273 days,
39 weeks, lie between), so 2 October a Friday and 10 January a Saturday."""
import json

import pytest

from kpipack.cli import main
from kpipack.errors import KpipackError
from test_layouts import write_csv


def build(tmp_path, rows, *extra, lang="en", name="sales.csv"):
    out = tmp_path / f"results-{lang}.json"
    out.unlink(missing_ok=True)
    code = main(["build", str(write_csv(tmp_path / name, rows)), "--json", str(out), "--lang", lang,
                 "--period", "2026-10", "--quiet", "--no-cache", *extra])
    return code, json.loads(out.read_text(encoding="utf-8")) if out.exists() else None


def net_sales(results) -> float:
    return next(k["actual"] for k in results["kpis"] if k["id"] == "net_sales" and k["scope"] == "total")


@pytest.mark.parametrize("rows", [
    [["日付", "店舗", "売上"], ["2026/10/01(木)", "S1", 100], ["2026/10/02(金)", "S1", 200]],
    [["日付", "店舗", "売上"], ["令和8年10月1日(木)", "S1", 100], ["R8.10.2(金曜日)", "S1", 200]],
    [["Date", "Store", "Net sales"], ["Thu, Oct 1, 2026", "S1", 100], ["Friday 2 October 2026", "S1", 200]],
    [["日付", "曜日", "店舗", "売上"], ["2026/10/01", "木", "S1", 100], ["2026/10/02", "金曜日", "S1", 200],
     ["2026/10/03", "祝", "S1", 0]],  # a holiday mark is no weekday: nothing to check
    [["date", "day of week", "store", "net sales"], ["10/01/2026", "Thu", "S1", 100], ["10/02/2026", "Fri", "S1", 200],
     ["10/13/2026", "Tuesday", "S1", 0]],  # 13: month first
])
def test_weekdays_that_fit_their_dates_build(tmp_path, rows):
    code, results = build(tmp_path, rows)
    assert code == 0 and net_sales(results) == 300


@pytest.mark.parametrize("lang, said", [
    ("en", "row 3, column '日付': 2026/10/02(木) says Thursday, but 2026-10-02 is a Friday: the date or its weekday "
           "is wrong"),
    ("ja", "3行目、列「日付」: 2026/10/02(木) は木曜日とありますが、2026-10-02 は金曜日です。日付か曜日が違います"),
])
def test_a_weekday_in_the_cell_of_a_dated_day_that_is_not_its_day_stops_the_build(tmp_path, capsys, lang, said):
    rows = [["日付", "店舗", "売上"], ["2026/10/01(木)", "S1", 100], ["2026/10/02(木)", "S1", 200]]
    code, results = build(tmp_path, rows, lang=lang)
    message = capsys.readouterr().err
    assert code != 0 and results is None and said in message and "sales.csv" in message


def test_an_era_date_whose_weekday_is_not_its_day_stops_the_build(tmp_path, capsys):
    code, results = build(tmp_path, [["日付", "店舗", "売上"], ["令和8年10月1日(水)", "S1", 100]])
    assert code != 0 and "row 2, column '日付'" in capsys.readouterr().err


@pytest.mark.parametrize("lang, said", [
    ("en", "row 2, column '日付': 10/01/2026(木) says Thursday, but read as it was it is 2026-01-10, a Saturday; "
           "every weekday of the column fits its dates with day and month the other way round: if the file writes "
           "them so, give --date-order mdy"),
    ("ja", "2行目、列「日付」: 10/01/2026(木) は木曜日とありますが、読んだ日付 2026-01-10 は土曜日です。"),
])
def test_weekdays_that_fit_the_dates_read_the_other_way_round_name_that_order(tmp_path, capsys, lang, said):
    rows = [["日付", "店舗", "売上"], ["10/01/2026(木)", "S1", 100], ["10/02/2026(金)", "S1", 200]]
    code, results = build(tmp_path, rows, "--date-order", "dmy", lang=lang)
    message = capsys.readouterr().err
    assert code != 0 and said in message
    # read month first, as the weekdays say, the two days are 1 and 2 October
    code, results = build(tmp_path, rows, "--date-order", "mdy", lang=lang)
    assert code == 0 and net_sales(results) == 300


@pytest.mark.parametrize("lang, said", [
    ("en", "row 3, column '曜日': 2026/10/02 | 木 says Thursday, but 2026-10-02 is a Friday"),
    ("ja", "3行目、列「曜日」: 2026/10/02 | 木 は木曜日とありますが、2026-10-02 は金曜日です"),
])
def test_a_weekday_column_beside_the_dates_that_does_not_fit_stops_the_build(tmp_path, capsys, lang, said):
    rows = [["日付", "曜日", "店舗", "売上"], ["2026/10/01", "木", "S1", 100], ["2026/10/02", "木", "S1", 200]]
    code, results = build(tmp_path, rows, lang=lang)
    assert code != 0 and said in capsys.readouterr().err


def test_a_weekday_column_beside_stores_as_columns_is_checked_too(tmp_path, capsys):
    rows = [["日付", "曜日", "本店", "駅前店", "合計"], ["10/01/2026", "木", 100, 50, 150],
            ["10/02/2026", "金", 200, 20, 220]]
    code, results = build(tmp_path, rows, "--date-order", "dmy", name="売上日報.csv")
    said = capsys.readouterr().err
    assert code != 0 and "row 2, column '曜日'" in said and "--date-order mdy" in said
    code, results = build(tmp_path, rows, "--date-order", "mdy", name="売上日報.csv")
    assert code == 0 and net_sales(results) == 370


def test_the_app_asks_the_order_when_the_weekdays_fit_the_other_one():
    from kpipack.gui.date_order import asks
    from kpipack.gui.issuetext import problem_text

    exc = KpipackError("date_weekday_order", file="sales.csv", sheet="sales", column="日付", order="mdy", row=2,
                       value="10/01/2026(木)", weekday="木", date="2026-01-10", year=2026, actual="土",
                       actual_en="Saturday", weekday_en="Thursday")
    assert asks(exc)
    said = problem_text(exc, "en")
    assert "row 2" in said and "say how its dates are written" in said and "--date-order" not in said
    assert "日付の書き方を選んでください" in problem_text(exc, "ja")


def test_a_weekday_column_beside_no_date_column_is_no_check(tmp_path):
    # a month's totals by product whose date is the month in the file's name: nothing to check the weekdays by
    rows = [["曜日", "商品名", "数量", "売上金額"], ["木", "A", 1, 100], ["金", "B", 2, 300]]
    code, results = build(tmp_path, rows, name="sales_2026-10.csv")
    assert code == 0 and net_sales(results) == 400


def _twelve_days(first_day_first: bool):
    """10/01/2026 … 10/12/2026 beside their weekdays: 1 to 12 October (Thursday 1 October) month first, or
    10 January to 10 December (10 January 2026 a Saturday) day first; sales 1 … 12, 78 in all."""
    import datetime

    rows = [["日付", "曜日", "店舗", "売上"]]
    for n in range(1, 13):
        day = datetime.date(2026, n, 10) if first_day_first else datetime.date(2026, 10, n)
        rows.append([f"10/{n:02d}/2026", "月火水木金土日"[day.weekday()], "S1", n])
    return rows


@pytest.mark.parametrize("lang, said", [
    ("en", "column '日付': its dates read both day first and month first (10/01/2026); the weekdays in column '曜日' "
           "fit only month first, so they are read so (10/01/2026 = 1 October 2026)"),
    ("ja", "列「日付」: 日付は日が先とも月が先とも読めます（10/01/2026）。列「曜日」の曜日が月が先の読み方にだけ合うため"),
])
def test_a_weekday_column_decides_the_order_of_dates_that_read_both_ways(tmp_path, lang, said):
    code, results = build(tmp_path, _twelve_days(False), lang=lang)
    assert code == 0 and net_sales(results) == 78  # all twelve days in October
    assert any(said in w["problem"] for w in results["data_quality"]["warnings"])


def test_weekdays_that_fit_day_first_read_the_dates_day_first(tmp_path):
    code, results = build(tmp_path, _twelve_days(True), "--period", "2026-01")
    assert code == 0  # 10 January … 10 December: only the first, 1, in January
    assert net_sales(results) == 1
    assert any("fit only day first" in w["problem"] for w in results["data_quality"]["warnings"])


def test_weekdays_that_fit_neither_order_still_ask(tmp_path, capsys):
    rows = _twelve_days(False)
    rows[1][1] = "日"  # 1 October is a Thursday, 10 January a Saturday: a Sunday is neither
    code, results = build(tmp_path, rows)
    said = capsys.readouterr().err
    assert code != 0 and results is None and "--date-order" in said and "日付" in said


def test_a_day_column_of_weekday_names_decides_the_order_too(tmp_path):
    """Date | Day, as a Western log keeps them: 10/01/2026 Thu … 10/12/2026 Mon are 1 to 12 October."""
    import datetime

    rows = [["Date", "Day", "Store", "Net sales"]] + [
        [f"10/{n:02d}/2026", datetime.date(2026, 10, n).strftime("%a"), "S1", n] for n in range(1, 13)]
    code, results = build(tmp_path, rows)
    assert code == 0 and net_sales(results) == 78
    assert any("the weekdays in column 'Day' fit only month first" in w["problem"]
               for w in results["data_quality"]["warnings"])
