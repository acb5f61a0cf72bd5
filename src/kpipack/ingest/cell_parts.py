"""A product's code and name written in one cell (`00000001449:ハラスマ`),
as several POS exports write their item column: read as the SKU and the
product name, so products are told apart by their code (the same name may
stand for two items, and a renamed item keeps its code). Only a column where
every filled cell has a code, a colon and a name is split; the mapping shows
the added column as "<header> (code)"."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from .headers import SheetMapping

# a code holding a digit ("Tea: green" is a name), a colon, a name
_CODE_NAME = re.compile(r"^\s*((?=[0-9A-Za-z\-_.]*\d)[0-9A-Za-z][0-9A-Za-z\-_.]{2,})\s*[:：]\s*(\S.*?)\s*$")


def split_code_and_name(raw: pd.DataFrame, sheet_map: SheetMapping) -> pd.DataFrame:
    """`raw` with the product column's codes moved to a SKU column of their own
    (added to `sheet_map`) when the sheet has no SKU column and every filled
    product cell is `code:name`."""
    fields = {f: c for c, f in sheet_map.columns.items()}
    col = fields.get("product")
    if col is None or "sku" in fields or col not in raw.columns:
        return raw
    text = raw[col].dropna().astype(str)
    text = text[text.str.strip() != ""]
    if text.empty or not text.str.match(_CODE_NAME.pattern).all():
        return raw
    parts = raw[col].astype(object).map(lambda v: _CODE_NAME.match(str(v)) if v is not None and v == v else None)
    added = max(len(sheet_map.headers), max(raw.columns, default=0) + 1)
    raw = raw.copy()
    raw[added] = parts.map(lambda m: m.group(1) if m else None)
    raw[col] = parts.map(lambda m: m.group(2) if m else None)
    sheet_map.headers = list(sheet_map.headers) + [""] * (added - len(sheet_map.headers)) + \
        [f"{sheet_map.headers[col]} (code)"]
    sheet_map.derived = {**sheet_map.derived, added: ("derived_code", {"column": sheet_map.headers[col]})}
    sheet_map.columns[added] = "sku"
    return raw
