"""Pack layouts for the three audiences, defined as data in templates/packs/."""
from __future__ import annotations

import tomllib
from pathlib import Path

from ..errors import KpipackError
from ..paths import bundled

LAYOUTS = ("board", "store", "stocktake")


def layouts_dir() -> Path:
    return bundled("templates", "packs")


def load_layout(name: str) -> dict:
    path = layouts_dir() / f"{name}.toml"
    if name not in LAYOUTS or not path.exists():
        raise KpipackError("unknown_pack", pack=name, choices=", ".join(LAYOUTS))
    return tomllib.loads(path.read_text(encoding="utf-8"))
