"""The command line's progress display: stage, bar, what is being read or
how many rows were read, elapsed time; on stderr, only when it is a terminal
(a pipe or a log file gets the results' paths and nothing else), and never
with --quiet. Drawn by rich, which redraws the line in place."""
from __future__ import annotations

import sys
from contextlib import contextmanager

from .messages import text

STAGES = ("reading", "computing", "writing", "done")


def wanted(quiet: bool, stream=None) -> bool:
    stream = stream or sys.stderr
    return not quiet and hasattr(stream, "isatty") and stream.isatty()


@contextmanager
def display(lang: str, quiet: bool = False, stream=None):
    """A progress callback (stage, fraction, detail) for build_pack; a callback
    that does nothing when no display is wanted."""
    if not wanted(quiet, stream):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    console = Console(file=stream or sys.stderr)
    bar = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                   TextColumn("{task.fields[detail]}"), TimeElapsedColumn(), console=console, transient=True)
    task = bar.add_task(_label("reading", lang), total=1.0, detail="")

    shown = {"stage": "", "detail": ""}

    def report(stage: str, fraction: float, detail: str = "") -> None:
        changed = stage != shown["stage"]
        if detail or changed:  # a stage's detail (rows read, the sheet written) stays until the next one
            shown["detail"] = detail
        shown["stage"] = stage
        bar.update(task, completed=max(0.0, min(fraction, 1.0)), description=_label(stage, lang),
                   detail=shown["detail"])
        if changed or detail:
            bar.refresh()  # every stage is drawn, however short

    with bar:
        yield report


def _label(stage: str, lang: str) -> str:
    return text(f"stage_{stage}", lang) if stage in STAGES else stage
