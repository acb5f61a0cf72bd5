"""Read-only access to a BuildResult for the views: rows by KPI and scope,
monthly series, store names. Nothing here computes a KPI; it looks values up
in what the pipeline returned."""
from __future__ import annotations

import math

from ..domain import month_add, partial_period
from .i18n import month_label, tr

TOTAL = "total"
# The KPIs a shop owner looks at first, in this order (those present are shown).
HEADLINE = ("net_sales", "gross_margin_pct", "transactions", "atv", "conversion_rate_pct", "sales_per_labor_hour",
            "gross_profit", "operating_profit", "shrinkage_pct")


# Against a whole month's budget, last month and last year these say nothing
# about a month the data covers in part (a tenth of a month reads −90 %).
COMPARISONS_OF_A_WHOLE_MONTH = ("variance", "variance_pct", "mom_pct", "yoy_pct", "status")


def partial_note(partial, lang: str) -> str:
    """Why a part month's comparisons are left out, with its days."""
    last = partial.last
    day = f"{last.year}年{last.month}月{last.day}日" if lang == "ja" else \
        f"{last.day} {month_label(last.strftime('%Y-%m'), 'en')}"
    return tr("partial_month_note", lang, last=day, days=partial.days, month_days=partial.month_days)


def partial_days(partial, lang: str) -> str:
    return tr("partial_month_days", lang, days=partial.days, month_days=partial.month_days)


def _num(value):
    if value is None:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


class Results:
    def __init__(self, result, currency: str = "JPY", area_unit: str | None = None):
        from ..kpis.registry import BY_ID, KPIS  # deferred: the registry pulls pandas

        self.result = result
        self.comp = result.computation
        self.defs = BY_ID
        self.order = [k.id for k in KPIS]
        self.currency = currency
        self.area_unit = area_unit or result.dataset.area_unit
        self.period = self.comp.period
        self.partial = partial_period(getattr(self.comp, "warnings", []), self.period)
        rows = result.rows if self.partial is None else [self._like_for_like(r) for r in result.rows]
        self._rows = {(r["id"], r["scope"]): r for r in rows}
        self.kpis = [k for k in self.order if any(key[0] == k for key in self._rows)]
        self.scopes = list(self.comp.scopes)
        self.channel_scopes = [s for s in getattr(self.comp, "channel_scopes", []) if "/" not in s]

    @staticmethod
    def _like_for_like(row: dict) -> dict:
        """A row of a part month as the views show it: the actual and the
        whole month's budget, without the comparisons that would set part of
        a month against whole ones. The results JSON keeps them all."""
        return {**row, **{key: None for key in COMPARISONS_OF_A_WHOLE_MONTH if key in row}}

    # ------------------------------------------------------------ labels
    def scope_label(self, scope: str, lang: str) -> str:
        if scope == TOTAL:
            return tr("all_stores", lang)
        if "channel:" in scope:  # channel:<name> or store:<id>/channel:<name>
            store, _, channel = scope.rpartition("channel:")
            return f"{self.scope_label(store.rstrip('/'), lang)} · {channel}" if store else channel
        code = scope.split(":", 1)[1]
        name = self.comp.store_names.get(code, code)
        return name if name == code else f"{name} ({code})"

    def kpi_label(self, kpi: str, lang: str) -> str:
        return self.defs[kpi].label(lang)

    def unit(self, kpi: str) -> str:
        return self.defs[kpi].unit

    def direction(self, kpi: str) -> str | None:
        return self.defs[kpi].direction

    # ------------------------------------------------------------ values
    def row(self, kpi: str, scope: str) -> dict | None:
        return self._rows.get((kpi, scope))

    def rows_for(self, scope: str) -> list[dict]:
        return [self._rows[(k, scope)] for k in self.kpis if (k, scope) in self._rows]

    def headline(self, scope: str, limit: int = 6) -> list[dict]:
        rows = [self._rows[(k, scope)] for k in HEADLINE if (k, scope) in self._rows
                and self._rows[(k, scope)].get("actual") is not None]
        return rows[:limit]

    def sales_months(self) -> list[str]:
        """Months with sales in the total, oldest first."""
        frame = self.comp.actual
        out = []
        for month in self.comp.months:
            if _num(self._at(frame, "net_sales", TOTAL, month)) is not None:
                out.append(month)
        return out

    def series(self, kpi: str, scope: str, months: list[str], which: str = "actual") -> list[float | None]:
        frame = {"actual": self.comp.actual, "budget": self.comp.budget}[which]
        return [None if which == "budget" and self._part_month(m) else _num(self._at(frame, kpi, scope, m))
                for m in months]

    def last_year(self, kpi: str, scope: str, months: list[str]) -> list[float | None]:
        return [None if self._part_month(m) else _num(self._at(self.comp.actual, kpi, scope, month_add(m, -12)))
                for m in months]

    def _part_month(self, month: str) -> bool:
        """A whole month's budget or last year beside a part month's actual
        is left out of the charts, as the comparisons are from the rows."""
        return self.partial is not None and month == self.period

    @staticmethod
    def _at(frame, kpi, scope, month):
        if kpi not in frame.columns:
            return None
        try:
            return frame.at[(scope, month), kpi]
        except KeyError:
            return None

    def issues(self) -> list[tuple[str, object]]:
        """("rejected" | "note", Issue) for every row left out and every note."""
        dataset = self.result.dataset
        out = [("rejected", i) for i in dataset.issues]
        out += [("note", w) for w in dataset.warnings + list(getattr(self.comp, "warnings", []))]
        return out
