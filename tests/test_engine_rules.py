"""The importer's row rules on files the query engine reads (Parquet, big CSV):
gift cards and charge lines, a cancel flag written 1 / 0, Refund lines and
C-receipts, an order's Total less its tax, a receipt's total written on every
line, sales totals without dates. The same small file built through the
importer and forced through the engine gives the same figures, and those are
the figures worked out by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from kpipack.kpis import linefiles
from test_linefiles import build, same_results

# 8 lines: 100 (R1) + 80 (R2) sold; a gift card (50), a shipping line (10), a
# cancel flag of 1 (100) and a Refunded status (40) no sale; a Refund line (30)
# and a C-receipt (20) given back. Net 100 + 80 − 30 − 20 = 130, rejected 200.
RULE_LINES = pd.DataFrame({
    "Date": ["2026-03-01", "2026-03-01", "2026-03-02", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05",
             "2026-03-06"],
    "Store": "S1", "Receipt": ["R1", "R1", "R2", "R2", "R3", "R4", "R5", "C123"],
    "SKU": ["A", "G", "SH", "B", "A", "B", "A", "B"],
    "Product": ["Apple", "Gift Card $50", "Shipping", "Banana", "Apple", "Banana", "Apple", "Banana"],
    "Category": ["Fruit", "Gifts", "Fees", "Fruit", "Fruit", "Fruit", "Fruit", "Fruit"],
    "Qty": [1, 1, 1, 2, 1, 1, 1, 1], "Net sales": [100, 50, 10, 80, 100, 40, 30, 20],
    "Status": ["Completed"] * 5 + ["Refunded", "Completed", "Completed"],
    "Cancelled": [0, 0, 0, 0, 1, 0, 0, 0],
    "Type": ["Sale"] * 6 + ["Refund", "Sale"]})

# each receipt's Total (tax included) on every line: R1 110 (10 tax) on 2 lines, R2 220 (20) on 2, R3 330 (30)
# on 3, R4 55 (5) on 1: net 100 + 200 + 300 + 50 = 650 in 4 receipts
TOTAL_LINES = pd.DataFrame({
    "Date": ["2026-03-01", "2026-03-01", "2026-03-02", "2026-03-02", "2026-03-03", "2026-03-03", "2026-03-03",
             "2026-03-04"],
    "Store": "S1", "Receipt": ["R1", "R1", "R2", "R2", "R3", "R3", "R3", "R4"],
    "SKU": ["A", "B", "A", "C", "B", "C", "D", "A"],
    "Product": ["Apple", "Banana", "Apple", "Cherry", "Banana", "Cherry", "Date", "Apple"],
    "Total": [110, 110, 220, 220, 330, 330, 330, 55], "Tax": [10, 10, 20, 20, 30, 30, 30, 5]})


def kpi(result: dict, name: str) -> float:
    return next(r["actual"] for r in result["kpis"] if r["id"] == name and r["scope"] == "total")


def problems(result: dict, kind: str = "issues") -> set[str]:
    return {i["problem"] for i in result["data_quality"][kind]}


def imported_and_engine(tmp_path, monkeypatch, lines: pd.DataFrame, name: str = "pos.csv", **kw):
    """The importer's build of the lines as a small CSV, and the engine's of the same CSV and of Parquet."""
    small = tmp_path / "small"
    small.mkdir()
    lines.to_csv(small / name, index=False)
    want = build(small, [small / name], **kw)
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    big = tmp_path / "big"
    big.mkdir()
    lines.to_csv(big / name, index=False)
    assert linefiles.claim([big / name])[0] is not None  # read by the engine
    parquet = tmp_path / "pq"
    parquet.mkdir()
    lines.to_parquet(parquet / name.replace(".csv", ".parquet"))
    return want, build(big, [big / name], **kw), build(parquet, [parquet / name.replace(".csv", ".parquet")], **kw)


def test_gift_cards_charges_cancel_flags_and_returns_on_the_engine_as_in_the_importer(tmp_path, monkeypatch):
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, RULE_LINES)
    for got in (want, csv, parquet):
        dq = got["data_quality"]
        assert (dq["rows_read"], dq["rows_used"]) == (8, 4)
        assert dq["net_sales_used"] == pytest.approx(130.0) and dq["net_sales_rejected"] == pytest.approx(200.0)
        assert kpi(got, "net_sales") == pytest.approx(130.0)
        assert kpi(got, "transactions") == 2  # R1 and R2; R5 and C123 are returns
        assert problems(got) == {
            "not a sale of goods: Product 'Gift Card $50' is a gift card or voucher sold (a sale when it is spent)",
            "not a sale of goods: Product 'Shipping' is a charge beside the goods (shipping, a tip, a fee)",
            "not a sale: Cancelled is '1'", "not a sale: Status is 'Refunded'"}
    same_results(want, csv)
    same_results(want, parquet)
    # what the engine does not do is said: a workbook's lines are not compared with its files' lines, and a
    # Parquet file's receipt fields on a receipt's first line only are not carried down (a CSV's are)
    said = [[w for w in problems(got, "warnings") if w.startswith("read by the query engine")]
            for got in (want, csv, parquet)]
    assert [len(s) for s in said] == [0, 1, 1]
    assert all("not compared with the same sales in a workbook" in s[0] for s in said[1:])
    assert ["carried down" in s[0] for s in said[1:]] == [False, True]


def test_a_column_of_counts_beside_a_cancel_flag_header_rejects_nothing_on_the_engine(tmp_path, monkeypatch):
    lines = RULE_LINES.assign(Cancelled=[0, 0, 0, 0, 2, 0, 0, 1])  # counts of cancellations, not a flag
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, lines)
    for got in (want, csv, parquet):  # 100 more (R3) used; the C-receipt's 1 is a count, and it stays a return
        assert got["data_quality"]["net_sales_used"] == pytest.approx(230.0)
        assert "not a sale: Cancelled is '1'" not in problems(got)


def test_a_receipt_total_less_its_tax_on_every_line_is_counted_once_on_the_engine(tmp_path, monkeypatch):
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, TOTAL_LINES)
    for got in (want, csv, parquet):
        assert kpi(got, "net_sales") == pytest.approx(650.0)
        assert kpi(got, "transactions") == 4 and kpi(got, "atv") == pytest.approx(162.5)
        said = problems(got, "warnings")
        assert 'net sales worked out as "Total" less Tax: the order\'s total holds them, and they are not sales ' \
               "of goods" in said
        assert any(w.startswith("Total − Tax is the same on every line of each receipt") for w in said)
    same_results(want, csv)
    same_results(want, parquet)


@pytest.mark.parametrize("tax, net, used", [("n/a", 655.0, 8), ("ten", 1500.0, 7)])
def test_a_tax_cell_that_is_no_number_on_the_engine_as_in_the_importer(tmp_path, monkeypatch, tax, net, used):
    """R4's tax written n/a is no tax (55 counted whole, with the others once per receipt); written 'ten',
    R4 is left out, never read with its tax left in — and a line without an amount leaves the others'
    amounts read line by line (2 × 100 + 2 × 200 + 3 × 300)."""
    lines = TOTAL_LINES.assign(Tax=TOTAL_LINES["Tax"].astype(str))
    lines.loc[7, "Tax"] = tax
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, lines)
    for got in (want, csv, parquet):
        assert kpi(got, "net_sales") == pytest.approx(net)
        assert got["data_quality"]["rows_used"] == used


def test_sales_totals_without_dates_take_the_month_of_their_file_name_on_the_engine(tmp_path, monkeypatch):
    lines = pd.DataFrame({"Product": ["Apple", "Banana"], "SKU": ["A", "B"], "Net sales": [120, 80],
                          "Quantity": [3, 4]})
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, lines, "sales_2026-03-01_2026-03-31.csv")
    for got in (want, csv, parquet):
        assert kpi(got, "net_sales") == pytest.approx(200.0)
        assert any(w.startswith("sales totals without dates") and "each row dated 2026-03-31" in w
                   for w in problems(got, "warnings"))
    same_results(want, csv)
    same_results(want, parquet)


def test_a_parquet_of_totals_without_dates_whose_name_gives_no_month_stops_the_build(tmp_path):
    from kpipack.errors import KpipackError

    path = tmp_path / "sales_by_product.parquet"
    pd.DataFrame({"Product": ["Apple"], "SKU": ["A"], "Net sales": [120.0], "Quantity": [3]}).to_parquet(path)
    with pytest.raises(KpipackError) as err:
        linefiles.claim([path])
    assert err.value.code == "engine_undated"


def test_a_big_csv_whose_amount_is_in_doubt_stops_naming_the_column_before_it_is_read(tmp_path, monkeypatch):
    from kpipack.errors import KpipackError

    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    path = tmp_path / "orders.csv"  # "Total" and "Balance" compete for the amount of 2 orders
    path.write_text("Date,Order,Balance,Total\n2026-03-01,1,10.00,12.00\n2026-03-02,2,20.00,21.00\n")
    with pytest.raises(KpipackError) as err:
        linefiles.claim([path])
    assert '"Total" = "net_sales"' in err.value.message("en")


# amounts as a till or a spreadsheet writes them; each worked out by hand
MONEY_CASES = {
    # ¥1,234- beside amounts without a dash is a minus (a return): 1,500 − 1,234 + 2,000 = 2,266, in 2 receipts
    "yen_dash": (pd.DataFrame({"日付": ["2026-03-01", "2026-03-02", "2026-03-03"], "店舗": "S1",
                               "レシート": ["R1", "R2", "R3"], "商品コード": ["A", "B", "B"], "数量": [1, 1, 2],
                               "売上金額": ["¥1,500", "¥1,234-", "¥2,000"]}), 2266.0, 2, 2.0,
                 "column '売上金額': 1 yen amounts end with a dash (¥1,000-) where the column's others do not: "
                 "read as negative amounts (a trailing minus)"),
    # $1,200 + $300.50 − (1,234) = 266.50, in 2 receipts; units as written, 3
    "dollars_brackets": (pd.DataFrame({"Date": ["2026-03-01", "2026-03-02", "2026-03-03"], "Store": "S1",
                                       "Receipt": ["R1", "R2", "R3"], "SKU": ["A", "B", "B"], "Qty": [1, 1, 1],
                                       "Net sales": ["$1,200", "$300.50", "(1,234)"]}), 266.5, 2, 1.5, None),
    # no amount written negative: the line of −1 at 100 is a return, 200 + 300 − 100 = 400; units 2 + 1 − 1
    "unsigned_return": (pd.DataFrame({"Date": ["2026-03-01", "2026-03-02", "2026-03-03"], "Store": "S1",
                                      "Receipt": ["R1", "R2", "R3"], "SKU": ["A", "B", "A"], "Qty": [2, 1, -1],
                                      "Net sales": [200, 300, 100]}), 400.0, 2, 1.0,
                        "column 'Net sales' writes no amount negative, but 1 lines have a negative quantity ('Qty'): "
                        "read as returns, their amounts negative"),
    # a header in thousands of yen: 12 + 3 + 1 thousand = 16,000; units 1 + 2 + 1 over 3 receipts
    "thousands_header": (pd.DataFrame({"日付": ["2026-03-01", "2026-03-02", "2026-03-03"], "店舗": "S1",
                                       "レシート": ["R1", "R2", "R3"], "商品コード": ["A", "B", "B"],
                                       "数量": [1, 2, 1], "売上金額(千円)": [12, 3, 1]}), 16000.0, 3, 4 / 3,
                         "column '売上金額(千円)' states its unit: its amounts are multiplied by 1,000"),
    # a blank amount is its quantity × unit price, 3 × 50; a given amount stays (70, not 1 × 80): 200 + 150 + 70
    "price_for_blank": (pd.DataFrame({"Date": ["2026-03-01", "2026-03-02", "2026-03-03"], "Store": "S1",
                                      "Receipt": ["R1", "R2", "R3"], "SKU": ["A", "B", "A"], "Qty": [2, 3, 1],
                                      "Unit price": [100, 50, 80], "Net sales": [200, None, 70]}), 420.0, 3, 2.0,
                        "column 'Net sales': 1 lines leave the amount blank but give a quantity ('Qty') and a unit "
                        "price ('Unit price'): their amount is read as quantity × price"),
}


@pytest.mark.parametrize("case", sorted(MONEY_CASES))
def test_amounts_as_people_write_them_give_one_figure_whatever_the_files_size(tmp_path, monkeypatch, case):
    """¥1,234- as a minus, $1,200 and (1,234), a return written −1 at a positive amount, a blank amount
    beside a quantity and a price: the importer's reading, and the same note, on the engine's CSV and
    Parquet."""
    lines, net, receipts, upt, note = MONEY_CASES[case]
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, lines)
    for got in (want, csv, parquet):
        assert kpi(got, "net_sales") == pytest.approx(net)
        assert kpi(got, "transactions") == receipts
        assert kpi(got, "units_per_transaction") == pytest.approx(upt)
        assert got["data_quality"]["rows_used"] == 3 and not got["data_quality"]["issues"]
        if note is not None:
            assert note in problems(got, "warnings")
    same_results(want, csv)
    same_results(want, parquet)


def test_an_amount_that_is_no_number_is_rejected_naming_it_and_its_row_on_the_engine(tmp_path, monkeypatch):
    """A blank row (as Excel's CSV keeps one) is no line; the line of 'ten' is rejected with its row: 4 in
    the CSV (the header is row 1), 3 in the Parquet file (no header row)."""
    blank = pd.DataFrame([[None] * 6], columns=MONEY_CASES["dollars_brackets"][0].columns)
    lines = pd.concat([MONEY_CASES["dollars_brackets"][0].iloc[:1], blank,
                       MONEY_CASES["dollars_brackets"][0].iloc[1:]], ignore_index=True)
    lines["Net sales"] = ["$1,200", None, "ten", "$5"]
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, lines)
    for got, row in ((want, 4), (csv, 4), (parquet, 3)):  # 1,200 + 5 used
        assert kpi(got, "net_sales") == pytest.approx(1205.0)
        assert got["data_quality"]["rows_read"] == 3
        assert [(i["row"], i["problem"]) for i in got["data_quality"]["issues"]] == \
            [(row, "Net sales 'ten' is not a number")]


@pytest.mark.parametrize("encoding", ["cp932", "utf-16"])
def test_a_big_csv_in_shift_jis_or_utf16_is_read_by_the_engine_from_its_utf8_text(tmp_path, monkeypatch, encoding):
    """DuckDB reads UTF-8 only: a Shift_JIS (or Excel's UTF-16) export is read from a UTF-8 copy of its
    text, with its title line and its yen signs (full-width, and Shift_JIS's backslash):
    1,000 + 2,000 − 500 (a return) = 2,500."""
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    path = tmp_path / "売上明細.csv"
    path.write_text("売上明細\r\n日付,店舗,レシート,商品名,数量,売上金額\r\n2026-03-01,新宿店,R1,パン,1,\"￥1,000\"\r\n"
                    "2026-03-02,新宿店,R2,パン,2,\"\\2,000\"\r\n2026-03-03,新宿店,R3,パン,-1,\"￥500\"\r\n",
                    encoding=encoding)
    lines, rest = linefiles.claim([path])
    assert rest == [] and lines.paths == [path] and lines.sources[0].read_bytes().decode("utf-8").startswith("売上明細")
    got = build(tmp_path, [path])
    assert kpi(got, "net_sales") == pytest.approx(2500.0) and kpi(got, "transactions") == 2
    assert got["data_quality"]["rows_read"] == 3


def test_an_amount_written_as_a_dash_is_not_worked_out_from_the_price(tmp_path, monkeypatch):
    """Only a blank amount is quantity × price: a dash says there is none, and its line is rejected."""
    lines = MONEY_CASES["price_for_blank"][0].assign(**{"Net sales": ["200", "-", None]})
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, lines)
    for got in (want, csv, parquet):  # 200 + 1 × 80
        assert kpi(got, "net_sales") == pytest.approx(280.0) and got["data_quality"]["rows_used"] == 2
        assert [i["problem"] for i in got["data_quality"]["issues"]] == ["Net sales is empty or an error cell"]


def test_the_amount_rules_on_spark_as_on_duckdb(tmp_path, monkeypatch):
    """$ amounts, a return written −1 at $100 in lines that write no minus, a blank amount of 3 × 50:
    200 + 300 − 100 + 150 = 550 on both engines, with the same notes."""
    pytest.importorskip("pyspark", reason="the spark extra (make test-spark installs it)")
    lines = pd.DataFrame({"Date": ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"], "Store": "S1",
                          "Receipt": ["R1", "R2", "R3", "R4"], "SKU": ["A", "B", "A", "C"], "Qty": [2, 1, -1, 3],
                          "Unit price": ["$100", "$300", "$100", "$50"],
                          "Net sales": ["$200", "$300", "$100", None]})
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    lines.to_csv(tmp_path / "pos.csv", index=False)
    duck, spark = (build(tmp_path, [tmp_path / "pos.csv"], name=e, engine=e) for e in ("duckdb", "spark"))
    for got in (duck, spark):
        assert kpi(got, "net_sales") == pytest.approx(550.0) and kpi(got, "transactions") == 3
        said = problems(got, "warnings")
        assert any(w.startswith("column 'Net sales' writes no amount negative, but 1 lines") for w in said)
        assert any(w.startswith("column 'Net sales': 1 lines leave the amount blank") for w in said)
    same_results(duck, spark)


DATED = {  # dates as tills and spreadsheets write them, with sales of 1 … n on days 1 … n of March 2026
    "year_first": [f"2026/03/{d:02d}" for d in (1, 2, 3)],
    "japanese": [f"2026年3月{d}日" for d in (1, 2, 3)],
    "era": [f"令和8年3月{d}日" for d in (1, 2, 3)],
    "month_first_shown": [f"03/{d:02d}/2026" for d in (1, 2, 13)],  # 13: month first, the whole column decides
}


@pytest.mark.parametrize("case", sorted(DATED))
def test_dates_are_read_as_the_importer_reads_them_on_the_engine(tmp_path, monkeypatch, case):
    lines = pd.DataFrame({"Date": DATED[case], "Store": "S1", "Receipt": ["R1", "R2", "R3"], "SKU": "A",
                          "Qty": 1, "Net sales": [1, 2, 3]})
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, lines)
    for got in (want, csv, parquet):  # 1 + 2 + 3, all in March
        assert kpi(got, "net_sales") == pytest.approx(6.0) and got["data_quality"]["rows_used"] == 3
    same_results(want, csv)


def test_dates_that_read_both_ways_stop_the_engine_naming_the_column_unless_the_order_is_given(tmp_path,
                                                                                                monkeypatch):
    """03/01/2026 … 03/12/2026: never the reader's guess (3 January …); with --date-order mdy, 1 to 12
    March, sales 1 + … + 12 = 78."""
    from kpipack.domain import Settings
    from kpipack.errors import KpipackError
    from kpipack.pipeline import build_pack

    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    path = tmp_path / "pos.csv"
    pd.DataFrame({"Date": [f"03/{d:02d}/2026" for d in range(1, 13)], "Store": "S1",
                  "Receipt": [f"R{d}" for d in range(1, 13)], "SKU": "A", "Qty": 1,
                  "Net sales": list(range(1, 13))}).to_csv(path, index=False)
    with pytest.raises(KpipackError) as err:
        build(tmp_path, [path])
    assert err.value.code == "date_order_unclear" and "column 'Date'" in err.value.message("en")
    assert "pos.csv" in err.value.message("en") and "03/01/2026, 03/02/2026, 03/04/2026" in err.value.message("en")
    js = tmp_path / "r.json"
    build_pack([path], Settings(period="2026-03", lang="en", date_order="mdy"), json_out=js, use_cache=False)
    import json

    assert kpi(json.loads(js.read_text()), "net_sales") == pytest.approx(78.0)


def test_totals_rows_are_rejected_as_totals_on_the_engine_as_in_the_importer(tmp_path, monkeypatch):
    """A till's day subtotal (小計 in the store column), an Excel subtotal 'S1 Total' under S1's lines and a
    Grand Total in the date column: each a totals row, not a bad date nor a store. Used 100 + 250 + 120 + 80
    = 550 in 4 lines; rejected 350 + 120 + 550 = 1,020 in 3; a product 'Total Care' is goods."""
    lines = pd.DataFrame({
        "Date": ["2026-03-01", "2026-03-01", "2026-03-01", "2026-03-02", "2026-03-02", "2026-03-03",
                 "Grand Total"],
        "Store": ["S1", "S1", "S1 Total", "S2", "小計", "S1", None],
        "Receipt": ["R1", "R2", None, "R3", None, "R4", None],
        "Product": ["Apple", "Pear", None, "Apple", None, "Total Care", None],
        "Qty": [1, 2, None, 1, None, 1, None], "Net sales": [100, 250, 350, 120, 120, 80, 550]})
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, lines)
    for got, header in ((want, 1), (csv, 1), (parquet, 0)):  # a Parquet file's rows have no header row
        dq = got["data_quality"]
        assert (dq["rows_read"], dq["rows_used"], dq["rows_rejected"]) == (7, 4, 3)
        assert (dq["net_sales_used"], dq["net_sales_rejected"]) == (pytest.approx(550.0), pytest.approx(1020.0))
        assert [(i["row"], i["problem"]) for i in dq["issues"]] == [(row + header, "totals row, not counted")
                                                                     for row in (3, 5, 7)]
        assert sorted(s["id"] for s in got["stores"]) == ["S1", "S2"]
    same_results(want, csv)
    same_results(want, parquet)


def test_receipt_numbers_that_start_again_each_day_count_each_day_on_the_engine(tmp_path, monkeypatch):
    """Receipts 0001–0003 on each of four days, two lines each (100 + 50): twelve transactions of 150,
    not three of 600, through the importer, the engine's CSV and its Parquet alike, with the note."""
    rows = [{"日付": f"2026/03/0{day}", "店舗": "本店", "レシートNo": f"000{number}", "商品": item, "金額": amount}
            for day in range(1, 5) for number in range(1, 4) for item, amount in (("A", 100), ("B", 50))]
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, pd.DataFrame(rows))
    for got in (want, csv, parquet):
        assert kpi(got, "net_sales") == pytest.approx(12 * 150.0)
        assert kpi(got, "transactions") == 12 and kpi(got, "atv") == pytest.approx(150.0)
        assert any(w.startswith("the receipt numbers in レシートNo start again each day") for w in problems(got, "warnings"))
    same_results(want, csv)
    same_results(want, parquet)


def test_a_return_under_its_sale_number_on_a_later_day_keeps_the_numbers_on_the_engine(tmp_path, monkeypatch):
    """1001 sold on the 1st and returned on the 5th is one receipt of 0: two transactions (1002 and 1003)."""
    lines = pd.DataFrame({"Date": ["2026-03-01", "2026-03-01", "2026-03-02", "2026-03-05"], "Store": "S1",
                          "Receipt": ["1001", "1002", "1003", "1001"], "SKU": "A", "Net sales": [500, 300, 800, -500]})
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, lines)
    for got in (want, csv, parquet):
        assert kpi(got, "net_sales") == pytest.approx(1100.0) and kpi(got, "transactions") == 2
        assert not any("start again each day" in w for w in problems(got, "warnings"))


def test_receipt_numbers_that_start_again_each_day_on_spark_as_on_duckdb(tmp_path, monkeypatch):
    """The same twelve receipts of 150 (0001–0003 on four days) on Spark."""
    pytest.importorskip("pyspark", reason="the spark extra (make test-spark installs it)")
    rows = [{"Date": f"2026-03-0{day}", "Store": "S1", "Receipt": f"000{number}", "SKU": item, "Net sales": amount}
            for day in range(1, 5) for number in range(1, 4) for item, amount in (("A", 100), ("B", 50))]
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    pd.DataFrame(rows).to_csv(tmp_path / "pos.csv", index=False)
    duck, spark = (build(tmp_path, [tmp_path / "pos.csv"], name=e, engine=e) for e in ("duckdb", "spark"))
    for got in (duck, spark):
        assert kpi(got, "transactions") == 12 and kpi(got, "net_sales") == pytest.approx(1800.0)
    same_results(duck, spark)


@pytest.mark.parametrize("with_price, net, used", [
    (True, 2000.0 + 500.0 + 2400.0 + 300.0, 4),  # R3's tax blank: 800 × 3 = 2,400, never its 2,520 with the tax
    (False, 2000.0 + 500.0 + 300.0, 3)])         # no price to tell R3's sale without its tax: R3 rejected
def test_a_blank_tax_beside_lines_with_tax_on_the_engine_as_in_the_importer(tmp_path, monkeypatch, with_price,
                                                                           net, used):
    lines = pd.DataFrame({"Date": ["2026-03-01", "2026-03-01", "2026-03-02", "2026-03-02"], "Store": "S1",
                          "Receipt": ["R1", "R2", "R3", "R4"], "SKU": ["A", "B", "C", "D"],
                          "Unit price": [1000, 500, 800, 300], "Quantity": [2, 1, 3, 1],
                          "Tax 5%": [100, 25, None, 15], "Total": [2100, 525, 2520, 315]})
    if not with_price:
        lines = lines.drop(columns=["Unit price", "Quantity"])
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, lines)
    for got in (want, csv, parquet):
        assert kpi(got, "net_sales") == pytest.approx(net) and got["data_quality"]["rows_used"] == used
        if with_price:
            assert any(w.startswith("column 'Tax 5%': 1 lines leave the tax blank") for w in problems(got, "warnings"))
        else:
            [issue] = got["data_quality"]["issues"]  # R3: the CSV's row 4 (under its header), Parquet's line 3
            assert issue["row"] == (3 if issue["file"].endswith(".parquet") else 4) and "tax cell ('Tax 5%') is blank" in issue["problem"]
    same_results(want, csv)
    same_results(want, parquet)


@pytest.mark.parametrize("rate, net, used", [
    ("8%", 1000.0 + 1000.0 + 2000.0, 3),  # 1,080 ÷ 1.08, 1,000 外税, 2,200 ÷ 1.1 (its type gives 10 %)
    (None, 1000.0 + 2000.0, 2)])         # no rate for the 1,080: rejected, never counted with its tax in
def test_tax_included_lines_have_their_tax_taken_off_on_the_engine_as_in_the_importer(tmp_path, monkeypatch, rate,
                                                                                    net, used):
    lines = pd.DataFrame({"日付": ["2026-03-01", "2026-03-01", "2026-03-02"], "店舗": "本店",
                          "レシート番号": ["1001", "1001", "1002"], "商品コード": ["A", "B", "C"],
                          "金額": [1080, 1000, 2200], "税区分": ["内税", "外税", "内税10%"],
                          "税率": [rate, "10%", None]})
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, lines)
    for got in (want, csv, parquet):
        assert kpi(got, "net_sales") == pytest.approx(net) and got["data_quality"]["rows_used"] == used
        said = problems(got, "warnings")
        assert any(w.startswith(f"column '税区分' marks {used - 1} lines' amounts ('金額') as tax-included")
                   for w in said)
        if rate is None:
            [issue] = got["data_quality"]["issues"]
            assert "no tax rate" in issue["problem"] and "'税率'" in issue["problem"]
    same_results(want, csv)
    same_results(want, parquet)


@pytest.mark.parametrize("cells, said", [
    (["非会員", "NA", "-", "ゲスト", "0000000000"], ["ゲスト", "0000000000"]),
    (["ＮＡ", "ＧＵＥＳＴ", "００００００"], ["ＧＵＥＳＴ", "００００００"]),  # full width, read as the importer does (NFKC)
])
def test_member_ids_that_say_no_member_are_no_customer_on_the_engine_as_in_the_importer(tmp_path, monkeypatch,
                                                                                         cells, said):
    """Missing markers (非会員, NA, -, ＮＡ), non-member words (ゲスト, ＧＵＥＳＴ) and a code of zeros (a till's
    number for every sale to no member), each on two receipts, are no customer: the three members M0, M1, M2
    buy, not more; the words and the zeros said with their counts (2 each), the markers not."""
    rows = []
    for day in range(1, 2 * len(cells) + 1):
        rows.append([f"2026-03-{day:02d}", "S1", f"R{day}a", cells[day % len(cells)], 1000.0])
        rows.append([f"2026-03-{day:02d}", "S1", f"R{day}b", f"M{day % 3}", 2000.0])
    lines = pd.DataFrame(rows, columns=["Date", "Store", "Receipt", "Customer", "Net sales"])
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, lines)
    for got in (want, csv, parquet):
        assert kpi(got, "customers") == 3
        told = [w["problem"] for w in got["data_quality"]["warnings"] if "no customer" in w["problem"]]
        assert len(told) == 1 and all(f"{cell} (2)" in told[0] for cell in said)
        assert not any(cell in told[0].split(": ", 1)[-1] for cell in cells if cell not in said)
    same_results(want, csv)
    same_results(want, parquet)


def test_a_store_written_as_a_missing_marker_is_rejected_on_the_engine_as_in_the_importer(tmp_path, monkeypatch):
    """'NA' and '-' in the store column name no store: their lines (200 + 300) are rejected naming the value,
    never counted under a store called NA; S1 100 and S2 400 are used."""
    lines = pd.DataFrame({"Date": ["2026-03-01"] * 4, "Store": ["S1", "NA", "-", "S2"],
                          "Receipt": ["R1", "R2", "R3", "R4"], "Net sales": [100.0, 200.0, 300.0, 400.0]})
    want, csv, parquet = imported_and_engine(tmp_path, monkeypatch, lines)
    for got in (want, csv, parquet):
        dq = got["data_quality"]
        assert (dq["rows_used"], dq["net_sales_used"], dq["net_sales_rejected"]) == (2, 500.0, 500.0)
        assert [i["problem"] for i in dq["issues"]] == ["store 'NA' names no store", "store '-' names no store"]
        assert sorted(s["id"] for s in got["stores"]) == ["S1", "S2"]
    same_results(want, csv)
    same_results(want, parquet)
