"""The engine reports its progress while it computes, so the app's bar keeps moving."""
from __future__ import annotations

import dataclasses

from kpipack.domain import Settings
from kpipack.kpis.engine import compute


def test_compute_reports_rising_fractions(sample_build):
    seen: list[float] = []
    fresh = dataclasses.replace(sample_build.dataset, cache_key=None)  # the parts summed, not taken as kept
    comp = compute(fresh, Settings(lang="en"), progress=seen.append)
    assert len(seen) >= 3
    assert seen == sorted(seen) and 0.0 < seen[0] and seen[-1] <= 1.0
    assert comp.actual.equals(sample_build.computation.actual)  # reporting changes nothing
