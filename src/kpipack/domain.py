"""Plain values shared by every layer: months, settings, KPI definitions."""
from __future__ import annotations

import calendar
import math
from dataclasses import dataclass, field
from typing import Callable

STATUSES = ("green", "amber", "red", "none")
TSUBO_M2 = 3.305785  # square metres in one 坪


def month_add(month: str, delta: int) -> str:
    """'2026-10' + -12 -> '2025-10'."""
    year, mon = int(month[:4]), int(month[5:7])
    index = year * 12 + (mon - 1) + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_range(first: str, last: str) -> list[str]:
    out, current = [], first
    while current <= last:
        out.append(current)
        current = month_add(current, 1)
    return out


def days_in_month(month: str) -> int:
    return calendar.monthrange(int(month[:4]), int(month[5:7]))[1]


@dataclass(frozen=True)
class PartialPeriod:
    """A period the sales data covers in part: from its 1st to `last` (a date)."""

    last: object

    @property
    def days(self) -> int:
        return self.last.day

    @property
    def month_days(self) -> int:
        return days_in_month(self.last.strftime("%Y-%m"))


def partial_period(notes, period: str) -> PartialPeriod | None:
    """The build's own note that `period` ends before its last day (the
    engine's `period_partial`), as days; None for a whole month."""
    import datetime as dt

    for note in notes:
        if note.code == "period_partial" and note.params.get("period") == period:
            return PartialPeriod(dt.date.fromisoformat(note.params["last"]))
    return None


def fiscal_year_start_month(month: str, start: int) -> str:
    """First month of the fiscal year holding `month` (fiscal years start in month `start`)."""
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year if mon >= start else year - 1:04d}-{start:02d}"


def is_month(text: str) -> bool:
    return (isinstance(text, str) and len(text) == 7 and text[4] == "-" and text[:4].isdigit()
            and text[5:].isdigit() and 1 <= int(text[5:]) <= 12)


@dataclass
class Settings:
    """What the user chooses; everything has a sensible default."""

    period: str | None = None  # default: latest complete month in the sales data
    fiscal_year_start: int = 4
    currency: str | None = None  # ISO code; None: what the sales amounts show, else JPY (currency.py)
    area_unit: str | None = None  # None: as the input says; 'tsubo' or 'm2' converts
    industry: str = "general"
    lang: str = "en"
    company: str = ""
    pack: str = "board"
    password: str | None = None
    store: str | None = None  # one store's pack (id or name); None: the layout's scopes
    previous: str | None = None  # last month's pack: open improvement actions carry over
    date_order: str | None = None  # 'dmy' or 'mdy' for dates like 10/01/2026; None: each column decides
    year: int | None = None  # the year of dates written without one (10/1(木)); None: from the file, else asked
    action_edits: dict | None = None  # action key -> PreviousAction: owners, dates, progress, notes set in the app
    # replenishment (see kpis/replenishment.py)
    as_of: str | None = None  # YYYY-MM-DD; default: the period's last day or the last sales date before it
    lead_time_days: float = 7.0  # where the product master gives none
    review_days: float = 7.0
    service_level_pct: float = 95.0
    overstock_weeks: float = 26.0
    markdown_share_pct: float = 20.0


@dataclass(frozen=True)
class KpiDef:
    """One KPI, declared once; everything else (engine, pack, GUI, docs) reads it.

    `formula` computes the KPI from a namespace `v` (v("net_sales") is another
    KPI or an input part); None means the KPI is the input part of the same
    name. `additive`: store values sum to the total. `flow`: months sum (YTD).
    """

    id: str
    unit: str  # money, pct, count, units, money_per_area, money_per_hour, hours, days, weeks, times, ratio, points
    direction: str | None  # higher, lower or None
    label_en: str
    label_ja: str
    formula_en: str
    formula_ja: str
    formula: Callable | None = None
    additive: bool = False
    flow: bool = False
    total_only: bool = False
    aliases: tuple[str, ...] = field(default_factory=tuple)

    def label(self, lang: str) -> str:
        return self.label_ja if lang == "ja" else self.label_en


def parse_tolerances(items: list[str] | None) -> dict[str, float]:
    """`--shrink-tolerance` values: 'PCT' for every category, 'CATEGORY=PCT' for one.
    Raises ValueError with the offending item."""
    out: dict[str, float] = {}
    for item in items or []:
        name, _, pct = item.rpartition("=")
        try:
            value = float(pct)
        except ValueError:
            raise ValueError(item) from None
        if not math.isfinite(value) or value < 0:
            raise ValueError(item)
        out[name.strip() or "*"] = value
    return out
