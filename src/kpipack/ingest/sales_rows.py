"""Rows of a sales sheet read by its headers that are not sales of goods: a
status or a cancel flag that says the sale did not happen (Cancelled, 取消,
取り消し = true ...) and a gift
card sold (a sale only once it is spent), a shipping, tip or fee line; and rows whose status or type says
goods came back (Refund, 返品), which are returns. The words are data, in
resources/sales_rows/general.toml; an export profile's own rules replace
the statuses for the layouts it reads; gift cards and charges are never goods."""
from __future__ import annotations

import datetime
import re
import tomllib
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd

from .clean import per_distinct
from .export_profiles import STORE_SEP

GIFT_FIELDS = ("product", "category")


def _fold(value: object) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(value)).casefold().split())


@lru_cache(maxsize=1)
def _rules() -> dict:
    from ..paths import bundled  # noqa: PLC0415

    return tomllib.loads(bundled("resources", "sales_rows", "general.toml").read_text(encoding="utf-8"))


STATUS_FIELDS = ("status", "line_type")
# the columns whose values can make a row no sale, in the order a row's reason is taken from them:
# a status says more than a cancel flag, and either more than a product that is no goods
RULE_FIELDS = (*STATUS_FIELDS, "cancelled", *GIFT_FIELDS)
_LISTS = {"not_sales": ("status", "not_sales"), "returns": ("status", "returns"), "gift_cards": ("gift_cards", "words"),
          "charges": ("charges", "words"), "marked": ("cancel_flags", "marked"),
          "unmarked": ("cancel_flags", "unmarked"), "cancels": ("kinds", "cancels"),
          "cancels_return": ("kinds", "cancels_return"), "sale_kinds": ("kinds", "sales"),
          "corrections": ("kinds", "corrections"), "tax_lines": ("tax_lines", "words"),
          "payment_lines": ("payment_lines", "words")}


@lru_cache(maxsize=None)
def words(kind: str) -> frozenset[str]:
    """A list of general.toml, folded (case, width and spaces aside): 'not_sales'
    and 'returns' (statuses and types), 'gift_cards', 'charges', 'marked' and
    'unmarked' (cancel flags), 'cancels', 'cancels_return', 'sale_kinds' and
    'corrections' (a type column's kinds); the query engine compares the same words."""
    section, key = _LISTS[kind]
    return frozenset(_fold(w) for w in _rules()[section][key])


# a type column that is a flag of returns (返品フラグ 1 / 0, Is return TRUE / FALSE): its marked rows are returns
RETURN_FLAGS = frozenset({"返品フラグ", "返品区分", "返品有無", "返品flag", "returnflag", "isreturn", "isreturned",
                          "refundflag", "isrefund", "isrefunded"})


def is_return_flag(header: object) -> bool:
    from .headers import normalise  # noqa: PLC0415

    return normalise(header) in RETURN_FLAGS


def returned(raw_text: dict[str, pd.Series], headers: dict[str, str] | None = None) -> pd.Series:
    """Rows whose status or type says goods were given back (Refund, Return, 返品,
    返金, or a mark in a type column headed as a flag of returns)."""
    back = words("returns")
    out = None
    for fld in STATUS_FIELDS:
        if fld in raw_text:
            flag = fld == "line_type" and is_return_flag((headers or {}).get(fld))
            hit = raw_text[fld].map(lambda v: v is not None and not pd.isna(v) and (
                _fold(v) in back or (flag and _cancel_mark(v) is True))).astype(bool)
            out = hit if out is None else out | hit
    return out if out is not None else pd.Series(dtype=bool)


def not_sales(raw_text: dict[str, pd.Series], headers: dict[str, str]) -> dict[int, tuple[str, dict]]:
    """Sheet row -> (issue code, its params) for each row whose status says
    the sale did not happen. `raw_text`: field -> the column's values as
    read; `headers`: field -> the header it was read from."""
    statuses = words("not_sales")
    out: dict[int, tuple[str, dict]] = {}
    for fld in STATUS_FIELDS:
        for row, value in raw_text.get(fld, pd.Series(dtype=object)).items():
            if int(row) not in out and value is not None and not pd.isna(value) and _fold(value) in statuses:
                out[int(row)] = ("row_not_sale_status", {"column": headers.get(fld, ""), "value": str(value)})
    flags = raw_text.get("cancelled", pd.Series(dtype=object))
    marks = flags.map(_cancel_mark)
    if marks.notna().all():  # a column of counts (キャンセル 2) or other words is not a flag: left alone
        for row in marks.index[marks.astype(bool)]:
            if int(row) not in out:
                out[int(row)] = ("row_not_sale_status", {"column": headers.get("cancelled", ""),
                                                         "value": str(flags[row])})
    return out


_WHEN = re.compile(r"\d{2,4}\s*[-/.年]\s*\d{1,2}")  # 2026-10-05 09:00, 2026/10/05, 10/5/26, 2026年10月5日


def _cancel_mark(value: object) -> bool | None:
    """What a cancel flag's cell says: True where the row was cancelled (a
    marking word, 1, or the date it was cancelled on), False where it was not
    (false, 0, blank, なし), None for a value no flag holds."""
    if isinstance(value, bool):
        return value
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return False
    if isinstance(value, (pd.Timestamp, datetime.datetime, datetime.date)):
        return True
    if isinstance(value, (int, float)):
        return {1: True, 0: False}.get(value)
    text = _fold(value)
    if text in words("marked") or _WHEN.match(text):
        return True
    return False if text == "" or text in words("unmarked") else None


def not_goods(raw_text: dict[str, pd.Series], headers: dict[str, str]) -> dict[int, tuple[str, dict]]:
    """Sheet row -> (issue code, its params) for each line that sells no
    goods, in any export: a charge beside the goods (shipping, a tip) or a
    gift card (a sale only once it is spent)."""
    gifts, charges, taxes, paid = words("gift_cards"), words("charges"), words("tax_lines"), words("payment_lines")

    def product_kind(text: str) -> str | None:
        if text in charges:
            return "row_charge_line"
        bare = text.strip("()（）[]【】 ")  # (内消費税): the brackets a journal writes around it
        return "row_tax_line" if bare in taxes else "row_payment_line" if bare in paid else None

    out: dict[int, tuple[str, dict]] = {}
    checks = [("product", product_kind)] + [(fld, lambda text: "row_gift_card" if any(w in text for w in gifts)
                                             else None) for fld in GIFT_FIELDS]
    for fld, kind_of in checks:
        values = raw_text.get(fld)
        if values is None:
            continue
        kinds = per_distinct(values, lambda v: kind_of(_fold(v)), None)  # each distinct cell once, not each line
        for k in np.flatnonzero(np.not_equal(kinds, None)):
            row = int(values.index[k])
            if row not in out:
                out[row] = (kinds[k], {"column": headers.get(fld, ""), "value": str(values.iloc[k])})
    return out


def cancellations(kinds: pd.Series, receipts: pd.Series | None, header: str, sales_too: bool = True
                  ) -> dict[int, tuple[str, dict]]:
    """Sheet row -> (issue code, its params) for the rows a type column says
    are taken back: a cancelling row (取消, Void) and the sale lines of its
    receipt, a cancelled return (返品取消) and the return lines of its receipt.
    `kinds`: the type (or status) column as read; `receipts`: each row's
    receipt (with its store), None where the sheet has no receipt column;
    `sales_too` False (a status column, whose 取消 is the row's own state):
    cancelled returns only."""
    kind = kinds.map(lambda v: value_kind("line_type" if sales_too else "status", v))
    out: dict[int, tuple[str, dict]] = {}
    kinds_taken = [("unreturn", kind.eq("return"))]
    if sales_too:
        kinds_taken.insert(0, ("void", kind.isna()))
    for said, targets in kinds_taken:
        cancelling = kind.index[kind.eq(said)]
        if not len(cancelling):
            continue
        lines = receipts[targets].dropna() if receipts is not None else pd.Series(dtype=object)
        of_receipt = lines.groupby(lines).groups if len(lines) else {}
        for row in cancelling:
            value = str(kinds[row])
            key = receipts.get(row) if receipts is not None else None
            hit = of_receipt.get(key, []) if key is not None and not pd.isna(key) else []
            for target in hit:
                if int(target) not in out:
                    out[int(target)] = ("row_cancelled_by", {"row": int(row), "column": header, "value": value})
            code = "row_cancel_line" if len(hit) else "row_cancel_unmatched"
            shown = "" if key is None or pd.isna(key) else str(key).replace(STORE_SEP, " ")
            out[int(row)] = (code, {"column": header, "value": value, "receipt": shown})
    return out


def value_kind(fld: str, value: object, header: object = None) -> str | None:
    """What a type (or status) cell says of its receipt: 'void' (取消, Void,
    in a type column: the receipt's sale lines taken back), 'unreturn'
    (返品取消: its return taken back), 'return' (goods given back, or a mark
    under a type column's `header` naming a flag of returns), else None.
    The importer (`cancellations`) and the query engine read cells by it."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = _fold(value)
    if text in words("cancels_return"):
        return "unreturn"
    if fld == "line_type" and text in words("cancels"):
        return "void"
    if fld == "line_type" and is_return_flag(header) and _cancel_mark(value) is True:
        return "return"
    return "return" if text in words("returns") else None


def kinds_as_written(kinds: pd.Series) -> dict[str, int]:
    """The values of a type column counted as written though they are no
    plain sale (訂正, and kinds no list knows), with their row counts; none
    where no value of the column is a kind at all (a Type column of product
    types)."""
    handled = words("sale_kinds") | words("cancels") | words("cancels_return") | words("returns") \
        | words("not_sales")
    corrections = words("corrections")
    values = kinds.dropna().map(str)
    values = values[values.str.strip().ne("")]
    folded = values.map(_fold)
    if not folded.isin(handled | corrections).any():
        return {}
    odd = values[~folded.isin(handled)]
    return {str(v): int(n) for v, n in odd.value_counts(sort=False).items()}


def value_reasons(fld: str, values: pd.Series, header: str) -> dict[int, tuple[str, dict]]:
    """The reasons (as `not_sales` and `not_goods` give them) that one column's
    values make a row no sale: for a column's distinct values, which the query
    engine then compares each line's cell with. A cancel flag's `values` must
    be all of its column's distinct values (a column of counts is no flag)."""
    raw, headers = {fld: values}, {fld: header}
    return {**not_goods(raw, headers), **not_sales(raw, headers)}


def unsigned_returns(lines: pd.DataFrame) -> pd.Series:
    """Lines of a negative quantity whose amount is positive, in a sheet whose
    amounts as written are never negative: an export that writes amounts
    without their sign, so these lines are returns (a quantity of -1 at 500
    is -500). Where some amount is negative the sheet writes signs, and a
    line is as written (a discount taken back on a return is -1 at +50).
    `lines`: the sheet's qty and net_sales; the query engine asks it of the
    signs its files' lines show (linefiles)."""
    if not {"qty", "net_sales"} <= set(lines.columns) or lines["net_sales"].lt(0).any():
        return pd.Series(False, index=lines.index)
    return lines["qty"].lt(0) & lines["net_sales"].gt(0)
