"""Summary sheet: every KPI for the total and each store, with live variance formulas."""
from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell as cell

from ..kpis.registry import BY_ID
from .labels import label

COLUMNS = ["actual", "budget", "variance", "variance_pct", "prev_month", "mom_pct", "prev_year", "yoy_pct",
           "ytd", "ytd_budget", "status"]


def scope_title(scope: str, names: dict[str, str], lang: str) -> str:
    if scope == "total":
        return label("total", lang)
    store = scope.split(":", 1)[1]
    name = names.get(store, store)
    return name if name == store else f"{name} ({store})"


def write_summary(pack, sheet_name: str) -> None:
    ws = pack.add_sheet(sheet_name, landscape=True)
    lang, f = pack.lang, pack.formats
    ws.write_string(0, 0, f"{label('summary', lang)} — {pack.comp.period}", f.title())
    ws.set_column(0, 0, 34)
    ws.set_column(1, len(COLUMNS), 13)
    row = 2
    rows_by_scope: dict[str, list[dict]] = {}
    for r in pack.rows:
        rows_by_scope.setdefault(r["scope"], []).append(r)
    for scope in pack.comp.scopes:
        ws.write_string(row, 0, scope_title(scope, pack.comp.store_names, lang), f.subtitle())
        row += 1
        ws.write_string(row, 0, label("kpi", lang), f.header())
        for c, key in enumerate(COLUMNS, start=1):
            ws.write_string(row, c, label(key, lang), f.header())
        if scope == "total":
            ws.freeze_panes(row + 1, 1)
            ws.repeat_rows(row)
        row += 1
        for i, r in enumerate(rows_by_scope.get(scope, [])):
            kpi = BY_ID[r["id"]]
            band = i % 2 == 1
            ws.write_string(row, 0, kpi.label(lang), f.text(band))
            num = f.number(kpi.unit, band)
            pct = f.number("pct", band)
            a, b = cell(row, 1), cell(row, 2)
            pack.write_value(ws, row, 1, r["actual"], num)
            pack.write_value(ws, row, 2, r["budget"], num)
            pack.write_formula(ws, row, 3, f'=IF(OR({a}="",{b}=""),"",{a}-{b})', r["variance"], num)
            pack.write_formula(ws, row, 4, f'=IF(OR({a}="",{b}="",{b}=0),"",({a}-{b})/ABS({b})*100)',
                               r["variance_pct"], pct)
            pack.write_value(ws, row, 5, r["prev_month"], num)
            pm, py = cell(row, 5), cell(row, 7)
            pack.write_formula(ws, row, 6, f'=IF(OR({a}="",{pm}="",{pm}=0),"",({a}-{pm})/ABS({pm})*100)',
                               r["mom_pct"], pct)
            pack.write_value(ws, row, 7, r["prev_year"], num)
            pack.write_formula(ws, row, 8, f'=IF(OR({a}="",{py}="",{py}=0),"",({a}-{py})/ABS({py})*100)',
                               r["yoy_pct"], pct)
            pack.write_value(ws, row, 9, r["ytd"], num)
            pack.write_value(ws, row, 10, r["ytd_budget"], num)
            ws.write_string(row, 11, label(f"status_{r['status']}", lang), f.status(r["status"]))
            row += 1
        row += 1
    ws.set_row(0, 24)
