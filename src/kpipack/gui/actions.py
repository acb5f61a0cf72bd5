"""Improvement actions from month to month: every open action of the month
(the pack's own list, report/action_plan.py) with owner, due date, progress
and notes editable in place; what last month's pack carried over; overdue
ones marked; done ones in a list of their own with the KPI's change since the
action was opened. The edits go into the pack at the next export."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QSplitter, QStyledItemDelegate, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from . import fmt
from .i18n import month_label, status_label, tr
from .theme import STATUS_FILL, STATUS_TEXT

ALL = "__all__"
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
COL_KPI, COL_ACTION, COL_OWNER, COL_DUE, COL_PROGRESS, COL_NOTES, COL_OPENED = range(7)
HEADERS = ("act_col_kpi", "act_col_action", "act_col_owner", "act_col_due", "act_col_progress", "act_col_notes",
           "act_col_opened")
DONE_HEADERS = ("act_col_kpi", "act_col_action", "act_col_owner", "act_col_opened", "act_col_result")
PROGRESS = ("not_started", "in_progress", "done")
OVERDUE_FILL, OVERDUE_TEXT = STATUS_FILL["red"], STATUS_TEXT["red"]
NO_DATE = QDate(2000, 1, 1)  # the date editor's "no due date"


def progress_label(code: str, lang: str) -> str:
    return tr(f"act_{code}", lang)


class DueDelegate(QStyledItemDelegate):
    """A calendar for the due date; its first day stands for "none"."""

    def createEditor(self, parent, option, index):
        editor = QDateEdit(parent)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("yyyy-MM-dd")
        editor.setMinimumDate(NO_DATE)
        editor.setSpecialValueText("—")
        return editor

    def setEditorData(self, editor, index):
        date = QDate.fromString(str(index.data() or ""), "yyyy-MM-dd")
        editor.setDate(date if date.isValid() else QDate.currentDate())

    def setModelData(self, editor, model, index):
        date = editor.date()
        model.setData(index, "" if date == NO_DATE else date.toString("yyyy-MM-dd"))


class ProgressDelegate(QStyledItemDelegate):
    """Not started / in progress / done, as the pack's drop-down offers."""

    def __init__(self, view: "ActionsView"):
        super().__init__(view)
        self.view = view

    def createEditor(self, parent, option, index):
        editor = QComboBox(parent)
        for code in PROGRESS:
            editor.addItem(progress_label(code, self.view.lang), code)
        return editor

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(editor.findText(str(index.data() or "")), 0))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText())


class ActionsView(QWidget):
    edited = Signal()  # an owner, date, progress or note changed
    pick_previous = Signal()  # the user wants to choose last month's pack

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "en"
        self.res = None
        self.previous: dict = {}  # key -> PreviousAction of last month's pack
        self.previous_path: Path | None = None
        self.previous_period: str | None = None
        self._edits: dict[str, dict] = {}  # month -> key -> PreviousAction: what the user changed here
        self.lines: list = []
        self.today = dt.date.today()
        self.scope_label = QLabel()
        self.scope = QComboBox()
        self.scope.setMinimumWidth(200)
        self.scope.currentIndexChanged.connect(lambda _i: self._fill())
        self.carried = QLabel()
        self.carried.setObjectName("hint")
        self.pick_button = QPushButton()
        self.pick_button.clicked.connect(self.pick_previous.emit)
        bar = QHBoxLayout()
        bar.addWidget(self.scope_label)
        bar.addWidget(self.scope)
        bar.addSpacing(16)
        bar.addWidget(self.carried, 1)
        bar.addWidget(self.pick_button)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.setItemDelegateForColumn(COL_DUE, DueDelegate(self.table))
        self.table.setItemDelegateForColumn(COL_PROGRESS, ProgressDelegate(self))
        self.table.itemChanged.connect(self._item_changed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_ACTION, QHeaderView.ResizeMode.Stretch)
        for col, width in ((COL_KPI, 170), (COL_OWNER, 90), (COL_DUE, 90), (COL_PROGRESS, 80), (COL_NOTES, 160),
                           (COL_OPENED, 80)):
            self.table.setColumnWidth(col, width)
        self.done_title = QLabel()
        self.done_title.setObjectName("sectionTitle")
        self.done = QTableWidget(0, len(DONE_HEADERS))
        self.done.verticalHeader().setVisible(False)
        self.done.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.done.horizontalHeader().setSectionResizeMode(COL_ACTION, QHeaderView.ResizeMode.Stretch)
        self.done.setColumnWidth(0, 190)
        self.done.setColumnWidth(4, 300)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.addWidget(self.done_title)
        lower_layout.addWidget(self.done, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addLayout(bar)
        layout.addWidget(self.intro)
        layout.addWidget(split, 1)

    # ------------------------------------------------------------ state
    @property
    def edits(self) -> dict:
        """This month's edits (each month keeps its own while the app is open)."""
        return self._edits.setdefault(self.res.period if self.res is not None else "", {})

    def set_previous(self, path: Path | None, period: str | None, actions: dict) -> None:
        """Last month's pack and its actions (what carries over)."""
        self.previous_path, self.previous_period, self.previous = path, period, dict(actions)
        self._plan()
        self._fill()

    def show_results(self, res) -> None:
        self.res = res
        current = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(tr("issues_all", self.lang), ALL)
        if res is not None:
            for s in res.scopes:
                self.scope.addItem(res.scope_label(s, self.lang), s)
        self.scope.setCurrentIndex(max(self.scope.findData(current or ALL), 0))
        self.scope.blockSignals(False)
        self._plan()
        self._fill()

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.scope_label.setText(tr("actions_scope", lang))
        self.pick_button.setText(tr("act_pick_previous", lang))
        self.pick_button.setToolTip(tr("act_pick_previous_tip", lang))
        self.table.setHorizontalHeaderLabels([tr(h, lang) for h in HEADERS])
        self.done.setHorizontalHeaderLabels([tr(h, lang) for h in DONE_HEADERS])
        self.show_results(self.res)

    def _plan(self) -> None:
        """The month's action lines, as the pack will write them."""
        if self.res is None:
            self.lines = []
            return
        from ..report.action_plan import plan_actions

        self.lines = plan_actions(self.res.result.rows, self.res.scopes, self.lang,
                                  self.res.period, self.previous, self.edits)

    def open_lines(self) -> list:
        """The lines listed: open actions in the chosen scope, plus one blank line to add an action."""
        scope = self.scope.currentData() or ALL
        shown, blank = [], None
        for line in self.lines:
            if line.scope == "other" and not line.text:
                blank = blank or line
                continue
            if line.open and (scope == ALL or line.scope in (scope, "other")):
                shown.append(line)
        return shown + ([blank] if blank is not None else [])

    def done_lines(self) -> list:
        """Done this month (here or in the pack) and done in last month's pack."""
        from ..report.action_plan import done_since

        done = [line for line in self.lines if not line.open]
        keys = {line.key for line in done}
        return done + [p for p in done_since(self.previous) if p.key not in keys]

    def overdue(self) -> list:
        return [line for line in self.open_lines() if line.overdue(self.today)]

    # ------------------------------------------------------------ display
    def _fill(self) -> None:
        res, lang = self.res, self.lang
        if self.previous_path is not None:
            when = month_label(self.previous_period, lang) if self.previous_period else "?"
            self.carried.setText(tr("act_carried_from", lang, name=self.previous_path.name, month=when,
                                    n=sum(1 for p in self.previous.values() if p.open and p.has_content)))
            self.carried.setToolTip(str(self.previous_path))
        else:
            self.carried.setText(tr("act_carried_none", lang))
            self.carried.setToolTip("")
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.done.setRowCount(0)
        if res is None:
            self.intro.setText(tr("act_intro_empty", lang))
            self.done_title.setText(tr("act_done_title", lang))
            self.table.blockSignals(False)
            return
        shown = self.open_lines()
        late = self.overdue()
        intro = tr("act_intro", lang, period=month_label(res.period, lang), n=len([s for s in shown if s.text]))
        if late:
            intro += " " + tr("act_overdue_count", lang, n=len(late))
        self.intro.setText(intro)
        self.table.setUpdatesEnabled(False)  # one repaint for the whole table
        self.table.setRowCount(len(shown))
        for row, line in enumerate(shown):
            self._fill_row(row, line)
        self.table.resizeRowsToContents()
        self.table.setUpdatesEnabled(True)
        self.table.blockSignals(False)
        done = self.done_lines()
        self.done_title.setText(tr("act_done_title", lang) + f" ({len(done)})")
        self.done.setRowCount(len(done))
        for row, item in enumerate(done):
            self._fill_done(row, item)
        self.done.resizeRowsToContents()

    def _kpi_text(self, scope: str, kpi: str) -> tuple[str, str]:
        """"Net sales — Shibuya" and the KPI's status now."""
        res, lang = self.res, self.lang
        if scope == "other" or not kpi:
            return tr("act_other", lang), "none"
        row = res.row(kpi, scope)
        return f"{res.kpi_label(kpi, lang)} — {res.scope_label(scope, lang)}", (row or {}).get("status", "none")

    def _fill_row(self, row: int, line) -> None:
        lang = self.lang
        kpi_text, status = self._kpi_text(line.scope, line.kpi)
        cells = {
            COL_KPI: kpi_text,
            COL_ACTION: line.text,
            COL_OWNER: line.owner,
            COL_DUE: _date_text(line.due),
            COL_PROGRESS: progress_label(line.progress, lang),
            COL_NOTES: line.notes,
            COL_OPENED: month_label(line.opened, lang) if line.opened and line.text else "",
        }
        editable = {COL_OWNER, COL_DUE, COL_PROGRESS, COL_NOTES} | ({COL_ACTION} if line.editable else set())
        for col, text in cells.items():
            item = QTableWidgetItem(text)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if col in editable:
                flags |= Qt.ItemFlag.ItemIsEditable
            item.setFlags(flags)
            item.setData(KEY_ROLE, line.key)
            self.table.setItem(row, col, item)
        kpi_item = self.table.item(row, COL_KPI)
        if status in ("red", "amber"):
            kpi_item.setBackground(QBrush(QColor(STATUS_FILL[status])))
            kpi_item.setForeground(QBrush(QColor(STATUS_TEXT[status])))
        kpi_item.setToolTip(status_label(status, lang))
        if not line.text:
            self.table.item(row, COL_ACTION).setToolTip(tr("act_add_tip", lang))
        if line.overdue(self.today):
            due = self.table.item(row, COL_DUE)
            due.setBackground(QBrush(QColor(OVERDUE_FILL)))
            due.setForeground(QBrush(QColor(OVERDUE_TEXT)))
            bold = QFont(due.font())
            bold.setBold(True)
            due.setFont(bold)
            due.setToolTip(tr("act_overdue", lang))

    def _fill_done(self, row: int, item) -> None:
        from ..report.action_plan import split_key

        scope, kpi = (item.scope, item.kpi) if hasattr(item, "scope") else split_key(item.key)
        text = item.text if hasattr(item, "text") else item.action
        kpi_text, _status = self._kpi_text(scope, kpi)
        opened = month_label(item.opened, self.lang) if item.opened else ""
        result = self.result_text(scope, kpi, item)
        campaign = self.campaign_text(f"{text}\n{item.notes}")
        for col, value in enumerate((kpi_text, text, item.owner, opened, campaign or result)):
            self.done.setItem(row, col, QTableWidgetItem(value))

    def campaign_text(self, text: str) -> str | None:
        """The measured effect of a campaign the action names, where one was measured."""
        effects = list(getattr(self.res.comp, "campaigns", []) or [])
        if not effects:
            return None
        from ..report.campaign_actions import effect_note

        return effect_note(text, effects, self.res.comp.store_names, self.lang, self.res.currency)

    def result_text(self, scope: str, kpi: str, item) -> str:
        """The KPI's change since the action was opened: "¥1.2M → ¥1.3M (+8.3%)"."""
        lang, res = self.lang, self.res
        row = res.row(kpi, scope) if kpi else None
        now = (row or {}).get("actual")
        if row is None or item.baseline is None or now is None:
            return tr("act_result_unknown", lang)
        unit = res.unit(kpi)
        before_text = fmt.value_text(item.baseline, unit, lang, res.currency, res.area_unit)
        now_text = fmt.value_text(now, unit, lang, res.currency, res.area_unit)
        if unit in ("pct", "points", "pct_points"):  # a change of a score or a rate is told in points
            change = f"{now - item.baseline:+.1f} pt"
        elif item.baseline:
            change = f"{(now - item.baseline) / abs(item.baseline) * 100:+.1f}%"
        else:
            change = "–"
        direction = res.direction(kpi)
        verdict = ""
        if direction in ("higher", "lower") and now != item.baseline:
            better = (now > item.baseline) == (direction == "higher")
            verdict = " " + tr("act_better" if better else "act_worse", lang)
        return f"{before_text} → {now_text} ({change}){verdict}"

    # ------------------------------------------------------------ editing
    def _item_changed(self, item: QTableWidgetItem) -> None:
        from ..report.previous import PreviousAction

        row = item.row()
        key = item.data(KEY_ROLE)
        line = next((x for x in self.lines if x.key == key), None)
        if line is None:
            return

        def cell(col):
            got = self.table.item(row, col)
            return got.text().strip() if got is not None else ""

        progress = next((c for c in PROGRESS if progress_label(c, self.lang) == cell(COL_PROGRESS)), line.progress)
        due_text = cell(COL_DUE)
        try:
            due = dt.datetime.strptime(due_text, "%Y-%m-%d") if due_text else None
        except ValueError:
            due = due_text  # kept as the user wrote it, as the pack keeps it
        self.edits[key] = PreviousAction(key, cell(COL_ACTION) if line.editable else "", cell(COL_OWNER), due,
                                         progress, cell(COL_NOTES))
        self._plan()
        self._fill()  # a done action moves to the done list; an overdue one turns red
        self.edited.emit()


def _date_text(value) -> str:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value or "")
