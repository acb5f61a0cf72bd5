#!/usr/bin/env python3
"""`make bench-scale`: a chain's year of POS lines, 1M, 10M and 100M lines,
built by kpipack straight from CSV and Parquet (the query engine reads the
files), against DuckDB's own time for the same aggregates in the same run.

    python bench/scale.py [--sizes 1m,10m,100m] [--repeat N]

The data is generated here (bench/data/scale/, git-ignored): 200 stores, 13
months (October 2025 to October 2026), 3,000 SKUs, receipts of 1 to 4 lines,
60 % of receipts by members out of 400,000, 2 % returns. 1M and 10M lines are
CSV; 100M lines are Parquet. Each measurement is a fresh process; wall time
and the peak memory of the process and its children (bench/run.py's sampler).
Two DuckDB references, each plain SQL written here (not the product's), over
the same file in a fresh process:
- "reference" (the target's "DuckDB's own time"): sums per store and month, receipts with positive
  net sales per store and month, distinct customers per store and month;
- "line-level reference": every aggregate of the lines the build needs, at
  the grain the build needs it: sales per store and month with their positive
  and negative parts, receipts, each customer's spending and first and last
  purchase day per month (per store and for the chain), the store × SKU ×
  month sums with the first line's product and category, net sales per SKU
  over the twelve months (ABC), and units per store × SKU and day. The file is
  read once into a table (DuckDB's own sniffing), as a DuckDB user would for
  several queries; results come out as Arrow.
The ratios of the build to each are printed; the target is stated against
the first.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# the data can live elsewhere (a scratch disk): KPIPACK_SCALE_DATA=/tmp/scale
DATA = Path(os.environ.get("KPIPACK_SCALE_DATA") or HERE / "data" / "scale")
sys.path.insert(0, str(HERE))
from run import machine, revision, run_child_cmd  # noqa: E402

SIZES = {"1m": 1_000_000, "10m": 10_000_000, "100m": 100_000_000}
TARGETS = {"ratio_10m": 2.0, "peak_10m_gb": 2.0, "peak_100m_gb": 4.0}

# one SQL text makes every size: line n of receipt n // 2.5, a day spread over 13 months
GENERATE = """
COPY (
  WITH l AS (SELECT i, i // 5 * 2 + (CASE WHEN i % 5 < 3 THEN 0 ELSE 1 END) AS r FROM range({n}) t(i))
  SELECT TIMESTAMP '2025-10-01' + INTERVAL (CAST(hash(r, 1) % 396 AS INTEGER)) DAY
           + INTERVAL (CAST(hash(r, 2) % 43200 AS INTEGER)) SECOND AS date,
         'S' || lpad(CAST(hash(r, 3) % 200 AS VARCHAR), 3, '0') AS store,
         'R' || CAST(r AS VARCHAR) AS receipt,
         CASE WHEN hash(r, 4) % 10 < 6 THEN 'M' || CAST(hash(r, 5) % 400000 AS VARCHAR) END AS customer,
         '49' || lpad(CAST(hash(i, 6) % 3000 AS VARCHAR), 11, '0') AS sku,
         'item ' || CAST(hash(i, 6) % 3000 AS VARCHAR) AS product,
         'cat ' || CAST(hash(i, 6) % 3000 % 12 AS VARCHAR) AS category,
         CASE WHEN hash(r, 7) % 50 = 0 THEN -1 ELSE 1 + hash(i, 8) % 3 END AS qty,
         (CASE WHEN hash(r, 7) % 50 = 0 THEN -1 ELSE 1 + hash(i, 8) % 3 END) * (100 + hash(i, 6) % 3000 * 3)
           AS net_sales,
         round((CASE WHEN hash(r, 7) % 50 = 0 THEN -1 ELSE 1 + hash(i, 8) % 3 END) * (100 + hash(i, 6) % 3000 * 3)
           * 0.62, 2) AS cost
  FROM l
) TO '{path}' ({options})
"""

REFERENCE = """
SELECT store, strftime(date, '%Y-%m') AS month, sum(net_sales), sum(cost), sum(qty),
       count(DISTINCT customer)
FROM {source} GROUP BY ALL;
WITH r AS (SELECT store, strftime(date, '%Y-%m') AS month, receipt, sum(net_sales) AS amount
           FROM {source} GROUP BY ALL)
SELECT store, month, count(*) FILTER (WHERE amount > 0) FROM r GROUP BY ALL;
"""

# written independently of kpipack's parts: what a DuckDB user would write for the same aggregates
LINE_LEVEL_REFERENCE = """
CREATE {kind} l AS SELECT *, strftime(date, '%Y-%m') AS month, CAST(date AS DATE) AS day FROM {source};
SELECT store, month, sum(net_sales), sum(greatest(net_sales, 0)), sum(least(net_sales, 0)), sum(cost),
       count(*) - count(cost), sum(qty), count(*) - count(qty) FROM l GROUP BY ALL;
SELECT month, sum(net_sales), sum(greatest(net_sales, 0)), sum(least(net_sales, 0)), sum(cost),
       count(*) - count(cost), sum(qty), count(*) - count(qty) FROM l GROUP BY ALL;
WITH r AS (SELECT store, month, receipt, sum(net_sales) AS amount FROM l GROUP BY ALL)
SELECT store, month, count(*) FILTER (WHERE amount > 0) FROM r GROUP BY ALL;
SELECT store, customer, month, sum(net_sales), min(day) FILTER (WHERE net_sales > 0),
       max(day) FILTER (WHERE net_sales > 0) FROM l WHERE customer IS NOT NULL GROUP BY ALL;
SELECT customer, month, sum(net_sales), min(day) FILTER (WHERE net_sales > 0),
       max(day) FILTER (WHERE net_sales > 0) FROM l WHERE customer IS NOT NULL GROUP BY ALL;
SELECT store, sku, month, max(date), sum(net_sales), sum(cost), sum(qty), arg_min(product, {line}),
       arg_min(category, {line}) FROM l GROUP BY ALL;
SELECT sku, sum(net_sales), arg_min(product, {line}), arg_min(category, {line}) FROM l
WHERE month BETWEEN '2025-10' AND '2026-09' GROUP BY ALL;
SELECT store, sku, day, sum(qty), sum(net_sales), count(*) FROM l GROUP BY ALL;
"""


def data_file(size: str) -> Path:
    kind = "parquet" if size == "100m" else "csv"
    path = DATA / f"pos_{size}.{kind}"
    if not path.exists():
        import duckdb

        DATA.mkdir(parents=True, exist_ok=True)
        print(f"making {path} ...", flush=True)
        tmp = path.with_suffix(".tmp")
        options = "FORMAT parquet, ROW_GROUP_SIZE 1000000" if kind == "parquet" else "FORMAT csv, HEADER true"
        con = duckdb.connect(config={"memory_limit": "3GB", "temp_directory": str(DATA / "tmp")})
        con.execute(GENERATE.format(n=SIZES[size], path=tmp, options=options))
        tmp.rename(path)
    return path


def child_reference(path: str) -> dict:
    import duckdb

    reader = f"read_parquet('{path}')" if path.endswith(".parquet") else f"read_csv('{path}', header = true)"
    con = duckdb.connect()
    for statement in REFERENCE.format(source=reader).split(";"):
        if statement.strip():
            con.execute(statement).fetchall()
    return {"cpu_s": _cpu_seconds()}


def child_line_reference(path: str) -> dict:
    """LINE_LEVEL_REFERENCE: its results (millions of rows) fetched as Arrow."""
    import duckdb

    parquet = path.endswith(".parquet")
    reader = f"read_parquet('{path}', file_row_number = true)" if parquet else f"read_csv('{path}', header = true)"
    scratch = tempfile.TemporaryDirectory(prefix="kpipack-bench-")
    # a hundred million lines' groupings: at 3 GB, spilling past it, not most of a shared machine's memory
    con = duckdb.connect(config={"memory_limit": "3GB", "temp_directory": scratch.name} if parquet else {})
    text = LINE_LEVEL_REFERENCE.format(source=reader, kind="VIEW" if parquet else "TABLE",
                                       line="file_row_number" if parquet else "rowid")
    create, *queries = [q for q in text.split(";") if q.strip()]
    con.execute(create)
    for query in queries:
        con.sql(query).to_arrow_table()
    con.close()
    scratch.cleanup()
    return {"cpu_s": _cpu_seconds()}


def child_build(path: str, out: str) -> dict:
    from kpipack.domain import Settings
    from kpipack.pipeline import build_pack

    os.environ["KPIPACK_ENGINE_CSV_MB"] = "0"  # every size through the engine, the 1M CSV too
    start, seen = time.perf_counter(), set()

    def progress(stage: str, fraction: float, detail: str) -> None:  # each step's start, on stderr
        if (stage, round(fraction, 2)) not in seen:
            seen.add((stage, round(fraction, 2)))
            print(f"{time.perf_counter() - start:7.1f} s  {stage} {fraction:.2f} {detail}", file=sys.stderr,
                  flush=True)

    result = build_pack([path], Settings(period="2026-09", lang="en"), out=Path(out) / "pack.xlsx",
                        json_out=Path(out) / "results.json", use_cache=False, progress=progress)
    net = next(r["actual"] for r in result.rows if r["id"] == "net_sales" and r["scope"] == "total")
    return {"rows": result.results["data_quality"]["rows_read"], "net_sales": net, "cpu_s": _cpu_seconds()}


def _cpu_seconds() -> float:
    """This process's CPU time, user and system, its engine's threads included:
    less swayed than the wall clock by other work on a shared machine."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return round(usage.ru_utime + usage.ru_stime, 1)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1m,10m,100m")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        data = {"reference": child_reference, "line_reference": child_line_reference,
                "build": child_build}[kind](*rest)
        print(json.dumps(data))
        return 0
    results: dict[str, dict] = {}
    for size in args.sizes.split(","):
        path = data_file(size)
        runs = {"reference": [], "line_reference": [], "build": []}
        for _ in range(args.repeat):
            runs["reference"].append(run_child_cmd(__file__, "reference", str(path), timeout=7200))
            runs["line_reference"].append(run_child_cmd(__file__, "line_reference", str(path), timeout=7200))
            with tempfile.TemporaryDirectory() as out:
                runs["build"].append(run_child_cmd(__file__, "build", str(path), out, timeout=7200))
        results[size] = runs
        ref = statistics.median(r["wall_s"] for r in runs["reference"])
        build = statistics.median(r["wall_s"] for r in runs["build"])
        peak = max(r["tree_rss_mb"] or 0 for r in runs["build"])
        cpu_ref = statistics.median(r["cpu_s"] for r in runs["reference"])
        cpu_build = statistics.median(r["cpu_s"] for r in runs["build"])
        line = statistics.median(r["wall_s"] for r in runs["line_reference"])
        cpu_line = statistics.median(r["cpu_s"] for r in runs["line_reference"])
        load = open("/proc/loadavg").read().split()[0] if os.path.exists("/proc/loadavg") else "?"
        print(f"{size:>5}: {path.name} {path.stat().st_size / 1e6:,.0f} MB | duckdb reference {ref:6.1f} s, "
              f"peak {max(r['tree_rss_mb'] or 0 for r in runs['reference']):,.0f} MB | kpipack build {build:6.1f} s "
              f"({build / ref:.2f}x), peak {peak:,.0f} MB | CPU {cpu_ref:.1f} s / {cpu_build:.1f} s "
              f"({cpu_build / cpu_ref:.2f}x) | rows {runs['build'][0]['rows']:,} | load {load}", flush=True)
        print(f"{'':>5}  line-level reference {line:6.1f} s, peak "
              f"{max(r['tree_rss_mb'] or 0 for r in runs['line_reference']):,.0f} MB, CPU {cpu_line:.1f} s | "
              f"build / it: {build / line:.2f}x wall, {cpu_build / cpu_line:.2f}x CPU", flush=True)
    (DATA / "last-run.json").write_text(json.dumps({"machine": machine(), "revision": revision(),
                                                    "time": time.strftime("%Y-%m-%d %H:%M"), "runs": results},
                                                   indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
