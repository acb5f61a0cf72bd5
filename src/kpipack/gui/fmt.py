"""How a KPI value reads on screen, from its unit (display only: the values
themselves come from the pipeline)."""
from __future__ import annotations

import math

from ..currency import CURRENCY_SYMBOLS

AREA = {"tsubo": {"en": "tsubo", "ja": "坪"}, "m2": {"en": "m²", "ja": "m²"}}
SUFFIX = {
    "hours": {"en": " h", "ja": "時間"},
    "days": {"en": " days", "ja": "日"},
    "times": {"en": "×", "ja": "回"},
    "weeks": {"en": " weeks", "ja": "週"},
    "per_hour": {"en": "/h", "ja": "/時間"},
}


def missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def money(value: float, currency: str, decimals: int = 0) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{abs(value):,.{decimals}f}"


def value_text(value, unit: str, lang: str, currency: str = "JPY", area_unit: str | None = None) -> str:
    """A KPI value in its unit, e.g. ¥4,193,578 · 38.2% · 2.31 · ¥93,190/坪."""
    if missing(value):
        return "–"
    if unit == "money":
        return money(value, currency)
    if unit == "money_per_area":
        per = AREA.get(area_unit or "", {}).get(lang)
        return money(value, currency) + (f"/{per}" if per else "")
    if unit == "money_per_hour":
        return money(value, currency) + SUFFIX["per_hour"][lang]
    if unit == "pct":
        return f"{value:,.1f}%"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "hours":
        return f"{value:,.0f}{SUFFIX['hours'][lang]}"
    if unit == "days":
        return f"{value:,.1f}{SUFFIX['days'][lang]}"
    if unit in ("times", "weeks"):
        return f"{value:,.1f}{SUFFIX[unit][lang]}"
    if unit in ("units", "ratio"):
        return f"{value:,.2f}"
    if unit == "points":
        return f"{value:,.1f}"
    return f"{value:,.2f}"


def delta_text(value, unit: str, lang: str, currency: str = "JPY", area_unit: str | None = None) -> str:
    """A difference in the KPI's unit with its sign; percentages as points."""
    if missing(value):
        return "–"
    if unit == "pct":
        value = round(value, 1) + 0.0  # −0.04 pt shows as 0.0 pt, never −0.0 (+ 0.0 drops the sign of −0.0)
        return f"{'+' if value > 0 else ''}{value:,.1f} pt"
    sign = "+" if value > 0 else ""
    text = value_text(value, unit, lang, currency, area_unit)
    return f"{sign}{text}" if value > 0 else text


def pct_text(value) -> str:
    if missing(value):
        return "–"
    value = round(value, 1) + 0.0  # −0.04 % shows as 0.0 %, never −0.0 % (+ 0.0 drops the sign of −0.0)
    return f"{'+' if value > 0 else ''}{value:,.1f}%"


def arrow(change, direction: str | None) -> tuple[str, str]:
    """(▲/▼/▶, tone) of a change: tone good/bad/flat from the KPI's direction."""
    if missing(change) or abs(change) < 0.05:
        return ("▶" if not missing(change) else "", "flat")
    up = change > 0
    if direction is None:
        tone = "flat"
    else:
        tone = "good" if up == (direction == "higher") else "bad"
    return ("▲" if up else "▼"), tone


TONE_COLOURS = {"good": "#1B7F3B", "bad": "#C62828", "flat": "#5F6368"}
