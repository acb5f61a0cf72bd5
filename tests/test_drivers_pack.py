"""The pack's drivers sheet (waterfalls and sentences) and KPI tree sheet."""
import zipfile

import openpyxl
import pytest

from kpipack.kpis.catalogue import actions_for
from kpipack.kpis.registry import BY_ID
from kpipack.report.drivers_sheet import money_short, sentence
from kpipack.report.kpi_tree import PROFIT_TREE, STOCK_TREE, value_text
from kpipack.report.labels import label

EXAMPLE = {"kpi": "net_sales", "against": "budget", "method": "lmdi", "change": -400_000.0,
           "effects": {"visitors": -600_000.0, "conversion_rate_pct": 300_000.0, "atv": -100_000.0}}


def test_sentence_in_both_languages():
    assert sentence(EXAMPLE, "en", "JPY") == ("Net sales were ¥0.4M below budget: fewer visitors −¥0.6M, "
                                              "better conversion +¥0.3M, smaller baskets −¥0.1M.")
    assert sentence(EXAMPLE, "ja", "JPY") == ("売上高は予算を40万円下回りました"
                                              "（来店客数の減少 −60万円、購買率の改善 +30万円、客単価の低下 −10万円）。")
    gp = {"kpi": "gross_profit", "against": "prev_year", "method": "lmdi", "change": 12_000.0,
          "effects": {"net_sales": 20_000.0, "gross_margin_pct": -8_000.0}}
    assert sentence(gp, "en", "USD") == ("Gross profit was $12k above the same month last year: "
                                         "higher sales +$20k, lower margin rate −$8k.")
    flat = {**EXAMPLE, "method": "none", "change": 0.0, "effects": {"net_sales": 0.0}}
    assert sentence(flat, "en", "JPY").startswith("Net sales were level with budget")


@pytest.mark.parametrize("value, lang, text", [(412_345, "en", "¥0.4M"), (45_600, "en", "¥46k"), (-1_250_000_000, "en",
                                               "−¥1.2bn"), (412_345, "ja", "41万円"), (45_600, "ja", "4.6万円"),
                                               (980, "ja", "980円"), (250_000_000, "ja", "2.5億円")])
def test_money_short(value, lang, text):
    assert money_short(value, "JPY", lang) == text


def test_value_text():
    assert value_text(4_193_578.0, "money", "JPY", "en") == "¥4,193,578"
    assert value_text(4_193_578.0, "money", "JPY", "ja") == "4,193,578円"
    assert value_text(35.41, "pct", "JPY", "en") == "35.4%"
    assert value_text(None, "pct", "JPY", "ja") == "データなし"


@pytest.fixture(scope="module")
def book(sample_build):
    return openpyxl.load_workbook(sample_build.pack_path)


def texts(ws):
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_drivers_sheet_has_a_sentence_and_check_per_comparison(sample_build, book):
    ws = book[label("drivers", "en")]
    cells = texts(ws)
    drivers = sample_build.loaded_json["drivers"]
    for against in ("budget", "prev_month", "prev_year"):
        row = next(d for d in drivers if d["kpi"] == "net_sales" and d["scope"] == "total"
                   and d["against"] == against and d["analysis"] == "factors")
        assert sentence(row, "en", "JPY") in cells
    for d in drivers:
        if d["analysis"] == "factors" and d["scope"] != "total" and d["kpi"] == "net_sales":
            assert sentence(d, "en", "JPY") in cells  # every store's sentence
    checks = [r for r in ws.iter_rows() if r[0].value == label("drv_check", "en")]
    assert len(checks) == 3
    for r in checks:
        assert r[1].data_type == "f"  # live: running total after the effects minus the actual


def test_drivers_sheet_has_three_waterfall_charts(sample_build):
    with zipfile.ZipFile(sample_build.pack_path) as z:
        charts = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/charts/chart")]
    waterfalls = [c for c in charts if '<c:grouping val="stacked"/>' in c and "Chart: base" in c]
    assert len(waterfalls) == 3
    for chart in waterfalls:
        first_series = chart.split("<c:ser>")[1]
        assert "<a:noFill/>" in first_series  # the invisible base that lifts each bar
        assert "70AD47" in chart and "C00000" in chart  # increases and decreases in their colours


def test_kpi_tree_shows_value_and_status_on_each_node(sample_build, book):
    ws = book[label("kpi_tree", "en")]
    rows = {r["id"]: r for r in sample_build.rows if r["scope"] == "total"}

    def ids(tree):
        kpi, children = tree
        return [kpi] + [k for child in children for k in ids(child)]

    boxes = {c.value.split("\n")[0]: c for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.count("\n") == 2}
    for kpi in set(ids(PROFIT_TREE) + ids(STOCK_TREE)):
        box = boxes[BY_ID[kpi].label_en]
        row = rows.get(kpi)
        assert value_text(row["actual"] if row else None, BY_ID[kpi].unit, "JPY", "en") in box.value
        colour = box.fill.fgColor.rgb[-6:]
        want = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE", "none": "FFFFFF"}[row["status"]] if row \
            else "F2F2F2"
        assert colour == want, kpi
    # amber and red nodes carry their first improvement action in the table below
    flagged = [k for k in set(ids(PROFIT_TREE) + ids(STOCK_TREE)) if rows.get(k, {}).get("status") in ("amber", "red")]
    cells = texts(ws)
    for kpi in flagged:
        assert actions_for(kpi, "en")[0] in cells
    connectors = [c for row in ws.iter_rows() for c in row if c.value is None and c.border.left.style == "medium"]
    assert len(connectors) > 5  # the branches are drawn


def test_japanese_sheets(sample_build, tmp_path):
    """Both sheets written alone in Japanese from the same build."""
    from kpipack.domain import Settings
    from kpipack.report.drivers_sheet import write_drivers
    from kpipack.report.kpi_tree import write_kpi_tree
    from kpipack.report.pack import Pack

    r = sample_build
    settings = Settings(lang="ja", industry="supermarket")
    pack = Pack(tmp_path / "ja.xlsx", r.computation, r.rows, r.results, r.dataset, settings)
    write_drivers(pack, label("drivers", "ja"))
    write_kpi_tree(pack, label("kpi_tree", "ja"))
    pack.close()
    wb = openpyxl.load_workbook(tmp_path / "ja.xlsx")
    drivers = texts(wb["増減要因"])
    budget = next(d for d in r.results["drivers"] if d["kpi"] == "net_sales" and d["scope"] == "total"
                  and d["against"] == "budget" and d["analysis"] == "factors")
    assert sentence(budget, "ja", "JPY") in drivers
    assert sentence(budget, "ja", "JPY").startswith("売上高は予算を")
    tree = texts(wb["KPIツリー"])
    assert any("スーパーマーケット" in t for t in tree)  # the profile the colours are judged against
    assert any(t.startswith("売上高\n") for t in tree)
