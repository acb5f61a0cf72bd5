"""Last month's pack for the Actions tab: the last exported pack when it
reports on an earlier month, or the one the user picks. Its open actions
carry over into this month's list, and into the pack at export, as
`kpipack build --previous` does."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from . import jobs
from .i18n import month_label, tr
from .worker import Job

log = logging.getLogger("kpipack.gui")


class CarryOver(QObject):
    loaded = Signal()  # the Actions tab shows a previous pack's actions (or none)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.picked = False  # the user chose the pack: it is not replaced by the automatic choice
        self.tried: set[tuple[str, str]] = set()  # (path, month) looked at automatically

    @property
    def view(self):
        return self.window.actions_view

    def find(self) -> None:
        """After a preview: take the last export if it is an earlier month's pack."""
        res, prefs = self.window.res, self.window.prefs
        if res is None or self.picked or not prefs.last_export:
            return
        path = Path(prefs.last_export)
        if (str(path), res.period) in self.tried or not path.is_file() or path == self.view.previous_path:
            return
        self.tried.add((str(path), res.period))
        self._read(path, picked=False)

    def ask(self) -> None:
        window = self.window
        start = str(Path(window.prefs.last_export).parent) if window.prefs.last_export else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(window, tr("act_pick_title", window.lang), start,
                                              tr("excel_files", window.lang))
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> Job:
        """Use this pack as last month's (the user's choice)."""
        self.picked = True
        return self._read(Path(path), picked=True)

    def _read(self, path: Path, picked: bool) -> Job:
        job = Job("previous", jobs.read_pack_actions(path), self)
        job.succeeded.connect(lambda found, p=path, u=picked: self._read_done(p, found, u))
        job.failed.connect(lambda exc, p=path, u=picked: self._read_failed(p, exc, u))
        self.window.runner.start(job)
        return job

    def _read_done(self, path: Path, found, picked: bool) -> None:
        period, actions = found
        res = self.window.res
        if res is not None and period is not None and period >= res.period:
            if picked:
                self.window.banner.show_message("warning", lambda lang: (
                    tr("act_previous_same_month", lang, name=path.name, month=month_label(period, lang)), "", []))
            self.loaded.emit()
            return
        self.view.set_previous(path, period, actions)
        self.loaded.emit()

    def _read_failed(self, path: Path, exc: BaseException, picked: bool) -> None:
        if picked:
            self.window.sink.report(exc, f"previous pack {path}")
        else:  # the last export may be a stock-take pack without actions: nothing to carry over
            log.info("last export %s not used as last month's pack: %s", path, exc)
        self.loaded.emit()

    def apply(self, settings) -> None:
        """What the pack's actions sheet carries over and what was edited here."""
        if self.view.previous_path is not None:
            settings.previous = str(self.view.previous_path)
        settings.action_edits = dict(self.view.edits)
