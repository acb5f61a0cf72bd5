"""Cell formats: number formats from the KPI's unit, colours from its status."""
from __future__ import annotations

STATUS_COLOURS = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE", "none": "#FFFFFF"}
STATUS_FONTS = {"green": "#006100", "amber": "#9C5700", "red": "#9C0006", "none": "#595959"}
HEADER_FILL = "#1F3864"
BAND_FILL = "#F2F2F2"
FONT = "Noto Sans CJK JP"


def number_format(unit: str, currency: str = "JPY") -> str:
    money = "¥#,##0;[Red]-¥#,##0" if currency == "JPY" else "#,##0;[Red]-#,##0"
    return {
        "money": money,
        "money_per_area": money,
        "money_per_hour": money,
        "pct": '0.0"%";[Red]-0.0"%"',
        "count": "#,##0",
        "units": "0.00",
        "hours": "#,##0.0",
        "days": "0.0",
        "times": "0.0",
        "ratio": "0.00",
        "points": "0.0;[Red]-0.0",
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

    def header(self):
        return self.get(bold=True, font_color="#FFFFFF", bg_color=HEADER_FILL, border=1, text_wrap=True,
                        align="center")

    def text(self, band: bool = False, **extra):
        return self.get(border=1, border_color="#BFBFBF", bg_color=BAND_FILL if band else "#FFFFFF", **extra)

    def number(self, unit: str, band: bool = False, **extra):
        return self.get(num_format=number_format(unit, self.currency), border=1, border_color="#BFBFBF",
                        bg_color=BAND_FILL if band else "#FFFFFF", **extra)

    def status(self, status: str):
        return self.get(bg_color=STATUS_COLOURS[status], font_color=STATUS_FONTS[status], bold=True, border=1,
                        border_color="#BFBFBF", align="center")

    def link(self):
        return self.get(font_color="#0563C1", underline=1)
