"""Data quality and audit: control totals that tie the pack to its inputs,
the input files with size and SHA-256, the sheets read and the column
mapping used, rows read / used / rejected with every rejected row and its
reason, the notes on rows kept, and the settings and app version."""
from __future__ import annotations

from pathlib import Path

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from .. import __version__
from ..field_names import field_name
from ..ingest.export_profiles import by_id, read_as
from ..ingest.tax_basis import sheet_basis
from .labels import LABELS, label, period_label
from .months import month_date
from .tables import Col, Formula, write_table

MONEY_TOLERANCE = 0.5  # yen: sums of whole-yen lines agree exactly; allow float noise


def write_quality(pack, sheet_name: str) -> None:
    ws = pack.add_sheet(sheet_name, landscape=True)
    lang, f, ds, comp = pack.lang, pack.formats, pack.dataset, pack.comp
    pack.set_width(ws, 0, 40)
    pack.set_width(ws, 1, 22)
    pack.set_width(ws, 2, 16)
    pack.set_width(ws, 3, 44)
    pack.set_width(ws, 6, 40)
    row = pack.heading(ws, sheet_name, 4)
    ok, bad = label("ok", lang), label("mismatch", lang)

    # control totals
    ws.write_string(row, 0, label("control_totals", lang), f.subtitle())
    row += 1
    dq = pack.results["data_quality"]
    keys = [("rows_read", "count"), ("rows_used", "count"), ("rows_rejected", "count"),
            ("net_sales_read", "money"), ("net_sales_used", "money"), ("net_sales_rejected", "money")]
    placed = write_table(pack, ws, row, 0, [Col("what", label("control_totals", lang)),
                                            Col("value", label("value", lang), "@unit")],
                         [{"what": label(k, lang), "value": dq[k], "_unit": u} for k, u in keys])
    cells = {k: xl_rowcol_to_cell(placed.first + i, 1) for i, (k, _) in enumerate(keys)}
    row = placed.last + 1
    good = dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"] and abs(
        dq["net_sales_read"] - dq["net_sales_used"] - dq["net_sales_rejected"]) < MONEY_TOLERANCE
    ws.write_string(row, 0, label("control", lang), f.text(bold=True))
    pack.write_formula(ws, row, 1, '=IF(AND({}={}+{},ABS({}-{}-{})<{}),"{}","{}")'.format(
        cells["rows_read"], cells["rows_used"], cells["rows_rejected"], cells["net_sales_read"],
        cells["net_sales_used"], cells["net_sales_rejected"], MONEY_TOLERANCE, ok, bad),
        ok if good else bad, f.status("green" if good else "red"))
    row += 2

    # net sales by month, adding up to the net sales used
    ws.write_string(row, 0, label("sales_by_month", lang), f.subtitle())
    row += 1
    months = [m for m in comp.months if comp.value(comp.actual, "net_sales", "total", m) is not None]
    monthly = [comp.value(comp.actual, "net_sales", "total", m) for m in months]
    placed = write_table(pack, ws, row, 0, [Col("month", label("month", lang), "month"),
                                            Col("net_sales", label("net_sales_short", lang), "money")],
                         [{"month": month_date(m), "net_sales": v} for m, v in zip(months, monthly)],
                         {"month": label("total_row", lang),
                          "net_sales": Formula("=SUM({net_sales:range})", sum(monthly))})
    total_ref = xl_rowcol_to_cell(placed.total, 1)
    row = placed.total + 1
    tie = abs(sum(monthly) - dq["net_sales_used"]) < MONEY_TOLERANCE
    ws.write_string(row, 0, label("control_months", lang), f.text(bold=True))
    pack.write_formula(ws, row, 1, f'=IF(ABS({total_ref}-{cells["net_sales_used"]})<{MONEY_TOLERANCE},"{ok}","{bad}")',
                       ok if tie else bad, f.status("green" if tie else "red"))
    row += 2

    # inputs
    ws.write_string(row, 0, label("inputs", lang), f.subtitle())
    row += 1
    placed = write_table(pack, ws, row, 0, [
        Col("file", label("file", lang)), Col("size", label("size_bytes", lang), "bytes"),
        Col("sheets", label("sheets_read", lang), "count"),
        Col("sha", label("sha256", lang), style="mono", wrap=True)],
        [{"file": i.path.name, "size": i.size, "sheets": sum(1 for s in ds.sheets if s.file == i.path.name),
          "sha": i.sha256} for i in ds.inputs])
    row = placed.last + 2

    # sheets read and the mapping used
    ws.write_string(row, 0, label("sheets_read", lang), f.subtitle())
    row += 1
    placed = write_table(pack, ws, row, 0, [
        Col("file", label("file", lang)), Col("sheet", label("sheet", lang)), Col("role", label("role", lang)),
        Col("read", label("rows_read", lang), "count"), Col("used", label("rows_used", lang), "count"),
        Col("rejected", label("rows_rejected", lang), "count"), Col("read_as", label("read_as", lang))],
        [{"file": s.file, "sheet": s.sheet, "role": _role(s.role, lang), "read": s.rows_read, "used": s.rows_used,
          "rejected": s.rows_rejected, "read_as": _layout(s.mapping.profile, lang)} for s in ds.sheets])
    row = placed.last + 2
    profiled = [s for s in ds.sheets if s.mapping.profile]
    if profiled:  # each known export layout in words: which system wrote it, what its net sales hold
        ws.write_string(row, 0, label("export_layouts", lang), f.subtitle())
        row += 1
        for s in profiled:
            ws.write_string(row, 0, f"{s.file} [{s.sheet}]: {read_as(s.mapping.profile, lang, s.mapping.headers)}",
                            f.note())
            row += 1
        row += 1
    ws.write_string(row, 0, label("mapping", lang), f.subtitle())
    row += 1
    mapping = []
    for s in ds.sheets:
        m = s.mapping
        tax = sheet_basis(m)  # net sales named for what this sheet held
        for col, field in sorted(m.columns.items()):
            mapping.append({"file": s.file, "sheet": s.sheet, "column": _col_letter(col),
                            "header": m.header(col, lang), "field": field_name(field, lang, tax)})
        for col, name in sorted(m.budget_columns.items()):
            mapping.append({"file": s.file, "sheet": s.sheet, "column": _col_letter(col),
                            "header": m.headers[col] if col < len(m.headers) else "",
                            "field": label("budget_kpi", lang).format(kpi=name)})
    placed = write_table(pack, ws, row, 0, [
        Col("file", label("file", lang)), Col("sheet", label("sheet", lang)), Col("column", label("column", lang)),
        Col("header", label("header_text", lang), wrap=True), Col("field", label("field", lang))], mapping)
    row = placed.last + 2
    if ds.notes:
        row = _issue_table(pack, ws, row, label("sheet_notes", lang), ds.notes)
    row = _issue_table(pack, ws, row, label("rejected_rows", lang), ds.issues, label("none_rejected", lang),
                       total=ds.rows_rejected)
    row = _issue_table(pack, ws, row, label("warnings", lang), [w for s in ds.sheets for w in s.warnings]
                       + comp.warnings)

    # settings and version
    ws.write_string(row, 0, label("settings", lang), f.subtitle())
    row += 1
    st = pack.settings
    settings = [
        ("period", period_label(comp.period, lang) + f" ({comp.period})"),
        ("fiscal_year_start", str(st.fiscal_year_start)),
        ("currency", st.currency),
        ("area_unit", st.area_unit or label("as_input", lang)),
        ("industry", st.industry),
        ("language", st.lang),
        ("layout", st.pack),
        ("store_filter", st.store or label("all", lang)),
        ("previous_pack", _name(st.previous) or label("none_given", lang)),
        ("company", st.company or "–"),
        ("generated", pack.generated.strftime("%Y-%m-%d %H:%M:%S")),
        ("app_version", f"kpipack {__version__}"),
    ]
    write_table(pack, ws, row, 0, [Col("setting", label("setting", lang)), Col("value", label("value", lang))],
                [{"setting": label(k, lang), "value": v} for k, v in settings])


def _issue_table(pack, ws, row, title, issues, empty_note: str | None = None, total: int | None = None) -> int:
    """`total`: the rows there are, where only the first of them are listed (the engine's rejected lines)."""
    lang, f = pack.lang, pack.formats
    count = f"{len(issues):,}" if total is None or total <= len(issues) else \
        label("listed_of", lang).format(listed=f"{len(issues):,}", total=f"{total:,}")
    ws.write_string(row, 0, f"{title} ({count})", f.subtitle())
    row += 1
    if not issues:
        if empty_note:
            ws.write_string(row, 0, empty_note, f.note())
            row += 1
        return row + 1
    placed = write_table(pack, ws, row, 0, [
        Col("file", label("file", lang)), Col("sheet", label("sheet", lang)), Col("row", label("row", lang), "count"),
        Col("problem", label("problem", lang), wrap=True)],
        [{"file": i.file, "sheet": i.sheet, "row": i.row or None,  # 0: the whole file or sheet
          "problem": i.problem(lang)} for i in issues])
    return placed.last + 2


def _layout(profile_id: str | None, lang: str) -> str:
    profile = by_id(profile_id)
    return profile.label(lang) if profile else label("read_by_headers", lang)


def _role(role: str | None, lang: str) -> str:
    key = f"role_{role}"
    return label(key, lang) if key in LABELS else str(role or "")


def _col_letter(index: int) -> str:
    return xl_col_to_name(index)


def _name(path) -> str:
    return Path(path).name if path else ""
