"""Ordinary files that once gave a wrong figure or a word the user could not
read, each built through the `kpipack build` command with real files; every
expected figure is worked out by hand.

The sales of every case: stores S01 and S02, one receipt a day each in
October 2026, each of 2 units at 500 = 1,000: net sales 62,000, 31,000 a
store, unless a case says otherwise."""
import csv
import datetime as dt
import json
import os
import subprocess
import sys

import openpyxl
import pytest

HEAD = ["日付", "店舗コード", "レシート番号", "商品コード", "商品名", "数量", "単価", "売上金額"]
OCTOBER = 62_000.0


def october_rows(product="ハンドクリーム") -> list[list]:
    rows, n = [], 0
    for day in range(1, 32):
        for store in ("S01", "S02"):
            n += 1
            rows.append([dt.date(2026, 10, day), store, f"R{n:05d}", "4901234567894", product, 2, 500, 1000])
    return rows


def write_csv(path, rows, head=HEAD, encoding="utf-8", delimiter=",", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"):
    with open(path, "w", newline="", encoding=encoding) as f:
        writer = csv.writer(f, delimiter=delimiter, quoting=quoting, lineterminator=lineterminator)
        if head:
            writer.writerow(head)
        writer.writerows([[c.isoformat() if isinstance(c, dt.date) else c for c in r] for r in rows])
    return path


def write_xlsx(path, rows, head=HEAD):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "売上"
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def build(tmp_path, *files, lang="en", extra=()):
    """`kpipack build` on the files: (exit code, results JSON or None, what it said)."""
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    env = dict(os.environ, KPIPACK_CACHE_DIR=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-m", "kpipack", "build", *map(str, files), "--lang", lang, "--quiet",
                           "--period", "2026-10", "--out", str(out / "pack.xlsx"), "--json", str(out / "r.json"),
                           *extra], capture_output=True, text=True, env=env, timeout=600)
    assert "Traceback" not in done.stderr, done.stderr
    results = json.loads((out / "r.json").read_text(encoding="utf-8")) if done.returncode == 0 else None
    return done.returncode, results, done.stderr


def kpi(results, kpi_id, scope="total"):
    return next(r["actual"] for r in results["kpis"] if r["id"] == kpi_id and r["scope"] == scope)


def problems(results):
    return [(i["row"], i["problem"]) for i in results["data_quality"]["issues"]]


def warnings(results):
    return [w["problem"] for w in results["data_quality"]["warnings"]]


# ---------------------------------------------------------------- rows a sheet hides
@pytest.mark.parametrize("lang, words", [
    ("en", "rows the sheet hides (filtered out, in a collapsed group or hidden): 2, read like the others, "
           "net sales 1,999 (rows 64, 65)"),
    ("ja", "シートで非表示の 2 行（フィルターで除外・グループの折りたたみ・非表示）も他の行と同じく読み込み、"
           "売上金額 1,999 を集計に含めました（64, 65 行目）"),
])
def test_rows_hidden_by_a_filter_are_counted_and_said(tmp_path, lang, words):
    """A sheet filtered to S01 and S02 shows 62,000; the S03 lines it hides are read too (a filter changes
    the view, not the data), and the data-quality notes say how many and how much."""
    path = tmp_path / "filtered.xlsx"
    write_xlsx(path, october_rows() + [[dt.date(2026, 10, 31), "S03", "R90001", "4901234567894", "石鹸", 1, 999, 999],
                                       [dt.date(2026, 10, 31), "S03", "R90002", "4901234567894", "石鹸", 1, 1000, 1000]])
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet.auto_filter.ref = f"A1:H{sheet.max_row}"
    sheet.auto_filter.add_filter_column(1, ["S01", "S02"])
    sheet.row_dimensions[64].hidden = True  # as Excel saves a filter: the rows it leaves out are hidden
    sheet.row_dimensions[65].hidden = True
    book.save(path)
    code, results, said = build(tmp_path, path, lang=lang)
    assert code == 0, said
    assert kpi(results, "net_sales") == OCTOBER + 999 + 1000
    assert kpi(results, "net_sales", "store:S03") == 1999
    assert results["data_quality"]["rows_read"] == 64 and results["data_quality"]["rows_rejected"] == 0
    assert [w for w in warnings(results) if words in w] and len([w for w in warnings(results) if "64, 65" in w]) == 1


def test_a_sheet_without_hidden_rows_says_nothing_of_them(tmp_path):
    code, results, said = build(tmp_path, write_xlsx(tmp_path / "plain.xlsx", october_rows()))
    assert code == 0 and kpi(results, "net_sales") == OCTOBER
    assert not [w for w in warnings(results) if "hides" in w]


# ---------------------------------------------------------------- a field named in the user's language
def test_a_rejected_amount_names_its_field_in_japanese(tmp_path):
    rows = october_rows()
    rows[5][7] = "12%"  # an amount no one can read as yen: the line is out, named
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows), lang="ja")
    assert code == 0 and kpi(results, "net_sales") == OCTOBER - 1000
    assert problems(results) == [(7, "売上金額（税抜）「12%」を数値として読めません")]


def test_the_same_rejected_amount_in_english(tmp_path):
    rows = october_rows()
    rows[5][7] = "12%"
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows), lang="en")
    assert code == 0 and problems(results) == [(7, "Net sales '12%' is not a number")]


# ---------------------------------------------------------------- totals rows and products named Total …
@pytest.mark.parametrize("product", ["Total Care", "Subtotal Cream", "Body Total", "合計サプリ", "Total of Beauty Oil"])
def test_a_product_whose_name_holds_a_total_word_is_a_product(tmp_path, product):
    rows = october_rows()
    for row in rows[:10]:
        row[4] = product
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows))
    assert code == 0 and kpi(results, "net_sales") == OCTOBER
    assert results["data_quality"]["rows_rejected"] == 0


@pytest.mark.parametrize("where, label", [
    (4, "Total"), (4, "Grand Total"), (4, "Subtotal"), (3, "合計"), (4, "総計"), (2, "小計"),
    (1, "渋谷店 計"), (4, "計"), (1, "S01 Total"),  # Excel's Data > Subtotal writes '<store> Total'
    (1, "S01 集計"),  # … and '<store> 集計' in Japanese
])
def test_a_totals_row_is_left_out_and_listed(tmp_path, where, label):
    rows = october_rows()
    total = ["", "", "", "", "", "", "", 31_000]
    total[where] = label
    rows.insert(62, total)  # below the lines, as a sheet's totals line
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows))
    assert code == 0 and kpi(results, "net_sales") == OCTOBER
    assert problems(results) == [(64, "totals row, not counted")]
    assert results["data_quality"]["net_sales_rejected"] == 31_000


# ---------------------------------------------------------------- a long budget in thousands of yen
@pytest.mark.parametrize("lang, words", [
    ("en", "column '値(千円)' states its unit: the money budgets (売上高, 客単価) are multiplied by 1,000; counts and "
           "percentages (客数, 買上点数) are read as written"),
    ("ja", "列「値(千円)」は単位を示しているため、金額の予算（売上高, 客単価）を 1,000 倍して読み込みました。"
           "件数・率（客数, 買上点数）は書かれたとおりに読み込みました"),
])
def test_a_long_budget_in_thousands_scales_its_money_kpis_only(tmp_path, lang, words):
    budget = write_csv(tmp_path / "budget.csv", [
        ["2026-10", "S01", "売上高", 35], ["2026-10", "S01", "客数", 31], ["2026-10", "S01", "客単価", 1.2],
        ["2026-10", "S01", "買上点数", 2.5],
        ["2026-10", "S02", "売上高", 30], ["2026-10", "S02", "客数", 28]], ["年月", "店舗コード", "指標", "値(千円)"])
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", october_rows()), budget, lang=lang)
    assert code == 0, said

    def budget_of(kpi_id, scope):
        return next(r["budget"] for r in results["kpis"] if r["id"] == kpi_id and r["scope"] == scope)
    assert budget_of("net_sales", "store:S01") == 35_000 and budget_of("net_sales", "total") == 65_000
    assert budget_of("atv", "store:S01") == 1_200  # money: ¥1.2 thousand
    assert budget_of("transactions", "store:S01") == 31 and budget_of("transactions", "total") == 59  # a count
    assert budget_of("units_per_transaction", "store:S01") == 2.5
    assert words in warnings(results)


# ---------------------------------------------------------------- stores in one month and not the other
@pytest.mark.parametrize("lang, words", [
    ("en", "the company's month-over-month change compares different stores: sales in 2026-10 only from S03, "
           "in 2026-09 only from S02"),
    ("ja", "全社の前月比は異なる店舗の組み合わせを比べています: 2026年10月 にだけ売上がある店舗 S03、"
           "2026年9月 にだけ売上がある店舗 S02"),
])
def test_month_over_month_with_a_store_missing_names_the_stores(tmp_path, lang, words):
    """S02 sold in September only, S03 (new) in October only: the company's month-over-month stays as the
    contract defines it (each month's own stores: 31,000 + 31,000 against 30,000 + 30,000), and is said."""
    rows = [r for r in october_rows() if r[1] == "S01"]
    rows += [[dt.date(2026, 10, r[0].day), "S03", f"N{n}", *r[3:]] for n, r in enumerate(rows)]
    for day in range(1, 31):
        for store in ("S01", "S02"):
            rows.append([dt.date(2026, 9, day), store, f"P{store}{day}", "4901234567894", "石鹸", 1, 1000, 1000])
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows), lang=lang)
    assert code == 0, said
    total = next(r for r in results["kpis"] if r["id"] == "net_sales" and r["scope"] == "total")
    assert (total["actual"], total["prev_month"]) == (62_000, 60_000)
    assert total["mom_pct"] == pytest.approx(2_000 / 60_000 * 100)
    assert [w for w in warnings(results) if w.startswith(words)]


def test_the_same_stores_in_both_months_say_nothing_of_it(tmp_path):
    rows = october_rows() + [[dt.date(2026, 9, d), s, f"P{s}{d}", "4901234567894", "石鹸", 1, 1000, 1000]
                             for d in range(1, 31) for s in ("S01", "S02")]
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows))
    assert code == 0 and not [w for w in warnings(results) if "compares different stores" in w]


# ---------------------------------------------------------------- ordinary ways of writing the same October
WEEKDAYS = "月火水木金土日"


def _dated(form):
    rows = october_rows()
    for row in rows:
        row[0] = form(row[0])
    return rows


def _amounts(form):
    rows = october_rows()
    for n, row in enumerate(rows):
        row[7] = form(n)
    return rows


def _european(amount, price="500"):
    """Day-first dates with dots, amounts and prices as a country writing decimal commas writes them."""
    rows = _dated(lambda d: f"{d:%d.%m.%Y}")
    for n, row in enumerate(rows):
        row[6], row[7] = price, amount(n)
    return rows


SAME_OCTOBER = {  # name: (rows, csv options, October's net sales by hand)
    "weekday in brackets": (_dated(lambda d: f"{d.year}年{d.month}月{d.day}日({WEEKDAYS[d.weekday()]})"), {}, OCTOBER),
    "slashes and weekday": (_dated(lambda d: f"{d:%Y/%m/%d}({WEEKDAYS[d.weekday()]})"), {}, OCTOBER),
    "with a time": (_dated(lambda d: f"{d:%Y/%m/%d} 21:05"), {}, OCTOBER),
    "ISO with seconds": (_dated(lambda d: f"{d:%Y-%m-%d}T09:30:00"), {}, OCTOBER),
    "year first, two digits": (_dated(lambda d: f"{d:%y/%m/%d}"), {}, OCTOBER),
    "day first, two digits": (_dated(lambda d: f"{d:%d/%m/%y}"), {}, OCTOBER),
    "month first, two digits": (_dated(lambda d: f"{d:%m/%d/%y}"), {}, OCTOBER),
    "午後 before the time": (_dated(lambda d: f"{d:%Y/%m/%d} 午後 2:05:33"), {}, OCTOBER),
    "午前 without a space": (_dated(lambda d: f"{d.year}/{d.month}/{d.day} 午前9:05"), {}, OCTOBER),
    "午前0時 past midnight": (_dated(lambda d: f"{d:%Y/%m/%d} 午前0:05"), {}, OCTOBER),
    "時 and 分": (_dated(lambda d: f"{d.year}年{d.month}月{d.day}日 14時05分"), {}, OCTOBER),
    "English PM": (_dated(lambda d: f"{d:%Y/%m/%d} 12:05 p.m."), {}, OCTOBER),
    "dotted": (_dated(lambda d: f"{d:%Y.%m.%d}"), {}, OCTOBER),
    # the day as written: a controller ties the pack to the day on the receipt, not to UTC
    "ISO with an offset": (_dated(lambda d: f"{d:%Y-%m-%d} 23:55:33 +0900"), {}, OCTOBER),
    "ISO in UTC": (_dated(lambda d: f"{d:%Y-%m-%d}T23:05:33Z"), {}, OCTOBER),
    "Excel serials": (_dated(lambda d: (d - dt.date(1899, 12, 30)).days), {}, OCTOBER),  # 2026-10-01 is 46296
    "triangles": (_amounts(lambda n: "▲1,000" if n == 0 else "△1,000" if n == 1 else "1,000"), {}, OCTOBER - 4_000),
    "minus sign U+2212": (_amounts(lambda n: "\u22121,000" if n == 0 else "1,000"), {}, OCTOBER - 2_000),
    "full-width": (_amounts(lambda n: "１，０００"), {}, OCTOBER),
    # ¥1,000- among ¥1,000 is a minus, as 1,000- is (a till's return): two of 1,000 each turned to -1,000
    "yen": (_amounts(lambda n: "¥1,000-" if n == 2 else "1,000-" if n == 4 else "1,000円" if n % 2 else "¥1,000"), {},
            OCTOBER - 4_000),
    # every yen amount with its dash: the dash closes each (as on a receipt), none negative
    "yen, each closed by a dash": (_amounts(lambda n: "¥1,000-"), {}, OCTOBER),
    "quoted with spaces": (_amounts(lambda n: " 1,000 "), {"quoting": csv.QUOTE_ALL}, OCTOBER),
    # 1.000 alone shows no decimal mark: the file's ';' (and its other columns) say it is one thousand
    "European ; with 1.000": (_european(lambda n: "1.000"), {"delimiter": ";"}, OCTOBER),
    "European ; with cents": (_european(lambda n: "1.000,50" if n == 0 else "1.000,00"), {"delimiter": ";"},
                              OCTOBER + 0.5),
    "European dates, commas between fields": (_european(lambda n: "1.000"), {}, OCTOBER),  # 01.10.2026 says it
    "decimal comma in the price only": (_european(lambda n: "1.000", price="500,00"), {"quoting": csv.QUOTE_ALL},
                                        OCTOBER),
    "UTF-8 with BOM": (october_rows(), {"encoding": "utf-8-sig"}, OCTOBER),
    "CR line ends": (october_rows(), {"lineterminator": "\r"}, OCTOBER),
    "a name over two lines": ([r[:4] + ["ハンド\nクリーム"] + r[5:] for r in october_rows()], {}, OCTOBER),
    "CSV named .xls": (october_rows(), {"name": "sales.xls"}, OCTOBER),  # read by content, not by name
    "tab-separated named .xls": (october_rows(), {"name": "sales.xls", "delimiter": "\t"}, OCTOBER),
    "UTF-16 text": (october_rows(), {"encoding": "utf-16", "delimiter": "\t", "name": "sales.txt"}, OCTOBER),
    "Shift_JIS with ①㈱～": ([r[:4] + ["①㈱～ハンドクリーム"] + r[5:] for r in october_rows()], {"encoding": "cp932"},
                           OCTOBER),
}


@pytest.mark.parametrize("case", sorted(SAME_OCTOBER))
def test_an_ordinary_way_of_writing_the_file_gives_the_same_october(tmp_path, case):
    rows, options, expected = SAME_OCTOBER[case]
    options = dict(options)
    path = write_csv(tmp_path / options.pop("name", "sales.csv"), rows, **options)
    code, results, said = build(tmp_path, path)
    assert code == 0, said
    assert kpi(results, "net_sales") == expected
    assert results["data_quality"]["rows_read"] == 62 and results["data_quality"]["rows_rejected"] == 0


def test_an_xlsx_in_the_1904_date_system(tmp_path):
    book = openpyxl.Workbook()
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    sheet = book.active
    sheet.append(HEAD)
    for row in october_rows():
        sheet.append(row)
    book.save(tmp_path / "mac.xlsx")
    code, results, said = build(tmp_path, tmp_path / "mac.xlsx")
    assert code == 0 and kpi(results, "net_sales") == OCTOBER and results["data_quality"]["rows_rejected"] == 0


@pytest.mark.parametrize("lang, words", [
    ("en", "column '日付': dates such as 26/10/01 have a two-digit year that may come first (yy/mm/dd) or last"),
    ("ja", "列「日付」: 26/10/01 などの日付は年が 2 桁のため、年が先（年/月/日）とも後（日/月/年）とも読めます"),
])
def test_a_day_with_a_two_digit_year_either_way_stops_naming_the_column(tmp_path, lang, words):
    """26/10/01 alone is 1 October 2026 or 26 October 2001: only the user can say."""
    rows = [["26/10/01", *r[1:]] for r in october_rows()[:2]]
    code, results, said = build(tmp_path, write_csv(tmp_path / "day.csv", rows), lang=lang)
    assert code == 2 and "day.csv" in said and words in said


@pytest.mark.parametrize("last", [["合計", "", "", "", "", 124, "", 62_000], ["", "", "", "", "", 124, "", 62_000],
                                  ["Total", "", "", "", "", "", "", "62,000"]])
def test_a_trailing_totals_line_is_left_out_and_listed(tmp_path, last):
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", october_rows() + [last]))
    assert code == 0 and kpi(results, "net_sales") == OCTOBER
    assert [row for row, _ in problems(results)] == [64] and results["data_quality"]["net_sales_rejected"] == 62_000


def test_empty_trailing_columns_and_a_percent_column_change_nothing(tmp_path):
    rows = [r + ["10%", "", ""] for r in october_rows()]
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows, head=HEAD + ["割引率", "", ""]))
    assert code == 0 and kpi(results, "net_sales") == OCTOBER and results["data_quality"]["rows_rejected"] == 0


@pytest.mark.parametrize("lang, words", [
    ("en", "columns H, I share the header '売上金額': column H is read as Net sales, the others are not"),
    ("ja", "列 H, I は同じ見出し「売上金額」です。売上金額（税抜）として列 H を読み込み"),
])
def test_two_columns_with_one_header_say_which_is_read(tmp_path, lang, words):
    rows = [r + [1100] for r in october_rows()]  # the second 売上金額 holds the amount with tax
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows, head=HEAD + ["売上金額"]), lang=lang)
    assert code == 0 and kpi(results, "net_sales") == OCTOBER
    assert [w for w in warnings(results) if words in w]


@pytest.mark.parametrize("lang, words", [("en", "the header row again (files put one after another), not a line"),
                                         ("ja", "見出し行の繰り返し（ファイルをつなげたもの）のため、明細ではありません")])
def test_a_header_repeated_between_two_exports_is_said(tmp_path, lang, words):
    rows = october_rows()
    rows.insert(30, HEAD[:])
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows), lang=lang)
    assert code == 0 and kpi(results, "net_sales") == OCTOBER
    assert problems(results) == [(32, words)]


@pytest.mark.parametrize("lang, title, header", [
    ("en", "a title line above the header row again (files put one after another), not a line",
     "the header row again (files put one after another), not a line"),
    ("ja", "繰り返された見出し行の上の表題行（ファイルをつなげたもの）のため、明細ではありません",
     "見出し行の繰り返し（ファイルをつなげたもの）のため、明細ではありません")])
def test_a_title_line_repeated_with_the_header_between_two_exports_is_said(tmp_path, lang, title, header):
    rows = october_rows()
    rows[30:30] = [["売上明細 出力日 2026/11/02"], HEAD[:]]  # the second download's title line and header
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows), lang=lang)
    assert code == 0 and kpi(results, "net_sales") == OCTOBER
    assert problems(results) == [(32, title), (33, header)]


@pytest.mark.parametrize("quantity", ["2個", "２点", "2 pcs"])
def test_a_quantity_with_its_counter_word_is_read_as_the_number(tmp_path, quantity):
    rows = october_rows()
    for row in rows:
        row[5] = quantity
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows))
    assert code == 0 and kpi(results, "net_sales") == OCTOBER and results["data_quality"]["rows_rejected"] == 0
    assert kpi(results, "units_per_transaction") == 2  # 124 units over 62 receipts


def test_rows_hidden_in_an_ods_sheet_are_counted_and_said(tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    def cell(value):
        if isinstance(value, (int, float)):
            made = TableCell(valuetype="float", value=value)
        else:
            made = TableCell(valuetype="string")
        made.addElement(P(text=str(value)))
        return made

    doc = OpenDocumentSpreadsheet()
    table = Table(name="売上")
    extra = [dt.date(2026, 10, 31), "S03", "R90001", "4901234567894", "石鹸", 1, 999, 999]
    for n, row in enumerate([HEAD] + october_rows() + [extra]):
        line = TableRow(visibility="filter") if n == 63 else TableRow()
        for value in row:
            line.addElement(cell(value.isoformat() if isinstance(value, dt.date) else value))
        table.addElement(line)
    doc.spreadsheet.addElement(table)
    doc.save(str(tmp_path / "filtered.ods"))
    code, results, said = build(tmp_path, tmp_path / "filtered.ods")
    assert code == 0, said
    assert kpi(results, "net_sales") == OCTOBER + 999
    assert [w for w in warnings(results) if "the sheet hides (filtered out, in a collapsed group or hidden): 1," in w and "net sales 999 (rows 64)" in w]


@pytest.mark.filterwarnings("ignore:Sparkline Group extension")  # openpyxl reading the pack's sparklines
def test_the_summary_sheet_says_the_company_compares_different_stores(tmp_path):
    rows = [r for r in october_rows() if r[1] == "S01"]
    rows += [[dt.date(2026, 9, d), s, f"P{s}{d}", "4901234567894", "石鹸", 1, 1000, 1000]
             for d in range(1, 31) for s in ("S01", "S02")]
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows), lang="ja")
    assert code == 0, said
    book = openpyxl.load_workbook(tmp_path / "out" / "pack.xlsx", read_only=True)
    texts = [c for row in book["サマリー"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert [t for t in texts if t.startswith("全社の前月比は異なる店舗の組み合わせを比べています: 2026年10月 にだけ売上がある店舗 —、"
                                             "2026年9月 にだけ売上がある店舗 S02")]


# ---------------------------------------------------------------- cells merged down a column
@pytest.mark.parametrize("lang, words", [
    ("en", "cells merged down column B (店舗コード) were read on every row they cover (60 cells)"),
    ("ja", "列 B (店舗コード) で縦に結合されたセルの値を、結合範囲のすべての行で読み込みました（60 セル）"),
])
def test_a_store_merged_down_its_rows_is_every_rows_store(tmp_path, lang, words):
    """A daily report writes each store once, merged down its 31 rows: a person reads it on every row."""
    rows = sorted(october_rows(), key=lambda r: (r[1], r[0]))
    path = write_xlsx(tmp_path / "report.xlsx", rows)
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("B2:B32")
    book.active.merge_cells("B33:B63")
    book.save(path)
    code, results, said = build(tmp_path, path, lang=lang)
    assert code == 0, said
    assert kpi(results, "net_sales", "store:S01") == 31_000 and kpi(results, "net_sales", "store:S02") == 31_000
    assert results["data_quality"]["rows_rejected"] == 0 and words in warnings(results)


def _hidden_and_merged_xlsx(path):
    """October sorted by store, each store merged down its 31 rows, and a hidden S03 line of 999."""
    rows = sorted(october_rows(), key=lambda r: (r[1], r[0]))
    write_xlsx(path, rows + [[dt.date(2026, 10, 31), "S03", "R90001", "4901234567894", "石鹸", 1, 999, 999]])
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("B2:B32")
    book.active.merge_cells("B33:B63")
    book.active.row_dimensions[64].hidden = True
    book.save(path)
    return path


def test_an_xls_sheet_says_its_hidden_rows_and_fills_its_merged_stores(tmp_path):
    """The same workbook saved as .xls by LibreOffice: calamine reads its cells, xlrd its layout."""
    from packtools import soffice

    source = _hidden_and_merged_xlsx(tmp_path / "report.xlsx")
    done = subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                           "--convert-to", "xls", "--outdir", str(tmp_path / "xls"), str(source)],
                          capture_output=True, text=True, timeout=600)
    assert (tmp_path / "xls" / "report.xls").exists(), done.stderr
    code, results, said = build(tmp_path, tmp_path / "xls" / "report.xls")
    assert code == 0, said
    assert kpi(results, "net_sales", "store:S01") == 31_000 and kpi(results, "net_sales", "store:S02") == 31_000
    assert kpi(results, "net_sales", "store:S03") == 999 and results["data_quality"]["rows_rejected"] == 0
    assert "cells merged down column B (店舗コード) were read on every row they cover (60 cells)" in warnings(results)
    assert [w for w in warnings(results) if "the sheet hides (filtered out, in a collapsed group or hidden): 1, "
            "read like the others, net sales 999 (rows 64)" in w]


def test_an_ods_sheet_fills_its_merged_stores(tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="売上")
    rows = sorted(october_rows(), key=lambda r: (r[1], r[0]))
    for n, row in enumerate([HEAD] + rows):
        line = TableRow()
        for col, value in enumerate(row):
            if col == 1 and n > 0 and (n - 1) % 31:  # a store's rows below its first: covered by the merge
                line.addElement(CoveredTableCell())
                continue
            numeric = isinstance(value, (int, float))
            cell = TableCell(valuetype="float", value=value) if numeric else TableCell(valuetype="string")
            if col == 1 and n > 0:
                cell.setAttribute("numberrowsspanned", 31)
            cell.addElement(P(text=value.isoformat() if isinstance(value, dt.date) else str(value)))
            line.addElement(cell)
        table.addElement(line)
    doc.spreadsheet.addElement(table)
    doc.save(str(tmp_path / "report.ods"))
    code, results, said = build(tmp_path, tmp_path / "report.ods")
    assert code == 0, said
    assert kpi(results, "net_sales", "store:S01") == 31_000 and kpi(results, "net_sales", "store:S02") == 31_000
    assert "cells merged down column B (店舗コード) were read on every row they cover (60 cells)" in warnings(results)


@pytest.mark.parametrize("lang, words", [
    ("en", "rows the sheet hides and cells it merges are not known in a .xlsb file"),
    ("ja", ".xlsb ファイルでは、シートで非表示の行と結合されたセルを確認できません"),
])
def test_an_xlsb_sheet_says_its_hidden_rows_and_merges_are_not_known(lang, words):
    """No reader tells an xlsb's hidden rows or merged cells: the import says so instead of nothing."""
    from conftest import shared_path
    from kpipack.ingest.readers import open_sheets
    from kpipack.messages import text

    source = open_sheets(shared_path("corpus", "calamine", "date.xlsb"))[0]
    assert source.problems().unchecked == ".xlsb"
    assert text("note_layout_unchecked", lang, kind=".xlsb").startswith(words)


def test_an_amount_merged_over_a_receipts_lines_is_counted_once(tmp_path):
    rows = october_rows()
    rows[1:3] = [[rows[0][0], "S01", "R00001", "4901234567890", "石鹸", 1, 500, None],
                 [rows[0][0], "S01", "R00001", "4901234567891", "石鹸", 1, 500, None]]  # R00001: 1,000 + 2 lines
    path = write_xlsx(tmp_path / "receipts.xlsx", rows)
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("H2:H4")  # the receipt's 1,000 written once over its three lines
    book.active.merge_cells("C2:C4")
    book.save(path)
    code, results, said = build(tmp_path, path)
    assert code == 0, said
    # two lines of 1,000 gave way to R00001's two further lines, whose amount is the merge's, counted once
    assert kpi(results, "net_sales") == OCTOBER - 2_000
    assert [row for row, _ in problems(results)] == [3, 4] and results["data_quality"]["net_sales_rejected"] == 0


@pytest.mark.parametrize("lang, words", [
    ("en", "a budget with months as columns: read as each month's budget, 2026-09 to 2026-11 (3 months)"),
    ("ja", "月が列の予算として、2026-09 から 2026-11 まで（3 か月）各月の予算を読み込みました"),
])
def test_a_budget_with_its_months_across_is_read_month_by_month(tmp_path, lang, words):
    budget = write_csv(tmp_path / "予算.csv", [["S01", "売上高", 30000, 35000, 36000], ["S02", "売上高", 30000, 30000, 31000]],
                       ["店舗コード", "指標", "2026年9月", "2026年10月", "2026年11月"])
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", october_rows()), budget, lang=lang)
    assert code == 0 and kpi(results, "net_sales") == OCTOBER
    # October's column: 35,000 for S01 and 30,000 for S02, the total their sum
    assert next(r["budget"] for r in results["kpis"] if r["id"] == "net_sales" and r["scope"] == "total") == 65000
    assert [w for w in warnings(results) if w.startswith(words)]


# ---------------------------------------------------------------- store codes spelt two ways
@pytest.mark.parametrize("sales_code, master_code", [
    (lambda s: s.lower() + " ", lambda s: s),  # 's01 ' in the sales, 'S01' in the master
    (lambda s: "Ｓ" + s[1:], lambda s: s),  # full-width S
    (lambda s: str(int(s[1:])), lambda s: f"{int(s[1:]):03d}"),  # 1 in the sales, 001 in the master
])
def test_a_store_spelt_otherwise_in_the_master_keeps_its_floor_area(tmp_path, sales_code, master_code):
    """A join that lost the store's floor area would leave sales per 坪 empty: S01 45 坪, S02 60 坪."""
    rows = october_rows()
    for row in rows:
        row[1] = sales_code(row[1])
    master = write_csv(tmp_path / "store_master.csv", [[master_code("S01"), "渋谷店", 45, "東京"],
                                                       [master_code("S02"), "横浜店", 60, "神奈川"]],
                       ["店舗コード", "店舗名", "売場面積(坪)", "エリア"])
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows), master)
    assert code == 0, said
    assert kpi(results, "sales_per_area") == pytest.approx(62_000 / 105)
    assert sorted(r["actual"] for r in results["kpis"] if r["id"] == "sales_per_area" and r["scope"] != "total") \
        == [pytest.approx(31_000 / 60), pytest.approx(31_000 / 45)]
    assert not [w for w in warnings(results) if "not in the store master" in w]


def test_codes_written_as_text_formulas_read_as_excel_shows_them(tmp_path):
    """POS exports write ="001" so that Excel keeps the leading zeros: the store is 001, the amount 1,000."""
    rows = october_rows()
    for row in rows:
        row[1], row[7] = f'="{int(row[1][1:]):03d}"', '="1000"'
    master = write_csv(tmp_path / "store_master.csv", [["001", "渋谷店", 45, "東京"], ["002", "横浜店", 60, "神奈川"]],
                       ["店舗コード", "店舗名", "売場面積(坪)", "エリア"])
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows), master)
    assert code == 0, said
    assert kpi(results, "net_sales", "store:001") == 31_000 and kpi(results, "net_sales", "store:002") == 31_000
    assert kpi(results, "sales_per_area", "store:001") == pytest.approx(31_000 / 45)


@pytest.mark.parametrize("lang, words", [
    ("en", "column '商品コード': 2 codes are written in exponent notation (such as 4.90123E+12), as Excel saves "
           "long numbers: their last digits are lost"),
    ("ja", "列「商品コード」の 2 件のコードが指数表記（4.90123E+12 など）です。Excel で保存すると長い数字の下の桁が失われる"),
])
def test_codes_that_lost_their_digits_in_excel_are_said(tmp_path, lang, words):
    """4901234567894 and 4901234567801 both saved as 4.90123E+12 would read as one product."""
    rows = october_rows()
    rows[0][3] = rows[1][3] = "4.90123E+12"
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows), lang=lang)
    assert code == 0 and kpi(results, "net_sales") == OCTOBER
    assert [w for w in warnings(results) if w.startswith(words)]


def test_plain_codes_say_nothing_of_exponents(tmp_path):
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", october_rows()))
    assert code == 0 and not [w for w in warnings(results) if "exponent" in w]


@pytest.mark.parametrize("header, s01, s02", [("売上予算", "3万円", "3.5万円"), ("売上予算", "30千円", "35千円"),
                                              ("売上予算(千円)", "30", "35千円")])  # a cell's own unit wins
def test_a_budget_written_in_man_en_reads_as_yen(tmp_path, header, s01, s02):
    """3万円 is 30,000 yen as a person reads it; 3万 alone (of what?) would be rejected, named."""
    budget = write_csv(tmp_path / "予算.csv", [["2026-10", "S01", s01], ["2026-10", "S02", s02]],
                       ["年月", "店舗コード", header])
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", october_rows()), budget)
    assert code == 0, said
    budgets = {r["scope"]: r["budget"] for r in results["kpis"] if r["id"] == "net_sales"}
    assert (budgets["store:S01"], budgets["store:S02"], budgets["total"]) == (30_000, 35_000, 65_000)


@pytest.mark.parametrize("header, s01, s02, per_area", [
    ("売場面積", "45坪", "60 坪", {"S01": 31_000 / 45, "S02": 31_000 / 60}),
    ("売場面積", "150㎡", "200m²", {"S01": 31_000 / 150, "S02": 31_000 / 200}),
    ("売場面積(坪)", "148.760325㎡", "60", {"S01": 31_000 / 45, "S02": 31_000 / 60}),  # 45 坪 written in m2
])
def test_a_floor_area_written_with_its_unit_is_read_in_it(tmp_path, header, s01, s02, per_area):
    master = write_csv(tmp_path / "store_master.csv", [["S01", "渋谷店", s01, "東京"], ["S02", "横浜店", s02, "神奈川"]],
                       ["店舗コード", "店舗名", header, "エリア"])
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", october_rows()), master)
    assert code == 0, said
    assert results["data_quality"]["rows_rejected"] == 0
    for store, expected in per_area.items():
        assert kpi(results, "sales_per_area", f"store:{store}") == pytest.approx(expected, rel=1e-6)
    converted = [w for w in warnings(results) if w.startswith("floor areas written in the other unit converted")]
    assert len(converted) == (1 if "(坪)" in header else 0)


# ---------------------------------------------------------------- a skipped sheet says why
@pytest.mark.parametrize("lang, words, missing", [
    ("en", "sales, but no date column", "neither the file's name nor its title lines give the period"),
    ("ja", "売上明細の形ですが、日付の列がありません", "ファイル名にも表題行にも期間がありません"),
])
def test_a_skipped_sheet_says_what_it_lacks(tmp_path, lang, words, missing):
    """A summary of goods sold without its day, in a file whose name gives no period, lacks what sales are
    read for: the day (a product master of code, name and cost is read as one: tests/test_product_master.py;
    one whose name gives its month is read as that month's sales: tests/test_undated_sales.py)."""
    products = write_csv(tmp_path / "商品.csv", [["4901234567894", "ハンドクリーム", 2, 600],
                                                ["4901234567801", "石鹸", 1, 100]],
                         ["商品コード", "商品名", "数量", "売上金額"])
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", october_rows()), products, lang=lang)
    assert code == 0 and kpi(results, "net_sales") == OCTOBER
    said_of_it = [w for w in warnings(results) if w.startswith(words)]
    assert len(said_of_it) == 1 and said_of_it[0].endswith("(2 rows)" if lang == "en" else "（2 行）")
    assert missing in said_of_it[0]  # what it lacks, in words
    assert "_" not in said_of_it[0]  # no field or table id left unsaid


@pytest.mark.parametrize("form", [lambda d: f"{d:%m/%d/%Y}({WEEKDAYS[d.weekday()]})",
                                  lambda d: f"{d:%d/%m/%Y}({WEEKDAYS[d.weekday()]}) 9:30"])
def test_the_weekday_beside_a_date_tells_day_from_month(tmp_path, form):
    """10/01/2026 … 10/12/2026 alone could be either order (the build stops and asks); the weekday written
    beside each says which: 1 October 2026 is a Thursday (木), 10 January a Saturday."""
    rows = [[form(r[0]), *r[1:]] for r in october_rows() if r[0].day <= 12]
    code, results, said = build(tmp_path, write_csv(tmp_path / "sales.csv", rows))
    assert code == 0, said
    assert kpi(results, "net_sales") == 24_000 and results["data_quality"]["rows_rejected"] == 0
