"""Traffic matched to the sales' stores: a traffic file that names its stores
(渋谷店) beside sales by code is read as the master's codes, and a store with
visitors but no sales, or sales but no visitors, is named — the company's
conversion rate divides every store's transactions by every store's visitors.
Expected values are worked out by hand below."""
import datetime as dt
import json

from kpipack.domain import Settings
from kpipack.pipeline import build_pack
from workbooks import write_book

DAYS = range(1, 32)


def _inputs(tmp_path, traffic_rows):
    sales = [["日付", "店舗コード", "レシート番号", "売上金額"]]
    for d in DAYS:  # S01: 2 receipts a day, S02: 1
        sales += [[dt.date(2026, 10, d), "S01", f"A{d}-1", 1000], [dt.date(2026, 10, d), "S01", f"A{d}-2", 1000],
                  [dt.date(2026, 10, d), "S02", f"B{d}", 3000]]
    master = [["店舗コード", "店舗名", "売場面積(坪)"], ["S01", "渋谷店", 40], ["S02", "横浜店", 60]]
    files = [write_book(tmp_path / "sales.xlsx", {"売上": sales}), write_book(tmp_path / "stores.xlsx", {"店舗": master}),
             write_book(tmp_path / "traffic.xlsx", {"来店": traffic_rows})]
    build_pack(files, Settings(lang="ja", period="2026-10"), json_out=tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    kpis = {(k["id"], k["scope"]): k["actual"] for k in data["kpis"]}
    return kpis, [w["problem"] for w in data["data_quality"]["warnings"]]


def test_traffic_by_store_name_is_matched_to_the_sales_codes(tmp_path):
    rows = [["日付", "店舗名", "来店客数"]]
    rows += [[dt.date(2026, 10, d), name, n] for d in DAYS for name, n in (("渋谷店", 10), ("横浜店", 4))]
    kpis, warnings = _inputs(tmp_path, rows)
    assert kpis[("visitors", "store:S01")] == 310  # 10 a day × 31
    assert kpis[("conversion_rate_pct", "store:S01")] == 20.0  # 62 receipts / 310 visitors
    assert kpis[("conversion_rate_pct", "store:S02")] == 25.0  # 31 / 124
    assert not any("来店客数・労働時間" in w for w in warnings)


def test_visitors_of_a_store_without_sales_are_named(tmp_path):
    rows = [["日付", "店舗コード", "来店客数"]]
    rows += [[dt.date(2026, 10, d), s, 10] for d in DAYS for s in ("S01", "S02", "S09")]
    kpis, warnings = _inputs(tmp_path, rows)
    assert kpis[("conversion_rate_pct", "total")] == 93 / 930 * 100  # S09's visitors are in the company's
    assert any("売上のない店舗 S09 の来店客数" in w for w in warnings)


def test_sales_of_a_store_without_visitors_are_named(tmp_path):
    rows = [["日付", "店舗コード", "来店客数"]] + [[dt.date(2026, 10, d), "S01", 10] for d in DAYS]
    kpis, warnings = _inputs(tmp_path, rows)
    assert kpis[("conversion_rate_pct", "total")] == 93 / 310 * 100  # S02's receipts, none of its visitors
    assert any(w.startswith("S02 は 2026年10月 に売上がありますが") for w in warnings)
