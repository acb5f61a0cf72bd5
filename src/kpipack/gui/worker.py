"""Background work: a job runs a plain function on a pool thread and hands
progress, its result or its error back to the GUI thread by signals. The
function never touches a widget; it gets a `progress(stage, fraction,
detail)` callback and a `cancel()` callable, as `build_pack` takes them."""
from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Job(QObject):
    """One piece of background work. Signals arrive on the GUI thread."""

    progress = Signal(str, float, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception, traceback attached
    cancelled = Signal()
    finished = Signal()  # after any of the three above

    def __init__(self, kind: str, fn: Callable, parent: QObject | None = None):
        super().__init__(parent)
        self.kind = kind
        self._fn = fn
        self._cancel = threading.Event()
        self.running = False

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _run(self) -> None:
        from ..pipeline import Cancelled

        try:
            result = self._fn(self.progress.emit, self._cancel.is_set)
        except Cancelled:
            self.cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - readers may raise panics (BaseException); all go to the sink
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            self.failed.emit(exc)
        else:
            if self._cancel.is_set():
                self.cancelled.emit()
            else:
                self.succeeded.emit(result)
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, job: Job):
        super().__init__()
        self.job = job
        self.setAutoDelete(True)

    def run(self) -> None:
        self.job._run()


class JobRunner(QObject):
    """Starts jobs on its own thread pool and keeps them alive until done."""

    def __init__(self, parent: QObject | None = None, threads: int = 2):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self.jobs: list[Job] = []

    def start(self, job: Job) -> Job:
        job.running = True
        self.jobs.append(job)
        job.finished.connect(lambda j=job: self._done(j))
        self.pool.start(_Runnable(job))
        return job

    def _done(self, job: Job) -> None:
        job.running = False
        if job in self.jobs:
            self.jobs.remove(job)

    def cancel_all(self) -> None:
        for job in list(self.jobs):
            job.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
