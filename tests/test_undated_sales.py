"""Sales totals without dates (Shopify's "Sales by product" and reports like
it): read as the month the file's name or title lines give, with a note; a
period of several months, or none at all, refused with a message naming the
file and what is missing, in English and Japanese."""
import datetime as dt

import pytest

from exports import build_results
from kpipack.cli import main
from kpipack.ingest import Mapping, load_inputs, read_file
from kpipack.ingest.undated import period_of
from workbooks import write_book

# columns of a shop's sales-by-product report: Net sales is gross sales less
# discounts and returns, without taxes. Σ Net sales = 140 + 30 + 45 = 215.
BY_PRODUCT = (
    "Product title,Product vendor,Product type,Net quantity,Gross sales,Discounts,Returns,Net sales,Taxes,Total sales\n"
    "Blue mug,Acme,Mugs,10,150.00,-10.00,0.00,140.00,14.00,154.00\n"
    "Red cup,Acme,Cups,3,40.00,0.00,-10.00,30.00,3.00,33.00\n"
    "Tea tin,Leaf,Tea,5,50.00,-5.00,0.00,45.00,4.50,49.50\n"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_period_in_the_file_name_makes_the_month(tmp_path):
    path = write(tmp_path, "sales_2026-10-01_2026-10-31.csv", BY_PRODUCT)
    tables, _ = read_file(path, Mapping())
    sheet = tables[0]
    assert sheet.table["net_sales"].sum() == pytest.approx(215.0)
    assert sheet.table["qty"].sum() == 18
    assert set(sheet.table["date"].dt.strftime("%Y-%m-%d")) == {"2026-10-31"}
    assert sheet.table["product"].tolist() == ["Blue mug", "Red cup", "Tea tin"]
    note = next(w for w in sheet.warnings if w.code == "note_undated_period_name")
    assert note.params == {"first": "2026-10-01", "last": "2026-10-31"}


def test_the_period_in_the_title_lines_makes_the_month(tmp_path):
    titled = "Sales by product\nExported 2026-11-02 09:00\n2026/09/01 - 2026/09/30\n\n" + BY_PRODUCT
    tables, _ = read_file(write(tmp_path, "sales_by_product.csv", titled), Mapping())
    sheet = tables[0]
    assert sheet.table["net_sales"].sum() == pytest.approx(215.0)
    assert set(sheet.table["date"].dt.month) == {9}  # the export's own date (November) is passed over
    assert any(w.code == "note_undated_period_title" for w in sheet.warnings)


@pytest.mark.parametrize("name, first, last", [
    ("売上_202610.csv", "2026-10-01", "2026-10-31"),
    ("Sales by product October 2026.csv", "2026-10-01", "2026-10-31"),
    ("sales 2026-10-01 to 2026-10-31.csv", "2026-10-01", "2026-10-31"),
    ("売上 2026-10-01～2026-10-31.csv", "2026-10-01", "2026-10-31"),
    ("sales_20261001-20261015.csv", "2026-10-01", "2026-10-15"),
    ("2026年2月 商品別.csv", "2026-02-01", "2026-02-28"),
])
def test_periods_as_file_names_write_them(name, first, last):
    found = period_of(name, [])
    assert (found.first.isoformat(), found.last.isoformat()) == (first, last)


def refused(path, tmp_path, capsys, lang):
    """What `kpipack build` says, on one line, when nothing else is given."""
    assert main(["build", str(path), "--lang", lang, "--json", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    return err


def test_no_period_anywhere_is_refused_naming_the_file(tmp_path, capsys):
    path = write(tmp_path, "sales_by_product.csv", BY_PRODUCT)
    said = refused(path, tmp_path, capsys, "en")
    assert "sheet 'sales_by_product' of sales_by_product.csv: sales, but no date column" in said
    assert said.endswith("(3 rows)")
    assert "neither the file's name nor its title lines give the period" in said
    assert "ファイル名にも表題行にも期間がありません" in refused(path, tmp_path, capsys, "ja")


def test_a_period_of_two_months_is_refused(tmp_path, capsys):
    path = write(tmp_path, "sales_2026-09-01_2026-10-31.csv", BY_PRODUCT)
    assert "2026-09-01 – 2026-10-31, more than one month" in refused(path, tmp_path, capsys, "en")
    assert "複数の月にわたる" in refused(path, tmp_path, capsys, "ja")


def test_the_build_reads_the_month_of_the_name(tmp_path):
    data = build_results(write(tmp_path, "sales_2026-10-01_2026-10-31.csv", BY_PRODUCT), tmp_path)
    assert data["period"] == "2026-10"
    assert data["data_quality"]["net_sales_used"] == pytest.approx(215.0)
    said = [w["problem"] for w in data["data_quality"]["warnings"]]
    assert any("ファイル名の期間 2026-10-01～2026-10-31 の売上" in s for s in said), said


def test_totals_beside_the_same_months_lines_are_not_counted_twice(tmp_path):
    path = write_book(tmp_path / "sales_202610.xlsx", {
        "Lines": [["Date", "Receipt", "Product", "Qty", "Net sales"],
                  [dt.datetime(2026, 10, 3), "R1", "Blue mug", 2, 28.0],
                  [dt.datetime(2026, 10, 9), "R2", "Tea tin", 1, 9.0]],
        "By product": [["Product", "Qty", "Net sales"], ["Blue mug", 2, 28.0], ["Tea tin", 1, 9.0]],
    })
    ds = load_inputs([path], Mapping(), isolated=False, use_cache=False)
    assert ds.tables["sales"]["net_sales"].sum() == pytest.approx(37.0)  # 28 + 9, once
    note = next(n for n in ds.notes if n.code == "sheet_undated_beside_lines")
    assert (note.sheet, note.params["month"]) == ("By product", "2026-10")
