"""Sales read twice: the same receipts in two files (an export saved both as
xlsx and as csv, a month exported twice) or in one file that is several
downloads put together. Counted once, and every line left out is listed.

One definition of a repeat, everywhere:

- a receipt is the lines sharing store, receipt number and day; a sheet
  without receipt numbers is compared by day-blocks (the lines of one store
  on one day);
- within one sheet a receipt's lines sit together (a block). When the same
  receipt comes back later as another block and every block holds exactly
  the same lines, the later blocks are repeats of the first. Identical lines
  inside one block stay: they are two of the same item. A sheet whose
  receipts do not sit together (`scattered`) has no such repeats;
- across sheets (of one file or of several, taken in the order given), a
  receipt whose lines in a later sheet are exactly its lines in an earlier
  sheet is a repeat. Lines are compared on the columns both sheets have.

A repeated line is not counted: it becomes a rejected row naming where it was
first read (so rows and net sales read still tie to used + rejected), and
each sheet that lost lines gets one note naming the other file, how many
lines and receipts were left out and their net sales.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Issue
from ..messages import amount_text
from .clean import per_distinct

# the fields that make a line what it is (the derived and bookkeeping columns are left out)
LINE_FIELDS = ("date", "store", "receipt", "sku", "product", "category", "qty", "net_sales", "unit_price",
               "cost", "gross_profit", "customer", "channel", "transactions")
_MIX = np.uint64(0x9E3779B97F4A7C15)
# codes compared without the leading zeros of a number: a csv opened and saved in Excel loses them
CODES = ("store", "receipt", "sku", "customer")
_LEADING_ZEROS = r"^0+(\d)"  # kept: the last digit (as 000 -> 0); no look-ahead, which Arrow's engine lacks


@dataclass
class Dropped:
    """The lines of one sheet left out as repeats of another place."""

    rows: np.ndarray  # positions in the sheet's table
    first_rows: np.ndarray  # the sheet row where each line's receipt was first read
    other_file: str
    other_sheet: str
    receipts: int  # receipts, or store-days where the sheets have no receipt numbers
    by_receipt: bool


def drop_repeats(sheets: list, found: list | None = None, tick=None,
                 hashes: LineHashes | None = None) -> tuple[list, list[Issue], list]:
    """The sheets with repeated sales lines taken out (as rejected rows), a
    note per sheet and source, and what was found: (sheet position, Dropped
    or the warnings of items twice) in the order applied. Given `found` of the
    same sheets (a rebuild of unchanged inputs), it is applied without
    comparing the lines again. The sheets given are left as they are.
    `tick()` is called after each comparison (a million lines take a second).
    `hashes`: the lines' hashes, some perhaps made while other files were read."""
    out = list(sheets)
    notes: list[Issue] = []
    steps = []
    for i, step in found if found is not None else _found(out, tick or (lambda: None), hashes or LineHashes()):
        if isinstance(step, Dropped):
            out[i] = _apply(out[i], step, notes)
        else:
            out[i] = replace(out[i], warnings=list(out[i].warnings) + step)
        steps.append((i, step))
    return out, notes, steps


class LineHashes:
    """line_hashes of frames, each frame's once for each set of columns and
    each column once (a frame no line was taken from is compared within, across
    and for items twice with the same hashes)."""

    def __init__(self):
        self.kept: dict[tuple, np.ndarray] = {}
        self.frames: dict[int, tuple] = {}  # id -> (the frame, held so that its id stays its own; its columns)

    def __call__(self, frame: pd.DataFrame, columns: list[str], day_only: bool = False) -> np.ndarray:
        key = (id(frame), tuple(columns), day_only)
        if key not in self.kept:
            _, per_column = self.frames.setdefault(id(frame), (frame, {}))
            self.kept[key] = line_hashes(frame, columns, day_only, per_column)
        return self.kept[key]

    def ahead(self, sheets: list) -> None:
        """The hashes the comparisons of these sheets will ask for first, made
        now (in a thread while other files are still read); on the sheets'
        own frames only, so a later change to a sheet is never read stale.
        A failure is left for the comparison itself to meet and report."""
        with contextlib.suppress(Exception):
            self._ahead(sheets)

    def _ahead(self, sheets: list) -> None:
        for sheet in sheets:
            if sheet.role != "sales" or not len(sheet.table):
                continue
            frame = _lines(sheet)
            keys = _key_columns(frame)
            if all(k in frame.columns for k in keys):
                self(frame, keys, day_only=True)
                self(frame, _line_columns(frame))


def _found(out: list, tick, hashed: LineHashes):
    """drop_repeats' findings, each yielded before the next sheet is compared
    (the caller applies it to `out`: a later comparison sees the lines left)."""
    sales = [i for i, s in enumerate(out) if s.role == "sales" and len(s.table)]
    for i in sales:
        found = _within(out[i], hashed)
        tick()
        if found is not None:
            yield i, found
    for n, j in enumerate(sales):
        for i in sales[:n]:
            found = _across(out[i], out[j], hashed)
            tick()
            if found is not None:
                yield j, found
    for i in sales:
        same = _same_item_twice(out[i], hashed)
        tick()
        if same:
            yield i, same


def _same_item_twice(sheet, hashed=None) -> list[Issue]:
    """Identical lines in one block of a receipt: counted (two of the same
    item), with a warning naming the first, so a doubtful file can be checked."""
    hashed = hashed or line_hashes
    frame = sheet.table
    if "receipt" not in frame.columns or not frame["receipt"].notna().any():
        return []
    key = hashed(frame, _key_columns(frame), day_only=True)
    block = np.cumsum(np.r_[True, key[1:] != key[:-1]])
    lines = pd.DataFrame({"block": block, "line": hashed(frame, _line_columns(frame))})
    again = lines.duplicated(keep="first").to_numpy()
    if not again.any():
        return []
    rows = frame["_row"].to_numpy()
    first = pd.Series(rows).groupby([lines["block"], lines["line"]]).transform("first").to_numpy()
    return [Issue(sheet.file, sheet.sheet, int(rows[k]), "warn_duplicate", {"first": int(first[k])})
            for k in np.flatnonzero(again)]


def _day(series: pd.Series) -> pd.Series:
    return series.dt.normalize() if pd.api.types.is_datetime64_any_dtype(series) else series


def _key_columns(*frames: pd.DataFrame) -> list[str]:
    common = set.intersection(*(set(f.columns) for f in frames))
    has_receipt = "receipt" in common and all(f["receipt"].notna().any() for f in frames)
    return ["store", "receipt", "date"] if has_receipt else ["store", "date"]


def line_hashes(frame: pd.DataFrame, columns: list[str], day_only: bool = False,
                per_column: dict | None = None) -> np.ndarray:
    """One 64-bit hash per line over the columns (numbers rounded to what a
    file keeps, so an xlsx and its csv agree; the day alone for a key).
    `per_column`: the columns' values as compared, kept between calls on one frame."""
    per_column = {} if per_column is None else per_column
    parts = {}
    for c in columns:
        day = c == "date" and day_only
        if (c, day) not in per_column:
            per_column[c, day] = _compared(frame[c], c, day)
        parts[c] = per_column[c, day]
    frame = pd.DataFrame(parts, index=frame.index, copy=False)  # not stacked into blocks: a copy of every column
    return pd.util.hash_pandas_object(frame, index=False).to_numpy(dtype=np.uint64)


def _compared(s: pd.Series, column: str, day: bool):
    if day:
        s = _day(s)
    elif pd.api.types.is_float_dtype(s):
        s = s.round(6) + 0.0  # -0.0 as 0.0
    if column in CODES and not pd.api.types.is_float_dtype(s) or \
            not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s)):
        return _text_hashes(s, column in CODES)
    return s


_MISSING_HASH = np.uint64(0x9E3779B97F4A7C15)


def _text_hashes(column: pd.Series, code: bool) -> np.ndarray:
    """Each cell's text hashed (a code as text without its leading zeros), once per
    distinct value: a million lines hold a few hundred thousand receipts at most."""
    def hashed(distinct) -> np.ndarray:
        text = pd.Series(distinct, dtype="string[pyarrow]" if code else None)
        if code:
            text = text.str.replace(_LEADING_ZEROS, r"\1", regex=True)
        return pd.util.hash_pandas_object(text, index=False).to_numpy()

    return per_distinct(column.astype("string[pyarrow]") if code else column, hashed, _MISSING_HASH,
                        whole=True).astype(np.uint64)


def _group_signature(groups: np.ndarray, lines: np.ndarray) -> pd.DataFrame:
    """An order-free signature of each group's lines: two sums that wrap at 64
    bits and the count, indexed by group."""
    order = np.argsort(groups, kind="stable")
    g, plain = groups[order], lines[order]
    mixed = (plain * _MIX) ^ (plain >> np.uint64(29))  # uint64 arithmetic wraps
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    return pd.DataFrame({"a": np.add.reduceat(plain, starts), "b": np.add.reduceat(mixed, starts),
                         "n": np.diff(np.r_[starts, len(g)])}, index=g[starts])


def _line_columns(*frames: pd.DataFrame) -> list[str]:
    common = set.intersection(*(set(f.columns) for f in frames))
    return [c for c in LINE_FIELDS if c in common]


def _lines(sheet) -> pd.DataFrame:
    """A sheet's lines as compared: receipts numbered from the sheet's rows (an
    export without receipt ids, one transaction per row) tell nothing of a
    repeat, so such a sheet is compared by day-blocks."""
    derived = getattr(sheet.mapping, "derived", {}) if getattr(sheet, "mapping", None) is not None else {}
    if any(code == "derived_row_receipt" for code, _ in derived.values()):
        return sheet.table.drop(columns="receipt", errors="ignore")
    return sheet.table


def _within(sheet, hashed=None) -> Dropped | None:
    """Receipts of one sheet that come back as later blocks holding the same lines."""
    hashed = hashed or line_hashes
    frame = _lines(sheet)
    keys = _key_columns(frame)
    if any(k not in frame.columns for k in keys):
        return None
    key = hashed(frame, keys, day_only=True)
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    if len(starts) == len(pd.unique(key)):
        return None  # every receipt is one block: nothing can repeat
    block = np.cumsum(np.r_[True, key[1:] != key[:-1]]) - 1
    lines = hashed(frame, _line_columns(frame))
    sig = _group_signature(block, lines)
    blocks = pd.DataFrame({"key": key[starts], "a": sig["a"].to_numpy(), "b": sig["b"].to_numpy(),
                           "n": sig["n"].to_numpy(), "start": starts})
    blocks["sig"] = pd.util.hash_pandas_object(blocks[["a", "b", "n"]], index=False).to_numpy()
    per_key = blocks.groupby("key", sort=False)
    several = per_key["sig"].transform("size") > 1
    alike = per_key["sig"].transform("nunique") == 1
    later = blocks["key"].duplicated()
    repeat = several & alike & later
    if not repeat.any() or scattered(int((several & ~later).sum()), int((several & alike & ~later).sum())):
        return None
    first_start = per_key["start"].transform("first")
    dropped_blocks = np.flatnonzero(repeat.to_numpy())
    in_block = np.isin(block, dropped_blocks)
    rows = np.flatnonzero(in_block)
    first_rows = frame["_row"].to_numpy()[first_start.to_numpy()[block[rows]]]
    return Dropped(rows, first_rows, sheet.file, sheet.sheet, int(len(np.unique(key[rows]))), "receipt" in keys)


def scattered(split: int, alike: int) -> bool:
    """Whether a sheet's receipts are not kept together: more of its receipts come
    back further down holding other lines (`split` less `alike`) than holding
    the same ones (`alike`), as in a file sorted by item, where a receipt's two
    equal lines may sit apart. The block rule stands on a receipt's lines
    sitting together; such a sheet's lines are counted as written."""
    return split - alike > alike


def _across(earlier, later, hashed=None) -> Dropped | None:
    """Receipts (or day-blocks) of `later` whose lines are exactly those of `earlier`."""
    hashed = hashed or line_hashes
    a, b = _lines(earlier), _lines(later)
    if not len(a) or not len(b) or not pd.api.types.is_datetime64_any_dtype(a["date"]) \
            or not pd.api.types.is_datetime64_any_dtype(b["date"]):
        return None
    if a["date"].max() < b["date"].min() or b["date"].max() < a["date"].min():
        return None  # different periods: nothing to compare
    keys = _key_columns(a, b)
    ka, kb = hashed(a, keys, day_only=True), hashed(b, keys, day_only=True)
    shared = np.isin(kb, ka)
    if not shared.any():
        return None
    columns = _line_columns(a, b)
    in_a = np.isin(ka, kb[shared])
    sig_a = _group_signature(ka[in_a], line_hashes(a[in_a], columns))
    sig_b = _group_signature(kb[shared], line_hashes(b[shared], columns))
    both = sig_b.join(sig_a, how="inner", suffixes=("_b", "_a"))
    same = both.index[(both["a_b"] == both["a_a"]) & (both["b_b"] == both["b_a"]) & (both["n_b"] == both["n_a"])]
    if not len(same):
        return None
    rows = np.flatnonzero(np.isin(kb, same.to_numpy()))
    first_of = pd.Series(a["_row"].to_numpy(), index=ka)
    first_of = first_of[~first_of.index.duplicated()]
    first_rows = first_of.reindex(kb[rows]).to_numpy()
    return Dropped(rows, first_rows, earlier.file, earlier.sheet, int(len(same)), "receipt" in keys)


def _apply(sheet, found: Dropped, notes: list[Issue]):
    frame = sheet.table
    amounts = frame["net_sales"].to_numpy(dtype=float, na_value=np.nan)[found.rows] \
        if "net_sales" in frame.columns else np.full(len(found.rows), np.nan)
    here = found.other_file == sheet.file and found.other_sheet == sheet.sheet
    other = found.other_file if here or found.other_sheet in (found.other_file, Path(found.other_file).stem) \
        else f"{found.other_file} [{found.other_sheet}]"  # a csv's one sheet is named after the file
    rows = frame["_row"].to_numpy()[found.rows]
    suffix = "" if found.by_receipt else "_days"
    issues = list(sheet.issues)
    for row, first, amount in zip(rows, found.first_rows, amounts):
        issues.append(Issue(sheet.file, sheet.sheet, int(row), ("row_repeat_here" if here else "row_repeat") + suffix,
                            {"first": int(first), "other": other}, None if np.isnan(amount) else float(amount)))
    total = float(np.nansum(amounts))
    # the summary goes with the sheet's notes (the sheet is read), the lines with its rejected rows
    summary = Issue(sheet.file, sheet.sheet, 0, ("note_repeats_here" if here else "note_repeats") + suffix,
                    {"other": other, "lines": len(found.rows), "receipts": found.receipts, "amount": amount_text(total)})
    notes.append(summary)
    keep = np.ones(len(frame), dtype=bool)
    keep[found.rows] = False
    return replace(sheet, table=frame[keep].reset_index(drop=True), issues=issues,
                   warnings=[summary] + list(sheet.warnings),
                   rows_used=sheet.rows_used - len(found.rows),
                   net_sales_rejected=sheet.net_sales_rejected + total)
