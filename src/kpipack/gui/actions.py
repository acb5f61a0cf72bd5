"""Improvement actions for the KPIs that are amber or red, from the KPI
catalogue (`kpipack.kpis.catalogue.actions_for`)."""
from __future__ import annotations

import html

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from . import fmt
from .dashboard import budget_text
from .i18n import month_label, status_label, tr
from .theme import STATUS_FILL, STATUS_TEXT

ALL = "__all__"


def actions_for(kpi_id: str, lang: str) -> list[str]:
    """The catalogue's improvement actions for a KPI ([] where it has none)."""
    from ..kpis.catalogue import actions_for as catalogue_actions

    try:
        return catalogue_actions(kpi_id, lang)
    except KeyError:
        return []


class ActionsView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "en"
        self.res = None
        self.scope_label = QLabel()
        self.scope = QComboBox()
        self.scope.setMinimumWidth(200)
        self.scope.currentIndexChanged.connect(lambda _i: self._fill())
        bar = QHBoxLayout()
        bar.addWidget(self.scope_label)
        bar.addWidget(self.scope)
        bar.addStretch(1)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)

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
        self._fill()

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.scope_label.setText(tr("actions_scope", lang))
        self.show_results(self.res)

    def flagged_rows(self) -> list[dict]:
        if self.res is None:
            return []
        scope = self.scope.currentData() or ALL
        return [r for r in self.res.flagged() if scope == ALL or r["scope"] == scope]

    def _fill(self) -> None:
        res, lang = self.res, self.lang
        if res is None:
            self.browser.clear()
            return
        rows = self.flagged_rows()
        parts = [f"<p style='color:#5F6368'>{html.escape(tr('actions_intro', lang, period=month_label(res.period, lang)))}</p>"]
        if not rows:
            parts.append(f"<p><b>{html.escape(tr('actions_none', lang))}</b></p>")
        by_kpi: dict[str, list[dict]] = {}
        for row in rows:
            by_kpi.setdefault(row["id"], []).append(row)
        for kpi, kpi_rows in by_kpi.items():
            unit = res.unit(kpi)
            worst = "red" if any(r["status"] == "red" for r in kpi_rows) else "amber"
            parts.append(f"<table width='100%' cellpadding='6' style='margin-top:10px; background:{STATUS_FILL[worst]}'>"
                         f"<tr><td><b style='color:{STATUS_TEXT[worst]}'>{html.escape(status_label(worst, lang))}"
                         f"</b>&nbsp;&nbsp;<b>{html.escape(res.kpi_label(kpi, lang))}</b></td></tr></table>")
            items = []
            for row in kpi_rows:
                actual = fmt.value_text(row.get("actual"), unit, lang, res.currency, res.area_unit)
                budget = fmt.value_text(row.get("budget"), unit, lang, res.currency, res.area_unit)
                if row.get("budget") is None:
                    against = tr("vs_benchmark", lang)
                else:
                    against = (f"{tr('budget', lang)} {budget}, "
                               f"{budget_text(row, unit, lang, res.currency, res.area_unit)}")
                items.append(f"<li><span style='color:{STATUS_TEXT[row['status']]}'>●</span> "
                             f"{html.escape(res.scope_label(row['scope'], lang))}: <b>{html.escape(actual)}</b>"
                             f" ({html.escape(against)})</li>")
            parts.append("<ul style='margin-top:4px'>" + "".join(items) + "</ul>")
            actions = actions_for(kpi, lang)
            if actions:
                parts.append("<ol style='margin-top:0'>" + "".join(f"<li>{html.escape(a)}</li>" for a in actions)
                             + "</ol>")
            else:
                parts.append(f"<p style='color:#5F6368'><i>{html.escape(tr('actions_missing', lang))}</i></p>")
        self.browser.setHtml("".join(parts))
