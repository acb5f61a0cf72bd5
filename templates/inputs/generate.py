"""Blank input workbooks a user can fill in: one per input table, headers in
Japanese (ja/) and English (en/), each header one the importer recognises.

Run: python templates/inputs/generate.py  (deterministic output)
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import xlsxwriter

TABLES = {
    # file stem: (sheet ja, sheet en, [(header ja, header en, example, width)])
    "sales": ("売上明細", "Sales lines", [
        ("取引日時", "Transaction date", dt.datetime(2026, 10, 1, 10, 15), 18),
        ("店舗コード", "Store code", "S01", 11), ("レシート番号", "Receipt no", "S01-0001", 14),
        ("商品コード", "Item code", "4901234567894", 16), ("商品名", "Product name", "サンプル商品", 20),
        ("部門", "Department", "雑貨", 10), ("数量", "Quantity", 2, 8), ("単価", "Unit price", 1500, 10),
        ("売上金額(税抜)", "Net sales", 3000, 14), ("原価金額", "Cost amount", 1650, 12),
        ("会員番号", "Member id", "M000001", 12), ("販売チャネル", "Sales channel", "店舗", 12)]),
    "traffic": ("日別実績", "Daily traffic", [
        ("日付", "Date", dt.datetime(2026, 10, 1), 12), ("店舗コード", "Store code", "S01", 11),
        ("来店客数", "Visitors", 420, 10), ("総労働時間", "Labour hours", 64, 12)]),
    "stores": ("店舗マスタ", "Stores", [
        ("店舗コード", "Store code", "S01", 11), ("店舗名", "Store name", "渋谷店", 14),
        ("売場面積(坪)", "Floor area (m2)", 45, 14), ("エリア", "Region", "東京", 10)]),
    "inventory": ("月末在庫", "Month-end stock", [
        ("基準日", "As of", dt.datetime(2026, 10, 31), 12), ("店舗コード", "Store code", "S01", 11),
        ("商品コード", "Item code", "4901234567894", 16), ("部門", "Department", "雑貨", 10),
        ("帳簿在庫", "On hand", 12, 10), ("原単価", "Unit cost", 825, 10)]),
    "stocktake": ("棚卸", "Stock-take", [
        ("棚卸日", "Count date", dt.datetime(2026, 10, 31), 12), ("店舗コード", "Store code", "S01", 11),
        ("商品コード", "Item code", "4901234567894", 16), ("帳簿数", "Book qty", 12, 10),
        ("実棚数", "Counted qty", 11, 10), ("原単価", "Unit cost", 825, 10)]),
    "budget": ("予算", "Budget", [
        ("年月", "Month", "2026-10", 10), ("店舗コード", "Store code", "S01", 11),
        ("売上予算", "Net sales budget", 5000000, 14), ("粗利予算", "Gross profit budget", 2000000, 16),
        ("客数予算", "Transactions budget", 580, 16)]),
    "finance": ("財務", "Finance", [
        ("年月", "Month", "2026-10", 10), ("店舗コード", "Store code", "S01", 11),
        ("販管費", "Opex", 1200000, 12), ("当期純利益", "Net income", 350000, 12),
        ("自己資本", "Equity", 25000000, 12), ("総資産", "Total assets", 50000000, 12)]),
    "survey": ("顧客アンケート", "Survey", [
        ("日付", "Date", dt.datetime(2026, 10, 5), 12), ("店舗コード", "Store code", "S01", 11),
        ("推奨度", "Score", 9, 8)]),
    # one row per store and product a campaign covers; a blank store or product means all
    "campaigns": ("施策", "Campaigns", [
        ("施策名", "Campaign", "秋の化粧品フェア", 20), ("開始日", "Start date", dt.datetime(2026, 10, 1), 12),
        ("終了日", "End date", dt.datetime(2026, 10, 14), 12), ("店舗コード", "Store code", "S01", 11),
        ("商品コード", "Item code", "", 16), ("部門", "Department", "化粧品", 10)]),
}


def write(folder: Path) -> None:
    for lang in ("ja", "en"):
        out = folder / lang
        out.mkdir(parents=True, exist_ok=True)
        for stem, (sheet_ja, sheet_en, columns) in TABLES.items():
            wb = xlsxwriter.Workbook(str(out / f"{stem}.xlsx"))
            wb.set_properties({"created": dt.datetime(2026, 1, 1)})
            head = wb.add_format({"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF", "border": 1})
            example = wb.add_format({"italic": True, "font_color": "#7F7F7F"})
            date = wb.add_format({"italic": True, "font_color": "#7F7F7F", "num_format": "yyyy-mm-dd hh:mm"})
            ws = wb.add_worksheet(sheet_ja if lang == "ja" else sheet_en)
            for c, (h_ja, h_en, value, width) in enumerate(columns):
                ws.write_string(0, c, h_ja if lang == "ja" else h_en, head)
                ws.set_column(c, c, width)
                if isinstance(value, dt.datetime):
                    ws.write_datetime(1, c, value, date)
                elif isinstance(value, str):
                    ws.write_string(1, c, value, example)
                else:
                    ws.write_number(1, c, value, example)
            ws.freeze_panes(1, 0)
            wb.close()


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
