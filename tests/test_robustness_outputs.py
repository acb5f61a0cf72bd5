"""The pack and the results JSON: text from the inputs stays text, a failed
write harms nothing, the inputs are never touched, and every rejected row is
listed with its file, sheet, row and reason."""
from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest

from hostile_files import sales_rows, write_xlsx
from kpipack.domain import Settings
from kpipack.errors import KpipackError
from kpipack.pipeline import build_pack

FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3"]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("inputs")
    rows = sales_rows(12)
    for i, text in enumerate(FORMULAS):
        rows[i][4] = text  # product names
        rows[i][3] = f"SKU-F{i}"
    rows[5][6] = '=HYPERLINK("http://x","y")'  # an amount that is not a number: rejected, shown as written
    return [write_xlsx(folder / "sales.xlsx", rows)]


@pytest.fixture(scope="module")
def built(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in inputs}
    result = build_pack(inputs, Settings(period="2026-10", lang="en"), out=out / "pack.xlsx",
                        json_out=out / "results.json")
    after = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in inputs}
    return result, out, before, after


def test_text_from_the_inputs_is_written_as_text(built):
    import openpyxl

    _, out, _, _ = built
    book = openpyxl.load_workbook(out / "pack.xlsx")
    found = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert "HYPERLINK" not in str(cell.value) and "cmd|" not in str(cell.value), cell.coordinate
                if isinstance(cell.value, str) and any(f in cell.value for f in FORMULAS):
                    found.setdefault(cell.value, set()).add(cell.data_type)
    assert set(FORMULAS) <= set(found), sorted(found)
    assert all(types == {"s"} for types in found.values()), found


def test_inputs_are_opened_read_only(built):
    _, _, before, after = built
    assert before == after


def test_every_rejected_row_is_listed_in_the_json_and_the_pack(built):
    import openpyxl

    result, out, _, _ = built
    dq = json.loads((out / "results.json").read_text(encoding="utf-8"))["data_quality"]
    assert dq["rows_read"] == 12 == dq["rows_used"] + dq["rows_rejected"]
    assert dq["net_sales_read"] == pytest.approx(dq["net_sales_used"] + dq["net_sales_rejected"])
    assert dq["issues"] == [{"file": "sales.xlsx", "sheet": "sales", "row": 7,
                             "problem": 'Net sales \'=HYPERLINK("http://x","y")\' is not a number'}]
    book = openpyxl.load_workbook(out / "pack.xlsx")
    listed = [(c.value for c in row) for ws in book.worksheets for row in ws.iter_rows()]
    assert any(tuple(v)[:3] == ("sales.xlsx", "sales", 7) for v in listed)


def _fail_midway(path, *args, **kwargs):
    Path(path).write_bytes(b"PK\x03\x04 half a workbook")
    raise RuntimeError("the writer broke")


def test_a_failure_while_writing_leaves_the_old_pack_alone(inputs, tmp_path, monkeypatch):
    import kpipack.report.pack as pack

    target = tmp_path / "pack.xlsx"
    target.write_bytes(b"last month's pack")
    monkeypatch.setattr(pack, "write_pack", _fail_midway)
    with pytest.raises(RuntimeError):
        build_pack(inputs, Settings(period="2026-10"), out=target)
    assert target.read_bytes() == b"last month's pack"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.xlsx"]


def test_a_full_disk_is_one_message(inputs, tmp_path, monkeypatch):
    import kpipack.report.pack as pack

    def full(path, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pack, "write_pack", full)
    with pytest.raises(KpipackError) as info:
        build_pack(inputs, Settings(period="2026-10"), out=tmp_path / "pack.xlsx")
    assert info.value.code == "output_failed" and "pack.xlsx" in info.value.message()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_the_pack_gets_the_permissions_of_any_new_file(inputs, tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        build_pack(inputs, Settings(period="2026-10"), json_out=tmp_path / "results.json")
    finally:
        os.umask(old)
    assert (tmp_path / "results.json").stat().st_mode & 0o777 == mode


def test_targets_that_cannot_be_written(inputs, tmp_path):
    def refused(out: Path) -> KpipackError:
        with pytest.raises(KpipackError) as info:
            build_pack(inputs, Settings(period="2026-10"), out=out)
        return info.value

    assert refused(inputs[0]).code == "output_is_input"
    assert refused(tmp_path).code == "output_is_folder"
    assert refused(tmp_path / "missing" / "pack.xlsx").code == "output_dir_missing"
    for lock in ("~$pack.xlsx", ".~lock.pack.xlsx#"):
        (tmp_path / lock).write_text("someone")
        error = refused(tmp_path / "pack.xlsx")
        assert error.code == "output_locked" and "pack (1).xlsx" in error.message()
        (tmp_path / lock).unlink()


@pytest.mark.parametrize("where", ["under a file", "/proc"])
def test_an_unwritable_folder_is_named_before_any_work(inputs, tmp_path, where, monkeypatch):
    """Folders nobody may write in, root included (file modes do not stop root)."""
    if where == "/proc":
        if not Path("/proc/self").exists():
            pytest.skip("no /proc on this system")
        out, code = Path("/proc/pack.xlsx"), "output_folder_unwritable"
    else:
        (tmp_path / "notes.txt").write_text("a file, not a folder")
        out, code = tmp_path / "notes.txt" / "pack.xlsx", "output_dir_missing"
    import kpipack.pipeline

    monkeypatch.setattr(kpipack.pipeline, "load_inputs", lambda *a, **k: pytest.fail("read before refusing"))
    with pytest.raises(KpipackError) as info:
        build_pack(inputs, Settings(period="2026-10"), out=out)
    assert info.value.code == code
    assert "Traceback" not in info.value.message("ja") and info.value.message("ja") != info.value.message("en")
