"""Every mix of the sample tables, each present or absent, builds a pack and a
JSON, or stops with a clear message: never a traceback, never an internal
error.

The samples hold fifteen input tables (fourteen workbooks; the finance
workbook holds two), so 32,768 mixes. The samples are read once; each build is
the real build from those tables (`pipeline.build_from`, the function the CLI
and the app call once the files are read) and, where said, the real pack
writer. How the mixes are met (docs/robustness.md says the same):
- every mix without sales (8,192 of them) is built, in English or Japanese in
  turn, and must stop with the error the CLI turns into exit status 2, whose
  message names every file and sheet given and says that sales lines are
  missing, in that language;
- a build with sales takes the engine 2-8 s on this machine, so the 24,576
  mixes with sales cannot all be computed in a test run (about a day). Built
  instead, each checked for its results JSON (strict JSON, every field of
  the contract, rows and net sales read tied to the tables given and to an
  independent sum of the sales files):
  * every mix that leaves out exactly one table, and all fifteen;
  * each sales file alone, and both with exactly one other table;
  * three more drawn with a fixed seed;
  * a covering array in which every presence and absence of any three
    tables occurs: these write the board pack too, read back (its control
    totals tie); one for any two tables writes the store and stock-take packs;
- and the real `kpipack build` command runs for three mixes (sales and the
  store master in Japanese; no sales in English; everything).
"""
import itertools
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile

import numpy as np
import openpyxl
import pytest

from conftest import SAMPLES
from kpipack.domain import Settings
from kpipack.errors import KpipackError
from kpipack.ingest import dataset_of, load_inputs
from kpipack.pipeline import build_from

TABLES = 15  # the sheets of resources/samples that are input tables
KPI_FIELDS = {"id", "scope", "actual", "budget", "variance", "variance_pct", "prev_month", "mom_pct", "prev_year",
              "yoy_pct", "ytd", "ytd_budget", "status"}


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


def _sales_column_sum(path) -> float:
    """The 売上金額 column of a sample POS workbook, summed with openpyxl
    (an independent reader): what 'net sales read' must be for that file."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        for cells in rows:
            names = [str(c or "") for c in cells]
            if any(n.startswith("売上金額") for n in names):
                at = next(i for i, n in enumerate(names) if n.startswith("売上金額"))
                return float(sum(c[at] for c in rows if len(c) > at and isinstance(c[at], (int, float))))
    finally:
        book.close()
    raise AssertionError(f"no 売上金額 column in {path.name}")


@pytest.fixture(scope="module")
def read_once():
    dataset = load_inputs([SAMPLES])
    assert len(dataset.sheets) == TABLES and not dataset.issues
    return dataset


@pytest.fixture(scope="module")
def sales_by_file(read_once):
    return {s.file: _sales_column_sum(SAMPLES / s.file) for s in read_once.sheets if s.role == "sales"}


def _mix(dataset, chosen):
    sheets = [s for s, keep in zip(dataset.sheets, chosen) if keep]
    files = {s.file for s in sheets}
    return dataset_of(sheets, [], [i for i in dataset.inputs if i.path.name in files]), sheets


def _has_sales(dataset, chosen) -> bool:
    return any(keep and s.role == "sales" for s, keep in zip(dataset.sheets, chosen))


def check_results(results: dict, sheets, sales_by_file, what) -> None:
    """The results JSON of a build from `sheets`: the contract's fields, and
    its control totals tied to the tables given."""
    assert results["schema"] == "kpipack.results/1", what
    dq = results["data_quality"]
    assert dq["rows_read"] == sum(s.rows_read for s in sheets), what  # every table given was counted
    assert dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"], what
    expected = sum(sales_by_file[s.file] for s in sheets if s.role == "sales")
    assert dq["net_sales_read"] == pytest.approx(expected, abs=0.5), what
    assert dq["net_sales_read"] == pytest.approx(dq["net_sales_used"] + dq["net_sales_rejected"], abs=0.5), what
    for issue in dq["issues"]:
        assert set(issue) >= {"file", "sheet", "row", "problem"}, what
    assert results["kpis"], what
    for row in results["kpis"]:
        assert set(row) == KPI_FIELDS, what
        assert row["status"] in {"green", "amber", "red", "none"}, what
        for key in KPI_FIELDS - {"id", "scope", "status"}:
            assert row[key] is None or (isinstance(row[key], float) and math.isfinite(row[key])), (what, row)


def _strict_json(path) -> dict:
    def refuse(constant):
        raise AssertionError(f"non-standard JSON constant {constant} in {path.name}")

    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


def _pack_totals(path, lang: str) -> dict[str, float]:
    """The control totals as the pack's data-quality sheet shows them."""
    labels = {"ja": {"読込行数": "rows_read", "読込売上": "net_sales_read", "使用売上": "net_sales_used",
                     "除外売上": "net_sales_rejected"},
              "en": {"Rows read": "rows_read", "Net sales read": "net_sales_read", "Net sales used": "net_sales_used",
                     "Net sales rejected": "net_sales_rejected"}}[lang]
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        found = {}
        for ws in book.worksheets:
            for cells in ws.iter_rows(max_col=2, values_only=True):
                if cells and cells[0] in labels and isinstance(cells[1], (int, float)):
                    found.setdefault(labels[cells[0]], float(cells[1]))
        return found
    finally:
        book.close()


def _check_build(dataset, chosen, tmp_path, sales_by_file, pack: str | None, lang: str,
                 store: str | None = None) -> None:
    mix, sheets = _mix(dataset, chosen)
    what = [f"{s.file}[{s.sheet}]" for s in sheets]
    out = tmp_path / f"{pack}.xlsx" if pack else None
    js = tmp_path / f"{pack}.json"
    try:
        build_from(mix, Settings(lang=lang, pack=pack or "board", store=store), out=out, json_out=js)
    except KpipackError as exc:
        pytest.fail(f"{what}: stopped with '{exc.message(lang)}' although sales are there")
    results = _strict_json(js)
    check_results(results, sheets, sales_by_file, what)
    js.unlink()
    if out is None:
        return
    with zipfile.ZipFile(out) as z:
        book = z.read("xl/workbook.xml").decode()
        assert z.testzip() is None
    names = re.findall(r'<sheet [^>]*name="([^"]+)"', book)
    assert names and names[0] == ("表紙" if lang == "ja" else "Cover"), what
    if pack == "board":
        shown = _pack_totals(out, lang)
        dq = results["data_quality"]
        assert shown["rows_read"] == dq["rows_read"], what
        for key in ("net_sales_read", "net_sales_used", "net_sales_rejected"):
            assert shown[key] == pytest.approx(dq[key], abs=0.5), (what, key)
    out.unlink()


def test_every_mix_without_sales_says_so(read_once, tmp_path):
    others = [i for i, s in enumerate(read_once.sheets) if s.role != "sales"]
    assert len(others) == TABLES - 2
    for n, present in enumerate(itertools.product((0, 1), repeat=len(others))):
        chosen = [0] * TABLES
        for i, keep in zip(others, present):
            chosen[i] = keep
        lang = "ja" if n % 2 else "en"
        mix, sheets = _mix(read_once, chosen)
        with pytest.raises(KpipackError) as caught:
            build_from(mix, Settings(lang=lang), out=tmp_path / "p.xlsx", json_out=tmp_path / "r.json")
        assert not isinstance(caught.value, (AssertionError,)) and caught.value.code.startswith("no_sales")
        message = caught.value.message(lang)  # what the CLI prints, exiting with 2
        assert ("売上明細が見つかりません" if lang == "ja" else "no sales lines were found") in message, message
        for s in sheets:  # every sheet given, by file and name
            assert s.file in message and s.sheet in message, (s.file, s.sheet, message)
        if lang == "ja":
            assert "sheet" not in message and "read as" not in message, message
        assert not (tmp_path / "p.xlsx").exists() and not (tmp_path / "r.json").exists()


def _with_sales_mixes(dataset) -> list[list[int]]:
    """The mixes with sales whose results JSON is computed (see the module's note)."""
    sales = [i for i, s in enumerate(dataset.sheets) if s.role == "sales"]
    mixes = [[1] * TABLES]
    for left_out in range(TABLES):  # every mix leaving out exactly one table
        mixes.append([int(i != left_out) for i in range(TABLES)])
    for i in sales:  # each sales file alone
        mixes.append([int(j == i) for j in range(TABLES)])
    for other in range(TABLES):  # both sales files with exactly one other table
        if other not in sales:
            mixes.append([int(j in sales or j == other) for j in range(TABLES)])
    rng = random.Random(16)
    while len(mixes) < 34:
        chosen = [rng.randint(0, 1) for _ in range(TABLES)]
        if any(chosen[i] for i in sales) and chosen not in mixes:
            mixes.append(chosen)
    return mixes


def test_the_chosen_mixes_are_those_said():
    class Sheet:
        def __init__(self, role):
            self.role = role

    dataset = type("D", (), {"sheets": [Sheet("sales" if i in (6, 7) else "x") for i in range(TABLES)]})
    mixes = _with_sales_mixes(dataset)
    assert len({tuple(m) for m in mixes}) == len(mixes) == 34
    assert all(m[6] or m[7] for m in mixes)
    for left_out in range(TABLES):
        assert [int(i != left_out) for i in range(TABLES)] in mixes
    assert [0] * 6 + [1, 0] + [0] * 7 in mixes and [0] * 6 + [0, 1] + [0] * 7 in mixes
    assert sum(sum(m) == 3 and m[6] and m[7] for m in mixes) >= TABLES - 2


def test_mixes_with_sales_give_a_results_json(read_once, sales_by_file, tmp_path):
    for n, chosen in enumerate(_with_sales_mixes(read_once)):
        _check_build(read_once, chosen, tmp_path, sales_by_file, None, "ja" if n % 2 else "en")


def test_every_three_tables_in_every_combination_build_the_board_pack(read_once, sales_by_file, tmp_path):
    built = 0
    for n, chosen in enumerate(covering_rows(TABLES, 3)):
        if _has_sales(read_once, chosen):
            _check_build(read_once, chosen, tmp_path, sales_by_file, "board", "ja" if n % 2 else "en")
            built += 1
    assert built > 15


@pytest.mark.parametrize("pack", ["store", "stocktake"])
def test_every_two_tables_in_every_combination_build_the_other_packs(read_once, sales_by_file, tmp_path, pack):
    for n, chosen in enumerate(covering_rows(TABLES, 2)):
        if _has_sales(read_once, chosen):
            _check_build(read_once, chosen, tmp_path, sales_by_file, pack, "ja" if n % 2 else "en",
                         store="S01" if pack == "store" else None)


def _cli(tmp_path, files: list[str], lang: str):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in files:
        shutil.copy(SAMPLES / name, folder / name)
    env = dict(os.environ, KPIPACK_CACHE_DIR=str(tmp_path / "cache"))
    return subprocess.run([sys.executable, "-m", "kpipack", "build", str(folder), "--lang", lang, "--quiet",
                           "--out", str(tmp_path / "p.xlsx"), "--json", str(tmp_path / "r.json")],
                          capture_output=True, text=True, env=env, timeout=600)


def test_the_command_builds_sales_and_a_store_master_in_japanese(tmp_path, sales_by_file):
    done = _cli(tmp_path, ["pos_sales_FY2026.xlsx", "store_master.xlsx"], "ja")
    assert done.returncode == 0, done.stderr
    results = _strict_json(tmp_path / "r.json")
    assert results["data_quality"]["net_sales_read"] == pytest.approx(sales_by_file["pos_sales_FY2026.xlsx"],
                                                                      abs=0.5)
    assert {s["name"] for s in results["stores"]} == {"渋谷店", "横浜店", "大宮店"}
    assert _pack_totals(tmp_path / "p.xlsx", "ja")["net_sales_read"] == pytest.approx(
        results["data_quality"]["net_sales_read"], abs=0.5)


def test_the_command_without_sales_names_each_file_and_exits_2(tmp_path):
    done = _cli(tmp_path, ["store_master.xlsx", "traffic_labor.xlsx", "budget.xlsx"], "en")
    assert done.returncode == 2, done.stderr
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("kpipack: no sales lines were found"), done.stderr
    for name in ("store_master.xlsx", "traffic_labor.xlsx", "budget.xlsx"):
        assert name in line
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "p.xlsx").exists() and not (tmp_path / "r.json").exists()


def test_the_command_builds_every_table(tmp_path, sales_by_file):
    names = sorted(p.name for p in SAMPLES.glob("*.xlsx"))
    done = _cli(tmp_path, names, "en")
    assert done.returncode == 0, done.stderr
    results = _strict_json(tmp_path / "r.json")
    assert results["data_quality"]["net_sales_read"] == pytest.approx(sum(sales_by_file.values()), abs=0.5)
