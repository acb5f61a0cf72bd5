"""A sales sheet's type column (取引区分, 区分, Type): 取消 / Void takes back the
lines of its receipt, 返品取消 takes back the return of its receipt, a refund
is a return whatever its sign, 訂正 is counted as written with a note; none
of the cancelling rows is ever counted as a sale. Totals worked out by hand."""
import json

import pytest

from kpipack.cli import main
from test_layouts import totals, warnings, write_csv
from workbooks import write_book


def build(tmp_path, path, lang="en"):
    out = tmp_path / "results.json"
    out.unlink(missing_ok=True)
    code = main(["build", str(path), "--json", str(out), "--lang", lang, "--period", "2026-10", "--quiet",
                 "--no-cache"])
    return code, json.loads(out.read_text(encoding="utf-8"))


def rejected(results) -> dict[int, str]:
    return {i["row"]: i["problem"] for i in results["data_quality"]["issues"] if i["row"]}


JA = [["日付", "店舗", "レシート番号", "商品名", "数量", "売上金額"],
      ["2026/10/01", "S1", "R1", "A", 1, 1000],    # row 2: a sale
      ["2026/10/01", "S1", "R2", "B", 2, 2000],    # row 3: cancelled by row 4
      ["2026/10/01", "S1", "R2", "B", -2, -2000],  # row 4: 取消 of R2
      ["2026/10/02", "S1", "R3", "A", -1, -1000],  # row 5: a return
      ["2026/10/02", "S1", "R4", "C", 1, 500],     # row 6: a sale
      ["2026/10/03", "S1", "R5", "C", -1, -500],   # row 7: a return, cancelled by row 8
      ["2026/10/03", "S1", "R5", "C", 1, 500]]     # row 8: 返品取消 of R5
KINDS = ["売上", "売上", "取消", "返品", "売上", "返品", "返品取消"]


@pytest.mark.parametrize("header", ["取引区分", "区分", "Type"])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_cancels_and_cancelled_returns_take_back_the_right_lines(tmp_path, header, kind):
    rows = [[header, *JA[0]], *[[k, *r] for k, r in zip(KINDS, JA[1:])]]
    path = write_csv(tmp_path / "sales.csv", rows) if kind == "csv" else \
        write_book(tmp_path / "sales.xlsx", {"明細": rows})
    code, results = build(tmp_path, path)
    # counted: R1 1,000, R4 500, the return R3 -1,000; R2 and its 取消 not, R5's return and its 返品取消 not
    assert code == 0 and totals(results)["net_sales"] == 500
    assert totals(results)["transactions"] == 2  # R1 and R4
    said = rejected(results)
    assert sorted(said) == [3, 4, 7, 8], said
    assert "row 4" in said[3] and "取消" in said[3] and "row 8" in said[7] and "返品取消" in said[7]
    # read = used + rejected: 1,000 + 2,000 - 2,000 - 1,000 + 500 - 500 + 500 read, 500 used
    quality = results["data_quality"]
    assert quality["rows_read"] == 7 and quality["rows_used"] == 3 and quality["rows_rejected"] == 4
    assert quality["net_sales_read"] == 500 and quality["net_sales_used"] == 500


EN = [["Type", "Date", "Store", "Receipt", "Product", "Qty", "Sales"],
      ["Sale", "2026-10-01", "1", "100", "A", 1, 30],     # row 2: voided by row 4 (store 1's receipt 100)
      ["Sale", "2026-10-01", "2", "100", "B", 1, 50],     # row 3: store 2's receipt 100 stays
      ["Void", "2026-10-01", "1", "100", "A", 1, 30],     # row 4
      ["Refund", "2026-10-02", "2", "101", "B", 1, 20],   # row 5: a return written positive
      ["Sale", "2026-10-02", "1", "102", "C", 2, 40],     # row 6
      ["Void", "2026-10-03", "1", "999", "C", 1, 10]]     # row 7: names a receipt not in the sheet


@pytest.mark.parametrize("lang, unmatched", [("en", "no line of that receipt"), ("ja", "このシートにその取引の行がありません")])
def test_a_void_takes_back_its_own_stores_receipt_only(tmp_path, lang, unmatched):
    code, results = build(tmp_path, write_csv(tmp_path / "sales.csv", EN), lang=lang)
    assert code == 0 and totals(results)["net_sales"] == 70  # 50 - 20 + 40
    said = rejected(results)
    assert sorted(said) == [2, 4, 7] and unmatched in said[7] and "999" in said[7], said


def test_a_correction_is_counted_as_written_and_said(tmp_path):
    rows = [["区分", "日付", "店舗", "レシート番号", "商品名", "数量", "売上金額"],
            ["売上", "2026/10/01", "S1", "R1", "A", 2, 2000], ["訂正", "2026/10/01", "S1", "R1", "A", -1, -1000],
            ["売上", "2026/10/02", "S1", "R2", "B", 1, 300]]
    code, results = build(tmp_path, write_csv(tmp_path / "sales.csv", rows))
    assert code == 0 and totals(results)["net_sales"] == 1300  # 2,000 - 1,000 + 300
    assert any("訂正 (1)" in w and "区分" in w for w in warnings(results)), warnings(results)


def test_till_entries_in_a_journal_are_no_sales(tmp_path):
    rows = [["取引区分", "日付", "店舗", "レシート番号", "商品名", "数量", "売上金額"],
            ["売上", "2026/10/01", "S1", "R1", "A", 1, 1200], ["入金", "2026/10/01", "S1", "R2", "", "", 30000],
            ["出金", "2026/10/01", "S1", "R3", "", "", 5000]]
    code, results = build(tmp_path, write_csv(tmp_path / "sales.csv", rows))
    assert code == 0 and totals(results)["net_sales"] == 1200 and sorted(rejected(results)) == [3, 4]


def test_a_type_column_of_product_types_is_no_kind(tmp_path):
    rows = [["Type", "Date", "Store", "Receipt", "Product", "Qty", "Sales"],
            ["Food", "2026-10-01", "1", "1", "A", 1, 12], ["Drink", "2026-10-01", "1", "2", "B", 1, 3]]
    code, results = build(tmp_path, write_csv(tmp_path / "sales.csv", rows))
    assert code == 0 and totals(results)["net_sales"] == 15 and not rejected(results)
    assert not any("counted as written" in w for w in warnings(results))


@pytest.mark.parametrize("lang, said", [("en", "read as no customer"), ("ja", "顧客なしで読み込みました")])
def test_guests_and_walk_ins_are_no_customer(tmp_path, lang, said):
    rows = [["日付", "店舗", "レシート番号", "会員番号", "商品コード", "数量", "売上金額"],
            ["2026/10/01", "S1", "R1", "ゲスト", "A", 1, 100], ["2026/10/01", "S1", "R2", "Walk-in", "A", 1, 100],
            ["2026/10/01", "S1", "R3", "M1", "A", 1, 100], ["2026/10/02", "S1", "R4", "ＧＵＥＳＴ", "A", 1, 100],
            ["2026/10/02", "S1", "R5", "M2", "A", 1, 100], ["2026/10/03", "S1", "R6", "M1", "A", 1, 100]]
    code, results = build(tmp_path, write_csv(tmp_path / "sales.csv", rows), lang=lang)
    # customers M1 and M2 only; every receipt still counts: 6 × 100
    assert code == 0 and totals(results) == {"net_sales": 600, "transactions": 6, "customers": 2}
    assert any(said in w and "ゲスト (1)" in w and "Walk-in (1)" in w for w in warnings(results)), warnings(results)


def test_a_cancelled_return_in_a_status_column_takes_back_its_return(tmp_path):
    rows = [["ステータス", "日付", "店舗", "レシート番号", "商品名", "数量", "売上金額"],
            ["完了", "2026/10/01", "S1", "R1", "A", 1, 800],
            ["返品", "2026/10/02", "S1", "R2", "A", 1, 800],      # a return written positive
            ["返品取消", "2026/10/02", "S1", "R2", "A", 1, 800],  # ... cancelled
            ["返品", "2026/10/03", "S1", "R3", "A", 1, 300],      # a return that stands
            ["取消", "2026/10/03", "S1", "R4", "A", 1, 999]]      # a status: this row itself did not happen
    code, results = build(tmp_path, write_csv(tmp_path / "sales.csv", rows))
    assert code == 0 and totals(results)["net_sales"] == 500  # 800 - 300
    assert sorted(rejected(results)) == [3, 4, 6]


@pytest.mark.parametrize("header", ["返品区分", "伝票区分", "明細区分", "取引種類"])
def test_a_return_kind_under_other_headers_of_japanese_tills_is_a_return(tmp_path, header):
    rows = [["日付", "店舗", "レシート番号", header, "商品名", "数量", "売上金額"],
            ["2026/10/01", "S1", "R1", "通常", "A", 1, 1000],
            ["2026/10/01", "S1", "R2", "返品", "A", 1, 1000],  # a return written positive
            ["2026/10/02", "S1", "R3", "通常", "B", 2, 600]]
    code, results = build(tmp_path, write_csv(tmp_path / "売上.csv", rows))
    assert code == 0 and totals(results)["net_sales"] == 1000 - 1000 + 600
