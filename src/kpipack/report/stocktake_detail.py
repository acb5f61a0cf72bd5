"""Stock-take detail sheet: one row per counted line, filterable, each traced to
its input file, sheet and row, with live value formulas. The reconciliation
sheet adds these rows up, so this sheet's layout is fixed here once."""
from __future__ import annotations

import math

import pandas as pd
from xlsxwriter.utility import xl_col_to_name

from .stocktake_words import word

HEADER_ROW = 3
COLUMNS = ["count_date", "store", "category", "sku", "product", "location", "book_qty", "book_from", "counted_qty",
           "diff_qty", "unit_cost", "book_value", "counted_value", "difference", "type", "unit_price",
           "diff_retail", "file", "sheet", "row"]
COL = {name: i for i, name in enumerate(COLUMNS)}
_WIDTHS = {"count_date": 11, "store": 8, "category": 12, "sku": 16, "product": 24, "location": 9, "book_qty": 9,
           "book_from": 11, "counted_qty": 9, "diff_qty": 9, "unit_cost": 10, "book_value": 12,
           "counted_value": 12, "difference": 12, "type": 8, "unit_price": 10, "diff_retail": 12, "file": 18,
           "sheet": 12, "row": 7}


def reconciliation_for(pack):
    """The engine's reconciliation for this pack (worked out once per build)."""
    rec = getattr(pack.comp, "stocktake", None)
    if rec is None:
        from ..kpis.stocktake import reconcile

        rec = reconcile(pack.comp, pack.dataset, pack.settings)
        pack.comp.stocktake = rec
    return rec


def detail_name(pack) -> str | None:
    """Name of the detail sheet when the pack's layout has one (for cross-sheet sums)."""
    from .labels import label
    from .layouts import load_layout

    if "stocktake_detail" not in load_layout(pack.settings.pack).get("sheets", []):
        return None
    name = label("stocktake_detail", pack.lang)
    for bad in "[]:*?/\\":
        name = name.replace(bad, "-")
    return name.strip("'")[:31]


def column_range(sheet: str, name: str, lines: int) -> str:
    """Absolute range of one detail column over every line: 'Detail'!$N$5:$N$604."""
    col = xl_col_to_name(COL[name])
    first, last = HEADER_ROW + 2, HEADER_ROW + 1 + lines
    return "'{}'!${}${}:${}${}".format(sheet.replace("'", "''"), col, first, col, last)


def line_row(index: int) -> int:
    """Zero-based sheet row of the index-th line."""
    return HEADER_ROW + 1 + index


def qty_format(values: pd.Series) -> str:
    whole = values.dropna().map(lambda v: float(v).is_integer()).all()
    return "#,##0;[Red]-#,##0" if whole else "#,##0.00;[Red]-#,##0.00"


def write_stocktake_detail(pack, sheet_name: str) -> None:
    rec = reconciliation_for(pack)
    if rec.empty:
        if hasattr(pack, "omit"):
            pack.omit(sheet_name, word("no_counts", pack.lang, period=pack.comp.period))
        return
    lang, f = pack.lang, pack.formats
    ws = pack.add_sheet(sheet_name, landscape=True)
    # itertuples cannot name fields that start with "_"
    lines = rec.lines.rename(columns={"_file": "src_file", "_sheet": "src_sheet", "_row": "src_row"})
    ws.write_string(0, 0, f"{word('detail_title', lang)} — {pack.comp.period}", f.title())
    ws.write_string(1, 0, word("detail_note", lang), f.get(font_size=9, font_color="#595959"))
    for name, col in COL.items():
        ws.write_string(HEADER_ROW, col, word(name, lang), f.header())
        ws.set_column(col, col, _WIDTHS[name])
    ws.set_row(HEADER_ROW, 30)
    qty = qty_format(pd.concat([lines["book_qty"], lines["counted_qty"]]))
    source = {"count": word("from_count", lang), "inventory": word("from_inventory", lang)}
    kinds = {k: word(f"kind_{k}", lang) for k in ("loss", "gain", "match")}
    # formats made once: a per-cell look-up is most of the time on a large count
    grid = {"border": 1, "border_color": "#BFBFBF"}
    fmt = {band: {"txt": f.text(band), "money": f.number("money", band),
                  "num": f.get(num_format=qty, bg_color="#F2F2F2" if band else "#FFFFFF", **grid),
                  "date": f.get(num_format="yyyy-mm-dd", align="center", bg_color="#F2F2F2" if band else "#FFFFFF",
                                **grid),
                  "row": f.get(num_format="0", bg_color="#F2F2F2" if band else "#FFFFFF", **grid)}
           for band in (False, True)}
    c = {name: xl_col_to_name(col) for name, col in COL.items()}
    write_value, write_formula = pack.write_value, pack.write_formula
    for i, line in enumerate(lines.itertuples(index=False)):
        r = line_row(i)
        fm = fmt[i % 2 == 1]
        txt, money, num = fm["txt"], fm["money"], fm["num"]
        ws.write_datetime(r, COL["count_date"], pd.Timestamp(line.date).to_pydatetime(), fm["date"])
        for name in ("store", "category", "sku", "product", "location"):
            value = getattr(line, name)
            text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
            if name == "category" and not text:
                text = word("no_category", lang)
            ws.write_string(r, COL[name], text, txt)
        write_value(ws, r, COL["book_qty"], line.book_qty, num)
        book_from = word("from_none", lang) if line.not_on_books else source.get(line.book_from, "")
        ws.write_string(r, COL["book_from"], book_from, txt)
        write_value(ws, r, COL["counted_qty"], line.counted_qty, num)
        n = r + 1
        book, counted, diff = f"{c['book_qty']}{n}", f"{c['counted_qty']}{n}", f"{c['diff_qty']}{n}"
        cost, price = f"{c['unit_cost']}{n}", f"{c['unit_price']}{n}"
        write_formula(ws, r, COL["diff_qty"], f"={book}-{counted}", line.diff_qty, num)
        write_value(ws, r, COL["unit_cost"], line.unit_cost, money)
        write_formula(ws, r, COL["book_value"], f'=IF({cost}="","",{book}*{cost})', line.book_value, money)
        write_formula(ws, r, COL["counted_value"], f'=IF({cost}="","",{counted}*{cost})', line.counted_value, money)
        write_formula(ws, r, COL["difference"], f'=IF({cost}="","",{diff}*{cost})', line.shrink, money)
        ws.write_string(r, COL["type"], kinds[line.kind], txt)
        write_value(ws, r, COL["unit_price"], line.unit_price, money)
        write_formula(ws, r, COL["diff_retail"], f'=IF({price}="","",{diff}*{price})', line.shrink_retail, money)
        ws.write_string(r, COL["file"], str(line.src_file), txt)
        ws.write_string(r, COL["sheet"], str(line.src_sheet), txt)
        ws.write_number(r, COL["row"], int(line.src_row), fm["row"])
    last = line_row(len(lines) - 1)
    ws.autofilter(HEADER_ROW, 0, last, len(COLUMNS) - 1)
    ws.freeze_panes(HEADER_ROW + 1, COL["product"])
    ws.repeat_rows(0, HEADER_ROW)
    ws.set_row(0, 24)
