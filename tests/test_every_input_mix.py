"""Every mix of the sample tables, each present or absent, builds a pack and a
JSON, or stops with a clear message: never a traceback, never an internal
error.

The samples hold fifteen tables; building all 32,768 mixes would take half a
day, so the mixes are met this way, in a few minutes:
- every mix without sales (8,192 of them) is built and must stop with the
  message that names what is missing;
- of the mixes with sales, a set of builds in which every combination of
  presence and absence of any three tables occurs (a covering array, checked
  below) writes the board pack; one where any two tables meet writes the
  store and the stock-take packs.
The samples are read once; each build is the real build from those tables
(`pipeline.build_from`) and the real pack writer.
"""
import itertools
import json
import re
import zipfile

import numpy as np
import pytest

from conftest import SAMPLES
from kpipack.domain import Settings
from kpipack.errors import KpipackError
from kpipack.ingest import dataset_of, load_inputs
from kpipack.pipeline import build_from

TABLES = 15  # the sheets of resources/samples that are input tables


def covering_rows(k: int, t: int, seed: int = 0, candidates: int = 200) -> np.ndarray:
    """Rows of 0/1 over k tables in which every t tables take every one of
    their 2**t patterns at least once (greedy, deterministic)."""
    rng = np.random.default_rng(seed)
    combos = np.array(list(itertools.combinations(range(k), t)))
    weights = 1 << np.arange(t)
    need = np.ones((len(combos), 2 ** t), dtype=bool)
    every = np.arange(len(combos))
    rows = []
    while need.any():
        cand = rng.integers(0, 2, size=(candidates, k))
        c, p = np.argwhere(need)[0]  # each candidate meets the first pattern still missing
        cand[:, combos[c]] = (p >> np.arange(t)) & 1
        gain = need[every, (cand[:, combos] * weights).sum(axis=2)].sum(axis=1)
        best = cand[gain.argmax()]
        rows.append(best)
        need[every, (best[combos] * weights).sum(axis=1)] = False
    return np.array(rows)


def test_the_covering_rows_meet_every_pattern():
    rows = covering_rows(15, 3)
    for combo in itertools.combinations(range(15), 3):
        seen = {tuple(r[list(combo)]) for r in rows}
        assert len(seen) == 8, combo
    assert len(rows) < 30


@pytest.fixture(scope="module")
def read_once():
    dataset = load_inputs([SAMPLES])
    assert len(dataset.sheets) == TABLES and not dataset.issues
    return dataset


def _mix(dataset, chosen):
    sheets = [s for s, keep in zip(dataset.sheets, chosen) if keep]
    files = {s.file for s in sheets}
    return dataset_of(sheets, [], [i for i in dataset.inputs if i.path.name in files]), sheets


def _has_sales(dataset, chosen) -> bool:
    return any(keep and s.role == "sales" for s, keep in zip(dataset.sheets, chosen))


def _check_build(dataset, chosen, tmp_path, pack: str, lang: str, store: str | None = None) -> None:
    mix, sheets = _mix(dataset, chosen)
    what = [f"{s.file}[{s.sheet}]" for s in sheets]
    out, js = tmp_path / f"{pack}.xlsx", tmp_path / f"{pack}.json"
    try:
        build_from(mix, Settings(lang=lang, pack=pack, store=store), out=out, json_out=js)
    except KpipackError as exc:
        pytest.fail(f"{what}: stopped with '{exc.message(lang)}' although sales are there")
    results = json.loads(js.read_text(encoding="utf-8"))
    dq = results["data_quality"]
    assert dq["rows_read"] == sum(s.rows_read for s in sheets), what  # every table given was counted
    assert dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"], what
    with zipfile.ZipFile(out) as z:
        book = z.read("xl/workbook.xml").decode()
        assert z.testzip() is None
    names = re.findall(r'<sheet [^>]*name="([^"]+)"', book)
    assert names and names[0] == ("表紙" if lang == "ja" else "Cover"), what
    out.unlink()
    js.unlink()


def test_every_mix_without_sales_says_so(read_once, tmp_path):
    others = [i for i, s in enumerate(read_once.sheets) if s.role != "sales"]
    assert len(others) == TABLES - 2
    for n, present in enumerate(itertools.product((0, 1), repeat=len(others))):
        chosen = [0] * TABLES
        for i, keep in zip(others, present):
            chosen[i] = keep
        lang = "ja" if n % 2 else "en"
        mix, _ = _mix(read_once, chosen)
        with pytest.raises(KpipackError) as caught:
            build_from(mix, Settings(lang=lang), out=tmp_path / "p.xlsx", json_out=tmp_path / "r.json")
        message = caught.value.message(lang)
        assert caught.value.code.startswith("no_sales"), message
        assert ("売上明細" if lang == "ja" else "sales lines") in message
        assert not (tmp_path / "p.xlsx").exists() and not (tmp_path / "r.json").exists()


def test_every_three_tables_in_every_combination_build_the_board_pack(read_once, tmp_path):
    built = 0
    for n, chosen in enumerate(covering_rows(TABLES, 3)):
        if _has_sales(read_once, chosen):
            _check_build(read_once, chosen, tmp_path, "board", "ja" if n % 2 else "en")
            built += 1
    assert built > 15


@pytest.mark.parametrize("pack", ["store", "stocktake"])
def test_every_two_tables_in_every_combination_build_the_other_packs(read_once, tmp_path, pack):
    for n, chosen in enumerate(covering_rows(TABLES, 2)):
        if _has_sales(read_once, chosen):
            _check_build(read_once, chosen, tmp_path, pack, "ja" if n % 2 else "en",
                         store="S01" if pack == "store" else None)
