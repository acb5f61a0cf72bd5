"""A discount column beside the amount (値引額, Discounts): net sales are after
discounts (the contract), so whether the amount already is must be told.

- An amount named as before discounts (総売上, Gross Sales): the discount is
  taken off it.
- An amount beside a quantity and a unit price: the discounted lines tell.
  Where each one's amount is its quantity × price, the amount is before the
  discount and it is taken off; where each one's amount is quantity × price
  less the discount, it is after, and is read as written. Either is said.
- Otherwise (no price, or lines that show neither) the amount is read as
  written, taken to be after discounts, and the report says the discount
  column was not taken off, so a wrong guess is never silent.

An amount named as net (Net Sales, 純売上, 値引後) or an order's Total is after
discounts by its name: nothing is said. The discount is taken off whichever
sign it is written with, towards zero (a return's refund is less by it too).
Only a line's own discount is read: an order's or receipt's discount
(Order Discount, 小計値引) may be written on each of its lines, and is left.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .headers import normalise
from .total_parts import is_total

if TYPE_CHECKING:
    import pandas as pd

    from ..errors import Issue
    from .headers import SheetMapping

# a line's discount (headers normalised)
WORDS = frozenset({
    "値引", "値引き", "値引額", "値引き額", "値引金額", "値引き金額", "割引", "割引額", "割引金額", "単品値引",
    "単品値引き", "単品値引額", "単品値引き額", "明細値引", "明細値引き", "discount", "discounts", "discountamount",
    "linediscount", "itemdiscount", "itemdiscounts", "rabatt", "remise", "descuento", "sconto"})
# amounts named as before discounts
BEFORE = frozenset({"総売上", "総売上高", "総売上金額", "値引前売上", "値引前金額", "値引前", "grosssales", "gross",
                    "grossamount", "grosssalesamount", "grossrevenue", "bruttoumsatz"})
_AFTER = ("純", "値引後", "割引後", "afterdiscount")  # an amount named as after discounts (or starting with net)
TOLERANCE = 1.0  # a line's amount and its price worked out may differ by the rounding of one unit


def column(sheet_map: SheetMapping, chosen: dict[str, str] | None = None) -> int | None:
    """The discount column beside a sales sheet's amount that may need taking
    off (see the module), else None: none where the amount's name says it is
    after discounts, or the user's mapping names the amount."""
    amount = next((c for c, f in sheet_map.columns.items() if f == "net_sales"), None)
    if sheet_map.role != "sales" or sheet_map.profile or amount in sheet_map.derived or (
            amount is None and not {"qty", "unit_price"} <= set(sheet_map.columns.values())):
        return None
    if amount is None:  # the sale is quantity × unit price: before any discount of the line
        return _discount_column(sheet_map)
    header = sheet_map.headers[amount]
    name = normalise(header)
    after = name.startswith("net") or any(w in name for w in _AFTER)
    if is_total(header) or after or (chosen or {}).get(header) == "net_sales":
        return None
    return _discount_column(sheet_map)


def _discount_column(sheet_map: SheetMapping) -> int | None:
    return next((c for c, h in enumerate(sheet_map.headers) if c not in sheet_map.columns and normalise(h) in WORDS),
                None)


def verdict(raw: pd.DataFrame, sheet_map: SheetMapping, col: int, comma: bool = False) -> str:
    """What the lines say of the amount: 'before' the discount (take it off),
    'after' it, 'unknown', or 'none' (no line is discounted). `raw`: the
    sheet's cells by column number."""
    from . import clean  # noqa: PLC0415

    fields = {f: c for c, f in sheet_map.columns.items() if f in ("net_sales", "qty", "unit_price")}
    discount = clean.clean_number(raw[col], comma_default=comma)[0].abs()
    if not discount.fillna(0.0).gt(0).any() or (discount.dropna().le(1).all() and discount.mod(1).gt(0).any()):
        return "none"  # no line discounted, or a rate (0.2), not an amount
    if "net_sales" not in fields or normalise(sheet_map.headers[fields["net_sales"]]) in BEFORE:
        return "before"
    if not {"qty", "unit_price"} <= set(fields) or not {fields["qty"], fields["unit_price"]} <= set(raw.columns):
        return "unknown"
    amount, qty, price = (clean.clean_number(raw[fields[f]], comma_default=comma)[0].abs()
                          for f in ("net_sales", "qty", "unit_price"))
    shown = discount.gt(0) & amount.notna() & qty.notna() & price.notna()
    if not shown.any():
        return "unknown"
    product = (qty * price)[shown]
    if ((amount[shown] - product).abs() <= TOLERANCE).all():
        return "before"
    if ((amount[shown] - (product - discount[shown])).abs() <= TOLERANCE).all():
        return "after"
    return "unknown"


def note(file: str, sheet: str, sheet_map: SheetMapping, col: int, found: str) -> Issue | None:
    """The report's line on a discount column read as the amount's part or not
    (the one taken off is said by total_parts.note)."""
    from ..errors import Issue  # noqa: PLC0415

    if found not in ("after", "unknown"):
        return None
    return Issue(file, sheet, 0, f"note_discount_{found}", {
        "column": sheet_map.headers[col], "amount": sheet_map.field_header("net_sales") or "",
        "qty": sheet_map.field_header("qty") or "", "price": sheet_map.field_header("unit_price") or ""})


def priced_amount(raw: pd.DataFrame, sheet_map: SheetMapping, comma: bool = False) -> pd.DataFrame:
    """`raw` with a column of quantity × unit price, read as the amount (a sheet
    without one, whose discount is then taken off it: total_parts.take_off)."""
    from . import clean  # noqa: PLC0415
    from .total_parts import sale_from  # noqa: PLC0415

    fields = {f: c for c, f in sheet_map.columns.items() if f in ("qty", "unit_price")}
    qty, price = (clean.clean_number(raw[fields[f]], comma_default=comma)[0] for f in ("qty", "unit_price"))
    raw = raw.copy()
    added = max(len(sheet_map.headers), max(raw.columns, default=0) + 1)
    raw[added] = qty * price
    sheet_map.columns[added] = "net_sales"  # sale_from moves the reading of it to the column made
    sale_from(sheet_map, added, added, "derived_qty_times_price", {"qty": sheet_map.headers[fields["qty"]],
                                                                  "price": sheet_map.headers[fields["unit_price"]]})
    return raw
