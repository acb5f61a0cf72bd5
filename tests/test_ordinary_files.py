"""Ordinary files that gave a wrong figure without a word: each built through
the real build, with figures worked out by hand.

The sales file of every case: stores S01 and S02, one receipt a day each from
2026-09-01 to 2026-10-31, each of 2 units at 500 = 1,000; October's net sales
are 31 days x 2 stores x 1,000 = 62,000 (31,000 a store)."""
import csv
import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from kpipack.domain import Settings
from kpipack.pipeline import build_pack

HEAD = ["日付", "店舗コード", "レシート番号", "商品コード", "数量", "単価", "売上金額"]
OCTOBER = 62_000.0


def sales_rows() -> list[list]:
    rows, day, n = [], dt.date(2026, 9, 1), 0
    while day <= dt.date(2026, 10, 31):
        for store in ("S01", "S02"):
            n += 1
            rows.append([day.isoformat(), store, f"R{n:05d}", "4901234567894", 2, 500, 1000])
        day += dt.timedelta(days=1)
    return rows


def write_csv(path, rows, head=HEAD):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(head)
        writer.writerows(rows)
    return path


def build(tmp_path, files, lang="en"):
    result = build_pack(files, Settings(lang=lang), json_out=tmp_path / "r.json", use_cache=False)
    return result, json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))


def kpi(results, kpi_id, scope="total", what="actual"):
    return next(r[what] for r in results["kpis"] if r["id"] == kpi_id and r["scope"] == scope)


def problems(results):
    return [(i["row"], i["problem"]) for i in results["data_quality"]["issues"]]


def warnings(results):
    return [w["problem"] for w in results["data_quality"]["warnings"]]


# ---------------------------------------------------------------- totals rows
@pytest.mark.parametrize("where, label", [
    (2, "小計"),           # the receipt column of a dated store row: a per-store subtotal
    (1, "S01 計"),         # the store column
    (1, "渋谷店　計"),      # a full-width space before 計
    (3, "合計"),           # the SKU column
    (2, "Subtotal:"),
    (3, "日計"),           # a POS journal's total of the day, in the SKU column of a dated store row
    (2, "月計"),           # ... of the month
    (3, "累計"),           # ... so far
    (1, "部門計"),
    (2, "Daily total"),
])
def test_a_subtotal_row_in_the_middle_is_not_counted(tmp_path, where, label):
    rows = sales_rows()
    subtotal = ["2026-10-15", "S01", "", "", "", "", 15_000]
    subtotal[where] = label
    rows.insert(90, subtotal)  # among October's lines
    _, results = build(tmp_path, [write_csv(tmp_path / "sales.csv", rows)])
    assert kpi(results, "net_sales") == OCTOBER
    dq = results["data_quality"]
    assert dq["rows_read"] == 123 and dq["rows_rejected"] == 1
    assert dq["net_sales_rejected"] == 15_000
    assert problems(results) == [(92, "totals row, not counted")]  # header row 1, so line 91 of data is row 92


def test_a_shop_whose_name_ends_in_kei_is_not_a_total(tmp_path):
    rows = [r[:1] + ["時計"] + r[2:] if r[1] == "S01" else r for r in sales_rows()]  # 時計: a watch shop
    _, results = build(tmp_path, [write_csv(tmp_path / "sales.csv", rows)])
    assert kpi(results, "net_sales") == OCTOBER and results["data_quality"]["rows_rejected"] == 0


# ---------------------------------------------------------------- the store master
MASTER = ["店舗コード", "店舗名", "売場面積(坪)"]


def test_a_store_written_twice_in_the_master_counts_its_floor_area_once(tmp_path):
    sales = write_csv(tmp_path / "sales.csv", sales_rows())
    master = write_csv(tmp_path / "stores.csv", [["S01", "渋谷店", 40], ["S02", "横浜店", 60], ["S01", "渋谷店", 40]],
                       MASTER)
    _, results = build(tmp_path, [sales, master])
    assert kpi(results, "sales_per_area", "store:S01") == 31_000 / 40
    assert kpi(results, "sales_per_area") == OCTOBER / 100  # not / 140
    assert problems(results) == [(4, "store S01 is already in row 2 of stores.csv [stores]: counted once, there")]
    dq = results["data_quality"]
    assert dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"]


def test_a_store_with_two_floor_areas_is_not_guessed(tmp_path):
    sales = write_csv(tmp_path / "sales.csv", sales_rows())
    master = write_csv(tmp_path / "stores.csv", [["S01", "渋谷店", 40], ["S02", "横浜店", 60], ["S01", "渋谷店", 55]],
                       MASTER)
    _, results = build(tmp_path, [sales, master], lang="ja")
    assert kpi(results, "sales_per_area", "store:S01") is None
    assert kpi(results, "sales_per_area", "store:S02") == 31_000 / 60
    assert kpi(results, "sales_per_area") is None  # the company's floor area is not known
    [(row, problem)] = problems(results)
    assert row == 4 and problem.startswith("店舗 S01 は stores.csv [stores] の 2 行目に別の値（40。この行は 55）")
    assert {s["id"]: s["name"] for s in results["stores"]}["S01"] == "渋谷店"  # what agrees is kept


def test_a_store_missing_from_the_master_is_said(tmp_path):
    sales = write_csv(tmp_path / "sales.csv", sales_rows())
    master = write_csv(tmp_path / "stores.csv", [["S01", "渋谷店", 40]], MASTER)
    _, results = build(tmp_path, [sales, master])
    assert kpi(results, "sales_per_area", "store:S01") == 31_000 / 40
    assert kpi(results, "sales_per_area") is None
    assert any(w.startswith("stores with sales but not in the store master: S02") for w in warnings(results))


def test_the_command_says_the_master_rows_in_japanese(tmp_path):
    sales = write_csv(tmp_path / "sales.csv", sales_rows())
    master = write_csv(tmp_path / "stores.csv", [["S01", "渋谷店", 40], ["S01", "渋谷店", 40]], MASTER)
    env = dict(os.environ, KPIPACK_CACHE_DIR=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-m", "kpipack", "build", str(sales), str(master), "--lang", "ja",
                           "--quiet", "--json", str(tmp_path / "c.json")], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    results = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert problems(results) == [(3, "店舗 S01 は stores.csv [stores] の 2 行目と同じ行のため、重複として使いません")]
    assert any(w.startswith("売上はあるが店舗マスタにない店舗: S02") for w in warnings(results))


# ---------------------------------------------------------------- amounts in thousands
@pytest.mark.parametrize("header, value, factor", [
    ("売上予算(千円)", 35, "1,000"), ("売上予算（千円）", 35, "1,000"), ("売上予算 [千円・税抜]", 35, "1,000"),
    ("売上予算(万円)", 3.5, "10,000"), ("Sales budget (JPY thousands)", 35, "1,000"),
    ("Sales budget ('000)", 35, "1,000"), ("売上予算", 35_000, None),
])
def test_a_budget_in_thousands_of_yen_is_scaled_and_said(tmp_path, header, value, factor):
    sales = write_csv(tmp_path / "sales.csv", sales_rows())
    budget = write_csv(tmp_path / "budget.csv", [["2026-10", "S01", value], ["2026-10", "S02", value]],
                       ["年月", "店舗コード", header])
    _, results = build(tmp_path, [sales, budget])
    assert kpi(results, "net_sales", what="budget") == 70_000  # 2 stores x ¥35,000, never ¥70 or ¥70 million
    assert kpi(results, "net_sales", "store:S01", what="budget") == 35_000
    said = [w for w in warnings(results) if "states its unit" in w]
    assert said == ([f"column '{header}' states its unit: its amounts are multiplied by {factor}"] if factor else [])


def test_opex_and_sales_in_thousands_of_yen(tmp_path):
    sales = write_csv(tmp_path / "sales.csv", [r[:6] + [1] for r in sales_rows()], HEAD[:6] + ["売上金額(千円)"])
    finance = write_csv(tmp_path / "finance.csv", [["2026-10", "S01", 12], ["2026-10", "S02", 8]],
                        ["年月", "店舗コード", "販管費（千円）"])
    _, results = build(tmp_path, [sales, finance], lang="ja")
    assert kpi(results, "net_sales") == OCTOBER
    assert kpi(results, "opex") == 20_000
    assert results["data_quality"]["net_sales_read"] == 122_000  # the control totals in yen too
    assert "列「販管費（千円）」は単位を示しているため、金額を 1,000 倍して読み込みました" in warnings(results)


# ---------------------------------------------------------------- traffic by month
def test_traffic_by_month_is_read_as_month_totals(tmp_path):
    sales = write_csv(tmp_path / "sales.csv", sales_rows())
    traffic = write_csv(tmp_path / "traffic.csv", [["2026-10", "S01", 3100, 400], ["2026-10", "S02", 3100, 300],
                                                   ["2026-09", "S01", 3000, 380], ["2026-09", "S02", 3000, 380]],
                        ["年月", "店舗コード", "来店客数", "総労働時間"])
    _, results = build(tmp_path, [sales, traffic])
    assert kpi(results, "visitors") == 6_200
    assert kpi(results, "conversion_rate_pct") == pytest.approx(62 / 6_200 * 100)
    assert kpi(results, "sales_per_labor_hour", "store:S02") == pytest.approx(31_000 / 300)
    assert "traffic by month: each row is read as its month's total for its store" in warnings(results)
