"""A big sheet parsed in two pieces (ingest/split.py) gives exactly what one
read of the whole sheet gives: the same lines, issues, warnings and counts."""
import glob
import tempfile
import zipfile
from types import SimpleNamespace

import pandas as pd
import pytest

from kpipack.ingest import Mapping, _read_file, load_inputs, split
from workbooks import write_book

HEADER = ["date", "store", "receipt", "sku", "qty", "net_sales", "customer"]
LINES = 6000
MEMBER = "xl/worksheets/sheet1.xml"


def _rows() -> list[list]:
    rows = [["POS export", None, None], [None], HEADER]  # a title above the header
    for n in range(LINES):
        day = f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"
        rows.append([day, f"S{n % 3 + 1}", f"R{n // 3:05d}", f"SKU{n % 40}", 1 + n % 5, 100.0 + n % 17,
                     f"C{n % 90}" if n < LINES // 2 else None])  # customers only in the first half
    rows[500] = list(rows[5500])  # a duplicate line far across any cut
    rows[900] = [None] * len(HEADER)  # blank lines on both sides
    rows[5000] = [None] * len(HEADER)
    rows[1500][5] = "twelve"  # text in a number column
    rows[4500][5] = "#N/A"  # an error cell (openpyxl writes it as one)
    rows[5200][0] = "2025/13/40"  # a date that is none
    rows[5300] = ["合計", None, None, None, None, 99999.0, None]  # a totals line
    rows[5800][4] = "３"  # a full-width number
    return rows


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return write_book(tmp_path_factory.mktemp("split") / "pos.xlsx", {"Sales": _rows(), "Notes": [["just text"]]})


def _pieces(path, share):
    folder = tempfile.mkdtemp(prefix="kpipack-test-pieces-")
    try:
        parts = [_read_file(path, Mapping(), guarded=True, part=split.Part(MEMBER, i, folder, share))
                 for i in (0, 1)]
    finally:
        split.remove_scratch(folder)
    return parts


def _same(whole, joined):
    assert [t.sheet for t in whole] == [t.sheet for t in joined]
    for a, b in zip(whole, joined):
        pd.testing.assert_frame_equal(a.table, b.table)
        assert a.issues == b.issues
        assert a.warnings == b.warnings
        assert (a.rows_read, a.rows_used) == (b.rows_read, b.rows_used)
        assert a.net_sales_read == pytest.approx(b.net_sales_read)
        assert a.net_sales_rejected == pytest.approx(b.net_sales_rejected)


@pytest.mark.parametrize("share", [0.2, 0.5, 0.85])
def test_two_pieces_give_what_one_read_gives(book, share):
    whole, notes, sheets = _read_file(book, Mapping(), guarded=True)
    (first, first_notes, first_sheets), (second, second_notes, _) = _pieces(book, share)
    assert second and second[0].rows_read > 0, "the second piece holds lines: the sheet was cut"
    assert first_notes == notes and not second_notes and first_sheets == sheets
    _same(whole, split.join(first, second))
    codes = {i.code for i in whole[0].issues} | {w.code for w in whole[0].warnings}
    assert {"row_number_bad", "row_error_cell", "row_date_bad", "row_total"} <= codes


def test_a_cut_above_the_header_area_reads_the_sheet_whole(book):
    whole, notes, _ = _read_file(book, Mapping(), guarded=True)
    (first, first_notes, _), (second, second_notes, _) = _pieces(book, 0.01)
    assert second == [] and second_notes == []
    assert first_notes == notes
    _same(whole, split.join(first, second))


def _xml(rows: int, numbered: bool = True, prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    body = "".join(f'<{p}row{f" r={chr(34)}{r}{chr(34)}" if numbered else ""}><{p}c r="A{r}"><{p}v>{r}</{p}v></{p}c>'
                   f"</{p}row>" for r in range(1, rows + 1))
    return (f'<?xml version="1.0"?><{p}worksheet xmlns{":" + prefix if prefix else ""}="x"><{p}sheetData>'
            f"{body}</{p}sheetData><{p}mergeCells/></{p}worksheet>").encode()


def _copy(xml: bytes, target: int, index: int, chunk: int, context: int = 0):
    out = []
    chunks = (xml[i:i + chunk] for i in range(0, len(xml), chunk))
    cut = split._copy_piece(chunks, target, index, out.append, context)
    return (cut.line if cut else None), b"".join(out)


@pytest.mark.parametrize("chunk", [7, 1000, 1 << 20])
def test_each_piece_reads_lines_past_the_cut_as_context(chunk):
    xml = _xml(3000)
    line, first = _copy(xml, len(xml) // 2, 0, chunk, context=40)
    _, second = _copy(xml, len(xml) // 2, 1, chunk, context=40)
    rows = __import__("re").findall
    assert [int(r) for r in rows(rb'<row r="(\d+)"', first)] == list(range(1, line + 40))
    assert [int(r) for r in rows(rb'<row r="(\d+)"', second)] == list(range(line - 40, 3001))
    assert first.endswith(b"</sheetData></worksheet>") and b"<mergeCells/>" in second


@pytest.mark.parametrize("chunk", [7, 64, 1000, 1 << 20])
def test_the_cut_does_not_depend_on_how_the_xml_arrives(chunk):
    xml = _xml(3000)
    target = len(xml) // 2
    first_line, first = _copy(xml, target, 0, chunk)
    again, second = _copy(xml, target, 1, chunk)
    assert first_line == again and first_line == _copy(xml, target, 0, 1 << 30)[0]
    assert first.endswith(b"</sheetData></worksheet>") and b"<mergeCells/>" in second
    rows = [int(r) for r in __import__("re").findall(rb'<row r="(\d+)"', first + second)]
    assert rows == list(range(1, 3001)), "every row in exactly one piece, in order"
    assert rows.index(first_line) == first.count(b"<row ")


@pytest.mark.parametrize("xml", [_xml(3000, numbered=False), _xml(3000, prefix="x"), _xml(1000)])
def test_no_cut_without_row_numbers_a_plain_namespace_or_rows_past_the_header_area(xml):
    assert _copy(xml, len(xml) // 2, 0, 4096)[0] is None
    assert _copy(xml, len(xml) // 2, 1, 4096)[0] is None


def test_only_a_big_worksheet_is_cut(book, monkeypatch):
    assert split.member_to_split(book) is None
    monkeypatch.setattr(split, "SPLIT_MIN", 1)
    assert split.member_to_split(book).filename == MEMBER


def test_a_build_reads_a_cut_sheet_in_two_readers_and_caches_the_whole(book, tmp_path, monkeypatch):
    whole = load_inputs([book], use_cache=False)
    monkeypatch.setattr(split, "SPLIT_MIN", 1)
    monkeypatch.setenv("KPIPACK_CACHE_DIR", str(tmp_path / "cache"))
    def pieces():
        return {p for base in (split.MEMORY_SCRATCH, tempfile.gettempdir()) for p in glob.glob(f"{base}/kpipack-pieces-*")}
    before = pieces()
    cut = load_inputs([book])
    from kpipack.ingest.cache import finish_writes

    finish_writes()
    assert pieces() == before, "no piece left behind"
    assert list((tmp_path / "cache").rglob("meta.json")), "the joined tables are in the parse cache"
    again = load_inputs([book])
    for dataset in (cut, again):
        pd.testing.assert_frame_equal(whole.tables["sales"], dataset.tables["sales"])
        assert whole.issues == dataset.issues and whole.warnings == dataset.warnings
        assert whole.rows_read == dataset.rows_read and whole.rows_rejected == dataset.rows_rejected


def test_a_refused_file_cut_in_two_gives_its_one_message(tmp_path, monkeypatch):
    from hostile_files import deflate_bomb

    from kpipack.errors import KpipackError

    bomb = deflate_bomb(tmp_path / "bomb.xlsx", 300)
    monkeypatch.setattr(split, "SPLIT_MIN", 1)
    assert split.member_to_split(bomb) is not None
    with pytest.raises(KpipackError) as refused:
        load_inputs([bomb], use_cache=False)
    assert refused.value.code in ("zip_ratio", "zip_bomb") and refused.value.file == "bomb.xlsx"


def test_no_cut_without_room_for_the_pieces(book, monkeypatch):
    monkeypatch.setattr(split, "SPLIT_MIN", 1)
    monkeypatch.setattr(split.shutil, "disk_usage", lambda path: SimpleNamespace(free=10 * split.MB))
    assert split.member_to_split(book) is None


def test_pieces_left_by_a_killed_build_are_removed_by_the_next(monkeypatch, tmp_path):
    import os

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    monkeypatch.setattr(split, "MEMORY_SCRATCH", tmp_path / "memory")
    stale, fresh = tmp_path / "memory" / "kpipack-pieces-old", tmp_path / "temp" / "kpipack-pieces-new"
    for folder in (stale, fresh):
        (folder / "piece0").mkdir(parents=True)
    os.utime(stale, (0, 0))
    mine = split.scratch_folder(1000)
    assert not stale.exists() and fresh.exists() and mine.exists()
    split.remove_scratch(mine)
    assert not mine.exists()


def test_pieces_go_to_memory_backed_scratch_only_with_memory_to_spare(monkeypatch, tmp_path):
    memory, temp = tmp_path / "memory", tmp_path / "temp"
    for folder in (memory, temp):
        folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(split, "MEMORY_SCRATCH", memory)
    sheet = 500 * split.MB
    monkeypatch.setattr(split, "_memory_available", lambda: 16 * 1024 * split.MB)
    assert split.scratch_base(sheet) == memory
    assert split.scratch_folder(sheet).parent == memory
    monkeypatch.setattr(split, "_memory_available", lambda: 2 * 1024 * split.MB)  # the parses need it
    assert split.scratch_base(sheet) == temp
    monkeypatch.setattr(split, "MEMORY_SCRATCH", tmp_path / "none")  # no such folder (Windows, macOS)
    monkeypatch.setattr(split, "_memory_available", lambda: 16 * 1024 * split.MB)
    assert split.scratch_base(sheet) == temp


def test_memory_is_read_from_the_system():
    import sys

    if sys.platform.startswith("linux"):
        assert split._memory_available() > 0


@pytest.mark.parametrize("row, filled", [
    (b'<row r="7"><c r="A7"><v>3</v></c></row>', True),
    (b'<row r="7" spans="1:2"><c r="A7" t="inlineStr"><is><t xml:space="preserve">x</t></is></c></row>', True),
    (b'<row r="7"><c r="A7" s="1"/><c r="B7" s="1"/></row>', False),  # styled, but blank
    (b'<row r="7"><c r="A7" t="inlineStr"><is><t></t></is></c></row>', False),
    (b'<row r="7"/>', False),
    (b'<row r="7"><c r="A7"><v>3</v>', False),  # goes on past what was read: not sure
])
def test_a_piece_starts_where_its_cells_start_only_when_its_first_line_holds_a_value(row, filled):
    complete = row.endswith((b"</row>", b"/>"))
    window = b'</row>' + row + (b'<row r="8"><c r="A8"><v>1</v></c></row>' if complete else b"")
    cut = split._CUT.search(window)
    assert split._filled(window, cut.end()) is filled


def test_a_cut_before_blank_styled_lines_counts_the_rows_above(tmp_path, monkeypatch):
    """The lines after the cut are styled but blank: calamine's cells start
    further down, so the second reader counts the sheet rows above instead
    (read without context lines, whose first would hold values)."""
    monkeypatch.setattr(split, "CONTEXT_ROWS", 0)
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Sales"
    for row in _rows():
        ws.append(row)
    for r in range(2500, 4500):  # a long run of blank, styled lines around the middle
        for c in range(1, len(HEADER) + 1):
            ws.cell(r, c).value = None
            ws.cell(r, c).font = Font(bold=True)
    path = tmp_path / "styled.xlsx"
    wb.save(path)
    folder = tempfile.mkdtemp(prefix="kpipack-test-pieces-")
    try:
        piece = split.write_piece(path, split.Part(MEMBER, 1, folder, 0.5), path.name)
        assert piece is not None and not piece.starts_filled and 2500 <= piece.rows_before + 1 < 4500
    finally:
        split.remove_scratch(folder)
    whole, _, _ = _read_file(path, Mapping(), guarded=True)
    (first, _, _), (second, _, _) = _pieces(path, 0.5)
    _same(whole, split.join(first, second))


def test_a_cut_on_a_filled_line_lets_the_second_reader_start_where_the_cells_start(book):
    folder = tempfile.mkdtemp(prefix="kpipack-test-pieces-")
    try:
        piece = split.write_piece(book, split.Part(MEMBER, 1, folder, 0.5), book.name)
        assert piece.starts_filled and piece.rows_before >= split.MIN_CUT_ROW - 100  # context starts past the header area
    finally:
        split.remove_scratch(folder)


def _receipt_rows(profiled: bool) -> list[list]:
    """Receipts of one to seven lines whose own fields (date, store; for the
    Airレジ accounts export also the receipt's total) stand on their first
    line only, so every cut falls inside or next to one."""
    header = ["取引No", "会計日", "店舗名", "メニュー名", "価格", "注文数量", "合計"] if profiled else \
        ["receipt", "date", "store", "product", "unit_price", "qty", "net_sales"]
    rows, n = [header], 0
    while len(rows) < LINES:
        lines = [(100 + 10 * ((n + k) % 9), 1 + (n + k) % 3) for k in range(1 + n % 7)]
        total = sum(p * q for p, q in lines) - (n % 5) * 10  # a discount on the receipt, shared over its lines
        for k, (price, qty) in enumerate(lines):
            first = k == 0
            rows.append([f"T{n:05d}", f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}" if first else None,
                         f"S{n % 3 + 1}" if first else None, f"item{(n + k) % 50}", price, qty,
                         total if profiled else price * qty])
        n += 1
    return rows


@pytest.mark.parametrize("profiled", [False, True])
def test_receipt_rules_hold_across_the_cut(tmp_path, profiled):
    """Fields carried down a receipt and a receipt total shared over its lines come out the same whether the
    sheet is read whole or in two pieces, wherever the cut falls."""
    path = write_book(tmp_path / "receipts.xlsx", {"Sales": _receipt_rows(profiled)})
    whole, _, _ = _read_file(path, Mapping(), guarded=True)
    assert whole[0].mapping.profile == ("airregi_accounts" if profiled else None)
    assert not whole[0].issues, "every line has its receipt's date and store"
    for share in (0.3, 0.5, 0.71):
        (first, _, _), (second, _, _) = _pieces(path, share)
        assert second and second[0].rows_read > 0
        _same(whole, split.join(first, second))


def test_a_cancellation_across_the_cut_beyond_the_context_voids_its_receipt(tmp_path, monkeypatch):
    """An Airレジ journal whose first receipt is cancelled by a row near the
    end, thousands of lines below: read in two pieces with a short context,
    the receipt is rejected once the pieces are joined, as one read does."""
    monkeypatch.setattr(split, "CONTEXT_ROWS", 50)
    head = ["取引No", "元取引No", "取引日", "店舗番号", "取引種別", "商品名", "商品数", "商品合計金額", "合計", "内消費税"]
    rows = [head]
    for n in range(3000):  # receipts of two lines: ¥1,100 with ¥100 tax, shared 600 : 500
        receipt = f"{n:05d}"
        rows.append([receipt, None, "2026/10/05", "S1", "売上", "A", 1, 660, 1100, 100])
        rows.append([receipt, None, "2026/10/05", "S1", "売上", "B", 1, 550, 1100, 100])
    # voids receipt 00000 of store S1; a receipt 00000 of store S2 stays
    rows.append(["00000", None, "2026/10/05", "S2", "売上", "A", 1, 660, 1100, 100])
    rows.append(["09999", "00000", "2026/10/30", "S1", "取消", "A", 1, 660, 1100, 100])
    book = write_book(tmp_path / "journal.xlsx", {"ジャーナル": rows})
    whole, _, _ = _read_file(book, Mapping(), guarded=True)
    (first, _, _), (second, _, _) = _pieces(book, 0.5)
    assert second and second[0].rows_read > 0, "the sheet was cut"
    assert whole[0].mapping.profile == "airregi_journal"
    # 3,000 receipts of ¥1,000 before tax, less the one cancelled; its two lines and the cancelling row rejected
    assert whole[0].table["net_sales"].sum() == pytest.approx(2999 * 1000.0 + 1000.0)
    assert {i.row: i.code for i in whole[0].issues} == {2: "row_cancelled_later", 3: "row_cancelled_later",
                                                        6003: "row_not_sale_status"}
    _same(whole, split.join(first, second))


def test_a_cut_sheet_keeps_the_currency_its_amounts_show(tmp_path, monkeypatch):
    rows = _rows()
    for row in rows[3:]:
        if isinstance(row[5], float):
            row[5] = f"${row[5]:,.2f}"
    dollars = write_book(tmp_path / "dollars.xlsx", {"Sales": rows})
    monkeypatch.setattr(split, "SPLIT_MIN", 1)
    assert split.member_to_split(dollars) is not None
    [sheet] = [s for s in load_inputs([dollars], use_cache=False).sheets if s.role == "sales"]
    assert sheet.currency == "USD"
