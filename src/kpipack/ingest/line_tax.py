"""Lines that say their own tax: a tax-type column (税区分: 内税 / 外税 /
非課税) beside a tax-rate column (税率: 8%, 10%).

A till that keeps both writes each line's amount as the item's price was
set, with the tax in it (内税, tax included) or not (外税, tax excluded).
The contract's net sales exclude tax, so a tax-included line's sale is its
amount less the tax in it, amount ÷ (1 + rate); tax-excluded and untaxed
lines are read as written. A tax-included line whose rate is not given is
rejected, naming its row and the rate column — never counted with its tax
in. The sale is a column of its own that the pack names ("金額 less the tax
of 内税 lines at 税率") and a note says how many lines had their tax taken
off; the sheet's sales are then tax-excluded. A sheet whose amount header
says it is tax-excluded (税抜) is read as written.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .headers import normalise

if TYPE_CHECKING:
    import pandas as pd

    from .headers import SheetMapping

KIND_HEADERS = frozenset({"税区分", "課税区分", "税種別", "税種類", "消費税区分", "税タイプ", "内外区分", "内税外税区分",
                          "taxtype", "taxcategory", "taxclass", "taxmode"})
RATE_HEADERS = frozenset({"税率", "消費税率", "適用税率", "taxrate", "vatrate", "gstrate", "taxratepercent", "taxrate%"})
INCLUDED = frozenset({"内税", "税込", "税込み", "内", "込", "included", "inclusive", "taxincluded", "taxinclusive",
                      "incl", "incl.", "inclusivetax"})
EXCLUDED = frozenset({"外税", "税抜", "税抜き", "税別", "外", "別", "excluded", "exclusive", "taxexcluded",
                      "taxexclusive", "excl", "excl.", "exclusivetax"})
EXEMPT = frozenset({"非課税", "不課税", "対象外", "課税対象外", "免税", "exempt", "taxexempt", "nontaxable",
                    "non-taxable", "notax"})
# a type written with its rate (内税10%, 外税8%): the words before the rate
_WITH_RATE = re.compile(r"^(\D+?)\s*[(（]?\s*(?:軽減|標準)?\s*(\d+(?:\.\d+)?)\s*%?\s*[)）]?$")
_RATE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|％)?")
CODE = "derived_line_tax_off"


@dataclass
class LineTax:
    """What `take_off` did: lines whose tax was taken off, and the rows rejected."""

    amount: str = ""  # the amount column's header
    kind: str = ""  # the tax-type column's header
    rate: str = ""  # the tax-rate column's header
    taken: int = 0
    rejected: dict[int, tuple[str, dict]] = field(default_factory=dict)  # sheet row -> (reason, params)


def columns(sheet_map: SheetMapping) -> tuple[int, int | None] | None:
    """(tax-type column, tax-rate column or None) of a sales sheet read by its
    headers, whose amount's header does not say it is tax-excluded; None
    where it has no tax-type column."""
    from .tax_basis import header_basis  # noqa: PLC0415

    amount = next((c for c, f in sheet_map.columns.items() if f == "net_sales"), None)
    if sheet_map.role != "sales" or sheet_map.profile or amount is None or \
            header_basis(sheet_map.headers[amount]) == "excluded":
        return None
    free = [c for c in range(len(sheet_map.headers)) if c not in sheet_map.columns]
    kind = next((c for c in free if normalise(sheet_map.headers[c]) in KIND_HEADERS), None)
    rate = next((c for c in free if normalise(sheet_map.headers[c]) in RATE_HEADERS), None)
    return None if kind is None else (kind, rate)


def kind_of(value: object) -> tuple[str | None, float | None]:
    """('included' / 'excluded' / 'exempt' or None where the text is no tax
    type, the rate the text itself gives or None)."""
    text = unicodedata.normalize("NFKC", str(value)).strip().casefold().replace(" ", "")
    rate = None
    if (with_rate := _WITH_RATE.match(text)) is not None and with_rate.group(1) not in EXEMPT:
        text, rate = with_rate.group(1), float(with_rate.group(2)) / 100.0
    for name, words in (("included", INCLUDED), ("excluded", EXCLUDED), ("exempt", EXEMPT)):
        if text in words:
            return name, rate
    return None, None


def applies(kinds) -> bool:
    """Whether a tax-type column's values (their `kind_of` kinds) are all tax
    types and one at least is tax-included: the rule is read, else not."""
    kinds = list(kinds)
    return bool(kinds) and None not in kinds and "included" in kinds


def rate_of(value: object) -> float | None:
    """A rate as written: 10%, 10, 0.1, 軽減8% (None where no number)."""
    if value is None or value != value:
        return None
    found = _RATE.search(unicodedata.normalize("NFKC", str(value)))
    if found is None:
        return None
    number = float(found.group(1))
    return number / 100.0 if found.group(2) or number >= 1 else number


def take_off(raw: pd.DataFrame, sheet_map: SheetMapping, cols: tuple[int, int | None],
             semicolons: bool = False) -> tuple[pd.DataFrame, LineTax]:
    """`raw` with each tax-included line's sale its amount less the tax in it,
    in a column added to `sheet_map` and read as net sales (see the module's
    docstring); `raw` as it is where the tax-type column holds anything but
    tax types, or no line is tax-included."""
    import pandas as pd  # noqa: PLC0415

    from . import clean  # noqa: PLC0415

    kind_col, rate_col = cols
    amount = next(c for c, f in sheet_map.columns.items() if f == "net_sales")
    if kind_col not in raw.columns or amount not in raw.columns:
        return raw, LineTax()
    filled = ~clean.is_blank(raw[kind_col])
    read = raw.loc[filled, kind_col].map(kind_of)
    kinds = read.map(lambda k: k[0])
    if not applies(kinds.tolist()):
        return raw, LineTax()  # not a column of tax types, or nothing to take off
    rates = read.map(lambda k: k[1])
    if rate_col is not None and rate_col in raw.columns:
        rates = rates.where(rates.notna(), raw.loc[filled, rate_col].map(rate_of))
    comma = clean.decimal_marks([raw[amount]]) == "comma" or semicolons
    values, bad = clean.clean_number(raw[amount], comma_default=comma)
    included = pd.Series(False, index=raw.index)
    included[kinds.index] = kinds.eq("included").to_numpy()
    rate = pd.Series(float("nan"), index=raw.index)
    rate[rates.index] = rates.astype(float).to_numpy()
    known = included & rate.notna() & values.notna() & ~bad
    out = raw[amount].astype(object).where(~known, values / (1.0 + rate))
    kind_header = sheet_map.headers[kind_col]
    rate_header = sheet_map.headers[rate_col] if rate_col is not None else ""
    missing = included & rate.isna() & values.notna() & ~bad
    code = "row_tax_rate_missing" if rate_col is not None else "row_tax_rate_no_column"
    rejected = {int(row): (code, {"column": kind_header, "rate": rate_header})
                for row in missing[missing].index}
    raw = raw.copy()
    added = max(len(sheet_map.headers), max(raw.columns, default=0) + 1)
    raw[added] = out
    from .total_parts import sale_from  # noqa: PLC0415

    amount_header = sheet_map.headers[amount]
    sale_from(sheet_map, amount, added, CODE, {"amount": amount_header, "kind": kind_header,
                                               "rate": rate_header or kind_header})
    return raw, LineTax(amount_header, kind_header, rate_header, int(known.sum()), rejected)


def takes_line_tax_off(mapping: SheetMapping) -> bool:
    """Whether the sheet's sale is its amount less the tax of its tax-included lines."""
    col = next((c for c, f in mapping.columns.items() if f == "net_sales"), None)
    return col is not None and mapping.derived.get(col, ("", {}))[0] == CODE
