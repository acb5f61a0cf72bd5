"""Campaign effect: pick a campaign; see what it covered, the comparison
group in words, the plain reading (with a caution where the comparison group
is missing or small), the treated and control figures before and during with
uplift and incremental, and the daily net sales of both groups."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from . import fmt
from .chart import Chart, ChartTab
from .i18n import tr

MEASURE_UNITS = {"net_sales": "money", "gross_profit": "money", "units": "count"}
FIELDS = ("treated_pre", "treated_during", "control_pre", "control_during", "uplift_pct", "incremental")


class DayChart(Chart):
    """Daily net sales of the campaign's stores and products and of the
    comparison group, the campaign's days shaded."""

    def days_chart(self, title: str, days: list, series: list[tuple[str, list, str, str]], first_during: int,
                   lang: str, currency: str) -> None:
        ax = self._ensure()
        ax.set_title(title, fontsize=10, loc="left", color="#1F3864", fontweight="bold")
        xs = list(range(len(days)))
        ax.axvspan(first_during - 0.5, len(days) - 0.5, color="#FFF3C4", zorder=0, label=series[-1][0])
        for label, values, colour, style in series[:-1]:
            ax.plot(xs, values, "-" if style == "line" else "--", color=colour, label=label, linewidth=2)
        step = max(1, len(days) // 10)
        ticks = xs[::step]
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"{days[t].month}/{days[t].day}" for t in ticks], fontsize=8)
        self._format_axis(ax, "money", lang, currency)
        ax.legend(fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3)
        self._draw()


class CampaignsView(ChartTab):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "en"
        self.res = None
        self.picker = QComboBox()
        self.picker.currentIndexChanged.connect(self._picked)
        self.pick_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.pick_label)
        top.addWidget(self.picker, 1)
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.reading = QLabel()
        self.reading.setObjectName("finding")
        self.reading.setWordWrap(True)
        self.reading.setStyleSheet("font-weight: bold; color: #1F3864;")
        self.caution = QLabel()
        self.caution.setWordWrap(True)
        self.caution.setStyleSheet("color: #9C0006; background: #FFC7CE; padding: 4px;")
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setMaximumHeight(118)
        self.chart = DayChart(height=2.6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addLayout(top)
        for widget in (self.what, self.reading, self.caution, self.table):
            layout.addWidget(widget)
        layout.addWidget(self.chart, 1)

    def effects(self) -> list:
        comp = getattr(self.res, "comp", None)
        effects = list(getattr(comp, "campaigns", []) or [])
        return sorted(effects, key=lambda e: (e.campaign.start, e.campaign.name), reverse=True)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.show_results(self.res)

    def _fill(self) -> None:
        lang = self.lang
        self.pick_label.setText(tr("campaign_pick", lang))
        current = self.picker.currentText()
        self.picker.blockSignals(True)
        self.picker.clear()
        for effect in self.effects():
            c = effect.campaign
            self.picker.addItem(f"{c.name}  ({c.start.isoformat()} – {c.end.isoformat()})")
        if current and self.picker.findText(current) >= 0:
            self.picker.setCurrentIndex(self.picker.findText(current))
        self.picker.blockSignals(False)
        self._show_text()

    def _picked(self, _index: int) -> None:
        self._show_text()
        self._drawn_for = None
        if self.isVisible():
            self._draw()

    def selected(self):
        effects = self.effects()
        index = self.picker.currentIndex()
        return effects[index] if 0 <= index < len(effects) else None

    def _show_text(self) -> None:
        lang, effect = self.lang, self.selected()
        self.table.clear()
        if effect is None:
            self.what.setText(tr("campaigns_none", lang))
            for widget in (self.reading, self.caution):
                widget.clear()
                widget.hide()
            self.table.hide()
            return
        from ..report.campaigns import control_text, products_text, reading, stores_text  # pandas: results are in

        names = self.res.comp.store_names
        self.what.setText(f"{tr('campaign_covers', lang)}: {products_text(effect, lang)} · "
                          f"{stores_text(effect, names, lang)}\n{control_text(effect, names, lang)}")
        text, caution = reading(effect, names, lang, self.res.currency)
        self.reading.setText(text)
        self.reading.show()
        self.caution.setText(caution or "")
        self.caution.setVisible(bool(caution))
        self.table.show()
        self.table.setRowCount(3)
        self.table.setColumnCount(len(FIELDS))
        self.table.setHorizontalHeaderLabels([tr(f"campaign_{f}", lang) for f in FIELDS])
        self.table.setVerticalHeaderLabels([tr(f"campaign_m_{m}", lang) for m in MEASURE_UNITS])
        for r, (measure, unit) in enumerate(MEASURE_UNITS.items()):
            figures = effect.figures[measure]
            for c, name in enumerate(FIELDS):
                value = figures.get(name)
                text = fmt.pct_text(value) if name == "uplift_pct" else \
                    fmt.value_text(value, unit, lang, self.res.currency, self.res.area_unit)
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def _draw(self) -> None:
        effect = self.selected()
        if self.res is None or effect is None or not self.isVisible():
            return
        lang = self.lang
        daily = effect.daily
        days = [d.date() for d in daily.index]
        first_during = next((i for i, d in enumerate(days) if d >= effect.campaign.start), len(days))
        series = [(tr("campaign_treated", lang), daily["treated"].tolist(), "#1F3864", "line")]
        if effect.control != "none":
            series.append((tr("campaign_control", lang), daily["control"].tolist(), "#E37222", "dashed"))
        series.append((tr("campaign_days", lang), [], "", "band"))
        self.chart.days_chart(tr("campaign_chart", lang).format(name=effect.campaign.name), days, series,
                              first_during, lang, self.res.currency)
        self._drawn_for = self.res
