"""Plain-language findings for the executive summary: the few movements a
reader should know about, chosen from the numbers (largest budget variances
and changes), worded in the pack's language.

Nothing is computed here beyond choosing and wording: every figure comes
from the engine's comparison rows.
"""
from __future__ import annotations

from ..currency import CURRENCY_SYMBOLS
from ..kpis.engine import pct_change
from ..kpis.registry import BY_ID
from .labels import label

MIN_FINDINGS, MAX_FINDINGS = 3, 6
# A change must be at least this large (%, or points for % KPIs) to be worth a sentence.
NOTABLE_PCT, NOTABLE_POINTS = 0.5, 0.2
# Relative weight of each kind of finding when choosing the most telling ones.
WEIGHTS = {"budget": 1.0, "yoy": 0.8, "mom": 0.5}
FLAGGED = {"red": 1000.0, "amber": 500.0}
POINT_UNITS = ("pct", "points")  # changes in these are told in points, not as a % of a %
FALLBACK_KPIS = ("gross_margin_pct", "transactions", "atv", "gross_profit", "units_per_transaction")


def short_money(value: float, lang: str, currency: str = "JPY") -> str:
    sign = "-" if value < 0 else ""
    v = abs(value)
    if lang == "ja" and currency == "JPY":
        if v >= 1e8:
            return f"{sign}{v / 1e8:,.2f}億円"
        if v >= 1e6:
            return f"{sign}{v / 1e4:,.0f}万円"
        if v >= 1e4:
            return f"{sign}{v / 1e4:,.1f}万円"
        return f"{sign}{v:,.0f}円"
    prefix = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    if v >= 1e9:
        return f"{sign}{prefix}{v / 1e9:,.2f}bn"
    if v >= 1e6:
        return f"{sign}{prefix}{v / 1e6:,.2f}m"
    return f"{sign}{prefix}{v:,.0f}" if v >= 100 or currency == "JPY" else f"{sign}{prefix}{v:,.2f}"  # $22.72


def say_value(value: float, unit: str, lang: str, currency: str = "JPY") -> str:
    """A KPI value as a reader would say it."""
    if unit in ("money", "money_per_area", "money_per_hour"):
        return short_money(value, lang, currency)
    if unit == "pct":
        return f"{value:.1f}%"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "days":
        return f"{value:.1f}日" if lang == "ja" else f"{value:.1f} days"
    if unit == "times":
        return f"{value:.1f}回" if lang == "ja" else f"{value:.1f}×"
    if unit == "weeks":
        return f"{value:.1f}週" if lang == "ja" else f"{value:.1f} weeks"
    if unit == "hours":
        return f"{value:,.0f}時間" if lang == "ja" else f"{value:,.0f} h"
    if unit in ("units", "ratio"):
        return f"{value:.2f}"
    return f"{value:,.1f}"


def say_change(row: dict, base_key: str, pct_key: str, lang: str) -> str:
    """The size of a change: points for % KPIs, else a percentage."""
    kpi = BY_ID[row["id"]]
    if kpi.unit in POINT_UNITS:
        points = abs(row["actual"] - row[base_key])
        return f"{points:.1f}{label('points_word', lang)}"
    return f"{abs(row[pct_key]):.1f}%"


def _notable(row: dict, base_key: str, pct_key: str) -> float | None:
    """How notable a change is (relative %, or points × 5 for % KPIs); None when too small."""
    if row.get(pct_key) is None or row.get(base_key) is None or row.get("actual") is None:
        return None
    if BY_ID[row["id"]].unit in POINT_UNITS:
        points = abs(row["actual"] - row[base_key])
        return points * 5 if points >= NOTABLE_POINTS else None
    size = abs(row[pct_key])
    return size if size >= NOTABLE_PCT else None


def headline(row: dict, lang: str, currency: str) -> str | None:
    if row is None or row.get("actual") is None:
        return None
    actual = say_value(row["actual"], "money", lang, currency)
    parts = []
    if row.get("variance_pct") is not None:
        key = "vs_budget_up" if row["variance_pct"] >= 0 else "vs_budget_down"
        parts.append(label(key, lang).format(pct=f"{abs(row['variance_pct']):.1f}%"))
    if row.get("yoy_pct") is not None:
        key = "vs_year_up" if row["yoy_pct"] >= 0 else "vs_year_down"
        parts.append(label(key, lang).format(pct=f"{abs(row['yoy_pct']):.1f}%"))
    elif row.get("mom_pct") is not None:
        key = "vs_month_up" if row["mom_pct"] >= 0 else "vs_month_down"
        parts.append(label(key, lang).format(pct=f"{abs(row['mom_pct']):.1f}%"))
    if not parts:
        return label("f_sales_only", lang).format(actual=actual)
    return label("f_sales", lang).format(actual=actual, detail=label("list_sep", lang).join(parts))


def _sentence(kind: str, row: dict, lang: str, currency: str) -> str:
    kpi = BY_ID[row["id"]]
    name = kpi.label(lang)
    actual = say_value(row["actual"], kpi.unit, lang, currency)
    if kind == "budget":
        up = row["variance"] >= 0
        return label("f_budget_up" if up else "f_budget_down", lang).format(
            kpi=name, actual=actual, budget=say_value(row["budget"], kpi.unit, lang, currency),
            change=say_change(row, "budget", "variance_pct", lang))
    base_key, pct_key = ("prev_year", "yoy_pct") if kind == "yoy" else ("prev_month", "mom_pct")
    up = row["actual"] >= row[base_key]
    return label(f"f_{kind}_{'up' if up else 'down'}", lang).format(
        kpi=name, actual=actual, prev=say_value(row[base_key], kpi.unit, lang, currency),
        change=say_change(row, base_key, pct_key, lang))


def store_spread(pack, lang: str) -> str | None:
    """Which store is weakest and strongest against its sales budget, or else
    against last year."""
    for pct_key, key in (("variance_pct", "f_stores"), ("yoy_pct", "f_stores_growth")):
        rows = [pack.row("net_sales", s) for s in pack.store_scopes]
        rows = [r for r in rows if r and r.get(pct_key) is not None]
        if len(rows) < 2:
            continue
        worst = min(rows, key=lambda r: r[pct_key])
        best = max(rows, key=lambda r: r[pct_key])
        return label(key, lang).format(
            worst=pack.scope_name(worst["scope"]), worst_pct=f"{worst[pct_key]:+.1f}%",
            best=pack.scope_name(best["scope"]), best_pct=f"{best[pct_key]:+.1f}%")
    return None


def year_to_date(row: dict | None, lang: str, currency: str) -> str | None:
    """Net sales of the fiscal year so far (against its budget where there is one)."""
    if not row or row.get("ytd") is None:
        return None
    ytd = say_value(row["ytd"], "money", lang, currency)
    change = pct_change(row["ytd"], row.get("ytd_budget"))
    if change is None:
        return label("f_ytd", lang).format(ytd=ytd)
    key = "vs_budget_up" if change >= 0 else "vs_budget_down"
    return label("f_ytd_budget", lang).format(ytd=ytd, detail=label(key, lang).format(pct=f"{abs(change):.1f}%"))


def status_count(rows: dict, lang: str) -> str | None:
    statuses = [r["status"] for r in rows.values() if r["status"] != "none"]
    if not statuses:
        return None
    return label("f_status", lang).format(n=len(statuses), green=statuses.count("green"),
                                          amber=statuses.count("amber"), red=statuses.count("red"))


def _adverse(row: dict) -> bool:
    kpi = BY_ID[row["id"]]
    return (row["variance"] < 0) if kpi.direction == "higher" else (row["variance"] > 0)


def findings(pack, scope: str) -> list[str]:
    """3 to 6 sentences for one scope: sales first, then the worst budget miss, the
    largest change on last year and on last month, the best budget beat, then
    whatever else moved most."""
    lang, currency = pack.lang, pack.settings.currency
    rows = pack.rows_for(scope)
    out: list[str] = []
    first = headline(rows.get("net_sales"), lang, currency)
    if first:
        out.append(first)
    candidates = []
    for row in rows.values():
        kpi = BY_ID[row["id"]]
        if kpi.direction is None or row.get("actual") is None:
            continue
        for kind, base_key, pct_key in (("budget", "budget", "variance_pct"), ("yoy", "prev_year", "yoy_pct"),
                                        ("mom", "prev_month", "mom_pct")):
            if row["id"] == "net_sales" and kind != "mom":
                continue  # the first sentence already says it
            score = _notable(row, base_key, pct_key)
            if kind == "budget" and row["status"] in FLAGGED and row.get("variance") is not None:
                score = FLAGGED[row["status"]]  # a KPI off its budget is always worth a sentence
            if score is not None:
                candidates.append((score * WEIGHTS[kind], kind, row))
    candidates.sort(key=lambda c: (-c[0], c[2]["id"], c[1]))
    extras = [s for s in (store_spread(pack, lang) if scope == "total" else None, status_count(rows, lang)) if s]
    room = MAX_FINDINGS - len(out) - min(len(extras), 1)
    used: set[str] = set()
    wanted = [lambda c: c[1] == "budget" and _adverse(c[2]), lambda c: c[1] == "yoy", lambda c: c[1] == "mom",
              lambda c: c[1] == "budget", lambda c: True]
    for test in wanted:
        for cand in candidates:
            if room <= 0 or cand[2]["id"] in used or not test(cand):
                continue
            out.append(_sentence(cand[1], cand[2], lang, currency))
            used.add(cand[2]["id"])
            room -= 1
            if test is not wanted[-1]:
                break
    for extra in extras:
        if len(out) < MAX_FINDINGS:
            out.append(extra)
    ytd = year_to_date(rows.get("net_sales"), lang, currency)
    if ytd and len(out) < MIN_FINDINGS:
        out.append(ytd)
    for kpi_id in FALLBACK_KPIS:  # little history or budget: state the levels instead
        row = rows.get(kpi_id)
        if len(out) >= MIN_FINDINGS or not row or row.get("actual") is None or kpi_id in used:
            continue
        kpi = BY_ID[kpi_id]
        out.append(label("f_value", lang).format(kpi=kpi.label(lang),
                                                 actual=say_value(row["actual"], kpi.unit, lang, currency)))
    if len(out) < MIN_FINDINGS:
        out.append(label("f_little_data", lang))
    return out[:MAX_FINDINGS]
