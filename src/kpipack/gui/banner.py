"""A message bar across the top of the window: a plain sentence, optional
buttons, and an expandable details section. Errors, results and hints all
use it, so nothing pops up over the user's work."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QStyle, QToolButton,
                               QVBoxLayout, QWidget)

from .i18n import tr

# (text, details, [(button label, callback)]) in one language
Message = tuple[str, str, list[tuple[str, Callable[[], None]]]]

KINDS = {
    "error": ("#FDECEA", "#B3261E", QStyle.StandardPixmap.SP_MessageBoxCritical),
    "warning": ("#FFF4E5", "#8A5300", QStyle.StandardPixmap.SP_MessageBoxWarning),
    "success": ("#E8F5E9", "#1B5E20", QStyle.StandardPixmap.SP_DialogApplyButton),
    "info": ("#E8F0FE", "#174EA6", QStyle.StandardPixmap.SP_MessageBoxInformation),
}


class Banner(QFrame):
    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.lang = "en"
        self.kind = "info"
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setObjectName("bannerText")
        self.details_button = QToolButton()
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.toggled.connect(self._toggle_details)
        self.close_button = QToolButton()
        self.close_button.setAutoRaise(True)
        self.close_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        self.close_button.clicked.connect(self.dismiss)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(110)
        self.details.hide()
        self.actions_row = QHBoxLayout()
        self.actions_row.setSpacing(6)
        self._action_buttons: list[QPushButton] = []
        self._render: Callable[[str], Message] | None = None

        top = QHBoxLayout()
        top.setContentsMargins(10, 8, 6, 8)
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.text, 1)
        top.addLayout(self.actions_row)
        top.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(top)
        outer.addWidget(self.details)
        self.hide()

    def show_message(self, kind: str, render: Callable[[str], Message]) -> None:
        """Show what `render(lang)` says; it is asked again when the language changes."""
        self.kind = kind
        self._render = render
        self._fill()
        self.show()

    def _fill(self) -> None:
        text, details, actions = self._render(self.lang)
        kind = self.kind
        background, foreground, pixmap = KINDS[kind]
        self.setStyleSheet(f"#banner {{ background: {background}; border: 1px solid {foreground}; "
                           f"border-radius: 6px; }} #bannerText {{ color: {foreground}; }}")
        self.icon.setPixmap(self.style().standardIcon(pixmap).pixmap(22, 22))
        self.text.setText(text)
        self.details.setPlainText(details)
        self.details_button.setVisible(bool(details))
        self.details_button.setChecked(False)
        self._toggle_details(False)
        for button in self._action_buttons:
            self.actions_row.removeWidget(button)
            button.deleteLater()
        self._action_buttons = []
        for label, callback in actions or []:
            button = QPushButton(label)
            button.clicked.connect(callback)
            self.actions_row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self._action_buttons.append(button)

    @property
    def action_buttons(self) -> list[QPushButton]:
        return list(self._action_buttons)

    def dismiss(self) -> None:
        self.hide()
        self.closed.emit()

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        if self._render is not None:
            self._fill()
        self._toggle_details(self.details_button.isChecked())
        self.close_button.setToolTip(tr("dismiss", lang))

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.details_button.setText(tr("hide_details" if shown else "details", self.lang))
