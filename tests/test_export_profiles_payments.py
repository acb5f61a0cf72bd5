"""Card-terminal and payment-app exports (SumUp, Zettle), each fixture
written here in the columns the profile's comments name, never a
customer's file; every figure is worked out by hand in the comments."""
import pytest

from exports import build_results, read_sheet

SUMUP_DE_HEADER = ("Datum,Typ,Transaktionsnummer,Zahlungsmethode,Menge,Beschreibung,Währung,Preis vor Rabatt,"
                   "Rabatt,Preis (brutto),Preis (netto),Steuer,Steuersatz,Konto\n")


def sumup_de(when, kind, tx, qty, item, before, discount, gross, net, tax, rate):
    return (f'"{when}",{kind},{tx},Karte,{qty},{item},EUR,{before},{discount},{gross},{net},{tax},{rate},'
            "cafe@example.de\n")


# TAAA1: a cappuccino 11.90 with 19 % VAT = 10.00 net, and a cake 5.35 with 7 %
# = 5.00 net. TBBB2: tea 5.95 = 5.00. TDDD4: that tea refunded, −5.00.
# TCCC3 on 31 October: 3 pretzels 10.70 less a discount of 1.07 = 9.63 with
# VAT, 9.00 without. Net sales 10 + 5 + 5 − 5 + 9 = 24.00; transactions are
# the receipts whose sales add up above nought: TAAA1, TBBB2, TCCC3 = 3.
SUMUP_DE = SUMUP_DE_HEADER + "".join([
    sumup_de("03.10.2026, 12:32", "Verkauf", "TAAA1", 1, "Cappuccino", "11.90", "0.00", "11.90", "10.00", "1.90",
             "19%"),
    sumup_de("03.10.2026, 12:32", "Verkauf", "TAAA1", 1, "Kuchen", "5.35", "0.00", "5.35", "5.00", "0.35", "7%"),
    sumup_de("04.10.2026, 09:05", "Verkauf", "TBBB2", 1, "Tee", "5.95", "0.00", "5.95", "5.00", "0.95", "19%"),
    sumup_de("05.10.2026, 10:00", "Erstattung", "TDDD4", 1, "Tee", "-5.95", "0.00", "-5.95", "-5.00", "-0.95",
             "19%"),
    sumup_de("31.10.2026, 18:00", "Verkauf", "TCCC3", 3, "Brezel", "10.70", "1.07", "9.63", "9.00", "0.63", "7%"),
])


def test_sumup_sales_report_reads_the_net_price_and_takes_refunds_off(tmp_path):
    sheet = read_sheet(tmp_path, "Umsatzbericht_2026-10.csv", SUMUP_DE)
    assert sheet.mapping.profile == "sumup_sales_report"
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([10.00, 5.00, 5.00, -5.00, 9.00])
    assert t["qty"].tolist() == [1, 1, 1, -1, 3]
    assert set(t["date"].dt.strftime("%Y-%m-%d")) == {"2026-10-03", "2026-10-04", "2026-10-05", "2026-10-31"}
    results = build_results(tmp_path / "Umsatzbericht_2026-10.csv", tmp_path)
    kpis = {k["id"]: k["actual"] for k in results["kpis"] if k["scope"] == "total"}
    assert kpis["net_sales"] == pytest.approx(24.00)
    assert kpis["transactions"] == 3
    assert results["currency"] == "EUR"  # from the Währung column
    [read_as] = results["data_quality"]["read_as"]
    assert read_as["profile"] == "sumup_sales_report"
    assert read_as["note"] == "SumUpの売上レポート（Sales report）として読み込みました。売上は税抜です"


# The English export. 1001: 2 × coffee 7.00 with VAT, 6.00 without (and a
# refund of it later, whose "Transaction refunded" mark leaves the sale a
# sale: the refund row 1003 takes the 6.00 back). 1002: a chargeback is
# neither a sale nor a refund: reported, not counted. Net 6.00 + 4.00 − 6.00
# = 4.00.
SUMUP_EN = (
    "Account,Date,Type,Transaction ID,Receipt Number,Payment Method,Quantity,Description,Currency,"
    "Price (Gross),Price (Net),Tax,Tax rate,Transaction refunded\n"
    "shop@example.co.uk,\"02.10.2026, 10:15\",Sales,T1001,S20260000101,Card,2,Coffee,GBP,7.20,6.00,1.20,20%,Yes\n"
    "shop@example.co.uk,\"02.10.2026, 10:20\",Sales,T1004,S20260000102,Cash,1,Scone,GBP,4.80,4.00,0.80,20%,\n"
    "shop@example.co.uk,\"03.10.2026, 11:00\",Refund,T1003,S20260000103,Card,2,Coffee,GBP,-7.20,-6.00,-1.20,20%,\n"
    "shop@example.co.uk,\"09.10.2026, 16:40\",Chargeback,T1002,S20260000104,Card,1,Cake,GBP,-3.60,-3.00,-0.60,20%,\n"
)


def test_sumup_sales_report_in_english_and_a_type_that_is_no_sale(tmp_path):
    sheet = read_sheet(tmp_path, "sales-report-2026-10.csv", SUMUP_EN)
    assert sheet.mapping.profile == "sumup_sales_report"
    assert sheet.table["net_sales"].tolist() == pytest.approx([6.00, 4.00, -6.00])
    assert sheet.table["net_sales"].sum() == pytest.approx(4.00)
    assert {i.row: i.code for i in sheet.issues} == {5: "row_not_sale_status"}


def zettle_workbook(path):
    """A Danish Zettle receipts export: 16 title rows, the header, one receipt
    a row, a blank row and the totals."""
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Kvitteringer"
    ws.append(["Kvitteringer"])
    ws.append(["Periode", "01-10-2026 - 31-10-2026"])
    for _ in range(14):
        ws.append([])
    ws.append(["Dato", "Tid", "Kvitteringsnummer", "Moms (25.0%)", "Total", "Afgift", "Netto", "Betalingsmetode",
               "Hændelsestype", "Kortudsteder", "Sidste cifre", "Personale", "Beskrivelse", "Solgt via"])
    rows = [  # date, time, receipt, VAT, total, fee, net, method, event, issuer, digits, staff, description, via
        (dt.datetime(2026, 10, 2), "10:15", 101, 25.0, 125.0, 0.94, 124.06, "Kort", "Betaling", "VISA", "4242"),
        (dt.datetime(2026, 10, 2), "11:00", 102, 10.0, 50.0, 0.0, 50.0, "Kontant", "Betaling", None, None),
        (dt.datetime(2026, 10, 3), "09:30", 103, -10.0, -50.0, 0.0, -50.0, "Kontant", "Refundering", None, None),
        (dt.datetime(2026, 10, 31), "17:45", 104, 50.0, 250.0, 1.88, 248.12, "Kort", "Betaling", "Mastercard",
         "0005"),
    ]
    for row in rows:
        ws.append([*row, "Anne", "Kaffe", "iPhone"])
    ws.append([])
    ws.append(["I alt", None, None, 75.0, 375.0, 2.82, 372.18])
    wb.save(path)


def test_zettle_receipts_take_vat_off_the_amount_taken_and_never_the_fee(tmp_path):
    """Total less Moms: 125 − 25 = 100, 50 − 10 = 40, the refund −50 + 10 =
    −40, 250 − 50 = 200: 300 kroner in three receipts (the refund's own
    receipt sells nothing). Netto (Total less Zettle's fee) is never the
    sale: 124.06 + 50 − 50 + 248.12 would be 372.18. The blank row and the
    totals row are reported, not summed."""
    from kpipack.ingest import Mapping, read_file

    path = tmp_path / "Kvitteringer_2026-10.xlsx"
    zettle_workbook(path)
    tables, _ = read_file(path, Mapping())
    [sheet] = tables
    assert sheet.mapping.profile == "zettle_receipts"
    assert sheet.table["net_sales"].tolist() == pytest.approx([100.0, 40.0, -40.0, 200.0])
    assert sheet.rows_read == sheet.rows_used + len(sheet.issues) == 6
    assert sorted(i.row for i in sheet.issues) == [22, 23]
    results = build_results(path, tmp_path)
    kpis = {k["id"]: k["actual"] for k in results["kpis"] if k["scope"] == "total"}
    assert kpis["net_sales"] == pytest.approx(300.0)
    assert kpis["transactions"] == 3
    [read_as] = results["data_quality"]["read_as"]
    assert read_as["profile"] == "zettle_receipts"
