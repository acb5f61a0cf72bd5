"""A sales sheet in blocks, one per store, each under a title line naming
its store (`店舗: 渋谷店`, `店舗名：新宿店`, `Store: Shibuya`, or a store code or
`…店` name followed by a sales word: `S01 売上`, `渋谷店 売上日報`) and often its
own header row, with no store column: each block's lines are that store's.
Read as one store, the stores would be lost, and a receipt number that each
store starts again (R1 in both) would be taken for the same receipt twice.

The title lines themselves are no lines: each is rejected naming its store.
A sheet without such titles, or with a store column, is read as before."""
from __future__ import annotations

import re
import unicodedata

# a title line's one cell: 店舗: 渋谷店, 店舗名：新宿店, 店: 001, Store: Shibuya, Shop - Main St (the store after
# a colon or a dash); the rest of its row blank
_TITLE = re.compile(r"^(?:店舗|店舗名|店名|店舗コード|店|store|shop|location|branch)\s*[:：]\s*(\S.{0,40})$", re.I)
# or a store's code or its name as a shop (…店) followed by a sales word: S01 売上, 001 売上明細, 渋谷店 売上日報,
# S01 Sales — never a year, fiscal year, quarter or half (2026 売上, FY2026 売上, Q3 Sales), a group of stores
# (全店 売上, 既存店 売上) nor a date
# (2026年10月 売上日報: not a code)
_CODE_TITLE = re.compile(r"^(?!(?:19|20)\d\d\s|(?:fy|q|h)\d|(?:全|各|既存|新|直営|他|加盟)店)([a-z]{0,4}\d{1,6}|[^\s\d年月日]{1,20}店)\s*"
                         r"(?:売上|売上高|売上明細|売上日報|売上一覧|sales)$", re.I)


def _store_titled(row: list[object]) -> str | None:
    """The store a title row names, None for any other row."""
    cells = [unicodedata.normalize("NFKC", str(v)).strip() for v in row if v is not None and str(v).strip()]
    if len(cells) != 1:
        return None
    found = _TITLE.match(cells[0]) or _CODE_TITLE.match(cells[0])
    return found[1].strip() if found else None


def block_stores(title_rows: list[list[object]], first, others):
    """Each row's store (a pandas Series over the index of `first`, the
    sheet's first column below its header) and the title rows (row ->
    store), from the lines above the header and the rows whose first cell is
    a title while `others` (a frame of the sheet's other columns read) are
    blank; None where there is no title."""
    import pandas as pd

    above = next((s for s in map(_store_titled, reversed(title_rows)) if s), None)
    text = first.astype("string").str.normalize("NFKC").str.strip()
    candidates = (text.str.match(_TITLE.pattern, case=False) | text.str.match(_CODE_TITLE.pattern, case=False)
                  ).fillna(False).astype(bool)  # vectorised: most have none
    titles = {}
    if candidates.any():
        rows = others.loc[candidates[candidates].index]
        rest_blank = rows.apply(lambda c: c.isna() | c.astype(str).str.strip().eq("")).all(axis=1) \
            if len(rows.columns) else pd.Series(True, index=rows.index)
        titles = {int(r): _store_titled([text[r]]) for r in rest_blank.index[rest_blank]}
    if above is None and not titles:
        return None
    stores = pd.Series(None, index=first.index, dtype=object)
    for row, store in titles.items():
        stores[row] = store
    stores = stores.ffill()
    if above is not None:
        stores = stores.fillna(above)
    blank = text.isna() | text.eq("")
    if len(others.columns):
        blank &= others.isna().all(axis=1)
    return stores.mask(blank.fillna(True).astype(bool)), titles  # a blank row stays blank
