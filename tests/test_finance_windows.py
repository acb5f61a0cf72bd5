"""A figure set aside (two finance files disagreeing) leaves every figure
that sums a window holding it empty, with a warning: ROE and ROA, over the
12 months of net income, and the year to date of opex — never the other
months' sum."""
import json

import pytest

from kpipack.domain import Settings
from kpipack.pipeline import build_pack
from workbooks import october_sales, write_book

MONTHS = ["2025-11", "2025-12"] + [f"2026-{m:02d}" for m in range(1, 11)]
WIDE = [["年月", "販管費", "当期純利益", "自己資本", "総資産"]] + [[m, 10_000, 1_000, 100_000, 400_000] for m in MONTHS]


def build(tmp_path, fix, lang="en"):
    files = [october_sales(tmp_path), write_book(tmp_path / "finance.xlsx", {"財務": WIDE}),
             write_book(tmp_path / "finance_fix.xlsx", {"財務": fix})]
    build_pack(files, Settings(lang=lang, period="2026-10"), json_out=tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    return {(k["id"], k["scope"]): k for k in data["kpis"]}, [w["problem"] for w in data["data_quality"]["warnings"]]


@pytest.mark.parametrize("lang, said", [("en", "ROE and ROA for 2026-10 are left empty: the net income of 2026-08"),
                                        ("ja", "2026年10月の ROE・ROA は空欄にしました。合計する直近12か月のうち 2026-08")])
def test_roe_after_a_month_set_aside_is_empty(tmp_path, lang, said):
    kpis, warnings = build(tmp_path, [["年月", "当期純利益"], ["2026-08", 5_000]], lang)
    # August's net income (1,000 here, 5,000 there) is set aside: the 11 other months are not the 12 months' income
    assert kpis[("roe_pct", "total")]["actual"] is None and kpis[("roa_pct", "total")]["actual"] is None
    assert kpis[("roe_pct", "total")]["prev_month"] is None  # September's 12 months hold August too
    assert kpis[("opex", "total")]["ytd"] == 7 * 10_000  # April to October, none set aside
    assert any(said in w for w in warnings)


def test_roe_of_a_window_clear_of_the_month_set_aside_is_computed(tmp_path):
    kpis, warnings = build(tmp_path, [["年月", "当期純利益"], ["2025-10", 5_000]])
    # October 2025 lies outside the 12 months to October 2026 (Nov 2025 … Oct 2026): 12 × 1,000 / 100,000
    assert kpis[("roe_pct", "total")]["actual"] == pytest.approx(12.0)
    assert kpis[("roa_pct", "total")]["actual"] == pytest.approx(3.0)
    assert not any("ROE and ROA" in w for w in warnings)


def test_year_to_date_opex_after_a_month_set_aside_is_empty(tmp_path):
    kpis, warnings = build(tmp_path, [["年月", "販管費"], ["2026-06", 12_000]])
    assert kpis[("opex", "total")]["actual"] == 10_000  # October itself is agreed
    assert kpis[("opex", "total")]["ytd"] is None  # April … October holds June, set aside
    assert kpis[("opex_ratio_pct", "total")]["ytd"] is None  # nor is its ratio to sales
    assert kpis[("roe_pct", "total")]["actual"] == pytest.approx(12.0)  # net income is not in doubt
    assert any("year to date of operating expenses" in w and "2026-06" in w for w in warnings)
