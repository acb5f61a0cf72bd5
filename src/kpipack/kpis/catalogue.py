"""The KPI catalogue: what each KPI means, where it should sit for an industry,
and what a store team can do about it this month.

The registry declares the computing facts of a KPI once (id, unit, direction,
labels, formula). The knowledge around them is data in
`resources/catalogue/*.toml`; this module merges the two by id, states every
benchmark in the unit the engine computes, and turns a benchmark into the
green / amber / red status used where a KPI has no budget
(docs/catalogue.md explains the rule and every conversion).
"""
from __future__ import annotations

import functools
import math
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from ..domain import TSUBO_M2, KpiDef
from ..errors import KpipackError
from ..messages import localised
from ..ingest.headers import ROLE_FIELDS
from ..paths import bundled
from .registry import BY_ID, KPIS

LANGS = ("en", "ja")
META_FILES = ("sources.toml", "profiles.toml")
MONEY_UNITS = ("money", "money_per_area", "money_per_hour")
BENCHMARK_CURRENCY = "JPY"  # every money figure in the sources is in yen
AMBER_BAND = 0.10  # amber reaches 10 % of the good edge past it, unless the source names an alert level
MONTHS_PER_YEAR = 12
_BENCHMARK_KEYS = {"profiles", "low", "high", "aim", "alert", "per", "source", "derived", "note"}
_ENTRY_KEYS = {"inputs", "description", "actions", "benchmarks"}


class CatalogueError(ValueError):
    """The shipped catalogue data is inconsistent (caught by the test suite)."""


@dataclass(frozen=True)
class Range:
    """A benchmark in the unit the engine computes (yen, per 坪, per month).

    `good` is the edge from which a value is green; `alert` the edge beyond
    which it is red; between the two it is amber.
    """

    low: float | None
    high: float | None
    good: float
    alert: float
    direction: str
    source: str
    note: dict[str, str]
    derived: bool = False
    stated: dict | None = None  # the figure as the source states it, where converted

    def status(self, value: float) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "none"
        if self.direction == "higher":
            return "green" if value >= self.good else "amber" if value >= self.alert else "red"
        return "green" if value <= self.good else "amber" if value <= self.alert else "red"

    def scaled(self, factor: float) -> Range:
        def s(x):
            return None if x is None else x * factor

        return replace(self, low=s(self.low), high=s(self.high), good=self.good * factor, alert=self.alert * factor)


@dataclass(frozen=True)
class Entry:
    """One KPI: the registry definition plus the catalogue's knowledge."""

    kpi: KpiDef
    description: dict[str, str]
    inputs: tuple[str, ...]
    benchmarks: dict[str, Range]  # profile id -> range
    actions: dict[str, tuple[str, ...]]

    @property
    def id(self) -> str:
        return self.kpi.id


# ---------------------------------------------------------------- loading
def catalogue_dir() -> Path:
    return bundled("resources", "catalogue")


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path.name}: {exc}") from exc


@functools.cache
def profiles() -> dict[str, dict[str, str]]:
    """Industry profile id -> {"en": label, "ja": label}, in display order."""
    return _read(catalogue_dir() / "profiles.toml")


@functools.cache
def sources() -> dict[str, dict[str, str]]:
    return _read(catalogue_dir() / "sources.toml")


def source_text(source_id: str, lang: str = "en") -> str:
    """'seed 003 (Japanese small-shop KPI guide)' / 'seed 003「小規模店舗向けKPI解説」'."""
    number = source_id.split("-", 1)[-1]
    if lang == "ja":
        return f"seed {number}「{sources()[source_id]['ja']}」"
    return f"seed {number} ({sources()[source_id]['en']})"


def profile_label(profile: str, lang: str = "en") -> str:
    return localised(profiles()[profile], lang)


@functools.cache
def _entries() -> dict[str, Entry]:
    raw: dict[str, tuple[str, dict]] = {}
    for path in sorted(catalogue_dir().glob("*.toml")):
        if path.name in META_FILES:
            continue
        for kpi_id, data in _read(path).items():
            where = f"{path.name} [{kpi_id}]"
            if kpi_id not in BY_ID:
                raise CatalogueError(f"{where}: no KPI of that id in the registry")
            if kpi_id in raw:
                raise CatalogueError(f"{where}: already described in {raw[kpi_id][0]}")
            raw[kpi_id] = (path.name, data)
    out = {}
    for kpi in KPIS:
        name, data = raw.get(kpi.id, ("", {}))
        out[kpi.id] = _entry(kpi, data, f"{name} [{kpi.id}]")
    return out


def _entry(kpi: KpiDef, data: dict, where: str) -> Entry:
    unknown = set(data) - _ENTRY_KEYS
    if unknown:
        raise CatalogueError(f"{where}: unknown keys {sorted(unknown)}")
    for item in data.get("inputs", []):
        role, _, fld = item.partition(".")
        if fld not in ROLE_FIELDS.get(role, ()):
            raise CatalogueError(f"{where}: input '{item}' is not a role.field of the contract")
    actions = {lang: tuple(data.get("actions", {}).get(lang, ())) for lang in LANGS}
    if len(set(map(len, actions.values()))) != 1:
        raise CatalogueError(f"{where}: the action lists differ in length between languages")
    benchmarks: dict[str, Range] = {}
    for i, b in enumerate(data.get("benchmarks", [])):
        for profile in b.get("profiles", []):
            if profile in benchmarks:
                raise CatalogueError(f"{where}: two benchmarks for profile '{profile}'")
            benchmarks[profile] = _range(kpi, b, f"{where} benchmark {i + 1}")
    return Entry(kpi, {lang: data.get("description", {}).get(lang, "") for lang in LANGS},
                 tuple(data.get("inputs", ())), benchmarks, actions)


def _range(kpi: KpiDef, b: dict, where: str) -> Range:
    unknown = set(b) - _BENCHMARK_KEYS
    if unknown:
        raise CatalogueError(f"{where}: unknown keys {sorted(unknown)}")
    if kpi.direction is None:
        raise CatalogueError(f"{where}: a KPI without a direction cannot have a benchmark")
    if not b.get("profiles") or set(b["profiles"]) - set(profiles()):
        raise CatalogueError(f"{where}: profiles must be a list of {list(profiles())}")
    if b.get("source") not in sources():
        raise CatalogueError(f"{where}: source must be one of {list(sources())}")
    per = b.get("per", "month")
    if per not in ("month", "year"):
        raise CatalogueError(f"{where}: per must be 'month' or 'year'")
    # the engine computes per-area money for one month: a yearly figure is spread evenly
    factor = 1.0 / MONTHS_PER_YEAR if per == "year" else 1.0
    values = {k: (None if b.get(k) is None else float(b[k]) * factor) for k in ("low", "high", "aim", "alert")}
    low, high, aim, alert = values["low"], values["high"], values["aim"], values["alert"]
    if low is None and high is None:
        raise CatalogueError(f"{where}: give low and/or high")
    if low is not None and high is not None and low > high:
        raise CatalogueError(f"{where}: low is above high")
    good, alert = _edges(kpi.direction, low, high, aim, alert)
    if (kpi.direction == "higher" and not alert < good) or (kpi.direction == "lower" and not alert > good):
        raise CatalogueError(f"{where}: the alert level must lie on the bad side of the good edge")
    stated = None
    if per == "year":
        stated = {k: b[k] for k in ("low", "high", "aim", "alert") if b.get(k) is not None} | {"per": "year"}
    note = {lang: b.get("note", {}).get(lang, "") for lang in LANGS}
    return Range(low, high, good, alert, kpi.direction, b["source"], note, bool(b.get("derived")), stated)


def _edges(direction: str, low, high, aim, alert) -> tuple[float, float]:
    """The green edge and the red edge of a benchmark.

    Green inside the range or beyond it on the good side (or from the aim,
    where the source names one); amber from there to the alert level; red
    beyond. Without an alert level, an aim makes the whole range amber, and
    otherwise amber reaches AMBER_BAND of the good edge past it.
    """
    if direction == "higher":
        good = aim if aim is not None else (low if low is not None else high)
        if alert is None:
            alert = low if (aim is not None and low is not None and low < aim) else good - AMBER_BAND * abs(good)
    else:
        good = aim if aim is not None else (high if high is not None else low)
        if alert is None:
            alert = high if (aim is not None and high is not None and high > aim) else good + AMBER_BAND * abs(good)
    return good, alert


# ---------------------------------------------------------------- queries
def catalogue() -> list[Entry]:
    """Every KPI of the registry, in registry order."""
    return list(_entries().values())


def entry(kpi_id: str) -> Entry:
    return _entries()[kpi_id]


def actions_for(kpi_id: str, lang: str = "en") -> list[str]:
    """The improvement actions of a KPI in the user's language (empty without a direction)."""
    actions = _entries()[kpi_id].actions
    return list(actions.get(lang) or actions["en"])


def check_industry(industry: str) -> str:
    if industry not in profiles():
        raise KpipackError("unknown_industry", industry=industry, choices=", ".join(profiles()))
    return industry


@functools.cache
def benchmark(kpi_id: str, industry: str, currency: str = BENCHMARK_CURRENCY,
              area_unit: str | None = "tsubo") -> Range | None:
    """The benchmark of a KPI for an industry, in the units of this build, or
    None where there is none or it cannot apply: a money benchmark (in yen)
    when the data is in another currency, or a per-area one when the area
    unit is unknown."""
    rng = _entries()[kpi_id].benchmarks.get(industry)
    if rng is None:
        return None
    unit = BY_ID[kpi_id].unit
    if unit in MONEY_UNITS and currency != BENCHMARK_CURRENCY:
        return None
    if unit == "money_per_area":
        if area_unit == "m2":
            return rng.scaled(1.0 / TSUBO_M2)
        if area_unit != "tsubo":
            return None
    return rng


def threshold_for(industry: str, currency: str = BENCHMARK_CURRENCY,
                  area_unit: str | None = "tsubo") -> Callable[[str], Callable[[float], str] | None]:
    """What `engine.comparison_rows(comp, threshold_for=...)` takes: for a KPI id,
    the status callable of the industry's benchmark, or None. Pass the build's
    currency and area unit (None when unknown: no per-area status)."""
    check_industry(industry)

    def for_kpi(kpi_id: str):
        rng = benchmark(kpi_id, industry, currency, area_unit)
        return rng.status if rng is not None else None

    return for_kpi


# ---------------------------------------------------------------- views
def _clean(x):
    return None if x is None else round(x, 6)


def benchmark_json(rng: Range, unit: str, lang: str = "en") -> dict:
    out = {"low": _clean(rng.low), "high": _clean(rng.high), "good": _clean(rng.good), "alert": _clean(rng.alert),
           "unit": BENCHMARK_UNITS.get(unit, {}).get(lang, ""), "source": source_text(rng.source, lang),
           "derived": rng.derived, "note": dict(rng.note)}
    if rng.stated:
        out["as_stated"] = dict(rng.stated)
    return out


def as_json(lang: str = "en") -> list[dict]:
    """The catalogue as plain data (`kpipack catalogue --json`)."""
    out = []
    for e in catalogue():
        k = e.kpi
        out.append({
            "id": k.id,
            "label": {"en": k.label_en, "ja": k.label_ja},
            "unit": k.unit,
            "direction": k.direction,
            "formula": {"en": k.formula_en, "ja": k.formula_ja},
            "description": dict(e.description),
            "inputs": list(e.inputs),
            "benchmarks": {p: benchmark_json(e.benchmarks[p], k.unit, lang) for p in profiles() if p in e.benchmarks},
            "actions": {lang_: list(e.actions[lang_]) for lang_ in LANGS},
        })
    return out


BENCHMARK_UNITS = {
    "money": {"en": "¥", "ja": "円"},
    "money_per_area": {"en": "¥ per 坪 per month", "ja": "円／坪・月"},
    "money_per_hour": {"en": "¥ per hour", "ja": "円／時間"},
    "pct": {"en": "%", "ja": "%"},
    "days": {"en": "days", "ja": "日"},
    "times": {"en": "times a year", "ja": "回／年"},
    "ratio": {"en": "× a year", "ja": "倍／年"},
    "points": {"en": "points", "ja": "ポイント"},
}
_DIRECTIONS = {"higher": {"en": "higher is better", "ja": "高いほど良い"},
               "lower": {"en": "lower is better", "ja": "低いほど良い"},
               None: {"en": "no direction (context)", "ja": "方向なし（参考値）"}}


def _num(x: float | None) -> str:
    if x is None:
        return "–"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _band(rng: Range, unit: str, lang: str) -> str:
    u = BENCHMARK_UNITS.get(unit, {}).get(lang, "")
    span = f"{_num(rng.low)}–{_num(rng.high)}" if rng.low is not None and rng.high is not None else (
        f"≥ {_num(rng.low)}" if rng.low is not None else f"≤ {_num(rng.high)}")
    rule = (f"green ≥ {_num(rng.good)}, red < {_num(rng.alert)}" if rng.direction == "higher"
            else f"green ≤ {_num(rng.good)}, red > {_num(rng.alert)}")
    if lang == "ja":
        rule = (f"{_num(rng.good)}以上で良好、{_num(rng.alert)}未満で要対策" if rng.direction == "higher"
                else f"{_num(rng.good)}以下で良好、{_num(rng.alert)}超で要対策")
    return f"{span} {u} ({rule})".replace("  ", " ")


def as_text(lang: str = "en") -> str:
    """The catalogue for a terminal, in one language."""
    lines = []
    for e in catalogue():
        k = e.kpi
        lines.append(f"{k.label(lang)}  [{k.id}]")
        lines.append(f"  {k.formula_ja if lang == 'ja' else k.formula_en}  ·  {_DIRECTIONS[k.direction][lang]}")
        if e.description[lang]:
            lines.append(f"  {e.description[lang]}")
        for p in profiles():
            if p in e.benchmarks:
                rng = e.benchmarks[p]
                lines.append(f"  - {profile_label(p, lang)}: {_band(rng, k.unit, lang)} — {source_text(rng.source, lang)}")
        for action in e.actions[lang]:
            lines.append(f"  * {action}")
        lines.append("")
    return "\n".join(lines)


def as_markdown() -> str:
    """docs/kpi-reference.md, both languages (`kpipack catalogue --markdown`)."""
    out = ["# KPI reference / 指標リファレンス", "",
           "Generated from the KPI registry and `resources/catalogue/` by `kpipack catalogue --markdown`;",
           "do not edit by hand. How benchmarks become a status is explained in [catalogue.md](catalogue.md).",
           "", "| Profile | プロファイル | `--industry` |", "|---|---|---|"]
    out += [f"| {v['en']} | {v['ja']} | `{p}` |" for p, v in profiles().items()]
    out.append("")
    for e in catalogue():
        k = e.kpi
        out += [f"## {k.label_en} / {k.label_ja} — `{k.id}`", "",
                f"- Unit: `{k.unit}` · {_DIRECTIONS[k.direction]['en']} / {_DIRECTIONS[k.direction]['ja']}",
                f"- Formula: {k.formula_en}", f"- 計算式: {k.formula_ja}",
                f"- Inputs: {', '.join(f'`{i}`' for i in e.inputs) or '–'}", "",
                e.description["en"], "", e.description["ja"], ""]
        if e.benchmarks:
            out += ["| Profile | Range | Source | Note |", "|---|---|---|---|"]
            for p in profiles():
                if p in e.benchmarks:
                    rng = e.benchmarks[p]
                    out.append(f"| {profile_label(p, 'en')} | {_band(rng, k.unit, 'en')} | "
                               f"{source_text(rng.source, 'en')}{' (derived)' if rng.derived else ''} | "
                               f"{rng.note['en']} {rng.note['ja']} |")
            out.append("")
        if e.actions["en"]:
            out += ["**Actions**", ""] + [f"- {a}" for a in e.actions["en"]] + ["", "**改善策**", ""]
            out += [f"- {a}" for a in e.actions["ja"]] + [""]
    return "\n".join(out).rstrip() + "\n"
