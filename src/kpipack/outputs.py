"""Writing outputs safely: to a temporary file first, moved into place only
when complete, never over an input, with a clear message when the target is
locked or not writable.

A failure while writing (an exception, a full disk, a cancel) leaves the
target as it was and no temporary file behind. The finished file gets the
permissions any new file of the user gets (the umask), not the private ones
of a temporary file.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from pathlib import Path

from .errors import KpipackError

_UMASK_LOCK = threading.Lock()


def suggest_name(path: Path) -> Path:
    for n in range(1, 1000):
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
    return path.with_name(f"{path.stem}-new{path.suffix}")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # also through links
    except OSError:
        return a.resolve() == b.resolve()


def check_target(path: Path, inputs: list[Path]) -> None:
    """Refuse, before any work, a target that is an input, a folder, missing
    its folder, open in another program (its lock file is there) or not
    writable; the message suggests a free name where one would do."""
    path = Path(path)
    resolved = path.resolve()
    if any(_same_file(path, Path(p)) for p in inputs):
        raise KpipackError("output_is_input", file=path.name)
    if path.is_dir():
        raise KpipackError("output_is_folder", file=str(path))
    if not resolved.parent.is_dir():  # missing, or a file where the folder should be
        raise KpipackError("output_dir_missing", file=str(path.parent))
    lock_files = [path.with_name(f"~${path.name}"), path.with_name(f".~lock.{path.name}#")]
    locked = any(p.exists() for p in lock_files)
    if path.exists() and not os.access(path, os.W_OK):
        locked = True
    if locked:
        raise KpipackError("output_locked", file=path.name, suggest=suggest_name(path).name)
    _probe(resolved.parent, path)


def _probe(folder: Path, path: Path) -> None:
    """Create and remove a file in the folder: the one test of writing that
    holds for every user (root included) and every file system (/proc, a
    read-only mount)."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".kpipack-probe-", dir=str(folder))
    except OSError:
        raise KpipackError("output_folder_unwritable", file=path.name, folder=str(folder)) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)


def _umask() -> int:
    try:  # Linux tells it without changing it
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_target(path: Path):
    """Yields a temporary path beside `path`; on success it replaces `path`."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=str(path.parent))
    except PermissionError as exc:
        raise KpipackError("output_locked", file=path.name, suggest=suggest_name(path).name) from exc
    except OSError as exc:
        raise KpipackError("output_failed", file=path.name, detail=exc.strerror or type(exc).__name__) from exc
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        try:
            yield tmp_path
        except KpipackError:
            raise
        except Exception as exc:  # a full disk, a vanished folder: said in one line, the target untouched
            cause = exc if isinstance(exc, OSError) else exc.__context__  # xlsxwriter wraps the OSError
            if not isinstance(cause, OSError):
                raise
            raise KpipackError("output_failed", file=path.name, detail=cause.strerror or type(cause).__name__) from exc
        with contextlib.suppress(OSError):
            os.chmod(tmp_path, 0o666 & ~_umask())
        try:
            os.replace(tmp_path, path)
        except PermissionError as exc:
            raise KpipackError("output_locked", file=path.name, suggest=suggest_name(path).name) from exc
        except OSError as exc:
            raise KpipackError("output_failed", file=path.name, detail=exc.strerror or type(exc).__name__) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
