"""Inputs a person would call ordinary: when nothing is usable the message says
why for each file and sheet; a header on two rows is read whole; a skipped
sheet's note gives its true size."""
import datetime as dt

import openpyxl
import pytest

from kpipack.cli import main
from kpipack.domain import Settings
from kpipack.errors import KpipackError
from kpipack.ingest import load_inputs
from kpipack.ingest.header_rows import combined_headers
from kpipack.pipeline import build_pack
from workbooks import write_book


def _pivot_and_quantities(path):
    return write_book(path, {
        "Pivot": [["合計 / 売上金額", "列ラベル"], ["行ラベル", "S01", "S02", "総計"], ["2026-09", 100, 200, 300],
                  ["2026-10", 150, 250, 400]],
        "Data": [["日付", "店舗", "商品コード", "数量"]] + [[dt.datetime(2026, 10, d), "S01", "A1", 2]
                                                          for d in range(1, 11)],
    })


def test_nothing_usable_names_each_sheet_and_what_it_lacks(tmp_path, capsys):
    path = _pivot_and_quantities(tmp_path / "sales.xlsx")
    stores = write_book(tmp_path / "stores.xlsx", {"店舗": [["店舗", "売場面積"], ["S01", 30]]})
    assert main(["build", str(path), str(stores), "--lang", "en", "--json", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "sheet 'Pivot' of sales.xlsx: sheet skipped: a pivot table, a summary of lines rather than lines" in err
    assert "sheet 'Data' of sales.xlsx: sales, but no amount column (net sales, or quantity and unit price)" in err
    assert "sheet '店舗' of stores.xlsx: read as Store master" in err
    assert main(["build", str(path), str(stores), "--lang", "ja", "--json", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err
    assert "売上明細が見つかりません" in err
    assert "sales.xlsx のシート「Data」: 売上明細の形ですが、金額の列（売上金額、または数量と単価）がありません" in err
    assert "stores.xlsx のシート「店舗」: 店舗マスタとして読み込み" in err


def test_a_sales_sheet_without_a_date_says_so(tmp_path):
    path = write_book(tmp_path / "s.xlsx", {"Sheet1": [["店舗", "売上金額", "数量"], ["S01", 100, 1]]})
    with pytest.raises(KpipackError) as caught:
        build_pack([path], Settings(lang="en"), json_out=tmp_path / "r.json")
    assert "sheet 'Sheet1' of s.xlsx: sales, but no date column" in caught.value.message("en")
    assert "日付の列がありません" in caught.value.message("ja")


def test_a_sales_sheet_whose_every_line_is_rejected_says_why(tmp_path):
    path = write_book(tmp_path / "s.xlsx", {"s": [["date", "sales"], ["someday", 100], ["never", 5]]})
    with pytest.raises(KpipackError) as caught:
        build_pack([path], Settings(lang="en"), json_out=tmp_path / "r.json")
    message = caught.value.message("en")
    assert "sheet 's' of s.xlsx: sales, but none of its 2 lines could be used (row 2: date 'someday' is not a " \
           "date)" in message


def _two_row_book(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "売上"
    ws.append(["日付", "店舗", "売上", None, "原価", None])
    ws.append([None, None, "数量", "金額", "数量", "金額"])
    for cells in ("A1:A2", "B1:B2", "C1:D1", "E1:F1"):
        ws.merge_cells(cells)
    for day in range(1, 11):
        ws.append([dt.datetime(2026, 10, day), "S01", 2, 2000, 2, 1200])
    wb.save(path)
    return path


def test_a_two_row_header_reads_every_column(tmp_path):
    ds = load_inputs([_two_row_book(tmp_path / "two.xlsx")])
    sales = ds.table("sales")
    assert sales["net_sales"].sum() == 20000 and sales["cost"].sum() == 12000 and sales["qty"].sum() == 20
    [note] = ds.notes
    assert note.code == "note_two_row_header_unused" and note.params["unused"] == "原価 数量"
    assert "two rows (1 and 2)" in note.problem("en") and "使わない列: 原価 数量" in note.problem("ja")


def test_a_two_row_header_gives_the_margin(tmp_path):
    result = build_pack([_two_row_book(tmp_path / "two.xlsx")], Settings(lang="en", period="2026-10"),
                        json_out=tmp_path / "r.json")
    margin = [r for r in result.results["kpis"] if r["id"] == "gross_margin_pct" and r["scope"] == "total"]
    assert margin[0]["actual"] == pytest.approx(40.0)  # (20,000 - 12,000) / 20,000


def test_combined_headers_by_hand():
    headers, unnamed = combined_headers(["日付", "商品情報", None, "売上", None], [None, "商品コード", "商品名", "数量", "金額"])
    assert headers == ["日付", "商品コード", "商品名", "売上数量", "売上金額"] and unnamed == []


def test_a_title_row_above_a_plain_header_is_not_a_group_row(tmp_path):
    path = write_book(tmp_path / "s.xlsx", {"s": [["POS売上明細 2026年10月"], ["日付", "店舗", "売上金額", "原価"],
                                                  [dt.datetime(2026, 10, 1), "S01", 100, 60]]})
    ds = load_inputs([path])
    assert not ds.notes and ds.table("sales")["cost"].sum() == 60


def test_a_skipped_sheet_gives_its_true_size(tmp_path):
    rows = [["メモ", "x"]] + [[f"note {i}", i] for i in range(2335)]
    path = write_book(tmp_path / "s.xlsx", {"Summary": rows, "s": [["date", "sales"], [dt.datetime(2026, 10, 1), 5]]})
    ds = load_inputs([path])
    [note] = ds.notes
    assert note.code == "sheet_no_role" and note.params["rows"] == 2335  # below its header row "メモ | x"
    with_header = [["店舗", "部門", "メモ"]] + [["S01", "食品", f"note {i}"] for i in range(99)]
    path = write_book(tmp_path / "t.xlsx", {"Notes": with_header, "s": [["date", "sales"],
                                                                        [dt.datetime(2026, 10, 1), 5]]})
    [note] = load_inputs([path]).notes
    assert note.params["rows"] == 99
