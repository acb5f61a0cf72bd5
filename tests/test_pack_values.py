"""Every figure the pack shows is the engine's: each sheet read back with
openpyxl, formulas' cached values and plain values compared with the
Computation and the results JSON, in both languages."""
from __future__ import annotations

import math

import pytest

from packtools import book, sample_pack

from kpipack.gui.i18n import field_label
from kpipack.domain import month_add
from kpipack.kpis.engine import pct_change
from kpipack.kpis.registry import BY_ID
from kpipack.report.labels import label


def close(a, b) -> bool:
    if a in (None, "") or b is None:
        return a in (None, "") and b is None
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-6)


@pytest.fixture(scope="module", params=["en", "ja"])
def case(request):
    result = sample_pack(request.param)
    return request.param, result, book(result.pack_path)


def read_table(ws, header_row: int) -> list[dict]:
    """Rows under a header as {(group, header): (value, is_formula)}; groups come from
    the (merged) row above. Stops at the first row with an empty first cell."""
    groups = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row == header_row - 1:
            for c in range(rng.min_col, rng.max_col + 1):
                groups[c] = ws.cell(rng.min_row, rng.min_col).value
    for c in range(1, ws.max_column + 1):
        groups.setdefault(c, ws.cell(header_row - 1, c).value if header_row > 1 else None)
    headers = {c: ws.cell(header_row, c).value for c in range(1, ws.max_column + 1)
               if ws.cell(header_row, c).value is not None}
    return headers, groups


def table_rows(b, sheet: str, header_row: int, count: int | None = None):
    ws_f, ws_v = b.formulas[sheet], b.values[sheet]
    headers, groups = read_table(ws_f, header_row)
    out = []
    r = header_row + 1
    while ws_v.cell(r, 1).value not in (None, "") and (count is None or len(out) < count):
        out.append({(groups[c], h): (ws_v.cell(r, c).value, ws_f.cell(r, c).data_type == "f")
                    for c, h in headers.items()})
        r += 1
    return out


def header_rows(ws, text: str) -> list[int]:
    return [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == text]


def test_executive_summary_is_the_engine(case):
    lang, result, b = case
    pack_rows = {(r["id"], r["scope"]): r for r in result.rows}
    ws = b.values[label("summary", lang)]
    scope_names = {}
    comp = result.computation
    for scope in comp.scopes:
        store = scope.split(":", 1)[-1]
        name = comp.store_names.get(store, store)
        scope_names[scope] = label("total", lang) if scope == "total" else f"{name} ({store})"
    by_label = {BY_ID[k].label(lang): k for k in BY_ID}
    keys = [("actual", "actual"), ("budget", "budget"), ("variance", "variance"), ("variance_pct", "variance_pct"),
            ("prev_month", "prev_month"), ("mom_pct", "mom_pct"), ("prev_year", "prev_year"),
            ("yoy_pct", "yoy_pct"), ("ytd", "ytd"), ("ytd_budget", "ytd_budget")]
    checked = formulas = 0
    for scope, title in scope_names.items():
        start = header_rows(ws, title)
        assert start, f"no block for {title}"
        header = next(r for r in range(start[0], ws.max_row + 1) if ws.cell(r, 1).value == label("kpi", lang))
        for row in table_rows(b, ws.title, header):
            kpi_id = by_label[row[(None, label("kpi", lang))][0]]
            want = pack_rows[(kpi_id, scope)]
            cells = list(row.items())
            for i, (field, _) in enumerate(keys, start=1):
                (value, is_formula) = cells[i][1]
                assert close(value, want[field]), (scope, kpi_id, field, value, want[field])
                formulas += is_formula
                checked += 1
            ytd_var = cells[11][1][0]
            assert close(ytd_var, pct_change(want["ytd"], want["ytd_budget"])), (scope, kpi_id)
            assert cells[12][1][0] == label(f"status_{want['status']}", lang), (scope, kpi_id)
    assert checked > 100 and formulas > 50


def test_budget_by_store_ties_to_the_total(case):
    lang, result, b = case
    sheet = label("budget_sheet", lang)
    ws = b.values[sheet]
    header = header_rows(ws, label("store", lang))[0]
    rows = table_rows(b, sheet, header)
    comp = result.computation
    scopes = [s for s in comp.scopes if s != "total"] + ["total"]
    assert len(rows) == len(scopes)
    groups = {g for r in rows for (g, _) in r if g}
    assert BY_ID["net_sales"].label(lang) in groups
    for row, scope in zip(rows, scopes):
        want = {r["id"]: r for r in result.rows if r["scope"] == scope}
        for kpi_id, r in want.items():
            group = BY_ID[kpi_id].label(lang)
            if (group, label("actual", lang)) not in row:
                continue
            assert close(row[(group, label("actual", lang))][0], r["actual"]), (scope, kpi_id)
            assert close(row[(group, label("budget", lang))][0], r["budget"]), (scope, kpi_id)
            assert close(row[(group, label("variance", lang))][0], r["variance"]), (scope, kpi_id)
            assert close(row[(group, label("variance_pct", lang))][0], r["variance_pct"]), (scope, kpi_id)
    total = rows[-1]
    ns = (BY_ID["net_sales"].label(lang), label("actual", lang))
    assert total[ns][1], "the total is a live SUM"
    assert close(sum(r[ns][0] for r in rows[:-1]), total[ns][0])


def test_store_ranking(case):
    lang, result, b = case
    sheet = label("stores", lang)
    stores = table_rows(b, sheet, header_rows(b.values[sheet], label("store", lang))[0],
                        len(result.computation.scopes) - 1)
    group = BY_ID["net_sales"].label(lang)
    sales = [r[(group, label("actual", lang))][0] for r in stores]
    assert sales == sorted(sales, reverse=True)
    ranks = [r[(group, label("rank", lang))] for r in stores]
    assert [v for v, _ in ranks] == list(range(1, len(stores) + 1)) and all(f for _, f in ranks)
    shrink = BY_ID["shrinkage_pct"].label(lang)
    values = [r[(shrink, label("actual", lang))][0] for r in stores]
    shrink_ranks = [r[(shrink, label("rank", lang))][0] for r in stores]
    assert shrink_ranks == [1 + sum(v < x for v in values) for x in values]  # lower is better


def test_abc_classes_are_the_results(case):
    lang, result, b = case
    sheet = label("abc", lang)
    ws = b.values[sheet]
    header = header_rows(ws, label("rank", lang))[0]
    abc = result.results["abc"]
    n = sum(abc[c]["skus"] for c in "ABC")
    # the SKU list: A rank, B SKU, C product, D category, E sales, F share, G cumulative, H class
    rows = [[ws.cell(r, c).value for c in range(1, 9)] for r in range(header + 1, header + 1 + n)]
    assert [r[0] for r in rows] == list(range(1, n + 1)) and ws.cell(header + 1 + n, 1).value is None
    table = result.computation.abc
    assert [r[1] for r in rows] == [str(s) for s in table["sku"]]
    for c in "ABC":
        part = [r for r in rows if r[7] == c]
        assert len(part) == abc[c]["skus"]
        assert close(sum(r[4] for r in part), abc[c]["net_sales"])
    cum = [r[6] for r in rows]
    assert all(close(a, b) for a, b in zip(cum, table["cum_pct"])) and close(cum[-1], 100.0)
    assert all(b.formulas[sheet].cell(r, 7).data_type == "f" for r in range(header + 1, header + 1 + n))
    # the class table beside it: COUNTIF / SUMIF formulas cached with the engine's figures
    classes = {ws.cell(r, 10).value: r for r in range(header + 1, header + 8) if ws.cell(r, 10).value in tuple("ABC")}
    for c in "ABC":
        assert b.formulas[sheet].cell(classes[c], 11).data_type == "f"
        assert ws.cell(classes[c], 11).value == abc[c]["skus"]
        assert close(ws.cell(classes[c], 12).value, abc[c]["net_sales"])


def test_inventory_productivity_customers_finance_are_the_engine(case):
    lang, result, b = case
    comp = result.computation
    period = comp.period

    def engine(kpi, scope, month=period):
        return comp.value(comp.actual, kpi, scope, month)

    store_rows = {}
    for key, columns in (("inventory", {BY_ID["days_of_inventory"].label(lang): "days_of_inventory",
                                        BY_ID["inventory_turnover"].label(lang): "inventory_turnover",
                                        BY_ID["gmroi"].label(lang): "gmroi",
                                        BY_ID["stockout_rate_pct"].label(lang): "stockout_rate_pct",
                                        label("value_at_cost", lang): "inventory_value"}),
                         ("productivity", {BY_ID[k].label(lang): k for k in (
                             "sales_per_area", "sales_per_labor_hour", "labor_productivity", "conversion_rate_pct",
                             "gross_profit_per_area", "atv")}),
                         ("customers", {BY_ID[k].label(lang): k for k in (
                             "customers", "new_customer_pct", "repeat_rate_pct", "churn_rate_pct", "clv")})):
        sheet = label(key, lang)
        scopes = [s for s in comp.scopes if s != "total"] + ["total"]
        rows = table_rows(b, sheet, header_rows(b.values[sheet], label("store", lang))[0], len(scopes))
        assert len(rows) == len(scopes), sheet
        formulas = 0
        for row, scope in zip(rows, scopes):
            for (_, header), (value, is_formula) in row.items():
                if header in columns:
                    assert close(value, engine(columns[header], scope)), (sheet, scope, header, value)
                    formulas += is_formula
        store_rows[key] = formulas
    assert store_rows["inventory"] > 0 and store_rows["productivity"] > 0  # ratios are live formulas
    sheet = label("finance", lang)
    ws = b.values[sheet]
    rows = table_rows(b, sheet, header_rows(ws, label("month", lang))[0], 13)
    months = [month_add(period, -i) for i in range(len(rows) - 1, -1, -1)]
    for row, month in zip(rows, months):
        for kpi in ("operating_profit", "operating_margin_pct", "opex_ratio_pct", "roe_pct", "roa_pct"):
            value, is_formula = row[(None, BY_ID[kpi].label(lang))]
            assert close(value, engine(kpi, "total", month)), (month, kpi)
            if kpi == "operating_profit":
                assert is_formula


def test_trends_and_monthly_data_are_the_engine(case):
    lang, result, b = case
    comp = result.computation
    sheet = label("trends", lang)
    rows = table_rows(b, sheet, header_rows(b.values[sheet], label("month", lang))[0], 13)
    assert len(rows) == 13
    gm = (BY_ID["gross_margin_pct"].label(lang), label("actual", lang))
    ns_b = (BY_ID["net_sales"].label(lang), label("budget", lang))
    ns_ly = (BY_ID["net_sales"].label(lang), label("last_year", lang))
    for row in rows:
        month = row[(None, label("month", lang))][0].strftime("%Y-%m")
        assert close(row[gm][0], comp.value(comp.actual, "gross_margin_pct", "total", month)) and row[gm][1]
        assert close(row[ns_b][0], comp.value(comp.budget, "net_sales", "total", month))
        assert close(row[ns_ly][0], comp.value(comp.actual, "net_sales", "total", month_add(month, -12)))
    ws = b.values[label("monthly", lang)]
    by_label = {BY_ID[k].label(lang): k for k in BY_ID}
    header = header_rows(ws, label("kpi", lang))[0]
    months = [ws.cell(header, c).value.strftime("%Y-%m") for c in range(3, 16)]
    r, checked = header + 1, 0
    while ws.cell(r, 1).value:
        kpi = by_label[ws.cell(r, 1).value]
        for c, month in enumerate(months, start=3):
            assert close(ws.cell(r, c).value, comp.value(comp.actual, kpi, "total", month)), (kpi, month)
            checked += 1
        r += 1
    assert checked == 13 * len(comp.present)


def test_audit_ties_to_the_inputs(case):
    lang, result, b = case
    ws = b.values[label("quality", lang)]
    dq = result.results["data_quality"]
    found = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    for key in ("rows_read", "rows_used", "rows_rejected", "net_sales_read", "net_sales_used"):
        assert close(found[label(key, lang)], dq[key]), key
    assert found[label("control", lang)] == label("ok", lang)
    assert found[label("control_months", lang)] == label("ok", lang)
    texts = {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
    for item in result.dataset.inputs:
        assert item.path.name in texts and item.sha256 in texts
    for sheet in result.dataset.sheets:
        for col, field in sheet.mapping.columns.items():
            assert sheet.mapping.headers[col] in texts and field_label(field, lang) in texts
