"""Budget months written without a year (10月, 1月) are read within one
fiscal year: the one the sheet states, else the one holding the sales'
latest month; the import report says which, and where nothing tells it the
build stops naming the cell and --year."""
import pytest

from kpipack.ingest import Mapping, load_inputs
from test_layouts import build, warnings
from workbooks import october_sales, write_book

HEAD = ["月", "店舗コード", "売上予算"]
ROWS = [["10月", "S01", 30000], ["11月", "S01", 31000], ["1月", "S01", 32000], ["10月", "S02", 60000]]


def budget_months(path, fiscal_start=4, year=None):
    mapping = Mapping().with_fiscal_year_start(fiscal_start).with_year(year)
    data = load_inputs([path, october_sales(path.parent)], mapping, use_cache=False)
    budget = data.table("budget")
    return sorted(zip(budget["month"], budget["store"], budget["value"]))


def store_budgets(results):
    return {k["scope"]: k["budget"] for k in results["kpis"] if k["id"] == "net_sales"}


@pytest.mark.parametrize("lang, words", [("ja", ["年度 2026-04～2027-03", "4 件"]),
                                         ("en", ["fiscal year 2026-04 to 2027-03", "4 months"])])
def test_months_within_the_fiscal_year_a_title_states(tmp_path, lang, words):
    path = write_book(tmp_path / "budget.xlsx", {"予算": [["2026年度予算"], [], HEAD, *ROWS]})
    code, results = build(tmp_path, october_sales(tmp_path), path, lang=lang)
    # October 2026: S01 30,000 and S02 60,000, the company their sum
    assert code == 0 and store_budgets(results) == {"total": 90000, "store:S01": 30000, "store:S02": 60000}
    assert results["data_quality"]["rows_rejected"] == 0
    (note,) = [w for w in warnings(results) if words[0] in w]
    assert words[1] in note


def test_january_falls_in_the_next_calendar_year_of_an_april_fiscal_year(tmp_path):
    path = write_book(tmp_path / "budget.xlsx", {"予算": [["2026年度予算"], HEAD, *ROWS]})
    assert budget_months(path) == [("2026-10", "S01", 30000), ("2026-10", "S02", 60000),
                                   ("2026-11", "S01", 31000), ("2027-01", "S01", 32000)]


def test_a_year_cell_and_a_calendar_fiscal_year(tmp_path):
    path = write_book(tmp_path / "budget.xlsx", {"予算": [["年度", 2026], HEAD, *ROWS]})
    # --fiscal-year-start 1: the fiscal year 2026 is January to December 2026
    assert budget_months(path, fiscal_start=1) == [("2026-01", "S01", 32000), ("2026-10", "S01", 30000),
                                                   ("2026-10", "S02", 60000), ("2026-11", "S01", 31000)]


def test_the_year_given_names_the_fiscal_year_it_starts(tmp_path):
    path = write_book(tmp_path / "budget.xlsx", {"予算": [HEAD, *ROWS]})
    assert budget_months(path, year=2025)[0] == ("2025-10", "S01", 30000)
    assert budget_months(path, year=2025)[-1] == ("2026-01", "S01", 32000)


@pytest.mark.parametrize("lang, words", [("ja", ["売上の最新月 2026-10", "2026-04～2027-03"]),
                                         ("en", ["sales' latest month 2026-10", "2026-04 to 2027-03"])])
def test_without_a_stated_year_the_fiscal_year_of_the_latest_sales(tmp_path, lang, words):
    path = write_book(tmp_path / "budget.xlsx", {"予算": [HEAD, *ROWS]})
    code, results = build(tmp_path, october_sales(tmp_path), path, lang=lang)
    assert code == 0 and store_budgets(results)["store:S01"] == 30000
    assert any(all(w in note for w in words) for note in warnings(results))
    assert budget_months(path)[-1] == ("2027-01", "S01", 32000)


@pytest.mark.parametrize("lang, words", [
    ("ja", ["budget.xlsx", "[予算]", "セル A2", "「10月」", "--year"]),
    ("en", ["budget.xlsx", "[予算]", "cell A2", "'10月'", "--year"])])
def test_no_year_anywhere_stops_naming_the_cell(tmp_path, capsys, lang, words):
    path = write_book(tmp_path / "budget.xlsx", {"予算": [HEAD, *ROWS]})
    traffic = write_book(tmp_path / "traffic.xlsx", {"客数": [["日付", "店舗", "来店客数"], ["2026-10-01", "S01", 50]]})
    code, results = build(tmp_path, path, traffic, lang=lang)
    said = capsys.readouterr().err
    assert code == 2 and results is None and all(w in said for w in words) and "Traceback" not in said


def test_months_with_their_year_are_read_as_written(tmp_path):
    path = write_book(tmp_path / "budget.xlsx", {"予算": [["2025年度予算"], HEAD, ["2026年10月", "S01", 30000],
                                                          ["11月", "S01", 31000]]})
    # the written year wins for its cell; the other takes the fiscal year the title states
    assert budget_months(path) == [("2025-11", "S01", 31000), ("2026-10", "S01", 30000)]


def test_a_column_of_years_gives_each_row_its_own(tmp_path):
    rows = [["年", "月", "店舗コード", "売上予算"], [2025, "10月", "S01", 30000], [2027, "1月", "S01", 32000]]
    path = write_book(tmp_path / "budget.xlsx", {"予算": rows})
    # the year column is no KPI, and October 2025 is not the sales' fiscal year's October
    assert budget_months(path) == [("2025-10", "S01", 30000), ("2027-01", "S01", 32000)]


def test_a_column_of_fiscal_years(tmp_path):
    rows = [["年度", "月", "店舗コード", "売上予算"], [2026, "10月", "S01", 30000], [2026, "1月", "S01", 32000]]
    path = write_book(tmp_path / "budget.xlsx", {"予算": rows})
    # 年度 2026 runs April 2026 to March 2027
    assert budget_months(path) == [("2026-10", "S01", 30000), ("2027-01", "S01", 32000)]
    code, results = build(tmp_path, october_sales(tmp_path), path)
    assert code == 0 and not any("unknown" in w for w in warnings(results))


def test_a_fiscal_year_named_in_the_title_starts_in_the_month_set(tmp_path):
    path = write_book(tmp_path / "budget.xlsx", {"予算": [["2026年度予算"], HEAD, ["1月", "S01", 20000],
                                                          ["10月", "S01", 30000]]})
    # --fiscal-year-start 1: 2026年度 is January to December 2026, so its 1月 is January 2026, not 2027
    assert budget_months(path, fiscal_start=1) == [("2026-01", "S01", 20000), ("2026-10", "S01", 30000)]
    assert budget_months(path) == [("2026-10", "S01", 30000), ("2027-01", "S01", 20000)]  # April: the next year's


def test_months_as_columns_under_a_fiscal_year_of_the_month_set(tmp_path):
    rows = [["2026年度 予算"], ["店舗", "項目"] + [f"{m}月" for m in range(1, 13)],
            ["S01", "売上予算"] + [1000 * m for m in range(1, 13)]]
    path = write_book(tmp_path / "budget.xlsx", {"予算": rows})
    months = budget_months(path, fiscal_start=1)
    assert months[0] == ("2026-01", "S01", 1000) and months[-1] == ("2026-12", "S01", 12000)
