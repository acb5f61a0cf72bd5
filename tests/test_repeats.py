"""Sales read twice are counted once, and what was left out is listed: the
same receipts in an xlsx and its csv, a month exported twice, one file that
is several downloads put together. Two of the same item in one receipt stay.
Expected figures are worked out by hand from the rows written here."""
import csv
import datetime as dt

import pandas as pd
import pytest

from kpipack.ingest import load_inputs, repeats
from workbooks import write_book

HEAD = ["日付", "店舗", "レシート番号", "商品コード", "数量", "売上金額", "原価"]
D1, D2 = dt.datetime(2026, 10, 1, 10, 0), dt.datetime(2026, 10, 2, 11, 30)
R1 = [[D1, "S01", "0001", "0049", 1, 1000, 600], [D1, "S01", "0001", "0050", 2, 500, 300]]
R2 = [[D1, "S01", "0002", "0049", 1, 1000, 600], [D1, "S01", "0002", "0049", 1, 1000, 600]]  # two of one item
R3 = [[D2, "S02", "0001", "0051", 1, 300, 100]]


def _sales(dataset):
    return dataset.table("sales")


def _warnings(dataset):
    """The warnings besides the note that a generic amount header does not say whether tax is in it."""
    return [w for w in dataset.warnings if w.code != "note_sales_tax_unknown"]


def _dq(dataset):
    return dataset.rows_read, dataset.rows_used, dataset.rows_rejected, dataset.net_sales_read, \
        dataset.net_sales_rejected


def test_identical_lines_in_one_receipt_are_two_items(tmp_path):
    path = write_book(tmp_path / "pos.xlsx", {"s": [HEAD] + R1 + R2 + R3})
    ds = load_inputs([path])
    assert _sales(ds)["net_sales"].sum() == 1000 + 500 + 2000 + 300
    assert not ds.issues and not ds.notes
    assert [(w.row, w.code, w.params) for w in _warnings(ds)] == [(5, "warn_duplicate", {"first": 4})]
    assert "counted as a second item" in _warnings(ds)[0].problem("en")


def test_a_file_of_two_downloads_counts_each_receipt_once(tmp_path):
    path = write_book(tmp_path / "pos.xlsx", {"s": [HEAD] + R1 + R2 + R3 + R1 + R2})
    ds = load_inputs([path])
    assert _sales(ds)["net_sales"].sum() == 3800
    # rows 7-10 (R1 again, R2 again) left out, naming where each receipt was first read
    assert [(i.row, i.code, i.params["first"]) for i in ds.issues] == [
        (7, "row_repeat_here", 2), (8, "row_repeat_here", 2), (9, "row_repeat_here", 4),
        (10, "row_repeat_here", 4)]
    assert _dq(ds) == (9, 5, 4, 7300.0, 3500.0)
    [note] = [w for w in _warnings(ds) if w.row == 0]
    assert not ds.notes
    assert note.params == {"other": "pos.xlsx", "lines": 4, "receipts": 2, "amount": "3,500"}
    assert "2 receipts" in note.problem("en") and "3,500" in note.problem("en")
    assert "レシート 2 件" in note.problem("ja")


def test_a_receipt_back_with_other_lines_is_not_a_repeat(tmp_path):
    other = [[D1, "S01", "0001", "0052", 1, 700, 400]]
    path = write_book(tmp_path / "pos.xlsx", {"s": [HEAD] + R1 + R3 + other})
    ds = load_inputs([path])
    assert _sales(ds)["net_sales"].sum() == 2500 and not ds.issues


def test_an_xlsx_and_its_csv_count_once(tmp_path):
    xlsx = write_book(tmp_path / "october.xlsx", {"売上": [HEAD] + R1 + R2 + R3})
    with open(tmp_path / "october.csv", "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEAD)
        for line in R1 + R2 + R3:  # as Excel saves a csv: codes lose their leading zeros
            writer.writerow([line[0].strftime("%Y/%m/%d %H:%M"), line[1], int(line[2]), int(line[3])] + line[4:])
    ds = load_inputs([xlsx, tmp_path / "october.csv"])
    assert _sales(ds)["net_sales"].sum() == 3800
    assert set(_sales(ds)["_file"]) == {"october.xlsx"}
    assert _dq(ds) == (10, 5, 5, 7600.0, 3800.0)
    assert {i.file for i in ds.issues} == {"october.csv"}
    [note] = [w for w in _warnings(ds) if w.row == 0]
    assert not ds.notes
    assert (note.file, note.params) == ("october.csv", {"other": "october.xlsx [売上]", "lines": 5, "receipts": 3,
                                                        "amount": "3,800"})
    assert "october.xlsx" in note.problem("ja") and "october.csv" == note.file


def test_a_month_exported_twice_without_receipt_numbers(tmp_path):
    head = ["date", "store", "sales"]
    sept = [[dt.datetime(2026, 9, d), "S01", 100 * d] for d in (29, 30)]
    octo = [[dt.datetime(2026, 10, d), s, 10 * d] for d in (1, 2) for s in ("S01", "S02")]
    first = write_book(tmp_path / "a-sep-oct.xlsx", {"s": [head] + sept + octo})
    again = write_book(tmp_path / "b-oct.xlsx", {"s": [head] + octo + [[dt.datetime(2026, 10, 3), "S01", 5]]})
    ds = load_inputs([first, again])
    assert _sales(ds)["net_sales"].sum() == 2900 + 3000 + 60 + 5
    [note] = [w for w in _warnings(ds) if w.row == 0]
    assert not ds.notes
    assert note.code == "note_repeats_days" and note.file == "b-oct.xlsx"
    assert note.params == {"other": "a-sep-oct.xlsx [s]", "lines": 4, "receipts": 4, "amount": "60"}
    assert "4 store-days" in note.problem("en")


def test_different_lines_on_the_same_day_in_two_files_both_count(tmp_path):
    head = ["date", "store", "sales"]
    a = write_book(tmp_path / "a.xlsx", {"s": [head, [dt.datetime(2026, 10, 1), "S01", 100]]})
    b = write_book(tmp_path / "b.xlsx", {"s": [head, [dt.datetime(2026, 10, 1), "S01", 120]]})
    ds = load_inputs([a, b])
    assert _sales(ds)["net_sales"].sum() == 220 and not ds.notes


def test_a_rebuild_applies_what_the_first_read_found_and_other_inputs_compare_again(tmp_path, monkeypatch):
    monkeypatch.setenv("KPIPACK_CACHE_DIR", str(tmp_path / "cache"))
    first = write_book(tmp_path / "a.xlsx", {"s": [HEAD] + R1 + R2 + R3 + R1})  # R1 again within, R2 two items
    again = write_book(tmp_path / "b.xlsx", {"s": [HEAD] + R3})  # R3 again in another file
    read = load_inputs([first, again])
    assert _dq(read) == (8, 5, 3, 5600.0, 1800.0)

    def compared(*args):
        raise AssertionError("the lines were compared again")
    monkeypatch.setattr(repeats, "_found", compared)
    reread = load_inputs([first, again])
    pd.testing.assert_frame_equal(_sales(read), _sales(reread))
    assert _dq(reread) == _dq(read)
    assert [(i.file, i.row, i.code, i.params) for i in reread.issues] == \
        [(i.file, i.row, i.code, i.params) for i in read.issues]
    assert [(w.file, w.row, w.code, w.params) for w in _warnings(reread)] == \
        [(w.file, w.row, w.code, w.params) for w in _warnings(read)]
    # the files in the other order: b.xlsx is read first, so R3 is left out of a.xlsx instead
    with pytest.raises(AssertionError, match="compared again"):
        load_inputs([again, first])
    monkeypatch.undo()
    monkeypatch.setenv("KPIPACK_CACHE_DIR", str(tmp_path / "cache"))
    swapped = load_inputs([again, first])
    assert {(i.file, i.row) for i in swapped.issues} == {("a.xlsx", 6), ("a.xlsx", 7), ("a.xlsx", 8)}


def test_the_comparisons_report_as_they_go(tmp_path):
    """Each comparison calls back (a million lines take a second): two sales sheets are compared
    within each (2), the second with the first (1) and for items twice in each (2)."""
    first = write_book(tmp_path / "a.xlsx", {"s": [HEAD] + R1 + R2})
    second = write_book(tmp_path / "b.xlsx", {"s": [HEAD] + R3 + R1})
    sheets = load_inputs([first, second], use_cache=False).sheets
    ticks = []
    out, _, steps = repeats.drop_repeats(sheets, tick=lambda: ticks.append(1))
    assert len(ticks) == 5
    # load_inputs has taken R1 out of b.xlsx already: what is left to find is R2's two of one item
    assert [i for i, _ in steps] == [0] and len(out[1].table) == 1


def test_hashes_made_ahead_are_those_the_comparisons_read(tmp_path, monkeypatch):
    # while other files are still read, a cut sheet's lines are hashed in a thread (LineHashes.ahead);
    # the comparisons then hash nothing again, and find what they find without it
    from kpipack.ingest import Mapping, _read_file

    path = write_book(tmp_path / "pos.xlsx", {"s": [HEAD] + R1 + R2 + R3})
    sheets, _, _ = _read_file(path, Mapping())
    hashes = repeats.LineHashes()
    hashes.ahead(sheets)
    assert len(hashes.kept) == 2, "the receipts' keys and the lines"

    def hashed_again(*args, **kwargs):
        raise AssertionError("hashed again")
    monkeypatch.setattr(repeats, "line_hashes", hashed_again)
    out, notes, steps = repeats.drop_repeats(sheets, hashes=hashes)
    assert not notes and [(w.row, w.code) for w in steps[0][1]] == [(5, "warn_duplicate")]
