"""The sheets a pack can hold: id -> writer. Pack layouts (templates/packs/*.toml)
list these ids in order; adding a sheet is one module plus one line here."""
from __future__ import annotations

from .abc_analysis import write_abc
from .actions import write_actions
from .budget import write_budget
from .campaigns import write_campaigns
from .channels import write_channels
from .cover import write_cover
from .customers import write_customers
from .drivers_sheet import write_drivers
from .finance import write_finance
from .glossary import write_glossary
from .inventory import write_inventory
from .kpi_tree import write_kpi_tree
from .monthly import write_monthly
from .orders import PACK_IDS, pack_writer
from .productivity import write_productivity
from .quality import write_quality
from .stores import write_stores
from .stocktake_detail import write_stocktake_detail
from .stocktake_sheet import write_stocktake
from .summary import write_summary
from .trends import write_trends

# id -> (writer(pack, sheet_name), label key in report.labels)
SHEETS = {
    "cover": (write_cover, "cover"),
    "summary": (write_summary, "summary"),
    "budget": (write_budget, "budget_sheet"),
    "trends": (write_trends, "trends"),
    "stores": (write_stores, "stores"),
    "abc": (write_abc, "abc"),
    "inventory": (write_inventory, "inventory"),
    "productivity": (write_productivity, "productivity"),
    "customers": (write_customers, "customers"),
    "finance": (write_finance, "finance"),
    "actions": (write_actions, "actions"),
    "glossary": (write_glossary, "glossary"),
    "monthly": (write_monthly, "monthly"),
    "quality": (write_quality, "quality"),
    "stocktake": (write_stocktake, "stocktake"),
    "stocktake_detail": (write_stocktake_detail, "stocktake_detail"),
    "drivers": (write_drivers, "drivers"),
    "kpi_tree": (write_kpi_tree, "kpi_tree"),
    "channels": (write_channels, "channels"),
    "campaigns": (write_campaigns, "campaigns_sheet"),
}
SHEETS.update({sheet_id: (pack_writer(key), sheet_id) for key, sheet_id in PACK_IDS.items()})
