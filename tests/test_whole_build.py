"""Ordinary inputs build a pack or say why: a pack without the traffic file,
charts that would have no series, a fault of the program told in the user's
language."""
import json
import shutil
import zipfile

import pytest
import xlsxwriter

from conftest import SAMPLES
from kpipack import cli
from kpipack.report.charts import new_chart, place, place_charts


def _samples_without(tmp_path, *names):
    folder = tmp_path / "inputs"
    folder.mkdir()
    for path in SAMPLES.glob("*.xlsx"):
        if path.name not in names:
            shutil.copy(path, folder / path.name)
    return folder


def _charts(pack_path) -> dict[str, int]:
    """Sheet part -> charts drawn on it, read from the package itself."""
    with zipfile.ZipFile(pack_path) as z:
        names = z.namelist()
        drawings = [n for n in names if n.startswith("xl/drawings/drawing") and n.endswith(".xml")]
        return {d: z.read(d).decode().count("<c:chart ") for d in drawings}


def test_samples_without_traffic_build_in_japanese(tmp_path, capsys):
    folder = _samples_without(tmp_path, "traffic_labor.xlsx")
    out, js = tmp_path / "pack.xlsx", tmp_path / "r.json"
    assert cli.main(["build", str(folder), "--lang", "ja", "--out", str(out), "--json", str(js)]) == 0, \
        capsys.readouterr().err
    results = json.loads(js.read_text(encoding="utf-8"))
    assert results["period"] == "2026-10"
    assert sum(_charts(out).values()) > 5
    import openpyxl

    book = openpyxl.load_workbook(out, read_only=True)
    assert "生産性" in book.sheetnames  # floor area still gives sales per area


def test_sales_and_store_master_only(tmp_path, capsys):
    folder = tmp_path / "inputs"
    folder.mkdir()
    for name in ("pos_sales_FY2026.xlsx", "store_master.xlsx"):
        shutil.copy(SAMPLES / name, folder / name)
    out = tmp_path / "pack.xlsx"
    assert cli.main(["build", str(folder), "--lang", "ja", "--out", str(out)]) == 0, capsys.readouterr().err
    assert out.stat().st_size > 0


def test_a_chart_without_series_is_left_out(tmp_path):
    class Sheets:  # the few pack methods placing uses
        def __init__(self, workbook):
            self.workbook, self.reserved = workbook, []

        def reserve_chart(self, ws, row, col, chart, width, height, x_offset):
            ws.insert_chart(row, col, chart)
            self.reserved.append(row)
            return 10

        def widths(self, ws):
            return {}

        def content_px(self, ws):
            return 800.0

    path = tmp_path / "charts.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("s")
    ws.write_column(0, 0, [1, 2, 3])
    sheets = Sheets(wb)
    empty = new_chart(sheets, "line", title="nothing")
    assert place(sheets, ws, 0, 2, empty) == 0
    full = new_chart(sheets, "column", title="numbers")
    full.add_series({"values": ["s", 0, 0, 2, 0]})
    line = new_chart(sheets, "line")  # combined, but given no series
    full.combine(line)
    assert place_charts(sheets, ws, 5, [new_chart(sheets, "bar"), full]) == 16
    assert sheets.reserved == [5]
    wb.close()  # xlsxwriter refuses to write a placed chart without a series
    assert sum(_charts(path).values()) == 1


def test_internal_error_in_the_users_language(monkeypatch, tmp_path, capsys):
    import kpipack.pipeline

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a fault of the program")

    monkeypatch.setattr(kpipack.pipeline, "build_pack", broken)
    monkeypatch.setattr(cli, "_log_crash", lambda: str(tmp_path / "kpipack.log"))
    assert cli.main(["build", str(SAMPLES), "--lang", "ja", "--json", str(tmp_path / "r.json")]) == 3
    err = capsys.readouterr().err
    assert "内部エラー（ZeroDivisionError）" in err and "kpipack.log" in err and "internal error" not in err
    assert cli.main(["build", str(SAMPLES), "--lang", "en", "--json", str(tmp_path / "r.json")]) == 3
    assert "internal error (ZeroDivisionError)" in capsys.readouterr().err


@pytest.mark.parametrize("pack", ["board", "stocktake"])
def test_samples_without_traffic_each_pack(tmp_path, pack):
    from kpipack.domain import Settings
    from kpipack.pipeline import build_pack

    folder = _samples_without(tmp_path, "traffic_labor.xlsx")
    result = build_pack([folder], Settings(lang="en", pack=pack), out=tmp_path / "p.xlsx")
    assert result.pack_path.stat().st_size > 0
