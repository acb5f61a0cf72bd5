"""KPI tree sheet: how the store-floor KPIs (visitors, conversion, ATV,
stockouts, shrinkage, labour hours) roll up to the board KPIs (net sales,
gross profit, operating profit, GMROI), each node showing this month's value
and status.

The tree is drawn with cells (merged boxes, connectors as cell borders) rather
than floating shapes, so it prints and renders the same in every viewer.
Below it, a table repeats every node as live numbers with the first
improvement action for those in amber or red.
"""
from __future__ import annotations

from ..currency import CURRENCY_SYMBOLS
from ..kpis.catalogue import actions_for, benchmark, profile_label
from ..kpis.engine import TOTAL
from ..kpis.registry import BY_ID
from .drivers_sheet import MINUS, heading, scope_name, shown_scopes
from .formats import HEADER_FILL, STATUS_COLOURS, STATUS_FONTS
from .labels import label

# (kpi id, children); board KPIs sit on the left, the floor on the right
PROFIT_TREE = ("operating_profit", [
    ("gross_profit", [
        ("net_sales", [("visitors", []), ("conversion_rate_pct", []), ("atv", []), ("stockout_rate_pct", []),
                       ("osa_pct", [])]),
        ("gross_margin_pct", [("shrinkage_pct", [])]),
    ]),
    ("opex", [("labor_hours", [])]),
])
STOCK_TREE = ("gmroi", [
    ("gross_profit", []),
    ("avg_inventory_value", [("days_of_inventory", []), ("inventory_turnover", []), ("weeks_of_cover", []),
                             ("stockout_rate_pct", [])]),
])
BOARD = {"operating_profit", "gross_profit", "net_sales", "gmroi"}
FLOOR = {"visitors", "conversion_rate_pct", "atv", "stockout_rate_pct", "shrinkage_pct", "labor_hours",
         "days_of_inventory", "osa_pct", "inventory_turnover", "weeks_of_cover"}
SYMBOLS = {"green": "●", "amber": "▲", "red": "✖", "none": "–"}
BOX_WIDTH, LINK_WIDTH = 24, 2.5
LINE = {"color": "#7F7F7F", "style": 2}


def value_text(value: float | None, unit: str, currency: str, lang: str) -> str:
    """A KPI value as a box shows it: ¥4,193,578 · 35.4% · 8.7 回."""
    if value is None:
        return label("tree_no_data", lang)
    sign = MINUS if value < 0 else ""
    a = abs(value)
    if unit in ("money", "money_per_area", "money_per_hour"):
        if lang == "ja" and currency == "JPY":
            return f"{sign}{a:,.0f}円"
        return f"{sign}{CURRENCY_SYMBOLS.get(currency, currency + ' ')}{a:,.0f}"
    suffix = {"pct": "%", "hours": " h" if lang != "ja" else "時間", "days": " days" if lang != "ja" else "日",
              "times": "×" if lang != "ja" else "回", "weeks": " weeks" if lang != "ja" else "週", "ratio": "", "points": "", "count": "", "units": ""}
    digits = {"count": 0, "hours": 0, "units": 2, "ratio": 2}.get(unit, 1)
    return f"{sign}{a:,.{digits}f}{suffix.get(unit, '')}"


def _comparison(row: dict | None, unit: str, lang: str, benchmark=None, currency: str = "JPY") -> str:
    """What the status was judged against: 'vs budget +6.9%' (points for a
    percentage), else the benchmark's green edge, else the change on last year."""
    if not row or row.get("actual") is None:
        return ""
    if row.get("budget") is None and benchmark is not None:
        edge = value_text(benchmark.good, unit, currency, lang)
        return label("tree_benchmark", lang).format(edge=("≥ " if benchmark.direction == "higher" else "≤ ") + edge)
    for key, base in (("budget", "tree_vs_budget"), ("prev_year", "tree_vs_prev_year")):
        ref = row.get(key)
        if ref is None:
            continue
        if unit == "pct":
            delta = f"{row['actual'] - ref:+.1f} pt"
        elif ref:
            delta = f"{(row['actual'] - ref) / abs(ref) * 100:+.1f}%"
        else:
            continue
        return label(base, lang).format(delta=delta.replace("-", MINUS))
    return ""


def write_kpi_tree(pack, sheet_name: str) -> None:
    ws = pack.add_sheet(sheet_name, landscape=True)
    lang, f = pack.lang, pack.formats
    main = shown_scopes(pack)[0]
    rows = {r["id"]: r for r in pack.rows if r["scope"] == main}
    profile = profile_label(pack.settings.industry, lang)
    title = label("tree_title", lang)
    if main != TOTAL:
        title = f"{title} — {scope_name(main, pack.comp.store_names, lang)}"
    row = heading(pack, ws, title, 16)
    ws.write_string(row, 0, label("tree_intro", lang).format(profile=profile),
                    f.get(italic=True, font_size=9, font_color="#595959"))
    for depth in range(4):
        ws.set_column(depth * 3, depth * 3, BOX_WIDTH)
        ws.set_column(depth * 3 + 1, depth * 3 + 2, LINK_WIDTH)
    drawing = _Drawing(pack, ws, rows)
    row += 2
    for title_key, tree in (("tree_profit", PROFIT_TREE), ("tree_stock", STOCK_TREE)):
        ws.write_string(row, 0, label(title_key, lang), f.subtitle())
        row = drawing.tree(tree, row + 1) + 1
    drawing.flush()
    _table(pack, ws, row + 1, rows)


class _Drawing:
    """Places boxes and collects connector borders, written once at the end
    because one cell may carry two lines (a bottom and a left border)."""

    def __init__(self, pack, ws, rows):
        self.pack, self.ws, self.rows = pack, ws, rows
        self.area_unit = pack.settings.area_unit or pack.dataset.area_unit
        self.borders: dict[tuple[int, int], set[str]] = {}

    def tree(self, node, first_row: int) -> int:
        """Draw a tree from `first_row`; returns the first free row below it."""
        self.next_row = first_row
        self._place(node, 0)
        return self.next_row

    def _place(self, node, depth: int) -> int:
        kpi, children = node
        if children:
            tops = [self._place(child, depth + 1) for child in children]
            top = (tops[0] + tops[-1]) // 2
            col = depth * 3
            self._line(top, col + 1, "bottom")
            for r in range(tops[0] + 1, tops[-1] + 1):
                self._line(r, col + 2, "left")
            for t in tops:
                self._line(t, col + 2, "bottom")
        else:
            top = self.next_row
            self.next_row += 3
        self._box(kpi, top, depth * 3)
        return top

    def _line(self, row: int, col: int, side: str) -> None:
        self.borders.setdefault((row, col), set()).add(side)

    def _box(self, kpi: str, top: int, col: int) -> None:
        pack, lang = self.pack, self.pack.lang
        definition = BY_ID[kpi]
        row = self.rows.get(kpi)
        status = row["status"] if row else "none"
        value = row["actual"] if row else None
        settings = pack.settings
        rng = benchmark(kpi, settings.industry, settings.currency, self.area_unit)
        compare = _comparison(row, definition.unit, lang, rng, settings.currency)
        lines = [definition.label(lang), value_text(value, definition.unit, pack.settings.currency, lang)]
        lines.append(f"{SYMBOLS[status]} {compare}".strip())
        board = kpi in BOARD
        fmt = pack.formats.get(text_wrap=True, align="center", font_size=8.5, bold=board,
                               bg_color=STATUS_COLOURS[status] if row else "#F2F2F2",
                               font_color=STATUS_FONTS[status] if status != "none" else "#262626",
                               border=5 if board else 1, border_color=HEADER_FILL if board else "#7F7F7F")
        self.ws.merge_range(top, col, top + 1, col, "\n".join(lines), fmt)
        self.ws.set_row(top, 21)
        self.ws.set_row(top + 1, 21)

    def flush(self) -> None:
        for (row, col), sides in self.borders.items():
            props = {side: LINE["style"] for side in sides}
            props.update({f"{side}_color": LINE["color"] for side in sides})
            self.ws.write_blank(row, col, None, self.pack.formats.get(**props))


def _table(pack, ws, top: int, rows: dict) -> None:
    """Every node as numbers, in merged cells that span the tree's connector columns."""
    lang, f = pack.lang, pack.formats
    ws.write_string(top, 0, label("tree_table", lang), f.subtitle())
    head = top + 1
    spans = {"kpi": (0, 2), "actual": (3, 5), "budget": (6, 8), "prev_year": (9, 11), "status": (12, 12),
             "tree_action": (13, 16)}
    ws.set_column(12, 12, 13)
    ws.set_column(13, 16, 18)
    for key, (c1, c2) in spans.items():
        _merged(ws, head, c1, c2, label(key, lang), f.header())
    order = list(dict.fromkeys(("operating_profit", "gross_profit", "net_sales", "gmroi", "gross_margin_pct", "opex",
                                "avg_inventory_value", *sorted(FLOOR, key=list(BY_ID).index))))
    for i, kpi in enumerate(order):
        r = head + 1 + i
        band = i % 2 == 1
        definition, row = BY_ID[kpi], rows.get(kpi) or {}
        status = row.get("status", "none")
        _merged(ws, r, 0, 2, definition.label(lang), f.text(band, bold=kpi in BOARD))
        for key in ("actual", "budget", "prev_year"):
            c1, c2 = spans[key]
            fmt = f.number(definition.unit, band)
            ws.merge_range(r, c1, r, c2, "", fmt)
            pack.write_value(ws, r, c1, row.get(key), fmt)
        ws.write_string(r, 12, label(f"status_{status}", lang), f.status(status))
        actions = actions_for(kpi, lang) if status in ("amber", "red") else []
        _merged(ws, r, 13, 16, actions[0] if actions else "", f.text(band, text_wrap=True, font_size=8.5))
        if actions:
            ws.set_row(r, 30)


def _merged(ws, row: int, c1: int, c2: int, text: str, fmt) -> None:
    if c1 == c2:
        ws.write_string(row, c1, text, fmt)
    else:
        ws.merge_range(row, c1, row, c2, text, fmt)
