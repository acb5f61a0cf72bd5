"""A sheet of stores as columns that no word says is of sales is read as
the stores' sales where its figures show money and the store master lists
every store column; otherwise it is left unread, saying why."""
import datetime as dt

import openpyxl
import pytest

from test_layouts import build, warnings
from workbooks import write_book

MASTER = [["店舗コード", "店舗名", "売場面積"], ["S01", "本店", 50], ["S02", "駅前店", 30]]


def daily(title=None, stores=("本店", "駅前店")):
    rows = [[title]] if title else []
    rows.append(["日付", *stores, "合計"])
    for d in range(1, 11):
        rows.append([dt.date(2026, 10, d), 10000 + d, 20000, 30000 + d])
    return rows


def sales(results):
    return {k["scope"]: k["actual"] for k in results["kpis"] if k["id"] == "net_sales"}


@pytest.mark.parametrize("lang, said", [("en", "show money (円)"), ("ja", "金額（円）")])
def test_money_under_the_masters_store_names_is_their_sales(tmp_path, lang, said):
    book = write_book(tmp_path / "daily.xlsx", {"Sheet1": daily("日報（単位：円）")})
    code, results = build(tmp_path, book, write_book(tmp_path / "stores.xlsx", {"店舗": MASTER}), lang=lang)
    # 本店: 10,001 + … + 10,010 = 100,055; 駅前店: 10 × 20,000
    assert code == 0 and sales(results) == {"total": 300055, "store:S01": 100055, "store:S02": 200000}
    assert any(said in w for w in warnings(results))


def test_dollars_in_the_cell_format_under_the_masters_codes(tmp_path):
    path = tmp_path / "report.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "S01", "S02", "Total"])
    for d in range(1, 4):
        ws.append([dt.datetime(2026, 10, d), 100.5, 200, 300.5])
        for c in (2, 3, 4):
            ws.cell(ws.max_row, c).number_format = '"$"#,##0.00'
    wb.save(path)
    code, results = build(tmp_path, path, write_book(tmp_path / "stores.xlsx", {"店舗": MASTER}))
    # 3 × 100.50 and 3 × 200
    assert code == 0 and results["currency"] == "USD"
    assert sales(results) == {"total": 901.5, "store:S01": 301.5, "store:S02": 600}


@pytest.mark.parametrize("lang, said", [("en", "store master lists no store with the code or name 新店"),
                                        ("ja", "名前が 新店 の店舗がありません")])
def test_a_store_the_master_does_not_list_leaves_the_sheet_unread(tmp_path, lang, said):
    book = write_book(tmp_path / "daily.xlsx", {"Sheet1": daily("日報（単位：円）", ("本店", "新店"))})
    other = write_book(tmp_path / "sales.xlsx", {"売上": [["日付", "店舗コード", "レシート番号", "売上金額"],
                                                        ["2026-10-01", "S01", "R1", 500]]})
    code, results = build(tmp_path, book, other, write_book(tmp_path / "stores.xlsx", {"店舗": MASTER}), lang=lang)
    assert code == 0 and sales(results)["total"] == 500
    assert any(said in w and "daily.xlsx" == n["file"] for n in results["data_quality"]["warnings"]
               for w in [n["problem"]])


@pytest.mark.parametrize("lang, said", [("en", "says what their figures are"), ("ja", "数値が何か")])
def test_figures_showing_no_money_are_left_unread_saying_why(tmp_path, capsys, lang, said):
    book = write_book(tmp_path / "report.xlsx", {"Sheet1": daily()})
    code, results = build(tmp_path, book, write_book(tmp_path / "stores.xlsx", {"店舗": MASTER}), lang=lang)
    out = capsys.readouterr().err
    # the only sales were in that sheet: the build stops, naming it and why
    assert code == 2 and results is None and "report.xlsx" in out and said in out
