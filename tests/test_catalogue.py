"""The KPI catalogue: every registry KPI described in both languages, benchmarks
in the engine's units with their sources, the status rule, and the CLI."""
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, shared_path
from kpipack.cli import main
from kpipack.errors import KpipackError
from kpipack.ingest.headers import ROLE_FIELDS
from kpipack.kpis import catalogue as cat
from kpipack.kpis.engine import TSUBO_M2, comparison_rows
from kpipack.kpis.registry import KPIS

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
def english(text: str) -> bool:
    """English prose, allowing a Japanese term in passing (坪, 人時生産性)."""
    return len(JAPANESE.findall(text)) < 0.1 * len(text)


MUST_HAVE_RANGES = ["gross_margin_pct", "sales_per_area", "shrinkage_pct", "inventory_turnover",
                    "labor_productivity", "nps", "conversion_rate_pct", "gmroi"]


@pytest.mark.parametrize("kpi", KPIS, ids=lambda k: k.id)
def test_every_registry_kpi_is_described(kpi):
    entry = cat.entry(kpi.id)
    assert entry.kpi is kpi
    assert kpi.label_en and kpi.label_ja and JAPANESE.search(kpi.label_ja)
    assert len(entry.description["en"]) > 40 and english(entry.description["en"])
    assert JAPANESE.search(entry.description["ja"])
    assert entry.inputs, "the inputs it needs"
    for item in entry.inputs:
        role, _, field = item.partition(".")
        assert field in ROLE_FIELDS[role]
    if kpi.direction is None:
        assert not entry.benchmarks
        return
    for lang in ("en", "ja"):
        actions = cat.actions_for(kpi.id, lang)
        assert len(actions) >= 3, (kpi.id, lang)
        assert len(set(actions)) == len(actions)
        assert all(len(a) > 15 for a in actions)
    assert all(JAPANESE.search(a) for a in cat.actions_for(kpi.id, "ja"))
    assert all(english(a) for a in cat.actions_for(kpi.id, "en"))
    for profile, rng in entry.benchmarks.items():
        assert profile in cat.profiles()
        assert rng.source in cat.sources()
        assert rng.note["en"] and JAPANESE.search(rng.note["ja"])
        good_side = 1 if kpi.direction == "higher" else -1
        assert (rng.good - rng.alert) * good_side > 0, "amber zone lies on the bad side of green"


@pytest.mark.parametrize("kpi_id", MUST_HAVE_RANGES)
def test_key_kpis_have_ranges_for_two_profiles(kpi_id):
    assert len(cat.entry(kpi_id).benchmarks) >= 2


def test_catalogue_is_the_registry_in_order():
    assert [e.id for e in cat.catalogue()] == [k.id for k in KPIS]


def test_sources_are_the_seed_articles():
    seeds = shared_path("seeds")
    for source in cat.sources().values():
        assert (seeds / source["file"]).exists()


def test_figures_stated_in_the_engine_unit():
    # the seed gives ¥3M–6M per 坪 a year; the engine computes a month
    rng = cat.benchmark("sales_per_area", "supermarket")
    assert rng.low == pytest.approx(3_000_000 / 12) and rng.high == pytest.approx(6_000_000 / 12)
    assert rng.stated == {"low": 3_000_000, "high": 6_000_000, "per": "year"}
    m2 = cat.benchmark("sales_per_area", "supermarket", area_unit="m2")
    assert m2.low == pytest.approx(3_000_000 / 12 / TSUBO_M2)
    assert cat.benchmark("sales_per_area", "supermarket", area_unit=None) is None  # unit unknown
    assert cat.benchmark("labor_productivity", "supermarket", currency="USD") is None  # yen figure
    assert cat.benchmark("gross_margin_pct", "supermarket", currency="USD").low == 20
    # annual figures for annualised KPIs, unconverted
    assert cat.benchmark("inventory_turnover", "apparel").low == 3
    gmroi = cat.benchmark("gmroi", "supermarket")  # derived: margin / (1 - margin) × turnover
    assert gmroi.derived and gmroi.low == pytest.approx(0.2 / 0.8 * 30, abs=0.05)


@pytest.mark.parametrize("kpi_id, industry, value, status", [
    ("gross_margin_pct", "supermarket", 25.0, "green"),
    ("gross_margin_pct", "supermarket", 20.0, "green"),
    ("gross_margin_pct", "supermarket", 19.0, "amber"),   # within 10 % of the range's low end
    ("gross_margin_pct", "supermarket", 17.9, "red"),
    ("gross_margin_pct", "apparel", 35.0, "red"),
    ("shrinkage_pct", "general", 0.8, "green"),          # aim below 1 %
    ("shrinkage_pct", "general", 1.0, "green"),
    ("shrinkage_pct", "general", 2.0, "amber"),          # inside the usual 1–3 %
    ("shrinkage_pct", "general", 3.01, "red"),
    ("stockout_rate_pct", "general", 1.0, "green"),      # alert above 1 %
    ("stockout_rate_pct", "general", 4.9, "amber"),
    ("stockout_rate_pct", "general", 5.1, "red"),        # availability under 95 %
    ("nps", "restaurant", 12.0, "green"),
    ("nps", "restaurant", 3.0, "amber"),
    ("nps", "restaurant", -1.0, "red"),
    ("gmroi", "general", 2.0, "green"),
    ("gmroi", "general", 1.7, "amber"),
    ("gmroi", "general", 1.4, "red"),
    ("days_of_inventory", "supermarket", 12.0, "green"),
    ("days_of_inventory", "supermarket", 13.0, "amber"),
    ("days_of_inventory", "supermarket", 13.3, "red"),
    ("conversion_rate_pct", "general", 30.0, "green"),   # far above the range's good side
    ("labor_productivity", "general", 5_000.0, "green"),
    ("labor_productivity", "general", 3_000.0, "amber"),
    ("labor_productivity", "general", 2_400.0, "red"),
])
def test_status_rule(kpi_id, industry, value, status):
    assert cat.threshold_for(industry, "JPY", "tsubo")(kpi_id)(value) == status


def test_no_benchmark_no_status():
    threshold = cat.threshold_for("department_store", "JPY", "tsubo")
    assert threshold("gross_margin_pct") is None  # no figure for department stores
    assert threshold("cogs") is None  # no direction


def test_unknown_industry_is_a_clear_message():
    with pytest.raises(KpipackError) as err:
        cat.threshold_for("bakery")
    assert "bakery" in err.value.message("en") and "supermarket" in err.value.message("en")
    assert "業種" in err.value.message("ja")


def test_catalogue_data_is_checked():
    kpi = cat.BY_ID["gross_margin_pct"]
    good = {"profiles": ["apparel"], "low": 40, "high": 60, "source": "seed-003"}
    assert cat._range(kpi, good, "x").good == 40
    for bad in ({**good, "profiles": ["bakery"]}, {**good, "source": "blog"}, {**good, "low": 70},
                {**good, "alert": 45}, {**good, "colour": "red"}, {**good, "low": None, "high": None}):
        with pytest.raises(cat.CatalogueError):
            cat._range(kpi, bad, "x")
    with pytest.raises(cat.CatalogueError):
        cat._range(cat.BY_ID["cogs"], good, "x")  # no direction, no benchmark


def test_status_falls_back_to_the_benchmark_only_without_budget(sample_build):
    comp = sample_build.computation
    general = {(r["id"], r["scope"]): r for r in comparison_rows(comp, cat.threshold_for("general", "JPY", "tsubo"))}
    market = {(r["id"], r["scope"]): r for r in comparison_rows(comp, cat.threshold_for("supermarket", "JPY", "tsubo"))}
    rated = 0
    for key, row in general.items():
        if key[0] == "channel_share_pct":  # a share, not a KPI of the catalogue: never rated
            assert row["status"] == "none"
            continue
        if row["budget"] is not None or row["actual"] is None:
            assert row["status"] == market[key]["status"]  # budgets decide, whatever the profile
            continue
        for rows, industry in ((general, "general"), (market, "supermarket")):
            rng = cat.benchmark(key[0], industry, "JPY", "tsubo")
            want = rng.status(row["actual"]) if rng else "none"
            assert rows[key]["status"] == want, (key, industry)
            rated += rng is not None
    assert rated > 10
    turnover = general[("inventory_turnover", "total")]
    assert turnover["budget"] is None and turnover["actual"] < 30  # a supermarket turns 30–50 times
    assert market[("inventory_turnover", "total")]["status"] == "red"


def test_results_json_uses_the_general_profile(sample_build):
    rows = {(r["id"], r["scope"]): r for r in sample_build.loaded_json["kpis"]}
    shrink = rows[("shrinkage_pct", "total")]
    assert shrink["budget"] is None
    assert shrink["status"] == cat.benchmark("shrinkage_pct", "general").status(shrink["actual"])


def test_cli_json(capsysbinary):
    assert main(["catalogue", "--json"]) == 0
    data = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert [d["id"] for d in data] == [k.id for k in KPIS]
    gm = next(d for d in data if d["id"] == "gross_margin_pct")
    assert gm["label"] == {"en": "Gross margin %", "ja": "粗利率"}
    assert gm["unit"] == "pct" and gm["direction"] == "higher"
    assert set(gm["formula"]) == {"en", "ja"}
    assert gm["benchmarks"]["supermarket"]["low"] == 20 and gm["benchmarks"]["supermarket"]["high"] == 30
    assert gm["benchmarks"]["supermarket"]["source"].startswith("seed 003")
    assert len(gm["actions"]["en"]) == len(gm["actions"]["ja"]) >= 3
    spa = next(d for d in data if d["id"] == "sales_per_area")
    assert spa["benchmarks"]["drugstore"]["as_stated"]["per"] == "year"


def test_cli_text_in_japanese(capsysbinary):
    assert main(["catalogue", "--lang", "ja"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert "粗利率" in out and "スーパーマーケット" in out and "seed 003「" in out


def test_reference_page_is_up_to_date():
    page = ROOT / "docs" / "kpi-reference.md"
    assert page.read_text(encoding="utf-8") == cat.as_markdown(), \
        "regenerate with: kpipack catalogue --markdown > docs/kpi-reference.md"


def test_build_refuses_an_unknown_industry(tmp_path, capsys):
    from kpipack.domain import Settings
    from kpipack.pipeline import build_pack

    with pytest.raises(KpipackError) as err:
        build_pack([Path(tmp_path)], Settings(industry="bakery"))
    assert err.value.code == "unknown_industry"


def test_dead_stock_advice_names_the_91_day_window():
    """Dead stock is stock without a sale in the 91 days to the day
    (replenishment contract); the advice says the same number in both languages."""
    no_sale = re.compile(r"no sale in (\d+) days|(\d+)日間売れていない")
    windows = {int(m.group(1) or m.group(2))
               for e in cat.catalogue() for lang in ("en", "ja") for a in e.actions[lang]
               for m in no_sale.finditer(a)}
    assert windows == {91}
