"""Sales sheets with the stores as columns: a date (or month) per row and one
amount column per store, often with their total (`日付 | 本店 | 駅前店 | 合計`,
`Date | Store 1 | Store 2 | Total`), as a daily report by store is kept by
hand. Read by their headers alone such a sheet would be read as its total,
one store: each store column is read as that store's net sales instead, and
the total is checked, never added on top.

Only when sure: the sheet's name, its file's name or its title lines say
sales, and no other measure; every column is the date, a store, a total or a weekday; at
least two stores, each headed by a store-like word (本店, 渋谷店, 2号店,
Store 1, Shibuya Store, Shop A) that names no field of its own; their cells
numbers; and a total column, where there is one, their sum on every row.
A sheet of payment kinds (Cash | Card | Total), categories or tax (税抜 |
消費税 | 税込) adds up the same way but has no store word: it is not one."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .headers import fields_for

# a store named by its word: 本店, 渋谷店, 1号店, 新宿支店, 梅田営業所, 渋谷店舗; Store 1, Shibuya Store, Shop A,
# Branch 3, Outlet North
_STORE_WORD = re.compile(r"^\S.{0,20}(店|店舗|支店|営業所)$|^(store|shop|branch|outlet)\s*\S.{0,20}$"
                         r"|^\S.{0,20}\s(store|shop|branch|outlet)$", re.I)
# the stores' total: 合計, 計, 総計, 全店, 全店計, 店舗計, 全店舗, Total, Grand total, All stores
_NOT_A_STORE = {"来店", "入店", "開店", "閉店", "出店", "退店", "他店", "自店", "当店"}  # words ending in 店 that name none
_TOTAL_WORD = re.compile(r"^(合計|計|総計|全店|全店計|全店舗|全店舗計|店舗計|店計|total|totals|grand\s*total"
                         r"|all\s*stores|all\s*shops)$", re.I)
# what the sheet's name, its file's name or its title lines say it holds: sales, and no other measure
# (a budget, visitors or hours by store are kept in the same layout)
_SALES_WORD = re.compile(r"売上|売り上げ|販売|sales|revenue|takings|turnover", re.I)
_OTHER_MEASURE = re.compile(r"予算|目標|計画|見込|budget|target|plan|forecast|客数|来店|visitor|traffic|footfall"
                            r"|人時|労働|時間|hours|在庫|stock|inventory|経費|費用|expense|cost|原価|粗利|利益|profit"
                            r"|margin|数量|qty|quantity|units|点数|件数", re.I)
_WEEKDAY_WORD = re.compile(r"^(曜日|曜|weekday|day of week|dow)$", re.I)
TOLERANCE = 0.01  # a total written with its cents rounded is still their sum


@dataclass(frozen=True)
class StoreColumns:
    """Where a sheet with stores as columns keeps what: column indexes."""

    date: int
    date_field: str  # "date" or "month"
    stores: dict[int, str]  # column -> the store as its header names it
    totals: tuple[int, ...]


def _text(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()


def store_columns(headers: list[str], body: list[list[object]], context: list[object]) -> StoreColumns | None:
    """The layout of a sheet with stores as columns, from its headers, the
    rows sampled below them (`body`) and what names it (`context`: its file's
    and its own name, its title lines, which must say sales and no other
    measure), or None where the sheet is not surely one."""
    said = " ".join(_text(c) for c in context)
    if not _SALES_WORD.search(said) or _OTHER_MEASURE.search(said):
        return None
    date, date_field, stores, totals = None, None, {}, []
    for col, header in enumerate(headers):
        text = _text(header)
        named = set(fields_for(header))
        if not text:
            if any(_text(row[col] if col < len(row) else None) for row in body):
                return None  # an unnamed column of values: what it holds is not said
        elif named & {"date", "month"} and date is None:
            date, date_field = col, "date" if "date" in named else "month"
        elif _TOTAL_WORD.match(text):
            totals.append(col)
        elif _WEEKDAY_WORD.match(text):
            continue
        elif _STORE_WORD.match(text) and not named and text not in _NOT_A_STORE:
            stores[col] = text
        else:
            return None
    if date is None or len(stores) < 2 or not _numbers_only(body, list(stores) + totals):
        return None
    return StoreColumns(date, date_field, stores, tuple(totals))


def _numbers_only(body: list[list[object]], columns: list[int]) -> bool:
    """Each column's sampled cells are numbers or blank, and each holds one."""
    import pandas as pd

    from .clean import clean_number

    for col in columns:
        cells = pd.Series([row[col] if col < len(row) else None for row in body], dtype=object)
        values, bad = clean_number(cells)
        if bad.any() or values.notna().sum() == 0:
            return False
    return True


def totals_agree(raw, layout: StoreColumns) -> bool:
    """Every row's total is its stores' sum (a row without a total says nothing)."""
    import numpy as np

    from .clean import clean_number

    stores = sum(clean_number(raw[c])[0].fillna(0.0) for c in layout.stores)
    for col in layout.totals:
        total, bad = clean_number(raw[col])
        if bad.any():
            return False
        written = total.notna()
        if not np.allclose(total[written], stores[written], rtol=0, atol=TOLERANCE):
            return False
    return True



def by_store(raw, layout: StoreColumns):
    """(column, store, its lines) for each store column: the date and that
    store's amounts, rows whose amount is blank left out (no sale that day).
    Months (2026-10) are dated their first day: each row is the month's sales."""
    import pandas as pd

    from .clean import clean_month, is_blank

    dates = raw[layout.date]
    if layout.date_field == "month":
        months, bad = clean_month(dates)
        dates = (months + "-01").where(~bad & months.notna(), dates)
    for col, store in layout.stores.items():
        lines = pd.DataFrame({layout.date: dates, col: raw[col]}, index=raw.index)
        yield col, store, lines[~is_blank(raw[col])]
