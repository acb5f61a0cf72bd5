"""A pack of a month the data covers in part says so on every sheet's line
under the title and, on the summary, that the whole months it is compared
with understate it."""
import datetime as dt

from openpyxl import load_workbook

from kpipack.cli import main
from workbooks import write_book

D = dt.datetime


def _sales(tmp_path):
    return write_book(tmp_path / "sales.xlsx", {"Sales": [
        ["Date", "Store", "Receipt", "SKU", "Sales", "Cost"],
        [D(2026, 10, 1), "S1", "R3", "0001", 2000, 1000], [D(2026, 10, 31), "S1", "R4", "0002", 900, 450],
        [D(2026, 11, 2), "S1", "R5", "0001", 3000, 1500], [D(2026, 11, 9), "S1", "R6", "0002", 700, 300]]})


def test_a_partial_month_pack_says_how_many_days_it_covers(tmp_path):
    sales = _sales(tmp_path)
    for lang, kicker, caution in (
            ("en", "November 2026 (partial: to day 9, 9 of 30 days)", "Partial month (9 of 30 days)"),
            ("ja", "2026年11月（月途中：9日まで、30日中9日分）", "月の途中（30日中9日分）")):
        out = tmp_path / f"pack-{lang}.xlsx"
        assert main(["build", str(sales), "--period", "2026-11", "--lang", lang, "--out", str(out)]) == 0
        wb = load_workbook(out)
        summary = wb.worksheets[[ws.title for ws in wb.worksheets].index(
            next(t for t in wb.sheetnames if t in ("Summary", "サマリー", "概要")))]
        assert kicker in summary["A2"].value
        assert summary["A3"].value.startswith(caution)
        assert all(kicker in ws["A2"].value for ws in wb.worksheets if isinstance(ws["A2"].value, str)
                   and "2026" in ws["A2"].value)


def test_a_whole_month_pack_has_no_partial_mark(tmp_path):
    out = tmp_path / "pack.xlsx"
    assert main(["build", str(_sales(tmp_path)), "--period", "2026-10", "--out", str(out)]) == 0
    wb = load_workbook(out)
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=1, max_row=3, values_only=True):
            assert not any(isinstance(v, str) and "artial" in v for v in row), ws.title
