"""Ordinary stock-take, stock and hours files beside a small sales file, built
through `kpipack build`; every expected figure is worked out by hand from the
contract's formulas. The sales: stores S01 and S02, one receipt a day each in
October 2026 of 1,000 (test_silent_numbers.october_rows): 31,000 a store."""
import datetime as dt

import pytest

from test_silent_numbers import build, kpi, october_rows, warnings, write_xlsx
from workbooks import write_book

END = dt.datetime(2026, 10, 31)


@pytest.fixture
def sales(tmp_path):
    return write_xlsx(tmp_path / "sales.xlsx", october_rows())


def _value(results, kpi_id, scope="total"):
    return next((r["actual"] for r in results["kpis"] if r["id"] == kpi_id and r["scope"] == scope), None)


@pytest.mark.parametrize("lang, said", [("en", "no book qty"), ("ja", "帳簿数がなく")])
def test_counts_without_any_book_qty_leave_the_shrink_empty(tmp_path, sales, lang, said):
    # counted units and a difference already worked out, but no book qty and no stock file: read as book 0
    # every counted unit was a gain, (0 - 8) x 100 + (0 - 21) x 50 = -1,850 for S01
    counts = write_book(tmp_path / "count.xlsx", {"棚卸": [
        ["棚卸日", "店舗コード", "商品コード", "実棚数", "差異", "原単価"],
        [END, "S01", "A", 8, -2, 100],
        [END, "S01", "B", 21, 1, 50],
        [END, "S02", "A", 5, 0, 100]]})
    code, results, _ = build(tmp_path, sales, counts, lang=lang)
    assert code == 0
    assert _value(results, "shrink_value") is None
    assert _value(results, "shrink_value", "store:S01") is None
    assert _value(results, "shrinkage_pct", "store:S02") is None
    said_rows = [(w["file"], w["sheet"], w["row"]) for w in results["data_quality"]["warnings"] if said in w["problem"]]
    assert said_rows == [("count.xlsx", "棚卸", 2), ("count.xlsx", "棚卸", 4)]  # S01's first line, S02's


def test_an_sku_missing_from_the_stock_file_is_not_on_the_books_only_where_the_file_has_the_store(tmp_path, sales):
    counts = write_book(tmp_path / "count.xlsx", {"棚卸": [
        ["棚卸日", "店舗コード", "商品コード", "実棚数", "原単価"],
        [END, "S01", "A", 8, 100],
        [END, "S01", "B", 3, 50],
        [END, "S02", "A", 5, 100]]})
    stock = write_book(tmp_path / "stock.xlsx", {"在庫": [
        ["基準日", "店舗コード", "商品コード", "帳簿在庫", "原単価"],
        [END, "S01", "A", 10, 100]]})
    code, results, _ = build(tmp_path, sales, counts, stock)
    assert code == 0
    # S01: A (10 - 8) x 100 = 200; B is not on the books: (0 - 3) x 50 = -150; 200 - 150 = 50
    assert kpi(results, "shrink_value", "store:S01") == pytest.approx(50)
    # count period: no earlier count, so the 12 months to October: 31,000 of sales; 50 / 31,000 x 100
    assert kpi(results, "shrinkage_pct", "store:S01") == pytest.approx(50 / 31_000 * 100)
    # S02's stock is in no file: its book qty is unknown, and so is the company's shrink
    assert _value(results, "shrink_value", "store:S02") is None
    assert _value(results, "shrink_value") is None
    assert any("S02" in w and "no book qty" in w for w in warnings(results))


@pytest.mark.parametrize("subtotal", ["販管費計", "販売費及び一般管理費計", "Total SG&A"])
def test_opex_by_account_is_read_from_its_subtotal_line_once(tmp_path, sales, subtotal):
    finance = write_book(tmp_path / "pl.xlsx", {"販管費": [
        ["年月", "勘定科目", "金額"],
        ["2026-10", "人件費", 12_000],
        ["2026-10", "地代家賃", 8_000],
        ["2026-10", subtotal, 20_000],
        ["2026-10", "合計", 20_000]]})
    code, results, _ = build(tmp_path, sales, finance)
    assert code == 0
    # the opex is the subtotal's 20,000, not 12,000 + 8,000 + 20,000 + 20,000; the sales carry no cost, so the
    # operating margin is not there, but opex / net sales is 20,000 / 62,000
    assert kpi(results, "opex") == pytest.approx(20_000)
    assert kpi(results, "opex_ratio_pct") == pytest.approx(20_000 / 62_000 * 100)
    rejected = sorted(i["row"] for i in results["data_quality"]["issues"] if i["file"] == "pl.xlsx")
    assert rejected == [2, 3, 5]  # the two accounts (named) and the grand total
