"""Improvement actions: one block per KPI and scope to watch or off track,
with the KPI catalogue's actions, and owner, due date, progress (a drop-down)
and notes for the reader to fill in. With `--previous`, the owners, dates,
progress and notes of actions still open last month are carried over, and
open actions whose KPI has since recovered stay listed until done. Which
lines there are, and what each carries, is action_plan's."""
from __future__ import annotations

import datetime as dt

from xlsxwriter.utility import xl_col_to_name

from ..kpis.registry import BY_ID
from .action_plan import ActionLine, flagged, plan_actions
from .findings import say_value
from .formats import STATUS_COLOURS, STATUS_FONTS
from .labels import label
from .previous import BASELINE_HEADER, KEY_HEADER, OPENED_HEADER, PROGRESS, PreviousAction, read_previous
from .tables import display_width

COL_NO, COL_ACTION, COL_OWNER, COL_DUE, COL_PROGRESS, COL_NOTES, COL_KEY, COL_OPENED, COL_BASELINE = range(9)


def write_actions(pack, sheet_name: str) -> None:
    lang, f = pack.lang, pack.formats
    previous: dict[str, PreviousAction] = read_previous(pack.settings.previous) if pack.settings.previous else {}
    lines = plan_actions(pack.rows, pack.scopes, lang, pack.comp.period, previous, pack.settings.action_edits)
    ws = pack.add_sheet(sheet_name)
    widths = {COL_NO: 5, COL_ACTION: 58, COL_OWNER: 16, COL_DUE: 12, COL_PROGRESS: 13, COL_NOTES: 40}
    for col, width in widths.items():
        pack.set_width(ws, col, width)
    for col in (COL_KEY, COL_OPENED, COL_BASELINE):  # what next month's pack reads back
        pack.set_width(ws, col, 30 if col == COL_KEY else 10, hidden=True)
    row = pack.heading(ws, sheet_name, COL_NOTES)
    ws.merge_range(row, 0, row, COL_NOTES, label("actions_intro", lang),
                   f.get(italic=True, font_size=9, font_color="#595959", text_wrap=True, valign="top"))
    ws.set_row(row, 30)
    row += 2
    header = row
    for col, key in ((COL_NO, None), (COL_ACTION, "action"), (COL_OWNER, "owner"), (COL_DUE, "due"),
                     (COL_PROGRESS, "action_status"), (COL_NOTES, "notes")):
        ws.write_string(row, col, "#" if key is None else label(key, lang), f.header())
    for col, text in ((COL_KEY, KEY_HEADER), (COL_OPENED, OPENED_HEADER), (COL_BASELINE, BASELINE_HEADER)):
        ws.write_string(row, col, text, f.header())
    ws.freeze_panes(header + 1, 0)
    pack.repeat_rows(ws, 0, header)
    row += 1
    progress_rows: list[int] = []
    by_row = {(r["id"], r["scope"]): r for r in flagged(pack.rows, pack.scopes)}
    if not by_row:
        ws.write_string(row, COL_ACTION, label("actions_none", lang), f.note())
        row += 2
    group, group_start = None, row
    for number, line in enumerate(lines, start=1):
        if (line.section, line.scope, line.kpi) != group:
            if group is not None:
                pack.keep_together(ws, group_start, row - 1)  # a KPI's heading never ends a page
                row += 1
            group, group_start = (line.section, line.scope, line.kpi), row
            row = _group_header(pack, ws, row, line, by_row)
        _action_row(pack, ws, row, number, line)
        progress_rows.append(row)
        row += 1
    if group is not None:
        pack.keep_together(ws, group_start, row - 1)
    from .campaign_actions import write_campaign_effects  # the campaigns last month's actions named

    write_campaign_effects(pack, ws, row, previous, COL_NOTES)
    _validations(pack, ws, progress_rows)


def _group_header(pack, ws, row: int, line: ActionLine, by_row: dict) -> int:
    """The line above a group: the flagged KPI, a KPI still open from last month, or the reader's own."""
    lang, f = pack.lang, pack.formats
    if line.section == "flagged":
        return _block_header(pack, ws, row, by_row[(line.kpi, line.scope)])
    if line.section == "still_open":
        current = pack.row(line.kpi, line.scope)
        status = current["status"] if current else "none"
        where = pack.scope_name(line.scope) if line.scope == "total" or line.scope.startswith("store:") \
            else line.scope
        still_open = label("actions_open", lang).format(status=label(f"status_{status}", lang))
        ws.merge_range(row, COL_NO, row, COL_NOTES, f"{BY_ID[line.kpi].label(lang)} — {where} · {still_open}",
                       f.get(bold=True, bg_color="#EDEDED", border=1, border_color="#BFBFBF"))
    else:
        ws.merge_range(row, COL_NO, row, COL_NOTES, label("actions_other", lang),
                       f.get(bold=True, font_color="#1F3864", bg_color="#D9E1F2", border=1,
                             border_color="#BFBFBF"))
    return row + 1


def _block_header(pack, ws, row: int, r: dict) -> int:
    lang, f = pack.lang, pack.formats
    kpi = BY_ID[r["id"]]
    currency = pack.settings.currency
    actual = say_value(r["actual"], kpi.unit, lang, currency) if r["actual"] is not None else "–"
    if r["budget"] is not None:
        text = label("action_block", lang).format(kpi=kpi.label(lang), scope=pack.scope_name(r["scope"]),
                                                  actual=actual, budget=say_value(r["budget"], kpi.unit, lang,
                                                                                  currency))
    else:
        text = label("action_block_nobudget", lang).format(kpi=kpi.label(lang), scope=pack.scope_name(r["scope"]),
                                                           actual=actual)
    status = label(f"status_{r['status']}", lang)
    ws.merge_range(row, COL_NO, row, COL_NOTES, f"{status}   {text}",
                   f.get(bold=True, bg_color=STATUS_COLOURS[r["status"]], font_color=STATUS_FONTS[r["status"]],
                         border=1, border_color="#BFBFBF"))
    ws.set_row(row, 18)
    return row + 1


def _action_row(pack, ws, row: int, number: int, line: ActionLine) -> None:
    lang, f = pack.lang, pack.formats
    ws.write_number(row, COL_NO, number, f.number("count", align="center"))
    fmt = f.input_text() if line.editable else f.text(text_wrap=True, valign="top")
    if line.text:
        ws.write_string(row, COL_ACTION, line.text, fmt)  # catalogue or reader's text: always text
    else:
        ws.write_blank(row, COL_ACTION, None, fmt)
    if hasattr(line.due, "year"):
        ws.write_datetime(row, COL_DUE, line.due, f.input_date())
    elif line.due:
        ws.write_string(row, COL_DUE, str(line.due), f.input_date())
    else:
        ws.write_blank(row, COL_DUE, None, f.input_date())
    ws.write_string(row, COL_PROGRESS, label(f"act_{line.progress}", lang), f.input_text(align="center"))
    for col, value in ((COL_OWNER, line.owner), (COL_NOTES, line.notes)):
        if value:
            ws.write_string(row, col, value, f.input_text())  # the reader's text stays text
        else:
            ws.write_blank(row, col, None, f.input_text())
    ws.write_string(row, COL_KEY, line.key)
    if line.text and line.opened:
        ws.write_string(row, COL_OPENED, line.opened)
        if line.baseline is not None:
            ws.write_number(row, COL_BASELINE, line.baseline)
    lines = max(display_width(line.text) / 56, display_width(line.notes) / 38, 1)
    if lines > 1:
        ws.set_row(row, 15 * min(int(lines + 0.999), 6))


def _validations(pack, ws, rows: list[int]) -> None:
    """The progress drop-down, a date check on due dates, and colours by progress."""
    if not rows:
        return
    lang, f = pack.lang, pack.formats
    choices = [label(f"act_{p}", lang) for p in PROGRESS]
    ranges = _ranges(rows)
    for col, options in (
            (COL_PROGRESS, {"validate": "list", "source": choices,
                            "input_title": label("action_status", lang)[:32],
                            "error_title": label("action_status", lang)[:32],
                            "error_message": " / ".join(choices)}),
            (COL_DUE, {"validate": "date", "criteria": ">=", "value": dt.date(2000, 1, 1),
                       "error_type": "warning"})):
        spans = [(a, b) for a, b in ranges]
        first_a, first_b = spans[0]
        multi = " ".join(f"{_col(col)}{a + 1}:{_col(col)}{b + 1}" for a, b in spans)
        ws.data_validation(first_a, col, first_b, col, dict(options, multi_range=multi))
    for progress, colour in (("done", "green"), ("in_progress", "amber")):
        for a, b in ranges:
            ws.conditional_format(a, COL_PROGRESS, b, COL_PROGRESS, {
                "type": "cell", "criteria": "==", "value": f'"{label(f"act_{progress}", lang)}"',
                "format": f.status_overlay(colour)})


def _ranges(rows: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for r in sorted(rows):
        if out and out[-1][1] == r - 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


def _col(c: int) -> str:
    return xl_col_to_name(c)
