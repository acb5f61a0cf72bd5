"""Campaign effect (replenishment contract section 6) against figures worked
out by hand in the comments: with a control group of other stores, of other
SKUs, without one, with a base of 0; and every bad campaign row reported with
its file, sheet and row while the rest is measured.

Stores A, B, C; SKU X is 化粧品, SKU Y is 食品; October 2026.
"""
import datetime as dt
import json

import pytest

from kpipack.domain import Settings
from kpipack.kpis.campaigns import uplift_and_incremental
from kpipack.pipeline import build_pack
from workbooks import write_book

D = dt.datetime


def line(day, store, sku, amount, cost, qty=1, receipt=None):
    category = {"X": "化粧品", "Y": "食品"}[sku]
    return [D(2026, 10, day, 12), store, receipt or f"R-{store}{day}{sku}{amount}", sku, category, qty, amount, cost]


SALES = [["日付", "店舗", "レシート番号", "商品コード", "部門", "数量", "売上金額", "原価"],
         # フェア (A, 化粧品, 11-12 Oct; pre-window 9-10 Oct), control: B and C's 化粧品
         line(9, "A", "X", 1000, 600), line(10, "A", "X", 1000, 600),  # treated pre 2000, GP 800, 2 units
         line(11, "A", "X", 2000, 1200, 2), line(12, "A", "X", 1000, 600),  # treated during 3000, GP 1200, 3 units
         line(9, "B", "X", 500, 300), line(10, "C", "X", 500, 300),  # control pre 1000, GP 400, 2 units
         line(11, "B", "X", 600, 360), line(12, "C", "X", 600, 360),  # control during 1200, GP 480, 2 units
         line(11, "A", "Y", 5000, 2500),  # A's food during the fair: neither treated nor control
         # SKU施策 (SKU Y, every store, 20-22 Oct; pre 17-19 Oct), control: the other SKUs (X)
         line(17, "A", "Y", 300, 150), line(18, "B", "Y", 300, 150),  # treated pre 600
         line(20, "A", "Y", 900, 450, 3), line(22, "C", "Y", 300, 150),  # treated during 1200
         line(19, "A", "X", 1000, 600),  # control pre 1000
         line(21, "B", "X", 500, 300),  # control during 500
         # 全店セール (everything, 25 Oct; pre 24 Oct): no control group
         line(24, "B", "X", 400, 240),  # pre 400
         line(25, "A", "X", 1000, 600), line(25, "C", "Y", 200, 100),  # during 1200
         # ゼロ (C, SKU X, 28 Oct; pre 27 Oct): C sold no X on the 27th
         line(27, "A", "X", 100, 60), line(28, "A", "X", 100, 60),  # control pre 100, during 100
         line(28, "C", "X", 300, 180),  # treated during 300
         line(31, "B", "Y", 50, 25),  # the data reaches the month end
         [D(2026, 9, 1, 12), "A", "R0", "X", "化粧品", 1, 100, 60]]  # data from 1 September

CAMPAIGNS = [["施策名", "開始日", "終了日", "店舗", "商品コード", "部門"],
             ["フェア", D(2026, 10, 11), D(2026, 10, 12), "A", None, "化粧品"],  # row 2
             ["フェア", D(2026, 10, 11), D(2026, 10, 12), "Z", None, "化粧品"],  # row 3: unknown store
             ["SKU施策", D(2026, 10, 20), D(2026, 10, 22), None, "Y", None],  # row 4
             ["SKU施策", D(2026, 10, 20), D(2026, 10, 22), None, "NOPE", None],  # row 5: unknown SKU
             ["全店セール", D(2026, 10, 25), D(2026, 10, 25), None, None, None],  # row 6
             ["ゼロ", D(2026, 10, 28), D(2026, 10, 28), "C", "X", None],  # row 7
             ["重複", D(2026, 10, 12), D(2026, 10, 13), "A", None, "化粧品"],  # row 8: overlaps フェア
             ["昔", D(2026, 8, 1), D(2026, 8, 5), None, None, None],  # row 9: before the data
             ["逆", D(2026, 10, 10), D(2026, 10, 5), "B", None, None],  # row 10: ends before it starts
             # row 11: B's 化粧品 on the 11th, in フェア's control group (and フェア's A in its own): both measured,
             # both reported; its treated lines are B's X of the 11th (600), before: B's X of the 10th (none)
             ["同時", D(2026, 10, 11), D(2026, 10, 11), "B", None, "化粧品"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("campaigns")
    write_book(folder / "sales.xlsx", {"売上": SALES})
    write_book(folder / "施策.xlsx", {"施策一覧": CAMPAIGNS})
    build_pack([folder], Settings(period="2026-10", lang="en"), out=folder / "pack.xlsx",
               json_out=folder / "r.json")
    return json.loads((folder / "r.json").read_text(encoding="utf-8")), folder


def rows_of(data, name):
    return {r["measure"]: r for r in data["campaigns"] if r["campaign"] == name}


def test_other_stores_control(built):
    fair = rows_of(built[0], "フェア")
    assert {r["control"] for r in fair.values()} == {"other_stores"}
    net = fair["net_sales"]
    assert (net["start"], net["end"]) == ("2026-10-11", "2026-10-12")
    assert (net["treated_during"], net["treated_pre"], net["control_during"], net["control_pre"]) == \
        (3000, 2000, 1200, 1000)
    # ((3000 / 2000) / (1200 / 1000) − 1) × 100 = (1.5 / 1.2 − 1) × 100 = 25 ; 3000 − 2000 × 1.2 = 600
    assert net["uplift_pct"] == pytest.approx(25.0)
    assert net["incremental"] == pytest.approx(600.0)
    gp = fair["gross_profit"]
    # GP 1200, 800, 480, 400: (1.5 / 1.2 − 1) × 100 = 25 ; 1200 − 800 × 1.2 = 240
    assert (gp["treated_during"], gp["treated_pre"], gp["control_during"], gp["control_pre"]) == (1200, 800, 480, 400)
    assert gp["uplift_pct"] == pytest.approx(25.0)
    assert gp["incremental"] == pytest.approx(240.0)
    units = fair["units"]
    # units 3, 2, 2, 2: ((3 / 2) / (2 / 2) − 1) × 100 = 50 ; 3 − 2 × 1 = 1
    assert units["uplift_pct"] == pytest.approx(50.0)
    assert units["incremental"] == pytest.approx(1.0)


def test_other_skus_control(built):
    net = rows_of(built[0], "SKU施策")["net_sales"]
    assert net["control"] == "other_skus"
    assert (net["treated_during"], net["treated_pre"], net["control_during"], net["control_pre"]) == \
        (1200, 600, 500, 1000)
    # ((1200 / 600) / (500 / 1000) − 1) × 100 = (2 / 0.5 − 1) × 100 = 300 ; 1200 − 600 × 0.5 = 900
    assert net["uplift_pct"] == pytest.approx(300.0)
    assert net["incremental"] == pytest.approx(900.0)
    # units: during 3 + 1 = 4, pre 2; control 1 and 1 → (2 / 1 − 1) × 100 = 100 ; 4 − 2 × 1 = 2
    units = rows_of(built[0], "SKU施策")["units"]
    assert (units["uplift_pct"], units["incremental"]) == (pytest.approx(100.0), pytest.approx(2.0))


def test_no_control(built):
    net = rows_of(built[0], "全店セール")["net_sales"]
    assert net["control"] == "none"
    assert net["control_during"] is None and net["control_pre"] is None
    # (1200 / 400 − 1) × 100 = 200 ; 1200 − 400 = 800
    assert (net["treated_during"], net["treated_pre"]) == (1200, 400)
    assert net["uplift_pct"] == pytest.approx(200.0)
    assert net["incremental"] == pytest.approx(800.0)


def test_a_base_of_zero_gives_null(built):
    net = rows_of(built[0], "ゼロ")["net_sales"]
    assert net["control"] == "other_stores"
    # treated pre 0: uplift null; incremental 300 − 0 × (100 / 100) = 300
    assert (net["treated_during"], net["treated_pre"], net["control_during"], net["control_pre"]) == (300, 0, 100, 100)
    assert net["uplift_pct"] is None
    assert net["incremental"] == pytest.approx(300.0)


def test_uplift_nulls_by_hand():
    assert uplift_and_incremental(100.0, 50.0, 10.0, 0.0) == (None, None)  # control pre 0
    assert uplift_and_incremental(100.0, 50.0, 0.0, 10.0) == (None, pytest.approx(100.0))  # 100 − 50 × 0
    assert uplift_and_incremental(100.0, 0.0, control=False) == (None, 100.0)
    assert uplift_and_incremental(90.0, 60.0, control=False) == (pytest.approx(50.0), 30.0)


def test_one_row_per_campaign_and_measure(built):
    data = built[0]
    names = [r["campaign"] for r in data["campaigns"]]
    assert sorted(set(names)) == sorted(["フェア", "SKU施策", "全店セール", "ゼロ", "同時"])
    assert all(names.count(n) == 3 for n in set(names))
    assert {r["measure"] for r in data["campaigns"]} == {"net_sales", "gross_profit", "units"}
    fields = {"campaign", "start", "end", "control", "measure", "treated_during", "treated_pre", "control_during",
              "control_pre", "uplift_pct", "incremental"}
    assert all(set(r) == fields for r in data["campaigns"])


def test_bad_campaign_rows_are_reported_with_file_sheet_row(built):
    warnings = built[0]["data_quality"]["warnings"]
    found = {w["row"]: w for w in warnings if w["file"] == "施策.xlsx"}
    assert all(w["sheet"] == "施策一覧" for w in found.values())
    assert set(found) == {2, 3, 5, 8, 9, 10, 11}
    assert "comparison group holds the stores and products of campaign 同時" in found[2]["problem"]
    assert "campaign フェア" in found[11]["problem"]
    assert "store 'Z'" in found[3]["problem"]
    assert "SKU 'NOPE'" in found[5]["problem"]
    assert "overlaps campaign 'フェア'" in found[8]["problem"]
    assert "2026-07-27" in found[9]["problem"] and "2026-09-01" in found[9]["problem"]  # needs from 5 days before
    assert "ends (2026-10-05) before it starts (2026-10-10)" in found[10]["problem"]
    # and the pack was written all the same
    assert (built[1] / "pack.xlsx").stat().st_size > 0


def test_a_campaign_in_another_ones_control_group_is_measured_with_a_caution(built):
    same_day = rows_of(built[0], "同時")["net_sales"]
    # B's X: 600 on the 11th, nothing on the 10th → uplift null; control A and C's 化粧品: 2000 and 500
    assert (same_day["treated_during"], same_day["treated_pre"]) == (600, 0)
    assert (same_day["control_during"], same_day["control_pre"]) == (2000, 1500)  # A 2000; A 1000 + C 500
    assert same_day["uplift_pct"] is None
    assert same_day["incremental"] == pytest.approx(600.0)  # 600 − 0 × (2000 / 1500)
    assert rows_of(built[0], "フェア")["net_sales"]["uplift_pct"] == pytest.approx(25.0)  # still measured


def test_english_headers_and_no_campaigns(tmp_path):
    write_book(tmp_path / "sales.xlsx", {"売上": SALES})
    write_book(tmp_path / "promo.xlsx", {"Promotions": [["Campaign", "Start date", "End date", "Store", "Category"],
                                                        ["Fair", D(2026, 10, 11), D(2026, 10, 12), "A", "化粧品"]]})
    result = build_pack([tmp_path], Settings(period="2026-10"))
    assert [r["uplift_pct"] for r in result.results["campaigns"] if r["measure"] == "net_sales"] == \
        [pytest.approx(25.0)]
    alone = build_pack([tmp_path / "sales.xlsx"], Settings(period="2026-10"))
    assert alone.results["campaigns"] == []
