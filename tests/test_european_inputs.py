"""Sales, store, traffic and budget files written in German, French, Spanish
and Italian: their headers are read without a mapping and their numbers as
their countries write them (1.234,56 €, 1 234,56, 1'234.50), the whole column
deciding; a German 1.234 is one thousand two hundred thirty-four, said in a
note. Figures worked out by hand."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from kpipack.domain import Settings
from kpipack.ingest import clean
from kpipack.ingest.headers import fields_for
from kpipack.kpis import linefiles
from kpipack.kpis.budget_names import kpi_for_budget_name
from kpipack.pipeline import build_pack


def build(tmp_path, inputs, lang="en") -> dict:
    js = tmp_path / "r.json"
    build_pack(inputs, Settings(period="2026-10", lang=lang, currency="EUR"), json_out=js, use_cache=False)
    return json.loads(js.read_text(encoding="utf-8"))


def kpi(result: dict, name: str, scope: str = "total"):
    return next(r for r in result["kpis"] if r["id"] == name and r["scope"] == scope)


@pytest.mark.parametrize("header, field", [
    ("Datum", "date"), ("Filiale", "store"), ("Umsatz", "net_sales"), ("Umsatz (€)", "net_sales"),
    ("Menge", "qty"), ("Artikelnummer", "sku"), ("Bon-Nr.", "receipt"), ("Kunde", "customer"),
    ("Magasin", "store"), ("Chiffre d'affaires", "net_sales"), ("Quantité", "qty"), ("Fecha", "date"),
    ("Tienda", "store"), ("Ventas", "net_sales"), ("Cantidad", "qty"), ("Negozio", "store"), ("Data vendita", "date"),
    ("Vendite", "net_sales"), ("Quantità", "qty"), ("Besucher", "visitors"), ("Arbeitsstunden", "labor_hours"),
    ("Verkaufsfläche", "floor_area"), ("Monat", "month")])
def test_european_headers_name_their_fields(header, field):
    assert field in fields_for(header)


@pytest.mark.parametrize("name, kpi_id", [("Umsatzbudget", "net_sales"), ("Presupuesto ventas", "net_sales"),
                                          ("Budget vendite", "net_sales"), ("Besucher Budget", "visitors")])
def test_european_budget_names_name_their_kpi(name, kpi_id):
    assert kpi_for_budget_name(name) == kpi_id


@pytest.mark.parametrize("cells, want", [
    (["1.234,56 €", "12,50 €"], [1234.56, 12.5]), (["-1.234,56 €", "(12,00 €)"], [-1234.56, -12.0]),
    (["1\u202f234,56", "1\u00a0234,56 €"], [1234.56, 1234.56]), (["1'234.50", "1'000"], [1234.5, 1000.0])])
def test_numbers_as_european_tills_write_them(cells, want):
    values, bad = clean.clean_number(pd.Series(cells, dtype=object))
    assert values.tolist() == want and not bad.any()


@pytest.mark.parametrize("engine", [False, True])
def test_a_german_shop_built_from_its_own_files(tmp_path, monkeypatch, engine):
    """F01 sells 1.234,50 € + 12,00 € = 1,246.50 on 120,5 m², F02 2.000,00 € + 7,50 € = 2,007.50 on 80 m²;
    visitors 100 and 80 + 40; budgets 1.500 and 2.500 (one thousand five hundred …). The same when the
    engine reads the sales file."""
    (tmp_path / "verkauf.csv").write_text(
        "Datum,Filiale,Bon-Nr.,Artikelnummer,Artikel,Menge,Umsatz,Kunde\n"
        '01.10.2026,F01,1001,A1,Kaffee,2,"1.234,50 €",K1\n01.10.2026,F01,1002,A2,Tee,1,"12,00 €",K2\n'
        '02.10.2026,F02,2001,A1,Kaffee,1,"2.000,00 €",K1\n03.10.2026,F02,2002,A3,Kuchen,3,"7,50 €",\n',
        encoding="utf-8")
    (tmp_path / "filialen.csv").write_text(
        'Filiale,Filialname,Verkaufsfläche,Region\nF01,Berlin Mitte,"120,5",Nord\nF02,München,80,Süd\n',
        encoding="utf-8")
    (tmp_path / "frequenz.csv").write_text(
        'Datum,Filiale,Besucher,Arbeitsstunden\n01.10.2026,F01,100,"16,5"\n02.10.2026,F02,80,8\n'
        '03.10.2026,F02,40,8\n', encoding="utf-8")
    (tmp_path / "budget.csv").write_text(
        'Monat,Filiale,Umsatzbudget,Besucher Budget\n2026-10,F01,"1.500",200\n2026-10,F02,"2.500",100\n',
        encoding="utf-8")
    if engine:
        monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
        assert linefiles.claim([tmp_path / "verkauf.csv"])[0] is not None
    got = build(tmp_path, [tmp_path / n for n in ("verkauf.csv", "filialen.csv", "frequenz.csv", "budget.csv")])
    assert got["currency"] == "EUR"
    assert kpi(got, "net_sales", "store:F01")["actual"] == pytest.approx(1246.5)
    assert kpi(got, "net_sales")["actual"] == pytest.approx(3254.0)
    assert kpi(got, "net_sales")["budget"] == 4000.0 and kpi(got, "visitors", "store:F01")["budget"] == 200
    assert kpi(got, "visitors", "store:F02")["actual"] == 120 and kpi(got, "labor_hours")["actual"] == 32.5
    assert kpi(got, "sales_per_area", "store:F01")["actual"] == pytest.approx(1246.5 / 120.5)
    assert kpi(got, "transactions")["actual"] == 4
    dq = got["data_quality"]
    assert dq["rows_rejected"] == 0 and dq["rows_used"] == 11
    said = {(w["file"], w["problem"]) for w in dq["warnings"]}
    assert ("budget.csv", "the number columns show no decimal mark: 1.500 is read as 1,500, as the headers "
            "('Monat') are in a language that writes decimal commas (1.234,56)") in said
    assert ("verkauf.csv", "column 'Datum': dates written with dots such as 01.10.2026 are read day first "
            "(01.10.2026 = 1 October 2026), as every country writing them so reads them") in said


ITALIAN = 'Data,Negozio,Scontrino,Vendite,Quantità\n2026-10-01,N1,S1,"1.234",1\n2026-10-01,N1,S2,"2.000",1\n' \
          '2026-10-03,N2,S3,"500",2\n'


def test_a_thousands_point_under_italian_headers_on_the_importer_and_the_engine(tmp_path, monkeypatch):
    """1.234 + 2.000 + 500 = 3,734, never 503.234, whatever the file's size."""
    (tmp_path / "vendite.csv").write_text(ITALIAN, encoding="utf-8")
    small = build(tmp_path, [tmp_path / "vendite.csv"])
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    big = build(tmp_path, [tmp_path / "vendite.csv"])
    for got in (small, big):
        assert kpi(got, "net_sales")["actual"] == pytest.approx(3734.0)
        assert kpi(got, "net_sales", "store:N1")["actual"] == pytest.approx(3234.0)
        assert any(w["problem"].startswith("the number columns show no decimal mark: ") and "as the headers "
                   "('Negozio')" in w["problem"] for w in got["data_quality"]["warnings"])


def test_english_headers_keep_the_decimal_point(tmp_path):
    """The same cells under English headers: 1.234 + 2.000 + 500 = 503.234, as before (a point)."""
    (tmp_path / "sales.csv").write_text(ITALIAN.replace("Data,Negozio,Scontrino,Vendite,Quantità",
                                                       "Date,Store,Receipt,Sales,Qty"), encoding="utf-8")
    got = build(tmp_path, [tmp_path / "sales.csv"])
    assert kpi(got, "net_sales")["actual"] == pytest.approx(503.234)


@pytest.mark.parametrize("name, text, total", [
    ("ventas.csv", "Fecha;Tienda;Ventas;Cantidad\n01/10/2026;T1;1.234,50;2\n02/10/2026;T1;300;1\n"
                   "15/10/2026;T2;2.000;1\n", 3534.5),
    ("umsatz_ch.csv", "Datum,Filiale,Umsatz,Menge\n2026-10-01,Z1,\"1'234.50\",1\n2026-10-02,Z1,\"1'000\",1\n"
                      "2026-10-03,Z1,\"12.50\",1\n", 2247.0)])
def test_spanish_and_swiss_sales(tmp_path, name, text, total):
    (tmp_path / name).write_text(text, encoding="utf-8")
    got = build(tmp_path, [tmp_path / name])
    assert kpi(got, "net_sales")["actual"] == pytest.approx(total) and got["data_quality"]["rows_rejected"] == 0


def test_french_sales_in_a_workbook(tmp_path):
    """1 234,56 € (a narrow no-break space) + 99,90 € + 2 000,00 € = 3,334.46."""
    pd.DataFrame({"Date": ["2026-10-01", "2026-10-02", "2026-10-02"], "Magasin": ["M1", "M1", "M2"],
                  "N° de ticket": ["T1", "T2", "T3"], "Quantité": [1, 2, 1],
                  "Chiffre d'affaires": ["1\u202f234,56 €", "99,90 €", "2\u00a0000,00 €"]}).to_excel(
        tmp_path / "ventes.xlsx", sheet_name="Ventes", index=False)
    got = build(tmp_path, [tmp_path / "ventes.xlsx"], lang="ja")
    assert kpi(got, "net_sales")["actual"] == pytest.approx(3334.46)
    assert kpi(got, "transactions", "store:M1")["actual"] == 2
