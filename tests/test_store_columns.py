"""Sales sheets with the stores as columns (日付 | 本店 | 駅前店 | 合計): each
store column is that store's sales, the total is checked and never added on
top; sheets that only look so (payment kinds, tax, categories, a total that
is not the sum) are not read this way, nor is any sheet of the corpus."""
import datetime as dt
import json

import pytest

from conftest import shared_path
from kpipack.cli import main
from kpipack.ingest import isolate
from kpipack.ingest.store_columns import store_columns
from test_layouts import write_csv
from workbooks import write_book


def build(tmp_path, *paths, lang="en"):
    out = tmp_path / "results.json"
    out.unlink(missing_ok=True)
    code = main(["build", *map(str, paths), "--json", str(out), "--lang", lang, "--period", "2026-10", "--quiet",
                 "--no-cache"])
    return code, json.loads(out.read_text(encoding="utf-8"))


def sales(results) -> dict[str, float]:
    return {k["scope"]: k["actual"] for k in results["kpis"] if k["id"] == "net_sales"}


def notes(results) -> list[str]:
    return [w["problem"] for w in results["data_quality"]["warnings"]]


DAILY = [["売上日報 2026年10月"], ["日付", "曜日", "本店", "駅前店", "合計"],
         ["2026/10/01", "木", 10000, 5000, 15000],
         ["2026/10/02", "金", 12000, None, 12000],  # 駅前店 closed that day
         ["2026/10/03", "土", 8000, 4000, 12000],
         ["合計", None, 30000, 9000, 39000]]  # the sheet's own totals row
STORES = [["店舗コード", "店舗名", "売場面積(坪)"], ["S1", "本店", 30], ["S2", "駅前店", 20]]


@pytest.mark.parametrize("lang, said", [("en", "stores as columns: 本店, 駅前店"), ("ja", "本店, 駅前店 をそれぞれの店舗")])
def test_each_store_column_is_its_stores_sales_and_the_total_is_not_added(tmp_path, lang, said):
    book = write_book(tmp_path / "日報.xlsx", {"10月": DAILY})  # its title line says 売上
    master = write_book(tmp_path / "stores.xlsx", {"店舗": STORES})
    code, results = build(tmp_path, book, master, lang=lang)
    # 本店 10,000 + 12,000 + 8,000; 駅前店 5,000 + 4,000; the 合計 column and the 合計 row never added
    assert code == 0 and sales(results) == {"total": 39000, "store:S1": 30000, "store:S2": 9000}
    assert any(said in n and "合計" in n for n in notes(results)), notes(results)
    per_tsubo = {k["scope"]: k["actual"] for k in results["kpis"] if k["id"] == "sales_per_area"}
    assert per_tsubo["store:S1"] == pytest.approx(1000) and per_tsubo["store:S2"] == pytest.approx(450)


def test_stores_as_columns_without_a_total_and_in_english(tmp_path):
    rows = [["Date", "Store 1", "Store 2", "Store 3"], ["2026-10-01", "$100.00", "$50.50", "$10"],
            ["2026-10-02", "$120.00", "$60.00", "$0"]]
    code, results = build(tmp_path, write_csv(tmp_path / "sales_by_store.csv", rows))
    assert code == 0 and sales(results) == {"total": 340.5, "store:Store 1": 220, "store:Store 2": 110.5,
                                            "store:Store 3": 10}


def test_a_month_per_row(tmp_path):
    rows = [["年月", "渋谷店", "新宿店", "全店計"], ["2026/09", 900, 100, 1000], ["2026/10", 700, 300, 1000]]
    code, results = build(tmp_path, write_csv(tmp_path / "月別売上.csv", rows))
    assert code == 0 and sales(results) == {"total": 1000, "store:渋谷店": 700, "store:新宿店": 300}


@pytest.mark.parametrize("head, row", [
    (["日付", "現金", "カード", "合計"], ["2026/10/01", 100, 50, 150]),          # payment kinds
    (["Date", "Cash", "Card", "Total"], ["2026-10-01", 100, 50, 150]),
    (["日付", "税抜", "消費税", "税込"], ["2026/10/01", 1000, 100, 1100]),          # tax
    (["日付", "食品", "飲料", "合計"], ["2026/10/01", 100, 50, 150]),            # categories
    (["日付", "本店", "駅前店", "来店客数"], ["2026/10/01", 100, 50, 40]),          # another measure beside
    (["日付", "本店", "来店", "合計"], ["2026/10/01", 100, 50, 150]),             # 来店 (visits) is no store
])
def test_sheets_that_only_look_like_stores_as_columns(head, row):
    assert store_columns(head, [row, row], ["sales.xlsx", "Sheet1"]) is None


@pytest.mark.parametrize("context", [
    ["売上.xlsx", "予算"],                          # a budget by store
    ["sales.xlsx", "Sheet1", "来店客数 2026年10月"],  # visitors, but the file says sales: not sure of either
    ["traffic.xlsx", "Sheet1", "客数・人時"],          # transactions and hours together
])
def test_a_sheet_said_to_be_of_another_measure_is_not_read_per_store(context):
    assert store_columns(DAILY[1], DAILY[2:5], context) is None


@pytest.mark.parametrize("context, field", [
    (["日報.xlsx", "10月", "来店客数 2026年10月"], "visitors"), (["footfall.csv", "footfall"], "visitors"),
    (["勤怠.xlsx", "人時", "店舗別 人時"], "labor_hours"), (["hours.xlsx", "Staff hours"], "labor_hours")])
def test_visitors_or_staff_hours_by_store_are_each_stores_traffic(context, field):
    layout = store_columns(DAILY[1], DAILY[2:5], context)
    assert layout is not None and layout.field == field and layout.money is None


@pytest.mark.parametrize("lang, said", [("en", "each read as that store's visitors"), ("ja", "各行の来店客数")])
def test_a_visitors_sheet_by_store_gives_each_stores_conversion(tmp_path, lang, said):
    """Sales 39,000 in 3 + 2 receipts (本店 3: R1-R3; 駅前店 2) and visitors by store across: 本店 30 + 25 + 45
    = 100, 駅前店 20 + 30 = 50; conversion 3 / 100 and 2 / 50, the company 5 / 150."""
    lines = [["日付", "店舗コード", "レシート番号", "売上金額"], ["2026-10-01", "S1", "R1", 10000],
             ["2026-10-02", "S1", "R2", 12000], ["2026-10-03", "S1", "R3", 8000], ["2026-10-01", "S2", "R4", 5000],
             ["2026-10-03", "S2", "R5", 4000]]
    visitors = [["来店客数 2026年10月"], ["日付", "本店", "駅前店", "合計"], ["2026/10/01", 30, 20, 50],
                ["2026/10/02", 25, None, 25], ["2026/10/03", 45, 30, 75]]
    code, results = build(tmp_path, write_csv(tmp_path / "pos.csv", lines),
                          write_book(tmp_path / "来店.xlsx", {"10月": visitors}),
                          write_book(tmp_path / "stores.xlsx", {"店舗": STORES}), lang=lang)
    got = {(k["id"], k["scope"]): k["actual"] for k in results["kpis"]}
    assert code == 0 and got[("visitors", "store:S1")] == 100 and got[("visitors", "store:S2")] == 50
    assert got[("conversion_rate_pct", "store:S1")] == pytest.approx(3.0)
    assert got[("conversion_rate_pct", "total")] == pytest.approx(5 / 150 * 100)
    assert got[("net_sales", "total")] == 39000  # the visitors' sheet adds no sales
    assert any(said in n for n in notes(results)), notes(results)


def test_a_sheet_not_said_to_be_of_anything_showing_no_money_is_not_read_as_sales():
    layout = store_columns(DAILY[1], DAILY[2:5], ["report.xlsx", "Sheet1"])
    assert layout is not None and layout.money == ""  # stores' figures of nothing said: left unread, said why


def test_a_total_that_is_not_the_stores_sum_is_not_read_per_store(tmp_path):
    rows = [["日付", "本店", "駅前店", "合計"], ["2026/10/01", 100, 50, 150], ["2026/10/02", 100, 50, 170]]
    code, results = build(tmp_path, write_csv(tmp_path / "daily_sales.csv", rows))
    assert not any("stores as columns" in n for n in notes(results))
    assert "store:本店" not in sales(results)


def test_the_detection_finds_the_layout(tmp_path):
    layout = store_columns(DAILY[1], DAILY[2:5], ["日報.xlsx", "10月", DAILY[0][0]])
    assert layout is not None and layout.date == 0 and layout.stores == {2: "本店", 3: "駅前店"}
    assert layout.totals == (4,)


CODED = [["日付", "001", "002", "合計"], ["2026/10/01", 10000, 5000, 15000], ["2026/10/02", 12000, 3000, 15000],
         ["2026/10/03", 8000, None, 8000]]


@pytest.mark.parametrize("codes", [["001", "002"], [1, 2], ["1", "2"]])
def test_columns_headed_by_store_codes_are_the_master_stores_sales(tmp_path, codes):
    book = write_csv(tmp_path / "売上日報.csv", CODED)
    master = write_book(tmp_path / "stores.xlsx", {"店舗": [["店舗コード", "店舗名"], [codes[0], "本店"],
                                                           [codes[1], "駅前店"]]})
    code, results = build(tmp_path, book, master)
    # 001: 10,000 + 12,000 + 8,000; 002: 5,000 + 3,000; written as the master writes its codes
    first, second = (str(c) for c in codes)
    assert code == 0 and sales(results) == {"total": 38000, f"store:{first}": 30000, f"store:{second}": 8000}
    assert any("001, 002" in n for n in notes(results))


def test_a_workbooks_store_codes_written_as_numbers_head_the_stores_columns(tmp_path):
    book = write_book(tmp_path / "日報.xlsx", {"売上": [["日付", 1, 2, "合計"], ["2026/10/01", 100, 50, 150],
                                                      ["2026/10/02", 200, 20, 220]]})
    master = write_csv(tmp_path / "stores.csv", [["店舗コード", "店舗名"], ["001", "本店"], ["002", "駅前店"]])
    code, results = build(tmp_path, book, master)
    # store 1 (the master's 001): 100 + 200; store 2: 50 + 20
    assert code == 0 and sales(results) == {"total": 370, "store:001": 300, "store:002": 70}


def test_columns_headed_by_store_names_of_the_master_without_a_store_word(tmp_path):
    rows = [["日付", "S01", "S02", "計"], ["2026/10/01", 700, 300, 1000]]
    master = write_csv(tmp_path / "stores.csv", [["store", "store name"], ["S01", "Shibuya"], ["S02", "Shinjuku"]])
    code, results = build(tmp_path, write_csv(tmp_path / "daily_sales.csv", rows), master)
    assert code == 0 and sales(results) == {"total": 1000, "store:S01": 700, "store:S02": 300}


@pytest.mark.parametrize("lang, said", [
    ("en", "columns 001, 002 add up to the sheet's total on every row, as stores' sales would, but the store "
           "master lists no store with the code or name 002"),
    ("ja", "店舗マスタにコードまたは名前が 002 の店舗がありません")])
def test_code_columns_the_store_master_does_not_list_are_not_read_and_the_message_says_why(tmp_path, capsys, lang,
                                                                                          said):
    master = write_csv(tmp_path / "stores.csv", [["店舗コード", "店舗名"], ["001", "本店"], ["003", "東口店"]])
    out = tmp_path / "results.json"
    code = main(["build", str(write_csv(tmp_path / "売上日報.csv", CODED)), str(master), "--json", str(out),
                 "--lang", lang, "--period", "2026-10", "--quiet", "--no-cache"])
    # the only sales sheet is left out: the build stops naming the file, the sheet and the columns
    message = capsys.readouterr().err
    assert code != 0 and not out.exists() and said in message and "売上日報.csv" in message


def test_code_columns_without_a_store_master_are_not_read(tmp_path, capsys):
    code = main(["build", str(write_csv(tmp_path / "売上日報.csv", CODED)), "--lang", "en", "--period", "2026-10",
                 "--quiet", "--no-cache", "--json", str(tmp_path / "r.json")])
    said = capsys.readouterr().err
    assert code != 0 and "売上日報.csv" in said and "columns 001, 002" in said and "no store master" in said


def test_codes_without_a_total_are_not_stores():
    assert store_columns(["日付", "001", "002"], [["2026/10/01", 1, 2]] * 2, ["売上.xlsx", "Sheet1"]) is None


@pytest.fixture(scope="module")
def corpus():
    root = shared_path("corpus")
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in
                   {".xls", ".xlsx", ".xlsm", ".xlsb", ".ods", ".xltx"})
    limits = isolate.Limits(seconds=10.0, memory_mb=4096)
    jobs = [isolate.Job(n, str(p), p.name, p.stat().st_size, "", {}, None, None, limits) for n, p in enumerate(files)]
    outcomes = isolate.parse(jobs, parallel=2, stop_on_error=False)
    return {p: outcomes[n] for n, p in enumerate(files)}


def test_no_sheet_of_the_corpus_is_read_with_stores_as_columns(corpus):
    """Other projects' test files: none is a daily report by store, so none may be read as one."""
    assert len(corpus) > 900
    read = [(p.name, t.sheet) for p, o in corpus.items() for t in o.tables
            if any(w.code == "note_store_columns" for w in t.warnings)]
    assert read == []


def test_the_app_file_list_says_a_sheet_with_stores_as_columns_is_read_as_each_stores_sales(tmp_path, qtbot):
    from kpipack.gui.files import FilesPanel
    from kpipack.ingest import Mapping
    from kpipack.ingest.inspect import inspect_file, reinspect

    book = write_book(tmp_path / "日報.xlsx", {"10月": DAILY})
    found = inspect_file(book)
    (sheet,) = found.sheets
    # as the build reads it: each store column its store's sales, the 合計 column no field (never "net sales")
    assert sheet.role == "sales" and sheet.fields() == {"日付": "date", "曜日": "", "本店": "net_sales",
                                                        "駅前店": "net_sales", "合計": ""}
    assert dict(sheet.store_columns) == {2: "本店", 3: "駅前店"} and sheet.totals == ("合計",)
    assert reinspect(sheet, Mapping()).store_columns == sheet.store_columns
    panel = FilesPanel()
    qtbot.addWidget(panel)
    for lang, said, tip in (("en", "Sales lines · each store's sales", "本店, 駅前店 each read as that store's"),
                            ("ja", "売上明細 · 店舗別の売上", "本店, 駅前店 をそれぞれの店舗")):
        panel.retranslate(lang)
        panel.show_files([book], {book: found}, {})
        item = panel.tree.topLevelItem(0).child(0)
        assert item.text(1) == said and tip in item.toolTip(1) and "合計" in item.toolTip(1)


def test_the_app_file_list_reads_store_code_columns_as_the_build_does(tmp_path):
    from kpipack.ingest.inspect import inspect_file

    (sheet,) = inspect_file(write_csv(tmp_path / "売上日報.csv", CODED)).sheets
    assert dict(sheet.store_columns) == {1: "001", 2: "002"} and sheet.fields()["合計"] == ""


def test_a_visitors_sheet_not_laid_out_by_store_is_never_read_as_sales(tmp_path):
    """Under a title 来店客数, columns A | B | 合計 are no store words: 合計 looks like an amount by its values
    alone, but the sheet says it counts visitors, so it is not read as sales (the pos lines' 39,000 stay
    the sales, not 39,000 + 155), and the note gives the --map line that would read it."""
    lines = [["日付", "店舗コード", "レシート番号", "売上金額"], ["2026-10-01", "S1", "R1", 30000],
             ["2026-10-02", "S2", "R2", 9000]]
    visits = [["来店客数 2026年10月"], ["日付", "A", "B", "合計"], ["2026/10/01", 30, 20, 50],
              ["2026/10/02", 25, 5, 30], ["2026/10/03", 45, 30, 75]]
    code, results = build(tmp_path, write_csv(tmp_path / "pos.csv", lines),
                          write_book(tmp_path / "visits.xlsx", {"10月": visits}))
    assert code == 0 and sales(results)["total"] == 39000
    assert any("visits.xlsx" in w["file"] and '"合計" = "net_sales"' in w["problem"]
               for w in results["data_quality"]["warnings"])


POS = [["日付", "店舗コード", "レシート番号", "売上金額"], ["2026-10-01", "S1", "R1", 10000],
       ["2026-10-02", "S1", "R2", 12000], ["2026-10-03", "S1", "R3", 8000], ["2026-10-01", "S2", "R4", 5000],
       ["2026-10-03", "S2", "R5", 4000]]  # S1 30,000, S2 9,000


def _hours(results) -> dict[str, float]:
    return {k["scope"]: k["actual"] for k in results["kpis"] if k["id"] == "labor_hours"}


@pytest.mark.parametrize("lang, said", [("en", "column '本店, 駅前店' holds durations"), ("ja", "列「本店, 駅前店」は時間の長さ")])
def test_staff_hours_by_store_written_as_durations(tmp_path, lang, said):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人時"
    for row in [["日付", "本店", "駅前店", "合計"], ["2026/10/01", "7:30", "6:00", "13:30"],
                ["2026/10/02", "8時間15分", "5時間45分", "14時間"],
                ["2026/10/03", dt.time(9, 0), dt.time(4, 30), dt.timedelta(hours=13, minutes=30)]]:
        sheet.append(row)
    for cell, shown in (("B4", "h:mm"), ("C4", "h:mm"), ("D4", "[h]:mm")):
        sheet[cell].number_format = shown
    book.save(tmp_path / "勤怠.xlsx")
    code, results = build(tmp_path, write_csv(tmp_path / "pos.csv", POS), tmp_path / "勤怠.xlsx",
                          write_book(tmp_path / "stores.xlsx", {"店舗": STORES}), lang=lang)
    # 本店 7.5 + 8.25 + 9 = 24.75 h; 駅前店 6 + 5.75 + 4.5 = 16.25 h; the 合計 column (13.5, 14, 13.5) not added
    assert code == 0 and _hours(results) == {"total": 41.0, "store:S1": 24.75, "store:S2": 16.25}
    got = {(k["id"], k["scope"]): k["actual"] for k in results["kpis"]}
    assert got[("sales_per_labor_hour", "store:S1")] == pytest.approx(30000 / 24.75)
    assert any(said in n for n in notes(results)), notes(results)


@pytest.mark.parametrize("corner, sheet, lang, said", [
    ("労働時間(分)", "Sheet1", "ja", "列「本店, 駅前店」は分単位です: 4 個の値"),
    ("日付", "Staff minutes", "en", "column '本店, 駅前店' is in minutes: 4 values read as hours")])
def test_staff_minutes_by_store(tmp_path, corner, sheet, lang, said):
    rows = [[corner, "本店", "駅前店", "合計"], ["2026/10/01", 450, 360, 810], ["2026/10/02", 495, 345, 840]]
    code, results = build(tmp_path, write_csv(tmp_path / "pos.csv", POS),
                          write_book(tmp_path / "hours.xlsx", {sheet: rows}),
                          write_book(tmp_path / "stores.xlsx", {"店舗": STORES}), lang=lang)
    # 本店 (450 + 495) / 60 = 15.75 h; 駅前店 (360 + 345) / 60 = 11.75 h
    assert code == 0 and _hours(results) == {"total": 27.5, "store:S1": 15.75, "store:S2": 11.75}
    assert any(said in n for n in notes(results)), notes(results)


def test_staff_hours_headed_by_the_measure_over_the_dates(tmp_path):
    rows = [["労働時間", "本店", "駅前店", "合計"], ["2026/10/01", 8, 6, 14], ["2026/10/02", 7.5, 5, 12.5]]
    code, results = build(tmp_path, write_csv(tmp_path / "pos.csv", POS),
                          write_book(tmp_path / "hours.xlsx", {"Sheet1": rows}),
                          write_book(tmp_path / "stores.xlsx", {"店舗": STORES}))
    # 本店 8 + 7.5 = 15.5; 駅前店 6 + 5 = 11; the 合計 column is no store
    assert code == 0 and _hours(results) == {"total": 26.5, "store:S1": 15.5, "store:S2": 11.0}


@pytest.mark.parametrize("sheet, headers", [("売上予算", ["月", "本店", "駅前店", "合計"]),
                                            ("Sales budget", ["Month", "Store 1", "Store 2", "Total"])])
def test_one_budget_by_store_with_months_down_is_each_stores_budget(tmp_path, sheet, headers):
    """The sheet's name names the budget (売上予算); each store column is that store's budget for the month
    of its row, and the total (their sum) is not added on top: October 300,000 and 200,000, all stores 500,000."""
    stores = headers[1:3]
    budget = write_book(tmp_path / "budget.xlsx", {sheet: [headers, ["2026-10", 300000, 200000, 500000],
                                                           ["2026-11", 310000, 210000, 520000]]})
    lines = write_csv(tmp_path / "sales.csv", [["date", "store", "net sales"], ["2026-10-01", stores[0], 100000],
                                               ["2026-10-31", stores[1], 90000]])
    code, results = build(tmp_path, lines, budget)
    assert code == 0
    planned = {k["scope"]: k["budget"] for k in results["kpis"] if k["id"] == "net_sales"}
    assert planned == {"total": 500000, f"store:{stores[0]}": 300000, f"store:{stores[1]}": 200000}
    assert not any("unknown" in n.lower() for n in notes(results))
