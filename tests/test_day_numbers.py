"""A daily report kept by hand that writes only the day (日 | 1, 2, … or
1日, 1(木)), its month in the file's name or title: each row is that day of
the month, said in the import report; a 合計 row below is no day."""
import pytest

from test_layouts import build, warnings, write_csv
from workbooks import write_book


def by_day(tmp_path):
    from kpipack.ingest import load_inputs

    sales = load_inputs(list(tmp_path.glob("*.*")), use_cache=False).table("sales")
    return sales.groupby(sales["date"].dt.strftime("%Y-%m-%d"))["net_sales"].sum().to_dict()


@pytest.mark.parametrize("lang, words", [("en", ["column '日'", "days of 2026-10", "the lines of title"]),
                                         ("ja", ["列「日」", "2026年10月 の日", "表題行"])])
def test_days_only_under_a_title_naming_the_month(tmp_path, lang, words):
    rows = [["2026年10月 売上日報"], ["日", "曜日", "売上", "客数"],
            [1, "木", 1000, 10], ["2日", "金", 2000, 20], ["3(土)", "土", 4000, 40],
            ["合計", None, 7000, 70]]
    code, results = build(tmp_path, write_book(tmp_path / "nippo.xlsx", {"日報": rows}), lang=lang)
    # 1,000 + 2,000 + 4,000 = 7,000 over three days; the 合計 row is no sale
    assert code == 0 and by_day(tmp_path) == {"2026-10-01": 1000, "2026-10-02": 2000, "2026-10-03": 4000}
    sales = {k["scope"]: k["actual"] for k in results["kpis"] if k["id"] == "net_sales"}
    assert sales["total"] == 7000
    assert [i["row"] for i in results["data_quality"]["issues"]] == [6]
    assert any(all(w in note for w in words) for note in warnings(results))


def test_days_only_with_the_month_in_the_file_name(tmp_path):
    write_csv(tmp_path / "売上_2026年10月.csv", [["日", "店舗", "売上"], ["1", "S01", "1000"], ["31", "S02", "500"]])
    assert by_day(tmp_path) == {"2026-10-01": 1000, "2026-10-31": 500}


def test_a_day_past_the_months_end_is_no_day_column(tmp_path):
    # 31 in a September report is no day of September: the sheet stays totals of the month, as before
    write_csv(tmp_path / "売上_2026年9月.csv", [["日", "店舗", "売上"], ["1", "S01", "1000"], ["31", "S02", "500"]])
    assert by_day(tmp_path) == {"2026-09-30": 1500}  # 1,000 + 500, both dated the month's last day
