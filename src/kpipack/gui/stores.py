"""Store comparison: every KPI by store in one table (status colours), and
the selected KPI as bars per store against budget."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QSplitter,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from . import fmt
from .chart import Chart, ChartTab
from .i18n import month_label, status_label, tr
from .results import partial_note
from .theme import STATUS_FILL, STATUS_TEXT

SHARE = "channel_share_pct"  # not a registry KPI: a channel's share of all net sales
BAR_COLOURS = {"green": "#2E7D32", "amber": "#F9A825", "red": "#C62828", "none": "#5C6BC0"}


class StoresView(ChartTab):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "en"
        self.res = None
        self.intro = QLabel()
        self.intro.setObjectName("hint")
        self.intro.setWordWrap(True)
        self.by = QComboBox()  # stores or, where the sales lines have them, channels
        self.by.currentIndexChanged.connect(lambda _i: self.show_results(self.res))
        self.by_label = QLabel()
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
        top = QHBoxLayout()
        top.addWidget(self.intro, 1)
        top.addWidget(self.by_label)
        top.addWidget(self.by)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._drawn_for = None


    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.show_results(self.res)

    def channels(self) -> bool:
        return self.by.currentIndex() == 1

    def _scopes(self) -> list[str]:
        """The columns: every store, or every channel, after the total."""
        res = self.res
        return [s for s in res.scopes if s == "total"] + res.channel_scopes if self.channels() else res.scopes

    def _fill_picker(self) -> None:
        has = bool(self.res is not None and self.res.channel_scopes)
        index = self.by.currentIndex() if has else 0
        self.by.blockSignals(True)
        self.by.clear()
        self.by.addItems([tr("compare_stores", self.lang), tr("compare_channels", self.lang)])
        self.by.setCurrentIndex(max(index, 0))
        self.by.blockSignals(False)
        self.by_label.setText(tr("compare_by", self.lang))
        self.by.setVisible(has)
        self.by_label.setVisible(has)

    def _fill(self) -> None:
        res, lang = self.res, self.lang
        self._fill_picker()
        self.table.clear()
        if res is None:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.intro.clear()
            return
        intro = tr("channels_intro" if self.channels() else "stores_intro", lang, period=month_label(res.period, lang))
        self.intro.setText(intro if res.partial is None else f"{intro}\n{partial_note(res.partial, lang)}")
        scopes = self._scopes()
        self.table.setColumnCount(len(scopes))
        self.table.setHorizontalHeaderLabels([res.scope_label(s, lang) for s in scopes])
        kpis = [k for k in res.kpis if any(res.row(k, s) for s in (res.channel_scopes if self.channels() else scopes))]
        if self.channels() and any(res.row(SHARE, s) for s in scopes):
            kpis.insert(1, SHARE)
        self.table.setRowCount(len(kpis))
        self.table.setVerticalHeaderLabels([self._label(k) for k in kpis])
        for r, kpi in enumerate(kpis):
            unit = self._unit(kpi)
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

    def _label(self, kpi: str) -> str:
        return tr("channel_share", self.lang) if kpi == SHARE else self.res.kpi_label(kpi, self.lang)

    def _unit(self, kpi: str) -> str:
        return "pct" if kpi == SHARE else self.res.unit(kpi)

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
        stores = [s for s in self._scopes() if s != "total" and res.row(kpi, s)]
        if not stores:
            stores = [s for s in self._scopes() if res.row(kpi, s)]
        rows = [res.row(kpi, s) for s in stores]
        self.chart.bar_chart(f"{self._label(kpi)} — {month_label(res.period, lang)}",
                             [res.scope_label(s, lang) for s in stores], [r.get("actual") for r in rows],
                             [BAR_COLOURS[r.get("status") or "none"] for r in rows], self._unit(kpi), lang,
                             res.currency, # a whole month's budget beside a part month's bar would read as a shortfall
                             marks=None if res.partial is not None else [r.get("budget") for r in rows],
                             mark_label=tr("budget", lang))
        self._drawn_for = res
