"""Files as exports write them, read by the query engine: Parquet times with a
time zone, DATE and dictionary-encoded columns, store codes stored as
numbers, semicolon-separated CSV with decimal commas, CRLF lines with a BOM
and quoted commas. Each figure worked out by hand from the lines written here."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kpipack.kpis import linefiles
from test_engine_rules import kpi
from test_linefiles import build, refused_in

# 08:00 on 1 March, 20:00 on 31 March and 01:00 on 1 April, each as a Tokyo clock shows it: 1 + 2 in March
TIMES = pd.to_datetime(["2026-03-01 08:00", "2026-03-31 20:00", "2026-04-01 01:00"])


def timed_lines(zone: str | None, receipts=("R1", "R2", "R3")) -> pd.DataFrame:
    return pd.DataFrame({"date": TIMES.tz_localize(zone) if zone else TIMES, "store": "S1", "receipt": list(receipts),
                         "sku": "A", "qty": 1, "net_sales": [1.0, 2.0, 4.0]})


def scope(result: dict, name: str, where: str) -> float:
    return next(r["actual"] for r in result["kpis"] if r["id"] == name and r["scope"] == where)


def test_parquet_times_with_a_zone_are_the_clock_times_of_that_zone_with_a_note(tmp_path):
    """In UTC the three are 23:00 on 28 February, 11:00 and 16:00 on 31 March (2 + 4 in March): read
    as Tokyo's clock shows them, March has 1 + 2, and the note says so."""
    timed_lines("Asia/Tokyo").to_parquet(tmp_path / "pos.parquet")
    got = build(tmp_path, [tmp_path / "pos.parquet"])
    assert kpi(got, "net_sales") == pytest.approx(3.0)
    notes = [w["problem"] for w in got["data_quality"]["warnings"]]
    assert any(n.startswith("column 'date' holds times with the time zone Asia/Tokyo: each is read as the clock "
                            "time in Asia/Tokyo") for n in notes)


def test_parquet_files_whose_times_carry_different_zones_stop_naming_the_file(tmp_path, monkeypatch):
    timed_lines("Asia/Tokyo").to_parquet(tmp_path / "tokyo.parquet")
    timed_lines("America/New_York", ("N1", "N2", "N3")).to_parquet(tmp_path / "ny.parquet")
    said = refused_in(tmp_path, [tmp_path / "tokyo.parquet", tmp_path / "ny.parquet"], monkeypatch)
    assert said["en"] == ("ny.parquet: column 'date' holds times in the time zone America/New_York, those of "
                          "tokyo.parquet in Asia/Tokyo: their days would not agree; give files of one time zone together")
    assert said["ja"].startswith("ny.parquet: 列「date」の時刻のタイムゾーン（America/New_York）が tokyo.parquet の"
                                 "（Asia/Tokyo）と異なり")


def test_parquet_clock_times_and_dates_are_read_as_written(tmp_path):
    """No zone: 01:00 on 1 April is April's (1 + 2 in March); a DATE column: every line's day (1 + 2 + 4 less April's 4)."""
    timed_lines(None).to_parquet(tmp_path / "clock.parquet")
    got = build(tmp_path, [tmp_path / "clock.parquet"], name="clock")
    assert kpi(got, "net_sales") == pytest.approx(3.0)
    assert not any("time zone" in w["problem"] for w in got["data_quality"]["warnings"])
    days = timed_lines(None).assign(date=TIMES.date)
    table = pa.Table.from_pandas(days, preserve_index=False)
    assert table.schema.field("date").type == pa.date32()
    pq.write_table(table, tmp_path / "days.parquet")
    got = build(tmp_path, [tmp_path / "days.parquet"], name="days")
    assert kpi(got, "net_sales") == pytest.approx(3.0) and got["data_quality"]["rows_used"] == 3


def test_dictionary_encoded_text_columns_read_as_their_values(tmp_path):
    """Stores and SKUs stored as dictionaries (as Arrow and Spark write repeated texts): S1 1 + 4, S2 2."""
    lines = timed_lines(None).assign(date=pd.to_datetime(["2026-03-01", "2026-03-02", "2026-03-03"]),
                                     store=["S1", "S2", "S1"], sku=["A", "B", "A"])
    table = pa.Table.from_pandas(lines, preserve_index=False)
    for name in ("store", "sku"):
        table = table.set_column(table.schema.get_field_index(name), name, table[name].dictionary_encode())
    assert pa.types.is_dictionary(table.schema.field("store").type)
    pq.write_table(table, tmp_path / "pos.parquet", use_dictionary=True)
    got = build(tmp_path, [tmp_path / "pos.parquet"])
    assert (scope(got, "net_sales", "store:S1"), scope(got, "net_sales", "store:S2")) == (5.0, 2.0)


def test_store_codes_stored_as_numbers_match_a_store_master_of_padded_codes(tmp_path, monkeypatch):
    """Stores 1 and 2 as int64 against a master listing 001 (100 m²) and 002 (80 m²): store 1 sells 1 + 2,
    store 2 sells 4, each per its own floor area (3 / 100, 4 / 80), as the importer reads a workbook of them."""
    from workbooks import write_book

    lines = pd.DataFrame({"date": pd.to_datetime(["2026-03-01", "2026-03-02", "2026-03-03"]), "store": [1, 1, 2],
                          "receipt": ["R1", "R2", "R3"], "sku": "A", "qty": 1, "net_sales": [1.0, 2.0, 4.0]})
    assert str(lines["store"].dtype) == "int64"
    master = write_book(tmp_path / "stores.xlsx", {"stores": [["Store code", "Store name", "Floor area"],
                                                              ["001", "Ginza", 100], ["002", "Shibuya", 80]]})
    lines.to_parquet(tmp_path / "pos.parquet")
    engine = build(tmp_path, [tmp_path / "pos.parquet", master], name="engine")
    book = write_book(tmp_path / "pos.xlsx", {"sales": [list(lines.columns)] + [
        [d.to_pydatetime(), *rest] for d, *rest in lines.itertuples(index=False)]})
    importer = build(tmp_path, [book, master], name="importer")
    for got in (engine, importer):
        stores = sorted(r["scope"] for r in got["kpis"] if r["id"] == "net_sales" and r["scope"] != "total")
        assert len(stores) == 2
        first, second = stores
        assert (scope(got, "net_sales", first), scope(got, "net_sales", second)) == (3.0, 4.0)
        assert scope(got, "sales_per_area", first) == pytest.approx(3.0 / 100)
        assert scope(got, "sales_per_area", second) == pytest.approx(4.0 / 80)
    assert sorted(r["scope"] for r in engine["kpis"] if r["id"] == "net_sales") == \
        sorted(r["scope"] for r in importer["kpis"] if r["id"] == "net_sales")


def test_a_semicolon_separated_csv_with_decimal_commas_on_the_engine(tmp_path, monkeypatch):
    """German headers, dates day first, 1.234,50 and 10,25: 1,244.75 in March."""
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    (tmp_path / "pos.csv").write_text("Datum;Filiale;Beleg;Artikel;Menge;Umsatz\n"
                                      "01.03.2026;S1;R1;A;1;1.234,50\n02.03.2026;S1;R2;A;1;10,25\n", encoding="utf-8")
    assert linefiles.claim([tmp_path / "pos.csv"])[0] is not None  # read by the engine
    got = build(tmp_path, [tmp_path / "pos.csv"])
    assert kpi(got, "net_sales") == pytest.approx(1244.75) and got["data_quality"]["rows_used"] == 2


def test_crlf_lines_a_bom_and_quoted_commas_on_the_engine(tmp_path, monkeypatch):
    """"1,200" is one thousand two hundred, "Apple, red" one product: 1,200 + 300 in two receipts."""
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    text = ("\ufeffdate,store,receipt,product,qty,net_sales\r\n"
            "2026-03-01,S1,R1,\"Apple, red\",1,\"1,200\"\r\n"
            "2026-03-02,S1,R2,\"Pear, \"\"big\"\"\",1,300\r\n")
    (tmp_path / "pos.csv").write_bytes(text.encode("utf-8"))
    found = linefiles.claim([tmp_path / "pos.csv"])[0]
    assert found is not None and found.fields["date"] == "date"  # the BOM is not part of the first header
    got = build(tmp_path, [tmp_path / "pos.csv"])
    assert kpi(got, "net_sales") == pytest.approx(1500.0) and kpi(got, "transactions") == 2
    assert got["data_quality"]["rows_used"] == 2 and not got["data_quality"]["issues"]


def two_downloads(path, n: int, at: int, blank_at: int) -> None:
    """`n` lines of March 2026 (net sales 1 + i % 7 on line i), the header line again after line `at` (0-based)
    and line `blank_at` with no date, written by DuckDB then spliced."""
    import duckdb

    duckdb.connect().execute(
        f"COPY (SELECT CASE WHEN i = {blank_at} THEN NULL ELSE CAST(DATE '2026-03-01' + INTERVAL (i % 28) DAY AS DATE) "
        "END AS date, 'S' || (i % 3) AS store, 'R' || i AS receipt, 'A' AS sku, 1 AS qty, "
        f"CAST(1 + i % 7 AS DOUBLE) AS net_sales FROM range({n}) t(i)) TO '{path}' (HEADER)")
    lines = path.read_text().split("\n")
    lines.insert(at + 2, lines[0])
    path.write_text("\n".join(lines))


@pytest.mark.parametrize("at", [100, 200_005])  # in the lines the reader types its columns from, and far past them
def test_the_header_line_again_is_no_line_and_is_named_wherever_it_is(tmp_path, monkeypatch, at):
    """Two downloads put one after the other: the second header is rejected as the header again (as the importer
    rejects it), the build goes on, and the line without a date after it keeps its own row. 250,010 lines of
    1 + i % 7: 35,715 weeks of 28 and 1 + … + 5, less line 220,000's 1 + 220,000 % 7 = 5 (220,000 = 7 × 31,428 + 4)."""
    n, blank = 250_010, 220_000
    two_downloads(tmp_path / "pos.csv", n, at, blank)
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    got = build(tmp_path, [tmp_path / "pos.csv"])
    assert kpi(got, "net_sales") == pytest.approx(35_715 * 28 + 15 - 5)
    quality = got["data_quality"]
    assert (quality["rows_read"], quality["rows_used"], quality["rows_rejected"]) == (n + 1, n - 1, 2)
    # the file's lines: the header 1, line i at i + 2, one more from the second header on
    assert sorted((i["row"], i["problem"]) for i in quality["issues"]) == [
        (at + 3, "the header row again (files put one after another), not a line"),
        (blank + 3, "date is empty")]
    text = (tmp_path / "pos.csv").read_text().split("\n")
    assert text[at + 2] == text[0] and text[blank + 2].startswith(",S")  # those rows, counted from 1
