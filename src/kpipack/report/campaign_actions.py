"""The measured effect of the campaigns that last month's improvement actions
named: an action (or its notes) naming a campaign of this month's campaigns
table shows that campaign's uplift and incremental sales on the actions
sheet, whether the action is still open or done."""
from __future__ import annotations

from ..kpis.campaigns import Effect
from .campaigns import reading
from .channel_campaign_words import word
from .previous import PreviousAction
from .tables import Col, write_table


def named_campaigns(previous: dict[str, PreviousAction], effects: list[Effect]
                    ) -> list[tuple[PreviousAction, Effect]]:
    """(action, campaign) for each of last month's actions whose text or notes
    name a measured campaign (the name as written, case aside)."""
    out = []
    for prev in previous.values():
        text = f"{prev.action}\n{prev.notes}".casefold()
        for effect in effects:
            if effect.campaign.name.casefold() in text:
                out.append((prev, effect))
    return out


def effect_note(text: str, effects: list[Effect], names: dict[str, str], lang: str, currency: str = "JPY"
                ) -> str | None:
    """The reading of the first campaign an action's text names (the app's done list)."""
    for effect in effects:
        if effect.campaign.name.casefold() in text.casefold():
            return reading(effect, names, lang, currency)[0]
    return None


def write_campaign_effects(pack, ws, row: int, previous: dict[str, PreviousAction], last_col: int) -> int:
    """The section listing them; returns the next free row."""
    pairs = named_campaigns(previous, list(getattr(pack.comp, "campaigns", []) or []))
    if not pairs:
        return row
    lang, f = pack.lang, pack.formats
    row += 1
    ws.merge_range(row, 0, row, last_col, word("actions_campaigns", lang).format(period=pack.comp.period),
                   f.get(bold=True, font_color="#1F3864", bg_color="#D9E1F2", border=1, border_color="#BFBFBF"))
    cols = [Col("action", word("actions_campaign_action", lang), width=None, wrap=True),
            Col("campaign", word("actions_campaign", lang)),
            Col("uplift", word("uplift", lang), "pct"),
            Col("incremental", word("incremental", lang), "money"),
            Col("reading", word("actions_campaign_reading", lang), wrap=True)]
    records = []
    for prev, effect in pairs:
        sales = effect.figures["net_sales"]
        text, caution = reading(effect, pack.comp.store_names, lang, pack.settings.currency)
        records.append({"action": prev.action or prev.notes, "campaign": effect.campaign.name,
                        "uplift": sales["uplift_pct"], "incremental": sales["incremental"],
                        "reading": text + (f" {caution}" if caution else "")})
    placed = write_table(pack, ws, row + 1, 1, cols, records)  # under the action column and those beside it
    for r in range(placed.first, placed.last + 1):
        ws.set_row(r, 60)
    return placed.last + 2
