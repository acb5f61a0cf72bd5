"""Inventory: value, days of inventory, turnover and GMROI by store and by
category (ratios as formulas over the value, cost and days beside them),
the category × store matrix, the period's stockouts, and dead stock (on hand
with no sale in 91 days, as the order list counts it) valued at cost."""
from __future__ import annotations

from ..kpis.registry import BY_ID
from ..kpis.views import DEAD_STOCK_DAYS, dead_stock, history_covers, inventory_by_category, stockouts
from .formats import ACTUAL
from .labels import label
from .tables import Col, Formula, ratio_of, ties, total_cell, write_table
from .charts import axes, new_chart, place_charts

RATIO_COLS = {
    # column -> (formula template, how the engine computes it from the row's cells)
    "days_of_inventory": ("={avg}/({cogs}/{days})", lambda r: ratio_of(r["avg"], ratio_of(r["cogs"], r["days"]))),
    "inventory_turnover": ("=365/{days_of_inventory}", lambda r: ratio_of(365.0, r["_doi"])),
    "gmroi": ("={gp}*365/{days}/{avg}",
              lambda r: ratio_of(r["gp"] * 365.0 / r["days"], r["avg"]) if r["gp"] is not None and r["days"] else None),
}


def _ratios(rec: dict, engine: dict) -> None:
    """Ratio cells as formulas where they reproduce the engine's value."""
    rec["_doi"] = engine["days_of_inventory"]
    for key, (template, check) in RATIO_COLS.items():
        try:
            computed = check(rec)
        except TypeError:
            computed = None
        rec[key] = Formula(template, engine[key]) if ties(computed, engine[key]) else engine[key]


def _money_cols(lang: str) -> list[Col]:
    return [Col("inv", label("value_at_cost", lang), "money"),
            Col("avg", BY_ID["avg_inventory_value"].label(lang), "money"),
            Col("cogs", BY_ID["cogs"].label(lang), "money"), Col("gp", BY_ID["gross_profit"].label(lang), "money"),
            Col("days", label("days_in_month", lang), "count", width=8),
            Col("days_of_inventory", BY_ID["days_of_inventory"].label(lang), "days"),
            Col("inventory_turnover", BY_ID["inventory_turnover"].label(lang), "times"),
            Col("gmroi", BY_ID["gmroi"].label(lang), "ratio")]


def write_inventory(pack, sheet_name: str) -> None:
    lang, comp = pack.lang, pack.comp
    period = comp.period
    if comp.value(comp.actual, "inventory_value", pack.main_scope, period) is None:
        pack.omit(sheet_name, label("inventory_none", lang))
        return
    ws = pack.add_sheet(sheet_name)
    f = pack.formats

    def actual(kpi_id, scope):
        return comp.value(comp.actual, kpi_id, scope, period)

    def part(name, scope):
        return comp.value(comp.parts, name, scope, period) if name in comp.parts else None

    dead = dead_stock(comp) if history_covers(comp) else None
    dead_by_store = dead.groupby("store")["value"].sum(min_count=1).to_dict() if dead is not None else {}
    cols = [Col("store", label("store", lang))] + _money_cols(lang) + [
        Col("checked", label("selling_skus", lang), "count"), Col("out", label("out_skus", lang), "count"),
        Col("stockout", BY_ID["stockout_rate_pct"].label(lang), "pct"),
        Col("dead", label("dead_stock_value", lang), "money")]
    last_col = len(cols) - 1
    row = pack.heading(ws, sheet_name, last_col, pack.main_scope)
    ws.write_string(row, 0, label("inv_by_store", lang), f.subtitle())
    row += 1

    def store_record(scope: str, name: str) -> dict:
        rec = {"store": name, "inv": actual("inventory_value", scope), "avg": actual("avg_inventory_value", scope),
               "cogs": actual("cogs", scope), "gp": actual("gross_profit", scope), "days": part("days", scope),
               "checked": part("stock_checked_skus", scope), "out": part("stockout_skus", scope)}
        _ratios(rec, {k: actual(k, scope) for k in RATIO_COLS})
        engine_so = actual("stockout_rate_pct", scope)
        rec["stockout"] = (Formula("={out}/{checked}*100", engine_so)
                           if ties(ratio_of(rec["out"], rec["checked"], 100.0), engine_so) else engine_so)
        return rec

    records = []
    for scope in pack.store_scopes:
        rec = store_record(scope, pack.scope_name(scope))
        rec["dead"] = dead_by_store.get(scope.split(":", 1)[1], 0.0 if dead is not None else None)
        records.append(rec)
    total = None
    if "total" in pack.scopes and len(records) > 1:
        total = store_record("total", label("total", lang))
        for key, kpi in (("inv", "inventory_value"), ("avg", "avg_inventory_value"), ("cogs", "cogs"),
                         ("gp", "gross_profit")):
            total[key] = total_cell(key, [r[key] for r in records], actual(kpi, "total"))
        for key, name in (("checked", "stock_checked_skus"), ("out", "stockout_skus")):
            total[key] = total_cell(key, [r[key] for r in records], part(name, "total"))
        total["dead"] = total_cell("dead", [r["dead"] for r in records],
                                   float(dead["value"].sum()) if dead is not None else None)
    placed = write_table(pack, ws, row, 0, cols, records, total, header_height=42)
    ws.freeze_panes(3, 1)
    row = (placed.total or placed.last) + 2

    # by category, for the pack's main scope
    cats = inventory_by_category(comp)
    main_key = "total" if pack.main_scope == "total" else pack.main_scope.split(":", 1)[1]
    if cats is not None:
        mine = cats[cats["store"] == main_key]
        ws.write_string(row, 0, label("inv_by_category", lang), f.subtitle())
        row += 1
        ccols = [Col("store", label("category", lang))] + _money_cols(lang) + [
            Col("share", label("share_pct", lang), "pct")]
        inv_total = float(mine["inventory_value"].sum()) if mine["inventory_value"].notna().all() else None
        crecords = []
        for r in mine.to_dict("records"):
            rec = {"store": r["category"] or label("uncategorised", lang), "inv": r["inventory_value"],
                   "avg": r["avg_inventory_value"], "cogs": r["cogs"], "gp": r["gross_profit"], "days": r["days"]}
            _ratios(rec, r)
            rec["share"] = Formula("={inv}/{inv:total}*100", ratio_of(r["inventory_value"], inv_total, 100.0))
            crecords.append(rec)
        main = pack.main_scope
        ctotal = {"store": label("total_row", lang), "days": part("days", main),
                  "share": Formula("=SUM({share:range})", 100.0 if inv_total else None)}
        for key, kpi in (("inv", "inventory_value"), ("avg", "avg_inventory_value"), ("cogs", "cogs"),
                         ("gp", "gross_profit")):
            ctotal[key] = total_cell(key, [r[key] for r in crecords], actual(kpi, main))
        cached = {k: (v.cached if isinstance(v, Formula) else v) for k, v in ctotal.items()}
        _ratios(cached, {k: actual(k, main) for k in RATIO_COLS})
        ctotal.update({k: cached[k] for k in RATIO_COLS})
        cplaced = write_table(pack, ws, row, 0, ccols, crecords, ctotal, header_height=42)
        row = cplaced.total + 2
        stores = [s.split(":", 1)[1] for s in pack.store_scopes]
        if len(stores) > 1:
            row = _matrix(pack, ws, row, cats, stores)
        chart = new_chart(pack, "column", title=label("inv_chart", lang))
        chart.add_series({"name": label("value_at_cost", lang),
                          "categories": [sheet_name, cplaced.first, 0, cplaced.last, 0],
                          "values": [sheet_name, cplaced.first, cplaced.cols["inv"], cplaced.last,
                                     cplaced.cols["inv"]], "fill": {"color": ACTUAL}, "gap": 60})
        line = new_chart(pack, "line")
        c = cplaced.cols["days_of_inventory"]
        line.add_series({"name": BY_ID["days_of_inventory"].label(lang),
                         "categories": [sheet_name, cplaced.first, 0, cplaced.last, 0],
                         "values": [sheet_name, cplaced.first, c, cplaced.last, c], "y2_axis": True,
                         "line": {"color": "#ED7D31", "width": 2.25},
                         "marker": {"type": "diamond", "size": 7, "fill": {"color": "#ED7D31"},
                                    "border": {"color": "#ED7D31"}}})
        chart.combine(line)
        axes(chart, y2_format="0")
        row = place_charts(pack, ws, row, [chart], per_row=1, width=760, height=320)

    # stockouts and dead stock
    scope_stores = {s.split(":", 1)[1] for s in pack.store_scopes}
    outs = stockouts(comp)
    ws.write_string(row, 0, label("stockouts", lang), f.subtitle())
    row += 1
    if outs is not None:
        outs = outs[outs["store"].isin(scope_stores)]
    if outs is None or outs.empty:
        ws.write_string(row, 0, label("stockouts_none", lang), f.note())
        row += 2
    else:
        scols = [Col("store", label("store", lang)), Col("sku", label("sku", lang)),
                 Col("product", label("product", lang)), Col("category", label("category", lang)),
                 Col("on_hand", label("on_hand", lang), "qty"), Col("qty", label("units_sold", lang), "qty"),
                 Col("net_sales", label("net_sales_short", lang), "money")]
        srecs = [{"store": pack.store_name(r["store"]), "sku": str(r["sku"]), "product": _text(r["product"]),
                  "category": _text(r["category"]) or label("uncategorised", lang), "on_hand": r["on_hand"],
                  "qty": r["qty"], "net_sales": r["net_sales"]} for r in outs.to_dict("records")]
        splaced = write_table(pack, ws, row, 0, scols, srecs, autofilter=False)
        row = splaced.last + 2
    title = label("dead_stock", lang).format(days=DEAD_STOCK_DAYS)
    ws.write_string(row, 0, title, f.subtitle())
    row += 1
    if not history_covers(comp):
        ws.write_string(row, 0, label("dead_stock_short", lang).format(days=DEAD_STOCK_DAYS), f.note())
        return
    dead = dead[dead["store"].isin(scope_stores)] if dead is not None else None
    if dead is None or dead.empty:
        ws.write_string(row, 0, label("dead_stock_none", lang), f.note())
        return
    dcols = [Col("store", label("store", lang)), Col("sku", label("sku", lang)),
             Col("product", label("product", lang)), Col("category", label("category", lang)),
             Col("on_hand", label("on_hand", lang), "qty"), Col("unit_cost", label("unit_cost", lang), "unit_cost"),
             Col("value", label("value_at_cost", lang), "money"), Col("last_sale", label("last_sale", lang), "date")]
    drecs = []
    for r in dead.to_dict("records"):
        value = r["value"]
        computed = r["on_hand"] * r["unit_cost"] if r["unit_cost"] == r["unit_cost"] else None
        drecs.append({"store": pack.store_name(r["store"]), "sku": str(r["sku"]), "product": _text(r["product"]),
                      "category": _text(r["category"]) or label("uncategorised", lang), "on_hand": r["on_hand"],
                      "unit_cost": r["unit_cost"],
                      "value": Formula("={on_hand}*{unit_cost}", value) if ties(computed, value) else value,
                      "last_sale": r["last_sale"]})
    dtotal = {"store": label("total_row", lang),
              "value": total_cell("value", [d["value"].cached if isinstance(d["value"], Formula) else d["value"]
                                            for d in drecs], float(dead["value"].sum()))}
    write_table(pack, ws, row, 0, dcols, drecs, dtotal)


def _matrix(pack, ws, row: int, cats, stores: list[str]) -> int:
    """Inventory at cost: categories down, stores across, totals both ways."""
    lang, f = pack.lang, pack.formats
    ws.write_string(row, 0, label("inv_matrix", lang), f.subtitle())
    row += 1
    table = cats[cats["store"].isin(stores + ["total"])].pivot_table(
        index="category", columns="store", values="inventory_value", aggfunc="sum", dropna=False)
    cols = [Col("category", label("category", lang))] + [
        Col(f"s{i}", pack.store_name(s), "money") for i, s in enumerate(stores)] + [
        Col("all", label("total", lang), "money")]
    records = []
    for category, r in table.iterrows():
        rec = {"category": category or label("uncategorised", lang)}
        values = []
        for i, s in enumerate(stores):
            v = r.get(s)
            rec[f"s{i}"] = None if v != v else float(v)
            values.append(rec[f"s{i}"])
        all_value = r.get("total")
        all_value = None if all_value != all_value else float(all_value)
        present = [v for v in values if v is not None]
        tie = len(present) == len(values) and ties(sum(present), all_value)
        first, last = "{s0}", "{s%d}" % (len(stores) - 1)
        rec["all"] = Formula(f"=SUM({first}:{last})", all_value) if tie else all_value
        records.append(rec)
    total = {"category": label("total_row", lang)}
    for i, s in enumerate(stores):
        total[f"s{i}"] = total_cell(f"s{i}", [r[f"s{i}"] for r in records],
                                    pack.comp.value(pack.comp.actual, "inventory_value", f"store:{s}",
                                                    pack.comp.period))
    total["all"] = total_cell("all", [r["all"].cached if isinstance(r["all"], Formula) else r["all"]
                                      for r in records],
                              pack.comp.value(pack.comp.actual, "inventory_value", "total", pack.comp.period))
    placed = write_table(pack, ws, row, 0, cols, records, total)
    return placed.total + 2


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)
