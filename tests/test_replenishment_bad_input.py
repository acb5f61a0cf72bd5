"""Bad supply inputs through the real command line, in Japanese and English:
a purchase-order line without a quantity, a lead time written "2週間", one
that is no number at all, a negative case pack and a SKU missing from the
product master (the case of test_replenishment.py, its master changed)."""
import datetime as dt
import json
import subprocess
import sys

import openpyxl
import pytest

from replenish_case import write_case
from workbooks import write_book

D = dt.date
MASTER = [["商品コード", "商品番号", "定番区分", "販売開始日", "販売終了日", "リードタイム", "入数", "最低発注数", "仕入先", "原単価"],
          ["A", "ST-1", "定番", None, None, "2週間", 6, None, "V1", 50],
          ["B", "ST-1", "定番", None, None, "4日", 1, 20, "V1", 50],
          ["C", "ST-2", "シーズン", D(2026, 9, 1), D(2026, 11, 10), 7, 1, 0, "V2", 100],
          ["E", "ST-3", "季節", D(2026, 9, 1), D(2026, 12, 31), 7, 1, 0, "V2", 200],
          ["F", None, "staple", None, None, "すぐ", -3, None, "V3", 30]]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = write_case(tmp_path_factory.mktemp("bad-supply"))
    write_book(folder / "products.xlsx", {"商品マスタ": MASTER})
    return folder


def _kpipack(*args, cache):
    env = {"KPIPACK_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin", "HOME": str(cache)}
    return subprocess.run([sys.executable, "-m", "kpipack", *args], capture_output=True, text=True, timeout=300,
                          env=env)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_bad_supply_inputs_are_named_and_defaults_apply(folder, tmp_path, lang):
    out, js = tmp_path / "pack.xlsx", tmp_path / "r.json"
    done = _kpipack("build", str(folder), "--period", "2026-10", "--lang", lang, "--out", str(out), "--json", str(js),
                    cache=tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    data = json.loads(js.read_text(encoding="utf-8"))
    issues = [(i["sheet"], i["row"], i["problem"]) for i in data["data_quality"]["issues"]]
    warnings = [(w["sheet"], w["row"], w["problem"]) for w in data["data_quality"]["warnings"]]
    words = {"ja": ("発注数が空かエラー値です", "リードタイム（日）「すぐ」を数値として読めない", "ケース入数「-3」が 0 以下",
                    "商品 D が商品マスタにありません"),
             "en": ("Quantity ordered is empty or an error cell", "Lead time (days) 'すぐ' is not a number",
                    "case pack '-3' is not above 0", "SKU D is not in the product master")}[lang]
    assert issues == [("PO", 6, issues[0][2])] and words[0] in issues[0][2]  # the line without a quantity: out
    assert ("商品マスタ", 6) in {(s, r) for s, r, p in warnings if words[1] in p}  # kept, with the default
    assert ("商品マスタ", 6) in {(s, r) for s, r, p in warnings if words[2] in p}
    assert any(words[3] in p for _, _, p in warnings)
    assert not any("SKU F" in p or "商品 F が" in p for _, _, p in warnings)  # F is in the master
    rows = {r["sku"]: r for r in data["replenishment"]}
    assert rows["A"]["lead_time_days"] == 14.0  # "2週間"
    assert (rows["F"]["lead_time_days"], rows["F"]["case_pack"], rows["F"]["supplier"]) == (7.0, 1.0, "V3")
    assert (rows["D"]["lead_time_days"], rows["D"]["case_pack"], rows["D"]["class"]) == (7.0, 1.0, "staple")
    assert rows["A"]["on_order"] == 0.0  # the PO line without a quantity is on order nowhere
    # the data-quality sheet of the pack names the same rows
    book = openpyxl.load_workbook(out, read_only=True)
    quality = next(book[n] for n in book.sheetnames if n in ("データ品質", "Data quality"))
    text = "\n".join(str(c) for row in quality.iter_rows(values_only=True) for c in row if c is not None)
    assert words[0] in text and words[1] in text and words[3] in text


def test_orders_command_works_headless_with_the_bad_inputs(folder, tmp_path):
    out = tmp_path / "発注.xlsx"
    done = _kpipack("orders", str(folder), "--period", "2026-10", "--lang", "ja", "--lead-time", "10",
                    "--out", str(out), cache=tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out)
    staple = book["定番発注"]
    skus = {staple.cell(r, 3).value for r in range(1, staple.max_row + 1)}
    assert {"A", "B"} <= skus
    lead = {staple.cell(r, 3).value: staple.cell(r, 10).value for r in range(1, staple.max_row + 1)}
    assert lead["A"] == 14 and (lead.get("F") in (None, 10))  # the master's 2週間; F: --lead-time where shown


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_order_list_from_sales_alone_says_what_it_rests_on(tmp_path, lang):
    """Sales lines and nothing else (a store owner's first try): every pair's on
    hand is unknown and counted as 0, and D (first sale 16 Oct: 16 days to the
    31st) and E (11 Oct: 21 days) have under four weeks of history, A (4 Oct:
    28 days), B and C (1 Oct) do not. Both are said on the terminal and on the
    workbook's notes sheet."""
    from replenish_case import sales_rows

    write_book(tmp_path / "sales.xlsx", {"売上": sales_rows()})
    out = tmp_path / "orders.xlsx"
    done = _kpipack("orders", str(tmp_path / "sales.xlsx"), "--period", "2026-10", "--lang", lang, "--out", str(out),
                    cache=tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    unknown, short = {"ja": ("5 件の店舗×商品に 2026-10-31 時点の在庫数がありません",
                             "2 件の店舗×商品は 2026-10-31 までの販売履歴が 28 日未満です（最短 16 日）"),
                      "en": ("5 store × SKU pairs have no stock figure on 2026-10-31",
                             "2 store × SKU pairs have fewer than 28 days of sales history up to 2026-10-31 "
                             "(the shortest 16 days)")}[lang]
    assert unknown in done.stderr and short in done.stderr
    book = openpyxl.load_workbook(out, read_only=True)
    notes = book[{"ja": "注意事項", "en": "Notes"}[lang]]
    text = "\n".join(str(c) for row in notes.iter_rows(values_only=True) for c in row if c is not None)
    assert unknown in text and short in text
    alerts = book[{"ja": "在庫アラート", "en": "Stock alerts"}[lang]]
    actions = [str(c) for row in alerts.iter_rows(values_only=True) for c in row if c and "本日" in str(c)
               or c and str(c).startswith("Order ")]
    said = {"ja": "個発注する（商品マスタに仕入先なし", "en": "today (no supplier in the product master)"}[lang]
    assert actions and all(said in a for a in actions), actions  # no master: no supplier to name


def test_an_order_list_with_stock_for_every_pair_has_no_stock_note(folder, tmp_path):
    out = tmp_path / "orders.xlsx"
    done = _kpipack("orders", str(folder), "--period", "2026-10", "--lang", "en", "--out", str(out),
                    cache=tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    assert "no stock figure" not in done.stderr
    assert "fewer than 28 days" in done.stderr  # D and E, as above


def test_sku_column_left_empty_builds_without_an_order_list(tmp_path):
    """A register that has a SKU column but never fills it: the pack is built
    from the sales, with no order list (nothing to order), not a crash."""
    lines = ["date,store,receipt,sku,qty,net_sales"]
    days = [f"2026-10-{d:02d}" for d in range(1, 31)]
    for i, day in enumerate(days):
        lines += [f"{day},S1,R{i},,2,{1000 + i}", f"{day},S1,R{i},,1,500"]
    sales = tmp_path / "sales.csv"
    sales.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, js = tmp_path / "pack.xlsx", tmp_path / "r.json"
    done = _kpipack("build", str(sales), "--period", "2026-10", "--lang", "en", "--out", str(out), "--json", str(js),
                    cache=tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["replenishment"] == []
    total = {k["id"]: k["actual"] for k in data["kpis"] if k["scope"] == "total"}
    assert total["net_sales"] == 30 * 1500 + sum(range(30))  # every line: 1000 + i and 500 per day
    assert total["transactions"] == 30
    assert out.stat().st_size > 0
