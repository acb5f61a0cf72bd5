"""Amounts as Japanese and Swiss files write them: each cell's number worked
out by hand, and a whole file built through the command line."""
import pandas as pd
import pytest

from kpipack.ingest.clean import cells_tax_basis, clean_number
from test_layouts import build, totals, write_csv


@pytest.mark.parametrize("cell, number", [
    ("1'000.00", 1000.0), ("12'345'678.50", 12345678.5), ("1’000", 1000.0),  # Swiss thousands
    ("1,000円(税込)", 1000.0), ("1,000円（税込）", 1000.0), ("税込1,000円", 1000.0), ("1,000円(税抜)", 1000.0),
    ("1,000 (tax incl.)", 1000.0), ("1,000円", 1000.0),
    ("¥1,000-", 1000.0), ("\\1,000-", 1000.0), ("￥１，０００－", 1000.0),  # the dash that closes a yen amount
    ("1200-", -1200.0),  # a trailing minus where no yen sign opens the amount
    ("△1,000", -1000.0), ("▲1,000", -1000.0), ("－１，０００", -1000.0), ("△１，０００", -1000.0),
])
def test_an_amount_as_written_reads_as_its_number(cell, number):
    values, bad = clean_number(pd.Series([cell], dtype=object))
    assert values.iloc[0] == number and not bad.iloc[0]


@pytest.mark.parametrize("cell", ["1'00", "1'0000", "税込", "12'34.5"])
def test_an_amount_that_is_not_one_is_bad_not_a_guess(cell):
    values, bad = clean_number(pd.Series([cell], dtype=object))
    assert bad.iloc[0] and pd.isna(values.iloc[0])


def test_what_the_cells_say_of_tax():
    assert cells_tax_basis(pd.Series(["1,000円(税込)", "500"])) == "included"
    assert cells_tax_basis(pd.Series(["1,000円(税抜)", None])) == "excluded"
    assert cells_tax_basis(pd.Series(["1,000円(税込)", "500円(税抜)"])) == "unknown"
    assert cells_tax_basis(pd.Series(["1,000円", "500"])) is None


@pytest.mark.parametrize("lang, words", [("ja", "セルに「税込」"), ("en", "whose cells say they include tax")])
def test_a_shift_jis_file_of_amounts_written_every_way(tmp_path, lang, words):
    rows = [["日付", "店舗", "レシート番号", "商品名", "数量", "金額"],
            ["2026/10/01", "S1", "R1", "A", "1", "1,000円(税込)"],
            ["2026/10/01", "S1", "R2", "B", "1", "\\1,000-"],  # the yen sign as Shift_JIS stores it
            ["2026/10/02", "S1", "R3", "C", "2", "1'000.00"],
            ["2026/10/02", "S1", "R4", "D", "-1", "△500"],
            ["2026/10/03", "S1", "R5", "E", "-1", "▲１，２００"]]
    path = write_csv(tmp_path / "売上.csv", rows, encoding="cp932")
    code, results = build(tmp_path, path, lang=lang)
    # 1,000 + 1,000 + 1,000 - 500 - 1,200 over five receipts
    assert code == 0 and totals(results)["net_sales"] == 1300
    assert results["data_quality"]["rows_rejected"] == 0
    assert any(words in w["problem"] for w in results["data_quality"]["warnings"])


@pytest.mark.parametrize("lang, amounts, net, said", [
    # ¥1,234- beside ¥1,234: a till's return, its dash a minus: 1,234 - 1,234 + 500
    ("en", ["¥1,234", "¥1,234-", "¥500"], 500, "1 yen amounts end with a dash (¥1,000-) where the column's others "
                                               "do not: read as negative amounts"),
    ("ja", ["¥1,234", "¥1,234-", "¥500"], 500, "マイナス（後ろに付いた負号）として読みました"),
    # every yen amount closed by its dash, as on a receipt: 1,000 + 2,000 + 500
    ("en", ["¥1,000-", "¥2,000-", "¥500-"], 3500, "every yen amount ends with a dash (¥1,000-), which closes it as "
                                                   "on a receipt: 3 such cells read as positive amounts"),
    ("ja", ["¥1,000-", "¥2,000-", "¥500-"], 3500, "3 件を正の金額で読みました"),
])
def test_a_dash_after_a_yen_amount_is_read_by_its_column_and_said(tmp_path, lang, amounts, net, said):
    rows = [["日付", "店舗", "レシート番号", "商品名", "数量", "金額"]] + [
        ["2026/10/01", "S1", f"R{n}", "A", "1", amount] for n, amount in enumerate(amounts)]
    code, results = build(tmp_path, write_csv(tmp_path / "売上.csv", rows), lang=lang)
    assert code == 0 and totals(results)["net_sales"] == net
    assert any(said in w["problem"] for w in results["data_quality"]["warnings"])


@pytest.mark.parametrize("lang, said", [("en", "1 lines have a negative quantity ('数量'): read as returns"),
                                        ("ja", "1 行は数量（数量）が負です。返品として")])
def test_a_negative_quantity_in_a_sheet_of_amounts_without_sign_is_a_return(tmp_path, lang, said):
    rows = [["日付", "店舗", "レシート番号", "商品名", "数量", "金額"],
            ["2026/10/01", "S1", "R1", "A", "2", "1,000"],
            ["2026/10/01", "S1", "R2", "A", "-1", "500"],  # the return of one: 500 given back
            ["2026/10/02", "S1", "R3", "B", "1", "300"]]
    code, results = build(tmp_path, write_csv(tmp_path / "売上.csv", rows), lang=lang)
    assert code == 0 and totals(results)["net_sales"] == 1000 - 500 + 300
    assert any(said in w["problem"] for w in results["data_quality"]["warnings"])


def test_a_sheet_that_writes_signs_keeps_a_positive_line_of_a_negative_quantity(tmp_path):
    rows = [["日付", "店舗", "レシート番号", "商品名", "数量", "金額"],
            ["2026/10/01", "S1", "R1", "A", "-1", "-500"],  # a return, signed
            ["2026/10/01", "S1", "R1", "値引", "-1", "50"],  # its discount taken back
            ["2026/10/02", "S1", "R3", "B", "1", "300"]]
    code, results = build(tmp_path, write_csv(tmp_path / "売上.csv", rows))
    assert code == 0 and totals(results)["net_sales"] == -500 + 50 + 300
