"""Reading last month's pack (`--previous PACK.xlsx`): the improvement actions
with their owners, due dates, progress and notes.

The actions sheet marks its key column with `KEY_HEADER`; the action, owner,
due date, progress and notes sit in the five columns before it, the month
the action was opened and its KPI's value then in the two after it (see
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
OPENED_HEADER = "kpipack:opened"
BASELINE_HEADER = "kpipack:baseline"
PROGRESS = ("not_started", "in_progress", "done")


@dataclass(frozen=True)
class PreviousAction:
    key: str
    action: str
    owner: str
    due: dt.datetime | str | None
    progress: str  # one of PROGRESS
    notes: str
    opened: str | None = None  # YYYY-MM the action first appeared (packs before this column: None)
    baseline: float | None = None  # its KPI's value that month

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
    return read_pack_actions(path)[1]


def read_pack_actions(path: str | Path) -> tuple[str | None, dict[str, PreviousAction]]:
    """The month a pack reports on (None if it does not say) and its actions by key."""
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
        title = str(wb.properties.title or "")  # "KPI pack YYYY-MM" (report/pack.py)
        period = title.rsplit(" ", 1)[-1] if title.startswith("KPI pack ") else None
        for ws in wb.worksheets:
            found = _read_sheet(ws)
            if found is not None:
                return period, found
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
        opened, baseline = (tuple(row[key_col + 1:key_col + 3]) + (None, None))[:2]
        key = str(row[key_col])
        out[key] = PreviousAction(key, _text(action), _text(owner),
                                  due if isinstance(due, dt.datetime) else (_text(due) or None),
                                  canonical_progress(progress), _text(notes), _text(opened) or None,
                                  float(baseline) if isinstance(baseline, (int, float)) else None)
    return out if key_col is not None else None
