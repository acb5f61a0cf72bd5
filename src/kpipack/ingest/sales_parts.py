"""A daily report's sales kept by payment or by channel, a column each (現金売上 |
カード売上, 店内売上 | テイクアウト売上, Cash sales | Card sales) and no column
of all sales: the day's sales are their sum, each column read as an amount
is, and the import report names the columns summed. A column of all sales
beside them (売上, 合計 read as the sale) is the one read. Payments hold what
the customer paid, tax included where prices are: the pack says the sales'
tax is not told, as for any amount whose header does not say."""
from __future__ import annotations

from .headers import normalise

# a payment or a channel before or after the sales word (headers normalised)
KINDS = ("クレジットカード", "クレジット", "カード", "電子マネー", "qr決済", "コード決済", "qr", "現金", "商品券",
         "イートイン", "店内", "テイクアウト", "持ち帰り", "デリバリー", "宅配", "外販", "通販", "ネット", "オンライン", "ec",
         "店頭", "creditcard", "credit", "card", "debit", "emoney", "cash", "instore", "dinein", "takeaway", "takeout",
         "delivery", "online", "web", "ecommerce")
_SALES = ("売上", "売上高", "売上金額", "売上額", "sales")


def is_part(header: object) -> bool:
    """Whether a header names the sales of one payment or channel (カード売上, Cash sales, 売上(現金))."""
    name = normalise(header)
    for kind in KINDS:
        rest = name.removeprefix(kind) if name.startswith(kind) else name.removesuffix(kind) \
            if name.endswith(kind) else None
        if rest in _SALES:
            return True
    return False


def columns(headers: list[str], taken: dict[int, str]) -> list[int]:
    """The columns of sales by payment or channel, two or more, where no column of
    all sales is read (one of them read as the amount, as a remembered mapping
    has it, leads them)."""
    return parts_of(headers, taken, "net_sales", is_part)


def parts_of(headers: list[str], taken: dict[int, str], fld: str, is_one) -> list[int]:
    """Two or more columns `is_one` says are parts of `fld`, where `fld` is read
    from none or from one of them (it leads them); none where another column is `fld`."""
    read = [c for c, f in taken.items() if f == fld]
    if read and not is_one(headers[read[0]]):
        return []
    found = read + [c for c, h in enumerate(headers) if c not in taken and is_one(h)]
    return found if len(found) > 1 else []
