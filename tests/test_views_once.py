"""The pack's views are computed once per computation, whichever thread asks
first (`views.prefetch` starts them beside the build), and give what a plain
call gives."""
import threading
import time
from types import SimpleNamespace

import pandas as pd
import pytest

from kpipack.kpis import views


def test_a_view_runs_once_for_every_caller_and_its_error_reaches_them_all():
    calls = []

    @views.once
    def slow(comp, n):
        calls.append(n)
        time.sleep(0.2)
        if n < 0:
            raise ValueError("no")
        return [n]

    comp = SimpleNamespace(views={})
    got = []
    threads = [threading.Thread(target=lambda: got.append(slow(comp, 1))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1] and len(got) == 4 and all(g is got[0] for g in got)
    assert slow(comp, 2) == [2] and calls == [1, 2]
    for _ in range(2):
        with pytest.raises(ValueError):
            slow(comp, -1)
    assert calls == [1, 2, -1]


def test_prefetched_views_equal_plain_ones(sample_build):
    comp = sample_build.computation
    comp.views.clear()
    views.prefetch(comp)
    for view in (views.dead_stock, views.stockouts, views.inventory_by_category):
        memo = view(comp)
        plain = view.__wrapped__(comp)
        assert memo is not None
        pd.testing.assert_frame_equal(memo, plain)
        assert view(comp) is memo
