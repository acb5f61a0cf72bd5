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

Without a receipt column only a day is carried (`carry_days`): a daily
report kept by hand writes the date on each day's first line only,

    日付       | 店舗 | 売上
    2026/10/01 | S01  | 1000
               | S02  | 2000
    2026/10/02 | S01  | 1100

and its lines below take it, where the sheet clearly has that layout: the
first line is dated, at least half of the lines with an amount have no
date, and each line it is carried to has an amount — never a totals line
(小計 / 合計 / Total, also in a column not read: see `unread_totals`). A sheet whose dates are
missing here and there keeps them missing, each such line rejected. The
sheet's warnings say how many lines took which fields. Known export layouts
say the same in their own rules (`export_profiles`, `carry_down`).
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
        took = _fill(raw, col, empty, raw[col].where(~blank[f]).groupby(block).ffill())
        if took.any():
            carried |= took
            moved.append(f)
    return raw, carried, (["receipt"] if cont.any() else []) + moved


AMOUNT_FIELDS = ("net_sales", "qty", "unit_price", "visitors", "transactions", "labor_hours")


def days_gaps(raw: pd.DataFrame, columns: dict[int, str]) -> pd.Series | None:
    """The lines without a date of a sheet dating each day's first line only
    (see the module's docstring); None where the sheet is not laid out so."""
    from .clean import is_blank

    by_field = {f: c for c, f in columns.items() if c in raw.columns}
    amounts = [c for f, c in by_field.items() if f in AMOUNT_FIELDS]
    if "receipt" in by_field or "date" not in by_field or not amounts or raw.empty:
        return None
    undated = is_blank(raw[by_field["date"]])
    lines = ~is_blank(raw[amounts[0]])
    for col in amounts[1:]:
        lines |= ~is_blank(raw[col])
    gaps = undated & lines
    if not lines.any() or undated[lines].iat[0] or not gaps.any() or 2 * gaps.sum() < lines.sum():
        return None
    return gaps


def carry_days(raw: pd.DataFrame, columns: dict[int, str],
               totals: pd.Series | None = None) -> tuple[pd.DataFrame, pd.Series | None]:
    """`raw` with the date of each day's first line carried to the lines
    below it, where the sheet is laid out so (see the module's docstring),
    but to no totals line (`totals`: 小計 / 合計 written in a column not
    read); which lines took it (None: not laid out so)."""
    from .clean import is_blank

    gaps = days_gaps(raw, columns)
    if gaps is None:
        return raw, None
    if totals is not None:
        gaps &= ~totals.reindex(gaps.index, fill_value=False)
    raw = raw.copy()
    col = next(c for c, f in columns.items() if f == "date")
    return raw, _fill(raw, col, gaps, raw[col].where(~is_blank(raw[col])).ffill())


def unread_totals(source, header_row: int, width: int, read: set[int], index: pd.Index) -> pd.Series | None:
    """The lines (of `index`) of a sheet whose cell in a column not read
    holds a totals label (小計, 合計, Total: a subtotal or grand total, whatever
    its date); None where there is none. Loads those columns: asked only
    where the preview shows such a label (`preview_totals`) or the sheet
    dates each day's first line only (`days_gaps`)."""
    import pandas as pd

    from .tables import _total_labels

    others = [c for c in range(width) if c not in read]
    if not others:
        return None
    frame = source.load(header_row, others, set(others))
    found = pd.Series(False, index=frame.index)
    for col in others:
        if col in frame.columns:
            found |= _total_labels(frame[col].astype(object).where(frame[col].notna()))
    return found.reindex(index, fill_value=False) if found.any() else None


def preview_totals(lines: list[list[object]], read: set[int]) -> bool:
    """Whether a line of the preview holds a totals label in a column not read."""
    import pandas as pd

    from .tables import _total_labels

    cells = [v for row in lines for c, v in enumerate(row) if c not in read and isinstance(v, str)]
    return bool(cells) and bool(_total_labels(pd.Series(cells, dtype=object)).any())


def _fill(raw: pd.DataFrame, col: int, empty: pd.Series, filled: pd.Series) -> pd.Series:
    """`raw`'s column `col` given, in its `empty` cells, the value carried down to
    them (`filled`); which cells took one. One way of carrying, for receipts and days."""
    took = empty & filled.notna()
    if took.any():
        raw[col] = raw[col].astype(object).where(~took, filled)
    return took
