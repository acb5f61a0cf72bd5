"""Turn one mapped sheet into a clean table of its role, rejecting (with the
reason) every row that cannot be used. Nothing is dropped silently: a row is
either in the table or in the issues; only wholly blank rows are passed over.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..domain import TSUBO_M2
from ..errors import Issue, KpipackError
from ..messages import amount_text
from . import clean, receipt_days
from .headers import (CODE_FIELDS, DATE_FIELDS, HOURS_FIELDS, MONEY_FIELDS, MONTH_FIELDS, NUMBER_FIELDS,
                      SheetMapping, decimal_comma_headers, header_minutes, header_scale, states_currency)
from .sales_rows import unsigned_returns

REQUIRED: dict[str, tuple[str, ...]] = {
    "sales": ("date", "net_sales"),
    "traffic": ("date",),
    "stores": ("store",),
    "inventory": ("date", "sku", "on_hand"),
    "stocktake": ("date", "sku", "counted_qty"),
    "budget": ("month",),
    "finance": ("month",),
    "survey": ("date", "score"),
    "receipts": ("date", "sku", "received_qty"),
    "adjustments": ("date", "sku", "qty"),
    "campaigns": ("campaign", "start", "end"),  # a blank store or SKU means all
    "products": ("sku",),
    "purchase_orders": ("sku", "ordered_qty"),
}
DEFAULT_STORE = "MAIN"
ONE_STORE_ROLES = ("sales", "traffic", "inventory", "stocktake", "survey")  # without a store: the one store's
EPOCH_1904_DAYS = 1462  # day 0 of the 1904 date system is serial 1462 of the 1900 one
# a totals label is a total word on its own, not a name holding one ('Total Care', 'Subtotal Cream' are
# products): 合計 / 総計 / 小計 after up to ten characters ('店舗合計'), '渋谷店 計' (計 after a space: 時計
# is a word), 計 alone, Excel's subtotals in Japanese ('渋谷店 集計'), Total / Totals / Grand total /
# Subtotal on their own
# (日計, 月計, 累計, 店計, 部門計: a POS journal's totals of the day, the month, so far, the store, a department)
_TOTAL = re.compile(r"^(.{0,10}(合計|総計|小計)|(.{1,10}\s)?集計|.{1,10}\s計|計|(日|週|月|年|累|店|店舗|全店|部門|分類)計"
                    r"|(grand\s*|daily\s*|weekly\s*|monthly\s*|sub[\s-]*)?totals?)[:：]?$")
# Excel's subtotals in English: 'Shibuya Total' below the Shibuya rows — a label only where the words
# before 'Total' are themselves a value of the column ('Body Total' beside no 'Body' is a product)
TOTAL_AFTER = re.compile(r"^(.{1,30}?)\s+(grand\s*|sub[\s-]*)?totals?[:：]?$")
# the columns a totals label may sit in: every id, name and date column (a subtotal row can carry a
# date and a store and say 小計 only in its receipt column); not a budget's KPI names
TOTAL_FIELDS = sorted((CODE_FIELDS | DATE_FIELDS | MONTH_FIELDS) - {"kpi", "unit"})
CANCELLED_RECEIPT = re.compile(r"^[Cc]\d+$")  # UCI style: a C before an otherwise numeric invoice
# a label written before every receipt number (`No:1234`, `No.1234`, `#1234`, `№ 1234`)
_ID_PREFIX = re.compile(r"^(No[.:]?\s*|NO[.:]?\s*|no[.:]\s*|#\s*|№\s*)(?=\d)")
_ID_PREFIX_FIRSTS_TEXT = ["N", "n", "#", "№"]  # _ID_PREFIX's first letters
_ID_PREFIX_FIRSTS = tuple(t.encode() for t in _ID_PREFIX_FIRSTS_TEXT)
# a product master's order parameters: one that is no number leaves the product in, with the default
ORDER_PARAMETERS = ("lead_time_days", "case_pack", "min_order_qty")
_WEEKDAY_EN = dict(zip(clean.WEEKDAYS_JA, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                          "Sunday")))


@dataclass
class SheetTable:
    """The clean table a sheet gave, with what was rejected or noticed."""

    file: str
    sheet: str
    role: str
    mapping: SheetMapping
    table: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    rows_used: int = 0
    net_sales_read: float = 0.0
    net_sales_rejected: float = 0.0
    voids: list[str] = field(default_factory=list)  # receipts the sheet's cancelling rows void (export profiles)
    currency: str | None = None  # the ISO code its sales amounts show ($, ¥, 円 ...); None: not shown
    japanese: bool = False  # its headers or title lines are written in Japanese
    title_lines: list = field(default_factory=list)  # [row, text]: lines that may title a store's block
    rejected: int | None = None  # lines rejected, where more than `issues` lists (the engine lists the first)

    @property
    def rows_rejected(self) -> int:
        return len(self.issues) if self.rejected is None else self.rejected


def build_table(raw: pd.DataFrame, mapping: SheetMapping, file: str, sheet: str, problems=None,
                date1904: bool = False, date_order: str | None = None, semicolons: bool = False,
                year: clean.YearOf | None = None, japanese: bool = False,
                formats: dict[int, str] | None = None,
                rejected: dict[int, tuple[str, dict]] | None = None,
                title_scale: tuple[int, str] = (1, ""), minutes: bool = False) -> SheetTable:
    """Clean a loaded sheet (columns = source column indexes, index = sheet row).

    `problems` (a `safety.SheetScan`) names the cells the reader saw as blank
    although they hold an error value or a formula without a saved result, and
    the lines it could not split cleanly; the rows using them are rejected with
    that reason. `date1904`: the workbook counts date serials from 1904.
    `date_order` ('dmy', 'mdy' or None) reads dates such as 10/01/2026; None:
    the column decides, and a column that cannot raises KpipackError naming
    it (see `clean.clean_date`). Repeated sales lines are looked for once
    every file is read (`repeats`). A number column whose cells show no
    decimal mark (1.000 only) takes the one the sheet's other number columns
    show, else a comma where the file is `semicolons`-separated text or
    writes its dates 01.10.2026 (as countries writing decimal commas do),
    else a point. `year`: the year of dates written without one (10/1), as
    the file tells; `japanese`: the sheet's headers or title lines are in
    Japanese, so such dates that no cell settles are month first (月/日).
    `formats`: the currency each column's number format shows (xlsx), read
    where the amounts' text and header show none. `rejected`: sheet row ->
    (reason, params) of rows the caller found no line (a blank tax, see
    `total_parts.take_off`). `title_scale`: the unit the sheet's title lines
    state for its amounts (単位：千円) and the line stating it (see
    `headers.stated_scale`): money columns whose header states none are in
    it; counts, quantities and percentages never are. `minutes`: its labour
    hours are in minutes, though their headers (stores' names) do not say so."""
    role = mapping.role
    numbers = [raw[c] for c, f in mapping.columns.items() if f in NUMBER_FIELDS and c in raw.columns]
    numbers += [raw[c] for c in mapping.budget_columns if c in raw.columns]
    marks = clean.decimal_marks(numbers)
    dates = [raw[c] for c, f in mapping.columns.items() if f in DATE_FIELDS and c in raw.columns]
    comma = marks == "comma" or (marks is None and (semicolons or any(map(clean.dotted_day_first, dates))))
    columns: dict[str, pd.Series] = {}
    bad: dict[str, pd.Series] = {}
    year_col = None  # a budget's column of years beside its months without one (budget_months)
    scale_notes: list[tuple[str, int]] = []  # (header, factor) of columns whose header states a scale
    raw_text: dict[str, pd.Series] = {}
    area_units, column_notes = None, []
    notes: list[Issue] = []
    if marks is None and not comma and decimal_comma_headers(mapping.headers):  # Umsatz 1.234: one thousand …
        comma = True
        if (note := decimal_comma_note(file, sheet, mapping.headers, numbers)) is not None:
            notes.append(note)
    for col, fld in mapping.columns.items():
        if col not in raw.columns:
            continue
        series = raw[col]
        raw_text[fld] = series
        if fld in CODE_FIELDS:
            columns[fld] = clean.clean_code(series)
            if fld == "customer":  # ゲスト, Walk-in: no customer, said so
                columns[fld], guests = clean.without_non_members(columns[fld])
                if guests:
                    notes.append(Issue(file, sheet, 0, "note_non_members", {
                        "column": mapping.headers[col] if col < len(mapping.headers) else f"#{col + 1}",
                        "values": ", ".join(f"{k} ({n:,})" for k, n in guests.items())}))
        elif fld in DATE_FIELDS:
            if date1904 and pd.api.types.is_numeric_dtype(series):
                # serials (not yyyymmdd numbers) moved to the 1900 system the cleaner knows
                series = series.mask(series.lt(1_000_000), series + EPOCH_1904_DAYS)
            with _date_column(file, sheet, mapping, col, series):
                columns[fld], bad[fld], said = _dates(series, date_order, year, japanese, raw, mapping, col)
            for code, params in said:  # never silent: 10/1 read month first, or of the year its column shows
                notes.append(Issue(file, sheet, 0, code, {
                    "column": mapping.headers[col] if col < len(mapping.headers) else f"#{col + 1}", **params}))
        elif fld in MONTH_FIELDS:
            with _date_column(file, sheet, mapping, col):
                columns[fld], bad[fld] = clean.clean_month(series, date_order)
            if role in ("budget", "finance"):  # 10月 under 2026年度 予算: its year settled once the sales are read
                from . import budget_months

                waiting = budget_months.yearless(series, bad[fld])
                if waiting[budget_months.MONTH_NO_YEAR].notna().any():
                    columns.update(waiting)
                    columns.update(budget_months.stated_columns(year, raw.index))
                    bad[fld] = bad[fld] & waiting[budget_months.MONTH_NO_YEAR].isna()
                    years = budget_months.year_column(mapping.headers, raw, mapping.budget_columns)
                    if years is not None:  # 年 | 月: a column of years, no KPI's figures
                        year_col = years.pop("_column")
                        columns.update(years)
        elif fld in NUMBER_FIELDS:
            if fld == "floor_area":  # "45坪", "150㎡": an area with its unit
                series, area_units = clean.area_units(series)
            header = mapping.headers[col] if col < len(mapping.headers) else f"#{col + 1}"
            if fld in HOURS_FIELDS:  # 7:30, 7時間30分, a time cell: hours; 労働時間(分): minutes
                series, durations = clean.duration_hours(series)
            columns[fld], bad[fld] = number_cells(series, fld, comma, header, scale_notes,
                                                  title_scale if fld in MONEY_FIELDS else None)
            if fld in HOURS_FIELDS:
                columns[fld] = _in_hours(columns[fld], durations, header, notes, file, sheet, minutes)
            if mapping.summed.get(fld):  # hours by kind of staff: each read alike, their sum the field's
                columns[fld], bad[fld] = _summed(raw, mapping, fld, columns[fld], bad[fld], comma, scale_notes,
                                                 notes, file, sheet)
            if (dashed := clean.yen_dash(series)) is not None:  # never silent: ¥1,000- closes, or is a minus
                notes.append(Issue(file, sheet, 0, f"note_yen_dash_{dashed[0]}", {
                    "column": header, "cells": f"{dashed[1]:,}"}))
    if "floor_area" in columns and area_units is not None:
        mapping, converted = _one_area_unit(columns, area_units, mapping)
        if converted:  # never silent: areas moved from the unit they were written in
            column_notes.append(Issue(file, sheet, 0, "note_area_converted", {
                "rows": f"{converted:,}", "unit": "坪" if mapping.area_unit == "tsubo" else "m2"}))
    if role == "budget" and "value" in columns and "kpi" in columns:
        _scale_money_budgets(columns, mapping, file, sheet, scale_notes, title_scale)
    value_columns = {}
    if mapping.budget_columns:
        from ..kpis.budget_names import is_money_budget  # deferred: the KPI registry, read for budgets only
    for col, name in mapping.budget_columns.items():
        if col in raw.columns and col != year_col:
            header = mapping.headers[col] if col < len(mapping.headers) else ""
            values, unread = number_cells(raw[col], name, comma, header, scale_notes,
                                          title_scale if is_money_budget(name) else None)
            if unread.any() and values.isna().all():  # 部門, 備考: words naming the rows, not a KPI's figures
                column_notes.append(Issue(file, sheet, 0, "note_budget_label_column", {"column": name}))
                continue
            value_columns[name], bad[f"budget:{name}"] = values, unread
            raw_text[f"budget:{name}"] = raw[col]
    if role == "sales":  # 1,000円(税込): the amounts' own words on tax, for the pack's wording (tax_basis)
        amount = raw_text.get("net_sales", raw_text.get("unit_price"))
        if amount is not None and (said := clean.cells_tax_basis(amount)) is not None:
            mapping = dataclasses.replace(mapping, cells_tax=said)
    frame = pd.DataFrame(columns, index=raw.index)
    flagged = {**(rejected or {}), **_flagged_rows(problems, mapping, raw.index)}
    blank = pd.Series(_blank_rows(list(raw_text.values()), len(raw)), index=raw.index)
    if flagged:  # an error cell reads as blank, but its row is not empty
        blank &= ~raw.index.isin(list(flagged))
    frame = frame[~blank]
    result = SheetTable(file, sheet, role, mapping, frame, japanese=japanese)
    result.rows_read = len(frame)
    result.warnings.extend(_same_headers(mapping, file, sheet))
    result.warnings.extend(column_notes)
    result.warnings.extend(notes)
    result.warnings.extend(_codes_cut_short(raw_text, mapping, file, sheet))
    for note in scale_notes:  # never silently 1,000 times off: the scale read is said
        if isinstance(note, tuple) and len(note) == 3:
            continue  # in the unit of the title lines: said once below
        result.warnings.append(note if isinstance(note, Issue) else Issue(
            file, sheet, 0, "note_header_scale", {"column": note[0], "factor": f"{note[1]:,}"}))
    if titled := [n[0] for n in scale_notes if isinstance(n, tuple) and len(n) == 3]:
        result.warnings.append(Issue(file, sheet, 0, "note_title_scale", {
            "title": title_scale[1], "factor": f"{title_scale[0]:,}", "columns": ", ".join(titled)}))

    if role in ("budget", "finance") and "month" not in frame.columns and "date" in frame.columns:
        frame["month"] = clean._month_text(frame["date"])
        bad["month"] = bad.get("date", pd.Series(False, index=raw.index))
        raw_text["month"] = raw_text["date"]
    if role == "inventory" and "stock_value" in frame.columns and "on_hand" in frame.columns:
        _unit_cost_from_value(frame, mapping, result)
    if role == "traffic" and "date" not in frame.columns and "month" in frame.columns:
        # monthly traffic: each row is its month's total, dated its first day (only months are summed)
        frame["date"] = pd.to_datetime(frame["month"] + "-01", format="%Y-%m-%d", errors="coerce")
        bad["date"] = bad.get("month", pd.Series(False, index=raw.index))
        raw_text["date"] = raw_text["month"]
        result.warnings.append(Issue(file, sheet, 0, "note_traffic_monthly", {}))
    if role == "sales":
        if mapping.profile is None and "receipt" in frame.columns:
            frame["receipt"], prefix = _without_id_prefix(frame["receipt"])
            if prefix:  # said, so that a receipt number looked up in the POS is still found
                result.warnings.append(Issue(file, sheet, 0, "note_receipt_prefix", {
                    "column": mapping.field_header("receipt") or "", "prefix": prefix}))
        if receipt_days.restarts_daily(frame):  # never silent: 0001 of each day is a receipt of its own
            frame["receipt"] = receipt_days.with_day(frame)
            result.warnings.append(Issue(file, sheet, 0, "note_receipt_numbers_daily", {
                "column": mapping.field_header("receipt") or ""}))
        # the amounts' signs as written (before a return or a C-receipt is made negative) tell an export that
        # writes none, whose lines of a negative quantity are returns
        unsigned = unsigned_returns(frame) if mapping.profile is None else None
        priced = amounts_from_price(frame, raw_text.get("net_sales"), _under_merge(problems, mapping, "net_sales"))
        if priced.any():  # never silent: an amount a person would work out, from its quantity and price
            frame.loc[priced, "net_sales"] = frame.loc[priced, "qty"] * frame.loc[priced, "unit_price"]
            result.warnings.append(Issue(file, sheet, 0, "note_amount_from_price", {
                "column": mapping.field_header("net_sales") or "", "rows": f"{int(priced.sum()):,}",
                "qty": mapping.field_header("qty") or "", "price": mapping.field_header("unit_price") or ""}))
        frame = _sales_amounts(frame, cancel_prefix=mapping.profile is None)
        if mapping.profile is None and _receipt_totals_once(frame):
            result.warnings.append(Issue(file, sheet, 0, "note_receipt_total_once", {
                "column": mapping.field_header("net_sales") or ""}))
        elif mapping.profile is None and (untold := _receipt_total_untold(frame)):
            result.warnings.append(Issue(file, sheet, 0, "warn_receipt_total_untold", {
                "column": mapping.field_header("net_sales") or "", "receipts": f"{untold:,}"}))
        if mapping.profile is None:  # a Refund / 返品 row of an export no profile knows
            from .sales_rows import returned
            from .total_parts import is_returns

            frame = as_returns(frame, returned(raw_text, {f: mapping.field_header(f) or "" for f in ("line_type",)}))
            if is_returns(mapping.field_header("net_sales")):  # a sheet of returns (返品金額): given back, said
                frame = as_returns(frame, pd.Series(True, index=frame.index))
                result.warnings.append(Issue(file, sheet, 0, "note_returns_column", {
                    "column": mapping.field_header("net_sales") or ""}))
            if unsigned.any():  # never silent: the amounts' sign taken from their quantities
                frame = as_returns(frame, unsigned)
                result.warnings.append(Issue(file, sheet, 0, "note_unsigned_returns", {
                    "column": mapping.field_header("net_sales") or "", "rows": f"{int(unsigned.sum()):,}",
                    "qty": mapping.field_header("qty") or ""}))
        if "store" not in frame.columns and "region" in frame.columns:
            frame["store"] = frame["region"]

    reasons = pd.Series(None, index=frame.index, dtype=object)
    params: dict[int, dict] = {}

    def reject(mask: pd.Series, code: str, fld: str | None = None):
        mask = mask.reindex(frame.index, fill_value=False) & reasons.isna()
        if not mask.any():
            return
        reasons[mask] = code
        if fld is not None:
            source = raw_text.get(fld)
            values = source.reindex(frame.index) if source is not None else pd.Series(None, index=frame.index)
            for row in mask[mask].index:
                params[row] = {"field": fld.removeprefix("budget:"), "value": _show(values[row])}

    again = _header_again(raw, mapping, frame.index)
    reject(again, "row_header_again")
    reject(_title_again(raw, again), "row_title_again")
    totals = pd.Series(False, index=frame.index)
    for fld in TOTAL_FIELDS:
        if fld in raw_text:
            totals |= _total_labels(raw_text[fld].reindex(frame.index))
    accounts = None
    if role == "finance" and "account" in frame.columns:  # long finance lines: what each row's account says
        from .finance_lines import read_accounts

        accounts = read_accounts(frame["account"])
        totals &= accounts.fields.isna()  # 販管費合計 is the opex line, not a grand total
    reject(totals, "row_total")
    if accounts is not None:  # an account the pack does not read, or one counted in another line
        for code in ("row_account_group", "row_account_in_opex_line", "row_account_not_read"):
            reject(accounts.reasons.eq(code), code, "account")
    if role == "sales":  # a profile's own rules say which statuses are no sale; gift cards and charges never are
        from .sales_rows import cancellations, kinds_as_written, not_goods, not_sales

        headers = {f: mapping.field_header(f) or "" for f in ("status", "line_type", "cancelled", "product",
                                                               "category")}
        statuses = not_sales(raw_text, headers) if mapping.profile is None else {}
        taken_back = {}
        for fld in ("status", "line_type") if mapping.profile is None else ():  # 取消 / 返品取消: their receipt's lines
            if fld in raw_text:
                taken_back.update(cancellations(raw_text[fld].reindex(frame.index), _receipt_keys(frame),
                                                headers[fld], sales_too=fld == "line_type"))
        if "line_type" in raw_text and mapping.profile is None:
            as_written = kinds_as_written(raw_text["line_type"].reindex(frame.index))
            if as_written:  # never silent: kinds that are no plain sale, counted with their sign
                result.warnings.append(Issue(file, sheet, 0, "note_kinds_as_written", {
                    "column": headers["line_type"],
                    "kinds": ", ".join(f"{k} ({n:,})" for k, n in as_written.items())}))
        flagged = {**not_goods(raw_text, headers), **statuses, **taken_back, **flagged}
    for row, (code, detail) in flagged.items():
        if row in reasons.index and pd.isna(reasons[row]):
            reasons[row] = code
            params[row] = detail
    for fld in REQUIRED[role]:
        if fld == "net_sales" and fld not in frame.columns:
            continue  # reported for the whole sheet by the caller
        if fld == "net_sales" and "net_sales" not in mapping.columns.values():  # the sale is quantity × unit
            for part in ("qty", "unit_price"):  # price: a cell of them that is no number is said, not a blank sale
                if part in bad:
                    reject(bad[part], "row_number_bad", part)
        if fld in bad:
            reject(bad[fld], "row_date_bad" if fld in DATE_FIELDS else "row_month_bad" if fld == "month"
                   else "row_number_bad", fld)
        if fld in frame.columns:
            code = {"date": "row_date_missing", "month": "row_date_missing", "store": "row_store_missing",
                    "sku": "row_sku_missing", "start": "row_date_missing", "end": "row_date_missing",
                    "campaign": "row_campaign_missing"}.get(fld, "row_number_missing")
            missing = frame[fld].isna()
            if fld == "month" and "_month_no_year" in frame.columns:  # its year comes later (budget_months)
                missing &= frame["_month_no_year"].isna()
            reject(missing, code, fld)
    if "store" in frame.columns and role in ONE_STORE_ROLES and len(frame) and frame["store"].isna().all() \
            and ("store" not in raw_text or clean.is_blank(raw_text["store"].reindex(frame.index)).all()):
        # a single-store export leaves its Location blank on every row: that is the sheet
        # of a file without stores, not rows of no store
        frame = frame.drop(columns="store")
        result.warnings.append(Issue(file, sheet, 0, "note_store_column_blank", {
            "column": mapping.field_header("store") or "", "store": DEFAULT_STORE}))
    if "store" in frame.columns and role not in ("budget", "finance", "campaigns"):  # campaigns: blank = all
        # a line of a file with a store column belongs to the store it names: 'NA' or '-' there names
        # none, and counting it under MAIN would make up a store, so it is rejected, saying so
        if "store" in raw_text:
            marker = frame["store"].isna() & ~clean.is_blank(raw_text["store"].reindex(frame.index))
            reject(marker, "row_store_marker", "store")
        reject(frame["store"].isna(), "row_store_missing")
    if role == "products":  # an unreadable order parameter leaves the product's row in, with the default
        for key in ORDER_PARAMETERS:
            unread = bad.pop(key, pd.Series(False, index=frame.index)).reindex(frame.index, fill_value=False)
            for row in frame.index[unread & reasons.isna()]:
                result.warnings.append(Issue(file, sheet, int(row), "warn_order_value_unread", {
                    "field": key,
                    "value": _show(raw_text[key].get(row))}))
    for key, mask in bad.items():
        reject(mask, "row_date_bad" if key in DATE_FIELDS else "row_month_bad" if key in MONTH_FIELDS
               else "row_number_bad", key)

    hidden = _hidden_note(problems, frame[reasons.isna()], file, sheet)  # a hidden row rejected is listed
    if hidden is not None:
        result.warnings.append(hidden)
    if getattr(problems, "unchecked", None):  # never silent: what could not be looked for
        result.warnings.append(Issue(file, sheet, 0, "note_layout_unchecked", {"kind": problems.unchecked}))
    rejected = reasons.notna()
    if role == "sales" and "net_sales" in frame.columns:
        amounts = frame["net_sales"].fillna(0.0)
        result.net_sales_read = float(amounts.sum())
        result.net_sales_rejected = float(amounts[rejected].sum())
    for row in frame.index[rejected]:
        p = params.get(row, {})
        if reasons[row] == "row_number_bad" and not p:
            p = {"field": "", "value": ""}
        amount = float(frame.at[row, "net_sales"]) if role == "sales" and "net_sales" in frame.columns \
            and pd.notna(frame.at[row, "net_sales"]) else None
        result.issues.append(Issue(file, sheet, int(row), reasons[row], p, amount))
    frame = frame[~rejected].drop(columns=["status", "line_type", "cancelled"], errors="ignore")  # they have said their rows' part
    result.rows_used = len(frame)
    if role == "sales":
        amount_col = next((c for f in ("net_sales", "unit_price") for c, g in mapping.columns.items()
                           if g == f and c in raw.columns), None)  # no amount: the prices show the currency
        if mapping.currency_from in raw.columns:  # an amount worked out from another column ($119.00 − ...)
            amount_col = mapping.currency_from
        if amount_col is not None:
            result.currency = clean.currency_shown(raw[amount_col], mapping.headers[amount_col])
        result.currency = result.currency or clean.currency_named(mapping.headers, raw)
        if result.currency is None and amount_col in (formats or {}):  # a CSV's $ kept in the cells' format only
            result.currency = formats[amount_col]
            result.warnings.append(Issue(file, sheet, 0, "note_currency_format", {
                "column": mapping.headers[amount_col] if amount_col < len(mapping.headers) else "",
                "currency": result.currency}))
        if result.currency is None and mapping.profile is not None:  # an amount the profile worked out
            result.currency = clean.currency_of_columns(raw)

    if role == "budget":
        frame = _budget_long(frame, value_columns)
    if accounts is not None and "amount" in frame.columns:
        from .finance_lines import as_fields

        if accounts.summed:  # no opex line: the expense accounts are the opex, said
            result.warnings.append(Issue(file, sheet, 0, "note_opex_from_accounts",
                                         {"accounts": ", ".join(accounts.summed)}))
        frame = as_fields(frame, accounts.fields)
    if role in ONE_STORE_ROLES and "store" not in frame.columns:
        frame["store"] = DEFAULT_STORE
    frame = frame.copy()
    frame["_file"] = file
    frame["_sheet"] = sheet
    frame["_row"] = frame.index.astype("int64")
    result.table = frame.reset_index(drop=True)
    return result


def join_tables(parts: list[SheetTable]) -> SheetTable:
    """One sheet's table from the tables of its pieces, in sheet order (see
    `split`): lines, issues and counts put together."""
    first = parts[0]
    frames = [p.table for p in parts]
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    for column in frame.columns:  # a piece where a column is all blank may type it apart: the others' type holds
        typed = {str(f[column].dtype): f[column].dtype for f in frames
                 if column in f.columns and f[column].notna().any()}
        if len(typed) == 1 and str(frame[column].dtype) not in typed:
            frame[column] = frame[column].astype(next(iter(typed.values())))
    # the first piece's fields, with what every piece holds put together
    joined = dataclasses.replace(first, table=frame, issues=[i for p in parts for i in p.issues],
                                 warnings=[w for p in parts for w in p.warnings],
                                 rows_read=sum(p.rows_read for p in parts), rows_used=sum(p.rows_used for p in parts),
                                 net_sales_read=sum(p.net_sales_read for p in parts),
                                 net_sales_rejected=sum(p.net_sales_rejected for p in parts),
                                 voids=sorted({v for p in parts for v in p.voids}),
                                 currency=next((p.currency for p in parts if p.currency), None))
    if len(parts) > 1 and joined.voids:
        _void_across_pieces(joined)
    return joined


def _void_across_pieces(sheet: SheetTable) -> None:
    """A receipt cancelled by a row of another piece of a cut sheet (further
    away than the context each piece reads past the cut) is rejected once the
    pieces are joined, as it would have been in one piece."""
    from .export_profiles import STORE_SEP, void_key

    frame = sheet.table
    if "receipt" not in frame.columns:
        return
    parts = [v.split(STORE_SEP) for v in sheet.voids]  # store and receipt, or the receipt alone
    stores = clean.clean_code(pd.Series([p[0] if len(p) > 1 else "" for p in parts], dtype=object)).fillna("")
    numbers = clean.clean_code(pd.Series([p[-1] for p in parts], dtype=object)).fillna("")
    if all(len(p) > 1 for p in parts) and "store" in frame.columns:
        keys = frame["store"].fillna("").astype(str).combine(frame["receipt"].fillna("").astype(str), void_key)
        hit = keys.isin({void_key(a, b) for a, b in zip(stores, numbers)})
    else:
        hit = frame["receipt"].isin(set(numbers))
    if not hit.any():
        return
    for _, line in frame[hit].iterrows():
        amount = float(line["net_sales"]) if "net_sales" in frame.columns and pd.notna(line["net_sales"]) else None
        sheet.issues.append(Issue(sheet.file, sheet.sheet, int(line["_row"]), "row_cancelled_later",
                                  {"receipt": str(line["receipt"])[:60]}, amount))
        sheet.net_sales_rejected += amount or 0.0
    sheet.issues.sort(key=lambda i: i.row)
    sheet.rows_used -= int(hit.sum())
    sheet.table = frame[~hit].reset_index(drop=True)


def _dates(series: pd.Series, order: str | None, year: clean.YearOf | None, japanese: bool, raw: pd.DataFrame,
           mapping: SheetMapping, col: int) -> tuple[pd.Series, pd.Series, list[tuple[str, dict]]]:
    """A date column's dates and bad cells, and what is to be said of how
    they were read: dates without a year (10/1) month first only because the
    sheet is Japanese, or of the year the column's other dates are written
    with. Their year is `year`, else the one year of the sheet's other date
    columns, else of the column's own dates that carry one."""
    try:
        return _read_dates(series, order, year, japanese)
    except clean.DateYearUnknown as exc:
        other = _year_of_other_dates(raw, mapping, col, order) if year is None else None
        if other is not None:
            return _read_dates(series, order, other, japanese)
        years = set(exc.dated.dt.year.unique().tolist())
        if len(years) != 1:
            raise
        own = years.pop()
        dates, bad, said = _read_dates(series, order, clean.YearOf(int(own)), japanese)
        first = exc.dated.min()
        if dates.dropna().lt(pd.Timestamp(first.year, first.month, 1)).any():
            raise exc from None  # 2026/12/30, 12/31, 1/1 runs into the next year: not guessed
        return dates, bad, [*said, ("note_year_from_column", {"year": str(own)})]


def _read_dates(series: pd.Series, order: str | None, year: clean.YearOf | None, japanese: bool):
    """clean_date, with 10/1 that no cell settles read month first on a Japanese sheet, and 01.10.2026 day
    first (each said)."""
    try:
        return *clean.clean_date(series, order, year), []
    except clean.DateOrderUnclear as exc:
        if not exc.mixed and not exc.short and not exc.yearless and clean.dotted_day_first(series):
            # 01.10.2026: dates written with dots are day first wherever they are written so (Germany, France …)
            return *clean.clean_date(series, "dmy", year), [("note_dotted_day_first", {"example": exc.examples[0]})]
        if not (japanese and exc.yearless and not exc.mixed):
            raise
        return *clean.clean_date(series, order, year, month_first=True), [("note_yearless_month_first", {})]


@contextmanager
def _date_column(file: str, sheet: str, mapping: SheetMapping, col: int, series: pd.Series | None = None):
    """A date column that reads both day-first and month-first stops the build,
    naming the file, sheet and column: only the user can say which it is. A
    weekday that is not its date's (in the year taken) names the row too."""
    try:
        yield
    except clean.WeekdayMismatch as exc:
        header = mapping.headers[col] if col < len(mapping.headers) else ""
        text = clean._text(series) if series is not None else pd.Series(dtype=object)
        rows = text.index[text.eq(exc.cell)]
        code = "date_weekday_wrong" if not exc.dated else "date_weekday_order" if exc.other_order else \
            "date_weekday_dated"
        raise KpipackError(code, file=file, sheet=sheet, column=header or f"#{col + 1}", order=exc.other_order or "",
                           row=int(rows[0]) if len(rows) else 0, value=exc.cell, weekday=exc.weekday,
                           date=exc.date.strftime("%Y-%m-%d"), year=exc.date.year,
                           actual=clean.WEEKDAYS_JA[exc.date.day_of_week],
                           actual_en=exc.date.strftime("%A"), weekday_en=_WEEKDAY_EN[exc.weekday]) from None
    except clean.DateYearUnknown as exc:
        header = mapping.headers[col] if col < len(mapping.headers) else ""
        raise KpipackError("date_no_year", file=file, sheet=sheet, column=header or f"#{col + 1}",
                           examples=", ".join(exc.examples)) from None
    except clean.DateOrderUnclear as exc:
        header = mapping.headers[col] if col < len(mapping.headers) else ""
        code = "date_short_year" if exc.short else "date_order_mixed" if exc.mixed else "date_order_unclear"
        raise KpipackError(code, file=file, sheet=sheet, column=header or f"#{col + 1}",
                           examples=", ".join(exc.examples)) from None


def _year_of_other_dates(raw: pd.DataFrame, mapping: SheetMapping, col: int, order: str | None):
    """The one year of the sheet's other date columns (an order date beside a
    delivery day written 10/3), else None."""
    years = set()
    for other, fld in mapping.columns.items():
        if other == col or fld not in DATE_FIELDS or other not in raw.columns:
            continue
        try:
            dates, _ = clean.clean_date(raw[other], order)
        except (clean.DateYearUnknown, clean.DateOrderUnclear):
            continue
        years |= set(dates.dropna().dt.year.unique().tolist())
    return clean.YearOf(int(years.pop())) if len(years) == 1 else None


def _blank_rows(columns: list[pd.Series], rows: int) -> np.ndarray:
    """Rows blank in every column. Each column is looked at only on the rows
    still blank, cheap columns (numbers, dates) first, so a full sheet costs a
    column or two."""
    blank = np.ones(rows, dtype=bool)
    for series in sorted(columns, key=lambda s: not isinstance(s.dtype, np.dtype)):
        still = np.flatnonzero(blank)
        if not len(still):
            break
        blank[still] = clean.is_blank(series.iloc[still]).to_numpy(dtype=bool)
    return blank


def decimal_comma_note(file: str, sheet: str, headers: list, numbers: list[pd.Series]) -> Issue | None:
    """What a decimal comma taken from the headers' language made of a cell it
    matters for (1.234 read as 1,234), None where no cell reads otherwise."""
    example = clean.thousands_either_way(numbers)
    if example is None:
        return None
    return Issue(file, sheet, 0, "note_decimal_comma_headers", {
        "example": example, "read": amount_text(clean.clean_number(pd.Series([example]), False, True)[0][0]),
        "header": next(h for h in headers if decimal_comma_headers([h]))})


def number_cells(series: pd.Series, fld: str, comma: bool, header: str,
                 scale_notes: list[tuple], title: tuple[int, str] | None = None) -> tuple[pd.Series, pd.Series]:
    """A number column of `fld` read as a person reads it: a duration in days
    (2週間), a count without its counter word (2個), money as
    clean.clean_number reads it (¥1,234, $1,200, (1,234), ¥1,234-), never an
    infinite value, and in the unit its header states (売上(千円), said in
    `scale_notes`), else in the one `title` states (単位：千円 above a money
    column). Returns (values, bad: text that is no number). The
    importer reads a sheet's columns by it, and the query engine each
    distinct text of a big file's (linefiles), so that a file's figures do
    not hang on its size."""
    if fld == "lead_time_days":  # "2週間", "10 days": a duration in words is read in days
        series = clean.duration_days(series)
    elif fld in clean.COUNT_FIELDS:  # "2個", "3点": a count with its counter word
        series = clean.without_counter(series)
    values, bad = _finite(*clean.clean_number(series, clean.is_percent_field(fld), comma))
    if not clean.is_percent_field(fld):
        values = _scaled(values, [header], 0, scale_notes, series, title)
    return values, bad


def _summed(raw: pd.DataFrame, mapping: SheetMapping, fld: str, values: pd.Series, bad: pd.Series, comma: bool,
            scale_notes: list, notes: list, file: str, sheet: str) -> tuple[pd.Series, pd.Series]:
    """The field as the sum of its column (`values`, `bad`) and the others
    `mapping.summed` names, each read as the field's own column is; a row
    blank in all of them stays blank. Said, naming the columns."""
    total, present = values.fillna(0.0), values.notna()
    for col in mapping.summed[fld]:
        header = mapping.headers[col]
        series = raw[col] if col in raw.columns else pd.Series(None, index=raw.index, dtype=object)
        series, durations = clean.duration_hours(series) if fld in HOURS_FIELDS else (series, None)
        part, wrong = number_cells(series, fld, comma, header, scale_notes, None)
        if fld in HOURS_FIELDS:
            part = _in_hours(part, durations, header, notes, file, sheet)
        total, present, bad = total + part.fillna(0.0), present | part.notna(), bad | wrong
    first = next(c for c, f in mapping.columns.items() if f == fld)
    notes.append(Issue(file, sheet, 0, "note_summed_columns", {
        "field": fld, "columns": ", ".join(mapping.headers[c] for c in [first, *mapping.summed[fld]])}))
    return total.where(present), bad


def _in_hours(values: pd.Series, durations: pd.Series, header: str, notes: list, file: str, sheet: str,
              said_minutes: bool = False) -> pd.Series:
    """An hours column in hours: durations (7:30) are; times of day given as
    fractions of a day (0.3125) × 24; plain numbers ÷ 60 where the header
    states minutes (or `said_minutes`: the sheet does, its columns headed by
    stores). Each reading is said."""
    if durations.any():
        notes.append(Issue(file, sheet, 0, "note_hours_duration", {
            "column": header, "cells": f"{int(durations.sum()):,}"}))
    elif clean.day_fractions(values):
        notes.append(Issue(file, sheet, 0, "note_hours_day_fraction", {
            "column": header, "cells": f"{int(values.notna().sum()):,}"}))
        return values * 24.0
    if not (said_minutes or header_minutes(header)):
        return values
    minutes = values.notna() & ~durations.reindex(values.index, fill_value=False)
    if minutes.any():
        notes.append(Issue(file, sheet, 0, "note_hours_minutes", {
            "column": header, "cells": f"{int(minutes.sum()):,}"}))
    return values.where(~minutes, values / 60.0)


def _finite(values: pd.Series, bad: pd.Series) -> tuple[pd.Series, pd.Series]:
    """An infinite number (a cell holding 1e400) is not a number: flagged, never summed."""
    infinite = np.isinf(values.to_numpy(dtype=float, na_value=np.nan))
    if infinite.any():
        values = values.mask(infinite)
        bad = bad | pd.Series(infinite, index=bad.index)
    return values, bad


def _flagged_rows(problems, mapping: SheetMapping, rows: pd.Index) -> dict[int, tuple[str, dict]]:
    """Sheet row -> (reason, params) for rows whose mapped cells the reader
    could not take at face value (see `safety.SheetScan`)."""
    if problems is None or not (problems.errors or problems.uncached or problems.rows):
        return {}
    names = dict(mapping.columns)
    names.update(mapping.budget_columns)
    present = set(rows)
    out: dict[int, tuple[str, dict]] = {}
    for (row, col), value in problems.errors.items():
        if col in names and row in present and row not in out:
            out[row] = ("row_error_cell", {"field": names[col], "value": value})
    for row, col in problems.uncached:
        if col in names and row in present and row not in out:
            out[row] = ("row_formula_uncached", {"field": names[col]})
    for row, found in problems.rows.items():
        if row in present:
            out.setdefault(row, found)
    return out


def _without_id_prefix(receipts: pd.Series) -> tuple[pd.Series, str | None]:
    """Receipt numbers without the label every one of them is written with
    (`No:1234` -> `1234`), so that they join the same receipts in a file that
    writes them bare; the label dropped, or None. Only where every receipt
    carries the same label: a column of mixed ids is left as it is."""
    data = clean.text_bytes(receipts)
    if data is not None and not any(first in data for first in _ID_PREFIX_FIRSTS):  # numbers without a label
        return receipts, None
    present = pd.Series(receipts.dropna().astype(str).unique(), dtype=object)  # each distinct number once
    if present.empty or not present.str[:1].isin(_ID_PREFIX_FIRSTS_TEXT).all():
        return receipts, None
    labels = present.str.extract(_ID_PREFIX, expand=False)
    if labels.isna().any() or labels.nunique() != 1:
        return receipts, None
    prefix = labels.iloc[0]
    return receipts.map(lambda v: v[len(prefix):] if isinstance(v, str) else v), prefix.strip()


def _header_again(raw: pd.DataFrame, mapping: SheetMapping, rows: pd.Index) -> pd.Series:
    """Rows repeating the header in every mapped column (exports put one after
    another): never a line, said as what they are."""
    again = pd.Series(True, index=rows)
    for col in mapping.columns:
        if col in mapping.derived:
            continue  # a column a rule made (the period of the file's name, a block's store): no header to repeat
        header = mapping.headers[col] if 0 <= col < len(mapping.headers) else ""
        if not header or col not in raw.columns:
            return pd.Series(False, index=rows)
        cells = raw[col].reindex(rows)
        if not (pd.api.types.is_object_dtype(cells) or pd.api.types.is_string_dtype(cells)):
            return pd.Series(False, index=rows)
        again &= cells.astype("string").str.strip().eq(str(header).strip()).fillna(False).astype(bool)
        if not again.any():
            break
    return again


def _title_again(raw: pd.DataFrame, again: pd.Series) -> pd.Series:
    """The rows just above a header row again that hold one text cell alone:
    the next download's title line (売上明細 出力日 2026/11/02), no line."""
    out = pd.Series(False, index=again.index)
    rows = again.index
    for pos in (int(p) for p in (again.to_numpy().nonzero()[0]) if p > 0):
        above = rows[pos - 1]
        cells = [v for v in raw.loc[above].tolist() if v is not None and not (isinstance(v, float) and v != v)
                 and str(v).strip()]
        out[above] = len(cells) == 1 and isinstance(cells[0], str)
    return out


def _same_headers(mapping: SheetMapping, file: str, sheet: str) -> list[Issue]:
    """A field read from one of several columns with the same header (two '金額'
    columns): which one is said, never a silent pick. The headers as written
    (NFKC): 売価(税込) and 売価(税抜) are two headers."""
    from xlsxwriter.utility import xl_col_to_name

    def written(header) -> str:
        return unicodedata.normalize("NFKC", header).strip().casefold() if isinstance(header, str) else ""

    by_header: dict[str, list[int]] = {}
    for col, header in enumerate(mapping.headers):
        if written(header):
            by_header.setdefault(written(header), []).append(col)
    notes = []
    for col, fld in sorted(mapping.columns.items()):
        same = by_header.get(written(mapping.headers[col]) if col < len(mapping.headers) else "", [])
        if len(same) > 1 and not any(c in mapping.columns or c in mapping.budget_columns for c in same if c != col):
            notes.append(Issue(file, sheet, 0, "warn_same_header", {
                "columns": ", ".join(xl_col_to_name(c) for c in same), "column": mapping.headers[col],
                "used": xl_col_to_name(col), "field": fld}))
    return notes


def _one_area_unit(columns: dict[str, pd.Series], units: pd.Series, mapping: SheetMapping
                   ) -> tuple[SheetMapping, int]:
    """The sheet's floor areas in one unit: the header's, else the one most of
    its cells state ('45坪'); a cell stating the other unit is converted (1 坪 =
    3.305785 m2). Returns the mapping with that unit and the cells converted."""
    stated = units.dropna()
    if stated.empty:
        return mapping, 0
    unit = mapping.area_unit or str(stated.value_counts().idxmax())
    other = units.notna() & units.ne(unit)
    if other.any():
        factor = TSUBO_M2 if unit == "m2" else 1 / TSUBO_M2
        columns["floor_area"] = columns["floor_area"].where(~other, columns["floor_area"] * factor)
    return dataclasses.replace(mapping, area_unit=unit), int(other.sum())


_EXPONENT_CODE = re.compile(r"^\s*[0-9](?:\.[0-9]+)?[eE]\+?[0-9]+\s*$")


def _codes_cut_short(raw_text: dict[str, pd.Series], mapping: SheetMapping, file: str, sheet: str) -> list[Issue]:
    """Codes written 4.90123E+12: a CSV saved by Excel keeps only the digits
    it showed, so different products (JAN codes) or members now read as one.
    The lines are right and kept; what is counted per code is not, and said."""
    notes = []
    for fld, series in raw_text.items():
        if fld not in CODE_FIELDS or pd.api.types.is_numeric_dtype(series):
            continue
        data = clean.text_bytes(series)
        if data is not None and b"e" not in data and b"E" not in data:
            continue
        text = series.dropna().astype(str)
        text = text[text.str.contains("e", case=False, regex=False)]  # 4.9E+12 has one; most codes do not
        cut = text[clean.per_distinct(text, lambda v: bool(_EXPONENT_CODE.match(v)), False).astype(bool)]
        if len(cut):
            notes.append(Issue(file, sheet, 0, "warn_codes_exponent", {
                "column": mapping.field_header(fld) or fld, "rows": f"{len(cut):,}", "example": cut.iloc[0].strip()}))
    return notes


def _hidden_note(problems, frame: pd.DataFrame, file: str, sheet: str) -> Issue | None:
    """Rows the sheet hides (an autofilter's, a collapsed group's) are read like
    any row — a filter changes the view, not the data, and a controller expects
    the file's every row — and said, with their net sales: never silent."""
    if problems is None or not problems.hidden:
        return None
    rows = frame.index[frame.index.isin(list(problems.hidden))]
    if not len(rows):
        return None
    first = ", ".join(str(r) for r in rows[:5]) + (", …" if len(rows) > 5 else "")
    if "net_sales" not in frame.columns:
        return Issue(file, sheet, 0, "note_hidden_rows", {"rows": f"{len(rows):,}", "first": first})
    amount = float(frame.loc[rows, "net_sales"].fillna(0.0).sum())
    return Issue(file, sheet, 0, "note_hidden_rows_sales",
                 {"rows": f"{len(rows):,}", "first": first, "amount": amount_text(amount)})


def amounts_from_price(frame: pd.DataFrame, written: pd.Series | None, merged: set[int] = frozenset()
                       ) -> pd.Series:
    """Lines whose amount cell is blank (not a dash, not text that is no
    number: those say something else) while their quantity and unit price
    are there: their amount is quantity × price, as a person would take it.
    Never a line whose amount is given, nor one under an amount merged over
    several lines (`merged`: their rows; the receipt's, counted once).
    `written`: the amount column as read; the query engine takes the same
    lines (linefiles)."""
    if written is None or not {"qty", "unit_price", "net_sales"} <= set(frame.columns):
        return pd.Series(False, index=frame.index)
    blank = clean.is_blank(written.reindex(frame.index)) & ~frame.index.isin(list(merged))
    return blank & frame["net_sales"].isna() & frame["qty"].notna() & frame["unit_price"].notna()


def _under_merge(problems, mapping: SheetMapping, fld: str) -> set[int]:
    """The rows whose `fld` cell lies under a merged range (not its first row, which holds the value)."""
    col = next((c for c, f in mapping.columns.items() if f == fld), None)
    if col is None:
        return set()
    return {row for r1, c1, r2, c2 in getattr(problems, "merged", None) or [] if c1 <= col <= c2
            for row in range(r1 + 1, r2 + 1)}


def _sales_amounts(frame: pd.DataFrame, cancel_prefix: bool = True) -> pd.DataFrame:
    """Amount from qty × price where there is no amount column; cancellations
    (receipt 'C' + digits) turned into returns — not in a known export layout,
    whose profile says how that system marks its returns."""
    if "net_sales" not in frame.columns and {"qty", "unit_price"} <= set(frame.columns):
        frame["net_sales"] = frame["qty"] * frame["unit_price"]
    if cancel_prefix and "receipt" in frame.columns and "net_sales" in frame.columns:
        flip = frame["receipt"].fillna("").astype(str).str.match(CANCELLED_RECEIPT) & (frame["net_sales"] > 0)
        frame = as_returns(frame, flip)
    return frame


RECEIPTS_TO_TELL = 3  # receipts of several lines that must all show it before an amount is taken for their total


def receipt_totals_repeated(receipts: int, mixed: int, several_items: int) -> bool:
    """Whether a sheet's amount is each receipt's total written on every line:
    from its `receipts` of several lines (a receipt: its store, number and
    day), `mixed` of them showing more than one amount, `several_items` of
    them more than one product. Every such receipt shows one amount, and at
    least half of them several products (the query engine counts the same)."""
    return receipts >= RECEIPTS_TO_TELL and mixed == 0 and several_items >= 0.5 * receipts


def _receipt_totals_once(frame: pd.DataFrame) -> bool:
    """An amount that is the same on every line of every receipt of several
    lines while their products differ is the receipt's total written on each
    line (a home-made till's CSV): kept on the receipt's first line only, the
    others made 0, so that it is counted once. True where it was."""
    item = next((c for c in ("sku", "product") if c in frame.columns), None)
    shape = _receipts_of_one_amount(frame) if item is not None else None
    if shape is None:
        return False
    lines, first, heads, mixed = shape
    if not receipt_totals_repeated(int(heads.sum()), mixed, int((heads & (lines[item].transform("nunique") > 1)).sum())):
        return False
    frame.loc[~first, "net_sales"] = 0.0
    return True


def _receipt_total_untold(frame: pd.DataFrame) -> int:
    """Receipts of several lines each showing one amount, in a sheet with no
    product column to tell whether it is each line's (one item bought twice)
    or the receipt's total written on every line: their number where there
    are enough of them, with amounts that differ from receipt to receipt
    (a shop of one price shows the same amount everywhere), else 0."""
    if any(c in frame.columns for c in ("sku", "product")):
        return 0
    shape = _receipts_of_one_amount(frame)
    if shape is None:
        return 0
    _lines, _first, heads, mixed = shape
    receipts = int(heads.sum())
    if receipts < RECEIPTS_TO_TELL or mixed or frame.loc[heads, "net_sales"].nunique() < RECEIPTS_TO_TELL:
        return 0
    return receipts


def _receipts_of_one_amount(frame: pd.DataFrame):
    """A sales sheet's receipts (store, number and day), where no amount
    changes within a receipt: the lines grouped by receipt, each receipt's
    first line, the first line of each receipt of several lines, and how many
    of those show more than one amount; None where an amount changes within
    a receipt (line amounts, the usual case, told at once) or the sheet has
    no receipts or a line without an amount."""
    if not {"receipt", "net_sales"} <= set(frame.columns) or frame["net_sales"].isna().any():
        return None
    receipt, amount = frame["receipt"], frame["net_sales"]
    if ((receipt == receipt.shift()) & (amount != amount.shift())).any():
        return None
    keys = [c for c in ("store", "receipt") if c in frame.columns]
    if "date" in frame.columns:
        keys.append(frame["date"].dt.normalize().rename("_day") if hasattr(frame["date"], "dt") else "date")
    lines = frame.groupby(keys, sort=False, dropna=False)
    several = lines["net_sales"].transform("size") > 1
    first = lines.cumcount() == 0
    heads = several & first  # one row for each receipt of several lines
    mixed = int((heads & (lines["net_sales"].transform("nunique") > 1)).sum())
    return lines, first, heads, mixed


def _receipt_keys(frame: pd.DataFrame) -> pd.Series | None:
    """Each line's receipt with its store (a receipt number is a store's own),
    None where the sheet has no receipt column."""
    if "receipt" not in frame.columns:
        return None
    from .export_profiles import void_key

    stores = frame["store"] if "store" in frame.columns else pd.Series("", index=frame.index)
    keys = stores.fillna("").astype(str).combine(frame["receipt"].astype(str), void_key)
    return keys.where(frame["receipt"].notna())


def as_returns(frame: pd.DataFrame, rows: pd.Series) -> pd.DataFrame:
    """These rows' amounts and units given back: negative, whichever sign the export wrote them with."""
    rows = rows.reindex(frame.index, fill_value=False).astype(bool)
    if rows.any():
        for fld in ("net_sales", "qty", "cost", "gross_profit"):
            if fld in frame.columns:
                frame.loc[rows, fld] = -frame.loc[rows, fld].abs()
    return frame


def _unit_cost_from_value(frame: pd.DataFrame, mapping: SheetMapping, result: SheetTable) -> None:
    """A stock list with its value at cost (在庫金額) and no unit cost: the unit
    cost is the value ÷ the quantity, said in a note naming the column read."""
    cost = frame["unit_cost"] if "unit_cost" in frame.columns else pd.Series(np.nan, index=frame.index)
    qty = frame["on_hand"]
    worked = cost.isna() & frame["stock_value"].notna() & qty.notna() & qty.ne(0)
    if not worked.any():
        return
    frame["unit_cost"] = cost.where(~worked, frame["stock_value"] / qty)
    result.warnings.append(Issue(result.file, result.sheet, 0, "note_unit_cost_from_value", {
        "column": str(mapping.field_header("stock_value")), "rows": f"{int(worked.sum()):,}"}))


def _budget_long(frame: pd.DataFrame, value_columns: dict[str, pd.Series]) -> pd.DataFrame:
    """Budget rows as (month, store, kpi, value, _row)."""
    keep = ["month", "store"] if "store" in frame.columns else ["month"]
    keep += [c for c in frame.columns if c.startswith("_")]  # what the month's year is settled by
    if value_columns:
        wide = frame[keep].copy()
        for name, values in value_columns.items():
            wide[name] = values.reindex(frame.index)
        wide.index.name = "_rowno"
        long = wide.reset_index().melt(id_vars=["_rowno"] + keep, var_name="kpi", value_name="value")
        long = long.dropna(subset=["value"]).set_index("_rowno")
        long.index.name = None
        return long
    cols = keep + [c for c in ("kpi", "value") if c in frame.columns]
    return frame[cols].dropna(subset=[c for c in ("kpi", "value") if c in frame.columns])


def _scaled(values: pd.Series, headers: list[str], col: int, notes: list[tuple],
            raw: pd.Series, title: tuple[int, str] | None = None) -> pd.Series:
    """Amounts in the unit their header states: '売上予算(千円)' holds thousands
    of yen — else the one the title lines state (`title`: its factor and
    line; noted as (header, factor, line)) — except a cell that states its
    own ('30千円' is yen already)."""
    header = headers[col] if 0 <= col < len(headers) else ""
    factor = header_scale(header)
    if factor == 1 and title is not None and title[0] > 1 and not states_currency(header):
        factor = title[0]
        notes.append((str(header), factor, title[1]))
    elif factor == 1:
        return values
    else:
        notes.append((str(header), factor))
    return values.where(clean.states_yen_scale(raw), values * factor)


def _scale_money_budgets(columns: dict[str, pd.Series], mapping: SheetMapping, file: str, sheet: str,
                         notes: list, title: tuple[int, str] = (1, "")) -> None:
    """A long budget (KPI, value) whose value header (else title line, `title`)
    states 千円 / 万円: only the money KPIs' values are in that unit — a count
    of customers or a margin in percent is never multiplied — and the note
    names both kinds."""
    from ..kpis.budget_names import is_money_budget  # deferred: the KPI registry, read for budgets only

    col = next(c for c, f in mapping.columns.items() if f == "value")
    header = mapping.headers[col] if 0 <= col < len(mapping.headers) else ""
    factor, said = header_scale(header), str(header)
    if factor == 1 and not states_currency(header):
        factor, said = title
    if factor == 1:
        return
    names = columns["kpi"]
    distinct = [n for n in names.dropna().unique().tolist()]
    money = {n for n in distinct if is_money_budget(n)}
    columns["value"] = columns["value"].mask(names.isin(money), columns["value"] * factor)
    notes.append(Issue(file, sheet, 0, "note_header_scale_money", {
        "column": said, "factor": f"{factor:,}", "kpis": ", ".join(str(n) for n in distinct if n in money)
        or "-", "others": ", ".join(str(n) for n in distinct if n not in money) or "-"}))


def _total_labels(series: pd.Series) -> pd.Series:
    """Cells reading like 合計 / Total / 小計 (a totals row), vectorised over the
    distinct values so a million-line column costs little."""
    if not (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
        return pd.Series(False, index=series.index)
    data = clean.text_bytes(series)
    if data is not None and data.isascii() and b"t" not in data and b"T" not in data:  # no 計, no 'total'
        return pd.Series(False, index=series.index)
    text = series.astype("string[pyarrow]")
    labels = total_labels(pd.Series(text.dropna().unique(), dtype="string[pyarrow]"))
    if not labels:
        return pd.Series(False, index=series.index)
    return text.isin(labels).fillna(False).astype(bool)


def total_labels(distinct: pd.Series) -> set[str]:
    """Those of a column's distinct texts that are a totals label (合計, 店舗合計,
    Grand total, 'Shibuya Total' where 'Shibuya' is a value of the column too)."""
    distinct = distinct.astype("string[pyarrow]")
    # every label holds 計 or 'total', and NFKC leaves ASCII as it is: ASCII text without 'total' is none
    # (a million receipt numbers are not normalised one by one)
    maybe = ~distinct.str.isascii() | distinct.str.contains("total", case=False, regex=False)
    short = distinct[maybe.fillna(False).astype(bool) & (distinct.str.len() <= 40)]
    norm = short.str.normalize("NFKC").str.strip().str.casefold()
    found = norm.str.match(_TOTAL.pattern).fillna(False).astype(bool)
    ending = norm[norm.str.contains("total", regex=False).fillna(False).astype(bool)]
    before = ending.str.extract(TOTAL_AFTER.pattern, expand=True)[0].reindex(norm.index)
    if before.notna().any():  # 'Shibuya Total' where 'Shibuya' is a value of the column too
        values = set(distinct.str.normalize("NFKC").str.strip().str.casefold().dropna().tolist())
        found |= before.isin(values).fillna(False).astype(bool)
    return set(short[found].tolist())


def _show(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)[:60]
