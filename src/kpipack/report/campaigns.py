"""Campaign effect: for each campaign, the campaign's stores and products
(treated) and the comparison group (control) before and during, uplift % and
incremental sales, gross profit and units as live formulas, the control
group named in words, a plain-language reading with a caution where the
control group is missing or small, and a daily chart over both windows."""
from __future__ import annotations

import datetime as dt

from ..kpis.campaigns import MEASURES, NO_CONTROL, OTHER_SKUS, OTHER_STORES, Effect
from .channel_campaign_words import word
from .findings import short_money
from .charts import axes, new_chart, place
from .formats import ACCENTS, ACTUAL
from .labels import label
from .tables import Col, Formula, write_table

UNITS = {"net_sales": "money", "gross_profit": "money", "units": "qty"}
FLAT_PCT = 0.5  # an uplift closer to 0 than this reads as "no change"
CHART_H = 260


def _day(d: dt.date, lang: str) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if lang == "ja" else d.isoformat()


def products_text(effect: Effect, lang: str) -> str:
    c = effect.campaign
    if not (c.skus or c.categories):
        return word("all_products", lang)
    parts = list(c.categories)
    if c.skus:
        names = [effect.product_names.get(s, s) for s in c.skus]
        shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        parts.append(word("n_skus", lang).format(n=len(c.skus), skus=shown) if len(c.skus) > 1 else shown)
    return "・".join(parts) if lang == "ja" else ", ".join(parts)


def stores_text(effect: Effect, names: dict[str, str], lang: str) -> str:
    c = effect.campaign
    if not c.stores:
        return word("every_store", lang)
    return word("at_stores", lang).format(stores=("・" if lang == "ja" else ", ").join(names.get(s, s)
                                                                                      for s in c.stores))


def control_text(effect: Effect, names: dict[str, str], lang: str) -> str:
    """The control group named in words."""
    if effect.control == OTHER_STORES:
        sep = "・" if lang == "ja" else ", "
        return word("control_other_stores", lang).format(stores=sep.join(names.get(s, s)
                                                                          for s in effect.control_stores))
    if effect.control == OTHER_SKUS:
        return word("control_other_skus", lang)
    return word("control_none", lang).format(n=effect.campaign.days)


def _amount(value: float, measure: str, lang: str, currency: str) -> str:
    if measure == "units":
        return f"{abs(value):,.0f}" + ("点" if lang == "ja" else " units")
    return short_money(abs(value), lang, currency)


def reading(effect: Effect, names: dict[str, str], lang: str, currency: str = "JPY") -> tuple[str, str | None]:
    """The plain-language reading of a campaign's effect, and a caution where
    the comparison group is missing or small."""
    c = effect.campaign
    sales = effect.figures["net_sales"]
    what = "" if not (c.skus or c.categories) else word("what_products", lang).format(what=products_text(effect, lang))
    where = stores_text(effect, names, lang) if lang == "en" else (
        word("every_store", lang) if not c.stores else "・".join(names.get(s, s) for s in c.stores))
    control = {OTHER_STORES: word("ctl_other_stores", lang), OTHER_SKUS: word("ctl_other_skus", lang)}.get(
        effect.control) or word("ctl_none", lang).format(n=c.days)
    uplift, incremental = sales["uplift_pct"], sales["incremental"]
    if uplift is None or incremental is None:
        why = word("why_treated", lang) if not sales["treated_pre"] else word("why_control", lang)
        text = word("read_none", lang).format(name=c.name, why=why)
    else:
        key = "read_flat" if abs(uplift) < FLAT_PCT else "read_up" if uplift > 0 else "read_down"
        pct = f"{abs(uplift):.0f} %" if lang == "en" else f"{abs(uplift):.0f}%"
        if key == "read_flat":
            pct = f"{uplift:+.1f} %" if lang == "en" else f"{uplift:+.1f}%"
        text = word(key, lang).format(name=c.name, what=what, where=where, uplift=pct, control=control,
                                      incremental=short_money(abs(incremental), lang, currency))
        more = []
        for measure in ("gross_profit", "units"):
            value = effect.figures[measure]["incremental"]
            if value is None:
                more.append("–")
            else:
                more.append(word("more" if value >= 0 else "less", lang).format(
                    value=_amount(value, measure, lang, currency)))
        text += (" " if lang == "en" else "") + word("read_more", lang).format(gp=more[0], units=more[1])
    caution = None
    if effect.caution == "no_control":
        caution = word("caution_no_control", lang)
    elif effect.caution == "campaign_in_control":
        others = ("、" if lang == "ja" else ", ").join(effect.others_in_control)
        caution = word("caution_campaign_in_control", lang).format(others=others)
    elif effect.caution == "small_control":
        caution = word("caution_small_control", lang).format(
            lines=f"{effect.control_lines:,}", sales=short_money(sales["control_pre"] or 0.0, lang, currency),
            treated=short_money(sales["treated_pre"] or 0.0, lang, currency))
    return text, caution


def shown_effects(pack) -> list[Effect]:
    """The campaigns this pack shows, latest first: all of them, or a store
    pack's campaigns that cover its store."""
    effects = list(getattr(pack.comp, "campaigns", []) or [])
    if pack.main_scope != "total":
        store = pack.main_scope.split(":", 1)[1]
        effects = [e for e in effects if not e.campaign.stores or store in e.campaign.stores]
    return sorted(effects, key=lambda e: (e.campaign.start, e.campaign.name), reverse=True)


def write_campaigns(pack, sheet_name: str) -> None:
    lang = pack.lang
    effects = shown_effects(pack)
    if not effects:
        pack.omit(label("campaigns_sheet", lang), word("campaigns_none", lang))
        return
    ws = pack.add_sheet(sheet_name)
    f = pack.formats
    last_col = 9
    row = pack.heading(ws, sheet_name, last_col)
    ws.merge_range(row, 0, row, last_col, word("campaigns_intro", lang),
                   f.get(italic=True, font_size=9, font_color="#595959", text_wrap=True, valign="top"))
    ws.set_row(row, 44)
    row += 2
    for n, effect in enumerate(effects):
        if n:
            pack.page_break(ws, row)
        row = _block(pack, ws, row, effect, last_col)


def _block(pack, ws, row: int, effect: Effect, last_col: int) -> int:
    lang, f, names = pack.lang, pack.formats, pack.comp.store_names
    c = effect.campaign
    ws.write_string(row, 0, c.name, f.subtitle())
    pre_end = c.start - dt.timedelta(days=1)
    ws.write_string(row + 1, 0, word("campaign_days", lang).format(
        start=_day(c.start, lang), end=_day(c.end, lang), n=c.days, pre_start=_day(c.pre_start, lang),
        pre_end=_day(pre_end, lang)), f.kicker())
    ws.write_string(row + 2, 0, word("campaign_what", lang).format(
        what=products_text(effect, lang), where=stores_text(effect, names, lang)), f.get(font_size=10))
    ws.write_string(row + 3, 0, control_text(effect, names, lang), f.get(font_size=10))
    text, caution = reading(effect, names, lang, pack.settings.currency)
    wrap = f.get(bold=True, font_size=11, font_color="#1F3864", text_wrap=True, valign="top")
    ws.merge_range(row + 4, 0, row + 4, last_col, text, wrap)
    ws.set_row(row + 4, 36)
    row += 5
    if caution:
        ws.merge_range(row, 0, row, last_col, caution,
                       f.get(font_size=9, font_color="#9C0006", bg_color="#FFC7CE", text_wrap=True, valign="top"))
        ws.set_row(row, 30)
        row += 1
    row += 1
    has_control = effect.control != NO_CONTROL
    treated, control, effect_group = word("treated", lang), word("control", lang), word("effect", lang)
    cols = [Col("measure", word("measure", lang)),
            Col("tp", word("before", lang), "@unit", group=treated),
            Col("td", word("during", lang), "@unit", group=treated),
            Col("tc", word("change", lang), "pct", group=treated)]
    if has_control:
        cols += [Col("cp", word("before", lang), "@unit", group=control),
                 Col("cd", word("during", lang), "@unit", group=control),
                 Col("cc", word("change", lang), "pct", group=control)]
    cols += [Col("uplift", word("uplift", lang), "pct", group=effect_group),
             Col("incremental", word("incremental", lang), "@unit", group=effect_group)]
    records = []
    for measure in MEASURES:
        fig = effect.figures[measure]
        tp, td, cp, cd = fig["treated_pre"], fig["treated_during"], fig["control_pre"], fig["control_during"]
        record = {"measure": word(f"m_{measure}", lang), "_unit": UNITS[measure], "tp": tp, "td": td,
                  "tc": Formula("=({td}/{tp}-1)*100", (td / tp - 1) * 100 if tp and td is not None else None)}
        if has_control:
            record.update(cp=cp, cd=cd,
                          cc=Formula("=({cd}/{cp}-1)*100", (cd / cp - 1) * 100 if cp and cd is not None else None),
                          uplift=Formula("=(({td}/{tp})/({cd}/{cp})-1)*100", fig["uplift_pct"]),
                          incremental=Formula("={td}-{tp}*{cd}/{cp}", fig["incremental"]))
        else:
            record.update(uplift=Formula("=({td}/{tp}-1)*100", fig["uplift_pct"]),
                          incremental=Formula("={td}-{tp}", fig["incremental"]))
        records.append(record)
    placed = write_table(pack, ws, row, 0, cols, records, header_height=30)
    row = placed.last + 2
    return _daily(pack, ws, row, effect, has_control)


def _daily(pack, ws, row: int, effect: Effect, has_control: bool) -> int:
    """The day-by-day net sales of both groups, a line chart over them with
    the campaign's days shaded."""
    lang, f = pack.lang, pack.formats
    c = effect.campaign
    daily = effect.daily
    chart_row = row
    table_row = row + 1 + int((CHART_H + 8) / 20) + 2
    ws.write_string(table_row, 0, word("daily", lang), f.subtitle())
    cols = [Col("day", word("day", lang), "date", width=11), Col("phase", word("phase", lang)),
            Col("treated", word("treated_short", lang), "money")]
    if has_control:
        cols.append(Col("control", word("control_short", lang), "money"))
    cols.append(Col("band", word("chart_band", lang), "count", width=9))
    start = c.start
    records = []
    for day, values in daily.iterrows():
        during = day.date() >= start
        record = {"day": day, "phase": word("phase_during" if during else "phase_pre", lang),
                  "treated": float(values["treated"]), "band": 1 if during else None}
        if has_control:
            record["control"] = float(values["control"])
        records.append(record)
    placed = write_table(pack, ws, table_row + 1, 0, cols, records, header_height=30)
    pack.keep_together(ws, table_row, placed.last)  # a day table cut across pages loses its header
    name = ws.name
    cats = [name, placed.first, 0, placed.last, 0]
    chart = new_chart(pack, "line", title=word("chart", lang).format(name=c.name))
    chart.add_series({"name": word("treated_short", lang), "categories": cats,
                      "values": [name, placed.first, placed.cols["treated"], placed.last, placed.cols["treated"]],
                      "line": {"color": ACTUAL, "width": 2.25}})
    if has_control:
        chart.add_series({"name": word("control_short", lang), "categories": cats,
                          "values": [name, placed.first, placed.cols["control"], placed.last,
                                     placed.cols["control"]],
                          "line": {"color": ACCENTS[1], "width": 1.75, "dash_type": "dash"}})
    band = new_chart(pack, "column")  # the campaign's days shaded behind the lines
    band.add_series({"name": word("chart_band", lang), "categories": cats,
                     "values": [name, placed.first, placed.cols["band"], placed.last, placed.cols["band"]],
                     "fill": {"color": "#FFE699", "transparency": 60}, "border": {"none": True}, "gap": 0,
                     "y2_axis": True})
    chart.combine(band)
    band.set_y2_axis({"min": 0, "max": 1, "num_font": {"color": "#FFFFFF"}, "major_tick_mark": "none",
                      "line": {"none": True}})
    axes(chart, "#,##0", rotate=True, x={"num_format": "mm-dd"})
    place(pack, ws, chart_row, 0, chart, width=760, height=CHART_H)
    return placed.last + 3

