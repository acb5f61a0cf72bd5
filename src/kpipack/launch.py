"""`make run`: the app on the bundled samples, or headless into out/ without a display."""
from __future__ import annotations

import os
import sys
from pathlib import Path


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def qt_can_start() -> bool:
    """Qt aborts the whole process when its platform plugin cannot load (for
    example missing xcb libraries); try it in a child first."""
    import subprocess

    probe = "from PySide6.QtWidgets import QApplication; QApplication([])"
    try:
        return subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


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
        if qt_can_start():
            from .gui.app import run

            return run(lang=os.environ.get("KPIPACK_LANG"), load_samples=True)  # None: saved or system language
        print("kpipack: the window cannot open on this display (no usable display, or Qt's platform libraries are missing); "
              "building the sample pack instead", file=sys.stderr)
    print(headless_sample(lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
