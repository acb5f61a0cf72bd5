"""Pack layouts for the three audiences, defined as data in templates/packs/."""
from __future__ import annotations

import tomllib
from pathlib import Path

from ..errors import KpipackError

LAYOUTS = ("board", "store", "stocktake")


def layouts_dir() -> Path:
    here = Path(__file__).resolve()
    for base in (here.parents[3], here.parents[1]):
        candidate = base / "templates" / "packs"
        if candidate.is_dir():
            return candidate
    raise KpipackError("file_missing", file="templates/packs")


def load_layout(name: str) -> dict:
    path = layouts_dir() / f"{name}.toml"
    if name not in LAYOUTS or not path.exists():
        raise KpipackError("unknown_pack", pack=name, choices=", ".join(LAYOUTS))
    return tomllib.loads(path.read_text(encoding="utf-8"))
