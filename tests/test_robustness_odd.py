"""Odd but valid files import correctly, and every row they hold is either
used or rejected with its reason: rows read = used + rejected, and so is
the net sales."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from hostile_files import HEADERS, csv_bytes, sales_rows, write_xlsx
from kpipack.ingest import Mapping, load_inputs

JA_HEADERS = ["日付", "店舗コード", "レシート番号", "商品コード", "商品名", "数量", "売上金額"]


def load(*paths: Path, mapping: Mapping | None = None):
    data = load_inputs(list(paths), mapping=mapping, use_cache=False)
    assert data.rows_read == data.rows_used + data.rows_rejected
    assert data.net_sales_read == pytest.approx(data.table("sales")["net_sales"].sum() + data.net_sales_rejected
                                                if data.table("sales") is not None else data.net_sales_rejected)
    return data


def problems(data) -> dict[int, str]:
    return {i.row: i.problem("en") for i in data.issues}


def test_headers_below_merged_titles_and_a_totals_row(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "売上"
    ws.append(["売上明細 2026年10月"])
    ws.merge_cells("A1:G1")
    ws.append(["株式会社サンプル", None, None, "出力日", "2026/11/01"])
    ws.merge_cells("A2:C2")
    ws.append([])
    ws.append(JA_HEADERS)
    rows = sales_rows(5)
    for row in rows:
        ws.append(row)
    ws.append(["合計", None, None, None, None, 5, 1500.0])
    path = tmp_path / "titled.xlsx"
    wb.save(path)
    data = load(path)
    assert data.rows_used == 5
    assert data.table("sales")["net_sales"].sum() == pytest.approx(1500.0)
    assert problems(data) == {10: "totals row, not counted"}
    assert data.net_sales_rejected == pytest.approx(1500.0)


def test_the_1904_date_system(tmp_path):
    day = dt.date(2026, 10, 1)
    serial_1904 = (day - dt.date(1904, 1, 1)).days
    dated = write_xlsx(tmp_path / "mac_dates.xlsx", [[day, "S1", "R1", "A", "a", 1, 100.0]],
                       options={"date_1904": True})
    numbers = write_xlsx(tmp_path / "mac_serials.xlsx", [[serial_1904, "S1", "R2", "A", "a", 1, 100.0]],
                         options={"date_1904": True})
    for path in (dated, numbers):
        dates = load(path).table("sales")["date"]
        assert list(dates.dt.date) == [day], path.name


def test_amounts_and_dates_written_as_text(tmp_path):
    rows = [["2026年10月1日", "S1", "R1", "A", "a", "１", "¥1,200"],
            ["2026/10/02", "S1", "R2", "A", "a", "2", "1,300円"],
            ["2026-10-03", "S1", "R3", "A", "a", "1", "（１，４００）"],
            ["20261004", "S1", "R4", "A", "a", "1", "△500"]]
    data = load(write_xlsx(tmp_path / "text.xlsx", rows))
    sales = data.table("sales")
    assert list(sales["net_sales"]) == [1200.0, 1300.0, -1400.0, -500.0]
    assert list(sales["date"].dt.day) == [1, 2, 3, 4]
    assert list(sales["qty"]) == [1.0, 2.0, 1.0, 1.0]


@pytest.mark.parametrize("encoding, sep", [("utf-8", ","), ("utf-8-sig", ","), ("cp932", ","), ("utf-16", "\t")])
def test_csv_in_the_encodings_of_japanese_tools(tmp_path, encoding, sep):
    rows = sales_rows(4)
    rows[0][4] = "ｶﾌｪｵﾚ 微糖"
    path = tmp_path / f"pos_{encoding}.csv"
    path.write_bytes(csv_bytes(rows, JA_HEADERS, sep).encode(encoding))
    data = load(path)
    sales = data.table("sales")
    assert len(sales) == 4 and sales["net_sales"].sum() == pytest.approx(1000.0)
    assert sales["product"].iloc[0] == "ｶﾌｪｵﾚ 微糖"


def test_csv_with_a_title_line_keeps_every_line(tmp_path):
    path = tmp_path / "titled.csv"
    path.write_text("POS export 2026-10\n" + csv_bytes(sales_rows(6)), encoding="utf-8")
    assert load(path).rows_used == 6


def test_a_csv_line_shifted_by_an_unquoted_comma_is_rejected(tmp_path):
    rows = sales_rows(3)
    text = csv_bytes(rows) + "2026-10-09,S1,R9,SKU1,item 1,1,1,200\n"
    path = tmp_path / "shifted.csv"
    path.write_text(text, encoding="utf-8")
    data = load(path)
    assert data.rows_used == 3
    assert "8 fields" in problems(data)[5]


def test_very_long_text_is_kept_whole(tmp_path):
    rows = sales_rows(2)
    rows[0][4] = "長" * 32767
    data = load(write_xlsx(tmp_path / "long.xlsx", rows))
    assert len(data.table("sales")["product"].iloc[0]) == 32767


def test_hidden_sheets_are_skipped_unless_chosen(tmp_path):
    older = sales_rows(3, start=dt.date(2026, 9, 1))  # last month's lines, not a copy of this sheet
    path = write_xlsx(tmp_path / "hidden.xlsx", sales_rows(2), extra_sheets={"old": (older, HEADERS, [])},
                      hidden={"old"})
    data = load(path)
    assert data.rows_used == 2 and [(w.sheet, w.code) for w in data.warnings] == [("old", "sheet_hidden")]
    chosen = load(path, mapping=Mapping({"old": {"_role": "sales"}}))
    assert chosen.rows_used == 5


def test_a_receipt_repeated_further_down_is_counted_once(tmp_path):
    rows = sales_rows(3)
    rows.append(list(rows[1]))  # receipt R0001 again, after R0002
    data = load(write_xlsx(tmp_path / "dup.xlsx", rows))
    assert data.rows_used == 3 and data.net_sales_rejected == 200.0
    assert [(i.row, i.problem("en")) for i in data.issues] == [
        (5, "this receipt was already read from row 3: counted once")]


def test_identical_lines_in_one_receipt_both_count(tmp_path):
    rows = sales_rows(3)
    rows.insert(2, list(rows[1]))  # two of the same item in receipt R0001
    data = load(write_xlsx(tmp_path / "twice.xlsx", rows))
    assert data.rows_used == 4 and not data.issues
    assert [(w.row, w.problem("en")) for w in data.warnings] == [
        (4, "the same as row 3 in this receipt: counted as a second item")]


def test_codes_are_kept_as_written_and_missing_markers_are_missing(tmp_path):
    rows = sales_rows(4)
    rows[0][1], rows[1][1], rows[2][1], rows[3][1] = "0400", "NA", "NULL", "0400"
    rows[0][3], rows[3][3] = "000123", "N/A"
    path = tmp_path / "codes.csv"
    path.write_text(csv_bytes(rows), encoding="utf-8")
    for source in (path, write_xlsx(tmp_path / "codes.xlsx", rows)):
        data = load(source)
        sales = data.table("sales")
        assert list(sales["store"]) == ["0400", "0400"], source.name
        assert sales["sku"].iloc[0] == "000123" and pd.isna(sales["sku"].iloc[1]), source.name
        assert problems(data) == {3: "store 'NA' names no store", 4: "store 'NULL' names no store"}


def test_error_cells_and_formulas_without_a_result_are_rejected_by_name(tmp_path):
    import openpyxl
    import xlsxwriter

    book = tmp_path / "errors.xlsx"
    wb = xlsxwriter.Workbook(str(book))
    ws = wb.add_worksheet("sales")
    ws.write_row(0, 0, HEADERS)
    for r, row in enumerate(sales_rows(4), start=1):
        ws.write_row(r, 0, [row[0].isoformat()] + row[1:])
    ws.write_formula(2, 6, "=1/0", None, "#DIV/0!")
    ws.write_formula(3, 5, "=NA()", None, "#N/A")
    wb.close()
    formulas = tmp_path / "formulas.xlsx"
    owb = openpyxl.Workbook()
    ows = owb.active
    ows.append(HEADERS)
    for row in sales_rows(3):
        ows.append(row)
    ows["G3"] = "=G2*2"  # saved by a library, never calculated: no result in the file
    owb.save(formulas)

    data = load(book)
    assert data.rows_used == 2
    assert problems(data) == {3: "Net sales is an error cell (#DIV/0!)", 4: "Quantity is an error cell (#N/A)"}
    assert data.table("sales")["net_sales"].sum() == pytest.approx(100.0 + 400.0)
    data = load(formulas)
    assert problems(data) == {3: "Net sales is a formula with no saved result (open the file in Excel and save it)"}
    assert data.table("sales")["net_sales"].sum() == pytest.approx(400.0)


def test_the_same_file_given_twice_is_read_once(tmp_path):
    one = write_xlsx(tmp_path / "october.xlsx", sales_rows(3))
    two = tmp_path / "october copy.xlsx"
    two.write_bytes(one.read_bytes())
    data = load(one, two)
    assert data.rows_used == 3
    assert [(w.file, w.code) for w in data.warnings] == [("october copy.xlsx", "file_duplicate")]


def test_a_number_beyond_floating_point_is_rejected_not_summed(tmp_path):
    from hostile_files import SHEET, rewrite_part

    book = write_xlsx(tmp_path / "src.xlsx", sales_rows(3))
    huge = rewrite_part(book, tmp_path / "huge.xlsx", SHEET,
                        lambda x: x.replace(b"<v>100</v>", b"<v>1e400</v>", 1).replace(b"<v>200</v>", b"<v>-1e400</v>", 1))
    data = load(huge)
    assert data.table("sales")["net_sales"].tolist() == [300.0]
    assert sorted(problems(data).values()) == ["Net sales '-inf' is not a number", "Net sales 'inf' is not a number"]
