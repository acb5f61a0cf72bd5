"""A daily report's sales kept by payment or channel, a column each, and no
column of all sales: the day's sales are their sum, said naming the columns."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from kpipack.domain import Settings
from kpipack.pipeline import build_pack


def build(tmp_path, frame: pd.DataFrame, lang="en") -> tuple[dict, list[str]]:
    frame.to_csv(tmp_path / "daily.csv", index=False, encoding="cp932")
    build_pack([tmp_path / "daily.csv"], Settings(period="2026-10", lang=lang), out=tmp_path / "r.xlsx",
               json_out=tmp_path / "r.json", use_cache=False)
    got = json.loads((tmp_path / "r.json").read_text())
    return ({r["id"]: r["actual"] for r in got["kpis"] if r["scope"] == "total"},
            [w["problem"] for w in got["data_quality"]["warnings"]])


@pytest.mark.parametrize("headers", [("現金売上", "カード売上", "電子マネー売上"), ("店内売上", "テイクアウト売上", "デリバリー売上"),
                                     ("Cash sales", "Card sales", "Online sales"), ("売上(現金)", "売上(クレジット)", "売上(QR)")])
def test_sales_by_payment_or_channel_are_summed(tmp_path, headers):
    frame = pd.DataFrame({"日付": ["2026/10/01", "2026/10/02"], "店舗": ["本店", "本店"], headers[0]: [30000, 40000],
                          headers[1]: [50000, 60000], headers[2]: [20000, 20000], "客数": [50, 60]})
    kpis, said = build(tmp_path, frame)
    assert kpis["net_sales"] == 30000 + 40000 + 50000 + 60000 + 20000 + 20000
    assert kpis["transactions"] == 110 and kpis["atv"] == pytest.approx(220000 / 110)
    assert f"Net sales is the sum of the columns {', '.join(headers)}" in said


def test_a_column_of_all_sales_beside_them_is_the_one_read(tmp_path):
    frame = pd.DataFrame({"日付": ["2026/10/01"], "店舗": ["本店"], "現金売上": [30000], "カード売上": [70000],
                          "売上": [101000]})
    kpis, said = build(tmp_path, frame)
    assert kpis["net_sales"] == 101000
    assert not any("sum of the columns" in s for s in said)


def test_a_total_that_is_the_sum_of_the_payments_is_the_days_sales(tmp_path):
    frame = pd.DataFrame({"日付": ["2026/10/01", "2026/10/02"], "店舗": ["本店", "本店"], "現金": [30000, 40000],
                          "クレジット": [50000, 60000], "電子マネー": [20000, None], "合計": [100000, 100000],
                          "客数": [50, 60]})
    kpis, _ = build(tmp_path, frame)
    assert kpis["net_sales"] == 200000 and kpis["transactions"] == 110


def test_a_journals_total_beside_cash_tendered_and_change_is_not_taken_for_their_sum(tmp_path):
    from kpipack.ingest.sales_parts import total_of_payments

    headers = ["日付", "合計", "現金", "釣銭"]
    assert total_of_payments(headers, [["2026/10/01", 980, 1000, 20], ["2026/10/01", 500, 500, 0]], {}) is None
    assert total_of_payments(["日付", "現金", "カード", "合計"], [["2026/10/01", 300, 700, 1000]], {}) == 3
