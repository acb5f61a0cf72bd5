"""Cover and contents: who, which month, which stores, when and by which
version; then every section as a link (each section links back here), and
the sections left out for want of data."""
from __future__ import annotations

from .. import __version__
from ..domain import fiscal_year_start_month, month_range
from .labels import LABELS, label, period_label
from .pack import internal
from .tables import display_width


def write_cover(pack, sheet_name: str) -> None:
    ws = pack.add_sheet(sheet_name, landscape=True)
    ws.fit_to_pages(1, 1)  # the cover and all of its contents on one printed page
    pack.home = ws.name
    lang, f, comp, settings = pack.lang, pack.formats, pack.comp, pack.settings
    ws.set_column(0, 0, 2)
    pack.set_width(ws, 1, 6)
    pack.set_width(ws, 2, 30)
    pack.set_width(ws, 3, 90)
    ws.write_string(1, 1, pack.title, f.get(bold=True, font_size=24, font_color="#1F3864"))
    ws.set_row(1, 36)
    ws.write_string(2, 1, label("pack_for", lang).format(period=period_label(comp.period, lang)),
                    f.get(font_size=14, font_color="#404040"))
    ws.set_row(2, 22)
    if settings.company:
        ws.write_string(3, 1, settings.company, f.get(bold=True, font_size=14))  # the user's text, as text
        ws.set_row(3, 22)
    fy_first = fiscal_year_start_month(comp.period, settings.fiscal_year_start)
    stores = [pack.scope_name(s) for s in pack.store_scopes]
    details = [
        ("period", period_label(comp.period, lang)),
        ("fiscal_year", label("fiscal_year_text", lang).format(
            start=period_label(fy_first, lang), n=len(month_range(fy_first, comp.period)))),
        ("stores_in_pack", label("list_sep", lang).join(stores)),
        ("currency", settings.currency),
        ("generated", pack.generated.strftime("%Y-%m-%d %H:%M")),
        ("app_version", f"kpipack {__version__}"),
    ]
    row = 5
    for key, value in details:
        ws.write_string(row, 2, label(key, lang), f.get(bold=True, font_color="#595959"))
        ws.write_string(row, 3, value, f.get(text_wrap=True))
        lines = max(1, int(display_width(value) // 95) + 1)
        if lines > 1:
            ws.set_row(row, 15 * lines)
        row += 1
    row += 1
    ws.write_string(row, 1, label("contents", lang), f.subtitle())
    start = row + 1

    def contents() -> None:
        r = start
        ws.write_string(r, 1, "#", f.header())
        ws.write_string(r, 2, label("section", lang), f.header())
        ws.write_string(r, 3, label("what_it_shows", lang), f.header())
        for n, name in enumerate([s for s in pack.sheets if s != ws.name], start=1):
            r += 1
            band = n % 2 == 0
            sheet_id = pack.sheet_ids.get(name, "")
            about = LABELS.get(f"about_{sheet_id}")
            ws.write_number(r, 1, n, f.number("count", band, align="center"))
            ws.write_url(r, 2, internal(name), f.link(border=1, border_color="#BFBFBF",
                                                     bg_color="#F2F2F2" if band else "#FFFFFF"), string=name)
            ws.write_string(r, 3, about.get(lang, about["en"]) if about else "", f.text(band))
        if pack.omitted:
            r += 2
            ws.write_string(r, 1, label("left_out", lang), f.subtitle())
            for section, reason in pack.omitted:
                r += 1
                ws.write_string(r, 2, section, f.text())
                ws.write_string(r, 3, reason, f.text())
        r += 2
        ws.write_string(r, 1, label("cover_note", lang).format(tax=_tax_sentence(pack)), f.note())

    pack.finishers.append(contents)


def _tax_sentence(pack) -> str:
    """Figures exclude tax, unless a sales sheet held only tax-included
    amounts or did not say: then which sheets."""
    from ..ingest.tax_basis import sheet_basis

    lang = pack.lang
    as_read = [(s, sheet_basis(s.mapping)) for s in pack.dataset.sheets]
    as_read = [(s, basis) for s, basis in as_read if basis in ("included", "unknown")]
    if not as_read:
        return label("cover_tax_excluded", lang)
    key = "cover_tax_included" if all(basis == "included" for _, basis in as_read) else "cover_tax_as_read"
    names = [f"{s.file} [{s.sheet}]" for s, _ in as_read]
    shown = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
    return label(key, lang).format(sheets=shown)
