"""Columns read by their content: sheets with odd headers whose right reading
is known because the tests wrote them, read back through the real readers."""
import csv
import datetime
import subprocess
import sys

import pytest

from conftest import SAMPLES, shared_path
from kpipack.errors import KpipackError
from kpipack.ingest import Mapping, read_file
from kpipack.ingest.headers import classify, find_header_row, map_columns
from kpipack.ingest.infer import APPLY, evaluate
from kpipack.ingest.readers import open_sheets
from workbooks import write_book

DAY = datetime.date(2026, 10, 1)


def jan(body: str) -> str:
    """A 13-digit JAN code: 12 digits and their check digit (GS1 modulo 10, weights 1,3 from the left)."""
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def takings_rows(n=40):
    """Date, store, and a day's takings under a header no synonym knows."""
    return [["Date", "Store", "Banked"]] + [[DAY + datetime.timedelta(days=i // 2), f"S{i % 2 + 1}", 1000 + 37 * i]
                                             for i in range(n)]


def receipt_rows():
    """Receipts of one to four lines: each line's amount under "Banked", the
    receipt's total repeated on every line under "Bill"; a member number under
    an odd header, a JAN code per line, and a quantity times a price."""
    rows = [["Receipt No", "Date", "Member no", "Article", "n", "each", "Banked", "Bill"]]
    line = 0
    for r in range(12):
        prices = [120 + 10 * ((r + k) % 7) for k in range(1 + r % 4)]
        qtys = [1 + (r + k) % 3 for k in range(len(prices))]
        bill = sum(p * q for p, q in zip(prices, qtys))
        for price, qty in zip(prices, qtys):
            line += 1
            rows.append([f"R{1000 + r}", DAY + datetime.timedelta(days=r // 4), f"M{700 + r % 5:05d}",
                         jan(f"49012345{line:04d}"), qty, price, price * qty, bill])
    return rows


def mapping_of(path, sheet=None):
    source = next(s for s in open_sheets(path) if sheet is None or s.name == sheet)
    preview = source.preview()
    header = find_header_row(preview)
    headers = ["" if v is None else str(v) for v in preview[header]]
    return classify(headers, source.name, body=preview[header + 1:]), headers, preview[header + 1:]


def by_header(sheet_map):
    return {sheet_map.headers[c]: f for c, f in sheet_map.columns.items()}


def conf(sheet_map, header):
    return sheet_map.confidence[sheet_map.headers.index(header)]


# ---------------------------------------------------------------- what the values say
def test_a_column_of_amounts_under_an_odd_header_is_proposed_as_net_sales_but_asked(tmp_path):
    book = write_book(tmp_path / "shop.xlsx", {"Daily": takings_rows()})
    sheet_map, _, _ = mapping_of(book)
    assert sheet_map.role == "sales"
    assert by_header(sheet_map) == {"Date": "date", "Store": "store", "Banked": "net_sales"}
    assert conf(sheet_map, "Banked") < APPLY <= conf(sheet_map, "Store") and conf(sheet_map, "Date") >= 0.9
    assert sheet_map.doubts == [2]  # needed and read from values alone: asked, not guessed
    with pytest.raises(KpipackError) as stop:
        read_file(book, Mapping())
    assert stop.value.code == "column_in_doubt"
    for lang in ("en", "ja"):
        text = stop.value.message(lang)
        assert text.startswith("shop.xlsx: [Daily]: ") and "Banked" in text
        assert text.endswith('\n[Daily]\n"Banked" = "net_sales"')


def test_the_map_line_of_the_message_settles_the_doubt(tmp_path):
    book = write_book(tmp_path / "shop.xlsx", {"Daily": takings_rows()})
    with pytest.raises(KpipackError) as stop:
        read_file(book, Mapping())
    toml = stop.value.message("en").split("\n", 1)[1]
    (tmp_path / "map.toml").write_text(toml + "\n", encoding="utf-8")
    tables, _ = read_file(book, Mapping.load(tmp_path / "map.toml"))
    assert tables[0].role == "sales"
    assert tables[0].table["net_sales"].sum() == sum(r[2] for r in takings_rows()[1:])


def test_the_cli_stops_naming_the_column_and_the_map_line(tmp_path):
    book = write_book(tmp_path / "shop.xlsx", {"Daily": takings_rows()})
    for lang, words in (("en", "looks like Net sales"), ("ja", "マッピングファイル")):
        run = subprocess.run([sys.executable, "-m", "kpipack", "build", str(book), "--out", str(tmp_path / "p.xlsx"),
                              "--lang", lang], capture_output=True, text=True, timeout=300)
        assert run.returncode == 2, run.stderr
        assert "shop.xlsx" in run.stderr and "Daily" in run.stderr and "Banked" in run.stderr and words in run.stderr
        assert '[Daily]\n"Banked" = "net_sales"' in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "p.xlsx").exists()


def test_two_amount_columns_competing_stop_the_cli_naming_both(tmp_path):
    # a ¥500 till float on every row is as much an amount as the takings: neither is dropped, both are named
    rows = [row + (["Float"] if n == 0 else [500]) for n, row in enumerate(takings_rows())]
    book = write_book(tmp_path / "shop.xlsx", {"Daily": rows})
    for lang, words in (("en", 'columns "Banked" (40% sure) and "Float" (40%) both look like Net sales'),
                        ("ja", "列「Banked」（確からしさ 40%）と列「Float」（40%）は、どちらも値から 売上金額")):
        run = subprocess.run([sys.executable, "-m", "kpipack", "build", str(book), "--out", str(tmp_path / "p.xlsx"),
                              "--lang", lang], capture_output=True, text=True, timeout=300)
        assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
        assert "shop.xlsx: [Daily]: " in run.stderr and words in run.stderr, run.stderr
        assert run.stderr.rstrip().endswith('[Daily]\n"Banked" = "net_sales"'), run.stderr
    assert not (tmp_path / "p.xlsx").exists()
    # the line given settles it: the takings are read, the float is not
    (tmp_path / "map.toml").write_text('[Daily]\n"Banked" = "net_sales"\n', encoding="utf-8")
    tables, _ = read_file(book, Mapping.load(tmp_path / "map.toml"))
    assert tables[0].table["net_sales"].sum() == sum(1000 + 37 * i for i in range(40))


def test_a_float_column_beside_amounts_in_no_time_order_is_not_asked_about(tmp_path):
    # the same columns, but the rows in no order of time (a list of events, not a till's journal): dropped quietly
    rows = [row + (["Float"] if n == 0 else [500]) for n, row in enumerate(takings_rows())]
    rows = rows[:1] + [rows[1 + i * 7 % 40] for i in range(40)]
    sheet_map, _, _ = mapping_of(write_book(tmp_path / "list.xlsx", {"Daily": rows}))
    assert "net_sales" not in sheet_map.columns.values() and not sheet_map.doubts


@pytest.mark.parametrize("by", ["Store", "Register"])
@pytest.mark.parametrize("newest_first", [False, True])
def test_two_amounts_competing_are_asked_about_in_a_sheet_sorted_by_store_or_register_then_date(tmp_path, by,
                                                                                             newest_first):
    # each store's (or register's) journal after the other, time order only within each: asked about, not dropped
    rows = [[row[0], row[1].replace("S", "R") if by == "Register" else row[1], row[2], 500]
            for row in takings_rows()[1:]]
    rows.sort(key=lambda r: (r[1], r[0]), reverse=newest_first)
    book = write_book(tmp_path / "shop.xlsx", {"Daily": [["Date", by, "Banked", "Float"]] + rows})
    with pytest.raises(KpipackError) as stop:
        read_file(book, Mapping())
    text = stop.value.message("en")
    assert 'columns "Banked" (40% sure) and "Float" (40%) both look like Net sales' in text, text
    assert text.endswith('[Daily]\n"Banked" = "net_sales"')


def test_a_store_sorted_sheet_out_of_time_order_within_a_store_stays_quiet(tmp_path):
    # sorted by store, but each store's rows in no order of time: a list, not a journal
    rows = [row + [500] for row in takings_rows()[1:]]
    rows = sorted(rows[::2], key=lambda r: r[2] % 7) + sorted(rows[1::2], key=lambda r: r[2] % 7)
    sheet_map, _, _ = mapping_of(write_book(tmp_path / "list.xlsx", {"Daily": [["Date", "Store", "Banked", "Float"]]
                                                                               + rows}))
    assert "net_sales" not in sheet_map.columns.values() and not sheet_map.doubts


def test_a_csv_with_currency_text_and_an_unnamed_date_column(tmp_path):
    path = tmp_path / "till.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["", "Shop", "Amount"])
        for i in range(30):
            writer.writerow([f"2026/10/{1 + i % 28:02d}", "Ginza", f"¥{1200 + i * 10:,}"])
    sheet_map, _, _ = mapping_of(path)
    assert by_header(sheet_map) == {"": "date", "Shop": "store", "Amount": "net_sales"}
    assert sheet_map.guessed == [0] and not sheet_map.doubts and conf(sheet_map, "") >= APPLY
    tables, _ = read_file(path, Mapping())
    assert tables[0].table["date"].min() == datetime.datetime(2026, 10, 1)
    assert tables[0].table["net_sales"].sum() == sum(1200 + i * 10 for i in range(30))


def test_line_amount_wins_over_the_receipt_total_repeated_on_each_line(tmp_path):
    rows = receipt_rows()
    book = write_book(tmp_path / "lines.xlsx", {"Lines": rows})
    sheet_map, headers, body = mapping_of(book)
    assert by_header(sheet_map) == {"Receipt No": "receipt", "Date": "date", "Member no": "customer",
                                    "Article": "sku", "n": "qty", "each": "unit_price", "Banked": "net_sales"}
    evidence = evaluate(headers, body, 0)
    assert evidence.receipt_totals == {headers.index("Bill")}
    assert not sheet_map.doubts
    tables, _ = read_file(book, Mapping())
    lines = sum(r[6] for r in rows[1:])
    assert tables[0].table["net_sales"].sum() == lines  # never the totals summed once per line
    assert lines < sum(r[7] for r in rows[1:])


def test_quantity_and_amount_are_told_apart_by_their_product():
    headers = ["Date", "Store", "a", "b", "c"]
    body = [[DAY, "S1", q, p, q * p] for q, p in [(1, 980), (2, 450), (3, 120), (1, 1500), (4, 75), (2, 300)]]
    sheet_map = classify(headers, "x", body=body)
    assert by_header(sheet_map) == {"Date": "date", "Store": "store", "a": "qty", "b": "unit_price", "c": "net_sales"}
    assert not sheet_map.doubts


def test_jan_codes_are_the_sku_only_with_valid_check_digits():
    good = [jan(f"4901234{n:05d}") for n in range(10)]
    bad = [g[:-1] + str((int(g[-1]) + 1) % 10) for g in good]
    headers = ["日付", "売上", "Art."]
    for codes, expected in ((good, "sku"), (bad, None)):
        sheet_map = classify(headers, "x", body=[[DAY, 100 + i, c] for i, c in enumerate(codes)])
        assert sheet_map.role == "sales" and sheet_map.columns.get(2) == expected


def test_confidence_orders_synonym_then_values_with_structure_then_values_alone(tmp_path):
    alone, _, _ = mapping_of(write_book(tmp_path / "a.xlsx", {"S": takings_rows()}))
    lines, _, _ = mapping_of(write_book(tmp_path / "b.xlsx", {"S": receipt_rows()}))
    assert conf(lines, "Receipt No") > conf(lines, "Banked") > conf(alone, "Banked")
    assert conf(lines, "Banked") >= APPLY > conf(alone, "Banked")


def test_headers_still_win_when_clear():
    """A known header keeps its field whatever the values; content only fills gaps."""
    headers = ["Date", "Store", "Sales", "Banked"]
    body = [[DAY, "S1", 100 + i, 5000 + i] for i in range(10)]
    assert by_header(classify(headers, "x", body=body)) == {"Date": "date", "Store": "store", "Sales": "net_sales"}


def test_a_sheet_of_traffic_is_not_read_as_sales_from_its_numbers():
    headers = ["Date", "Store", "Visitors", "Labour hours"]
    body = [[DAY + datetime.timedelta(days=i), "S1", 300 + i, 40.5] for i in range(10)]
    assert classify(headers, "x", body=body).role == "traffic"


def test_values_alone_never_choose_a_role():
    """Dates and amounts under headers none of which names a field the role needs: not a sales sheet."""
    headers = ["Row Labels", "Sum of Banked", "Store"]
    body = [[DAY + datetime.timedelta(days=i), 1000 + i, "S1"] for i in range(10)]
    assert classify(headers, "Pivot", body=body).role is None


# ---------------------------------------------------------------- nothing read before changes
def _sheets(paths):
    for path in paths:
        for source in open_sheets(path):
            preview = source.preview()
            header = find_header_row(preview)
            if header is not None:
                yield path.name, source.name, ["" if v is None else str(v) for v in preview[header]], \
                    preview[header + 1:]


def test_bundled_samples_map_as_from_their_headers():
    seen = 0
    for name, sheet, headers, body in _sheets(sorted(SAMPLES.glob("*.xlsx"))):
        plain, read = classify(headers, sheet), classify(headers, sheet, body=body)
        assert (read.role, read.columns) == (plain.role, plain.columns), (name, sheet)
        assert not read.doubts and all(v >= APPLY for v in read.confidence.values()), (name, sheet)
        seen += 1
    assert seen >= 11


# what the values add to the public samples' header reading, known from their MANIFEST
PUBLIC_ADDED = {
    "idpos_supermarket_day_sjis_184rows.csv": {"店": "store", "日": "date", "RECNO": "receipt",
                                                "加工ｺｰﾄﾞ": "customer"},  # hashed member codes beside 非会員
    # the line's Total (after its discounts) beside quantity and price; its Tax 5% is taken off it
    "supermarket_sales_kaggle_lecture_blanks.csv": {"Total": "net_sales"},
}


@pytest.mark.parametrize("name", ["superstore_2014-2017_tableau.xls", "walmart_store_sales_weekly.csv",
                                  "ms_financial_sample.xlsx", "square_transactions_italianmarket_2024.csv",
                                  "idpos_supermarket_day_sjis_184rows.csv",
                                  "supermarket_sales_kaggle_lecture_blanks.csv"])
def test_public_samples_map_as_before_plus_what_their_values_show(name):
    for _, sheet, headers, body in _sheets([shared_path("samples", name)]):
        plain, read = classify(headers, sheet), classify(headers, sheet, body=body)
        if plain.role is not None:
            assert read.role == plain.role
        named = map_columns(headers, read.role) if read.role else {}
        assert all(read.columns[c] == f for c, f in named.items())
        added = {headers[c]: f for c, f in read.columns.items() if c not in named}
        if name.startswith("supermarket_sales"):  # one line per invoice: its Invoice ID is the receipt, by name
            assert named[headers.index("Invoice ID")] == "receipt"
        assert added == (PUBLIC_ADDED.get(name, {}) if sheet in ("Orders", "Sheet1") or name.endswith(".csv")
                         else {}), (name, sheet)
        assert not read.doubts


def test_the_id_pos_day_reads_with_no_mapping_file():
    """Store 店, date 日 (yyyymmdd), receipt RECNO: read from values and header words; Σ売上金額 = 37,621 in 20 receipts."""
    tables, _ = read_file(shared_path("samples", "idpos_supermarket_day_sjis_184rows.csv"), Mapping())
    table = tables[0].table
    assert tables[0].role == "sales" and len(table) == 184
    assert table["net_sales"].sum() == 37621 and table["receipt"].nunique() == 20
    assert set(table["date"].dt.strftime("%Y-%m-%d")) == {"2017-09-21"} and set(table["store"]) == {"263"}
    # 加工ｺｰﾄﾞ holds 17 distinct member codes besides 非会員 (counted with cut | grep -v 非会員 | sort -u)
    assert table["customer"].nunique() == 17 and table["customer"].isna().any()


def test_a_column_holding_non_member_is_the_member_column():
    """非会員 (not a member) stands only in a member column, whatever its header says."""
    headers = ["日付", "レシート番号", "区分コード", "売上金額"]
    body = [["2026-10-01", "R1", "非会員", 500], ["2026-10-01", "R1", "非会員", 300],
            ["2026-10-01", "R2", "X81KQ2", 700], ["2026-10-02", "R3", "非会員", 200],
            ["2026-10-02", "R4", "M20PA7", 900]]
    read = classify(headers, "sheet", body=body)
    assert read.role == "sales" and read.columns.get(2) == "customer"


def test_a_column_read_from_its_values_is_said_in_the_warnings(tmp_path):
    """Never a silent guess: a column used because of its values is named, with its field and confidence."""
    from kpipack.ingest import load_inputs

    book = write_book(tmp_path / "lines.xlsx", {"Lines": receipt_rows()})
    dataset = load_inputs([book])
    from kpipack.ingest.cache import finish_writes

    finish_writes()
    again = load_inputs([book])  # from the parse cache: the same notes and mapping
    assert again.warnings == dataset.warnings and again.sheets[0].mapping == dataset.sheets[0].mapping
    notes = {(w.params["column"], w.params["field"]) for w in dataset.warnings if w.code == "warn_column_from_values"}
    assert notes == {("Member no", "customer"), ("Article", "sku"), ("n", "qty"), ("each", "unit_price"),
                     ("Banked", "net_sales")}
    takings = next(w for w in dataset.warnings if w.params.get("column") == "Banked")
    assert takings.file == "lines.xlsx" and takings.sheet == "Lines" and takings.row == 0
    assert "Banked" in takings.problem("en") and "%" in takings.problem("ja")


def test_values_break_a_tie_between_two_known_amount_headers():
    """Both "Sales" and "Amount" name the amount; "Sales" is first in the synonym table, but here it holds the
    receipt's total on each line, so the line amount under "Amount" is the sale."""
    headers = ["Receipt No", "Date", "Sales", "Amount"]
    body, lines = [], {0: [300, 150], 1: [980], 2: [120, 80, 45], 3: [640, 200]}
    for receipt, amounts in lines.items():
        body += [[f"R{receipt}", DAY, sum(amounts), a] for a in amounts]
    sheet_map = classify(headers, "x", body=body)
    assert by_header(sheet_map) == {"Receipt No": "receipt", "Date": "date", "Amount": "net_sales"}
    assert by_header(classify(headers, "x")) == {"Receipt No": "receipt", "Date": "date", "Sales": "net_sales"}
