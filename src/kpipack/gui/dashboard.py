"""The dashboard: headline cards and every KPI of one scope (all stores or a
store) with budget variance, month-on-month and year-on-year arrows and the
status colours of the pack, beside a net-sales trend."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from . import fmt
from .chart import COLOURS, Chart
from .i18n import month_label, status_label, tr
from .results import partial_days, partial_note
from .theme import STATUS_FILL, STATUS_TEXT

CARD_COLUMNS = 3


def comparison(row: dict, key: str, direction) -> tuple[str, str]:
    """(arrow + percentage, tone) for mom_pct / yoy_pct."""
    value = row.get(key)
    mark, tone = fmt.arrow(value, direction)
    return (f"{mark} {fmt.pct_text(value)}".strip() if value is not None else "–"), tone


def budget_text(row: dict, unit: str, lang: str, currency: str, area_unit) -> str:
    if row.get("budget") is None:
        return tr("no_budget", lang)
    if unit == "pct":
        return fmt.delta_text(row.get("variance"), unit, lang, currency, area_unit)
    return fmt.pct_text(row.get("variance_pct"))


class Card(QFrame):
    """One headline KPI: value, budget variance, MoM and YoY."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.title = QLabel()
        self.title.setStyleSheet("color: #5F6368;")
        self.value = QLabel()
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value.setFont(font)
        self.budget = QLabel()
        self.mom = QLabel()
        self.yoy = QLabel()
        for label in (self.mom, self.yoy):
            label.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 10, 8)
        layout.setSpacing(1)
        for w in (self.title, self.value, self.budget, self.mom, self.yoy):
            layout.addWidget(w)

    def show_row(self, res, row: dict, lang: str) -> None:
        kpi, unit = row["id"], res.unit(row["id"])
        status = row.get("status") or "none"
        self.title.setText(res.kpi_label(kpi, lang))
        self.value.setText(fmt.value_text(row.get("actual"), unit, lang, res.currency, res.area_unit))
        stripe = STATUS_TEXT[status] if status != "none" else "#DADCE0"
        self.setStyleSheet(f"#card {{ background: #FFFFFF; border: 1px solid #DADCE0; border-left: 6px solid "
                           f"{stripe}; border-radius: 8px; }}")
        if res.partial is not None:
            text = partial_days(res.partial, lang)
        elif row.get("budget") is None:
            text = tr("no_budget", lang)
        else:
            text = f"{tr('variance', lang)} {budget_text(row, unit, lang, res.currency, res.area_unit)}"
        if status != "none":
            text += f"  ·  {status_label(status, lang)}"
        self.budget.setText(text)
        self.budget.setStyleSheet(f"color: {STATUS_TEXT[status]};")
        for label, key, name in ((self.mom, "mom_pct", "mom"), (self.yoy, "yoy_pct", "yoy")):
            shown, tone = comparison(row, key, res.direction(kpi))
            label.setText(f"<span style='color:#5F6368'>{tr(name, lang)}</span>&nbsp;&nbsp;"
                          f"<span style='color:{fmt.TONE_COLOURS[tone]}'>{shown}</span>")
        self.setToolTip(res.defs[kpi].formula_ja if lang == "ja" else res.defs[kpi].formula_en)


class Dashboard(QWidget):
    COLUMNS = ("kpi", "actual", "budget", "variance", "mom", "yoy", "ytd", "status")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "en"
        self.res = None
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.scope_label = QLabel()
        self.scope = QComboBox()
        self.scope.setMinimumWidth(200)
        self.scope.currentIndexChanged.connect(self._refresh)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.scope_label)
        head.addWidget(self.scope)
        self.partial_note = QLabel()  # a part month: why the comparisons are left out
        self.partial_note.setObjectName("partialNote")
        self.partial_note.setWordWrap(True)
        self.partial_note.setStyleSheet("#partialNote { background: #FFF4E5; color: #8A4B00; "
                                        "border: 1px solid #F5C27A; border-radius: 6px; padding: 6px 10px; }")
        self.partial_note.hide()

        self.cards = [Card() for _ in range(6)]
        grid = QGridLayout()
        grid.setSpacing(10)
        for n, card in enumerate(self.cards):
            grid.addWidget(card, n // CARD_COLUMNS, n % CARD_COLUMNS)

        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(self.COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.chart = Chart(height=2.6)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addLayout(grid, 3)
        top.addWidget(self.chart, 2)
        self.chart.setMinimumWidth(280)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addLayout(head)
        layout.addWidget(self.partial_note)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setObjectName("hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    # ------------------------------------------------------------
    def show_results(self, res) -> None:
        self.res = res
        current = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        if res is not None:
            for scope in res.scopes:
                self.scope.addItem(res.scope_label(scope, self.lang), scope)
            index = self.scope.findData(current)
            self.scope.setCurrentIndex(index if index >= 0 else 0)
        self.scope.blockSignals(False)
        self._refresh()

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.scope_label.setText(tr("scope", lang))
        self.empty.setText(tr("empty_dashboard", lang))
        self.table.setHorizontalHeaderLabels([tr(k, lang) for k in self.COLUMNS])
        self.show_results(self.res)

    def set_waiting(self, text: str) -> None:
        if self.res is None:
            self.empty.setText(text)
            self.stack.setCurrentWidget(self.empty)

    def current_scope(self) -> str:
        return self.scope.currentData() or "total"

    def _refresh(self) -> None:
        res, lang = self.res, self.lang
        if res is None:
            self.empty.setText(tr("empty_dashboard", lang))
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentIndex(1)
        scope = self.current_scope()
        self.title.setText(f"{month_label(res.period, lang)} · {res.scope_label(scope, lang)}")
        self.partial_note.setVisible(res.partial is not None)
        self.partial_note.setText(partial_note(res.partial, lang) if res.partial is not None else "")
        rows = res.headline(scope, len(self.cards))
        for card, row in zip(self.cards, rows + [None] * len(self.cards)):
            card.setVisible(row is not None)
            if row is not None:
                card.show_row(res, row, lang)
        self._fill_table(res, scope, lang)
        self._draw_chart(res, scope, lang)

    def _fill_table(self, res, scope: str, lang: str) -> None:
        rows = res.rows_for(scope)
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, row in enumerate(rows):
            kpi, unit = row["id"], res.unit(row["id"])
            status = row.get("status") or "none"
            cells = [
                (res.kpi_label(kpi, lang), None),
                (fmt.value_text(row.get("actual"), unit, lang, res.currency, res.area_unit), None),
                (fmt.value_text(row.get("budget"), unit, lang, res.currency, res.area_unit), None),
                (budget_text(row, unit, lang, res.currency, res.area_unit) if row.get("budget") is not None
                 else "–", "budget"),
                comparison(row, "mom_pct", res.direction(kpi)),
                comparison(row, "yoy_pct", res.direction(kpi)),
                (fmt.value_text(row.get("ytd"), unit, lang, res.currency, res.area_unit), None),
                (status_label(status, lang), "status"),
            ]
            for c, (text, tone) in enumerate(cells):
                item = QTableWidgetItem(text)
                if c > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 0:
                    item.setToolTip(res.defs[kpi].formula_ja if lang == "ja" else res.defs[kpi].formula_en)
                if tone in fmt.TONE_COLOURS:
                    item.setForeground(QBrush(QColor(fmt.TONE_COLOURS[tone])))
                elif tone == "budget" and status != "none":
                    item.setForeground(QBrush(QColor(STATUS_TEXT[status])))
                elif tone == "status":
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    if status != "none":
                        item.setBackground(QBrush(QColor(STATUS_FILL[status])))
                        item.setForeground(QBrush(QColor(STATUS_TEXT[status])))
                        item.setFont(bold)
                item.setData(Qt.ItemDataRole.UserRole, kpi)
                self.table.setItem(r, c, item)

    def _draw_chart(self, res, scope: str, lang: str) -> None:
        months = res.sales_months()
        if res.period in months:
            months = months[:months.index(res.period) + 1]
        months = months[-13:]
        budget = res.series("net_sales", scope, months, "budget")  # a part month's left out (results.py)
        last_year = res.last_year("net_sales", scope, months)
        self.chart.line_chart(
            f"{res.kpi_label('net_sales', lang)} — {res.scope_label(scope, lang)}", months,
            [(tr("series_actual", lang), res.series("net_sales", scope, months), COLOURS["actual"], "bar"),
             (tr("series_budget", lang), budget, COLOURS["budget"], "dashed"),
             (tr("series_last_year", lang), last_year, COLOURS["last_year"], "dotted")],
            "money", lang, res.currency, highlight=res.period, empty_text=tr("no_data_chart", lang))
