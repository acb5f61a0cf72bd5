"""Wording tables: a key written twice silently replaces the first entry
(the settings' pack choice once showed a question instead of its name)."""
import ast

import pytest

from conftest import ROOT

TABLES = ["src/kpipack/messages.py", "src/kpipack/report/labels.py", "src/kpipack/report/stocktake_words.py",
          "src/kpipack/gui/i18n.py", "src/kpipack/report/count_sheet.py"]


@pytest.mark.parametrize("path", TABLES)
def test_no_key_is_written_twice(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    repeated = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            repeated += sorted({k for k in keys if keys.count(k) > 1})
    assert not repeated, repeated


def test_pack_choice_names_the_audience():
    from kpipack.gui.i18n import tr

    assert tr("pack_store", "en") == "Store owner"
    assert "?" in tr("pack_store_which", "en")
