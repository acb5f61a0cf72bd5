"""Sales lines read by the query engine straight from Parquet and big CSV
files: the same KPIs as the importer gives for the same lines, and bad files
stopped with one message naming the file (and line), nothing written."""
from __future__ import annotations

import json
import math
import tempfile

import numpy as np
import pandas as pd
import pytest

from kpipack.domain import Settings
from kpipack.errors import KpipackError
from kpipack.ingest import expand_inputs, listed_order
from kpipack.kpis import line_carry, linefiles
from kpipack.pipeline import build_pack
from synthetic import synthetic_lines


@pytest.fixture(scope="module")
def lines():
    frame = synthetic_lines(1, n=3000).drop(columns="month")
    return frame.dropna(subset=["store"]).reset_index(drop=True)


def build(tmp_path, inputs, name="r", **kw):
    out, js = tmp_path / f"{name}.xlsx", tmp_path / f"{name}.json"
    build_pack(inputs, Settings(period="2026-03", lang="en"), out=out, json_out=js, use_cache=False, **kw)
    return json.loads(js.read_text())


def same_kpis(a: dict, b: dict):
    rows_a = {(r["id"], r["scope"]): r for r in a["kpis"]}
    rows_b = {(r["id"], r["scope"]): r for r in b["kpis"]}
    assert rows_a.keys() == rows_b.keys() and len(rows_a) > 40
    for key, row in rows_a.items():
        for name, value in row.items():
            other = rows_b[key][name]
            if isinstance(value, float) and isinstance(other, float):
                assert math.isclose(value, other, rel_tol=1e-9, abs_tol=1e-9), (key, name, value, other)
            else:
                assert value == other, (key, name, value, other)
    assert _close(a["abc"], b["abc"]), (a["abc"], b["abc"])


def same_actuals(a: dict, b: dict):
    """The same KPI rows with the same actual values (a build too small for `same_kpis`' 40 rows)."""
    actual = [{(r["id"], r["scope"]): r["actual"] for r in result["kpis"]} for result in (a, b)]
    assert actual[0].keys() == actual[1].keys() and actual[0]
    for key, value in actual[0].items():
        assert _close(value, actual[1][key]), (key, value, actual[1][key])


def _close(a, b) -> bool:
    """Equal, floats to 1e-9: the engine adds a group's values in the order its threads give them."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


@pytest.fixture(scope="module")
def imported(lines, tmp_path_factory):
    """The importer's build of the lines as a small CSV: the reference."""
    folder = tmp_path_factory.mktemp("imported")
    lines.to_csv(folder / "pos.csv", index=False)
    return build(folder, [folder / "pos.csv"])


@pytest.mark.parametrize("written", [False, True])
def test_parquet_files_in_a_folder_give_the_importers_kpis(lines, imported, tmp_path, monkeypatch, written):
    """Read through the rules at every part, or (as past PARQUET_WRITTEN_LINES) written once to a table."""
    if written:
        monkeypatch.setattr(linefiles, "PARQUET_WRITTEN_LINES", 0)
    folder = tmp_path / "exports"
    folder.mkdir()
    lines.iloc[:1000].to_parquet(folder / "pos_1.parquet")
    lines.iloc[1000:].to_parquet(folder / "pos_2.parquet")
    got = build(tmp_path, [folder])
    same_kpis(imported, got)
    dq = got["data_quality"]
    assert dq["rows_read"] == dq["rows_used"] == len(lines) and dq["rows_rejected"] == 0
    assert dq["net_sales_used"] == pytest.approx(lines["net_sales"].sum(), rel=1e-12)
    assert [i["file"] for i in dq["inputs"]] == ["pos_1.parquet", "pos_2.parquet"]


def test_parquet_money_stored_as_decimals_gives_the_importers_kpis(lines, tmp_path):
    """Net sales and cost as DECIMAL(18, 2), as a warehouse writes money: numbers on every line (cast as
    they are read), the same KPIs as the importer's build of the same cents from a CSV."""
    import decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    cents = lines.assign(net_sales=lines["net_sales"].round(2), cost=lines["cost"].round(2))
    cents.to_csv(tmp_path / "pos.csv", index=False)
    want = build(tmp_path, [tmp_path / "pos.csv"], name="csv")
    table = pa.Table.from_pandas(cents, preserve_index=False)
    for name in ("net_sales", "cost"):
        money = [None if v != v else decimal.Decimal(f"{v:.2f}") for v in cents[name]]
        table = table.set_column(table.schema.get_field_index(name), name, pa.array(money, pa.decimal128(18, 2)))
    (tmp_path / "exports").mkdir()
    pq.write_table(table, tmp_path / "exports" / "pos.parquet")
    got = build(tmp_path, [tmp_path / "exports" / "pos.parquet"], name="parquet")
    same_kpis(want, got)
    assert got["data_quality"]["net_sales_used"] == pytest.approx(cents["net_sales"].sum(), rel=1e-12)
    assert got["data_quality"]["rows_used"] == want["data_quality"]["rows_used"] == len(lines)


def test_a_big_csv_is_read_by_the_engine(lines, imported, tmp_path, monkeypatch):
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    lines.to_csv(tmp_path / "pos.csv", index=False)
    claimed, rest = linefiles.claim([tmp_path / "pos.csv"])
    assert claimed is not None and rest == []
    same_kpis(imported, build(tmp_path, [tmp_path / "pos.csv"]))


def test_lines_without_a_date_are_rejected_with_their_row(lines, tmp_path):
    bad = lines.copy()
    bad.loc[[4, 9], "date"] = pd.NaT
    bad.to_parquet(tmp_path / "pos.parquet")
    dq = build(tmp_path, [tmp_path / "pos.parquet"])["data_quality"]
    assert dq["rows_read"] == len(lines) and dq["rows_used"] == len(lines) - 2
    assert [(i["file"], i["row"], i["problem"]) for i in dq["issues"]] == \
        [("pos.parquet", 5, "date is empty"), ("pos.parquet", 10, "date is empty")]
    assert dq["net_sales_rejected"] == pytest.approx(lines.loc[[4, 9], "net_sales"].sum())


def summarised(path):
    """The engine's files for `path` (checked) and their store × SKU × month summary."""
    files, _ = linefiles.claim([path])
    engine = files.open()
    files.check(engine)
    summary = files.summary_frame(engine)
    engine.close()
    return files, summary


def refused(tmp_path, inputs, monkeypatch) -> str:
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    with pytest.raises(KpipackError) as caught:
        build(tmp_path, inputs)
    assert not (tmp_path / "r.xlsx").exists() and not (tmp_path / "r.json").exists()
    return caught.value.message("en")


def test_a_csv_cut_off_mid_line(lines, tmp_path, monkeypatch):
    many = pd.concat([lines] * 10)  # past what the reader samples to find the layout
    text = many.to_csv(index=False)
    (tmp_path / "pos.csv").write_text(text[: text.rindex("\n", 0, len(text) - 1) + 12])  # the last line half there
    message = refused(tmp_path, [tmp_path / "pos.csv"], monkeypatch)
    assert message == f"pos.csv: the file ends in the middle of line {len(many) + 1}: it is cut off (a download or " \
                      "copy that did not finish?); nothing was written"  # the header is line 1
    claimed, _ = linefiles.claim([tmp_path / "pos.csv"])
    with pytest.raises(KpipackError) as caught:  # Spark's reader too would read the half line as a short one
        claimed.open("spark")
    assert caught.value.code == "engine_read_cut" and caught.value.params["row"] == str(len(many) + 1)


@pytest.mark.parametrize("footer", ["出力日時: 2026/04/01 10:00\n", "合計,,,,,,\n", "件数 2788件\n抽出条件: 全店舗\n"])
def test_footer_lines_of_fewer_cells_below_the_lines_are_rejected_as_the_importer_rejects_them(
        lines, tmp_path, monkeypatch, footer):
    """A register's CSV ends with a line or two of its own (when it was written, a total, the filter used),
    with fewer cells than the header: each is a line rejected for what it holds, as the importer rejects it,
    the file read; not the build stopped for a line the reader cannot read."""
    want, got = importer_and_engine(tmp_path, monkeypatch, lines.to_csv(index=False) + footer)
    same_kpis(want, got)
    rejected = [[(i["row"], i["problem"]) for i in r["data_quality"]["issues"]] for r in (want, got)]
    assert rejected[0] == rejected[1] and len(rejected[1]) == footer.count("\n")
    assert got["data_quality"]["rows_read"] == len(lines) + footer.count("\n")


@pytest.mark.parametrize("layout", ["here and there", "CRLF", "after every line", "before the footer"])
def test_rows_below_empty_lines_are_named_as_the_importer_names_them(lines, tmp_path, monkeypatch, layout):
    """The reader passes an empty line by without numbering it; the importer, like a sheet, counts it as a
    row. A line rejected below empty lines is named by its row in the file either way."""
    text = lines.to_csv(index=False).splitlines()
    for n in (700, 2100):  # lines 701 and 2101 of the file as written
        text[n] = "不明," + text[n].split(",", 1)[1]
    if layout == "after every line":
        text = [t for line in text[:-1] for t in (line, "")] + text[-1:]
    elif layout == "before the footer":
        text += ["", "", "合計,,,,,,"]
    else:
        for n in (2000, 600, 600, 5):  # from the bottom up: one at 6, two at 602 (as the file then is), one lower
            text.insert(n, "")
    marked = [n + 1 for n, t in enumerate(text) if t.startswith(("不明", "合計"))]
    assert marked == {"here and there": [704, 2105], "CRLF": [704, 2105], "after every line": [1401, 4201],
                      "before the footer": [701, 2101, len(lines) + 4]}[layout]  # counted by hand
    end = "\r\n" if layout == "CRLF" else "\n"
    want, got = importer_and_engine(tmp_path, monkeypatch, end.join(text) + end)
    same_kpis(want, got)
    for results in (want, got):
        assert [i["row"] for i in results["data_quality"]["issues"]] == marked


def mark_bad_dates(text: list[str], *at: int) -> list[str]:
    return [("不明," + t.split(",", 1)[1]) if n in at else t for n, t in enumerate(text)]


@pytest.mark.parametrize("breaks", ["CRLF, the last line LF", "CR CR LF", "LF, then CRLF", "CRLF, a footer in LF"])
def test_a_csv_of_mixed_line_breaks_reads_as_the_importer_reads_it(lines, tmp_path, monkeypatch, breaks):
    """DuckDB's reader takes line breaks of one kind; the importer, like Excel, any. A big file mixing them
    (a line added by another program, a CRLF file converted again) is read from a copy whose breaks are all
    LF: the same figures and the same rows named as the importer's."""
    text = mark_bad_dates(lines.to_csv(index=False).splitlines(), 3, 1500)
    written = {"CRLF, the last line LF": "\r\n".join(text) + "\n",
               "CR CR LF": "\r\r\n".join(text) + "\r\r\n",  # each line followed by an empty one for the importer
               "LF, then CRLF": "\n".join(text[:1000]) + "\n" + "\r\n".join(text[1000:]) + "\r\n",
               "CRLF, a footer in LF": "\r\n".join(text) + "\r\n合計,,,,,,\n"}[breaks]
    want, got = importer_and_engine(tmp_path, monkeypatch, written)
    same_kpis(want, got)
    rows = {"CR CR LF": [7, 3001]}.get(breaks, [4, 1501]) + ([len(text) + 1] if "footer" in breaks else [])
    for results in (want, got):
        assert [i["row"] for i in results["data_quality"]["issues"]] == rows
        assert results["data_quality"]["rows_used"] == len(lines) - 2


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_dos_end_of_file_mark_after_the_last_line_is_no_line(lines, tmp_path, monkeypatch, end):
    """An old DOS program ends its text with Ctrl-Z (0x1A) after the last line break: not a line cut off
    (the engine would stop the build), not a rejected row; the file's lines as without it."""
    text = end.join(lines.to_csv(index=False).splitlines()) + end + "\x1a"
    want, got = importer_and_engine(tmp_path, monkeypatch, text)
    same_kpis(want, got)
    for results in (want, got):
        assert results["data_quality"]["rows_read"] == results["data_quality"]["rows_used"] == len(lines)
        assert not results["data_quality"]["issues"]


def test_the_copy_of_a_csv_of_mixed_line_breaks_is_shown_as_it_is_written(lines, tmp_path, monkeypatch):
    text = lines.to_csv(index=False).splitlines()
    (tmp_path / "pos.csv").write_text("\n".join(text[:1000]) + "\n" + "\r\n".join(text[1000:]) + "\r\n")
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    shown = []
    build_pack([tmp_path / "pos.csv"], Settings(period="2026-03", lang="ja"), json_out=tmp_path / "r.json",
               use_cache=False, progress=lambda stage, fraction, detail: shown.append((stage, detail)))
    size = (tmp_path / "pos.csv").stat().st_size >> 20
    assert ("reading", f"pos.csv: クエリエンジン用に混在する改行コードを統一中 ({size:,} / {size:,} MB)") in shown


def test_mixed_line_breaks_far_down_a_big_csv_read_as_the_importer_reads_them(tmp_path, monkeypatch):
    """Line breaks of one kind where the reader looks at a file's layout, and of another at its end: the
    file read fails, then its copy with one kind of break is read."""
    many = synthetic_lines(2, n=36_000).drop(columns="month").dropna(subset=["store"])
    text = mark_bad_dates(many.to_csv(index=False).splitlines(), 30_000)
    want, got = importer_and_engine(tmp_path, monkeypatch, "\r\n".join(text) + "\r\n\n合計,,,,,,\n")
    same_kpis(want, got)
    for results in (want, got):
        assert [i["row"] for i in results["data_quality"]["issues"]] == [30_001, len(text) + 2]


@pytest.mark.parametrize("raw, mixed", [(b"a\r\nb\r\nc\r\n", False), (b"a\nb\nc", False), (b"a\rb\rc\r", False),
                                        (b"a\r\nb\nc\r\n", True), (b"a\r\r\nb\r\r\n", True)])
def test_line_breaks_are_told_and_made_lf_across_the_chunks_edges(tmp_path, monkeypatch, raw, mixed):
    """A CRLF falling across two chunks read is one break, not a CR and an LF."""
    from kpipack.ingest import text_files

    (tmp_path / "x.csv").write_bytes(raw)
    for chunk in (1 << 24, 1, 2, 3):
        monkeypatch.setattr(text_files, "COUNT_CHUNK", chunk)
        monkeypatch.setattr(text_files, "COPY_CHUNK", chunk)
        assert text_files.mixed_line_breaks(tmp_path / "x.csv") == mixed
        (tmp_path / str(chunk)).mkdir()
        copy = text_files.lf_copy(tmp_path / "x.csv", tmp_path / str(chunk))
        assert copy.read_bytes() == raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def test_empty_lines_are_numbered_as_a_text_editor_numbers_lines(tmp_path, monkeypatch):
    """Lines holding nothing or a carriage return only, looked for in chunks of a few bytes so that the
    breaks fall across the chunks' edges."""
    from kpipack.ingest import text_files

    (tmp_path / "a.csv").write_bytes(b"\na,b\r\n\r\n1,2\n\n\n3,\r\n4\r\r\n\n")
    for chunk in (1 << 24, 2, 4):
        monkeypatch.setattr(text_files, "COUNT_CHUNK", chunk)
        assert text_files.empty_lines(tmp_path / "a.csv") == [1, 3, 5, 6, 9]
    (tmp_path / "b.csv").write_bytes(b"a,b\n1,2\n\r3,4\n")  # a carriage return in a line is no line break
    assert text_files.empty_lines(tmp_path / "b.csv") == []
    (tmp_path / "c.csv").write_bytes(b"a,b\r1,2\r\r3,4\r\r\r5,6\r")  # an old Mac's: lines end at CR
    for chunk in (1 << 24, 2, 4):
        monkeypatch.setattr(text_files, "COUNT_CHUNK", chunk)
        assert text_files.empty_lines(tmp_path / "c.csv") == [3, 5, 6]


@pytest.mark.parametrize("n, at", [(400, 51), (36_000, 501), (36_000, 30_001)])
def test_a_quote_opening_a_cell_never_closed_is_named_by_its_line(tmp_path, monkeypatch, n, at):
    """`"渋谷` with no closing quote: read as the cell it opens, the rest of the file would be one store's
    name. The build stops naming the line, read by the importer (a small file, or a cell past the csv
    module's 128 KB) and by the engine (the quote among the lines it looks at for the layout, or past them)."""
    text = synthetic_lines(2, n=n).drop(columns="month").dropna(subset=["store"]).to_csv(index=False).split("\n")
    cells = text[at - 1].split(",")
    text[at - 1] = ",".join([cells[0], '"' + cells[1], *cells[2:]])
    (tmp_path / "pos.csv").write_text("\n".join(text))
    en = f'pos.csv: line {at}: a quote (") opens a cell that is never closed, so the rest of the file would be ' \
         "read as that one cell: close the quote, or remove it"
    with pytest.raises(KpipackError) as caught:  # the importer
        build(tmp_path, [tmp_path / "pos.csv"])
    assert caught.value.message("en").startswith(en)
    said = refused_in(tmp_path, [tmp_path / "pos.csv"], monkeypatch)
    assert said["en"].startswith(en) and said["ja"].startswith(f"pos.csv: {at} 行目: 引用符（\"）で始まるセルが閉じられていない")


def test_excels_line_break_in_a_cell_of_a_crlf_csv_is_read_from_the_file_itself(lines, tmp_path, monkeypatch):
    """Excel writes a CSV's lines with CRLF and a line break inside a cell as LF: DuckDB reads that, so the
    file is no mix of line breaks to copy."""
    named = lines.assign(product="Tシャツ\n白")
    (tmp_path / "pos.csv").write_bytes(named.to_csv(index=False, lineterminator="\r\n").encode())
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    claimed, _ = linefiles.claim([tmp_path / "pos.csv"])
    engine = claimed.open()
    claimed.check(engine)
    assert claimed.texts == {} and claimed.rows_used == len(lines)
    engine.close()


def test_product_names_holding_a_line_break_and_a_footer_read_as_the_importer_reads_them(lines, tmp_path, monkeypatch):
    """A quoted product name over two lines (`"Tシャツ\n白"`) in a file that ends with a footer line: the
    lines are read whole and the footer rejected, as the importer reads the same file."""
    named = lines.assign(product=lines["sku"].fillna("").map(lambda s: f"Tシャツ\n白 {s}"))
    want, got = importer_and_engine(tmp_path, monkeypatch, named.to_csv(index=False) + "合計,,,,,,\n")
    same_kpis(want, got)
    assert got["data_quality"]["rows_used"] == want["data_quality"]["rows_used"] == len(lines)
    assert [i["problem"] for i in got["data_quality"]["issues"]] == ["totals row, not counted"]


@pytest.mark.parametrize("at", [500, 30_000])  # among the lines the reader samples for its layout, and past them
def test_a_line_of_more_cells_than_the_header_is_rejected_naming_it_as_the_importer_rejects_it(
        lines, tmp_path, monkeypatch, at):
    """An unquoted comma in a name shifts a line's values one cell right: that line is rejected, naming its
    row and its cells against the header's, as the importer rejects it; the lines below keep their rows."""
    many = synthetic_lines(2, n=36_000).drop(columns="month").dropna(subset=["store"])
    text = many.to_csv(index=False).splitlines()
    text[at] += ",白"
    footer = "合計,,,,,,\n出力日時: 2026/04/01 10:00\n"
    want, got = importer_and_engine(tmp_path, monkeypatch, "\n".join(text) + "\n" + footer)
    same_kpis(want, got)
    rejected = [[(i["row"], i["problem"]) for i in r["data_quality"]["issues"]] for r in (want, got)]
    shifted = (at + 1, "the line has 9 fields but the header 8: an unquoted separator has shifted its values")
    read = [(len(text) + 1, "totals row, not counted"),
            (len(text) + 2, "date '出力日時: 2026/04/01 10:00' is not a date")]
    assert rejected[0] == [shifted, *read]
    # where the shifted line is among those the reader samples, lines are not padded: the footer is set aside,
    # each of its lines once
    fewer = "fields but the header 8, and a line among the file's first has more: not read as a sale"
    assert rejected[1] == [shifted, *read] if at > 20_480 else \
        [shifted, (len(text) + 1, f"the line has 7 {fewer}"), (len(text) + 2, f"the line has 1 {fewer}")]
    assert got["data_quality"]["rows_read"] == want["data_quality"]["rows_read"] == len(text) + 1


def test_a_line_leaving_out_its_empty_cells_at_the_end_is_read_as_the_importer_reads_it(lines, tmp_path, monkeypatch):
    """An export that writes a line without its trailing empty cells (no member, no cost): the line is a sale
    with those cells empty, counted as the importer counts it."""
    written = lines[["date", "store", "sku", "receipt", "net_sales", "qty", "cost", "customer"]].copy()
    text = written.to_csv(index=False).splitlines()
    short = [n for n, t in enumerate(text) if n and t.endswith(",")][:400]  # no member: the last cell empty
    assert len(short) == 400
    for n in short:
        text[n] = text[n][:-1]
    want, got = importer_and_engine(tmp_path, monkeypatch, "\n".join(text) + "\n")
    same_kpis(want, got)
    assert got["data_quality"]["rows_used"] == want["data_quality"]["rows_used"] == len(written)


def refused_in(tmp_path, inputs, monkeypatch) -> dict[str, str]:
    """The build's message in each language, nothing written in either."""
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    said = {}
    for lang in ("en", "ja"):
        with pytest.raises(KpipackError) as caught:
            build_pack(inputs, Settings(period="2026-03", lang=lang), out=tmp_path / "r.xlsx",
                       json_out=tmp_path / "r.json", use_cache=False)
        assert not (tmp_path / "r.xlsx").exists() and not (tmp_path / "r.json").exists()
        said[lang] = caught.value.message(lang)
    return said


def long_csv(path, n: int, at: int, column: str, value: str) -> None:
    """A CSV of `n` lines (date, store, net_sales) with `value` in `column` of line
    `at` (0-based, the header not counted), written by DuckDB: a million lines in a second."""
    import duckdb

    cells = {"date": "CAST(TIMESTAMP '2026-01-01' + INTERVAL (i % 90) DAY AS VARCHAR)",
             "store": "'S' || (i % 5)", "net_sales": "CAST(100 + i % 1000 AS VARCHAR)"}
    cells[column] = f"CASE WHEN i = {at} THEN '{value}' ELSE {cells[column]} END"
    duckdb.connect().execute(f"COPY (SELECT {', '.join(f'{e} AS {k}' for k, e in cells.items())} "
                             f"FROM range({n}) t(i)) TO '{path}' (HEADER)")


@pytest.mark.parametrize("value, problem", [("合計", "totals row, not counted"),
                                            ("10月", "date '10月' is not a date")])
def test_a_date_column_holding_a_word_far_down_rejects_that_line_naming_it(tmp_path, monkeypatch, value, problem):
    """Dates are read as text and then as the importer reads them: a 合計 a
    million lines down is a totals row, a 10月 no date, so its line is
    rejected naming its row and why, as in a sheet, and the other lines build."""
    import json

    at = 1_000_003
    long_csv(tmp_path / "pos.csv", 1_000_020, at, "date", value)
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    build_pack([tmp_path / "pos.csv"], Settings(period="2026-03", lang="en"), json_out=tmp_path / "r.json",
               use_cache=False)
    dq = json.loads((tmp_path / "r.json").read_text())["data_quality"]
    assert (dq["rows_read"], dq["rows_rejected"]) == (1_000_020, 1)
    assert [(i["row"], i["problem"]) for i in dq["issues"]] == [(at + 2, problem)]


@pytest.mark.parametrize("column, value, en, ja", [("net_sales", "1,200円", "no number", "数値")])
def test_a_column_changing_type_after_the_millionth_line(tmp_path, monkeypatch, column, value, en, ja):
    """The reader types the columns from its first lines; a value of another
    type a million lines further down (read by the engine's threads in parts
    of the file) stops the build naming the file, its line, the column and the value."""
    at = 1_000_003
    long_csv(tmp_path / "pos.csv", 1_000_020, at, column, value)
    said = refused_in(tmp_path, [tmp_path / "pos.csv"], monkeypatch)
    row = at + 2  # the header is line 1
    assert said["en"] == f'pos.csv: line {row}: {column} holds "{value}", {en} as in the lines before it (the ' \
                         "column's type changes there); nothing was written"
    assert said["ja"] == f"pos.csv: {row} 行目: {column} 列の「{value}」は、それまでの行と違って{ja}ではありません" \
                         "（列の型がここで変わっています）。何も書き出していません"


def test_a_cut_off_csv_among_others_is_named_in_both_languages(tmp_path, monkeypatch):
    long_csv(tmp_path / "a.csv", 30_000, 0, "store", "S0")
    long_csv(tmp_path / "b.csv", 30_000, 0, "store", "S0")
    text = (tmp_path / "b.csv").read_text()
    (tmp_path / "b.csv").write_text(text[:-8])  # the download stopped within the last line
    said = refused_in(tmp_path, [tmp_path / "a.csv", tmp_path / "b.csv"], monkeypatch)
    assert said["en"].startswith("b.csv: the file ends in the middle of line 30001: it is cut off")
    assert said["ja"].startswith("b.csv: 30001 行目の途中でファイルが終わっています")


def test_whole_amounts_then_a_decimal_far_down_keep_the_decimal(tmp_path, monkeypatch):
    """A column of whole numbers in the lines the reader types it from, then 12.5:
    12.5 is read, not rounded to a whole number."""
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    n = 60_000  # past what the reader samples to type the columns
    long_csv(tmp_path / "pos.csv", n, n - 5, "net_sales", "12.5")
    files, _ = summarised(tmp_path / "pos.csv")
    whole = sum(100 + i % 1000 for i in range(n) if i != n - 5)
    assert files.rows_used == n and files.net_sales_read == whole + 12.5


def test_codes_of_digits_then_letters_are_read_as_text(tmp_path, monkeypatch):
    """A SKU, receipt or store column of digits for tens of thousands of lines,
    then a code with letters: texts, as the importer reads them, not a column
    the reader typed as numbers from its first lines and then stops on."""
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    n = 60_000  # past what the reader samples to type the columns
    frame = pd.DataFrame({"date": pd.date_range("2026-01-01", periods=n, freq="min").astype(str),
                          "store": "1", "receipt": np.arange(n).astype(str), "sku": "4901",
                          "net_sales": 10.0})
    frame.loc[n - 3:, ["store", "receipt", "sku"]] = ["01", "R-9", "A-12"]
    frame.to_csv(tmp_path / "pos.csv", index=False)
    files, summary = summarised(tmp_path / "pos.csv")
    assert files.rows_used == n
    assert sorted(summary["sku"].astype(str).unique()) == ["4901", "A-12"]
    assert sorted(summary["store"].astype(str).unique()) == ["01", "1"]


def test_parquet_files_of_another_layout(lines, tmp_path, monkeypatch):
    lines.iloc[:1000].to_parquet(tmp_path / "a.parquet")
    lines.iloc[1000:].drop(columns="customer").to_parquet(tmp_path / "b.parquet")
    message = refused(tmp_path, [tmp_path / "a.parquet", tmp_path / "b.parquet"], monkeypatch)
    assert message == "b.parquet: its columns differ from those of a.parquet: give the files of one export layout " \
                      "together"
    lines.iloc[1000:].astype({"qty": str}).to_parquet(tmp_path / "b.parquet")
    message = refused(tmp_path, [tmp_path / "a.parquet", tmp_path / "b.parquet"], monkeypatch)
    assert message == "b.parquet: qty stored with another type than in a.parquet"


def test_a_parquet_file_of_another_layout_among_others_in_both_languages(lines, tmp_path, monkeypatch):
    lines.iloc[:1000].to_parquet(tmp_path / "a.parquet")
    lines.iloc[1000:2000].rename(columns={"qty": "units"}).to_parquet(tmp_path / "b.parquet")
    lines.iloc[2000:].to_parquet(tmp_path / "c.parquet")
    said = refused_in(tmp_path, [tmp_path / "a.parquet", tmp_path / "b.parquet", tmp_path / "c.parquet"],
                      monkeypatch)
    assert said == {"en": "b.parquet: its columns differ from those of a.parquet: give the files of one export layout "
                          "together",
                    "ja": "b.parquet: 列が a.parquet と異なります。同じ出力形式のファイルをまとめて指定してください"}


def test_a_damaged_parquet_file_among_others(lines, tmp_path, monkeypatch):
    lines.iloc[:1000].to_parquet(tmp_path / "a.parquet")
    lines.iloc[1000:2000].to_parquet(tmp_path / "b.parquet")
    whole = (tmp_path / "b.parquet").read_bytes()
    (tmp_path / "b.parquet").write_bytes(whole[: len(whole) // 2])  # a copy that stopped half way
    lines.iloc[2000:].to_parquet(tmp_path / "c.parquet")
    said = refused_in(tmp_path, [tmp_path / "a.parquet", tmp_path / "b.parquet", tmp_path / "c.parquet"],
                      monkeypatch)
    assert said["en"].startswith("b.parquet: is no whole Parquet file (cut off or damaged: ")
    assert said["ja"].startswith("b.parquet: 完全な Parquet ファイルではありません（途中で切れているか壊れています: ")


def test_the_spark_engine_without_its_extra_says_what_to_install(lines, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pyspark", None)  # as where the extra is not installed
    lines.to_parquet(tmp_path / "pos.parquet")
    with pytest.raises(KpipackError) as caught:
        build(tmp_path, [tmp_path / "pos.parquet"], engine="spark")
    assert caught.value.message("ja") == "--engine spark には spark 追加機能（pip install 'kpipack[spark]'）と Java 17 が必要です"
    assert not (tmp_path / "r.json").exists()


def test_a_workbook_and_the_same_lines_as_engine_files_give_the_same_results(tmp_path, monkeypatch):
    """Store names in the lines (the master has the codes), channels spelt in
    several ways, lines without a cost (filled from the stock's unit cost, in
    the same store or, for SKUs that store does not stock, in another): the
    lines as a workbook, as Parquet files in a folder and as a big CSV give the
    same results."""
    from workbooks import write_book

    rng = np.random.default_rng(11)
    lines = synthetic_lines(4, n=1500).drop(columns="month").dropna(subset=["store"]).reset_index(drop=True)
    codes = {"S01": "A01", "S02": "A02", "0400": "A03", "渋谷": "A04"}  # the lines give the names
    lines["channel"] = rng.choice(np.array(["Store", "store ", "EC", "ec", " ", None], dtype=object), len(lines))
    lines["qty"], lines["sku"] = lines["qty"].fillna(1.0), lines["sku"].fillna("4900001")
    # one customer per receipt (a workbook's blank customer under a receipt's first line is carried down)
    lines["customer"] = lines.groupby("receipt", dropna=False)["customer"].transform("first").where(
        lines["receipt"].notna(), lines["customer"])
    lines.loc[rng.random(len(lines)) < 0.3, "cost"] = np.nan
    lines["date"] = lines["date"].dt.floor("s")
    write_book(tmp_path / "stores.xlsx", {"stores": [["store", "store name"]] + [[c, n] for n, c in codes.items()]})
    stock = [["date", "store", "sku", "on_hand", "unit_cost"]]
    for end in pd.date_range("2024-10-31", "2026-04-30", freq="ME"):
        for k in range(0, 60):
            for n, code in enumerate(codes.values()):
                if (k + n) % 3:  # each store stocks two SKUs in three; the third's cost comes from another store
                    stock.append([end.to_pydatetime(), code, f"49{k:05d}", 5, float(100 + k + 7 * n + end.month)])
    write_book(tmp_path / "stock.xlsx", {"stock": stock})
    others = [tmp_path / "stores.xlsx", tmp_path / "stock.xlsx"]

    book = tmp_path / "book"
    book.mkdir()
    rows = [list(lines.columns)] + [[None if v is None or (isinstance(v, float) and np.isnan(v)) else
                                     (v.to_pydatetime() if isinstance(v, pd.Timestamp) else v) for v in row]
                                    for row in lines.itertuples(index=False)]
    write_book(book / "pos.xlsx", {"sales": rows})
    want = build(book, [book / "pos.xlsx", *others])
    scopes = {r["scope"] for r in want["kpis"]}
    assert {"store:A01", "channel:Store", "channel:EC", "store:A04/channel:ec".replace("ec", "EC")} <= scopes
    assert not any(s.startswith("store:S0") for s in scopes)  # the names became codes
    gp = next(r for r in want["kpis"] if r["id"] == "gross_profit" and r["scope"] == "total")
    assert gp["actual"] is not None  # every cost was found

    folder = tmp_path / "exports"
    folder.mkdir()
    lines.iloc[:700].to_parquet(folder / "pos_1.parquet")
    lines.iloc[700:].to_parquet(folder / "pos_2.parquet")
    got = build(tmp_path, [folder, *others], name="parquet")
    same_kpis(want, got)
    same_results(want, got)
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 1)
    lines.to_csv(tmp_path / "pos.csv", index=False)
    same_results(want, build(tmp_path, [tmp_path / "pos.csv", *others], name="csv"))


def same_results(a, b, where="", skip=("data_quality", "replenishment")):
    """Two results JSON equal to 1e-9, but for the inputs' own figures (file names, rows read)."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), (where, set(a) ^ set(b))
        for key in a:
            if key not in skip:
                same_results(a[key], b[key], f"{where}/{key}", ())
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), (where, len(a), len(b))
        for n, (x, y) in enumerate(zip(a, b)):
            same_results(x, y, f"{where}[{n}]", ())
    elif isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), (where, a, b)
    else:
        assert a == b, (where, a, b)


def test_a_chains_order_list_is_left_to_the_order_workbook(lines, tmp_path, monkeypatch):
    """Past PACK_PAIRS pairs the pack's order sheets say where the lists are (the
    order workbook); the results JSON keeps every pair; forecast accuracy stays."""
    import openpyxl

    from kpipack.report import orders

    monkeypatch.setattr(orders, "PACK_PAIRS", 10)
    lines.to_parquet(tmp_path / "pos.parquet")
    results = build(tmp_path, [tmp_path / "pos.parquet"])
    pairs = len(results["replenishment"])
    assert pairs > 10
    book = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    notes = {ws.title: ws["A4"].value for ws in book.worksheets
             if isinstance(ws["A4"].value, str) and "too many to list" in ws["A4"].value}
    assert set(notes) == {"Staple orders", "Seasonal orders", "Orders by style", "Seasonal sell-through",
                          "Stock alerts"}, notes
    assert all(note.startswith(f"{pairs:,} store × SKU pairs") for note in notes.values())
    assert "Forecast accuracy" in book.sheetnames


def test_lines_without_a_cost_are_named_with_their_own_file(lines, tmp_path):
    """The summary carries each line's file as a number: a warning about a line
    of the second file names that file, not the first."""
    folder = tmp_path / "exports"
    folder.mkdir()
    costed = lines.assign(cost=lines["cost"].fillna(lines["net_sales"] * 0.6))
    second = costed.iloc[1000:].copy()
    second.loc[second.index[:3], "cost"] = np.nan  # its rows 1 to 3
    costed.iloc[:1000].to_parquet(folder / "pos_1.parquet")
    second.to_parquet(folder / "pos_2.parquet")
    warnings = build(tmp_path, [folder])["data_quality"]["warnings"]
    named = {(w["file"].rsplit("/", 1)[-1], w["row"]) for w in warnings if "no cost" in w["problem"]}
    assert named and {file for file, _ in named} == {"pos_2.parquet"} and {row for _, row in named} <= {1, 2, 3}


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_the_summary_in_parts_of_skus_has_the_rows_of_the_whole(lines, tmp_path, monkeypatch, kind):
    """Tens of millions of lines are grouped a part of the SKUs at a time: the
    same rows as one grouping, lines without a SKU included."""
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    some = lines.iloc[:600].copy()
    some.loc[some.index[::50], "sku"] = None
    path = tmp_path / f"pos.{kind}"
    some.to_parquet(path) if kind == "parquet" else some.to_csv(path, index=False)
    files, _ = linefiles.claim([path])
    engine = files.open()
    files.check(engine)
    whole = files.summary_frame(engine)
    monkeypatch.setattr(linefiles, "SUMMARY_LINES_PER_PART", 150)  # 600 lines: four parts
    parted = files.summary_frame(engine)
    engine.close()
    keys = ["store", "sku", "date"]
    assert len(whole) > 100 and whole["sku"].isna().sum() > 0
    pd.testing.assert_frame_equal(parted.sort_values(keys, ignore_index=True), whole.sort_values(keys, ignore_index=True))
    assert whole["net_sales"].sum() == pytest.approx(some["net_sales"].sum(), rel=1e-12)


STATUS_LINES = pd.DataFrame({
    "date": pd.to_datetime(["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"]),
    "store": "S1", "receipt": ["r1", "r2", "r3", "r4", "r5", "r6"], "sku": "A", "qty": [1.0, 2, 1, 1, 1, 1],
    "net_sales": [100.0, 200, 50, 70, 30, 40],
    "status": ["Completed", "Cancelled", "Completed", " VOIDED ", "Completed", "Completed"],
    "transaction type": ["Sale", "Sale", "Refund", "Sale", "Sale", "Sale"],
    "取消": ["false", "false", "false", "false", "true", "2026-03-07 10:00"]})


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_status_type_and_cancel_flag_columns_say_which_engine_lines_count(tmp_path, monkeypatch, kind):
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    path = tmp_path / f"pos.{kind}"
    STATUS_LINES.to_parquet(path) if kind == "parquet" else STATUS_LINES.to_csv(path, index=False)
    assert linefiles.claim([path])[0] is not None
    dq = build(tmp_path, [path])["data_quality"]
    # 100 sold, 50 given back (a Refund written positive); r2, r4 (status), r5, r6 (the cancel flag) no sale
    assert dq["rows_read"] == 6 and dq["rows_used"] == 2
    assert dq["net_sales_used"] == pytest.approx(100.0 - 50.0)
    assert dq["net_sales_rejected"] == pytest.approx(200.0 + 70.0 + 30.0 + 40.0)
    said = {i["problem"].replace(" VOIDED ", "VOIDED") for i in dq["issues"]}  # CSV may keep the spaces or not
    assert said == {"not a sale: status is 'Cancelled'", "not a sale: status is 'VOIDED'",
                    "not a sale: 取消 is 'true'", "not a sale: 取消 is '2026-03-07 10:00'"}

def test_the_summary_holds_its_texts_as_sorted_categories(lines, tmp_path):
    """Millions of summary rows over a few thousand stores, SKUs, products and
    categories: each text column comes as a categorical whose categories are in
    text order (sorting and grouping by it order rows as the texts do), with the
    texts, blanks and each group's first product as pandas gives them."""
    some = lines.iloc[:800].copy()
    some["product"] = [f"item {n % 7}" for n in range(len(some))]  # lines of one group name it differently
    some["category"] = [f"cat {n % 3}" for n in range(len(some))]
    some.loc[some.index[::40], "sku"] = None
    path = tmp_path / "pos.parquet"
    some.to_parquet(path)
    _, summary = summarised(path)
    for name in ("store", "sku", "product", "category"):
        column = summary[name]
        assert isinstance(column.dtype, pd.CategoricalDtype), name
        assert list(column.cat.categories) == sorted(some[name].dropna().unique()), name
    assert summary["sku"].isna().sum() > 0
    used = some.dropna(subset=["date", "net_sales"]).assign(month=lambda f: f["date"].dt.strftime("%Y-%m"))
    expected = used.groupby(["store", "sku", "month"], dropna=False, sort=True).agg(
        net_sales=("net_sales", "sum"), product=("product", "first")).reset_index()
    got = summary.assign(month=summary["date"].dt.strftime("%Y-%m")).sort_values(
        ["store", "sku", "month"], ignore_index=True)  # the categories' order: the texts' order, blanks last
    assert got["store"].astype(object).tolist() == expected["store"].tolist()
    assert got["sku"].astype(object).where(got["sku"].notna(), None).tolist() == \
        expected["sku"].astype(object).where(expected["sku"].notna(), None).tolist()
    assert got["product"].astype(object).tolist() == expected["product"].tolist()
    np.testing.assert_allclose(got["net_sales"], expected["net_sales"], rtol=1e-12)


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_a_skus_one_name_a_month_is_each_of_its_groups_name(lines, tmp_path, monkeypatch, kind):
    """Each SKU named one way in a month (renamed from one month to the next,
    some lines blank, some stores' groups with no name at all): every store ×
    SKU × month group has the product and category of its first line naming
    them, as pandas' first() gives them."""
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    some = lines.iloc[:900].copy()
    some.loc[some.index[::45], "sku"] = None
    month = some["date"].dt.month
    some["product"] = "item " + some["sku"].astype(str) + " v" + (month % 2).astype(str)  # renamed each month
    some["category"] = "cat " + (month % 3).astype(str)
    some.loc[some.index[::7], "product"] = None
    some.loc[(some["store"] == some["store"].iloc[0]) & (month == month.iloc[0]), ["product", "category"]] = None
    path = tmp_path / f"pos.{kind}"
    some.to_parquet(path) if kind == "parquet" else some.to_csv(path, index=False)
    _, summary = summarised(path)
    used = some.dropna(subset=["date", "net_sales"]).assign(month=lambda f: f["date"].dt.strftime("%Y-%m"))
    expected = used.groupby(["store", "sku", "month"], dropna=False, sort=True).agg(
        product=("product", "first"), category=("category", "first")).reset_index()
    got = summary.assign(month=summary["date"].dt.strftime("%Y-%m")).sort_values(
        ["store", "sku", "month"], ignore_index=True)
    assert len(got) == len(expected) > 100 and expected["product"].isna().sum() > 0
    assert expected["category"].isna().sum() > 0 and got["sku"].isna().sum() > 0
    for name in ("product", "category"):
        assert got[name].astype(object).where(got[name].notna(), None).tolist() == \
            expected[name].astype(object).where(expected[name].notna(), None).tolist(), name


def test_a_chains_daily_series_give_their_memory_back_before_the_order_list(lines, tmp_path, monkeypatch):
    """Past RELEASE_PAIR_DAYS pair-days the heap is trimmed once the book stock
    and forecasts are worked out (a chain's order list then maps fresh pages);
    below it nothing is given back. The order list is the same either way."""
    from kpipack.kpis import replenishment

    calls = []
    monkeypatch.setattr(replenishment, "release", lambda: calls.append("released"))
    path = tmp_path / "pos.parquet"
    lines.to_parquet(path)
    kept = build(tmp_path, [path], name="kept")
    assert calls == []
    monkeypatch.setattr(replenishment, "RELEASE_PAIR_DAYS", 10)
    given = build(tmp_path, [path], name="given")
    assert calls == ["released"]
    # the same to 1e-9: DuckDB's threads may add a sum's terms in another order (the last digit of a unit cost)
    assert len(kept["replenishment"]) == len(given["replenishment"]) > 10
    for a, b in zip(kept["replenishment"], given["replenishment"]):
        assert a.keys() == b.keys()
        for key in a:
            if isinstance(a[key], float):
                assert b[key] == pytest.approx(a[key], rel=1e-9), key
            else:
                assert a[key] == b[key], key


def test_the_packs_stock_views_of_engine_files_are_the_importers(tmp_path, monkeypatch):
    """Dead stock, stockouts and inventory by store and category read the
    engine's store × SKU × month summary (its texts as categories) in the
    place of the lines: the same rows as the importer's build of the lines."""
    from workbooks import write_book

    from kpipack.kpis import views

    lines = synthetic_lines(5, n=1500).drop(columns="month").dropna(subset=["store", "sku"]).reset_index(drop=True)
    lines["category"] = "cat " + (lines["sku"].str[-1:].astype(int) % 3).astype(str)
    lines["product"] = "item " + lines["sku"].str[-2:]
    skus = sorted(lines["sku"].unique())[:8] + ["4999998", "4999999"]  # two never sold: dead stock
    stock = [["date", "store", "sku", "on_hand", "unit_cost", "category"]]
    for end in pd.date_range("2025-10-31", "2026-03-31", freq="ME"):
        for k, sku in enumerate(skus):
            for n, store in enumerate(sorted(lines["store"].unique())):
                stock.append([end.to_pydatetime(), store, sku, (k + n) % 4 - 1, 100.0 + k, f"cat {k % 2}"])
    write_book(tmp_path / "stock.xlsx", {"stock": stock})
    lines.to_csv(tmp_path / "pos.csv", index=False)
    lines.to_parquet(tmp_path / "pos.parquet")

    def stock_views(path):
        result = build_pack([path, tmp_path / "stock.xlsx"], Settings(period="2026-03", lang="en"),
                            out=tmp_path / f"{path.suffix[1:]}.xlsx", use_cache=False)
        comp = result.computation
        return [None if v is None else v.astype({c: object for c in v.columns if v[c].dtype != float})
                for v in (views.dead_stock(comp), views.stockouts(comp), views.inventory_by_category(comp))]

    imported, engine = stock_views(tmp_path / "pos.csv"), stock_views(tmp_path / "pos.parquet")
    assert all(v is not None and len(v) for v in imported), [None if v is None else len(v) for v in imported]
    assert {"4999998", "4999999"} <= set(imported[0]["sku"])
    for want, got in zip(imported, engine):
        pd.testing.assert_frame_equal(got, want, check_dtype=False, rtol=1e-9)


# a till's journal: receipt 1 of store S1 cancelled by its 取消 row, receipt 3's return cancelled by 返品取消,
# receipt 1 of S2 (another store's number 1) a sale, a till's 入金 no sale
KIND_LINES = pd.DataFrame({
    "date": pd.to_datetime(["2026-03-01"] * 3 + ["2026-03-02"] * 6),
    "store": ["S1", "S1", "S1", "S1", "S1", "S1", "S2", "S2", "S1"],
    "receipt": ["1", "1", "1", "2", "3", "3", "4", "1", "5"], "sku": ["A", "B", "A", "A", "A", "A", "B", "B", "-"],
    "qty": [1.0, 1, -2, 1, 1, 1, 1, 1, 0],
    "net_sales": [100.0, 50, -150, 80, 30, 30, 60, 40, 1000],
    "取引区分": ["売上", "売上", "取消", "売上", "返品", "返品取消", "売上", "売上", "入金"]})


@pytest.mark.parametrize("kind", ["parquet", "csv", "importer"])
def test_a_type_columns_cancelling_rows_take_back_their_receipts_lines_on_the_engine_as_in_the_importer(
        tmp_path, monkeypatch, kind):
    if kind != "importer":
        monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    path = tmp_path / f"pos.{'parquet' if kind == 'parquet' else 'csv'}"
    KIND_LINES.to_parquet(path) if kind == "parquet" else KIND_LINES.to_csv(path, index=False)
    assert (linefiles.claim([path])[0] is not None) == (kind != "importer")
    dq = build(tmp_path, [path])["data_quality"]
    # counted: S1's receipt 2 (80), S2's receipts 4 (60) and 1 (40); S1's receipt 1 (100 + 50 and its 取消 -150),
    # receipt 3's return (-30) and its 返品取消 (30), the 入金 (1000) are not
    assert dq["rows_read"] == 9 and dq["rows_used"] == 3
    assert dq["net_sales_used"] == pytest.approx(80 + 60 + 40)
    if kind != "importer":
        assert dq["net_sales_rejected"] == pytest.approx(100 + 50 - 150 - 30 + 30 + 1000)
        said = {i["problem"] for i in dq["issues"]}
        assert said == {"not a sale: 取引区分 is '取消'", "not a sale: 取引区分 is '返品取消'",
                        "not a sale: 取引区分 is '入金'"}


def test_parquet_money_as_decimals_and_a_time_column_read_as_numbers(lines, tmp_path):
    """Parquet written by a database keeps money as DECIMAL and the time of day
    apart: each is read as the sheet's cell would be, never stopping the build."""
    import decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    cents = lines.assign(net_sales=lines["net_sales"].round(2), cost=lines["cost"].round(2))
    cents.to_csv(tmp_path / "pos.csv", index=False)
    reference = build(tmp_path, [tmp_path / "pos.csv"], name="csv")
    table = pa.Table.from_pandas(cents, preserve_index=False)
    for name in ("net_sales", "cost"):
        exact = [None if pd.isna(v) else decimal.Decimal(f"{v:.2f}") for v in cents[name]]
        table = table.set_column(table.schema.get_field_index(name), name, pa.array(exact, pa.decimal128(12, 2)))
    table = table.append_column("time", pa.array([d.time() for d in cents["date"]], pa.time64("us")))
    folder = tmp_path / "db"
    folder.mkdir()
    pq.write_table(table, folder / "pos.parquet")
    got = build(tmp_path, [folder], name="parquet")
    same_kpis(reference, got)
    assert got["data_quality"]["net_sales_used"] == pytest.approx(cents["net_sales"].sum(), abs=0.005)



def repeated_downloads(lines, folder, kind="parquet"):
    """`lines` as two downloads and a third file repeating 40 of the second's receipts exactly and one
    with a line fewer, written to `folder` as `kind` files. Returns the paths, the repeated lines and the
    receipt given short."""
    keyed = lines.assign(day=lines["date"].dt.normalize())
    key = list(zip(keyed["store"], keyed["receipt"], keyed["day"]))
    keyed["key"] = key
    first, second = keyed.iloc[:1500], keyed.iloc[1500:]
    only_second = sorted(k for k in set(second["key"]) - set(first["key"]) if isinstance(k[1], str))
    sizes = second["key"].value_counts()
    short_key = next(k for k in only_second if sizes[k] >= 2)
    again_keys = set([k for k in only_second if k != short_key][:40])
    short = second[second["key"] == short_key]
    again = pd.concat([second[second["key"].isin(again_keys)], short.iloc[1:]]).sample(frac=1.0, random_state=3)
    assert len(short) >= 2 and len(again) > 41
    repeated = again[again["key"].isin(again_keys)]
    folder.mkdir()
    paths = [folder / f"{name}.{kind}" for name in ("pos_1", "pos_2", "pos_2 (1)")]
    for path, part in zip(paths, (first, second, again)):
        part = part.drop(columns=["day", "key"])
        if kind == "parquet":
            part.to_parquet(path)
        else:
            part.to_csv(path, index=False)
    return paths, repeated, short


def test_receipts_a_later_file_repeats_are_counted_once_as_the_importer_counts_them(lines, tmp_path, monkeypatch):
    """A month's download saved again beside the others: the receipts whose lines
    the later file repeats exactly are rejected there, each naming the file and
    row it was first read from; a receipt given with a line fewer is another
    receipt and counts. The importer reading the same files as small CSVs is the
    independent reference."""
    engine_dir, csv_dir = tmp_path / "exports", tmp_path / "csv"
    parquets, repeated, short = repeated_downloads(lines, engine_dir)
    csvs, _, _ = repeated_downloads(lines, csv_dir, "csv")
    want = build(csv_dir, csvs)
    got = build(engine_dir, parquets)
    same_kpis(want, got)
    dq = got["data_quality"]
    assert dq["rows_read"] == len(lines) + len(repeated) + len(short) - 1
    assert dq["rows_rejected"] == len(repeated) == want["data_quality"]["rows_rejected"]
    assert dq["net_sales_used"] == pytest.approx(lines["net_sales"].sum() + short.iloc[1:]["net_sales"].sum())
    text = json.dumps(got, ensure_ascii=False)
    assert f"{len(repeated)} lines (40 receipts" in text and "the same as in pos_2.parquet" in text
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)  # the CSVs as big ones: parsed by the engine
    as_big = build(csv_dir, csvs, name="big")
    same_kpis(want, as_big)
    assert as_big["data_quality"]["rows_rejected"] == len(repeated)
    # the folder given: its files as a file manager lists them, the copy "pos_2 (1)" after "pos_2"
    assert [p for p in expand_inputs([engine_dir]) if p.suffix == ".parquet"] == parquets
    (engine_dir / "r.xlsx").unlink()  # the pack built above, not an input
    as_folder = json.dumps(build(tmp_path, [engine_dir], name="folder"), ensure_ascii=False)
    assert "the same as in pos_2.parquet" in as_folder and "the same as in pos_2 (1)" not in as_folder


def importer_and_engine(tmp_path, monkeypatch, text: str, encoding: str = "utf-8",
                        name: str = "pos.csv") -> tuple[dict, dict]:
    """The results of one CSV's `text` read by the importer (small/pos.csv: the reference) and, as a big
    file, by the engine (big/pos.csv)."""
    for folder in ("small", "big"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_bytes(text.encode(encoding))
    want = build(tmp_path / "small", [tmp_path / "small" / name])
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    return want, build(tmp_path / "big", [tmp_path / "big" / name])


def _japanese_register(lines, sep: str = ",") -> str:
    """The lines as a Japanese register writes them: Japanese headers, amounts with the yen sign that
    Shift_JIS writes as a backslash (and its full-width form), products and departments in kanji."""
    money = [f"\\{v:,.0f}" if n % 3 else f"￥{v:,.0f}" for n, v in enumerate(lines["net_sales"].round())]
    return pd.DataFrame({
        "日付": lines["date"].dt.strftime("%Y/%m/%d %H:%M:%S"), "店舗": lines["store"], "レシート番号": lines["receipt"],
        "会員番号": lines["customer"], "JANコード": lines["sku"], "商品名": "商品・" + lines["sku"].str[-2:],
        "部門": "部門" + lines["sku"].str[-1:], "数量": lines["qty"], "売上金額": money,
        "原価": lines["cost"]}).to_csv(index=False, sep=sep, lineterminator="\r\n")


@pytest.mark.parametrize("encoding, name, sep", [("cp932", "pos.csv", ","), ("euc_jp", "pos.csv", ","),
                                                 ("utf-16", "pos.txt", "\t")])
def test_a_big_csv_not_in_utf8_is_read_by_the_engine_as_the_importer_reads_it(
        lines, tmp_path, monkeypatch, encoding, name, sep):
    """A register's Shift_JIS or EUC-JP export, or Excel's "Unicode text" (UTF-16, tabs): the engine reads
    its text as UTF-8 (a copy, removed after) and gives the importer's KPIs, totals and yen readings."""
    scratch = tmp_path / "temp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    want, got = importer_and_engine(tmp_path, monkeypatch, _japanese_register(lines, sep), encoding, name)
    same_kpis(want, got)
    for key in ("rows_read", "rows_used", "net_sales_used"):
        assert got["data_quality"][key] == pytest.approx(want["data_quality"][key])
    assert got["data_quality"]["net_sales_used"] == pytest.approx(lines["net_sales"].round().sum())
    assert any(w["problem"].startswith("read by the query engine") for w in got["data_quality"]["warnings"])
    assert not any(want["data_quality"]["warnings"][n]["problem"].startswith("read by the query engine")
                   for n in range(len(want["data_quality"]["warnings"])))
    assert not list(scratch.glob("kpipack-text-*"))


@pytest.mark.parametrize("sep", [",", ";"])
def test_a_big_csv_under_lines_of_title_is_read_from_its_header(lines, tmp_path, monkeypatch, sep):
    """A report's title and date range above the header (DuckDB's own sniffing took the title for the
    header and the build stopped): the engine finds the header as the importer does and numbers the rows
    as it does, so a rejected line (an amount left blank) is named at the same row."""
    blank = lines.assign(net_sales=lines["net_sales"].astype(object))
    blank.loc[[7, 2500], "net_sales"] = None
    body = blank.to_csv(index=False, sep=sep, decimal="," if sep == ";" else ".")
    want, got = importer_and_engine(tmp_path, monkeypatch, f"Sales report\nfrom 2025-01-01 to 2026-03-31\n\n{body}")
    same_kpis(want, got)
    assert got["data_quality"]["rows_rejected"] == want["data_quality"]["rows_rejected"] == 2
    rows = sorted(i["row"] for i in got["data_quality"]["issues"])
    assert rows == sorted(i["row"] for i in want["data_quality"]["issues"]) == [7 + 5, 2500 + 5]  # title 3, header 1


def test_a_big_csv_under_lines_of_title_on_spark_is_refused_naming_its_header_line(tmp_path, monkeypatch):
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    (tmp_path / "pos.csv").write_text("Sales report\ndate,store,net_sales\n2026-03-01,S1,10\n")
    with pytest.raises(KpipackError) as caught:
        build_pack([tmp_path / "pos.csv"], Settings(period="2026-03"), json_out=tmp_path / "r.json",
                   engine="spark", use_cache=False)
    assert caught.value.message("en").startswith("pos.csv: its header is on line 2, under lines of title")
    assert not (tmp_path / "r.json").exists()


def test_a_big_csv_of_order_totals_with_blanks_reads_as_the_importer_reads_it(tmp_path, monkeypatch):
    """Totals with their tax beside them (the sale is the Total less the tax): a blank Total beside a
    quantity and a unit price is their product; a line of a blank branch names no store and is rejected.
    Used: (110 − 10) + 2 × 40 + (330 − 30) = 480; rejected: the line without a branch (55 − 5)."""
    text = ("Invoice ID,Branch,Unit price,Quantity,Tax 5%,Total,Date\n"
            "1,A,50,2,10,110,2026-03-01\n"
            "2,A,40,2,,,2026-03-02\n"
            "3,,50,1,5,55,2026-03-03\n"
            "4,B,100,3,30,330,2026-03-04\n")
    want, got = importer_and_engine(tmp_path, monkeypatch, text)
    for result in (want, got):
        dq = result["data_quality"]
        assert (dq["rows_used"], dq["rows_rejected"]) == (3, 1)
        assert dq["net_sales_used"] == pytest.approx(480.0)
        assert [(i["row"], i["problem"]) for i in dq["issues"]] == [(4, "store is empty")]
        assert any("1 lines leave the amount blank" in w["problem"] or "1 line leaves the amount blank"
                   in w["problem"] for w in dq["warnings"]), [w["problem"] for w in dq["warnings"]]
    same_actuals(want, got)


def test_a_big_csv_whose_store_column_is_blank_throughout_is_one_store(lines, tmp_path, monkeypatch):
    """A single-store export leaves its Location blank on every line: the lines are the one store's, said."""
    text = lines.assign(store="").to_csv(index=False)
    want, got = importer_and_engine(tmp_path, monkeypatch, text)
    same_actuals(want, got)
    assert got["data_quality"]["rows_rejected"] == want["data_quality"]["rows_rejected"] == 0
    said = [w["problem"] for w in got["data_quality"]["warnings"]]
    assert any(p.startswith("the store column store is blank on every row") for p in said), said
    assert {r["scope"] for r in got["kpis"]} == {"total", "store:MAIN"}


def test_a_big_csv_in_a_known_export_layout_is_read_by_the_importer(tmp_path, monkeypatch):
    """A Square transactions export: each row is a transaction, its status rows no sale — the profile's
    rules, which the importer applies (the engine gave no transactions nor ATV)."""
    from test_export_profiles import SQUARE_TX

    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    path = tmp_path / "transactions.csv"
    path.write_text(SQUARE_TX, encoding="utf-8")
    assert linefiles.claim([path]) == (None, [path])
    build_pack([path], Settings(period="2026-10"), json_out=tmp_path / "r.json", use_cache=False)
    got = json.loads((tmp_path / "r.json").read_text())
    by_id = {r["id"]: r["actual"] for r in got["kpis"] if r["scope"] == "total"}
    assert by_id["net_sales"] == pytest.approx(2400.0) and by_id["transactions"] == 2  # the refund is none


def test_a_parquet_file_in_a_known_export_layout_is_refused_naming_it(tmp_path, monkeypatch):
    """The importer reads no Parquet, and the engine applies no profile's rules (a Canceled row would count):
    refused in both languages, naming the layout, nothing written."""
    import io

    from test_export_profiles import SQUARE_TX

    pd.read_csv(io.StringIO(SQUARE_TX), dtype=str).to_parquet(tmp_path / "transactions.parquet")
    said = refused_in(tmp_path, [tmp_path / "transactions.parquet"], monkeypatch)
    assert said["en"].startswith("transactions.parquet: laid out as a Square transactions export, whose rules")
    assert said["ja"].startswith("transactions.parquet: Squareの取引（Transactions）エクスポートの形式です")


def test_a_big_csv_of_padded_codes_reads_them_as_the_importer_does(lines, tmp_path, monkeypatch):
    """A fixed-width export pads its store, SKU and member codes with spaces (a full-width one too): the
    engine reads them as the importer does, so 'S01 ' is S01 and the stores are the same."""
    padded = lines.assign(store=" " + lines["store"] + "  ", sku=lines["sku"] + "\u3000",
                          customer=lines["customer"].map(lambda c: f"{c}   " if isinstance(c, str) else c))
    want, got = importer_and_engine(tmp_path, monkeypatch, padded.to_csv(index=False))
    same_kpis(want, got)
    assert {r["scope"] for r in got["kpis"]} == {"total"} | {f"store:{s}" for s in lines["store"].unique()}


def test_a_big_csv_whose_lines_are_all_rejected_says_why(tmp_path, monkeypatch):
    """Every line tax-included with no rate anywhere: the build names the file, the lines and the first
    row's reason, as the importer's message does, not only that no sales were found."""
    text = "日付,店舗,レシート,売上金額,税区分\n" + "".join(f"2026-03-0{d},本店,R{d},1080,内税\n" for d in range(1, 4))
    (tmp_path / "pos.csv").write_text(text, encoding="utf-8")
    said = refused_in(tmp_path, [tmp_path / "pos.csv"], monkeypatch)
    assert said["en"] == ("no sales lines were found: pos.csv: sales, but none of its 3 lines could be used (row 2: "
                          "its amount includes tax ('税区分') but no tax rate tells how much: write the rate with "
                          "the type (内税10%) or in a tax-rate column (税率: 8% or 10%))")
    assert "税率の列" in said["ja"] and "pos.csv" in said["ja"]


def test_more_rejected_lines_than_listed_still_tie_the_control_totals(lines, tmp_path, monkeypatch):
    """The engine lists the first rejected lines only (5 here): the rejected count is every one of them, so
    lines read = used + rejected, as the importer counts the same file, and the pack says how many are listed."""
    import openpyxl

    monkeypatch.setattr(linefiles, "REJECTS_LISTED", 5)
    blank = lines.assign(net_sales=lines["net_sales"].astype(object))
    blank.loc[blank.index[::100], "net_sales"] = None
    want, got = importer_and_engine(tmp_path, monkeypatch, blank.to_csv(index=False))
    dq = got["data_quality"]
    assert dq["rows_rejected"] == want["data_quality"]["rows_rejected"] == len(blank.index[::100]) == 28
    assert dq["rows_read"] == dq["rows_used"] + dq["rows_rejected"] == len(lines)
    assert len(dq["issues"]) == 5
    sheet = openpyxl.load_workbook(tmp_path / "big" / "r.xlsx", read_only=True)["Data quality"]
    titles = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "Rejected rows (the first 5 of 28 listed)" in titles


def test_monthly_csv_files_as_big_together_as_one_big_file_are_the_engines(lines, imported, tmp_path, monkeypatch):
    """A chain's year as monthly files, each under the size the engine takes alone: together they are read
    by the engine (its note says so), with the importer's KPIs for the same lines in one file."""
    folder = tmp_path / "months"
    folder.mkdir()
    for n, start in enumerate(range(0, len(lines), 1000), 1):
        lines.iloc[start:start + 1000].to_csv(folder / f"pos_{n:02d}.csv", index=False)
    sizes = [p.stat().st_size for p in folder.iterdir()]
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", max(sizes) + 1)  # none big alone, all together
    assert sum(sizes) >= linefiles.CSV_ENGINE_BYTES
    got = build(tmp_path, [folder])
    same_kpis(imported, got)
    assert any(w["problem"].startswith("read by the query engine") for w in got["data_quality"]["warnings"])


def test_small_csv_files_of_two_layouts_stay_the_importers(lines, tmp_path, monkeypatch):
    """As big together as the engine takes, but of two layouts (one names its columns in Japanese): each
    is read by the importer as it would be alone, not refused as files of one export that differ."""
    first = lines.iloc[:1500]
    second = lines.iloc[1500:].rename(columns={"date": "日付", "store": "店舗", "net_sales": "売上金額"})
    first.to_csv(tmp_path / "a.csv", index=False)
    second.to_csv(tmp_path / "b.csv", index=False)
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", max((tmp_path / f"{n}.csv").stat().st_size for n in "ab") + 1)
    assert linefiles.claim([tmp_path / "a.csv", tmp_path / "b.csv"]) == (None, [tmp_path / "a.csv", tmp_path / "b.csv"])


def test_a_big_shift_jis_csv_cut_within_a_character_is_said_to_be_cut_off(lines, tmp_path, monkeypatch):
    """The download stopped between the two bytes of a kanji: the file is cut off in its last line."""
    raw = _japanese_register(pd.concat([lines] * 4)).encode("cp932")
    end = raw.rindex("商品・".encode("cp932")) + 1
    (tmp_path / "pos.csv").write_bytes(raw[:end])
    said = refused_in(tmp_path, [tmp_path / "pos.csv"], monkeypatch)
    line = raw[:end].count(b"\n") + 1
    assert said["en"] == f"pos.csv: the file ends in the middle of line {line}: it is cut off (a download or " \
                         "copy that did not finish?); nothing was written"
    assert said["ja"].startswith(f"pos.csv: {line} 行目の途中でファイルが終わっています")


def test_a_big_csv_of_two_downloads_with_the_header_between_counts_their_shared_receipts_once(
        lines, tmp_path, monkeypatch):
    """A CSV of a download, its header line again and a second download overlapping the first by 30
    receipts: the header is no line, the 30 receipts' lines in the second are rejected as read further up
    (this receipt was already read from row N), as the importer reads the same small file."""
    keyed = lines.assign(day=lines["date"].dt.normalize())
    keyed["key"] = list(zip(keyed["store"], keyed["receipt"], keyed["day"]))
    first, rest = keyed.iloc[:1800], keyed.iloc[1800:]
    shared = sorted(k for k in set(first["key"]) - set(rest["key"]) if isinstance(k[1], str))[:30]
    again = first[first["key"].isin(shared)]
    second = pd.concat([again, rest])
    text = first.drop(columns=["day", "key"]).to_csv(index=False) + \
        second.drop(columns=["day", "key"]).to_csv(index=False)
    want, got = importer_and_engine(tmp_path, monkeypatch, text)
    same_kpis(want, got)
    dq = got["data_quality"]
    assert dq["rows_rejected"] == len(again) + 1 == want["data_quality"]["rows_rejected"]  # and the header
    assert dq["net_sales_used"] == pytest.approx(lines["net_sales"].sum())
    problems = [i["problem"] for i in dq["issues"]]
    assert sum(p.startswith("this receipt was already read from row") for p in problems) == len(again)


def test_a_header_line_again_far_down_splits_the_downloads_too(tmp_path, monkeypatch):
    """The second download starts past the reader's sample (its header line set aside by the reader, not
    read as a line): 25,000 receipts of 10, then the header, then 40 of them again and 5 new ones of 20.
    Used: 25,000 × 10 + 5 × 20 = 250,100; rejected: the 40 repeated lines (400) and the header."""
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    first = pd.DataFrame({"date": "2026-03-01", "store": "S1", "receipt": [f"R{n}" for n in range(25000)],
                          "net_sales": 10.0})
    second = pd.concat([first.iloc[100:140], pd.DataFrame({"date": "2026-03-02", "store": "S1",
                                                           "receipt": [f"N{n}" for n in range(5)],
                                                           "net_sales": 20.0})])
    (tmp_path / "pos.csv").write_text(first.to_csv(index=False) + second.to_csv(index=False), encoding="utf-8")
    got = build(tmp_path, [tmp_path / "pos.csv"])
    dq = got["data_quality"]
    assert (dq["rows_used"], dq["rows_rejected"]) == (25005, 41)
    assert (dq["net_sales_used"], dq["net_sales_rejected"]) == (pytest.approx(250100.0), pytest.approx(400.0))
    problems = [i["problem"] for i in dq["issues"]]
    assert problems.count("this receipt was already read from row 102: counted once") == 1  # R100, file row 102


def test_a_big_csv_of_two_downloads_without_the_header_between_counts_their_shared_receipts_once(
        lines, tmp_path, monkeypatch):
    """A download with 30 of its receipts pasted again below it, no header line between: the receipts come
    back as blocks holding the same lines, and those later blocks are rejected as read further up, as the
    importer reads the same small file (the reference)."""
    keyed = lines.assign(day=lines["date"].dt.normalize())
    keyed["key"] = list(zip(keyed["store"], keyed["receipt"], keyed["day"]))
    runs = keyed["key"].ne(keyed["key"].shift()).cumsum()
    whole = [k for k, n in keyed.groupby(runs)["key"].first().value_counts().items() if n == 1]
    shared = sorted(k for k in whole if isinstance(k[1], str))[:30]  # each one block of the download
    again = keyed[keyed["key"].isin(shared)]
    text = pd.concat([keyed, again]).drop(columns=["day", "key"]).to_csv(index=False)
    want, got = importer_and_engine(tmp_path, monkeypatch, text)
    same_kpis(want, got)
    dq = got["data_quality"]
    assert dq["rows_rejected"] == len(again) == want["data_quality"]["rows_rejected"]
    assert dq["net_sales_used"] == pytest.approx(lines["net_sales"].sum())
    problems = [i["problem"] for i in dq["issues"]]
    assert sum(p.startswith("this receipt was already read from row") for p in problems) == len(again)
    said = json.dumps(dq, ensure_ascii=False)  # what is left unchecked, and only that
    assert "not compared with the same sales in a workbook" in said and "given twice within one file" not in said
    pd.concat([keyed, again]).drop(columns=["day", "key"]).to_parquet(tmp_path / "big" / "pos.parquet")
    same_kpis(want, build(tmp_path / "big", [tmp_path / "big" / "pos.parquet"], name="parquet"))


def test_a_receipt_back_further_down_is_a_repeat_only_where_every_block_is_the_same(tmp_path, monkeypatch):
    """One file: 1,000 receipts of one line at 10 (rows 2-1001), a receipt of two equal lines at 7 (one
    block: two of the same item), then R100-R139 again as they were (rows 1004-1043), R999, R5 at 12 and
    R999 again. By hand: used 1,000 + 2 + 1 (R5's blocks differ: both count) = 1,003 lines,
    10,000 + 14 + 12 = 10,026; rejected R100-R139's 40 lines and R999's two later blocks, 42 lines, 420.
    The importer reads the same small file alike."""
    receipts = pd.DataFrame({"date": "2026-03-01", "store": "S1", "receipt": [f"R{n}" for n in range(1000)],
                             "sku": "A", "net_sales": 10.0})
    pair = pd.DataFrame({"date": "2026-03-01", "store": "S1", "receipt": ["P1", "P1"], "sku": "B",
                         "net_sales": 7.0})
    r5, r999 = receipts.iloc[[5]].assign(net_sales=12.0), receipts.iloc[[999]]
    text = pd.concat([receipts, pair, receipts.iloc[100:140], r999, r5, r999]).to_csv(index=False)
    for engine in (False, True):
        monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0 if engine else 1 << 40)
        folder = tmp_path / str(engine)
        folder.mkdir()
        (folder / "pos.csv").write_text(text, encoding="utf-8")
        dq = build(folder, [folder / "pos.csv"])["data_quality"]
        assert (dq["rows_used"], dq["rows_rejected"]) == (1003, 42), engine
        assert (dq["net_sales_used"], dq["net_sales_rejected"]) == (pytest.approx(10026.0), pytest.approx(420.0))
        problems = [(i["row"], i["problem"]) for i in dq["issues"]]
        for row, first in ((1004, 102), (1043, 141), (1044, 1001), (1046, 1001)):
            assert (row, f"this receipt was already read from row {first}: counted once") in problems, engine


def test_a_folders_files_are_taken_as_a_file_manager_lists_them(tmp_path):
    names = ["pos_10.csv", "pos_2 (1).csv", "POS_1.xlsx", "pos_2.csv", "pos_2.parquet", "april.csv"]
    for name in names:
        (tmp_path / name).write_text("x")
    got = [p.name for p in sorted((tmp_path / n for n in names), key=listed_order)]
    assert got == ["april.csv", "POS_1.xlsx", "pos_2.csv", "pos_2.parquet", "pos_2 (1).csv", "pos_10.csv"]
    assert [p.name for p in expand_inputs([tmp_path])] == got


def first_line_only(lines: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    """`lines` with each receipt's lines together and `fields` written on its first line only."""
    keyed = lines[lines["receipt"].notna()].sort_values(["store", "receipt"], kind="stable").reset_index(drop=True)
    later = keyed.duplicated(["store", "receipt"])
    out = keyed.astype({f: object for f in fields})
    out.loc[later, fields] = None
    return out


@pytest.mark.parametrize("fields", [["receipt", "date", "store", "customer"], ["date", "customer"], ["customer"]])
def test_receipt_fields_on_a_receipts_first_line_only_are_carried_down_on_the_engine_as_in_the_importer(
        lines, tmp_path, monkeypatch, fields):
    """A 伝票 layout: each receipt's number, date, store and member on its first line only (or its number on
    every line and its date and member on the first): the engine carries them down its lines as the importer
    does with the same small file (the reference), every line used, and says so."""
    monkeypatch.setattr(line_carry, "CHUNK_LINES", 250)  # the parsed lines changed in several pieces
    written = first_line_only(lines, fields)
    blanked = written[fields[-1]].isna().sum() - lines[fields[-1]].isna().sum()  # left blank by the layout
    assert blanked > 300
    text = written.to_csv(index=False)
    want, got = importer_and_engine(tmp_path, monkeypatch, text)
    same_kpis(want, got)
    dq = got["data_quality"]
    mine = want["data_quality"]
    assert (dq["rows_used"], dq["rows_rejected"]) == (mine["rows_used"], mine["rows_rejected"])
    assert dq["rows_used"] + dq["rows_rejected"] == len(written)
    if "date" in fields:  # read line by line, each undated line would be rejected
        assert dq["rows_rejected"] < 0.05 * written["date"].isna().sum()
    def carried(results):
        return [n for n in json.dumps(results["data_quality"], ensure_ascii=False).split('"')
                if "from their receipt's first line" in n]
    assert carried(got) == carried(want) and len(carried(got)) == 1
    assert int(carried(got)[0].split()[0]) >= blanked


@pytest.mark.parametrize("space", ["\t", "\u3000", "\u00a0"])
def test_a_date_left_as_white_space_below_a_receipts_first_line_is_carried_down_as_in_the_importer(
        lines, tmp_path, monkeypatch, space):
    """The continuing lines' date cells hold a tab or a full-width space rather than nothing: blank to the
    importer, so the receipt's date is carried down them on the engine too, not each line rejected."""
    written = first_line_only(lines, ["date", "customer"])
    written["date"] = written["date"].astype(object).where(written["date"].notna(), space)
    want, got = importer_and_engine(tmp_path, monkeypatch, written.to_csv(index=False))
    same_kpis(want, got)
    assert (got["data_quality"]["rows_used"], got["data_quality"]["rows_rejected"]) == (len(written), 0)


def test_a_file_sorted_by_item_keeps_a_receipts_two_equal_lines_that_sit_apart(tmp_path, monkeypatch):
    """Lines sorted by item: 50 receipts of an A and a B line each, and receipt X of two equal A lines with
    another receipt's A line between them. X looks like a block come back, but 50 receipts come back as
    other lines: the file is not kept by receipt, and every line counts (102 lines, 50 × 30 + 20 = 1,520),
    in the importer and on the engine alike."""
    a = [{"date": "2026-03-01", "store": "S1", "receipt": f"R{n:02d}", "sku": "A", "net_sales": 10.0}
         for n in range(50)]
    b = [{**line, "sku": "B", "net_sales": 20.0} for line in a]
    x = {"date": "2026-03-01", "store": "S1", "receipt": "X", "sku": "A", "net_sales": 10.0}
    text = pd.DataFrame(a[:10] + [x] + a[10:20] + [x] + a[20:] + b).to_csv(index=False)
    for result in importer_and_engine(tmp_path, monkeypatch, text):
        dq = result["data_quality"]
        assert (dq["rows_used"], dq["rows_rejected"], dq["net_sales_used"]) == (102, 0, pytest.approx(1520.0))


def _priced_only(lines) -> pd.DataFrame:
    """The lines as a register writes them without an amount column: quantity and unit price only, with
    a price that is text, one left blank and a quantity that is no number among them."""
    priced = lines.assign(unit_price=(lines["net_sales"] / lines["qty"].where(lines["qty"] != 0, 1)).round(2).abs())
    priced = priced.drop(columns="net_sales").astype({"unit_price": object, "qty": object})
    priced.loc[5, "unit_price"] = "¥1,280"
    priced.loc[6, "unit_price"] = None
    priced.loc[7, "qty"] = "two"
    return priced


def test_lines_of_quantity_and_unit_price_only_are_read_by_the_engine(lines, tmp_path, monkeypatch):
    """No amount column: each line's sale is its quantity × unit price, on the engine as in the importer
    (a big CSV is no longer handed to the importer whole, a Parquet file no longer refused)."""
    priced = _priced_only(lines)
    want, got = importer_and_engine(tmp_path, monkeypatch, priced.to_csv(index=False))
    same_kpis(want, got)
    for key in ("rows_read", "rows_used", "rows_rejected", "net_sales_used"):
        assert got["data_quality"][key] == pytest.approx(want["data_quality"][key]), key
    assert any(w["problem"].startswith("read by the query engine") for w in got["data_quality"]["warnings"])
    rejected = [[(i["row"], i["problem"]) for i in r["data_quality"]["issues"]] for r in (want, got)]
    assert rejected[0] == rejected[1] and (9, "Quantity 'two' is not a number") in rejected[0]
    currency = [[w["problem"] for w in r["data_quality"]["warnings"] if w["problem"].startswith("the amounts")]
                for r in (want, got)]
    assert currency[0] == currency[1] and "JPY, as their signs" in currency[0][0]  # the ¥ of a price
    # by hand: the lines with a quantity and a price that are numbers, their products summed
    qty = pd.to_numeric(priced["qty"], errors="coerce")
    price = pd.to_numeric(priced["unit_price"], errors="coerce").fillna({5: 1280.0})
    assert got["data_quality"]["net_sales_used"] == pytest.approx((qty * price).sum(), rel=1e-12)
    assert got["data_quality"]["rows_rejected"] == int((qty * price).isna().sum())
    folder = tmp_path / "exports"
    folder.mkdir()
    numeric = priced.assign(qty=qty, unit_price=price)
    numeric.to_parquet(folder / "pos.parquet")
    from_parquet = build(tmp_path, [folder])
    assert from_parquet["data_quality"]["net_sales_used"] == pytest.approx((qty * price).sum(), rel=1e-12)
    same_kpis(want, from_parquet)


def test_quantity_and_price_less_a_discount_is_the_importers(lines, tmp_path, monkeypatch):
    """No amount column and a discount to take off quantity × price: a big CSV is read by the importer
    (the net sales by hand: Σ qty × price − discount), a Parquet file refused naming the three columns."""
    few = pd.DataFrame({"date": ["2026-03-01", "2026-03-02", "2026-03-02"], "store": ["S1", "S1", "S2"],
                        "receipt": ["R1", "R2", "R3"], "sku": ["A", "B", "A"], "qty": [2, 1, 3],
                        "unit_price": [500.0, 800.0, 100.0], "値引額": [100, 0, 0]})
    (tmp_path / "big").mkdir()
    few.to_csv(tmp_path / "big" / "pos.csv", index=False)
    monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    got = build(tmp_path / "big", [tmp_path / "big" / "pos.csv"])
    assert got["data_quality"]["net_sales_used"] == pytest.approx(2 * 500 - 100 + 800 + 300)
    assert not any(w["problem"].startswith("read by the query engine") for w in got["data_quality"]["warnings"])
    folder = tmp_path / "exports"
    folder.mkdir()
    few.to_parquet(folder / "pos.parquet")
    with pytest.raises(KpipackError) as refused:
        build(tmp_path, [folder])
    assert refused.value.code == "engine_priced_discount" and refused.value.file == "pos.parquet"
    assert "値引額" in refused.value.message("en") and "qty × unit_price" in refused.value.message("en")
    assert "値引後の金額" in refused.value.message("ja")


def test_an_id_cell_is_trimmed_of_every_white_space_as_python_strips_it():
    """The engine's trim of an id or name cell (first and last character looked at, then trimmed) against
    Python's own strip of the same 33 kinds of white space: none left where nothing else is."""
    import duckdb

    from kpipack.ingest.clean import PY_WHITESPACE

    cells = [" a", "a ", "\u3000S01\u3000", "a\u3000", "", "\t", "\r\n", "ab c", "é", "aé", "x\u2003", "a\u0301",
             "\r\nab", "ab\r\n", "\u00a0", "\u200bx", "店舗\u3000", "\u3000渋谷", "0400", None]
    con = duckdb.connect()
    con.execute("CREATE TABLE t (n INTEGER, c VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(cells)))
    got = [v for _, v in con.execute(f"SELECT n, {linefiles._code('c')} FROM t ORDER BY n").fetchall()]
    assert got == [None if c is None else (c.strip(PY_WHITESPACE) or None) for c in cells]
