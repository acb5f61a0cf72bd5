"""Where a sheet gives only one amount, the pack and the app say what it
holds: tax-excluded, tax-included, or not said — from the header's words or
the export layout's tax rule, in Japanese and English. Each workbook is
written here and the built pack read back."""
import datetime
import json

import openpyxl
import pytest

from kpipack.domain import Settings
from kpipack.ingest import export_profiles
from kpipack.pipeline import build_pack
from workbooks import write_book

DAY = datetime.date(2026, 10, 1)


def daily(tmp_path, header):
    """31 days of one store's sales under `header`: 1,100 + 11 a day (39,215 in all)."""
    rows = [["日付", "店舗コード", header]] + [[DAY + datetime.timedelta(days=i), "S1", 1100 + 11 * i]
                                          for i in range(31)]
    return write_book(tmp_path / "daily.xlsx", {"売上": rows})


def built(tmp_path, book, lang):
    out, js = tmp_path / f"pack-{lang}.xlsx", tmp_path / f"r-{lang}.json"
    build_pack([book], Settings(lang=lang, period="2026-10"), out=out, json_out=js)
    data = json.loads(js.read_text(encoding="utf-8"))
    wb = openpyxl.load_workbook(out, read_only=True)
    cover = " ".join(str(c) for row in wb.worksheets[0].iter_rows(values_only=True) for c in row if c)
    sheet = wb["データ品質" if lang == "ja" else "Data quality"]
    quality = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    total = next(k["actual"] for k in data["kpis"] if k["id"] == "net_sales" and k["scope"] == "total")
    return data, cover, quality, total


@pytest.mark.parametrize("header, ja_words, en_words, field_ja", [
    ("売上金額(税込)", "見出しのとおり税込です", "which includes tax by its header", "売上金額（税込）"),
    ("売上", "見出しからは税込か税抜かが分かりません", "does not say whether it includes tax",
     "売上金額（税込・税抜の別は不明）"),
])
def test_a_single_amount_not_known_to_exclude_tax_is_said_so(tmp_path, header, ja_words, en_words, field_ja):
    book = daily(tmp_path, header)
    for lang, words in (("ja", ja_words), ("en", en_words)):
        data, cover, quality, total = built(tmp_path, book, lang)
        assert total == sum(1100 + 11 * i for i in range(31))  # read as written: 39,215
        notes = [w for w in data["data_quality"]["warnings"] if words in w["problem"]]
        assert len(notes) == 1 and f"{header}" in notes[0]["problem"] and notes[0]["sheet"] == "売上"
        text = " ".join(str(c) for row in quality for c in row)
        assert words in text  # the note is on the pack's data-quality sheet too
        assert "金額は税抜です" not in cover and "Figures exclude tax" not in cover
        said = {("ja", True): "daily.xlsx [売上] の金額は税込です（税抜の金額がありません",
                ("en", True): "the amounts of daily.xlsx [売上] include tax (no tax-excluded amount",
                ("ja", False): "daily.xlsx [売上] の金額は税抜と示されていません",
                ("en", False): "the amounts of daily.xlsx [売上] are not shown to exclude tax"}
        assert said[lang, "税込" in header] in cover
        if lang == "ja":  # the column map names the field for what the sheet held
            assert [header, field_ja] in [r[-2:] for r in quality if r and r[0] == "daily.xlsx" and len(r) == 5]


def test_a_tax_excluded_amount_keeps_the_plain_wording(tmp_path):
    data, cover, quality, _ = built(tmp_path, daily(tmp_path, "売上金額(税抜)"), "ja")
    assert not [w for w in data["data_quality"]["warnings"] if "売上金額は列" in w["problem"]]
    assert "金額は税抜です。" in cover
    assert ["売上金額(税抜)", "売上金額（税抜）"] in [r[-2:] for r in quality if r and r[0] == "daily.xlsx" and len(r) == 5]


def test_a_layouts_tax_rule_that_cannot_apply_says_the_amounts_are_as_exported(tmp_path):
    # Loyverse receipts with Japanese headers and no Total collected: the included tax cannot be told apart
    path = tmp_path / "receipts.csv"
    path.write_text("日付,レシート番号,レシートの種類,純売上,税金,店舗,ステータス\n"
                    "2026-10-03 10:00,1-1,Sale,110.00,10.00,Cafe,Closed\n", encoding="utf-8")
    data, cover, quality, total = built(tmp_path, path, "ja")
    assert total == pytest.approx(110.0)  # as exported
    (note,) = data["data_quality"]["read_as"]
    assert note["profile"] == "loyverse_receipts"
    assert note["note"].endswith("売上は出力どおりです（読み込んだ列からは税込か税抜かが分かりません）")
    assert "receipts.csv [receipts] の金額は税抜と示されていません" in cover
    # the same layout with its Total collected takes the tax out, and says so
    assert export_profiles.read_as("loyverse_receipts", "en", ["Date", "Total collected", "Taxes"]).endswith(
        "net sales exclude tax: Net sales less the tax included in the price (Taxes − (Total collected − Net sales))")


def test_a_sheet_of_quantities_and_prices_names_both_columns(tmp_path):
    rows = [["Date", "Store", "Qty", "Unit Price"], [DAY, "S1", 2, 150], [DAY, "S1", 1, 200]]
    book = write_book(tmp_path / "lines.xlsx", {"Sales": rows})
    data, _, _, total = built(tmp_path, book, "en")
    assert total == 2 * 150 + 200
    [note] = [w["problem"] for w in data["data_quality"]["warnings"] if "tax" in w["problem"]]
    assert '"Qty × Unit Price"' in note


def test_a_tax_excluded_line_amount_beside_quantity_and_price_is_the_sale(tmp_path):
    """A register's line list in Shift_JIS, with report lines above its header
    and half-width katakana: quantity, a tax-included unit price and the
    line's 小計 with and without tax. The sale is 小計(税抜), not quantity ×
    price (which holds the tax), and 小計(税込) does not put it in doubt."""
    rows = ["売上明細一覧", "出力日時：2026/11/02 09:00", "",
            "ﾚｼｰﾄ番号,取引日時,ｶﾃｺﾞﾘ,商品名,単価,数量,小計(税込),小計(税抜),消費税",
            "0001,2026/10/03 10:01,食品,おにぎり,162,2,324,300,24",
            "0001,2026/10/03 10:01,飲料,お茶,108,1,108,100,8",
            "0002,2026/10/03 11:15,食品,パン,216,1,216,200,16",
            "0003,2026/10/04 12:00,食品,パン,216,-1,-216,-200,-16"]
    path = tmp_path / "meisai.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp932"))
    out, js = tmp_path / "pack.xlsx", tmp_path / "r.json"
    build_pack([path], Settings(lang="ja", period="2026-10"), out=out, json_out=js)
    data = json.loads(js.read_text(encoding="utf-8"))
    total = {k["id"]: k["actual"] for k in data["kpis"] if k["scope"] == "total"}
    assert total["net_sales"] == 300 + 100 + 200 - 200
    assert total["transactions"] == 2  # 0003 is a return
    assert any("小計(税抜)" in w["problem"] for w in data["data_quality"]["warnings"])


def test_a_line_total_after_its_discount_is_the_sale_not_quantity_times_price(tmp_path):
    """Qty, Price, Discount and the line's Total (qty × price − discount): the
    sale is the Total, discounts taken off, as the register wrote it."""
    rows = ["Date,Receipt,Store,Item,Qty,Price,Discount,Total",
            "2026-10-01,1,Main,Apple,2,10.00,2.00,18.00",
            "2026-10-01,1,Main,Pear,1,5.00,0.00,5.00",
            "2026-10-02,2,Main,Apple,3,10.00,0.00,30.00",
            "2026-10-03,3,Main,Plum,1,4.00,1.00,3.00",
            "2026-10-03,4,Main,Pear,-1,5.00,0.00,-5.00"]
    path = tmp_path / "lines.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out, js = tmp_path / "pack.xlsx", tmp_path / "r.json"
    build_pack([path], Settings(lang="en", period="2026-10", currency="USD"), out=out, json_out=js)
    data = json.loads(js.read_text(encoding="utf-8"))
    total = {k["id"]: k["actual"] for k in data["kpis"] if k["scope"] == "total"}
    assert total["net_sales"] == pytest.approx(18 + 5 + 30 + 3 - 5)  # not 54: the discounts are taken off
    assert total["transactions"] == 3
