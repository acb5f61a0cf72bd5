"""Start the app: `run()` opens the window (optionally with the bundled
samples), or renders it to a PNG for the docs without showing it."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

SCREENSHOT_SIZE = (1440, 900)
SCREENSHOT_TIMEOUT_MS = 180_000
WARM_UP_MS = 1500  # after start-up: the window is up and painted


def _log_to_file() -> None:
    """Warnings and errors of the app go to the user's log file."""
    from ..logs import log_path

    logger = logging.getLogger("kpipack")
    path = str(log_path())
    if any(getattr(h, "baseFilename", None) == path for h in logger.handlers):
        return
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)


def _qt_messages(mode, context, message: str) -> None:
    """Qt's own warnings go to the log file, not the user's terminal."""
    from PySide6.QtCore import QtMsgType

    if "propagateSizeHints" in message:
        return  # the offscreen platform says this for every window; it means nothing here
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(mode, logging.ERROR)
    logging.getLogger("kpipack.qt").log(level, "%s", message)


def application(lang: str):
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from . import theme
    from .prefs import APPLICATION, ORGANISATION

    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_qt_messages)
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("kpipack")
    theme.apply(app, lang)
    return app


def run(lang: str | None = None, screenshot: Path | str | None = None, load_samples: bool = False,
        tab: str | None = None) -> int:
    """Open the main window; returns the exit code. `lang` None: the saved or
    the system language. With `screenshot`, render the window with the
    samples loaded to that PNG, offscreen, and return; `tab` names the tab
    shown ('start': the window before any file is added)."""
    if screenshot is not None and QApplication_missing():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    elif _no_display():
        from .i18n import system_lang, tr

        # Qt would abort the process with its own message; say what to do instead
        print(f"kpipack: {tr('no_display', lang or system_lang())}", file=sys.stderr)
        return 2
    _log_to_file()
    from .prefs import load_prefs

    prefs = load_prefs()
    ui_lang = ui_language(prefs, lang, remember=screenshot is None)
    app = application(ui_lang)
    from .window import MainWindow

    if screenshot is not None:
        return _screenshot(app, Path(screenshot), ui_lang, tab)
    window = MainWindow(lang=ui_lang, prefs=prefs)
    window.sink.install_hooks()
    window.restore_geometry()
    window.show()
    from PySide6.QtCore import QTimer

    from .chart import warm_up

    QTimer.singleShot(WARM_UP_MS, warm_up)  # once the window has painted, while the user picks files
    if load_samples:
        window.load_samples()
    return app.exec()


def ui_language(prefs, lang: str | None, remember: bool = True) -> str:
    """The app's language: `lang` for this run, else the one saved, else the
    system's, which is saved on this first start (then Settings changes it)."""
    from .i18n import system_lang

    if lang:
        return lang
    if not prefs.ui_lang:
        prefs.ui_lang = system_lang()
        if remember:
            from .prefs import save_prefs

            save_prefs(prefs)
    return prefs.ui_lang


def _no_display() -> bool:
    """A Linux session without X11 or Wayland, and no platform chosen."""
    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and QApplication_missing())


def QApplication_missing() -> bool:  # noqa: N802 - reads as the question it answers
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() is None


def _screenshot(app, path: Path, lang: str, tab: str | None = None) -> int:
    """The window with the samples and a filled dashboard (or the tab named),
    saved as a PNG."""
    from PySide6.QtCore import QEventLoop, QTimer

    from .prefs import Prefs
    from .profiles import ProfileStore
    from .window import MainWindow

    company = "サンプル商事株式会社" if lang == "ja" else "Sample Retail Co."
    window = MainWindow(lang=lang, prefs=Prefs(company=company), profiles=ProfileStore(persist=False),
                        persist=False)
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    loop = QEventLoop()
    outcome: dict = {}
    window.preview_ready.connect(lambda: (outcome.setdefault("ok", True), loop.quit()))
    window.preview_failed.connect(lambda exc: (outcome.setdefault("error", exc), loop.quit()))
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, loop.quit)
    if tab == "start":
        guide = window.start_page.fill_guide()
        if guide is not None:
            guide.finished.connect(loop.quit)
            loop.exec()
        outcome["ok"] = True
    else:
        window.load_samples()
        loop.exec()
    if tab not in (None, "start") and not window.show_tab(tab):
        print(f"kpipack: screenshot not taken: no tab named {tab!r} ({', '.join(window.tab_names())})",
              file=sys.stderr)
        window.close()
        return 2
    if "ok" not in outcome:
        error = outcome.get("error")
        message = error.message(lang) if hasattr(error, "message") else "the sample data did not load in time"
        print(f"kpipack: screenshot not taken: {message}", file=sys.stderr)
        window.close()
        return 2
    settle = QEventLoop()  # let layouts, the charts and work left for later turns (row heights) settle
    QTimer.singleShot(400, settle.quit)
    settle.exec()
    app.processEvents()
    image = window.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    from ..outputs import atomic_target

    with atomic_target(path) as tmp:
        if not image.save(str(tmp), "PNG"):
            print(f"kpipack: could not write {path}", file=sys.stderr)
            return 2
    window.close()
    print(path)
    return 0
