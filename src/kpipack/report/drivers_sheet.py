"""Drivers sheet: why net sales and gross profit moved, against budget, last
month and last year — a waterfall chart and one plain sentence per comparison,
then the stores' share of the change and each store's own drivers.

xlsxwriter has no waterfall chart type, so each one is a stacked column chart
whose first series (the running level below each bar) is invisible; the chart
data are live formulas over the effect cells, so an edited effect redraws it.
"""
from __future__ import annotations

import math

from xlsxwriter.utility import xl_rowcol_to_cell as cell

from ..currency import CURRENCY_SYMBOLS
from ..kpis.drivers import COMPARISONS
from ..kpis.engine import TOTAL
from ..kpis.registry import BY_ID
from .charts import axes, font, new_chart, place
from .labels import label

UP, DOWN, BAR = "#70AD47", "#C00000", "#1F3864"
MINUS = "−"
CHART_ROWS = 16  # rows a waterfall chart covers at the default row height


# ---------------------------------------------------------------- wording
def money_short(value: float, currency: str, lang: str, signed: bool = False) -> str:
    """¥0.4M / 40万円 — the rounded amount a sentence can carry."""
    sign = ("+" if value > 0 else MINUS if value < 0 else "±") if signed else (MINUS if value < 0 else "")
    a = abs(value)
    if lang == "ja" and currency == "JPY":
        if a >= 1e8:
            body = f"{a / 1e8:,.1f}億円"
        elif a >= 1e5:
            body = f"{a / 1e4:,.0f}万円"
        elif a >= 1e4:
            body = f"{a / 1e4:.1f}万円"
        else:
            body = f"{a:,.0f}円"
        return sign + body
    symbol = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    if a >= 1e9:
        body = f"{a / 1e9:,.1f}bn"
    elif a >= 1e5:
        body = f"{a / 1e6:,.1f}M"
    elif a >= 1e3:
        body = f"{a / 1e3:,.0f}k"
    else:
        body = f"{a:,.0f}"
    return f"{sign}{symbol}{body}"


def shown_scopes(pack) -> list[str]:
    """The scopes the pack shows, main scope first (a store pack shows one store)."""
    return list(getattr(pack, "scopes", None) or pack.comp.scopes)


def scope_name(scope: str, store_names: dict[str, str], lang: str) -> str:
    if scope == TOTAL:
        return label("total", lang)
    store = scope.split(":", 1)[1]
    name = store_names.get(store, store)
    return name if name == store else f"{name} ({store})"


def heading(pack, ws, title: str, last_col: int) -> int:
    """The pack's own heading where it has one; returns the first free row."""
    if hasattr(pack, "heading"):
        return pack.heading(ws, title, last_col)
    ws.write_string(0, 0, title, pack.formats.title())
    ws.set_row(0, 24)
    return 2


def factor_name(name: str, lang: str) -> str:
    if name in BY_ID:
        return BY_ID[name].label(lang)
    return label(f"drv_{name}", lang)


def sentence(row: dict, lang: str, currency: str) -> str:
    """'Net sales were ¥0.4M below budget: fewer visitors −¥0.6M, better conversion +¥0.3M, ...'"""
    subject = label(f"drv_subject_{row['kpi']}", lang)
    base = label(f"drv_in_{row['against']}", lang)
    change = row["change"]
    amount = money_short(change, currency, lang)
    if change > 0:
        head = label("drv_above", lang).format(amount=amount, base=base)
    elif change < 0:
        head = label("drv_below", lang).format(amount=amount.lstrip(MINUS), base=base)
    else:
        head = label("drv_level_with", lang).format(base=base)
    glue = "" if lang == "ja" else " "
    if row["method"] == "none":
        reason = label("drv_unsplit", lang)
        return f"{subject}{glue}{head}（{reason}）。" if lang == "ja" else f"{subject} {head}; {reason}."
    parts = []
    for name, effect in row["effects"].items():
        if effect == 0:
            continue
        phrase = label(f"drv_{'up' if effect > 0 else 'down'}_{name}", lang)
        parts.append(f"{phrase} {money_short(effect, currency, lang, signed=True)}")
    if lang == "ja":
        return f"{subject}{head}" + (f"（{'、'.join(parts)}）。" if parts else "。")
    return f"{subject} {head}" + (f": {', '.join(parts)}." if parts else ".")


# ---------------------------------------------------------------- the sheet
def write_drivers(pack, sheet_name: str) -> None:
    ws = pack.add_sheet(sheet_name, landscape=True)
    lang, f, comp = pack.lang, pack.formats, pack.comp
    drivers = pack.results.get("drivers") or []
    scopes = shown_scopes(pack)
    main = scopes[0]
    title = label("drv_title", lang)
    if main != TOTAL:
        title = f"{title} — {scope_name(main, comp.store_names, lang)}"
    row = heading(pack, ws, title, 16)
    ws.write_string(row, 0, label("drv_intro", lang), f.get(italic=True, font_size=9, font_color="#595959"))
    for col, width in ((0, 30), (1, 14), (2, 14), *((c, 11) for c in range(3, 7)), *((c, 10) for c in range(7, 17))):
        ws.set_column(col, col, width)
    factors = {(d["kpi"], d["scope"], d["against"]): d for d in drivers if d["analysis"] == "factors"}
    stores = {(d["kpi"], d["against"]): d for d in drivers if d["analysis"] == "stores"}
    row += 2
    blocks = [factors[k] for k in (("net_sales", main, a) for a in COMPARISONS) if k in factors]
    if not blocks:
        ws.write_string(row, 0, label("drv_none", lang), f.get(italic=True))
        return
    for d in blocks:
        row = _waterfall(pack, ws, sheet_name, row, d)
    pack.page_break(ws, row)  # the tables start on a page of their own
    row = _gross_profit(pack, ws, row, [factors[k] for k in (("gross_profit", main, a) for a in COMPARISONS)
                                       if k in factors])
    if main == TOTAL:
        top = row
        row = _store_shares(pack, ws, row, stores)
        pack.keep_together(ws, top, row - 1)  # cut across pages, it left its total row alone
        _by_store(pack, ws, row, factors, scopes[1:])


def _waterfall(pack, ws, sheet_name: str, top: int, d: dict) -> int:
    lang, f, currency = pack.lang, pack.formats, pack.settings.currency
    money = f.number("money")
    # chart data: grey, zeros hidden, so the table reads as amounts and running totals
    small = f.get(num_format='#,##0;-#,##0;""', border=1, border_color="#BFBFBF", font_color="#7F7F7F", font_size=8)
    ws.write_string(top, 0, label(f"drv_vs_{d['against']}", lang), f.subtitle())
    ws.merge_range(top + 1, 0, top + 1, 16, sentence(d, lang, currency),
                   f.get(text_wrap=True, valign="top", bold=True, font_size=10.5))
    ws.set_row(top + 1, 30)
    head = top + 2
    for c, key in enumerate(("drv_step", "drv_amount", "drv_level", "drv_chart_base", "drv_increase",
                             "drv_decrease", "drv_bar")):
        ws.write_string(head, c, label(key, lang), f.header())
    ws.set_row(head, 24)
    steps = [(label(f"drv_base_{d['against']}", lang), d["base"], "bar")]
    steps += [(factor_name(n, lang), e, "step") for n, e in d["effects"].items()]
    steps.append((label("actual", lang), d["actual"], "bar"))
    first = head + 1
    level = None
    levels = []
    for i, (name, amount, kind) in enumerate(steps):
        r = first + i
        ws.write_string(r, 0, name, f.text(bold=kind == "bar"))
        pack.write_value(ws, r, 1, amount, money)
        a, lvl = cell(r, 1), cell(r, 2)
        if kind == "bar":
            level = amount
            pack.write_formula(ws, r, 2, f"={a}", level, money)
            pack.write_value(ws, r, 3, 0.0, small)
            pack.write_value(ws, r, 4, 0.0, small)
            pack.write_value(ws, r, 5, 0.0, small)
            pack.write_formula(ws, r, 6, f"={lvl}", level, small)
        else:
            prev = cell(r - 1, 2)
            new = level + amount
            pack.write_formula(ws, r, 2, f"={prev}+{a}", new, money)
            pack.write_formula(ws, r, 3, f"=MIN({prev},{lvl})", min(level, new), small)
            pack.write_formula(ws, r, 4, f"=MAX({a},0)", max(amount, 0.0), small)
            pack.write_formula(ws, r, 5, f"=MAX(-{a},0)", max(-amount, 0.0), small)
            pack.write_value(ws, r, 6, 0.0, small)
            level = new
        levels.append(level)
    last = first + len(steps) - 1
    check = last + 1
    ws.write_string(check, 0, label("drv_check", lang), f.text(italic=True, font_size=8))
    pack.write_formula(ws, check, 1, f"={cell(last - 1, 2)}-{cell(last, 1)}", levels[-2] - d["actual"],
                       f.number("money", font_size=8))
    below = check + 1
    for name, effect in (d.get("detail") or {}).get("atv", {}).items():
        part = factor_name(name, lang)
        part = part if lang == "ja" else part[:1].lower() + part[1:]
        ws.write_string(below, 0, f"  {label('drv_of_which', lang)} {part}",
                        f.text(italic=True))
        pack.write_value(ws, below, 1, effect, money)
        below += 1
    _chart(pack, ws, sheet_name, head, first, last, levels, label(f"drv_vs_{d['against']}", lang))
    pack.keep_together(ws, top, max(below, head + CHART_ROWS))  # the title and sentence with their table
    return max(below, head + CHART_ROWS) + 1


def _chart(pack, ws, sheet_name, head, first, last, levels, title) -> None:
    if min(levels) < 0:
        return  # a running total below zero cannot be drawn with an invisible base
    chart = new_chart(pack, "column", "stacked", title)
    cats = [sheet_name, first, 0, last, 0]
    chart.add_series({"name": [sheet_name, head, 3], "categories": cats, "values": [sheet_name, first, 3, last, 3],
                      "fill": {"none": True}, "border": {"none": True}, "gap": 60})
    styles = ((4, UP, '+#,##0;-#,##0;;', "#000000"), (5, DOWN, '"−"#,##0;;;', "#000000"),
              (6, BAR, '#,##0;-#,##0;;', "#FFFFFF"))
    for col, colour, fmt, ink in styles:
        chart.add_series({"name": [sheet_name, head, col], "categories": cats,
                          "values": [sheet_name, first, col, last, col], "fill": {"color": colour},
                          "border": {"none": True},
                          "data_labels": {"value": True, "num_format": fmt, "font": font(8, color=ink)}})
    lo, hi = min(levels), max(levels)
    span = (hi - lo) or abs(hi) * 0.1 or 1.0
    step = 10 ** math.floor(math.log10(span))
    floor = max(0.0, math.floor((lo - 0.75 * span) / step) * step)
    axes(chart, y={"min": floor})
    chart.set_legend({"none": True})
    place(pack, ws, head, 7, chart, width=560, height=300, x_offset=16)


def _gross_profit(pack, ws, top: int, rows: list[dict]) -> int:
    if not rows:
        return top
    lang, f, currency = pack.lang, pack.formats, pack.settings.currency
    ws.write_string(top, 0, label("drv_gp_title", lang), f.subtitle())
    head = top + 1
    for c, key in enumerate(("drv_compared_with", "drv_base", "actual", "drv_change", "drv_sales_effect",
                             "drv_margin_effect")):
        ws.write_string(head, c, label(key, lang), f.header())
    ws.merge_range(head, 6, head, 16, label("drv_explanation", lang), f.header())
    ws.set_row(head, 30)
    money = f.number("money")
    for i, d in enumerate(rows):
        r = head + 1 + i
        ws.write_string(r, 0, label(f"drv_base_{d['against']}", lang), f.text())
        pack.write_value(ws, r, 1, d["base"], money)
        pack.write_value(ws, r, 2, d["actual"], money)
        pack.write_formula(ws, r, 3, f"={cell(r, 2)}-{cell(r, 1)}", d["change"], money)
        pack.write_value(ws, r, 4, d["effects"].get("net_sales"), money)
        pack.write_value(ws, r, 5, d["effects"].get("gross_margin_pct"), money)
        ws.merge_range(r, 6, r, 16, sentence(d, lang, currency), f.text(text_wrap=True, font_size=9))
        ws.set_row(r, 30)
    return head + len(rows) + 2


def _store_shares(pack, ws, top: int, stores: dict) -> int:
    """Every store's part of the total's change (all stores, so the parts add up to it)."""
    present = [a for a in COMPARISONS if ("net_sales", a) in stores]
    if not present:
        return top
    lang, f, comp = pack.lang, pack.formats, pack.comp
    ws.write_string(top, 0, label("drv_stores_title", lang), f.subtitle())
    head = top + 1
    ws.write_string(head, 0, label("drv_store_col", lang), f.header())
    for j, against in enumerate(present):
        ws.write_string(head, 1 + 2 * j, label(f"drv_base_{against}", lang), f.header())
        ws.write_string(head, 2 + 2 * j, label("drv_share", lang), f.header())
    names = [s for s in comp.scopes if s != TOTAL] + ["unallocated"]
    names = [n for n in names if any(n in stores[("net_sales", a)]["effects"] for a in present)]
    total_row = head + 1 + len(names)
    for i, name in enumerate(names):
        r = head + 1 + i
        title = label("drv_unallocated", lang) if name == "unallocated" else scope_name(name, comp.store_names, lang)
        ws.write_string(r, 0, title, f.text(band=i % 2 == 1))
        for j, against in enumerate(present):
            d = stores[("net_sales", against)]
            value = d["effects"].get(name)
            c = 1 + 2 * j
            pack.write_value(ws, r, c, value, f.number("money", band=i % 2 == 1))
            share = None if value is None or not d["change"] else value / d["change"] * 100.0
            mine, whole = cell(r, c), cell(total_row, c)
            pack.write_formula(ws, r, c + 1, f'=IF(OR({mine}="",{whole}=0),"",{mine}/{whole}*100)', share,
                               f.number("pct", band=i % 2 == 1))
    ws.write_string(total_row, 0, label("total", lang), f.text(bold=True))
    for j, against in enumerate(present):
        c = 1 + 2 * j
        d = stores[("net_sales", against)]
        pack.write_formula(ws, total_row, c, f"=SUM({cell(head + 1, c)}:{cell(total_row - 1, c)})", d["change"],
                           f.number("money", bold=True))
        pack.write_value(ws, total_row, c + 1, 100.0 if d["change"] else None, f.number("pct", bold=True))
    return total_row + 2


def _by_store(pack, ws, top: int, factors: dict, store_scopes: list[str]) -> int:
    lang, f, comp, currency = pack.lang, pack.formats, pack.comp, pack.settings.currency
    rows = [factors[("net_sales", s, a)] for s in store_scopes for a in COMPARISONS if ("net_sales", s, a) in factors]
    if not rows:
        return top
    ws.write_string(top, 0, label("drv_by_store", lang), f.subtitle())
    head = top + 1
    columns = [n for n in ("visitors", "transactions", "conversion_rate_pct", "atv", "net_sales")
               if any(n in d["effects"] for d in rows)]
    heads = [label("drv_compared_with", lang), label("drv_change", lang)] + [factor_name(n, lang) for n in columns]
    ws.write_string(head, 0, label("drv_store_col", lang), f.header())
    for c, text in enumerate(heads, start=1):
        ws.write_string(head, c, text, f.header())
    ws.set_row(head, 42)
    expl = 2 + len(columns) + 1
    ws.merge_range(head, expl, head, 16, label("drv_explanation", lang), f.header())
    for i, d in enumerate(rows):
        r = head + 1 + i
        band = (i // len(COMPARISONS)) % 2 == 1
        ws.write_string(r, 0, scope_name(d["scope"], comp.store_names, lang), f.text(band))
        ws.write_string(r, 1, label(f"drv_base_{d['against']}", lang), f.text(band))
        pack.write_value(ws, r, 2, d["change"], f.number("money", band))
        for c, n in enumerate(columns, start=3):
            pack.write_value(ws, r, c, d["effects"].get(n), f.number("money", band))
        ws.merge_range(r, expl, r, 16, sentence(d, lang, currency), f.text(band, text_wrap=True, font_size=9))
        ws.set_row(r, 30)
    return head + len(rows) + 2
