"""The pack's currency: the one set, else the one the sales amounts show
($1.00, ¥1,000, 1,000円, a header's (USD)), else JPY. Sales in two currencies
are never summed silently: kpipack converts no currency."""
from __future__ import annotations

from dataclasses import replace

from .domain import Settings
from .errors import Issue, KpipackError

DEFAULT_CURRENCY = "JPY"  # the contract's default where nothing says otherwise
# the sign a figure carries on screen and in the pack; other currencies are written by their code
CURRENCY_SYMBOLS = {"JPY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "INR": "₹", "CNY": "¥", "KRW": "₩",
                    "TWD": "NT$", "HKD": "HK$", "SGD": "S$", "AUD": "A$"}


def settle_currency(dataset, settings: Settings) -> Settings:
    """`settings` with its currency settled from `dataset`'s sales sheets. A
    note says where an unset currency came from; a warning says where the
    amounts show another than the one set. Raises KpipackError where sales
    show two currencies and none is set."""
    shown = {}  # currency -> the first sales sheet that shows it
    for sheet in dataset.sheets:
        if sheet.role == "sales" and sheet.rows_used and sheet.currency:
            shown.setdefault(sheet.currency, sheet)
    if settings.currency:
        chosen = settings.currency.strip().upper()
        for code, sheet in shown.items():
            if code != chosen:
                _note(sheet, Issue(sheet.file, sheet.sheet, 0, "warn_currency_other",
                                   {"shown": code, "chosen": chosen}))
        return replace(settings, currency=chosen)
    if len(shown) > 1:
        raise KpipackError("currency_mixed", shown=", ".join(f"{s.file} {code}" for code, s in shown.items()))
    if not shown:
        _unlikely_default(dataset)
        return replace(settings, currency=DEFAULT_CURRENCY)
    [(code, sheet)] = shown.items()
    _note(sheet, Issue(sheet.file, sheet.sheet, 0, "note_currency_shown", {"currency": code}))
    return replace(settings, currency=code)


def _unlikely_default(dataset) -> None:
    """A warning on each sales sheet whose amounts show no currency where yen
    is not the likely one: an export of a system that never sells in yen
    (Toast: dollars, pounds or euros), or a sheet with no word of Japanese in
    its headers or title lines."""
    from .ingest.export_profiles import by_id
    from .ingest.year_context import any_japanese

    for sheet in dataset.sheets:
        if sheet.role != "sales" or not sheet.rows_used:
            continue
        profile = by_id(sheet.mapping.profile)
        if profile is not None and profile.currencies:
            if DEFAULT_CURRENCY not in profile.currencies:
                _note(sheet, Issue(sheet.file, sheet.sheet, 0, "warn_currency_default_unlikely", {
                    "system": profile.system, "currencies": ", ".join(profile.currencies),
                    "chosen": DEFAULT_CURRENCY}))
        elif not (sheet.japanese or any_japanese(sheet.mapping.headers)):
            _note(sheet, Issue(sheet.file, sheet.sheet, 0, "warn_currency_default_assumed",
                               {"chosen": DEFAULT_CURRENCY}))


def _note(sheet, issue: Issue) -> None:
    """Said among the sheet's notes on rows it used (not among the sheets left unused)."""
    if issue not in sheet.warnings:  # a dataset built from again (another period) says it once
        sheet.warnings.append(issue)
