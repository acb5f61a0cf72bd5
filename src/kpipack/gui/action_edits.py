"""The owners, dates, progress and notes typed into the Actions tab, kept on
disk as they are typed, so closing the app before the pack is exported loses
nothing. Each month's edits are kept under that month and the stores of the
data, so the sample stores' edits never show on a chain's own month. Plain
Python (no Qt): one JSON file in the user's data folder."""
from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

log = logging.getLogger("kpipack.gui")
FILE_NAME = "action-edits.json"
VERSION = 1


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("kpipack", appauthor=False))


def month_key(period: str, scopes: list[str]) -> str:
    """"2026-10 S01,S02,S03": the month and the stores its edits belong to."""
    stores = sorted(s.split(":", 1)[1] for s in scopes if s.startswith("store:"))
    return f"{period} {','.join(stores)}".strip()


def _due_text(value) -> str:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value or "")


def _due_value(text: str):
    """As the Actions tab reads a typed date: a date, else the text as written."""
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        return text


class ActionEdits:
    """Edits per month key; written (atomically) on every change."""

    def __init__(self, path: Path | None = None, persist: bool = True):
        self.path = Path(path) if path else data_dir() / FILE_NAME
        self.persist = persist  # False: kept in memory only (screenshots)
        self._months: dict[str, dict] = {}
        if persist:
            self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self._months = {str(k): dict(v) for k, v in data.get("months", {}).items()}
        except FileNotFoundError:
            return
        except (OSError, ValueError, AttributeError, TypeError):
            # a damaged file must not stop the app: the pack still holds what was exported
            log.warning("action edits at %s could not be read; starting without them", self.path, exc_info=True)
            self._months = {}

    def get(self, key: str) -> dict:
        """key -> PreviousAction of the month's edits."""
        from ..report.previous import PreviousAction

        out = {}
        for action_key, raw in self._months.get(key, {}).items():
            try:
                out[action_key] = PreviousAction(action_key, str(raw.get("action", "")), str(raw.get("owner", "")),
                                                 _due_value(str(raw.get("due", ""))),
                                                 str(raw.get("progress", "not_started")), str(raw.get("notes", "")))
            except AttributeError:
                continue  # a hand-edited entry that is not a record
        return out

    def put(self, key: str, edits: dict) -> None:
        self._months[key] = {k: {"action": e.action, "owner": e.owner, "due": _due_text(e.due),
                                 "progress": e.progress, "notes": e.notes} for k, e in edits.items()}
        self._save()

    def _save(self) -> None:
        from ..outputs import atomic_target

        if not self.persist:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_target(self.path) as tmp:
                tmp.write_text(json.dumps({"version": VERSION, "months": self._months}, ensure_ascii=False,
                                          indent=1), encoding="utf-8")
        except Exception:  # noqa: BLE001 - a full disk must not lose the edit on screen; the log says why
            log.warning("action edits could not be saved to %s", self.path, exc_info=True)
