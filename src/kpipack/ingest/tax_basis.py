"""What a sales sheet's net sales hold: tax excluded, tax included, or not
said. The pack and the app say it wherever it is not "excluded" (the
contract's amount): a known export layout by its profile's tax rule, any
other sheet by what its amount cells say themselves (1,000円(税込)), else
by the words of the header its amount was read from (税抜 / 税込, excl. /
incl. tax)."""
from __future__ import annotations

import re
import unicodedata

EXCLUDED = re.compile(r"税抜|税別|本体価格|excl(?:\.|uding|usive)?\s*(?:of\s*)?(?:tax|vat|gst)|(?:tax|vat|gst)[\s-]*excl"
                      r"|\bex[\s.-]?(?:tax|vat|gst)\b|before\s*tax|pre[\s-]?tax|net of (?:tax|vat)"
                      r"|^\s*net sales\s*$", re.I)  # ... and the English input template's own name for it
INCLUDED = re.compile(r"税込|incl(?:\.|uding|usive)?\s*(?:of\s*)?(?:tax|vat|gst)|(?:tax|vat|gst)[\s-]*incl"
                      r"|gross of (?:tax|vat)|with tax", re.I)
BASES = ("excluded", "included", "unknown")


def header_basis(header: object) -> str:
    """'excluded', 'included' or 'unknown' as a header's own words say."""
    text = unicodedata.normalize("NFKC", str(header or ""))
    if EXCLUDED.search(text):
        return "excluded"
    return "included" if INCLUDED.search(text) else "unknown"


def sheet_basis(mapping) -> str | None:
    """What a sheet's net sales hold (None: not a sales sheet, or no amount)."""
    from .export_profiles import by_id  # noqa: PLC0415

    if mapping.role != "sales":
        return None
    profile = by_id(mapping.profile)
    if profile is not None:
        return profile.tax_basis(mapping.headers)
    header = mapping.field_header("net_sales") or mapping.field_header("unit_price")
    if header is None:
        return None
    from .line_tax import takes_line_tax_off  # noqa: PLC0415
    from .total_parts import takes_tax_off  # noqa: PLC0415

    if takes_tax_off(mapping) or takes_line_tax_off(mapping):  # Total − Tax, or 内税 lines' tax: taken out
        return "excluded"
    said = getattr(mapping, "cells_tax", None)
    return said if said in BASES else header_basis(header)  # a cell's own 税込 is closer than its header


def sales_tax_note(file: str, sheet: str, mapping):
    """The note on a sales sheet read by its headers whose net sales are not
    known to exclude tax: which column, and what it holds. (A known export
    layout says it in its "read as" line.)"""
    from ..errors import Issue  # noqa: PLC0415

    basis = sheet_basis(mapping)
    if mapping.profile or basis in (None, "excluded"):
        return None
    header = mapping.field_header("net_sales")
    if header is None:  # no amount column: each line's sale is its quantity times its price
        header = " × ".join(h for h in (mapping.field_header("qty"), mapping.field_header("unit_price")) if h)
    said = getattr(mapping, "cells_tax", None)
    from .total_parts import is_total  # noqa: PLC0415

    if said is None and basis == "unknown" and is_total(header):  # an order's whole total, nothing to take off
        return Issue(file, sheet, 0, "note_sales_total_whole", {"column": header})
    code = f"note_sales_tax_{basis}" if said is None else \
        "note_sales_tax_included_cells" if said == "included" else "note_sales_tax_mixed_cells"
    return Issue(file, sheet, 0, code, {"column": header})
