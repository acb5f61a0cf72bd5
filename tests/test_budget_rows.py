"""One budget per store, month and KPI: a budget given twice counts once, two
budgets that disagree are both set aside (never added up, never one picked),
a sheet's department lines are added up, and a percentage is never added.
Expected values are worked out by hand below."""
import json

import pytest

from kpipack.domain import Settings
from kpipack.pipeline import build_pack
from workbooks import october_sales, write_book


def _build(tmp_path, *budgets):
    build_pack([october_sales(tmp_path), *budgets], Settings(lang="ja", period="2026-10"), json_out=tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    return {(k["id"], k["scope"]): k for k in data["kpis"]}, data["data_quality"]


BUDGET = [["年月", "店舗コード", "売上予算", "客数予算"],
          ["2026-10", "S01", 30_000, 31],
          ["2026-10", "S02", 60_000, 62]]


def test_the_same_budget_in_an_xlsx_and_its_csv_counts_once(tmp_path):
    book = write_book(tmp_path / "budget.xlsx", {"予算": BUDGET})
    copy = tmp_path / "budget.csv"
    copy.write_text("\n".join(",".join(str(c) for c in row) for row in BUDGET) + "\n", encoding="utf-8")
    kpis, dq = _build(tmp_path, book, copy)
    assert kpis[("net_sales", "store:S01")]["budget"] == 30_000  # not 60,000
    assert kpis[("net_sales", "total")]["budget"] == 90_000  # 30,000 + 60,000, each once
    assert kpis[("transactions", "store:S02")]["budget"] == 62
    repeats = [i for i in dq["issues"] if i["file"] == "budget.csv"]
    assert [i["row"] for i in repeats] == [2, 3]  # one message per row, for both its KPIs
    assert "budget.xlsx [予算] の 2 行目と同じ" in repeats[0]["problem"]
    assert any(w["file"] == "budget.csv" and "と同じ行 2 行を重複として除きました" in w["problem"] for w in dq["warnings"])
    assert dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"]


def test_two_budgets_that_disagree_are_both_set_aside(tmp_path):
    old = write_book(tmp_path / "budget.xlsx", {"予算": BUDGET})
    revised = [row[:] for row in BUDGET]
    revised[1][2] = 33_000  # S01's sales budget revised; its customer budget and S02 as before
    new = write_book(tmp_path / "budget_rev.xlsx", {"予算": revised})
    kpis, dq = _build(tmp_path, old, new)
    assert kpis[("net_sales", "store:S01")]["budget"] is None  # neither 30,000 nor 33,000 nor 63,000
    assert kpis[("transactions", "store:S01")]["budget"] == 31  # the same in both: once
    assert kpis[("net_sales", "store:S02")]["budget"] == 60_000
    assert kpis[("net_sales", "total")]["budget"] is None  # S02's 60,000 alone is no company total
    assert kpis[("transactions", "total")]["budget"] == 93  # 31 + 62
    assert any("2026年10月の売上予算は全店の予算がありません" in w["problem"]
               for w in dq["warnings"])
    conflicts = [(i["file"], i["row"], i["problem"]) for i in dq["issues"] + dq["warnings"] if "別の値" in i["problem"]]
    assert ("budget.xlsx", 2) in [(f, r) for f, r, _ in conflicts]  # the first file's row is named too
    assert ("budget_rev.xlsx", 2) in [(f, r) for f, r, _ in conflicts]
    assert any("30,000" in p and "33,000" in p for _, _, p in conflicts)
    assert dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"]


def test_a_sheets_department_lines_are_added_up_but_a_percentage_is_not(tmp_path):
    rows = [["年月", "店舗コード", "部門", "売上予算", "粗利率予算"],
            ["2026-10", "S01", "食品", 20_000, 30],
            ["2026-10", "S01", "日用品", 20_000, 30],  # the same figures, another department
            ["2026-10", "S02", "食品", 40_000, 25],
            ["2026-10", "S02", "日用品", 25_000, 35]]  # two rates for one store: no one rate is S02's
    kpis, dq = _build(tmp_path, write_book(tmp_path / "budget.xlsx", {"予算": rows}))
    assert kpis[("net_sales", "store:S01")]["budget"] == 40_000  # 20,000 + 20,000
    assert kpis[("net_sales", "store:S02")]["budget"] == 65_000
    assert kpis[("net_sales", "total")]["budget"] == 105_000
    margin_s02 = [w for w in dq["warnings"] if w["row"] in (4, 5) and "粗利率予算" in w["problem"]]
    assert len(margin_s02) == 2  # both rows named; their sales budgets are still used
    margin_s01 = [w for w in dq["warnings"] if w["row"] == 3 and "粗利率予算" in w["problem"]]
    assert len(margin_s01) == 1 and "2 行目と同じ" in margin_s01[0]["problem"]  # one rate, given twice: once
    assert any("部門" in w["problem"] for w in dq["warnings"] if w["row"] in (0, None))
    assert dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"]


def test_a_company_budget_summed_without_a_selling_store_says_so(tmp_path):
    rows = [["年月", "店舗コード", "売上予算"], ["2026-10", "S01", 30_000]]  # S02 sells too, with no budget
    kpis, dq = _build(tmp_path, write_book(tmp_path / "budget.xlsx", {"予算": rows}))
    assert kpis[("net_sales", "total")]["budget"] == 30_000  # the budgets given, as the contract sums them
    assert kpis[("net_sales", "store:S02")]["budget"] is None
    assert any("2026年10月の全社の売上予算" in w["problem"] and "S02" in w["problem"] for w in dq["warnings"])
    full = [["年月", "店舗コード", "売上予算"], ["2026-10", "S01", 30_000], ["2026-10", "S02", 60_000]]
    kpis, dq = _build(tmp_path, write_book(tmp_path / "budget.xlsx", {"予算": full}))
    assert not any("全社の売上予算" in w["problem"] for w in dq["warnings"])


def test_a_workbooks_sheets_per_department_are_added_up(tmp_path):
    food = [["年月", "店舗コード", "売上予算"], ["2026-10", "S01", 20_000], ["2026-10", "S02", 40_000]]
    other = [["年月", "店舗コード", "売上予算"], ["2026-10", "S01", 20_000], ["2026-10", "S02", 25_000]]
    kpis, dq = _build(tmp_path, write_book(tmp_path / "budget.xlsx", {"食品": food, "日用品": other}))
    assert kpis[("net_sales", "store:S01")]["budget"] == 40_000  # the same figure in two departments: both
    assert kpis[("net_sales", "store:S02")]["budget"] == 65_000
    assert not dq["issues"]


def test_a_budget_sheet_pasted_twice_in_its_workbook_counts_once(tmp_path):
    """Excel's copy of a sheet (予算 (2)) beside its original: 30,000 + 60,000 = 90,000 once, not 180,000; its
    two rows rejected naming the rows they copy, one note naming both sheets. A department sheet beside
    them (other figures) is still added: S01 30,000 + 5,000."""
    dept = [["年月", "店舗コード", "売上予算", "客数予算"], ["2026-10", "S01", 5_000, 4], ["2026-10", "S02", 60_000, 62]]
    book = write_book(tmp_path / "budget.xlsx", {"予算": BUDGET, "予算 (2)": BUDGET, "雑貨": dept})
    kpis, dq = _build(tmp_path, book)
    assert kpis[("net_sales", "store:S01")]["budget"] == 35_000
    assert kpis[("net_sales", "store:S02")]["budget"] == 120_000
    assert kpis[("transactions", "total")]["budget"] == 31 + 62 + 4 + 62
    copies = [(i["sheet"], i["row"], i["problem"]) for i in dq["issues"]]
    assert copies == [("予算 (2)", 2, "[予算] の 2 行目と同じ行のため、重複として使いません"),
                      ("予算 (2)", 3, "[予算] の 3 行目と同じ行のため、重複として使いません")]
    assert [w["problem"] for w in dq["warnings"] if w["sheet"] == "予算 (2)"] == [
        "シート「予算 (2)」はシート「予算」の写し（2 行すべて同じ）のため、重複として一度だけ集計しました"]
    assert dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"] and dq["rows_rejected"] == 2


@pytest.mark.parametrize("name, kpi_id", [
    ("Gross margin % target", "gross_margin_pct"), ("Gross margin % budget", "gross_margin_pct"),
    ("Conversion % target", "conversion_rate_pct"), ("粗利率目標", "gross_margin_pct"), ("売上予算(千円)", "net_sales")])
def test_a_budget_named_with_its_unit_before_the_plan_word_names_its_kpi(name, kpi_id):
    from kpipack.kpis.budget_names import kpi_for_budget_name

    assert kpi_for_budget_name(name) == kpi_id
