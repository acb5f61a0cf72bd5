"""The layouts real exports come in, each written small by the test and built
through the command line with no mapping file; the month's net sales,
receipts and customers in the results JSON are worked out by hand from the
lines written here."""
import csv
import datetime
import json

import pytest

from kpipack.cli import main
from workbooks import write_book

DAY = datetime.date(2026, 10, 1)


def build(tmp_path, *files, lang="en", extra=()):
    """exit code, the results JSON (None when the build stopped) and what the command line said."""
    out = tmp_path / "results.json"
    out.unlink(missing_ok=True)
    code = main(["build", *map(str, files), "--json", str(out), "--lang", lang, "--period", "2026-10", "--quiet",
                 "--no-cache", *extra])
    return code, (json.loads(out.read_text(encoding="utf-8")) if out.exists() else None)


def totals(results) -> dict[str, float]:
    return {k["id"]: k["actual"] for k in results["kpis"] if k["scope"] == "total"
            and k["id"] in ("net_sales", "transactions", "customers")}


def warnings(results) -> list[str]:
    return [w["problem"] for w in results["data_quality"]["warnings"]]


def write_csv(path, rows, encoding="utf-8", delimiter=","):
    with open(path, "w", newline="", encoding=encoding) as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def test_lines_of_text_above_the_header(tmp_path):
    rows = [["売上明細一覧"], ["出力日時: 2026/11/01 09:00", None, "担当: 山田"], [],
            ["日付", "店舗", "レシート番号", "商品名", "数量", "売上金額"],
            ["2026/10/01", "S1", "R1", "お茶", 2, 300], ["2026/10/01", "S1", "R1", "パン", 1, 250],
            ["2026/10/02", "S2", "R2", "お茶", 1, 150]]
    code, results = build(tmp_path, write_book(tmp_path / "sales.xlsx", {"明細": rows}))
    assert code == 0 and totals(results) == {"net_sales": 700, "transactions": 2}


def test_receipt_fields_only_on_a_receipts_first_line_are_carried_down(tmp_path):
    rows = [["伝票番号", "日付", "店舗", "会員番号", "商品", "数量", "金額"],
            ["1001", "2026/10/01", "渋谷", "M01", "A", 1, 500], [None, None, None, None, "B", 2, 600],
            ["1002", "2026/10/01", "渋谷", None, "C", 1, 300],
            ["1003", "2026/10/02", "新宿", "M02", "A", 1, 500], [None, None, None, None, "C", 3, 900],
            [None, None, None, None, "D", 1, 120]]
    for lang in ("en", "ja"):
        code, results = build(tmp_path, write_csv(tmp_path / "slips.csv", rows), lang=lang)
        # 500+600+300+500+900+120 in three receipts, two of members M01 and M02; every line counted
        assert code == 0 and totals(results) == {"net_sales": 2920, "transactions": 3, "customers": 2}
        assert results["data_quality"]["rows_rejected"] == 0
        assert any(("3 lines took" if lang == "en" else "3 行は") in w for w in warnings(results))
    stores = {k["scope"]: k["actual"] for k in results["kpis"] if k["id"] == "net_sales"}
    assert stores["store:渋谷"] == 1400 and stores["store:新宿"] == 1520


def test_a_totals_line_below_receipts_is_not_carried_into_the_last_receipt(tmp_path):
    """A last line with no receipt, no date and no item, whose label sits in a column not read: never a line of
    the receipt above (its 1,100 is the sum), rejected and said."""
    rows = [["No", "伝票番号", "日付", "商品", "金額"], [1, "1001", "2026/10/01", "A", 500],
            [2, None, None, "B", 600], ["計", None, None, None, 1100]]
    code, results = build(tmp_path, write_csv(tmp_path / "slips.csv", rows))
    assert code == 0 and totals(results) == {"net_sales": 1100, "transactions": 1}
    assert results["data_quality"]["rows_rejected"] == 1


def test_a_receipt_total_repeated_on_every_line_is_never_summed_per_line(tmp_path):
    """"Sales" is a known amount header, but it holds the receipt's total on each of its lines."""
    rows = [["Receipt No", "Date", "Item", "Sales", "Amount"]]
    lines = {"T1": [300, 150], "T2": [980], "T3": [120, 80, 45], "T4": [640, 200]}
    for receipt, amounts in lines.items():
        rows += [[receipt, "2026-10-03", f"item{i}", sum(amounts), a] for i, a in enumerate(amounts)]
    code, results = build(tmp_path, write_csv(tmp_path / "lines.csv", rows))
    assert code == 0 and totals(results) == {"net_sales": 2515, "transactions": 4}


def test_code_and_name_in_one_cell_and_an_id_prefix(tmp_path):
    rows = [["伝票番号", "日付", "商品", "数量", "金額"],
            ["No:501", "2026/10/05", "00000001449:ハラスマ", 1, 1200], ["No:501", "2026/10/05", "00000002001:ナムル", 2, 800],
            ["No:502", "2026/10/05", "00000001449:ハラスマ", 1, 1200], ["No:503", "2026/10/06", "00000002001:ナムル", 1, 400]]
    code, results = build(tmp_path, write_csv(tmp_path / "usen_like.csv", rows))
    assert code == 0 and totals(results) == {"net_sales": 3600, "transactions": 3}
    # two products, told apart by the code before the colon
    assert sum(band["skus"] for band in results["abc"].values()) == 2


@pytest.mark.parametrize("prefix", ["No:", "No.", "#", "No. "])
def test_a_label_before_every_receipt_number_is_dropped_so_receipts_join_across_files(tmp_path, prefix):
    head = ["伝票番号", "日付", "店舗", "商品", "数量", "金額"]
    labelled = [head, [f"{prefix}501", "2026/10/05", "S1", "A", 1, 1200], [f"{prefix}501", "2026/10/05", "S1", "B", 2, 800],
                [f"{prefix}502", "2026/10/05", "S1", "A", 1, 1200]]
    # the same October downloaded again without the label, with one receipt more
    bare = [head, ["501", "2026/10/05", "S1", "A", 1, 1200], ["501", "2026/10/05", "S1", "B", 2, 800],
            ["502", "2026/10/05", "S1", "A", 1, 1200], ["503", "2026/10/06", "S1", "B", 1, 400]]
    code, results = build(tmp_path, write_csv(tmp_path / "a.csv", labelled), write_csv(tmp_path / "b.csv", bare))
    # receipts 501 (2,000), 502 (1,200) read once although written two ways, and 503 (400)
    assert code == 0 and totals(results) == {"net_sales": 3600, "transactions": 3}
    assert any(f"after '{prefix.strip()}'" in w for w in warnings(results))


def test_receipt_numbers_only_some_of_which_carry_a_label_are_kept_as_written(tmp_path):
    rows = [["伝票番号", "日付", "商品", "数量", "金額"],
            ["No.7", "2026/10/05", "A", 1, 100], ["7", "2026/10/05", "B", 1, 200], ["8", "2026/10/05", "A", 1, 300]]
    code, results = build(tmp_path, write_csv(tmp_path / "mixed.csv", rows))
    # No.7 and 7 stay two receipts: a label on one id alone is no convention of the file
    assert code == 0 and totals(results) == {"net_sales": 600, "transactions": 3}
    assert not any("written after" in w for w in warnings(results))


def test_half_width_katakana_and_padded_headers_in_cp932(tmp_path):
    rows = [[" ﾚｼｰﾄNo ", " 日付 ", "ﾃﾝﾎﾟｺｰﾄﾞ", "JANｺｰﾄﾞ", " 売上数量", "売上金額 "],
            ["9001", "2026/10/07", "0263", "4901234567894", "1", "￥198"],
            ["9001", "2026/10/07", "0263", "4901234567894", "1", "￥198"],
            ["9002", "2026/10/07", "0263", "4909876543210", "3", "\\1,050"]]
    path = write_csv(tmp_path / "pos_sjis.csv", rows, encoding="cp932")
    code, results = build(tmp_path, path)
    # two identical lines in one receipt are two items: 198 + 198 + 1,050
    assert code == 0 and totals(results) == {"net_sales": 1446, "transactions": 2}


def test_a_leading_index_column_as_pandas_writes_it(tmp_path):
    rows = [["Unnamed: 0", "date", "store", "receipt", "net_sales", "customer"]]
    rows += [[i, f"2026-10-{1 + i // 3:02d}", "A", f"R{i // 2}", 100 + i, f"C{i % 3}"] for i in range(9)]
    code, results = build(tmp_path, write_csv(tmp_path / "frame.csv", rows))
    assert code == 0 and totals(results) == {"net_sales": 936, "transactions": 5, "customers": 3}


def test_a_tab_separated_file_named_csv_with_thousands_separators(tmp_path):
    rows = [["日付", "店舗", "伝票番号", "売上金額"], ["2026/10/01", "本店", "1", "1,200"],
            ["2026/10/01", "本店", "2", "3,400"], ["2026/10/02", "本店", "3", "560"]]
    code, results = build(tmp_path, write_csv(tmp_path / "export.csv", rows, delimiter="\t"))
    assert code == 0 and totals(results) == {"net_sales": 5160, "transactions": 3}


def test_an_orders_lines_where_only_the_first_has_the_orders_fields(tmp_path):
    """The order number on every line, its date and customer on the first only."""
    rows = [["Order", "Order date", "Customer", "Product", "Quantity", "Line total"],
            ["#1001", "2026-10-02", "ann@example.com", "Mug", 2, 24.0], ["#1001", None, None, "Tea", 1, 8.5],
            ["#1002", "2026-10-03", "bob@example.com", "Mug", 1, 12.0],
            ["#1003", "2026-10-04", "ann@example.com", "Pot", 1, 30.0], ["#1003", None, None, "Tea", 2, 17.0]]
    code, results = build(tmp_path, write_csv(tmp_path / "orders.csv", rows))
    assert code == 0 and totals(results) == {"net_sales": 91.5, "transactions": 3, "customers": 2}
    assert results["data_quality"]["rows_rejected"] == 0


def test_a_csv_without_a_header_row(tmp_path):
    rows = []
    for r in range(24):
        qty, price = 1 + r % 3, 200 + 10 * r
        rows.append([f"2026-10-{1 + r // 6:02d}", "S1", f"R{r // 2}", f"P{r % 5}", qty, price, qty * price])
    for lang, said in (("en", "no header row"), ("ja", "見出し行がない")):
        code, results = build(tmp_path, write_csv(tmp_path / "noheader.csv", rows), lang=lang)
        assert code == 0 and totals(results) == {"net_sales": sum(r[6] for r in rows), "transactions": 12}
        assert any(said in w for w in warnings(results))


def test_a_workbook_whose_first_sheet_is_a_cover(tmp_path):
    cover = [["月次売上データ"], ["作成: 経理部"], ["注意: このファイルは社外秘です"], ["シート「明細」に売上明細があります"]]
    lines = [["日付", "店舗", "レシート番号", "会員ID", "売上金額"],
             [DAY, "S1", "R1", "K1", 1000], [DAY, "S1", "R2", "K2", 2500], [DAY, "S2", "R3", "K1", 700]]
    code, results = build(tmp_path, write_book(tmp_path / "book.xlsx", {"表紙": cover, "明細": lines}))
    assert code == 0 and totals(results) == {"net_sales": 4200, "transactions": 3, "customers": 2}


# ---------------------------------------------------------------- headers no synonym knows
def till_rows():
    """Day, till, ticket, article, quantity and the line's takings: 30 tickets of one to three lines."""
    rows = [["Day", "Till", "Ticket no.", "Article", "Qty", "Banked"]]
    for r in range(30):
        for k in range(1 + r % 3):
            qty, price = 1 + (r + k) % 2, 150 + 10 * ((r * 3 + k) % 9)
            rows.append([(DAY + datetime.timedelta(days=r // 5)).isoformat(), f"T{1 + r % 2}", str(5000 + r),
                         f"Item {(r + k) % 11}", qty, qty * price])
    return rows


def test_english_headers_no_synonym_knows_are_read_by_content(tmp_path):
    rows = till_rows()
    code, results = build(tmp_path, write_csv(tmp_path / "till.csv", rows))
    assert code == 0 and totals(results) == {"net_sales": sum(r[5] for r in rows[1:]), "transactions": 30}
    said = warnings(results)
    assert any('"Banked" read as Net sales' in w for w in said) and any('"Ticket no." read as Receipt no.' in w
                                                                          for w in said)


def test_japanese_headers_no_synonym_knows_are_read_by_content(tmp_path):
    rows = [["取引No", "計上", "品目", "売上金額(税抜)"]]
    rows += [[f"A{r // 2:04d}", f"2026/10/{1 + r // 4:02d}", f"品{r % 5}", 100 * (1 + r % 7)] for r in range(20)]
    code, results = build(tmp_path, write_csv(tmp_path / "取引.csv", rows, encoding="cp932"), lang="ja")
    assert code == 0 and totals(results) == {"net_sales": sum(r[3] for r in rows[1:]), "transactions": 10}
    assert any("「計上」を値から 日付 として" in w for w in warnings(results))


def summary_rows():
    return [["Day", "Banked"]] + [[(DAY + datetime.timedelta(days=i)).isoformat(), 1000 + 37 * i] for i in range(20)]


def test_a_sheet_that_may_be_sales_stops_the_cli_with_the_map_lines_that_read_it(tmp_path, capsys):
    path = write_csv(tmp_path / "daily.csv", summary_rows())
    lines = '[daily]\n"Day" = "date"\n"Banked" = "net_sales"'
    for lang, words in (("en", 'column "Banked" looks like Net sales'), ("ja", "列「Banked」は値から 売上金額（税抜） と思われます")):
        code, results = build(tmp_path, path, lang=lang)
        said = capsys.readouterr().err
        assert code == 2 and results is None and words in said and said.rstrip().endswith(lines), said
    (tmp_path / "map.toml").write_text(lines + "\n", encoding="utf-8")
    code, results = build(tmp_path, path, extra=("--map", str(tmp_path / "map.toml")))
    assert code == 0 and totals(results)["net_sales"] == sum(1000 + 37 * i for i in range(20))


def test_a_sheet_read_by_its_values_with_two_competing_amounts_names_both(tmp_path, capsys):
    # no header names the date or the amount; a ¥500 float beside the takings on every row of a till's days
    rows = [["Day", "Till", "Banked", "Float"]] + [[(DAY + datetime.timedelta(days=i // 2)).isoformat(), f"T{i % 2}",
                                                    1000 + 37 * i, 500] for i in range(40)]
    path = write_csv(tmp_path / "daily.csv", rows)
    lines = '[daily]\n"Day" = "date"\n"Banked" = "net_sales"'
    for lang, words in (("en", 'columns "Banked" (40% sure) and "Float" (40%) both look like Net sales'),
                        ("ja", "列「Banked」（確からしさ 40%）と列「Float」（40%）は、どちらも値から")):
        code, results = build(tmp_path, path, lang=lang)
        said = capsys.readouterr().err
        assert code == 2 and results is None and words in said and said.rstrip().endswith(lines), said
    (tmp_path / "map.toml").write_text(lines + "\n", encoding="utf-8")
    code, results = build(tmp_path, path, extra=("--map", str(tmp_path / "map.toml")))
    assert code == 0 and totals(results)["net_sales"] == sum(1000 + 37 * i for i in range(40))


def test_every_sheet_that_may_be_sales_is_listed_with_one_map_that_reads_them_all(tmp_path, capsys):
    daily = write_csv(tmp_path / "daily.csv", summary_rows())
    other = [["Day", "Till banked"]] + [[(DAY + datetime.timedelta(days=i)).isoformat(), 500 + 11 * i]
                                         for i in range(10)]
    book = write_book(tmp_path / "shop2.xlsx", {"Days": other})
    for lang, words in (("en", "2 sheets look like sales lines"), ("ja", "2 枚のシートは値から売上明細")):
        code, results = build(tmp_path, daily, book, lang=lang)
        said = capsys.readouterr().err
        assert code == 2 and results is None and words in said, said
        # each sheet named with the column in doubt, the first one no longer hiding the second
        assert 'daily.csv [daily]: "Banked" ~ net_sales' in said and 'shop2.xlsx [Days]: "Till banked" ~ ' \
            'net_sales' in said
    lines = said[said.index("\n[daily]"):].strip()
    assert lines == '[daily]\n"Day" = "date"\n"Banked" = "net_sales"\n[Days]\n"Day" = "date"\n' \
                    '"Till banked" = "net_sales"'
    (tmp_path / "map.toml").write_text(lines + "\n", encoding="utf-8")
    code, results = build(tmp_path, daily, book, extra=("--map", str(tmp_path / "map.toml")))
    assert code == 0 and totals(results)["net_sales"] == sum(1000 + 37 * i for i in range(20)) + \
        sum(500 + 11 * i for i in range(10))


def test_numbers_that_label_rows_are_no_amounts_to_ask_about(tmp_path):
    """A job list (作業NO), a reference list (RefNum) and a table by year beside
    real lines: no note says they may be sales, and the lines are read."""
    jobs = [["作業NO", "開始日", "担当"]] + [[1000 + i, f"2026/10/{1 + i:02d}", f"担当{i % 3}"] for i in range(12)]
    refs = [["Posted", "RefNum", "Resident"]] + [[f"2026-10-{1 + i:02d}", 187405513 + 10 * i, f"R{i}"]
                                                 for i in range(12)]
    years = [["Year", "Opened", "Stores"]] + [[2010 + i // 2, f"2026-10-{1 + i:02d}", 3 + i] for i in range(12)]
    book = write_book(tmp_path / "month.xlsx", {"Lines": till_rows(), "作業": jobs, "Refs": refs, "Years": years})
    code, results = build(tmp_path, book)
    assert code == 0 and totals(results)["net_sales"] == sum(r[5] for r in till_rows()[1:])
    assert not [w for w in warnings(results) if "sheet not read" in w]


def test_a_sheet_that_may_be_sales_beside_sales_lines_is_skipped_saying_why(tmp_path):
    book = write_book(tmp_path / "month.xlsx", {"Lines": till_rows(), "Daily": summary_rows()})
    for lang, words in (("en", "sheet not read (20 rows)"), ("ja", "シートを読み込みませんでした（20 行）")):
        code, results = build(tmp_path, book, lang=lang)
        assert code == 0 and totals(results)["net_sales"] == sum(r[5] for r in till_rows()[1:])
        note = next(w for w in warnings(results) if words in w)
        assert '[Daily]\n"Day" = "date"\n"Banked" = "net_sales"' in note


def test_a_pivot_table_is_never_read_as_lines(tmp_path):
    pivot = [["Row Labels", "Sum of Banked"]] + [[DAY + datetime.timedelta(days=i), 1000 + i] for i in range(10)]
    book = write_book(tmp_path / "pivot.xlsx", {"Lines": till_rows(), "Pivot": pivot})
    code, results = build(tmp_path, book)
    assert code == 0 and totals(results)["net_sales"] == sum(r[5] for r in till_rows()[1:])


def test_purchase_lines_under_odd_headers_are_not_read_as_sales(tmp_path):
    """Quantity × cost each = line cost on every line: money, but what the goods cost, never a sale."""
    rows = [["PO ref", "Day", "Article", "Qty", "Cost each", "Line cost"]]
    rows += [[f"P{r // 3}", f"2026-10-{1 + r // 6:02d}", f"A{r % 7}", 1 + r % 4, 80 + r, (1 + r % 4) * (80 + r)]
             for r in range(18)]
    book = write_book(tmp_path / "month.xlsx", {"Lines": till_rows(), "Purchases": rows})
    code, results = build(tmp_path, book)
    assert code == 0 and totals(results)["net_sales"] == sum(r[5] for r in till_rows()[1:])


def test_factors_beside_dates_are_not_taken_for_sales_in_doubt(tmp_path):
    """Numbers with four decimals are factors or measures, not amounts of money: the sheet fits no table."""
    factors = [["Day", "TRENDFAC"]] + [[(DAY + datetime.timedelta(days=i)).isoformat(), 1.0234 + i / 997]
                                          for i in range(12)]
    book = write_book(tmp_path / "month.xlsx", {"Lines": till_rows(), "Factors": factors})
    code, results = build(tmp_path, book)
    assert code == 0 and not any("sheet not read" in w for w in warnings(results))
    assert any("fit no input table" in w for w in warnings(results))
