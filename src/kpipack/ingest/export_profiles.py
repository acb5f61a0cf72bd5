"""Known export layouts of POS and shop systems, read by rules kept as data.

Each file in `resources/export_profiles/` describes one export (Square's
transactions CSV, an Airレジ journal, a Shopify orders export ...): the
headers that identify it, which column is which field, and the rules that
make its rows right — status values that are not sales, rows that are
returns, receipt fields written only on a receipt's first line, receipt
totals repeated on every line, a code and a name in one cell, id prefixes,
how the sale amount is worked out. A new layout is a new file, not new code
(in the spirit of hledger's CSV rules files and beancount's importers).

`claim` finds the profile whose headers a sheet carries; a sheet two profiles
claim is an error to show, never a guess. `Profile.prepare` applies the
rules to the loaded columns and names the rows that are not sales, which
the table builder then rejects with that reason.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import KpipackError
from .headers import CODE_FIELDS, ROLE_FIELDS, SheetMapping, normalise

if TYPE_CHECKING:
    import pandas as pd

_FILE_DATE = re.compile(r"(20\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_OFFSET = re.compile(r"\s*(?:[+-]\d{2}:?\d{2}|Z|UTC|GMT)$")
_TAX_MARK = re.compile(r"(税抜|税込|税別)[\s)）\]】]*$")


def _key(header: object) -> str:
    """A header as a profile names it: normalised, but keeping a trailing
    税抜 / 税込 (which the general normalisation drops as a unit), so that
    `売価(税抜)` and `売価(税込)` stay two columns."""
    text = normalise(header)
    mark = _TAX_MARK.search(unicodedata.normalize("NFKC", str(header or "")))
    return f"{text}|{mark.group(1)}" if mark and text else text


@dataclass(frozen=True)
class StatusRule:
    """Rows whose `column` holds one of `values` (or, with `any_value`,
    anything at all; with `sales_only`, anything that does not contain one of
    those words; with `contains`, anything that does; with `negative`, a
    number below zero) are not sales, or are returns."""

    column: str
    values: tuple[str, ...] = ()
    any_value: bool = False
    sales_only: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()  # words a longer cell holds ("2026/10/03 12:05 会計取り消し")
    negative: bool = False  # a number below zero (WooCommerce's refund rows: Net sales −12.50)
    # only where another column holds what this rule says too (PayPal: a payment Type whose
    # Balance Impact is Debit is a payment the shop sent, not one it received)
    when: StatusRule | None = None


@dataclass(frozen=True)
class Profile:
    id: str
    system: str
    name: dict[str, str]  # "en"/"ja": what the export is, e.g. "a Square transactions export"
    role: str
    headers: tuple[str, ...]  # normalised headers that must all be present
    absent: tuple[str, ...] = ()  # normalised headers that must not be present
    any_of: tuple[tuple[str, ...], ...] = ()  # groups of headers: one of each group must be present
    columns: dict[str, str] = field(default_factory=dict)  # normalised header -> field
    # the same export's headers in another language (a dashboard set to Japanese):
    # normalised localised header -> the normalised header the rules name
    aliases: dict[str, str] = field(default_factory=dict)
    tax: str = "excluded"  # excluded | included | as_exported: what net_sales holds
    tax_note: dict[str, str] = field(default_factory=dict)
    status: tuple[StatusRule, ...] = ()
    cancels: str | None = None  # column in which a row that is not a sale names the receipt it voids
    returns: StatusRule | None = None  # rows that are returns: amounts made negative
    receipt_per_row: bool = False  # one transaction per row: rows without an id are a receipt each
    carry_down: tuple[str, ...] = ()  # receipt fields written only on a receipt's first line
    amount: dict = field(default_factory=dict)  # times / divide / minus / plus headers, spread, tax_within, order_tax
    receipt_total: dict = field(default_factory=dict)  # column / minus / allocate_by
    refund: dict = field(default_factory=dict)  # column (a receipt's amount refunded, or its total less `left`), share / of
    split: dict = field(default_factory=dict)  # column, sep, fields
    strip: dict[str, str] = field(default_factory=dict)  # normalised header -> prefix to drop
    fill: dict[str, str] = field(default_factory=dict)  # normalised header -> value of its blank cells
    date_formats: tuple[str, ...] = ()
    date_from_file_name: bool = False  # an export without dates: the file's name carries it
    note: dict[str, str] = field(default_factory=dict)  # "en"/"ja": what else the pack must say about it
    source: str = ""
    currencies: tuple[str, ...] = ()  # the only currencies the system sells in, where its amounts show none

    def label(self, lang: str) -> str:
        return self.name.get(lang) or self.name["en"]

    def canonical(self, header: object) -> str:
        """A header as this profile's rules name it: a localised header
        (`純売上高` in a Japanese Square export) becomes the one it stands for."""
        key = _key(header)
        return self.aliases.get(key, key)

    def matches(self, normalised: set[str]) -> bool:
        normalised = {self.aliases.get(h, h) for h in normalised}
        return (set(self.headers) <= normalised and not (set(self.absent) & normalised)
                and all(set(group) & normalised for group in self.any_of))

    # ------------------------------------------------------------ mapping
    def mapping(self, headers: list[str]) -> tuple[SheetMapping, dict[str, int]]:
        """The sheet's mapping (fields on real columns and on the columns the
        rules add after them), and where each header this profile reads sits."""
        where: dict[str, int] = {}
        for col, header in enumerate(headers):
            where.setdefault(self.canonical(header), col)
        columns: dict[int, str] = {}
        for header, fld in self.columns.items():
            if header in where and fld not in columns.values():
                columns[where[header]] = fld
        shown = list(headers)
        derived: dict[int, tuple[str, dict]] = {}

        def add(fld: str, code: str, **params) -> None:
            from ..messages import text  # noqa: PLC0415

            for col, f in list(columns.items()):
                if f == fld:
                    del columns[col]
            columns[len(shown)] = fld
            derived[len(shown)] = (code, params)
            shown.append(text(code, "en", **params))

        def own(header: str) -> str:
            return written(header, headers, where)

        if self.amount or self.receipt_total:
            code, params = self._amount_label(own)
            add("net_sales", code, **params)
        if self.split and _key(self.split["column"]) in where:
            for fld in self.split["fields"]:
                add(fld, "derived_part", column=own(self.split["column"]), part=fld)
        if self.receipt_per_row and "receipt" not in columns.values():
            add("receipt", "derived_row_receipt")
        if self.date_from_file_name and "date" not in columns.values():
            add("date", "derived_file_date")
        return SheetMapping(self.role, columns, shown, profile=self.id, derived=derived), where

    def _amount_label(self, own) -> tuple[str, ...]:
        """The worked-out sale's message code and its formula of the export's
        own headers (`own`: a header the rules name as the sheet writes it)."""
        if self.receipt_total:
            t = self.receipt_total
            total = " / ".join(map(own, _listed(t["column"]))) + "".join(f" − {own(m)}" for m in t.get("minus", []))
            share = " × ".join(map(own, _listed(t.get("allocate_by", []))))
            return ("derived_receipt_share", {"total": total, "by": share}) if share else \
                ("derived_receipt_once", {"total": total})
        times = " × ".join(map(own, self.amount.get("times", [])))
        parts = times
        parts += "".join(f" ÷ {own(d)}" for d in self.amount.get("divide", []))
        parts += "".join(f" − {own(m)}" for m in self.amount.get("minus", []))
        parts += "".join(f" + {own(p)}" for p in self.amount.get("plus", []))
        if self.amount.get("spread"):
            parts += f" − {own(self.amount['spread'])} ∝"
        if self.amount.get("tax_within"):
            t = self.amount["tax_within"]
            parts += f" − ({own(t['tax'])} − ({own(t['total'])} − {times}))"
        if self.amount.get("tax_inside"):
            t = self.amount["tax_inside"]
            unless = t.get("unless")
            parts += f" − {own(t['tax'])}" + (f" ({own(unless['column'])} ≠ {', '.join(unless['values'])})"
                                               if unless else "")
        if self.amount.get("order_tax"):
            t = self.amount["order_tax"]
            beside = "".join(f" − {own(b)}" for b in t.get("beside", []))
            parts += f" − ({own(t['tax'])} − ({own(t['total'])} − {own(t['goods'])}{beside})) ∝"
        return ("derived_formula", {"formula": parts})

    def tax_basis(self, headers: list[str] | None = None) -> str:
        """What the net sales of a sheet with these headers hold: 'excluded',
        'included' or 'unknown' (as exported). A rule that takes the tax out
        needs its columns: without them the amounts stay as exported."""
        basis = self.tax if self.tax in ("excluded", "included") else "unknown"
        if headers is None:
            return basis
        given = {self.canonical(h) for h in headers}
        within = self.amount.get("tax_within")
        if within and not {_key(h) for h in within.values()} <= given:
            return "unknown"
        order_tax = self.amount.get("order_tax")
        if order_tax and not {_key(order_tax[k]) for k in ("tax", "total", "goods")} <= given:
            return "unknown"
        if not self._tax_inside_headers() <= given:
            return "unknown"
        return basis

    def _tax_inside_headers(self) -> set[str]:
        spec = self.amount.get("tax_inside")
        if not spec:
            return set()
        return {_key(spec["tax"])} | ({_key(spec["unless"]["column"])} if spec.get("unless") else set())

    def needed(self) -> set[str]:
        """Normalised headers the rules read beside the mapped ones."""
        out = set(self.columns)
        out |= {_key(r.column) for r in self.status} | {_key(r.when.column) for r in self.status if r.when}
        if self.returns:
            out.add(_key(self.returns.column))
        if self.cancels:
            out.add(_key(self.cancels))
        out |= {_key(h) for h in self.carry_down} | set(self.fill)
        for key in ("times", "divide", "minus", "plus"):
            out |= {_key(h) for h in self.amount.get(key, [])}
        for key in ("spread", "spread_to"):
            if self.amount.get(key):
                out.add(_key(self.amount[key]))
        if self.amount.get("tax_within"):
            out |= {_key(h) for h in self.amount["tax_within"].values()}
        out |= self._tax_inside_headers()
        if self.amount.get("order_tax"):
            spec = self.amount["order_tax"]
            out |= {_key(spec[k]) for k in ("tax", "total", "goods")}
            out |= {_key(h) for h in spec.get("beside", []) + spec.get("rate_names", [])}
        if self.receipt_total:
            t = self.receipt_total
            out |= {_key(h) for h in _listed(t["column"]) + _listed(t.get("minus", []))
                    + _listed(t.get("allocate_by", []))}
        if self.split:
            out.add(_key(self.split["column"]))
        if self.refund:
            out |= {_key(h) for h in [self.refund["column"], *self.refund.get("share", []), *self.refund.get("of", []),
                                      *_listed(self.refund.get("left", []))]}
        return out

    # ------------------------------------------------------------ rules
    def prepare(self, raw: pd.DataFrame, mapping: SheetMapping, where: dict[str, int], file: str = "",
                date_order: str | None = None) -> tuple[pd.DataFrame, dict[int, tuple[str, dict]], set[str],
                                                         pd.DataFrame | None]:
        """The loaded columns with the rules applied, the sheet rows that are
        not sales: {row: (message code, params)}, the receipts that
        cancelling rows void (a piece of a cut sheet passes them on: `join`
        voids them in the other piece too), and the refunds taken off lines
        (receipt and amount by sheet row; None where the profile has no
        refund column). `raw`'s index is the sheet row number of each line;
        its columns are absolute indexes."""
        import pandas as pd  # noqa: PLC0415 - frames are made in the reader process only

        from . import clean  # noqa: PLC0415

        raw = raw.copy()

        def col(header: str) -> pd.Series | None:
            index = where.get(_key(header))
            return raw[index] if index is not None and index in raw.columns else None

        def text(series: pd.Series) -> pd.Series:
            out = series.astype(object).where(series.notna(), None)
            return out.map(lambda v: None if v is None or str(v).strip() == "" else str(v).strip())

        def number(series: pd.Series | None) -> pd.Series:
            if series is None:
                return pd.Series(0.0, index=raw.index)
            values, _ = clean.clean_number(series)
            return values.fillna(0.0)

        receipt_col = next((c for c, f in mapping.columns.items() if f == "receipt" and c in raw.columns), None)
        # receipts: strip prefixes, carry the receipt id down a receipt's rows
        for header, prefix in self.strip.items():
            series = col(header)
            if series is not None:
                raw[where[header]] = text(series).map(
                    lambda v, p=prefix: v[len(p):].strip() if isinstance(v, str) and v.startswith(p) else v)
        if receipt_col is not None and self.canonical(mapping.headers[receipt_col]) in {_key(h) for h in self.carry_down}:
            raw[receipt_col] = text(raw[receipt_col]).ffill()
        receipt = text(raw[receipt_col]) if receipt_col is not None else None
        if self.receipt_per_row:
            rows = pd.Series([f"#{r}" for r in raw.index], index=raw.index, dtype=object)
            receipt = rows if receipt is None else receipt.fillna(rows)
            target = receipt_col if receipt_col is not None else \
                next(c for c, f in mapping.columns.items() if f == "receipt")
            raw[target] = receipt
        for header in self.carry_down:
            index = where.get(_key(header))
            if index is None or index not in raw.columns or index == receipt_col:
                continue
            values = text(raw[index])
            raw[index] = values.groupby(receipt, sort=False).ffill() if receipt is not None else values.ffill()

        for header, value in self.fill.items():
            index = where.get(header)
            if index is not None and index in raw.columns:
                raw[index] = text(raw[index]).fillna(value)

        # a receipt is its number within its store: two stores of one file may
        # number their receipts alike (each till from 0001)
        store_col = next((c for c, f in mapping.columns.items() if f == "store" and c in raw.columns), None)
        stores = text(raw[store_col]).fillna("") if store_col is not None else None
        if receipt is not None and stores is not None:
            receipt = (stores + STORE_SEP + receipt.fillna("")).where(receipt.notna())

        # the sale amount
        goods_tax = None  # the tax inside an order's goods where its prices include tax (order_tax)
        if self.receipt_total and receipt is not None:
            t = self.receipt_total
            total = number(next((col(c) for c in _listed(t["column"]) if col(c) is not None), None))
            total = total - sum((number(col(m)) for m in t.get("minus", [])), pd.Series(0.0, index=raw.index))
            firsts = total.groupby(receipt, sort=False).transform("first")
            weights = pd.Series(1.0 if t.get("allocate_by") else 0.0, index=raw.index)
            for header in _listed(t.get("allocate_by", [])):
                weights = weights * number(col(header))
            weight_sum = weights.groupby(receipt, sort=False).transform("sum")
            first_row = ~receipt.duplicated()
            share = (weights / weight_sum.where(weight_sum != 0)).where(weight_sum != 0,
                                                                        first_row.astype(float))
            raw[_target(mapping, "net_sales")] = (firsts * share).round(6)
        elif self.amount:
            amount = pd.Series(1.0, index=raw.index)
            for header in self.amount.get("times", []):  # a header not in the file is an alternative's
                if col(header) is not None:
                    amount = amount * number(col(header))
            for header in self.amount.get("divide", []):  # a tax-included amount times net price / gross price
                if col(header) is None:
                    continue
                divisor = number(col(header))
                amount = (amount / divisor.where(divisor != 0)).where(divisor != 0, amount.where(amount == 0))
            for header in self.amount.get("minus", []):
                amount = amount - number(col(header))
            for header in self.amount.get("plus", []):
                amount = amount + number(col(header))
            blank = pd.Series(True, index=raw.index)
            for header in self.amount.get("times", []):
                series = col(header)
                if series is not None:
                    blank &= clean.is_blank(series)
            if self.amount.get("tax_within"):
                amount = amount - self._tax_within(amount, col, number)
            if self.amount.get("tax_inside"):
                amount = amount - self._tax_inside(col, number, text)
            if self.amount.get("spread") and receipt is not None and col(self.amount["spread"]) is not None:
                # a receipt's own discount (on its first row) less what its lines carry of it already (`minus`)
                on_lines = sum((number(col(m)) for m in self.amount.get("minus", [])), pd.Series(0.0, index=raw.index))
                whole = number(col(self.amount["spread"])).abs().groupby(receipt, sort=False).transform("first")
                rest = (whole - on_lines.groupby(receipt, sort=False).transform("sum")).clip(lower=0.0)
                rest = self._upto(rest, amount.where(~blank, 0.0), receipt, col, number)
                amount = amount - rest * _shares(amount.where(~blank, 0.0), receipt)
            if self.amount.get("order_tax") and receipt is not None:
                goods_tax = self._order_tax_within(col, number, receipt)
                amount = amount - goods_tax * _shares(amount.where(~blank, 0.0), receipt)
            raw[_target(mapping, "net_sales")] = amount.where(~blank)

        if self.split:
            series = col(self.split["column"])
            if series is not None:
                parts = text(series).map(lambda v: _split(v, self.split.get("sep", ":")))
                for k, fld in enumerate(self.split["fields"]):
                    raw[_target(mapping, fld)] = parts.map(lambda p, k=k: p[k])

        target = _target(mapping, "date", missing_ok=True)
        period: tuple[str, str] | None = None  # a file name naming a period of more than one month
        undated = False  # an export without dates whose file's name holds none either
        if self.date_from_file_name and target is not None and target not in raw.columns:
            found = ["-".join(m.groups()) for m in _FILE_DATE.finditer(file)]
            undated = not found
            if len(found) >= 2 and found[0][:7] != found[-1][:7]:
                period = (found[0], found[-1])
            raw[target] = found[0] if found and period is None else None

        if self.date_formats:
            date_col = _target(mapping, "date", missing_ok=True)
            if date_col is not None and date_col in raw.columns:
                raw[date_col] = _dates(text(raw[date_col]), self.date_formats, date_order, _file_span(file))

        # returns: amounts made negative
        returned = None  # the return rows: their receipt and the receipt of the sale each gives back
        if self.returns is not None:
            series = col(self.returns.column)
            if series is not None:
                flip = _is(text(series), self.returns)
                if flip.any() and receipt is not None:
                    returned = self._returned(flip, receipt, stores, col, text)
                for fld in ("net_sales", "qty", "cost", "gross_profit"):
                    target = _target(mapping, fld, missing_ok=True)
                    if target is not None and target in raw.columns and flip.any():
                        values, bad = clean.clean_number(raw[target])
                        raw[target] = raw[target].astype(object).where(
                            ~flip | bad, -values.abs())

        # rows that are not sales
        flagged: dict[int, tuple[str, dict]] = {}
        if period is not None:  # totals over several months cannot be put in one month
            flagged = {int(row): ("row_period_months", {"first": period[0], "last": period[1]}) for row in raw.index}
        elif undated:
            flagged = {int(row): ("row_file_name_undated", {"file": file}) for row in raw.index}
        for rule in self.status:
            series = col(rule.column)
            if series is None:
                continue
            values = text(series)
            hit = _is(values, rule)
            other = col(rule.when.column) if rule.when else None
            if rule.when:
                if other is None:
                    continue
                other = text(other)
                hit &= _is(other, rule.when)
            for row in raw.index[hit.to_numpy()]:
                params = {"column": written(rule.column, mapping.headers, where), "value": str(values[row])[:60]}
                if other is not None:
                    params.update(other=written(rule.when.column, mapping.headers, where),
                                  other_value=str(other[row])[:60])
                flagged.setdefault(int(row), ("row_not_sale_status_when" if other is not None else
                                              "row_not_sale_status", params))
        voided: set[str] = set()
        if self.cancels and receipt is not None and flagged:
            series = col(self.cancels)
            if series is not None:  # a cancelling row names the receipt it voids: that receipt is no sale either
                named = text(series)[raw.index.isin(list(flagged))].dropna()
                if stores is not None:  # the receipt of the cancelling row's own store
                    named = stores[named.index] + STORE_SEP + named
                voided = set(named)
                if voided:
                    hit = receipt.isin(voided)
                    for row in raw.index[hit.to_numpy()]:
                        shown = str(receipt[row]).split(STORE_SEP)[-1]
                        flagged.setdefault(int(row), ("row_cancelled_later", {"receipt": shown[:60]}))
        refunds = None
        if self.refund and receipt is not None and col(self.refund["column"]) is not None:
            kept = ~raw.index.isin(list(flagged))  # a receipt not sold keeps its amounts as sold
            taken = self._take_off_refund(raw, mapping, receipt, col, kept, goods_tax)
            hit = taken != 0
            refunds = pd.DataFrame({"receipt": receipt[hit], "amount": taken[hit]})
        return raw, flagged, voided, refunds, returned

    def _returned(self, flip, receipt, stores, col, text) -> pd.DataFrame:
        """Every row's receipt and, for a return row, the receipt of the sale
        it gives back: the one its `cancels` column names (Airレジ's 元取引No)
        where filled, else its own receipt number (a WooCommerce refund row
        carries its order's number); None for the other rows."""
        sale = receipt.copy()
        named = col(self.cancels) if self.cancels else None
        if named is not None:
            named = text(named)
            if stores is not None:
                named = (stores + STORE_SEP + named.fillna("")).where(named.notna())
            sale = named.fillna(sale)
        import pandas as pd  # noqa: PLC0415 - frames are made in the reader process only

        return pd.DataFrame({"receipt": receipt, "sale": sale.where(flip.to_numpy())})

    def _take_off_refund(self, raw, mapping: SheetMapping, receipt, col, kept, goods_tax=None):
        """A receipt's refunded amount, written once for the receipt, taken off
        its lines in proportion to their amounts. Only the share of it that is
        sales (`share` over `of`: Subtotal of Total, Net Sales of Net Sales +
        Tax) is taken off: the rest refunds tax, shipping or tips. `goods_tax`:
        the tax inside each receipt's `share` (prices that include tax), not sales either.
        Returns what was taken off each line."""
        from . import clean  # noqa: PLC0415

        def first(header: str):
            series = col(header)
            if series is None:
                return None
            values, _ = clean.clean_number(series)
            return values.groupby(receipt, sort=False).transform("first")

        refunded = first(self.refund["column"])
        if self.refund.get("left"):  # the order's total after its refunds, filled only where one was made
            left = first(self.refund["left"])
            refunded = refunded * 0.0 if left is None else (refunded - left).where(left.notna(), 0.0)
        refunded = refunded.abs().fillna(0.0)
        share = [s for s in (first(h) for h in self.refund.get("share", [])) if s is not None]
        whole = [s for s in (first(h) for h in self.refund.get("of", [])) if s is not None]
        if share and whole:
            part, total = sum(share), sum(w.fillna(0.0) for w in whole)
            if goods_tax is not None:
                part = part - goods_tax
            refunded = refunded * (part / total.where(total > 0)).fillna(1.0).clip(upper=1.0)
        target = _target(mapping, "net_sales")
        values, _ = clean.clean_number(raw[target])
        weight = _shares(values.fillna(0.0), receipt)
        taken = (refunded * weight).round(6).where(values.notna() & kept, 0.0)
        raw[target] = (values - taken).round(6).where(values.notna() & kept, raw[target])
        return taken

    def _upto(self, rest, lines, receipt, col, number):
        """At most what brings a receipt's lines down to its own total of goods
        (`spread_to`, on its first row: Shopify's Subtotal): a discount on
        shipping (a free-shipping code) is in the receipt's discount but
        not in its goods. Receipts without that total keep the whole rest."""
        from . import clean  # noqa: PLC0415

        series = col(self.amount.get("spread_to", ""))
        if series is None:
            return rest
        given = (~clean.is_blank(series)).groupby(receipt, sort=False).transform("first")
        goods = number(series).groupby(receipt, sort=False).transform("first")
        gap = (lines.groupby(receipt, sort=False).transform("sum") - goods).clip(lower=0.0)
        return rest.where(~given, rest.where(rest < gap, gap))

    def _order_tax_within(self, col, number, receipt):
        """Per line, the tax inside its order's goods, written once for the
        order (Shopify's Taxes). A shop whose prices include tax writes Total =
        Subtotal + Shipping: its Taxes are inside; one that adds tax writes
        Total = Subtotal + Shipping + Taxes: none is. Where the tax names give
        a rate (VAT 15%), the goods hold at most Subtotal × r / (1 + r) of it
        (the rest is the shipping's); without one, the tax inside is shared
        between goods and shipping in proportion to them."""
        import pandas as pd  # noqa: PLC0415

        from . import clean  # noqa: PLC0415

        spec = self.amount["order_tax"]
        if col(spec["tax"]) is None or col(spec["total"]) is None or col(spec["goods"]) is None:
            return pd.Series(0.0, index=receipt.index)

        def first(header: str):
            return number(col(header)).groupby(receipt, sort=False).transform("first")

        tax, total, goods = first(spec["tax"]).abs(), first(spec["total"]).abs(), first(spec["goods"]).abs()
        beside = sum((first(h).abs() for h in spec.get("beside", []) if col(h) is not None),
                     pd.Series(0.0, index=receipt.index))
        inside = (tax - (total - goods - beside)).clip(lower=0.0)
        inside = inside.where(inside < tax, tax)
        rate = pd.Series(0.0, index=receipt.index)
        for header in spec.get("rate_names", []):
            if col(header) is not None:
                named = col(header).groupby(receipt, sort=False).transform("first")
                rate = rate + named.map(_percent).fillna(0.0)
        by_rate = goods * rate / (1.0 + rate)
        by_share = inside * (goods / (goods + beside).where(goods + beside > 0)).fillna(1.0)
        given = ~clean.is_blank(col(spec["total"])).groupby(receipt, sort=False).transform("first")
        # a rate-worked tax within 1 % of the tax inside is that tax, rounded line by line: no shipping in it
        goods_tax = by_share.where(rate == 0, by_rate.where(by_rate < 0.99 * inside, inside))
        return goods_tax.where(given, 0.0)

    def _tax_inside(self, col, number, text):
        """The tax column on the rows whose prices hold it: all but those whose
        `unless` column (a currency) names a market that prices without tax
        (Amazon's item-tax is inside item-price on Amazon.co.jp and in Europe,
        on top of it in the US and Canada). None without the columns."""
        import pandas as pd  # noqa: PLC0415

        spec = self.amount["tax_inside"]
        tax, unless = col(spec["tax"]), spec.get("unless")
        market = col(unless["column"]) if unless else None
        if tax is None or (unless and market is None):
            return 0.0
        inside = pd.Series(True, index=tax.index)
        if unless:
            outside = {str(v).strip().upper() for v in unless["values"]}
            inside = ~text(market).fillna("").str.upper().isin(outside)
        return number(tax).where(inside, 0.0)

    def _tax_within(self, amount, col, number):
        """The tax an amount holds: a receipt's tax less what its total
        collects on top of the amount (Loyverse: a tax "included in the
        price" is inside Net sales, one "added to the price" is collected
        on top), between none and all of the tax. Where the total is blank
        or absent, none is taken to be inside."""
        from . import clean  # noqa: PLC0415

        spec = self.amount["tax_within"]
        tax, total = col(spec["tax"]), col(spec["total"])
        if tax is None or total is None:
            return 0.0
        taxes, totals = number(tax), number(total)
        sign = amount.where(amount < 0, 1.0).where(amount >= 0, -1.0)
        inside = (taxes.abs() - (totals.abs() - amount.abs())).clip(lower=0.0)
        inside = inside.where(inside < taxes.abs(), taxes.abs())
        return (sign * inside).where(~clean.is_blank(total), 0.0)


def written(header: str, headers: list[str], where: dict[str, int]) -> str:
    """A header the rules name (`Type`) as the sheet writes it (`Typ`, or
    `イベントタイプ` for `Event Type`): what every message about the sheet
    calls that column, so that the user finds it in their file. The rules'
    own word where the sheet has no such column. `where`: the sheet's column
    of each header the rules name (see `Profile.mapping`)."""
    index = where.get(_key(header))
    shown = str(headers[index]).strip() if index is not None and index < len(headers) else ""
    return shown or header


STORE_SEP = "\x1f"  # between a store and its receipt number in a receipt's key (see `void_key`)


def void_key(store: object, receipt: object) -> str:
    """A voided receipt as `prepare` names it: its store (where the sheet has
    stores) and its number."""
    return f"{store}{STORE_SEP}{receipt}"


def _shares(line, receipt):
    """Each line's share of its receipt, in proportion to the lines' amounts
    (a receipt whose lines add up to nothing: all on its first line)."""
    line_sum = line.groupby(receipt, sort=False).transform("sum")
    first_row = (~receipt.duplicated()).astype(float)
    return (line / line_sum.where(line_sum != 0)).where(line_sum != 0, first_row)


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def _percent(value) -> float | None:
    """The rate a tax's name gives (\"VAT 15%\" -> 0.15), else None."""
    found = _PERCENT.search(str(value)) if isinstance(value, str) else None
    return float(found.group(1)) / 100.0 if found else None


def _listed(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _target(mapping: SheetMapping, fld: str, missing_ok: bool = False) -> int | None:
    """The column the mapping reads `fld` from (the last one: added columns come last)."""
    found = [c for c, f in mapping.columns.items() if f == fld]
    if not found:
        if missing_ok:
            return None
        raise KeyError(fld)
    return max(found)


def _fold(value: object) -> str:
    """A status value as compared: normalised, and a whole number read from a
    workbook cell ("1.0") as it is written ("1")."""
    text = normalise(value) if value is not None else ""
    return text[:-2] if text.endswith(".0") and text[:-2].lstrip("-").isdigit() else text


def _is(values: pd.Series, rule: StatusRule) -> pd.Series:
    if rule.any_value:
        return values.notna()
    if rule.sales_only:
        words = [_fold(v) for v in rule.sales_only]
        return values.map(lambda v: v is not None and not any(w in _fold(v) for w in words)).astype(bool)
    if rule.negative:
        from .clean import clean_number  # noqa: PLC0415

        return clean_number(values)[0].lt(0).fillna(False).astype(bool)
    if rule.contains:
        words = [_fold(v) for v in rule.contains]
        return values.map(lambda v: v is not None and any(w in _fold(v) for w in words)).astype(bool)
    wanted = {_fold(v) for v in rule.values}
    return values.map(lambda v: v is not None and _fold(v) in wanted).astype(bool)


def _split(value: str | None, sep: str) -> tuple[str | None, str | None]:
    """`00000001449:ハラスマ` -> ('00000001449', 'ハラスマ'); a cell without the
    separator is a name only."""
    if value is None:
        return None, None
    head, found, tail = value.partition(sep)
    if not found:
        return None, value
    return head.strip() or None, tail.strip() or None


def _order(fmt: str) -> str | None:
    """'dmy' or 'mdy' for a format with the day before the month or after it;
    None for one that cannot be read the other way (year first, month names)."""
    day, month = fmt.find("%d"), fmt.find("%m")
    if day < 0 or month < 0 or fmt.find("%Y") == 0 or fmt.find("%y") == 0:
        return None
    return "dmy" if day < month else "mdy"


def _file_span(file: str) -> tuple[str, str] | None:
    """The first and last day a file's name gives (Loyverse and Square name
    their downloads receipts-2026-09-20-2026-10-02.csv), else None."""
    found = ["-".join(m.groups()) for m in _FILE_DATE.finditer(file or "")]
    return (min(found), max(found)) if len(found) >= 2 else None


def _dates(values: pd.Series, formats: tuple[str, ...], date_order: str | None = None,
           span: tuple[str, str] | None = None) -> pd.Series:
    """Text dates in the first of the profile's formats that reads every one of
    them (a file is written in one format), as ISO text; a trailing UTC offset
    is dropped: the store's own clock decides the day. A file that a day-first
    and a month-first format both read, to other days (10/01 … 10/12), is not
    guessed at: the order that keeps every date within the days the file's
    name gives (`span`) is the file's; else, unless `date_order` says which,
    its dates are left to the generic reader, which stops naming the column
    and the setting."""
    import pandas as pd  # noqa: PLC0415

    present = values.dropna().map(lambda v: _OFFSET.sub("", v))
    if present.empty:
        return values
    found: dict[str | None, pd.Series] = {}  # the first reading of each order
    for fmt in formats:
        order = _order(fmt)
        if order in found or (date_order and order not in (None, date_order)):
            continue
        try:
            parsed = pd.to_datetime(present, format=fmt, errors="coerce")
        except (ValueError, OverflowError):  # a year out of range: not this format
            continue
        if parsed.notna().all():
            found[order] = parsed
    if "dmy" in found and "mdy" in found and not found["dmy"].equals(found["mdy"]):
        inside = [o for o in ("dmy", "mdy") if span and _within(found[o], span)]
        if len(inside) != 1:
            return values  # either order reads the file: the generic reader asks
        found = {inside[0]: found[inside[0]]}
    parsed = next(iter(found.values()), None)
    if parsed is None:  # "mixed": a spelling the profile did not list ("Oct 5, 2026 1:33 PM")
        try:
            parsed = pd.to_datetime(present, format="mixed", errors="coerce")
        except (ValueError, OverflowError):
            parsed = None
        if parsed is None or parsed.isna().any():
            return values  # left to the generic date reader, which names the rows it cannot read
    out = values.astype(object).copy()
    out[present.index] = parsed.dt.strftime("%Y-%m-%d %H:%M:%S")
    return out


def _within(parsed: pd.Series, span: tuple[str, str]) -> bool:
    days = parsed.dt.strftime("%Y-%m-%d")
    return bool(((days >= span[0]) & (days <= span[1])).all())


# ---------------------------------------------------------------- loading
def profiles_dir() -> Path:
    from ..paths import bundled  # noqa: PLC0415

    return bundled("resources", "export_profiles")


@lru_cache(maxsize=1)
def all_profiles() -> tuple[Profile, ...]:
    return tuple(load(p) for p in sorted(profiles_dir().glob("*.toml")))


def load(path: Path) -> Profile:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    match = data.get("match", {})
    rows = data.get("rows", {})
    role = data.get("role", "sales")
    columns = {_key(h): f for h, f in data.get("columns", {}).items()}
    aliases = {_key(h): _key(c) for h, c in data.get("aliases", {}).items()}
    for fld in columns.values():
        if fld not in ROLE_FIELDS[role]:
            raise ValueError(f"{path.name}: unknown field {fld!r} for role {role}")

    if not match.get("headers") and not match.get("any"):
        raise ValueError(f"{path.name}: [match] names no headers")

    def rule(spec: dict) -> StatusRule:
        return StatusRule(spec["column"], tuple(spec.get("values", ())), bool(spec.get("any_value", False)),
                          tuple(spec.get("sales_only", ())), tuple(spec.get("contains", ())),
                          bool(spec.get("negative", False)), rule(spec["when"]) if "when" in spec else None)

    profile = Profile(
        id=data["id"], system=data["system"], name={"en": data["en"], "ja": data["ja"]}, role=role,
        headers=tuple(_key(h) for h in match.get("headers", ())),
        absent=tuple(_key(h) for h in match.get("absent", ())),
        any_of=tuple(tuple(_key(h) for h in group) for group in match.get("any", ())),
        columns=columns, aliases=aliases, tax=data.get("tax", "excluded"),
        tax_note={k: data[f"tax_{k}"] for k in ("en", "ja") if f"tax_{k}" in data},
        status=tuple(rule(s) for s in rows.get("not_sales", ())),
        cancels=rows.get("cancels"),
        returns=rule(rows["returns"]) if "returns" in rows else None,
        receipt_per_row=bool(rows.get("receipt_per_row", False)),
        carry_down=tuple(rows.get("carry_down", ())),
        amount=dict(data.get("amount", {})), receipt_total=dict(data.get("receipt_total", {})),
        refund=dict(data.get("refund", {})),
        split=dict(data.get("split", {})),
        strip={_key(h): p for h, p in data.get("strip", {}).items()},
        fill={_key(h): str(v) for h, v in rows.get("fill", {}).items()},
        date_formats=tuple(data.get("date_formats", ())),
        date_from_file_name=bool(data.get("date_from_file_name", False)),
        note={k: data[f"note_{k}"] for k in ("en", "ja") if f"note_{k}" in data}, source=data.get("source", ""),
        currencies=tuple(data.get("currencies", ())))
    named = profile.needed() | set(profile.headers) | set(profile.absent) | {h for g in profile.any_of for h in g}
    stray = sorted(c for c in aliases.values() if c not in named)
    if stray:  # an alias must stand for a header the profile reads
        raise ValueError(f"{path.name}: [aliases] name headers the profile does not read: {stray}")
    return profile


def by_id(profile_id: str | None) -> Profile | None:
    return next((p for p in all_profiles() if p.id == profile_id), None) if profile_id else None


def read_as(profile_id: str | None, lang: str = "en", headers: list[str] | None = None) -> str | None:
    """In words, which known export layout read a sheet and what its net sales
    hold: "read as an Airレジ journal export; net sales exclude tax". With the
    sheet's `headers`, what they hold in that very sheet (a rule that takes
    the tax out cannot where its columns are missing)."""
    from ..messages import text  # noqa: PLC0415

    profile = by_id(profile_id)
    if profile is None:
        return None
    if profile.role != "sales":
        return text("sheet_read_as_plain", lang, profile=profile.label(lang))
    declared = profile.tax_basis()
    basis = profile.tax_basis(headers) if headers is not None else declared
    if basis != declared:
        tax = text(f"tax_{basis}", lang)
    elif profile.tax in ("excluded", "included") and not profile.tax_note:
        tax = text(f"tax_{profile.tax}", lang)
    else:
        tax = profile.tax_note.get(lang) or profile.tax_note.get("en", "")
    note = profile.note.get(lang) or profile.note.get("en")
    if note:
        return text("sheet_read_as_note", lang, profile=profile.label(lang), tax=tax, note=note)
    return text("sheet_read_as", lang, profile=profile.label(lang), tax=tax)


def claim(preview: list[list[object]], file: str, sheet: str, max_scan: int = 30) -> tuple[Profile, int] | None:
    """The profile whose headers one of the sheet's first rows carries, and
    that row. Two profiles claiming the same row is an error, not a guess."""
    profiles = all_profiles()
    if not profiles:
        return None
    for index, row in enumerate(preview[:max_scan]):
        names = {_key(v) for v in row if isinstance(v, str) and len(v) <= 200}
        if len(names) < 2:
            continue
        found = [p for p in profiles if p.matches(names)]
        if len(found) > 1:
            raise KpipackError("profile_ambiguous", file=file, sheet=sheet,
                               profiles=", ".join(p.label("en") for p in found))
        if found:
            return found[0], index
    return None


def text_columns(profile: Profile, mapping: SheetMapping, where: dict[str, int]) -> set[int]:
    """Columns read as text: codes, and every column a rule reads as a value."""
    out = {c for c, f in mapping.columns.items() if f in CODE_FIELDS and c in where.values()}
    ruled = [r.column for r in profile.status] + [r.when.column for r in profile.status if r.when]
    ruled += [profile.returns.column] if profile.returns else []
    ruled += [profile.cancels] if profile.cancels else []
    out |= {where[h] for h in (_key(c) for c in ruled) if h in where}
    return out
