"""Refunds an export writes as rows of their own, on the day the money was
given back (Square's and Loyverse's refund rows, WooCommerce's refund rows,
Airレジ's 返品): each is taken off in the month of its own date, never moved
to its sale's month, and the import report says so — naming a refund of an
earlier month's sale where the row shows which sale it gives back."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import Issue
from .export_profiles import STORE_SEP

if TYPE_CHECKING:
    import pandas as pd


def refunds_note(table: pd.DataFrame, returned: pd.DataFrame, column: str, file: str, sheet: str) -> Issue | None:
    """The note on a sheet's return rows that were used. `table`: the clean
    lines (`_row`, `date`, `net_sales`); `returned`: every sheet row's
    `receipt` and, for a return row, the receipt of the `sale` it gives back
    (by sheet row, as `Profile.prepare` gives it)."""
    if "_row" not in table.columns or "date" not in table.columns:
        return None
    lines = table.set_index("_row")
    rows = returned[returned.index.isin(lines.index)]
    refunds = rows[rows["sale"].notna()]
    if refunds.empty:
        return None
    month = lines["date"].dt.strftime("%Y-%m")
    from ..messages import amount_text  # noqa: PLC0415

    params = {"column": column, "count": len(refunds),
              "amount": amount_text(round(abs(float(lines.loc[refunds.index, "net_sales"].sum())), 2))}
    sales = rows[rows["sale"].isna()]
    sold = month[sales.index].groupby(sales["receipt"].to_numpy()).min()
    refunded = month[refunds.index]
    sale_month = refunds["sale"].map(sold)
    later = refunds[(sale_month.notna() & (refunded > sale_month)).to_numpy()]
    if later.empty:
        return Issue(file, sheet, 0, "note_refunds_own_month", params)
    first = later.index[0]
    params.update(later=len(later), receipt=str(later.at[first, "sale"]).split(STORE_SEP)[-1][:60],
                  earlier=str(sale_month[first]), month=str(refunded[first]))
    return Issue(file, sheet, 0, "note_refunds_later_month", params)
