"""Data issues: every row left out of the figures (with the reason) and every
note on rows that were kept, filterable and exportable to CSV."""
from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QStyle, QTableView, QVBoxLayout, QWidget)

from .i18n import tr
from .issuetext import problem_text

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("issues_kind", "issues_file", "issues_sheet", "issues_row", "issues_problem")


class IssueFilter(QSortFilterProxyModel):
    """Text filter over every column plus a kind filter (all / rejected / notes)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.kind = ""
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def set_kind(self, kind: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateFilter() is deprecated there
            self.beginFilterChange()
            self.kind = kind
            self.endFilterChange()
        else:
            self.kind = kind
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent) -> bool:
        if self.kind and self.sourceModel().index(row, 0, parent).data(KIND_ROLE) != self.kind:
            return False
        return super().filterAcceptsRow(row, parent)


class IssuesView(QWidget):
    exported = Signal(str)
    export_failed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "en"
        self.res = None
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.proxy = IssueFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.kind = QComboBox()
        self.kind.currentIndexChanged.connect(lambda _i: self._filter_changed())
        self.export_button = QPushButton()
        self.export_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.export_button.clicked.connect(self._ask_export)
        self.count = QLabel()
        self.count.setObjectName("hint")
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 2)
        bar.addWidget(self.kind)
        bar.addWidget(self.export_button)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addLayout(bar)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)

    def show_results(self, res) -> None:
        self.res = res
        self._fill()

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.filter.setPlaceholderText(tr("issues_filter", lang))
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for key, kind in (("issues_all", ""), ("issues_rejected", "rejected"), ("issues_notes", "note")):
            self.kind.addItem(tr(key, lang), kind)
        self.kind.setCurrentIndex(max(self.kind.findData(current or ""), 0))
        self.kind.blockSignals(False)
        self.export_button.setText(tr("issues_export", lang))
        self._fill()

    def _fill(self) -> None:
        lang = self.lang
        self.model.clear()
        self.model.setHorizontalHeaderLabels([tr(c, lang) for c in COLUMNS])
        issues = self.res.issues() if self.res is not None else []
        red, amber = QBrush(QColor("#B3261E")), QBrush(QColor("#8A5300"))
        for kind, issue in issues:
            row = [QStandardItem(tr("kind_rejected" if kind == "rejected" else "kind_note", lang)),
                   QStandardItem(issue.file), QStandardItem(issue.sheet), QStandardItem(),
                   QStandardItem(problem_text(issue, lang))]
            if issue.row:  # 0 is a whole file or sheet: no row to name
                row[3].setData(issue.row, Qt.ItemDataRole.DisplayRole)  # numeric sort
            row[0].setData(kind, KIND_ROLE)
            row[0].setForeground(red if kind == "rejected" else amber)
            self.model.appendRow(row)
        header = self.table.horizontalHeader()  # set again: clearing the model resets the sections
        for col in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.export_button.setEnabled(bool(issues))
        self._filter_changed()

    def _filter_changed(self, *_args) -> None:
        self.proxy.set_kind(self.kind.currentData() or "")
        self.proxy.setFilterFixedString(self.filter.text())
        total = self.model.rowCount()
        if self.res is None:
            self.count.clear()
        elif total == 0:
            self.count.setText(tr("issues_none", self.lang))
        else:
            rejected = sum(1 for r in range(total) if self.model.item(r, 0).data(KIND_ROLE) == "rejected")
            self.count.setText(tr("issues_count", self.lang, shown=self.proxy.rowCount(), total=total,
                                  rejected=rejected))

    def visible_rows(self) -> list[list[str]]:
        out = []
        for r in range(self.proxy.rowCount()):
            out.append([str(self.proxy.index(r, c).data() or "") for c in range(len(COLUMNS))])
        return out

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("issues_export", self.lang), "data-issues.csv",
                                              "CSV (*.csv)")
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> None:
        """The rows shown (filter applied), UTF-8 with a BOM so Excel reads Japanese."""
        from ..outputs import atomic_target

        try:
            with atomic_target(path) as tmp:
                with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                    writer = csv.writer(fh)
                    writer.writerow([tr(c, self.lang) for c in COLUMNS])
                    writer.writerows(self.visible_rows())
        except Exception as exc:  # noqa: BLE001 - shown by the window's error sink
            self.export_failed.emit(exc)
            return
        self.exported.emit(str(path))
