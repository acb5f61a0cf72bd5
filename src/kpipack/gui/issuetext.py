"""Problems in the app's language: an Issue or an error, with field names
told the way the app names them."""
from __future__ import annotations

from ..errors import Issue, KpipackError
from ..messages import text
from .i18n import FIELD_LABELS, field_label, tr


def problem_text(item, lang: str) -> str:
    if isinstance(item, Issue):
        params = dict(item.params)
        name = _field_id(params.get("field"))
        if name:
            params["field"] = field_label(name, lang)
        return text(item.code, lang, **params)
    if isinstance(item, KpipackError):
        return item.message(lang)
    return tr("unexpected", lang)


def _field_id(value) -> str | None:
    """The field id behind a field named in an issue (the importer names some
    fields in English words, e.g. 'net sales')."""
    if not value:
        return None
    if value in FIELD_LABELS:
        return value
    from ..ingest.tables import FIELD_LABELS as ROW_WORDS  # deferred: pulls pandas

    for field, words in ROW_WORDS.items():
        if words == value:
            return field
    return None
