"""Stock-take reconciliation sheet: book vs count by store with the control
check (Σ SKU differences = store totals = pack total), the selling-price
view, the roll-forward into known and unknown loss, the proposed journal,
categories against their tolerance, and the lines that need a look.

Store figures are live sums over the detail sheet, so an edited count
flows through to the totals, the check and the journal."""
from __future__ import annotations

import math

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell as cell

from ..kpis.stocktake import REASONS
from .stocktake_detail import column_range, detail_name, line_row, qty_format, reconciliation_for
from .stocktake_words import word

GAINS_SHOWN = 50
LAST_COL = 13
_TOLERANCE = 0.005  # money compares to half a sen: the sums differ only by float rounding


def write_stocktake(pack, sheet_name: str) -> None:
    rec = reconciliation_for(pack)
    if rec.empty and pack.settings.pack != "stocktake":
        if hasattr(pack, "omit"):
            pack.omit(sheet_name, word("no_counts", pack.lang, period=pack.comp.period))
        return
    ws = pack.add_sheet(sheet_name, landscape=True)
    _Sheet(pack, ws, rec).write()


class _Sheet:
    def __init__(self, pack, ws, rec):
        self.pack, self.ws, self.rec = pack, ws, rec
        self.lang, self.f = pack.lang, pack.formats
        self.row = 0
        self.detail = detail_name(pack)
        self.n = len(rec.lines)
        self.store_rows: dict[str, int] = {}
        self.total_row: int | None = None
        self._pack_total_cell = "0"

    # ------------------------------------------------------------ helpers
    def w(self, key: str, **params) -> str:
        return word(key, self.lang, **params)

    def note(self, text: str) -> None:
        self.ws.write_string(self.row, 0, text, self.f.get(italic=True, font_size=9, font_color="#595959"))
        self.row += 1

    def section(self, title: str) -> None:
        self.row += 1
        self.ws.write_string(self.row, 0, title, self.f.subtitle())
        self.row += 1

    def headers(self, labels: list[str]) -> None:
        for c, text in enumerate(labels):
            self.ws.write_string(self.row, c, text, self.f.header())
        self.ws.set_row(self.row, 32)
        self.row += 1

    def money(self, band=False, total=False):
        if total:
            return self.f.get(bold=True, num_format=self.f.number("money").num_format, border=1,
                              border_color="#BFBFBF", top=2, top_color="#1F3864", bg_color="#D9E1F2")
        return self.f.number("money", band)

    def total_text(self):
        return self.f.get(bold=True, border=1, border_color="#BFBFBF", top=2, top_color="#1F3864", bg_color="#D9E1F2")

    def sumifs(self, column: str, store_cell: str, extra: str = "") -> str:
        return "SUMIFS({},{},{}{})".format(column_range(self.detail, column, self.n),
                                          column_range(self.detail, "store", self.n), store_cell, extra)

    def store_label(self, store: str) -> str:
        name = self.rec.store_names.get(store, store)
        return name if name == store else f"{name} ({store})"

    # ------------------------------------------------------------ page
    def write(self) -> None:
        ws, f = self.ws, self.f
        ws.set_column(0, 0, 34)
        ws.set_column(1, 1, 11)
        ws.set_column(2, LAST_COL, 13)
        ws.write_string(0, 0, f"{self.w('title')} — {self.pack.comp.period}", f.title())
        ws.set_row(0, 24)
        if self.rec.empty:
            self.row = 2
            if self.rec.count_months:
                self.note(self.w("no_counts", period=self.pack.comp.period))
                self.note(self.w("counts_in", months=", ".join(self.rec.count_months)))
            else:
                self.note(self.w("no_count_data"))
            return
        dates = sorted({pd.Timestamp(d).strftime("%Y-%m-%d") for d in self.rec.total["count_dates"]})
        kicker = " · ".join([self.w("counts_on", dates=", ".join(dates)), self.w("at_cost"),
                             self.w("tolerance_default", pct=_pct_text(self.rec.default_tolerance))])
        ws.write_string(1, 0, kicker, f.get(font_size=9, font_color="#595959"))
        self.row = 2
        self.stores()
        self.control()
        self.retail()
        self.rollforward()
        self.journal()
        self.categories()
        self.line_lists()

    # ------------------------------------------------------------ stores
    def stores(self) -> None:
        rec = self.rec
        self.section(self.w("by_store"))
        self.headers([self.w("store_name"), self.w("store"), self.w("count_date"), self.w("count_period"),
                      self.w("lines"), self.w("book_value"), self.w("counted_value"), self.w("difference"),
                      self.w("losses"), self.w("gains"), self.w("period_sales"), self.w("shrinkage_pct"),
                      self.w("check")])
        first = self.row
        for i, (_, s) in enumerate(rec.stores.iterrows()):
            band = i % 2 == 1
            self.store_rows[s["store"]] = self.row
            self._store_row(s, band)
        self.total_row = self.row
        self._total_row(first, self.row - 1)
        for _, s in rec.stores.iterrows():
            if s["no_cost_lines"]:
                self.note(self.w("no_cost_note", store=self.store_label(s["store"]), lines=int(s["no_cost_lines"])))

    def _store_row(self, s, band) -> None:
        ws, f, r, pack = self.ws, self.f, self.row, self.pack
        txt, money = f.text(band), self.money(band)
        code = cell(r, 1)
        ws.write_string(r, 0, self.rec.store_names.get(s["store"], s["store"]), txt)
        ws.write_string(r, 1, str(s["store"]), txt)
        ws.write_string(r, 2, ", ".join(pd.Timestamp(d).strftime("%Y-%m-%d") for d in s["count_dates"]), txt)
        ws.write_string(r, 3, _period_text(s["count_period_first"], s["count_period_last"]), txt)
        complete = s["no_cost_lines"] == 0 and self.detail is not None
        if self.detail:
            pack.write_formula(ws, r, 4, "=COUNTIFS({},{})".format(column_range(self.detail, "store", self.n), code),
                               float(s["lines"]), f.number("count", band))
        else:
            pack.write_value(ws, r, 4, s["lines"], f.number("count", band))
        sums = [(5, "book_value", "", s["book_value"]), (6, "counted_value", "", s["counted_value"]),
                (7, "difference", "", s["shrink_value"]),
                (8, "difference", ',{},">0"'.format(column_range(self.detail, "difference", self.n))
                 if self.detail else "", s["loss_value"]),
                (9, "difference", ',{},"<0"'.format(column_range(self.detail, "difference", self.n))
                 if self.detail else "", s["gain_value"])]
        for col, column, extra, cached in sums:
            if complete:
                sign = "-" if col == 9 else ""
                pack.write_formula(ws, r, col, f"={sign}{self.sumifs(column, code, extra)}", cached, money)
            else:
                pack.write_value(ws, r, col, cached, money)
        pack.write_value(ws, r, 10, s["count_period_sales"], money)
        self._pct_and_check(r, s["shrinkage_pct"], self.rec.default_tolerance, band)
        self.row += 1

    def _pct_and_check(self, r, pct, tolerance, band, col=11) -> None:
        """Shrinkage % (live: difference ÷ sales) and the verdict against the tolerance."""
        ws, f = self.ws, self.f
        diff, sales = cell(r, 7), cell(r, 10)
        self.pack.write_formula(ws, r, col, f'=IF(OR({diff}="",{sales}="",{sales}=0),"",{diff}/{sales}*100)', pct,
                                f.number("pct", band))
        self._verdict(r, col + 1, pct, tolerance)

    def _verdict(self, r, col, pct, tolerance) -> None:
        if pct is None or (isinstance(pct, float) and math.isnan(pct)):
            self.ws.write_string(r, col, self.w("unknown"), self.f.status("none"))
        elif pct > tolerance:
            self.ws.write_string(r, col, self.w("over"), self.f.status("red"))
        else:
            self.ws.write_string(r, col, self.w("within"), self.f.status("green"))

    def _total_row(self, first, last) -> None:
        ws, pack, t = self.ws, self.pack, self.rec.total
        r = self.row
        money = self.money(total=True)
        ws.write_string(r, 0, self.w("all_stores"), self.total_text())
        for col in (1, 2):
            ws.write_blank(r, col, None, self.total_text())
        ws.write_string(r, 3, _period_text(t["count_period_first"], t["count_period_last"]), self.total_text())
        pack.write_formula(ws, r, 4, f"=SUM({cell(first, 4)}:{cell(last, 4)})", float(t["lines"]),
                           self.f.get(bold=True, num_format="#,##0", border=1, border_color="#BFBFBF", top=2,
                                      top_color="#1F3864", bg_color="#D9E1F2"))
        for col, key in ((5, "book_value"), (6, "counted_value"), (7, "shrink_value"), (8, "loss_value"),
                         (9, "gain_value")):
            if t[key] is None:
                pack.write_value(ws, r, col, None, money)
            else:
                pack.write_formula(ws, r, col, f"=SUM({cell(first, col)}:{cell(last, col)})", t[key], money)
        pack.write_value(ws, r, 10, t["count_period_sales"], money)
        diff, sales = cell(r, 7), cell(r, 10)
        pack.write_formula(ws, r, 11, f'=IF(OR({diff}="",{sales}="",{sales}=0),"",{diff}/{sales}*100)',
                           t["shrinkage_pct"], self.f.get(bold=True, num_format=self.f.number("pct").num_format,
                                                          border=1, border_color="#BFBFBF", top=2,
                                                          top_color="#1F3864", bg_color="#D9E1F2"))
        self._verdict(r, 12, t["shrinkage_pct"], self.rec.default_tolerance)
        self.row += 1

    # ------------------------------------------------------------ control
    def control(self) -> None:
        ws, f, pack, rec = self.ws, self.f, self.pack, self.rec
        self.section(self.w("control"))
        lines_total = rec.lines["shrink"].sum(min_count=1) if not rec.lines["shrink"].isna().any() else None
        stores = [self.store_rows[s] for s in rec.stores["store"]]
        store_values = rec.stores["shrink_value"]
        stores_total = None if store_values.isna().any() else float(store_values.sum())
        pack_total = rec.total["shrink_value"]
        rows = []
        r = self.row
        label = f.text()
        ws.merge_range(r, 0, r, 6, self.w("sum_lines"), label)
        if self.detail and lines_total is not None:
            pack.write_formula(ws, r, 7, "=SUM({})".format(column_range(self.detail, "difference", self.n)),
                               float(lines_total), self.money())
        else:
            pack.write_value(ws, r, 7, lines_total, self.money())
        rows.append(cell(r, 7))
        r += 1
        ws.merge_range(r, 0, r, 6, self.w("sum_stores"), label)
        refs = ",".join(cell(x, 7) for x in stores)
        if stores_total is not None:
            pack.write_formula(ws, r, 7, f"=SUM({refs})", stores_total, self.money())
        else:
            pack.write_value(ws, r, 7, None, self.money())
        rows.append(cell(r, 7))
        r += 1
        ws.merge_range(r, 0, r, 6, self.w("pack_total"), label)
        pack.write_value(ws, r, 7, pack_total, self.money())
        rows.append(cell(r, 7))
        self._pack_total_cell = cell(r, 7, True, True)
        r += 1
        values = [lines_total, stores_total, pack_total]
        ok = all(v is not None for v in values) and abs(values[0] - values[1]) < _TOLERANCE \
            and abs(values[1] - values[2]) < _TOLERANCE
        ws.merge_range(r, 0, r, 6, self.w("ties"), f.text(bold=True))
        a, b, c = rows
        pack.write_formula(ws, r, 7, '=IF(OR({a}="",{b}="",{c}=""),"{no}",IF(AND(ABS({a}-{b})<{t},ABS({b}-{c})<{t}),'
                                     '"{ok}","{no}"))'.format(a=a, b=b, c=c, t=_TOLERANCE, ok=self.w("ok"),
                                                              no=self.w("mismatch")),
                           self.w("ok") if ok else self.w("mismatch"), f.status("green" if ok else "red"))
        self.row = r + 1

    # ------------------------------------------------------------ selling price
    def retail(self) -> None:
        rec = self.rec
        if rec.total["priced_lines"] == 0:
            return
        ws, f, pack = self.ws, self.f, self.pack
        self.section(self.w("at_retail"))
        self.headers([self.w("store_name"), self.w("store"), self.w("priced_lines"), self.w("lines"),
                      self.w("book_retail"), self.w("counted_retail"), self.w("diff_retail")])
        rows = [(self.rec.store_names.get(s["store"], s["store"]), s["store"], s) for _, s in rec.stores.iterrows()]
        rows.append((self.w("all_stores"), "", rec.total))
        for i, (name, code, s) in enumerate(rows):
            total = code == ""
            band = i % 2 == 1
            txt = self.total_text() if total else f.text(band)
            count = f.number("count", band)
            ws.write_string(self.row, 0, name, txt)
            ws.write_string(self.row, 1, str(code), txt)
            pack.write_value(ws, self.row, 2, s["priced_lines"], count)
            pack.write_value(ws, self.row, 3, s["lines"], count)
            for col, key in ((4, "book_retail"), (5, "counted_retail"), (6, "shrink_retail")):
                pack.write_value(ws, self.row, col, s[key], self.money(band, total))
            self.row += 1

    # ------------------------------------------------------------ roll-forward
    def rollforward(self) -> None:
        rec = self.rec
        self.section(self.w("rollforward"))
        stores = list(rec.stores["store"])
        possible = [s for s in stores if rec.rollforward[s].possible]
        if possible:
            total = rec.total_rollforward()
            columns = [(s, rec.rollforward[s]) for s in possible] + ([("", total)] if total else [])
            for start in range(0, len(columns), 10):
                self._rollforward_block(columns[start:start + 10])
        blocked = [s for s in stores if not rec.rollforward[s].possible]
        if blocked:
            if possible:
                self.note(self.w("rf_not_possible"))
            seen = []
            for s in blocked:
                for text in rec.rollforward[s].note_texts(self.lang):
                    if text not in seen:
                        seen.append(text)
            for text in seen:
                self.note(text)

    def _rollforward_block(self, columns) -> None:
        ws, f, pack = self.ws, self.f, self.pack
        self.headers([self.w("rf_item")] + [self.store_label(s) if s else self.w("all_stores") for s, _ in columns])
        reasons = [r for r in REASONS if any(r in fw.known_by_reason for _, fw in columns)]
        top = self.row
        labels = [self.w("opening"), self.w("opening_from"), self.w("receipts"), self.w("cogs")]
        labels += [self.w(f"adjust_{r}") for r in reasons]
        n_adj = len(reasons)
        r_open, r_src, r_rec, r_cogs = top, top + 1, top + 2, top + 3
        r_adj = list(range(top + 4, top + 4 + n_adj))
        r_exp = top + 4 + n_adj
        r_cnt, r_unk, r_known, r_book, r_bdiff = r_exp + 1, r_exp + 2, r_exp + 3, r_exp + 4, r_exp + 5
        labels += [self.w("expected"), self.w("counted"), self.w("unknown_loss"), self.w("known_loss"),
                   self.w("book_stock"), self.w("book_difference")]
        for i, text in enumerate(labels):
            strong = top + i in (r_exp, r_unk)
            ws.write_string(top + i, 0, text, self.total_text() if strong else f.text(i % 2 == 1))
        for c, (_, fw) in enumerate(columns, start=1):
            if fw.opening_source in ("count", "inventory"):
                key = "source_count" if fw.opening_source == "count" else "source_book"
                source = self.w(key, date=fw.opening_date.strftime("%Y-%m-%d"))
            else:
                source = ""
            ws.write_string(r_src, c, source, f.text(r_src % 2 == 1, align="right", font_size=8))
        for c, (store, fw) in enumerate(columns, start=1):
            for r, value in ((r_open, fw.opening_value), (r_rec, fw.receipts_value), (r_cogs, fw.cogs)):
                pack.write_value(ws, r, c, value, self.money(r % 2 == 1))
            for r, reason in zip(r_adj, reasons):
                pack.write_value(ws, r, c, fw.known_by_reason.get(reason, 0.0), self.money(r % 2 == 1))
            adj = f"SUM({cell(r_adj[0], c)}:{cell(r_adj[-1], c)})" if reasons else "0"
            o, rc, cg = cell(r_open, c), cell(r_rec, c), cell(r_cogs, c)
            pack.write_formula(ws, r_exp, c, f"={o}+{rc}-{cg}-{adj}", fw.expected_closing, self.money(total=True))
            store_row = self.store_rows.get(store, self.total_row)
            pack.write_formula(ws, r_cnt, c, f"={cell(store_row, 6)}", fw.counted_value, self.money())
            pack.write_formula(ws, r_unk, c, f"={cell(r_exp, c)}-{cell(r_cnt, c)}", fw.unknown_loss,
                               self.money(total=True))
            pack.write_formula(ws, r_known, c, f"={adj}", fw.known_loss, self.money())
            if fw.book_value is None:
                pack.write_value(ws, r_book, c, None, self.money())
                pack.write_value(ws, r_bdiff, c, None, self.money())
            else:
                pack.write_formula(ws, r_book, c, f"={cell(store_row, 5)}", fw.book_value, self.money())
                pack.write_formula(ws, r_bdiff, c, f"={o}+{rc}-{cg}-{cell(r_book, c)}", fw.book_difference,
                                   self.money())
        self.row = r_bdiff + 1
        self.note(self.w("book_difference_note"))

    # ------------------------------------------------------------ journal
    def journal(self) -> None:
        rec, ws, f, pack = self.rec, self.ws, self.f, self.pack
        self.section(self.w("journal"))
        if not rec.journal:
            self.note(self.w("no_journal"))
            return
        self.note(self.w("journal_note"))
        self.headers([self.w("account"), self.w("entry"), self.w("date"), self.w("department"), self.w("debit"),
                      self.w("credit")])
        self.ws.merge_range(self.row - 1, 6, self.row - 1, 9, self.w("memo"), f.header())
        expense, inventory = self.w("acct_shrinkage"), self.w("acct_inventory")
        first = self.row
        date_fmt = f.get(num_format="yyyy-mm-dd", border=1, border_color="#BFBFBF", align="center")
        for n, entry in enumerate(rec.journal, start=1):
            diff = cell(self.store_rows[entry["store"]], 7)
            day = pd.Timestamp(entry["date"])
            memo = self.w("memo_loss" if entry["shrink_value"] > 0 else "memo_gain", date=day.strftime("%Y-%m-%d"))
            lines = [(expense, f"=MAX({diff},0)", f"=MAX(-{diff},0)"),
                     (inventory, f"=MAX(-{diff},0)", f"=MAX({diff},0)")]
            if entry["shrink_value"] < 0:
                lines.reverse()
            for account, debit, credit in lines:
                r = self.row
                ws.write_string(r, 0, account, f.text())
                ws.write_number(r, 1, n, f.number("count"))
                ws.write_datetime(r, 2, day.to_pydatetime(), date_fmt)
                ws.write_string(r, 3, str(entry["store"]), f.text())
                is_debit = (account == expense) == (entry["shrink_value"] > 0)
                amount = entry["amount"]
                pack.write_formula(ws, r, 4, debit, amount if is_debit else 0.0, self.money())
                pack.write_formula(ws, r, 5, credit, 0.0 if is_debit else amount, self.money())
                ws.merge_range(r, 6, r, 9, f"{memo} {self.store_label(entry['store'])}", f.text())
                self.row += 1
        last = self.row - 1
        r = self.row
        debit_total = sum(e["amount"] for e in rec.journal)
        ws.write_string(r, 0, self.w("journal_total"), self.total_text())
        for col in (1, 2, 3):
            ws.write_blank(r, col, None, self.total_text())
        for col in (4, 5):
            pack.write_formula(ws, r, col, f"=SUM({cell(first, col)}:{cell(last, col)})", debit_total,
                               self.money(total=True))
        self.row += 1
        net = sum(e["shrink_value"] for e in rec.journal)
        pack_total = rec.total["shrink_value"]
        ok = pack_total is not None and abs(net - pack_total) < _TOLERANCE
        accounts = f"{cell(first, 0, True, True)}:{cell(last, 0, True, True)}"
        net_formula = "SUMIF({a},\"{e}\",{d})-SUMIF({a},\"{e}\",{c})".format(
            a=accounts, e=expense.replace('"', '""'), d=f"{cell(first, 4)}:{cell(last, 4)}",
            c=f"{cell(first, 5)}:{cell(last, 5)}")
        ws.merge_range(self.row, 0, self.row, 3, self.w("balanced"), f.text(bold=True))
        pack_ref = self._pack_total_cell
        pack.write_formula(ws, self.row, 4, '=IF(AND(ABS({d}-{c})<{t},ABS({net}-{p})<{t}),"{ok}","{no}")'.format(
            d=cell(r, 4), c=cell(r, 5), net=net_formula, p=pack_ref, t=_TOLERANCE, ok=self.w("ok"),
            no=self.w("mismatch")), self.w("ok") if ok else self.w("mismatch"), f.status("green" if ok else "red"))
        self.row += 1

    # ------------------------------------------------------------ categories
    def categories(self) -> None:
        rec = self.rec
        cats = rec.categories
        heads = [self.w("category"), self.w("store"), self.w("lines"), self.w("book_value"), self.w("counted_value"),
                 self.w("difference"), self.w("category_sales"), self.w("shrinkage_pct"), self.w("tolerance"),
                 self.w("check")]
        self.section(self.w("breaches"))
        breaches = rec.breaches.assign(over=lambda d: d["shrinkage_pct"] - d["tolerance_pct"])
        breaches = breaches.sort_values(["over", "store"], ascending=[False, True])
        if breaches.empty:
            self.note(self.w("no_breaches"))
        else:
            self.headers(heads + [self.w("over_by")])
            for i, (_, c) in enumerate(breaches.iterrows()):
                self._category_row(c, i % 2 == 1, over=True)
        self.section(self.w("by_category"))
        self.headers(heads)
        ordered = pd.concat([cats[cats["store"] != "total"], cats[cats["store"] == "total"]])
        for i, (_, c) in enumerate(ordered.iterrows()):
            self._category_row(c, i % 2 == 1)

    def _category_row(self, c, band, over=False) -> None:
        ws, f, pack, r = self.ws, self.f, self.pack, self.row
        total = c["store"] == "total"
        txt = f.text(band, bold=True) if total else f.text(band)
        ws.write_string(r, 0, c["category"] or self.w("no_category"), txt)
        ws.write_string(r, 1, self.w("all_stores") if total else str(c["store"]), txt)
        pack.write_value(ws, r, 2, c["lines"], f.number("count", band))
        for col, key in ((3, "book_value"), (4, "counted_value"), (5, "shrink_value"), (6, "count_period_sales")):
            pack.write_value(ws, r, col, c[key], self.money(band))
        diff, sales = cell(r, 5), cell(r, 6)
        pack.write_formula(ws, r, 7, f'=IF(OR({diff}="",{sales}="",{sales}=0),"",{diff}/{sales}*100)',
                           c["shrinkage_pct"], f.number("pct", band))
        pack.write_value(ws, r, 8, c["tolerance_pct"], f.number("pct", band))
        self._verdict(r, 9, c["shrinkage_pct"], c["tolerance_pct"])
        if over:
            pack.write_formula(ws, r, 10, f"={cell(r, 7)}-{cell(r, 8)}", c["shrinkage_pct"] - c["tolerance_pct"],
                               f.get(num_format='0.0" pt"', border=1, border_color="#BFBFBF"))
        self.row += 1

    # ------------------------------------------------------------ line lists
    def line_lists(self) -> None:
        rec = self.rec
        qty = qty_format(pd.concat([rec.lines["book_qty"], rec.lines["counted_qty"]]))
        self.section(self.w("top_losses", n=len(rec.top_losses)) if len(rec.top_losses) else
                     self.w("top_losses", n=20))
        self._lines(rec.top_losses, qty, "loss_value", ranked=True)
        gains = rec.gains
        self.section(f"{self.w('gain_lines')} ({len(gains)})")
        self._lines(gains.head(GAINS_SHOWN), qty, "gain_value")
        if len(gains) > GAINS_SHOWN:
            self.note(self.w("gains_more", shown=GAINS_SHOWN, total=len(gains)))
        self.section(f"{self.w('not_on_books')} ({len(rec.not_on_books)})")
        self._lines(rec.not_on_books, qty, "value")
        no_cost = rec.lines[rec.lines["unit_cost"].isna()]
        if len(no_cost):
            self.section(f"{self.w('no_cost_lines')} ({len(no_cost)})")
            self._lines(no_cost, qty, "value")
        self.section(f"{self.w('not_counted')} ({len(rec.not_counted)})")
        self._not_counted(qty)

    def _lines(self, frame: pd.DataFrame, qty: str, value_key: str, ranked: bool = False) -> None:
        if frame.empty:
            self.note(self.w("none"))
            return
        ws, f, pack = self.ws, self.f, self.pack
        self.headers([self.w("product"), self.w("store"), self.w("sku"), self.w("category"), self.w("book_qty"),
                      self.w("counted_qty"), self.w("diff_qty"), self.w("unit_cost"), self.w(value_key),
                      self.w("detail_row")])
        for k, (idx, line) in enumerate(frame.iterrows()):
            band = k % 2 == 1
            r = self.row
            txt = f.text(band)
            num = f.get(num_format=qty, border=1, border_color="#BFBFBF", bg_color="#F2F2F2" if band else "#FFFFFF")
            product = _text(line.get("product"))
            label = f"{k + 1}. {product}" if ranked else product
            ws.write_string(r, 0, label, txt)
            ws.write_string(r, 1, str(line["store"]), txt)
            ws.write_string(r, 2, str(line["sku"]), txt)
            ws.write_string(r, 3, line["category"] or self.w("no_category"), txt)
            pack.write_value(ws, r, 4, line["book_qty"], num)
            pack.write_value(ws, r, 5, line["counted_qty"], num)
            pack.write_value(ws, r, 6, line["diff_qty"], num)
            pack.write_value(ws, r, 7, line["unit_cost"], self.money(band))
            value = line["shrink"]
            if value_key == "gain_value" and pd.notna(value):
                value = -value
            if value_key == "value":
                value = line["counted_value"]
            pack.write_value(ws, r, 8, value, self.money(band))
            n = int(idx)  # the detail sheet lists rec.lines in order
            if self.detail:
                target = "internal:'{}'!A{}".format(self.detail.replace("'", "''"), line_row(n) + 1)
                ws.write_url(r, 9, target, f.get(font_color="#0563C1", underline=1, border=1, border_color="#BFBFBF"),
                             string=self.w("go_row", row=line_row(n) + 1))
            else:
                ws.write_string(r, 9, f"{line['_file']} {line['_sheet']} {int(line['_row'])}", txt)
            self.row += 1

    def _not_counted(self, qty: str) -> None:
        frame = self.rec.not_counted
        if frame.empty:
            self.note(self.w("none"))
            return
        ws, f, pack = self.ws, self.f, self.pack
        self.headers([self.w("product"), self.w("store"), self.w("sku"), self.w("category"), self.w("snapshot"),
                      self.w("book_qty"), self.w("unit_cost"), self.w("value"), self.w("file"), self.w("row")])
        date_fmt = f.get(num_format="yyyy-mm-dd", border=1, border_color="#BFBFBF", align="center")
        for k, (_, line) in enumerate(frame.iterrows()):
            band = k % 2 == 1
            r = self.row
            txt = f.text(band)
            ws.write_string(r, 0, _text(line.get("product")), txt)
            ws.write_string(r, 1, str(line["store"]), txt)
            ws.write_string(r, 2, str(line["sku"]), txt)
            ws.write_string(r, 3, _text(line.get("category")) or self.w("no_category"), txt)
            ws.write_datetime(r, 4, pd.Timestamp(line["date"]).to_pydatetime(), date_fmt)
            pack.write_value(ws, r, 5, line["on_hand"], f.get(num_format=qty, border=1, border_color="#BFBFBF"))
            pack.write_value(ws, r, 6, line["unit_cost"], self.money(band))
            pack.write_value(ws, r, 7, line["book_value"], self.money(band))
            ws.write_string(r, 8, f"{line['_file']} [{line['_sheet']}]", txt)
            pack.write_value(ws, r, 9, line["_row"], f.number("count", band))
            self.row += 1


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _period_text(first: str, last: str) -> str:
    return first if first == last else f"{first} – {last}"


def _pct_text(value: float) -> str:
    return f"{value:g}"
