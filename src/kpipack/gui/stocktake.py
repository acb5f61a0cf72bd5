"""The Stock-take menu: count sheets for a store and date (blind, or with the
book quantities), written in the background as `kpipack count-sheet` writes
them; and, once filled-in count sheets are added back, the stock-take pack."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel,
                               QMenu, QRadioButton, QVBoxLayout)

from .i18n import tr
from .worker import Job

COUNT_SHEET_NAMES = {"Count", "棚卸表"}  # the counting sheet's name (report/count_sheet.py WORDS["sheet"])
# the blind sheet's hidden book quantities for the supervisor (WORDS["book_sheet"])
BOOK_SHEET_NAMES = {"Book stock", "帳簿在庫"}


def count_sheet_job(files: list[Path], store: str, day: dt.date, out: Path, lang: str, company: str, mapping,
                    password: str | None, blind: bool):
    """Job: one store's count sheet, as `kpipack count-sheet` writes it. The
    book stock is read and the workbook written in a child process (see
    child.py), so the window never waits; a cancelled sheet leaves no file."""
    def run(progress, cancel):
        from ..ingest import expand_inputs
        from ..outputs import atomic_target, check_target
        from ..pipeline import count_sheet_into
        from .child import run_in_child

        paths = expand_inputs(files)
        check_target(Path(out), paths)
        with atomic_target(Path(out)) as tmp:
            return run_in_child(count_sheet_into, tmp, paths, store, day.isoformat(), lang, company, mapping,
                                password, blind, progress=progress, cancel=cancel, name=Path(out).name)
    return run


def period_end(period: str | None, today: dt.date) -> dt.date:
    """The last day of a month "YYYY-MM"; without one, of the month just ended."""
    if period:
        year, month = int(period[:4]), int(period[5:7])
    else:
        year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


class CountSheetDialog(QDialog):
    """Which store, which day, blind or with book quantities."""

    def __init__(self, stores: list[tuple[str, str]], day, lang: str, parent=None):
        """`day`: the count date to offer, a date or a function of the store code."""
        super().__init__(parent)
        self.setWindowTitle(tr("st_count_title", lang))
        self.day_for = day if callable(day) else (lambda _store: day)
        self.store = QComboBox()
        for code, label in stores:
            self.store.addItem(label, code)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.store.currentIndexChanged.connect(lambda _i: self._store_chosen())
        self._store_chosen()
        self.blind = QRadioButton(tr("st_blind", lang))
        self.with_book = QRadioButton(tr("st_with_book", lang))
        self.blind.setChecked(True)
        about = QLabel(tr("st_count_about", lang))
        about.setWordWrap(True)
        about.setObjectName("hint")
        form = QFormLayout()
        form.addRow(tr("st_store", lang), self.store)
        form.addRow(tr("st_date", lang), self.date)
        form.addRow(tr("st_kind", lang), self.blind)
        form.addRow("", self.with_book)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("st_write", lang))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("cancel", lang))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(460, 0)

    def _store_chosen(self) -> None:
        day = self.day_for(self.store.currentData())
        self.date.setDate(QDate(day.year, day.month, day.day))

    def values(self) -> tuple[str, dt.date, bool]:
        day = self.date.date()
        return self.store.currentData(), dt.date(day.year(), day.month(), day.day()), self.blind.isChecked()


class StockTake(QObject):
    """The Stock-take menu of the main window."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.offered: set[str] = set()  # count sheets already offered for a stock-take pack
        self.session_dates: dict[str, dt.date] = {}  # store -> count date chosen (kept on disk unless screenshots)
        self.menu = QMenu(window)
        window.menuBar().insertMenu(window.help_menu.menuAction(), self.menu)  # before Help
        self.act_count = QAction(window)
        self.act_count.triggered.connect(self.ask_count_sheet)
        self.act_pack = QAction(window)
        self.act_pack.triggered.connect(self.ask_pack)
        self.menu.addAction(self.act_count)
        self.menu.addAction(self.act_pack)
        window.inspected.connect(self.offer_pack)
        window.language_changed.connect(self.retranslate)
        self.retranslate(window.lang)

    def retranslate(self, lang: str) -> None:
        self.menu.setTitle(tr("st_menu", lang))
        self.act_count.setText(tr("st_count_sheets", lang))
        self.act_count.setToolTip(tr("st_count_tip", lang))
        self.act_pack.setText(tr("st_pack", lang))
        self.act_pack.setToolTip(tr("st_pack_tip", lang))

    # ------------------------------------------------------------ count sheets
    def stores(self) -> list[tuple[str, str]]:
        """(code, label) of the stores of the current preview."""
        res, lang = self.window.res, self.window.lang
        if res is None:
            return []
        return [(s.split(":", 1)[1], res.scope_label(s, lang)) for s in res.scopes if s.startswith("store:")]

    def dialog(self) -> CountSheetDialog | None:
        stores = self.stores()
        if not stores:
            self.window.banner.show_message("warning", lambda lang: (tr("st_no_stores", lang), "", []))
            return None
        return CountSheetDialog(stores, self.count_date, self.window.lang, self.window)

    def count_date(self, store: str) -> dt.date:
        """The day to offer for a store's count: the day chosen last time for
        this store if it falls in the month shown, else that month's last day
        (a stock-take counts the stock at the period end)."""
        period = self.window.res.period if self.window.res is not None else None
        end = period_end(period, dt.date.today())
        remembered = self._remembered().get(store)
        if remembered and (remembered.year, remembered.month) == (end.year, end.month):
            return remembered
        return end

    def _remembered(self) -> dict[str, dt.date]:
        from .prefs import qsettings

        if not self.window.persist:
            return dict(self.session_dates)
        out = {}
        settings = qsettings()
        settings.beginGroup("count_dates")
        for store in settings.childKeys():
            try:
                out[store] = dt.date.fromisoformat(str(settings.value(store)))
            except ValueError:
                continue
        settings.endGroup()
        return out

    def remember_date(self, store: str, day: dt.date) -> None:
        from .prefs import qsettings

        self.session_dates[store] = day
        if self.window.persist:
            settings = qsettings()
            settings.setValue(f"count_dates/{store}", day.isoformat())
            settings.sync()

    def ask_count_sheet(self) -> None:
        dialog = self.dialog()
        if dialog is None:
            return
        accepted = dialog.exec()
        values = dialog.values()
        dialog.deleteLater()
        if not accepted:
            return
        store, day, blind = values
        self.remember_date(store, day)
        window = self.window
        folder = Path(window.prefs.last_folder or window.prefs.last_export or Path.home())
        folder = folder if folder.is_dir() else folder.parent
        path, _ = QFileDialog.getSaveFileName(window, tr("st_count_title", window.lang),
                                              str(folder / f"count-{store}-{day:%Y-%m-%d}.xlsx"),
                                              tr("excel_files", window.lang))
        if path:
            self.write_count_sheet(store, day, blind, Path(path if path.lower().endswith(".xlsx")
                                                           else path + ".xlsx"))

    def write_count_sheet(self, store: str, day: dt.date, blind: bool, out: Path) -> Job | None:
        window = self.window
        files = window.usable_files()
        if not files:
            window.banner.show_message("warning", lambda lang: (tr("no_files", lang), "", []))
            return None
        from .profiles import build_mapping

        lang = window.prefs.pack_lang or window.lang
        job = Job("count_sheet", count_sheet_job(files, store, day, out, lang, window.prefs.company,
                                                 build_mapping(window.sections()), window.password, blind), window)
        job.succeeded.connect(lambda book, o=out: self._written(o, book))
        job.failed.connect(lambda exc: window.sink.report(exc, "count sheet"))
        return window.run_task(job)

    def _written(self, out: Path, book) -> None:
        from ..messages import text

        window = self.window
        notes = [] if book.has_names else [("count_no_names", {})]  # the same notes as `kpipack count-sheet`
        if book.other_month:
            notes.append(("count_snapshot_other_month", {"snapshot": f"{book.snapshot_date:%Y-%m-%d}",
                                                         "date": f"{book.count_date:%Y-%m-%d}"}))
        window.banner.show_message("warning" if notes else "success", lambda lang: (
            tr("st_count_done", lang, name=out.name, n=len(book.lines)),
            "\n".join([str(out)] + [text(key, lang, **params) for key, params in notes]),
            [(tr("open_pack", lang), lambda: window.open_pack(out)),
             (tr("show_folder", lang), lambda: window.show_in_folder(out))]))

    # ------------------------------------------------------------ stock-take pack
    def counts_back(self) -> list[Path]:
        """Files holding a filled-in count sheet (read as stock-take counts)."""
        found = []
        for path in self.window.usable_files():
            sheets = self.window.inspections[path].sheets
            if any(s.role == "stocktake" and not s.skipped and s.sheet in COUNT_SHEET_NAMES for s in sheets):
                found.append(path)
        return found

    def offer_pack(self) -> None:
        """Count sheets added back: offer the stock-take pack."""
        new = [p for p in self.counts_back() if str(p) not in self.offered]
        if not new:
            return
        self.offered.update(str(p) for p in new)
        self.window.banner.show_message("info", lambda lang: (
            tr("st_counts_found" if len(new) > 1 else "st_count_found", lang, name=new[0].name, n=len(new)), "",
            [(tr("st_pack", lang), self.ask_pack)]))

    def ask_pack(self) -> None:
        window = self.window
        if not window.usable_files():
            window.banner.show_message("warning", lambda lang: (tr("no_files", lang), "", []))
            return
        period = window.res.period if window.res is not None else ""
        folder = Path(window.prefs.last_export).parent if window.prefs.last_export else Path.home()
        path, _ = QFileDialog.getSaveFileName(window, tr("st_pack", window.lang).rstrip("…"),
                                              str(folder / f"stocktake-{period}.xlsx"),
                                              tr("excel_files", window.lang))
        if path:
            self.export_pack(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))

    def export_pack(self, out: Path) -> Job | None:
        """The stock-take pack (reconciliation pages) for the month on the dashboard."""
        return self.window.export_to(out, pack="stocktake")

