"""The sheets a pack can hold: id -> writer. Pack layouts (templates/packs/*.toml)
list these ids in order; adding a sheet is one module plus one line here."""
from __future__ import annotations

from .drivers_sheet import write_drivers
from .kpi_tree import write_kpi_tree
from .quality import write_quality
from .stocktake_detail import write_stocktake_detail
from .stocktake_sheet import write_stocktake
from .summary import write_summary
from .trends import write_trends

# id -> (writer(pack, sheet_name), label key in report.labels)
SHEETS = {
    "summary": (write_summary, "summary"),
    "trends": (write_trends, "trends"),
    "quality": (write_quality, "quality"),
    "stocktake": (write_stocktake, "stocktake"),
    "stocktake_detail": (write_stocktake_detail, "stocktake_detail"),
    "drivers": (write_drivers, "drivers"),
    "kpi_tree": (write_kpi_tree, "kpi_tree"),
}
