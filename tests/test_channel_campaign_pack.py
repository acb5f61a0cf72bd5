"""The Channels and Campaign effect sheets of the pack, and the campaign a
previous month's action named, on the bundled samples (channels 店舗, EC,
モール; campaigns 秋の化粧品フェア and ギフト早割キャンペーン)."""
from __future__ import annotations

import warnings

import openpyxl
import pytest

from packtools import rewrite, sample_pack

from kpipack.report.labels import label
from kpipack.report.previous import KEY_HEADER


def load(path, values=False):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=values)


@pytest.fixture(scope="module")
def built():
    return sample_pack("en")


def cells(ws):
    return [(c.row, c.column, c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def find(ws, text):
    return next((r, c) for r, c, v in cells(ws) if v == text)


def test_channels_sheet_shares_are_live_and_tie_to_the_results(built):
    rows = {(r["id"], r["scope"]): r for r in built.rows}
    formulas, values = load(built.pack_path), load(built.pack_path, values=True)
    name = label("channels", "en")
    ws, wv = formulas[name], values[name]
    r, c = find(ws, "EC")  # the first table: one row per channel
    share = ws.cell(r, c + 2).value
    assert share.startswith("=") and "/" in share and "*100" in share
    assert wv.cell(r, c + 2).value == pytest.approx(rows[("channel_share_pct", "channel:EC")]["actual"])
    assert wv.cell(r, c + 1).value == pytest.approx(rows[("net_sales", "channel:EC")]["actual"])
    # the channel-mix chart and the stacked sales chart
    assert len(ws._charts) == 2


def test_campaign_sheet_reading_and_formulas(built):
    formulas, values = load(built.pack_path), load(built.pack_path, values=True)
    name = label("campaigns_sheet", "en")
    ws, wv = formulas[name], values[name]
    fair = [r for r in built.results["campaigns"] if r["campaign"] == "秋の化粧品フェア"]
    net = next(r for r in fair if r["measure"] == "net_sales")
    texts = [v for _, _, v in cells(wv) if isinstance(v, str)]
    reading = next(t for t in texts if t.startswith("秋の化粧品フェア lifted"))
    assert f"by {net['uplift_pct']:.0f} %" in reading and "at 渋谷店" in reading and "the other stores" in reading
    assert any(t.startswith("Compared with: the other stores with the same products (横浜店, 大宮店)") for t in texts)
    assert any(t == "Compared with: the other products of the same stores" for t in texts)
    # the fair's net sales row: uplift and incremental are formulas of the cells beside them
    r, c = find(wv, "Net sales")
    uplift = ws.cell(r, c + 7).value
    assert uplift == "=((C{0}/B{0})/(F{0}/E{0})-1)*100".format(r)
    assert wv.cell(r, c + 7).value == pytest.approx(net["uplift_pct"])
    assert wv.cell(r, c + 8).value == pytest.approx(net["incremental"])
    assert len(ws._charts) == 2  # a daily chart per campaign


def test_an_action_naming_a_campaign_shows_its_effect_next_month(built, tmp_path):
    first = rewrite(built, tmp_path / "september.xlsx")
    wb = load(first)
    ws = wb[label("actions", "en")]
    key_col = next(c.column for row in ws.iter_rows() for c in row if c.value == KEY_HEADER)
    other = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, key_col).value or "").startswith("other|"))
    ws.cell(other, 2, "Run the 秋の化粧品フェア in Shibuya")
    ws.cell(other, 5, "Done")
    wb.save(first)
    second = rewrite(built, tmp_path / "october.xlsx", previous=str(first))
    wv = load(second, values=True)[label("actions", "en")]
    texts = [v for _, _, v in cells(wv)]
    assert "Campaigns named in last month's actions: the effect measured (2026-10 data)" in texts
    r, c = find(wv, "Run the 秋の化粧品フェア in Shibuya")
    net = next(r for r in built.results["campaigns"]
               if r["campaign"] == "秋の化粧品フェア" and r["measure"] == "net_sales")
    row = [wv.cell(r, c + k).value for k in range(5)]
    assert row[1] == "秋の化粧品フェア"
    assert row[2] == pytest.approx(net["uplift_pct"]) and row[3] == pytest.approx(net["incremental"])
    assert row[4].startswith("秋の化粧品フェア lifted")
    # without the campaign's name nothing is listed
    plain = rewrite(built, tmp_path / "plain.xlsx")
    assert "Campaigns named" not in " ".join(str(v) for _, _, v in cells(load(plain)[label("actions", "en")]))


def test_japanese_pages(built):
    result = sample_pack("ja")
    wv = load(result.pack_path, values=True)
    texts = [v for _, _, v in cells(wv[label("campaigns_sheet", "ja")]) if isinstance(v, str)]
    assert any(t.startswith("秋の化粧品フェアにより、渋谷店の化粧品の売上は他店舗と比べて") for t in texts)
    assert any("比較対象: 同じ商品を扱う他の店舗（横浜店・大宮店）" == t for t in texts)
    assert label("channels", "ja") in wv.sheetnames
