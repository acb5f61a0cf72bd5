"""The Japanese font that travels with the app (IPAexGothic, under the IPA
Font License; resources/fonts/). It is registered with Qt and with matplotlib
at start-up, so no widget or chart depends on the fonts the system has, or on
the font list matplotlib cached for this user before a font was installed."""
from __future__ import annotations

import logging
from pathlib import Path

from ..errors import KpipackError
from ..paths import bundled

FAMILY = "IPAexGothic"
FILE = ("resources", "fonts", "ipaexg.ttf")
log = logging.getLogger("kpipack.gui")
_qt_family: str | None = None


def font_file() -> Path | None:
    try:
        return bundled(*FILE)
    except KpipackError:
        log.warning("the bundled Japanese font %s is missing; Japanese needs a system font", "/".join(FILE))
        return None


def register_qt() -> str | None:
    """Add the font to Qt's database (once; needs the QApplication); its family or None."""
    global _qt_family
    if _qt_family is not None:
        return _qt_family
    from PySide6.QtGui import QFontDatabase

    path = font_file()
    if path is None:
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("Qt could not load the bundled font %s", path)
        return None
    _qt_family = families[0]
    return _qt_family


def register_matplotlib() -> list[str]:
    """Add the font to matplotlib's font list and put it first; the families
    charts draw with (DejaVu Sans, bundled with matplotlib, after it)."""
    import matplotlib
    from matplotlib import font_manager

    families = []
    path = font_file()
    if path is not None:
        if not any(Path(f.fname) == path for f in font_manager.fontManager.ttflist):
            font_manager.fontManager.addfont(str(path))
        families.append(font_manager.FontProperties(fname=str(path)).get_name())
    families.append("DejaVu Sans")
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = families
    matplotlib.rcParams["axes.unicode_minus"] = False
    # IPAexGothic has one weight; bold titles draw in it, which is no news for the log
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    return families
