#!/usr/bin/env python3
"""`make bench`: how fast kpipack builds packs from big exports, measured
against fastexcel's plain read of the same workbook.

Every measurement runs in its own fresh Python process (so peak RSS is that
measurement's alone and nothing is warm that should not be), the same way for
kpipack and for the fastexcel reference. Each is repeated (--repeat, default
3, interleaved) and the median is printed; the raw runs go to
bench/data/last-run.json (last-quick-run.json for --quick).

    python bench/run.py [--repeat N] [--quick]

--quick uses the 100k-line workbook and one repetition: a smoke test, not
numbers to quote.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGETS = {
    "ratio": 1.3,  # kpipack build / fastexcel read, end to end
    "rss_gb": 1.5,
    "rebuild_speedup": 5.0,
    "gui_stall_ms": 100.0,
    "progress_gap_s": 1.0,
    "window_s": 1.5,
    "infer_ms": 20.0,
}


# ================================================================ children
# Each child prints one JSON object on its last stdout line.

def _peak_rss_mb() -> float:
    """Peak RSS of this process or any child it waited for (an isolated reader)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 1024 / 1024  # KB on Linux, bytes on macOS
    return max(own, kids) * scale


def child_fastexcel(path: str) -> dict:
    t0 = time.perf_counter()
    import fastexcel

    frame = fastexcel.read_excel(path).load_sheet(0).to_pandas()
    return {"read_s": time.perf_counter() - t0, "rows": len(frame), "rss_mb": _peak_rss_mb()}


def child_build(inputs: list[str], out_dir: str) -> dict:
    """build_pack as `kpipack build` calls it, with stage times from its progress callback."""
    t0 = time.perf_counter()
    from kpipack.domain import Settings
    from kpipack.pipeline import build_pack

    imported = time.perf_counter()
    marks: list[tuple[float, str]] = []

    def progress(stage: str, fraction: float, detail: str) -> None:
        marks.append((time.perf_counter(), stage))

    out = Path(out_dir)
    result = build_pack(inputs, Settings(lang="ja"), out=out / "pack.xlsx", json_out=out / "results.json",
                        progress=progress)
    end = time.perf_counter()
    stages: dict[str, float] = {}
    bounds = [(imported, "reading")] + marks + [(end, "done")]
    for (start, stage), (stop, _) in zip(bounds, bounds[1:]):
        stages[stage] = stages.get(stage, 0.0) + stop - start
    stages.pop("done", None)
    dq = result.results["data_quality"]
    return {"import_s": imported - t0, "build_s": end - imported, "stages": stages,
            "rows_read": dq["rows_read"], "rows_rejected": dq["rows_rejected"], "rss_mb": _peak_rss_mb()}


def child_split(inputs: list[str], out_dir: str) -> dict:
    """Where the reading time goes: the same files parsed in this process (no
    child parser, no cache), timing the sheet load and the mapping/cleaning."""
    import inspect

    from kpipack import ingest
    from kpipack.ingest import readers, tables

    spent = {"sheet_load_s": 0.0, "mapping_s": 0.0}

    def timed(fn, key):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - start
        return wrapper
    readers.SheetSource.load = timed(readers.SheetSource.load, "sheet_load_s")
    tables.build_table = timed(tables.build_table, "mapping_s")
    options = inspect.signature(ingest.load_inputs).parameters
    kwargs = {k: False for k in ("use_cache", "isolated") if k in options}
    start = time.perf_counter()
    ingest.load_inputs(inputs, **kwargs)
    spent["load_inputs_s"] = time.perf_counter() - start
    spent["rss_mb"] = _peak_rss_mb()
    return spent


def child_gui(inputs: list[str], out_dir: str) -> dict:
    """A 1M-line build on the app's own background job while a 10 ms timer
    probes the event loop: the longest gap between ticks is the longest stall."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QObject, QThread, QTimer, Signal
    from PySide6.QtWidgets import QApplication

    from kpipack.domain import Settings

    app = QApplication.instance() or QApplication([])
    ticks: list[float] = []
    updates: list[tuple[float, str]] = []
    outcome: dict = {}
    settings = Settings(lang="ja")
    out = Path(out_dir) / "pack.xlsx"
    try:
        from kpipack.gui.jobs import build
        from kpipack.gui.worker import Job, JobRunner

        runner = JobRunner()
        job = Job("build", build([Path(p) for p in inputs], settings, {}, out))
        worker = "kpipack.gui.worker.Job"
    except Exception:  # noqa: BLE001 - no usable app worker: a QThread of our own, as the app would use
        from kpipack.pipeline import build_pack

        class Job(QObject):  # noqa: D401 - a minimal stand-in
            progress = Signal(str, float, str)
            finished = Signal()
            failed = Signal(object)

        class Thread(QThread):
            def run(self):
                try:
                    build_pack(inputs, settings, out=out, progress=job.progress.emit)
                except Exception as exc:  # noqa: BLE001 - reported in the results
                    job.failed.emit(exc)
                job.finished.emit()

        job, thread = Job(), None
        runner = None
        worker = "QThread"
    job.progress.connect(lambda stage, fraction, detail: updates.append((time.perf_counter(), stage)))
    job.failed.connect(lambda exc: outcome.setdefault("error", repr(exc)))
    job.finished.connect(app.quit)
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    start = time.perf_counter()
    if runner is not None:
        QTimer.singleShot(0, lambda: runner.start(job))
    else:
        thread = Thread()
        QTimer.singleShot(0, thread.start)
    app.exec()
    end = time.perf_counter()
    timer.stop()
    if runner is not None:
        runner.wait()
    elif thread is not None:
        thread.wait()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    marks = [(start, "starting")] + updates + [(end, "done")]

    def stage_at(moment: float) -> str:  # the stage the app was showing at that moment
        current = "starting"
        for when, stage in marks:
            if when > moment:
                break
            current = stage
        return current
    stall_by_stage: dict[str, float] = {}
    for a, b in zip(ticks, ticks[1:]):
        stage = stage_at(a)
        stall_by_stage[stage] = max(stall_by_stage.get(stage, 0.0), (b - a - 0.010) * 1000)
    wait_by_stage: dict[str, float] = {}
    for (a, stage), (b, _) in zip(marks, marks[1:]):
        wait_by_stage[stage] = max(wait_by_stage.get(stage, 0.0), b - a)
    return {"worker": worker, "build_s": end - start, "max_stall_ms": (max(gaps) - 0.010) * 1000 if gaps else None,
            "ticks": len(ticks), "max_progress_gap_s": max(wait_by_stage.values()),
            "stall_by_stage_ms": stall_by_stage, "wait_by_stage_s": wait_by_stage,
            "stages_seen": list(dict.fromkeys(s for _, s in updates)), "error": outcome.get("error"),
            "rss_mb": _peak_rss_mb()}


def child_window(t_launch: float) -> dict:
    """Time from process launch until the main window is shown and painted once."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kpipack.gui.app import application
    from kpipack.gui.prefs import Prefs
    from kpipack.gui.profiles import ProfileStore
    from kpipack.gui.window import MainWindow

    app = application("ja")
    window = MainWindow(lang="ja", prefs=Prefs(), profiles=ProfileStore(persist=False), persist=False)
    window.show()
    app.processEvents()
    shown = time.time() - t_launch
    window.close()
    return {"window_s": shown, "rss_mb": _peak_rss_mb()}


def child_tasks(inputs: list[str], out_dir: str) -> dict:
    """The app's other long tasks while a 10 ms timer probes the event loop, each
    on the app's own background job: a count sheet from the big book stock, last
    month's pack read for its actions, the first screen's guide (the first import
    of the importer), the order workbook saved from the Orders tab, and the
    Actions and Orders tabs filled on the GUI thread itself (the Actions tab
    until its last row is sized)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import datetime as dt

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from kpipack.gui.start import guide_in_child
    from kpipack.gui.stocktake import count_sheet_job
    from kpipack.gui.worker import Job, JobRunner

    stock, pack = Path(inputs[0]), Path(inputs[1])
    runner = JobRunner()
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def stall_of(start_work) -> tuple[float, float]:
        """(longest stall in ms, seconds taken) while `start_work(done)` runs."""
        loop = QEventLoop()
        ticks.clear()
        timer.start()
        began = time.perf_counter()
        QTimer.singleShot(0, lambda: start_work(loop.quit))
        loop.exec()
        took = time.perf_counter() - began
        timer.stop()
        gaps = [b - a for a, b in zip(ticks, ticks[1:])] + ([ticks[0] - began] if ticks else [took])
        return (max(gaps) - 0.010) * 1000, took

    def job(fn):
        def start(done):
            j = Job("bench", fn)
            j.failed.connect(lambda exc: errors.append(repr(exc)))
            j.finished.connect(done)
            runner.start(j)
        return start

    errors: list[str] = []
    out: dict = {}
    from kpipack.domain import Settings
    from kpipack.gui import jobs
    from kpipack.gui.actions import ActionsView
    from kpipack.gui.results import Results
    from kpipack.pipeline import samples_dir

    # as in the app, where the tasks are offered once a preview is built
    res = Results(jobs.build([samples_dir()], Settings(lang="ja"), {}, None)(lambda *a: None, lambda: False))
    # the floor: the loop doing nothing for two seconds on this (shared) machine
    out["nothing (noise floor)"] = stall_of(lambda done: QTimer.singleShot(2000, done))
    out["guide"] = stall_of(job(lambda _p, _c: guide_in_child("ja")))
    count = count_sheet_job([stock], "S01", dt.date(2026, 10, 31), Path(out_dir) / "count.xlsx", "ja", "", None,
                            None, True)
    out["count_sheet"] = stall_of(job(count))
    out["previous_pack"] = stall_of(job(jobs.read_pack_actions(pack)))
    from kpipack.gui.order_book import order_book_job
    from kpipack.gui.orders import OrdersView

    rep = res.comp.replenishment
    out["order_list"] = stall_of(job(order_book_job(rep, Path(out_dir) / "orders.xlsx", "ja", "JPY")))
    orders = OrdersView()
    orders.retranslate("ja")
    orders.resize(1000, 700)
    orders.show()

    def fill_orders(done):  # the Orders tab filled on the GUI thread, as after a preview
        orders.show_results(res)
        done()
    out["orders_tab"] = stall_of(fill_orders)
    view = ActionsView()
    view.retranslate("ja")
    view.resize(1000, 700)
    view.show()
    _, previous = jobs.read_pack_actions(pack)(lambda *a: None, lambda: False)

    view.set_previous(pack, None, previous)

    def fill(done):  # as after a preview: the month's actions with last month's carried over, every row sized
        filled = getattr(view, "filled", None)
        if filled is None:  # a view that fills in one go
            view.show_results(res)
            done()
            return
        filled.connect(done)
        view.show_results(res)
    out["actions_tab"] = stall_of(fill)
    # a long list: 3,000 of the reader's own actions carried over from last month's pack
    from kpipack.report.previous import PreviousAction

    many = {f"other|{n}": PreviousAction(f"other|{n}", f"店舗 {n % 40:02d} の棚替えと販促物の確認、結果を週報に記入する",
                                         "担当", None, "in_progress", "") for n in range(1, 3001)}
    view.set_previous(pack, None, many)
    out["actions_tab_3000"] = stall_of(fill)
    runner.wait()
    # the views are gone before the interpreter ends: left to its clean-up, parentless
    # widgets were at times freed in an order that aborted this process on exit
    for widget in (orders, view):
        widget.close()
        widget.deleteLater()
    app.processEvents()
    return {"stall_ms": {k: v[0] for k, v in out.items()}, "took_s": {k: v[1] for k, v in out.items()},
            "error": "; ".join(errors) or None}


def child_infer(inputs: list[str], out_dir: str) -> dict:
    """Columns read by content: a sheet's header row found and its columns
    classified from the previewed rows, as every build does, per sheet."""
    from kpipack.ingest.headers import classify, find_header_row
    from kpipack.ingest.readers import open_sheets

    worst = 0.0
    for name in inputs:
        for source in open_sheets(Path(name)):
            preview = source.preview()
            runs = 20
            t0 = time.perf_counter()
            for _ in range(runs):
                header = find_header_row(preview)
                if header is not None:
                    headers = ["" if v is None else str(v) for v in preview[header]]
                    classify(headers, source.name, body=preview[header + 1:])
            worst = max(worst, (time.perf_counter() - t0) / runs * 1000)
    return {"infer_ms": worst, "rss_mb": _peak_rss_mb()}


CHILDREN = {"fastexcel": child_fastexcel, "build": child_build, "split": child_split, "gui": child_gui,
            "window": child_window, "tasks": child_tasks, "infer": child_infer}


# ================================================================ parent
def _tree_rss_mb(root: int) -> tuple[float, float]:
    """RSS and PSS of a process and all its descendants now (Linux /proc), in
    MB. The RSS sum counts a page shared by several processes (the reader
    processes share the libraries their server loaded) in each of them; PSS
    divides it among them, so the PSS sum is what the machine holds."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)  # fields[1]: parent pid
        rss[pid] = int(fields[21])  # resident pages
    total, pss, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        pss += _pss_kb(pid)
        todo.extend(children.get(pid, []))
    return total * os.sysconf("SC_PAGE_SIZE") / 1e6, pss * 1024 / 1e6


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_child(kind: str, *args: str, env: dict | None = None, timeout: int = 1800) -> dict:
    """One measurement in a fresh process; wall time is the whole process, start
    to exit. Peak RSS is sampled every 50 ms over the process and its children
    (parsers run in child processes), summed: what the machine had to hold."""
    return run_child_cmd(__file__, kind, *args, env=env, timeout=timeout)


def run_child_cmd(script: str, kind: str, *args: str, env: dict | None = None, timeout: int = 1800) -> dict:
    """run_child of another benchmark script (`script --child kind args`)."""
    import threading

    cmd = [sys.executable, str(Path(script).resolve()), "--child", kind, *args]
    full_env = {**os.environ, **(env or {})}
    full_env["KPIPACK_BENCH_T0"] = repr(time.time())
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=full_env, cwd=ROOT)
    peak = [0.0, 0.0]
    done = threading.Event()

    def sample():
        sampler = os.path.isdir("/proc")
        while sampler and not done.wait(0.05):
            rss, pss = _tree_rss_mb(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise SystemExit(f"bench: {kind} took longer than {timeout} s")
    wall = time.perf_counter() - start
    done.set()
    watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"bench: {kind} failed ({proc.returncode}):\n{stderr[-3000:]}")
    data = json.loads(stdout.strip().splitlines()[-1])
    data["wall_s"] = wall
    data["tree_rss_mb"] = peak[0] or None
    data["tree_pss_mb"] = peak[1] or None
    return data


def cache_env(directory: Path) -> dict:
    """Point every cache kpipack may keep at `directory`, so a first build is cold."""
    return {"XDG_CACHE_HOME": str(directory), "KPIPACK_CACHE_DIR": str(directory / "kpipack")}


def cache_used(directory: Path) -> bool:
    return directory.exists() and any(p.is_file() for p in directory.rglob("*"))


def measure(files: dict[str, Path], repeat: int, big: str) -> dict:
    runs: dict[str, list] = {k: [] for k in ("fastexcel", "cold", "warm", "split", "folder", "gui", "window",
                                             "tasks", "infer")}
    inputs = [str(files[big]), str(files["stock.xlsx"]), str(files["budget.xlsx"])]
    folder = [str(files["pos_2025-11.xlsx"].parent), str(files["stock.xlsx"]), str(files["budget.xlsx"])]
    with tempfile.TemporaryDirectory(prefix="kpipack-bench-") as tmp:
        tmp = Path(tmp)
        for n in range(repeat):
            step = f"[{n + 1}/{repeat}]"
            print(f"{step} fastexcel read ...", file=sys.stderr, flush=True)
            runs["fastexcel"].append(run_child("fastexcel", str(files[big])))
            cache = tmp / f"cache{n}"
            print(f"{step} kpipack build (cold) ...", file=sys.stderr, flush=True)
            out = tmp / f"out{n}"
            out.mkdir()
            runs["cold"].append(run_child("build", str(out), *inputs, env=cache_env(cache)))
            runs["cold"][-1]["cache_written"] = cache_used(cache)
            print(f"{step} kpipack build (rebuild) ...", file=sys.stderr, flush=True)
            runs["warm"].append(run_child("build", str(out), *inputs, env=cache_env(cache)))
            print(f"{step} where reading goes (the same files parsed in one process) ...", file=sys.stderr,
                  flush=True)
            runs["split"].append(run_child("split", str(out), *inputs))
            print(f"{step} twelve monthly files ...", file=sys.stderr, flush=True)
            runs["folder"].append(run_child("build", str(out), *folder, env=cache_env(tmp / f"fcache{n}")))
            print(f"{step} app: event loop during a build ...", file=sys.stderr, flush=True)
            runs["gui"].append(run_child("gui", str(out), *inputs, env=cache_env(tmp / f"gcache{n}")))
            print(f"{step} app: event loop during the other tasks ...", file=sys.stderr, flush=True)
            runs["tasks"].append(run_child("tasks", str(out), str(files["stock.xlsx"]), str(out / "pack.xlsx")))
            print(f"{step} columns read by content ...", file=sys.stderr, flush=True)
            runs["infer"].append(run_child("infer", str(out), *inputs))
            print(f"{step} app: window appears ...", file=sys.stderr, flush=True)
            try:
                runs["window"].append(run_child("window", env=cache_env(tmp / f"wcache{n}")))
            except SystemExit as exc:
                runs["window"].append({"error": str(exc)[-300:]})
    return runs


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarise(runs: dict) -> list[tuple[str, str, str, str]]:
    """Rows of (measure, median, target, met)."""
    def col(kind, key):
        return [r.get(key) for r in runs[kind]]

    def peak(kind):  # the larger of: all processes summed (sampled), one process's own peak
        return med([max(r.get("tree_rss_mb") or 0, r.get("rss_mb") or 0) or None for r in runs[kind]])

    rows: list[tuple[str, str, str, str]] = []

    def row(name, value, fmt, target=None, ok=None):
        text = "n/a" if value is None else fmt.format(value)
        rows.append((name, text, target or "", "" if ok is None else ("yes" if ok else "NO")))

    fx = med(col("fastexcel", "wall_s"))
    cold = med(col("cold", "wall_s"))
    stages = {}
    for r in runs["cold"]:
        for k, v in r["stages"].items():
            stages.setdefault(k, []).append(v)
    row("fastexcel read, whole process (s)", fx, "{:.2f}")
    row("  of which load_sheet + to_pandas (s)", med(col("fastexcel", "read_s")), "{:.2f}")
    row("  peak RSS (MB)", peak("fastexcel"), "{:.0f}")
    row("kpipack build, whole process (s)", cold, "{:.2f}")
    row("  start-up and imports (s)", med(col("cold", "import_s")), "{:.2f}")
    for stage in ("reading", "mapping", "computing", "writing"):
        if stage in stages:
            row(f"  {stage} (s)", med(stages[stage]), "{:.2f}")
        if stage == "reading" and runs["split"]:
            row("    in one process: sheet load / mapping and cleaning (s)", med(col("split", "sheet_load_s")),
                "{:.2f} / " + f"{med(col('split', 'mapping_s')):.2f}")
    for stage in sorted(set(stages) - {"reading", "mapping", "computing", "writing"}):
        row(f"  {stage} (s)", med(stages[stage]), "{:.2f}")
    # each build against the fastexcel read just before it (the machine's speed drifts over a session)
    ratio = med([c["wall_s"] / f["wall_s"] for f, c in zip(runs["fastexcel"], runs["cold"])
                 if c.get("wall_s") and f.get("wall_s")])
    row("build / fastexcel read (median of the pairs)", ratio, "{:.2f}x", f"<= {TARGETS['ratio']}x",
        None if ratio is None else ratio <= TARGETS["ratio"])
    rss = peak("cold")
    row("build peak RSS, summed over its processes (MB)", rss, "{:.0f}", f"<= {TARGETS['rss_gb'] * 1000:.0f}",
        None if rss is None else rss <= TARGETS["rss_gb"] * 1000)
    row("  peak PSS, shared pages counted once (MB)", med(col("cold", "tree_pss_mb")), "{:.0f}")
    # each rebuild against the build just before it; a rebuild that parsed again (the
    # importer's code changed in between, so its cache entries no longer apply) is left out
    pairs = [(c, w) for c, w in zip(runs["cold"], runs["warm"]) if c.get("cache_written")
             and w["stages"].get("reading", 0.0) < 0.5 * c["stages"].get("reading", 0.0)]
    missed = sum(1 for c in runs["cold"] if c.get("cache_written")) - len(pairs)
    warm = med([w["wall_s"] for _, w in pairs])
    speedup = med([c["wall_s"] / w["wall_s"] for c, w in pairs])
    note = "" if runs["cold"] and any(c.get("cache_written") for c in runs["cold"]) else " (no parse cache written)"
    note += f" ({missed} rebuild(s) parsed again, left out)" if missed else ""
    row("rebuild, same inputs (s)", warm, "{:.2f}")
    row("rebuild speed-up" + note, speedup, "{:.1f}x",
        f">= {TARGETS['rebuild_speedup']}x", None if speedup is None else speedup >= TARGETS["rebuild_speedup"])
    folder_rows = med(col("folder", "rows_read"))
    row("12 monthly files x 100k lines (s)", med(col("folder", "wall_s")), "{:.2f}")
    frss = peak("folder")
    row("  peak RSS (MB)", frss, "{:.0f}", f"<= {TARGETS['rss_gb'] * 1000:.0f}",
        None if frss is None else frss <= TARGETS["rss_gb"] * 1000)
    big_rows = med(col("cold", "rows_read"))
    if frss and rss and folder_rows and big_rows:
        row("  peak RSS per 1M rows read: 12 files / 1 file (MB)",
            frss / folder_rows * 1e6, "{:.0f} / " + f"{rss / big_rows * 1e6:.0f}")
    def by_stage(key, label, fmt):
        found: dict[str, list] = {}
        for r in runs["gui"]:
            for stage, value in (r.get(key) or {}).items():
                found.setdefault(stage, []).append(value)
        for stage, values in found.items():
            row(f"    {label} {stage}", med(values), fmt)

    stall = med(col("gui", "max_stall_ms"))
    row("app: longest event-loop stall during a build (ms)", stall, "{:.0f}", f"<= {TARGETS['gui_stall_ms']:.0f}",
        None if stall is None else stall <= TARGETS["gui_stall_ms"])
    by_stage("stall_by_stage_ms", "while", "{:.0f}")
    gap = med(col("gui", "max_progress_gap_s"))
    row("app: longest wait between progress updates (s)", gap, "{:.2f}", f"<= {TARGETS['progress_gap_s']}",
        None if gap is None else gap <= TARGETS["progress_gap_s"])
    by_stage("wait_by_stage_s", "while", "{:.2f}")
    seen = runs["gui"][0].get("stages_seen") if runs["gui"] else None
    rows.append(("app: stages shown", ", ".join(seen or []) or "n/a", "", ""))
    task_rows(runs, row)
    infer = med([r.get("infer_ms") for r in runs.get("infer", [])])
    row("columns read by content, slowest sheet (ms)", infer, "{:.1f}", f"<= {TARGETS['infer_ms']:.0f}",
        None if infer is None else infer <= TARGETS["infer_ms"])
    window = med([r.get("window_s") for r in runs["window"]])
    row("app: window appears (s)", window, "{:.2f}", f"<= {TARGETS['window_s']}",
        None if window is None else window <= TARGETS["window_s"])
    return rows


def task_rows(runs: dict, row) -> None:
    """The app's other long tasks: the longest stall of the event loop during each."""
    tasks = [r for r in runs.get("tasks", []) if r.get("stall_ms")]
    for task in (tasks[0]["stall_ms"] if tasks else {}):
        stall = med([r["stall_ms"][task] for r in tasks])
        row(f"app: longest stall during {task.replace('_', ' ')} (ms)", stall, "{:.0f}",
            "" if "floor" in task else f"<= {TARGETS['gui_stall_ms']:.0f}",
            None if stall is None or "floor" in task else stall <= TARGETS["gui_stall_ms"])
        row(f"    {task.replace('_', ' ')} took (s)", med([r["took_s"][task] for r in tasks]), "{:.2f}")


def print_table(rows, header: str) -> None:
    short = [r[1] for r in rows if len(r[1]) <= 12]
    widths = [max(len(r[0]) for r in rows), max(map(len, short + ["median"])),
              max(len(r[2]) for r in rows + [("", "", "target")])]
    print(header)
    line = f"{'measure'.ljust(widths[0])}  {'median'.rjust(widths[1])}  {'target'.ljust(widths[2])}  met"
    print(line)
    print("-" * len(line))
    for name, value, target, met in rows:
        if len(value) > widths[1]:  # a list of names, not a number
            print(f"{name.ljust(widths[0])}  {value}")
            continue
        print(f"{name.ljust(widths[0])}  {value.rjust(widths[1])}  {target.ljust(widths[2])}  {met}".rstrip())


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs{mem}, Python {platform.python_version()}, {platform.system()}"


def revision() -> str:
    """The commit measured, marked when the working tree has changes."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "src"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (commit or "unknown") + (" with local changes" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="kpipack benchmarks (see docs/performance.md)")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is shown")
    p.add_argument("--quick", action="store_true", help="100k lines, one run: a smoke test")
    p.add_argument("--tasks", action="store_true",
                   help="only the app's tasks besides the build (count sheet, last month's pack, guide, "
                        "order list, Actions and Orders tabs)")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        fn = CHILDREN[args.child]
        if args.child == "fastexcel":
            result = fn(args.rest[0])
        elif args.child == "window":
            result = fn(float(os.environ["KPIPACK_BENCH_T0"]))
        else:
            result = fn(args.rest[1:], args.rest[0])
        print(json.dumps(result))
        if args.child == "build":
            from kpipack.cli import _leave

            _leave(0)  # ends as `kpipack build` does
        return 0

    sys.path.insert(0, str(HERE))
    import generate

    if args.tasks:
        return tasks_only(generate, max(1, args.repeat if not args.quick else 1))
    big = "pos_100k.xlsx" if args.quick else "pos_1m.xlsx"
    repeat = 1 if args.quick else max(1, args.repeat)
    names = [big, "stock.xlsx", "budget.xlsx"] + [n for n in generate.FILES if n.startswith("monthly/")]
    files = {Path(n).name: p for n, p in generate.ensure_all(names).items()}
    runs = measure(files, repeat, big)
    rows = summarise(runs)
    stamp = time.strftime("%Y-%m-%d %H:%M")
    header = (f"kpipack bench, {stamp}: {big} + stock + budget; median of {repeat} run(s), each in its own process\n"
              f"machine: {machine()}\ncode: {revision()}\n")
    print()
    print_table(rows, header)
    record = generate.DATA / ("last-quick-run.json" if args.quick else "last-run.json")
    record.write_text(json.dumps({"when": stamp, "machine": machine(), "code": revision(), "big": big,
                                  "repeat": repeat, "rows": rows, "runs": runs}, indent=1, ensure_ascii=False),
                      encoding="utf-8")
    print(f"\nraw runs: {record}")
    return 0


def tasks_only(generate, repeat: int) -> int:
    """`--tasks`: the stall of the app's other long tasks alone (a pack of the
    samples stands for last month's)."""
    stock = generate.ensure("stock.xlsx")
    runs: dict[str, list] = {"tasks": []}
    with tempfile.TemporaryDirectory(prefix="kpipack-bench-") as tmp:
        pack = Path(tmp) / "pack.xlsx"
        subprocess.run([sys.executable, "-m", "kpipack", "build", str(ROOT / "resources" / "samples"), "--out",
                        str(pack)], check=True, cwd=ROOT, capture_output=True)
        for n in range(repeat):
            print(f"[{n + 1}/{repeat}] app: event loop during the other tasks ...", file=sys.stderr, flush=True)
            runs["tasks"].append(run_child("tasks", tmp, str(stock), str(pack), env=cache_env(Path(tmp) / "c")))
    rows: list = []

    def row(name, value, fmt, target=None, ok=None):
        rows.append((name, "n/a" if value is None else fmt.format(value), target or "",
                     "" if ok is None else ("yes" if ok else "NO")))
    task_rows(runs, row)
    print_table(rows, f"kpipack bench --tasks, {time.strftime('%Y-%m-%d %H:%M')}: median of {repeat} run(s)\n"
                      f"machine: {machine()}\ncode: {revision()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
