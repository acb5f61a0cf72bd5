"""Finance lines kept long — one row per month and account — are read as the
finance table: each account's amount is the field it names, and an account
the pack does not read is a rejected row naming it. Expected values are
worked out by hand below."""
import json

from kpipack.domain import Settings
from kpipack.pipeline import build_pack
from workbooks import october_sales, write_book


def _build(tmp_path, rows, lang="ja"):
    build_pack([october_sales(tmp_path), write_book(tmp_path / "finance.xlsx", {"PL": rows})],
               Settings(lang=lang, period="2026-10"), json_out=tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    return {(k["id"], k["scope"]): k["actual"] for k in data["kpis"]}, data["data_quality"]


def test_a_long_profit_and_loss_by_account(tmp_path):
    rows = [["年月", "勘定科目", "金額"], ["2026-10", "売上高", 93_000], ["2026-10", "販管費", 50_000],
            ["2026-10", "当期純利益", 8_000], ["2026-10", "総資産", 900_000], ["2026-10", "純資産", 400_000]]
    kpis, dq = _build(tmp_path, rows)
    assert kpis[("opex", "total")] == 50_000
    assert kpis[("roe_pct", "total")] == 8_000 / 400_000 * 100  # one month's net income over the equity
    assert kpis[("roa_pct", "total")] == 8_000 / 900_000 * 100
    assert [(i["row"], i["problem"]) for i in dq["issues"]] == [
        (2, "勘定科目「売上高」はレポートで使う科目（販管費・当期純利益・純資産・総資産）ではありません")]
    assert dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"]


def test_long_lines_by_store_in_english(tmp_path):
    rows = [["Month", "Store", "Account", "Amount"], ["2026-10", "S01", "SG&A", 20_000],
            ["2026-10", "S02", "SG&A", 30_000], ["2026-10", "S02", "Operating expenses", 5_000]]
    kpis, dq = _build(tmp_path, rows, lang="en")
    assert kpis[("opex", "store:S01")] == 20_000
    assert kpis[("opex", "store:S02")] == 35_000  # two lines of one field: added up
    assert kpis[("opex", "total")] == 55_000
    assert not dq["issues"]


WIDE = [["年月", "販管費", "当期純利益", "純資産", "総資産"], ["2026-09", 45_000, 6_000, 390_000, 880_000],
        ["2026-10", 50_000, 8_000, 400_000, 900_000]]


def _build_files(tmp_path, lines, lang="ja"):
    wide = write_book(tmp_path / "finance.xlsx", {"財務": WIDE})
    long = write_book(tmp_path / "pl_lines.xlsx", {"PL": lines})
    build_pack([october_sales(tmp_path), wide, long], Settings(lang=lang, period="2026-10"),
               json_out=tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    return {(k["id"], k["scope"]): k["actual"] for k in data["kpis"]}, data["data_quality"]


def test_a_wide_sheet_and_long_lines_of_the_same_month_count_once(tmp_path):
    """October's 販管費 50,000 and 当期純利益 8,000 in both shapes: 50,000 once (not 100,000); the lines'
    two rows rejected naming the wide sheet's row 3, one note."""
    lines = [["年月", "勘定科目", "金額"], ["2026-10", "販管費", 50_000], ["2026-10", "当期純利益", 8_000]]
    kpis, dq = _build_files(tmp_path, lines, lang="en")
    assert kpis[("opex", "total")] == 50_000
    assert kpis[("roe_pct", "total")] == (6_000 + 8_000) / 400_000 * 100  # twelve months to October: two given
    assert [(i["file"], i["row"], i["problem"]) for i in dq["issues"]] == [
        ("pl_lines.xlsx", 2, "Operating expenses for 2026-10 is already in row 3 of finance.xlsx [財務]: counted once, there"),
        ("pl_lines.xlsx", 3, "Net income for 2026-10 is already in row 3 of finance.xlsx [財務]: counted once, there")]
    assert "2 rows give finance figures an earlier sheet gives the same: counted once, there" in [
        w["problem"] for w in dq["warnings"]]
    assert dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"] and dq["rows_rejected"] == 2


def test_finance_figures_that_differ_between_files_are_set_aside_in_both(tmp_path):
    """The lines say October's 販管費 was 52,000 beside the wide sheet's 50,000: neither is used, October's
    opex is empty (not 102,000, not either); each row names the other; the wide row keeps its other
    figures (used, with a note), the line is rejected."""
    lines = [["年月", "勘定科目", "金額"], ["2026-10", "販管費", 52_000]]
    kpis, dq = _build_files(tmp_path, lines)
    assert kpis[("opex", "total")] is None
    assert kpis[("roa_pct", "total")] == (6_000 + 8_000) / 900_000 * 100  # the wide row's other figures stay
    assert [(i["file"], i["row"]) for i in dq["issues"]] == [("pl_lines.xlsx", 2)]
    assert "finance.xlsx [財務] の 3 行目に別の値（50,000。この行は 52,000）" in dq["issues"][0]["problem"]
    said = [(w["file"], w["row"], w["problem"]) for w in dq["warnings"]]
    assert ("finance.xlsx", 3, "2026年10月 の販管費は pl_lines.xlsx [PL] の 2 行目に別の値（52,000。この行は "
            "50,000）で載っています。どちらも使いません。一方だけにしてください") in said
    assert ("finance.xlsx", 0, "2026年10月 の販管費は空欄にしました。2 つのシートが別の値で載せています（各行を参照）") in said
    assert dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"] and dq["rows_rejected"] == 1


def test_a_stores_figure_set_aside_leaves_the_companys_total_empty(tmp_path):
    """S01's October 販管費 is 1,000 in one file and 1,200 in another: S01's and the company's opex are empty,
    never S02's 2,000 alone; S02's stays 2,000."""
    wide = write_book(tmp_path / "finance.xlsx", {"財務": [["年月", "店舗コード", "販管費"], ["2026-10", "S01", 1_000],
                                                          ["2026-10", "S02", 2_000]]})
    long = write_book(tmp_path / "pl_lines.xlsx", {"PL": [["年月", "店舗コード", "勘定科目", "金額"],
                                                          ["2026-10", "S01", "販管費", 1_200]]})
    build_pack([october_sales(tmp_path), wide, long], Settings(lang="en", period="2026-10"),
               json_out=tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    kpis = {(k["id"], k["scope"]): k["actual"] for k in data["kpis"]}
    assert kpis[("opex", "total")] is None and kpis[("opex", "store:S01")] is None
    assert kpis[("opex", "store:S02")] == 2_000
    dq = data["data_quality"]
    assert [(i["file"], i["row"]) for i in dq["issues"]] == [("finance.xlsx", 2), ("pl_lines.xlsx", 2)]
    assert dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"]
