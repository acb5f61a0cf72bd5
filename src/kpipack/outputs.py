"""Writing outputs safely: to a temporary file first, moved into place only
when complete, never over an input, with a clear message when the target is
locked or not writable."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import KpipackError


def suggest_name(path: Path) -> Path:
    for n in range(1, 1000):
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
    return path.with_name(f"{path.stem}-new{path.suffix}")


def check_target(path: Path, inputs: list[Path]) -> None:
    path = Path(path)
    resolved = path.resolve()
    if any(resolved == Path(p).resolve() for p in inputs):
        raise KpipackError("output_is_input", file=path.name)
    if not resolved.parent.exists():
        raise KpipackError("output_dir_missing", file=str(path.parent))
    lock_files = [path.with_name(f"~${path.name}"), path.with_name(f".~lock.{path.name}#")]
    locked = any(p.exists() for p in lock_files)
    if path.exists() and not os.access(path, os.W_OK):
        locked = True
    if not os.access(resolved.parent, os.W_OK):
        locked = True
    if locked:
        raise KpipackError("output_locked", file=path.name, suggest=suggest_name(path).name)


@contextlib.contextmanager
def atomic_target(path: Path):
    """Yields a temporary path beside `path`; on success it replaces `path`."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=str(path.parent))
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        try:
            os.replace(tmp_path, path)
        except PermissionError as exc:
            raise KpipackError("output_locked", file=path.name, suggest=suggest_name(path).name) from exc
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
