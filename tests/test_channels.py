"""Sales KPIs per channel and per store and channel (replenishment contract
section 5), on a small table summed by hand in the comments.

Two stores A and B, channels written "店舗", "EC" and "ec " (one channel: EC,
spelt as first written), period 2026-10.
"""
import datetime as dt
import json

import pytest

from kpipack.domain import Settings
from kpipack.pipeline import build_pack
from workbooks import write_book

D = dt.datetime

SALES = [
    ["日付", "店舗", "レシート番号", "商品コード", "数量", "売上金額", "原価", "会員番号", "販売チャネル"],
    [D(2026, 10, 1, 10), "A", "R1", "X", 2, 1000, 600, "M1", "店舗"],
    [D(2026, 10, 1, 10), "A", "R1", "Y", 1, 500, 200, "M1", "店舗"],
    [D(2026, 10, 2, 11), "A", "R2", "X", 1, 2000, 1500, "M2", "EC"],
    [D(2026, 10, 3, 12), "A", "R3", "X", -1, -400, -300, "M2", " ec "],  # a return on EC
    [D(2026, 10, 4, 12), "B", "R4", "Y", 3, 1500, 600, None, "店舗"],
    [D(2026, 10, 5, 12), "B", "R5", "Y", 1, 600, 240, "M3", "ec"],
    [D(2026, 10, 6, 12), "B", "R6", "Y", 1, 300, 120, None, None],  # no channel: in no channel scope
    [D(2026, 9, 15, 9), "A", "R7", "X", 1, 800, 480, "M1", "EC"],
    [D(2025, 10, 10, 9), "B", "R8", "X", 1, 400, 240, "M3", "店舗"],
    [D(2026, 10, 31, 20), "B", "R9", "Z", 1, 100, 50, None, "店舗"],  # reaches the month end
]


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    folder = tmp_path_factory.mktemp("channels")
    write_book(folder / "sales.xlsx", {"売上": SALES})
    result = build_pack([folder / "sales.xlsx"], Settings(period="2026-10"), json_out=folder / "r.json")
    data = json.loads((folder / "r.json").read_text(encoding="utf-8"))
    return {(r["id"], r["scope"]): r for r in data["kpis"]}, result


def value(rows, kpi, scope, field="actual"):
    return rows[0][(kpi, scope)][field]


def test_channel_scopes_named_as_first_written(rows):
    comp = rows[1].computation
    # net sales: 店舗 1000+500+1500+100 = 3100; EC 2000−400+600 = 2200 → largest first
    assert comp.channels == ["店舗", "EC"]
    assert comp.channel_scopes == ["channel:店舗", "channel:EC", "store:A/channel:店舗", "store:A/channel:EC",
                                   "store:B/channel:店舗", "store:B/channel:EC"]


def test_channel_sales_kpis_against_hand_sums(rows):
    # 店舗, Oct: net 1000+500+1500+100 = 3100; cost 600+200+600+50 = 1450; GP 1650; margin 1650/3100
    assert value(rows, "net_sales", "channel:店舗") == pytest.approx(3100)
    assert value(rows, "cogs", "channel:店舗") == pytest.approx(1450)
    assert value(rows, "gross_profit", "channel:店舗") == pytest.approx(1650)
    assert value(rows, "gross_margin_pct", "channel:店舗") == pytest.approx(1650 / 3100 * 100)
    # receipts R1, R4, R9 → 3; ATV 3100/3; units 2+1+3+1 = 7 → 7/3
    assert value(rows, "transactions", "channel:店舗") == 3
    assert value(rows, "atv", "channel:店舗") == pytest.approx(3100 / 3)
    assert value(rows, "units_per_transaction", "channel:店舗") == pytest.approx(7 / 3)
    assert value(rows, "return_rate_pct", "channel:店舗") == 0
    # members buying on 店舗 in October: M1 (B's R4 and R9 have none) → 1
    assert value(rows, "customers", "channel:店舗") == 1
    # EC, Oct: net 2000−400+600 = 2200; cost 1500−300+240 = 1440; returns 400 / positive 2600
    assert value(rows, "net_sales", "channel:EC") == pytest.approx(2200)
    assert value(rows, "gross_profit", "channel:EC") == pytest.approx(760)
    assert value(rows, "return_rate_pct", "channel:EC") == pytest.approx(400 / 2600 * 100)
    # R2 and R5 positive, R3 (a return only) not → 2; units 1−1+1 = 1
    assert value(rows, "transactions", "channel:EC") == 2
    assert value(rows, "units_per_transaction", "channel:EC") == pytest.approx(0.5)
    assert value(rows, "customers", "channel:EC") == 2  # M2 and M3


def test_store_channel_scopes(rows):
    assert value(rows, "net_sales", "store:A/channel:EC") == pytest.approx(1600)  # 2000 − 400
    assert value(rows, "net_sales", "store:B/channel:EC") == pytest.approx(600)
    assert value(rows, "net_sales", "store:B/channel:店舗") == pytest.approx(1600)  # 1500 + 100
    assert value(rows, "transactions", "store:B/channel:店舗") == 2
    assert value(rows, "customers", "store:A/channel:店舗") == 1


def test_comparisons_and_share(rows):
    # EC in September: A's R7 800 → MoM (2200 − 800) / 800
    assert value(rows, "net_sales", "channel:EC", "prev_month") == pytest.approx(800)
    assert value(rows, "net_sales", "channel:EC", "mom_pct") == pytest.approx(175.0)
    # 店舗 in October 2025: B's R8 400
    assert value(rows, "net_sales", "channel:店舗", "prev_year") == pytest.approx(400)
    assert value(rows, "net_sales", "channel:EC", "prev_year") is None
    assert value(rows, "net_sales", "channel:EC", "budget") is None
    # share: total Oct = 3100 + 2200 + 300 (no channel) = 5600
    assert value(rows, "channel_share_pct", "channel:店舗") == pytest.approx(3100 / 5600 * 100)
    assert value(rows, "channel_share_pct", "channel:EC") == pytest.approx(2200 / 5600 * 100)
    assert value(rows, "channel_share_pct", "channel:EC", "prev_month") == pytest.approx(100.0)  # 800 / 800
    assert ("channel_share_pct", "store:A/channel:EC") not in rows[0]


def test_no_channel_column_no_channel_scopes(tmp_path):
    write_book(tmp_path / "s.xlsx", {"売上": [row[:8] for row in SALES]})
    result = build_pack([tmp_path / "s.xlsx"], Settings(period="2026-10"))
    assert result.computation.channel_scopes == []
    assert not any("channel" in r["scope"] for r in result.rows)
