"""The engine's per-store, per-month parts are kept beside the parsed inputs:
a rebuild from the same inputs and settings takes them instead of summing
the lines again, and gives the same results; anything that could change
them (content, settings, the engine's code) works them out again."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import SAMPLES
from kpipack.domain import Settings
from kpipack.ingest import cache, load_inputs
from kpipack.kpis import engine
from kpipack.pipeline import build_pack


@pytest.fixture()
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("KPIPACK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def kept(root):
    """The engine's kept figures (the importer keeps the repeats it found beside them)."""
    return [p for p in cache.parsed_dir(root).glob("_derived/*/*/value.pickle")
            if not p.parent.name.endswith("-repeats")]


def no_parts(*args, **kwargs):
    pytest.fail("the parts were summed again")


def test_a_rebuild_takes_the_kept_parts_and_gives_the_same_results(root, tmp_path, monkeypatch):
    first = build_pack([SAMPLES], Settings(lang="en"), json_out=tmp_path / "first.json")
    assert len(kept(root)) == 1
    assert first.computation.shrink is not None and first.computation.closing is not None
    monkeypatch.setattr(engine, "_parts", no_parts)
    again = build_pack([SAMPLES], Settings(lang="ja"), out=tmp_path / "pack.xlsx", json_out=tmp_path / "again.json")
    for name in ("parts", "actual", "budget", "ytd", "ytd_budget", "closing", "counts", "shrink"):
        pd.testing.assert_frame_equal(getattr(first.computation, name), getattr(again.computation, name))
    results = [json.loads((tmp_path / f"{n}.json").read_text(encoding="utf-8")) for n in ("first", "again")]
    for part in ("kpis", "abc", "data_quality", "stores"):
        assert results[0][part] == results[1][part]


@pytest.mark.parametrize("change", [{"area_unit": "tsubo"}, {"period": "2025-12"}])
def test_other_settings_work_the_parts_out_again(root, change):
    data = load_inputs([SAMPLES])
    engine.compute(data, Settings(lang="en"))
    changed = engine.compute(data, Settings(lang="en", **change))
    assert len(kept(root)) == 2
    plain = engine.compute(load_inputs([SAMPLES], use_cache=False), Settings(lang="en", **change))
    pd.testing.assert_frame_equal(changed.actual, plain.actual)


def test_new_engine_code_works_the_parts_out_again(root, monkeypatch):
    data = load_inputs([SAMPLES])
    engine.compute(data, Settings(lang="en"))
    monkeypatch.setattr(engine, "_ENGINE", "another engine")
    engine.compute(data, Settings(lang="en"))
    assert len(kept(root)) == 2


def test_nothing_is_kept_without_the_cache_and_a_damaged_value_is_worked_out_again(root, monkeypatch):
    engine.compute(load_inputs([SAMPLES], use_cache=False), Settings(lang="en"))
    assert kept(root) == []
    data = load_inputs([SAMPLES])
    first = engine.compute(data, Settings(lang="en"))
    kept(root)[0].write_bytes(b"not a pickle")
    again = engine.compute(data, Settings(lang="en"))
    pd.testing.assert_frame_equal(first.actual, again.actual)


def test_a_rebuild_takes_the_pack_views_the_build_before_kept(root, tmp_path, monkeypatch):
    first = build_pack([SAMPLES], Settings(lang="en"), out=tmp_path / "first.xlsx")
    assert len(kept(root)) == 2, "the parts and the pack's views"
    from kpipack.kpis import views

    def summed_again(*args, **kwargs):
        pytest.fail("the lines were summed per SKU again")
    monkeypatch.setattr(views, "abc_table", summed_again)  # the chain's ABC table is one of the views kept
    again = build_pack([SAMPLES], Settings(lang="en"), out=tmp_path / "again.xlsx")
    assert again.computation.derived[2], "the views came from the cache"
    for name in ("stockouts", "inventory_by_category", "dead_stock", "sku_products", "chain_abc"):
        before, after = (b.computation.views[(name, ())].result() for b in (first, again))
        assert before is not None and len(before)
        (pd.testing.assert_series_equal if isinstance(before, pd.Series) else pd.testing.assert_frame_equal)(before, after)
    assert len(kept(root)) == 2
