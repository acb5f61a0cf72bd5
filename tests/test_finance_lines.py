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
