"""Stock-take reconciliation on a hand-computed case: gains, book quantities
missing from the count sheet, SKUs counted that are not on the books, book
lines nobody counted, and a roll-forward with receipts and reason-coded
adjustments. Every expected figure is worked out here from the rows below,
not by kpipack."""
import datetime as dt
import json
import math

import openpyxl
import pytest

from kpipack.domain import Settings
from kpipack.ingest.headers import classify
from kpipack.domain import parse_tolerances
from kpipack.kpis.stocktake import reason_code
from kpipack.pipeline import build_pack
from workbooks import write_book

D = dt.datetime
PERIOD = "2026-10"
# (date, store, receipt, sku, category, qty, net sales, cost)
SALES = [
    (D(2026, 7, 20), "S1", "r0", "P1", "化粧品", 5, 1000, 500),
    (D(2026, 8, 15), "S1", "r1", "P1", "化粧品", 2, 400, 200),
    (D(2026, 9, 10), "S1", "r2", "P2", "食品", 1, 500, 200),
    (D(2026, 10, 5), "S1", "r3", "P1", "化粧品", 1, 300, 100),
    (D(2026, 10, 20), "S1", "r4", "P2", "食品", 2, 900, 400),
    (D(2026, 9, 1), "S2", "r5", "Q1", "化粧品", 3, 600, 300),
    (D(2026, 10, 10), "S2", "r6", "Q1", "化粧品", 1, 200, 100),
]
# (date, store, sku, category, on hand, unit cost)
INVENTORY = [
    (D(2025, 10, 31), "S2", "Q1", "化粧品", 8, 10), (D(2025, 10, 31), "S2", "Q2", "食品", 3, 99),
    (D(2026, 7, 31), "S1", "P1", "化粧品", 12, 100), (D(2026, 7, 31), "S1", "P2", "食品", 4, 200),
    (D(2026, 10, 31), "S1", "P1", "化粧品", 10, 100), (D(2026, 10, 31), "S1", "P2", "食品", 5, 200),
    (D(2026, 10, 31), "S1", "P3", "食品", 8, 50), (D(2026, 10, 31), "S1", "P4", "食品", 0, 30),
    (D(2026, 10, 31), "S2", "Q1", "化粧品", 20, 10), (D(2026, 10, 31), "S2", "Q2", "食品", 3, 99),
]
# (date, store, sku, book qty or None, counted qty, unit cost or None)
COUNTS = [
    (D(2026, 7, 31), "S1", "P1", 12, 12, 100), (D(2026, 7, 31), "S1", "P2", 4, 4, 200),
    (D(2026, 10, 31), "S1", "P1", 10, 7, 100),     # loss of 3
    (D(2026, 10, 31), "S1", "P2", None, 6, None),  # book and cost from the inventory: gain of 1
    (D(2026, 10, 31), "S1", "P9", None, 2, 40),    # not on the books: book 0, gain of 2
    (D(2026, 10, 31), "S1", "P5", 4, 4, 10),       # agrees
    (D(2026, 10, 31), "S2", "Q1", 20, 15, 10),
    (D(2026, 10, 31), "S2", "Q2", 3, 3, 99),
]
# (date, store, sku, received qty, unit cost or None, cost amount or None)
RECEIPTS = [
    (D(2026, 8, 20), "S1", "P1", 3, 100, None),
    (D(2026, 9, 15), "S1", "P2", 6, None, 1200),
    (D(2026, 7, 10), "S1", "P1", 9, 100, None),    # before the opening count
    (D(2026, 9, 1), "S2", "Q1", 10, 10, None),
    (D(2025, 11, 5), "S2", "Q2", 1, 99, None),     # receipts cover S2's whole 12-month count period
]
# (date, store, sku, qty, reason) - valued at the inventory unit cost
ADJUSTMENTS = [
    (D(2026, 8, 25), "S1", "P1", 1, "破損"),
    (D(2026, 9, 30), "S1", "P2", 1, "期限切れ"),
    (D(2026, 10, 12), "S1", "P1", 2, "theft"),
    (D(2026, 10, 15), "S1", "P2", 1, "rats"),       # unknown reason: other, with a note
    (D(2026, 11, 2), "S1", "P1", 5, "破損"),        # after the count
    (D(2026, 7, 15), "S1", "P1", 1, "破損"),        # before the opening count
    (D(2026, 9, 5), "S2", "Q1", 2, "サンプル"),
]
COST = {("S1", "P1"): 100, ("S1", "P2"): 200, ("S1", "P3"): 50, ("S2", "Q1"): 10, ("S2", "Q2"): 99}


def write_inputs(folder, receipts=True, adjustments=True):
    write_book(folder / "sales.xlsx", {"売上": [["日付", "店舗", "レシート番号", "商品コード", "部門", "数量", "売上金額",
                                               "原価金額"]] + [list(r) for r in SALES]})
    write_book(folder / "inventory.xlsx", {"在庫": [["基準日", "店舗", "商品コード", "部門", "帳簿在庫", "原単価"]]
                                           + [list(r) for r in INVENTORY]})
    write_book(folder / "stocktake.xlsx", {"棚卸": [["棚卸日", "店舗", "商品コード", "帳簿数", "実棚数", "原単価"]]
                                           + [list(r) for r in COUNTS]})
    write_book(folder / "stores.xlsx", {"店舗": [["店舗コード", "店舗名"], ["S1", "本店"], ["S2", "駅前店"]]})
    if receipts:
        write_book(folder / "receipts.xlsx", {"入荷": [["入荷日", "店舗", "商品コード", "入荷数", "仕入単価", "仕入金額"]]
                                              + [list(r) for r in RECEIPTS]})
    if adjustments:
        write_book(folder / "adjustments.xlsx", {"廃棄": [["日付", "店舗", "商品コード", "数量", "理由"]]
                                                 + [list(r) for r in ADJUSTMENTS]})
    return folder


# ---------------------------------------------------------------- the independent computation
def expected_store(store):
    """Book vs count, count period and roll-forward of one store, by hand."""
    lines = []
    for date, st, sku, book, counted, cost in COUNTS:
        if st != store or date.strftime("%Y-%m") != PERIOD:
            continue
        inv = [r for r in INVENTORY if r[1] == st and r[2] == sku and r[0].strftime("%Y-%m") == PERIOD]
        if book is None:
            book = inv[0][4] if inv else 0
        if cost is None:
            cost = inv[0][5]
        lines.append((sku, book, counted, cost))
    previous = [c for c in COUNTS if c[1] == store and c[0] < D(2026, 10, 1)]
    first = "2026-08" if previous else "2025-11"
    sales = sum(r[6] for r in SALES if r[1] == store and first <= r[0].strftime("%Y-%m") <= PERIOD)
    book_value = sum(b * c for _, b, _, c in lines)
    counted_value = sum(n * c for _, _, n, c in lines)
    out = {"book_value": float(book_value), "counted_value": float(counted_value),
           "shrink_value": float(book_value - counted_value),
           "gain_lines": sum(1 for _, b, n, _ in lines if n > b), "count_period": {"first": first, "last": PERIOD},
           "count_period_sales": float(sales), "shrinkage_pct": (book_value - counted_value) / sales * 100}
    # roll-forward: opening = previous count, else the book at the close of the month before the period
    if previous:
        start = max(c[0] for c in previous)
        opening = sum(c[4] * c[5] for c in previous if c[0] == start)
    else:
        start = D(2025, 10, 31)
        opening = sum(r[4] * r[5] for r in INVENTORY if r[1] == store and r[0] == start)
    end = D(2026, 10, 31)
    inside = lambda d: start < d <= end  # noqa: E731
    receipts = sum(r[5] if r[5] is not None else r[3] * r[4] for r in RECEIPTS if r[1] == store and inside(r[0]))
    cogs = sum(r[7] for r in SALES if r[1] == store and inside(r[0]))
    known = sum(a[3] * COST[(a[1], a[2])] for a in ADJUSTMENTS if a[1] == store and inside(a[0]))
    expected_closing = opening + receipts - cogs - known
    out["known_loss"] = float(known)
    out["unknown_loss"] = float(expected_closing - counted_value)
    return out


def expected_total():
    stores = [expected_store(s) for s in ("S1", "S2")]
    total = {k: sum(s[k] for s in stores) for k in ("book_value", "counted_value", "shrink_value", "gain_lines",
                                                     "count_period_sales", "known_loss", "unknown_loss")}
    total["shrinkage_pct"] = total["shrink_value"] / total["count_period_sales"] * 100
    total["count_period"] = {"first": "2025-11", "last": PERIOD}
    return total


# ---------------------------------------------------------------- build once
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = write_inputs(tmp_path_factory.mktemp("stocktake-in"))
    out = tmp_path_factory.mktemp("stocktake-out")
    result = build_pack([folder], Settings(period=PERIOD, lang="en", pack="stocktake"), out=out / "pack.xlsx",
                        json_out=out / "results.json")
    result.loaded = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return result


def close(a, b):
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


def test_hand_figures_are_what_this_case_is_about():
    s1 = expected_store("S1")
    # 3 × 100 lost, 1 × 200 and 2 × 40 found, P5 agrees
    assert s1["shrink_value"] == 300 - 200 - 80
    assert s1["gain_lines"] == 2
    # opening 2 000 + receipts 300 + 1 200 − cost of sales 900 − adjustments 700 = 1 900 expected, 2 020 counted
    assert s1["known_loss"] == 700 and s1["unknown_loss"] == 1900 - 2020


def test_json_stocktake_per_store_and_total_equals_the_hand_computation(built):
    entries = {e["scope"]: e for e in built.loaded["stocktake"]}
    assert set(entries) == {"total", "store:S1", "store:S2"}
    for scope, want in [("total", expected_total()), ("store:S1", expected_store("S1")),
                        ("store:S2", expected_store("S2"))]:
        got = entries[scope]
        for key in ("book_value", "counted_value", "shrink_value", "count_period_sales", "shrinkage_pct",
                    "known_loss", "unknown_loss"):
            assert close(got[key], want[key]), (scope, key, got[key], want[key])
        assert got["gain_lines"] == want["gain_lines"], scope
        assert got["count_period"] == want["count_period"], scope


def test_reconciliation_ties_to_the_shrink_kpi(built):
    kpis = {(r["id"], r["scope"]): r["actual"] for r in built.loaded["kpis"]}
    rec = built.computation.stocktake
    assert close(float(rec.lines["shrink"].sum()), kpis[("shrink_value", "total")])
    for entry in built.loaded["stocktake"]:
        assert close(entry["shrink_value"], kpis[("shrink_value", entry["scope"])])
        assert close(entry["shrinkage_pct"], kpis[("shrinkage_pct", entry["scope"])])
        assert close(entry["book_value"] - entry["counted_value"], entry["shrink_value"])
        assert close(entry["loss_value"] - entry["gain_value"], entry["shrink_value"])


def test_missing_book_quantities_and_skus_not_on_the_books(built):
    lines = built.computation.stocktake.lines.set_index(["store", "sku"])
    assert lines.at[("S1", "P2"), "book_from"] == "inventory"
    assert lines.at[("S1", "P2"), "book_qty"] == 5 and lines.at[("S1", "P2"), "unit_cost"] == 200
    assert bool(lines.at[("S1", "P9"), "not_on_books"]) and lines.at[("S1", "P9"), "book_qty"] == 0
    rec = built.computation.stocktake
    assert list(rec.not_on_books["sku"]) == ["P9"]
    # P3 has 8 on the books and was not counted; P4 (nothing on hand) is no exception
    assert list(rec.not_counted["sku"]) == ["P3"]
    entry = {e["scope"]: e for e in built.loaded["stocktake"]}["store:S1"]
    assert entry["not_on_books_lines"] == 1 and entry["not_counted_lines"] == 1


def test_gains_listed_apart_and_largest_losses_first(built):
    rec = built.computation.stocktake
    assert sorted(rec.gains["sku"]) == ["P2", "P9"]
    assert (rec.gains["diff_qty"] < 0).all()
    losses = rec.top_losses
    assert list(losses["sku"]) == ["P1", "Q1"]  # 300 then 50
    assert (losses["shrink"].diff().dropna() <= 0).all()


def test_known_loss_by_reason_and_the_unknown_reason_noted(built):
    s1 = built.computation.stocktake.rollforward["S1"]
    assert s1.known_by_reason == {"damage": 100.0, "expiry": 200.0, "theft": 200.0, "other": 200.0}
    warnings = [w for w in built.loaded["data_quality"]["warnings"] if "rats" in w["problem"]]
    assert len(warnings) == 1 and warnings[0]["sheet"] == "廃棄" and warnings[0]["row"] == 5
    s2 = {e["scope"]: e for e in built.loaded["stocktake"]}["store:S2"]
    assert s2["known_loss_by_reason"] == {"sample": 20.0}


def test_journal_posts_the_store_totals(built):
    journal = built.computation.stocktake.journal
    assert [(j["store"], j["debit"], j["credit"], j["amount"]) for j in journal] == [
        ("S1", "shrinkage", "inventory", expected_store("S1")["shrink_value"]),
        ("S2", "shrinkage", "inventory", expected_store("S2")["shrink_value"])]


def test_category_tolerance_flags_and_overrides(built):
    cats = built.computation.stocktake.categories.set_index(["store", "category"])
    # S1 化粧品: 300 lost on 700 of sales in the count period
    assert close(cats.at[("S1", "化粧品"), "shrinkage_pct"], 300 / 700 * 100)
    assert cats.at[("S1", "化粧品"), "breach"] is True
    assert parse_tolerances(["1.5", "化粧品=50"]) == {"*": 1.5, "化粧品": 50.0}
    with pytest.raises(ValueError):
        parse_tolerances(["化粧品=lots"])


def test_roll_forward_says_why_when_receipts_are_missing(tmp_path):
    folder = write_inputs(tmp_path, receipts=False)
    result = build_pack([folder], Settings(period=PERIOD, lang="ja"), json_out=tmp_path / "r.json")
    entries = {e["scope"]: e for e in result.results["stocktake"]}
    for entry in entries.values():
        assert entry["known_loss"] is None and entry["unknown_loss"] is None
        assert any("入荷" in note for note in entry["rollforward_notes"])
    # book vs count is still there in full
    assert close(entries["total"]["shrink_value"], expected_total()["shrink_value"])


def test_pack_sheets_trace_every_line_and_hold_the_control_check(built):
    wb = openpyxl.load_workbook(built.pack_path)
    names = wb.sheetnames
    assert names.index("Stock-take reconciliation") < names.index("Stock-take detail")
    detail = wb["Stock-take detail"]
    header = [c.value for c in detail[4]]
    rows = [dict(zip(header, [c.value for c in r])) for r in detail.iter_rows(min_row=5) if r[0].value is not None]
    assert len(rows) == 6
    assert {(r["File"], r["Sheet"], r["Row"]) for r in rows} == {("stocktake.xlsx", "棚卸", n) for n in range(4, 10)}
    assert all(str(r["Difference (shrink)"]).startswith("=IF(") for r in rows)  # live formulas
    assert detail.auto_filter.ref is not None and detail.auto_filter.ref.startswith("A4:")
    recon = wb["Stock-take reconciliation"]
    texts = {c.coordinate: c.value for row in recon.iter_rows() for c in row if c.value is not None}
    check = [k for k, v in texts.items() if v == "All three agree"]
    assert check, "control check missing"
    formula = texts[check[0].replace("A", "H")]
    assert formula.startswith("=IF(") and "ABS(" in formula
    assert "Proposed adjusting journal" in texts.values()
    cached = openpyxl.load_workbook(built.pack_path, data_only=True)["Stock-take reconciliation"]
    assert cached[check[0].replace("A", "H")].value == "OK"


@pytest.mark.parametrize("value,code", [("破損", "damage"), ("期限切れ", "expiry"), ("廃棄", "expiry"),
                                        ("盗難", "theft"), ("サンプル", "sample"), ("試供", "sample"),
                                        ("移動", "transfer"), ("Damaged", "damage"), ("ＴＲＡＮＳＦＥＲ", "transfer"),
                                        ("棚替え", None)])
def test_reason_codes_in_both_languages(value, code):
    assert reason_code(value) == code


@pytest.mark.parametrize("headers,role", [
    (["入荷日", "店舗コード", "商品コード", "入荷数", "仕入単価"], "receipts"),
    (["Receipt date", "Store", "SKU", "Received qty", "Unit cost", "Supplier"], "receipts"),
    (["日付", "店舗", "商品コード", "数量", "理由"], "adjustments"),
    (["Date", "Store", "SKU", "Qty", "Reason code"], "adjustments"),
    (["日付", "店舗", "商品コード", "数量", "単価", "売上金額"], "sales"),
])
def test_receipts_and_adjustments_are_recognised(headers, role):
    assert classify(headers, "Sheet1").role == role


def test_a_count_without_unit_cost_leaves_its_store_empty_and_says_where(tmp_path):
    folder = write_inputs(tmp_path)
    rows = [["棚卸日", "店舗", "商品コード", "帳簿数", "実棚数", "原単価"]] + [list(r) for r in COUNTS]
    rows.append([D(2026, 10, 31), "S2", "Q3", 1, 0, None])  # on no book and without a cost anywhere
    write_book(folder / "stocktake.xlsx", {"棚卸": rows})
    result = build_pack([folder], Settings(period=PERIOD), json_out=tmp_path / "r.json")
    entries = {e["scope"]: e for e in result.results["stocktake"]}
    assert entries["store:S2"]["shrink_value"] is None and entries["store:S2"]["book_value"] is None
    assert entries["total"]["shrink_value"] is None
    assert close(entries["store:S1"]["shrink_value"], expected_store("S1")["shrink_value"])
    notes = [w for w in result.results["data_quality"]["warnings"] if "Q3" in w["problem"]]
    assert [(w["file"], w["sheet"], w["row"]) for w in notes] == [("stocktake.xlsx", "棚卸", len(rows))]
    assert [j["store"] for j in result.computation.stocktake.journal] == ["S1"]
