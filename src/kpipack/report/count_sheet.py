"""Printable count sheet for one store, and its way back in.

The counting sheet shows what to count, by default never how many the books
hold (a blind count): the book quantities sit on a hidden second sheet for
the supervisor. With `blind=False` the counting sheet shows them too, in a
"Book qty" column that reads back as the count's own book quantity. Its column headers are names the importer knows and every row
carries the count date and store, so a filled-in sheet imports as a
`stocktake` table without any mapping; the book side then comes from the
inventory snapshot, as for any count.
"""
from __future__ import annotations

import math
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell as cell

from ..kpis.stocktake import BookStock
from ..messages import localised
from .formats import Formats
from .marks import mark_output

HEADER_ROW = 4
SPARE_ROWS = 15  # for items found on the shelf but not on the list
# column id -> header (importer synonyms: see ingest.headers.SYNONYMS)
HEADERS = {
    "no": {"en": "No.", "ja": "No."},
    "date": {"en": "Count date", "ja": "棚卸日"},
    "store": {"en": "Store", "ja": "店舗コード"},
    "location": {"en": "Location", "ja": "棚番"},
    "category": {"en": "Category", "ja": "部門"},
    "sku": {"en": "SKU", "ja": "商品コード"},
    "product": {"en": "Product", "ja": "商品名"},
    "unit": {"en": "Unit of measure", "ja": "単位"},
    "book_qty": {"en": "Book qty", "ja": "帳簿数"},  # only on a sheet that is not blind
    "counted_qty": {"en": "Counted qty", "ja": "実棚数"},
    "remarks": {"en": "Remarks", "ja": "備考"},
}
WIDTHS = {"no": 5, "date": 11, "store": 8, "location": 9, "category": 11, "sku": 16, "product": 30, "unit": 7,
          "book_qty": 10, "counted_qty": 11, "remarks": 18}


def columns(blind: bool = True) -> dict[str, int]:
    """Column id -> column number of the counting sheet."""
    names = [n for n in HEADERS if not (blind and n == "book_qty")]
    return {name: i for i, name in enumerate(names)}
BOOK_HEADERS = {
    "no": {"en": "No.", "ja": "No."},
    "sku": {"en": "SKU", "ja": "商品コード"},
    "product": {"en": "Product", "ja": "商品名"},
    "book": {"en": "Book qty", "ja": "帳簿数"},
    "unit_cost": {"en": "Unit cost", "ja": "原単価"},
    "value": {"en": "Book value", "ja": "帳簿金額"},
}
WORDS = {
    "title": {"en": "Stock count sheet", "ja": "棚卸表"},
    "book_title": {"en": "Book stock (for the supervisor, not for the counters)",
                   "ja": "帳簿在庫（確認者用・棚卸担当者には見せない）"},
    "book_sheet": {"en": "Book stock", "ja": "帳簿在庫"},
    "sheet": {"en": "Count", "ja": "棚卸表"},
    "about": {"en": "{store} · count of {date} · {n} items from the book stock of {snapshot} · "
                    "write the quantity found; leave nothing blank (write 0 for none)",
              "ja": "{store}・{date} 棚卸・{snapshot} 時点の帳簿在庫から {n} 品目・"
                    "数えた数量を記入（ない場合は 0 と記入し、空欄は残さない）"},
    "counter": {"en": "Counted by (name, signature)", "ja": "棚卸担当者（氏名・署名）"},
    "checker": {"en": "Checked by (name, signature)", "ja": "確認者（氏名・署名）"},
    "start": {"en": "Started at", "ja": "開始時刻"},
    "end": {"en": "Finished at", "ja": "終了時刻"},
    "spare": {"en": "Items found but not listed: write the SKU and the quantity on the lines below.",
              "ja": "リストにない商品があれば、下の行に商品コードと数量を記入してください。"},
    "footer": {"en": "Counted by ____________   Checked by ____________",
               "ja": "棚卸担当 ____________   確認者 ____________"},
    "page": {"en": "Page &P of &N", "ja": "&P / &N ページ"},
}


def _w(table: dict, key: str, lang: str) -> str:
    return localised(table[key], lang)


def write_count_sheet(path: Path, book: BookStock, lang: str = "en", company: str = "", blind: bool = True) -> Path:
    """Write the count sheet workbook to `path` (the caller moves it into place);
    `blind`: the counting sheet shows no book quantity."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    wb.set_properties({"title": f"{_w(WORDS, 'title', lang)} {book.store} {book.count_date:%Y-%m-%d}",
                       "company": company, "comments": "kpipack"})
    mark_output(wb, "count_sheet")
    fmt = Formats(wb).get
    _counting_sheet(wb, fmt, book, lang, company, columns(blind))
    _book_sheet(wb, fmt, book, lang)
    wb.close()
    return path


def _counting_sheet(wb, fmt, book: BookStock, lang: str, company: str, COL: dict[str, int]) -> None:  # noqa: N803
    ws = wb.add_worksheet(_w(WORDS, "sheet", lang))
    ws.set_portrait()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.8)
    ws.repeat_rows(0, HEADER_ROW)
    store = book.store_name if book.store_name == book.store else f"{book.store_name} ({book.store})"
    esc = lambda s: str(s).replace("&", "&&")  # noqa: E731 - header/footer escape
    ws.set_header(f"&L&8{esc(company)}&C&8{esc(_w(WORDS, 'title', lang))}&R&8{esc(store)} "
                  f"{book.count_date:%Y-%m-%d}")
    ws.set_footer(f"&L&9{esc(_w(WORDS, 'footer', lang))}&R&8{_w(WORDS, 'page', lang)}")
    for name, col in COL.items():
        ws.set_column(col, col, WIDTHS[name])
    ws.write_string(0, 0, f"{_w(WORDS, 'title', lang)} — {store}", fmt(bold=True, font_size=16,
                                                                      font_color="#1F3864"))
    ws.set_row(0, 26)
    ws.write_string(1, 0, _w(WORDS, "about", lang).format(store=store, date=f"{book.count_date:%Y-%m-%d}",
                                                          n=len(book.lines),
                                                          snapshot=f"{book.snapshot_date:%Y-%m-%d}"),
                    fmt(font_size=9, font_color="#595959"))
    # who counted and checked: above the table, so an import never reads them as rows
    label = fmt(font_size=9, font_color="#595959", align="right")
    box = fmt(bottom=1, bottom_color="#000000")
    ws.merge_range(2, 0, 2, 3, _w(WORDS, "counter", lang), label)
    ws.merge_range(2, 4, 2, 5, "", box)
    ws.merge_range(3, 0, 3, 3, f"{_w(WORDS, 'start', lang)} / {_w(WORDS, 'end', lang)}", label)
    ws.merge_range(3, 4, 3, 5, "", box)
    ws.write_string(2, 6, _w(WORDS, "checker", lang), label)
    ws.merge_range(2, 7, 2, 9, "", box)
    ws.set_row(2, 24)
    ws.set_row(3, 24)
    header = fmt(bold=True, font_color="#FFFFFF", bg_color="#1F3864", border=1, text_wrap=True, align="center")
    for name, col in COL.items():
        ws.write_string(HEADER_ROW, col, _w(HEADERS, name, lang), header)
    ws.set_row(HEADER_ROW, 30)
    grid = {"border": 1, "border_color": "#7F7F7F"}
    text = fmt(**grid)
    small = fmt(font_size=8, **grid)
    date_fmt = fmt(num_format="yyyy-mm-dd", font_size=8, align="center", **grid)
    count = fmt(border=2, bg_color="#FFF9E5", locked=False, align="right", num_format="#,##0.###")
    remark = fmt(locked=False, **grid)
    first = HEADER_ROW + 1
    for i, line in enumerate(book.lines.itertuples(index=False)):
        r = first + i
        ws.write_number(r, COL["no"], i + 1, small)
        ws.write_datetime(r, COL["date"], book.count_date.to_pydatetime(), date_fmt)
        ws.write_string(r, COL["store"], str(book.store), small)
        for name in ("location", "category", "sku", "product", "unit"):
            ws.write_string(r, COL[name], _text(getattr(line, name, None)), text)
        if "book_qty" in COL:
            _number(ws, r, COL["book_qty"], line.on_hand, fmt(num_format="#,##0.###", bg_color="#F2F2F2", **grid))
        ws.write_blank(r, COL["counted_qty"], None, count)
        ws.write_blank(r, COL["remarks"], None, remark)
        ws.set_row(r, 20)
    # spare lines: the date and store appear once a SKU is written in
    r = first + len(book.lines)
    ws.merge_range(r, 0, r, len(COL) - 1, _w(WORDS, "spare", lang), fmt(italic=True, font_size=9,
                                                                            font_color="#595959"))
    date_cell, store_cell = cell(first, COL["date"], True, True), cell(first, COL["store"], True, True)
    for k in range(SPARE_ROWS):
        row = r + 1 + k
        sku = cell(row, COL["sku"])
        ws.write_number(row, COL["no"], len(book.lines) + k + 1, small)
        if len(book.lines):
            ws.write_formula(row, COL["date"], f'=IF({sku}="","",{date_cell})', date_fmt, "")
            ws.write_formula(row, COL["store"], f'=IF({sku}="","",{store_cell})', small, "")
        for name in ("location", "category", "sku", "product", "unit", "remarks"):
            ws.write_blank(row, COL[name], None, remark)
        if "book_qty" in COL:
            ws.write_blank(row, COL["book_qty"], None, fmt(bg_color="#F2F2F2", **grid))
        ws.write_blank(row, COL["counted_qty"], None, count)
        ws.set_row(row, 20)
    ws.freeze_panes(first, 0)
    ws.activate()


def _book_sheet(wb, fmt, book: BookStock, lang: str) -> None:
    """Book quantities for the supervisor: hidden, and without a date column, so
    it is never read back as a table of its own."""
    ws = wb.add_worksheet(_w(WORDS, "book_sheet", lang))
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.write_string(0, 0, _w(WORDS, "book_title", lang), fmt(bold=True, font_size=12, font_color="#1F3864"))
    ws.write_string(1, 0, f"{book.store} · {book.snapshot_date:%Y-%m-%d}", fmt(font_size=9, font_color="#595959"))
    header = fmt(bold=True, font_color="#FFFFFF", bg_color="#1F3864", border=1, text_wrap=True, align="center")
    for col, key in enumerate(BOOK_HEADERS):
        ws.write_string(3, col, _w(BOOK_HEADERS, key, lang), header)
    for col, width in enumerate((5, 16, 30, 10, 11, 13)):
        ws.set_column(col, col, width)
    grid = {"border": 1, "border_color": "#BFBFBF"}
    money = fmt(num_format="#,##0.##", **grid)
    for i, line in enumerate(book.lines.itertuples(index=False)):
        r = 4 + i
        ws.write_number(r, 0, i + 1, fmt(**grid))
        ws.write_string(r, 1, _text(line.sku), fmt(**grid))
        ws.write_string(r, 2, _text(getattr(line, "product", None)), fmt(**grid))
        _number(ws, r, 3, line.on_hand, fmt(num_format="#,##0.###", **grid))
        cost = getattr(line, "unit_cost", None)
        _number(ws, r, 4, cost, money)
        if _is_number(cost) and _is_number(line.on_hand):
            ws.write_formula(r, 5, f"={cell(r, 3)}*{cell(r, 4)}", money, float(line.on_hand) * float(cost))
        else:
            ws.write_blank(r, 5, None, money)
    ws.hide()


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(float(value))


def _number(ws, r, c, value, fmt) -> None:
    if _is_number(value):
        ws.write_number(r, c, float(value), fmt)
    else:
        ws.write_blank(r, c, None, fmt)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)
