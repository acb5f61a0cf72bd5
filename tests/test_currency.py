"""The pack's currency is the one the amounts show ($, ¥, 円, a header's
(USD)) unless one is set; nothing is converted, and sales in two currencies
stop the build rather than being summed."""
import csv
import json
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from kpipack.domain import Settings
from kpipack.errors import KpipackError
from kpipack.ingest.clean import currency_shown
from kpipack.pipeline import build_pack


def _csv(path, amounts, header="Net Sales"):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Date", "Store", "Receipt", "SKU", "Qty", header])
        for n, amount in enumerate(amounts, 1):
            writer.writerow([f"2026-10-{n:02d}", "S01", f"R{n}", "A1", 1, amount])
    return path


@pytest.mark.parametrize("cells, header, code", [
    (["$1.00", "-$0.90", "$1,234.50"], "Net Sales", "USD"),
    (["1,000円", "2,500円"], "売上", "JPY"),
    (["\\1,000", "\\2,500"], "売上", "JPY"),  # the yen sign of a Shift_JIS file
    (["€12,50", "€3,00"], "Umsatz", "EUR"),
    (["£4.00"], "Takings", "GBP"),
    ([1000.0, 2500.0], "売上金額(円)", "JPY"),
    ([10.0, 25.0], "Sales (USD)", "USD"),
    ([10.0, 25.0], "Sales", None),
    (["10", "25"], "Net sales", None),
])
def test_the_currency_a_column_shows(cells, header, code):
    assert currency_shown(pd.Series(cells), header) == code


def test_dollar_amounts_make_a_dollar_pack(tmp_path):
    source = _csv(tmp_path / "sales.csv", ["$10.00", "$20.50", "$5.25"])
    result = build_pack([source], Settings(lang="en", period="2026-10"), out=tmp_path / "p.xlsx",
                        json_out=tmp_path / "r.json")
    results = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert results["currency"] == "USD"
    net = next(k for k in results["kpis"] if k["id"] == "net_sales" and k["scope"] == "total")
    assert net["actual"] == pytest.approx(35.75)  # converted into nothing: the figures as written
    [note] = [w for w in results["data_quality"]["warnings"] if "USD" in w["problem"]]
    assert note["file"] == "sales.csv"
    assert result.pack_path is not None
    book = openpyxl.load_workbook(tmp_path / "p.xlsx")
    formats = {c.number_format for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert any('"$"#,##0' in f for f in formats) and not any("¥" in f for f in formats)
    # on the data-quality sheet the note is among the notes on rows used, not the sheets left unused,
    # and its row is tall enough for its wrapped lines
    ws = book["Data quality"]
    titles = {ws.cell(r, 1).value.rsplit(" (", 1)[0]: r for r in range(1, ws.max_row + 1)
              if isinstance(ws.cell(r, 1).value, str) and ws.cell(r, 1).value.endswith(")")}
    [at] = [r for r in range(1, ws.max_row + 1) if "USD" in str(ws.cell(r, 4).value or "")]
    assert "Sheets not used" not in titles and at > titles["Notes (rows kept)"]
    assert ws.row_dimensions[at].height >= 30
    assert note["row"] == 0 and ws.cell(at, 3).value is None  # a whole file's note names no row, not row 0


def test_plain_numbers_stay_in_yen_without_a_note(tmp_path):
    source = _csv(tmp_path / "sales.csv", ["1000", "2000"], header="売上金額")
    build_pack([source], Settings(lang="ja", period="2026-10"), json_out=tmp_path / "r.json")
    results = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert results["currency"] == "JPY"
    assert not [w for w in results["data_quality"]["warnings"] if "通貨" in w["problem"] or "JPY" in w["problem"]]


def test_a_currency_set_wins_and_the_other_sign_is_said(tmp_path):
    source = _csv(tmp_path / "sales.csv", ["$10.00", "$20.00"])
    build_pack([source], Settings(lang="en", period="2026-10", currency="jpy"), json_out=tmp_path / "r.json")
    results = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert results["currency"] == "JPY"
    [warning] = [w for w in results["data_quality"]["warnings"] if "USD" in w["problem"]]
    assert "JPY" in warning["problem"] and "without conversion" in warning["problem"]


def test_sales_in_two_currencies_stop_the_build(tmp_path):
    dollars = _csv(tmp_path / "us.csv", ["$10.00", "$20.00"])
    euros = tmp_path / "eu.csv"
    _csv(euros, ["€5.00", "€6.00"])
    euros.write_text(euros.read_text(encoding="utf-8").replace("R", "E"), encoding="utf-8")
    with pytest.raises(KpipackError) as stop:
        build_pack([dollars, euros], Settings(lang="en", period="2026-10"), json_out=tmp_path / "r.json")
    message = stop.value.message("ja")
    assert "us.csv USD" in message and "eu.csv EUR" in message and "換算" in message
    assert not (tmp_path / "r.json").exists()
    proc = subprocess.run([sys.executable, "-m", "kpipack", "build", str(dollars), str(euros), "--lang", "ja",
                           "--json", str(tmp_path / "r.json")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "us.csv USD" in proc.stderr and "--currency" in proc.stderr
    # setting the currency builds them (as written, with a warning for the other sign)
    build_pack([dollars, euros], Settings(lang="en", period="2026-10", currency="USD"), json_out=tmp_path / "r.json")
    results = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert results["currency"] == "USD"
    assert [w["file"] for w in results["data_quality"]["warnings"] if "EUR" in w["problem"]] == ["eu.csv"]


def test_a_currency_column_names_the_currency(tmp_path):
    from test_export_profiles import SHOPIFY

    orders = tmp_path / "orders_export.csv"
    orders.write_text(SHOPIFY, encoding="utf-8")  # plain amounts, and USD in its Currency column
    build_pack([orders], Settings(lang="en", period="2026-10"), json_out=tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["currency"] == "USD"
    plain = tmp_path / "lines.csv"
    plain.write_text("日付,店舗,売上金額,通貨\n2026-10-01,S01,1200,EUR\n2026-10-02,S01,800,eur\n", encoding="utf-8")
    build_pack([plain], Settings(lang="ja", period="2026-10"), json_out=tmp_path / "r2.json")
    results = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))
    assert results["currency"] == "EUR" and results["data_quality"]["rows_used"] == 2


@pytest.mark.parametrize("value, lang, currency, said", [
    (22.72, "en", "USD", "$22.72"), (6225.4, "ja", "USD", "$6,225"), (1_500_000, "en", "EUR", "€1.50m"),
    (5000, "en", "CHF", "CHF 5,000"), (-40.5, "en", "GBP", "-£40.50"), (42_000, "ja", "JPY", "4.2万円"),
    (980, "en", "JPY", "¥980")])
def test_a_sentence_carries_the_currency_sign(value, lang, currency, said):
    from kpipack.report.findings import short_money

    assert short_money(value, lang, currency) == said


TOAST = ("Location,Order Id,Order Date,Check Id,Item Selection Id,Master Id,Menu Item,Sales Category,Net Price,Qty,"
         "Void?\n"
         "Main,O1,10/8/2026 17:17,C1,S1,M1,Espresso,Beverage,4.00,1,false\n"
         "Main,O2,10/31/2026 09:00,C2,S2,M1,Espresso,Beverage,4.00,1,false\n")


@pytest.mark.parametrize("lang, said", [
    ("en", "the amounts show no currency, so the pack is in JPY, the default; Toast sells in USD, CAD, GBP, EUR"),
    ("ja", "金額に通貨の記号がないため、既定の JPY で作成しました。Toast の通貨は USD, CAD, GBP, EUR です")])
def test_an_export_of_a_system_that_never_sells_in_yen_warns_of_the_default(tmp_path, lang, said):
    (tmp_path / "ItemSelectionDetails.csv").write_text(TOAST, encoding="utf-8")
    build_pack([tmp_path / "ItemSelectionDetails.csv"], Settings(lang=lang, period="2026-10"),
               json_out=tmp_path / "r.json")
    results = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert results["currency"] == "JPY"
    assert any(w["problem"].startswith(said) for w in results["data_quality"]["warnings"])
    build_pack([tmp_path / "ItemSelectionDetails.csv"], Settings(lang=lang, period="2026-10", currency="USD"),
               json_out=tmp_path / "usd.json")
    results = json.loads((tmp_path / "usd.json").read_text(encoding="utf-8"))
    assert results["currency"] == "USD" and not any("Toast" in w["problem"]
                                                    for w in results["data_quality"]["warnings"])


def test_plain_numbers_under_headers_not_in_japanese_say_the_pack_fell_back_to_yen(tmp_path, capsys):
    from kpipack.cli import main

    source = _csv(tmp_path / "sales.csv", ["1000", "2000"])  # Net Sales, no sign
    assert main(["--lang", "en", "build", str(source), "--json", str(tmp_path / "r.json"),
                 "--period", "2026-10", "--quiet", "--no-cache"]) == 0
    results = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert results["currency"] == "JPY"
    [warning] = [w for w in results["data_quality"]["warnings"] if "show no currency" in w["problem"]]
    assert warning["file"] == "sales.csv" and "--currency" in warning["problem"]
    assert "sales.csv: the amounts show no currency" in capsys.readouterr().err  # said where the user looks
    # a currency set, or the same numbers under Japanese headers, leave nothing to say
    build_pack([source], Settings(lang="en", period="2026-10", currency="USD"), json_out=tmp_path / "usd.json")
    usd = json.loads((tmp_path / "usd.json").read_text(encoding="utf-8"))
    assert not [w for w in usd["data_quality"]["warnings"] if "show no currency" in w["problem"]]


def test_prices_in_dollars_make_a_dollar_pack_where_no_amount_is_written(tmp_path):
    """A sheet of quantity and price only ($3.50 a cup): its sales are 2 × 3.50 a day, in the prices' dollars."""
    source = tmp_path / "log.csv"
    source.write_text("Date,Store,Receipt,Item,Qty,Price\n2026-10-01,S01,1,Coffee,2,$3.50\n"
                      "2026-10-02,S01,2,Coffee,2,$3.50\n", encoding="utf-8")
    build_pack([source], Settings(lang="en", period="2026-10"), json_out=tmp_path / "r.json")
    results = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert results["currency"] == "USD"
    assert next(k["actual"] for k in results["kpis"] if k["id"] == "net_sales" and k["scope"] == "total") == 14.0
