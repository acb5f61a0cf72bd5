"""A unit stated only in a sheet's title lines (単位：千円 above the headers)
scales the sheet's money columns — budgets, sales, finance — never its counts,
quantities or percentages, and a header stating its own unit keeps it; a
budget's percentage written as text (12%) is the percentage 12. Expected
values are worked out by hand below."""
import datetime as dt
import json

from kpipack.domain import Settings
from kpipack.ingest.headers import stated_scale
from kpipack.pipeline import build_pack
from workbooks import october_sales, write_book

TITLE = ["2026年度 予算（単位：千円）"]


def _build(tmp_path, files, lang="ja"):
    build_pack(files, Settings(lang=lang, period="2026-10"), json_out=tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    return {(k["id"], k["scope"]): k for k in data["kpis"]}, data["data_quality"]


def _sales(folder):
    """October 2026, one receipt a day each: S01 sells 1,000 (cost 700), S02 2,000 (cost 1,500)."""
    rows = [["日付", "店舗コード", "レシート番号", "売上金額", "原価"]]
    for day in range(1, 32):
        rows.append([dt.date(2026, 10, day), "S01", f"A{day}", 1000, 700])
        rows.append([dt.date(2026, 10, day), "S02", f"B{day}", 2000, 1500])
    return write_book(folder / "sales.xlsx", {"売上": rows})


def _notes(dq, file):
    return [w["problem"] for w in dq["warnings"] if w["file"] == file]


def test_a_budget_in_thousands_said_only_in_the_title_line(tmp_path):
    budget = write_book(tmp_path / "budget.xlsx", {"予算": [
        TITLE, [],
        ["年月", "店舗コード", "売上予算", "客数予算", "粗利率目標"],
        ["2026-10", "S01", 31, 31, "12%"],
        ["2026-10", "S02", 62, 62, "15%"]]})
    kpis, dq = _build(tmp_path, [_sales(tmp_path), budget])
    assert kpis[("net_sales", "store:S01")]["budget"] == 31_000  # 31 千円 = 31 × 1,000
    assert kpis[("net_sales", "store:S02")]["budget"] == 62_000  # 62 × 1,000
    assert kpis[("net_sales", "total")]["budget"] == 93_000  # 31,000 + 62,000
    assert kpis[("transactions", "store:S01")]["budget"] == 31  # a count: never scaled
    assert kpis[("gross_margin_pct", "store:S02")]["budget"] == 15  # 15%: the percentage 15, never 15,000
    notes = _notes(dq, "budget.xlsx")
    assert any("タイトル行「2026年度 予算（単位：千円）」" in n and "売上予算 を 1,000 倍" in n for n in notes), notes
    assert not any("客数予算 を" in n for n in notes)


def test_the_title_unit_said_in_english(tmp_path):
    budget = write_book(tmp_path / "budget.xlsx", {"Budget": [
        ["FY2026 budget (in thousands)"],
        ["Month", "Store", "Sales budget"],
        ["2026-10", "S01", 31],
        ["2026-10", "S02", 62]]})
    kpis, dq = _build(tmp_path, [october_sales(tmp_path), budget], lang="en")
    assert kpis[("net_sales", "total")]["budget"] == 93_000  # (31 + 62) × 1,000
    assert any("the title line 'FY2026 budget (in thousands)' states the unit" in n and "multiplied by 1,000" in n
               for n in _notes(dq, "budget.xlsx"))


def test_a_header_stating_its_own_unit_wins_over_the_title(tmp_path):
    budget = write_book(tmp_path / "budget.xlsx", {"予算": [
        ["2026年度 予算　単位：千円　作成日 2026/09/30"],
        ["年月", "店舗コード", "売上予算(円)", "粗利予算"],
        ["2026-10", "S01", 31_000, 9],
        ["2026-10", "S02", 62_000, 18]]})
    kpis, dq = _build(tmp_path, [_sales(tmp_path), budget])
    assert kpis[("net_sales", "store:S01")]["budget"] == 31_000  # (円): yen as written, not 31,000,000
    assert kpis[("gross_profit", "store:S01")]["budget"] == 9_000  # 9 千円 from the title
    assert kpis[("gross_profit", "total")]["budget"] == 27_000  # (9 + 18) × 1,000
    notes = _notes(dq, "budget.xlsx")
    assert any("粗利予算 を 1,000 倍" in n for n in notes), notes
    assert not any("売上予算(円)" in n for n in notes)


def test_a_long_budget_under_a_title_in_ten_thousands(tmp_path):
    budget = write_book(tmp_path / "budget.xlsx", {"予算": [
        ["単位：万円"],
        ["年月", "店舗コード", "項目", "値"],
        ["2026-10", "S01", "売上予算", 3.1],
        ["2026-10", "S01", "客数予算", 31],
        ["2026-10", "S02", "売上予算", 6.2]]})
    kpis, dq = _build(tmp_path, [october_sales(tmp_path), budget])
    assert kpis[("net_sales", "store:S01")]["budget"] == 31_000  # 3.1 万円 = 3.1 × 10,000
    assert kpis[("net_sales", "total")]["budget"] == 93_000  # (3.1 + 6.2) × 10,000
    assert kpis[("transactions", "store:S01")]["budget"] == 31  # a count: as written
    assert any("10,000 倍" in n for n in _notes(dq, "budget.xlsx"))


def test_sales_lines_in_thousands_said_in_the_title(tmp_path):
    rows = [["売上明細（単位：千円）"], ["日付", "店舗コード", "レシート番号", "数量", "売上金額"]]
    rows += [[dt.date(2026, 10, 1), "S01", "A1", 2, 3], [dt.date(2026, 10, 2), "S01", "A2", 1, 1.5]]
    sales = write_book(tmp_path / "sales.xlsx", {"売上": rows})
    kpis, dq = _build(tmp_path, [sales])
    assert kpis[("net_sales", "total")]["actual"] == 4_500  # (3 + 1.5) × 1,000
    assert kpis[("units_per_transaction", "total")]["actual"] == 1.5  # (2 + 1) units / 2 receipts: not scaled
    assert any("売上金額 を 1,000 倍" in n for n in _notes(dq, "sales.xlsx"))


def test_which_title_lines_state_a_unit():
    assert stated_scale(["2026年度 予算（単位：千円）"]) == (1_000, "2026年度 予算（単位：千円）")
    assert stated_scale(["単位：百万円"])[0] == 1_000_000
    assert stated_scale(["Sales plan", "USD 000"]) == (1_000, "USD 000")
    assert stated_scale(["(000s)"])[0] == 1_000
    assert stated_scale(["2026年10月 売上日報"]) == (1, "")  # no unit
    assert stated_scale(["月商目標 100 万円"]) == (1, "")  # an amount, not a unit
    assert stated_scale(["単位：円"]) == (1, "")  # yen as written


def test_a_percentage_budget_written_as_text(tmp_path):
    budget = write_book(tmp_path / "budget.xlsx", {"予算": [
        ["年月", "店舗コード", "売上予算", "粗利率目標"],
        ["2026-10", "S01", 31_000, "12%"],
        ["2026-10", "S02", 62_000, "15.5%"]]})
    kpis, dq = _build(tmp_path, [_sales(tmp_path), budget])
    assert kpis[("gross_margin_pct", "store:S01")]["budget"] == 12  # 12% is 12, as the contract keeps %
    assert kpis[("gross_margin_pct", "store:S02")]["budget"] == 15.5
    assert kpis[("gross_margin_pct", "total")]["budget"] is None  # never 12 + 15.5 = 27.5 summed over stores
    assert kpis[("net_sales", "total")]["budget"] == 93_000  # 31,000 + 62,000
    assert not any("粗利率目標" in n for n in _notes(dq, "budget.xlsx"))  # not a label of the rows
