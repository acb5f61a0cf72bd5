"""The streamed sheet scan finds error cells and formulas without a saved
result wherever the chunks of the inflated part happen to be cut."""
from __future__ import annotations

import pytest

from kpipack.ingest.safety import _formula_tag, _XlsxSheetScanner

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
