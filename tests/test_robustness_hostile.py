"""Hostile and broken files end in one clear message naming the file, found
before any spreadsheet reader inflates, expands or allocates what they ask."""
from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest

from hostile_files import (SHEET, add_row_xml, deflate_bomb, forge_sizes, rewrite_part, sales_rows, set_dimension,
                           write_xlsx)
from kpipack.errors import KpipackError
from kpipack.ingest import isolate, load_inputs


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return write_xlsx(tmp_path_factory.mktemp("hostile") / "base.xlsx", sales_rows(6))


def refused(path: Path, *codes: str) -> KpipackError:
    """The file's one-line message, in both languages, naming the file."""
    started = time.monotonic()
    with pytest.raises(KpipackError) as info:
        load_inputs([path], use_cache=False)
    error = info.value
    assert time.monotonic() - started < 10
    assert error.code in codes, (error.code, error.message())
    for lang in ("en", "ja"):
        text = error.message(lang)
        assert path.name in text and "\n" not in text and "{" not in text, text
    return error


def test_a_value_at_the_last_cell_of_the_grid_is_refused_before_calamine(base, tmp_path):
    far = rewrite_part(base, tmp_path / "far.xlsx", SHEET,
                       lambda x: add_row_xml(x, b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    error = refused(far, "sheet_too_large")
    assert error.sheet == "sales" and "17,179,869,184" in error.message()


def test_a_cell_beyond_the_grid_is_refused(base, tmp_path):
    deep = rewrite_part(base, tmp_path / "deep.xlsx", SHEET,
                        lambda x: add_row_xml(x, b'<row r="9999999"><c r="A9999999"><v>1</v></c></row>'))
    assert "A9999999" in refused(deep, "sheet_outside_grid").message()


def test_a_stated_dimension_alone_refuses_nothing(base, tmp_path):
    claims = rewrite_part(base, tmp_path / "claims.xlsx", SHEET, lambda x: set_dimension(x, "A1:XFD1048576"))
    data = load_inputs([claims], use_cache=False)
    assert data.rows_used == 6 and data.net_sales_read == pytest.approx(2100.0)


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path):
    bomb = deflate_bomb(tmp_path / "bomb.xlsx", 300)
    assert bomb.stat().st_size < 2_000_000
    refused(bomb, "zip_ratio", "zip_bomb")


def test_a_part_declaring_less_than_it_holds_is_refused(base, tmp_path):
    liar = tmp_path / "liar.xlsx"
    liar.write_bytes(base.read_bytes())
    size = zipfile.ZipFile(base).getinfo(SHEET).file_size
    forge_sizes(liar, SHEET, size // 2)
    refused(liar, "zip_lies", "truncated")


def test_a_declared_size_over_the_limit_is_refused_before_inflating(base, tmp_path):
    huge = tmp_path / "huge.xlsx"
    huge.write_bytes(base.read_bytes())
    forge_sizes(huge, SHEET, 0xFFFFFFF0)
    refused(huge, "zip_bomb", "zip_ratio")


XXE = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
       b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
       b'<si><t>&xxe;</t></si></sst>')
LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY a "lollollollollollollollollollol">'
          + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8))
          + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
            b'uniqueCount="1"><si><t>&i;</t></si></sst>')


@pytest.fixture()
def entity_books(tmp_path):
    """Two workbooks whose first cell is an entity: an external file (XXE) and a billion laughs."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7731")
    book = tmp_path / "strings.xlsx"
    wb = __import__("xlsxwriter").Workbook(str(book))
    wb.add_worksheet("sales").write_string(0, 0, "placeholder")
    wb.close()
    xxe = rewrite_part(book, tmp_path / "xxe.xlsx", "xl/sharedStrings.xml",
                       lambda _: XXE.replace(b"{secret}", str(secret).encode()))
    laughs = rewrite_part(book, tmp_path / "laughs.xlsx", "xl/sharedStrings.xml", lambda _: LAUGHS)
    return xxe, laughs


def test_parts_declaring_a_dtd_are_refused(entity_books):
    for book in entity_books:
        assert "sharedStrings.xml" in refused(book, "dtd_refused").message()


def _calamine_cells(path: str) -> list[str]:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(path)
    return [str(v) for row in book.get_sheet_by_index(0).to_python() for v in row]


def test_calamine_itself_expands_no_entity(entity_books):
    """Without the DTD check, calamine still neither reads the external file
    nor multiplies the laughs (run confined, in case it would)."""
    for book in entity_books:
        try:
            cells = isolate.call(_calamine_cells, str(book), limits=isolate.Limits(10, 4096), name=book.name)
        except KpipackError as error:
            cells = [error.message()]
        text = " ".join(cells)
        assert "TOP-SECRET" not in text
        assert "lollol" not in text and len(text) < 1000


def test_a_truncated_archive_is_named(base, tmp_path):
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(base.read_bytes()[: base.stat().st_size * 2 // 3])
    refused(cut, "truncated")


@pytest.mark.parametrize("name, data, code", [
    ("report.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not_spreadsheet_kind"),
    ("photo.xls", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_spreadsheet_kind"),
    ("book.xls", b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook '
                 b'xmlns="urn:schemas-microsoft-com:office:spreadsheet">', "not_spreadsheet_xml2003"),
    ("data.xls", b'<?xml version="1.0"?><rows><row/></rows>', "not_spreadsheet_markup"),
    ("blob.csv", bytes(range(256)) * 64, "not_spreadsheet"),
    ("empty.xlsx", b"", "file_empty"),
    ("old.xls", b"\x09\x04\x06\x00\x00\x00\x10\x00" + b"\x00" * 64, "old_excel"),
])
def test_files_that_are_not_workbooks_whatever_their_name(tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    refused(path, code)


def test_a_word_document_named_xlsx(tmp_path):
    doc = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(doc, "w") as zf:
        zf.writestr("[Content_Types].xml", '<Types><Override ContentType="application/vnd.openxmlformats-'
                                           'officedocument.wordprocessingml.document.main+xml"/></Types>')
        zf.writestr("word/document.xml", "<w:document/>")
    refused(doc, "not_spreadsheet")


def test_a_workbook_without_data(tmp_path):
    book = tmp_path / "blank.xlsx"
    wb = __import__("xlsxwriter").Workbook(str(book))
    wb.add_worksheet("Sheet1")
    wb.close()
    refused(book, "no_data")


def test_one_bad_file_among_good_ones_names_the_bad_one(base, tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(base.read_bytes()[:300])
    good = tmp_path / "good.xlsx"
    good.write_bytes(base.read_bytes())
    with pytest.raises(KpipackError) as info:
        load_inputs([good, bad, base], use_cache=False)
    assert info.value.file == "broken.xlsx"


def test_inputs_are_never_modified(base, tmp_path):
    import hashlib

    far = rewrite_part(base, tmp_path / "far2.xlsx", SHEET,
                       lambda x: add_row_xml(x, b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    paths = [base, far]
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), os.stat(p).st_mtime_ns) for p in paths}
    load_inputs([base], use_cache=False)
    with pytest.raises(KpipackError):
        load_inputs([far], use_cache=False)
    assert before == {p: (hashlib.sha256(p.read_bytes()).hexdigest(), os.stat(p).st_mtime_ns) for p in paths}
