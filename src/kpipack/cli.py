"""Command line: `kpipack build ...` runs headless; `kpipack` alone opens the app."""
from __future__ import annotations

import argparse
import logging
import sys
import traceback
from pathlib import Path

from . import __version__
from .domain import Settings
from .errors import KpipackError
from .messages import text

log = logging.getLogger("kpipack")


def _parser() -> argparse.ArgumentParser:
    from .kpis.catalogue import profiles

    p = argparse.ArgumentParser(prog="kpipack", description="Retail KPI management packs in Excel.")
    p.add_argument("--version", action="version", version=f"kpipack {__version__}")
    p.add_argument("--screenshot", type=Path, help="render the main window to a PNG and exit")
    from .gui.tabs import TABS  # a plain tuple: no Qt is loaded

    p.add_argument("--tab", metavar="NAME", help=f"with --screenshot: the tab to show ({', '.join(TABS)}) "
                   "or 'start' (the window before any file is added)")
    p.add_argument("--lang", choices=["ja", "en"], help="language of the app, messages and pack")
    sub = p.add_subparsers(dest="command")
    b = sub.add_parser("build", help="build a pack from workbooks (files or folders)")
    b.add_argument("inputs", nargs="+", type=Path)
    b.add_argument("--period", help="month YYYY-MM (default: the latest complete month)")
    b.add_argument("--map", type=Path, help="TOML mapping file: [sheet or role] header = \"field\"")
    _reading_options(b)
    b.add_argument("--lang", choices=["ja", "en"], default=argparse.SUPPRESS)
    b.add_argument("--out", type=Path, help="pack to write (.xlsx)")
    b.add_argument("--json", type=Path, help="results JSON to write")
    b.add_argument("--password", help="password of protected workbooks")
    b.add_argument("--no-cache", action="store_true",
                   help="parse every input again and keep nothing in the cache of parsed inputs")
    b.add_argument("--currency", help="ISO code such as JPY or USD (default: what the amounts show, else JPY)")
    b.add_argument("--area-unit", choices=["tsubo", "m2"], help="area unit for per-area KPIs (default: as input)")
    b.add_argument("--industry", default="general", choices=list(profiles()),
                   help="industry profile whose benchmarks set the status of KPIs without a budget")
    b.add_argument("--company", default="")
    b.add_argument("--pack", default="board", help="pack layout: board, store or stocktake")
    b.add_argument("--store", help="store id or name: the store pack's store (board: total and that store)")
    b.add_argument("--previous", type=Path, metavar="PACK.xlsx",
                   help="last month's pack: carries over the owners, dates, progress and notes of open actions")
    b.add_argument("--shrink-tolerance", action="append", metavar="[CATEGORY=]PCT",
                   help="shrinkage %% a category may reach before it is flagged; repeat per category "
                        "(default: the industry aim, 1 %%)")
    b.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb",
                   help="query engine for sales lines in Parquet or big CSV files (spark: needs the spark extra)")
    b.add_argument("--spark-master", metavar="URL", help="Spark master for --engine spark (default local[2])")
    b.add_argument("--quiet", action="store_true", help="no progress display (it shows only on a terminal)")
    _supply_options(b)
    b.add_argument("--debug", action="store_true", help="show tracebacks")
    k = sub.add_parser("count-sheet", help="write a printable count sheet for one store from its book stock")
    k.add_argument("inputs", nargs="+", type=Path, help="the inventory workbook (sales too, for product names)")
    k.add_argument("--store", required=True, help="store code or name")
    k.add_argument("--date", required=True, help="count date YYYY-MM-DD")
    k.add_argument("--out", type=Path, required=True, help="count sheet to write (.xlsx)")
    k.add_argument("--map", type=Path, help="TOML mapping file: [sheet or role] header = \"field\"")
    k.add_argument("--password", help="password of protected workbooks")
    k.add_argument("--company", default="")
    k.add_argument("--with-book", action="store_true",
                   help="show the book quantities on the counting sheet (default: a blind count)")
    k.add_argument("--lang", choices=["ja", "en"], default=argparse.SUPPRESS)
    k.add_argument("--debug", action="store_true", help="show tracebacks")
    o = sub.add_parser("orders", help="write the buyer's order workbook: what to order today, by supplier")
    o.add_argument("inputs", nargs="+", type=Path)
    o.add_argument("--out", type=Path, default=Path("orders.xlsx"), help="order workbook to write (.xlsx)")
    o.add_argument("--period", help="month YYYY-MM whose last day is the as-of day (default: the latest complete "
                                    "month)")
    o.add_argument("--map", type=Path, help="TOML mapping file: [sheet or role] header = \"field\"")
    _reading_options(o)
    o.add_argument("--password", help="password of protected workbooks")
    o.add_argument("--no-cache", action="store_true", help="parse every input again")
    o.add_argument("--currency", help="ISO code such as JPY or USD (default: what the amounts show, else JPY)")
    o.add_argument("--company", default="")
    o.add_argument("--lang", choices=["ja", "en"], default=argparse.SUPPRESS)
    _supply_options(o)
    o.add_argument("--debug", action="store_true", help="show tracebacks")
    c = sub.add_parser("catalogue", help="print the KPI catalogue: benchmarks and improvement actions")
    c.add_argument("--json", action="store_true", help="print a JSON list with one object per KPI")
    c.add_argument("--markdown", action="store_true", help="print the KPI reference page (both languages)")
    c.add_argument("--lang", choices=["ja", "en"], default=argparse.SUPPRESS)
    ca = sub.add_parser("cache", help="the cache of parsed inputs (rebuilds from unchanged files skip parsing)")
    ca.add_argument("action", choices=["clear", "info"], help="clear: delete it; info: where it is and its size")
    ca.add_argument("--lang", choices=["ja", "en"], default=argparse.SUPPRESS)
    return p


# ---------------------------------------------------------------- replenishment settings
def _number_in(low: float, high: float, open_low: bool = False):
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
        if not (low < value if open_low else low <= value) or not value < high:
            raise argparse.ArgumentTypeError(f"{text} is outside {low:g}–{high:g}")
        return value
    return parse


def _supply_options(p: argparse.ArgumentParser) -> None:
    """The order list's settings (shared by build and orders)."""
    p.add_argument("--as-of", metavar="YYYY-MM-DD",
                   help="day the order list and stock figures are worked out for (default: the period's last day)")
    p.add_argument("--lead-time", type=_number_in(0, 1000), default=7.0, metavar="DAYS",
                   help="lead time of products the product master gives none for (default 7)")
    p.add_argument("--review-days", type=_number_in(0, 1000), default=7.0, metavar="DAYS",
                   help="days between two orders of a product (default 7)")
    p.add_argument("--service-level", type=_number_in(50, 100), default=95.0, metavar="PCT",
                   help="chance of not running out during a lead time, for the safety stock (default 95)")
    p.add_argument("--overstock-weeks", type=_number_in(0, 1000, open_low=True), default=26.0, metavar="WEEKS",
                   help="weeks of cover above which a pair is flagged as overstock (default 26)")
    p.add_argument("--markdown-share", type=_number_in(0, 100.0001), default=20.0, metavar="PCT",
                   help="share of a seasonal pair's stock value left over at season end that makes it a "
                        "markdown candidate (default 20)")


def _supply_settings(args) -> dict:
    return {"as_of": args.as_of, "lead_time_days": args.lead_time, "review_days": args.review_days,
            "service_level_pct": args.service_level, "overstock_weeks": args.overstock_weeks,
            "markdown_share_pct": args.markdown_share}


def _default_lang() -> str:
    import locale

    loc = (locale.getlocale()[0] or "") + " " + " ".join(
        filter(None, (__import__("os").environ.get(v) for v in ("LC_ALL", "LC_MESSAGES", "LANG"))))
    return "ja" if "ja" in loc.lower() else "en"


def main(argv: list[str] | None = None) -> int:
    raw = sys.argv[1:] if argv is None else argv
    gui = _app_only(raw)
    if gui is not None:  # the window opens before the full parser loads the KPI catalogue
        return _gui(gui, gui.lang or _default_lang())
    args = _parser().parse_args(argv)
    lang = args.lang or _default_lang()
    if args.command is None:
        return _gui(args, lang)
    debug = getattr(args, "debug", False)
    try:
        if args.command == "build":
            code = _build(args, lang)
            if argv is None:  # the program itself, not a caller in Python
                _leave(code)
            return code
        if args.command == "orders":
            return _orders(args, lang)
        if args.command == "count-sheet":
            return _count_sheet(args, lang)
        if args.command == "catalogue":
            return _catalogue(args, lang)
        if args.command == "cache":
            return _cache(args, lang)
    except KpipackError as exc:
        print(f"kpipack: {exc.message(lang)}", file=sys.stderr)
        if debug:
            traceback.print_exc()
        return 2
    except KeyboardInterrupt:
        print(f"kpipack: {text('cancelled', lang)}", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the user gets one line; the log keeps the traceback
        where = _log_crash()
        print(f"kpipack: {text('internal_error', lang, kind=type(exc).__name__, log=where)}", file=sys.stderr)
        if debug:
            traceback.print_exc()
        return 3
    return 0


def _leave(code: int) -> None:
    """End the process now that everything is written: freeing a million
    lines' frames one object at a time would only keep the user waiting."""
    import os

    from .ingest.cache import finish_writes

    finish_writes()
    if "multiprocessing.util" in sys.modules:  # the readers' socket folder, which only a normal exit removes
        sys.modules["multiprocessing.util"]._run_finalizers()
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


def _reading_options(parser) -> None:
    """What the build and the order workbook read their inputs with: the
    settings the build's messages name where a file leaves them in doubt."""
    parser.add_argument("--fiscal-year-start", type=int, default=4, choices=range(1, 13), metavar="M")
    parser.add_argument("--date-order", choices=["dmy", "mdy"],
                        help="dates such as 10/01/2026 are day first (dmy) or month first (mdy); "
                             "needed only where a column does not show it")
    parser.add_argument("--year", type=int, metavar="YYYY",
                        help="the year of dates written without one (10/1(木), 10月1日), and the fiscal year that a "
                             "budget's months without one (10月) are of; needed only where neither the file's name "
                             "nor the lines above its table say it")


def _orders(args, lang: str) -> int:
    from .ingest import Mapping
    from .pipeline import build_orders

    settings = Settings(period=args.period, currency=args.currency, lang=lang, company=args.company,
                        password=args.password, fiscal_year_start=args.fiscal_year_start,
                        date_order=args.date_order, year=args.year, **_supply_settings(args))
    rep = build_orders(args.inputs, settings, args.out, mapping=Mapping.load(args.map), use_cache=not args.no_cache)
    ordered = rep.rows[rep.rows["order_qty"] > 0]
    print(args.out)
    print(f"{len(ordered)} lines to order as of {rep.as_of}" if lang != "ja"
          else f"{rep.as_of} 時点の発注行: {len(ordered)}")
    for issue in rep.warnings[:NOTES_SHOWN]:
        print(f"kpipack: {issue.problem(lang)}", file=sys.stderr)
    if len(rep.warnings) > NOTES_SHOWN:
        print(f"kpipack: {text('more_notes', lang, count=len(rep.warnings) - NOTES_SHOWN)}", file=sys.stderr)
    return 0


NOTES_SHOWN = 5  # the rest are on the order workbook's notes sheet


def _build(args, lang: str) -> int:
    from .ingest import Mapping
    from .pipeline import build_pack

    if args.out is None and args.json is None:
        args.out = Path("kpi-pack.xlsx")
    settings = Settings(period=args.period, fiscal_year_start=args.fiscal_year_start, currency=args.currency,
                        area_unit=args.area_unit, industry=args.industry, lang=lang, company=args.company,
                        pack=args.pack, password=args.password, store=args.store,
                        previous=str(args.previous) if args.previous else None, date_order=args.date_order,
                        year=args.year,
                        **_supply_settings(args))
    from .cli_progress import display

    with display(lang, args.quiet) as progress:
        result = build_pack(args.inputs, settings, out=args.out, json_out=args.json,
                            mapping=Mapping.load(args.map), progress=progress,
                            shrink_tolerance=_tolerances(args.shrink_tolerance), use_cache=not args.no_cache,
                            engine=args.engine, spark_master=args.spark_master)
    dq = result.results["data_quality"]
    for path in (result.pack_path, result.json_path):
        if path:
            print(path)
    for note in dq.get("read_as", []):  # which known export layout read each file
        print(f"{note['file']}: {note['note']}", file=sys.stderr)
    for issue in result.dataset.warnings:  # the currency the whole pack is written in, where it is a guess,
        # what was read twice, sales perhaps counted once per line of a receipt, the month refunds went to, a
        # month's traffic that its days contradict and finance figures set aside
        if issue.code.startswith(("warn_currency_default", "note_repeat", "warn_receipt_total_untold",
                                  "note_refunds", "warn_traffic_month", "warn_finance")):
            print(f"{issue.file}: {issue.problem(lang)}", file=sys.stderr)
    if dq["rows_rejected"]:
        print(f"{dq['rows_rejected']} rows rejected (see the data-quality sheet)" if lang != "ja"
              else f"{dq['rows_rejected']} 行を除外しました（データ品質シート参照）", file=sys.stderr)
    return 0


def _cache(args, lang: str) -> int:
    from .ingest import cache

    if args.action == "clear":
        folder, size = cache.clear()
        print(text("cache_cleared", lang, size=f"{size / (1 << 20):.1f}", path=folder))
    else:
        folder, size, files = cache.usage()
        print(text("cache_info", lang, size=f"{size / (1 << 20):.1f}", files=files, path=folder))
    return 0


def _catalogue(args, lang: str) -> int:
    import json

    from .kpis import catalogue as cat

    if args.json:
        out = json.dumps(cat.as_json(lang), ensure_ascii=False, indent=1) + "\n"
    else:
        out = cat.as_markdown() if args.markdown else cat.as_text(lang)
    # UTF-8 whatever the console code page, so 坪 and dashes survive a pipe on Windows
    buffer = getattr(sys.stdout, "buffer", None)
    sys.stdout.flush()
    buffer.write(out.encode("utf-8")) if buffer else sys.stdout.write(out)
    sys.stdout.flush()
    return 0


def _tolerances(items: list[str] | None) -> dict[str, float]:
    from .domain import parse_tolerances  # light: the readers start before pandas is imported

    try:
        return parse_tolerances(items)
    except ValueError as exc:
        raise KpipackError("bad_tolerance", value=str(exc)) from None


def _count_sheet(args, lang: str) -> int:
    from .ingest import Mapping
    from .pipeline import build_count_sheet

    book = build_count_sheet(args.inputs, args.store, args.date, args.out, lang, args.company,
                             Mapping.load(args.map), args.password, blind=not args.with_book)
    print(args.out)
    if not book.has_names:
        print("kpipack: " + text("count_no_names", lang), file=sys.stderr)
    if book.other_month:
        print("kpipack: " + text("count_snapshot_other_month", lang, snapshot=f"{book.snapshot_date:%Y-%m-%d}",
                                 date=f"{book.count_date:%Y-%m-%d}"), file=sys.stderr)
    return 0


def _app_only(argv: list[str]):
    """The app's options when the command line holds nothing else, else None."""
    p = argparse.ArgumentParser(prog="kpipack", add_help=False)
    p.add_argument("--screenshot", type=Path)
    p.add_argument("--tab")
    p.add_argument("--lang", choices=["ja", "en"])
    args, rest = p.parse_known_args(argv)
    return None if rest else args


def _gui(args, lang: str) -> int:
    try:
        from .gui.app import run
    except ImportError:
        from .launch import headless_sample

        print(headless_sample(lang))
        return 0
    return run(lang=args.lang, screenshot=args.screenshot, tab=args.tab)  # None: the language saved in the app, else the system's


def _log_crash() -> str:
    from .logs import log_path

    path = log_path()
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(traceback.format_exc() + "\n")
    return str(path)


if __name__ == "__main__":
    sys.exit(main())
