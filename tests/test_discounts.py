"""A discount column beside the amount: net sales are after discounts, so the
discount is taken off an amount shown to be before it (by its name, or as
quantity × unit price on the discounted lines), left where the amount is
shown to be after it, and said to be left where nothing shows which. The
importer and the query engine read it alike."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from kpipack.domain import Settings
from kpipack.kpis import linefiles
from kpipack.pipeline import build_pack

LINES = {"日付": ["2026/10/01", "2026/10/01", "2026/10/02", "2026/10/03"], "店舗": ["本店"] * 4,
         "伝票番号": [1, 1, 2, 3], "商品名": ["A", "B", "C", "A"]}
PRICED = {"数量": [1, 2, 3, -1], "単価": [1000, 1000, 1000, 1000]}
DISCOUNT = {"値引額": [100, 0, 300, 100]}
# by hand: 1,000 − 100 + 2,000 + 3,000 − 300, and a return of −1,000 refunded less its discount of 100
AFTER_DISCOUNTS = 900 + 2000 + 2700 - 900


def build(tmp_path, frame: pd.DataFrame, name: str, kind: str = "csv", lang: str = "en") -> tuple[float, list[str]]:
    path = tmp_path / f"{name}.{kind}"
    frame.to_parquet(path) if kind == "parquet" else frame.to_csv(path, index=False, encoding="utf-8")
    js = tmp_path / f"{name}.json"
    build_pack([path], Settings(period="2026-10", lang=lang), out=tmp_path / f"{name}.xlsx", json_out=js,
               use_cache=False)
    got = json.loads(js.read_text())
    net = next(r["actual"] for r in got["kpis"] if r["id"] == "net_sales" and r["scope"] == "total")
    return net, [w["problem"] for w in got["data_quality"]["warnings"]]


@pytest.fixture(params=["csv", "parquet", "big csv"])
def kind(request, monkeypatch):
    if request.param == "big csv":
        monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
        return "csv"
    return request.param


def test_an_amount_that_is_quantity_times_price_has_its_discount_taken_off(tmp_path, kind):
    amounts = {"売上金額": [1000, 2000, 3000, -1000]}
    net, said = build(tmp_path, pd.DataFrame({**LINES, **PRICED, **amounts, **DISCOUNT}), "before", kind)
    assert net == pytest.approx(AFTER_DISCOUNTS)
    assert 'net sales worked out as "売上金額" less 値引額: the amount is before discounts' in " ".join(said)


def test_an_amount_already_less_its_discount_is_read_as_written_and_said(tmp_path, kind):
    amounts = {"売上金額": [900, 2000, 2700, -900]}
    net, said = build(tmp_path, pd.DataFrame({**LINES, **PRICED, **amounts, **DISCOUNT}), "after", kind)
    assert net == pytest.approx(AFTER_DISCOUNTS)
    assert 'column "値引額" is not taken off "売上金額": on every discounted line the amount is already "数量" × ' \
           '"単価" less the discount' in said


@pytest.mark.parametrize("header", ["総売上", "Gross Sales"])
def test_an_amount_named_gross_has_its_discount_taken_off_whichever_its_sign(tmp_path, kind, header):
    frame = pd.DataFrame({**LINES, header: [1000, 2000, 3000, -1000], "Discounts": [-100, 0, -300, -100]})
    net, said = build(tmp_path, frame, "gross", kind)
    assert net == pytest.approx(AFTER_DISCOUNTS)
    assert f'"{header}" less Discounts' in " ".join(said)


def test_an_amount_that_does_not_show_which_is_read_as_written_and_the_discount_left_said(tmp_path, kind):
    frame = pd.DataFrame({**LINES, "売上": [1000, 2000, 3000, -1000], **DISCOUNT})
    net, said = build(tmp_path, frame, "unknown", kind, lang="ja")
    assert net == pytest.approx(5000.0)
    assert any(s.startswith("列「値引額」は「売上」から差し引いていません。金額が値引前か値引後かがファイルから分からない")
               for s in said)


@pytest.mark.parametrize("header", ["純売上", "Net Sales", "合計"])
def test_an_amount_named_net_or_a_total_is_after_its_discounts_and_nothing_is_said(tmp_path, header):
    frame = pd.DataFrame({**LINES, **PRICED, header: [900, 2000, 2700, -900], **DISCOUNT})
    net, said = build(tmp_path, frame, "net")
    assert net == pytest.approx(AFTER_DISCOUNTS)
    assert not any("値引額" in s for s in said)


def test_quantity_times_price_without_an_amount_is_less_its_discount(tmp_path):
    net, said = build(tmp_path, pd.DataFrame({**LINES, **PRICED, **DISCOUNT}), "priced", lang="ja")
    assert net == pytest.approx(AFTER_DISCOUNTS)
    assert any(s.startswith("売上金額は「数量 × 単価」から 値引額 を差し引いて求めました") for s in said)


def test_an_order_discount_on_every_line_is_not_a_lines_discount(tmp_path):
    """An order's discount may be written on each of its lines: never taken off each."""
    frame = pd.DataFrame({**LINES, **PRICED, "売上金額": [1000, 2000, 3000, -1000], "Order Discount": [100] * 4})
    net, _ = build(tmp_path, frame, "order")
    assert net == pytest.approx(5000.0)
