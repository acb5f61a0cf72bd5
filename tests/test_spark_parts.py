"""The same part definitions on Spark (local mode) give what DuckDB gives on
the same Parquet and CSV files. One Spark session for the module; skipped
only where the spark extra is not installed (`make test` installs it)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpipack.errors import KpipackError

pytest.importorskip("pyspark", reason="the spark extra (make test-spark installs it)")

from kpipack.kpis import lineparts as L  # noqa: E402
from kpipack.kpis import parts as P  # noqa: E402
from kpipack.kpis import spark as S  # noqa: E402
from kpipack.kpis.abc import abc_table  # noqa: E402
from synthetic import months_for, synthetic_lines  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    session = S.session("local[1]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    lines = synthetic_lines(3, n=1500).drop(columns="month")
    lines["line_no"] = np.arange(len(lines))
    lines["product"] = "P" + lines["sku"].fillna("").str[-2:]
    folder = tmp_path_factory.mktemp("lines")
    lines.iloc[:800].to_parquet(folder / "a.parquet")
    lines.iloc[800:].to_parquet(folder / "b.parquet")
    lines.to_csv(folder / "lines.csv", index=False)
    return lines, folder


def both(spark, files, kind):
    lines, folder = files
    paths = [str(folder / "a.parquet"), str(folder / "b.parquet")] if kind == "parquet" else [str(folder / "lines.csv")]
    reader = "read_parquet" if kind == "parquet" else "read_csv"
    duck = L.LineParts(L.DuckLines(f"{reader}({paths!r})"))
    return duck, L.LineParts(S.SparkLines(spark, paths, kind))


def same(a: pd.DataFrame, b: pd.DataFrame, keys):
    a, b = (f.reset_index() if f.index.names[0] is not None else f for f in (a, b))
    a, b = (f.sort_values(keys).reset_index(drop=True) for f in (a, b))
    pd.testing.assert_frame_equal(a, b[a.columns], check_dtype=False, rtol=1e-9)


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_sums_receipts_and_pairs_match_duckdb(spark, files, kind):
    duck, spk = both(spark, files, kind)
    keys = ["store", "month"]
    same(duck.sales(keys), spk.sales(keys), keys)
    assert duck.sales(["month"])["net_sales"].sum() == pytest.approx(files[0]["net_sales"].sum(), rel=1e-12)
    if kind == "csv":
        return  # the reading of CSV is what differs; the parts below are the same on both
    same(duck.transactions(keys).to_frame(), spk.transactions(keys).to_frame(), keys)
    same(duck.selling_pairs(), spk.selling_pairs(), ["store", "month", "sku"])
    same(duck.daily_units(), spk.daily_units(), ["store", "sku", "day"])


def test_customers_and_abc_match_duckdb(spark, files):
    duck, spk = both(spark, files, "parquet")
    lines = files[0].assign(month=P.months_of(files[0]["date"]))
    months, trading = months_for(lines), lines["month"].unique()
    got = P.customer_parts(spk.customer_events(), months, trading)
    want = P.customer_parts(duck.customer_events(), months, trading)
    pd.testing.assert_frame_equal(got, want, rtol=1e-9)
    assert got["customers"].notna().sum() > 5
    period = lines["month"].max()
    pd.testing.assert_frame_equal(abc_table(spk, period, 3), abc_table(duck, period, 3), check_dtype=False,
                                  rtol=1e-9)


def test_the_daily_series_in_parts_and_the_customers_grouped_once_match_duckdb(spark, files, monkeypatch):
    """Both read a table kept from one grouping of the lines (cached on Spark): the
    daily series in four parts, and the customers' months for the chain and the stores."""
    from kpipack.kpis.supply import daily_units

    monkeypatch.setattr(L, "SERIES_LINES_PER_PART", 400)  # 1,500 lines: four parts
    duck, spk = both(spark, files, "parquet")
    series = []
    for run in (duck, spk):
        got = daily_units(run)
        sizes = np.diff(got.offsets)
        series.append(pd.DataFrame({"store": np.repeat(got.pairs["store"].to_numpy(), sizes),
                                    "sku": np.repeat(got.pairs["sku"].to_numpy(), sizes),
                                    "day": got.day, "qty": got.qty, "lines": got.lines}))
    same(series[0], series[1], ["store", "sku", "day"])
    lines = files[0].dropna(subset=["store", "sku", "date"])
    assert series[1]["qty"].sum() == pytest.approx(lines["qty"].sum()) and series[1]["lines"].sum() == len(lines)
    for got, want in zip(spk.customer_events_of_chain_and_stores(),
                         (duck.customer_events(), duck.customer_events(["store"]))):
        same(want, got, [c for c in ("store", "kind", "num") if c in want])


def duckdb_and_spark(paths, tmp_path) -> list[dict]:
    """The results JSON of a build of `paths` on DuckDB and on Spark, after checking their KPIs are the same."""
    import json

    from kpipack.domain import Settings
    from kpipack.pipeline import build_pack
    from test_linefiles import same_kpis

    results = []
    for engine in ("duckdb", "spark"):
        out = tmp_path / f"{engine}.json"
        build_pack(paths, Settings(period="2026-03", lang="en"), json_out=out, use_cache=False, engine=engine,
                   spark_master="local[1]")
        results.append(json.loads(out.read_text()))
    same_kpis(*results)
    return results


def test_a_build_on_spark_gives_the_duckdb_builds_results(spark, files, tmp_path):
    results = duckdb_and_spark([files[1] / "a.parquet", files[1] / "b.parquet"], tmp_path)
    assert results[1]["data_quality"]["rows_used"] == len(files[0])


def _spark_quality(tmp_path, lines) -> dict:
    """The data-quality figures of a Spark build of `lines` as one Parquet file."""
    import json

    from kpipack.domain import Settings
    from kpipack.pipeline import build_pack

    path = tmp_path / "pos.parquet"
    lines.to_parquet(path)
    out = tmp_path / "spark.json"
    build_pack([path], Settings(period="2026-03", lang="en"), json_out=out, use_cache=False, engine="spark",
               spark_master="local[1]")
    return json.loads(out.read_text())["data_quality"]


def test_status_and_cancel_flag_rows_are_left_out_on_spark_as_on_duckdb(spark, tmp_path):
    from test_linefiles import STATUS_LINES

    dq = _spark_quality(tmp_path, STATUS_LINES)
    # as on DuckDB (test_linefiles): 100 sold, 50 given back; four lines no sale
    assert dq["rows_used"] == 2 and dq["net_sales_used"] == pytest.approx(50.0)
    assert dq["net_sales_rejected"] == pytest.approx(340.0)
    assert "not a sale: 取消 is '2026-03-07 10:00'" in {i["problem"] for i in dq["issues"]}


def test_a_type_columns_cancelling_rows_take_back_their_receipts_lines_on_spark_as_on_duckdb(spark, tmp_path):
    from test_linefiles import KIND_LINES

    dq = _spark_quality(tmp_path, KIND_LINES)
    # as on DuckDB (test_linefiles): S1's receipt 1, receipt 3's return and its 返品取消, the 入金 not counted
    assert dq["rows_used"] == 3 and dq["net_sales_used"] == pytest.approx(80 + 60 + 40)
    assert dq["net_sales_rejected"] == pytest.approx(100 + 50 - 150 - 30 + 30 + 1000)


@pytest.mark.parametrize("fixture, net, receipts", [("RULE_LINES", 130.0, 2), ("TOTAL_LINES", 650.0, 4)])
def test_the_importers_row_rules_apply_on_spark(spark, tmp_path, fixture, net, receipts):
    """Gift cards, charges, a 1 / 0 cancel flag, Refund lines and C-receipts; an order's Total less its tax,
    written on every line of its receipt: the figures worked out by hand in test_engine_rules."""
    import json

    import test_engine_rules
    from kpipack.domain import Settings
    from kpipack.pipeline import build_pack

    path = tmp_path / "pos.parquet"
    getattr(test_engine_rules, fixture).to_parquet(path)
    out = tmp_path / "spark.json"
    build_pack([path], Settings(period="2026-03", lang="en"), json_out=out, use_cache=False, engine="spark",
               spark_master="local[1]")
    got = json.loads(out.read_text())
    assert test_engine_rules.kpi(got, "net_sales") == pytest.approx(net)
    assert test_engine_rules.kpi(got, "transactions") == receipts


def test_receipts_a_later_file_repeats_are_counted_once_on_spark_as_on_duckdb(spark, tmp_path):
    """Three Parquet files, the third repeating 40 of the second's receipts exactly and one with a line
    fewer (test_linefiles): the 40 are rejected in the third on Spark as on DuckDB, naming the file
    they were first read from (Spark numbers no rows, so the message names none)."""
    import json

    from test_linefiles import repeated_downloads

    lines = synthetic_lines(1, n=3000).drop(columns="month").dropna(subset=["store"]).reset_index(drop=True)
    paths, repeated, _ = repeated_downloads(lines, tmp_path / "exports 1")  # a space: %20 in Spark's file URIs
    results = duckdb_and_spark(paths, tmp_path)
    duck, spk = (r["data_quality"] for r in results)
    assert spk["rows_rejected"] == duck["rows_rejected"] == len(repeated)
    assert spk["net_sales_rejected"] == pytest.approx(repeated["net_sales"].sum())
    problems = [i["problem"] for i in spk["issues"]]
    assert sum(p == "the same receipt as in pos_2.parquet: counted once, there" for p in problems) == \
        min(len(repeated), len(problems))
    text = json.dumps(results[1], ensure_ascii=False)
    assert f"{len(repeated)} lines (40 receipts" in text and "the same as in pos_2.parquet" in text


def test_a_csv_line_of_more_cells_than_the_header_is_left_out_on_spark_as_on_duckdb(spark, tmp_path, monkeypatch):
    """An unquoted comma in a name shifts a line's values one cell right. Spark's reader would keep its first
    cells; the line is left out and named as DuckDB names it (Spark numbers no rows: its file only), while a
    comma inside a quoted name and a line of fewer cells (a footer) are read as there."""
    from kpipack.kpis import linefiles

    lines = synthetic_lines(4, n=600).drop(columns="month").dropna(subset=["store"])
    lines = lines.assign(product="Tシャツ, 白")  # quoted by pandas: one cell
    text = lines.to_csv(index=False).splitlines()
    text[40] += ",白"
    text[90] = text[90].replace('"Tシャツ, 白"', "Tシャツ, 白")  # the same name unquoted: two cells
    path = tmp_path / "pos.csv"
    path.write_text("\n".join(text) + "\n合計,,,,,,,,\n")
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    duck, spk = duckdb_and_spark([path], tmp_path)
    header = text[0].count(",") + 1
    extra = f"the line has {header + 1} fields but the header {header}: an unquoted separator has shifted its values"
    assert [(i["row"], i["problem"]) for i in duck["data_quality"]["issues"]] == \
        [(41, extra), (91, extra), (len(text) + 1, "totals row, not counted")]
    assert sorted(i["problem"] for i in spk["data_quality"]["issues"]) == sorted(["totals row, not counted", extra, extra])
    for key in ("rows_read", "rows_used", "net_sales_used"):
        assert spk["data_quality"][key] == pytest.approx(duck["data_quality"][key]), key
    assert spk["data_quality"]["rows_used"] == len(lines) - 2


def test_names_over_two_lines_and_doubled_quotes_read_on_spark_as_on_duckdb(spark, tmp_path, monkeypatch):
    """A product name holding a line break ("Tシャツ\n白") would be cut in two by a line-by-line read: seen
    among the file's first lines, the file is read whole. A quote inside a name is doubled (5"" TV)."""
    from kpipack.kpis import linefiles

    lines = synthetic_lines(4, n=600).drop(columns="month").dropna(subset=["store"])
    names = np.where(np.arange(len(lines)) % 3 == 0, "Tシャツ\n白", np.where(np.arange(len(lines)) % 3 == 1,
                                                                          '5" TV, 黒', "靴下"))
    lines = lines.assign(product=names)[["date", "store", "product", "sku", "receipt", "net_sales", "customer",
                                         "qty", "cost"]]  # the name before the amounts: a cut would lose them
    path = tmp_path / "pos.csv"
    lines.to_csv(path, index=False)
    assert '"Tシャツ\n白"' in path.read_text() and '"5"" TV, 黒"' in path.read_text()
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    duck, spk = duckdb_and_spark([path], tmp_path)
    for results in (duck, spk):
        assert results["data_quality"]["rows_used"] == len(lines) and not results["data_quality"]["issues"]


def test_a_csv_of_mixed_line_breaks_builds_on_spark_as_on_duckdb(spark, tmp_path, monkeypatch):
    """LF lines, then CRLF lines and a footer: DuckDB, which looks at the file's header for both engines,
    reads a copy whose breaks are all LF; Spark reads the file itself."""
    from kpipack.kpis import linefiles

    lines = synthetic_lines(4, n=600).drop(columns="month").dropna(subset=["store"])
    text = lines.to_csv(index=False).splitlines()
    path = tmp_path / "pos.csv"
    path.write_bytes(("\n".join(text[:300]) + "\n" + "\r\n".join(text[300:]) + "\r\n合計,,,,,,,\r\n").encode())
    with pytest.raises(KpipackError):  # the file itself, as DuckDB would read it
        linefiles._headers(path, "csv", linefiles.csv_layout(path))
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    duck, spk = duckdb_and_spark([path], tmp_path)
    for results in (duck, spk):
        assert results["data_quality"]["rows_used"] == len(lines)
        assert [i["problem"] for i in results["data_quality"]["issues"]] == ["totals row, not counted"]
