"""The count of sales a Japanese POS summary or an English report writes
beside a day's sales (会計数, 取引件数, 客数(人), Transaction Count, Orders)
is the transactions column."""
import pytest

from kpipack.ingest.headers import fields_for
from test_layouts import build, write_csv

HEADERS = ["会計数", "会計件数", "取引件数", "レシート数", "伝票枚数", "客数", "客数(人)", "会計数（件）", "買上客数",
           "購買客数", "レジ客数", "客数合計", "組数", "Transaction Count", "No. of transactions", "# Transactions",
           "Receipt count", "Orders", "Number of orders"]


@pytest.mark.parametrize("header", HEADERS)
def test_a_count_header_is_transactions(header):
    assert fields_for(header) == ["transactions"]


@pytest.mark.parametrize("header", ["会計数", "取引件数", "客数(人)", "Orders"])
def test_a_daily_summary_gives_transactions_and_atv_from_its_count(tmp_path, header):
    rows = [["日付", "店舗", "売上金額", header], ["2026-10-01", "S1", "10000", "20"],
            ["2026-10-02", "S1", "12000", "30"]]
    code, results = build(tmp_path, write_csv(tmp_path / "daily.csv", rows))
    kpis = {k["id"]: k["actual"] for k in results["kpis"] if k["scope"] == "total"}
    # 20 + 30 transactions; 22,000 / 50 = 440 a transaction
    assert code == 0 and kpis["transactions"] == 50 and kpis["atv"] == 440


def test_people_and_names_are_not_counts():
    assert fields_for("商品名") == ["product"]  # 名 is no counter dropped from a header
    assert fields_for("来店客数(人)") == ["visitors"]
