"""A sale read from an order's total, in an export no profile knows.

A shop system's order list often gives one amount, the order's Total, with
the tax, tip, shipping and service charge collected on top of the goods in
it, and those in columns of their own beside it. None of them is a sale of
goods (the contract's net sales are tax-excluded where that can be told), so
where the amount was read from such a Total and the sheet names them, the
sale is the Total less them, in a column of its own that the pack names
("Total − Tax − Tip − Shipping"), with a note saying so. A discount is not
taken off: a Total is after it already. Where the sheet names none of them,
the Total is read as it is and the note says that what it holds of them is
counted (see `tax_basis.sales_tax_note`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .headers import normalise

if TYPE_CHECKING:
    import pandas as pd

    from ..errors import Issue
    from .headers import SheetMapping

# headers (normalised) of an order's whole amount, as paid
TOTALS = frozenset({
    "total", "grandtotal", "ordertotal", "ordertotalamount", "totalamount", "totalprice", "totalpaid", "amountpaid", "totaldue",
    "invoicetotal", "receipttotal", "transactiontotal", "totalpayments", "totalcollected", "amountcollected", "合計", "合計金額", "総額", "総合計", "お支払金額",
    "支払金額", "お支払い金額", "支払い金額", "会計金額", "お会計金額", "請求金額",
})
# what such a total holds beside the goods, by kind (headers normalised)
PARTS = {
    "tax": {"tax", "taxes", "taxamount", "totaltax", "taxtotal", "salestax", "vat", "vatamount", "gst", "ordertax",
            "ordertaxamount", "ordertotaltax", "ordertotaltaxamount", "totaltaxamount", "exclusivetax", "addontax",
            "消費税",
            "消費税額", "税額", "内消費税", "内税", "内税額", "外税", "外税額", "外消費税"},
    "tip": {"tip", "tips", "tipamount", "gratuity", "gratuities", "チップ"},
    "shipping": {"shipping", "shippingfee", "shippingcost", "shippingamount", "shippingcharge", "shippingtotal",
                 "ordershipping", "ordershippingamount", "totalshipping", "delivery",
                 "deliveryfee", "deliverycharge", "postage", "送料", "配送料"},
    # a fee charged to the customer on the order (Order Fee), never a card processor's Fee kept from the shop
    "service": {"servicecharge", "servicecharges", "servicefee", "orderfee", "orderfees", "サービス料"},
}
# a gross sales amount (売上金額 beside 返品金額, Sales beside Returns): its returns column is taken off
GROSS = frozenset({"売上", "売上金額", "売上高", "売上額", "総売上", "総売上高", "総売上金額", "販売金額", "sales",
                   "salesamount", "grosssales", "umsatz", "ventes", "ventas", "vendite"})
# the goods given back, as a column of amounts (positive or negative, taken off either way)
RETURNS = frozenset({"返品", "返品金額", "返品額", "返品高", "返品売上", "returns", "returnamount", "returnsamount",
                     "returned", "returnedamount", "refunds", "refundamount", "retouren", "retours", "devoluciones",
                     "resi"})
CODE = "derived_total_less"


def is_returns(header: object) -> bool:
    return normalise(header) in RETURNS


def is_total(header: object) -> bool:
    return normalise(header) in TOTALS


def part_kind(header: object) -> str | None:
    """The charge an order's Total holds beside the goods that a header names
    (tax, tip, shipping, service), also with the word Order before it (Order
    Tip, Order Fee), else None."""
    name = re.sub(r"\d+(?:\.\d+)?$", "", normalise(header))  # with its rate: Tax 5%, VAT 20, 消費税10%
    return next((k for k, words in PARTS.items() if name in words or name.removeprefix("order") in words), None)


def is_part(header: object) -> bool:
    return part_kind(header) is not None


def _amount_column(sheet_map: SheetMapping) -> int | None:
    return next((c for c, f in sheet_map.columns.items() if f == "net_sales"), None)


def parts_of_total(sheet_map: SheetMapping, chosen: dict[str, str] | None = None) -> dict[int, str]:
    """The columns to take off a sales sheet's amount, {column: kind}: none
    unless the amount was read from an order's total — and none where the
    user's mapping (`chosen`: header -> field) names that total the sale."""
    total = _amount_column(sheet_map)
    if sheet_map.role != "sales" or sheet_map.profile or total is None:
        return {}
    from .tax_basis import header_basis  # noqa: PLC0415

    whole = is_total(sheet_map.headers[total])
    gross = not whole and normalise(sheet_map.headers[total]) in GROSS  # 売上金額 beside 返品金額: less the returns
    taxed = not whole and header_basis(sheet_map.headers[total]) == "included"  # 売上金額(税込) beside 消費税額
    if not (gross or whole or taxed) or any(
            normalise(h) == normalise(sheet_map.headers[total]) and f == "net_sales" for h, f in (chosen or {}).items()):
        return {}
    out: dict[int, str] = {}
    for col, header in enumerate(sheet_map.headers):
        kind = part_kind(header) if whole else "returns" if gross and is_returns(header) else \
            "tax" if taxed and part_kind(header) == "tax" else None
        if kind and col not in sheet_map.columns and kind not in out.values():
            out[col] = kind
    return out


@dataclass
class BlankTax:
    """Lines whose tax cell is blank while other lines give theirs (see `take_off`)."""

    column: str = ""  # the tax column's header
    priced: int = 0  # read as quantity × unit price
    rejected: dict[int, tuple[str, dict]] = field(default_factory=dict)  # sheet row -> (reason, params)


def take_off(raw: pd.DataFrame, sheet_map: SheetMapping, parts: dict[int, str],
             semicolons: bool = False) -> tuple[pd.DataFrame, BlankTax]:
    """`raw` with the sale worked out as the total less `parts`, in a column
    added to `sheet_map` and read as net sales. A total that is not a number
    stays as written (its row is rejected as such), and so does a part that
    is not one (never a total with its tax left in); a blank part is none —
    but a blank tax cell where other lines give their tax is not known to be
    none: such a line's sale is its quantity × unit price where the lines
    giving their tax show that the total less its parts is just that, else
    the line is rejected, saying so (`BlankTax`)."""
    from . import clean  # noqa: PLC0415

    parts = {c: k for c, k in parts.items() if c in raw.columns}
    total = _amount_column(sheet_map)
    if not parts or total is None or total not in raw.columns:
        return raw, BlankTax()
    comma = clean.decimal_marks([raw[c] for c in [total, *parts]]) == "comma" or semicolons
    values, bad = clean.clean_number(raw[total], comma_default=comma)
    ok = values.notna() & ~bad
    amount = values
    part_bad, tax = {}, None
    for col, kind in parts.items():
        part, part_bad[col] = clean.clean_number(raw[col], comma_default=comma)
        # returns: whichever sign; a discount: whichever sign, towards zero (a return's refund less by it too)
        taken = part.abs() if kind == "returns" else part.abs().where(values > 0, -part.abs()).where(values != 0, 0.0) \
            if kind == "discount" else part
        amount = amount - taken.fillna(0.0)
        if kind == "tax":
            tax = (col, part)
    out = raw[total].astype(object).where(~ok, amount)  # a blank or bad total as written
    for col, wrong in part_bad.items():
        out = out.where(~(ok & wrong), raw[col])
    blanks = BlankTax()
    if tax is not None:
        out, blanks = _blank_tax(raw, sheet_map, tax, ok, amount, out, comma)
    raw = raw.copy()
    added = max(len(sheet_map.headers), max(raw.columns, default=0) + 1)
    raw[added] = out
    name_sale(sheet_map, parts, added)
    return raw, blanks


def _blank_tax(raw: pd.DataFrame, sheet_map: SheetMapping, tax: tuple[int, pd.Series], ok: pd.Series,
               amount: pd.Series, out: pd.Series, comma: bool) -> tuple[pd.Series, BlankTax]:
    """The sale of lines whose tax cell is blank while other lines give a tax:
    quantity × unit price where every line giving its tax, quantity and
    price has the total less its parts within 1 of that product (so the
    price is before tax), else no sale: those lines are rejected."""
    from . import clean  # noqa: PLC0415

    col, part = tax
    blank = ok & clean.is_blank(raw[col])
    if not blank.any() or not (ok & part.fillna(0.0).ne(0.0)).any():
        return out, BlankTax()
    fields = {f: c for c, f in sheet_map.columns.items() if f in ("qty", "unit_price") and c in raw.columns}
    product = None
    if len(fields) == 2:
        qty, _ = clean.clean_number(raw[fields["qty"]], comma_default=comma)
        price, _ = clean.clean_number(raw[fields["unit_price"]], comma_default=comma)
        product = qty * price
        shown = ok & part.notna() & product.notna()
        if not shown.any() or (amount[shown] - product[shown]).abs().gt(1.0).any():
            product = None  # the price is not shown to be before tax: nothing to read the sale from
    priced = blank & product.notna() if product is not None else blank & False
    out = out.where(~priced, product)
    header = sheet_map.headers[col]
    rejected = {int(row): ("row_tax_blank", {"column": header}) for row in blank[blank & ~priced].index}
    return out, BlankTax(header, int(priced.sum()), rejected)


def name_sale(sheet_map: SheetMapping, parts: dict[int, str], added: int) -> None:
    """`sheet_map` reading its sale from column `added`, the total less `parts`,
    named by what made it ("Total − Tax − Shipping"); the importer and the
    query engine both name it so."""
    total = _amount_column(sheet_map)
    names = [sheet_map.headers[c] for c in parts]
    params = {"total": sheet_map.headers[total], "parts": " − ".join(names), "listed": ", ".join(names),
              "tax": next((sheet_map.headers[c] for c, k in parts.items() if k == "tax"), ""),
              "returns": "1" if set(parts.values()) == {"returns"} else "",
              "discount": "1" if "discount" in parts.values() and set(parts.values()) <= {"returns", "discount"} else "",
              "included": "1" if set(parts.values()) == {"tax"} and not is_total(sheet_map.headers[total]) else ""}
    sale_from(sheet_map, total, added, CODE, params)


def sale_from(sheet_map: SheetMapping, column: int, added: int, code: str, params: dict) -> None:
    """`sheet_map` reading its sale from column `added`, worked out from the
    amount `column` and named by `code` (a message) with `params`."""
    from ..messages import text  # noqa: PLC0415

    sheet_map.headers = list(sheet_map.headers) + [""] * (added - len(sheet_map.headers)) + \
        [text(code, "en", **params)]
    sheet_map.derived = {**sheet_map.derived, added: (code, params)}
    del sheet_map.columns[column]
    sheet_map.columns[added] = "net_sales"
    # how sure the reading of the amount was, and whether it came from its values, now of the sale made from it
    sheet_map.guessed = [added if c == column else c for c in sheet_map.guessed]
    sheet_map.confidence = {added if c == column else c: v for c, v in sheet_map.confidence.items()}
    sheet_map.currency_from = column  # the amount's cells show the currency ($119.00)


def takes_tax_off(mapping: SheetMapping) -> bool:
    """Whether the sheet's sale is a total less its tax column."""
    col = _amount_column(mapping)
    code, params = mapping.derived.get(col, ("", {})) if col is not None else ("", {})
    return code == CODE and bool(params.get("tax"))


def note(file: str, sheet: str, mapping: SheetMapping) -> Issue | None:
    """The import report's line on a sale worked out from a total."""
    from ..errors import Issue  # noqa: PLC0415

    col = _amount_column(mapping)
    code, params = mapping.derived.get(col, ("", {})) if col is not None else ("", {})
    if code != CODE:
        return None
    code = "note_sales_less_returns" if params.get("returns") else "note_sales_less_discount" \
        if params.get("discount") else "note_sales_less_tax" if params.get("included") else "note_total_less_parts"
    return Issue(file, sheet, 0, code, params)
