"""Budget vs actual by store: stores as rows, one column group per budgeted
KPI (actual, budget, variance, variance %), and a total row that ties to
the all-store figures (SUM where the stores add up to it, ratios recomputed
from the totals)."""
from __future__ import annotations

from ..kpis.registry import BY_ID
from .formats import ACTUAL, BUDGET
from .labels import label
from .tables import Col, Formula, ratio_of, ties, total_cell, write_table
from .charts import category_axis, new_chart, place_charts, value_axis

PRIORITY = ("net_sales", "gross_profit", "gross_margin_pct", "transactions", "atv", "operating_profit", "opex",
            "visitors", "conversion_rate_pct", "labor_hours")
MAX_GROUPS = 5
# Ratio KPIs that the sheet recomputes from its own part columns: kpi -> (numerator, denominator, scale)
RATIOS = {"gross_margin_pct": ("gross_profit", "net_sales", 100.0), "atv": ("net_sales", "transactions", 1.0),
          "conversion_rate_pct": ("transactions", "visitors", 100.0),
          "operating_margin_pct": ("operating_profit", "net_sales", 100.0)}


def budgeted_kpis(pack) -> list[str]:
    scopes = set(pack.scopes)
    have = {r["id"] for r in pack.rows if r["scope"] in scopes and r["budget"] is not None}
    return [k for k in PRIORITY if k in have][:MAX_GROUPS]


def _ratio_formula(kpi_id: str, kind: str, kpis: list[str], values: dict, engine_value):
    """Live ratio over the part columns of this row where they reproduce the engine's value."""
    parts = RATIOS.get(kpi_id)
    if not parts or parts[0] not in kpis or parts[1] not in kpis:
        return engine_value
    num, den, scale = parts
    if ties(ratio_of(values.get((num, kind)), values.get((den, kind)), scale), engine_value):
        tail = f"*{scale:g}" if scale != 1 else ""
        return Formula(f"={{{num}__{kind}}}/{{{den}__{kind}}}{tail}", engine_value)
    return engine_value


def _record(pack, scope: str, kpis: list[str], name: str) -> tuple[dict, dict]:
    record = {"store": name}
    values = {}
    for kpi_id in kpis:
        r = pack.row(kpi_id, scope) or {}
        values[(kpi_id, "a")], values[(kpi_id, "b")] = r.get("actual"), r.get("budget")
    for kpi_id in kpis:
        r = pack.row(kpi_id, scope) or {}
        record[f"{kpi_id}__a"] = _ratio_formula(kpi_id, "a", kpis, values, r.get("actual"))
        record[f"{kpi_id}__b"] = _ratio_formula(kpi_id, "b", kpis, values, r.get("budget"))
        record[f"{kpi_id}__v"] = Formula(f"={{{kpi_id}__a}}-{{{kpi_id}__b}}", r.get("variance"))
        record[f"{kpi_id}__p"] = Formula(f"=({{{kpi_id}__a}}-{{{kpi_id}__b}})/ABS({{{kpi_id}__b}})*100",
                                         r.get("variance_pct"))
    return record, values


def write_budget(pack, sheet_name: str) -> None:
    lang = pack.lang
    kpis = budgeted_kpis(pack)
    if not kpis or not pack.store_scopes:
        pack.omit(sheet_name, label("budget_none", lang))
        return
    ws = pack.add_sheet(sheet_name)
    f = pack.formats
    cols = [Col("store", label("store", lang))]
    for kpi_id in kpis:
        kpi = BY_ID[kpi_id]
        group = kpi.label(lang)
        var_unit = "pct_points" if kpi.unit == "pct" else kpi.unit
        cols += [Col(f"{kpi_id}__a", label("actual", lang), kpi.unit, group=group),
                 Col(f"{kpi_id}__b", label("budget", lang), kpi.unit, group=group),
                 Col(f"{kpi_id}__v", label("variance", lang), var_unit, group=group),
                 Col(f"{kpi_id}__p", label("variance_pct", lang), "pct", group=group)]
    row = pack.heading(ws, sheet_name, len(cols) - 1)
    records, store_values = [], []
    for scope in pack.store_scopes:
        record, values = _record(pack, scope, kpis, pack.scope_name(scope))
        records.append(record)
        store_values.append(values)
    total, total_values = _record(pack, "total", kpis, label("total_row", lang))
    for kpi_id in kpis:
        if kpi_id in RATIOS and isinstance(total[f"{kpi_id}__a"], Formula):
            continue  # ratios of the total are recomputed from the total row's parts
        for kind in ("a", "b"):
            key = f"{kpi_id}__{kind}"
            if not isinstance(total[key], Formula):
                total[key] = total_cell(key, [v[(kpi_id, kind)] for v in store_values], total_values[(kpi_id, kind)],
                                        BY_ID[kpi_id].additive)
    placed = write_table(pack, ws, row, 0, cols, records, total, header_height=30)
    ws.freeze_panes(placed.first, 1)
    pack.repeat_rows(ws, 0, placed.header_row)
    row = placed.total + 2
    ws.write_string(row, 0, label("budget_note", lang), f.note())
    row += 2
    charts = []
    for kpi_id in ("net_sales", "gross_profit"):
        if kpi_id not in kpis:
            continue
        chart = new_chart(pack, "bar", title=label("attainment_chart", lang).format(kpi=BY_ID[kpi_id].label(lang)))
        cats = [sheet_name, placed.first, 0, placed.last, 0]
        # a bar chart draws its first series lowest: budget first so actual reads on top
        for kind, colour, name in (("b", BUDGET, label("budget", lang)), ("a", ACTUAL, label("actual", lang))):
            c = placed.cols[f"{kpi_id}__{kind}"]
            chart.add_series({"name": name, "categories": cats, "values": [sheet_name, placed.first, c, placed.last, c],
                              "fill": {"color": colour}, "gap": 60})
        chart.set_x_axis(value_axis("#,##0"))  # a bar chart's values run along x
        chart.set_y_axis(category_axis(size=9, reverse=True))
        charts.append(chart)
    place_charts(pack, ws, row, charts, height=min(640, max(260, 90 + 40 * len(records))))  # one page at most
