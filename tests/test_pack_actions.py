"""Improvement actions: a block per KPI to watch or off track with the
catalogue's actions, and `--previous` carrying over the owners, dates,
progress and notes of the actions still open last month."""
from __future__ import annotations

import copy
import warnings
import datetime as dt

import openpyxl
import pytest

from packtools import rewrite, sample_pack

from kpipack.errors import KpipackError
from kpipack.kpis.catalogue import actions_for
from kpipack.report.labels import label
from kpipack.report.previous import KEY_HEADER, canonical_progress, read_previous


def with_status(rows: list[dict], changes: dict[tuple[str, str], str]) -> list[dict]:
    rows = copy.deepcopy(rows)
    for r in rows:
        if (r["id"], r["scope"]) in changes:
            r["status"] = changes[(r["id"], r["scope"])]
        elif r["status"] in ("amber", "red"):
            r["status"] = "green"  # only the flagged KPIs of the test
    return rows


def load(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sparklines are not kept by openpyxl; not needed here
        return openpyxl.load_workbook(path)


def action_rows(ws) -> dict[str, int]:
    """Key -> row of every action line of an actions sheet."""
    key_col = next(c.column for row in ws.iter_rows() for c in row if c.value == KEY_HEADER)
    return {ws.cell(r, key_col).value: r for r in range(1, ws.max_row + 1)
            if ws.cell(r, key_col).value and ws.cell(r, key_col).value != KEY_HEADER}


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    """October's pack filled in by hand, and November's built with --previous."""
    folder = tmp_path_factory.mktemp("actions")
    result = sample_pack("en")
    october = with_status(result.rows, {("net_sales", "total"): "red", ("atv", "store:S01"): "amber"})
    first = rewrite(result, folder / "october.xlsx", rows=october)
    wb = load(first)
    ws = wb[label("actions", "en")]
    keys = action_rows(ws)
    sales = [k for k in keys if k.startswith("total|net_sales|")]
    atv = [k for k in keys if k.startswith("store:S01|atv|")]
    others = [k for k in keys if k.startswith("other|")]
    filled = {sales[0]: ("Aiko", dt.datetime(2026, 11, 15), "In progress", "weekly check"),
              sales[1]: ("Ken", dt.datetime(2026, 11, 1), "Done", "finished"),
              atv[0]: ("Mina", None, "Not started", "waiting for stock")}
    for key, (owner, due, progress, notes) in filled.items():
        r = keys[key]
        ws.cell(r, 3, owner), ws.cell(r, 4, due), ws.cell(r, 5, progress), ws.cell(r, 6, notes)
    r = keys[others[0]]
    ws.cell(r, 2, "Repaint the shop window"), ws.cell(r, 3, "Sam"), ws.cell(r, 5, "In progress")
    wb.save(first)
    # November: sales still off track, the basket back on track
    november = with_status(result.rows, {("net_sales", "total"): "red"})
    second = rewrite(result, folder / "november.xlsx", rows=november, previous=str(first))
    return {"sales": sales, "atv": atv, "first": first, "second": second}


def test_one_block_per_flagged_kpi_with_the_catalogue_actions(months):
    wb = load(months["first"])
    ws = wb[label("actions", "en")]
    keys = action_rows(ws)
    for kpi, scope in (("net_sales", "total"), ("atv", "store:S01")):
        texts = [ws.cell(r, 2).value for k, r in keys.items() if k.startswith(f"{scope}|{kpi}|")]
        assert texts == actions_for(kpi, "en")
    assert not any(k.startswith("total|atv|") for k in keys)


def test_open_actions_carry_over(months):
    got = read_previous(months["second"])
    first = got[months["sales"][0]]
    assert (first.owner, first.due, first.progress, first.notes) == (
        "Aiko", dt.datetime(2026, 11, 15), "in_progress", "weekly check")


def test_done_actions_start_afresh(months):
    done = read_previous(months["second"])[months["sales"][1]]
    assert (done.owner, done.progress, done.notes) == ("", "not_started", "")


def test_open_actions_of_a_recovered_kpi_stay_listed(months):
    got = read_previous(months["second"])
    kept = got[months["atv"][0]]
    assert (kept.owner, kept.notes) == ("Mina", "waiting for stock")
    wb = load(months["second"])
    text = " ".join(str(c.value) for row in wb[label("actions", "en")].iter_rows() for c in row if c.value)
    assert label("actions_open", "en").format(status=label("status_green", "en")) in text


def test_actions_the_reader_added_carry_over(months):
    added = [a for k, a in read_previous(months["second"]).items() if k.startswith("other|") and a.action]
    assert [(a.action, a.owner, a.progress) for a in added] == [("Repaint the shop window", "Sam", "in_progress")]


def test_progress_reads_in_either_language():
    assert canonical_progress("完了") == "done" and canonical_progress("Done") == "done"
    assert canonical_progress("対応中") == "in_progress" and canonical_progress("in progress") == "in_progress"
    assert canonical_progress("") == "not_started" and canonical_progress("someday") == "not_started"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_previous_pack_that_is_no_pack_is_told_plainly(tmp_path, lang):
    from packtools import SAMPLES

    with pytest.raises(KpipackError) as missing:
        read_previous(tmp_path / "nope.xlsx")
    assert missing.value.code == "file_missing" and "nope.xlsx" in missing.value.message(lang)
    with pytest.raises(KpipackError) as other:
        read_previous(SAMPLES / "budget.xlsx")
    assert other.value.code == "previous_no_actions" and "budget.xlsx" in other.value.message(lang)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    with pytest.raises(KpipackError) as broken:
        read_previous(junk)
    assert broken.value.code == "previous_unreadable" and "junk.xlsx" in broken.value.message(lang)


def test_an_open_action_keeps_the_month_and_kpi_value_it_was_opened_with(months):
    period = sample_pack("en").computation.period
    sales_total = next(r["actual"] for r in sample_pack("en").rows
                       if (r["id"], r["scope"]) == ("net_sales", "total"))
    opened = read_previous(months["first"])[months["sales"][0]]
    assert (opened.opened, opened.baseline) == (period, pytest.approx(sales_total))
    carried = read_previous(months["second"])[months["sales"][0]]
    assert (carried.opened, carried.baseline) == (period, pytest.approx(sales_total))
    assert read_previous(months["second"])["other|1"].opened == period  # the reader's own line, opened then
    assert read_previous(months["second"])["other|3"].opened is None  # a blank line is no action yet
