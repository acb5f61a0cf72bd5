"""Improvement actions from month to month: every open action of the month
(the pack's own list, report/action_plan.py) with owner, due date, progress
and notes editable in place; what last month's pack carried over; overdue
ones marked; done ones in a list of their own with the KPI's change since the
action was opened. The edits go into the pack at the next export."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QSplitter, QStyledItemDelegate, QTableView, QVBoxLayout, QWidget)

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
ROW_BATCH = 20  # rows sized to their text per turn of the event loop


class Cell:
    """One cell of a table: its text and how it looks."""

    __slots__ = ("text", "key", "editable", "fill", "color", "bold", "tip", "right", "roles")

    def __init__(self, text: str, key: str = "", editable: bool = False, fill: str = "", color: str = "",
                 bold: bool = False, tip: str = "", right: bool = False):
        self.text, self.key, self.editable = text, key, editable
        self.fill, self.color, self.bold, self.tip, self.right = fill, color, bold, tip, right
        self.roles: dict | None = None

    def data(self, role):
        """The value for a Qt role, worked out once: the view asks for it on every paint."""
        if self.roles is None:
            R = Qt.ItemDataRole  # noqa: N806
            roles = {R.DisplayRole: self.text, R.EditRole: self.text, KEY_ROLE: self.key}
            if self.fill:
                roles[R.BackgroundRole] = QBrush(QColor(self.fill))
            if self.color:
                roles[R.ForegroundRole] = QBrush(QColor(self.color))
            if self.bold:
                font = QFont()
                font.setBold(True)
                roles[R.FontRole] = font
            if self.tip:
                roles[R.ToolTipRole] = self.tip
            if self.right:  # a figure
                roles[R.TextAlignmentRole] = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            self.roles = roles
        return self.roles.get(role)


class RowsModel(QAbstractTableModel):
    """A table of rows made of Cells. A new list replaces the old one in one
    reset, and a row's cells are made when the view first asks for them, so
    filling costs the same for five lines or five thousand: the view asks
    only for the rows it shows (and those it sizes, a batch at a time)."""

    edited = Signal(int, int, str)  # row, column, the text the editor committed

    def __init__(self, columns: int, parent=None):
        super().__init__(parent)
        self.columns = columns
        self.items: list = []
        self.make = None  # item -> list[Cell]
        self.made: dict[int, list[Cell]] = {}
        self.headers: list[str] = [""] * columns

    def set_rows(self, items, make, columns: int | None = None) -> None:
        """One row per item; `make(item)` gives its cells when first needed;
        `columns` (one or more) changes the number of columns with the rows."""
        self.beginResetModel()
        self.items, self.make, self.made = items if isinstance(items, range) else list(items), make, {}
        if columns:
            self.columns = columns
            self.headers = (self.headers + [""] * columns)[:columns]
        self.endResetModel()

    def set_headers(self, headers: list[str]) -> None:
        self.headers = list(headers)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columns - 1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.columns

    def row(self, row: int) -> list[Cell]:
        cells = self.made.get(row)
        if cells is None:
            cells = self.made[row] = self.make(self.items[row])
        return cells

    def cell(self, row: int, col: int) -> Cell:
        return self.row(row)[col]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return self.row(index.row())[index.column()].data(role) if index.isValid() else None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def flags(self, index):
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and self.cell(index.row(), index.column()).editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        cell = self.cell(index.row(), index.column())
        if not cell.editable:
            return False
        cell.text, cell.roles = str(value), None
        self.dataChanged.emit(index, index)
        self.edited.emit(index.row(), index.column(), cell.text)
        return True


def table_view(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(True)
    return view


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
    filled = Signal()  # the tables are filled and every row sized
    pick_previous = Signal()  # the user wants to choose last month's pack

    def __init__(self, parent: QWidget | None = None, store=None):
        super().__init__(parent)
        self.lang = "en"
        self.res = None
        self.store = store  # an ActionEdits (action_edits.py), or None: the edits live while the app is open
        self.previous: dict = {}  # key -> PreviousAction of last month's pack
        self.previous_path: Path | None = None
        self.previous_period: str | None = None
        self._edits: dict[str, dict] = {}  # month -> key -> PreviousAction: what the user changed here
        self.lines: list = []
        self._sizing = 0  # the fill whose rows are being sized
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
        self.model = RowsModel(len(HEADERS), self)
        self.model.edited.connect(self._cell_edited)
        self.table = table_view(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.setItemDelegateForColumn(COL_DUE, DueDelegate(self.table))
        self.table.setItemDelegateForColumn(COL_PROGRESS, ProgressDelegate(self))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_ACTION, QHeaderView.ResizeMode.Stretch)
        # the longest month fits on one line, so "Opened" never doubles a row's height
        month_width = self.table.fontMetrics().horizontalAdvance("September 2026") + 18
        for col, width in ((COL_KPI, 170), (COL_OWNER, 80), (COL_DUE, 85), (COL_PROGRESS, 90), (COL_NOTES, 120),
                           (COL_OPENED, month_width)):
            self.table.setColumnWidth(col, width)
        # a column that changes width wraps its text anew: the rows are sized again
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(60)
        self._resize_timer.timeout.connect(self._size_rows)
        header.sectionResized.connect(lambda *_a: self._resize_timer.start())
        self.done_title = QLabel()
        self.done_title.setObjectName("sectionTitle")
        self.done_model = RowsModel(len(DONE_HEADERS), self)
        self.done = table_view(self.done_model)
        self.done.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.done.horizontalHeader().setSectionResizeMode(COL_ACTION, QHeaderView.ResizeMode.Stretch)
        self.done.setColumnWidth(0, 190)
        self.done.setColumnWidth(4, 300)
        self.done.horizontalHeader().sectionResized.connect(lambda *_a: self._resize_timer.start())
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
        """This month's edits (each month keeps its own; with a store, kept on
        disk as they are made and found again on the next start)."""
        key = self.month_key()
        if key not in self._edits:
            self._edits[key] = self.store.get(key) if self.store is not None and key else {}
        return self._edits[key]

    def month_key(self) -> str:
        from .action_edits import month_key

        return month_key(self.res.period, self.res.scopes) if self.res is not None else ""

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
        self.model.set_headers([tr(h, lang) for h in HEADERS])
        self.done_model.set_headers([tr(h, lang) for h in DONE_HEADERS])
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
        if res is None:
            self.intro.setText(tr("act_intro_empty", lang))
            self.done_title.setText(tr("act_done_title", lang))
            self.model.set_rows([], self._row)
            self.done_model.set_rows([], self._done_row)
            self._size_rows()
            return
        shown = self.open_lines()
        late = self.overdue()
        intro = tr("act_intro", lang, period=month_label(res.period, lang), n=len([s for s in shown if s.text]))
        if late:
            intro += " " + tr("act_overdue_count", lang, n=len(late))
        self.intro.setText(intro)
        self.model.set_rows(shown, self._row)
        done = self.done_lines()
        self.done_title.setText(tr("act_done_title", lang) + f" ({len(done)})")
        self.done_model.set_rows(done, self._done_row)
        self._size_rows()

    def _size_rows(self) -> None:
        """Each row as high as its wrapped text, a batch of rows per turn of the
        event loop (a long list never holds the window); `filled` when done."""
        self._sizing += 1
        generation = self._sizing
        tables = [(self.table, 0), (self.done, 0)]

        def batch() -> None:
            if generation != self._sizing:
                return  # filled again since: that fill sizes its own rows
            budget = ROW_BATCH
            for n, (table, start) in enumerate(tables):
                stop = min(start + budget, table.model().rowCount())
                for row in range(start, stop):
                    table.resizeRowToContents(row)
                budget -= stop - start
                tables[n] = (table, stop)
                if budget <= 0:
                    break
            if any(start < table.model().rowCount() for table, start in tables):
                QTimer.singleShot(0, batch)
            else:
                self.filled.emit()
        batch()

    def cell_text(self, row: int, col: int, done: bool = False) -> str:
        return (self.done_model if done else self.model).cell(row, col).text

    def _kpi_text(self, scope: str, kpi: str) -> tuple[str, str]:
        """"Net sales — Shibuya" and the KPI's status now."""
        res, lang = self.res, self.lang
        if scope == "other" or not kpi:
            return tr("act_other", lang), "none"
        row = res.row(kpi, scope)
        return f"{res.kpi_label(kpi, lang)} — {res.scope_label(scope, lang)}", (row or {}).get("status", "none")

    def _row(self, line) -> list[Cell]:
        lang = self.lang
        kpi_text, status = self._kpi_text(line.scope, line.kpi)
        editable = {COL_OWNER, COL_DUE, COL_PROGRESS, COL_NOTES} | ({COL_ACTION} if line.editable else set())
        texts = {
            COL_KPI: kpi_text,
            COL_ACTION: line.text,
            COL_OWNER: line.owner,
            COL_DUE: _date_text(line.due),
            COL_PROGRESS: progress_label(line.progress, lang),
            COL_NOTES: line.notes,
            COL_OPENED: month_label(line.opened, lang) if line.opened and line.text else "",
        }
        cells = [Cell(texts[col], line.key, col in editable) for col in range(len(HEADERS))]
        kpi = cells[COL_KPI]
        if status in ("red", "amber"):
            kpi.fill, kpi.color = STATUS_FILL[status], STATUS_TEXT[status]
        kpi.tip = status_label(status, lang)
        if not line.text:
            cells[COL_ACTION].tip = tr("act_add_tip", lang)
        if line.overdue(self.today):
            due = cells[COL_DUE]
            due.fill, due.color, due.bold, due.tip = OVERDUE_FILL, OVERDUE_TEXT, True, tr("act_overdue", lang)
        return cells

    def _done_row(self, item) -> list[Cell]:
        from ..report.action_plan import split_key

        scope, kpi = (item.scope, item.kpi) if hasattr(item, "scope") else split_key(item.key)
        text = item.text if hasattr(item, "text") else item.action
        kpi_text, _status = self._kpi_text(scope, kpi)
        opened = month_label(item.opened, self.lang) if item.opened else ""
        result = self.result_text(scope, kpi, item)
        campaign = self.campaign_text(f"{text}\n{item.notes}")
        return [Cell(value) for value in (kpi_text, text, item.owner, opened, campaign or result)]

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
    def _cell_edited(self, row: int, col: int, _text: str) -> None:
        from ..report.previous import PreviousAction

        key = self.model.cell(row, col).key
        line = next((x for x in self.lines if x.key == key), None)
        if line is None:
            return

        def cell(c):
            return self.model.cell(row, c).text.strip()

        progress = next((c for c in PROGRESS if progress_label(c, self.lang) == cell(COL_PROGRESS)), line.progress)
        due_text = cell(COL_DUE)
        try:
            due = dt.datetime.strptime(due_text, "%Y-%m-%d") if due_text else None
        except ValueError:
            due = due_text  # kept as the user wrote it, as the pack keeps it
        self.edits[key] = PreviousAction(key, cell(COL_ACTION) if line.editable else "", cell(COL_OWNER), due,
                                         progress, cell(COL_NOTES))
        if self.store is not None:
            self.store.put(self.month_key(), self.edits)
        self._plan()
        # a done action moves to the done list, an overdue one turns red: the
        # tables are filled again once the editor has closed, never under it
        QTimer.singleShot(0, self._fill)
        self.edited.emit()


def _date_text(value) -> str:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value or "")
