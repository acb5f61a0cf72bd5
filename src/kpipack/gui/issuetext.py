"""Problems in the app's language: an Issue or an error (the field it names
in the words of `kpipack.field_names`, like every message)."""
from __future__ import annotations

from ..errors import Issue, KpipackError
from ..messages import text
from .i18n import field_label, tr


# Sheet problems said in the file list's own (shorter, actionable) words.
SHEET_PROBLEMS = ("sheet_no_role", "sheet_no_role_near", "sheet_hidden", "sheet_missing_field", "sheet_column_doubt",
                  "sheet_column_doubt_rival")
# Errors the app words itself, because it offers its own way out.
APP_WORDS = ("password_protected", "password_wrong", "date_order_unclear", "date_order_mixed", "date_no_year",
             "date_weekday_wrong", "date_weekday_order")


def problem_text(item, lang: str, with_file: bool = True, short: bool = False) -> str:
    """`with_file` False: without the file name in front (shown under the file);
    `short`: sheet problems in the file list's words."""
    if isinstance(item, Issue):
        params = dict(item.params)
        if short and item.code in SHEET_PROBLEMS:
            if params.get("field"):
                params["field"] = field_label(params["field"], lang)
            return tr(item.code, lang, **{k: v for k, v in params.items() if k in ("field", "column", "rival")})
        return text(item.code, lang, **params)
    if isinstance(item, KpipackError):
        if item.code in APP_WORDS:  # the command line's advice (--password) does not fit the app
            return tr(item.code, lang, file=item.file or "", sheet=item.sheet or "", **item.params)
        if with_file:
            return item.message(lang)
        body = text(item.code, lang, **item.params)
        return f"[{item.sheet}]: {body}" if item.sheet else body
    return tr("unexpected", lang)

