"""The user's choices, remembered between runs in QSettings (an INI file in
the user's config folder, so tests can point it at a temporary folder)."""
from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import QSettings

ORGANISATION = "kpipack"
APPLICATION = "kpipack"
PACKS = ("board", "store", "stocktake")
AREA_UNITS = ("", "m2", "tsubo")  # "": as the store master says
# the order list's settings and the range each may take (the CLI's options check the same)
ORDER_FIELDS = {"lead_time_days": (0.0, 999.0), "service_level_pct": (50.0, 99.99), "review_days": (0.0, 999.0),
                "overstock_weeks": (0.1, 999.0), "markdown_share_pct": (0.0, 100.0)}
CURRENCIES = ("JPY", "USD", "EUR", "GBP", "CNY", "KRW", "TWD", "HKD", "SGD", "AUD")


def qsettings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


@dataclass
class Prefs:
    company: str = ""
    currency: str = ""  # "": what the amounts show, else JPY
    area_unit: str = ""
    fiscal_year_start: int = 4
    industry: str = "general"
    pack: str = "board"
    pack_lang: str = ""  # "": same as the app
    ui_lang: str = ""  # "": from the system locale
    last_export: str = ""  # the pack path chosen last time
    last_folder: str = ""  # where "Add files…" opened last time
    # the order list's settings (domain.Settings has the same names and defaults)
    lead_time_days: float = 7.0
    service_level_pct: float = 95.0
    review_days: float = 7.0
    overstock_weeks: float = 26.0
    markdown_share_pct: float = 20.0

    def settings(self, lang: str, period: str | None = None):
        """The pipeline's Settings for a build in the pack language."""
        from ..domain import Settings

        return Settings(period=period, fiscal_year_start=self.fiscal_year_start, currency=self.currency or None,
                        area_unit=self.area_unit or None, industry=self.industry,
                        lang=self.pack_lang or lang, company=self.company, pack=self.pack,
                        **{name: float(getattr(self, name)) for name in ORDER_FIELDS})


def load_prefs() -> Prefs:
    store = qsettings()
    prefs = Prefs()
    for f in fields(Prefs):
        raw = store.value(f.name)
        if raw is None:
            continue
        try:
            value = int(raw) if f.type in (int, "int") else float(raw) if f.type in (float, "float") else str(raw)
        except (TypeError, ValueError):
            continue
        setattr(prefs, f.name, value)
    return _valid(prefs)


def save_prefs(prefs: Prefs) -> None:
    store = qsettings()
    for f in fields(Prefs):
        store.setValue(f.name, getattr(prefs, f.name))
    store.sync()


def _valid(prefs: Prefs) -> Prefs:
    """Values a hand-edited or older settings file might hold fall back to defaults."""
    default = Prefs()
    # the industry is checked against the KPI catalogue by the build itself
    if prefs.pack not in PACKS:
        prefs.pack = default.pack
    if prefs.area_unit not in AREA_UNITS:
        prefs.area_unit = default.area_unit
    if not 1 <= prefs.fiscal_year_start <= 12:
        prefs.fiscal_year_start = default.fiscal_year_start
    if prefs.ui_lang not in ("", "ja", "en"):
        prefs.ui_lang = ""
    if prefs.pack_lang not in ("", "ja", "en"):
        prefs.pack_lang = ""
    for name, (low, high) in ORDER_FIELDS.items():
        if not low <= getattr(prefs, name) <= high:  # NaN fails too
            setattr(prefs, name, getattr(default, name))
    return prefs
