"""A long task in a process of its own. A job's pool thread shares the app's
interpreter: whatever it does in pandas or while writing a workbook holds
that interpreter in turns with the window, which then misses its repaints for
a few hundred milliseconds. Here the work runs in a child process; its
progress comes back over a pipe, and Cancel stops it. No Qt: the child
imports only what the task needs."""
from __future__ import annotations

import contextlib
import multiprocessing.connection as mpc
import sys
import traceback
from typing import Callable

from ..errors import KpipackError

POLL = 0.05  # seconds between looks at the pipe and at Cancel
GRACE = 2.0  # seconds a cancelled child gets to stop by itself before it is killed


class ChildFailed(RuntimeError):
    """A fault of the program inside the child; its traceback is the message (for the log)."""


def _child(conn, cancel_event, fn, args, kwargs) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL: it dies with the app
    from ..pipeline import Cancelled

    def progress(stage: str, fraction: float, detail: str = "") -> None:
        conn.send(("progress", stage, float(fraction), str(detail)))

    try:
        conn.send(("value", fn(*args, progress=progress, cancel=cancel_event.is_set, **kwargs)))
    except Cancelled:
        conn.send(("cancelled",))
    except KpipackError as exc:
        conn.send(("error", exc.code, exc.file, exc.sheet, exc.params))
    except BaseException:  # noqa: BLE001 - every failure goes back to the app, which logs it
        with contextlib.suppress(Exception):
            conn.send(("crash", traceback.format_exc()))
    finally:
        conn.close()


def run_in_child(fn: Callable, *args, progress: Callable, cancel: Callable[[], bool], name: str = "", **kwargs):
    """fn(*args, progress=, cancel=, **kwargs) in a child process: its
    (picklable) value. Called from a job's thread with the job's own
    `progress` and `cancel`; raises Cancelled once the child has stopped."""
    from ..ingest.isolate import _context, _without_main
    from ..pipeline import Cancelled

    ctx = _context()
    here, there = ctx.Pipe(duplex=False)
    stop = ctx.Event()
    # not a daemon: the task may start the importer's own reader processes
    proc = ctx.Process(target=_child, args=(there, stop, fn, args, kwargs), name="kpipack-task")
    with _without_main():
        proc.start()
    there.close()
    answer = None
    try:
        while answer is None:
            if cancel():
                stop.set()
                proc.join(GRACE)
                raise Cancelled()
            ready = mpc.wait([here, proc.sentinel], timeout=POLL)
            while here in ready or here.poll():
                try:
                    message = here.recv()
                except (EOFError, OSError):
                    break
                if message[0] == "progress":
                    progress(*message[1:])
                else:
                    answer = message
                    break
                ready = []
            if answer is None and not proc.is_alive() and not here.poll():
                raise KpipackError("parse_crashed", file=name, detail=f"exit status {proc.exitcode}")
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        here.close()
    kind = answer[0]
    if kind == "value":
        return answer[1]
    if kind == "cancelled":
        raise Cancelled()
    if kind == "error":
        _, code, file, sheet, params = answer
        raise KpipackError(code, file=file, sheet=sheet, **params)
    raise ChildFailed(answer[1])
