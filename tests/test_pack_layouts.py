"""Pack layouts as data: board (everything), store (one store's pages, chosen
with --store by id or name), stock-take; and the wording they are made of."""
from __future__ import annotations

import re

import pytest

from packtools import SAMPLES, book, rewrite, sample_pack

from kpipack.cli import main
from kpipack.errors import KpipackError
from kpipack.report.labels import LABELS, label
from kpipack.report.layouts import LAYOUTS, load_layout
from kpipack.report.sheets import SHEETS


def test_every_layout_names_known_sheets():
    for name in LAYOUTS:
        layout = load_layout(name)
        assert layout["sheets"] and set(layout["sheets"]) <= set(SHEETS), name
        assert layout.get("scopes", "all") in ("all", "store")
        assert set(layout["title"]) == {"en", "ja"}


def test_every_label_has_both_languages_and_sheet_names_fit_excel():
    for key, entry in LABELS.items():
        assert entry.get("en") and entry.get("ja"), key
    for writer, key in SHEETS.values():
        for lang in ("en", "ja"):
            name = label(key, lang)
            assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name), name


def test_store_pack_by_store_name_through_the_command_line(tmp_path):
    out = tmp_path / "yokohama.xlsx"
    assert main(["build", str(SAMPLES), "--pack", "store", "--store", "横浜店", "--lang", "ja",
                 "--out", str(out)]) == 0
    b = book(out)
    layout = load_layout("store")
    assert label("budget_sheet", "ja") not in b.names and label("stores", "ja") not in b.names
    assert label("actions", "ja") in b.names
    summary = b.values[label("summary", "ja")]
    firsts = [summary.cell(r, 1).value for r in range(1, summary.max_row + 1)]
    assert "横浜店 (S02)" in firsts and label("total", "ja") not in firsts and "渋谷店 (S01)" not in firsts
    result = sample_pack("ja")
    want = next(r for r in result.rows if r["id"] == "net_sales" and r["scope"] == "store:S02")
    row = firsts.index(label("kpi", "ja")) + 2  # the first KPI row under the header
    assert summary.cell(row, 1).value == label("net_sales_short", "ja")
    assert summary.cell(row, 2).value == want["actual"]
    assert layout["title"]["ja"] in (b.formulas.worksheets[0].oddHeader.center.text or "")


def test_board_pack_for_one_store_keeps_the_total(tmp_path):
    result = sample_pack("en")
    b = book(rewrite(result, tmp_path / "board-s03.xlsx", store="S03"))
    summary = b.values[label("summary", "en")]
    firsts = {summary.cell(r, 1).value for r in range(1, summary.max_row + 1)}
    assert label("total", "en") in firsts and "大宮店 (S03)" in firsts and "渋谷店 (S01)" not in firsts


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_store_pack_needs_a_known_store(tmp_path, lang):
    result = sample_pack("en")
    with pytest.raises(KpipackError) as unknown:
        rewrite(result, tmp_path / "x.xlsx", pack="store", store="S99", lang=lang)
    assert unknown.value.code == "store_unknown"
    assert "S99" in unknown.value.message(lang) and "S01, S02, S03" in unknown.value.message(lang)
    with pytest.raises(KpipackError) as missing:
        rewrite(result, tmp_path / "y.xlsx", pack="store", lang=lang)
    assert missing.value.code == "store_required" and "--store" in missing.value.message(lang)


def test_stocktake_pack(tmp_path):
    result = sample_pack("en")
    b = book(rewrite(result, tmp_path / "count.xlsx", pack="stocktake"))
    want = [label(SHEETS[s][1], "en") for s in load_layout("stocktake")["sheets"]]
    assert [n for n in b.names if n in want] == [n for n in want if n in b.names]
    assert b.names[0] == label("cover", "en") and label("inventory", "en") in b.names
