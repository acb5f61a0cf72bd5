"""The blank input workbooks import as their own table without any mapping."""
import pytest

from conftest import ROOT
from kpipack.ingest import load_inputs

TEMPLATES = ROOT / "templates" / "inputs"
ROLES = ["sales", "traffic", "stores", "inventory", "stocktake", "budget", "finance", "survey", "campaigns",
         "products", "purchase_orders"]


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_template_is_recognised(role, lang):
    ds = load_inputs([TEMPLATES / lang / f"{role}.xlsx"])
    assert [s.role for s in ds.sheets] == [role]
    assert ds.rows_rejected == 0 and ds.rows_used == 1
