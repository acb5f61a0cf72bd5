"""The Excel pack: one workbook, sheets written by their own modules.

Every figure a reader may edit stays live (formulas with cached values, so
any viewer shows numbers without recalculating); text from the inputs is
always written as text, never as a formula.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import replace
from pathlib import Path

import xlsxwriter

from ..currency import DEFAULT_CURRENCY
from ..domain import Settings, partial_period
from ..errors import KpipackError
from .formats import FONT, Formats
from .labels import label, period_label
from .layouts import load_layout
from .marks import mark_output

# Printable A4 landscape area in points with the margins set below (Excel keeps
# the header and footer inside the margins).
PRINT_WIDTH_PT = (11.69 - 0.8) * 72
PRINT_HEIGHT_PT = (8.27 - 1.2) * 72 - 6
DEFAULT_ROW_PT = 15.0
ROW_PX = 20.0
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
# the dynamic-array functions xlsxwriter prefixes with _xlfn. (a superset of its list: any match
# sends the formula through xlsxwriter's own rewriting)
_DYNAMIC = re.compile(r"(?:ANCHORARRAY|BYCOL|BYROW|CHOOSECOLS|CHOOSEROWS|DROP|EXPAND|FILTER|HSTACK|LAMBDA|"
                      r"MAKEARRAY|MAP|RANDARRAY|REDUCE|SCAN|SINGLE|SEQUENCE|SORT|SORTBY|SWITCH|TAKE|TEXTSPLIT|"
                      r"TOCOL|TOROW|UNIQUE|VSTACK|WRAPCOLS|WRAPROWS|XLOOKUP)\(")


def quick_formulas(ws) -> None:
    """xlsxwriter runs some thirty regular expressions over every formula to
    prefix dynamic-array functions; the pack's thousands of formulas use
    none, and that rewriting took a fifth of the writing time. A formula
    without any of those names is prepared here exactly as xlsxwriter would
    (outer braces and '=' removed); any other goes through xlsxwriter."""
    prepare = ws._prepare_formula

    def quick(formula, expand_future_functions=False):
        if expand_future_functions or ws.use_future_functions or _DYNAMIC.search(formula):
            return prepare(formula, expand_future_functions)
        if formula.startswith("{"):
            formula = formula[1:]
        if formula.startswith("="):
            formula = formula[1:]
        if formula.endswith("}"):
            formula = formula[:-1]
        return formula

    ws._prepare_formula = quick


class Pack:
    def __init__(self, path: Path, comp, rows: list[dict], results: dict, dataset, settings: Settings):
        if settings.currency is None:  # written without build_pack, which settles it from the inputs
            settings = replace(settings, currency=DEFAULT_CURRENCY)
        self.path = Path(path)
        self.comp, self.rows, self.results, self.dataset, self.settings = comp, rows, results, dataset, settings
        self.lang = settings.lang
        self.workbook = xlsxwriter.Workbook(str(self.path), {"strings_to_formulas": False,
                                                             "strings_to_urls": False,
                                                             "nan_inf_to_errors": False})
        self.workbook.set_properties({"title": f"KPI pack {comp.period}", "company": settings.company or "",
                                      "comments": "kpipack"})
        mark_output(self.workbook, "pack")
        self.formats = Formats(self.workbook, settings.currency)
        self.sheets: list[str] = []
        self.layout: dict = {}
        self.scopes: list[str] = list(comp.scopes)  # the scopes this pack shows, main scope first
        self.main_scope: str = "total"
        self.home: str | None = None  # the sheet holding the contents; every other sheet links back
        self.omitted: list[tuple[str, str]] = []  # (section, reason) left out for want of data
        self.finishers: list = []  # run once every sheet is written (e.g. the contents list)
        self.generated = dt.datetime.now().replace(microsecond=0)
        self._widths: dict[str, dict[int, float]] = {}
        self._fixed: dict[str, set[int]] = {}
        self._breaks: dict[str, list[int]] = {}
        self._linked: set[str] = set()
        self._right_px: dict[str, float] = {}
        self._blocks: dict[str, list[tuple[int, int]]] = {}
        self._repeat: dict[str, tuple[int, int]] = {}
        self._worksheets: dict[str, object] = {}
        self.sheet_ids: dict[str, str] = {}  # sheet name -> layout id
        self.current_id: str | None = None  # the layout id being written

    # ------------------------------------------------------------ set-up
    def configure(self, layout: dict) -> None:
        """Scopes shown by this pack: the layout's choice, narrowed by --store."""
        self.layout = layout
        stores = [s.split(":", 1)[1] for s in self.comp.scopes if s != "total"]
        wanted = self.settings.store
        store = resolve_store(wanted, stores, self.comp.store_names) if wanted else None
        if layout.get("scopes") == "store":
            if store is None:
                if len(stores) != 1:
                    raise KpipackError("store_required", choices=", ".join(stores))
                store = stores[0]
            self.scopes = [f"store:{store}"]
        elif store is not None:
            self.scopes = ["total", f"store:{store}"]
        self.main_scope = self.scopes[0]

    @property
    def store_scopes(self) -> list[str]:
        return [s for s in self.scopes if s != "total"]

    def rows_for(self, scope: str) -> dict[str, dict]:
        return {r["id"]: r for r in self.rows if r["scope"] == scope}

    def row(self, kpi_id: str, scope: str) -> dict | None:
        index = getattr(self, "_row_index", None)  # a pack of 200 stores asks 100,000 times
        if index is None or index[0] is not self.rows or index[1] != len(self.rows):
            rows: dict = {}
            for r in self.rows:
                rows.setdefault((r["id"], r["scope"]), r)  # the first, as the search gave
            index = self._row_index = (self.rows, len(self.rows), rows)
        return index[2].get((kpi_id, scope))

    @property
    def partial(self):
        """The period when the sales data ends before its last day, else None."""
        return partial_period(getattr(self.comp, "warnings", []), self.comp.period)

    @property
    def title(self) -> str:
        titles = self.layout.get("title", {})
        return titles.get(self.lang) or titles.get("en") or "KPI pack"

    # ------------------------------------------------------------ sheets
    def add_sheet(self, name: str, landscape: bool = True):
        name = self._unique_name(name)
        ws = self.workbook.add_worksheet(name)
        quick_formulas(ws)
        self.sheets.append(name)
        self._worksheets[name] = ws
        if self.current_id:
            self.sheet_ids.setdefault(name, self.current_id)
        if landscape:
            ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.hide_gridlines(2)
        self.repeat_rows(ws, 0, 1)  # the title and its line stay on every printed page
        # Excel allows 255 characters per header: a long company name is shortened there
        company = _shorten(self.settings.company or "", 60).replace("&", "&&")
        centre = self.title.replace("&", "&&")
        period = period_label(self.comp.period, self.lang).replace("&", "&&")
        # &8 sets 8 pt; the font code after it ends the number, so text may start with a digit
        small = f'&8&"{FONT},Regular"'
        ws.set_header(f"&L{small}{company}&C{small}{centre}&R{small}{period}", {"margin": 0.2})
        sheet = name.replace("&", "&&")
        ws.set_footer(f"&L{small}{sheet}&R{small}Page &P of &N" if self.lang != "ja"
                      else f"&L{small}{sheet}&R{small}&P / &N ページ")
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_default_row(15)
        return ws

    def _unique_name(self, name: str) -> str:
        """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
        base = _BAD_SHEET_CHARS.sub("-", name).strip("'") or "Sheet"
        base = base[:31]
        candidate, n = base, 2
        while candidate.lower() in (s.lower() for s in self.sheets):
            suffix = f" ({n})"
            candidate = base[:31 - len(suffix)] + suffix
            n += 1
        return candidate

    def planned_name(self, sheet_id: str) -> str:
        """The name a sheet of the layout gets (before it is written), for cross-sheet references."""
        from .sheets import SHEETS

        return _BAD_SHEET_CHARS.sub("-", label(SHEETS[sheet_id][1], self.lang)).strip("'")[:31] or "Sheet"

    def heading(self, ws, title: str, last_col: int, scope: str | None = None) -> int:
        """Title, a grey line with company, period (and scope), and the link back
        to the contents. Returns the first free row."""
        f = self.formats
        ws.write_string(0, 0, title, f.title())
        ws.set_row(0, 26)
        parts = [self.settings.company, self.title, period_label(self.comp.period, self.lang)]
        if self.partial is not None:
            parts[-1] += label("partial_kicker", self.lang).format(
                day=self.partial.last.day, days=self.partial.days, month_days=self.partial.month_days)
        if scope:
            parts.append(self.scope_name(scope))
        ws.write_string(1, 0, " · ".join(p for p in parts if p), f.kicker())
        self.back_link(ws, 0, max(last_col, 1))
        return 3

    def back_link(self, ws, row: int, col: int) -> None:
        if self.home and ws.name != self.home:
            ws.write_url(row, col, internal(self.home), self.formats.link(align="right"),
                         string=label("back", self.lang))
            self._linked.add(ws.name)

    def scope_name(self, scope: str) -> str:
        if scope == "total":
            return label("total", self.lang)
        store = scope.split(":", 1)[1]
        name = self.comp.store_names.get(store, store)
        if name == store and store.isdigit():
            return label("store_numbered", self.lang).format(store=store)  # "Store 36", not a bare "36"
        return name if name == store else f"{name} ({store})"

    def store_name(self, store: str) -> str:
        return self.scope_name(f"store:{store}")

    # ------------------------------------------------------------ layout helpers
    def widths(self, ws) -> dict[int, float]:
        return self._widths.get(ws.name, {})

    def fit_column(self, ws, col: int, width: float) -> None:
        """Widen a column to at least `width` (never narrows what another table needs)."""
        if col in self._fixed.get(ws.name, set()):
            return
        widths = self._widths.setdefault(ws.name, {})
        if width > widths.get(col, 0):
            widths[col] = width
            ws.set_column(col, col, width)

    def set_width(self, ws, col: int, width: float, hidden: bool = False) -> None:
        """A fixed width (e.g. a text column that wraps); hidden columns do not print."""
        self._widths.setdefault(ws.name, {})[col] = 0.0 if hidden else width
        self._fixed.setdefault(ws.name, set()).add(col)
        ws.set_column(col, col, width, None, {"hidden": True} if hidden else None)

    def repeat_rows(self, ws, first: int, last: int) -> None:
        """Rows printed at the top of every page (title and table header)."""
        ws.repeat_rows(first, last)
        self._repeat[ws.name] = (first, last)

    def page_break(self, ws, row: int) -> None:
        """Start a printed page at `row` (e.g. each scope of the summary)."""
        if row > 0:
            self._breaks.setdefault(ws.name, []).append(row)

    def keep_together(self, ws, first: int, last: int) -> None:
        """Rows that must print on one page (a chart's rows)."""
        self._blocks.setdefault(ws.name, []).append((first, last))

    def reserve_chart(self, ws, row: int, col: int, chart, width: int, height: int, x_offset: int = 4) -> int:
        """Insert a sized chart (see charts.place) and keep its rows on one printed
        page; returns the rows it covers."""
        ws.insert_chart(row, col, chart, {"x_offset": x_offset, "y_offset": 4, "object_position": 3})
        left = sum(col_px(self.widths(ws).get(c, 8.43)) for c in range(col))
        self._right_px[ws.name] = max(self._right_px.get(ws.name, 0.0), left + width + x_offset * 2)
        rows = int(math.ceil((height + 8) / ROW_PX))
        self.keep_together(ws, row, row + rows)
        return rows

    def content_px(self, ws) -> float:
        """Width of what prints, in Excel's pixels at 100 %."""
        widths = self.widths(ws)
        last = max([getattr(ws, "dim_colmax", None) or 0] + list(widths))
        cells = sum(col_px(widths.get(c, 8.43)) for c in range(last + 1))
        return max(cells, self._right_px.get(ws.name, 0.0))

    def _paginate(self, ws) -> list[int]:
        """Page breaks so that no chart is cut: the rows are laid out on pages as
        Excel prints them once fitted to one page wide (LibreOffice fits more per
        page, so its pages keep the same breaks), breaking before a chart that
        would not fit what is left of a page, and at every forced break."""
        scale = min(1.0, PRINT_WIDTH_PT / (self.content_px(ws) * 0.75))
        capacity = PRINT_HEIGHT_PT / scale
        sizes = getattr(ws, "row_sizes", {})

        def height(r: int) -> float:  # xlsxwriter keeps a set row's height in pixels
            size = sizes.get(r)
            return float(size[0]) * 0.75 if size and size[0] is not None else DEFAULT_ROW_PT

        first, last = self._repeat.get(ws.name, (0, -1))
        repeated = sum(height(r) for r in range(first, last + 1))
        forced = set(self._breaks.get(ws.name, []))
        blocks = {}
        for a, b in self._blocks.get(ws.name, []):
            blocks[a] = max(blocks.get(a, a), b)
        end = max([getattr(ws, "dim_rowmax", None) or 0] + list(blocks.values()))
        breaks, used = [], 0.0
        for r in range(end + 1):
            if r in forced and used > repeated:
                breaks.append(r)
                used = repeated
            if r in blocks:
                need = sum(height(x) for x in range(r, blocks[r] + 1))
                if used + need > capacity and repeated + need <= capacity and used > repeated:
                    breaks.append(r)
                    used = repeated
            if used + height(r) > capacity and used > repeated:
                breaks.append(r)
                used = repeated
            used += height(r)
        return breaks

    def status_overlays(self, ws, row: int, col: int) -> None:
        """Colour a status cell by the text its formula gives, so an edited budget
        recolours it too (the symbol keeps it readable in black and white)."""
        for status in ("green", "amber", "red"):
            ws.conditional_format(row, col, row, col, {
                "type": "cell", "criteria": "==", "value": '"{}"'.format(label(f"status_{status}", self.lang)),
                "format": self.formats.status_overlay(status)})

    def omit(self, section: str, reason: str) -> None:
        self.omitted.append((section, reason))

    # ------------------------------------------------------------ values
    @staticmethod
    def write_value(ws, row: int, col: int, value, fmt) -> None:
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, float(value), fmt)

    @staticmethod
    def write_formula(ws, row: int, col: int, formula: str, cached, fmt) -> None:
        """A live formula with its value cached for viewers that do not recalculate."""
        if cached is None or (isinstance(cached, float) and not math.isfinite(cached)):
            cached = ""
        ws.write_formula(row, col, formula, fmt, cached)

    def finish(self) -> None:
        for finisher in self.finishers:
            finisher()
        for name in self.sheets:
            ws = self._worksheets[name]
            if name not in self._linked:
                self.back_link(ws, 0, max(list(self._widths.get(name, {})) + [4]))
            if self._breaks.get(name) or self._blocks.get(name):
                ws.set_h_pagebreaks(self._paginate(ws))

    def close(self) -> None:
        self.workbook.close()


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def internal(sheet: str, cell: str = "A1") -> str:
    return "internal:'{}'!{}".format(sheet.replace("'", "''"), cell)


def sheet_ref(sheet: str) -> str:
    """A sheet name as a formula prefix: 'Name'!"""
    return "'{}'!".format(sheet.replace("'", "''"))


def col_px(width: float) -> float:
    """Excel column width (characters) to pixels at the default font."""
    return math.floor(width * 7 + 5) if width > 1 else width * 12


def resolve_store(wanted: str, stores: list[str], names: dict[str, str]) -> str:
    """A store given by its id or its name (case-insensitive)."""
    key = str(wanted).strip().casefold()
    for store in stores:
        if store.casefold() == key or str(names.get(store, "")).casefold() == key:
            return store
    raise KpipackError("store_unknown", store=str(wanted), choices=", ".join(stores))


def write_pack(path: Path, comp, rows, results, dataset, settings: Settings, progress=None) -> Path:
    """Write the pack to `path` (the caller moves it into place).
    `progress(fraction, sheet_name)` is called before each sheet."""
    from .sheets import SHEETS

    pack = Pack(path, comp, rows, results, dataset, settings)
    pack.configure(load_layout(settings.pack))
    sheet_ids = pack.layout["sheets"]
    for n, sheet_id in enumerate(sheet_ids):
        writer, label_key = SHEETS[sheet_id]
        name = label(label_key, settings.lang)
        if progress:
            progress(n / len(sheet_ids), name)
        pack.current_id = sheet_id
        writer(pack, name)
    if progress:
        progress(1.0, "")
    pack.finish()
    pack.close()
    return path
