#!/usr/bin/env python3
"""`make bench-orders`: the order list and the forecast for a large chain —
20 stores × 5,000 SKUs (100,000 store × SKU pairs), a year of daily sales
lines, month-end stock, fortnightly deliveries and open purchase orders.

The inputs are made by a child process (numpy, fixed seed): the sales lines
as a Parquet export — 14 million lines are no workbook's size, and kpipack
reads such files with the query engine — and the other tables in memory.
Timed: the engine's check of the lines and its summary for the rest of the
build, the daily units per pair, the daily book stock, the four KPIs' parts
for every month, every pair's order figures, the forecast fitted and
back-tested on all pairs; then the order workbook written. `--in-memory`
hands the lines over as a pandas frame instead (a build from workbooks).
Prints wall and CPU seconds of each step and the peak memory, and writes them
to bench/data/last-orders-run.json. Targets: 60 s and 2 GB.

    python bench/replenishment.py [--stores 20] [--skus 5000] [--in-memory]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
TARGET_S, TARGET_GB = 60.0, 2.0
FIRST, LAST = np.datetime64("2025-11-01"), np.datetime64("2026-10-31")


def make_inputs(stores: int, skus: int, seed: int = 18) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    days = np.arange(FIRST, LAST + 1)
    store_codes = np.array([f"S{s + 1:02d}" for s in range(stores)], dtype=object)
    sku_codes = np.array([f"49{n:011d}" for n in range(skus)], dtype=object)
    text = "string[pyarrow]"  # codes as the readers give them
    pairs = stores * skus
    # demand per pair: a few fast sellers, a long tail of slow and intermittent ones; a weekly pattern
    rate = rng.gamma(0.6, 1.2, size=pairs)
    weekly = np.array([0.8, 0.85, 0.9, 1.0, 1.2, 1.4, 1.3])
    # the lines as integer codes first, then each text column made once by Arrow (no Python string per line)
    store_of, sku_of, day_of, qty_of = [], [], [], []
    for chunk in np.array_split(np.arange(pairs), 20):  # a store's worth at a time keeps the making small
        lam = rate[chunk, None] * weekly[(days.astype("datetime64[D]").astype(np.int64) + 3) % 7][None, :]
        qty = rng.poisson(lam).astype(np.int16)
        p, d = np.nonzero(qty)
        store_of.append((chunk[p] // skus).astype(np.int16))
        sku_of.append((chunk[p] % skus).astype(np.int32))
        day_of.append(d.astype(np.int16))
        qty_of.append(qty[p, d])
        del lam, qty, p, d
    day_of = np.concatenate(day_of)
    qty = np.concatenate(qty_of).astype(float)
    del qty_of
    months_text = np.array([str(m) for m in days.astype("datetime64[M]")], dtype=object)
    sales = pd.DataFrame({"store": _text(np.concatenate(store_of), store_codes),
                          "sku": _text(np.concatenate(sku_of), sku_codes),
                          "date": days[day_of].astype("datetime64[ns]"), "qty": qty,
                          "net_sales": qty * 500.0, "cost": qty * 300.0})
    sales["month"] = _text(day_of, months_text)
    del store_of, sku_of, day_of
    pair_store = pd.array(np.repeat(store_codes, skus), dtype=text)
    pair_sku = pd.array(np.tile(sku_codes, stores), dtype=text)
    month_ends = pd.date_range("2025-10-31", "2026-10-31", freq="ME")
    inventory = pd.DataFrame({
        "date": np.repeat(month_ends.values, pairs), "store": _tile(pair_store, len(month_ends)),
        "sku": _tile(pair_sku, len(month_ends)),
        "on_hand": rng.poisson(np.tile(rate * 20, len(month_ends))).astype(float), "unit_cost": 300.0})
    deliveries = pd.date_range("2025-11-03", "2026-10-31", freq="14D")
    receipts = pd.DataFrame({
        "date": np.repeat(deliveries.values, pairs), "store": _tile(pair_store, len(deliveries)),
        "sku": _tile(pair_sku, len(deliveries)),
        "received_qty": rng.poisson(np.tile(rate * 14, len(deliveries))).astype(float)})
    receipts = receipts[receipts["received_qty"] > 0].reset_index(drop=True)
    receipts["order_id"] = "PO" + (receipts.index // 50).astype(str)
    open_pairs = rng.choice(pairs, size=pairs // 10, replace=False)
    orders = pd.DataFrame({"order_id": [f"OPEN{n // 50}" for n in range(len(open_pairs))],
                           "order_date": np.datetime64("2026-10-28", "ns"), "due_date": np.datetime64("2026-11-04", "ns"),
                           "store": pair_store[open_pairs], "sku": pair_sku[open_pairs],
                           "ordered_qty": rng.integers(6, 48, size=len(open_pairs)).astype(float)})
    products = pd.DataFrame({"sku": sku_codes, "style": [f"ST{n // 5:05d}" for n in range(skus)],  # 5 colours/sizes
                             "item_class": np.where(np.arange(skus) % 5 == 0, "シーズン", "定番"),
                             "season_start": np.datetime64("2026-09-01", "ns"),
                             "season_end": np.datetime64("2027-01-31", "ns"),
                             "lead_time_days": rng.integers(3, 15, size=skus).astype(float),
                             "case_pack": rng.choice([1.0, 6.0, 12.0], size=skus),
                             "min_order_qty": 0.0, "supplier": [f"V{n % 40:03d}" for n in range(skus)],
                             "unit_cost": 300.0})
    for frame in (products,):
        frame["_file"], frame["_sheet"], frame["_row"] = "products.xlsx", "master", np.arange(len(frame)) + 2
    return {"sales": sales, "inventory": inventory, "receipts": receipts, "purchase_orders": orders,
            "products": products}


def _text(codes: np.ndarray, names: np.ndarray):
    """A text column of `names[codes]`, as the readers give text (string[pyarrow])."""
    import pyarrow as pa

    decoded = pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), pa.array(list(names), pa.string()))
    return pd.array(decoded.cast(pa.large_string()), dtype="string[pyarrow]")


def _tile(codes, times: int):
    return pd.array(np.tile(np.asarray(codes, dtype=object), times), dtype="string[pyarrow]")


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def cpu_s() -> float:
    """CPU seconds of this process (all its threads): what the machine's load does not inflate."""
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def make_files(stores: int, skus: int, folder: Path) -> None:
    """The inputs made in a child process: the sales lines as a Parquet export
    (pos.parquet), the other tables pickled. The child's memory is its own, so
    the parent's peak is the replenishment's."""
    tables = make_inputs(stores, skus)
    tables.pop("sales").to_parquet(folder / "pos.parquet", index=False)
    pd.to_pickle(tables, folder / "tables.pkl")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stores", type=int, default=20)
    ap.add_argument("--skus", type=int, default=5000)
    ap.add_argument("--in-memory", action="store_true",
                    help="hand the lines over as a pandas frame, as a build from workbooks does, rather than as a "
                         "Parquet export the engine reads from the file")
    ap.add_argument("--make", metavar="DIR", help=argparse.SUPPRESS)  # the child that writes the inputs
    args = ap.parse_args(argv)
    sys.path.insert(0, str(HERE.parent / "src"))
    if args.make:
        make_files(args.stores, args.skus, Path(args.make))
        return 0
    from kpipack.domain import Settings, month_range
    from kpipack.kpis.lineparts import DuckLines, LineParts
    from kpipack.kpis.replenishment import attach
    from kpipack.report.orders import write_order_book

    scratch = tempfile.TemporaryDirectory(prefix="kpipack-bench-")
    folder = Path(scratch.name)
    t0 = time.perf_counter()
    if args.in_memory:
        tables = make_inputs(args.stores, args.skus)
    else:
        import subprocess

        subprocess.run([sys.executable, __file__, "--stores", str(args.stores), "--skus", str(args.skus),
                        "--make", str(folder)], check=True)
        tables = pd.read_pickle(folder / "tables.pkl")
    made = time.perf_counter() - t0
    made_gb = peak_gb()
    months = month_range("2024-10", "2026-10")
    t1, c1 = time.perf_counter(), cpu_s()
    if args.in_memory:
        lines = tables["sales"]
        run = LineParts(lambda: DuckLines(lines))  # the daily units come from the line-level parts' engine
        line_count = len(lines)
    else:  # as a build from a Parquet export: the engine reads the file; the rest gets its summary
        from kpipack.kpis.linefiles import claim

        files, _ = claim([folder / "pos.parquet"])
        engine = files.open()
        files.check(engine)
        run = LineParts(engine)
        lines = engine.frame(files.summary_sql())
        line_count = files.rows_used
    read, read_cpu = time.perf_counter() - t1, cpu_s() - c1
    stores = sorted(lines["store"].unique())
    index = pd.MultiIndex.from_product([["total"] + [f"store:{s}" for s in stores], months], names=["scope", "month"])
    parts, rep = attach(pd.DataFrame(index=index), tables, lines, run, stores, months, "2026-10", Settings(),
                        lambda s: f"store:{s}")
    computed, computed_cpu = time.perf_counter() - t1, cpu_s() - c1
    t2, c2 = time.perf_counter(), cpu_s()
    write_order_book(folder / "orders.xlsx", rep, "ja")
    written, written_cpu = time.perf_counter() - t2, cpu_s() - c2
    result = {
        "lines_from": "memory (pandas)" if args.in_memory else "Parquet file (DuckDB)",
        "pairs": args.stores * args.skus, "sales_lines": line_count, "rows_kept": len(rep.rows),
        "lines_to_order": int((rep.rows["order_qty"] > 0).sum()), "forecast_method": rep.method,
        "wape_pct": rep.accuracy[0]["wape_pct"], "naive_wape_pct": rep.accuracy[0]["naive_wape_pct"],
        "make_inputs_s": round(made, 1), "inputs_gb": round(made_gb, 2), "order_list_and_forecast_s": round(computed, 1),
        "of_which_lines_checked_and_summed_s": round(read, 1), "of_which_cpu_s": round(read_cpu, 1),
        "order_workbook_s": round(written, 1), "total_s": round(computed + written, 1),
        "order_list_and_forecast_cpu_s": round(computed_cpu, 1), "order_workbook_cpu_s": round(written_cpu, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "peak_gb": round(peak_gb(), 2), "target_s": TARGET_S, "target_gb": TARGET_GB,
    }
    scratch.cleanup()
    (HERE / "data").mkdir(exist_ok=True)
    (HERE / "data" / "last-orders-run.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    for key, value in result.items():
        print(f"{key:30} {value}")
    ok = result["total_s"] <= TARGET_S and result["peak_gb"] <= TARGET_GB
    print("within targets" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
