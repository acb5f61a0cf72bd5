"""A big CSV dropped on the app is looked at from its head: the sheet, its
header, its columns' fields and its rows are what reading the whole file
gives, in a fraction of the time. The rows are the file's lines counted,
checked here against counts made by hand."""
from __future__ import annotations

import pytest

from kpipack.ingest import readers, text_files
from kpipack.ingest.inspect import inspect_file

HEAD = "日付,店舗,レシート番号,商品コード,数量,売上金額"


def _register(lines: int) -> str:
    rows = [f"2026/10/{1 + n % 28:02d},S0{1 + n % 3},{n // 2:06d},49000{n % 97:05d},{1 + n % 4},{100 + n % 50}"
            for n in range(lines)]
    return "POSデータ 出力日 2026/11/02\r\n" + HEAD + "\r\n" + "\r\n".join(rows) + "\r\n"


def _seen(inspection):
    [sheet] = inspection.sheets
    return sheet.role, sheet.header_row, sheet.headers, [(c.header, c.field) for c in sheet.columns], sheet.rows, \
        [p.code for p in sheet.problems]


@pytest.mark.parametrize("encoding", ["utf-8", "cp932", "utf-16"])
def test_a_big_csv_previewed_from_its_head_is_seen_as_read_whole(tmp_path, monkeypatch, encoding):
    path = tmp_path / "pos.csv"
    path.write_bytes(_register(3000).encode(encoding))
    whole = _seen(inspect_file(path))
    monkeypatch.setattr(readers, "PREVIEW_WHOLE_BYTES", 1000)
    monkeypatch.setattr(readers._CsvReader, "HEAD_BYTES", 2001)  # cuts a line (and in UTF-16 a character)
    head = _seen(inspect_file(path))
    [source] = readers.open_sheets(path, preview=True)
    assert source._reader.total_rows == 3002 and len(source._reader.frame) < 3002, "only the head was parsed"
    assert head == whole
    assert head[0] == "sales" and head[1] == 2 and head[4] == 3000  # 3,002 lines: a title, the header


def test_a_preview_of_the_head_is_never_read_as_the_lines(tmp_path):
    path = tmp_path / "pos.csv"
    path.write_text(_register(200), encoding="utf-8")
    [source] = readers.open_sheets(path, preview=True)
    assert source.rows_below(1) == 200
    [small] = readers.open_sheets(path, preview=False)
    assert len(small.load(1, [0], {0})) == 200
    reader = readers._CsvReader(path, head_over=100)
    with pytest.raises(RuntimeError):
        reader.load(0, 1, [0], {0}, 2)


@pytest.mark.parametrize("text, lines", [
    ("a,b\n1,2\n", 2), ("a,b\n1,2", 2), ("a,b\r\n1,2\r\n3,4\r\n", 3), ("", 0), ("\n", 1), ("a\n\nb\n", 3),
])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be"])
def test_lines_are_counted_as_written(tmp_path, text, lines, encoding):
    path = tmp_path / "f.csv"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + text.encode(encoding) if text else b"")
    assert text_files.line_count(path) == lines


def test_the_head_ends_at_a_whole_line(tmp_path):
    text = "店舗,売上\n" + "本店,1000\n" * 40
    for encoding in ("utf-8", "cp932", "euc_jp", "utf-16"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        for limit in range(5, 60):
            head = text_files.head_text(path, limit)
            assert text.startswith(head) and head.endswith("\n"), (encoding, limit)


@pytest.mark.parametrize("ending", ["\n", "\r"])
def test_rows_that_are_not_lines_are_counted_by_reading_the_file(tmp_path, monkeypatch, ending):
    # a memo field holding line breaks, or lines ended by CR alone: the lines are not the rows, so the
    # preview reads the whole file, as for a small one
    rows = ["date,store,receipt,sku,qty,net_sales,memo"]
    for n in range(3000):
        memo = '"first line\nsecond line, with a comma"' if ending == "\n" and n % 10 == 0 else "plain"
        rows.append(f"2026-03-{1 + n % 28:02d},S1,R{n},A{n % 7},1,{100 + n},{memo}")
    path = tmp_path / "pos.csv"
    path.write_text(ending.join(rows) + ending, encoding="utf-8", newline="")
    monkeypatch.setattr(readers, "PREVIEW_WHOLE_BYTES", 1000)
    monkeypatch.setattr(readers._CsvReader, "HEAD_BYTES", 2000)
    [source] = readers.open_sheets(path, preview=True)
    assert source._reader.total_rows is None
    [sheet] = inspect_file(path).sheets
    assert sheet.role == "sales" and sheet.rows == 3000
