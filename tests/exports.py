"""Helpers for the tests of exports read with no mapping file: one sheet
written and read back, and a build run as a store owner runs it."""
from __future__ import annotations

import json
import subprocess
import sys

from kpipack.ingest import Mapping, read_file


def read_sheet(tmp_path, name, text, encoding="utf-8"):
    """The one sheet of a file written with `text`; every row it read is used or reported."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    tables, notes = read_file(path, Mapping())
    assert len(tables) == 1, notes
    sheet = tables[0]
    assert sheet.rows_read == sheet.rows_used + len(sheet.issues)
    return sheet


def build_results(path, tmp_path, lang="ja") -> dict:
    """`kpipack build FILE` in its own process: exit 0, and the results JSON."""
    out = tmp_path / "r.json"
    proc = subprocess.run([sys.executable, "-m", "kpipack", "build", str(path), "--lang", lang,
                           "--out", str(tmp_path / "pack.xlsx"), "--json", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text(encoding="utf-8"))
