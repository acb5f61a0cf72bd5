"""Saved column mappings ("profiles"), keyed by a sheet's header signature.

When a user fixes how a sheet's columns are read, the choice is stored under
the signature of its headers; next month's export has the same headers, so
the same choice is applied to it without asking. Plain Python (no Qt): the
profiles live in one JSON file in the user's config folder.
"""
from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path

log = logging.getLogger("kpipack.gui")
FILE_NAME = "mapping-profiles.json"
VERSION = 1


@dataclass
class SheetChoice:
    """How a sheet is read: its role (None: skip the sheet) and each header's
    field ('' for a column that is not used)."""

    role: str | None
    fields: dict[str, str]
    headers: list[str] = field(default_factory=list)
    example: str = ""  # "file:sheet" the choice was made on, to show the user
    saved_at: str = ""
    date_order: str = ""  # 'dmy' or 'mdy' where the user said how dates such as 10/01/2026 read
    year: str = ""  # the year the user gave to dates written without one (10/1(木)): this file's only, never saved

    def section(self) -> dict[str, str]:
        """The `Mapping` section that makes the importer read the sheet this way."""
        if self.role is None:
            return {h: "" for h in (self.headers or self.fields) if h}
        dates = {"_date_order": self.date_order} if self.date_order else {}
        if self.year:
            dates["_year"] = self.year
        return {**{h: f for h, f in self.fields.items() if h}, "_role": self.role, **dates}


def config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("kpipack", appauthor=False))


class ProfileStore:
    """The saved choices, loaded once and written (atomically) on every change."""

    def __init__(self, path: Path | None = None, persist: bool = True):
        self.path = Path(path) if path else config_dir() / FILE_NAME
        self.persist = persist  # False: kept in memory only (screenshots, demos)
        self._profiles: dict[str, SheetChoice] = {}
        if persist:
            self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            for signature, raw in data.get("profiles", {}).items():
                self._profiles[signature] = SheetChoice(
                    raw.get("role"), dict(raw.get("fields", {})), list(raw.get("headers", [])),
                    raw.get("example", ""), raw.get("saved_at", ""), raw.get("date_order", ""))
        except FileNotFoundError:
            return
        except (OSError, ValueError, AttributeError, TypeError):
            # A damaged profile file must not stop the app; the user re-maps once.
            log.warning("mapping profiles at %s could not be read; starting without them", self.path,
                        exc_info=True)
            self._profiles = {}

    def get(self, signature: str | None) -> SheetChoice | None:
        return self._profiles.get(signature) if signature else None

    def put(self, signature: str, choice: SheetChoice) -> None:
        choice = replace(choice, year="")  # a file's year is never carried to other files
        choice.saved_at = choice.saved_at or datetime.now().isoformat(timespec="seconds")
        self._profiles[signature] = choice
        self._save()

    def forget(self, signature: str) -> None:
        if self._profiles.pop(signature, None) is not None:
            self._save()

    def snapshot(self) -> dict[str, SheetChoice]:
        """A copy for a background job to read while the user edits the store."""
        return dict(self._profiles)

    def __len__(self) -> int:
        return len(self._profiles)

    def _save(self) -> None:
        from ..outputs import atomic_target

        if not self.persist:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": VERSION, "profiles": {s: asdict(c) for s, c in self._profiles.items()}}
        with atomic_target(self.path) as tmp:
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def build_mapping(sections: dict[str, SheetChoice]):
    """A `kpipack.ingest.Mapping` from the choices per "file:sheet" key."""
    from ..ingest import Mapping

    return Mapping({key: choice.section() for key, choice in sections.items()})
