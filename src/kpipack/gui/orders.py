"""The order list tab: what to order today (staple and seasonal lists), the
stock alerts with their actions, and how far the sales forecast can be
trusted; the buyer's order workbook is saved from here."""
from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QVBoxLayout, QWidget)

from .actions import Cell, RowsModel, table_view
from .i18n import tr

VIEWS = ("staple", "seasonal", "alerts")
ALERT_COLOURS = {"stockout_risk": "#FFC7CE", "markdown_candidate": "#FFEB9C", "overstock": "#FFEB9C",
                 "dead_stock": "#E7E6E6"}


def _number(value, digits: int = 0) -> str:
    if value is None:
        return "–"
    try:
        value = float(value)
    except (TypeError, ValueError):
        return "–"
    return "–" if math.isnan(value) else f"{value:,.{digits}f}"


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


class OrdersView(QWidget):
    saved = Signal(Path)
    save_failed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "en"
        self.res = None
        self.company = ""
        self._stale = False  # results shown while the tab was hidden, not yet in the table
        self.start_task = None  # the window's run_task, set by the window
        self.intro = QLabel()
        self.intro.setObjectName("hint")
        self.intro.setWordWrap(True)
        self.choice = QComboBox()
        self.choice.currentIndexChanged.connect(lambda _: self._fill())
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.ask_save)
        bar = QHBoxLayout()
        bar.addWidget(self.choice)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        # a model whose rows are made as the view draws them: a chain's thousands of
        # pairs fill as fast as a shop's few dozen
        self.model = RowsModel(1, self)
        self.table = table_view(self.model)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setResizeContentsPrecision(200)  # widths from the first rows, not all
        self.accuracy = QLabel()
        self.accuracy.setObjectName("hint")
        self.accuracy.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addWidget(self.intro)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.accuracy)

    # ------------------------------------------------------------ results
    @property
    def rep(self):
        return None if self.res is None else self.res.comp.replenishment

    def show_results(self, res) -> None:
        self.res = res
        self._refresh()

    def _refresh(self) -> None:
        self._stale = True
        if self.isVisible():  # else when the tab is shown: a preview need not wait on a hidden table
            self._fill()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self._fill()

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        index = max(self.choice.currentIndex(), 0)
        self.choice.blockSignals(True)
        self.choice.clear()
        for key in VIEWS:
            self.choice.addItem(tr(f"orders_view_{key}", lang), key)
        self.choice.setCurrentIndex(index)
        self.choice.blockSignals(False)
        self.save_button.setText(tr("orders_save", lang))
        self.save_button.setToolTip(tr("orders_save_tip", lang))
        self._refresh()

    def _fill(self) -> None:
        self._stale = False
        rep, lang = self.rep, self.lang
        self.save_button.setEnabled(rep is not None)
        if rep is None:
            self.model.set_rows([], None)
            self.intro.setText(tr("orders_none", lang) if self.res is not None else "")
            self.accuracy.clear()
            return
        from ..report.orders import alert_rows, seasonal_rows, staple_rows, word  # pandas: loaded once results exist

        view = self.choice.currentData() or "staple"
        rows = rep.rows
        self.intro.setText(tr("orders_intro", lang, as_of=rep.as_of, staple=len(staple_rows(rows)),
                              seasonal=len(seasonal_rows(rows)), alerts=int(rows["flags"].map(len).sum())))
        if view == "alerts":
            keys = ("alert", "store", "sku", "product", "figure", "action")

            def make(a):
                product = _text(a["product"])
                return [Cell(a["alert"], fill=ALERT_COLOURS[a["flag"]]), Cell(a["store"]), Cell(a["sku"]),
                        Cell(product, tip=product), Cell(a["why"]), Cell(a["action"])]
            items = alert_rows(rep, lang, self.res.currency)
        else:
            frame = staple_rows(rows) if view == "staple" else seasonal_rows(rows)
            keys = ("supplier", "store", "sku", "product", "on_hand", "on_order", "avg_daily", "lead_time",
                    "reorder_point" if view == "staple" else "days_left", "forecast_28d", "recommended")
            fifth = ("reorder_point", 1) if view == "staple" else ("days_left", 0)
            # each column as a list once (vectorised); a row's cells are made only when drawn
            texts = [frame[c].tolist() if c in frame else [None] * len(frame)
                     for c in ("supplier", "store", "sku", "product")]
            figures = [(frame[c].tolist() if c in frame else [None] * len(frame), digits) for c, digits in (
                ("on_hand", 0), ("on_order", 0), ("avg_daily", 2), ("lead_time_days", 0), fifth,
                ("forecast_28d", 0), ("order_qty", 0))]

            def make(i):
                cells = [Cell(_text(column[i])) for column in texts]
                cells[3].tip = cells[3].text  # shortened where the column is narrow
                return cells + [Cell(_number(column[i], digits), right=True) for column, digits in figures]
            items = range(len(frame))
        self.model.set_rows(items, make, columns=len(keys))
        self.model.set_headers([word(k, lang) for k in keys])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(view == "alerts")  # the action's words
        if view != "alerts":  # the product name takes the room left, so the recommended quantity stays in view
            header.setSectionResizeMode(keys.index("product"), QHeaderView.ResizeMode.Stretch)
        overall = rep.accuracy[0] if rep.accuracy else None
        if overall and overall["wape_pct"] is not None and overall["naive_wape_pct"] is not None:
            self.accuracy.setText(tr("orders_accuracy", lang, wape=overall["wape_pct"],
                                     naive=overall["naive_wape_pct"], pairs=overall["pairs"]))
        else:
            self.accuracy.clear()

    # ------------------------------------------------------------ saving
    def ask_save(self) -> None:
        rep = self.rep
        if rep is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, tr("orders_save", self.lang), f"orders-{rep.as_of}.xlsx",
                                              "Excel (*.xlsx)")
        if name:
            self.save(Path(name))

    def save(self, path: Path):
        """Write the order workbook in the background (see order_book.py);
        `saved` or `save_failed` tells how it went. Returns the job."""
        from .order_book import order_book_job
        from .worker import Job

        job = Job("order_list", order_book_job(self.rep, Path(path), self.lang, self.res.currency, self.company),
                  self)
        job.succeeded.connect(self.saved.emit)
        job.failed.connect(self.save_failed.emit)
        if self.start_task is not None:  # the window's: progress and Cancel in its status bar
            return self.start_task(job, "writing_orders")
        from .worker import JobRunner

        self._runner = getattr(self, "_runner", None) or JobRunner(self)
        self._runner.start(job)
        return job
