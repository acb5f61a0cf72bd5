"""Freed memory is kept for reuse during a build (glibc), in the build's own
process and in its reader processes; the app gives it back afterwards."""
import os

import pytest

from kpipack import memory

glibc = pytest.mark.skipif(memory._glibc() is None, reason="glibc's allocator only (Linux)")


@glibc
def test_the_build_process_keeps_freed_memory_and_arrow_uses_the_same_heap():
    assert memory.keep_freed() is True
    import pyarrow as pa

    assert pa.default_memory_pool().backend_name == "system"
    memory.release()  # and gives it back without complaint


@glibc
def test_reader_processes_start_with_the_same_settings():
    from kpipack.ingest import isolate

    for name, value in memory.CHILD_ENVIRONMENT.items():
        assert isolate.call(os.getenv, name) == value


@glibc
def test_a_setting_the_user_made_wins(monkeypatch):
    monkeypatch.setenv("MALLOC_TOP_PAD_", "12345")
    for name in memory.CHILD_ENVIRONMENT:
        if name != "MALLOC_TOP_PAD_":
            monkeypatch.delenv(name, raising=False)
    memory.for_children()
    assert os.environ["MALLOC_TOP_PAD_"] == "12345"
    assert os.environ["MALLOC_TRIM_THRESHOLD_"] == str(memory.TRIM_THRESHOLD)


def test_nothing_changes_without_glibc(monkeypatch):
    monkeypatch.setattr(memory, "_glibc", lambda: None)
    for name in memory.CHILD_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    assert memory.keep_freed() is False
    memory.for_children()
    assert not any(name in os.environ for name in memory.CHILD_ENVIRONMENT)
    memory.release()
