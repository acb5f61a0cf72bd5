"""Progress names every stage and every pack sheet; cancelling while writing leaves nothing behind."""
import pytest

from conftest import SAMPLES
from kpipack.domain import Settings
from kpipack.pipeline import Cancelled, build_pack


def test_progress_reports_stages_and_sheets(tmp_path):
    seen = []
    build_pack([SAMPLES], Settings(), out=tmp_path / "p.xlsx", progress=lambda s, f, d: seen.append((s, f, d)))
    stages = [s for s, _, _ in seen]
    assert stages[0] == "reading" and stages[-1] == "done"
    assert {"reading", "computing", "writing"} <= set(stages)
    fractions = [f for _, f, _ in seen]
    assert fractions == sorted(fractions)
    sheets = {d for s, _, d in seen if s == "writing" and d}
    assert len(sheets) >= 8


def test_cancel_while_writing_leaves_no_file(tmp_path):
    target = tmp_path / "p.xlsx"
    state = {"writing": 0}

    def progress(stage, fraction, detail):
        if stage == "writing":
            state["writing"] += 1

    with pytest.raises(Cancelled):
        build_pack([SAMPLES], Settings(), out=target, progress=progress, cancel=lambda: state["writing"] >= 3)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []
