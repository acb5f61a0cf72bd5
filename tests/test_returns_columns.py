"""Returns written as a column of amounts: beside the gross sales (売上金額 |
返品金額, Sales | Returns) they are taken off, whichever sign they carry; a
sheet whose only amount is its returns (a 返品 sheet) gives them back. On the
importer and the engine alike. Figures worked out by hand."""
from __future__ import annotations

import json

import pytest

from kpipack.domain import Settings
from kpipack.kpis import linefiles
from kpipack.pipeline import build_pack


def build(tmp_path, inputs, lang="ja") -> dict:
    js = tmp_path / "r.json"
    build_pack(inputs, Settings(period="2026-10", lang=lang), json_out=js, use_cache=False)
    return json.loads(js.read_text(encoding="utf-8"))


def net(result: dict, scope: str = "total") -> float:
    return next(r["actual"] for r in result["kpis"] if r["id"] == "net_sales" and r["scope"] == scope)


@pytest.mark.parametrize("returns", [["500", "0", "1000"], ["-500", "0", "-1000"]])
def test_returns_beside_the_gross_sales_are_taken_off(tmp_path, monkeypatch, returns):
    """10,000 + 12,000 + 9,000 sold, 500 + 1,000 given back: 29,500 (not 31,000, not 32,500)."""
    path = tmp_path / "sales.csv"
    path.write_text("日付,店舗コード,売上金額,返品金額\n" + "".join(
        f"2026-10-0{d},S01,{g},{r}\n" for d, g, r in zip((1, 2, 3), (10000, 12000, 9000), returns)),
        encoding="utf-8")
    small = build(tmp_path, [path])
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    big = build(tmp_path, [path])
    for got in (small, big):
        assert net(got) == 29_500
        assert "売上金額は列「売上金額」から列「返品金額」（返品）を差し引いて求めました（返品の符号によらず差し引いています）" in [
            w["problem"] for w in got["data_quality"]["warnings"]]


def test_a_net_figure_beside_its_returns_is_not_taken_off_again(tmp_path):
    """Net sales already hold the returns: 9,500 + 12,000 as written."""
    path = tmp_path / "sales.csv"
    path.write_text("Date,Store,Gross sales,Returns,Net sales\n2026-10-01,S01,10000,500,9500\n"
                    "2026-10-02,S01,12000,0,12000\n", encoding="utf-8")
    assert net(build(tmp_path, [path], lang="en")) == 21_500


def test_a_sheet_of_returns_gives_them_back(tmp_path):
    """A workbook's 売上 sheet (3,000 + 8,000) and its 返品 sheet (2,000 given back): 9,000."""
    import openpyxl

    book = openpyxl.Workbook()
    sales = book.active
    sales.title = "売上"
    for row in (["日付", "店舗", "商品", "数量", "売上金額"], ["2026-10-01", "渋谷店", "シャツ", 1, 3000],
                ["2026-10-02", "渋谷店", "パンツ", 2, 8000]):
        sales.append(row)
    back = book.create_sheet("返品")
    for row in (["日付", "店舗", "商品", "数量", "返品金額"], ["2026-10-02", "渋谷店", "パンツ", 1, 2000],
                ["2026-10-03", "渋谷店", "シャツ", 0, 0]):
        back.append(row)
    book.save(tmp_path / "shop.xlsx")
    got = build(tmp_path, [tmp_path / "shop.xlsx"])
    assert net(got) == 9_000
    assert ("返品", "列「返品金額」は返品の金額のため、売上から差し引きました（マイナスとして集計）") in [
        (w["sheet"], w["problem"]) for w in got["data_quality"]["warnings"]]
