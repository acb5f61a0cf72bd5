"""How the pack prints: a month the data covers in part says so on every sheet's line
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


def test_the_cover_and_its_contents_print_on_one_page(sample_build):
    """25 sections and the details above them overflowed onto a second page
    by one row; the cover is fitted to one page wide and one page high."""
    wb = load_workbook(sample_build.pack_path)
    cover = wb.worksheets[0]
    assert cover.sheet_properties.pageSetUpPr.fitToPage
    # an absent attribute is OOXML's default, 1; the other sheets run to as many pages as they need (0)
    assert cover.page_setup.fitToHeight in (None, 1) and cover.page_setup.fitToWidth in (None, 1)
    assert wb.worksheets[1].page_setup.fitToHeight == 0


def test_the_safety_factor_reads_as_a_factor(sample_build):
    """z of a 95 % service level is 1.645 on the order sheets, not 1.6448536."""
    wb = load_workbook(sample_build.pack_path)
    ws = next(wb[name] for name in wb.sheetnames if name.startswith("Staple"))
    z = next(c for row in ws.iter_rows(min_row=1, max_row=4) for c in row
             if isinstance(c.value, str) and c.value.startswith("=_xlfn.NORM.S.INV"))
    assert z.number_format == "0.000"


def test_the_forecast_title_fits_its_six_columns(sample_build):
    """The title with its as-of day ran under the link back to the contents;
    the day moves to the line below it."""
    wb = load_workbook(sample_build.pack_path)
    ws = next(wb[name] for name in wb.sheetnames if name.startswith("Forecast"))
    assert ws["A1"].value == "Demand forecast: accuracy on the last 28 days"
    assert ws["A2"].value.startswith("As of 2026-10-31 · Method chosen by back-test")


def _supplier_groups(ws) -> int:
    return sum(1 for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("Supplier: "))


def test_the_packs_order_lists_run_on_and_the_order_workbook_gives_each_supplier_a_page(sample_build, tmp_path):
    """A board pack printed one mostly empty page per supplier; the buyer's
    order workbook keeps a page per supplier, the page sent to that supplier."""
    from kpipack.domain import Settings
    from kpipack.pipeline import build_orders
    from conftest import SAMPLES

    pack = load_workbook(sample_build.pack_path)["Staple orders"]
    assert _supplier_groups(pack) > 1
    assert pack.row_breaks.count == 0
    build_orders([SAMPLES], Settings(lang="en"), tmp_path / "orders.xlsx", use_cache=False)
    book = load_workbook(tmp_path / "orders.xlsx")["Staple orders"]
    assert book.row_breaks.count == _supplier_groups(book) - 1 > 0


def test_action_pages_are_full_and_no_kpi_heading_ends_one(sample_build):
    """A KPI's heading printed as the last line of a page, its actions on the
    next; and the pages held a quarter less than they could, the rows' heights
    having been read as points where they were pixels."""
    ws = load_workbook(sample_build.pack_path)["Improvement actions"]
    m = ws.page_margins
    page = (8.27 - m.top - m.bottom) * 72  # A4 landscape, in points

    def height(r):
        return ws.row_dimensions[r].ht or ws.sheet_format.defaultRowHeight

    def blank(r):
        return all(ws.cell(r, c).value is None for c in range(1, 7))

    repeated = sum(height(r) for r in range(1, 7))
    assert ws.print_title_rows == "$1:$6"
    breaks = [b.id for b in ws.row_breaks.brk]  # the last row of each page but the last
    assert len(breaks) >= 2
    start = 7
    for last in breaks:
        assert not isinstance(ws.cell(last, 1).value, str), f"row {last} is a heading ending a page"
        used = repeated + sum(height(r) for r in range(start, last + 1))
        assert used <= page
        r = last + 1
        while blank(r):
            r += 1
        group = [r]
        while not blank(group[-1] + 1) and group[-1] < ws.max_row:
            group.append(group[-1] + 1)
        assert used + sum(height(x) for x in range(last + 1, group[-1] + 1)) > page, f"page ending {last} had room"
        start = last + 1


def test_why_it_changed_keeps_each_title_with_its_table_and_a_table_with_its_total(sample_build):
    """A waterfall's title and sentence printed at the foot of one page, its
    table on the next; the stores' table cut so its total row stood alone."""
    ws = load_workbook(sample_build.pack_path)["Why it changed"]
    breaks = [b.id for b in ws.row_breaks.brk]  # the last row of each page but the last
    assert breaks
    column_a = {r: ws.cell(r, 1).value for r in range(1, ws.max_row + 1)}
    titles = [r for r, v in column_a.items() if isinstance(v, str) and v.startswith("Net sales against")]
    assert len(titles) == 3
    for title in titles:
        assert not any(title <= b < title + 3 for b in breaks), f"the block under row {title} is cut"
    top = next(r for r, v in column_a.items() if v == "Each store's part in the change of net sales")
    total = next(r for r in range(top, ws.max_row + 1) if column_a[r] in ("All stores", "Total"))
    assert not any(top <= b < total for b in breaks)
