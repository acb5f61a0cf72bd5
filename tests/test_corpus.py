"""Every file of the shared corpus of odd, broken and hostile spreadsheets
(other projects' test files) either imports or ends in one line naming the
file and the problem, within 10 s and 4 GB of address space, without a
traceback, a hang or a crash of the test process.

The files are parsed as a build parses them (`isolate.parse`, the importer in
confined child processes), two at a time."""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import shared_path
from kpipack.ingest import isolate
from kpipack.messages import MESSAGES

NOT_SPREADSHEETS = {"README.md", "MANIFEST.txt", "LICENSE", "NOTICE", "LICENSE-MIT.md"}
# fuzzer files on which the spreadsheet library itself stops (a Rust panic or an abort of its process);
# the build tells the user so in one line, but any other crash of a reader fails here
KNOWN_READER_CRASHES = {
    "spreadsheet__Simple.xlsb",
    "spreadsheet__clusterfuzz-testcase-minimized-POIHSSFFuzzer-5816431116615680.xls",
    "spreadsheet__clusterfuzz-testcase-minimized-POIHSSFFuzzer-6537773940867072.xls",
    "ptgexp-truncated-operand.xls",
}
LIMITS = isolate.Limits(seconds=10.0, memory_mb=4096)


@pytest.fixture(scope="module")
def survey():
    root = shared_path("corpus")
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name not in NOT_SPREADSHEETS)
    jobs = [isolate.Job(n, str(p), p.name, p.stat().st_size, "", {}, None, None, LIMITS) for n, p in enumerate(files)]
    started = time.monotonic()
    outcomes = isolate.parse(jobs, parallel=2, stop_on_error=False)
    return {p: outcomes[n] for n, p in enumerate(files)}, time.monotonic() - started


def test_every_file_imports_or_gets_one_line_naming_it(survey):
    outcomes, _ = survey
    assert len(outcomes) > 900
    for path, outcome in outcomes.items():
        if outcome.error is None:
            for sheet in outcome.tables:
                assert sheet.rows_read == sheet.rows_used + len(sheet.issues), (path.name, sheet.sheet)
            continue
        assert outcome.error.code in MESSAGES, (path.name, outcome.error.code)
        for lang in ("en", "ja"):
            text = outcome.error.message(lang)
            if outcome.error.code == "column_in_doubt":  # one line, then the --map lines that settle it
                text, toml = text.split("\n", 1)
                assert toml.startswith("[") and " = " in toml, toml
            assert path.name in text and "\n" not in text and "Traceback" not in text and "{" not in text, text


def test_no_reader_crashes_and_no_fault_of_the_program(survey):
    """A crash is not a pass: the child reading a file must end with a message
    about the file, not die, and no exception of kpipack's own code may turn
    into "cannot be read"."""
    outcomes, _ = survey
    crashed = {p.name for p, o in outcomes.items() if o.error is not None and o.error.code == "parse_crashed"}
    assert crashed <= KNOWN_READER_CRASHES, crashed - KNOWN_READER_CRASHES
    faults = {p.name: o.error.params["exception"] for p, o in outcomes.items()
              if o.error is not None and "exception" in o.error.params}
    assert faults == {}


def test_every_file_is_done_within_ten_seconds(survey):
    outcomes, _ = survey
    slow = {p.name: round(o.seconds, 1) for p, o in outcomes.items() if o.seconds > LIMITS.seconds + 1.0}
    assert slow == {}


def test_known_hostile_and_protected_files_are_refused_by_name(survey):
    outcomes, _ = survey
    code = {p.name: (o.error.code if o.error else "ok") for p, o in outcomes.items()}
    assert code["spreadsheet__poc-xmlbomb.xlsx"] == "dtd_refused"
    assert code["spreadsheet__54764.xlsx"] == "dtd_refused"  # external entities
    assert code["issue_594_dos.ods"] == "sheet_too_large"
    assert code["pass_protected.xlsx"] == code["pass_protected.xlsb"] == "password_protected"
    assert code["pass_protected.ods"] == "password_protected_ods"
    assert code["spreadsheet__testEXCEL_4.xls"] == "old_excel"


def test_most_of_the_corpus_imports_and_the_run_is_quick(survey):
    outcomes, elapsed = survey
    kinds = Counter("ok" if o.error is None else o.error.code for o in outcomes.values())
    assert kinds["ok"] > 0.75 * len(outcomes), kinds
    assert elapsed < 180


def test_no_reader_process_is_left_behind(survey):
    import multiprocessing

    assert not [p for p in multiprocessing.active_children() if p.name == "kpipack-reader"]


def summary(outcomes: dict[Path, isolate.Outcome]) -> Counter:
    """(extension, outcome) counts, as docs/input-files.md records them."""
    return Counter((p.suffix.lower(), "imported" if o.error is None else o.error.code) for p, o in outcomes.items())


def test_the_sales_not_read_note_is_kept_for_sheets_that_may_well_be_sales(survey):
    """Job lists, claim lags, rate tables, product lists: none is noted as
    "looks like sales, not read" or stops a build over a column in doubt.
    Left: a headerless list of people whose 4-digit ids could be amounts, and
    a sheet whose year column repeats like receipt numbers was one before."""
    outcomes, _ = survey
    noted = {(p.name, n.sheet) for p, o in outcomes.items() for n in o.notes if n.code == "sheet_sales_in_doubt"}
    stopped = {p.name for p, o in outcomes.items() if o.error is not None and o.error.code == "column_in_doubt"}
    assert stopped == set()
    assert noted <= {("issue444.xls", "Sheet1")}, noted
