"""A file read through a profile's aliases (a Square dashboard set to
Japanese, SumUp's German export) is spoken of in its own header words: the
importer's notes and rejected rows and the pack's data-quality sheet name
`イベントタイプ` and `Typ`, the columns the user can find in the file, never
the profile's English `Event Type` and `Type`. Fixtures are written here in
the layouts the profiles' comments give."""
import json

import openpyxl
import pytest

from kpipack.cli import main
from kpipack.ingest import Mapping, read_file

# Square item detail from a Japanese dashboard. A1: latte 2 × ¥450 = ¥900 net;
# B2: muffin ¥300; R3: that muffin refunded (written positive, as Square does)
# = −¥300. Net sales 900 + 300 − 300 = ¥900.
SQUARE_ITEMS_JA = (
    "日付,時間,カテゴリ,商品名,数量,総売上高,割引,純売上高,税金,取引 ID,イベントタイプ,店舗\n"
    "2026-10-05,12:00:00,コーヒー,ラテ,2,￥900,￥0,￥900,￥90,A1,支払い,渋谷店\n"
    "2026-10-06,09:00:00,フード,マフィン,1,￥300,￥0,￥300,￥30,B2,支払い,渋谷店\n"
    "2026-10-07,10:00:00,フード,マフィン,1,￥300,￥0,￥300,￥30,R3,返金,渋谷店\n"
)

# SumUp's German sales report. T1: cappuccino 11.90 with 19 % VAT = 10.00 net;
# T2: tea 5.95 = 5.00; T3: that tea refunded (Erstattung) = −5.00; T4: a
# chargeback (Rückbuchung), neither sale nor refund: rejected, not counted.
# Net sales 10.00 + 5.00 − 5.00 = 10.00.
SUMUP_DE = (
    "Datum,Typ,Transaktionsnummer,Zahlungsmethode,Menge,Beschreibung,Währung,Preis vor Rabatt,Rabatt,"
    "Preis (brutto),Preis (netto),Steuer,Steuersatz,Konto\n"
    '"03.10.2026, 12:32",Verkauf,T1,Karte,1,Cappuccino,EUR,11.90,0.00,11.90,10.00,1.90,19%,cafe@example.de\n'
    '"04.10.2026, 09:05",Verkauf,T2,Karte,1,Tee,EUR,5.95,0.00,5.95,5.00,0.95,19%,cafe@example.de\n'
    '"05.10.2026, 10:00",Erstattung,T3,Karte,1,Tee,EUR,-5.95,0.00,-5.95,-5.00,-0.95,19%,cafe@example.de\n'
    '"09.10.2026, 16:40",Rückbuchung,T4,Karte,1,Kuchen,EUR,-5.35,0.00,-5.35,-5.00,-0.35,7%,cafe@example.de\n'
)

CASES = {
    "square": ("items-2026-10-01-2026-11-01.csv", SQUARE_ITEMS_JA, "イベントタイプ", "Event Type", 900.0, {
        "en": {"issues": [], "notes": ["イベントタイプ: the refunds (1, 300 of sales) were taken off in the month of "
                                       "their own date, not in the month of the sale"]},
        "ja": {"issues": [], "notes": ["イベントタイプ: 返金 1 件（売上 300）は、売上の月ではなく返金の日付の月に"
                                       "差し引きました"]}}),
    "sumup": ("Umsatzbericht_2026-10.csv", SUMUP_DE, "Typ", "Type", 10.0, {
        "en": {"issues": ["not a sale: Typ is 'Rückbuchung'"],
               "notes": ["Typ: the refunds (1, 5 of sales) were taken off in the month of their own date, not in "
                         "the month of the sale"]},
        "ja": {"issues": ["売上ではありません（Typが「Rückbuchung」）"],
               "notes": ["Typ: 返金 1 件（売上 5）は、売上の月ではなく返金の日付の月に差し引きました"]}}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_importer_names_the_files_own_header(tmp_path, case):
    name, text, own, english, _, expected = CASES[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [sheet], _ = read_file(path, Mapping())
    for lang in ("en", "ja"):
        issues = [i.problem(lang) for i in sheet.issues]
        notes = [w.problem(lang) for w in sheet.warnings if w.code.startswith("note_refunds")]
        assert issues == expected[lang]["issues"]
        assert notes == expected[lang]["notes"]
        assert all(english not in m.replace(own, "") for m in issues + notes)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_packs_data_quality_names_the_files_own_header(tmp_path, case, lang):
    name, text, own, english, net_sales, expected = CASES[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out, pack = tmp_path / "results.json", tmp_path / "pack.xlsx"
    assert main(["build", str(path), "--json", str(out), "--out", str(pack), "--lang", lang, "--period", "2026-10",
                 "--quiet", "--no-cache"]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    kpis = {k["id"]: k["actual"] for k in results["kpis"] if k["scope"] == "total"}
    assert kpis["net_sales"] == pytest.approx(net_sales)
    quality = results["data_quality"]
    assert [i["problem"] for i in quality["issues"]] == expected[lang]["issues"]
    notes = [w["problem"] for w in quality["warnings"] if w["problem"].startswith(f"{own}:")]
    assert notes == expected[lang]["notes"]
    # the workbook's data-quality rows: every one about the file names its own header only
    rows = [" ".join(str(v) for v in row if v is not None)
            for ws in openpyxl.load_workbook(pack, read_only=True) for row in ws.iter_rows(values_only=True)
            if row and row[0] == name]
    said = [r for r in rows if own in r]
    assert len(said) == len(expected[lang]["issues"]) + len(expected[lang]["notes"])
    assert not [r for r in rows if english in r.replace(own, "")]
