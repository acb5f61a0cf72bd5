"""Web-page tables saved as .xls (as web POS systems and back-offices export
them) are read as sheets, with the same cleaning as any sheet; the month's
figures are worked out by hand from the lines written here."""
import pytest

from test_layouts import build, totals

HEAD = ["日付", "店舗コード", "レシート番号", "商品コード", "商品名", "数量", "売上金額"]
LINES = [["2026/10/01", "001", "R1", "A001", "コーヒー", "2", "1,000"],
         ["2026/10/01", "001", "R2", "A002", "紅茶", "1", "¥500"],
         ["2026/10/02", "002", "R3", "A001", "コーヒー", "3", "1,500"],
         ["2026/10/02", "002", "R4", "A003", "ケーキ", "1", "￥450"]]


def _row(cells, tag="td"):
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def page(charset, thead=False, total=True, extra_table=""):
    head = _row(HEAD, "th")
    head = f"<thead>{head}</thead><tbody>" if thead else head
    body = "".join(_row(r) for r in LINES)
    foot = '<tr><td colspan="6">合計</td><td>3,450</td></tr>' if total else ""
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head><body>'
            f'{extra_table}<table border="1"><tr><td colspan="7">売上明細 2026年10月</td></tr>'
            f'{head}{body}{foot}{"</tbody>" if thead else ""}</table></body></html>')


@pytest.mark.parametrize("charset, encoding", [("Shift_JIS", "cp932"), ("utf-8", "utf-8"), ("", "cp932")])
def test_a_web_page_table_saved_as_xls_is_read(tmp_path, charset, encoding):
    text = page(charset)
    if encoding == "cp932":
        text = text.replace("¥", "\\")  # Shift_JIS writes the yen sign as the backslash byte
    path = tmp_path / "売上明細.xls"
    path.write_bytes(text.encode(encoding))
    code, results = build(tmp_path, path, lang="ja")
    # 1,000 + 500 + 1,500 + 450 over four receipts; the 合計 row is not a sale
    assert code == 0 and totals(results) == {"net_sales": 3450, "transactions": 4}
    stores = {s["id"] for s in results["stores"]}
    assert stores == {"001", "002"}  # codes keep their leading zeros
    assert results["data_quality"]["rows_rejected"] == 1


def test_a_header_in_thead_and_a_table_of_links_above(tmp_path):
    menu = "<table><tr><td>ホーム</td><td>ログアウト</td></tr></table>"
    path = tmp_path / "export.xls"
    path.write_bytes(page("utf-8", thead=True, total=False, extra_table=menu).encode("utf-8"))
    code, results = build(tmp_path, path)
    assert code == 0 and totals(results) == {"net_sales": 3450, "transactions": 4}


def test_a_page_without_a_table_is_named(tmp_path, capsys):
    path = tmp_path / "page.xls"
    path.write_bytes(b"<html><body><p>Session expired, please log in</p></body></html>")
    code, results = build(tmp_path, path)
    err = capsys.readouterr().err
    assert code != 0 and results is None and "page.xls" in err


def test_excels_web_page_save_with_a_hidden_row(tmp_path):
    """Excel's "web page" save: x:num cells, a line break in a name, a row a
    filter hid (display:none) — read and said, as a workbook's hidden row."""
    rows = ('<tr><td>日付</td><td>店舗</td><td>伝票番号</td><td>商品名</td><td>数量</td><td>売上</td></tr>'
            '<tr><td>2026/10/01</td><td>本店</td><td>0001</td><td>コーヒー<br>豆</td><td x:num>2</td>'
            '<td class=xl65 x:num="1200">1,200</td></tr>'
            '<tr><td>2026/10/01</td><td>本店</td><td>0002</td><td>紅茶&nbsp;</td><td x:num>1</td><td>450</td></tr>'
            "<tr style='display:none'><td>2026/10/02</td><td>本店</td><td>0003</td><td>クッキー</td><td>1</td>"
            "<td>999</td></tr><tr><td colspan=5>合計</td><td>2,649</td></tr>")
    path = tmp_path / "book.xls"
    path.write_text('<html xmlns:o="urn:schemas-microsoft-com:office:office" '
                    'xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head>'
                    f"<body><table>{rows}</table></body></html>", encoding="utf-8")
    code, results = build(tmp_path, path)
    # 1,200 + 450 + the hidden 999; the 合計 row (the page's fifth row) is not a sale
    assert code == 0 and totals(results) == {"net_sales": 2649, "transactions": 3}
    assert [i["row"] for i in results["data_quality"]["issues"]] == [5]
    assert any("hides" in w["problem"] and "(rows 4)" in w["problem"] for w in results["data_quality"]["warnings"])
