"""The genuine exports of ../shared/samples as an owner also has them: saved
again from Excel (xlsx with a title row, real date cells), several downloads
in one folder, one download put twice into a file. Files are made in the
test's own folder from the samples; each must give the sample's own figures.

Expected figures: Square's own monthly totals of Net Sales in this export
(summed by hand from the file: May 5,523.40, June 5,450.82, July 6,371.00;
the year 60,534.74), and the ID-POS day's 37,621 in 20 receipts (MANIFEST)."""
import datetime as dt

import openpyxl
import pytest

from conftest import shared_path
from kpipack.ingest import load_inputs

SQUARE = "square_transactions_italianmarket_2024.csv"
IDPOS = "idpos_supermarket_day_sjis_184rows.csv"


def by_month(paths):
    data = load_inputs(paths, use_cache=False)
    sales = data.tables["sales"]
    return data, sales.groupby(sales["date"].dt.strftime("%Y-%m"))["net_sales"].sum().round(2).to_dict()


def square_lines(months):
    """The sample's header and its lines of the months given (the file is one row per payment)."""
    header, *lines = shared_path("samples", SQUARE).read_text(encoding="utf-8").splitlines(keepends=True)
    return header, [line for line in lines if line[:7] in months]


def test_a_month_downloaded_twice_into_one_file_counts_once(tmp_path):
    header, june = square_lines({"2024-06"})
    path = tmp_path / "transactions-2024-06.csv"
    path.write_text(header + "".join(june) + "".join(june), encoding="utf-8")
    data, months = by_month([path])
    assert months == {"2024-06": pytest.approx(5450.82)}
    [sheet] = data.sheets
    assert sheet.rows_read == 2 * len(june) and sheet.rows_used == len(june) == 311
    assert any(w.code == "note_repeats_here_days" for w in sheet.warnings)


def test_overlapping_downloads_in_one_folder_count_the_shared_month_once(tmp_path):
    for first, last in (("2024-05", "2024-06"), ("2024-06", "2024-07")):
        header, lines = square_lines({first, last})
        (tmp_path / f"transactions-{first}-01-{last}-30.csv").write_text(header + "".join(lines), encoding="utf-8")
    data, months = by_month([tmp_path])
    assert months == pytest.approx({"2024-05": 5523.40, "2024-06": 5450.82, "2024-07": 6371.00})
    assert sum(len(s.issues) for s in data.sheets) == 311  # the June lines of the second download


def excel_copy(source_rows, path, title, convert):
    """The rows as Excel saves them: a title line above the header, each cell converted."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(source_rows[0])
    for row in source_rows[1:]:
        ws.append([convert(h, v) for h, v in zip(source_rows[0], row)])
    for cells in ws.iter_rows(min_row=3):
        for cell in cells:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy/m/d"
    wb.save(path)


def test_idpos_day_saved_from_excel_with_a_title_row_and_date_cells(tmp_path):
    import csv

    with shared_path("samples", IDPOS).open(encoding="cp932", newline="") as fh:
        rows = list(csv.reader(fh))

    def convert(header, value):
        if header == "日":
            return dt.datetime.strptime(value, "%Y%m%d")  # 20170921 turned into a date cell
        return int(value) if value.isdigit() else value

    path = tmp_path / "ID-POS.xlsx"
    excel_copy(rows, path, "ID-POS 店263 2017/09/21", convert)
    data, months = by_month([path])
    assert months == {"2017-09": pytest.approx(37621.0)}
    assert data.tables["sales"]["receipt"].nunique() == 20
    assert data.rows_used == 184


def test_square_saved_from_excel_with_dollar_amounts_as_numbers(tmp_path):
    header, lines = square_lines({f"2024-{m:02d}" for m in range(1, 13)})
    import csv

    rows = list(csv.reader([header, *lines]))

    def convert(name, value):
        if name == "Date":
            return dt.datetime.strptime(value, "%Y-%m-%d")
        if value.startswith(("$", "-$")):
            return float(value.replace("$", "").replace(",", ""))
        return value

    path = tmp_path / "transactions 2024.xlsx"
    excel_copy(rows, path, "Transactions 2024", convert)
    data, months = by_month([path])
    assert sum(months.values()) == pytest.approx(60534.74)
    assert months["2024-06"] == pytest.approx(5450.82)
    assert data.rows_used == 3091


def test_the_preview_reads_a_date_cell_as_its_date_and_a_dollar_amount_as_a_number(tmp_path):
    from kpipack.ingest.xlsx_head import sheet_heads

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Day", "Net Sales", "Time"])
    ws.append([dt.datetime(2024, 6, 3), dt.datetime(2024, 6, 4), 28.5, dt.time(11, 39)])
    ws["A2"].number_format = "yyyy/m/d"
    ws["B2"].number_format = "mm-dd-yy"  # Excel's built-in date format 14
    ws["C2"].number_format = '"$"#,##0.00'
    ws["D2"].number_format = "h:mm"
    wb.save(tmp_path / "w.xlsx")
    [head] = sheet_heads(tmp_path / "w.xlsx", 5)
    assert head.rows[1][:3] == [dt.datetime(2024, 6, 3), dt.datetime(2024, 6, 4), 28.5]
    assert head.rows[1][3] == pytest.approx((11 * 60 + 39) / 1440)  # a time alone stays the day's fraction
