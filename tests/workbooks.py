"""Small real workbooks for tests, written with openpyxl."""
from pathlib import Path

import openpyxl


def write_book(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def october_sales(folder: Path) -> Path:
    """Two stores, October 2026, one receipt a day each: S01 sells 1,000 a day, S02 2,000."""
    import datetime as dt

    rows = [["日付", "店舗コード", "レシート番号", "売上金額"]]
    for day in range(1, 32):
        rows.append([dt.date(2026, 10, day), "S01", f"A{day}", 1000])
        rows.append([dt.date(2026, 10, day), "S02", f"B{day}", 2000])
    return write_book(folder / "sales.xlsx", {"売上": rows})
