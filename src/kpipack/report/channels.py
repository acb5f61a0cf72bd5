"""Channels: the month's sales KPIs per channel (store, EC, mall …) with each
channel's share and growth as live formulas, net sales by store and channel,
and 13 months of the channel mix as a native stacked chart."""
from __future__ import annotations

from ..domain import month_add
from ..kpis.channels import channel_scope, store_channel_scope
from ..kpis.engine import pct_change
from ..kpis.registry import BY_ID
from .channel_campaign_words import word
from .formats import ACCENTS
from .labels import label
from .months import month_date, trend_months
from .tables import Col, Formula, ratio_of, ties, total_cell, write_table
from .charts import axes, new_chart, place_charts

TABLE_KPIS = ("net_sales", "gross_profit", "gross_margin_pct", "transactions", "atv", "units_per_transaction",
              "return_rate_pct", "customers")
# ratio KPIs written as live formulas of the row's own cells where they tie to the engine's value
RATIOS = {"gross_margin_pct": ("gross_profit", "net_sales", 100.0), "atv": ("net_sales", "transactions", 1.0)}


def scope_channel(scope: str, channel: str) -> str:
    """The scope of a channel within a pack scope (all stores or one store)."""
    return channel_scope(channel) if scope == "total" else store_channel_scope(scope.split(":", 1)[1], channel)


def write_channels(pack, sheet_name: str) -> None:
    comp, lang = pack.comp, pack.lang
    if not comp.channels:
        pack.omit(label("channels", lang), word("channels_none", lang))
        return
    scope = pack.main_scope
    channels = [c for c in comp.channels if comp.value(comp.actual, "net_sales", scope_channel(scope, c),
                                                       comp.period) is not None
                or any(comp.value(comp.actual, "net_sales", scope_channel(scope, c), m) is not None
                       for m in trend_months(comp, scope))]
    if not channels:
        pack.omit(label("channels", lang), word("channels_none", lang))
        return
    ws = pack.add_sheet(sheet_name)
    f = pack.formats
    kpis = [k for k in TABLE_KPIS if k in comp.present]
    row = pack.heading(ws, sheet_name, 10, scope)
    ws.write_string(row, 0, word("channels_intro", lang), f.note())
    row += 2
    placed = _month_table(pack, ws, row, scope, channels, kpis)
    row = (placed.total or placed.last) + 2
    if scope == "total" and len(pack.store_scopes) > 1:
        row = _by_store(pack, ws, sheet_name, row, channels)
    _mix(pack, ws, sheet_name, row, scope, channels)


def _month_table(pack, ws, row: int, scope: str, channels: list[str], kpis: list[str]):
    """One row per channel: the month's sales KPIs, share and growth (live formulas)."""
    comp, lang, m = pack.comp, pack.lang, pack.comp.period
    ws.write_string(row, 0, word("channels_month", lang), pack.formats.subtitle())
    cols = [Col("channel", word("channel", lang))]
    cols.append(Col("net_sales", BY_ID["net_sales"].label(lang), "money"))
    cols.append(Col("share", word("share", lang), "pct"))
    cols.append(Col("ly", label("sales_last_year", lang), "money"))
    cols.append(Col("yoy", label("yoy_pct", lang), "pct"))
    cols += [Col(k, BY_ID[k].label(lang), BY_ID[k].unit) for k in kpis if k != "net_sales"]
    whole = comp.value(comp.actual, "net_sales", scope, m)
    records = []
    for channel in channels:
        at = scope_channel(scope, channel)
        value = {k: comp.value(comp.actual, k, at, m) for k in kpis}
        ly = comp.value(comp.actual, "net_sales", at, month_add(m, -12))
        record = {"channel": channel, "ly": ly, **value}
        record["share"] = Formula("={net_sales}/{net_sales:total}*100", ratio_of(value["net_sales"], whole, 100.0))
        record["yoy"] = Formula("=({net_sales}-{ly})/ABS({ly})*100", pct_change(value["net_sales"], ly))
        for kpi, (num, den, scale) in RATIOS.items():
            if kpi in record and num in record and den in record and ties(
                    ratio_of(record[num], record[den], scale), record[kpi]):
                tail = f"*{scale:g}" if scale != 1 else ""
                record[kpi] = Formula(f"={{{num}}}/{{{den}}}{tail}", record[kpi])
        records.append(record)
    total = {"channel": label("total", lang) if scope == "total" else pack.scope_name(scope)}
    channel_sum = [r["net_sales"] for r in records]
    total["net_sales"] = total_cell("net_sales", channel_sum, whole)
    total["share"] = Formula("=SUM({share:range})", 100.0) if isinstance(total["net_sales"], Formula) else None
    for key in ("gross_profit", "transactions"):
        if key in kpis:
            total[key] = total_cell(key, [r[key] for r in records], comp.value(comp.actual, key, scope, m))
    placed = write_table(pack, ws, row + 1, 0, cols, records, total, header_height=30)
    note = word("channels_unassigned", lang) if not isinstance(total["net_sales"], Formula) else \
        word("channels_share_note", lang)
    ws.write_string((placed.total or placed.last) + 1, 0, note, pack.formats.note())
    return placed


def _by_store(pack, ws, sheet_name: str, row: int, channels: list[str]) -> int:
    """Net sales by store (rows) and channel (columns), the store total a live
    SUM, and each channel's share of the store."""
    comp, lang, m = pack.comp, pack.lang, pack.comp.period
    ws.write_string(row, 0, word("channels_by_store", lang), pack.formats.subtitle())
    money = word("net_sales_short", lang)
    share = word("share", lang)
    cols = [Col("store", label("store", lang))]
    cols += [Col(f"c{i}", c, "money", group=money) for i, c in enumerate(channels)]
    cols.append(Col("sum", word("all_channels", lang), "money", group=money))
    cols += [Col(f"s{i}", c, "pct", group=share) for i, c in enumerate(channels)]
    records = []
    for scope in pack.store_scopes:
        store = scope.split(":", 1)[1]
        values = [comp.value(comp.actual, "net_sales", store_channel_scope(store, c), m) for c in channels]
        record = {"store": pack.scope_name(scope)}
        for i, v in enumerate(values):
            record[f"c{i}"] = v
        known = [v for v in values if v is not None]
        summed = sum(known) if known else None
        record["sum"] = Formula("=SUM(" + ",".join(f"{{c{i}}}" for i in range(len(channels))) + ")", summed) \
            if known else None
        for i, v in enumerate(values):
            record[f"s{i}"] = Formula(f"={{c{i}}}/{{sum}}*100", ratio_of(v, summed, 100.0)) if v is not None else None
        records.append(record)
    total = {"store": label("total", lang)}
    for i, c in enumerate(channels):
        total[f"c{i}"] = total_cell(f"c{i}", [r[f"c{i}"] for r in records],
                                    comp.value(comp.actual, "net_sales", channel_scope(c), m))
    sums = [r["sum"].cached if isinstance(r["sum"], Formula) else None for r in records]
    total["sum"] = total_cell("sum", sums, sum(s for s in sums if s is not None) if any(sums) else None)
    for i in range(len(channels)):
        cached = ratio_of(_cached(total[f"c{i}"]), _cached(total["sum"]), 100.0)
        total[f"s{i}"] = Formula(f"={{c{i}}}/{{sum}}*100", cached)
    placed = write_table(pack, ws, row + 1, 0, cols, records, total, header_height=30)
    return (placed.total or placed.last) + 2


def _cached(value):
    return value.cached if isinstance(value, Formula) else value


def _mix(pack, ws, sheet_name: str, row: int, scope: str, channels: list[str]) -> None:
    """13 months of net sales by channel, and the channel mix as a 100 % stacked column chart."""
    comp, lang = pack.comp, pack.lang
    months = trend_months(comp, scope)
    ws.write_string(row, 0, word("channels_by_month", lang), pack.formats.subtitle())
    cols = [Col("month", label("month", lang), "month", width=10)]
    cols += [Col(f"c{i}", c, "money") for i, c in enumerate(channels)]
    cols.append(Col("sum", word("all_channels", lang), "money"))
    records = []
    for month in months:
        values = [comp.value(comp.actual, "net_sales", scope_channel(scope, c), month) for c in channels]
        record = {"month": month_date(month), **{f"c{i}": v for i, v in enumerate(values)}}
        known = [v for v in values if v is not None]
        record["sum"] = Formula("=SUM(" + ",".join(f"{{c{i}}}" for i in range(len(channels))) + ")",
                                sum(known)) if known else None
        records.append(record)
    placed = write_table(pack, ws, row + 1, 0, cols, records, header_height=30)
    cats = [ws.name, placed.first, 0, placed.last, 0]
    chart = new_chart(pack, "column", "percent_stacked", title=word("channels_mix_chart", lang).format(n=len(months)))
    for i, channel in enumerate(channels):
        c = placed.cols[f"c{i}"]
        chart.add_series({"name": channel, "categories": cats, "values": [ws.name, placed.first, c, placed.last, c],
                          "fill": {"color": ACCENTS[i % len(ACCENTS)]}, "gap": 50})
    axes(chart, "0%", months=True)
    stacked = new_chart(pack, "column", "stacked", title=word("channels_sales_chart", lang).format(n=len(months)))
    for i, channel in enumerate(channels):
        c = placed.cols[f"c{i}"]
        stacked.add_series({"name": channel, "categories": cats,
                            "values": [ws.name, placed.first, c, placed.last, c],
                            "fill": {"color": ACCENTS[i % len(ACCENTS)]}, "gap": 50})
    axes(stacked, "#,##0", months=True)
    place_charts(pack, ws, placed.last + 2, [chart, stacked], len(cols) - 1)
