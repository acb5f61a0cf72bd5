"""The first screen, while no file is added: try the sample data, fill in a
blank input template (a copy opens in the spreadsheet program), or read what
each export should hold. The guide is built from the importer's own lists of
fields (ingest.headers.ROLE_FIELDS, ingest.tables.REQUIRED), so it always
tells what the importer reads."""
from __future__ import annotations

import html
import shutil
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QTextBrowser,
                               QVBoxLayout, QWidget)

from ..errors import KpipackError
from ..paths import bundled
from .i18n import field_label, role_label, tr

# the blank input workbook of each kind of export (templates/inputs/<lang>/)
TEMPLATES = {"sales": "sales.xlsx", "traffic": "traffic.xlsx", "stores": "stores.xlsx",
             "inventory": "inventory.xlsx", "stocktake": "stocktake.xlsx", "budget": "budget.xlsx",
             "finance": "finance.xlsx", "survey": "survey.xlsx"}
GUIDE_DELAY_MS = 1500  # the guide needs the importer (pandas): loaded once the window is up, in the background
GUIDE_ROLES = ("sales", "traffic", "stores", "budget", "inventory", "stocktake", "receipts", "adjustments",
               "finance", "survey")


def templates_folder() -> Path:
    """Where copies of the templates go: the user's documents, never the bundled files."""
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / "kpipack" / "templates"


def template_copy(role: str, lang: str, folder: Path | None = None) -> Path:
    """A copy of the blank template to fill in (an earlier copy is kept, with what the user wrote in it)."""
    source = bundled("templates", "inputs", lang, TEMPLATES[role])
    folder = folder or templates_folder() / lang
    target = folder / source.name
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return target


def guide_html(lang: str) -> str:
    """What each export should hold: its required columns and the others it reads."""
    from ..ingest.headers import ROLE_FIELDS  # deferred: the importer pulls pandas
    from ..ingest.tables import REQUIRED

    parts = [f"<p>{html.escape(tr('start_guide_intro', lang))}</p>"]
    for role in GUIDE_ROLES:
        required = [f for f in REQUIRED.get(role, ())]
        optional = [f for f in dict.fromkeys(ROLE_FIELDS.get(role, ())) if f not in required]
        needed = "・".join(field_label(f, lang) for f in required) if lang == "ja" else \
            ", ".join(field_label(f, lang) for f in required)
        more = ("・" if lang == "ja" else ", ").join(field_label(f, lang) for f in optional)
        template = tr("start_guide_template", lang, name=TEMPLATES[role]) if role in TEMPLATES else ""
        parts.append(
            f"<p><b>{html.escape(role_label(role, lang))}</b> — {html.escape(tr(f'guide_{role}', lang))}<br>"
            f"{html.escape(tr('start_guide_needs', lang))} <b>{html.escape(needed)}</b><br>"
            f"<span style='color:#5F6368'>{html.escape(tr('start_guide_reads', lang))} {html.escape(more)}"
            f"{html.escape(template)}</span></p>")
    parts.append(f"<p style='color:#5F6368'>{html.escape(tr('start_guide_outro', lang))}</p>")
    return "".join(parts)


def guide_in_child(lang: str) -> str:
    """The guide made in a confined child: the importer's first import (pandas)
    would otherwise hold the interpreter, and the window, for a while."""
    from ..ingest import isolate

    return isolate.call(guide_html, lang, name="guide")


class StartPage(QWidget):
    samples_requested = Signal()
    add_requested = Signal()
    failed = Signal(object)  # a template that could not be copied

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "en"
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.lead = QLabel()
        self.lead.setWordWrap(True)
        self.samples_title, self.samples_text, self.samples_button = self._card_parts()
        self.samples_button.setObjectName("primary")
        self.samples_button.clicked.connect(self.samples_requested.emit)
        self.add_title, self.add_text, self.add_button = self._card_parts()
        self.add_button.clicked.connect(self.add_requested.emit)
        self.tpl_title, self.tpl_text, self.tpl_button = self._card_parts()
        self.template = QComboBox()
        self.tpl_button.clicked.connect(self.open_template)
        self.guide_title = QLabel()
        self.guide_title.setObjectName("sectionTitle")
        self.guide = QTextBrowser()
        self.guide.setOpenExternalLinks(False)
        self._guide_lang = None
        self._guide_timer = QTimer(self)
        self._guide_timer.setSingleShot(True)
        self._guide_timer.setInterval(GUIDE_DELAY_MS)
        self._guide_timer.timeout.connect(self.fill_guide)
        from .worker import JobRunner

        self.runner = JobRunner(self, threads=1)
        cards = QGridLayout()
        cards.setSpacing(12)
        for col, (title, text, extra, button) in enumerate((
                (self.samples_title, self.samples_text, None, self.samples_button),
                (self.add_title, self.add_text, None, self.add_button),
                (self.tpl_title, self.tpl_text, self.template, self.tpl_button))):
            card = QFrame()
            card.setObjectName("card")
            inner = QVBoxLayout(card)
            inner.setContentsMargins(14, 12, 14, 12)
            inner.addWidget(title)
            inner.addWidget(text, 1)
            if extra is not None:
                inner.addWidget(extra)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(button)
            inner.addLayout(row)
            cards.addWidget(card, 0, col)
            cards.setColumnStretch(col, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.lead)
        layout.addLayout(cards)
        layout.addWidget(self.guide_title)
        layout.addWidget(self.guide, 1)

    @staticmethod
    def _card_parts() -> tuple[QLabel, QLabel, QPushButton]:
        title = QLabel()
        title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        text = QLabel()
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        text.setObjectName("hint")
        return title, text, QPushButton()

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.title.setText(tr("start_title", lang))
        self.lead.setText(tr("start_lead", lang))
        self.samples_title.setText(tr("start_samples", lang))
        self.samples_text.setText(tr("start_samples_text", lang))
        self.samples_button.setText(tr("load_samples", lang))
        self.add_title.setText(tr("start_add", lang))
        self.add_text.setText(tr("start_add_text", lang))
        self.add_button.setText(tr("add_files", lang))
        self.tpl_title.setText(tr("start_templates", lang))
        self.tpl_text.setText(tr("start_templates_text", lang, folder=str(templates_folder())))
        self.tpl_button.setText(tr("start_open_template", lang))
        current = self.template.currentData()
        self.template.clear()
        for role in TEMPLATES:
            self.template.addItem(f"{role_label(role, lang)} ({TEMPLATES[role]})", role)
        self.template.setCurrentIndex(max(self.template.findData(current or "sales"), 0))
        self.guide_title.setText(tr("start_guide", lang))
        if self.isVisible():
            self._guide_timer.start(0 if self._guide_lang else GUIDE_DELAY_MS)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._guide_timer.start()

    def fill_guide(self):
        """Build the guide in the background (the first import of the importer takes a while)."""
        from .worker import Job

        if self._guide_lang == self.lang:
            return None
        lang = self.lang
        self.guide.setHtml(f"<p style='color:#5F6368'>{html.escape(tr('building', lang))}</p>")
        job = Job("guide", lambda _progress, _cancel: guide_in_child(lang), self)
        job.succeeded.connect(lambda text, lg=lang: self._guide_ready(lg, text))
        job.failed.connect(self.failed.emit)
        return self.runner.start(job)

    def _guide_ready(self, lang: str, text: str) -> None:
        if lang == self.lang:
            self.guide.setHtml(text)
            self._guide_lang = lang

    def open_template(self) -> Path | None:
        """Copy the chosen template to the user's folder and open it in the spreadsheet program."""
        role = self.template.currentData() or "sales"
        try:
            path = template_copy(role, self.lang)
        except (OSError, KpipackError) as exc:
            self.failed.emit(exc)
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path
