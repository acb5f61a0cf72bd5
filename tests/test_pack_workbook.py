"""The pack as a workbook: sheets and contents links, native charts with data,
sparklines, live formulas with cached values, the status drop-down, print
set-up on every sheet, input text kept as text — for the bundled samples
and for data the pack has never seen, in both languages."""
from __future__ import annotations

import html
import re

import pytest

from packtools import book, sample_pack, unseen_pack_path


@pytest.fixture(scope="module", params=["en", "ja"])
def unseen_pack(request):
    return book(unseen_pack_path(request.param))


@pytest.fixture(scope="module", params=["en", "ja"])
def samples_pack(request):
    return book(sample_pack(request.param).pack_path)


def chart_refs(b) -> list[list[str]]:
    """The value ranges of every chart's series, chart by chart."""
    out = []
    for part in b.parts("xl/charts/chart"):
        xml = b.xml(part)
        out.append([html.unescape(f) for f in re.findall(r"<c:val>\s*<c:numRef>\s*<c:f>(.*?)</c:f>", xml, re.S)])
    return out


def numbers_in(b, ref: str) -> list[float]:
    sheet, cells = ref.rsplit("!", 1)
    sheet = sheet.strip("'").replace("''", "'")
    ws = b.values[sheet]
    picked = ws[cells.replace("$", "")]
    rows = picked if isinstance(picked, tuple) else ((picked,),)
    values = [c.value for row in rows for c in (row if isinstance(row, tuple) else (row,))]
    return [v for v in values if isinstance(v, (int, float))]


def acceptance(b) -> None:
    """What the pack must hold on any data, in any language."""
    assert len(b.names) >= 8, b.names
    charts = chart_refs(b)
    assert len(charts) >= 8, f"{len(charts)} charts"
    for n, refs in enumerate(charts, start=1):
        assert refs, f"chart {n} has no series"
        assert any(numbers_in(b, ref) for ref in refs), f"chart {n} draws nothing: {refs}"
    sheets_xml = [b.xml(b.sheet_part(name)) for name in b.names]
    assert any("<x14:sparkline>" in x for x in sheets_xml), "no sparklines"
    cells = list(b.formula_cells())
    assert len(cells) >= 50, f"only {len(cells)} formulas"
    uncached = [(s, c, f) for s, c, f, v in cells if v is None or v == ""]
    assert not uncached, uncached[:10]
    lists = [dv for ws in b.formulas.worksheets for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists, "no drop-down list"
    home = b.names[0]
    links = link_targets(b.formulas[home])
    for name in b.names[1:]:
        assert name in links, f"no link to {name}"
        assert home in link_targets(b.formulas[name]), f"{name} does not link back to {home}"


def link_targets(ws) -> set[str]:
    """Sheets that a sheet's internal hyperlinks open."""
    out = set()
    for row in ws.iter_rows():
        for c in row:
            if c.hyperlink is not None and c.hyperlink.location:
                out.add(c.hyperlink.location.rsplit("!", 1)[0].strip("'").replace("''", "'"))
    return out


def print_setup(b, company: str) -> None:
    for index, ws in enumerate(b.formulas.worksheets):
        setup = ws.page_setup
        assert setup.orientation == "landscape", ws.title
        assert int(setup.paperSize) == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        # an absent fitToWidth or fitToHeight is 1 (the default); fitToHeight 0 lets pages run down,
        # except on the cover, which is one page with its contents
        tall = 1 if index == 0 else 0
        assert int(setup.fitToWidth or 1) == 1 and int(1 if setup.fitToHeight is None else setup.fitToHeight) == tall, \
            ws.title
        assert ws.print_title_rows, f"{ws.title}: no repeated title rows"
        assert ws.sheet_view.showGridLines is False, ws.title
        header = " ".join(p.text or "" for p in (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right))
        footer = " ".join(p.text or "" for p in (ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right))
        assert company.replace("&", "&&") in header, (ws.title, header)
        assert "&P" in footer and "&N" in footer, (ws.title, footer)


def test_samples_pack_meets_the_acceptance_bar(samples_pack):
    acceptance(samples_pack)


def test_unseen_data_pack_meets_the_acceptance_bar(unseen_pack):
    acceptance(unseen_pack)


def test_unseen_data_pack_leaves_out_what_it_has_no_data_for(unseen_pack):
    cover = unseen_pack.values.worksheets[0]
    text = " ".join(str(c.value) for row in cover.iter_rows() for c in row if c.value)
    # no stock, finance or budget was given: those sections are named with the reason
    from kpipack.report.labels import LABELS

    lang = "ja" if "目次" in text else "en"
    for key in ("inventory_none", "fin_none", "budget_none"):
        assert LABELS[key][lang] in text, key


def test_every_sheet_prints_on_a4_landscape_one_page_wide(samples_pack):
    print_setup(samples_pack, "Sample Retail & Co.")


def test_every_unseen_sheet_prints_too(unseen_pack):
    print_setup(unseen_pack, "Tea & Books Ltd")


def test_period_in_every_header(samples_pack):
    period = "2026年10月" if "表紙" in samples_pack.names else "October 2026"
    for ws in samples_pack.formulas.worksheets:
        assert period in (ws.oddHeader.right.text or ""), ws.title


def test_tables_freeze_their_header(samples_pack):
    from kpipack.report.labels import label

    lang = "ja" if "表紙" in samples_pack.names else "en"
    for key in ("summary", "budget_sheet", "trends", "stores", "abc", "inventory", "actions"):
        ws = samples_pack.formulas[label(key, lang)]
        assert ws.freeze_panes, f"{ws.title} has no frozen panes"


def test_sheet_names_and_headers_follow_the_language(samples_pack):
    from kpipack.report.labels import label

    lang = "ja" if "表紙" in samples_pack.names else "en"
    for key in ("cover", "summary", "trends", "actions", "quality", "glossary"):
        assert label(key, lang) in samples_pack.names
    summary = samples_pack.values[label("summary", lang)]
    texts = {c.value for row in summary.iter_rows(max_row=20) for c in row if isinstance(c.value, str)}
    assert label("actual", lang) in texts and label("status", lang) in texts


def test_status_drop_down_offers_the_three_steps(samples_pack):
    from kpipack.report.labels import label

    lang = "ja" if "表紙" in samples_pack.names else "en"
    ws = samples_pack.formulas[label("actions", lang)]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists
    choices = lists[0].formula1.strip('"').split(",")
    assert choices == [label(f"act_{s}", lang) for s in ("not_started", "in_progress", "done")]
    # every progress cell is covered by the drop-down
    progress = {c.coordinate for row in ws.iter_rows(min_col=5, max_col=5) for c in row
                if c.value in choices}
    covered = set()
    for dv in lists:
        for rng in dv.sqref.ranges:
            covered |= {c.coordinate for row in ws[rng.coord] for c in (row if isinstance(row, tuple) else (row,))}
    assert progress and progress <= covered


def test_text_from_the_inputs_is_never_a_formula(tmp_path):
    """A store name or product that looks like a formula stays text."""
    import dataclasses

    from packtools import rewrite

    result = sample_pack("en")
    comp = dataclasses.replace(result.computation,
                               store_names={**result.computation.store_names, "S01": '=HYPERLINK("http://x","y")'})
    comp.abc = result.computation.abc.assign(product="=1+1")
    comp.stocktake = getattr(result.computation, "stocktake", None)
    path = tmp_path / "hostile.xlsx"
    rewrite(type("R", (), {"computation": comp, "rows": result.rows, "results": result.results,
                           "dataset": result.dataset})(), path)
    b = book(path)
    hostile = [(ws.title, c.coordinate) for ws in b.formulas.worksheets for row in ws.iter_rows() for c in row
               if c.data_type == "f" and ("HYPERLINK" in str(c.value) or c.value == "=1+1")]
    assert not hostile, hostile
    texts = [c.value for ws in b.formulas.worksheets for row in ws.iter_rows() for c in row if c.data_type == "s"]
    assert any(str(t).startswith('=HYPERLINK') for t in texts)
    assert "=1+1" in texts
