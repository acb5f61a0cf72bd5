"""Vectorised type cleaning: each cleaner takes a column as read (any dtype) and
returns the clean values plus a mask of cells that held something unusable.

Empty cells are missing (NaN/NaT/None), never zero. In id and name columns
the markers exports write for "no value" (NA, N/A, #N/A, NULL, -, 非会員, 不明,
nan, None; see MISSING_MARKERS) are missing too; any other text, such as
'0400', is kept exactly as written.

Speed: a million-line column holds few distinct values (stores, SKUs, dates,
amounts), so text is cleaned once per distinct value with the scalar rules
below and the results are spread back by position. Each scalar rule is the
one definition of its behaviour; tests/test_clean_values.py holds hand-written
tables of cell -> expected value for every rule.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .currency_marks import AFTER_PATTERN, HEADER_MARKS, MARK_PATTERN, currency_of

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# Excel serials 1900-01-01 .. 2192-04-xx: beyond that a day count overflows
# pandas' timedelta, and a sales date that far out is a wrong cell anyway.
_SERIAL_MIN, _SERIAL_MAX = 1, 106_751
_YYYYMMDD_MIN, _YYYYMMDD_MAX = 19000101, 22611231  # yyyymmdd numbers pandas can hold
# A number as people write it (after NFKC, which makes ￥ ¥ and ＼ \\, and with
# spaces removed): an optional bracket, one sign, a currency before or after,
# digits with thousands separators, a percent sign. The backslash is the yen
# sign of a Shift_JIS/CP932 file (byte 0x5C), decoded as written.
_NUMBER = re.compile(rf"""
    (?P<open>\()?
    (?P<sign>[-+△▲−‐‑–—])?
    (?P<before>{MARK_PATTERN})?
    (?P<open2>\()?
    (?P<sign2>[-+])?
    (?P<digits>[.,]?[0-9][0-9,.]*)
    (?P<exponent>e[-+]?[0-9]+)?
    (?P<percent>%)?
    (?P<scale>千|万|百万|億)?
    (?P<after>{AFTER_PATTERN})?
    (?P<trailing>-)?
    (?P<close>\))?
    """, re.I | re.X)
_SCALE_WORDS = {"千": 1_000, "万": 10_000, "百万": 1_000_000, "億": 100_000_000}  # 30千円, 3万円, 1.5億円
# With a decimal point: plain, or thousands separators in their places (1,234,567 or the Indian 12,34,567).
_DIGITS = re.compile(r"^(?:[0-9]*|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,2}(?:,[0-9]{2})*,[0-9]{3})(?:\.[0-9]*)?$")
# Cells that show a column's decimal mark: 1.234,56 / 12,5 / 12,3456 / 1.234.567 against 1,234.56 / 12.5 /
# 12.3456 / 1,234,567 (1,234 and 1.234 show neither).
_COMMA_DECIMAL = re.compile(r"^(?:[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]*|[0-9]+,(?:[0-9]{1,2}|[0-9]{4,})|"
                            r"[0-9]{1,3}(?:\.[0-9]{3}){2,})$")
_POINT_DECIMAL = re.compile(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]*|[0-9]+\.(?:[0-9]{1,2}|[0-9]{4,})|"
                            r"[0-9]{1,3}(?:,[0-9]{3}){2,})$")
_SWAP_MARKS = str.maketrans(",.", ".,")
_APOSTROPHE_THOUSANDS = re.compile(r"(?<=[0-9])['’](?=[0-9]{3}(?![0-9]))")
_SPACES = re.compile(r"\s+")
# Every character Python's str.strip() removes (str.isspace), so Arrow trims exactly as Python does.
PY_WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                 "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


# ---------------------------------------------------------------- scalar rules
def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _text_one(value) -> str | None:
    """A cell as stripped NFKC text, None where empty."""
    if _missing(value):
        return None
    return unicodedata.normalize("NFKC", str(value)).strip() or None


# What exports write in an id or name column for "no value" (compared after
# NFKC and case-folding): the contract's list, what R and pandas print for a
# missing value, what Excel shows for an empty pivot item, and dashes.
MISSING_MARKERS = frozenset({
    "na", "n/a", "#n/a", "null", "-", "非会員", "不明",
    "nan", "none", "<na>", "#null!", "(blank)", "(空白)", "--", "‐", "‑", "–", "—", "―", "−",
})
_MARKER_LENGTH = max(len(m) for m in MISSING_MARKERS)


# What a customer column holds for a sale to no member (compared as the markers are): no customer,
# not one customer buying on every such receipt
NON_MEMBERS = frozenset({
    "ゲスト", "一般", "一般客", "会員外", "非会員客", "未登録", "未入会", "なし", "無し", "guest", "walk-in", "walk in",
    "walkin", "non-member", "non member", "nonmember", "no member", "anonymous", "unknown",
})


def is_non_member(value: object) -> bool:
    """A customer cell saying no member: a NON_MEMBERS word, or a code of zeros
    alone (0000000000, the number a till gives every sale to no member)."""
    text = unicodedata.normalize("NFKC", str(value)).strip().casefold()
    return text in NON_MEMBERS or (bool(text) and not text.strip("0"))


def without_non_members(customers: pd.Series) -> tuple[pd.Series, dict[str, int]]:
    """A clean customer column with its non-member words and zero codes
    (is_non_member) missing, and how many cells held each."""
    distinct = customers.dropna().unique()
    words = {v for v in distinct if is_non_member(v)}
    hit = customers.isin(words).fillna(False).astype(bool)
    if not hit.any():
        return customers, {}
    counts = {str(k): int(v) for k, v in customers[hit].value_counts(sort=False).items()}
    return customers.mask(hit), counts


def is_missing_marker(text: str) -> bool:
    return len(text) <= _MARKER_LENGTH + 2 and \
        unicodedata.normalize("NFKC", text).strip().casefold() in MISSING_MARKERS


def _code_one(value) -> str | None:
    """An identifier cell as text: a whole float loses its '.0', text is
    stripped, a missing marker is missing."""
    if _missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return None if not text or is_missing_marker(text) else text


def _float_code_one(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _number_one(value, percent: bool = False, comma: bool = False, dash_closes: bool = True) -> float:
    """A text cell (already through _text_one) as a number, NaN if it is not one.

    `percent`: the field is a percentage, so '12.00%' is 12.0 (the number as
    written, in the field's own unit); elsewhere a percent sign makes the cell
    not a number rather than a guess at what it is a percentage of.
    `comma`: the column writes decimals with a comma (1.234,56); `dash_closes`:
    a dash after a yen amount (¥1,000-) closes it, else it is its minus (see
    `_yen_dash_closes`)."""
    if value is None:
        return np.nan
    if isinstance(value, (int, float)):
        return float(value)
    value = _SPACES.sub("", value)
    if "'" in value or "’" in value:  # 1'000.00: Swiss thousands, read as the column's thousands mark
        value = _APOSTROPHE_THOUSANDS.sub("." if comma else ",", value)
    found = _NUMBER.fullmatch(value)
    bracket = bool(found["open"]) + bool(found["open2"]) if found is not None else 0
    if found is None or bracket > 1 or bracket != bool(found["close"]) or (found["percent"] and not percent):
        return np.nan
    if any(mark and currency_of(mark) is None for mark in (found["before"], found["after"])):
        return np.nan  # ABC123, 12 pcs: letters that name no currency
    if found["scale"] and (found["after"] != "円" or found["percent"]):
        return np.nan  # 3万 alone may count anything: only 3万円 is yen
    # ¥1,000- : the dash that closes a yen amount (as on a receipt or a cheque), where the column shows it so
    closing = dash_closes and bool(found["trailing"]) and (found["before"] or "").lower() in _YEN_BEFORE
    signs = [s for s in (found["sign"], found["sign2"], None if closing else found["trailing"]) if s]
    digits = found["digits"].translate(_SWAP_MARKS) if comma else found["digits"]
    if len(signs) > 1 or (signs and bracket) or not _DIGITS.match(digits):
        return np.nan
    number = float(digits.replace(",", "") + (found["exponent"] or "")) * _SCALE_WORDS.get(found["scale"], 1)
    if not np.isfinite(number):
        return np.nan
    negative = bool(bracket) or (bool(signs) and signs[0] != "+")
    return -number if negative else number


# ---------------------------------------------------------------- distinct values
def _all_text(series: pd.Series) -> bool:
    """Every present cell is a str (so equal values are equal text: safe to clean once each)."""
    if isinstance(series.dtype, pd.StringDtype):
        return True
    return series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) == "string"


def per_distinct(series: pd.Series, rule, missing, whole: bool = False) -> np.ndarray:
    """rule(value) for every cell, computed once per distinct present value
    (`whole`: rule takes the array of distinct values and gives theirs, for a
    rule that works on arrays); `missing` where the cell is empty. Only for
    text or float columns, whose distinct values hash apart exactly as their
    results differ."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    found = rule(uniques) if whole else [rule(u) for u in uniques.tolist()]
    # numbers stay numbers (a million hashes as Python ints would take longer than hashing them)
    numeric = isinstance(found, np.ndarray) and found.dtype.kind in "biuf" and isinstance(missing, np.generic)
    results = np.empty(len(uniques) + 1, dtype=np.result_type(found.dtype, missing) if numeric else object)
    results[:-1] = found
    results[-1] = missing
    return results[codes]


# the first byte of each whitespace character's UTF-8
_SPACE_LEADS = tuple(bytes([b]) for b in sorted({c.encode()[0] for c in PY_WHITESPACE}))


def _may_hold_space(series: pd.Series) -> bool:
    """False only where no cell can hold whitespace (codes of digits and letters need no trim)."""
    data = text_bytes(series)
    return data is None or any(lead in data for lead in _SPACE_LEADS)


def text_bytes(series: pd.Series) -> bytes | None:
    """The bytes of an Arrow-backed text column run together, or None for any
    other column. A screen, not the cells: a slice's buffer holds the cells cut
    away too, so a byte absent here is absent from every cell, and a search for
    it is one memchr over the column instead of a pass cell by cell."""
    if not (isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow"):
        return None
    buffers = (chunk.buffers()[2] for chunk in series.array.__arrow_array__().chunks)
    return b"".join(b.to_pybytes() for b in buffers if b is not None)


def _object_series(values: np.ndarray, like: pd.Series) -> pd.Series:
    return pd.Series(values, index=like.index, name=like.name, dtype=object)


def _arrow_text(series: pd.Series) -> pa.Array:
    array = pa.array(series.array if isinstance(series.dtype, pd.StringDtype) else series.to_numpy(object),
                     type=pa.large_string(), from_pandas=True)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _text(series: pd.Series) -> pd.Series:
    """Cells as stripped NFKC text, None where empty."""
    if len(series) and _all_text(series):
        values = per_distinct(series, _text_one, None)
    else:
        values = np.array([_text_one(v) for v in series.tolist()], dtype=object)
    return _object_series(values, series)


def is_blank(series: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
        return series.isna()
    return series.isna() | series.astype(str).str.strip().eq("")


# ---------------------------------------------------------------- codes
TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' own text dtype: Arrow strings, NaN where empty


def clean_code(series: pd.Series) -> pd.Series:
    """Identifiers as text: numbers lose a trailing '.0', text stays as
    written, and a missing marker (MISSING_MARKERS) is missing.

    The column comes back in pandas' string dtype (Arrow-backed, NaN where
    empty), not as Python objects: a million codes stay one compact buffer
    that groups, joins and caches several times faster."""
    if pd.api.types.is_integer_dtype(series):
        return series.astype(str).astype(TEXT)
    if not len(series):
        return series.astype(TEXT)
    if isinstance(series.dtype, np.dtype) and series.dtype.kind == "f":
        values = pd.array(per_distinct(series, _float_code_one, None), dtype=TEXT)
    elif pd.api.types.is_float_dtype(series):  # nullable floats (never read from files)
        values = pd.array([None if pd.isna(v) else _float_code_one(v) for v in series.tolist()], dtype=TEXT)
    elif _all_text(series):
        trimmed = _arrow_text(series)
        if _may_hold_space(series):
            trimmed = pc.utf8_trim(trimmed, characters=PY_WHITESPACE)  # exactly Python's strip
        # markers are short: only the few distinct short values are looked at one by one
        short = pc.unique(pc.filter(trimmed, pc.less_equal(pc.utf8_length(trimmed), _MARKER_LENGTH + 2)))
        missing = [""] + [t for t in short.to_pylist() if t and is_missing_marker(t)]
        empty = pc.is_in(trimmed, value_set=pa.array(missing, type=pa.large_string()))
        if pc.any(empty).as_py():
            trimmed = pc.if_else(empty, pa.scalar(None, pa.large_string()), trimmed)
        values = pd.array(trimmed, dtype=TEXT)
    else:
        values = pd.array([_code_one(v) for v in series.tolist()], dtype=TEXT)
    return pd.Series(values, index=series.index, name=series.name)


# ---------------------------------------------------------------- numbers
def is_percent_field(name: str) -> bool:
    """Fields holding a percentage: a budget of a '_pct' KPI (gross_margin_pct,
    or a wide budget's column naming one: 粗利率目標), or the value of a long
    budget row (whose KPI may be one). There '12.00%' means 12.0, as the
    contract keeps percentages (12 % is 12)."""
    if name == "value" or name.endswith("_pct"):
        return True
    from .headers import NUMBER_FIELDS

    if name in NUMBER_FIELDS:  # a sales or stock field: never a KPI's percentage
        return False
    from ..kpis.budget_names import kpi_for_budget_name  # deferred: the KPI registry, read for budgets only
    from ..kpis.registry import BY_ID

    kpi = kpi_for_budget_name(name)
    return kpi is not None and BY_ID[kpi].unit == "pct"


def clean_number(series: pd.Series, percent: bool = False,
                 comma_default: bool = False) -> tuple[pd.Series, pd.Series]:
    """Numbers, from numeric cells or text with a currency ($ ¥ ￥ ₹ € £, the
    Shift_JIS backslash yen, 円, USD...), yen in thousands or ten-thousands
    (30千円, 3万円, 1.5億円), thousands separators, full-width
    digits, -$0.90, $-0.90, (1,200), △1200 or 1200- negatives, and in a
    `percent` field 12.00%. A column whose cells show a decimal comma
    (1.234,56) is read so; one whose cells show neither mark (1.000 only)
    takes `comma_default`, what the rest of its file shows (`decimal_marks`).
    A missing marker (NA, -, #N/A) is missing, as an empty cell. Returns
    (values, bad) where bad marks text that is not a number."""
    if pd.api.types.is_bool_dtype(series):
        return pd.Series(np.nan, index=series.index), ~series.isna()
    if pd.api.types.is_numeric_dtype(series):
        return series.astype(float), pd.Series(False, index=series.index)
    if len(series) and _all_text(series):  # once per distinct text, spread back by position
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        text = [_number_text(u) for u in uniques.tolist()] + [None]
    else:
        codes, text = None, [_number_text(v) for v in series.tolist()]
    shown = _decimal_evidence(text)
    comma = shown == "comma" or (shown is None and comma_default)
    closes = _yen_dash_closes(text)
    present = np.array([t is not None for t in text], dtype=bool)
    numbers = np.array([_number_one(t, percent, comma, closes) for t in text], dtype=float)
    if codes is not None:
        present, numbers = present[codes], numbers[codes]
    values = pd.Series(numbers, index=series.index, name=series.name)
    bad = pd.Series(present & np.isnan(numbers), index=series.index, name=series.name)
    return values, bad


_YEN_BEFORE = ("¥", "\\", "jpy")


def _yen_dash_closes(texts: list[str | None]) -> bool:
    """Whether a dash after a yen amount (¥1,000-) closes it, as on a receipt
    or a cheque, rather than makes it negative: so where every yen amount of
    the column ends with one; where only some do (¥1,234 beside ¥1,234-, a
    till's returns), it is their minus."""
    ending = [t for t in texts if isinstance(t, str) and t.endswith("-")]
    if not ending:
        return True  # no dash to read
    return all(t.endswith("-") for t in texts if isinstance(t, str) and _yen_before(t))


def yen_dash(series: pd.Series, counts: pd.Series | None = None) -> tuple[str, int] | None:
    """How a money column's yen amounts ending in a dash (¥1,000-) were read:
    ('closes', cells) where every yen amount carries one, ('minus', cells)
    where only some do (see `_yen_dash_closes`); None where none does.
    `counts`: the cells each value of `series` stands for (a column's
    distinct values, as the query engine reads them), else one each."""
    if pd.api.types.is_numeric_dtype(series) or not len(series):
        return None
    ending = series.dropna().astype(str).str.rstrip().str.endswith(("-", "－"))
    if not ending.any():
        return None  # the usual case, told without reading each value
    texts = [_number_text(v) if isinstance(v, str) else None for v in series.unique()]
    dashed = {t for t in texts if t is not None and t.endswith("-") and _yen_before(t)}
    if not dashed:
        return None
    hit = series.map(lambda v: isinstance(v, str) and _number_text(v) in dashed).astype(bool)
    cells = int(hit.sum() if counts is None else counts[hit].sum())
    return ("closes" if _yen_dash_closes(texts) else "minus"), cells


def number_parts(text: str) -> re.Match | None:
    """The parts of number text as people write it (`_NUMBER`: brackets,
    sign, currency before or after, digits, percent, 千円 …), spaces left
    out; None where the text is not written as a number."""
    return _NUMBER.fullmatch(_SPACES.sub("", text))


def _yen_before(text: str) -> bool:
    found = _NUMBER.fullmatch(_SPACES.sub("", text))
    return found is not None and (found["before"] or "").lower() in _YEN_BEFORE


_YEN_SCALE = re.compile(r"(?:千|万|百万|億)\s*円")


def states_yen_scale(series: pd.Series) -> pd.Series:
    """Text cells that state their own scale of yen (30千円, 3万円), which
    `clean_number` has read in yen already."""
    if pd.api.types.is_numeric_dtype(series) or not len(series):
        return pd.Series(False, index=series.index)
    return series.map(lambda v: isinstance(v, str) and bool(_YEN_SCALE.search(v))).astype(bool)


_HEADER_CURRENCY = re.compile(rf"(?:^|[\s(（\[【/_-])({'|'.join(map(re.escape, HEADER_MARKS))})(?:$|[\s)）\]】/_-])", re.I)
_HEADER_CODE = re.compile(r"[(（\[【]([A-Z]{3})[)）\]】]")  # Sales (SEK): any ISO code, in capitals and brackets


def currency_shown(series: pd.Series, header: str = "", counts: pd.Series | None = None) -> str | None:
    """The currency (ISO code) a money column shows: the sign or word most of
    its marked text cells carry ($1.00, ¥1,000, 1,000円, the Shift_JIS
    backslash), else its header's (売上金額(円), Sales (USD)); None where
    neither shows one. `counts`: the cells each value of `series` stands for
    (a column's distinct values, as the query engine reads them)."""
    found: dict[str, int] = {}
    if not pd.api.types.is_numeric_dtype(series) and len(series):
        tally = series.value_counts() if counts is None else pd.Series(counts.to_numpy(), index=series.to_numpy())
        for value, count in tally.items():
            number = _NUMBER.fullmatch(_SPACES.sub("", _text_one(value) or ""))
            mark = number and (number["before"] or number["after"])
            code = currency_of(mark)
            if code:
                found[code] = found.get(code, 0) + int(count)
    if found:
        return max(found, key=found.get)
    mark = _HEADER_CURRENCY.search(unicodedata.normalize("NFKC", header or ""))
    if mark is None:
        mark = _HEADER_CODE.search(unicodedata.normalize("NFKC", header or ""))
    return currency_of(mark.group(1)) if mark else None


def currency_of_columns(raw: pd.DataFrame, rows: int = 1000) -> str | None:
    """The one currency the money columns of a sheet show in their first
    `rows` rows ($30.59 under Card, Fees, Net Total), where its amount was
    worked out from them and shows none; None where none or two show."""
    shown = {currency_shown(raw[col].head(rows)) for col in raw.columns
             if not pd.api.types.is_numeric_dtype(raw[col])}
    shown.discard(None)
    return shown.pop() if len(shown) == 1 else None


# English, Japanese, and the words European exports use (SumUp's German Währung)
_CURRENCY_HEADERS = {"currency", "currencycode", "ordercurrency", "通貨", "通貨コード", "währung", "devise", "moneda",
                     "valuta"}
_ISO_CODE = re.compile(r"^[A-Z]{3}$")


def currency_columns(headers: list[str]) -> list[int]:
    """The columns headed Currency / 通貨 (Shopify and WooCommerce orders write one)."""
    from .headers import normalise  # the contract's header normalisation

    return [col for col, header in enumerate(headers) if normalise(header) in _CURRENCY_HEADERS]


def currency_named(headers: list[str], raw: pd.DataFrame) -> str | None:
    """The ISO code most rows give in a Currency / 通貨 column; None where
    there is no such column or it holds no code."""
    for col in currency_columns(headers):
        if col in raw.columns:
            codes = raw[col].dropna().astype(str).str.strip().str.upper()
            codes = codes[codes.str.match(_ISO_CODE)]
            if len(codes):
                return str(codes.value_counts().index[0])
    return None


def decimal_marks(columns: list[pd.Series]) -> str | None:
    """'comma' or 'point' where the text cells of these columns (one sheet's
    number columns) show one decimal mark and never the other; None where
    they show neither (1.000, 1,234 only) or both."""
    shown = {_decimal_evidence([_number_text(v) for v in pd.unique(c.dropna())]) for c in columns
             if len(c) and not pd.api.types.is_numeric_dtype(c) and not pd.api.types.is_bool_dtype(c)}
    shown.discard(None)
    return shown.pop() if len(shown) == 1 else None


def thousands_either_way(columns: list[pd.Series]) -> str | None:
    """The first text cell of these columns that reads as another number with a
    decimal comma than with a decimal point (1.234, 12.500), None where none does."""
    for column in columns:
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            continue
        for value in pd.unique(column.dropna()):
            text = _number_text(value)
            if text and _number_one(text, comma=True) != _number_one(text) and \
                    not np.isnan(_number_one(text, comma=True)):
                return text
    return None


# An amount's own words on tax, before or after it (after NFKC: （税込） is (税込)):
# 1,000円(税込), 税込1,000円, 1,000 (tax incl.). They say what the amount holds
# (see `cells_tax_basis`); the number is read without them.
_TAX_WORDS = r"税込み?|税抜き?|税別|内税|外税|tax\s*incl\.?|incl\.?\s*tax|tax\s*excl\.?|excl\.?\s*tax"
_TAX_MARK = re.compile(rf"^\s*[(\[]?(?P<lead>{_TAX_WORDS})[)\]]?\s*(?=\S)|(?<=\S)\s*[(\[]?(?P<tail>{_TAX_WORDS})[)\]]?\s*$",
                       re.I)
_TAX_INCLUDED = re.compile(r"税込|内税|incl", re.I)


def _number_text(value) -> str | None:
    """A number cell's text without its words on tax, None where empty or a
    missing marker (NA, -, #N/A): such a cell has no number, which is not
    the same as a cell that is not one."""
    text = _text_one(value)
    if text is None or is_missing_marker(text):
        return None
    return _TAX_MARK.sub("", text) if ("税" in text or "tax" in text.lower()) else text


def cells_tax_basis(series: pd.Series) -> str | None:
    """'included' or 'excluded' where the column's text cells say so
    themselves (1,000円(税込)), 'unknown' where some say one and some the
    other, None where none says."""
    if pd.api.types.is_numeric_dtype(series) or not len(series):
        return None
    said = set()
    for value in pd.unique(series.dropna()):
        text = _text_one(value) if isinstance(value, str) else None
        found = _TAX_MARK.search(text) if text and ("税" in text or "tax" in text.lower()) else None
        if found is not None:
            said.add("included" if _TAX_INCLUDED.search(found["lead"] or found["tail"]) else "excluded")
    return None if not said else said.pop() if len(said) == 1 else "unknown"


_DOTTED_DAY_FIRST = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.\d{4}\b")


def dotted_day_first(series: pd.Series) -> bool:
    """Dates written 01.10.2026 in most of the column's text cells: the way of
    countries that write decimal commas (Germany, France, Russia …)."""
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
        return False
    counts = series.value_counts()  # a date column holds few distinct values
    texts = np.array([isinstance(v, str) and bool(_DOTTED_DAY_FIRST.match(v)) for v in counts.index], dtype=bool)
    return bool(counts.sum()) and counts[texts].sum() > counts.sum() / 2


def _decimal_evidence(texts: list[str | None]) -> str | None:
    """The decimal mark a column's cells show: 'comma' where some cell shows
    one (1.234,56, 12,5) and none a decimal point, 'point' where some cell
    shows a point (1,234.56, 12.5) — also when others show a comma, as most
    exports write points — and None where no cell shows either (1,234 or
    1.234 only). Swiss thousands (1'234.50) show their point."""
    comma = point = False
    for text in texts:
        found = _NUMBER.fullmatch(_APOSTROPHE_THOUSANDS.sub("", _SPACES.sub("", text))) if text else None
        if found is not None:
            comma = comma or bool(_COMMA_DECIMAL.match(found["digits"]))
            point = point or bool(_POINT_DECIMAL.match(found["digits"]))
    return "point" if point else "comma" if comma else None


# ---------------------------------------------------------------- durations
_DURATION = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(週間|週|weeks?|wks?|日間|日|days?|営業日)$", re.I)


def _duration_one(value):
    """'2週間' -> 14, '10日' -> 10, '3 weeks' -> 21; any other cell as it is."""
    text = _text_one(value) if isinstance(value, str) else None
    match = _DURATION.match(text) if text else None
    if not match:
        return value
    weeks = match.group(2)[0] in "週wW"
    return float(match.group(1)) * (7.0 if weeks else 1.0)


def duration_days(series: pd.Series) -> pd.Series:
    """A lead-time column with durations written in words turned into days
    (numbers are days already); what is still not a number stays text, so
    the number cleaner reports it."""
    if pd.api.types.is_numeric_dtype(series) or not len(series):
        return series
    return _object_series(per_distinct(series, _duration_one, None) if _all_text(series)
                          else np.array([_duration_one(v) for v in series.tolist()], dtype=object), series)


# ---------------------------------------------------------------- hours written as a duration
# a time cell as spreadsheet readers give it: its date is day 0 (1899-12-30 or 1899-12-31) or,
# for [h]:mm past 24 hours, the days after it (1900-01-01 06:00 is 30 hours)
_CLOCK = re.compile(r"^(?:([0-9]{4}-[0-9]{2}-[0-9]{2})[ T])?([0-9]+):([0-5][0-9])(?::([0-5][0-9](?:\.[0-9]+)?))?$")
_HOURS_WORDS = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(?:時間|h|hrs?|hours?)\s*"
                          r"(?:([0-9]+(?:\.[0-9]+)?)\s*(?:分|m|mins?|minutes?)?)?$", re.I)
_MINUTES_WORDS = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(?:分|mins?|minutes?)$", re.I)
_DAY_ZERO = dt.date(1899, 12, 31)


def _days_of(day: dt.date) -> int | None:
    """The whole days a time cell's date stands for; None for a real date."""
    if day == dt.date(1899, 12, 30):
        return 0
    days = (day - _DAY_ZERO).days
    return days if 0 <= days < 60 else None


def _hours_one(value) -> float | None:
    """A duration cell in hours ('7:30', '7時間30分', '7h30', '30分', a time
    cell: 7:30 or 1899-12-31 07:30, a [h]:mm cell), None for any other cell."""
    if isinstance(value, (dt.timedelta, pd.Timedelta)):
        return value.total_seconds() / 3600.0
    if isinstance(value, dt.datetime):  # also pd.Timestamp
        days = _days_of(value.date())
        if days is None:
            return None
        return days * 24.0 + _hours_one(value.time())
    if isinstance(value, dt.time):
        return value.hour + value.minute / 60.0 + (value.second + value.microsecond / 1e6) / 3600.0
    text = _text_one(value) if isinstance(value, str) else None
    if not text:
        return None
    if found := _CLOCK.match(text):
        try:
            days = _days_of(dt.date.fromisoformat(found[1])) if found[1] else 0
        except ValueError:
            return None
        if days is None:
            return None
        return days * 24.0 + int(found[2]) + int(found[3]) / 60.0 + float(found[4] or 0) / 3600.0
    if found := _HOURS_WORDS.match(text):
        return float(found[1]) + float(found[2] or 0) / 60.0
    if found := _MINUTES_WORDS.match(text):
        return float(found[1]) / 60.0
    return None


def day_fractions(values: pd.Series) -> bool:
    """Hours that are times of day as a reader without the cells' format gives
    them (0.3125 for 7:30): every value below one day and a whole number of
    minutes of it — as hours per store, no figure is below one hour."""
    present = values.dropna().to_numpy(dtype=float)
    minutes = present * 1440.0
    return bool(len(present)) and bool(((present > 0) & (present < 1)).all()) \
        and bool((np.abs(minutes - np.round(minutes)) < 1e-6).all())


def duration_hours(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """An hours column with its durations read as hours (7:30 -> 7.5), and
    the cells so read. Any other cell stays as it is, so the number cleaner
    reads or reports it."""
    if pd.api.types.is_timedelta64_dtype(series):
        return series.dt.total_seconds() / 3600.0, series.notna()
    if pd.api.types.is_numeric_dtype(series) or not len(series):
        return series, pd.Series(False, index=series.index)
    cells = series.astype(object).tolist()
    hours = [_hours_one(v) for v in cells]
    read = pd.Series([h is not None for h in hours], index=series.index)
    if not read.any():
        return series, read
    values = [h if h is not None else v for h, v in zip(hours, cells)]
    return _object_series(np.array(values, dtype=object), series), read


# ---------------------------------------------------------------- floor areas with their unit
_AREA = re.compile(r"^(.*?\d\.?)\s*(坪|m2|平米|平方メートル|sq\.?\s*m|sqm)$", re.I)  # after NFKC: ㎡ and m² are m2
_AREA_UNIT_WORDS = {"坪": "tsubo"}


def _area_one(value) -> tuple[object, str | None]:
    text = _text_one(value) if isinstance(value, str) else None
    match = _AREA.match(text) if text else None
    if not match:
        return value, None
    return match.group(1), _AREA_UNIT_WORDS.get(match.group(2), "m2")


def area_units(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A floor-area column written with its unit ('45坪', '150㎡', '150 m2')
    without it, so the number cleaner reads the number, and each cell's unit
    ('tsubo', 'm2'; None where the cell states none)."""
    if pd.api.types.is_numeric_dtype(series) or not len(series):
        return series, pd.Series(None, index=series.index, dtype=object)
    pairs = [_area_one(v) for v in series.tolist()]
    return (_object_series(np.array([p[0] for p in pairs], dtype=object), series),
            pd.Series([p[1] for p in pairs], index=series.index, dtype=object))


# ---------------------------------------------------------------- counts with a counter word
# fields counting things, where '2個', '3点' or '5 pcs' is read as the number a person reads
COUNT_FIELDS = frozenset({"qty", "on_hand", "counted_qty", "book_qty", "received_qty", "ordered_qty", "case_pack",
                          "min_order_qty", "visitors", "transactions"})
_COUNTER = re.compile(r"^(.*?\d)\s*(個|点|本|枚|袋|箱|缶|着|足|冊|台|人|名|組|件|客|ケース|pcs?\.?|units?|items?)$",
                      re.I)


def _counted_one(value):
    """'2個' -> '2'; any other cell as it is (the number cleaner reads or reports it)."""
    text = _text_one(value) if isinstance(value, str) else None
    match = _COUNTER.match(text) if text else None
    return match.group(1) if match else value


def without_counter(series: pd.Series) -> pd.Series:
    """A count column written with its counter word ('2個', '3点', '5 pcs')
    without it, so the number cleaner reads the number."""
    if pd.api.types.is_numeric_dtype(series) or not len(series):
        return series
    return _object_series(per_distinct(series, _counted_one, None) if _all_text(series)
                          else np.array([_counted_one(v) for v in series.tolist()], dtype=object), series)


# ---------------------------------------------------------------- dates
DATE_ORDERS = ("dmy", "mdy")  # how a column's 10/01/2026 reads: day first or month first
_WEEKDAY = r"(?:\s*\([月火水木金土日](?:曜日?)?\))?"  # 2026/10/01(木)
# 09:30, 9:30:15.250, 9:30 PM, T09:30:15+09:00, 10:02 AM EDT (the clock time as written; the offset or zone
# is dropped)
_TIME = (r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?"
         r"\s*(?:Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT|[A-Z]{2,4}T)?)?")
_ERA_NAME = r"(明治|大正|昭和|平成|令和|[MTSHRmtshr])"
_ERA_YEAR = r"\s*(\d{1,2}|元)\s*"
_YMD = re.compile(rf"^(\d{{4}})[-/.年](\d{{1,2}})[-/.月](\d{{1,2}})日?{_WEEKDAY}{_TIME}$")
_ERA_YMD = re.compile(rf"^{_ERA_NAME}{_ERA_YEAR}[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?{_WEEKDAY}{_TIME}$")
WEEKDAYS_JA = "月火水木金土日"
# year last; its weekday, when written, is kept: it tells day first from month first (see _weekday_order)
_DMY = re.compile(rf"^(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}})(?:\s*\(([{WEEKDAYS_JA}])(?:曜日?)?\))?{_TIME}$")
# a two-digit year: 26/10/01 (Japanese receipts: year first), 01/10/26 (day first), 10/01/26 (month first)
_SHORT_YEAR = re.compile(rf"^(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_WEEKDAY}{_TIME}$")
# no year at all: 10/1, 10/1(木), 10月1日(木) — the year is taken from the file or asked (see `YearOf`)
_MD_JA = re.compile(rf"^(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日(?:\s*\(([{WEEKDAYS_JA}])(?:曜日?)?\))?{_TIME}$")
_MD = re.compile(rf"^(\d{{1,2}})/(\d{{1,2}})(?:\s*\(([{WEEKDAYS_JA}])(?:曜日?)?\))?{_TIME}$")
# English month names: 01-Oct-2026, 1 October 2026, Thu, Oct 1, 2026, 2026-Oct-01 (never ambiguous)
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MON = rf"({'|'.join(MONTH_NAMES)})[a-z]*\.?"
_WEEKDAY_NAME = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_D_MON_Y = re.compile(rf"^{_WEEKDAY_NAME}(\d{{1,2}})(?:st|nd|rd|th)?[-/ .]*{_MON}[-/ .,]*(\d{{4}}|\d{{2}}){_TIME}$",
                      re.I)
_MON_D_Y = re.compile(rf"^{_WEEKDAY_NAME}{_MON}[-/ .]*(\d{{1,2}})(?:st|nd|rd|th)?[-/ .,]+(\d{{4}}){_TIME}$", re.I)
_Y_MON_D = re.compile(rf"^(\d{{4}})[-/ .]*{_MON}[-/ .]*(\d{{1,2}}){_TIME}$", re.I)
# Japanese eras: the year 1 of each and the day it began (a date before it is not a date of that era;
# one after its end, such as H31.5.1 from a system never updated, still counts on from year 1)
ERAS = {"明治": ("1868", "1868-01-25"), "大正": ("1912", "1912-07-30"), "昭和": ("1926", "1926-12-25"),
        "平成": ("1989", "1989-01-08"), "令和": ("2019", "2019-05-01")}
_ERA_LETTERS = {"m": "明治", "t": "大正", "s": "昭和", "h": "平成", "r": "令和"}


class DateOrderUnclear(ValueError):
    """A column's dates such as 10/01/2026 read as dates both day-first and
    month-first, and no cell shows which (or cells show both): only the user
    can say. `examples` are a few of the column's cells that read differently."""

    def __init__(self, examples: list[str], mixed: bool, short: bool = False, yearless: bool = False):
        super().__init__(", ".join(examples))
        self.examples = examples
        self.mixed = mixed
        self.short = short  # a two-digit year that may stand first or last (26/10/01)
        self.yearless = yearless  # dates without a year (10/1): a Japanese sheet reads them month first


class WeekdayMismatch(ValueError):
    """A date whose weekday (10/1(木), 2026/10/02(木), Thu, Oct 2, 2026) is
    not the weekday of the day read: the year taken for it (`dated` False),
    the date, or the order its day and month were read in (`other_order`:
    'dmy' or 'mdy' where every weekday of the column fits that reading) is
    wrong, and none is guessed at. `cell` is the text as written, `weekday`
    the one written (月 … 日), `date` the day read."""

    def __init__(self, cell: str, weekday: str, date: pd.Timestamp, dated: bool = False,
                 other_order: str | None = None):
        super().__init__(cell)
        self.cell = cell
        self.weekday = weekday
        self.date = date
        self.dated = dated
        self.other_order = other_order


class DateYearUnknown(ValueError):
    """A column's dates have no year (10/1(木), 10月1日) and nothing around
    them tells it: only the user can say. `examples`: a few of its cells."""

    def __init__(self, examples: list[str], dated: pd.Series | None = None):
        super().__init__(", ".join(examples))
        self.examples = examples
        self.dated = dated if dated is not None else pd.Series(dtype="datetime64[ns]")  # the cells with a year


@dataclass(frozen=True)
class YearOf:
    """The year of dates written without one: `year`, or, for a period that
    crosses a new year (2026年12月～2027年1月), `year` from `start_month` on
    and the next year before it."""

    year: int
    start_month: int | None = None

    def of(self, month: pd.Series) -> pd.Series:
        month = month.astype(int)
        if self.start_month is None:
            return pd.Series(self.year, index=month.index)
        return pd.Series(np.where(month >= self.start_month, self.year, self.year + 1), index=month.index)


def clean_date(series: pd.Series, order: str | None = None, year: YearOf | None = None,
               month_first: bool = False) -> tuple[pd.Series, pd.Series]:
    """Dates from Excel date cells, serial numbers, yyyymmdd numbers and text
    (2026/10/01, 2026-10-01T09:30+09:00, 2026年10月1日(木), 令和8年10月1日,
    R8.10.3, H31.4.30, 20261001, 01-10-2026, 01-Oct-2026, Oct 1, 2026).

    Dates with the year last are day-first or month-first as `order` says
    ('dmy' or 'mdy'); without it the whole column decides: a first part above
    12 makes it day-first, a second part above 12 month-first. A column that
    shows neither (10/01/2026 ... 10/12/2026) or both raises DateOrderUnclear.

    Dates without a year (10/1(木), 10月1日) take `year`; without it they
    raise DateYearUnknown. 10/1 is month first where a Japanese weekday is
    written beside it (the Japanese way), else as `order` or the column says,
    else month first where `month_first` (a sheet written in Japanese), else
    DateOrderUnclear(yearless=True). A weekday written beside a date without
    a year that is not that day's in the year taken raises WeekdayMismatch."""
    if pd.api.types.is_datetime64_any_dtype(series):
        values = series.dt.tz_localize(None) if getattr(series.dt, "tz", None) is not None else series
        return values.astype("datetime64[ns]"), pd.Series(False, index=series.index)
    if pd.api.types.is_numeric_dtype(series):
        return _from_numbers(series.astype(float))
    return _spread(series, lambda text: _dates_from_text(text, order, year, month_first))


def _spread(series: pd.Series, parse):
    """parse() the distinct texts of a column and spread the results over its cells.
    Exact: the text rules are per cell, and the per-column day-first choice
    depends only on which values occur, not on how often. An empty cell goes
    through parse() too (first), so it comes out as parse() makes empty cells."""
    text = _text(series)
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    distinct = pd.Series([None] + uniques.tolist(), dtype=object)
    values, bad = parse(distinct)
    out = pd.Series(values.to_numpy()[codes + 1], index=series.index, dtype=values.dtype)
    return out, pd.Series(bad.to_numpy(dtype=bool)[codes + 1], index=series.index)


# A clock time in words: 14時05分(30秒), 14時, 午後2:05(:33), 午前9時5分, 2:05 p.m. (after NFKC)
_CLOCK_WORDS = re.compile(r"\s*(午前|午後)?\s*(\d{1,2})\s*(?:(時)(?:\s*(\d{1,2})\s*分(?:\s*(\d{1,2})\s*秒)?)?|"
                          r":(\d{2})(?::(\d{2}))?)\s*(?:([AaPp])\.?\s*[Mm]\.?)?$")


def _clock_time(found: re.Match) -> str:
    """A clock time in words as the pattern `_TIME` reads it (' 14:05:30', ' 2:05:33 PM').
    午前/午後 count the hours 0-12 (午前0時 is midnight, 午後0時 noon, as Japanese
    writes them), so an hour of 0 with them is written on the 24-hour clock."""
    half, hour, kanji = found[1], int(found[2]), found[3]
    if not kanji and not half and not found[8]:
        return found[0]  # a plain 9:30 or 9:30 PM: as written
    minute, second = (found[4], found[5]) if kanji else (found[6], found[7])
    clock = f"{hour}:{int(minute or 0):02d}" + (f":{int(second):02d}" if second else "")
    if half and found[8]:
        return " " + clock + " ?"  # 午後 2:05 PM says it twice: not a time
    if half and hour == 0:
        return f" {12 if half == '午後' else 0}:{clock.split(':', 1)[1]}"
    if half:
        return f" {clock} {'PM' if half == '午後' else 'AM'}"
    return f" {clock} {found[8].upper()}M" if found[8] else " " + clock


def _with_clock_words(text: pd.Series) -> pd.Series:
    """Text cells whose time is written in words, 午前/午後 or a.m./p.m. (any
    of them after the date, with or without a space) rewritten to 9:05 AM."""
    words = text.str.contains(r"[時午]|[AaPp]\.\s*[Mm]", regex=True, na=False)
    if not words.any():
        return text
    text = text.copy()
    text[words] = text[words].str.replace(re.compile(r"(?<=[\d日)])" + _CLOCK_WORDS.pattern), _clock_time, regex=True)
    return text


def _dates_from_text(text: pd.Series, order: str | None = None, year: YearOf | None = None,
                     month_first: bool = False) -> tuple[pd.Series, pd.Series]:
    """Dates from cleaned text cells (NFKC, stripped; None where empty)."""
    present = text.notna()
    written = text  # as the cells hold it, for the messages
    text = _with_clock_words(text)
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for pattern in (_YMD, _ERA_YMD, _DMY, _D_MON_Y, _MON_D_Y, _Y_MON_D, _SHORT_YEAR, _MD_JA, _MD):
        rest = present & out.isna()
        if not rest.any():
            break
        parts = text[rest].str.extract(pattern)
        hit = parts[0].notna()
        if not hit.any():
            continue
        parts = parts[hit]
        if pattern is _YMD:
            out.loc[parts.index] = _assemble(parts[0], parts[1], parts[2], parts.loc[:, 3:6])
        elif pattern is _ERA_YMD:
            era = parts[0].str.lower().replace(_ERA_LETTERS)
            dates = _assemble(_era_year(era, parts[1]), parts[2], parts[3], parts.loc[:, 4:7])
            out.loc[parts.index] = dates.where(dates >= pd.to_datetime(era.map(lambda e: ERAS[e][1])))
        elif pattern is _D_MON_Y:
            out.loc[parts.index] = _assemble(_full_year(parts[2]), _month_number(parts[1]), parts[0],
                                             parts.loc[:, 3:6])
        elif pattern is _MON_D_Y:
            out.loc[parts.index] = _assemble(parts[2], _month_number(parts[0]), parts[1], parts.loc[:, 3:6])
        elif pattern is _Y_MON_D:
            out.loc[parts.index] = _assemble(parts[0], _month_number(parts[1]), parts[2], parts.loc[:, 3:6])
        elif pattern is _SHORT_YEAR:
            out.loc[parts.index] = _short_year_dates(parts, order, text[parts.index])
        elif pattern in (_MD_JA, _MD):
            a, b = parts[0].astype(int), parts[1].astype(int)
            if not (a.between(1, 31) & b.between(1, 31) & (a.le(12) | b.le(12))).any():
                continue  # 0/0, 13/45: no day of any year, so no year to ask for (each cell is not a date)
            if year is None:  # the first few of every form without a year, in the column's order
                cells = text[rest]
                yearless = cells.str.match(_MD_JA.pattern) | cells.str.match(_MD.pattern)
                raise DateYearUnknown(cells[yearless].head(3).tolist(), out.dropna())
            out.loc[parts.index] = _yearless_dates(parts, pattern is _MD, order, year, written[parts.index],
                                                   month_first)
        else:
            first, second = parts[0].astype(int), parts[1].astype(int)
            chosen = order or _column_order(first, second, text[parts.index], _weekday_order(parts))
            day, month = (parts[0], parts[1]) if chosen == "dmy" else (parts[1], parts[0])
            out.loc[parts.index] = _assemble(parts[2], month, day, parts.loc[:, 4:7])
    rest = present & out.isna()
    if rest.any():
        numeric = pd.to_numeric(text[rest], errors="coerce")
        parsed, _ = _from_numbers(numeric)
        out.loc[rest] = parsed
    _check_weekdays(text, out, order)
    bad = present & out.isna()
    return out, bad


# a weekday written in a date's cell: 2026/10/01(木), 10/01/2026 (木曜日), Thu, Oct 1, 2026, Thursday 1 October 2026
_WEEKDAY_JA_IN = re.compile(rf"\(\s*([{WEEKDAYS_JA}])(?:曜日?)?\s*\)")
_WEEKDAY_EN_IN = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s", re.I)
_WEEKDAYS_EN = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _check_weekdays(text: pd.Series, dates: pd.Series, order: str | None) -> None:
    """A weekday written beside a date (in its cell) that is not the day's
    raises WeekdayMismatch naming the first such cell: the dates were read in
    the wrong order, or the file is wrong. Where every weekday of the column
    fits its dates read the other way round (10/01/2026(土) as 10 January),
    that order is named."""
    written = text[dates.notna()].dropna()
    if written.empty:
        return
    ja = written.str.extract(_WEEKDAY_JA_IN, expand=False).map(
        lambda w: WEEKDAYS_JA.find(w) if isinstance(w, str) else np.nan)
    en = written.str.extract(_WEEKDAY_EN_IN, expand=False).map(
        lambda w: _WEEKDAYS_EN.index(w.lower()) if isinstance(w, str) else np.nan)
    check_weekdays(ja.fillna(en).dropna().astype(int), dates, text, order)


_WEEKDAY_CELL = re.compile(rf"^\(?\s*([{WEEKDAYS_JA}])(?:曜日?)?\s*\)?$|^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$", re.I)


def weekdays_written(cells: pd.Series) -> pd.Series:
    """A weekday column's cells (木, 木曜日, (木), Thu, Thursday) as 0 (Monday)
    … 6, NaN where a cell is no weekday."""
    parts = _text(cells).str.extract(_WEEKDAY_CELL)
    ja = parts[0].map(lambda w: WEEKDAYS_JA.find(w) if isinstance(w, str) else np.nan)
    en = parts[1].map(lambda w: _WEEKDAYS_EN.index(w.lower()) if isinstance(w, str) else np.nan)
    return ja.fillna(en)


def check_weekdays(named: pd.Series, dates: pd.Series, cells: pd.Series, order: str | None = None) -> None:
    """Raise WeekdayMismatch for the first date (`dates`, by index) whose
    weekday written (`named`: 0 … 6) is not its day's; `cells`: the dates as
    written, to tell the order that would fit them all."""
    named = named[dates.reindex(named.index).notna()]
    if named.empty:
        return
    read = dates[named.index]
    wrong = read.dt.day_of_week.ne(named)
    if not wrong.any():
        return
    first = wrong[wrong].index[0]
    swapped = _swapped(read)
    other = None
    if swapped.notna().all() and swapped.dt.day_of_week.eq(named).all():
        other = "mdy" if order == "dmy" else "dmy" if order == "mdy" else None
        other = other or _order_fitting(cells[named.index].astype(str), swapped)
    raise WeekdayMismatch(str(cells[first]), WEEKDAYS_JA[int(named[first])], read[first], dated=True,
                          other_order=other)


def _swapped(dates: pd.Series) -> pd.Series:
    """The dates with their day and month the other way round (NaT where that is no date)."""
    return pd.to_datetime(pd.DataFrame({"year": dates.dt.year, "month": dates.dt.day, "day": dates.dt.month}),
                          errors="coerce") + (dates - dates.dt.normalize())


def _order_fitting(cells: pd.Series, swapped: pd.Series) -> str | None:
    """'dmy' or 'mdy': the order that reads year-last cells (10/01/2026) as `swapped`, if they are such."""
    parts = cells.str.extract(r"^(\d{1,2})[-/.](\d{1,2})[-/.]\d{2,4}")
    if parts[0].isna().any():
        return None  # year-first dates (2026/10/01) have one order: the file is wrong, not the reading
    first = parts[0].astype(int)
    return "dmy" if first.eq(swapped.dt.day).all() else "mdy" if first.eq(swapped.dt.month).all() else None


def _yearless_dates(parts: pd.DataFrame, slashed: bool, order: str | None, year: YearOf,
                    cells: pd.Series, month_first: bool = False) -> pd.Series:
    """10月1日 (month, day) or 10/1 (month first beside a Japanese weekday, else
    as `order` or the column says, else month first where `month_first`) in
    the year `year` gives; the weekdays written beside them must be those days'."""
    weekday, time = parts[2], parts.loc[:, 3:6]
    if not slashed:
        month, day = parts[0], parts[1]
    else:
        chosen = order or ("mdy" if weekday.notna().any() else
                           _yearless_order(parts[0].astype(int), parts[1].astype(int), cells, month_first))
        month, day = (parts[1], parts[0]) if chosen == "dmy" else (parts[0], parts[1])
    month = month.astype(int)
    dates = _assemble(year.of(month.where(month.between(1, 12), 1)), month, day, time)
    named = weekday.notna() & dates.notna()
    wrong = named & dates.dt.day_of_week.ne(weekday.map(lambda w: WEEKDAYS_JA.find(w) if isinstance(w, str) else -1))
    if wrong.any():  # the year taken, or the date, is wrong: never a day other than the one written
        first = wrong[wrong].index[0]
        raise WeekdayMismatch(str(cells[first]), weekday[first], dates[first])
    return dates


def _yearless_order(first: pd.Series, second: pd.Series, cells: pd.Series, month_first: bool) -> str:
    """'dmy' or 'mdy' for a column of 10/1: a part above 12 decides, else the
    sheet's language (Japan writes 月/日), else DateOrderUnclear(yearless=True)."""
    try:
        return _column_order(first, second, cells)
    except DateOrderUnclear as exc:
        if month_first and not exc.mixed:
            return "mdy"
        raise DateOrderUnclear(exc.examples, exc.mixed, yearless=True) from None


def _short_year_dates(parts: pd.DataFrame, order: str | None, cells: pd.Series) -> pd.Series:
    """Dates such as 26/10/01 read the one way the whole column allows: year
    first (yy/mm/dd), day first or month first, whichever gives the most cells
    a date; of several, those whose dates lie within a year (a month's export
    does not span 26 years, as 26/10/01 … 26/10/31 read day first would).
    Day first against month first is then decided as for four-digit years;
    year first against another (a column of 26/10/01 alone) only the user can
    say: DateOrderUnclear(short=True)."""
    a, b, c, time = parts[0], parts[1], parts[2], parts.loc[:, 3:6]
    readings = {"ymd": _assemble(_full_year(a), b, c, time), "dmy": _assemble(_full_year(c), b, a, time),
                "mdy": _assemble(_full_year(c), a, b, time)}
    most = max(int(v.notna().sum()) for v in readings.values())
    if not most:
        return readings["ymd"]  # no cell is a date either way: each is rejected as it is
    best = {k: v for k, v in readings.items() if int(v.notna().sum()) == most}
    near = {k: v for k, v in best.items() if (v.max() - v.min()).days <= 366} or best
    distinct = {}
    for key, values in near.items():  # readings giving the same dates (05/10/05 read dmy or ymd) are one
        if not any(values.equals(other) for other in distinct.values()):
            distinct[key] = values
    if len(distinct) == 1:
        return next(iter(distinct.values()))
    if "ymd" not in distinct:  # day or month first, as a four-digit year's column is decided
        return readings[order or _column_order(a.astype(int), b.astype(int), cells)]
    differ = ~readings["ymd"].eq(next(v for k, v in distinct.items() if k != "ymd"))
    raise DateOrderUnclear(cells[differ].head(3).tolist(), mixed=False, short=True)


def _weekday_order(parts: pd.DataFrame) -> str | None:
    """'dmy' or 'mdy' where the weekdays written beside year-last dates
    (10/01/2026(木)) fit only one reading — 1 October 2026 is a Thursday,
    10 January a Saturday — else None."""
    named = parts[parts[3].notna()]
    if named.empty:
        return None
    weekday = named[3].map(WEEKDAYS_JA.index)
    fitting = []
    for key, (day, month) in (("dmy", (named[0], named[1])), ("mdy", (named[1], named[0]))):
        dates = pd.to_datetime(pd.DataFrame({"year": named[2].astype(int), "month": month.astype(int),
                                             "day": day.astype(int)}), errors="coerce")
        if dates.dt.day_of_week.eq(weekday).all():
            fitting.append(key)
    return fitting[0] if len(fitting) == 1 else None


def _column_order(first: pd.Series, second: pd.Series, cells: pd.Series, weekdays: str | None = None) -> str:
    """'dmy' or 'mdy' from a column's year-last dates (a part above 12, else
    the weekdays written beside them), or DateOrderUnclear."""
    possible = first.between(1, 31) & second.between(1, 31) & (first.le(12) | second.le(12))
    first, second, cells = first[possible], second[possible], cells[possible]
    day_first, month_first = first.gt(12), second.gt(12)
    if day_first.any() != month_first.any():
        return "dmy" if day_first.any() else "mdy"
    if day_first.any():  # both: the column is written both ways
        raise DateOrderUnclear([cells[day_first].iloc[0], cells[month_first].iloc[0]], mixed=True)
    differ = first.ne(second)
    if not differ.any():
        return "dmy"  # every date reads the same either way (01/01/2026)
    if weekdays is not None:
        return weekdays
    raise DateOrderUnclear(cells[differ].head(3).tolist(), mixed=False)


def _month_number(name: pd.Series) -> pd.Series:
    return name.str.lower().map({m: n for n, m in enumerate(MONTH_NAMES, start=1)})


def _full_year(year: pd.Series) -> pd.Series:
    """A two-digit year as Excel reads it (00-29: 2000s, 30-99: 1900s)."""
    year = year.astype(int)
    return year.where(year >= 100, year + np.where(year < 30, 2000, 1900))


def _era_year(era: pd.Series, year: pd.Series) -> pd.Series:
    """The Western year of an era year (元年 is year 1)."""
    first = era.map(lambda e: int(ERAS[e][0]))
    return first + year.replace("元", "1").astype(int) - 1


def _assemble(year: pd.Series, month: pd.Series, day: pd.Series, time: pd.DataFrame) -> pd.Series:
    """Timestamps from text parts; `time` holds hour, minute, second and AM/PM (each may be missing)."""
    hour, minute, second, half = (time.iloc[:, i] for i in range(4))
    hour = pd.to_numeric(hour, errors="coerce").fillna(0).astype(int)
    minute = pd.to_numeric(minute, errors="coerce").fillna(0).astype(int)
    second = pd.to_numeric(second, errors="coerce").fillna(0).astype(int)
    half = half.str.lower()
    twelve = half.notna()
    # 0:30 PM or 13:00 AM is no time; 25:00 is 1:00 the next day (shops open past midnight write it so),
    # up to 29:59 as Japanese schedules do
    wrong = (twelve & ~hour.between(1, 12)) | hour.gt(29) | minute.gt(59) | second.gt(59)
    hour = hour.where(~twelve, hour % 12 + half.eq("pm").astype(int) * 12)
    frame = pd.DataFrame({"year": pd.Series(year).astype(int), "month": month.astype(int), "day": day.astype(int),
                          "hour": hour, "minute": minute, "second": second})
    return pd.to_datetime(frame, errors="coerce").mask(wrong)


def _from_numbers(numbers: pd.Series) -> tuple[pd.Series, pd.Series]:
    out = pd.Series(pd.NaT, index=numbers.index, dtype="datetime64[ns]")
    ymd = numbers.where((numbers >= _YYYYMMDD_MIN) & (numbers <= _YYYYMMDD_MAX) & (numbers % 1 == 0))
    serial = numbers.where((numbers >= _SERIAL_MIN) & (numbers <= _SERIAL_MAX) & ymd.isna())
    if serial.notna().any():
        out[serial.notna()] = EXCEL_EPOCH + pd.to_timedelta(serial[serial.notna()].round(6), unit="D")
    if ymd.notna().any():
        out[ymd.notna()] = pd.to_datetime(ymd[ymd.notna()].astype("int64").astype(str), format="%Y%m%d",
                                          errors="coerce")
    bad = numbers.notna() & out.isna()
    return out.dt.round("s"), bad


# ---------------------------------------------------------------- months
_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_YM6 = re.compile(r"^(\d{4})(\d{2})$")
_MY = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{4})$")  # 10/2026
_ERA_YM = re.compile(rf"^{_ERA_NAME}{_ERA_YEAR}[-/.年]\s*(\d{{1,2}})\s*月?$")
_MON_Y = re.compile(rf"^{_MON}[-/ .,]*(\d{{4}})$", re.I)  # Oct 2026, October-2026
_Y_MON = re.compile(rf"^(\d{{4}})[-/ .]*{_MON}$", re.I)  # 2026-Oct


def clean_month(series: pd.Series, order: str | None = None) -> tuple[pd.Series, pd.Series]:
    """Months as 'YYYY-MM' text from 2026-04, 2026/04, 2026年4月, 202604,
    04/2026, 令和8年4月, R8.4, Apr 2026, 2026-Apr or any date in the month
    (`order` as for clean_date)."""
    if pd.api.types.is_datetime64_any_dtype(series) or pd.api.types.is_numeric_dtype(series) and \
            series.dropna().gt(300000).all():
        dates, bad = clean_date(series)
        return _month_text(dates), bad
    return _spread(series, lambda text: _months_from_text(text, order))


def _months_from_text(text: pd.Series, order: str | None = None) -> tuple[pd.Series, pd.Series]:
    out = pd.Series(None, index=text.index, dtype=object)
    present = text.notna()
    for pattern in (_YM, _YM6, _MY, _ERA_YM, _MON_Y, _Y_MON):
        rest = present & out.isna()
        if not rest.any():
            break
        found = text[rest].str.extract(pattern).dropna()
        if found.empty:
            continue
        if pattern is _ERA_YM:
            era = found[0].str.lower().replace(_ERA_LETTERS)
            year, month = _era_year(era, found[1]), found[2].astype(int)
            since = pd.to_datetime(era.map(lambda e: ERAS[e][1])).dt.to_period("M")
            ok = month.between(1, 12) & (year * 12 + month >= since.dt.year * 12 + since.dt.month)
        else:
            year, month = (found[1], found[0]) if pattern in (_MY, _MON_Y) else (found[0], found[1])
            if pattern in (_MON_Y, _Y_MON):
                month = _month_number(month)
            year, month = year.astype(int), month.astype(int)
            ok = month.between(1, 12)
        idx = ok[ok].index
        out.loc[idx] = [f"{y:04d}-{m:02d}" for y, m in zip(year[idx], month[idx])]
    rest = present & out.isna()
    if rest.any():
        dates, _ = _dates_from_text(text[rest], order)
        out.loc[rest] = _month_text(dates)
    bad = present & out.isna()
    return out, bad


def _month_text(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime("%Y-%m").where(dates.notna(), None).astype(object)
