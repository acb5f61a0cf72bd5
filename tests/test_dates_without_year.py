"""Dates written without a year (10/1(木), 10月1日) take the year the file
tells — its name, its title lines, its other dates — and where nothing tells
it the build stops naming the column and the setting; never a guess."""
import pytest

from kpipack.ingest import load_inputs
from kpipack.ingest.clean import YearOf
from kpipack.ingest.year_context import year_context
from test_layouts import build, totals, warnings, write_csv

HEAD = ["日付", "店舗", "レシート番号", "商品名", "数量", "売上金額"]
# 1 October 2026 is a Thursday (木), 2 October a Friday, 31 October a Saturday
LINES = [["10/1(木)", "S1", "R1", "A", "1", "1000"], ["10月2日(金)", "S1", "R2", "B", "2", "2000"],
         ["10/31(土) 21:05", "S2", "R3", "C", "1", "500"]]


@pytest.mark.parametrize("name, title, year", [
    ("売上_202610.csv", [], YearOf(2026)),
    ("20261001-20261031.csv", [], YearOf(2026)),
    ("sales 2026.csv", [], YearOf(2026)),
    ("daily.csv", ["2026年10月 売上日報"], YearOf(2026)),
    ("daily.csv", ["令和8年10月"], YearOf(2026)),
    ("daily.csv", ["対象期間 2026/12/01～2027/01/31"], YearOf(2026, 12)),
    ("daily.csv", ["2026年度 予算"], YearOf(2026, 4)),
    ("daily.csv", ["出力日時: 2027/01/05 09:00"], None),  # the day of the export, not of the data
    ("daily.csv", [], None),
    ("2024_2026.csv", [], None),  # two years that are not one period
    ("FY2026.csv", [], None),  # whose fiscal year, ending or starting in 2026, is not said
    ("daily.csv", ["店舗数 2000"], None),  # a number alone in a title line is no year
])
def test_the_year_a_file_tells(name, title, year):
    assert year_context(name, title) == year


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_year_from_the_files_name(tmp_path, lang):
    code, results = build(tmp_path, write_csv(tmp_path / "売上_202610.csv", [HEAD, *LINES]), lang=lang)
    # 1,000 + 2,000 + 500, all in October 2026
    assert code == 0 and totals(results)["net_sales"] == 3500 and results["data_quality"]["rows_rejected"] == 0


def test_the_year_from_a_title_line_above_the_table(tmp_path):
    rows = [["2026年10月 売上日報"], ["出力日時: 2027/01/05"], [], HEAD, *LINES]
    code, results = build(tmp_path, write_csv(tmp_path / "daily.csv", rows))
    assert code == 0 and totals(results)["net_sales"] == 3500


def test_the_year_from_the_sheets_other_dates(tmp_path):
    rows = [["発注番号", "発注日", "納品予定日", "店舗", "商品コード", "発注数"],
            ["P1", "2026/09/28", "10/1(木)", "S1", "A", "10"], ["P2", "2026/09/30", "10/5(月)", "S1", "B", "5"]]
    data = load_inputs([write_csv(tmp_path / "発注.csv", rows)], use_cache=False)
    (sheet,) = data.sheets
    assert sheet.role == "purchase_orders"
    assert [d.date().isoformat() for d in sheet.table["due_date"]] == ["2026-10-01", "2026-10-05"]


@pytest.mark.parametrize("lang, words", [
    ("ja", ["daily.csv", "列「日付」", "10/1(木)", "年がなく", "--year"]),
    ("en", ["daily.csv", "column '日付'", "10/1(木)", "have no year", "--year"]),
])
def test_no_year_anywhere_stops_naming_the_column_and_the_setting(tmp_path, capsys, lang, words):
    path = write_csv(tmp_path / "daily.csv", [HEAD, *LINES])
    code, results = build(tmp_path, path, lang=lang)
    said = capsys.readouterr().err
    assert code == 2 and results is None and all(w in said for w in words), said
    code, results = build(tmp_path, path, lang=lang, extra=("--year", "2026"))
    assert code == 0 and totals(results)["net_sales"] == 3500


def test_the_year_in_the_map_file(tmp_path):
    path = write_csv(tmp_path / "daily.csv", [HEAD, *LINES])
    mapping = tmp_path / "map.toml"
    mapping.write_text('_year = 2026\n', encoding="utf-8")
    code, results = build(tmp_path, path, extra=("--map", str(mapping)))
    assert code == 0 and totals(results)["net_sales"] == 3500


def test_a_period_across_a_new_year(tmp_path):
    rows = [["対象期間 2026/12/01～2027/01/31"], HEAD, ["12/31(木)", "S1", "R1", "A", "1", "800"],
            ["1/2(土)", "S1", "R2", "B", "1", "300"]]
    code, results = build(tmp_path, write_csv(tmp_path / "winter.csv", rows), extra=("--period", "2027-01"))
    # 31 December 2026 is a Thursday and 2 January 2027 a Saturday: January holds the 300 only
    assert code == 0 and totals(results)["net_sales"] == 300


# 10/1 without a weekday: a part above 12 settles the column, else a Japanese sheet reads 月/日, else it is asked
BARE = [["10/1", "S1", "R1", "A", "1", "1000"], ["10/2", "S1", "R2", "B", "1", "2000"],
        ["10/12", "S1", "R3", "C", "1", "500"]]


@pytest.mark.parametrize("lang, note", [("ja", "月/日（10月1日）"), ("en", "month first (10/1 = 1 October)")])
def test_a_japanese_sheet_reads_10_1_month_first_and_says_so(tmp_path, lang, note):
    code, results = build(tmp_path, write_csv(tmp_path / "売上_202610.csv", [HEAD, *BARE]), lang=lang)
    # read 月/日: 1, 2 and 12 October, all in the month: 1,000 + 2,000 + 500; read 日/月 only 10/10 would be
    assert code == 0 and totals(results)["net_sales"] == 3500
    assert any(note in w and "日付" in w for w in warnings(results)), warnings(results)


def test_a_japanese_title_line_makes_an_english_headed_sheet_month_first(tmp_path):
    rows = [["2026年10月 売上日報"], ["Date", "Store", "Receipt", "Product", "Qty", "Sales"], *BARE]
    code, results = build(tmp_path, write_csv(tmp_path / "daily.csv", rows))
    assert code == 0 and totals(results)["net_sales"] == 3500


@pytest.mark.parametrize("lang, words", [("en", ["column 'Date'", "--date-order"]), ("ja", ["列「Date」", "--date-order"])])
def test_an_english_sheet_of_10_1_is_asked(tmp_path, capsys, lang, words):
    path = write_csv(tmp_path / "sales_202610.csv", [["Date", "Store", "Receipt", "Product", "Qty", "Sales"], *BARE])
    code, results = build(tmp_path, path, lang=lang)
    said = capsys.readouterr().err
    assert code == 2 and results is None and "sales_202610.csv" in said and all(w in said for w in words), said
    code, results = build(tmp_path, path, extra=("--date-order", "dmy"))
    # day first: 10/1 is 10 January, 10/2 10 February, 10/12 10 December: none in October
    assert code == 0 and not totals(results)["net_sales"]
    code, results = build(tmp_path, path, extra=("--date-order", "mdy"))
    assert code == 0 and totals(results)["net_sales"] == 3500


def test_a_part_above_12_settles_10_1_whatever_the_language(tmp_path):
    # 13/10 can only be 13 October: the column is day first, so 1/10 is 1 October and 10/1 is 10 January
    rows = [HEAD, ["1/10", "S1", "R1", "A", "1", "1000"], ["13/10", "S1", "R2", "B", "1", "2000"],
            ["10/1", "S1", "R3", "C", "1", "400"]]
    code, results = build(tmp_path, write_csv(tmp_path / "売上_2026.csv", rows))
    assert code == 0 and totals(results)["net_sales"] == 3000
    assert not any("10/1 =" in w or "month first" in w for w in warnings(results))


def test_a_yearless_column_written_both_ways_stops_even_in_japanese(tmp_path, capsys):
    rows = [HEAD, ["13/10", "S1", "R1", "A", "1", "1000"], ["10/13", "S1", "R2", "B", "1", "2000"]]
    code, results = build(tmp_path, write_csv(tmp_path / "売上_202610.csv", rows))
    said = capsys.readouterr().err
    assert code == 2 and results is None and "13/10" in said and "10/13" in said and "--date-order" in said


def test_a_japanese_sheet_of_10_01_2026_is_still_asked(tmp_path, capsys):
    # a four-digit year last is not how Japan writes dates: the Japanese rule is for 10/1 alone
    rows = [HEAD, *[[f"10/{d:02d}/2026", "S1", f"R{d}", "A", "1", "100"] for d in range(1, 13)]]
    code, results = build(tmp_path, write_csv(tmp_path / "売上.csv", rows))
    said = capsys.readouterr().err
    assert code == 2 and results is None and "列" not in said and "column '日付'" in said and "10/01/2026" in said
    code, results = build(tmp_path, write_csv(tmp_path / "売上.csv", rows), extra=("--date-order", "mdy"))
    assert code == 0 and totals(results)["net_sales"] == 1200  # twelve October days of 100


# a weekday written beside a date without a year must be that day's in the year taken
@pytest.mark.parametrize("lang, words", [
    ("ja", ["wd_202610.csv", "[wd_202610]", "3行目", "列「日付」", "10/2(木)", "木曜日", "2026-10-02", "金曜日", "--year"]),
    ("en", ["wd_202610.csv", "[wd_202610]", "row 3", "column '日付'", "10/2(木)", "Thursday", "2026-10-02", "Friday",
            "--year"]),
])
def test_a_weekday_the_year_taken_contradicts_stops_naming_the_row(tmp_path, capsys, lang, words):
    # 1 October 2026 is a Thursday, so 2 October a Friday: the second line's 木 does not fit 2026
    rows = [HEAD, ["10/1(木)", "S1", "R1", "A", "1", "1000"], ["10/2(木)", "S1", "R2", "B", "1", "2000"]]
    code, results = build(tmp_path, write_csv(tmp_path / "wd_202610.csv", rows), lang=lang)
    said = capsys.readouterr().err
    assert code == 2 and results is None and all(w in said for w in words), said


def test_a_japanese_written_date_with_a_wrong_weekday_names_its_row(tmp_path, capsys):
    # 2025年10月1日 was a Wednesday: the title's year 2025 and the weekdays (2026's) disagree from the first line
    rows = [["2025年10月 売上日報"], HEAD, ["10月1日（木）", "S1", "R1", "A", "1", "1000"]]
    code, results = build(tmp_path, write_csv(tmp_path / "daily.csv", rows))
    said = capsys.readouterr().err
    assert code == 2 and results is None and "row 3" in said and "2025-10-01" in said and "Wednesday" in said, said


@pytest.mark.parametrize("lang, note", [("en", "take 2026, the year of its dates written with one"),
                                        ("ja", "同じ 2026 年として読みました")])
def test_the_year_written_on_the_columns_first_date_only(tmp_path, lang, note):
    rows = [HEAD, ["2026/10/1", "S1", "R1", "A", "1", "100"], ["10/2", "S1", "R2", "A", "1", "200"],
            ["10/3", "S1", "R3", "A", "1", "300"]]
    code, results = build(tmp_path, write_csv(tmp_path / "daily.csv", rows), lang=lang)
    assert code == 0 and totals(results)["net_sales"] == 600  # 1, 2 and 3 October 2026
    assert any(note in w for w in warnings(results)), warnings(results)


def test_a_column_running_into_the_next_year_is_not_given_the_first_dates_year(tmp_path, capsys):
    # 2026/12/30 then 12/31 and 1/1: the 1/1 is of 2027, which only a reading of the sequence tells
    rows = [HEAD, ["2026/12/30", "S1", "R1", "A", "1", "100"], ["12/31", "S1", "R2", "A", "1", "200"],
            ["1/1", "S1", "R3", "A", "1", "300"]]
    code, results = build(tmp_path, write_csv(tmp_path / "daily.csv", rows))
    assert code == 2 and results is None and "--year" in capsys.readouterr().err
