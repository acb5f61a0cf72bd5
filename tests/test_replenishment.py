"""Replenishment, availability, fill rate, sell-through and cover against
cases worked out by hand (replenishment contract sections 1–4 and 7).

One store S1, as-of day 2026-10-31 (the period's last day, which has a sales
line), z = NORM.S.INV(0.95) = 1.6448536, review period 7 days.

  A staple, case pack 6, lead time "1週間" (7 days). Snapshot 09-30: 30.
    Sells 4 on 10-04, 08, 12, 16, 20, 24, 28; receives 6 on 10-10 (PO1).
  B staple, minimum order 20, lead time "4日". Snapshot 09-30: 5.
    Sells 1 a day 10-01..10-05 and 10-21..10-29; receives 10 on 10-20 (PO3).
  C seasonal 09-01..11-10 (near its end). Snapshot 08-31: 0, receives 35 on
    09-01, sells 1 a day 10-01..10-30.
  D not in the master (defaults). Snapshot 09-30: 0. PO4 10 due 10-15 is
    part-delivered (6 on 10-14); PO5 12 ordered 10-30 due 11-06 is open.
    Sells 1 on 10-16 and 10-17.
  E seasonal 09-01..12-31, unit cost 200. Snapshot 08-31: 50. Sells 1 on
    10-11, 10-21 and 10-31.
  F staple, case pack -3 in the master (refused: 1). Snapshot 09-30: 7; never sells.
"""
import json
import math

import pytest

from kpipack.domain import Settings
from kpipack.pipeline import build_pack
from replenish_case import write_case

Z = 1.6448536269514722


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    folder = write_case(tmp_path_factory.mktemp("replenish"))
    result = build_pack([folder], Settings(period="2026-10"), json_out=folder / "r.json", use_cache=False)
    data = json.loads((folder / "r.json").read_text(encoding="utf-8"))
    rows = {r["sku"]: r for r in data["replenishment"]}
    kpis = {(k["id"], k["scope"]): k for k in data["kpis"]}
    return result, data, rows, kpis


def test_inputs_recognised(case):
    result, data, _, _ = case
    roles = {s.sheet: s.role for s in result.dataset.sheets}
    assert roles == {"売上": "sales", "在庫": "inventory", "入荷": "receipts", "商品マスタ": "products", "PO": "purchase_orders"}
    assert data["as_of"] == "2026-10-31"
    issues = data["data_quality"]["issues"]
    assert [(i["sheet"], i["row"]) for i in issues] == [("PO", 6)]  # the PO line without a quantity
    assert "Quantity ordered" in issues[0]["problem"]
    warnings = [w["problem"] for w in data["data_quality"]["warnings"]]
    assert any("case pack '-3'" in w for w in warnings)
    assert any("SKU D is not in the product master" in w for w in warnings)


def test_case_pack(case):
    a = case[2]["A"]
    n = 28  # 10-04 .. 10-31: the history starts at the first sale
    mean = 28 / n  # 7 sales of 4 units = 1.0 a day
    sd = math.sqrt((7 * (4 - 1) ** 2 + 21 * (0 - 1) ** 2) / (n - 1))  # sqrt(84 / 27) = 1.7638342
    assert a["avg_daily"] == pytest.approx(mean)
    assert a["sd_daily"] == pytest.approx(sd)
    assert a["lead_time_days"] == 7.0  # "1週間"
    assert a["on_hand"] == 30 + 6 - 28  # 8
    assert a["on_order"] == 0.0  # PO1 was received in full; PO6 had no quantity
    assert a["safety_stock"] == pytest.approx(Z * sd * math.sqrt(7))  # 7.675984
    assert a["reorder_point"] == pytest.approx(7 + 7.675984, abs=1e-5)  # 14.675984
    assert a["order_up_to"] == pytest.approx(14 + Z * sd * math.sqrt(14))  # 24.855480
    # need 24.856 − 8 = 16.856 → 3 cases of 6
    assert a["order_qty"] == 18.0
    assert a["flags"] == ["stockout_risk"]
    assert a["style"] == "ST-1" and a["supplier"] == "V1" and a["class"] == "staple"
    assert a["weeks_of_cover"] == pytest.approx(8 / (28 / 4))
    assert a["sell_through_pct"] == pytest.approx(28 / (30 + 6) * 100)


def test_minimum_order(case):
    b = case[2]["B"]
    mean = 14 / 31  # 14 days of 1 unit in 10-01 .. 10-31
    sd = math.sqrt((14 - 31 * mean ** 2) / 30)  # 0.5058794
    assert (b["avg_daily"], b["sd_daily"]) == (pytest.approx(mean), pytest.approx(sd))
    assert b["lead_time_days"] == 4.0
    assert b["on_hand"] == 5 - 14 + 10  # 1
    assert b["reorder_point"] == pytest.approx(mean * 4 + Z * sd * 2)  # 3.470646 ≥ 1
    # need = 0.451613 × 11 + z × sd × √11 − 1 = 6.7275 → raised to the minimum of 20
    assert b["order_up_to"] - 1 == pytest.approx(6.727497, abs=1e-5)
    assert b["order_qty"] == 20.0


def test_seasonal_pair_near_season_end(case):
    c = case[2]["C"]
    mean = 30 / 31
    assert c["class"] == "seasonal" and c["days_left"] == 10  # 11-01 .. 11-10
    assert c["on_hand"] == 35 - 30
    # days left 10 > lead time 7: need = 0.967742 × 10 − 5 = 4.677 → 5
    assert c["order_qty"] == 5.0
    assert c["projected_leftover"] == pytest.approx(0.0)
    assert c["season_sell_through_pct"] == pytest.approx(30 / (0 + 35) * 100)  # 85.714
    assert "stockout_risk" not in c["flags"]


def test_markdown_candidate_and_overstock(case):
    e = case[2]["E"]
    mean = 3 / 21  # first sale 10-11: 21 days
    assert e["avg_daily"] == pytest.approx(mean)
    assert e["on_hand"] == 47
    assert e["order_qty"] == 0.0  # 0.142857 × 61 − 47 < 0
    assert e["projected_leftover"] == pytest.approx(47 - mean * 61)  # 38.285714; × 200 = 7657 ≥ 20 % of 9,400
    assert e["flags"] == ["overstock", "markdown_candidate"]  # cover 47 / (3 / 4) = 62.7 weeks
    assert e["season_sell_through_pct"] == pytest.approx(3 / 50 * 100)


def test_partial_delivery_and_defaults(case):
    d = case[2]["D"]
    assert d["on_order"] == 12.0  # PO5 open; PO4 part-delivered is closed
    assert d["lead_time_days"] == 7.0 and d["class"] == "staple"
    assert d["on_hand"] == 0 + 6 - 2
    assert d["order_qty"] == 0.0 and d["flags"] == []


def test_dead_stock(case):
    f = case[2]["F"]
    assert f["flags"] == ["dead_stock"]
    assert f["avg_daily"] == 0 and f["weeks_of_cover"] is None


def test_kpis(case):
    kpis = case[3]
    for scope in ("total", "store:S1"):
        # OSA: A 31/31, B 16/31 (empty from the end of 10-05 to the receipt on 10-20), C 31/31,
        # D 17/31 (empty until the receipt of 10-14), E 31/31, F 31/31
        assert kpis[("osa_pct", scope)]["actual"] == pytest.approx(157 / 186 * 100)
        # fill rate: PO1 6/6, PO3 10/10, PO4 6/10
        assert kpis[("fill_rate_pct", scope)]["actual"] == pytest.approx(22 / 26 * 100)
        # sell-through: sold 28+14+30+2+3+0 over (30+6)+(5+10)+35+(0+6)+50+7
        assert kpis[("sell_through_pct", scope)]["actual"] == pytest.approx(77 / 149 * 100)
        # cover: stock 8+1+5+4+47+7 = 72 over 28-day units 28+11+27+2+3 = 71 per 4 weeks
        assert kpis[("weeks_of_cover", scope)]["actual"] == pytest.approx(72 / (71 / 4))
    assert kpis[("fill_rate_pct", "total")]["prev_month"] is None  # nothing was due in September


def test_forecast_accuracy_rows(case):
    data = case[1]
    acc = data["forecast_accuracy"]
    assert acc[0]["category"] is None and acc[0]["pairs"] == 6
    for row in acc:
        assert {"wape_pct", "mape_pct", "naive_wape_pct", "naive_mape_pct", "pairs"} <= set(row)
    # naive: the 28 days before the origin 10-03 (09-06 .. 10-03) against 10-04 .. 10-31
    # actual: A 28, B 11, C 27, D 2, E 3, F 0 = 71; naive: A 0, B 3, C 3, D 0, E 0, F 0 = 6
    assert acc[0]["naive_wape_pct"] == pytest.approx((28 + 8 + 24 + 2 + 3) / 71 * 100)


def test_mapping_file_and_missing_column(tmp_path):
    from kpipack.ingest import Mapping, load_inputs
    from workbooks import write_book

    write_case(tmp_path)

    write_book(tmp_path / "master.xlsx", {"Items": [["Code", "Kind", "Days to deliver", "Carton"],
                                                   ["A", "seasonal", "2週間", 12]]})
    write_book(tmp_path / "po.xlsx", {"PO": [["PO Number", "Order Date", "SKU"], ["PO1", "2026-10-01", "A"]]})
    (tmp_path / "map.toml").write_text('[Items]\n_role = "products"\nCode = "sku"\nKind = "item_class"\n'
                                       '"Days to deliver" = "lead_time_days"\nCarton = "case_pack"\n'
                                       '[PO]\n_role = "purchase_orders"\n', encoding="utf-8")
    ds = load_inputs([tmp_path / "master.xlsx"], Mapping.load(tmp_path / "map.toml"))
    products = ds.table("products")
    assert products.loc[0, ["sku", "item_class", "lead_time_days", "case_pack"]].tolist() == ["A", "seasonal", 14.0, 12.0]
    (tmp_path / "orders.xlsx").unlink()  # the case's own orders: only the mapped sheet without quantities is left
    result = build_pack([tmp_path / "sales.xlsx", tmp_path / "stock.xlsx", tmp_path / "po.xlsx"],
                        Settings(period="2026-10"), mapping=Mapping.load(tmp_path / "map.toml"), use_cache=False)
    assert [(w.file, w.sheet, w.problem()) for w in result.computation.warnings if w.code == "sheet_missing_field"] == \
        [("po.xlsx", "PO", "sheet skipped: no column for required field 'Quantity ordered'")]
    assert result.results["replenishment"] and all(r["on_order"] == 0 for r in result.results["replenishment"])


def test_unit_cost_from_the_sales_lines(tmp_path):
    """Neither the master nor the stock gives a unit cost: the sold lines' cost
    over their units (a return and a line without a cost left out)."""
    from workbooks import write_book

    D = __import__("datetime").date
    write_book(tmp_path / "sales.xlsx", {"売上": [
        ["日付", "店舗", "商品コード", "数量", "売上金額", "原価"],
        [D(2026, 10, 3), "S1", "X", 2, 300, 100], [D(2026, 10, 9), "S1", "X", 3, 450, 180],
        [D(2026, 10, 12), "S1", "X", -1, -150, -60], [D(2026, 10, 20), "S1", "X", 1, 150, None],
        [D(2026, 10, 31), "S1", "Y", 4, 400, 90]]})
    write_book(tmp_path / "stock.xlsx", {"在庫": [["日付", "店舗", "商品コード", "在庫数"],
                                                  [D(2026, 9, 30), "S1", "X", 10], [D(2026, 9, 30), "S1", "Y", 8]]})
    build_pack([tmp_path], Settings(period="2026-10"), json_out=tmp_path / "r.json", use_cache=False)
    rows = {r["sku"]: r for r in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["replenishment"]}
    assert rows["X"]["unit_cost"] == pytest.approx((100 + 180) / (2 + 3))
    assert rows["Y"]["unit_cost"] == pytest.approx(90 / 4)
