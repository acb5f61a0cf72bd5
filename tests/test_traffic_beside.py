"""A daily report keeping the day's visitors and staff hours beside its sales
(日付 | 店舗 | 売上 | 客数 | 来店客数 | 人時): the sheet gives the stores'
traffic too, with a note, so conversion and sales per labour hour are there."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from kpipack.domain import Settings
from kpipack.pipeline import build_pack


def build(tmp_path, frame: pd.DataFrame, lang="en") -> tuple[dict, list[str]]:
    frame.to_csv(tmp_path / "daily.csv", index=False, encoding="cp932")
    build_pack([tmp_path / "daily.csv"], Settings(period="2026-10", lang=lang, currency="JPY"),
               out=tmp_path / "r.xlsx", json_out=tmp_path / "r.json", use_cache=False)
    got = json.loads((tmp_path / "r.json").read_text())
    return ({(r["id"], r["scope"]): r["actual"] for r in got["kpis"]},
            [w["problem"] for w in got["data_quality"]["warnings"]])


@pytest.mark.parametrize("headers", [("日付", "店舗", "売上", "客数", "来店客数", "人時"),
                                     ("Date", "Store", "Net Sales", "Transactions", "Visitors", "Staff hours")])
def test_visitors_and_hours_beside_the_days_sales_are_read_as_traffic(tmp_path, headers):
    date, store, sales, receipts, visitors, hours = headers
    frame = pd.DataFrame({date: ["2026/10/01", "2026/10/02", "2026/10/01"], store: ["A", "A", "B"],
                          sales: [1000, 1200, 900], receipts: [50, 60, 30], visitors: [200, 240, 100],
                          hours: [16, 18, 10]})
    kpis, said = build(tmp_path, frame)
    assert kpis[("visitors", "total")] == 540 and kpis[("labor_hours", "total")] == 44
    assert kpis[("conversion_rate_pct", "store:A")] == pytest.approx(110 / 440 * 100)
    assert kpis[("sales_per_labor_hour", "total")] == pytest.approx(3100 / 44)
    assert f"the daily sales also give each day's {visitors}, {hours}: read as the stores' traffic too" in said


def test_sales_lines_with_receipts_are_not_read_as_traffic(tmp_path):
    frame = pd.DataFrame({"Date": ["2026-10-01", "2026-10-01"], "Store": ["A", "A"], "Receipt": ["R1", "R2"],
                          "Net Sales": [1000, 1200], "Visitors": [200, 200]})
    kpis, said = build(tmp_path, frame)
    assert kpis.get(("visitors", "total")) is None
    assert not any("read as the stores' traffic too" in s for s in said)


def test_a_remembered_mapping_of_the_sales_columns_keeps_the_traffic_read(tmp_path):
    """The column dialog leaves 来店客数 and 人時 out of the choice it keeps (they are read by the rule),
    so next month's file, read with that mapping, gives its traffic too."""
    from kpipack.cli import main

    frame = pd.DataFrame({"日付": ["2026/10/01", "2026/10/02"], "店舗": ["本店", "本店"], "売上": [100000, 120000],
                          "客数": [50, 60], "来店客数": [200, 240], "人時": [16, 18]})
    frame.to_csv(tmp_path / "daily.csv", index=False, encoding="cp932")
    (tmp_path / "map.toml").write_text('[daily]\n"日付" = "date"\n"店舗" = "store"\n"売上" = "net_sales"\n'
                                       '"客数" = "transactions"\n', encoding="utf-8")
    out = tmp_path / "r.json"
    assert main(["build", str(tmp_path / "daily.csv"), "--map", str(tmp_path / "map.toml"), "--json", str(out),
                 "--period", "2026-10", "--quiet", "--no-cache", "--currency", "JPY"]) == 0
    kpis = {(r["id"], r["scope"]): r["actual"] for r in json.loads(out.read_text())["kpis"]}
    assert (kpis[("visitors", "total")], kpis[("labor_hours", "total")]) == (440, 34)
