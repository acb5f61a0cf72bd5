"""A daily report's sales kept by payment or by channel, a column each (現金売上 |
カード売上, 店内売上 | テイクアウト売上, Cash sales | Card sales) and no column
of all sales: the day's sales are their sum, each column read as an amount
is, and the import report names the columns summed. A column of all sales
beside them (売上, 合計 read as the sale) is the one read. Payments hold what
the customer paid, tax included where prices are: the pack says the sales'
tax is not told, as for any amount whose header does not say."""
from __future__ import annotations

from .column_parts import parts_of, rest_after_kind
from .headers import normalise
from .total_parts import is_total

# a payment or a channel before or after the sales word (headers normalised)
KINDS = ("クレジットカード", "クレジット", "カード", "電子マネー", "qr決済", "コード決済", "qr", "現金", "商品券",
         "イートイン", "店内", "テイクアウト", "持ち帰り", "デリバリー", "宅配", "外販", "通販", "ネット", "オンライン", "ec",
         "店頭", "creditcard", "credit", "card", "debit", "emoney", "cash", "instore", "dinein", "takeaway", "takeout",
         "delivery", "online", "web", "ecommerce")
_SALES = ("売上", "売上高", "売上金額", "売上額", "sales")


def is_part(header: object) -> bool:
    """Whether a header names the sales of one payment or channel (カード売上, Cash sales, 売上(現金))."""
    return rest_after_kind(header, KINDS) in _SALES


def columns(headers: list[str], taken: dict[int, str]) -> list[int]:
    """The columns of sales by payment or channel, two or more, where no column of
    all sales is read (one of them read as the amount, as a remembered mapping
    has it, leads them)."""
    return parts_of(headers, taken, "net_sales", is_part)


def total_of_payments(headers: list[str], body: list[list[object]] | None, taken: dict[int, str]) -> int | None:
    """A total column (合計, Total) equal on every sampled row to the sum of two
    or more columns of payments or channels (現金 | クレジット | 電子マネー |
    合計): the day's sales, read so; None where there is none, or a column of
    all sales is read already. A journal's 合計 beside 預り and 釣銭 is not
    their sum: never taken so."""
    import numpy as np  # noqa: PLC0415
    import pandas as pd  # noqa: PLC0415

    from .clean import clean_number  # noqa: PLC0415

    if not body or "net_sales" in taken.values():
        return None
    kinds = [c for c, h in enumerate(headers) if c not in taken and (normalise(h) in KINDS or is_part(h))]
    totals = [c for c, h in enumerate(headers) if c not in taken and is_total(h)]
    if len(kinds) < 2 or len(totals) != 1:
        return None

    def cells(col: int) -> pd.Series:
        return pd.Series([row[col] if col < len(row) else None for row in body], dtype=object)

    total, _ = clean_number(cells(totals[0]))
    rows, summed = total.notna(), 0.0
    for col in kinds:  # a blank payment is none of it; one that is no number: no sum to check
        paid, wrong = clean_number(cells(col))
        if (wrong & rows).any():
            return None
        summed = summed + paid.fillna(0.0)
    return totals[0] if rows.any() and np.allclose(summed[rows], total[rows], rtol=0, atol=0.01) else None
