"""Whole files whose values are written as people write them build with the
right figures: a Shift_JIS CSV with backslash-yen amounts and era dates,
member ids that mean "no member", dates whose day/month order only the user
can settle (asked, never guessed), and the real public samples."""
from __future__ import annotations

import json

import pytest

from conftest import shared_path
from kpipack.cli import main
from kpipack.domain import Settings
from kpipack.ingest import Mapping, load_inputs
from kpipack.pipeline import build_pack


def _kpis(path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(r["id"], r["scope"]): r["actual"] for r in data["kpis"]} | {"_dq": data["data_quality"]}


def test_a_shift_jis_csv_with_backslash_yen_amounts_builds_with_the_right_sales(tmp_path):
    lines = [
        "売上明細 2026年10月",  # a title line above the header
        "日付,店舗コード,レシート番号,会員番号,商品コード,数量,売上金額",
        "令和8年10月1日,S01,R1,M1,A,1,\\1,200",
        "R8.10.1,S01,R1,M1,B,2,\\300",
        "2026/10/02,S01,R2,非会員,A,1,\\1,200",
        "20261003,S01,R3,不明,C,1,\\10,000",
        "2026/10/03,S01,R4,M1,A,-1,-\\1,200",  # a return
        "2026/10/04,S01,R5,M2,B,1,\\150",
        "2026/10/04,S01,R6,-,B,-1,(\\150)",
    ]
    # amounts hold a comma: the last field is quoted, as Excel writes it
    text = "\r\n".join(ln if i < 2 else ",".join(ln.split(",")[:6]) + ',"' + ",".join(ln.split(",")[6:]) + '"'
                       for i, ln in enumerate(lines)) + "\r\n"
    raw = text.encode("cp932")
    assert b"\x5c1,200" in raw  # the yen sign as Shift_JIS stores it
    path = tmp_path / "売上.csv"
    path.write_bytes(raw)
    result = build_pack([path], Settings(period="2026-10"), json_out=tmp_path / "r.json")
    got = _kpis(tmp_path / "r.json")
    assert got["_dq"]["rows_rejected"] == 0 and got["_dq"]["rows_read"] == 7
    # 1,200 + 300 + 1,200 + 10,000 − 1,200 − 150 + 150
    assert got[("net_sales", "total")] == pytest.approx(11_500.0)
    assert got[("customers", "total")] == 2  # M1 and M2; 非会員, 不明 and - are no member
    sales = result.dataset.tables["sales"]
    assert sorted(sales["date"].dt.day.tolist()) == [1, 1, 2, 3, 3, 4, 4]


def _ambiguous_csv(tmp_path):
    path = tmp_path / "pos.csv"
    rows = [f"10/{d:02d}/2026,S1,R{d},{d * 100}" for d in range(1, 13)]
    path.write_text("date,store,receipt,net sales\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("lang, words", [
    ("en", ["pos.csv", "[pos]", "column 'date'", "10/01/2026", "--date-order dmy", "--date-order mdy"]),
    ("ja", ["pos.csv", "[pos]", "列「date」", "10/01/2026", "日が先", "月が先", "--date-order"]),
])
def test_dates_that_read_both_ways_stop_the_cli_naming_the_column_and_the_setting(tmp_path, capsys, lang, words):
    path = _ambiguous_csv(tmp_path)
    assert main(["build", str(path), "--json", str(tmp_path / "r.json"), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert all(w in err for w in words), err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "r.json").exists()


@pytest.mark.parametrize("how, month, total", [
    (["--date-order", "mdy"], "2026-10", 7800.0),  # 12 days of October
    (["--date-order", "dmy"], "2026-03", 300.0),  # the 10th of each month: 10/03/2026 is 10 March
    (["--map", "top"], "2026-10", 7800.0),
    (["--map", "sheet"], "2026-03", 300.0),
])
def test_the_date_order_setting_settles_it(tmp_path, how, month, total):
    path = _ambiguous_csv(tmp_path)
    if how[0] == "--map":
        toml = tmp_path / "map.toml"
        toml.write_text('_date_order = "mdy"\n' if how[1] == "top" else '[pos]\n_date_order = "dmy"\n',
                        encoding="utf-8")
        how = ["--map", str(toml)]
    assert main(["build", str(path), "--json", str(tmp_path / "r.json"), "--period", month, *how]) == 0
    assert _kpis(tmp_path / "r.json")[("net_sales", "total")] == pytest.approx(total)


def test_a_bad_date_order_in_the_map_file_is_named(tmp_path, capsys):
    toml = tmp_path / "map.toml"
    toml.write_text('[pos]\n_date_order = "ymd"\n', encoding="utf-8")
    assert main(["build", str(_ambiguous_csv(tmp_path)), "--map", str(toml), "--json", str(tmp_path / "r.json")]) == 2
    assert "'ymd'" in capsys.readouterr().err


def test_one_month_first_date_in_a_year_first_column_is_asked_about(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("date,net sales\n2026-10-01,100\n2026-10-02,100\n10/7/2026,100\n", encoding="utf-8")
    from kpipack.errors import KpipackError

    with pytest.raises(KpipackError) as caught:
        load_inputs([path], use_cache=False)
    assert caught.value.code == "date_order_unclear" and caught.value.params["examples"] == "10/7/2026"
    data = load_inputs([path], Mapping().with_date_order("mdy"), use_cache=False)
    assert data.tables["sales"]["date"].dt.strftime("%m-%d").tolist() == ["10-01", "10-02", "10-07"]


# ---------------------------------------------------------------- the real public samples
IDPOS_MAP = """[idpos_supermarket_day_sjis_184rows]
_role = "sales"
"日" = "date"
"店" = "store"
"RECNO" = "receipt"
"加工ｺｰﾄﾞ" = "customer"
"JANｺｰﾄﾞ" = "sku"
"商品名" = "product"
"売上数量" = "qty"
"売上金額" = "net_sales"
"""


def test_idpos_sample_non_members_are_no_customers(tmp_path):
    path = shared_path("samples", "idpos_supermarket_day_sjis_184rows.csv")
    toml = tmp_path / "map.toml"
    toml.write_text(IDPOS_MAP, encoding="utf-8")
    build_pack([path], Settings(period="2017-09"), json_out=tmp_path / "r.json", mapping=Mapping.load(toml))
    got = _kpis(tmp_path / "r.json")
    assert got["_dq"]["rows_read"] == 184 and got["_dq"]["rows_rejected"] == 0
    assert got[("net_sales", "total")] == 37_621  # Σ売上金額 of the file
    assert got[("transactions", "total")] == 20
    assert got[("customers", "total")] == 17  # 18 distinct 加工ｺｰﾄﾞ, one of them 非会員


def test_square_sample_dollar_amounts_and_negative_fees_read(tmp_path):
    path = shared_path("samples", "square_transactions_italianmarket_2024.csv")
    data = load_inputs([path], use_cache=False)
    assert data.rows_read == 3091 and data.rows_rejected == 0
    assert data.net_sales_read == pytest.approx(60_534.74, abs=0.005)  # Square's own total


def test_kaggle_supermarket_sample_is_month_first_without_a_setting(tmp_path):
    path = shared_path("samples", "supermarket_sales_kaggle_lecture_blanks.csv")
    sales = load_inputs([path], use_cache=False).tables["sales"]
    assert sales["date"].min().strftime("%Y-%m-%d") == "2019-01-01"
    assert sales["date"].max().strftime("%Y-%m-%d") == "2019-03-30"
    assert sales["date"].dt.month.isin([1, 2, 3]).all()  # Jan–Mar 2019: 1/5/2019 is 5 January


# ---------------------------------------------------------------- CSV encodings and separators
def _table(sep: str, amounts: list[str], store: str = "S1") -> list[str]:
    rows = [sep.join(["date", "store", "net sales"])]
    for day, amount in enumerate(amounts, start=1):
        cell = f'"{amount}"' if sep in amount else amount
        rows.append(sep.join([f"2026-10-{day:02d}", store, cell]))
    return rows


@pytest.mark.parametrize("name, lines, encoding, total, store", [
    ("utf8.csv", _table(",", ["1,200", "300"]), "utf-8", 1500.0, "S1"),
    ("bom.csv", _table(",", ["1,200", "300"], "新宿"), "utf-8-sig", 1500.0, "新宿"),
    ("unicode-text.txt", _table("\t", ["1,200", "300"], "新宿"), "utf-16", 1500.0, "新宿"),  # Excel "Unicode text"
    ("sjis.csv", ["売上明細"] + _table(",", ["\\1,200", "\\300"], "新宿"), "cp932", 1500.0, "新宿"),
    ("tabs-named.csv", _table("\t", ["1,200", "300"]), "utf-8", 1500.0, "S1"),
    ("semicolon.csv", ["Sales report October 2026"] + _table(";", ["1.200,50", "300,25"], "Café"), "cp1252",
     1500.75, "Café"),
    ("euc.csv", ["日付,店舗,売上金額"] + _table(",", ["1200", "300"], "新宿店")[1:], "euc_jp", 1500.0, "新宿店"),
    ("titles.csv", ["Shop: market", "Exported 2026-11-01 by the POS", ""] + _table(",", ["1,200", "300"]), "utf-8",
     1500.0, "S1"),
    ("trailing.csv", [ln + "," for ln in _table(",", ["1200", "300"])][:1] + [ln + ",," for ln in
                                                                            _table(",", ["1200", "300"])[1:]],
     "utf-8", 1500.0, "S1"),  # a trailing separator on every line, two on the data lines
])
def test_csv_encodings_separators_and_title_lines(tmp_path, name, lines, encoding, total, store):
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    data = load_inputs([path], use_cache=False)
    assert data.rows_rejected == 0 and data.rows_read == 2
    sales = data.tables["sales"]
    assert sales["net_sales"].sum() == pytest.approx(total)
    assert set(sales["store"]) == {store}


def test_a_line_with_a_filled_field_past_the_header_is_still_rejected(tmp_path):
    path = tmp_path / "shifted.csv"
    path.write_text("date,store,net sales\n2026-10-01,S1,1,200\n2026-10-02,S1,300,\n", encoding="utf-8")
    data = load_inputs([path], use_cache=False)
    assert [(i.row, i.code) for i in data.issues] == [(2, "row_fields_extra")]
    assert data.tables["sales"]["net_sales"].tolist() == [300.0]
