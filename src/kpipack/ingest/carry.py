"""Receipt fields written on a receipt's first line only, carried down its lines.

Many POS and order exports write a receipt's (or an order's) own fields —
its number, date, store, member — on its first line, and leave them blank on
the lines of the items that follow:

    伝票番号 | 日付       | 店舗 | 商品 | 金額
    1001     | 2026/10/01 | 渋谷 | A    | 500
             |            |      | B    | 600
    1002     | 2026/10/01 | 渋谷 | C    | 300

Read line by line, the second line has no date and would be rejected. In a
sheet with a receipt column:

- a line with neither a receipt number nor a date, but with an item (a SKU
  or product that is not a totals label such as 合計), continues the
  receipt above it;
- a receipt's lines (consecutive lines with one receipt number) take the
  receipt fields left blank from the receipt's first line that has them.

Nothing is carried without a receipt column (a line without a date is then
just missing its date), and the sheet's warnings say how many lines took
which fields. Known export layouts say the same in their own rules
(`export_profiles`, `carry_down`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# the fields that belong to a receipt rather than to one of its lines
RECEIPT_FIELDS = ("date", "store", "store_name", "region", "customer", "channel")


def carry_down(raw: pd.DataFrame, columns: dict[int, str]) -> tuple[pd.DataFrame, pd.Series | None, list[str]]:
    """`raw` (columns = source column indexes) with receipt fields carried down
    within receipts; which lines took a value (None: no receipt column) and the fields carried."""
    from .clean import is_blank

    by_field = {f: c for c, f in columns.items() if c in raw.columns}
    receipt_col = by_field.get("receipt")
    if receipt_col is None or raw.empty:
        return raw, None, []
    from .tables import _total_labels

    blank = {f: is_blank(raw[c]) for f, c in by_field.items()}
    # a line with neither a receipt nor a date but an item continues the receipt above; one without an
    # item (or whose item cell reads 合計 / Total) may be the sheet's totals line, and is not carried
    item = None
    for f in ("sku", "product"):
        if f in by_field:
            named = ~blank[f] & ~_total_labels(raw[by_field[f]])
            item = named if item is None else item | named
    if item is None:
        item = blank["receipt"] & False
    cont = blank["receipt"] & blank.get("date", blank["receipt"]) & item
    started = (~blank["receipt"]).cummax()
    cont &= started
    carried = cont.copy()
    raw = raw.copy()
    receipts = raw[receipt_col].where(~blank["receipt"])
    receipts = receipts.ffill().where(cont | ~blank["receipt"])
    raw[receipt_col] = receipts.where(cont, raw[receipt_col])
    block = (receipts != receipts.shift()).cumsum()  # consecutive lines of one receipt
    moved = []
    for f in RECEIPT_FIELDS:
        col = by_field.get(f)
        if col is None:
            continue
        empty = blank[f] & receipts.notna()
        if not empty.any():
            continue
        filled = raw[col].where(~blank[f]).groupby(block).ffill()
        took = empty & filled.notna()
        if took.any():
            raw[col] = raw[col].astype(object).where(~took, filled)
            carried |= took
            moved.append(f)
    return raw, carried, (["receipt"] if cont.any() else []) + moved
