"""Rows of a sales sheet read by its headers that are not sales of goods: a
status that says the sale did not happen (Cancelled, 取消 ...) and a gift
card sold (a sale only once it is spent). The words are data, in
resources/sales_rows/general.toml; an export profile's own rules replace
them for the layouts it reads."""
from __future__ import annotations

import tomllib
import unicodedata
from functools import lru_cache

import pandas as pd

GIFT_FIELDS = ("product", "category")


def _fold(value: object) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(value)).casefold().split())


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], tuple[str, ...]]:
    from ..paths import bundled  # noqa: PLC0415

    data = tomllib.loads(bundled("resources", "sales_rows", "general.toml").read_text(encoding="utf-8"))
    return (frozenset(_fold(w) for w in data["status"]["not_sales"]),
            tuple(_fold(w) for w in data["gift_cards"]["words"]))


def not_sales(raw_text: dict[str, pd.Series], headers: dict[str, str]) -> dict[int, tuple[str, dict]]:
    """Sheet row -> (issue code, its params) for each row that is no sale of
    goods. `raw_text`: field -> the column's values as read; `headers`: field
    -> the header it was read from."""
    statuses, gifts = _words()
    out: dict[int, tuple[str, dict]] = {}
    status = raw_text.get("status")
    if status is not None:
        for row, value in status.items():
            if value is not None and not pd.isna(value) and _fold(value) in statuses:
                out[int(row)] = ("row_not_sale_status", {"column": headers.get("status", ""), "value": str(value)})
    for fld in GIFT_FIELDS:
        values = raw_text.get(fld)
        if values is None:
            continue
        for row, value in values.items():
            if int(row) in out or value is None or pd.isna(value):
                continue
            text = _fold(value)
            if any(w in text for w in gifts):
                out[int(row)] = ("row_gift_card", {"column": headers.get(fld, ""), "value": str(value)})
    return out
