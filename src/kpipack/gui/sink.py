"""The one place errors reach the user: a plain sentence in the app's
language, details (what, where, the log file) behind a toggle, and the full
traceback in the log file only."""
from __future__ import annotations

import logging
import sys
import threading
import traceback
from datetime import datetime
from typing import Callable

from PySide6.QtCore import QObject, Signal

from ..errors import KpipackError
from .banner import Banner
from .i18n import tr

log = logging.getLogger("kpipack.gui")


def write_log(exc: BaseException, context: str = "") -> str:
    """Append the exception with its traceback to the log file; returns its path."""
    from ..logs import log_path

    path = log_path()
    stamp = datetime.now().isoformat(timespec="seconds")
    body = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {stamp} {context}\n{body}\n")
    except OSError:
        log.exception("could not write the log file %s", path)
    return str(path)


def describe(exc: BaseException, lang: str, log_file: str) -> tuple[str, str]:
    """(message, details) for the user: never a traceback."""
    if isinstance(exc, KpipackError):
        lines = [tr("error_kind", lang, kind=exc.code)]
        where = " / ".join(p for p in (exc.file, exc.sheet) if p)
        if where:
            lines.append(tr("error_where", lang, where=where))
        lines.append(tr("log_at", lang, path=log_file))
        from .issuetext import problem_text

        return problem_text(exc, lang), "\n".join(lines)
    if isinstance(exc, OSError):
        detail = exc.strerror or type(exc).__name__
        name = getattr(exc, "filename", None)
        message = tr("write_failed", lang, detail=f"{name}: {detail}" if name else detail)
        return message, tr("log_at", lang, path=log_file)
    lines = [tr("error_kind", lang, kind=type(exc).__name__), tr("log_at", lang, path=log_file)]
    return tr("unexpected", lang), "\n".join(lines)


class ErrorSink(QObject):
    """Shows errors on the banner; `reported` lets tests and the status bar follow."""

    reported = Signal(object)  # the exception
    _from_thread = Signal(object, str)

    def __init__(self, banner: Banner, parent: QObject | None = None):
        super().__init__(parent)
        self.banner = banner
        self.last: BaseException | None = None
        self._from_thread.connect(self.report)

    def report(self, exc: BaseException, context: str = "",
               actions: Callable[[str], list[tuple[str, Callable[[], None]]]] | None = None) -> None:
        log_file = write_log(exc, context)
        self.last = exc

        def render(lang: str):
            message, details = describe(exc, lang, log_file)
            return message, details, actions(lang) if actions else []

        self.banner.show_message("error", render)
        self.reported.emit(exc)

    def install_hooks(self) -> None:
        """Uncaught exceptions (in slots or threads) come here instead of a console."""
        def hook(kind, value, tb):
            if issubclass(kind, KeyboardInterrupt):
                sys.__excepthook__(kind, value, tb)
                return
            self._from_thread.emit(value.with_traceback(tb), "uncaught")

        def thread_hook(args):
            if args.exc_value is not None:
                self._from_thread.emit(args.exc_value, f"thread {args.thread.name if args.thread else ''}")

        sys.excepthook = hook
        threading.excepthook = thread_hook
