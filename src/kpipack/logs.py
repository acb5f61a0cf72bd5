"""Where full error details go: a log file in the user's log folder."""
from __future__ import annotations

from pathlib import Path


def log_path() -> Path:
    from platformdirs import user_log_dir

    folder = Path(user_log_dir("kpipack", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "kpipack.log"
