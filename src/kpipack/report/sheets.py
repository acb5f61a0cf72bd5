"""The sheets a pack can hold: id -> writer. Pack layouts (templates/packs/*.toml)
list these ids in order; adding a sheet is one module plus one line here."""
from __future__ import annotations

from .quality import write_quality
from .summary import write_summary
from .trends import write_trends

# id -> (writer(pack, sheet_name), label key in report.labels)
SHEETS = {
    "summary": (write_summary, "summary"),
    "trends": (write_trends, "trends"),
    "quality": (write_quality, "quality"),
}
