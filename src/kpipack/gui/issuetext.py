"""Problems in the app's language: an Issue or an error, with field names
told the way the app names them."""
from __future__ import annotations

from ..errors import Issue, KpipackError
from ..messages import text
from .i18n import FIELD_LABELS, field_label, tr


# Sheet problems said in the file list's own (shorter, actionable) words.
SHEET_PROBLEMS = ("sheet_no_role", "sheet_hidden", "sheet_missing_field", "sheet_column_doubt")
# Errors the app words itself, because it offers its own way out.
APP_WORDS = ("password_protected", "password_wrong", "date_order_unclear", "date_order_mixed")


def problem_text(item, lang: str, with_file: bool = True, short: bool = False) -> str:
    """`with_file` False: without the file name in front (shown under the file);
    `short`: sheet problems in the file list's words."""
    if isinstance(item, Issue):
        params = dict(item.params)
        name = _field_id(params.get("field"))
        if name:
            params["field"] = field_label(name, lang)
        if short and item.code in SHEET_PROBLEMS:
            return tr(item.code, lang, **{k: v for k, v in params.items() if k in ("field", "column")})
        return text(item.code, lang, **params)
    if isinstance(item, KpipackError):
        if item.code in APP_WORDS:  # the command line's advice (--password) does not fit the app
            return tr(item.code, lang, file=item.file or "", sheet=item.sheet or "", **item.params)
        if with_file:
            return item.message(lang)
        body = text(item.code, lang, **item.params)
        return f"[{item.sheet}]: {body}" if item.sheet else body
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
