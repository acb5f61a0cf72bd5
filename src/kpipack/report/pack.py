"""The Excel pack: one workbook, sheets written by their own modules.

Every figure a reader may edit stays live (formulas with cached values, so
any viewer shows numbers without recalculating); text from the inputs is
always written as text, never as a formula.
"""
from __future__ import annotations

import math
from pathlib import Path

import xlsxwriter

from ..domain import Settings
from .formats import Formats
from .labels import label
from .layouts import load_layout


class Pack:
    def __init__(self, path: Path, comp, rows: list[dict], results: dict, dataset, settings: Settings):
        self.path = Path(path)
        self.comp, self.rows, self.results, self.dataset, self.settings = comp, rows, results, dataset, settings
        self.lang = settings.lang
        self.workbook = xlsxwriter.Workbook(str(self.path), {"strings_to_formulas": False,
                                                             "strings_to_urls": False,
                                                             "nan_inf_to_errors": False})
        self.workbook.set_properties({"title": f"KPI pack {comp.period}", "company": settings.company or "",
                                      "comments": "kpipack"})
        self.formats = Formats(self.workbook, settings.currency)
        self.sheets: list[str] = []

    def add_sheet(self, name: str, landscape: bool = True):
        ws = self.workbook.add_worksheet(name)
        self.sheets.append(name)
        if landscape:
            ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.hide_gridlines(2)
        company = (self.settings.company or "").replace("&", "&&")
        ws.set_header(f"&L{company}&R{self.comp.period}", {"margin": 0.2})
        ws.set_footer("&L{}&RPage &P of &N".format(name.replace("&", "&&")) if self.lang != "ja"
                      else "&L{}&R&P / &N ページ".format(name.replace("&", "&&")))
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        return ws

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

    def close(self) -> None:
        self.workbook.close()


def write_pack(path: Path, comp, rows, results, dataset, settings: Settings) -> Path:
    """Write the pack to `path` (the caller moves it into place)."""
    from .sheets import SHEETS

    pack = Pack(path, comp, rows, results, dataset, settings)
    for sheet_id in load_layout(settings.pack)["sheets"]:
        writer, label_key = SHEETS[sheet_id]
        writer(pack, label(label_key, settings.lang))
    pack.close()
    return path
