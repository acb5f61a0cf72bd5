"""The bundled samples built through the CLI's pipeline, checked value by value
against the independent oracle (tests/oracle.py)."""
import math

import pytest

from kpipack.kpis.catalogue import threshold_for
from oracle import expected_abc, expected_data_totals, expected_kpis

FIELDS = ["actual", "budget", "variance", "variance_pct", "prev_month", "mom_pct", "prev_year", "yoy_pct",
          "ytd", "ytd_budget", "status"]


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)


@pytest.fixture(scope="module")
def expected(oracle_tables, sample_build):
    want = expected_kpis(oracle_tables, sample_build.loaded_json["period"], 4)
    # the oracle rates against budgets only; without one, the status comes from the
    # default (general) profile's benchmark, whose rule tests/test_catalogue.py checks by hand
    threshold = threshold_for("general", "JPY", "tsubo")
    for (kpi_id, _), row in want.items():
        rate = threshold(kpi_id)
        if row["budget"] is None and row["actual"] is not None and rate is not None:
            row["status"] = rate(row["actual"])
    return want


def test_default_period_is_latest_complete_month(sample_build):
    assert sample_build.loaded_json["period"] == "2026-10"


def test_same_kpis_and_scopes_as_the_oracle(sample_build, expected):
    got = {(r["id"], r["scope"]) for r in sample_build.loaded_json["kpis"] if "channel:" not in r["scope"]}
    assert got == set(expected)


def test_every_channel_value_matches_the_oracle(sample_build, oracle_tables):
    from oracle import expected_channel_kpis

    want = expected_channel_kpis(oracle_tables, sample_build.loaded_json["period"])
    rows = {(r["id"], r["scope"]): r for r in sample_build.loaded_json["kpis"] if "channel:" in r["scope"]}
    assert set(rows) == set(want)
    mismatches = [(key, field, rows[key][field], value) for key, entry in want.items()
                  for field, value in entry.items() if not close(rows[key][field], value)]
    assert not mismatches, mismatches[:20]


def test_every_value_matches_the_oracle(sample_build, expected):
    rows = {(r["id"], r["scope"]): r for r in sample_build.loaded_json["kpis"]}
    mismatches = []
    for key, want in expected.items():
        row = rows.get(key, {})
        for field in FIELDS:
            if not close(row.get(field), want[field]):
                mismatches.append((key, field, row.get(field), want[field]))
    assert not mismatches, mismatches[:20]


def test_abc_matches_the_oracle(sample_build, oracle_tables):
    want = expected_abc(oracle_tables, sample_build.loaded_json["period"])
    got = sample_build.loaded_json["abc"]
    for cls in "ABC":
        assert got[cls]["skus"] == want[cls]["skus"]
        assert math.isclose(got[cls]["net_sales"], want[cls]["net_sales"], rel_tol=1e-9)


def test_control_totals_tie_to_the_inputs(sample_build, oracle_tables):
    dq = sample_build.loaded_json["data_quality"]
    assert dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"]
    assert math.isclose(dq["net_sales_used"], expected_data_totals(oracle_tables), rel_tol=1e-12)
    assert math.isclose(dq["net_sales_read"], dq["net_sales_used"] + dq["net_sales_rejected"], rel_tol=1e-12)
    assert len(dq["issues"]) == dq["rows_rejected"]


def test_default_period_of_a_single_partial_month():
    import pandas as pd

    from kpipack.kpis.engine import default_period

    # one day's export: the month before holds no data, so the partial month is the period
    assert default_period(pd.Series(pd.to_datetime(["2017-09-21", "2017-09-21"]))) == "2017-09"
    # data into the middle of October after a full September: September
    assert default_period(pd.Series(pd.to_datetime(["2026-09-01", "2026-10-15"]))) == "2026-09"
    # data to the last day of October: October
    assert default_period(pd.Series(pd.to_datetime(["2026-09-01", "2026-10-31"]))) == "2026-10"
