"""Trend of one KPI over the months: actual, budget and last year for a scope,
or every store side by side."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .chart import COLOURS, STORE_COLOURS, Chart, ChartTab
from .i18n import tr
from .results import partial_days

EACH_STORE = "__each__"


class TrendView(ChartTab):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "en"
        self.res = None
        self.kpi_label = QLabel()
        self.kpi = QComboBox()
        self.kpi.setMinimumWidth(260)
        self.scope_label = QLabel()
        self.scope = QComboBox()
        self.scope.setMinimumWidth(200)
        self.kpi.currentIndexChanged.connect(self._draw)
        self.scope.currentIndexChanged.connect(self._draw)
        bar = QHBoxLayout()
        bar.addWidget(self.kpi_label)
        bar.addWidget(self.kpi)
        bar.addSpacing(16)
        bar.addWidget(self.scope_label)
        bar.addWidget(self.scope)
        bar.addStretch(1)
        self.chart = Chart(height=4.5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addLayout(bar)
        layout.addWidget(self.chart, 1)
        self._drawn_for = None


    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.kpi_label.setText(tr("trend_kpi", lang))
        self.scope_label.setText(tr("scope", lang))
        self.show_results(self.res)

    def _fill(self) -> None:
        res, lang = self.res, self.lang
        kpi, scope = self.kpi.currentData(), self.scope.currentData()
        for combo in (self.kpi, self.scope):
            combo.blockSignals(True)
            combo.clear()
        if res is not None:
            for k in res.kpis:
                self.kpi.addItem(res.kpi_label(k, lang), k)
            for s in res.scopes:
                self.scope.addItem(res.scope_label(s, lang), s)
            if len(res.scopes) > 2:
                self.scope.addItem(tr("each_store", lang), EACH_STORE)
            self.kpi.setCurrentIndex(max(self.kpi.findData(kpi or "net_sales"), 0))
            self.scope.setCurrentIndex(max(self.scope.findData(scope or "total"), 0))
        for combo in (self.kpi, self.scope):
            combo.blockSignals(False)

    def select(self, kpi: str, scope: str = "total") -> None:
        self.kpi.setCurrentIndex(max(self.kpi.findData(kpi), 0))
        self.scope.setCurrentIndex(max(self.scope.findData(scope), 0))

    def _draw(self) -> None:
        res, lang = self.res, self.lang
        if res is None or self.kpi.currentData() is None:
            return
        kpi, scope = self.kpi.currentData(), self.scope.currentData()
        months = res.sales_months()
        if res.period in months:
            months = months[:months.index(res.period) + 1]
        months = months[-25:]
        unit = res.unit(kpi)
        empty = tr("no_data_chart", lang)
        if scope == EACH_STORE:
            stores = [s for s in res.scopes if s != "total"]
            series = [(res.scope_label(s, lang), res.series(kpi, s, months), STORE_COLOURS[n % len(STORE_COLOURS)],
                       "line") for n, s in enumerate(stores)]
            title = tr("trend_title", lang, kpi=res.kpi_label(kpi, lang), scope=tr("each_store", lang))
        else:
            series = [(tr("series_actual", lang), res.series(kpi, scope, months), COLOURS["actual"], "line"),
                      (tr("series_budget", lang), res.series(kpi, scope, months, "budget"), COLOURS["budget"],
                       "dashed"),
                      (tr("series_last_year", lang), res.last_year(kpi, scope, months), COLOURS["last_year"],
                       "dotted")]
            title = tr("trend_title", lang, kpi=res.kpi_label(kpi, lang), scope=res.scope_label(scope, lang))
        if res.partial is not None:  # the last point is part of a month: said in the title
            title = f"{title} — {partial_days(res.partial, lang)}"
        self.chart.line_chart(title, months, series, unit, lang, res.currency, highlight=res.period,
                              empty_text=empty)
        self._drawn_for = res
