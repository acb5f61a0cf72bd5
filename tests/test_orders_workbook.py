"""The buyer's order workbook: live formulas recalculated by LibreOffice give
the Python figures, and a buyer's edit of on hand or lead time moves the
recommended quantity as worked out by hand (see replenish_case.py and
test_replenishment.py for the case)."""
import math

import openpyxl
import pytest

from kpipack.cli import main
from kpipack.domain import Settings
from kpipack.pipeline import build_orders
from kpipack.report.orders import HEADER_ROW, SEASONAL_COLUMNS, STAPLE_COLUMNS
from packtools import recalculated
from replenish_case import write_case

Z = 1.6448536269514722
STAPLE = {key: i + 1 for i, (key, _) in enumerate(STAPLE_COLUMNS)}  # openpyxl columns are 1-based
SEASONAL = {key: i + 1 for i, (key, _) in enumerate(SEASONAL_COLUMNS)}


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = write_case(tmp_path_factory.mktemp("orders-in"))
    out = tmp_path_factory.mktemp("orders-out")
    rep = build_orders([folder], Settings(period="2026-10"), out / "orders.xlsx", use_cache=False)
    # the buyer's edits: A's on hand 8 → 2, B's lead time 4 → 10 days, C's season end 11-10 → 11-05
    wb = openpyxl.load_workbook(out / "orders.xlsx")
    staple, seasonal = wb["Staple orders"], wb["Seasonal orders"]
    rows = _rows(staple, STAPLE)
    staple.cell(rows["A"], STAPLE["on_hand"]).value = 2
    staple.cell(rows["B"], STAPLE["lead_time"]).value = 10
    seasonal.cell(_rows(seasonal, SEASONAL)["C"], SEASONAL["season_end"]).value = \
        seasonal.cell(_rows(seasonal, SEASONAL)["C"], SEASONAL["season_end"]).value.replace(day=5)
    wb.save(out / "edited.xlsx")
    done = recalculated(out / "orders.xlsx", out / "edited.xlsx")
    return rep, out, done


def _rows(ws, cols) -> dict[str, int]:
    """SKU -> row of the order lines (supplier and total rows have no SKU)."""
    out = {}
    for r in range(HEADER_ROW + 2, ws.max_row + 1):
        sku = ws.cell(r, cols["sku"]).value
        if sku and ws.cell(r, cols["store"]).value:
            out[sku] = r
    return out


def test_the_order_list_is_marked_and_never_read_as_data(books):
    from kpipack.ingest.own_outputs import own_output

    _, out, _ = books
    assert own_output(out / "orders.xlsx") == "orders"


def test_lists_hold_the_pairs_to_order(books):
    rep, out, _ = books
    wb = openpyxl.load_workbook(out / "orders.xlsx")
    assert wb.sheetnames == ["Staple orders", "Seasonal orders", "Orders by style", "Seasonal sell-through",
                             "Stock alerts", "Forecast accuracy", "Notes"]
    notes = [c.value for c in wb["Notes"]["A"] if c.value]
    assert any("fewer than 28 days" in n for n in notes), notes  # D and E: 16 and 21 days sold
    assert set(_rows(wb["Staple orders"], STAPLE)) == {"A", "B"}
    assert set(_rows(wb["Seasonal orders"], SEASONAL)) == {"C"}
    formula = wb["Staple orders"].cell(_rows(wb["Staple orders"], STAPLE)["A"], STAPLE["recommended"]).value
    assert "CEILING" in formula and "MAX(" in formula
    assert "NORM.S.INV" in wb["Staple orders"]["D3"].value
    assert wb["Staple orders"].print_title_rows == "$1:$5"
    assert wb["Staple orders"].row_breaks.count == 0  # one supplier (V1) on the staple list


def test_libreoffice_gives_the_python_figures(books):
    rep, out, done = books
    ws = openpyxl.load_workbook(done[out / "orders.xlsx"], data_only=True)["Staple orders"]
    figures = rep.rows.set_index("sku")
    for sku, r in _rows(ws, STAPLE).items():
        for key, field in (("safety_stock", "safety_stock"), ("reorder_point", "reorder_point"),
                           ("order_up_to", "order_up_to"), ("recommended", "order_qty")):
            assert ws.cell(r, STAPLE[key]).value == pytest.approx(figures.at[sku, field], abs=1e-9), (sku, key)
    assert ws["D3"].value == pytest.approx(Z)
    seasonal = openpyxl.load_workbook(done[out / "orders.xlsx"], data_only=True)["Seasonal orders"]
    r = _rows(seasonal, SEASONAL)["C"]
    assert seasonal.cell(r, SEASONAL["days_left"]).value == 10
    assert seasonal.cell(r, SEASONAL["recommended"]).value == 5


def test_a_buyers_edit_moves_the_recommendation(books):
    _, out, done = books
    wb = openpyxl.load_workbook(done[out / "edited.xlsx"], data_only=True)
    staple, seasonal = wb["Staple orders"], wb["Seasonal orders"]
    rows = _rows(staple, STAPLE)
    # A: on hand 2, order-up-to 24.855 → need 22.855 → 4 cases of 6
    assert staple.cell(rows["A"], STAPLE["recommended"]).value == 24
    # B: lead time 10: order-up-to = 14/31 × 17 + z × 0.5058794 × √17 = 11.108 → need 10.108 → minimum 20
    sd = math.sqrt((14 - 31 * (14 / 31) ** 2) / 30)
    assert staple.cell(rows["B"], STAPLE["order_up_to"]).value == pytest.approx(14 / 31 * 17 + Z * sd * math.sqrt(17))
    assert staple.cell(rows["B"], STAPLE["safety_stock"]).value == pytest.approx(Z * sd * math.sqrt(10))
    assert staple.cell(rows["B"], STAPLE["recommended"]).value == 20
    # C: season ends 11-05: 5 days left, not more than the lead time of 7 → nothing to order
    c = _rows(seasonal, SEASONAL)["C"]
    assert seasonal.cell(c, SEASONAL["days_left"]).value == 5
    assert seasonal.cell(c, SEASONAL["recommended"]).value == 0


def test_style_rollup_and_alerts(books):
    rep, out, done = books
    wb = openpyxl.load_workbook(done[out / "orders.xlsx"], data_only=True)
    styles = wb["Orders by style"]
    found = {styles.cell(r, 1).value: r for r in range(HEADER_ROW + 2, styles.max_row + 1)}
    # style ST-1 = A (18) + B (20) in store S1; ST-2 = C (5)
    assert styles.cell(found["ST-1"], 7).value == 38 and styles.cell(found["ST-1"], 3).value == 2
    assert styles.cell(found["ST-2"], 7).value == 5
    alerts = wb["Stock alerts"]
    flagged = [(alerts.cell(r, 1).value, alerts.cell(r, 3).value) for r in range(HEADER_ROW + 2, alerts.max_row + 1)]
    assert flagged == [("Stockout risk", "A"), ("Stockout risk", "B"), ("Markdown candidate", "E"),
                       ("Overstock", "E"), ("Dead stock", "F")]
    sell = wb["Seasonal sell-through"]
    e = next(r for r in range(HEADER_ROW + 2, sell.max_row + 1) if sell.cell(r, 2).value == "E")
    assert sell.cell(e, 16).value == pytest.approx((47 - 3 / 21 * 61) * 200)  # value at risk


def test_orders_command_headless(tmp_path, capsys):
    folder = write_case(tmp_path / "in" if (tmp_path / "in").mkdir() is None else tmp_path)
    out = tmp_path / "注文.xlsx"
    assert main(["orders", str(folder), "--out", str(out), "--period", "2026-10", "--lang", "ja", "--no-cache"]) == 0
    assert out.exists() and "発注行: 3" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames[0] == "定番発注"
    assert main(["orders", str(folder), "--out", str(tmp_path / "x.xlsx"), "--as-of", "2026-02-30"]) == 2
    assert "is not a date" in capsys.readouterr().err


def test_every_header_word_and_setting_label_fits_its_column(books):
    """"Recommended qty" printed as "Recommende / d qty" and "Service level %"
    lost its first letters: no header word, and no label of the settings row,
    is wider than its column."""
    from openpyxl.utils import get_column_letter

    from kpipack.report.tables import display_width

    wb = openpyxl.load_workbook(books[1] / "orders.xlsx")
    too_wide = []
    for name in ("Staple orders", "Seasonal orders", "Orders by style"):
        ws = wb[name]
        for cell in list(ws[5]) + list(ws[3]):  # the header row, and the settings row's labels
            if not isinstance(cell.value, str) or cell.value.startswith("="):
                continue
            width = ws.column_dimensions[get_column_letter(cell.column)].width
            words = cell.value.split() if cell.row == 5 else [cell.value]
            if max(display_width(w) for w in words) > width:
                too_wide.append((name, cell.coordinate, cell.value, width))
    assert not too_wide
