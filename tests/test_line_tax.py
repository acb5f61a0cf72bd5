"""Lines that say their own tax (税区分 内税 / 外税 / 非課税 beside 税率): the
tax of tax-included lines is taken off, so net sales exclude tax; every
figure worked out by hand in the comments."""
import pytest

from exports import build_results, read_sheet
from kpipack.ingest.line_tax import kind_of, rate_of

HEADER = "日付,店舗,レシート番号,商品名,数量,金額,税区分,税率\n"
# 1,080 at 8 % with the tax in it: 1,080 ÷ 1.08 = 1,000; 1,000 外税: 1,000; 2,200 内税 at 10 %: 2,200 ÷ 1.1
# = 2,000; 500 非課税: 500. Net sales 1,000 + 1,000 + 2,000 + 500 = 4,500.
MIXED = HEADER + ("2026/10/01,本店,1001,コーヒー豆,1,1080,内税,8%\n"
                  "2026/10/01,本店,1001,マグカップ,1,1000,外税,10%\n"
                  "2026/10/02,本店,1002,ドリップセット,2,2200,内税,10%\n"
                  "2026/10/02,本店,1003,切手,1,500,非課税,\n")


def total(results, kpi="net_sales"):
    return next(k["actual"] for k in results["kpis"] if k["id"] == kpi and k["scope"] == "total")


@pytest.mark.parametrize("lang, words", [
    ("en", ["column '税区分' marks 2 lines' amounts ('金額') as tax-included", "'税率'"]),
    ("ja", ["列「税区分」で内税（税込）とされた 2 行の金額（金額）", "「税率」の税率で税を除きました"])])
def test_tax_included_lines_have_their_tax_taken_off(tmp_path, lang, words):
    sheet = read_sheet(tmp_path, "売上明細.csv", MIXED)
    assert sheet.table["net_sales"].tolist() == pytest.approx([1000.0, 1000.0, 2000.0, 500.0])
    results = build_results(tmp_path / "売上明細.csv", tmp_path, lang)
    assert total(results) == pytest.approx(4500.0) and total(results, "transactions") == 3
    said = [w["problem"] for w in results["data_quality"]["warnings"]]
    assert any(all(w in p for w in words) for p in said)
    assert not any("税込か税抜かが分かりません" in p or "not known" in p for p in said)  # the basis is told


def test_a_tax_included_line_without_a_rate_is_rejected_naming_its_row(tmp_path):
    text = HEADER + ("2026/10/01,本店,1001,コーヒー豆,1,1080,内税,8%\n"
                     "2026/10/01,本店,1002,紅茶,1,540,内税,\n"     # 内税 with no rate: not counted with its tax in
                     "2026/10/02,本店,1003,マグカップ,1,1000,外税,10%\n")
    sheet = read_sheet(tmp_path, "売上明細.csv", text)
    assert sheet.table["net_sales"].tolist() == pytest.approx([1000.0, 1000.0])  # 1,080 ÷ 1.08; 1,000
    assert [(i.row, i.code) for i in sheet.issues] == [(3, "row_tax_rate_missing")]
    results = build_results(tmp_path / "売上明細.csv", tmp_path, "en")
    [issue] = results["data_quality"]["issues"]
    assert issue["row"] == 3 and "no tax rate" in issue["problem"] and "'税率'" in issue["problem"]


def test_a_type_written_with_its_rate_needs_no_rate_column(tmp_path):
    text = ("日付,店舗,金額,課税区分\n"
            "2026/10/01,本店,1100,内税10%\n"   # 1,100 ÷ 1.1 = 1,000
            "2026/10/01,本店,1080,内税(軽減8%)\n"  # 1,080 ÷ 1.08 = 1,000
            "2026/10/02,本店,300,外税10%\n")    # 300 as written
    sheet = read_sheet(tmp_path, "日報.csv", text)
    assert sheet.table["net_sales"].tolist() == pytest.approx([1000.0, 1000.0, 300.0])


def test_an_amount_said_to_be_tax_excluded_is_read_as_written(tmp_path):
    text = MIXED.replace(",金額,", ",税抜金額,")
    sheet = read_sheet(tmp_path, "売上明細.csv", text)
    assert sheet.table["net_sales"].tolist() == pytest.approx([1080.0, 1000.0, 2200.0, 500.0])


def test_a_column_of_other_codes_is_no_tax_type(tmp_path):
    text = ("日付,店舗,金額,税区分\n2026/10/01,本店,1100,A\n2026/10/01,本店,1080,B\n")
    sheet = read_sheet(tmp_path, "日報.csv", text)
    assert sheet.table["net_sales"].tolist() == pytest.approx([1100.0, 1080.0])


@pytest.mark.parametrize("text, kind, rate", [
    ("内税", "included", None), ("外税", "excluded", None), ("非課税", "exempt", None),
    ("Tax Included", "included", None), ("内税10%", "included", 0.10), ("内税(軽減8%)", "included", 0.08),
    ("ＡＢＣ", None, None)])
def test_tax_types_as_tills_write_them(text, kind, rate):
    assert kind_of(text) == (kind, pytest.approx(rate) if rate is not None else None)


@pytest.mark.parametrize("text, rate", [("10%", 0.10), ("8", 0.08), ("0.1", 0.10), ("軽減8%", 0.08), ("", None)])
def test_rates_as_tills_write_them(text, rate):
    assert rate_of(text) == (pytest.approx(rate) if rate is not None else None)
