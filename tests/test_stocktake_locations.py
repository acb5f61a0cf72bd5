"""An item counted on several lines of one count (売場 and 倉庫): its counts add
up and its book qty — the same on each line, or its stock snapshot's — is the
item's, counted once. By hand: A book 10, counted 4 + 5 = 9, short 1 at 600;
B book 20, counted 12 + 7 = 19, short 1 at 900: shrink 1,500, not 25,500."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from kpipack.domain import Settings
from kpipack.pipeline import build_pack

COUNTS = {"棚卸日": ["2026/10/31"] * 4, "店舗": ["本店"] * 4, "ロケーション": ["売場", "倉庫", "売場", "倉庫"],
          "商品コード": ["A", "A", "B", "B"], "実棚数": [4, 5, 12, 7]}


def build(tmp_path, counts: pd.DataFrame) -> dict:
    pd.DataFrame({"日付": ["2026/10/01"] * 3, "店舗": ["本店"] * 3, "商品コード": ["A", "B", "A"], "数量": [1, 2, 1],
                  "売上金額": [1000, 3000, 1000], "原価": [600, 1800, 600]}).to_csv(tmp_path / "sales.csv", index=False)
    pd.DataFrame({"日付": ["2026/10/31"] * 2, "店舗": ["本店"] * 2, "商品コード": ["A", "B"], "在庫数": [10, 20],
                  "原価単価": [600, 900]}).to_csv(tmp_path / "stock.csv", index=False)
    counts.to_csv(tmp_path / "counts.csv", index=False)
    build_pack([tmp_path / "sales.csv", tmp_path / "stock.csv", tmp_path / "counts.csv"],
               Settings(period="2026-10", lang="en"), out=tmp_path / "r.xlsx", json_out=tmp_path / "r.json",
               use_cache=False)
    return json.loads((tmp_path / "r.json").read_text())


@pytest.mark.parametrize("book", [None, [10, 10, 20, 20]], ids=["book from the stock", "book on each line"])
def test_an_item_counted_in_two_places_has_its_book_counted_once(tmp_path, book):
    counts = pd.DataFrame(COUNTS if book is None else {**COUNTS, "帳簿数": book})
    got = build(tmp_path, counts)
    total = next(s for s in got["stocktake"] if s["scope"] == "total")
    assert (total["book_value"], total["counted_value"], total["shrink_value"]) == (24000, 22500, 1500)
    assert any(w["problem"].startswith("2 items were counted on more than one line")
               for w in got["data_quality"]["warnings"])


def test_book_quantities_that_differ_by_location_are_each_locations_own(tmp_path):
    """売場 book 6 and 倉庫 book 4 for A (10 in all), counted 4 and 5: short 1; B 12 + 8, counted 12 + 7: short 1."""
    got = build(tmp_path, pd.DataFrame({**COUNTS, "帳簿数": [6, 4, 12, 8]}))
    total = next(s for s in got["stocktake"] if s["scope"] == "total")
    assert total["shrink_value"] == 1500
    assert not any("more than one line" in w["problem"] for w in got["data_quality"]["warnings"])
