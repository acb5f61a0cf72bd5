"""The streamed sheet scan finds error cells and formulas without a saved
result wherever the chunks of the inflated part happen to be cut."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpipack.ingest.safety import _formula_tag, _maybe_wide, _XlsxSheetScanner

SHEET = (b'<worksheet><sheetData>'
         b'<row r="1"><c r="A1" t="inlineStr"><is><t>No.#5 &#10; shelf</t></is></c></row>'
         b'<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
         b'<row r="3"><c r="A3"><f>SUM(B1:B2)</f></c><c r="C3"><f>A1</f><v>7</v></c></row>'
         b'<row r="4"><x:c r="D4"><x:f>NA()</x:f></x:c></row>'
         b'<row r="5"><c r="E5" t="e"><v>#N/A</v></c></row>'
         b'</sheetData></worksheet>')


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, len(SHEET)])
@pytest.mark.parametrize("full", [True, False])
def test_errors_and_uncached_formulas_whatever_the_chunks(size, full):
    scanner = _XlsxSheetScanner("xl/worksheets/sheet1.xml", full)
    for start in range(0, len(SHEET), size):
        scanner.feed(SHEET[start:start + size])
    scan = scanner.finish(lambda: iter([SHEET]))[0]
    assert scan.errors == {(2, 1): "#DIV/0!", (5, 4): "#N/A"}
    assert scan.uncached == {(3, 0), (4, 3)}


def test_the_formula_screen():
    assert _formula_tag(b"<c><f>A1</f></c>") and _formula_tag(b"<x:f>") and _formula_tag(b"<f")
    assert not _formula_tag(b"<c><v>1</v></c><t>shelf of</t>") and not _formula_tag(b"")


def _letters(col: int) -> str:
    """1 -> 'A', 48 -> 'AV' (written out here, apart from the importer's own)."""
    out = ""
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


@given(col=st.integers(1, 16384), row=st.integers(1, 2_000_000), pad=st.integers(0, 40))
def test_the_wide_screen_passes_every_ref_the_exact_screen_would_catch(col, row, pad):
    cell = b"x" * pad + f'<c r="{_letters(col)}{row}"><v>1</v></c>'.encode()
    wide = col >= 48 or row > 1_048_576
    assert bool(_XlsxSheetScanner._SCREEN.search(cell)) == wide
    if wide:
        assert _maybe_wide(cell)
    if col <= 47 and row < 1_000_000:  # narrow refs pass it, so the exact screen is skipped
        assert not _maybe_wide(cell)
    row_tag = b"x" * pad + f'<row r="{row}" spans="1:3">'.encode()
    assert bool(_XlsxSheetScanner._SCREEN.search(row_tag)) == (row > 1_048_576)
    if row > 1_048_576:
        assert _maybe_wide(row_tag)
    elif row < 1_000_000:
        assert not _maybe_wide(row_tag)


@pytest.mark.parametrize("size", [16, 17, 23, 64, 1 << 20])  # a chunk is 1 MiB; the seam is 16 bytes
@pytest.mark.parametrize("ref, wide", [("AU1048576", False), ("AV2", True), ("BA7", True), ("AAA1", True),
                                       ("A1048577", True), ("L999999", False)])
def test_a_far_reference_is_measured_wherever_the_chunks_are_cut(size, ref, wide):
    sheet = (b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
             + f'<row r="9"><c r="{ref}"><v>2</v></c></row></sheetData></worksheet>'.encode())
    scanner = _XlsxSheetScanner("xl/worksheets/sheet1.xml", True)
    for start in range(0, len(sheet), size):
        scanner.feed(sheet[start:start + size])
    assert scanner.wide == wide
