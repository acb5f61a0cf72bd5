"""What marks an amount's currency: a sign ($ ¥ € £ ₹), a word (円, yen,
Fr.), or an ISO 4217 code written before or after it (EUR 12,50, 12.50 GBP,
CHF 1'234.50) — and, in an xlsx whose amounts are plain numbers, the cells'
number format ("$"#,##0.00, [$€-407]#,##0.00, #,##0"円"), which keeps the
sign that the text lost when a CSV export was saved as a workbook."""
from __future__ import annotations

import re
import unicodedata

# The currencies of ISO 4217 in use (2026). A code counts as a currency mark
# only written in capitals (EUR 12,50): in lower case the short words among
# them (all, try, pen, top) are too likely something else. The common ones
# below are read in any case, as before.
ISO_CODES = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF
CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG
HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA
MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD
RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH
UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL""".split())

# Signs and words (after NFKC and case-folding). A bare $ is read as US
# dollars: the pack says so, and the currency setting chooses another.
MARKS = {"$": "USD", "us$": "USD", "usd": "USD", "¥": "JPY", "\\": "JPY", "円": "JPY", "yen": "JPY",
         "jpy": "JPY", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "₹": "INR", "rs": "INR",
         "rs.": "INR", "inr": "INR", "chf": "CHF", "fr": "CHF", "fr.": "CHF", "sfr": "CHF", "sfr.": "CHF"}

# the marks a header names its column's currency by (売上金額(円), Sales (USD)): not the backslash nor the
# short words Rs and Fr, too likely something else in a header's words
HEADER_MARKS = sorted((m for m in MARKS if m not in {"\\", "rs", "rs.", "fr", "fr.", "sfr", "sfr."}),
                      key=lambda m: (-len(m), m))

# the marks as a regular expression's alternatives: the longest first, any ISO code (checked by `currency_of`)
MARK_PATTERN = r"us\$|sfr\.?|fr\.|rs\.?|[a-z]{3}|fr|[$¥€£₹\\]"
AFTER_PATTERN = r"sfr\.?|fr\.?|[a-z]{3}|[$€£円]|yen"


def currency_of(mark: str | None) -> str | None:
    """The ISO code a mark written beside an amount names, else None (a
    three-letter word that is no currency, or a code in lower case that is
    not a common one)."""
    if not mark:
        return None
    code = MARKS.get(mark.casefold())
    if code is not None:
        return code
    return mark if mark in ISO_CODES else None


# [$€-407], [$CHF], [$USD-409]: a format's currency and, after the dash, its locale
_LOCALE_CURRENCY = re.compile(r"\[\$([^\]\-]+)(?:-[0-9A-Fa-f]+)?\]")
_LITERAL = re.compile(r'"([^"]*)"|\\(.)')
_BARE_SIGN = re.compile(r"[$€£¥₹]")
_BRACKETS = re.compile(r"\[[^\]]*\]")  # [Red], [$-411], [>=100]: colours, locales, conditions


def currency_of_format(code: str) -> str | None:
    """The ISO code an Excel number format shows its numbers with: the
    currency of a [$…] part, else a sign or code written in quotes, escaped
    or bare ("$"#,##0.00, \\$#,##0, #,##0" €", #,##0"円", $#,##0.00); None
    for a format that shows none (a built-in one, whose currency is the
    reader's locale, tells nothing)."""
    if not code:
        return None
    first = unicodedata.normalize("NFKC", code.split(";")[0])
    found = _LOCALE_CURRENCY.search(first)
    if found:
        return currency_of(found[1].strip())
    for literal in _LITERAL.finditer(first):
        text = (literal[1] if literal[1] is not None else literal[2]).strip()
        if text and (currency := currency_of(text)) is not None:
            return currency
    bare = _BARE_SIGN.search(_BRACKETS.sub("", _LITERAL.sub("", first)))  # not the $ of [$-411], a locale alone
    return currency_of(bare[0]) if bare else None
