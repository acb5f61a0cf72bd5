"""Freed memory kept for reuse during a build (glibc's allocator only).

A build makes and drops frames of a million lines one after the other. By
default glibc hands every freed block above a few megabytes back to the
system at once, and the next frame takes fresh pages again; each fresh page
costs a fault, and on virtual machines a fault costs microseconds (a cold
512 MB array takes about a second to fill on the machines kpipack is
measured on, the same array again 30 ms). Blocks up to glibc's largest mmap
threshold therefore come from the heap, the heap is not trimmed while a
build runs, and Arrow allocates through the same heap instead of its own
allocator (which hands freed pages back after 10 ms): a build reuses what it
freed. The app gives the memory back after each build (`release`).
Elsewhere (macOS, Windows, musl) nothing changes.
"""
from __future__ import annotations

import contextlib
import functools
import os
import sys

MB = 1 << 20
MMAP_THRESHOLD = 32 * MB  # the largest glibc accepts: larger blocks are always mapped afresh
TRIM_THRESHOLD = 4096 * MB  # in effect: no trimming during a build
TOP_PAD = 64 * MB  # the heap grows by this much at a time
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3  # mallopt parameters (malloc.h)
# the same settings for reader processes, read by glibc when they start (a value the user set wins)
CHILD_ENVIRONMENT = {"MALLOC_MMAP_THRESHOLD_": str(MMAP_THRESHOLD), "MALLOC_TRIM_THRESHOLD_": str(TRIM_THRESHOLD),
                     "MALLOC_TOP_PAD_": str(TOP_PAD), "ARROW_DEFAULT_MEMORY_POOL": "system"}


@functools.cache
def _glibc():
    if not sys.platform.startswith("linux"):
        return None
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None)
        if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim"):
            return libc
    return None


def keep_freed() -> bool:
    """This process keeps freed memory for reuse; True where glibc took the settings."""
    libc = _glibc()
    if libc is None:
        return False
    if "pyarrow" in sys.modules:  # already chose its allocator: tell it now
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())
    else:
        os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    return all(libc.mallopt(param, value) == 1 for param, value in
               ((_M_MMAP_THRESHOLD, MMAP_THRESHOLD), (_M_TRIM_THRESHOLD, TRIM_THRESHOLD), (_M_TOP_PAD, TOP_PAD)))


def for_children() -> None:
    """Processes started from now on keep freed memory too."""
    if _glibc() is None:
        return
    for name, value in CHILD_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


def release() -> None:
    """Give freed memory back to the system: after a build in the app (which stays
    open), and within a chain's build once its biggest arrays are let go."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
