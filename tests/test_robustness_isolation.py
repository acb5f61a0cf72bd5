"""A reader that aborts, panics, hangs or eats memory takes down its child
process only: the app gets one message naming the file."""
from __future__ import annotations

import multiprocessing
import os
import time
import zipfile

import pytest

from hostile_files import SHEET, sales_rows, write_xlsx
from kpipack.errors import KpipackError
from kpipack.ingest import isolate, load_inputs

QUICK = isolate.Limits(seconds=2, memory_mb=4096)
# a child that imports pandas first: its start alone can take seconds on a busy machine
PATIENT = isolate.Limits(seconds=120, memory_mb=4096)


def test_an_abort_in_the_child_is_one_message():
    with pytest.raises(KpipackError) as info:
        isolate.call(os.abort, name="abort.xlsx", limits=QUICK)
    assert info.value.code == "parse_crashed" and "abort.xlsx" in info.value.message()


def test_a_hang_is_stopped_at_the_time_limit():
    started = time.monotonic()
    with pytest.raises(KpipackError) as info:
        isolate.call(time.sleep, 60, name="slow.xlsx", limits=isolate.Limits(seconds=1, memory_mb=4096))
    assert info.value.code == "parse_timeout"
    assert time.monotonic() - started < 5


def test_memory_beyond_the_limit_is_refused_in_the_child():
    with pytest.raises(KpipackError) as info:
        isolate.call(bytearray, 8 << 30, name="greedy.xlsx", limits=QUICK)
    assert info.value.code == "parse_memory" and "4096" in info.value.message()


def _calamine_read(path: str):
    import pandas as pd

    return pd.read_excel(path, engine="calamine").shape


def test_calamine_aborting_on_a_far_cell_does_not_take_the_app_down(tmp_path):
    """python-calamine allocates the whole grid for a value at XFD1048576 and
    aborts; here it runs without kpipack's checks, in a confined child."""
    book = write_xlsx(tmp_path / "far.xlsx", sales_rows(2))
    far = tmp_path / "far2.xlsx"
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(far, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == SHEET:
                data = data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
                                                     b"</sheetData>")
            zout.writestr(info, data)
    with pytest.raises(KpipackError) as info:
        isolate.call(_calamine_read, str(far), name=far.name, limits=PATIENT)
    assert info.value.code in ("parse_crashed", "parse_memory")
    assert far.name in info.value.message()


def test_a_large_sheet_scanned_beside_the_reader_still_gets_its_own_message(tmp_path):
    """A sheet part over INLINE_SCAN is scanned while calamine reads it; when
    calamine dies on its far cell first, a scan afterwards names the reason."""
    book = write_xlsx(tmp_path / "big.xlsx", sales_rows(2))
    big = tmp_path / "big_far.xlsx"
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>'
                    % (r, r, os.urandom(1 << 19).hex().encode()) for r in range(10, 44))
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == SHEET:
                data = data.replace(b"</sheetData>", rows + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c>'
                                                            b"</row></sheetData>")
            zout.writestr(info, data)
    assert zipfile.ZipFile(big).getinfo(SHEET).file_size > isolate.MB * 32
    with pytest.raises(KpipackError) as info:
        load_inputs([big], use_cache=False)
    assert info.value.code == "sheet_too_large", info.value.message()


def test_a_panic_in_the_reader_is_one_message():
    from conftest import shared_path

    simple = shared_path("corpus", "apache-poi", "spreadsheet__Simple.xlsb")
    with pytest.raises(KpipackError) as info:
        load_inputs([simple], use_cache=False)
    assert info.value.code in ("parse_crashed", "file_unreadable")
    assert "spreadsheet__Simple.xlsb" in info.value.message() and "\n" not in info.value.message()


def test_a_cancelled_build_leaves_no_reader_running(tmp_path):
    books = [write_xlsx(tmp_path / f"m{i}.xlsx", sales_rows(40)) for i in range(6)]

    class Stop(Exception):
        pass

    calls = []

    def progress(stage, fraction, detail):
        calls.append(fraction)
        if fraction > 0.1:
            raise Stop()

    with pytest.raises(Stop):
        load_inputs(books, use_cache=False, progress=progress)
    time.sleep(0.2)
    assert not [p for p in multiprocessing.active_children() if p.name == "kpipack-reader"]


def test_parsed_in_a_child_or_here_the_tables_are_the_same(tmp_path):
    book = write_xlsx(tmp_path / "same.xlsx", sales_rows(30))
    apart = load_inputs([book], use_cache=False)
    here = load_inputs([book], isolated=False)
    for role, table in here.tables.items():
        assert apart.tables[role].equals(table)
    assert [i.code for i in apart.issues] == [i.code for i in here.issues]
    assert apart.rows_read == here.rows_read == 30
