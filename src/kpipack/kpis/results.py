"""The machine-readable results of contract section 4."""
from __future__ import annotations

import math

from .. import __version__
from ..domain import Settings
from ..ingest import Dataset
from .abc import abc_summary
from .engine import Computation

SCHEMA = "kpipack.results/1"


def _clean(value):
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def results_json(comp: Computation, rows: list[dict], abc, dataset: Dataset, settings: Settings,
                 extra: dict | None = None) -> dict:
    lang = settings.lang
    net_used = float(comp.lines["net_sales"].sum())
    data = {
        "schema": SCHEMA,
        "app_version": __version__,
        "period": comp.period,
        "currency": settings.currency,
        "fiscal_year_start": settings.fiscal_year_start,
        "stores": [{"id": s, "name": comp.store_names.get(s, s)} for s in comp.store_names],
        "kpis": [{k: _clean(v) for k, v in row.items()} for row in rows],
        "abc": abc_summary(abc),
        "data_quality": {
            "rows_read": dataset.rows_read,
            "rows_used": dataset.rows_used,
            "rows_rejected": dataset.rows_rejected,
            "net_sales_read": dataset.net_sales_read,
            "net_sales_used": net_used,
            "net_sales_rejected": dataset.net_sales_rejected,
            "issues": [i.as_json(lang) for i in dataset.issues],
            "warnings": [w.as_json(lang) for w in dataset.warnings + comp.warnings],
            "inputs": [{"file": f.path.name, "size": f.size, "sha256": f.sha256} for f in dataset.inputs],
            "read_as": read_as_notes(dataset, lang),
        },
    }
    if extra:
        data.update(extra)
    return data


def read_as_notes(dataset: Dataset, lang: str) -> list[dict]:
    """Each sheet a known export layout read, and that layout in words."""
    from ..ingest.export_profiles import read_as  # noqa: PLC0415

    return [{"file": s.file, "sheet": s.sheet, "profile": s.mapping.profile, "note": read_as(s.mapping.profile, lang)}
            for s in dataset.sheets if s.mapping.profile]


def results_text(results: dict) -> str:
    """The results as JSON text: a key of the top level per line, and each row of
    a list on a line of its own. json's C encoder writes the rows (indenting
    every field goes through its Python encoder: half a minute for the 200,000
    order-list rows of a chain)."""
    import json

    parts = []
    for key, value in results.items():
        if isinstance(value, list) and value:
            body = "[\n" + ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in value) + "\n ]"
        else:
            body = json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n ")
        parts.append(f" {json.dumps(key, ensure_ascii=False)}: {body}")
    return "{\n" + ",\n".join(parts) + "\n}"
