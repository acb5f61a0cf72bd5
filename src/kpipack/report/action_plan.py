"""Which improvement actions a month has, and what each carries: the one list
the pack's actions sheet writes and the app's Actions tab edits.

An action is opened the first month its line appears (its KPI's value then is
its baseline); while it stays open, next month's pack carries over its owner,
due date, progress, notes, the month it was opened and the baseline. `edits`
(the app's) override a line's owner, due date, progress and notes this month.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..kpis.registry import BY_ID
from .labels import LABELS, label
from .previous import PreviousAction

STATUS_ORDER = {"red": 0, "amber": 1}
OTHER_ROWS = 5  # blank rows for actions the reader adds


@dataclass(frozen=True)
class ActionLine:
    key: str
    scope: str  # "other" for the reader's own actions
    kpi: str  # "" for the reader's own actions
    text: str
    editable: bool  # the action's text is the reader's (not the catalogue's)
    section: str  # "flagged", "still_open" or "other"
    owner: str = ""
    due: dt.datetime | str | None = None
    progress: str = "not_started"
    notes: str = ""
    opened: str | None = None  # YYYY-MM
    baseline: float | None = None  # the KPI's value when the action was opened

    @property
    def open(self) -> bool:
        return self.progress != "done"

    def overdue(self, today: dt.date) -> bool:
        due = self.due.date() if isinstance(self.due, dt.datetime) else self.due
        return self.open and isinstance(due, dt.date) and due < today


def catalogue_actions(kpi_id: str, lang: str) -> list[str]:
    """The KPI catalogue's actions for a KPI ([] where it has none)."""
    try:
        from ..kpis.catalogue import actions_for  # noqa: PLC0415 - optional module
    except ImportError:
        return []
    try:
        return [str(a) for a in (actions_for(kpi_id, lang) or [])]
    except LookupError:
        return []


def flagged(rows: list[dict], scopes: list[str]) -> list[dict]:
    """Rows to act on: amber or red, red first, the main scope first."""
    order = {s: i for i, s in enumerate(scopes)}
    found = [r for r in rows if r["status"] in STATUS_ORDER and r["scope"] in order]
    return sorted(found, key=lambda r: (order[r["scope"]], STATUS_ORDER[r["status"]], list(BY_ID).index(r["id"])))


def action_key(scope: str, kpi_id: str, english_text: str) -> str:
    return f"{scope}|{kpi_id}|{english_text}"


def split_key(key: str) -> tuple[str, str]:
    """(scope, kpi id) of a key; ("other", "") for the reader's own lines."""
    if key.startswith("other|"):
        return "other", ""
    scope, kpi_id, _ = (key.split("|", 2) + ["", ""])[:3]
    return scope, kpi_id


def is_placeholder(text: str) -> bool:
    return text.strip() in LABELS["action_to_agree"].values()


def plan_actions(rows: list[dict], scopes: list[str], lang: str, period: str,
                 previous: dict[str, PreviousAction] | None = None,
                 edits: dict[str, PreviousAction] | None = None) -> list[ActionLine]:
    """Every action line of the month, in the pack's order: the flagged KPIs'
    actions, then open actions of KPIs no longer flagged, then the reader's own
    (with blank lines to add more)."""
    previous, edits = previous or {}, edits or {}
    actual = {(r["id"], r["scope"]): r.get("actual") for r in rows}
    lines: list[ActionLine] = []

    def line(key, scope, kpi, text, editable, section, prev):
        carried = prev is not None and prev.open
        base = ActionLine(key, scope, kpi, text, editable, section)
        if carried:
            base = replace(base, owner=prev.owner, due=prev.due, progress=prev.progress, notes=prev.notes,
                           opened=prev.opened or period,
                           baseline=prev.baseline if prev.opened else actual.get((kpi, scope)))
            if editable and prev.action and not is_placeholder(prev.action):
                base = replace(base, text=prev.action)
        else:
            base = replace(base, opened=period, baseline=actual.get((kpi, scope)))
        edit = edits.get(key)
        if edit is not None:
            base = replace(base, owner=edit.owner, due=edit.due, progress=edit.progress, notes=edit.notes,
                           text=edit.action if editable and edit.action else base.text)
        lines.append(base)

    used: set[str] = set()
    for r in flagged(rows, scopes):
        texts = catalogue_actions(r["id"], lang)
        english = catalogue_actions(r["id"], "en") if lang != "en" else texts
        if len(english) != len(texts):
            english = texts
        entries = [(t, e, False) for t, e in zip(texts, english)] or [(label("action_to_agree", lang), "", True)]
        for text, english_text, editable in entries:
            key = action_key(r["scope"], r["id"], english_text)
            used.add(key)
            line(key, r["scope"], r["id"], text, editable, "flagged", previous.get(key))
    for key, prev in previous.items():  # open actions of KPIs no longer flagged
        scope, kpi_id = split_key(key)
        if key in used or not prev.open or scope == "other" or kpi_id not in BY_ID or not prev.has_content:
            continue
        line(key, scope, kpi_id, prev.action or label("action_to_agree", lang), True, "still_open", prev)
    others = [p for k, p in previous.items() if k.startswith("other|") and p.open and p.action]
    for n in range(max(OTHER_ROWS, len(others) + 2)):
        prev = others[n] if n < len(others) else None
        line(f"other|{n + 1}", "other", "", prev.action if prev else "", True, "other", prev)
    return lines


def done_since(previous: dict[str, PreviousAction]) -> list[PreviousAction]:
    """Actions of a KPI marked done in the previous pack (they leave the list)."""
    return [p for k, p in previous.items() if not p.open and split_key(k)[1] in BY_ID]
