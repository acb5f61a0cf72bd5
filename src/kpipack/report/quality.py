"""Data-quality sheet: control totals that tie the pack to its inputs, every
rejected row with its reason, and the notes on rows kept."""
from __future__ import annotations

from .labels import label


def write_quality(pack, sheet_name: str) -> None:
    ws = pack.add_sheet(sheet_name, landscape=True)
    lang, f, ds = pack.lang, pack.formats, pack.dataset
    ws.write_string(0, 0, label("quality", lang), f.title())
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 8)
    ws.set_column(3, 3, 70)
    ws.write_string(2, 0, label("control_totals", lang), f.subtitle())
    money, count = f.number("money"), f.number("count")
    dq = pack.results["data_quality"]
    items = [("rows_read", dq["rows_read"], count), ("rows_used", dq["rows_used"], count),
             ("rows_rejected", dq["rows_rejected"], count), ("net_sales_read", dq["net_sales_read"], money),
             ("net_sales_used", dq["net_sales_used"], money), ("net_sales_rejected", dq["net_sales_rejected"], money)]
    for i, (key, value, fmt) in enumerate(items):
        ws.write_string(3 + i, 0, label(key, lang), f.text())
        ws.write_number(3 + i, 1, value, fmt)
    ok = abs(dq["net_sales_read"] - dq["net_sales_used"] - dq["net_sales_rejected"]) < 0.5 and \
        dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"]
    ws.write_string(9, 0, label("control", lang), f.text(bold=True))
    pack.write_formula(ws, 9, 1, '=IF(AND(B4=B5+B6,ABS(B7-B8-B9)<0.5),"{}","{}")'.format(
        label("ok", lang), label("mismatch", lang)), label("ok" if ok else "mismatch", lang),
        f.status("green" if ok else "red"))
    row = 11
    row = _issue_table(pack, ws, row, label("rejected_rows", lang), ds.issues)
    _issue_table(pack, ws, row + 1, label("warnings", lang), ds.warnings + pack.comp.warnings)


def _issue_table(pack, ws, row, title, issues) -> int:
    lang, f = pack.lang, pack.formats
    ws.write_string(row, 0, f"{title} ({len(issues)})", f.subtitle())
    row += 1
    headers = [label("file", lang), label("sheet", lang), label("row", lang), label("problem", lang)]
    for c, text in enumerate(headers):
        ws.write_string(row, c, text, f.header())
    first = row
    for i, issue in enumerate(issues):
        row += 1
        band = i % 2 == 1
        ws.write_string(row, 0, issue.file, f.text(band))
        ws.write_string(row, 1, issue.sheet, f.text(band))
        ws.write_number(row, 2, issue.row, f.number("count", band))
        ws.write_string(row, 3, issue.problem(lang), f.text(band))
    if issues:
        ws.autofilter(first, 0, row, 3)
    return row + 1
