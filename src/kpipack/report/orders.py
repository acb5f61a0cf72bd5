"""The buyer's order workbook: staple (欠品防止) and seasonal (売り切り) order
lists grouped by supplier, a style (商品番号) roll-up, seasonal sell-through
with markdown candidates, alerts with actions, and the forecast's accuracy.

The recommended quantity is a live formula of the row's cells (and of the
service level, review period and as-of day at the top of the sheet), so a
buyer who corrects the on-hand figure or the lead time sees it change. The
same sheets are written into the pack and, by `kpipack orders`, on their own.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..currency import CURRENCY_SYMBOLS
from ..messages import localised
from .formats import BAND_FILL, FONT, HEADER_FILL, INPUT_FILL, TOTAL_FILL
from .marks import mark_output
from .tables import display_width

WORDS: dict[str, dict[str, str]] = {
    "staple": {"en": "Staple orders", "ja": "定番発注"},
    "seasonal": {"en": "Seasonal orders", "ja": "シーズン発注"},
    "styles": {"en": "Orders by style", "ja": "商品番号別発注"},
    "sell_through": {"en": "Seasonal sell-through", "ja": "シーズン消化"},
    "alerts": {"en": "Stock alerts", "ja": "在庫アラート"},
    "forecast": {"en": "Forecast accuracy", "ja": "販売予測の精度"},
    "staple_title": {"en": "Staple orders — keep them in stock", "ja": "定番発注リスト（欠品防止）"},
    "seasonal_title": {"en": "Seasonal orders — sell out by season end", "ja": "シーズン品発注リスト（売り切り）"},
    "styles_title": {"en": "Orders rolled up by style", "ja": "商品番号別の発注集計"},
    "sell_through_title": {"en": "Seasonal sell-through and markdown candidates",
                           "ja": "シーズン品の消化状況と値下げ候補"},
    "alerts_title": {"en": "Stock alerts and what to do", "ja": "在庫アラートと対応"},
    "forecast_title": {"en": "Demand forecast: accuracy on the last 28 days", "ja": "販売予測：直近28日での精度検証"},
    "as_of": {"en": "As of", "ja": "基準日"},
    "service_level": {"en": "Service level %", "ja": "サービス率 %"},
    "z": {"en": "z (NORM.S.INV)", "ja": "安全係数 z"},
    "review_days": {"en": "Review period (days)", "ja": "発注間隔（日）"},
    "edit_note": {"en": "Yellow cells may be changed: the recommended quantity follows. Buyer's quantity, when "
                        "filled in, replaces it in the order value.",
                  "ja": "黄色のセルは変更できます（推奨発注数が再計算されます）。発注数（確定）を入力すると発注金額に使われます。"},
    "supplier": {"en": "Supplier", "ja": "仕入先"},
    "no_supplier": {"en": "(no supplier)", "ja": "（仕入先なし）"},
    "store": {"en": "Store", "ja": "店舗"},
    "sku": {"en": "SKU", "ja": "商品コード"},
    "style": {"en": "Style", "ja": "商品番号"},
    "product": {"en": "Product", "ja": "商品名"},
    "skus": {"en": "SKUs", "ja": "SKU数"},
    "on_hand": {"en": "On hand", "ja": "在庫数"},
    "on_order": {"en": "On order", "ja": "発注残"},
    "avg_daily": {"en": "Avg/day", "ja": "日販平均"},
    "sd_daily": {"en": "SD/day", "ja": "日販標準偏差"},
    "lead_time": {"en": "Lead time (days)", "ja": "リードタイム（日）"},
    "case_pack": {"en": "Case pack", "ja": "入数"},
    "min_order": {"en": "Min. order", "ja": "最低発注数"},
    "safety_stock": {"en": "Safety stock", "ja": "安全在庫"},
    "reorder_point": {"en": "Reorder point", "ja": "発注点"},
    "order_up_to": {"en": "Order-up-to", "ja": "補充点"},
    "forecast_28d": {"en": "Forecast 28 days", "ja": "28日販売予測"},
    "recommended": {"en": "Recommended qty", "ja": "推奨発注数"},
    "buyer_qty": {"en": "Buyer's qty", "ja": "発注数（確定）"},
    "unit_cost": {"en": "Unit cost", "ja": "原単価"},
    "order_value": {"en": "Order value", "ja": "発注金額"},
    "season_start": {"en": "Season start", "ja": "販売開始日"},
    "season_end": {"en": "Season end", "ja": "販売終了日"},
    "days_left": {"en": "Days left", "ja": "残日数"},
    "need": {"en": "Need to season end", "ja": "終了までの必要数"},
    "leftover": {"en": "Projected leftover", "ja": "売れ残り見込"},
    "season_st": {"en": "Season sell-through %", "ja": "シーズン消化率 %"},
    "stock_value": {"en": "Stock value", "ja": "在庫金額"},
    "value_at_risk": {"en": "Value at risk", "ja": "売れ残り金額"},
    "markdown": {"en": "Markdown candidate", "ja": "値下げ候補"},
    "yes": {"en": "✔ yes", "ja": "✔ 該当"},
    "total": {"en": "Total", "ja": "合計"},
    "subtotal": {"en": "Subtotal {supplier}", "ja": "{supplier} 小計"},
    "alert": {"en": "Alert", "ja": "アラート"},
    "figure": {"en": "Why", "ja": "根拠"},
    "action": {"en": "Recommended action", "ja": "推奨アクション"},
    "stockout_risk": {"en": "Stockout risk", "ja": "欠品リスク"},
    "overstock": {"en": "Overstock", "ja": "過剰在庫"},
    "dead_stock": {"en": "Dead stock", "ja": "滞留在庫"},
    "markdown_candidate": {"en": "Markdown candidate", "ja": "値下げ候補"},
    "why_stockout_risk": {"en": "on hand + on order {position:,.0f} ≤ reorder point {rop:,.1f}",
                          "ja": "在庫＋発注残 {position:,.0f} ≤ 発注点 {rop:,.1f}"},
    "why_overstock": {"en": "{weeks:,.1f} weeks of cover", "ja": "在庫 {weeks:,.1f} 週分"},
    "why_dead_stock": {"en": "{units:,.0f} units, no sale in 91 days", "ja": "{units:,.0f} 個、91日間販売なし"},
    "why_markdown_candidate": {"en": "{leftover:,.0f} of {units:,.0f} units left at season end ({value})",
                               "ja": "シーズン終了時に {units:,.0f} 個中 {leftover:,.0f} 個が残る見込み（{value}）"},
    "do_stockout_risk": {"en": "Order {qty:,.0f} today from {supplier}; it takes {lead:,.0f} days to arrive.",
                         "ja": "本日 {supplier} に {qty:,.0f} 個発注する（納品まで {lead:,.0f} 日）。"},
    "do_stockout_risk_unnamed": {"en": "Order {qty:,.0f} today (no supplier in the product master); it takes "
                                       "{lead:,.0f} days to arrive.",
                                 "ja": "本日 {qty:,.0f} 個発注する（商品マスタに仕入先なし、納品まで {lead:,.0f} 日）。"},
    "do_overstock": {"en": "Stop reordering; move stock to a store that sells it faster or agree a return.",
                     "ja": "発注を止め、より売れている店舗へ移動するか返品を交渉する。"},
    "do_dead_stock": {"en": "Clear it this month: bundle it, mark it down or return it to the supplier.",
                      "ja": "今月中にセット販売・値下げ・返品で処分する。"},
    "do_markdown_candidate": {"en": "Mark it down now, while {days:,.0f} days of season are left.",
                              "ja": "シーズン残り {days:,.0f} 日のうちに値下げを始める。"},
    "method": {"en": "Method chosen by back-test: {method}", "ja": "検証で選んだ予測方法: {method}"},
    "method_note": {"en": "Refitted with the data to 28 days before the as-of day; WAPE = Σ|actual − forecast| ÷ "
                          "Σ actual; MAPE = mean of |actual − forecast| ÷ actual over pairs that sold; naive = "
                          "the 28 days before.",
                    "ja": "基準日の28日前までのデータで予測し、その後28日の実績と比較。WAPE = Σ|実績−予測| ÷ Σ実績、"
                          "MAPE = 販売のあった組合せの |実績−予測| ÷ 実績 の平均、ナイーブ = 直前28日の実績。"},
    "category": {"en": "Category", "ja": "部門"},
    "all_categories": {"en": "All", "ja": "全体"},
    "pairs": {"en": "Store × SKU", "ja": "店舗×商品数"},
    "wape": {"en": "WAPE %", "ja": "WAPE %"},
    "mape": {"en": "MAPE %", "ja": "MAPE %"},
    "naive_wape": {"en": "Naive WAPE %", "ja": "ナイーブ WAPE %"},
    "naive_mape": {"en": "Naive MAPE %", "ja": "ナイーブ MAPE %"},
    "none_to_order": {"en": "Nothing to order as of this day.", "ja": "この基準日に発注が必要な商品はありません。"},
    "too_many": {"en": "{pairs} store × SKU pairs: too many to list in the pack. The order workbook lists them "
                       "all: run `kpipack orders` with the same files, or save it from the app's Orders tab.",
                 "ja": "店舗×商品の組み合わせが {pairs} 件あり、パックには載せきれません。全件は発注ワークブックにあります"
                       "（同じファイルで kpipack orders を実行するか、アプリの発注タブから保存してください）。"},
    "notes": {"en": "Notes", "ja": "注意事項"},
    "notes_title": {"en": "Notes on the figures", "ja": "数値についての注意事項"},
    "note": {"en": "Note", "ja": "内容"},
    "no_data": {"en": "No order list: the sales lines have no SKU or quantity column.",
                "ja": "売上明細に商品コードまたは数量の列がないため、発注リストはありません。"},
}
METHODS = {"mean_56d": {"en": "mean of the last 56 days", "ja": "直近56日の平均"},
           "ewm_0.05": {"en": "exponential smoothing (α 0.05)", "ja": "指数平滑（α 0.05）"},
           "ewm_0.1": {"en": "exponential smoothing (α 0.1)", "ja": "指数平滑（α 0.1）"},
           "ewm_0.2": {"en": "exponential smoothing (α 0.2)", "ja": "指数平滑（α 0.2）"}}
SETTINGS_ROW = 2  # service level, z, review days and as-of day: row 3 of every order sheet
HEADER_ROW = 4


def word(key: str, lang: str, **params) -> str:
    return localised(WORDS[key], lang, **params)


@dataclass
class Target:
    """Where the sheets go: a workbook and how to add a sheet to it (the pack's
    own headers and print set-up, or plain ones for the order workbook)."""

    workbook: object
    add_sheet: Callable[[str], object]
    lang: str
    currency: str = "JPY"
    # the order workbook prints each supplier's lines on a page of their own (a
    # page to send); the board pack runs them on, as a reader leafs through it
    page_per_supplier: bool = True


class _Formats:
    def __init__(self, wb, currency: str):
        base = {"font_name": FONT, "font_size": 9, "valign": "vcenter"}
        money = "¥#,##0;[Red]-¥#,##0" if currency == "JPY" else "#,##0;[Red]-#,##0"

        def f(**extra):
            return wb.add_format(base | extra)
        self.title = f(bold=True, font_size=13)
        self.note = f(italic=True, font_color="#595959")
        self.note_wrap = f(italic=True, font_color="#595959", text_wrap=True, valign="top")
        self.header = f(bold=True, font_color="#FFFFFF", bg_color=HEADER_FILL, text_wrap=True, align="center",
                        border=1)
        self.text = f(border=1, border_color="#BFBFBF")
        self.code = f(border=1, border_color="#BFBFBF", num_format="@")
        self.qty = f(border=1, border_color="#BFBFBF", num_format="#,##0;[Red]-#,##0")
        self.dec = f(border=1, border_color="#BFBFBF", num_format="#,##0.00")
        self.dec1 = f(border=1, border_color="#BFBFBF", num_format="#,##0.0")
        self.pct = f(border=1, border_color="#BFBFBF", num_format='0.0"%"')
        self.money = f(border=1, border_color="#BFBFBF", num_format=money)
        self.date = f(border=1, border_color="#BFBFBF", num_format="yyyy-mm-dd")
        self.input_qty = f(border=1, border_color="#BFBFBF", num_format="#,##0", bg_color=INPUT_FILL)
        self.input_dec = f(border=1, border_color="#BFBFBF", num_format="#,##0.0", bg_color=INPUT_FILL)
        self.input_date = f(border=1, border_color="#BFBFBF", num_format="yyyy-mm-dd", bg_color=INPUT_FILL)
        self.result = f(border=1, border_color="#BFBFBF", num_format="#,##0", bold=True, bg_color="#E2EFDA")
        self.group = f(bold=True, bg_color=BAND_FILL, border=1, border_color="#BFBFBF")
        self.total_text = f(bold=True, bg_color=TOTAL_FILL, border=1)
        self.total_qty = f(bold=True, bg_color=TOTAL_FILL, border=1, num_format="#,##0")
        self.total_money = f(bold=True, bg_color=TOTAL_FILL, border=1, num_format=money)
        self.label = f(bold=True, align="right")
        self.setting_pct = f(num_format="0.0", bg_color=INPUT_FILL, border=1)
        self.setting_dec = f(num_format="0.000", border=1)
        self.setting_days = f(num_format="0", bg_color=INPUT_FILL, border=1)
        self.setting_date = f(num_format="yyyy-mm-dd", bg_color=INPUT_FILL, border=1)


_FORMATS: dict[int, _Formats] = {}


def _formats(target: Target) -> _Formats:
    key = id(target.workbook)
    if key not in _FORMATS or _FORMATS[key].wb is not target.workbook:
        fm = _Formats(target.workbook, target.currency)
        fm.wb = target.workbook
        _FORMATS[key] = fm
    return _FORMATS[key]


def _num(value) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _put(ws, row, col, value, fmt) -> None:
    number = _num(value)
    if number is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, number, fmt)


def _text(ws, row, col, value, fmt) -> None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _formula(ws, row, col, formula, cached, fmt) -> float:
    """A live formula with its value cached; a value the data leaves empty is
    cached as 0, which is what the formula gives over blank cells."""
    number = _num(cached)
    number = 0.0 if number is None else number
    ws.write_formula(row, col, formula, fmt, number)
    return number


def staple_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Pairs the staple rule orders today."""
    return _sorted(rows[rows["staple_rule"] & (rows["order_qty"] > 0)])


def seasonal_rows(rows: pd.DataFrame) -> pd.DataFrame:
    return _sorted(rows[~rows["staple_rule"] & (rows["order_qty"] > 0)])


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.assign(_supplier=frame["supplier"].fillna("\uffff").astype(str))
    return frame.sort_values(["_supplier", "store", "sku"], kind="stable")


def _style(rec: dict) -> str:
    style = rec.get("style")
    return str(rec["sku"]) if style is None or (isinstance(style, float) and math.isnan(style)) else str(style)


def style_key(frame: pd.DataFrame) -> pd.Series:
    """The style a row rolls up to: its 商品番号, or its own SKU without one."""
    return frame["style"].where(frame["style"].notna(), frame["sku"]).astype(str)


# ---------------------------------------------------------------- settings block
def _settings_block(ws, fm: _Formats, rep, lang: str, seasonal: bool = False) -> dict[str, str]:
    """Row 3: the settings every formula of the sheet reads, as absolute cells."""
    r = SETTINGS_ROW
    ws.write_string(r, 0, word("service_level", lang), fm.label)
    ws.write_number(r, 1, rep.service_level_pct, fm.setting_pct)
    ws.write_string(r, 2, word("z", lang), fm.label)
    level = xl_rowcol_to_cell(r, 1, row_abs=True, col_abs=True)
    ws.write_formula(r, 3, f"=_xlfn.NORM.S.INV({level}/100)", fm.setting_dec, rep.z)
    ws.write_string(r, 4, word("review_days", lang), fm.label)
    ws.write_number(r, 5, rep.review_days, fm.setting_days)
    ws.write_string(r, 6, word("as_of", lang), fm.label)
    ws.write_datetime(r, 7, dt.datetime.fromisoformat(rep.as_of), fm.setting_date)
    cells = {"z": xl_rowcol_to_cell(r, 3, row_abs=True, col_abs=True),
             "review": xl_rowcol_to_cell(r, 5, row_abs=True, col_abs=True),
             "as_of": xl_rowcol_to_cell(r, 7, row_abs=True, col_abs=True)}
    ws.write_string(r + 1, 0, word("edit_note", lang), fm.note)
    return cells


def _open(target: Target, name: str, rep, title: str):
    """A new order sheet with its title and as-of day on the first line."""
    ws = target.add_sheet(name)
    fm = _formats(target)
    ws.write_string(0, 0, f"{word(title, target.lang)} — {word('as_of', target.lang)} {rep.as_of}", fm.title)
    return ws, fm


def _header(ws, fm, columns: list[tuple[str, float]], lang: str) -> None:
    for c, (key, width) in enumerate(columns):
        ws.write_string(HEADER_ROW, c, word(key, lang), fm.header)
        ws.set_column(c, c, width)
    ws.set_row(HEADER_ROW, 30)
    ws.freeze_panes(HEADER_ROW + 1, 3)


def _print_setup(ws, last_col: int, last_row: int, breaks: list[int]) -> None:
    ws.repeat_rows(0, HEADER_ROW)
    ws.print_area(0, 0, max(last_row, HEADER_ROW), last_col)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    if breaks:
        ws.set_h_pagebreaks(breaks)


# ---------------------------------------------------------------- staple
# the supplier column is as wide as the "Service level %" label above it
STAPLE_COLUMNS = [("supplier", 15), ("store", 7), ("sku", 15), ("style", 9), ("product", 22), ("on_hand", 8),
                  ("on_order", 8), ("avg_daily", 8), ("sd_daily", 8), ("lead_time", 8), ("case_pack", 6),
                  ("min_order", 7), ("safety_stock", 8), ("reorder_point", 8), ("order_up_to", 8),
                  ("forecast_28d", 8), ("recommended", 12), ("buyer_qty", 9), ("unit_cost", 8),
                  ("order_value", 10)]


def _write_list(target: Target, name: str, rep, title: str, columns, frame: pd.DataFrame, write_row) -> object:
    """An order list: the settings block, then each supplier's lines on a page
    of its own with a subtotal, and the grand total; `write_row(ws, fm, row,
    rec, c, cells)` writes one order line (`c`: each column's cell on the row)."""
    lang = target.lang
    ws, fm = _open(target, name, rep, title)
    cells = _settings_block(ws, fm, rep, lang)
    _header(ws, fm, columns, lang)
    col = {key: i for i, (key, _) in enumerate(columns)}
    letters = {key: xl_col_to_name(i) for key, i in col.items()}
    row, breaks, value_cells = HEADER_ROW + 1, [], []
    for n, (group, records) in enumerate(_by_supplier(frame)):
        if n and target.page_per_supplier:
            breaks.append(row)
        shown = records[0]["supplier"] if pd.notna(records[0]["supplier"]) else word("no_supplier", lang)
        ws.merge_range(row, 0, row, len(columns) - 1, f"{word('supplier', lang)}: {shown}", fm.group)
        row += 1
        first = row
        for rec in records:
            for key in ("supplier", "store", "sku"):
                _text(ws, row, col[key], rec[key], fm.code)
            _text(ws, row, col["style"], _style(rec), fm.code)
            _text(ws, row, col["product"], rec.get("product"), fm.text)
            c = {k: f"{v}{row + 1}" for k, v in letters.items()}
            write_row(ws, fm, row, rec, col, c, cells)
            ws.write_blank(row, col["buyer_qty"], None, fm.input_qty)
            _put(ws, row, col["unit_cost"], rec["unit_cost"], fm.money)
            cost = _num(rec["unit_cost"])
            _formula(ws, row, col["order_value"],
                     f"=IF({c['buyer_qty']}<>\"\",{c['buyer_qty']},{c['recommended']})*{c['unit_cost']}",
                     rec["order_qty"] * cost if cost is not None else None, fm.money)
            row += 1
        value_cells.append(_subtotal(ws, fm, row, first, row - 1, col, shown, lang, group))
        row += 1
    if not len(frame):
        ws.write_string(row, 0, word("none_to_order", lang), fm.note)
        row += 1
    else:
        _grand_total(ws, fm, row, value_cells, col, lang, float(frame["order_qty"].sum()))
    _print_setup(ws, len(columns) - 1, row, breaks)
    ws.autofilter(HEADER_ROW, 0, HEADER_ROW, len(columns) - 1)
    return ws


def _order_inputs(ws, fm, row, rec, col) -> float:
    """The editable cells every order line has; returns the on-hand figure used."""
    on_hand = 0.0 if _num(rec["on_hand"]) is None else rec["on_hand"]
    _put(ws, row, col["on_hand"], on_hand, fm.input_qty)
    _put(ws, row, col["on_order"], rec["on_order"], fm.input_qty)
    _put(ws, row, col["avg_daily"], rec["avg_daily"], fm.dec)
    _put(ws, row, col["lead_time"], rec["lead_time_days"], fm.input_dec)
    _put(ws, row, col["case_pack"], rec["case_pack"], fm.input_qty)
    _put(ws, row, col["min_order"], rec["min_order_qty"], fm.input_qty)
    _put(ws, row, col["forecast_28d"], rec["forecast_28d"], fm.qty)
    return on_hand


def _rounded(c: dict, need: str) -> str:
    """A positive need raised to the minimum order and rounded up to whole cases."""
    return f"CEILING(ROUND(MAX({need},{c['min_order']}),6),{c['case_pack']})"


def _staple_row(ws, fm, row, rec, col, c, cells) -> None:
    z, review = cells["z"], cells["review"]
    _order_inputs(ws, fm, row, rec, col)
    _put(ws, row, col["sd_daily"], rec["sd_daily"], fm.dec)
    _formula(ws, row, col["safety_stock"], f"={z}*{c['sd_daily']}*SQRT({c['lead_time']})", rec["safety_stock"],
             fm.dec1)
    _formula(ws, row, col["reorder_point"], f"={c['avg_daily']}*{c['lead_time']}+{c['safety_stock']}",
             rec["reorder_point"], fm.dec1)
    _formula(ws, row, col["order_up_to"],
             f"={c['avg_daily']}*({c['lead_time']}+{review})+{z}*{c['sd_daily']}*SQRT({c['lead_time']}+{review})",
             rec["order_up_to"], fm.dec1)
    position = f"{c['on_hand']}+{c['on_order']}"
    need = f"{c['order_up_to']}-{position}"
    _formula(ws, row, col["recommended"],
             f"=IF(AND({position}<={c['reorder_point']},ROUND({need},6)>0),{_rounded(c, need)},0)",
             rec["order_qty"], fm.result)


def _seasonal_row(ws, fm, row, rec, col, c, cells) -> None:
    on_hand = _order_inputs(ws, fm, row, rec, col)
    ws.write_datetime(row, col["season_end"], pd.Timestamp(rec["season_end"]).to_pydatetime(), fm.input_date)
    _formula(ws, row, col["days_left"], f"=MAX(0,{c['season_end']}-{cells['as_of']})", rec["days_left"], fm.qty)
    position = f"{c['on_hand']}+{c['on_order']}"
    need = rec["avg_daily"] * rec["days_left"] - on_hand - rec["on_order"]
    _formula(ws, row, col["need"], f"={c['avg_daily']}*{c['days_left']}-({position})", need, fm.dec1)
    _formula(ws, row, col["recommended"],
             f"=IF(AND({c['days_left']}>{c['lead_time']},ROUND({c['need']},6)>0),{_rounded(c, c['need'])},0)",
             rec["order_qty"], fm.result)
    _formula(ws, row, col["leftover"], f"=MAX(0,{position}-{c['avg_daily']}*{c['days_left']})",
             rec["projected_leftover"], fm.dec1)


def write_staple(target: Target, name: str, rep) -> object:
    return _write_list(target, name, rep, "staple_title", STAPLE_COLUMNS, staple_rows(rep.rows), _staple_row)


def write_seasonal(target: Target, name: str, rep) -> object:
    return _write_list(target, name, rep, "seasonal_title", SEASONAL_COLUMNS, seasonal_rows(rep.rows), _seasonal_row)


LIST_FIELDS = ("supplier", "store", "sku", "style", "product", "on_hand", "on_order", "avg_daily", "sd_daily",
               "lead_time_days", "case_pack", "min_order_qty", "forecast_28d", "safety_stock", "reorder_point",
               "order_up_to", "order_qty", "unit_cost", "season_end", "days_left", "projected_leftover")


def _by_supplier(frame: pd.DataFrame):
    """(rows, their records) of each supplier in turn; the records are made once for the whole list."""
    keep = [c for c in LIST_FIELDS if c in frame.columns]
    records = frame[keep].to_dict("records")
    suppliers = frame["_supplier"].to_numpy()
    starts = [0] + [i for i in range(1, len(suppliers)) if suppliers[i] != suppliers[i - 1]] + [len(suppliers)]
    for a, b in zip(starts[:-1], starts[1:]):
        if b > a:
            yield frame.iloc[a:b], records[a:b]


def _subtotal(ws, fm, row, first, last, col, supplier, lang, group) -> tuple[str, str]:
    ws.write_string(row, 0, word("subtotal", lang, supplier=supplier), fm.total_text)
    for c in range(1, max(col.values()) + 1):
        ws.write_blank(row, c, None, fm.total_text)
    rec_col, val_col = xl_col_to_name(col["recommended"]), xl_col_to_name(col["order_value"])
    qty = f"{rec_col}{row + 1}"
    _formula(ws, row, col["recommended"], f"=SUM({rec_col}{first + 1}:{rec_col}{last + 1})",
             float(group["order_qty"].sum()), fm.total_qty)
    cost = (group["order_qty"] * group["unit_cost"].astype(float).fillna(0.0)).sum()
    value = _formula(ws, row, col["order_value"], f"=SUM({val_col}{first + 1}:{val_col}{last + 1})", cost,
                     fm.total_money)
    return qty, (f"{val_col}{row + 1}", value)


def _grand_total(ws, fm, row, subtotals, col, lang, qty) -> None:
    ws.write_string(row, 0, word("total", lang), fm.total_text)
    for c in range(1, max(col.values()) + 1):
        ws.write_blank(row, c, None, fm.total_text)
    ws.write_formula(row, col["recommended"], "=" + "+".join(q for q, _ in subtotals), fm.total_qty, qty)
    ws.write_formula(row, col["order_value"], "=" + "+".join(v[0] for _, v in subtotals), fm.total_money,
                     sum(v[1] for _, v in subtotals))


# ---------------------------------------------------------------- seasonal
SEASONAL_COLUMNS = [("supplier", 15), ("store", 7), ("sku", 15), ("style", 9), ("product", 22), ("on_hand", 8),
                    ("on_order", 8), ("avg_daily", 8), ("lead_time", 8), ("case_pack", 6), ("min_order", 7),
                    ("season_end", 10), ("days_left", 7), ("need", 9), ("forecast_28d", 8), ("recommended", 12),
                    ("buyer_qty", 9), ("leftover", 9), ("unit_cost", 8), ("order_value", 10)]



# ---------------------------------------------------------------- style roll-up
STYLE_COLUMNS = [("style", 10), ("store", 7), ("skus", 6), ("on_hand", 9), ("on_order", 9), ("forecast_28d", 9),
                 ("recommended", 12), ("buyer_qty", 10), ("order_value", 12)]


def write_styles(target: Target, name: str, rep, staple_sheet: str, seasonal_sheet: str) -> object:
    """Per style and store, the order lists' figures summed with SUMIFS, so a
    change on a list shows here too."""
    lang = target.lang
    ws, fm = _open(target, name, rep, 'styles_title')
    _header(ws, fm, STYLE_COLUMNS, lang)
    lists = pd.concat([staple_rows(rep.rows).assign(_sheet=staple_sheet, _cols="staple"),
                       seasonal_rows(rep.rows).assign(_sheet=seasonal_sheet, _cols="seasonal")])
    row = HEADER_ROW + 1
    if not len(lists):
        ws.write_string(row, 0, word("none_to_order", lang), fm.note)
        _print_setup(ws, len(STYLE_COLUMNS) - 1, row, [])
        return ws
    lists["_style"] = style_key(lists)
    lists["_on_hand"] = lists["on_hand"].fillna(0.0)
    lists["_value"] = lists["order_qty"] * lists["unit_cost"].astype(float)
    sums = lists.groupby(["_style", "store"], sort=True).agg(
        n=("sku", "size"), on_hand=("_on_hand", "sum"), on_order=("on_order", "sum"),
        forecast=("forecast_28d", "sum"), qty=("order_qty", "sum"), value=("_value", "sum"))
    ranges = []  # (sheet prefix, columns) of both lists, rows from the first order line down
    for sheet, columns in ((staple_sheet, STAPLE_COLUMNS), (seasonal_sheet, SEASONAL_COLUMNS)):
        ref = "'{}'!".format(sheet.replace("'", "''"))
        letters = {k: xl_col_to_name(i) for i, (k, _) in enumerate(columns)}
        ranges.append({k: f"{ref}${v}${HEADER_ROW + 2}:${v}$1048576" for k, v in letters.items()})

    def sumifs(field: str | None, key_style: str, key_store: str) -> str:
        if field is None:
            return "=" + "+".join(f"COUNTIFS({r['style']},{key_style},{r['store']},{key_store})" for r in ranges)
        return "=" + "+".join(f"SUMIFS({r[field]},{r['style']},{key_style},{r['store']},{key_store})" for r in ranges)

    first = row
    totals = np.zeros(7)
    for (style, store), s in zip(sums.index, sums.itertuples(index=False)):
        ws.write_string(row, 0, style, fm.code)
        ws.write_string(row, 1, str(store), fm.code)
        keys = (xl_rowcol_to_cell(row, 0), xl_rowcol_to_cell(row, 1))
        _formula(ws, row, 2, sumifs(None, *keys), s.n, fm.qty)
        _formula(ws, row, 3, sumifs("on_hand", *keys), s.on_hand, fm.qty)
        _formula(ws, row, 4, sumifs("on_order", *keys), s.on_order, fm.qty)
        _formula(ws, row, 5, sumifs("forecast_28d", *keys), s.forecast, fm.qty)
        _formula(ws, row, 6, sumifs("recommended", *keys), s.qty, fm.result)
        _formula(ws, row, 7, sumifs("buyer_qty", *keys), 0.0, fm.qty)
        _formula(ws, row, 8, sumifs("order_value", *keys), s.value, fm.money)
        totals += [s.n, s.on_hand, s.on_order, s.forecast, s.qty, 0.0, 0.0 if pd.isna(s.value) else s.value]
        row += 1
    ws.write_string(row, 0, word("total", lang), fm.total_text)
    ws.write_blank(row, 1, None, fm.total_text)
    for c in range(2, len(STYLE_COLUMNS)):
        letter = xl_col_to_name(c)
        ws.write_formula(row, c, f"=SUM({letter}{first + 1}:{letter}{row})",
                         fm.total_money if c == 8 else fm.total_qty, float(totals[c - 2]))
    # the styles keep the wanted SKUs' style keys: the lists hold them in their style column
    _print_setup(ws, len(STYLE_COLUMNS) - 1, row, [])
    return ws


# ---------------------------------------------------------------- sell-through
SELL_COLUMNS = [("store", 7), ("sku", 15), ("style", 9), ("product", 22), ("supplier", 10), ("season_start", 10),
                ("season_end", 10), ("days_left", 7), ("on_hand", 8), ("on_order", 8), ("avg_daily", 8),
                ("season_st", 9), ("leftover", 9), ("unit_cost", 8), ("stock_value", 11), ("value_at_risk", 11),
                ("markdown", 10)]


def write_sell_through(target: Target, name: str, rep) -> object:
    lang = target.lang
    ws, fm = _open(target, name, rep, 'sell_through_title')
    _header(ws, fm, SELL_COLUMNS, lang)
    rows = rep.rows
    frame = rows[rows["class"] == "seasonal"].copy()
    frame["_risk"] = frame["leftover_value"].fillna(-1.0)
    frame = frame.sort_values(["_risk", "store", "sku"], ascending=[False, True, True], kind="stable")
    row = HEADER_ROW + 1
    first = row
    for rec in frame.to_dict("records"):
        for c, key in enumerate(("store", "sku", "style", "product", "supplier")):
            _text(ws, row, c, rec.get(key), fm.code if c != 3 else fm.text)
        for c, key in ((5, "season_start"), (6, "season_end")):
            if pd.notna(rec[key]):
                ws.write_datetime(row, c, pd.Timestamp(rec[key]).to_pydatetime(), fm.date)
            else:
                ws.write_blank(row, c, None, fm.date)
        _put(ws, row, 7, rec["days_left"], fm.qty)
        _put(ws, row, 8, rec["on_hand"], fm.qty)
        _put(ws, row, 9, rec["on_order"], fm.qty)
        _put(ws, row, 10, rec["avg_daily"], fm.dec)
        _put(ws, row, 11, rec["season_sell_through_pct"], fm.pct)
        _put(ws, row, 12, rec["projected_leftover"], fm.dec1)
        _put(ws, row, 13, rec["unit_cost"], fm.money)
        cells = {k: xl_rowcol_to_cell(row, c) for k, c in (("on_hand", 8), ("cost", 13), ("leftover", 12))}
        _formula(ws, row, 14, f"={cells['on_hand']}*{cells['cost']}", rec["stock_value"], fm.money)
        _formula(ws, row, 15, f"={cells['leftover']}*{cells['cost']}", rec["leftover_value"], fm.money)
        _text(ws, row, 16, word("yes", lang) if "markdown_candidate" in rec["flags"] else "", fm.text)
        row += 1
    ws.write_string(row, 0, word("total", lang), fm.total_text)
    for c in range(1, len(SELL_COLUMNS)):
        ws.write_blank(row, c, None, fm.total_text)
    if row > first:
        for c, key in ((14, "stock_value"), (15, "leftover_value")):
            letter = xl_col_to_name(c)
            ws.write_formula(row, c, f"=SUM({letter}{first + 1}:{letter}{row})", fm.total_money,
                             float(frame[key].fillna(0.0).sum()))
        flagged = frame[frame["flags"].map(lambda f: "markdown_candidate" in f)]
        ws.write_formula(row + 1, 15, f'=SUMIFS(P{first + 1}:P{row},Q{first + 1}:Q{row},"{word("yes", lang)}")',
                         fm.total_money, _num(flagged["leftover_value"].sum()) or 0.0)
        ws.write_string(row + 1, 14, word("markdown", lang), fm.label)
    _print_setup(ws, len(SELL_COLUMNS) - 1, row + 1, [])
    ws.autofilter(HEADER_ROW, 0, max(row - 1, HEADER_ROW), len(SELL_COLUMNS) - 1)
    return ws


# ---------------------------------------------------------------- alerts
def alert_rows(rep, lang: str, currency: str = "JPY") -> list[dict]:
    """One row per pair and flag: what is wrong, the figure that says so and
    what to do (the pack, the order workbook and the app show these)."""
    out = []
    frame = rep.rows
    frame = frame[frame["flags"].map(len) > 0]  # only the flagged pairs become alert rows
    fields = ["flags", "store", "sku", "product", "supplier", "on_hand", "on_order", "reorder_point", "order_qty",
              "lead_time_days", "weeks_of_cover", "leftover_value", "projected_leftover", "days_left", "stock_value"]
    order = {f: i for i, f in enumerate(("stockout_risk", "markdown_candidate", "overstock", "dead_stock"))}
    for rec in frame[[f for f in fields if f in frame.columns]].to_dict("records"):
        for flag in rec["flags"]:
            on_hand = _num(rec["on_hand"]) or 0.0
            if flag == "stockout_risk":
                why = word("why_stockout_risk", lang, position=on_hand + rec["on_order"], rop=rec["reorder_point"])
                named = rec["supplier"] is not None and pd.notna(rec["supplier"])
                do = word("do_stockout_risk" if named else "do_stockout_risk_unnamed", lang, qty=rec["order_qty"],
                          lead=rec["lead_time_days"], supplier=rec["supplier"])
            elif flag == "overstock":
                why = word("why_overstock", lang, weeks=rec["weeks_of_cover"])
                do = word("do_overstock", lang)
            elif flag == "dead_stock":
                why = word("why_dead_stock", lang, units=on_hand)
                do = word("do_dead_stock", lang)
            else:
                value = _num(rec["leftover_value"]) or 0.0
                why = word("why_markdown_candidate", lang, leftover=rec["projected_leftover"], units=on_hand,
                           value=f"{CURRENCY_SYMBOLS.get(currency, '')}{value:,.0f}")
                do = word("do_markdown_candidate", lang, days=_num(rec["days_left"]) or 0.0)
            out.append({"flag": flag, "alert": word(flag, lang), "store": rec["store"], "sku": rec["sku"],
                        "product": rec.get("product"), "supplier": rec["supplier"], "why": why, "action": do,
                        "value": _num(rec["stock_value"]), "_order": order[flag]})
    out.sort(key=lambda a: (a["_order"], str(a["store"]), str(a["sku"])))
    return out


ALERT_COLUMNS = [("alert", 14), ("store", 7), ("sku", 15), ("product", 24), ("supplier", 10), ("stock_value", 11),
                 ("figure", 40), ("action", 56)]


def write_alerts(target: Target, name: str, rep) -> object:
    lang = target.lang
    ws, fm = _open(target, name, rep, 'alerts_title')
    _header(ws, fm, ALERT_COLUMNS, lang)
    row = HEADER_ROW + 1
    for a in alert_rows(rep, lang, target.currency):
        for c, key in enumerate(("alert", "store", "sku", "product", "supplier")):
            _text(ws, row, c, a[key], fm.code if c in (1, 2, 4) else fm.text)
        _put(ws, row, 5, a["value"], fm.money)
        _text(ws, row, 6, a["why"], fm.text)
        _text(ws, row, 7, a["action"], fm.text)
        row += 1
    _print_setup(ws, len(ALERT_COLUMNS) - 1, row, [])
    ws.autofilter(HEADER_ROW, 0, max(row - 1, HEADER_ROW), len(ALERT_COLUMNS) - 1)
    return ws


# ---------------------------------------------------------------- forecast accuracy
FORECAST_COLUMNS = [("category", 14), ("pairs", 10), ("wape", 10), ("mape", 10), ("naive_wape", 12),
                    ("naive_mape", 12)]


def write_forecast(target: Target, name: str, rep) -> object:
    lang = target.lang
    ws = target.add_sheet(name)
    fm = _formats(target)
    # six columns are narrower than the title with its date: the as-of day goes on the line below
    ws.write_string(0, 0, word("forecast_title", lang), fm.title)
    method = localised(METHODS.get(rep.method, {"en": rep.method}), lang)
    ws.write_string(1, 0, f"{word('as_of', lang)} {rep.as_of} · {word('method', lang, method=method)}")
    ws.set_row(2, 36)  # the note wraps across the table's width, inside the printed page
    ws.merge_range(2, 0, 2, len(FORECAST_COLUMNS) - 1, word("method_note", lang), fm.note_wrap)
    _header(ws, fm, FORECAST_COLUMNS, lang)
    row = HEADER_ROW + 1
    for a in rep.accuracy:
        _text(ws, row, 0, a["category"] if a["category"] is not None else word("all_categories", lang),
              fm.total_text if a["category"] is None else fm.text)
        _put(ws, row, 1, a["pairs"], fm.qty)
        for c, key in ((2, "wape_pct"), (3, "mape_pct"), (4, "naive_wape_pct"), (5, "naive_mape_pct")):
            _put(ws, row, c, a[key], fm.pct)
        row += 1
    _print_setup(ws, len(FORECAST_COLUMNS) - 1, row, [])
    return ws


NOTE_COLUMNS = [("note", 110)]


def write_notes(target: Target, name: str, rep) -> object:
    """What the figures rest on where the data is thin (no stock figure, few
    days of sales, products missing from the master): the order workbook has
    no data-quality sheet of its own, and a buyer must see these beside the list."""
    lang = target.lang
    ws, fm = _open(target, name, rep, 'notes_title')
    _header(ws, fm, NOTE_COLUMNS, lang)
    row = HEADER_ROW + 1
    for issue in rep.warnings:
        note = issue.problem(lang)
        lines = math.ceil(display_width(note) / (NOTE_COLUMNS[0][1] * 0.95))  # rows of a constant-memory sheet keep their height
        ws.set_row(row, 15 * max(lines, 1))
        ws.write_string(row, 0, note, fm.note_wrap)
        row += 1
    _print_setup(ws, len(NOTE_COLUMNS) - 1, row, [])
    return ws


ORDER_SHEETS = ("staple", "seasonal", "styles", "sell_through", "alerts", "forecast")
PACK_IDS = {"staple": "orders_staple", "seasonal": "orders_seasonal", "styles": "orders_styles",
            "sell_through": "sell_through", "alerts": "stock_alerts", "forecast": "forecast_accuracy"}


# a pack lists the pairs up to this many (a few stores' worth); past it, a chain's
# hundreds of thousands of rows of live formulas belong in the order workbook
PACK_PAIRS = 20_000
SHEET_COLUMNS = {"staple": STAPLE_COLUMNS, "seasonal": SEASONAL_COLUMNS, "styles": STYLE_COLUMNS,
                 "sell_through": SELL_COLUMNS, "alerts": ALERT_COLUMNS, "forecast": FORECAST_COLUMNS}


def pack_writer(key: str):
    """The pack's writer(pack, name) of one order sheet."""
    def write(pack, name: str) -> None:
        rep = pack.comp.replenishment
        target = Target(pack.workbook, pack.add_sheet, pack.lang, pack.settings.currency, page_per_supplier=False)
        if rep is None:
            ws = pack.add_sheet(name)
            ws.write_string(3, 0, word("no_data", pack.lang))
            return
        if pack.layout.get("scopes") == "store":  # a store's own pack: its own lines only
            store = pack.main_scope.split(":", 1)[1]
            rep = replace(rep, rows=rep.rows[rep.rows["store"] == store])
        if key != "forecast" and len(rep.rows) > PACK_PAIRS:  # a chain's lists: the order workbook's job
            ws = pack.add_sheet(name)
            ws.write_string(3, 0, word("too_many", pack.lang, pairs=f"{len(rep.rows):,}"))
            return
        if key == "styles":
            ws = write_styles(target, name, rep, pack.planned_name("orders_staple"),
                              pack.planned_name("orders_seasonal"))
        else:
            ws = {"staple": write_staple, "seasonal": write_seasonal, "sell_through": write_sell_through,
                  "alerts": write_alerts, "forecast": write_forecast}[key](target, name, rep)
        # the link back to the contents in the table's last column, clear of the title's text
        pack.back_link(ws, 0, len(SHEET_COLUMNS[key]) - 1)
    return write


def write_all(target: Target, rep, names: dict[str, str] | None = None) -> None:
    """Every order sheet, in order (the order workbook)."""
    names = names or {key: word(key, target.lang) for key in ORDER_SHEETS}
    write_staple(target, names["staple"], rep)
    write_seasonal(target, names["seasonal"], rep)
    write_styles(target, names["styles"], rep, names["staple"], names["seasonal"])
    write_sell_through(target, names["sell_through"], rep)
    write_alerts(target, names["alerts"], rep)
    write_forecast(target, names["forecast"], rep)


def write_order_book(path, rep, lang: str, currency: str = "JPY", company: str = "") -> None:
    """The order workbook on its own (`kpipack orders`)."""
    import xlsxwriter

    # rows go to disk as they are written: memory stays small however long the lists are
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "nan_inf_to_errors": False, "constant_memory": True})
    wb.set_properties({"title": f"Order list {rep.as_of}", "company": company, "comments": "kpipack"})
    mark_output(wb, "orders")  # never read back as data when left among the inputs

    from .pack import quick_formulas  # deferred: the pack module drives the sheets that import this one

    def add_sheet(name: str):
        ws = wb.add_worksheet(name[:31])
        quick_formulas(ws)
        ws.hide_gridlines(2)
        small = f'&8&"{FONT},Regular"'
        ws.set_header(f"&L{small}{company.replace('&', '&&')}&C{small}{name}&R{small}{rep.as_of}")
        ws.set_footer(f"&R{small}&P / &N")
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        return ws

    target = Target(wb, add_sheet, lang, currency)
    write_all(target, rep)
    if rep.warnings:
        write_notes(target, word("notes", lang), rep)
    wb.close()


__all__ = ["Target", "write_all", "write_order_book", "alert_rows", "staple_rows", "seasonal_rows", "np"]
