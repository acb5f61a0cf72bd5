"""A sales sheet without a store column, in blocks under title lines naming
their stores (店舗: 渋谷店): each block's lines are its store's, and a
receipt number both stores use (R1) is two receipts, not one repeated."""
import pytest

from test_layouts import write_csv
from test_store_columns import build, sales
from workbooks import write_book

BLOCKS = [["売上明細 2026年10月"], ["店舗: 渋谷店"], ["日付", "レシート番号", "商品名", "数量", "売上金額"],
          ["2026/10/01", "R1", "お茶", 1, 100], ["2026/10/01", "R2", "パン", 1, 250], [],
          ["店舗：新宿店"], ["日付", "レシート番号", "商品名", "数量", "売上金額"],
          ["2026/10/01", "R1", "お茶", 1, 100], ["2026/10/02", "R2", "パン", 2, 500]]


@pytest.mark.parametrize("lang, said, title", [
    ("en", "each block's lines read as that store's (渋谷店, 新宿店)", "the title of store 新宿店's block of lines"),
    ("ja", "各ブロックの明細をその店舗のものとして読みました（渋谷店, 新宿店）", "店舗 新宿店 の明細ブロックの見出し行"),
])
def test_each_block_is_the_store_its_title_names(tmp_path, lang, said, title):
    code, results = build(tmp_path, write_csv(tmp_path / "売上.csv", BLOCKS), lang=lang)
    # 渋谷店 100 + 250; 新宿店 100 + 500 (its R1 is its own receipt, not 渋谷店's R1 again)
    assert code == 0 and sales(results) == {"total": 950, "store:渋谷店": 350, "store:新宿店": 600}
    dq = results["data_quality"]
    assert dq["rows_used"] == 4 and dq["rows_rejected"] == 2  # 新宿店's title line and its header row
    assert any(said in w["problem"] for w in dq["warnings"])
    assert [i["row"] for i in dq["issues"]] == [7, 8] and title in dq["issues"][0]["problem"]


def test_the_blocks_stores_are_the_masters_by_their_names(tmp_path):
    master = write_csv(tmp_path / "stores.csv", [["店舗コード", "店舗名"], ["S1", "渋谷店"], ["S2", "新宿店"]])
    code, results = build(tmp_path, write_book(tmp_path / "売上.xlsx", {"10月": BLOCKS}), master)
    assert code == 0 and sales(results) == {"total": 950, "store:S1": 350, "store:S2": 600}


def test_one_store_named_above_the_header_is_the_sheets_store(tmp_path):
    rows = [["Store: Shibuya"], ["Date", "Receipt", "Product", "Qty", "Net sales"], ["2026-10-01", "R1", "Tea", 1, 100],
            ["2026-10-02", "R2", "Bread", 1, 250]]
    code, results = build(tmp_path, write_csv(tmp_path / "sales.csv", rows))
    assert code == 0 and sales(results) == {"total": 350, "store:Shibuya": 350}


def test_a_sheet_with_a_store_column_is_read_by_it(tmp_path):
    rows = [["店舗: 全店"], ["日付", "店舗", "レシート番号", "売上金額"], ["2026/10/01", "S1", "R1", 100],
            ["2026/10/01", "S2", "R1", 200]]
    code, results = build(tmp_path, write_csv(tmp_path / "売上.csv", rows))
    assert code == 0 and sales(results) == {"total": 300, "store:S1": 100, "store:S2": 200}


def _sheets_book(path, sheets: dict[str, list[tuple]]):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, lines in sheets.items():
        ws = book.create_sheet(name)
        ws.append(["日付", "商品名", "数量", "売上"])
        for line in lines:
            ws.append(list(line))
    book.save(path)
    return path


def _net_by_scope(path, tmp_path, lang="ja"):
    import json

    from kpipack.domain import Settings
    from kpipack.pipeline import build_pack

    build_pack([path], Settings(lang=lang, period="2026-10"), json_out=tmp_path / "r.json", use_cache=False)
    results = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    return {k["scope"]: k["actual"] for k in results["kpis"] if k["id"] == "net_sales"}, results


def test_a_workbook_of_one_sheet_per_store_reads_each_sheet_as_its_store(tmp_path):
    import datetime

    days = [datetime.date(2026, 10, d) for d in (1, 2, 3)]
    path = _sheets_book(tmp_path / "店舗別売上.xlsx", {
        "渋谷店": [(d, "コーヒー", 1, 1000) for d in days], "新宿店": [(d, "コーヒー", 1, 2000) for d in days]})
    net, results = _net_by_scope(path, tmp_path)
    assert net == {"total": 9000.0, "store:渋谷店": 3000.0, "store:新宿店": 6000.0}
    said = [w for w in results["data_quality"]["warnings"] if "シート名の店舗" in w["problem"]]
    assert [(w["sheet"], w["problem"].endswith("（渋谷店）のものとして読みました")) for w in said][0] == ("渋谷店", True)
    assert len(said) == 2


def test_sheets_of_months_or_a_copied_sheet_stay_one_stores(tmp_path):
    import datetime

    months = _sheets_book(tmp_path / "月別.xlsx", {
        "10月": [(datetime.date(2026, 10, d), "コーヒー", 1, 1000) for d in (1, 2)],
        "11月": [(datetime.date(2026, 11, d), "コーヒー", 1, 1000) for d in (1, 2)]})
    net, _ = _net_by_scope(months, tmp_path)
    assert net == {"total": 2000.0, "store:MAIN": 2000.0}  # October's two days, one store
    lines = [(datetime.date(2026, 10, d), "コーヒー", 1, 1000) for d in (1, 2)]
    copied = _sheets_book(tmp_path / "copy.xlsx", {"Sheet1": lines, "Sheet1 (2)": lines})
    net, _ = _net_by_scope(copied, tmp_path)
    assert net["total"] == 2000.0  # the copy's lines are repeats, counted once


CODE_BLOCKS = [["S01 売上"], ["日付", "レシート番号", "売上金額"], ["2026/10/01", "R1", 1000], ["2026/10/02", "R2", 2000],
               [], ["S02 売上"], ["日付", "レシート番号", "売上金額"], ["2026/10/01", "R1", 500],
               ["2026/10/02", "R2", 700], ["2026/10/03", "R3", 300]]


@pytest.mark.parametrize("lang, said", [("en", "(S01, S02)"), ("ja", "（S01, S02）")])
def test_blocks_titled_by_a_store_code_and_a_sales_word(tmp_path, lang, said):
    code, results = build(tmp_path, write_book(tmp_path / "売上.xlsx", {"10月": CODE_BLOCKS}), lang=lang)
    # S01 1,000 + 2,000 = 3,000; S02 500 + 700 + 300 = 1,500; total 4,500 (never all under MAIN)
    assert code == 0 and sales(results) == {"total": 4500, "store:S01": 3000, "store:S02": 1500}
    dq = results["data_quality"]
    assert any(said in w["problem"] for w in dq["warnings"])
    assert [i["row"] for i in dq["issues"]] == [6, 7]  # S02's title line and its header row: no lines


def test_an_ordinary_title_line_is_no_store(tmp_path):
    rows = [["2026年10月 売上日報"], ["日付", "レシート番号", "売上金額"], ["2026/10/01", "R1", 1000],
            ["2026/10/02", "R2", 2000]]
    code, results = build(tmp_path, write_book(tmp_path / "売上.xlsx", {"10月": rows}))
    assert code == 0 and sales(results) == {"total": 3000, "store:MAIN": 3000}  # 1,000 + 2,000, one store


@pytest.mark.parametrize("title, store", [("渋谷店 売上日報", "渋谷店"), ("001 売上明細", "001"), ("S01 Sales", "S01"),
                                          ("全店 売上", None), ("FY2026 売上", None), ("2026 売上", None),
                                          ("Q3 Sales", None), ("10月 売上", None)])
def test_which_titles_name_a_store(title, store):
    from kpipack.ingest.store_blocks import _store_titled

    assert _store_titled([title]) == store


def _named_blocks(first: str, second: str) -> list[list]:
    """Two blocks of lines, each titled by a store's name alone on its line."""
    return [[first], ["日付", "レシート番号", "商品名", "数量", "売上金額"], ["2026/10/01", "R1", "お茶", 1, 100],
            ["2026/10/01", "R2", "パン", 1, 250], [], [second], ["日付", "レシート番号", "商品名", "数量", "売上金額"],
            ["2026/10/01", "R1", "お茶", 1, 100], ["2026/10/02", "R2", "パン", 2, 500]]


@pytest.mark.parametrize("lang, said, title", [
    ("en", "(渋谷店, 新宿店)", "the title of store 新宿店's block of lines"),
    ("ja", "（渋谷店, 新宿店）", "店舗 新宿店 の明細ブロックの見出し行")])
def test_blocks_titled_by_a_shops_name_alone(tmp_path, lang, said, title):
    code, results = build(tmp_path, write_book(tmp_path / "売上.xlsx", {"10月": _named_blocks("渋谷店", "新宿店")}),
                          lang=lang)
    # 渋谷店 100 + 250 = 350; 新宿店 100 + 2 x 250 = 600 (its R1 its own receipt); total 950
    assert code == 0 and sales(results) == {"total": 950, "store:渋谷店": 350, "store:新宿店": 600}
    dq = results["data_quality"]
    assert dq["rows_used"] == 4 and [i["row"] for i in dq["issues"]] == [6, 7] and title in dq["issues"][0]["problem"]
    assert any(said in w["problem"] for w in dq["warnings"])


def test_blocks_titled_by_the_masters_name_or_code_alone(tmp_path):
    master = write_csv(tmp_path / "stores.csv", [["店舗コード", "店舗名"], ["S1", "Shibuya"], ["S2", "Shinjuku"]])
    code, results = build(tmp_path, write_book(tmp_path / "sales.xlsx", {"Oct": _named_blocks("Shibuya", "s2")}),
                          master)
    assert code == 0 and sales(results) == {"total": 950, "store:S1": 350, "store:S2": 600}


def test_a_name_alone_is_no_title_without_a_shop_word_or_the_master(tmp_path):
    code, results = build(tmp_path, write_book(tmp_path / "sales.xlsx", {"Oct": _named_blocks("Shibuya", "Shinjuku")}))
    # read as before, one store: Shinjuku's R1 taken for the repeat of row 3 (100), said; 250 + 100 + 500 = 850
    assert code == 0 and sales(results) == {"total": 850, "store:MAIN": 850}
    assert [i["row"] for i in results["data_quality"]["issues"]] == [6, 7, 8]


def test_an_unknown_blocks_title_reads_no_block(tmp_path):
    """渋谷店 names a store, Shinjuku (no master) does not: taking its lines for 渋谷店's would be a guess."""
    code, results = build(tmp_path, write_book(tmp_path / "sales.xlsx", {"Oct": _named_blocks("渋谷店", "Shinjuku")}))
    assert code == 0 and sales(results) == {"total": 850, "store:MAIN": 850}


def test_a_store_name_in_a_lines_column_titles_no_block(tmp_path):
    rows = [["日付", "商品名", "売上金額"], ["2026/10/01", "渋谷店限定セット", 300], ["2026/10/02", "新宿店", 200],
            ["新宿店", None, None], ["2026/10/03", "お茶", 100]]
    code, results = build(tmp_path, write_book(tmp_path / "sales.xlsx", {"Oct": rows}))
    # the lone 新宿店 line titles the block below it: only 100 is 新宿店's; the lines above it stay the sheet's
    assert code == 0 and sales(results) == {"total": 600, "store:MAIN": 500, "store:新宿店": 100}


def test_a_shops_name_above_one_table_is_not_its_store_unless_the_master_says(tmp_path):
    rows = [["山田商店"], ["日付", "レシート番号", "売上金額"], ["2026/10/01", "R1", 1000], ["2026/10/02", "R2", 2000]]
    code, results = build(tmp_path, write_book(tmp_path / "sales.xlsx", {"Oct": rows}))
    assert code == 0 and sales(results) == {"total": 3000, "store:MAIN": 3000}
    master = write_csv(tmp_path / "stores.csv", [["店舗コード", "店舗名"], ["S1", "山田商店"], ["S2", "駅前店"]])
    code, results = build(tmp_path, write_book(tmp_path / "sales.xlsx", {"Oct": rows}), master)
    assert code == 0 and sales(results) == {"total": 3000, "store:S1": 3000}


@pytest.mark.parametrize("text, store", [("渋谷店", "渋谷店"), ("Shibuya Store", "Shibuya Store"), ("全店", None),
                                         ("既存店", None), ("合計", None), ("来店", None), ("12", None),
                                         ("Shibuya", None), ("商品A", None)])
def test_which_lone_lines_name_a_store_without_a_master(text, store):
    from kpipack.ingest.store_blocks import _named_store

    assert _named_store(text, {}) == store
