"""Budgets kept with the months as columns (項目 | 4月 | 5月 | … | 合計) are read
as each month's budget: the year from the file's name or title, a store
written once above its block, the totals left out, a stated 千円 applied to
money budgets only. Expected values are worked out by hand below."""
import datetime as dt
import json

import pytest

from kpipack.ingest.clean import YearOf
from kpipack.domain import Settings
from kpipack.ingest import Mapping, load_inputs
from kpipack.ingest.month_columns import MonthColumns, find, month_labels, month_of
from kpipack.pipeline import build_pack
from test_layouts import build, warnings
from workbooks import october_sales, write_book

FY_MONTHS = [f"{m}月" for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]


def _kpis(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(k["id"], k["scope"]): k for k in data["kpis"]}, data


def test_a_fiscal_year_budget_in_thousands_with_stores_in_blocks(tmp_path):
    rows = [["2026年度 店舗別予算"], ["（単位：千円）"], [],
            ["店舗", "項目", *FY_MONTHS, "上期", "合計"]]
    for store, base in (("S01", 30), ("S02", 50)):
        sales = [base + i for i in range(12)]  # April base, May base + 1, …, October base + 6
        rows.append([store, "売上予算", *sales, sum(sales[:6]), sum(sales)])
        rows.append([None, "客数目標", *[31] * 12, 186, 372])  # a count: never multiplied
    rows.append(["全店", "売上予算", *[90] * 12, 540, 1080])  # the company's own total budget
    budget = write_book(tmp_path / "budget.xlsx", {"予算": rows})
    build_pack([october_sales(tmp_path), budget], Settings(lang="ja", period="2026-10"), json_out=tmp_path / "r.json")
    kpis, data = _kpis(tmp_path / "r.json")
    assert kpis[("net_sales", "store:S01")]["budget"] == 36_000  # (30 + 6) thousand yen
    assert kpis[("net_sales", "store:S02")]["budget"] == 56_000
    assert kpis[("net_sales", "total")]["budget"] == 90_000  # the 全店 row, not the stores' sum
    # April to October: 30 + 31 + … + 36 = 231 thousand
    assert kpis[("net_sales", "store:S01")]["ytd_budget"] == 231_000
    assert kpis[("transactions", "store:S01")]["budget"] == 31
    problems = [w["problem"] for w in data["data_quality"]["warnings"] if w["file"] == "budget.xlsx"]
    assert any("2026-04 から 2027-03 まで（12 か月）" in p for p in problems)
    assert any("1,000" in p and "売上予算" in p for p in problems)  # which budgets were multiplied


def test_a_calendar_budget_in_english_without_stores_is_the_total(tmp_path):
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    rows = [["Budget 2026"], ["KPI", *months, "Total"],
            ["Net sales", *[100_000 * (i + 1) for i in range(12)], 7_800_000],
            [None, *[5] * 12, 60]]  # figures without a KPI beside them
    budget = write_book(tmp_path / "plan.xlsx", {"Plan": rows})
    build_pack([october_sales(tmp_path), budget], Settings(lang="en", period="2026-10", fiscal_year_start=1),
               json_out=tmp_path / "r.json")
    kpis, data = _kpis(tmp_path / "r.json")
    assert kpis[("net_sales", "total")]["budget"] == 1_000_000  # October, the tenth column
    assert kpis[("net_sales", "total")]["ytd_budget"] == 5_500_000  # 100k × (1 + … + 10)
    [unread] = [i for i in data["data_quality"]["issues"] if i["file"] == "plan.xlsx"]
    assert unread["row"] == 4 and "without a KPI name" in unread["problem"]


@pytest.mark.parametrize("lang, words", [("ja", ["売上の最新月 2026-10", "2026-04～2027-03", "24 件"]),
                                         ("en", ["sales' latest month 2026-10", "2026-04 to 2027-03", "24 months"])])
def test_months_without_a_year_anywhere_take_the_sales_fiscal_year_as_budget_rows_do(tmp_path, lang, words):
    """No year in the title, sheet, file name or a column: the fiscal year
    holding the sales' latest month (October 2026: April 2026 to March 2027),
    the rule of budget months without a year written in rows, said in a note."""
    rows = [["店舗", "項目", *FY_MONTHS, "合計"],
            ["S01", "売上予算", *[100 + i for i in range(12)], 1266],  # 100 + … + 111 = 1,266
            ["S02", "売上予算", *[200 + i for i in range(12)], 2466]]
    budget = write_book(tmp_path / "yosan.xlsx", {"予算": rows})
    code, results = build(tmp_path, october_sales(tmp_path), budget, lang=lang)
    budgets = {k["scope"]: (k["budget"], k["ytd_budget"]) for k in results["kpis"] if k["id"] == "net_sales"}
    # October is the seventh month: 100 + 6 = 106 and 206; April to October: 100 + … + 106 = 721, 200 + … + 206 = 1,421
    assert code == 0 and budgets == {"store:S01": (106, 721), "store:S02": (206, 1421), "total": (312, 2142)}
    assert results["data_quality"]["rows_rejected"] == 0
    assert any(all(w in note for w in words) for note in warnings(results))  # 2 rows × 12 months = 24 cells


def test_months_without_a_year_are_as_budget_rows_with_the_fiscal_year_start_set(tmp_path):
    rows = [["項目", *[f"{m}月" for m in range(1, 13)]], ["売上予算", *[1000 * m for m in range(1, 13)]]]
    budget = write_book(tmp_path / "yosan.xlsx", {"予算": rows})
    data = load_inputs([budget, october_sales(tmp_path)], Mapping().with_fiscal_year_start(1), use_cache=False)
    # --fiscal-year-start 1: the fiscal year holding October 2026 is January to December 2026
    assert sorted(data.table("budget")["month"]) == [f"2026-{m:02d}" for m in range(1, 13)]
    data = load_inputs([budget, october_sales(tmp_path)], Mapping(), use_cache=False)
    # April (the default): 1月 to 3月 fall in 2027, 4月 to 12月 in 2026, as 1月 in a budget row does
    budget_of = dict(zip(data.table("budget")["month"], data.table("budget")["value"]))
    assert budget_of["2026-10"] == 10_000 and budget_of["2027-01"] == 1_000 and "2026-01" not in budget_of


@pytest.mark.parametrize("lang, words", [("ja", ["yosan.xlsx", "[予算]", "セル B1", "「4月」", "--year"]),
                                         ("en", ["yosan.xlsx", "[予算]", "cell B1", "'4月'", "--year"])])
def test_months_without_a_year_and_no_sales_stop_naming_the_header_cell(tmp_path, capsys, lang, words):
    budget = write_book(tmp_path / "yosan.xlsx", {"予算": [["項目", *FY_MONTHS], ["売上予算", *[1] * 12]]})
    traffic = write_book(tmp_path / "traffic.xlsx", {"客数": [["日付", "店舗", "来店客数"], ["2026-10-01", "S01", 50]]})
    code, results = build(tmp_path, budget, traffic, lang=lang)
    said = capsys.readouterr().err
    assert code == 2 and results is None and all(w in said for w in words) and "Traceback" not in said


def test_more_than_twelve_months_without_a_year_are_not_guessed(tmp_path):
    months = [*FY_MONTHS, "4月", "5月"]  # fourteen months: no one fiscal year holds them
    budget = write_book(tmp_path / "yosan.xlsx", {"予算": [["項目", *months], ["売上予算", *[1] * 14]]})
    dataset = load_inputs([budget, october_sales(tmp_path)], use_cache=False)
    assert dataset.table("budget") is None
    [note] = [n for n in dataset.notes if n.file == "yosan.xlsx"]
    assert note.code == "sheet_months_no_year" and "_year" in note.problem("en")


def test_a_sheet_of_actuals_by_month_is_no_budget():
    preview = [["2025年 月別売上"], ["店舗", "項目", "4月", "5月", "6月"], ["S01", "売上", 1, 2, 3]]
    assert find(preview, ["sales.xlsx", "月別"]) is None
    assert find(preview, ["予算.xlsx", "月別"]) is not None  # the file's name says budget


def test_headers_that_carry_their_year_and_date_cells():
    assert month_of("2026年4月") == (2026, 4) and month_of("2026/04") == (2026, 4) and month_of("202604") == (2026, 4)
    assert month_of("Apr-27") == (2027, 4) and month_of("April 2026") == (2026, 4) and month_of("4月度") == (None, 4)
    assert month_of(dt.datetime(2026, 7, 1)) == (2026, 7)
    assert month_of("13月") is None and month_of("売上") is None and month_of("4") is None


@pytest.mark.parametrize("months, year, expected", [
    ({2: (None, 10), 3: (None, 11), 4: (None, 12), 5: (None, 1)}, YearOf(2026, 4),
     ["2026-10", "2026-11", "2026-12", "2027-01"]),
    ({2: (None, 1), 3: (None, 2), 4: (None, 3)}, YearOf(2026, 4), ["2027-01", "2027-02", "2027-03"]),  # 年度 2026
    ({2: (None, 11), 3: (None, 12), 4: (2027, 1), 5: (None, 2)}, None, ["2026-11", "2026-12", "2027-01", "2027-02"]),
    ({2: (None, 4), 3: (None, 5)}, None, None),
])
def test_month_labels_follow_the_columns_across_a_new_year(months, year, expected):
    labels = month_labels(MonthColumns(0, 1, None, months), year)
    assert (None if labels is None else [labels[c] for c in sorted(labels)]) == expected


def test_the_app_lists_such_a_sheet_as_a_budget_or_says_what_it_lacks(tmp_path):
    from kpipack.ingest.inspect import inspect_file

    dated = write_book(tmp_path / "予算_2026年度.xlsx", {"予算": [["店舗", "項目", *FY_MONTHS], ["S01", "売上予算", *[1] * 12]]})
    [sheet] = inspect_file(dated).sheets
    assert sheet.role == "budget" and not sheet.problems
    assert {c.header: c.field for c in sheet.columns}["項目"] == "kpi"
    assert {c.header: c.field for c in sheet.columns}["店舗"] == "store"
    undated = write_book(tmp_path / "yosan.xlsx", {"予算": [["項目", *FY_MONTHS], ["売上予算", *[1] * 12]]})
    [sheet] = inspect_file(undated).sheets  # its year is the sales', as the build takes it
    assert sheet.role == "budget" and not sheet.problems
    longer = write_book(tmp_path / "plan.xlsx", {"予算": [["項目", *FY_MONTHS, "4月"], ["売上予算", *[1] * 13]]})
    [sheet] = inspect_file(longer).sheets
    assert sheet.role is None and [p.code for p in sheet.problems] == ["sheet_months_no_year"]


def test_a_months_across_budget_is_counted_by_its_rows_not_once_per_month(tmp_path):
    rows = [["2026年度 店舗別予算"], ["店舗", "項目", *FY_MONTHS, "合計"],
            ["S01", "売上予算", *[30] * 11, "未定", 330],  # March not yet set: a note, the row is used
            [None, "客数目標", *[31] * 12, 372],
            [None, None, *[5] * 12, 60]]  # figures without a KPI: rejected once, not twelve times
    data = load_inputs([write_book(tmp_path / "budget.xlsx", {"予算": rows})])
    sheet = data.sheets[0]
    assert (sheet.rows_read, sheet.rows_used) == (3, 2)  # rows 3, 4 and 5 of the sheet
    assert [(i.row, i.code) for i in sheet.issues] == [(5, "row_budget_no_kpi")]
    assert any(w.row == 3 and w.code == "row_number_bad" for w in sheet.warnings)
    assert len(sheet.table) == 23  # 11 sales months + 12 customer months


@pytest.mark.parametrize("title, sheet, scale", [("2026年度 売上予算", "Sheet1", 1),
                                                 ("2026年度 売上目標（単位：千円）", "Sheet1", 1000),
                                                 ("Budget 2026", "Sales", 1)])
def test_stores_down_and_months_across_with_the_kpi_in_the_title(tmp_path, title, sheet, scale):
    """A store owner's plan: one row per store, a column per month, and only
    the title (or the sheet's name) says it is the sales budget."""
    rows = [[title], [], ["店舗", *FY_MONTHS, "合計"],
            ["S01", *[100 + i for i in range(12)], sum(100 + i for i in range(12))],
            ["S02", *[200 + i for i in range(12)], sum(200 + i for i in range(12))]]
    budget = write_book(tmp_path / "plan.xlsx", {sheet: rows})
    build_pack([october_sales(tmp_path), budget], Settings(lang="ja", period="2026-10"), json_out=tmp_path / "r.json")
    kpis, data = _kpis(tmp_path / "r.json")
    assert kpis[("net_sales", "store:S01")]["budget"] == 106 * scale  # October is the seventh month
    assert kpis[("net_sales", "store:S02")]["budget"] == 206 * scale
    assert kpis[("net_sales", "store:S01")]["ytd_budget"] == sum(range(100, 107)) * scale
    assert data["data_quality"]["rows_rejected"] == 0


def test_stores_by_months_with_no_kpi_named_anywhere_are_not_guessed(tmp_path):
    rows = [["2026年度"], [], ["店舗", *FY_MONTHS], ["S01", *[100] * 12]]
    budget = write_book(tmp_path / "plan.xlsx", {"予算": rows})
    build_pack([october_sales(tmp_path), budget], Settings(lang="ja", period="2026-10"), json_out=tmp_path / "r.json")
    kpis, data = _kpis(tmp_path / "r.json")
    assert kpis[("net_sales", "store:S01")]["budget"] is None
    assert any(w["file"] == "plan.xlsx" for w in data["data_quality"]["warnings"])  # the sheet left out is said
