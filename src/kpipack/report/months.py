"""Which months a trend shows, and month cells as real dates."""
from __future__ import annotations

import datetime as dt

from ..domain import month_add

TREND_MONTHS = 13


def trend_months(comp, scope: str = "total", count: int = TREND_MONTHS) -> list[str]:
    """The `count` months to the period, starting no earlier than the scope's first month with sales."""
    wanted = [month_add(comp.period, -i) for i in range(count - 1, -1, -1)]
    with_data = [m for m in wanted if comp.value(comp.actual, "net_sales", scope, m) is not None]
    return [m for m in wanted if with_data and m >= with_data[0]]


def month_date(month: str) -> dt.datetime:
    return dt.datetime(int(month[:4]), int(month[5:7]), 1)
