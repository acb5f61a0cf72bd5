"""Where the bundled files are, the same way from a checkout, an installed
package or a frozen app (PyInstaller unpacks them under sys._MEIPASS)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import KpipackError


def _roots() -> list[Path]:
    roots = []
    if os.environ.get("KPIPACK_HOME"):
        roots.append(Path(os.environ["KPIPACK_HOME"]))
    if getattr(sys, "_MEIPASS", None):
        roots.append(Path(sys._MEIPASS))
    here = Path(__file__).resolve()
    roots += [here.parents[2], here.parent]  # repository root (src layout), then the package itself
    return roots


def bundled(*parts: str) -> Path:
    """A bundled folder or file, e.g. bundled("resources", "samples")."""
    for root in _roots():
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    raise KpipackError("file_missing", file="/".join(parts))
