"""Glossary: every KPI with its formula in words, its unit and which way is
better, then the terms the pack uses."""
from __future__ import annotations

from ..kpis.registry import KPIS
from .labels import label, unit_label
from .tables import Col, write_table

TERMS = (("ytd", "term_ytd"), ("mom_pct", "term_mom"), ("yoy_pct", "term_yoy"), ("status", "term_status"),
         ("abc", "term_abc"), ("dead_stock_value", "term_dead"), ("points_word", "term_pt"))


def write_glossary(pack, sheet_name: str) -> None:
    ws = pack.add_sheet(sheet_name)
    lang, f = pack.lang, pack.formats
    pack.set_width(ws, 0, 34)
    pack.set_width(ws, 1, 70)
    pack.set_width(ws, 2, 14)
    pack.set_width(ws, 3, 14)
    pack.set_width(ws, 4, 10)
    row = pack.heading(ws, sheet_name, 4)
    present = set(pack.comp.present)
    currency = pack.settings.currency
    records = [{"kpi": k.label(lang), "formula": k.formula_ja if lang == "ja" else k.formula_en,
                "unit": unit_label(k.unit, lang, currency),
                "better": label(k.direction, lang) if k.direction else label("neutral", lang),
                "in_pack": "✓" if k.id in present else ""} for k in KPIS]
    placed = write_table(pack, ws, row, 0, [
        Col("kpi", label("kpi", lang)), Col("formula", label("formula", lang), wrap=True),
        Col("unit", label("unit", lang)), Col("better", label("better", lang)),
        Col("in_pack", label("in_pack", lang), style="centre")], records)
    ws.freeze_panes(placed.first, 1)
    pack.repeat_rows(ws, 0, placed.header_row)
    row = placed.last + 2
    ws.write_string(row, 0, label("terms", lang), f.subtitle())
    row += 1
    terms = [{"term": label(t, lang).strip() if t != "abc" else "ABC", "meaning": label(m, lang)} for t, m in TERMS]
    write_table(pack, ws, row, 0, [Col("term", label("term", lang)), Col("meaning", label("meaning", lang), wrap=True)],
                terms)
