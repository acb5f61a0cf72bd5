"""A monthly P&L kept as accountants keep it — accounts down, months across,
a year's total on the right — is read as the finance table: each month
column's accounts as that month's lines (勘定科目 | 金額). Expected values
are worked out by hand below."""
import json

import pytest

from kpipack.domain import Settings
from kpipack.pipeline import build_pack
from workbooks import october_sales, write_book

# 2026年度 from April: 8月 is 2026-08 … 10月 2026-10. Opex is read from the 販管費計 line (the expense
# accounts above it are no field, the subtotal counts once): 2,600,000 in October; 当期純利益 950,000;
# 売上高 and 人件費 are not read (a rejected row each, counted once however many months they fill).
PL = [["2026年度 月次損益計算書"],
      ["勘定科目", "8月", "9月", "10月", "合計"],
      ["売上高", 10_000_000, 11_000_000, 12_000_000, 33_000_000],
      ["人件費", 1_500_000, 1_550_000, 1_600_000, 4_650_000],
      ["販管費計", 2_500_000, 2_550_000, 2_600_000, 7_650_000],
      ["当期純利益", 900_000, 920_000, 950_000, 2_770_000],
      ["総資産", 50_000_000, 50_000_000, 51_000_000, None],
      ["純資産", 20_000_000, 20_000_000, 20_400_000, None]]


def _build(tmp_path, rows, lang="ja", name="損益.xlsx"):
    build_pack([october_sales(tmp_path), write_book(tmp_path / name, {"PL": rows})],
               Settings(lang=lang, period="2026-10"), json_out=tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    return {(k["id"], k["scope"]): k for k in data["kpis"]}, data["data_quality"]


def test_a_profit_and_loss_with_months_across_is_read_as_finance(tmp_path):
    kpis, dq = _build(tmp_path, PL)
    assert kpis[("opex", "total")]["actual"] == 2_600_000
    assert kpis[("opex", "total")]["prev_month"] == 2_550_000
    # the net income of the months given (900,000 + 920,000 + 950,000) over October's total assets
    assert kpis[("roa_pct", "total")]["actual"] == pytest.approx(2_770_000 / 51_000_000 * 100)
    assert kpis[("roe_pct", "total")]["actual"] == pytest.approx(2_770_000 / 20_400_000 * 100)
    problems = [(i["row"], i["problem"]) for i in dq["issues"] if "損益" in i["file"]]
    assert [row for row, _ in problems] == [3, 4]  # 売上高 and 人件費, once each
    assert "ではありません" in problems[0][1]  # 売上高: not read
    assert "販管費の合計行に含まれる" in problems[1][1]  # 人件費: in the 販管費計 line, counted there
    said = [w["problem"] for w in dq["warnings"] if "損益" in w["file"]]
    assert any("2026-08" in w and "2026-10" in w for w in said)  # the months read, said
    assert not any("売上高" in w for w in said)  # a row rejected is said once, not again for each month


def test_the_title_unit_scales_the_accounts(tmp_path):
    rows = [["月次損益（単位：千円）"], ["科目", "2026年8月", "2026年9月", "2026年10月"],
            ["販売費及び一般管理費", 2_500, 2_550, 2_600]]
    kpis, _ = _build(tmp_path, rows, lang="en")
    assert kpis[("opex", "total")]["actual"] == pytest.approx(2_600_000)  # 2,600 thousand yen


def test_a_sheet_of_accounts_by_month_named_a_budget_stays_a_budget(tmp_path):
    rows = [["2026年度 予算"], ["項目", "8月", "9月", "10月"], ["売上予算", 1_000_000, 1_100_000, 1_200_000]]
    kpis, _ = _build(tmp_path, rows, name="予算.xlsx")
    assert kpis[("net_sales", "total")]["budget"] == 1_200_000


# no year in the title, the file's name or the cells: the fiscal year (April on) holding the sales' latest month
YEARLESS = [["月次損益計算書"],
            ["勘定科目", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月", "合計"],
            ["販管費計", *[100_000 * m for m in range(1, 13)], 7_800_000]]  # 4月 100,000 … 10月 700,000 … 3月 1.2M


@pytest.mark.parametrize("lang, said", [
    ("ja", "売上の最新月 2026-10 を含む年度 2026-04～2027-03 の月として読みました"),
    ("en", "read within the fiscal year 2026-04 to 2027-03, the one holding the sales' latest month 2026-10")])
def test_a_profit_and_loss_without_a_year_takes_the_sales_fiscal_year(tmp_path, lang, said):
    kpis, dq = _build(tmp_path, YEARLESS, lang=lang, name="pl.xlsx")
    assert kpis[("opex", "total")]["actual"] == 700_000  # 10月, the 7th month from April: 2026-10
    assert kpis[("opex", "total")]["prev_month"] == 600_000  # 9月: 2026-09
    assert any(said in w["problem"] for w in dq["warnings"]), dq["warnings"]


@pytest.mark.parametrize("lang, said", [
    ("en", "pl.xlsx: [PL]: cell B2: the P&L month '4月' has no year"),
    ("ja", "pl.xlsx: [PL]: セル B2: 損益計算書の月「4月」に年がなく")])
def test_a_profit_and_loss_without_a_year_or_sales_stops_naming_the_cell(tmp_path, capsys, lang, said):
    from kpipack.cli import main

    code = main(["build", str(write_book(tmp_path / "pl.xlsx", {"PL": YEARLESS})), "--json", str(tmp_path / "r.json"),
                 "--lang", lang, "--quiet", "--no-cache"])
    assert code != 0 and said in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()


@pytest.mark.parametrize("company", ["合計", "全店", "全社", "All stores", "Total"])
def test_a_company_line_in_the_store_column_is_the_companys_not_a_store(tmp_path, company):
    """S01's and S02's opex and the company's line below them (their sum): the company's opex is that line,
    1,800,000 in October, never the stores' 1,200,000 + 600,000 with the line added on top (3,600,000)."""
    rows = [["2026年度 月次損益計算書"], ["店舗", "勘定科目", "8月", "9月", "10月"],
            ["S01", "販管費計", 1_000_000, 1_100_000, 1_200_000], ["S02", "販管費計", 500_000, 550_000, 600_000],
            [company, "販管費計", 1_500_000, 1_650_000, 1_800_000]]
    kpis, dq = _build(tmp_path, rows, lang="en")
    assert kpis[("opex", "total")]["actual"] == 1_800_000 and kpis[("opex", "total")]["prev_month"] == 1_650_000
    assert kpis[("opex", "store:S01")]["actual"] == 1_200_000 and kpis[("opex", "store:S02")]["actual"] == 600_000
    assert not any(k[1] == f"store:{company}" for k in kpis)
    assert dq["rows_rejected"] == 0


def test_a_store_written_above_its_block_holds_for_its_rows_and_the_companys_block_too(tmp_path):
    """S01's block: opex 1,200,000 in October; the company's block (全店 written once above it): opex 2,000,000
    (the stores' 1,200,000 + HQ costs, as the company books it) — the company's figure is its own line."""
    rows = [["2026年度 月次損益計算書"], ["店舗", "勘定科目", "8月", "9月", "10月"],
            ["S01", "販管費計", 1_000_000, 1_100_000, 1_200_000], [None, "当期純利益", 80_000, 90_000, 100_000],
            ["全店", "販管費計", 1_800_000, 1_900_000, 2_000_000], [None, "当期純利益", 260_000, 280_000, 300_000]]
    kpis, _ = _build(tmp_path, rows, lang="ja")
    assert kpis[("opex", "total")]["actual"] == 2_000_000
    assert kpis[("opex", "store:S01")]["actual"] == 1_200_000
