"""Opex kept by account only, with no line of their total: the selling and
administrative expense accounts are the opex, summed and named in the report;
a group (人件費) listed beside its own accounts is counted from them; cost of
sales and interest are never opex. With a 販管費 line, that line alone is."""
from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from kpipack.domain import Settings
from kpipack.pipeline import build_pack

ACCOUNTS = [("売上高", 500000), ("売上原価", 300000), ("給料手当", 150000), ("法定福利費", 20000),
            ("人件費", 170000), ("地代家賃", 100000), ("水道光熱費", 30000), ("支払利息", 5000)]


def build(tmp_path, rows: list[list], lang="ja") -> tuple[dict, dict]:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(tmp_path / "pl.xlsx")
    (tmp_path / "sales.csv").write_text("日付,店舗,売上\n2026/10/01,本店,400000\n2026/10/02,駅前店,200000\n",
                                        encoding="utf-8")
    build_pack([tmp_path / "sales.csv", tmp_path / "pl.xlsx"], Settings(period="2026-10", lang=lang),
               out=tmp_path / "r.xlsx", json_out=tmp_path / "r.json", use_cache=False)
    got = json.loads((tmp_path / "r.json").read_text())
    return {r["scope"]: r["actual"] for r in got["kpis"] if r["id"] == "opex"}, got["data_quality"]


def test_expense_accounts_without_their_total_are_the_opex(tmp_path):
    rows = [["年月", "店舗", "勘定科目", "金額"]] + [["2026年10月", "本店", a, v] for a, v in ACCOUNTS]
    opex, dq = build(tmp_path, rows)
    assert opex["store:本店"] == 150000 + 20000 + 100000 + 30000  # 人件費 is 給料手当 + 法定福利費, not added again
    problems = {i["row"]: i["problem"] for i in dq["issues"] if i["file"] == "pl.xlsx"}
    assert problems[6] == "勘定科目「人件費」は、ほかに並ぶ内訳の科目の合計のため、内訳から集計します"
    assert sorted(problems) == [2, 3, 6, 9]  # 売上高, 売上原価, 人件費, 支払利息: each row used or said
    assert "販管費は経費の科目 給料手当, 法定福利費, 地代家賃, 水道光熱費 の合計です（販管費の合計行がないため）" in \
        [w["problem"] for w in dq["warnings"]]


def test_a_group_alone_is_an_expense_account(tmp_path):
    rows = [["Month", "Store", "Account", "Amount"], ["2026-10", "本店", "Staff costs", 170000],
            ["2026-10", "本店", "Rent", 100000], ["2026-10", "本店", "Cost of sales", 300000]]
    opex, _ = build(tmp_path, rows, lang="en")
    assert opex["store:本店"] == 170000 + 100000


def test_an_opex_line_is_the_opex_and_the_accounts_above_it_are_not_added(tmp_path):
    rows = [["年月", "店舗", "勘定科目", "金額"]] + [["2026年10月", "本店", a, v] for a, v in ACCOUNTS] + \
        [["2026年10月", "本店", "販管費合計", 300000]]
    opex, dq = build(tmp_path, rows)
    assert opex["store:本店"] == 300000
    assert not any("経費の科目" in w["problem"] for w in dq["warnings"])


def test_expense_accounts_as_columns_are_summed(tmp_path):
    rows = [["月", "店舗", "家賃", "人件費", "水道光熱費"], ["2026年10月", "本店", 200000, 300000, 50000],
            ["2026年10月", "駅前店", 150000, 250000, 40000]]
    opex, dq = build(tmp_path, rows)
    assert (opex["store:本店"], opex["store:駅前店"], opex["total"]) == (550000, 440000, 990000)
    assert "販管費は列 家賃, 人件費, 水道光熱費 の合計です" in [w["problem"] for w in dq["warnings"]]


def test_a_pl_with_months_across_and_only_expense_accounts_reads_their_sum(tmp_path):
    rows = [["勘定科目", "2026年8月", "2026年9月", "2026年10月", "合計"]] + \
        [[a, v, v + 1000, v + 2000, 3 * v + 3000] for a, v in
         [("売上高", 500000), ("売上原価", 300000), ("給料手当", 150000), ("地代家賃", 100000), ("水道光熱費", 30000)]]
    opex, dq = build(tmp_path, rows)
    assert opex["total"] == (150000 + 2000) + (100000 + 2000) + (30000 + 2000)  # October's three accounts
    assert sorted(i["row"] for i in dq["issues"] if i["file"] == "pl.xlsx") == [2, 3]  # 売上高, 売上原価


def test_a_bookkeeping_pls_total_expenses_is_its_opex(tmp_path):
    """A QuickBooks-style P&L: Expenses, its accounts, Total Expenses. The opex is Total Expenses
    (13,200 in October), each account said to be in it, never added again."""
    rows = [["", "Aug 2026", "Sep 2026", "Oct 2026", "Total"]] + [
        [a] + ([v, v + 100, v + 200, 3 * v + 300] if v is not None else [None] * 4) for a, v in
        [("Sales", 50000), ("Cost of Goods Sold", 30000), ("Expenses", None), ("Rent", 4000), ("Wages", 8000),
         ("Utilities", 1000), ("Total Expenses", 13000), ("Net Operating Income", 7000)]]
    opex, dq = build(tmp_path, rows, lang="en")
    assert opex["total"] == 13200
    said = {i["problem"] for i in dq["issues"] if i["file"] == "pl.xlsx"}
    assert "account 'Rent' is counted in the sheet's opex line (its total)" in said
