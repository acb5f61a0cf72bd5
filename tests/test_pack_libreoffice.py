"""The pack in LibreOffice: it renders to PDF in both languages (every sheet
printed, no '###', Japanese drawn with a CJK font), and once LibreOffice
recalculates every formula, each result equals the value the pack cached.
Two LibreOffice runs in all: one to PDF, one recalculating."""
from __future__ import annotations

import math
import subprocess
import warnings

import openpyxl
import pytest

from packtools import book, pdf_pages, pdf_text, pdfs, recalculated, sample_pack, unseen_pack_path


@pytest.fixture(scope="module")
def packs():
    return (sample_pack("en").pack_path, sample_pack("ja").pack_path, unseen_pack_path("en"))


def test_every_sheet_renders_to_pdf(packs):
    out = pdfs(*packs)
    for path in packs:
        b = book(path)
        pdf = out[path]
        text = pdf_text(pdf)
        assert pdf_pages(pdf) >= len(b.names)
        assert "###" not in text, f"{path.name}: a column is too narrow for its figures"
        for name in b.names:  # each sheet prints its name in the footer
            assert name in text, f"{path.name}: sheet {name} did not print"


def test_japanese_pack_draws_japanese(packs):
    pdf = pdfs(*packs)[packs[1]]
    text = pdf_text(pdf)
    for word in ("売上高", "予算", "前年同月", "改善アクション", "全店"):
        assert word in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "CJK" in fonts, fonts


def test_recalculated_values_equal_the_cached_ones(packs):
    out = recalculated(*packs)
    for path in packs:
        b = book(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            again = openpyxl.load_workbook(out[path], data_only=True)
        cells = list(b.formula_cells())
        assert len(cells) >= 50
        differ = []
        for sheet, coord, formula, cached in cells:
            value = again[sheet][coord].value
            same = (math.isclose(value, cached, rel_tol=1e-9, abs_tol=1e-6)
                    if isinstance(value, (int, float)) and isinstance(cached, (int, float)) else value == cached)
            if not same:
                differ.append((sheet, coord, formula, cached, value))
        assert not differ, f"{path.name}: {differ[:10]}"
