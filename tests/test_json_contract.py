"""The results JSON of contract section 4, on the bundled samples."""
import json
import math

KPI_FIELDS = {"id", "scope", "actual", "budget", "variance", "variance_pct", "prev_month", "mom_pct", "prev_year",
              "yoy_pct", "ytd", "ytd_budget", "status"}


def test_top_level(sample_build):
    data = sample_build.loaded_json
    assert data["schema"] == "kpipack.results/1"
    assert data["currency"] == "JPY"
    assert set(data["abc"]) == {"A", "B", "C"}
    dq = data["data_quality"]
    for key in ("rows_read", "rows_used", "rows_rejected", "net_sales_read", "net_sales_used", "issues"):
        assert key in dq
    for issue in dq["issues"]:
        assert set(issue) >= {"file", "sheet", "row", "problem"}


def test_kpi_rows_have_every_field_and_unrounded_numbers(sample_build):
    rows = sample_build.loaded_json["kpis"]
    assert rows
    for row in rows:
        assert set(row) == KPI_FIELDS
        assert row["status"] in {"green", "amber", "red", "none"}
        for key in KPI_FIELDS - {"id", "scope", "status"}:
            assert row[key] is None or (isinstance(row[key], float) and math.isfinite(row[key]))
    scopes = {r["scope"] for r in rows}
    stores = {f"store:{s['id']}" for s in sample_build.loaded_json["stores"]}
    channels = {f"channel:{c}" for c in ("店舗", "EC", "モール")}  # the samples' channels (part 2, section 5)
    per_store = {f"{s}/{c}" for s in stores for c in channels}
    assert scopes == {"total"} | stores | channels | per_store


def test_every_kpi_appears_for_total_and_each_store(sample_build):
    rows = sample_build.loaded_json["kpis"]
    ids = {r["id"] for r in rows}
    stores = [s["id"] for s in sample_build.loaded_json["stores"]]
    for kpi in ids - {"roe_pct", "roa_pct", "channel_share_pct"}:
        got = {r["scope"] for r in rows if r["id"] == kpi and "channel:" not in r["scope"]}
        assert got == {"total"} | {f"store:{s}" for s in stores}, kpi


def test_json_file_is_strict_json(sample_build):
    text = sample_build.json_path.read_text(encoding="utf-8")

    def refuse(constant):
        raise AssertionError(f"non-standard JSON constant {constant}")

    json.loads(text, parse_constant=refuse)
