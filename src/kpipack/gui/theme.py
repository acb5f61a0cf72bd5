"""Look and feel: the font that draws Japanese well (the system's, else the
one bundled in resources/fonts), a calm light style, the status colours of
the pack, and the app's icons (found the same way in a checkout and in a
frozen app)."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from ..report.formats import STATUS_COLOURS, STATUS_FONTS

# First installed family wins; Japanese first for Japanese so kanji take
# Japanese glyph shapes rather than Chinese ones. IPAexGothic is bundled
# (fonts.py), so the list always ends in a family that draws Japanese.
UI_FONTS = {
    "ja": ["Yu Gothic UI", "Meiryo UI", "Hiragino Sans", "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic"],
    "en": ["Segoe UI", "Helvetica Neue", "Noto Sans", "Noto Sans CJK JP", "DejaVu Sans"],
}
CJK_FALLBACK = ["Noto Sans CJK JP", "Yu Gothic UI", "Meiryo UI", "Hiragino Sans", "IPAexGothic"]
ACCENT = "#1F3864"  # the pack's header colour
STATUS_FILL = STATUS_COLOURS
STATUS_TEXT = STATUS_FONTS


def resources_dir() -> Path:
    """resources/ beside the package (checkout) or inside a frozen bundle."""
    bases = [Path(__file__).resolve().parents[3], Path(__file__).resolve().parents[1]]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        bases.insert(0, Path(frozen))
    for base in bases:
        if (base / "resources").is_dir():
            return base / "resources"
    return bases[0] / "resources"


def app_icon() -> QIcon:
    path = resources_dir() / "icons" / "kpipack.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def ui_font(lang: str, size: float = 10.0) -> QFont:
    installed = set(QFontDatabase.families())
    wanted = UI_FONTS.get(lang, UI_FONTS["en"]) + CJK_FALLBACK
    families = [f for f in wanted if f in installed]
    font = QFont()
    if families:
        font.setFamilies(list(dict.fromkeys(families)))
    font.setPointSizeF(size)
    return font


STYLE = f"""
QMainWindow {{ background: #F6F7F9; }}
QToolBar {{ background: #FFFFFF; border: none; border-bottom: 1px solid #DADCE0; spacing: 6px; padding: 4px 8px; }}
QToolBar QToolButton {{ padding: 4px 8px; border-radius: 4px; }}
QToolBar QToolButton:hover {{ background: #E8EEF7; }}
QTabWidget::pane {{ border: 1px solid #DADCE0; background: #FFFFFF; border-radius: 4px; top: -1px; }}
QTabBar::tab {{ padding: 6px 16px; border: 1px solid transparent; border-bottom: none; color: #3C4043; }}
QTabBar::tab:selected {{ background: #FFFFFF; border-color: #DADCE0; border-top: 3px solid {ACCENT};
    border-top-left-radius: 4px; border-top-right-radius: 4px; color: #000000; }}
QGroupBox {{ font-weight: bold; border: 1px solid #DADCE0; border-radius: 6px; margin-top: 14px;
    background: #FFFFFF; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: {ACCENT}; }}
QHeaderView::section {{ background: #EEF1F6; color: #1F2937; padding: 4px 6px; border: none;
    border-right: 1px solid #DADCE0; border-bottom: 1px solid #DADCE0; font-weight: bold; }}
QTableView, QTreeView {{ background: #FFFFFF; alternate-background-color: #F8F9FB; gridline-color: #E5E7EB;
    selection-background-color: #D2E3FC; selection-color: #000000; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border: none; border-radius: 4px; padding: 6px 14px; }}
QPushButton#primary:disabled {{ background: #9AA5B8; }}
QLabel#hint {{ color: #5F6368; }}
QLabel#sectionTitle {{ font-size: 13pt; font-weight: bold; color: {ACCENT}; }}
QFrame#card {{ background: #FFFFFF; border: 1px solid #DADCE0; border-radius: 8px; }}
QStatusBar {{ background: #FFFFFF; border-top: 1px solid #DADCE0; }}
"""


def apply(app: QApplication, lang: str) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#F6F7F9"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#FFFFFF"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#F8F9FB"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#1A73E8"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#1F2937"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1F2937"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor("#1F2937"))
    palette.setColor(QPalette.ColorRole.Button, QColor("#FFFFFF"))
    app.setPalette(palette)
    from .fonts import register_qt

    register_qt()
    app.setFont(ui_font(lang))
    app.setStyleSheet(STYLE)
    app.setWindowIcon(app_icon())
