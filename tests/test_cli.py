"""The command line: exit codes and one-line messages, never a traceback."""
import datetime as dt
import subprocess
import sys

from conftest import SAMPLES
from kpipack.cli import main
from workbooks import write_book


def run(*args):
    return subprocess.run([sys.executable, "-m", "kpipack", *args], capture_output=True, text=True, timeout=120)


def test_missing_file(tmp_path):
    proc = run("build", str(tmp_path / "nope.xlsx"), "--json", str(tmp_path / "r.json"))
    assert proc.returncode == 2
    assert "nope.xlsx" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_not_a_spreadsheet(tmp_path):
    bad = tmp_path / "report.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a zip at all")
    proc = run("build", str(bad), "--json", str(tmp_path / "r.json"), "--lang", "ja")
    assert proc.returncode != 0
    assert "report.xlsx" in proc.stderr and "Traceback" not in proc.stderr


def test_no_sales_sheet_in_japanese(tmp_path, capsys):
    path = write_book(tmp_path / "stores.xlsx", {"店舗": [["店舗", "売場面積"], ["A", 10]]})
    assert main(["build", str(path), "--json", str(tmp_path / "r.json"), "--lang", "ja"]) == 2
    err = capsys.readouterr().err
    assert "売上明細が見つかりません" in err


def test_period_outside_the_data(tmp_path, capsys):
    path = write_book(tmp_path / "s.xlsx", {"s": [["date", "sales"], [dt.datetime(2026, 10, 31), 1]]})
    assert main(["build", str(path), "--period", "2020-01", "--json", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err
    assert "2020-01" in err and "2026-10" in err
    assert not (tmp_path / "r.json").exists()


def test_output_over_an_input_is_refused(tmp_path, capsys):
    path = write_book(tmp_path / "s.xlsx", {"s": [["date", "sales"], [dt.datetime(2026, 10, 31), 1]]})
    before = path.read_bytes()
    assert main(["build", str(path), "--out", str(path)]) == 2
    assert "input" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_build_writes_pack_and_json(tmp_path):
    path = write_book(tmp_path / "s.xlsx", {"s": [["date", "store", "sales"], [dt.datetime(2026, 10, 31), "A", 5]]})
    proc = run("build", str(path), "--out", str(tmp_path / "p.xlsx"), "--json", str(tmp_path / "r.json"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "p.xlsx").stat().st_size > 0
    assert '"period": "2026-10"' in (tmp_path / "r.json").read_text()


def test_a_build_leaves_no_temporary_folder_behind(tmp_path):
    import os

    temp = tmp_path / "temp"
    temp.mkdir()
    path = write_book(tmp_path / "s.xlsx", {"s": [["date", "store", "sales"], [dt.datetime(2026, 10, 31), "A", 5]]})
    env = dict(os.environ, TMPDIR=str(temp))
    proc = subprocess.run([sys.executable, "-m", "kpipack", "build", str(path), "--json", str(tmp_path / "r.json")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert list(temp.iterdir()) == [], "the readers' socket folder and the reader logs are removed"


def test_build_starts_the_readers_before_pandas_is_imported(tmp_path):
    """The reader processes import their libraries while the command line
    still has none loaded: nothing on the way to them (options included)
    may import pandas."""
    import os
    import subprocess
    import sys

    code = ("import os, sys\n"
            "import kpipack.ingest.isolate as isolate\n"
            "def warm_up():\n"
            "    print('pandas' in sys.modules, flush=True)\n"
            "    os._exit(0)\n"
            "isolate.warm_up = warm_up\n"
            "from kpipack.cli import main\n"
            f"main(['build', {str(SAMPLES / 'pos_sales_FY2026.xlsx')!r}, '--out', {str(tmp_path / 'p.xlsx')!r},\n"
            "      '--shrink-tolerance', '2', '--industry', 'drugstore'])\n")
    env = dict(os.environ, KPIPACK_CACHE_DIR=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_language_given_before_the_command(tmp_path, capsys):
    """`kpipack --lang ja build …`: the language the top-level option names, not the system's."""
    path = write_book(tmp_path / "stores.xlsx", {"店舗": [["店舗", "売場面積"], ["A", 10]]})
    assert main(["--lang", "ja", "build", str(path), "--json", str(tmp_path / "r.json")]) == 2
    assert "売上明細が見つかりません" in capsys.readouterr().err
    assert main(["--lang", "ja", "build", str(path), "--lang", "en", "--json", str(tmp_path / "r.json")]) == 2
    assert "no sales lines were found" in capsys.readouterr().err  # the command's own option wins


def test_the_order_workbook_takes_the_date_order_its_message_asks_for(tmp_path):
    """Dates 01/08/2026 … 12/10/2026 read both ways: `orders` stops naming
    --date-order, and with it reads them day first (as of 12 October)."""
    lines, n = ["Date,Store,Receipt,SKU,Qty,Amount"], 0
    for month in (8, 9, 10):
        for day in range(1, 13):
            for sku in ("A", "B"):
                n += 1
                lines.append(f"{day:02d}/{month:02d}/2026,S1,{n},{sku},2,200")
    sales = tmp_path / "sales.csv"
    sales.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "orders.xlsx"
    asked = run("orders", str(sales), "--out", str(out), "--lang", "en")
    assert asked.returncode == 2 and "--date-order" in asked.stderr and "Traceback" not in asked.stderr
    done = run("orders", str(sales), "--out", str(out), "--lang", "en", "--date-order", "dmy", "--period", "2026-10")
    assert done.returncode == 0, done.stderr
    assert "as of 2026-10-12" in done.stdout and out.exists()
