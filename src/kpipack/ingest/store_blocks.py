"""A sales sheet in blocks, one per store, each under a title line naming
its store (`店舗: 渋谷店`, `店舗名：新宿店`, `Store: Shibuya`, or a store code or
`…店` name followed by a sales word: `S01 売上`, `渋谷店 売上日報`) and often its
own header row, with no store column: each block's lines are that store's.
Read as one store, the stores would be lost, and a receipt number that each
store starts again (R1 in both) would be taken for the same receipt twice.

A title that is a store's name alone (`渋谷店` on a line of its own) is
settled once every file is read (`name_blocks`): it is a store where it is
the store master's name or code for it, or a shop's name (…店, … Store,
Shop …; never a group of stores such as 全店 or 既存店, nor a number alone,
which reads as a page number or a count). Above the header such a name is the
sheet's store only where the master lists it or blocks follow.

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
_GROUP = r"(?:全|各|既存|新|直営|他|加盟)店"  # a group of stores, never one
_CODE_TITLE = re.compile(r"^(?!(?:19|20)\d\d\s|(?:fy|q|h)\d|" + _GROUP + r")([a-z]{0,4}\d{1,6}|[^\s\d年月日]{1,20}店)\s*"
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
        alone = _alone(candidates[candidates].index, others)
        titles = {int(r): _store_titled([text[r]]) for r in alone}
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


def _alone(rows, others):
    """Those of `rows` whose other columns (`others`) are all blank."""
    picked = others.loc[rows]
    if not len(picked.columns):
        return list(rows)
    blank = picked.apply(lambda c: c.isna() | c.astype(str).str.strip().eq("")).all(axis=1)
    return list(blank.index[blank])


_MOST_LINES = 1000  # more lone lines than this are no titles of blocks


def lone_lines(title_rows: list[list[object]], first, others, titles: dict[int, str]) -> list[list]:
    """[row, text] of the lines whose first cell is a short text and the only
    one (not already a title), and of the last such line above the header
    (its row 0): lines that may title a block by a store's name alone, settled
    once the store master is read (`name_blocks`)."""
    rest_empty = others.isna().all(axis=1) if len(others.columns) else first.notna()  # vectorised: most are not
    text = first[rest_empty & first.notna()].astype("string").str.normalize("NFKC").str.strip()
    short = (text.str.len().between(1, 40) & ~text.str.fullmatch(r"[\d,.\-/: ]+")).fillna(False).astype(bool)
    found = [[int(r), str(text[r])] for r in short.index[short] if int(r) not in titles]
    above = next((cells for cells in ([unicodedata.normalize("NFKC", str(v)).strip() for v in row
                                       if v is not None and str(v).strip()] for row in reversed(title_rows)) if cells),
                 [])
    if len(above) == 1 and len(above[0]) <= 40 and _store_titled(above) is None:
        found.insert(0, [0, above[0]])
    return found if len(found) <= _MOST_LINES else []


def name_blocks(sheets: list) -> list:
    """Sales sheets whose lone lines (`lone_lines`) name stores alone, once
    every file is read: each such line titles the block below it, read as the
    store it names (the master's code where the master lists it), the line
    rejected as a block's title, with the sheet's note naming its stores."""
    from .store_columns import master_stores

    known = master_stores(sheets)
    for sheet in sheets:
        if sheet.role != "sales" or not sheet.title_lines:
            continue
        rejected = {i.row for i in sheet.issues}  # a line read as a sale is never a title
        named = {row: store for row, text in sheet.title_lines
                 if (row == 0 or row in rejected) and (store := _named_store(text, known))}
        if list(named) == [0] and not _titled(sheet) and named[0] not in known.values():
            del named[0]  # a shop's name above one table may be the business's: the sheet's store if the master says
        if any(i.code == "row_title_again" and i.row not in named for i in sheet.issues):
            continue  # another block's title names no store known: its lines would be taken for the one above
        if named:
            _read_blocks(sheet, named)
    return sheets


def _named_store(text: str, known: dict[str, str]) -> str | None:
    """The store a line holding only `text` names: the master's code for a
    name or code it lists, else a shop's name (渋谷店, Shibuya Store); None."""
    from .store_columns import is_store_name
    from .store_rows import store_key

    if re.search(r"\D", text) is None or _GROUP_ALONE.match(text):
        return None  # a number alone is a page number or a count; 全店, 既存店 are groups
    code = known.get(text) or known.get(store_key(text))
    return code or (text if is_store_name(text) else None)


_GROUP_ALONE = re.compile(_GROUP + r"$")


def _titled(sheet) -> dict[int, str]:
    """The rows the sheet's reading already took as titles of stores' blocks -> their stores."""
    return {i.row: i.params["store"] for i in sheet.issues if i.code == "row_store_block_title"}


def _read_blocks(sheet, named: dict[int, str]) -> None:
    """Each line of `sheet` read as the store of the last title above it
    (`named` and those read already); lines above every title keep theirs."""
    from dataclasses import replace

    import numpy as np

    from ..errors import Issue

    titles = dict(sorted({**_titled(sheet), **named}.items()))
    table = sheet.table
    at = np.searchsorted(np.array(list(titles), dtype=np.int64), table["_row"].to_numpy(dtype=np.int64),
                         side="right") - 1
    stores = np.array(list(titles.values()), dtype=object)[np.maximum(at, 0)]
    table["store"] = table["store"].astype(object).where(at < 0, stores)
    sheet.issues = [replace(i, code="row_store_block_title", params={"store": named[i.row]})
                    if i.row in named else i for i in sheet.issues]
    sheet.warnings = [w for w in sheet.warnings if w.code != "note_store_blocks"]
    sheet.warnings.append(Issue(sheet.file, sheet.sheet, 0, "note_store_blocks", {
        "stores": ", ".join(dict.fromkeys(table["store"].dropna().astype(str)))}))
