"""Parse input files in child processes, so no file can take the app down.

A spreadsheet reader is native code fed with untrusted bytes: calamine aborts
the whole process when a sheet claims a grid too large to allocate, a Rust
panic surfaces as a `PanicException` that `except Exception` misses, and a
damaged file can loop. Each file is therefore parsed in a child process with
an address-space limit (RLIMIT_AS) and a time limit; whatever happens there,
the parent gets either the file's clean tables or one message naming the
file and the problem.

Children are forked from a forkserver that has already imported pandas,
pyarrow and the readers, so starting one costs milliseconds, and no Qt
thread of the app is ever forked. A child parses one file, or a run of small
files one after the other (each under its own limits), which spares the
start-up of a process per small file. A child writes its tables as Arrow IPC into
the parse cache (or sends them back through its pipe when nothing may be
cached); the parent maps them, so big frames are never pickled.
"""
from __future__ import annotations

import contextlib
import multiprocessing as mp
import multiprocessing.connection as mpc
import os
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import Issue, KpipackError

MB = 1 << 20
PRELOAD = ["kpipack.ingest", "kpipack.ingest.tables", "kpipack.ingest.cache", "kpipack.ingest.readers",
           "kpipack.ingest.protection", "fastexcel", "python_calamine", "pyarrow.ipc", "pyarrow.pandas_compat",
           "olefile", "msoffcrypto", "defusedxml.ElementTree"]
BIG_FILE = 32 * MB  # two files this large are never parsed at once, so they never share the memory
BESIDE_BIG = 16 * MB  # files up to this size may be parsed beside a big one
SMALL_FILE = 4 * MB  # files up to this size share a worker process, one after the other
REUSE = 64  # small files one worker parses before it is replaced
REUSE_RSS_MB = 1024  # a worker that has grown this large is replaced after its file
HEARTBEAT = 0.25  # seconds between progress calls while children work
PARSE_RATE = 8 * MB  # bytes of xlsx parsed and cleaned a second, roughly: for the progress bar only


@dataclass(frozen=True)
class Limits:
    seconds: float
    memory_mb: int


def limits_for(size: int) -> Limits:
    """Time and memory for parsing a file of `size` bytes: generous for real
    data (a 60 MB, million-line workbook needs about 3 GB of address space and
    ten seconds), far below what a hostile file would take.
    KPIPACK_PARSE_TIMEOUT (seconds) and KPIPACK_PARSE_MEMORY_MB override."""
    env_seconds = os.environ.get("KPIPACK_PARSE_TIMEOUT")
    env_memory = os.environ.get("KPIPACK_PARSE_MEMORY_MB")
    seconds = float(env_seconds) if env_seconds else 30.0 + 2.0 * size / MB
    if env_memory:
        memory = int(env_memory)
    else:
        ceiling = max(4096, int(0.8 * _ram_mb())) if _ram_mb() else 16384
        memory = min(max(4096, 1024 + 64 * size // MB), ceiling)
    return Limits(seconds, memory)


def _ram_mb() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // MB
    except (ValueError, OSError, AttributeError):
        return 0


@dataclass
class Job:
    """One file, or one piece of a file's cut sheet (`part`), to parse."""

    key: tuple[int, int]  # (input order, piece): errors are reported in this order
    path: str
    name: str
    size: int  # bytes this job parses, for scheduling and progress
    sha: str
    sections: dict  # the Mapping's sections
    password: str | None
    cache_root: str | None  # None: tables come back through the pipe, nothing is written
    limits: Limits
    part: object = None  # a split.Part (cache_root is then the scratch folder): the parent joins the pieces


@dataclass
class Outcome:
    key: tuple[int, int]
    tables: list = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # the file's sheet names (with a stored entry)
    error: KpipackError | None = None
    entry: Path | None = None  # the cache entry written
    seconds: float = 0.0  # wall time of the child, start to its last word


# ---------------------------------------------------------------- processes
_CONTEXT = None


def _context():
    """forkserver where the platform has it (Linux, macOS), spawn elsewhere."""
    global _CONTEXT
    if _CONTEXT is None:
        from ..memory import for_children

        for_children()  # the readers keep the memory they free for their next frames
        if "forkserver" in mp.get_all_start_methods():
            _CONTEXT = mp.get_context("forkserver")
            _CONTEXT.set_forkserver_preload(PRELOAD)
        else:
            _CONTEXT = mp.get_context("spawn")
    return _CONTEXT


def warm_up() -> None:
    """Start the forkserver now (it imports the readers in the background)."""
    ctx = _context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        with _without_main():
            forkserver.ensure_running()


_MAIN_LOCK = threading.Lock()


@contextlib.contextmanager
def _without_main():
    """Children run code of this package only: they need not, and must not,
    re-import the program's main module as multiprocessing does by default
    (an app's main module may import Qt; a script without a __main__ guard
    would start children without end)."""
    from multiprocessing import spawn

    with _MAIN_LOCK:
        real = spawn.get_preparation_data

        def preparation(name):
            data = real(name) if name != "ignore" else {"sys_path": sys.path, "sys_argv": sys.argv[:1]}
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
            return data

        spawn.get_preparation_data = preparation
        try:
            yield
        finally:
            spawn.get_preparation_data = real


def _limit(limits: Limits) -> None:
    """In the child: the memory and CPU limits of the next job (the soft
    limits move; CPU time counts from what the child has used so far)."""
    try:
        import resource

        memory = limits.memory_mb * MB
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        if hard != resource.RLIM_INFINITY and memory > hard:
            memory = hard
        resource.setrlimit(resource.RLIMIT_AS, (memory, hard))
        used = resource.getrusage(resource.RUSAGE_SELF)
        cpu = int(used.ru_utime + used.ru_stime + limits.seconds * 2) + 10
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, resource.RLIM_INFINITY))
    except (ImportError, ValueError, OSError):
        pass  # no rlimits on this platform: the parent's timeout still holds


def _confine(limits: Limits, stderr_path: str | None) -> None:
    """In the child: limits on memory and CPU, native noise to a file, and
    death with the parent."""
    _limit(limits)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if stderr_path:
        with contextlib.suppress(OSError):
            fd = os.open(stderr_path, os.O_WRONLY | os.O_TRUNC)
            os.dup2(fd, 2)
            os.close(fd)


def _peak_mb() -> int:
    """The child's peak resident memory, for the parent's choice to reuse it."""
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak // 1024 if sys.platform != "darwin" else peak // MB
    except (ImportError, OSError):
        return 0


def _send_error(conn, exc: BaseException, name: str, limits: Limits) -> None:
    if isinstance(exc, KpipackError):
        error = exc
    elif isinstance(exc, MemoryError):
        error = KpipackError("parse_memory", file=name, limit=limits.memory_mb)
    else:
        from .readers import reader_failure

        error = reader_failure(exc, name)
        error.params["exception"] = type(exc).__name__  # not worded: tells a fault of the program apart
    conn.send(("error", error.code, error.file or name, error.sheet, error.params, _peak_mb()))


def _parse_one(conn, job: Job) -> None:
    """Parse one file and answer: where its tables are, the tables, or the error."""
    try:
        from . import Mapping, _read_file
        from . import cache

        tables, notes, sheets = _read_file(Path(job.path), Mapping(job.sections), job.password, guarded=True,
                                           part=job.part)
        meta, blobs = cache.pack(tables, notes)
        if job.cache_root:
            entry = cache.store(Path(job.cache_root), job.sha, job.name, job.sections, sheets, meta, blobs)
            conn.send(("stored", str(entry), sheets, _peak_mb()))
        else:
            conn.send(("inline", meta, list(blobs), _peak_mb()))
            for data in blobs.values():
                conn.send_bytes(cache.blob_bytes(data))
    except BaseException as exc:  # noqa: BLE001 - every failure becomes a message
        with contextlib.suppress(Exception):
            _send_error(conn, exc, job.name, job.limits)


def _parse_child(conn, job: Job, reuse: bool, behind: bool, stderr_path: str | None) -> None:
    """A child's life: its first job, then (`reuse`) the next ones its parent
    sends, until it sends None. `behind`: started beside a big file, whose
    parse is what the user waits for, so this one yields the processor to it."""
    _confine(job.limits, stderr_path)
    if behind:
        with contextlib.suppress(AttributeError, OSError):
            os.nice(10)
    try:
        while job is not None:
            _limit(job.limits)
            _parse_one(conn, job)
            job = conn.recv() if reuse else None
    except (EOFError, OSError):
        pass  # the parent has gone
    finally:
        conn.close()


def _diagnose_child(conn, path: str, name: str, password: str | None, limits: Limits, stderr_path) -> None:
    """After a crash: the full container scan alone, to name what the reader choked on."""
    _confine(limits, stderr_path)
    try:
        from .protection import decrypt_if_needed
        from .safety import check_file, scan_rest

        data = decrypt_if_needed(Path(path), password)
        container = check_file(Path(path), data, name=name, scan="later")
        scan_rest(container, full=True)
        refused = next((s.refusal for s in container.scans.values() if s.refusal is not None), None)
        if refused is not None:
            raise refused
        conn.send(("clean",))
    except BaseException as exc:  # noqa: BLE001
        with contextlib.suppress(Exception):
            _send_error(conn, exc, name, limits)
    finally:
        conn.close()


def _call_child(conn, fn, args, kwargs, name: str, limits: Limits, stderr_path) -> None:
    _confine(limits, stderr_path)
    try:
        conn.send(("value", fn(*args, **kwargs)))
    except BaseException as exc:  # noqa: BLE001
        with contextlib.suppress(Exception):
            _send_error(conn, exc, name, limits)
    finally:
        conn.close()


class _Child:
    """A started child, its pipe, deadline and captured stderr."""

    def __init__(self, target, args: tuple, limits: Limits, duplex: bool = False):
        ctx = _context()
        fd, self.stderr_path = tempfile.mkstemp(prefix="kpipack-child-", suffix=".log")
        os.close(fd)
        self.conn, child_conn = ctx.Pipe(duplex=duplex)
        self.proc = ctx.Process(target=target, args=(child_conn, *args, self.stderr_path), daemon=True,
                                name="kpipack-reader")
        with _without_main():
            self.proc.start()
        child_conn.close()
        self.jobs = 1
        self.job = None
        self.start_clock(limits)

    def start_clock(self, limits: Limits) -> None:
        self.started = time.monotonic()
        self.deadline = self.started + limits.seconds
        self.limits = limits

    def assign(self, job: "Job") -> None:
        """The next job for a reusable child."""
        self.conn.send(job)
        self.job = job
        self.jobs += 1
        self.start_clock(job.limits)

    def retire(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)
        self.stop()

    def receive(self):
        """The child's message, or None if it died without one."""
        try:
            if self.conn.poll():
                message = self.conn.recv()
                if message[0] == "inline":
                    blobs = {name: self.conn.recv_bytes() for name in message[2]}
                    return ("inline", message[1], blobs, message[3])
                return message
        except (EOFError, OSError):
            pass
        return None

    def stderr_tail(self) -> bytes:
        try:
            with open(self.stderr_path, "rb") as fh:
                fh.seek(0, 2)
                fh.seek(max(0, fh.tell() - 8192))
                return fh.read()
        except OSError:
            return b""

    def stop(self, patience: float = 1.0) -> None:
        """Reap the child (killed if it lingers past `patience` seconds) and clean up."""
        self.proc.join(patience)
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()
        with contextlib.suppress(Exception):
            self.proc.close()
        with contextlib.suppress(OSError):
            os.unlink(self.stderr_path)


def _error(message) -> KpipackError:
    _, code, file, sheet, params = message[:5]
    return KpipackError(code, file=file, sheet=sheet, **params)


def _crash_error(child: _Child, job: Job) -> KpipackError:
    """A child that died without a word: name the cause as well as we can."""
    tail = child.stderr_tail()
    code = child.proc.exitcode
    diagnosis = _run_one(_diagnose_child, (job.path, job.name, job.password, job.limits), job.limits)
    if diagnosis is not None and diagnosis[0] == "error":
        return _error(diagnosis)
    if b"memory allocation" in tail or b"MemoryError" in tail or b"Cannot allocate" in tail \
            or code == -signal.SIGKILL:
        return KpipackError("parse_memory", file=job.name, limit=job.limits.memory_mb)
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return KpipackError("parse_crashed", file=job.name, detail=signal.Signals(-code).name)
    return KpipackError("parse_crashed", file=job.name, detail=f"exit status {code}")


def _run_one(target, args: tuple, limits: Limits):
    """Run one child to its end; its message, ('timeout',) or None."""
    child = _Child(target, args, limits)
    try:
        while True:
            mpc.wait([child.conn, child.proc.sentinel], timeout=HEARTBEAT)
            message = child.receive()
            if message is not None:
                return message
            if not child.proc.is_alive():
                return child.receive()  # its last words, if they came just as it exited
            if time.monotonic() > child.deadline:
                child.proc.kill()
                return ("timeout",)
    finally:
        child.stop()


def call(fn: Callable, *args, limits: Limits | None = None, name: str = "", **kwargs):
    """fn(*args, **kwargs) in a confined child; its (picklable) value, or a
    KpipackError naming `name`. For short jobs on user files outside a build
    (e.g. inspecting a dropped file), so that no reader runs in the app."""
    limits = limits or limits_for(0)
    message = _run_one(_call_child, (fn, args, kwargs, name, limits), limits)
    if message is None:
        raise KpipackError("parse_crashed", file=name, detail="the reader stopped")
    if message[0] == "timeout":
        raise KpipackError("parse_timeout", file=name, seconds=int(limits.seconds))
    if message[0] == "error":
        raise _error(message)
    return message[1]


_SERVER_READY = False


def _noop() -> None:
    return None


def _await_server(progress: Callable[[float, str], None]) -> None:
    """The first child waits for the forkserver to import the readers (about a
    second): wait for it beside the caller, which keeps reporting progress."""
    global _SERVER_READY
    if _SERVER_READY or _context().get_start_method() != "forkserver":
        return
    def ping():
        with contextlib.suppress(Exception):  # a failing start shows again, with its message, in the parse
            call(_noop, limits=Limits(60, 4096))

    ping = threading.Thread(target=ping, daemon=True, name="kpipack-ping")
    ping.start()
    while ping.is_alive():
        ping.join(HEARTBEAT)
        progress(0.0, "")
    _SERVER_READY = True


def _share_done(jobs: list[Job], outcomes: dict, running: dict) -> float:
    """The share of the work done, by file size, counting a running file by
    the time it has had against the time a file of its size usually takes, so
    the bar moves while a big file is parsed."""
    weight = {j.key: j.size + MB for j in jobs}  # + MB: even an empty file is some work
    done = sum(weight[k] for k in outcomes)
    for job, child in running.values():
        expected = 0.5 + job.size / PARSE_RATE
        done += weight[job.key] * min(0.95, (time.monotonic() - child.started) / expected)
    total = sum(weight.values())
    return done / total if total else 1.0


def _others(job: Job, running: dict) -> list[Job]:
    """The running jobs that are not pieces of the same file as `job` (the
    pieces of one file together take about the memory of the whole)."""
    return [j for j, _ in running.values()
            if not (job.part is not None and j.part is not None and j.path == job.path)]


def _yields(job: Job, running: dict) -> bool:
    """Whether `job` would run beside a big file or the pieces of another
    file's cut sheet: the parse the user waits for, which it must not slow."""
    return any(j.size > BIG_FILE or j.part is not None for j in _others(job, running))


def _next_job(pending: list[Job], running: dict) -> Job | None:
    """The next job that may start now: a big file only when nothing else
    runs, and beside a big file only files small enough not to matter to memory."""
    for job in pending:
        if job.size > BIG_FILE and _others(job, running):
            continue
        if job.size > BESIDE_BIG and _yields(job, running):
            continue
        return job
    return None


def parse(jobs: list[Job], progress: Callable[[float, str], None] | None = None,
          parallel: int | None = None, stop_on_error: bool = True,
          arrived: Callable[[dict], None] | None = None) -> dict[tuple[int, int], Outcome]:
    """Parse the jobs in confined children, a few at a time. A failure stops
    the jobs after it (by key); the ones before it finish, so the error
    reported is the first file's in input order, whatever the timing.
    Without `stop_on_error` every job runs (a survey of many files).
    `arrived(outcomes)` is called whenever tables have come in, while the
    other children still work (the caller may put pieces together then)."""
    from . import cache

    parallel = parallel or max(1, min(os.cpu_count() or 1, 4))
    pending = sorted(jobs, key=lambda j: (-j.size, j.key))  # the longest first, small ones fill in beside it
    running: dict[tuple[int, int], tuple[Job, _Child]] = {}
    idle: list[_Child] = []  # reusable children waiting for a small job
    outcomes: dict[tuple[int, int], Outcome] = {}
    failed: tuple[int, int] | None = None

    def report() -> None:
        if progress:
            names = ", ".join(dict.fromkeys(j.name for j, _ in running.values()))  # a cut file once
            progress(_share_done(jobs, outcomes, running), names)

    def start_ready() -> None:
        while pending and len(running) < parallel:
            job = _next_job(pending, running)
            if job is None:
                break
            pending.remove(job)
            if failed is not None and job.key > failed:
                continue
            small = job.size <= SMALL_FILE and not job.password
            if small and idle:
                child = idle.pop()
                child.assign(job)
            else:
                if progress:
                    _await_server(progress)
                child = _Child(_parse_child, (job, small, _yields(job, running)), job.limits, duplex=small)
                child.job = job
            running[job.key] = (job, child)

    try:
        while pending or running:
            start_ready()
            children = [c for _, c in running.values()]
            mpc.wait([c.conn for c in children] + [c.proc.sentinel for c in children], timeout=HEARTBEAT)
            stored: list[tuple[Outcome, Job]] = []
            for key, (job, child) in list(running.items()):
                if key not in running:  # stopped just now: a job before it failed
                    continue
                message = child.receive()
                if message is None and child.proc.is_alive() and time.monotonic() <= child.deadline:
                    continue
                if message is None and not child.proc.is_alive():
                    message = child.receive()  # the last words may land just as the child exits
                del running[key]
                outcome = Outcome(key, seconds=time.monotonic() - child.started)
                if message is None:
                    if child.proc.is_alive():  # past its deadline
                        child.proc.kill()
                        outcome.error = KpipackError("parse_timeout", file=job.name, seconds=int(job.limits.seconds))
                    else:
                        outcome.error = _crash_error(child, job)
                    child.stop()
                else:
                    if message[0] == "error":
                        outcome.error = _error(message)
                    elif message[0] == "stored":
                        outcome.entry, outcome.sheets = Path(message[1]), message[2]
                        stored.append((outcome, job))
                    else:
                        meta, blobs = message[1], message[2]
                        import pyarrow as pa

                        outcome.tables, outcome.notes = cache.unpack(meta, lambda n: pa.BufferReader(blobs[n]))
                    reusable = job.size <= SMALL_FILE and not job.password
                    small_now = message[-1] < REUSE_RSS_MB
                    if reusable and outcome.error is None and child.jobs < REUSE and small_now and child.proc.is_alive():
                        idle.append(child)
                    elif reusable:
                        child.retire()  # after a failure, the next file gets a fresh process
                    else:
                        child.stop()
                outcomes[key] = outcome
                if outcome.error is not None and stop_on_error and (failed is None or key < failed):
                    failed = key
                    for other in [k for k in running if k > key]:
                        running.pop(other)[1].stop(patience=0)
            start_ready()  # a freed core gets its next file before the tables are loaded here
            for outcome, job in stored:  # a piece's tables are read, not mapped: its folder goes at once
                report()  # reading tables takes a moment (the first ones import pandas): the bar moves around it
                outcome.tables, outcome.notes = cache.load(outcome.entry, mapped=job.part is None)
            if arrived is not None and stored and failed is None:
                report()
                arrived(outcomes)
            report()
    finally:
        for _, child in running.values():  # cancelled or failed: no reason to wait for them
            child.stop(patience=0)
        for child in idle:
            child.retire()
    return outcomes
