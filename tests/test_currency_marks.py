"""Currency codes written before or after an amount (EUR 12,50, 12.50 GBP,
CHF 1'234.50, Fr. 12.50) are the amount's currency mark, and an xlsx whose
amounts are plain numbers shows its currency in the cells' number format."""
import datetime as dt
import json

import openpyxl
import pandas as pd
import pytest

from kpipack.ingest.clean import clean_number, currency_shown
from kpipack.ingest.currency_marks import currency_of_format
from test_layouts import build, warnings, write_csv


@pytest.mark.parametrize("cells, values, code", [
    (["EUR 12,50", "EUR 1.234,00"], [12.5, 1234.0], "EUR"),
    (["12.50 GBP", "1,000.00 GBP"], [12.5, 1000.0], "GBP"),
    (["CHF 1'234.50", "CHF 12.00"], [1234.5, 12.0], "CHF"),
    (["Fr. 12.50", "12.50 Fr.", "SFr. 3.00"], [12.5, 12.5, 3.0], "CHF"),
    (["SEK 100", "-200 SEK"], [100.0, -200.0], "SEK"),
    (["usd 5.00"], [5.0], "USD"),  # a common code in any case
])
def test_a_currency_code_beside_the_amount(cells, values, code):
    numbers, bad = clean_number(pd.Series(cells, dtype=object))
    assert numbers.tolist() == values and not bad.any()
    assert currency_shown(pd.Series(cells, dtype=object)) == code


@pytest.mark.parametrize("cell", ["ABC123", "12 pcs", "12 pen", "all 5", "12.50 XYZ"])
def test_letters_that_name_no_currency_are_not_a_number(cell):
    numbers, bad = clean_number(pd.Series([cell], dtype=object))
    assert numbers.isna().all() and bad.all()


def test_a_header_naming_an_iso_code_in_brackets():
    assert currency_shown(pd.Series([10.0]), "Sales (SEK)") == "SEK"
    assert currency_shown(pd.Series([10.0]), "Total (all)") is None


@pytest.mark.parametrize("code, currency", [
    ('"$"#,##0.00', "USD"), ("[$€-407]#,##0.00", "EUR"), ("#,##0.00 [$€-1]", "EUR"), ("[$CHF] #,##0.00", "CHF"),
    ('#,##0"円"', "JPY"), ("\\$#,##0", "USD"), ("£#,##0.00;-£#,##0.00", "GBP"), ('#,##0.00" SEK"', "SEK"),
    ("[$¥-411]#,##0", "JPY"), ("#,##0.00", None), ("[$-411]#,##0", None), ("0%", None), ("", None),
])
def test_the_currency_a_number_format_shows(code, currency):
    assert currency_of_format(code) == currency


def _xlsx(path, number_format):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "items"
    ws.append(["Date", "Location", "Transaction ID", "Net Sales"])
    for d in range(1, 4):
        ws.append([dt.datetime(2026, 10, d), "Main St", f"T{d}", 12.5 * d])
        ws.cell(ws.max_row, 4).number_format = number_format
    wb.save(path)
    return path


@pytest.mark.parametrize("lang, said", [("en", "cell format shows USD"), ("ja", "表示形式が USD")])
def test_an_xlsx_keeps_its_dollars_in_the_cell_format(tmp_path, lang, said):
    code, results = build(tmp_path, _xlsx(tmp_path / "items.xlsx", '"$"#,##0.00'), lang=lang)
    # 12.50 + 25.00 + 37.50
    assert code == 0 and results["currency"] == "USD"
    assert [k["actual"] for k in results["kpis"] if k["id"] == "net_sales" and k["scope"] == "total"] == [75.0]
    assert any(said in w and "Net Sales" in w for w in warnings(results))


def test_a_locale_currency_format_gives_euros(tmp_path):
    code, results = build(tmp_path, _xlsx(tmp_path / "items.xlsx", "[$€-407]#,##0.00"))
    assert code == 0 and results["currency"] == "EUR"


def test_plain_number_formats_fall_back_to_yen_with_the_warning(tmp_path):
    code, results = build(tmp_path, _xlsx(tmp_path / "items.xlsx", "#,##0.00"))
    assert code == 0 and results["currency"] == "JPY"
    assert any("the pack is in JPY, the default" in w for w in warnings(results))
    assert not any("cell format" in w for w in warnings(results))


def test_the_text_wins_over_the_format(tmp_path):
    path = tmp_path / "items.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Location", "Transaction ID", "Net Sales"])
    ws.append([dt.datetime(2026, 10, 1), "Main St", "T1", "£4.00"])
    ws.append([dt.datetime(2026, 10, 2), "Main St", "T2", 6.0])
    ws.cell(3, 4).number_format = '"$"#,##0.00'
    wb.save(path)
    code, results = build(tmp_path, path)
    assert code == 0 and results["currency"] == "GBP"


def test_swiss_francs_in_a_csv_build_a_franc_pack(tmp_path):
    rows = [["Date", "Store", "Receipt", "Amount"], ["2026-10-01", "S1", "R1", "CHF 12.50"],
            ["2026-10-02", "S1", "R2", "CHF 1'234.00"], ["2026-10-03", "S2", "R3", "Fr. 7.50"]]
    code, results = build(tmp_path, write_csv(tmp_path / "sales.csv", rows))
    assert code == 0 and results["currency"] == "CHF" and results["data_quality"]["rows_rejected"] == 0
    # 12.50 + 1,234.00 + 7.50
    assert [k["actual"] for k in results["kpis"] if k["id"] == "net_sales" and k["scope"] == "total"] == [1254.0]
    assert json.dumps(results["data_quality"]["warnings"]).count("CHF") >= 1
