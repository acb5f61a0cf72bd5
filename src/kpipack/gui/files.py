"""The input files panel: each file, its sheets, the role each sheet plays,
row counts and problems. Files are dropped onto it (or added); a sheet's
role is changed or its columns checked from its context menu."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QMenu, QStackedWidget, QStyle,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ..ingest import export_profiles
from ..ingest.store_columns import is_code
from ..messages import text
from .i18n import role_label, tr
from .issuetext import problem_text

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".xlsb", ".txt", ".tsv"}
FILE, SHEET, PROBLEM = "file", "sheet", "problem"
PROBLEM_COLOUR = "#B3261E"
MUTED_COLOUR = "#80868B"


def own_book_sheet(sheet) -> bool:
    """The hidden sheet of book quantities in a blind count sheet kpipack wrote."""
    from .stocktake import BOOK_SHEET_NAMES

    return sheet.sheet in BOOK_SHEET_NAMES and sheet.role is None and bool(sheet.problems) \
        and all(p.code == "sheet_hidden" for p in sheet.problems)


def dropped_paths(mime) -> list[Path]:
    """Local spreadsheet files and folders among dropped URLs."""
    out = []
    for url in mime.urls() if mime.hasUrls() else []:
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.is_dir() or path.suffix.lower() in SPREADSHEET_SUFFIXES:
            out.append(path)
    return out


class FileTree(QTreeWidget):
    def __init__(self, panel: "FilesPanel"):
        super().__init__(panel)
        self.panel = panel
        self.setColumnCount(3)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keeps a name's end (…FY2026.xlsx) readable
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setUniformRowHeights(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.panel.dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        self.panel.dropEvent(event)


class FilesPanel(QWidget):
    files_dropped = Signal(list)  # [Path]
    remove_requested = Signal(list)  # [Path]
    mapping_requested = Signal(object, str)  # path, sheet
    role_requested = Signal(object, str, object)  # path, sheet, role (None: do not use)
    forget_requested = Signal(object, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "en"
        self.setAcceptDrops(True)
        self.tree = FileTree(self)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("QLabel { border: 2px dashed #B0B7C3; border-radius: 10px; padding: 24px;"
                                " font-size: 12pt; color: #5F6368; background: #FFFFFF; }")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.hint)
        self.stack.addWidget(self.tree)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.setMinimumWidth(280)
        self._files: list[Path] = []
        self._inspections: dict = {}
        self._choices: dict = {}
        self._seen: set = set()  # files shown before (a new one opens expanded)

    # ------------------------------------------------------------ drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
        else:
            event.ignore()

    # ------------------------------------------------------------ content
    def show_files(self, files: list[Path], inspections: dict, saved: dict) -> None:
        """files in order; inspections: path -> FileInspection or exception (or
        absent while being read); saved: "file:sheet" -> True when a saved choice applies."""
        self._files, self._inspections, self._choices = list(files), dict(inspections), dict(saved)
        self._fill()

    def _fill(self) -> None:
        lang = self.lang
        expanded = {self.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)[1]
                    for i in range(self.tree.topLevelItemCount()) if self.tree.topLevelItem(i).isExpanded()}
        first_fill = self.tree.topLevelItemCount() == 0
        self.tree.clear()
        icons = {name: self.style().standardIcon(pixmap) for name, pixmap in (
            ("file", QStyle.StandardPixmap.SP_FileIcon), ("warn", QStyle.StandardPixmap.SP_MessageBoxWarning),
            ("bad", QStyle.StandardPixmap.SP_MessageBoxCritical), ("saved", QStyle.StandardPixmap.SP_DialogSaveButton))}
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for path in self._files:
            # A file's row spans the panel, so its whole name shows; its sheets
            # below carry the role and row count.
            item = QTreeWidgetItem([path.name])
            item.setData(0, Qt.ItemDataRole.UserRole, (FILE, path))
            item.setIcon(0, icons["file"])
            item.setFont(0, bold)
            tip = [str(path)]
            found = self._inspections.get(path)
            if found is None:
                item.setText(0, f"{path.name} — {tr('stage_inspecting', lang)}")
                item.setForeground(0, QBrush(QColor(MUTED_COLOUR)))
            elif isinstance(found, BaseException):
                item.setIcon(0, icons["bad"])
                item.setForeground(0, QBrush(QColor(PROBLEM_COLOUR)))
                tip.append(tr("file_failed", lang))
                self._add_problem(item, problem_text(found, lang, with_file=False), icons["bad"])
            elif getattr(found, "own", None):  # kpipack's own pack or order list: skipped, as the build does
                item.setForeground(0, QBrush(QColor(MUTED_COLOUR)))
                reason = text(f"file_own_{found.own}", lang)
                tip.append(f"{tr('role_skip', lang)}: {reason}")
                self._add_note(item, f"{tr('role_skip', lang)}: {reason}")
            else:
                used = [s for s in found.sheets if s.role and not s.skipped]
                for sheet in found.sheets:
                    item.addChild(self._sheet_item(sheet, lang, icons))
                if used:
                    tip.append(f"{tr('col_rows', lang)}: {sum(s.rows for s in used):,}")
                else:
                    item.setIcon(0, icons["warn"])
                    tip.append(tr("role_unknown", lang))
            item.setToolTip(0, "\n".join(tip))
            self.tree.addTopLevelItem(item)
            item.setFirstColumnSpanned(True)
            item.setExpanded(first_fill or path in expanded or path not in self._seen or
                             isinstance(found, BaseException))
            self._span_problems(item)
            if found is not None:
                self._seen.add(path)
        self.stack.setCurrentWidget(self.tree if self._files else self.hint)

    def _sheet_item(self, sheet, lang, icons) -> QTreeWidgetItem:
        child = QTreeWidgetItem([sheet.sheet, "", f"{sheet.rows:,}"])
        child.setData(0, Qt.ItemDataRole.UserRole, (SHEET, sheet.path, sheet.sheet))
        child.setToolTip(0, f"{sheet.file} — {sheet.sheet}\n{tr('double_click', lang)}")
        if own_book_sheet(sheet):  # kpipack's own, hidden on purpose: no problem to report
            child.setText(1, tr("st_book_sheet", lang))
            for col in range(3):
                child.setForeground(col, QBrush(QColor(MUTED_COLOUR)))
            return child
        if sheet.skipped or (sheet.role is None and not sheet.problems):
            child.setText(1, tr("role_skip", lang))
            for col in range(3):
                child.setForeground(col, QBrush(QColor(MUTED_COLOUR)))
        elif sheet.role is None:
            child.setText(1, tr("role_unknown", lang))
            child.setForeground(1, QBrush(QColor(PROBLEM_COLOUR)))
        else:
            child.setText(1, role_label(sheet.role, lang))
        profile = export_profiles.by_id(getattr(sheet, "profile", None))
        if profile is not None:  # a known export layout: say which, in words on hover
            child.setText(1, f"{role_label(sheet.role, lang)} · {profile.system}")
            child.setToolTip(1, export_profiles.read_as(profile.id, lang, list(sheet.headers)))
        stores = dict(getattr(sheet, "store_columns", ()))
        if stores:  # each store column read as that store's sales: said so, never "合計 → net sales"
            child.setText(1, f"{role_label(sheet.role, lang)} · {tr('store_columns_read', lang)}")
            tip = tr("store_columns_tip", lang, stores=", ".join(stores.values()), totals=", ".join(sheet.totals))
            codes = [s for s in stores.values() if is_code(s)]
            child.setToolTip(1, tip + ("\n" + tr("store_columns_codes_tip", lang, codes=", ".join(codes))
                                       if codes else ""))
        if self._choices.get(sheet.key):
            child.setIcon(1, icons["saved"])
            child.setToolTip(1, tr("saved_mapping", lang))
        if not sheet.skipped:
            for problem in sheet.problems:
                self._add_problem(child, problem_text(problem, lang, short=True), icons["warn"])
        return child

    def _span_problems(self, item: QTreeWidgetItem) -> None:
        """Problem lines use the whole width (only possible once they are in the tree)."""
        for n in range(item.childCount()):
            child = item.child(n)
            data = child.data(0, Qt.ItemDataRole.UserRole)
            if data and data[0] == PROBLEM:
                child.setFirstColumnSpanned(True)
            else:
                child.setExpanded(True)
                self._span_problems(child)

    def _add_problem(self, parent: QTreeWidgetItem, text: str, icon) -> None:
        """A problem as its own red line under the file or sheet it concerns."""
        line = QTreeWidgetItem([text])
        line.setData(0, Qt.ItemDataRole.UserRole, (PROBLEM, parent.data(0, Qt.ItemDataRole.UserRole)))
        line.setIcon(0, icon)
        line.setForeground(0, QBrush(QColor(PROBLEM_COLOUR)))
        line.setToolTip(0, text)
        line.setFlags(Qt.ItemFlag.ItemIsEnabled)
        parent.addChild(line)

    def _add_note(self, parent: QTreeWidgetItem, words: str) -> None:
        """A line under a file that is left out on purpose: muted, not a problem."""
        line = QTreeWidgetItem([words])
        line.setData(0, Qt.ItemDataRole.UserRole, (PROBLEM, parent.data(0, Qt.ItemDataRole.UserRole)))
        line.setForeground(0, QBrush(QColor(MUTED_COLOUR)))
        line.setToolTip(0, words)
        line.setFlags(Qt.ItemFlag.ItemIsEnabled)
        parent.addChild(line)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.tree.setHeaderLabels([tr("col_name", lang), tr("col_role", lang), tr("col_rows", lang)])
        self.hint.setText(tr("drop_hint", lang))
        self._fill()

    # ------------------------------------------------------------ selection & menus
    def selected_paths(self) -> list[Path]:
        out = []
        for item in self.tree.selectedItems():
            data = item.data(0, Qt.ItemDataRole.UserRole)
            if data and data[0] in (FILE, SHEET) and data[1] not in out:
                out.append(data[1])
        return out

    def selected_sheet(self) -> tuple[Path, str] | None:
        for item in self.tree.selectedItems():
            data = item.data(0, Qt.ItemDataRole.UserRole)
            if data and data[0] == SHEET:
                return data[1], data[2]
            if data and data[0] == FILE:
                sheets = [item.child(n).data(0, Qt.ItemDataRole.UserRole) for n in range(item.childCount())]
                sheets = [d for d in sheets if d and d[0] == SHEET]
                if len(sheets) == 1:
                    return sheets[0][1], sheets[0][2]
        return None

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if data and data[0] == SHEET:
            self.mapping_requested.emit(data[1], data[2])

    def _menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        if item is None:
            return
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if data[0] == PROBLEM:
            data = data[1]
        lang = self.lang
        menu = QMenu(self)
        if data[0] == SHEET:
            path, sheet = data[1], data[2]
            menu.addAction(tr("mapping", lang), lambda: self.mapping_requested.emit(path, sheet))
            from ..ingest.headers import ROLE_FIELDS  # loaded by now: the sheet was inspected

            roles = menu.addMenu(tr("use_as", lang))
            for role in ROLE_FIELDS:
                roles.addAction(role_label(role, lang), lambda r=role: self.role_requested.emit(path, sheet, r))
            roles.addSeparator()
            roles.addAction(tr("skip_sheet", lang), lambda: self.role_requested.emit(path, sheet, None))
            key = f"{path.name}:{sheet}"
            if self._choices.get(key):
                menu.addAction(tr("forget_mapping", lang), lambda: self.forget_requested.emit(path, sheet))
            menu.addSeparator()
            path_for_remove = path
        else:
            path_for_remove = data[1]
        menu.addAction(self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon), tr("remove", lang),
                       lambda: self.remove_requested.emit([path_for_remove]))
        menu.popup(self.tree.viewport().mapToGlobal(pos))
        self._open_menu = menu  # kept for tests
