"""build_pack: the one function the CLI, the app and the tests call."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .domain import Settings
from .errors import KpipackError
from .ingest import Dataset, InputFile, Mapping, expand_inputs, load_inputs
from .messages import text
from .outputs import atomic_target, check_target

Progress = Callable[[str, float, str], None]


@dataclass
class BuildResult:
    dataset: Dataset
    computation: object
    rows: list[dict]
    results: dict
    pack_path: Path | None
    json_path: Path | None


class Cancelled(KpipackError):
    def __init__(self):
        super().__init__("cancelled")


def build_pack(inputs: list[Path | str], settings: Settings, out: Path | None = None,
               json_out: Path | None = None, mapping: Mapping | None = None,
               progress: Progress | None = None, cancel: Callable[[], bool] | None = None,
               shrink_tolerance: dict[str, float] | None = None, use_cache: bool = True,
               engine: str = "duckdb", spark_master: str | None = None) -> BuildResult:
    """Import the inputs, compute every KPI and write the pack and/or JSON.

    Sales lines in Parquet or big CSV files are read by the query engine
    (`engine`: duckdb here, spark on `spark_master`), never as a whole frame.
    Raises KpipackError with a one-line message for anything the user can fix.
    """
    def step(stage: str, fraction: float, detail: str = "") -> None:
        if cancel is not None and cancel():
            raise Cancelled()
        if progress:
            progress(stage, fraction, detail)

    from .kpis.catalogue import check_industry  # light; the modules that load pandas come after the reading starts
    from .memory import keep_freed

    keep_freed()  # frames freed during the build are reused, not faulted in afresh

    check_industry(settings.industry)
    files = expand_inputs(inputs)
    for target in (out, json_out):
        if target is not None:
            check_target(Path(target), files)
    step("reading", 0.0)
    mapping = reading_mapping(mapping, settings)
    from .kpis.linefiles import claim

    def converting(name: str, done: int, size: int, lf: bool = False) -> None:  # a big CSV copied for DuckDB:
        step("reading", 0.0, text("text_lf_copy" if lf else "text_converting", settings.lang, file=name,
                                  done=f"{done >> 20:,}", size=f"{size >> 20:,}"))  # Shift_JIS as UTF-8, or CRLF as LF

    # Parquet and big CSV sales lines: read by the engine
    line_files, files = claim(files, mapping, engine, converting)
    line_engine = None
    if line_files is not None:
        step("reading", 0.0, ", ".join(p.name for p in line_files.paths[:3]))
        line_engine = (line_files, line_files.open(engine, spark_master))
        line_files.check(line_engine[1])  # a file that cannot be read stops the build here
        step("reading", 0.3, text("rows_read", settings.lang, rows=f"{line_files.rows_read:,}"))
    dataset = load_inputs(files, mapping, settings.password,
                          progress=lambda s, f, d: step("reading", 0.6 * f, d), use_cache=use_cache) \
        if files else Dataset({}, [], [], [])
    if line_files is not None:
        dataset.sheets.append(line_files.sheet())
        dataset.inputs.extend(InputFile(p, p.stat().st_size, "") for p in line_files.paths)  # not hashed: too big
    return build_from(dataset, settings, out, json_out, step, shrink_tolerance, line_engine)


def build_from(dataset: Dataset, settings: Settings, out: Path | None = None, json_out: Path | None = None,
               step: Callable[..., None] | None = None, shrink_tolerance: dict[str, float] | None = None,
               line_engine=None) -> BuildResult:
    """The build from inputs already read: compute every KPI, write the pack and/or JSON.
    `line_engine`: the query engine over sales lines in Parquet or big CSV files."""
    step = step or (lambda stage, fraction, detail="": None)
    from .currency import settle_currency

    settings = settle_currency(dataset, settings)
    sales = dataset.table("sales")
    if line_engine is None and (sales is None or sales.empty):
        from .ingest.content_sheets import deferred_doubt
        from .ingest.explain import NothingUsable

        raise deferred_doubt(dataset.notes) or NothingUsable(dataset)  # naming every file and sheet and what each lacks
    from .kpis.catalogue import threshold_for
    from .kpis.drivers import driver_rows
    from .kpis.engine import comparison_rows, compute, keep_views
    from .kpis.replenishment import json_rows
    from .kpis.results import results_json, write_results
    from .kpis.stocktake import reconcile, results_entries

    step("computing", 0.6, text("rows_read", settings.lang, rows=f"{dataset.rows_read:,}"))
    from .kpis.views import chain_abc, prefetch

    comp = compute(dataset, settings, progress=lambda f: step("computing", 0.6 + 0.15 * f),
                   early=prefetch if out is not None else None,  # the pack's views beside the KPIs
                   line_engine=line_engine)
    # without a budget, status comes from the industry profile's benchmark
    rows = comparison_rows(comp, threshold_for=threshold_for(settings.industry, settings.currency,
                                                             settings.area_unit or dataset.area_unit))
    abc = chain_abc(comp)
    step("computing", 0.77)
    comp.stocktake = reconcile(comp, dataset, settings, shrink_tolerance)  # pages and JSON of the counts
    from .kpis.campaigns import campaign_effects

    comp.campaigns, campaign_issues = campaign_effects(comp, dataset)
    comp.warnings.extend(campaign_issues)
    results = results_json(comp, rows, abc, dataset, settings,
                           extra={"drivers": driver_rows(comp),
                                  "stocktake": results_entries(comp.stocktake, settings.lang),
                                  "campaigns": [row for effect in comp.campaigns for row in effect.rows],
                                  **json_rows(comp.replenishment)})
    comp.abc = abc
    step("writing", 0.85)
    pack_path = json_path = None
    if out is not None:
        from .report.pack import write_pack

        with atomic_target(Path(out)) as tmp:
            write_pack(tmp, comp, rows, results, dataset, settings,
                       progress=lambda f, sheet: step("writing", 0.85 + 0.12 * f, sheet))
        pack_path = Path(out)
        keep_views(comp)  # a rebuild from the same inputs shows them at once
    if json_out is not None:
        with atomic_target(Path(json_out)) as tmp:
            write_results(results, tmp)
        json_path = Path(json_out)
    from .ingest.cache import finish_writes

    finish_writes()  # the parse cache's last entry, written beside computing and writing
    step("done", 1.0)
    return BuildResult(dataset, comp, rows, results, pack_path, json_path)


def build_count_sheet(inputs: list[Path | str], store: str, count_date: str, out: Path, lang: str = "en",
                      company: str = "", mapping: Mapping | None = None, password: str | None = None,
                      blind: bool = True, progress=None, cancel=None):
    """Write a printable count sheet for one store from its latest book stock on or
    before `count_date` (YYYY-MM-DD); `blind`: without book quantities on the
    counting sheet. Returns the book stock it lists. `progress(stage, fraction,
    detail)` and `cancel()` as for build_pack (a cancelled call writes nothing)."""
    files = expand_inputs(inputs)
    check_target(Path(out), files)
    with atomic_target(Path(out)) as tmp:
        return count_sheet_into(tmp, files, store, count_date, lang, company, mapping, password, blind,
                                progress=progress, cancel=cancel, name=Path(out).name)


def count_sheet_into(path: Path, files: list[Path], store: str, count_date: str, lang: str = "en",
                     company: str = "", mapping: Mapping | None = None, password: str | None = None,
                     blind: bool = True, progress=None, cancel=None, name: str = ""):
    """The work of build_count_sheet, written straight to `path` (the caller
    makes it atomic): the book stock read and the workbook written."""
    import pandas as pd

    from .kpis.stocktake import book_for_count
    from .report.count_sheet import write_count_sheet

    try:
        day = pd.Timestamp(dt.date.fromisoformat(str(count_date).strip()))
    except ValueError:
        raise KpipackError("bad_date", value=str(count_date)) from None

    def reading(stage, fraction, detail=""):
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(stage, fraction * 0.9, detail)

    book = book_for_count(load_inputs(files, mapping, password, progress=reading), store, day)
    reading("writing_count", 1.0, name or Path(path).name)
    write_count_sheet(path, book, lang, company, blind)
    return book


def reading_mapping(mapping: Mapping | None, settings: Settings) -> Mapping:
    """The mapping with the settings that decide what files leave in doubt
    (date order, the year of dates without one, the fiscal year's start)."""
    mapping = (mapping or Mapping()).with_date_order(settings.date_order).with_year(settings.year)
    return mapping.with_fiscal_year_start(settings.fiscal_year_start)


def build_orders(inputs: list[Path | str], settings: Settings, out: Path, mapping: Mapping | None = None,
                 progress: Progress | None = None, use_cache: bool = True):
    """Write the buyer's order workbook (order lists, style roll-up,
    sell-through, alerts, forecast accuracy). Returns the replenishment result."""
    from .kpis.catalogue import check_industry
    from .kpis.engine import compute

    check_industry(settings.industry)
    files = expand_inputs(inputs)
    check_target(Path(out), files)
    dataset = load_inputs(files, reading_mapping(mapping, settings), settings.password, use_cache=use_cache,
                          progress=(lambda s, f, d: progress("reading", 0.6 * f, d)) if progress else None)
    if progress:
        progress("computing", 0.6, "")
    from .currency import settle_currency

    settings = settle_currency(dataset, settings)
    comp = compute(dataset, settings)
    if comp.replenishment is None:
        raise KpipackError("orders_no_data")
    from .report.orders import write_order_book

    if progress:
        progress("writing", 0.9, "")
    with atomic_target(Path(out)) as tmp:
        write_order_book(tmp, comp.replenishment, settings.lang, settings.currency, settings.company)
    from .ingest.cache import finish_writes

    finish_writes()
    return comp.replenishment


def samples_dir() -> Path:
    """The bundled sample workbooks (KPIPACK_SAMPLES overrides)."""
    from .paths import bundled

    env = os.environ.get("KPIPACK_SAMPLES")
    return Path(env) if env else bundled("resources", "samples")
