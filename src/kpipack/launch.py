"""`make run`: the app on the bundled samples, or headless into out/ without a display."""
from __future__ import annotations

import os
import sys
from pathlib import Path


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def headless_sample(lang: str = "ja", out_dir: Path = Path("out")) -> Path:
    from .domain import Settings
    from .pipeline import build_pack, samples_dir

    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"kpi-pack-sample-{lang}.xlsx"
    build_pack([samples_dir()], Settings(lang=lang, company="サンプル商事" if lang == "ja" else "Sample Retail Co."),
               out=out, json_out=out.with_suffix(".json"))
    return out.resolve()


def main() -> int:
    lang = os.environ.get("KPIPACK_LANG", "ja")
    if has_display():
        try:
            from .gui.app import run
        except ImportError:
            run = None
        if run is not None:
            return run(lang=os.environ.get("KPIPACK_LANG"), load_samples=True)  # None: saved or system language
    print(headless_sample(lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
