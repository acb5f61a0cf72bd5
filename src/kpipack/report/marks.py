"""Marking a workbook as a kpipack output, so that when it is later found
among the inputs (last month's pack left in the export folder) it is told
apart from data (see `ingest.own_outputs`).

Every workbook kpipack writes calls `mark_output` once, with its kind:
"pack" and "orders" are never read as inputs; "count_sheet" is (the filled-in
counts come back for the stock-take). A new kind of output that is not an
input adds its name to `ingest.own_outputs.NOT_INPUTS`."""
from __future__ import annotations

from ..ingest.own_outputs import PROPERTY


def mark_output(workbook, kind: str) -> None:
    """Mark an xlsxwriter workbook as kpipack's output of this kind."""
    workbook.set_custom_property(PROPERTY, kind, "text")
