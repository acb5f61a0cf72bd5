"""Improvement actions: one block per KPI and scope to watch or off track,
with the KPI catalogue's actions, and owner, due date, progress (a drop-down)
and notes for the reader to fill in. With `--previous`, the owners, dates,
progress and notes of actions still open last month are carried over, and
open actions whose KPI has since recovered stay listed until done."""
from __future__ import annotations

import datetime as dt

from xlsxwriter.utility import xl_col_to_name

from ..kpis.registry import BY_ID
from .findings import say_value
from .labels import LABELS, label
from .previous import KEY_HEADER, PROGRESS, PreviousAction, read_previous
from .formats import STATUS_COLOURS, STATUS_FONTS
from .tables import display_width

OTHER_ROWS = 5  # blank rows for actions the reader adds
STATUS_ORDER = {"red": 0, "amber": 1}
COL_NO, COL_ACTION, COL_OWNER, COL_DUE, COL_PROGRESS, COL_NOTES, COL_KEY = range(7)


def catalogue_actions(kpi_id: str, lang: str) -> list[str]:
    """The KPI catalogue's actions for a KPI (none until the catalogue is installed)."""
    try:
        from ..kpis.catalogue import actions_for  # noqa: PLC0415 - optional module
    except ImportError:
        return []
    try:
        return [str(a) for a in (actions_for(kpi_id, lang) or [])]
    except LookupError:
        return []


def flagged(pack) -> list[dict]:
    """Rows to act on: amber or red, red first, the main scope first."""
    order = {s: i for i, s in enumerate(pack.scopes)}
    rows = [r for r in pack.rows if r["status"] in STATUS_ORDER and r["scope"] in order]
    return sorted(rows, key=lambda r: (order[r["scope"]], STATUS_ORDER[r["status"]],
                                       list(BY_ID).index(r["id"])))


def action_key(scope: str, kpi_id: str, english_text: str) -> str:
    return f"{scope}|{kpi_id}|{english_text}"


def write_actions(pack, sheet_name: str) -> None:
    lang, f = pack.lang, pack.formats
    previous: dict[str, PreviousAction] = read_previous(pack.settings.previous) if pack.settings.previous else {}
    ws = pack.add_sheet(sheet_name)
    widths = {COL_NO: 5, COL_ACTION: 58, COL_OWNER: 16, COL_DUE: 12, COL_PROGRESS: 13, COL_NOTES: 40}
    for col, width in widths.items():
        pack.set_width(ws, col, width)
    pack.set_width(ws, COL_KEY, 30, hidden=True)  # the key that --previous reads back
    row = pack.heading(ws, sheet_name, COL_NOTES)
    ws.merge_range(row, 0, row, COL_NOTES, label("actions_intro", lang),
                   f.get(italic=True, font_size=9, font_color="#595959", text_wrap=True, valign="top"))
    ws.set_row(row, 30)
    row += 2
    header = row
    for col, key in ((COL_NO, None), (COL_ACTION, "action"), (COL_OWNER, "owner"), (COL_DUE, "due"),
                     (COL_PROGRESS, "action_status"), (COL_NOTES, "notes")):
        ws.write_string(row, col, "#" if key is None else label(key, lang), f.header())
    ws.write_string(row, COL_KEY, KEY_HEADER, f.header())
    ws.freeze_panes(header + 1, 0)
    pack.repeat_rows(ws, 0, header)
    row += 1
    progress_rows: list[int] = []
    used: set[str] = set()
    blocks = flagged(pack)
    if not blocks:
        ws.write_string(row, COL_ACTION, label("actions_none", lang), f.note())
        row += 2
    number = 0
    for r in blocks:
        row = _block_header(pack, ws, row, r)
        texts = catalogue_actions(r["id"], lang)
        english = catalogue_actions(r["id"], "en") if lang != "en" else texts
        if len(english) != len(texts):
            english = texts
        entries = [(t, e, False) for t, e in zip(texts, english)] or [(label("action_to_agree", lang), "", True)]
        for text, english_text, editable in entries:
            number += 1
            key = action_key(r["scope"], r["id"], english_text)
            used.add(key)
            prev = previous.get(key)
            if prev is not None and not prev.open:
                prev = None  # done last month: starts afresh
            if editable and prev is not None and prev.action and not _is_placeholder(prev.action):
                text = prev.action
            _action_row(pack, ws, row, number, text, key, prev, editable)
            progress_rows.append(row)
            row += 1
        row += 1
    # open actions of last month whose KPI is no longer flagged
    leftover: dict[tuple[str, str], list[PreviousAction]] = {}
    for key, prev in previous.items():
        if key in used or not prev.open or key.startswith("other|"):
            continue
        scope, kpi_id, _ = (key.split("|", 2) + ["", ""])[:3]
        if kpi_id in BY_ID and prev.has_content:
            leftover.setdefault((scope, kpi_id), []).append(prev)
    for (scope, kpi_id), prevs in leftover.items():
        current = pack.row(kpi_id, scope)
        status = current["status"] if current else "none"
        where = pack.scope_name(scope) if scope == "total" or scope.startswith("store:") else scope
        still_open = label("actions_open", lang).format(status=label(f"status_{status}", lang))
        ws.merge_range(row, COL_NO, row, COL_NOTES, f"{BY_ID[kpi_id].label(lang)} — {where} · {still_open}",
                       f.get(bold=True, bg_color="#EDEDED", border=1, border_color="#BFBFBF"))
        row += 1
        for prev in prevs:
            number += 1
            text = prev.action or label("action_to_agree", lang)
            _action_row(pack, ws, row, number, text, prev.key, prev, editable=True)
            progress_rows.append(row)
            row += 1
        row += 1
    # other actions: carried over when open, then blank rows to add more
    ws.merge_range(row, COL_NO, row, COL_NOTES, label("actions_other", lang),
                   f.get(bold=True, font_color="#1F3864", bg_color="#D9E1F2", border=1, border_color="#BFBFBF"))
    row += 1
    others = [p for k, p in previous.items() if k.startswith("other|") and p.open and p.action]
    for n in range(max(OTHER_ROWS, len(others) + 2)):
        prev = others[n] if n < len(others) else None
        number += 1
        _action_row(pack, ws, row, number, prev.action if prev else "", f"other|{n + 1}", prev, editable=True)
        progress_rows.append(row)
        row += 1
    _validations(pack, ws, progress_rows)


def _is_placeholder(text: str) -> bool:
    return text.strip() in LABELS["action_to_agree"].values()


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


def _action_row(pack, ws, row: int, number: int, text: str, key: str, prev: PreviousAction | None,
                editable: bool) -> None:
    lang, f = pack.lang, pack.formats
    ws.write_number(row, COL_NO, number, f.number("count", align="center"))
    fmt = f.input_text() if editable else f.text(text_wrap=True, valign="top")
    if text:
        ws.write_string(row, COL_ACTION, text, fmt)  # catalogue or reader's text: always text
    else:
        ws.write_blank(row, COL_ACTION, None, fmt)
    owner = prev.owner if prev else ""
    notes = prev.notes if prev else ""
    due = prev.due if prev else None
    if hasattr(due, "year"):
        ws.write_datetime(row, COL_DUE, due, f.input_date())
    elif due:
        ws.write_string(row, COL_DUE, str(due), f.input_date())
    else:
        ws.write_blank(row, COL_DUE, None, f.input_date())
    progress = prev.progress if prev else "not_started"
    ws.write_string(row, COL_PROGRESS, label(f"act_{progress}", lang), f.input_text(align="center"))
    for col, value in ((COL_OWNER, owner), (COL_NOTES, notes)):
        if value:
            ws.write_string(row, col, value, f.input_text())  # the reader's text stays text
        else:
            ws.write_blank(row, col, None, f.input_text())
    ws.write_string(row, COL_KEY, key)
    lines = max(display_width(text) / 56, display_width(notes) / 38, 1)
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
