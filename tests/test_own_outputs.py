"""Last month's pack left among the inputs is not data: it is skipped with a
note naming it, and the figures are those of the inputs alone. Count sheets
are kpipack's too, but they are inputs (filled in, they come back)."""
import json
import shutil
import zipfile

import xlsxwriter

from conftest import SAMPLES
from kpipack.domain import Settings
from kpipack.ingest import load_inputs
from kpipack.ingest.own_outputs import PACK_SHEETS, own_output
from kpipack.pipeline import build_count_sheet, build_pack
from kpipack.report.labels import label
from kpipack.report.marks import mark_output


def test_last_months_pack_in_the_input_folder_is_skipped(tmp_path):
    folder = tmp_path / "exports"
    shutil.copytree(SAMPLES, folder, ignore=shutil.ignore_patterns("*.py"))
    alone = build_pack([folder], Settings(lang="ja"), out=tmp_path / "2026-09.xlsx", json_out=tmp_path / "a.json")
    shutil.copy(alone.pack_path, folder / "前月資料.xlsx")
    count = build_count_sheet([folder / "inventory.xlsx"], "S01", "2026-10-31", folder / "count-S01.xlsx")
    assert len(count.lines) > 0
    again = build_pack([folder], Settings(lang="ja"), out=tmp_path / "2026-10.xlsx", json_out=tmp_path / "b.json")
    notes = [n for n in again.dataset.notes if n.file == "前月資料.xlsx"]
    assert [n.code for n in notes] == ["file_own_pack"]
    assert "前月" in notes[0].problem("ja") and "not read as data" in notes[0].problem("en")
    assert not any(s.file == "前月資料.xlsx" for s in again.dataset.sheets)
    assert any(s.file == "count-S01.xlsx" for s in again.dataset.sheets)  # the count sheet is still read
    a = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    for kpi in ("opex", "shrinkage_pct", "net_sales"):
        rows = [r for r in a["kpis"] if r["id"] == kpi]
        assert rows and rows == [r for r in b["kpis"] if r["id"] == kpi], kpi
    warned = [w["problem"] for w in b["data_quality"]["warnings"] if w["file"] == "前月資料.xlsx"]
    assert warned and "kpipack" in warned[0]


def _workbook(path, sheets, description="kpipack", kind=None):
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"comments": description})
    if kind:
        mark_output(wb, kind)
    for name in sheets:
        wb.add_worksheet(name).write(0, 0, "x")
    wb.close()
    return path


def test_older_packs_are_known_by_their_sheets(tmp_path):
    assert own_output(_workbook(tmp_path / "old-en.xlsx", ["Cover", "Summary", "Data quality"])) == "pack"
    assert own_output(_workbook(tmp_path / "old-ja.xlsx", ["表紙", "棚卸差異精算", "データ品質"])) == "pack"
    # a workbook that only mentions kpipack, or has a cover but no audit sheet, is the user's
    assert own_output(_workbook(tmp_path / "mine.xlsx", ["Cover", "Sales"])) is None
    assert own_output(_workbook(tmp_path / "other.xlsx", ["Cover", "Data quality"], description="")) is None


def test_the_mark_says_what_the_workbook_is(tmp_path):
    assert own_output(_workbook(tmp_path / "o.xlsx", ["Orders"], kind="orders")) == "orders"
    assert own_output(_workbook(tmp_path / "c.xlsx", ["Count"], kind="count_sheet")) == "count_sheet"
    (tmp_path / "n.csv").write_text("date,sales\n2026-10-01,5\n")
    assert own_output(tmp_path / "n.csv") is None
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    assert own_output(tmp_path / "bad.xlsx") is None


def test_an_order_list_among_the_inputs_is_skipped(tmp_path):
    sales = tmp_path / "sales.csv"
    sales.write_text("date,store,sales\n2026-10-01,S01,5\n", encoding="utf-8")
    orders = tmp_path / "orders.xlsx"
    wb = xlsxwriter.Workbook(str(orders))
    mark_output(wb, "orders")
    wb.add_worksheet("発注").write_row(0, 0, ["date", "store", "sales"])
    wb.get_worksheet_by_name("発注").write_row(1, 0, ["2026-10-01", "S01", 999])
    wb.close()
    ds = load_inputs([sales, orders])
    assert ds.table("sales")["net_sales"].sum() == 5
    assert [(n.file, n.code) for n in ds.notes] == [("orders.xlsx", "file_own_orders")]


def test_the_sheet_names_looked_for_are_the_packs_own():
    cover, quality = PACK_SHEETS
    assert cover == {label("cover", "en"), label("cover", "ja")}
    assert quality == {label("quality", "en"), label("quality", "ja")}


def test_the_pack_is_marked(sample_build):
    with zipfile.ZipFile(sample_build.pack_path) as z:
        assert "kpipack-output" in z.read("docProps/custom.xml").decode()
    assert own_output(sample_build.pack_path) == "pack"


def test_a_pack_saved_again_without_its_properties_is_still_known(sample_build, tmp_path):
    """Some tools drop the custom properties when they save a copy."""
    stripped = tmp_path / "copy.xlsx"
    with zipfile.ZipFile(sample_build.pack_path) as src, zipfile.ZipFile(stripped, "w") as dst:
        for item in src.infolist():
            if item.filename != "docProps/custom.xml":
                dst.writestr(item, src.read(item.filename))
    assert own_output(stripped) == "pack"
