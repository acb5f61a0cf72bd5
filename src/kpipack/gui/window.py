"""The main window: files on the left, the preview on the right, the export
at the top. Work runs in background jobs (see worker.py); their results come
back here by signals, and every error goes to the one error sink."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (QComboBox, QFileDialog, QGroupBox, QLabel, QMainWindow, QMessageBox, QProgressBar,
                               QPushButton, QSizePolicy, QSplitter, QStackedWidget, QStyle, QTabWidget, QToolBar,
                               QVBoxLayout, QWidget)

from .. import __version__
from ..errors import KpipackError
from . import date_order, jobs
from .actions import ActionsView
from .banner import Banner
from .carry_over import CarryOver
from .dashboard import Dashboard
from .files import FilesPanel
from .i18n import TEXT, month_label, tr
from .issuetext import problem_text
from .issues import IssuesView
from .orders import OrdersView
from .prefs import ORDER_FIELDS, Prefs, load_prefs, save_prefs
from .profiles import ProfileStore, SheetChoice
from .sink import ErrorSink
from .stores import StoresView
from .campaigns import CampaignsView
from .trends import TrendView
from .worker import Job, JobRunner

log = logging.getLogger("kpipack.gui")
DEFAULT_SIZE = QSize(1440, 900)


class MainWindow(QMainWindow):
    inspected = Signal()  # the file list is up to date
    preview_ready = Signal()  # the dashboard shows a fresh build
    preview_failed = Signal(object)
    export_finished = Signal(str)
    build_cancelled = Signal()
    language_changed = Signal(str)

    def __init__(self, lang: str | None = None, prefs: Prefs | None = None, profiles: ProfileStore | None = None,
                 persist: bool = True):
        super().__init__()
        from .i18n import system_lang

        self.persist = persist  # False: leave the user's settings untouched (screenshots)
        self.prefs = prefs if prefs is not None else load_prefs()
        self.lang = lang or self.prefs.ui_lang or system_lang()
        self.profiles = profiles if profiles is not None else ProfileStore(persist=persist)
        self.files: list[Path] = []
        self.inspections: dict[Path, object] = {}  # FileInspection or the exception that stopped it
        self.session_choices: dict[str, SheetChoice] = {}  # "file:sheet" -> choice not remembered
        self.doubt_dialog = None  # the columns dialog opened on its own for a column in doubt
        self.period: str | None = None
        self._complete_up_to: str | None = None  # the latest complete month of the sales (the default period)
        self.password: str | None = None  # of protected workbooks; this session only, never saved
        self.result = None
        self.res = None
        self.last_pack: Path | None = None
        self.runner = JobRunner(self)
        self.carry = CarryOver(self)  # last month's pack for the Actions tab
        self.build_job: Job | None = None
        self.task_job: Job | None = None  # a long task besides the build (run_task)
        self._generation = 0
        self._pending_inspections = 0
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(120)
        self._preview_timer.timeout.connect(lambda: self._start_build(None))

        self.setAcceptDrops(True)
        self.banner = Banner()
        self._currency_said: set[str] = set()  # files whose currency guess the banner has shown
        self.banner.closed.connect(lambda: self.result is not None and self._say_currency_guess(self.result.dataset))
        self.sink = ErrorSink(self.banner, self)
        self._build_toolbar()
        self._build_body()
        self._build_statusbar()
        self._build_menus()
        from .stocktake import StockTake

        self.stocktake = StockTake(self)  # the Stock-take menu
        self.resize(DEFAULT_SIZE)
        self.retranslate()

    # ================================================================ layout
    def _build_toolbar(self) -> None:
        style = self.style()
        bar = QToolBar()
        bar.setObjectName("main")
        bar.setMovable(False)
        bar.setIconSize(QSize(20, 20))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(bar)
        self.toolbar = bar
        self.act_add = QAction(style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton), "", self)
        self.act_add.setShortcut(QKeySequence.StandardKey.Open)
        self.act_add.triggered.connect(self.ask_add_files)
        self.act_samples = QAction(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView), "", self)
        self.act_samples.triggered.connect(self.load_samples)
        self.act_remove = QAction(style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon), "", self)
        self.act_remove.setShortcut(QKeySequence.StandardKey.Delete)
        self.act_remove.triggered.connect(self.remove_selected)
        self.act_mapping = QAction(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogListView), "", self)
        self.act_mapping.triggered.connect(self.edit_selected_mapping)
        self.act_settings = QAction(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogInfoView), "", self)
        self.act_settings.setShortcut(QKeySequence.StandardKey.Preferences)
        self.act_settings.triggered.connect(self.open_settings)
        for action in (self.act_add, self.act_samples, self.act_remove):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.act_mapping)
        bar.addSeparator()
        self.period_label = QLabel()
        self.period_label.setContentsMargins(8, 0, 4, 0)
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(180)
        self.period_combo.setEnabled(False)
        self.period_combo.activated.connect(self._period_chosen)
        bar.addWidget(self.period_label)
        bar.addWidget(self.period_combo)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addAction(self.act_settings)
        self.export_button = QPushButton()
        self.export_button.setObjectName("primary")
        self.export_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.export_button.clicked.connect(self.ask_export)
        self.export_button.setEnabled(False)
        bar.addWidget(self.export_button)

    def _build_body(self) -> None:
        self.files_panel = FilesPanel()
        self.files_panel.files_dropped.connect(self.add_files)
        self.files_panel.remove_requested.connect(self.remove_files)
        self.files_panel.mapping_requested.connect(self.edit_mapping)
        self.files_panel.role_requested.connect(self.set_role)
        self.files_panel.forget_requested.connect(self.forget_choice)
        self.files_box = QGroupBox()
        box_layout = QVBoxLayout(self.files_box)
        box_layout.setContentsMargins(8, 14, 8, 8)
        box_layout.addWidget(self.files_panel)

        self.dashboard = Dashboard()
        self.trends = TrendView()
        self.stores = StoresView()
        self.issues = IssuesView()
        self.issues.exported.connect(self._csv_saved)
        self.issues.export_failed.connect(lambda exc: self.sink.report(exc, "csv export"))
        from .action_edits import ActionEdits

        self.actions_view = ActionsView(store=ActionEdits(persist=self.persist))  # edits kept on disk
        self.actions_view.pick_previous.connect(lambda: self.carry.ask())
        self.campaigns = CampaignsView()
        self.orders_view = OrdersView()
        self.orders_view.saved.connect(self._csv_saved)
        self.orders_view.save_failed.connect(lambda exc: self.sink.report(exc, "order list"))
        self.orders_view.start_task = self.run_task
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        style = self.style()
        self.tabs.addTab(self.dashboard, style.standardIcon(QStyle.StandardPixmap.SP_ComputerIcon), "")
        self.tabs.addTab(self.trends, style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp), "")
        self.tabs.addTab(self.stores, style.standardIcon(QStyle.StandardPixmap.SP_DirHomeIcon), "")
        self.tabs.addTab(self.issues, style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning), "")
        self.tabs.addTab(self.actions_view, style.standardIcon(QStyle.StandardPixmap.SP_DialogYesButton), "")
        self.tabs.addTab(self.campaigns, style.standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView), "")
        self.tabs.addTab(self.orders_view, style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView), "")
        from .tabs import TABS

        for n, name in enumerate(TABS):
            self.tabs.widget(n).setObjectName(name)  # the tab's name for `--screenshot --tab`

        from .start import StartPage

        self.start_page = StartPage()  # while no file is added
        self.start_page.samples_requested.connect(self.load_samples)
        self.start_page.add_requested.connect(self.ask_add_files)
        self.start_page.failed.connect(lambda exc: self.sink.report(exc, "start page"))
        self.right = QStackedWidget()
        self.right.addWidget(self.start_page)
        self.right.addWidget(self.tabs)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.files_box)
        split.addWidget(self.right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([370, 1070])
        split.setChildrenCollapsible(False)
        self.splitter = split
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(8)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)
        self.setCentralWidget(central)

    def _build_statusbar(self) -> None:
        bar = self.statusBar()
        self.stage = QLabel()
        self.stage.setMinimumWidth(320)  # stage names with a file name must not clip
        self.stage.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFixedWidth(240)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogCancelButton))
        self.cancel_button.clicked.connect(self.cancel_build)
        for w in (self.stage, self.progress, self.cancel_button):
            bar.addPermanentWidget(w)
            w.hide()

    def _build_menus(self) -> None:
        menu = self.menuBar()
        self.file_menu = menu.addMenu("")
        self.act_export = QAction(self)
        self.act_export.setShortcut(QKeySequence("Ctrl+E"))
        self.act_export.triggered.connect(self.ask_export)
        self.act_export.setEnabled(False)
        self.act_quit = QAction(self)
        self.act_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.act_quit.triggered.connect(self.close)
        for action in (self.act_add, self.act_samples, self.act_export, None, self.act_settings, None,
                       self.act_quit):
            if action is None:
                self.file_menu.addSeparator()
            else:
                self.file_menu.addAction(action)
        self.help_menu = menu.addMenu("")
        self.act_log = QAction(self)
        self.act_log.triggered.connect(self.open_log_folder)
        self.act_about = QAction(self)
        self.act_about.triggered.connect(self.about)
        self.help_menu.addAction(self.act_log)
        self.help_menu.addAction(self.act_about)

    # ================================================================ language
    def set_language(self, lang: str) -> None:
        if lang == self.lang:
            return
        self.lang = lang
        from PySide6.QtWidgets import QApplication

        from .theme import ui_font

        app = QApplication.instance()
        if app is not None:
            app.setFont(ui_font(lang))
        self.retranslate()
        self.language_changed.emit(lang)

    def retranslate(self) -> None:
        lang = self.lang
        title = tr("app_title", lang)
        self.setWindowTitle(f"{title} — {self.prefs.company}" if self.prefs.company else title)
        for action, key in ((self.act_add, "add_files"), (self.act_samples, "load_samples"),
                            (self.act_remove, "remove"), (self.act_mapping, "mapping"),
                            (self.act_settings, "settings"), (self.act_export, "export"), (self.act_quit, "quit"),
                            (self.act_log, "open_log"), (self.act_about, "about")):
            action.setText(tr(key, lang))
            tip = f"{key}_tip"
            action.setToolTip(tr(tip, lang) if tip in TEXT else tr(key, lang))
        self.file_menu.setTitle(tr("file_menu", lang))
        self.help_menu.setTitle(tr("help", lang))
        self.period_label.setText(tr("period", lang))
        self.period_combo.setToolTip(tr("period_tip", lang))
        self.export_button.setText(tr("export", lang))
        self.export_button.setToolTip(tr("export_tip", lang))
        self.cancel_button.setText(tr("cancel", lang))
        self.files_box.setTitle(tr("files", lang))
        for index, key in enumerate(("tab_dashboard", "tab_trends", "tab_stores", "tab_issues", "tab_actions",
                                     "tab_campaigns", "tab_orders")):
            self.tabs.setTabText(index, tr(key, lang))
        self.banner.retranslate(lang)
        self.files_panel.retranslate(lang)
        self.start_page.retranslate(lang)
        for view in (self.dashboard, self.trends, self.stores, self.issues, self.actions_view, self.campaigns,
                     self.orders_view):
            view.retranslate(lang)
        self._fill_periods()
        if self.build_job is None and not self._pending_inspections:
            self.statusBar().showMessage(tr("ready", lang))

    # ================================================================ files
    def load_samples(self) -> None:
        from ..pipeline import samples_dir

        try:
            folder = samples_dir()
        except KpipackError as exc:
            self.sink.report(exc, "samples")
            return
        self.files = []
        self.inspections = {}
        self.period = None
        self.add_files([folder])

    def ask_add_files(self) -> None:
        start = self.prefs.last_folder or str(Path.home())
        paths, _ = QFileDialog.getOpenFileNames(self, tr("add_dialog", self.lang), start,
                                                tr("spreadsheets", self.lang))
        if paths:
            self.prefs.last_folder = str(Path(paths[0]).parent)
            self._save_prefs()
            self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list) -> None:
        """Add files (folders stand for the spreadsheets in them); each is looked at in the background."""
        paths = [Path(p) for p in paths]
        if not paths:
            return
        self._pending_inspections += 1
        self._show_progress("inspecting", 0.0, "")
        job = Job("inspect", jobs.inspect_paths(paths, self._choice_snapshot(), self.password), self)
        job.progress.connect(lambda stage, f, d: self._show_progress(stage, f, d))
        job.succeeded.connect(self._inspected)
        job.failed.connect(self._inspect_failed)
        job.finished.connect(self._inspection_done)
        self.runner.start(job)

    def _inspected(self, found: list) -> None:
        failed = False
        for path, inspection in found:
            if path not in self.files:
                self.files.append(path)
            self.inspections[path] = inspection
            if isinstance(inspection, BaseException):
                actions = None
                if getattr(inspection, "code", "") in ("password_protected", "password_wrong"):
                    actions = lambda lang, p=path: [(tr("enter_password", lang),  # noqa: E731
                                                     lambda: self.ask_password(p))]
                self.sink.report(inspection, f"inspect {path}", actions)
                failed = True
        if found:
            self.period = None
            self._refresh_files()
            self.request_preview()
        if not failed:
            self._hint_unrecognised([i for _p, i in found])
            self._ask_doubts([i for _p, i in found])

    def _ask_doubts(self, inspections: list) -> None:
        """A sheet with a needed column read from its values alone, not sure
        enough: its columns dialog opens with those columns marked (the build
        leaves the file out until they are settled)."""
        doubtful = [s for found in inspections for s in found.sheets if s.doubts and not s.skipped]
        if not doubtful or self.doubt_dialog is not None:
            return
        first = doubtful[0]
        self.banner.show_message("warning", lambda lang: (
            problem_text(next(p for p in first.problems if p.code.startswith("sheet_column_doubt")), lang), "",
            [(tr("mapping", lang), lambda: self.edit_mapping(first.path, first.sheet))]))
        dialog = self.mapping_dialog(first.path, first.sheet)
        if dialog is None:
            return
        self.doubt_dialog = dialog

        def answered(result: int) -> None:
            self.doubt_dialog = None
            if result:
                self.apply_choice(first.path, first.sheet, dialog.choice(), dialog.remember.isChecked())
                self.banner.hide()
            dialog.deleteLater()
        dialog.finished.connect(answered)
        dialog.open()  # window-modal, without blocking the event loop

    def _hint_unrecognised(self, inspections: list) -> None:
        """Say so when a new sheet fits no table, and offer the way to fix it."""
        unknown = [s for found in inspections for s in found.sheets
                   if s.role is None and not s.skipped and not s.hidden and s.header_row is not None]
        if not unknown:
            return
        first = unknown[0]
        key = "not_recognised" if len(unknown) == 1 else "not_recognised_more"
        self.banner.show_message("warning", lambda lang: (
            tr(key, lang, sheet=first.sheet, file=first.file, n=len(unknown)), "",
            [(tr("mapping", lang), lambda: self.edit_mapping(first.path, first.sheet))]))

    def ask_password(self, path: Path) -> None:
        """Ask for a protected workbook's password and read the file again with it."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        text, ok = QInputDialog.getText(self, tr("enter_password", self.lang).rstrip("…"),
                                        tr("password_prompt", self.lang, file=Path(path).name),
                                        QLineEdit.EchoMode.Password)
        if ok and text:
            self.password = text
            self.banner.hide()
            self.add_files([Path(path)])

    def _inspect_failed(self, exc: BaseException) -> None:
        self.sink.report(exc, "inspect")

    def _inspection_done(self) -> None:
        self._pending_inspections -= 1
        if not self._pending_inspections and self.build_job is None and not self._preview_timer.isActive():
            self._hide_progress()
        self.inspected.emit()

    def remove_selected(self) -> None:
        self.remove_files(self.files_panel.selected_paths())

    def remove_files(self, paths: list) -> None:
        paths = [Path(p) for p in paths]
        if not paths:
            return
        self.files = [f for f in self.files if f not in paths]
        for path in paths:
            self.inspections.pop(path, None)
        self.period = None
        self._refresh_files()
        self.request_preview()

    def usable_files(self) -> list[Path]:
        out = []
        for path in self.files:
            found = self.inspections.get(path)
            if found is not None and not isinstance(found, BaseException) and any(
                    s.role and not s.skipped for s in found.sheets) and not any(
                    s.doubts and not s.skipped for s in found.sheets):  # asked first (see _ask_doubts)
                out.append(path)
        return out

    def _refresh_files(self) -> None:
        saved = {}
        for found in self.inspections.values():
            if isinstance(found, BaseException) or found is None:
                continue
            for sheet in found.sheets:
                saved[sheet.key] = self._choice_for(sheet) is not None
        self.files_panel.show_files(self.files, self.inspections, saved)
        self.right.setCurrentWidget(self.tabs if self.files else self.start_page)
        has_files = bool(self.usable_files())
        self.act_remove.setEnabled(bool(self.files))
        self.export_button.setEnabled(has_files)
        self.act_export.setEnabled(has_files)

    # ================================================================ mapping
    def _choice_for(self, sheet) -> SheetChoice | None:
        return self.session_choices.get(sheet.key) or self.profiles.get(sheet.signature)

    def _choice_snapshot(self):
        """What the background job needs to apply saved choices (a copy, not the live store)."""
        return jobs.ChoiceLookup(dict(self.session_choices), self.profiles)

    def sheet(self, path: Path, name: str):
        found = self.inspections.get(Path(path))
        if found is None or isinstance(found, BaseException):
            return None
        return next((s for s in found.sheets if s.sheet == name), None)

    def edit_selected_mapping(self) -> None:
        chosen = self.files_panel.selected_sheet()
        if chosen is None:
            self.banner.show_message("info", lambda lang: (tr("select_sheet", lang), "", []))
            return
        self.edit_mapping(*chosen)

    def mapping_dialog(self, path: Path, name: str):
        """The dialog for one sheet (not shown; `edit_mapping` runs it)."""
        from .mapping_dialog import MappingDialog

        sheet = self.sheet(path, name)
        if sheet is None:
            return None
        if sheet.header_row is None:
            self.banner.show_message("warning", lambda lang: (tr("no_header_row", lang), "", []))
            return None
        return MappingDialog(sheet, self.lang, remember=sheet.key not in self.session_choices, parent=self)

    def edit_mapping(self, path: Path, name: str) -> None:
        dialog = self.mapping_dialog(path, name)
        if dialog is None:
            return
        if dialog.exec():
            self.apply_choice(path, name, dialog.choice(), dialog.remember.isChecked())
        dialog.deleteLater()

    def apply_choice(self, path: Path, name: str, choice: SheetChoice, remember: bool = True) -> None:
        sheet = self.sheet(path, name)
        if sheet is None:
            return
        if remember and sheet.signature:
            self.session_choices.pop(sheet.key, None)
            try:
                self.profiles.put(sheet.signature, choice)
            except OSError as exc:
                self.sink.report(exc, "save mapping profile")
                self.session_choices[sheet.key] = choice
        else:
            self.session_choices[sheet.key] = choice
        self._rejudge()

    def set_role(self, path: Path, name: str, role: str | None) -> None:
        from ..ingest import Mapping
        from ..ingest.inspect import reinspect

        sheet = self.sheet(path, name)
        if sheet is None or sheet.header_row is None:
            self.banner.show_message("warning", lambda lang: (tr("no_header_row", lang), "", []))
            return
        if role is None:
            # Leaving a sheet out holds for this file only: remembered by its
            # columns, it could silently drop next month's real data.
            choice = SheetChoice(None, {h: "" for h in sheet.headers if h}, list(sheet.headers), sheet.key)
            self.apply_choice(path, name, choice, remember=False)
            return
        judged = reinspect(sheet, Mapping({sheet.key: {"_role": role}}))
        choice = SheetChoice(role, judged.fields(), list(sheet.headers), sheet.key)
        self.apply_choice(path, name, choice, remember=True)

    def forget_choice(self, path: Path, name: str) -> None:
        sheet = self.sheet(path, name)
        if sheet is None:
            return
        self.session_choices.pop(sheet.key, None)
        if sheet.signature:
            try:
                self.profiles.forget(sheet.signature)
            except OSError as exc:
                self.sink.report(exc, "forget mapping profile")
        self._rejudge()

    def _rejudge(self) -> None:
        """Every sheet judged again under the current choices (no file is read again)."""
        lookup = self._choice_snapshot()
        for path, found in list(self.inspections.items()):
            if found is not None and not isinstance(found, BaseException):
                self.inspections[path] = jobs.apply_choices(found, lookup)
        self._refresh_files()
        self.request_preview()

    # ================================================================ builds
    def request_preview(self) -> None:
        """Rebuild the preview soon (changes in quick succession give one build)."""
        self._preview_timer.start()

    def _start_build(self, out: Path | None, store: str | None = None, pack: str | None = None) -> Job | None:
        files = self.usable_files()
        if self.build_job is not None:
            self.build_job.cancel()
            self.build_job = None
        self._generation += 1
        if not files:
            self._show_results(None)
            self._hide_progress()
            if out is not None:
                self.banner.show_message("warning", lambda lang: (tr("no_files", lang), "", []))
            return None
        generation = self._generation
        settings = self.prefs.settings(self.lang, self.period)
        settings.password = self.password
        settings.store = store if out is not None else None
        if out is not None:
            settings.pack = pack or settings.pack
            self.carry.apply(settings)
        job = Job("export" if out else "preview", jobs.build(files, settings, self.sections(), out), self)
        job.progress.connect(lambda stage, f, d, j=job: self._job_progress(j, stage, f, d))
        job.succeeded.connect(lambda result, g=generation, o=out: self._built(result, g, o))
        job.failed.connect(lambda exc, g=generation, o=out, st=store, pk=pack: self._build_failed(exc, g, o, st, pk))
        job.cancelled.connect(lambda j=job: self._build_cancelled(j))
        job.finished.connect(lambda j=job: self._build_finished(j))
        self.build_job = job
        self._show_progress("reading", 0.0, "")
        self.dashboard.set_waiting(tr("building", self.lang))
        self.runner.start(job)
        return job

    def _job_progress(self, job: Job, stage: str, fraction: float, detail: str) -> None:
        if job is self.build_job and not job.cancel_requested:
            self._show_progress(stage, fraction, detail)

    def _built(self, result, generation: int, out: Path | None) -> None:
        if generation != self._generation:
            return  # a newer build is on its way
        self.result = result
        self._show_results(result)
        if out is None:
            self.carry.find()
            self._say_currency_guess(result.dataset)
        if out is not None:
            self._exported(Path(out))
        self.preview_ready.emit()

    def _say_currency_guess(self, dataset) -> None:
        """Once per file: where the pack fell back to yen for amounts that may be
        in another currency, the banner says so and offers the setting."""
        guesses = [w for w in dataset.warnings if w.code.startswith("warn_currency_default")
                   and w.file not in self._currency_said]
        if not guesses or not self.banner.isHidden():  # another message first; this one when it is closed
            return
        self._currency_said.update(w.file for w in guesses)
        first = guesses[0]
        self.banner.show_message("warning", lambda lang: (
            f"{first.file}: {problem_text(first, lang)}", "", [(tr("settings", lang), self.open_settings)]))

    def _build_failed(self, exc: BaseException, generation: int, out: Path | None, store: str | None = None,
                      pack: str | None = None) -> None:
        if generation != self._generation:
            return
        actions = None
        if isinstance(exc, KpipackError) and exc.code == "output_locked" and out is not None and \
                exc.params.get("suggest"):
            suggestion = Path(out).with_name(exc.params["suggest"])
            actions = lambda lang: [(tr("use_name", lang, name=suggestion.name),  # noqa: E731
                                     lambda: self.export_to(suggestion, store, pack))]
        else:
            self._show_results(None)
            if date_order.asks(exc):  # the banner asks day or month first and builds again with the answer
                actions = date_order.answers(self, exc)
        self.sink.report(exc, "export" if out else "preview", actions)
        self.preview_failed.emit(exc)

    def _build_cancelled(self, job: Job) -> None:
        if job is self.build_job:
            self.build_cancelled.emit()

    def _build_finished(self, job: Job) -> None:
        if job is self.build_job:
            self.build_job = None
            self._hide_progress("cancelled" if job.cancel_requested else "ready")

    def cancel_build(self) -> None:
        for job in (self.build_job, self.task_job):
            if job is not None:
                job.cancel()
                self.stage.setText(tr("cancelling", self.lang))
                self.cancel_button.setEnabled(False)

    def sections(self) -> dict[str, SheetChoice]:
        """The user's column choices for every sheet of the usable files."""
        sections = {}
        for path in self.usable_files():
            for sheet in self.inspections[path].sheets:
                choice = self._choice_for(sheet)
                if choice is not None:
                    sections[sheet.key] = choice
        return sections

    def run_task(self, job: Job, stage: str = "reading") -> Job:
        """A long task besides the build (a count sheet…): its progress and
        Cancel in the status bar, as a build's; `stage` is shown first."""
        self.task_job = job
        job.progress.connect(lambda stage, f, d, j=job: self._task_progress(j, stage, f, d))
        job.finished.connect(lambda j=job: self._task_finished(j))
        self._show_progress(stage, 0.0, "")
        self.runner.start(job)
        return job

    def _task_progress(self, job: Job, stage: str, fraction: float, detail: str) -> None:
        if job is self.task_job and not job.cancel_requested and self.build_job is None:
            self._show_progress(stage, fraction, detail)

    def _task_finished(self, job: Job) -> None:
        if job is self.task_job:
            self.task_job = None
            if self.build_job is None:
                self._hide_progress("cancelled" if job.cancel_requested else "ready")

    def _show_results(self, result) -> None:
        from .results import Results

        self.res = Results(result, result.results["currency"], self.prefs.area_unit or None) if result is not None \
            else None
        self.period_combo.setEnabled(self.res is not None)
        self._fill_periods()
        self.orders_view.company = self.prefs.company  # on the order workbook's page headers
        for view in (self.dashboard, self.trends, self.stores, self.issues, self.actions_view, self.campaigns,
                     self.orders_view):
            view.show_results(self.res)

    def _fill_periods(self) -> None:
        combo = self.period_combo
        combo.blockSignals(True)
        combo.clear()
        if self.res is not None:
            default = self.period or self.res.period
            months = self.res.sales_months()
            if self.period is None:  # the default build's month is the latest complete one
                self._complete_up_to = self.res.period
            complete_up_to = self._complete_up_to
            for month in reversed(months):
                label = month_label(month, self.lang)
                if complete_up_to and month > complete_up_to:  # still marked once chosen
                    label = tr("partial", self.lang, month=label)
                combo.addItem(label, month)
            combo.setCurrentIndex(max(combo.findData(default), 0))
        combo.blockSignals(False)

    def _period_chosen(self, index: int) -> None:
        month = self.period_combo.itemData(index)
        if month and (self.res is None or month != self.res.period):
            self.period = month
            self.request_preview()

    # ================================================================ export
    def ask_export(self) -> None:
        if not self.usable_files():
            self.banner.show_message("warning", lambda lang: (tr("no_files", lang), "", []))
            return
        period = self.res.period if self.res is not None else ""
        suggested = Path(self.prefs.last_export).parent if self.prefs.last_export else Path.home()
        name = f"kpi-pack-{period}.xlsx" if period else "kpi-pack.xlsx"
        store = None
        if self.prefs.pack == "store":
            store = self.pack_store()
            if store is None:
                return
            name = f"kpi-pack-{period}-{store}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, tr("export_title", self.lang), str(suggested / name),
                                              tr("excel_files", self.lang))
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.export_to(Path(path), store)

    def pack_store(self) -> str | None:
        """The store of a store owner's pack: the one on the dashboard, the only
        one there is, or the one the user picks."""
        from PySide6.QtWidgets import QInputDialog

        if self.res is None:
            return None
        stores = [s for s in self.res.scopes if s != "total"]
        scope = self.dashboard.current_scope()
        if scope != "total":
            return scope.split(":", 1)[1]
        if len(stores) == 1:
            return stores[0].split(":", 1)[1]
        labels = [self.res.scope_label(s, self.lang) for s in stores]
        label, ok = QInputDialog.getItem(self, tr("export_title", self.lang), tr("pack_store_which", self.lang),
                                         labels, 0, False)
        return stores[labels.index(label)].split(":", 1)[1] if ok and label in labels else None

    def export_to(self, path: Path, store: str | None = None, pack: str | None = None) -> Job | None:
        """Build the pack into `path` in the background (remembered for next
        time, and as last month's pack next month); `store`: the store of a
        store owner's pack; `pack`: another layout than the settings' for
        this export (the stock-take pack)."""
        if pack is None:
            self.prefs.last_export = str(path)
            self._save_prefs()
        self.banner.hide()
        self._preview_timer.stop()
        return self._start_build(Path(path), store, pack)

    def _exported(self, path: Path) -> None:
        self.last_pack = path
        self.banner.show_message("success", lambda lang: (
            tr("export_done", lang, name=path.name), str(path),
            [(tr("open_pack", lang), lambda: self.open_pack(path)),
             (tr("show_folder", lang), lambda: self.show_in_folder(path))]))
        self.export_finished.emit(str(path))

    def open_pack(self, path: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def show_in_folder(self, path: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))

    def _csv_saved(self, path) -> None:
        """A file saved from a tab (the issues' CSV, the order workbook): its
        name, where it is, and, for a workbook, a button to open it."""
        path = Path(path)
        self.banner.show_message("success", lambda lang: (
            tr("issues_saved", lang, path=path.name), str(path),
            ([(tr("open_file", lang), lambda: self.open_pack(path))] if path.suffix == ".xlsx" else [])
            + [(tr("show_folder", lang), lambda: self.show_in_folder(path))]))

    # ================================================================ settings
    def settings_dialog(self):
        from .settings_dialog import SettingsDialog

        return SettingsDialog(self.prefs, self.lang, self)

    def open_settings(self) -> None:
        dialog = self.settings_dialog()
        if dialog.exec():
            self.apply_prefs(dialog.values())
        dialog.deleteLater()

    def apply_prefs(self, prefs: Prefs) -> None:
        before = self.prefs
        self.prefs = prefs
        self._save_prefs()
        if prefs.ui_lang and prefs.ui_lang != self.lang:
            self.set_language(prefs.ui_lang)
        else:
            self.retranslate()
        build_fields = ("currency", "area_unit", "fiscal_year_start", "industry", "company", "pack", "pack_lang",
                        *ORDER_FIELDS)
        if any(getattr(before, f) != getattr(prefs, f) for f in build_fields):
            self.request_preview()

    def _save_prefs(self) -> None:
        if self.persist:
            save_prefs(self.prefs)

    # ================================================================ progress
    def _show_progress(self, stage: str, fraction: float, detail: str) -> None:
        key = f"stage_{stage}"
        label = tr(key, self.lang) if key in TEXT else stage
        self.stage.setText(f"{label} — {detail}" if detail else label)
        self.progress.setValue(int(max(0.0, min(fraction, 1.0)) * 100))
        self.cancel_button.setEnabled(True)
        for w in (self.stage, self.progress):
            w.show()
        self.cancel_button.setVisible(self.build_job is not None or self.task_job is not None)
        self.statusBar().clearMessage()

    def _hide_progress(self, message: str = "ready") -> None:
        if self._pending_inspections:
            return
        for w in (self.stage, self.progress, self.cancel_button):
            w.hide()
        self.statusBar().showMessage(tr(message, self.lang))

    # ================================================================ misc
    def tab_names(self) -> list[str]:
        return [self.tabs.widget(i).objectName() for i in range(self.tabs.count())]

    def show_tab(self, name: str) -> bool:
        """Bring the tab of that name (its widget's objectName) to the front."""
        names = self.tab_names()
        if name not in names:
            return False
        self.tabs.setCurrentIndex(names.index(name))
        return True

    def open_log_folder(self) -> None:
        from ..logs import log_path

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_path().parent)))

    def about(self) -> None:
        QMessageBox.about(self, tr("about", self.lang), tr("about_text", self.lang, version=__version__))

    def dragEnterEvent(self, event) -> None:
        self.files_panel.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        self.files_panel.dropEvent(event)

    def restore_geometry(self) -> None:
        """Last run's size and place; else the default size, kept within the screen."""
        from .prefs import qsettings

        saved = qsettings().value("window/geometry") if self.persist else None
        if saved is not None and self.restoreGeometry(saved):
            return
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            self.resize(min(DEFAULT_SIZE.width(), int(screen.width() * 0.95)),
                        min(DEFAULT_SIZE.height(), int(screen.height() * 0.92)))

    def closeEvent(self, event) -> None:
        if self.persist:
            from .prefs import qsettings

            qsettings().setValue("window/geometry", self.saveGeometry())
        self._preview_timer.stop()
        self.runner.cancel_all()
        self.runner.wait(15000)
        super().closeEvent(event)
