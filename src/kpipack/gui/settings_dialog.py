"""Settings: company, currency, area unit, fiscal year, industry, pack and
languages. The dialog edits a copy of the Prefs; the window saves them."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from .i18n import month_name, tr
from .prefs import CURRENCIES, PACKS, Prefs


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
        self.currency.setEditable(True)
        self.currency.addItems(list(CURRENCIES))
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("ok", lang))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("cancel", lang))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @staticmethod
    def _combo(items, current) -> QComboBox:
        combo = QComboBox()
        for label, value in items:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        return combo

    def values(self) -> Prefs:
        currency = self.currency.currentText().strip().upper() or "JPY"
        return replace(self.prefs, company=self.company.text().strip(), currency=currency,
                       area_unit=self.area_unit.currentData(), fiscal_year_start=self.fiscal_start.currentData(),
                       industry=self.industry.currentData(), pack=self.pack.currentData(),
                       pack_lang=self.pack_lang.currentData(), ui_lang=self.ui_lang.currentData())
