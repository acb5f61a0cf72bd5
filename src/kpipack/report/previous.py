"""Reading last month's pack (`--previous PACK.xlsx`): the improvement actions
with their owners, due dates, progress and notes.

The actions sheet marks its key column with `KEY_HEADER`; the action, owner,
due date, progress and notes sit in the five columns before it (see
docs/pack.md). Sheets are found by that marker, not by name, so a pack made
in the other language reads the same.
"""
from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..errors import KpipackError
from .labels import LABELS

KEY_HEADER = "kpipack:action-key"
PROGRESS = ("not_started", "in_progress", "done")


@dataclass(frozen=True)
class PreviousAction:
    key: str
    action: str
    owner: str
    due: dt.datetime | str | None
    progress: str  # one of PROGRESS
    notes: str

    @property
    def open(self) -> bool:
        return self.progress != "done"

    @property
    def has_content(self) -> bool:
        return bool(self.owner or self.due or self.notes or self.progress != "not_started")


def canonical_progress(text) -> str:
    """'Done', '完了', 'done' -> 'done'; blank or unknown -> 'not_started'."""
    value = str(text or "").strip().casefold()
    for code in PROGRESS:
        entry = LABELS[f"act_{code}"]
        if value in (code, *(v.casefold() for v in entry.values())):
            return code
    return "not_started"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_previous(path: str | Path) -> dict[str, PreviousAction]:
    """Actions of a previous pack by key. Raises KpipackError when the file cannot
    be read or holds no actions sheet."""
    import openpyxl  # noqa: PLC0415 - only needed with --previous

    path = Path(path)
    if not path.is_file():
        raise KpipackError("file_missing", file=str(path))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl skips the pack's sparklines, which is fine here
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any reader failure is the same message to the user
        raise KpipackError("previous_unreadable", file=path.name, detail=type(exc).__name__) from exc
    try:
        for ws in wb.worksheets:
            found = _read_sheet(ws)
            if found is not None:
                return found
    finally:
        wb.close()
    raise KpipackError("previous_no_actions", file=path.name)


def _read_sheet(ws) -> dict[str, PreviousAction] | None:
    key_col = None
    out: dict[str, PreviousAction] = {}
    for row in ws.iter_rows(values_only=True):
        if key_col is None:
            for i, value in enumerate(row):
                if value == KEY_HEADER and i >= 5:
                    key_col = i
            continue
        if len(row) <= key_col or not row[key_col]:
            continue
        action, owner, due, progress, notes = row[key_col - 5:key_col]
        key = str(row[key_col])
        out[key] = PreviousAction(key, _text(action), _text(owner),
                                  due if isinstance(due, dt.datetime) else (_text(due) or None),
                                  canonical_progress(progress), _text(notes))
    return out if key_col is not None else None
