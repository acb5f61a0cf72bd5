"""Cell formats: number formats from the KPI's unit, colours from its status.

Report tables carry explicit cell formats (header fill, banding, borders)
rather than relying on Excel table styles, so every viewer (LibreOffice
included) shows the same page.
"""
from __future__ import annotations

from ..currency import CURRENCY_SYMBOLS

STATUS_COLOURS = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE", "none": "#FFFFFF"}
STATUS_FONTS = {"green": "#006100", "amber": "#9C5700", "red": "#9C0006", "none": "#595959"}
HEADER_FILL = "#1F3864"
TOTAL_FILL = "#D9E1F2"
BAND_FILL = "#F2F2F2"
INPUT_FILL = "#FFF9E5"  # cells the reader is expected to fill in (owners, dates, notes)
GRID = "#BFBFBF"
# Yu Gothic (游ゴシック) is Excel's own Japanese font on Windows and macOS and
# draws Latin text well too; LibreOffice without it falls back to the
# system's Japanese font (Noto Sans CJK JP on Linux) for Japanese text.
FONT = "Yu Gothic"
MONO = "DejaVu Sans Mono"

# Chart palette: actual dark blue, budget red, last year grey, then accents.
ACTUAL, BUDGET, LAST_YEAR = "#1F3864", "#C00000", "#A6A6A6"
ACCENTS = ["#2E75B6", "#ED7D31", "#70AD47", "#7030A0", "#FFC000", "#00B0F0", "#A5A5A5", "#264478"]

MONTH_FORMAT = "yyyy-mm"
DATE_FORMAT = "yyyy-mm-dd"


def number_format(unit: str, currency: str = "JPY") -> str:
    symbol = CURRENCY_SYMBOLS.get(currency, "")
    symbol = f'"{symbol}"' if symbol not in ("", "¥") else symbol  # quoted: NT$ and the like are literal text
    money = f"{symbol}#,##0;[Red]-{symbol}#,##0"
    return {
        "money": money,
        "money_per_area": money,
        "money_per_hour": money,
        "pct": '0.0"%";[Red]-0.0"%"',
        "pct_points": '+0.0" pt";[Red]-0.0" pt";0.0" pt"',
        "count": "#,##0",
        "rank": "0",
        "units": "0.00",
        "qty": "#,##0;[Red]-#,##0",
        "hours": "#,##0.0",
        "days": "0.0",
        "weeks": "0.0",
        "times": "0.0",
        "ratio": "0.00",
        "points": "0.0;[Red]-0.0",
        "area": "#,##0.0",
        "bytes": "#,##0",
        "unit_cost": money,
    }.get(unit, "#,##0.00")


class Formats:
    """xlsxwriter formats made once per workbook and shared by every sheet."""

    def __init__(self, workbook, currency: str = "JPY"):
        self.wb = workbook
        self.currency = currency
        self._cache: dict[tuple, object] = {}

    def get(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            base = {"font_name": FONT, "font_size": 10, "valign": "vcenter"}
            base.update(props)
            self._cache[key] = self.wb.add_format(base)
        return self._cache[key]

    def title(self):
        return self.get(bold=True, font_size=16, font_color=HEADER_FILL)

    def subtitle(self):
        return self.get(bold=True, font_size=12, font_color=HEADER_FILL)

    def kicker(self):
        """The grey line under a sheet title: company, period, scope."""
        return self.get(font_size=9, font_color="#595959")

    def note(self):
        return self.get(italic=True, font_size=9, font_color="#595959")

    def caution(self):
        """A line the reader must not miss (a part month)."""
        return self.get(bold=True, font_size=10, font_color="#9C5700")

    def finding(self):
        return self.get(font_size=10.5)

    def header(self):
        return self.get(bold=True, font_color="#FFFFFF", bg_color=HEADER_FILL, border=1, text_wrap=True,
                        align="center")

    def group_header(self):
        return self.get(bold=True, font_color=HEADER_FILL, bg_color=TOTAL_FILL, border=1, align="center",
                        text_wrap=True)

    def text(self, band: bool = False, **extra):
        return self.get(border=1, border_color=GRID, bg_color=BAND_FILL if band else "#FFFFFF", **extra)

    def number(self, unit: str, band: bool = False, **extra):
        return self.get(num_format=number_format(unit, self.currency), border=1, border_color=GRID,
                        bg_color=BAND_FILL if band else "#FFFFFF", **extra)

    def total_text(self):
        return self.get(bold=True, border=1, border_color=GRID, top=2, top_color=HEADER_FILL, bg_color=TOTAL_FILL)

    def total_number(self, unit: str):
        return self.get(bold=True, num_format=number_format(unit, self.currency), border=1, border_color=GRID,
                        top=2, top_color=HEADER_FILL, bg_color=TOTAL_FILL)

    def date(self, band: bool = False, month: bool = False, **extra):
        return self.get(num_format=MONTH_FORMAT if month else DATE_FORMAT, border=1, border_color=GRID,
                        bg_color=BAND_FILL if band else "#FFFFFF", align="center", **extra)

    def input_text(self, **extra):
        return self.get(border=1, border_color=GRID, bg_color=INPUT_FILL, locked=False, text_wrap=True, **extra)

    def input_date(self):
        return self.get(border=1, border_color=GRID, bg_color=INPUT_FILL, locked=False, num_format=DATE_FORMAT,
                        align="center")

    def status(self, status: str):
        return self.get(bg_color=STATUS_COLOURS[status], font_color=STATUS_FONTS[status], bold=True, border=1,
                        border_color=GRID, align="center")

    def status_overlay(self, status: str):
        """Conditional-format colours for a status cell whose text a formula sets."""
        key = (("overlay", status),)
        if key not in self._cache:
            self._cache[key] = self.wb.add_format({"bg_color": STATUS_COLOURS[status],
                                                   "font_color": STATUS_FONTS[status], "bold": True})
        return self._cache[key]

    def link(self, **extra):
        return self.get(font_color="#0563C1", underline=1, **extra)

    def mono(self, band: bool = False):
        return self.get(font_name=MONO, font_size=8, border=1, border_color=GRID, text_wrap=True,
                        bg_color=BAND_FILL if band else "#FFFFFF")
