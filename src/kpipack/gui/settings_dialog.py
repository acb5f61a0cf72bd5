"""Settings: company, currency, area unit, fiscal year, industry, pack,
languages and the order list's lead time, service level and thresholds. The dialog edits a copy of the Prefs; the window saves them."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QGroupBox,
                               QLineEdit, QVBoxLayout, QWidget)

from .i18n import month_name, tr
from .prefs import CURRENCIES, ORDER_FIELDS, PACKS, Prefs

# the order list's settings: (label key, decimals, step)
ORDER_INPUTS = {"lead_time_days": ("set_lead_time", 1, 1.0), "service_level_pct": ("set_service_level", 2, 0.5),
                "review_days": ("set_review_days", 1, 1.0), "overstock_weeks": ("set_overstock_weeks", 1, 1.0),
                "markdown_share_pct": ("set_markdown_share", 1, 5.0)}


def industries(lang: str) -> list[tuple[str, str]]:
    """(label, id) of the industry profiles the KPI catalogue defines."""
    from ..kpis.catalogue import profile_label, profiles

    return [(profile_label(p, lang), p) for p in profiles()]


class SettingsDialog(QDialog):
    def __init__(self, prefs: Prefs, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.prefs = prefs
        self.setWindowTitle(tr("settings_title", lang))
        self.setMinimumWidth(520)
        self.company = QLineEdit(prefs.company)
        self.currency = QComboBox()
        self.currency.setEditable(True)  # any ISO code may be typed
        self.currency.addItem(tr("currency_from_files", lang), "")
        for code in CURRENCIES:
            self.currency.addItem(code, code)
        found = self.currency.findData(prefs.currency)
        if found >= 0:
            self.currency.setCurrentIndex(found)
        else:
            self.currency.setCurrentText(prefs.currency)
        self.area_unit = self._combo([(tr("area_input", lang), ""), (tr("area_m2", lang), "m2"),
                                      (tr("area_tsubo", lang), "tsubo")], prefs.area_unit)
        self.fiscal_start = self._combo([(month_name(m, lang), m) for m in range(1, 13)], prefs.fiscal_year_start)
        self.industry = self._combo(industries(lang), prefs.industry)
        self.pack = self._combo([(tr(f"pack_{p}", lang), p) for p in PACKS], prefs.pack)
        languages = [(tr("lang_ja", lang), "ja"), (tr("lang_en", lang), "en")]
        self.pack_lang = self._combo(languages, prefs.pack_lang or lang)
        self.ui_lang = self._combo(languages, prefs.ui_lang or lang)

        form = QFormLayout()
        form.addRow(tr("company", lang), self.company)
        form.addRow(tr("currency", lang), self.currency)
        form.addRow(tr("area_unit", lang), self.area_unit)
        form.addRow(tr("fiscal_start", lang), self.fiscal_start)
        form.addRow(tr("industry", lang), self.industry)
        form.addRow(tr("pack_audience", lang), self.pack)
        form.addRow(tr("pack_lang", lang), self.pack_lang)
        form.addRow(tr("ui_lang", lang), self.ui_lang)
        orders = QFormLayout()
        self.order_inputs: dict[str, QDoubleSpinBox] = {}
        for name, (label, decimals, step) in ORDER_INPUTS.items():
            box = QDoubleSpinBox()
            low, high = ORDER_FIELDS[name]
            box.setRange(low, high)
            box.setDecimals(decimals)
            box.setSingleStep(step)
            box.setValue(float(getattr(prefs, name)))
            self.order_inputs[name] = box
            orders.addRow(tr(label, lang), box)
        self.service_level = self.order_inputs["service_level_pct"]
        self.service_level.setToolTip(tr("set_service_level_tip", lang))
        self.lead_time = self.order_inputs["lead_time_days"]
        group = QGroupBox(tr("order_settings", lang))
        group.setLayout(orders)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("ok", lang))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("cancel", lang))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(group)
        layout.addWidget(buttons)

    @staticmethod
    def _combo(items, current) -> QComboBox:
        combo = QComboBox()
        for label, value in items:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        return combo

    def values(self) -> Prefs:
        index = self.currency.currentIndex()
        typed = self.currency.currentText().strip()
        currency = self.currency.itemData(index) if index >= 0 and typed == self.currency.itemText(index) \
            else typed.upper()
        return replace(self.prefs, company=self.company.text().strip(), currency=currency,
                       area_unit=self.area_unit.currentData(), fiscal_year_start=self.fiscal_start.currentData(),
                       industry=self.industry.currentData(), pack=self.pack.currentData(),
                       pack_lang=self.pack_lang.currentData(), ui_lang=self.ui_lang.currentData(),
                       **{name: box.value() for name, box in self.order_inputs.items()})
