"""The command line's progress display: shown on a terminal, silent in a pipe
and with --quiet. A real pseudo-terminal is the build's stderr."""
from __future__ import annotations

import datetime as dt
import os
import pty
import subprocess
import sys

from workbooks import write_book


def build(tmp_path, *extra, terminal: bool):
    path = write_book(tmp_path / "s.xlsx", {"s": [["date", "store", "sales"], [dt.datetime(2026, 10, 31), "A", 5],
                                                  [dt.datetime(2026, 10, 30), "B", 7]]})
    args = [sys.executable, "-m", "kpipack", "build", str(path), "--json", str(tmp_path / "r.json"), "--no-cache",
            "--lang", "en", "--currency", "JPY", *extra]  # the currency set: nothing to warn of on stderr
    env = dict(os.environ, COLUMNS="120", TERM="xterm")
    if not terminal:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env)
        return proc.returncode, proc.stdout, proc.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the build closed its end
            break
        if not chunk:
            break
        seen += chunk
    out = proc.stdout.read().decode()
    os.close(leader)
    return proc.wait(timeout=120), out, seen.decode("utf-8", "replace")


def test_a_terminal_sees_the_stages_and_the_rows_read(tmp_path):
    code, out, err = build(tmp_path, terminal=True)
    assert code == 0, err
    assert out.strip() == str(tmp_path / "r.json")  # stdout keeps only the results' path
    assert "Reading" in err and "Computing KPIs" in err
    assert "2 rows read" in err
    assert "0:00:0" in err  # elapsed time


def test_quiet_and_pipes_show_no_progress(tmp_path):
    code, out, err = build(tmp_path, "--quiet", terminal=True)
    assert code == 0 and "Reading" not in err and "Computing" not in err
    code, out, err = build(tmp_path, terminal=False)
    assert code == 0 and err == ""
