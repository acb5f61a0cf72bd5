"""When the inputs give no sales line, the message says why, file by file and
sheet by sheet: what each sheet was read as (or that it fitted no table, the
table it came nearest to and the needed column it lacks), or why it was not
read at all — in the user's language."""
from __future__ import annotations

from ..errors import KpipackError
from ..messages import text

# the sheet-level notes whose own wording says why a sheet or file was not read
_SHEET_ROLE = ("sheet_no_role", "sheet_no_role_near")


class NothingUsable(KpipackError):
    """No sales line in the inputs: one message naming every file and sheet."""

    def __init__(self, dataset):
        self.lines = _describe(dataset)
        super().__init__("no_sales")

    def message(self, lang: str = "en") -> str:
        parts = [_line(kind, params, lang) for kind, params in self.lines]
        head = text("no_sales_found", lang)
        return f"{head}: " + "; ".join(parts) if parts else text("no_sales", lang)


def _describe(dataset) -> list[tuple[str, dict]]:
    """(kind, params) per file or sheet, in input order, wording left for later."""
    out: list[tuple[str, dict]] = []
    for sheet in dataset.sheets:
        where = {"file": sheet.file, "sheet": sheet.sheet}
        if sheet.role != "sales":
            out.append(("read_as", dict(where, role=sheet.role)))
        elif sheet.issues:
            first = sheet.issues[0]
            out.append(("sales_rejected", dict(where, rows=sheet.rows_read, row=first.row, code=first.code,
                                               params=first.params)))
        else:
            out.append(("sales_empty", where))
    for note in dataset.notes:
        where = {"file": note.file, "sheet": note.sheet}
        if note.code in _SHEET_ROLE:
            out.append(("no_role", dict(where, near=note.params.get("near") or "",
                                        missing=note.params.get("missing") or "")))
        else:
            out.append(("note", dict(where, code=note.code, params=note.params)))
    return out


def _line(kind: str, p: dict, lang: str) -> str:
    where = text("explain_sheet", lang, file=p["file"], sheet=p["sheet"]) if p.get("sheet") else p["file"]
    if kind == "read_as":
        what = text("explain_read_as", lang, role=text(f"role_{p['role']}", lang))
    elif kind == "sales_rejected":
        why = text(p["code"], lang, **p["params"])
        what = text("explain_sales_rejected", lang, rows=p["rows"], row=p["row"], why=why)
    elif kind == "sales_empty":
        what = text("explain_sales_empty", lang)
    elif kind == "no_role":
        missing = [m for m in p["missing"].split(",") if m]
        lacks = text("explain_and", lang).join(text(f"need_{m}", lang) for m in missing)
        if "header" in missing:
            what = text("explain_no_header", lang)
        elif not p["near"]:
            what = text("explain_no_field", lang)
        elif p["near"] == "sales":
            what = text("explain_sales_lacks", lang, lacks=lacks)
        else:
            what = text("explain_near_lacks", lang, role=text(f"role_{p['near']}", lang), lacks=lacks)
    else:
        what = text(p["code"], lang, **p["params"])
    return f"{where}: {what}"
