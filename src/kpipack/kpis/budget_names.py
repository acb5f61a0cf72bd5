"""Which KPI a budget names ('売上予算', 'Sales budget', '客数'): the one
reading of a budget's KPI names, for the importer (which values a stated
unit scales) and the engine (which KPI a budget row is for)."""
from __future__ import annotations

from ..ingest.headers import fields_for, normalise, strip_budget_words
from .registry import BY_ID, KPIS

_KPI_NAMES: dict[str, str] = {}
for _k in KPIS:
    for _name in (_k.id, _k.label_en, _k.label_ja, *_k.aliases):
        _KPI_NAMES.setdefault(normalise(_name), _k.id)
        _KPI_NAMES.setdefault(strip_budget_words(_name), _k.id)


def kpi_for_budget_name(name: object) -> str | None:
    """The KPI a budget's name names: a KPI's own name, else a field's header word where the field is a KPI
    (Umsatz, Ventas, Besucher: net sales, visitors)."""
    if name is None or name != name:  # None or NaN
        return None
    return _KPI_NAMES.get(normalise(name)) or _KPI_NAMES.get(strip_budget_words(name)) or next(
        (f for f in fields_for(strip_budget_words(name)) if f in BY_ID), None)


def is_money_budget(name: object) -> bool:
    """A budget in money (net sales, ATV …): the one kind a header's 千円 scales;
    counts, units and percentages are as written."""
    kpi = kpi_for_budget_name(name)
    return kpi is not None and BY_ID[kpi].unit.startswith("money")
