"""Store comparison: every KPI by store in one table (status colours), and
the selected KPI as bars per store against budget."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QSplitter, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from . import fmt
from .chart import Chart, ChartTab
from .i18n import month_label, status_label, tr
from .theme import STATUS_FILL, STATUS_TEXT

BAR_COLOURS = {"green": "#2E7D32", "amber": "#F9A825", "red": "#C62828", "none": "#5C6BC0"}


class StoresView(ChartTab):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "en"
        self.res = None
        self.intro = QLabel()
        self.intro.setObjectName("hint")
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.itemSelectionChanged.connect(self._draw)
        self.chart = Chart(height=2.6)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addWidget(self.intro)
        layout.addWidget(split, 1)
        self._drawn_for = None


    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.show_results(self.res)

    def _fill(self) -> None:
        res, lang = self.res, self.lang
        self.table.clear()
        if res is None:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.intro.clear()
            return
        self.intro.setText(tr("stores_intro", lang, period=month_label(res.period, lang)))
        scopes = res.scopes
        self.table.setColumnCount(len(scopes))
        self.table.setHorizontalHeaderLabels([res.scope_label(s, lang) for s in scopes])
        kpis = [k for k in res.kpis if any(res.row(k, s) for s in scopes)]
        self.table.setRowCount(len(kpis))
        self.table.setVerticalHeaderLabels([res.kpi_label(k, lang) for k in kpis])
        for r, kpi in enumerate(kpis):
            unit = res.unit(kpi)
            for c, scope in enumerate(scopes):
                row = res.row(kpi, scope)
                item = QTableWidgetItem("" if row is None else
                                        fmt.value_text(row.get("actual"), unit, lang, res.currency, res.area_unit))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setData(Qt.ItemDataRole.UserRole, kpi)
                if row is not None:
                    status = row.get("status") or "none"
                    if status != "none":
                        item.setBackground(QBrush(QColor(STATUS_FILL[status])))
                        item.setForeground(QBrush(QColor(STATUS_TEXT[status])))
                    item.setToolTip(self._tip(row, unit))
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if kpis:
            self.table.selectRow(0)

    def _tip(self, row: dict, unit: str) -> str:
        res, lang = self.res, self.lang
        value = lambda v: fmt.value_text(v, unit, lang, res.currency, res.area_unit)  # noqa: E731
        return "\n".join([
            f"{tr('budget', lang)}: {value(row.get('budget'))}",
            f"{tr('variance_pct', lang)}: {fmt.pct_text(row.get('variance_pct'))}",
            f"{tr('mom', lang)}: {fmt.pct_text(row.get('mom_pct'))}",
            f"{tr('yoy', lang)}: {fmt.pct_text(row.get('yoy_pct'))}",
            f"{tr('status', lang)}: {status_label(row.get('status') or 'none', lang)}",
        ])

    def selected_kpi(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _draw(self) -> None:
        res, lang = self.res, self.lang
        kpi = self.selected_kpi()
        if res is None or kpi is None or not self.isVisible():
            return
        stores = [s for s in res.scopes if s != "total" and res.row(kpi, s)]
        if not stores:
            stores = [s for s in res.scopes if res.row(kpi, s)]
        rows = [res.row(kpi, s) for s in stores]
        self.chart.bar_chart(f"{res.kpi_label(kpi, lang)} — {month_label(res.period, lang)}",
                             [res.scope_label(s, lang) for s in stores], [r.get("actual") for r in rows],
                             [BAR_COLOURS[r.get("status") or "none"] for r in rows], res.unit(kpi), lang,
                             res.currency, marks=[r.get("budget") for r in rows], mark_label=tr("budget", lang))
        self._drawn_for = res
