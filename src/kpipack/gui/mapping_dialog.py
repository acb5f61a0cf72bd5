"""The columns of one sheet: each source header beside the field it feeds,
sample values and how sure the match is. The user fixes any column or the
sheet's role; the choice can be remembered for files with the same headers."""
from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from .i18n import field_label, role_label, tr
from .profiles import SheetChoice

SKIP = "__skip__"
MATCH_COLOURS = {"saved": "#1A73E8", "high": "#1B7F3B", "medium": "#8A5300", "low": "#C62828", "none": "#80868B"}
DOUBT_BACKGROUND = "#FDECEA"  # a row the importer will not read until the user says what it is
SURE = 0.85  # from here a match is shown as sure; from infer.APPLY as likely; below, to check


def match_level(column) -> str:
    from ..ingest.infer import APPLY  # deferred: the importer pulls pandas

    if column.source == "saved" and column.field:
        return "saved"
    if not column.field and not column.budget_kpi:
        return "none"
    if column.doubtful or column.confidence < APPLY:
        return "low"
    return "high" if column.confidence >= SURE else "medium"


class MappingDialog(QDialog):
    """Edit one sheet's role and columns. `choice()` gives the result."""

    def __init__(self, sheet, lang: str, remember: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        from ..ingest.headers import ROLE_FIELDS  # deferred: the importer pulls pandas

        self.role_fields = ROLE_FIELDS
        self.original = sheet
        self.sheet = sheet
        self.lang = lang
        self.setWindowTitle(tr("mapping_title", lang, sheet=sheet.sheet))
        self.setMinimumSize(820, 520)

        intro = QLabel(tr("mapping_intro", lang, sheet=sheet.sheet, file=sheet.file))
        intro.setWordWrap(True)
        self.doubt_note = QLabel()  # why the dialog asks: columns read from their values alone
        self.doubt_note.setWordWrap(True)
        self.doubt_note.setStyleSheet(f"color: {MATCH_COLOURS['low']}; font-weight: 600;")
        self.role = QComboBox()
        for role in ROLE_FIELDS:
            self.role.addItem(role_label(role, lang), role)
        self.role.addItem(tr("skip_sheet", lang), SKIP)
        self._set_role_combo(sheet)
        self.role.currentIndexChanged.connect(self._role_changed)
        form = QFormLayout()
        form.addRow(tr("sheet_role", lang), self.role)
        where = QLabel(tr("header_row_at", lang, row=sheet.header_row, rows=f"{sheet.rows:,}"))
        where.setObjectName("hint")

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([tr("col_source", lang), tr("col_samples", lang),
                                              tr("col_field", lang), tr("col_match", lang)])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.combos: list[QComboBox] = []

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self.remember = QCheckBox(tr("remember", lang))
        self.remember.setChecked(remember)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("ok", lang))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("cancel", lang))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.doubt_note)
        layout.addLayout(form)
        layout.addWidget(where)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.note)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)
        self._fill()

    # ------------------------------------------------------------ state
    def current_role(self) -> str | None:
        role = self.role.currentData()
        return None if role == SKIP else role

    def _set_role_combo(self, sheet) -> None:
        self.role.blockSignals(True)
        # a sheet the importer could not place is, for now, not used
        self.role.setCurrentIndex(self.role.findData(SKIP if sheet.skipped or sheet.role is None else sheet.role))
        self.role.blockSignals(False)

    def _role_changed(self) -> None:
        from ..ingest import Mapping
        from ..ingest.inspect import reinspect

        role = self.current_role()
        if role is not None:
            # columns as the importer would read them for this role
            self.sheet = reinspect(self.original, Mapping({self.original.key: {"_role": role}}))
        self._fill()

    def _fill(self) -> None:
        lang = self.lang
        role = self.current_role()
        fields = self.role_fields.get(role, []) if role else []
        for combo in self.combos:  # replaced below; hidden now so none lingers until deleted
            combo.hide()
            combo.deleteLater()
        self.table.setRowCount(0)
        self.table.setRowCount(len(self.sheet.columns))
        self.combos = []
        for row, column in enumerate(self.sheet.columns):
            name = QTableWidgetItem(column.header or f"#{column.column + 1}")
            self.table.setItem(row, 0, name)
            self._set_samples(row, column.field)
            combo = QComboBox()
            combo.addItem(field_label(None, lang), "")
            if column.budget_kpi and role == "budget":
                combo.clear()
                combo.addItem(tr("budget_column", lang, kpi=column.budget_kpi), "")
                combo.setEnabled(False)
            else:
                for fld in fields:
                    combo.addItem(field_label(fld, lang), fld)
                combo.setCurrentIndex(max(combo.findData(column.field or ""), 0))
                combo.setEnabled(role is not None)
            combo.currentIndexChanged.connect(lambda _i, r=row: self._field_changed(r))
            self.table.setCellWidget(row, 2, combo)
            self.combos.append(combo)
            self._set_match(row, match_level(column) if role else "none", column)
        doubtful = [c for c in self.sheet.columns if c.doubtful] if role else []
        self.doubt_note.setText(self._doubt_text(doubtful))
        self.doubt_note.setVisible(bool(doubtful))
        self._update_status()

    def _doubt_text(self, doubtful: list) -> str:
        """Why the dialog asks: the columns read from their values alone, and,
        where two columns compete for a field, both with how sure each is."""
        lang = self.lang
        if not doubtful:
            return ""

        def quoted(name: str, sure: float | None = None) -> str:
            name = f"「{name}」" if lang == "ja" else f"“{name}”"
            return f"{name}（{sure:.0%}）" if sure is not None and lang == "ja" else \
                f"{name} ({sure:.0%})" if sure is not None else name

        first = doubtful[0]
        if first.rival is not None:
            pair = [quoted(first.header or f"#{first.column + 1}", first.confidence), quoted(*first.rival)]
            return tr("mapping_doubts_rival", lang, columns=("と" if lang == "ja" else " and ").join(pair),
                      field=field_label(first.field, lang))
        names = [quoted(c.header or f"#{c.column + 1}") for c in doubtful]
        return tr("mapping_doubts", lang, columns=("、" if lang == "ja" else ", ").join(names))

    def _set_samples(self, row: int, fld: str | None) -> None:
        """Sample values, read as dates when the column is to be read as one
        (a date cell arrives as a day count until its field is known)."""
        from ..ingest.headers import DATE_FIELDS
        from ..ingest.inspect import shown_samples

        values = shown_samples(list(self.sheet.columns[row].samples), fld in DATE_FIELDS)
        item = QTableWidgetItem(" · ".join(values))
        item.setToolTip("\n".join(values))
        item.setForeground(QBrush(QColor("#5F6368")))
        self.table.setItem(row, 1, item)

    def _set_match(self, row: int, level: str, column=None) -> None:
        """How sure the field is, as a word, a colour and a percentage; a
        column read from its values says so, and one in doubt is tinted."""
        text = ("● " if level != "none" else "") + tr(f"match_{level}", self.lang)
        if column is not None and column.source == "tax" and level == "none":  # read beside the amount
            text = tr("match_line_tax", self.lang)
        if column is not None and column.source in ("summed", "traffic") and level == "none":  # read by a rule
            from ..field_names import field_name

            text = tr(f"match_{column.source}", self.lang).format(field=field_name(column.adds_to, self.lang))
        shown = column is not None and level not in ("none", "saved") and column.field
        if shown:
            text += f"  {column.confidence:.0%}"
            if column.source == "values":
                text += " · " + tr("match_from_values", self.lang)
        item = QTableWidgetItem(text)
        item.setForeground(QBrush(QColor(MATCH_COLOURS[level])))
        if column is not None and column.values_fit is False:
            item.setToolTip(tr("match_misfit", self.lang))
        elif shown:
            item.setToolTip(tr("match_values_tip" if column.source == "values" else "match_header_tip", self.lang,
                               pct=f"{column.confidence:.0%}"))
        doubt = column is not None and column.doubtful and level == "low"
        for col in range(self.table.columnCount()):
            cell = item if col == 3 else self.table.item(row, col)
            if cell is not None:
                cell.setBackground(QBrush(QColor(DOUBT_BACKGROUND)) if doubt else QBrush())
        self.table.setItem(row, 3, item)

    def _field_changed(self, row: int) -> None:
        chosen = self.combos[row].currentData()
        self.note.clear()
        if chosen:
            for other, combo in enumerate(self.combos):
                if other != row and combo.currentData() == chosen:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
                    self._set_match(other, "none")
                    self.note.setText(tr("field_taken", self.lang, field=field_label(chosen, self.lang)))
        self._set_match(row, "saved" if chosen else "none")
        self._set_samples(row, chosen)
        self._update_status()

    def chosen_fields(self) -> dict[str, str]:
        """Header -> the field chosen ('' not used); a column a rule reads beside a
        field (summed into it, or read for tax) and left so is not written, so
        the rule reads it again in next month's file."""
        out = {}
        for column, combo in zip(self.sheet.columns, self.combos):
            if column.header and not (column.source in ("summed", "tax", "traffic") and not combo.currentData()):
                out[column.header] = combo.currentData() or ""
        return out

    def _update_status(self) -> None:
        from ..ingest.inspect import missing_required

        role = self.current_role()
        if role is None:
            self.status.setText("")
            return
        missing = missing_required(role, {f for f in self.chosen_fields().values() if f})
        if missing:
            names = ", ".join(field_label(f, self.lang) for f in missing) if self.lang != "ja" else \
                "、".join(field_label(f, self.lang) for f in missing)
            self.status.setText(tr("required_missing", self.lang, fields=names))
            self.status.setStyleSheet("color: #C62828;")
        else:
            self.status.setText(tr("required_ok", self.lang))
            self.status.setStyleSheet("color: #1B7F3B;")

    def set_field(self, header: str, fld: str) -> None:
        """Choose `fld` for the column headed `header` (as a user would)."""
        for column, combo in zip(self.sheet.columns, self.combos):
            if column.header == header:
                combo.setCurrentIndex(combo.findData(fld))
                return
        raise KeyError(header)

    def set_role(self, role: str | None) -> None:
        self.role.setCurrentIndex(self.role.findData(SKIP if role is None else role))

    def choice(self) -> SheetChoice:
        return SheetChoice(self.current_role(), self.chosen_fields(), list(self.original.headers),
                           self.original.key)
