"""The same exports from a dashboard set to Japanese: Square's and Loyverse's
headers and status words in Japanese are read by the same profile, with no
mapping file. Each fixture is written here in the layout of the English
export with its headers in the system's Japanese report words; the figures
are worked out by hand in the comments and read back from the results JSON."""
import json

import pytest

from kpipack.cli import main
from kpipack.ingest import Mapping, export_profiles, read_file


def build(tmp_path, *files, lang="ja"):
    out = tmp_path / "results.json"
    code = main(["build", *map(str, files), "--json", str(out), "--lang", lang, "--period", "2026-10", "--quiet",
                 "--no-cache"])
    assert code == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    kpis = {k["id"]: k["actual"] for k in results["kpis"] if k["scope"] == "total"}
    return results, kpis


def write(tmp_path, name, text, encoding="utf-8-sig"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


SQUARE_ITEMS_JA = (
    "日付,時間,タイムゾーン,カテゴリ,商品名,数量,価格設定名,SKU,適用されたオプション,総売上高,割引,純売上高,税金,"
    "取引 ID,支払い ID,デバイス名,メモ,詳細,イベントタイプ,店舗,顧客 ID\n"
    '2026-10-05,12:00:00,Asia/Tokyo,コーヒー,ラテ,2,レギュラー,LAT-1,,"￥1,000",-￥100,￥900,￥90,C5Gh7,P1,iPad,,,'
    "支払い,渋谷店,CUST1\n"
    "2026-10-05,12:00:00,Asia/Tokyo,フード,マフィン,1,レギュラー,MUF-1,,￥300,￥0,￥300,￥30,C5Gh7,P1,iPad,,,"
    "支払い,渋谷店,CUST1\n"
    # a refund written with positive figures, as Square does: a return
    "2026-10-06,09:00:00,Asia/Tokyo,フード,マフィン,1,レギュラー,MUF-1,,￥300,￥0,￥300,￥30,K2p9,P2,iPad,,,"
    "返金,渋谷店,\n"
    '2026-10-07,15:00:00,Asia/Tokyo,フード,ケーキ,3,レギュラー,CAK-1,,"￥1,500",￥0,"￥1,500",￥150,Zq1,P3,iPad,,,'
    "支払い,新宿店,CUST2\n"
    "2026-10-08,10:00:00,Asia/Tokyo,コーヒー,ラテ,1,レギュラー,LAT-1,,￥500,-￥50,￥450,￥45,Yt8,P4,iPad,,,"
    "支払い,新宿店,CUST1\n"
)


def test_square_item_detail_with_japanese_headers(tmp_path):
    path = write(tmp_path, "items-2026-10-01-2026-11-01.csv", SQUARE_ITEMS_JA)
    tables, _ = read_file(path, Mapping())
    assert tables[0].mapping.profile == "square_items"
    assert tables[0].table["net_sales"].tolist() == pytest.approx([900.0, 300.0, -300.0, 1500.0, 450.0])
    results, kpis = build(tmp_path, path)
    # 900 + 300 − 300 (返金) + 1,500 + 450; receipts C5Gh7, Zq1, Yt8 (the refund K2p9 sums below zero);
    # customers CUST1 and CUST2
    assert kpis["net_sales"] == pytest.approx(2850.0)
    assert kpis["transactions"] == 3
    assert kpis["customers"] == 2
    assert [r["profile"] for r in results["data_quality"]["read_as"]] == ["square_items"]
    assert results["data_quality"]["read_as"][0]["note"].startswith("Squareの商品明細")


SQUARE_TX_JA = (
    "日付,時間,タイムゾーン,総売上高,割引,サービス料,純売上高,ギフトカード売上,税金,チップ,一部返金,受取合計額,"
    "ソース,取引 ID,支払い ID,イベントタイプ,店舗,取引ステータス\n"
    '2026-10-01,10:00:00,Asia/Tokyo,"￥1,100",￥0,￥0,"￥1,100",￥0,￥110,￥0,￥0,"￥1,210",POS,C4Zr,P1,支払い,'
    "渋谷店,完了\n"
    # ¥330 given back later on a ¥1,800 + ¥180 tax payment: 330 × 1,800 ÷ 1,980 = 300 off
    '2026-10-01,11:00:00,Asia/Tokyo,"￥2,000",-￥200,￥0,"￥1,800",￥0,￥180,￥0,￥330,"￥1,980",POS,C7ab,P2,支払い,'
    "渋谷店,完了\n"
    "2026-10-02,12:00:00,Asia/Tokyo,-￥500,￥0,￥0,-￥500,￥0,-￥50,￥0,￥0,-￥550,POS,X9k,P3,返金,渋谷店,完了\n"
    "2026-10-02,13:00:00,Asia/Tokyo,￥700,￥0,￥0,￥700,￥0,￥70,￥0,￥0,￥770,POS,C1d2,P4,支払い,渋谷店,キャンセル済み\n"
)


def test_square_transactions_with_japanese_headers(tmp_path):
    path = write(tmp_path, "transactions-2026-10-01-2026-11-01.csv", SQUARE_TX_JA)
    tables, _ = read_file(path, Mapping())
    sheet = tables[0]
    assert sheet.mapping.profile == "square_transactions"
    assert {i.row: i.problem("en") for i in sheet.issues} == {5: "not a sale: 取引ステータス is 'キャンセル済み'"}
    results, kpis = build(tmp_path, path)
    # 1,100 + (1,800 − 300) − 500; the cancelled 700 is no sale; C4Zr and C7ab are sales (a C is no return)
    assert kpis["net_sales"] == pytest.approx(2100.0)
    assert kpis["transactions"] == 2
    assert results["data_quality"]["read_as"][0]["profile"] == "square_transactions"


LOYVERSE_ITEMS_JA = (
    "日付,レシート番号,レシートの種類,カテゴリー,SKU,商品,バリアント,適用されたモディファイア,数量,総売上,割引,純売上,"
    "商品原価,粗利益,税金,POS,店舗,レジ担当者名,顧客名,顧客連絡先,コメント,ステータス\n"
    "2026/10/28 13:33,1-1001,販売,ドリンク,10,ラテ,,,2,1000,100,900,300,600,0,POS 1,本店,店長,山田,,,クローズ\n"
    "2026/10/28 13:33,1-1001,販売,フード,20,マフィン,,,1,400,0,400,120,280,0,POS 1,本店,店長,山田,,,クローズ\n"
    "2026/10/28 14:00,1-1002,販売,フード,20,マフィン,,,1,400,0,400,120,280,0,POS 1,本店,店長,,,,キャンセル済み\n"
    "2026/10/29 09:05,1-1003,返金,フード,20,マフィン,,,1,400,0,400,120,280,0,POS 1,本店,店長,山田,,,クローズ\n"
)


def test_loyverse_receipts_by_item_with_japanese_headers(tmp_path):
    path = write(tmp_path, "receipts-by-item-2026-10-01-2026-10-31.csv", LOYVERSE_ITEMS_JA)
    tables, _ = read_file(path, Mapping())
    t = tables[0].table
    assert tables[0].mapping.profile == "loyverse_items"
    assert t["net_sales"].tolist() == pytest.approx([900.0, 400.0, -400.0])
    assert t["cost"].tolist() == pytest.approx([300.0, 120.0, -120.0])
    results, kpis = build(tmp_path, path)
    # 900 + 400 − 400 (返金); the cancelled receipt 1-1002 is no sale; one receipt sums above zero
    assert kpis["net_sales"] == pytest.approx(900.0)
    assert kpis["transactions"] == 1
    assert kpis["gross_margin_pct"] == pytest.approx(100 * (900 - 300) / 900)
    assert results["data_quality"]["rows_rejected"] == 1


LOYVERSE_RECEIPTS_JA = (
    "日付,レシート番号,レシートの種類,総売上,割引,純売上,税金,受取合計,商品原価,粗利益,支払方法,説明,"
    "ダイニングオプション,POS,店舗,レジ担当者名,顧客名,顧客連絡先,ステータス\n"
    '2026/10/28 13:33,4-1,販売,1000,100,900,0,900,300,600,現金,"2 x ラテ",店内,POS 1,本店,店長,,,クローズ\n'
    "2026/10/28 14:10,4-2,販売,800,0,800,0,800,200,600,カード,1 x ケーキ,持ち帰り,POS 1,本店,店長,,,クローズ\n"
    "2026/10/28 15:00,4-3,販売,300,0,300,0,300,90,210,現金,1 x マフィン,店内,POS 1,本店,店長,,,キャンセル済み\n"
    "2026/10/29 09:00,4-4,返金,-800,0,-800,0,-800,-200,-600,カード,1 x ケーキ,持ち帰り,POS 1,本店,店長,,,クローズ\n"
)


def test_loyverse_receipts_with_japanese_headers(tmp_path):
    path = write(tmp_path, "receipts-2026-10-01-2026-10-31.csv", LOYVERSE_RECEIPTS_JA)
    tables, _ = read_file(path, Mapping())
    assert tables[0].mapping.profile == "loyverse_receipts"
    assert set(tables[0].table["channel"]) == {"店内", "持ち帰り"}
    _, kpis = build(tmp_path, path)
    # 900 + 800 − 800; the cancelled 300 is no sale; receipts 4-1 and 4-2 above zero
    assert kpis["net_sales"] == pytest.approx(900.0)
    assert kpis["transactions"] == 2


def test_every_localised_header_set_is_claimed_by_its_own_profile_only():
    """A profile's headers written in their localised words are that profile's alone."""
    profiles = export_profiles.all_profiles()
    # (a profile whose aliases only spell another way a header it does not match on — Shopify's
    # `Canceled at` — has no localised header set)
    for p in (q for q in profiles if set(q.aliases.values()) & set(q.headers)):
        wanted = set(p.headers) | {group[0] for group in p.any_of}
        localised = {alias for alias, canonical in p.aliases.items() if canonical in wanted}
        # every header the profile needs has a localised spelling, so a Japanese file is claimed whole
        assert {p.aliases[a] for a in localised} == wanted, p.id
        assert [q.id for q in profiles if q.matches(localised)] == [p.id]
