"""Stock, traffic and finance rows read twice (an xlsx and its csv, two
downloads whose periods overlap) count once, each row left out is listed,
and rows that only look alike (another store, another shape) stay.
Expected values are worked out by hand below."""
import csv
import datetime as dt
import json

from kpipack.domain import Settings
from kpipack.ingest import load_inputs
from kpipack.pipeline import build_pack
from workbooks import write_book

TRAFFIC_HEAD = ["日付", "店舗コード", "来店客数", "総労働時間"]


def _sales(tmp_path):
    """S01 sells 1,000 a day in October 2026, one receipt a day."""
    rows = [["日付", "店舗コード", "レシート番号", "売上金額"]]
    rows += [[dt.date(2026, 10, d), "S01", f"A{d}", 1000] for d in range(1, 32)]
    return write_book(tmp_path / "sales.xlsx", {"売上": rows})


def _csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([[c.isoformat() if isinstance(c, dt.date) else c for c in r] for r in rows])
    return path


def _build(tmp_path, *files):
    build_pack([_sales(tmp_path), *files], Settings(lang="ja", period="2026-10"), json_out=tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    return {(k["id"], k["scope"]): k["actual"] for k in data["kpis"]}, data["data_quality"]


def test_traffic_saved_as_xlsx_and_csv_counts_once(tmp_path):
    rows = [TRAFFIC_HEAD] + [[dt.date(2026, 10, d), "S01", 10 * d, 8] for d in range(1, 32)]
    book = write_book(tmp_path / "traffic.xlsx", {"日別": rows})
    kpis, dq = _build(tmp_path, book, _csv(tmp_path / "traffic.csv", rows))
    assert kpis[("visitors", "total")] == 10 * 31 * 32 / 2  # 10 + 20 + … + 310 = 4,960, not 9,920
    assert kpis[("labor_hours", "total")] == 8 * 31
    repeats = [i for i in dq["issues"] if i["file"] == "traffic.csv"]
    assert len(repeats) == 31 and repeats[0]["row"] == 2 and "traffic.xlsx [日別] の 2 行目と同じ行" in repeats[0]["problem"]
    assert any(w["file"] == "traffic.csv" and "31 行" in w["problem"] for w in dq["warnings"])
    assert dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"]


def test_two_downloads_whose_days_overlap_count_each_day_once(tmp_path):
    first = [TRAFFIC_HEAD] + [[dt.date(2026, 10, d), "S01", 100, 8] for d in range(1, 16)]  # 1st to 15th
    second = [TRAFFIC_HEAD] + [[dt.date(2026, 10, d), "S01", 100, 8] for d in range(10, 32)]  # 10th to 31st
    kpis, dq = _build(tmp_path, write_book(tmp_path / "t1.xlsx", {"S": first}),
                      write_book(tmp_path / "t2.xlsx", {"S": second}))
    assert kpis[("visitors", "total")] == 100 * 31  # the 10th to the 15th once
    assert sorted(i["row"] for i in dq["issues"] if i["file"] == "t2.xlsx") == list(range(2, 8))


def test_rows_are_matched_one_to_one_and_other_stores_stay(tmp_path):
    head = ["入荷日", "店舗コード", "商品コード", "入荷数", "仕入単価"]
    day = dt.date(2026, 10, 5)
    a = [head, [day, "S01", "4901", 2, 100], [day, "S01", "4901", 2, 100]]  # two like deliveries
    b = [head] + [[day, "S01", "4901", 2, 100]] * 3 + [[day, "S02", "4901", 2, 100]]  # three, and S02's
    data = load_inputs([write_book(tmp_path / "a.xlsx", {"入荷": a}), _csv(tmp_path / "b.csv", b)])
    table = data.table("receipts")
    assert len(table) == 4  # a's two, b's third S01 line and S02's line
    assert sorted(i.row for i in data.issues if i.file == "b.csv") == [2, 3]
    assert table["store"].tolist().count("S02") == 1


def test_a_company_sheet_and_a_store_sheet_are_different_rows(tmp_path):
    by_store = [["年月", "店舗コード", "販管費"], ["2026-10", "S01", 500_000]]
    company = [["年月", "販管費"], ["2026-10", 500_000]]  # the same figure, another table
    data = load_inputs([write_book(tmp_path / "finance.xlsx", {"店舗別": by_store, "全社": company})])
    assert len(data.table("finance")) == 2 and not data.issues


def test_the_command_line_says_what_was_read_twice(tmp_path, capsys):
    from kpipack.cli import main

    rows = [TRAFFIC_HEAD] + [[dt.date(2026, 10, d), "S01", 10, 8] for d in range(1, 32)]
    write_book(tmp_path / "traffic.xlsx", {"日別": rows})
    _csv(tmp_path / "traffic.csv", rows)
    _sales(tmp_path)
    assert main(["build", str(tmp_path), "--out", str(tmp_path / "p.xlsx"), "--quiet", "--lang", "en"]) == 0
    err = capsys.readouterr().err
    # a folder's files are read in name order: the csv first, the xlsx its repeat
    assert "traffic.xlsx: 31 rows are the same as in traffic.csv [traffic]: counted once, there" in err
