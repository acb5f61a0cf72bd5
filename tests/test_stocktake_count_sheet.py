"""Count sheets: every SKU of the chosen store from its latest book stock, a
blind counting sheet whose headers the importer knows, and the round trip of
a filled-in sheet back through the importer and the engine."""
import datetime as dt
import math

import openpyxl
import pytest

from kpipack.cli import main
from kpipack.domain import Settings
from kpipack.ingest import load_inputs
from kpipack.ingest.headers import classify
from kpipack.pipeline import build_count_sheet, build_pack
from workbooks import write_book

D = dt.datetime
# (date, store, sku, product, category, location, on hand, unit cost)
INVENTORY = [
    (D(2026, 9, 30), "S1", "0001", "Tea", "Food", "A-01", 4, 100),
    (D(2026, 9, 30), "S1", "0002", "Mug", "Goods", "B-02", 2, 300),
    (D(2026, 9, 30), "S1", "0099", "Old lamp", "Goods", "C-09", 1, 900),  # gone by October
    (D(2026, 10, 31), "S1", "0001", "Tea", "Food", "A-01", 6, 100),
    (D(2026, 10, 31), "S1", "0002", "Mug", "Goods", "B-02", 3, 300),
    (D(2026, 10, 31), "S1", "0003", "Soap", "Goods", "A-02", 0, 50),
    (D(2026, 10, 31), "S1", "0010", "Scarf", "Wear", "B-01", 5, 700),
    (D(2026, 10, 31), "S2", "0001", "Tea", "Food", "A-01", 9, 100),
    (D(2026, 10, 31), "S2", "0004", "Towel", "Goods", "A-03", 2, 400),
]
COUNTED = {"0001": 5, "0002": 3, "0003": 1, "0010": 4}  # S1 on 2026-10-31


@pytest.fixture()
def inventory(tmp_path):
    return write_book(tmp_path / "inventory.xlsx", {"Stock": [
        ["As of", "Store", "SKU", "Product", "Category", "Location", "On hand", "Unit cost"]]
        + [list(r) for r in INVENTORY]})


def expected_skus(store, day):
    rows = [r for r in INVENTORY if r[1] == store and r[0] <= day]
    latest = max(r[0] for r in rows)
    return sorted(r[2] for r in rows if r[0] == latest)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("day", [D(2026, 10, 31), D(2026, 10, 15)])
def test_every_sku_of_the_store_is_listed_without_its_book_quantity(tmp_path, inventory, lang, day):
    out = tmp_path / f"count-{lang}.xlsx"
    book = build_count_sheet([inventory], "S1", day.strftime("%Y-%m-%d"), out, lang)
    wb = openpyxl.load_workbook(out)
    counting, hidden = wb.worksheets
    assert counting.sheet_state == "visible" and hidden.sheet_state == "hidden"
    header_row = next(r for r in counting.iter_rows(min_row=1, max_row=10) if r[0].value == "No.")
    headers = [c.value for c in header_row]
    data = [dict(zip(headers, [c.value for c in r])) for r in counting.iter_rows(min_row=header_row[0].row + 1)]
    sku_col = headers[headers.index("SKU" if lang == "en" else "商品コード")]
    listed = [r[sku_col] for r in data if r[sku_col]]
    assert sorted(listed) == expected_skus("S1", day)
    # a blind count: no number on the counting sheet but the line numbers and the empty counted column
    counted_col = "Counted qty" if lang == "en" else "実棚数"
    assert all(r[counted_col] is None for r in data)
    book_qty = {r[1].value: r[3].value for r in hidden.iter_rows(min_row=5) if r[1].value}
    day_rows = [r for r in INVENTORY if r[1] == "S1" and r[0] == book.snapshot_date]
    assert book_qty == {r[2]: r[6] for r in day_rows}
    # headers are names the importer knows
    mapping = classify([h or "" for h in headers], counting.title)
    assert mapping.role == "stocktake"
    assert {"date", "store", "sku", "product", "category", "location", "unit", "counted_qty"} <= \
        set(mapping.columns.values())


def test_walking_order_is_location_then_sku(tmp_path, inventory):
    book = build_count_sheet([inventory], "S1", "2026-10-31", tmp_path / "c.xlsx")
    assert list(book.lines["location"]) == ["A-01", "A-02", "B-01", "B-02"]


def fill(out, filled, counted, extra=None):
    """Write the counted quantities (and a found item on the first spare line) as a
    counter would, saved as a spreadsheet app saves it."""
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    header_row = next(r for r in ws.iter_rows(min_row=1, max_row=10) if r[0].value == "No.")
    headers = [c.value for c in header_row]
    col = {name: headers.index(name) + 1 for name in ("棚卸日", "店舗コード", "商品コード", "実棚数")}
    spare = None
    for row in range(header_row[0].row + 1, ws.max_row + 1):
        sku = ws.cell(row, col["商品コード"]).value
        if sku in counted:
            ws.cell(row, col["実棚数"]).value = counted[sku]
        if spare is None and str(ws.cell(row, col["棚卸日"]).value).startswith("=IF("):
            spare = row
        for cell in ws[row]:
            # openpyxl keeps no formula results: the spare lines' date and store are
            # blank while no SKU is written in
            if isinstance(cell.value, str) and cell.value.startswith("=IF("):
                cell.value = None
    if extra:
        sku, qty, day, store = extra
        for name, value in (("商品コード", sku), ("実棚数", qty), ("棚卸日", day), ("店舗コード", store)):
            ws.cell(spare, col[name]).value = value
    wb.save(filled)
    return spare


def test_filled_sheet_round_trips_through_the_importer_and_the_engine(tmp_path, inventory):
    out, filled = tmp_path / "count.xlsx", tmp_path / "count-filled.xlsx"
    build_count_sheet([inventory], "S1", "2026-10-31", out, "ja")
    fill(out, filled, COUNTED)

    dataset = load_inputs([filled, inventory])
    counts = dataset.table("stocktake")
    assert sorted(counts["sku"]) == sorted(COUNTED)
    assert set(counts["store"]) == {"S1"} and set(counts["date"]) == {D(2026, 10, 31)}
    assert not dataset.issues
    assert any(n.code == "sheet_hidden" for n in dataset.warnings)  # the book sheet stays out

    sales = write_book(tmp_path / "sales.xlsx", {"Sales": [["Date", "Store", "SKU", "Sales", "Cost"],
                                                           [D(2026, 10, 10), "S1", "0001", 2000, 1000]]})
    result = build_pack([filled, inventory, sales], Settings(period="2026-10"), json_out=tmp_path / "r.json")
    book = {r[2]: (r[6], r[7]) for r in INVENTORY if r[1] == "S1" and r[0] == D(2026, 10, 31)}
    shrink = sum((book[sku][0] - n) * book[sku][1] for sku, n in COUNTED.items())
    entry = {e["scope"]: e for e in result.results["stocktake"]}["store:S1"]
    assert math.isclose(entry["shrink_value"], shrink)
    assert math.isclose(entry["book_value"], sum(q * c for q, c in book.values()))
    assert entry["gain_lines"] == 1  # soap: none on the books, one found


def test_an_item_found_on_a_spare_line_is_counted_and_reported(tmp_path, inventory):
    out, filled = tmp_path / "count.xlsx", tmp_path / "count-filled.xlsx"
    build_count_sheet([inventory], "S1", "2026-10-31", out, "ja")
    spare = fill(out, filled, COUNTED, extra=("0777", 1, D(2026, 10, 31), "S1"))
    sales = write_book(tmp_path / "sales.xlsx", {"Sales": [["Date", "Store", "SKU", "Sales", "Cost"],
                                                           [D(2026, 10, 10), "S1", "0001", 2000, 1000]]})
    result = build_pack([filled, inventory, sales], Settings(period="2026-10"), json_out=tmp_path / "r.json")
    rec = result.computation.stocktake
    assert list(rec.not_on_books["sku"]) == ["0777"]
    # it has no unit cost anywhere: the store's value stays empty and the row is named
    entry = {e["scope"]: e for e in result.results["stocktake"]}["store:S1"]
    assert entry["shrink_value"] is None and entry["not_on_books_lines"] == 1
    notes = [w for w in result.results["data_quality"]["warnings"] if "0777" in w["problem"]]
    assert [(w["file"], w["row"]) for w in notes] == [("count-filled.xlsx", spare)]


def test_blank_counts_are_reported_by_row(tmp_path, inventory):
    out = tmp_path / "count.xlsx"
    build_count_sheet([inventory], "S1", "2026-10-31", out, "en")
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    header_row = next(r for r in ws.iter_rows(min_row=1, max_row=10) if r[0].value == "No.")
    first = header_row[0].row + 1
    ws.cell(first, [c.value for c in header_row].index("Counted qty") + 1).value = 7
    for row in ws.iter_rows(min_row=first):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("=IF("):
                cell.value = None  # as saved by a spreadsheet app: blank while no SKU is written in
    wb.save(out)
    dataset = load_inputs([out])
    assert len(dataset.table("stocktake")) == 1
    rows = sorted(i.row for i in dataset.issues)
    assert rows == [first + 1, first + 2, first + 3]
    assert all("Counted quantity" in i.problem("en") for i in dataset.issues)


def test_command_line_messages(tmp_path, inventory, capsys):
    out = tmp_path / "c.xlsx"
    assert main(["count-sheet", str(inventory), "--store", "s1", "--date", "2026-10-31", "--out", str(out)]) == 0
    assert out.exists()
    assert main(["count-sheet", str(inventory), "--store", "S9", "--date", "2026-10-31", "--out",
                 str(tmp_path / "x.xlsx"), "--lang", "ja"]) == 2
    err = capsys.readouterr().err
    assert "S9" in err and "S1, S2" in err and "Traceback" not in err
    assert main(["count-sheet", str(inventory), "--store", "S1", "--date", "31/10/2026", "--out",
                 str(tmp_path / "x.xlsx")]) == 2
    assert "31/10/2026" in capsys.readouterr().err
    assert main(["count-sheet", str(inventory), "--store", "S1", "--date", "2026-01-31", "--out",
                 str(tmp_path / "x.xlsx")]) == 2
    assert "2026-09-30" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()
