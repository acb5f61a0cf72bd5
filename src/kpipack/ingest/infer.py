"""What a sheet's columns hold, judged from their values as well as their headers.

A header that is a known name of a field (the synonym table in `headers`)
says what a column is; many exports name columns otherwise ("Banked",
"RECNO", a blank header). For those, the values of the rows the reader
already previewed are looked at — a sample, never the whole column, so this
costs a millisecond or so per sheet:

- the kind of each value: dates (date cells, date text, yyyymmdd numbers, a
  run of Excel day serials), money (currency signs, decimals), small whole
  numbers (quantities), product codes (JAN/EAN/UPC with a valid check digit),
  ids, free text;
- how values repeat: a receipt number holds one value over consecutive lines
  and another on the next receipt; a receipt total is the same on every line
  of its receipt while the line amounts vary (the line amount is the sale);
- an amount that is a quantity times a price on every line;
- words inside the header ("売上金額(税込)" holds 金額, "Member no" holds member).

Each (column, field) gets a score; a column's confidence is the score of the
field it was given, less when another column could as well be that field.
Pure Python and no pandas: importing the ingest package stays light.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from statistics import median


# confidence levels (0..1)
APPLY = 0.7  # a field read from the values alone is used from here on
ASK = 0.5  # below this the values (and header words) barely point to a needed field: the column is not read
CANDIDATE = 0.4  # below this a column is not considered for a field at all
SUPPORT = 0.25  # a guess below APPLY is asked about only when its values alone score this much
SURE_SYNONYM = 0.9  # the header is a known name of this field only
SURE_SHARED_SYNONYM = 0.7  # ... of this field and another of the role
MISFIT_FACTOR = 0.5  # the header says one thing, most values another

_MISSING = {"", "-", "--", "—", "ー", "－", "―", "n/a", "na", "null", "none", "nan", "#n/a", "非会員", "不明",
            "なし", "無し", "該当なし", "guest", "ゲスト"}
_NON_MEMBER = {"非会員", "guest", "ゲスト", "non-member", "nonmember", "non member"}
_DATE_TEXT = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?"
    r"|^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})([ T]\d{1,2}:\d{2}(:\d{2})?)?"
    r"|^(令和|平成|R|H)\s*\d{1,2}[年./-]\d{1,2}[月./-]\d{1,2}", re.I)
_MONTH_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")
_TIME_TEXT = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
_CODE = re.compile(r"^[A-Za-z#]{0,4}[-:_]?[0-9A-Za-z][0-9A-Za-z\-_/.:]*$")
_GTIN_LENGTHS = (8, 12, 13, 14)
_SERIAL_MIN, _SERIAL_MAX = 29_221, 73_051  # Excel day serials of 1980-01-01 .. 2099-12-31

# Words inside a header that hint at a field (after NFKC and case-folding).
# Only a hint: a header that is a known synonym is matched exactly elsewhere.
HINTS: dict[str, tuple[str, ...]] = {
    "date": ("日付", "年月日", "日時", "date", "day", "営業日"),
    "net_sales": ("売上", "金額", "amount", "sales", "total", "合計", "revenue", "小計", "subtotal"),
    "qty": ("数量", "個数", "点数", "qty", "quantity", "units", "pcs"),
    "unit_price": ("単価", "売価", "price"),
    "sku": ("jan", "ean", "upc", "gtin", "sku", "barcode", "商品コード", "品番"),
    "receipt": ("レシート", "伝票", "取引", "会計", "receipt", "order", "transaction", "invoice", "ticket", "rec",
                "注文", "check"),
    "customer": ("会員", "顧客", "member", "customer", "client", "loyalty", "ポイント", "カード"),
    "store": ("店", "store", "shop", "outlet", "branch", "location", "拠点"),
    "product": ("商品名", "品名", "名称", "product", "item", "description", "menu", "メニュー"),
    "category": ("部門", "カテゴリ", "分類", "category", "dept", "department", "group"),
    "cost": ("原価", "cost", "cogs"),
    "gross_profit": ("粗利", "profit", "margin"),
}
_HINT_SCORE = 0.6
# A header word that puts a column out of the amount: taxes, discounts, fees,
# tips, payment columns are money but never the sale.
_NOT_SALE = ("税額", "消費税", "tax", "tip", "fee", "手数料", "discount", "値引", "割引", "change", "釣", "預",
             "cash", "card", "現金", "カード", "point", "ポイント", "refund", "返金", "deposit", "rate", "率", "%",
             "payout", "入金額",  # what a card processor paid the shop: the sale less its fee, never the sale
             "credit",  # store credit or a gift card's balance spent on an order: a payment, not the sale
             "原価", "仕入", "cost", "cogs", "purchase",  # ... and what goods cost: money, never the sale
             "shipping", "送料", "配送料", "gratuity", "チップ", "gift", "ギフト", "商品券")  # nor charges beside goods
# A header naming a number that counts or labels rows (作業NO, RefNum, BKG_NUM,
# Year, 管理番号): whole numbers, but never an amount of money
_ID_WORD = re.compile(r"(?:^|[^a-z])(?:no|nr|num|number|code|id|ref|year|yr)(?:[^a-z]|$)|番号|コード|年度")
_PERIOD_WORD = re.compile(r"(?:^|[^a-z])(?:year|yr|month|week|fy)(?:[^a-z]|$)|年度|^年$|^月$|年月")
_TAX_EXCLUDED = ("税抜", "excl", "net")
_TAX_INCLUDED = ("税込", "incl", "gross", "total collected")


@dataclass
class ColumnFacts:
    """What the sampled values of one column look like."""

    filled: int = 0  # non-empty sampled cells
    rows: int = 0  # sampled rows
    dates: int = 0  # date cells, date text, yyyymmdd numbers
    months: int = 0
    times: int = 0
    numbers: int = 0  # numeric cells or number text
    currency: int = 0  # number text with a currency sign, 円, parentheses or △
    whole: int = 0  # numbers that are whole
    gtins: int = 0  # 8/12/13/14-digit codes with a valid check digit (a one-letter prefix allowed)
    codes: int = 0  # short text without spaces holding a digit
    non_members: int = 0  # cells saying "not a member" (非会員, guest): only a member column holds them
    texts: int = 0  # anything else
    values: list = field(default_factory=list)  # the sampled values, None where empty
    numeric: list = field(default_factory=list)  # per sampled row: the number or None
    serial_dates: bool = False  # every number is an Excel day serial of a narrow span
    distinct: int = 0

    def share(self, count: int) -> float:
        return count / self.filled if self.filled else 0.0


def _nfkc(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def _gtin_ok(digits: str) -> bool:
    if len(digits) not in _GTIN_LENGTHS or not digits.isdigit() or set(digits) == {"0"}:
        return False
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def _yyyymmdd(number: float) -> bool:
    if not float(number).is_integer() or not 19_800_101 <= number <= 20_991_231:
        return False
    n = int(number)
    try:
        _dt.date(n // 10000, n // 100 % 100, n % 100)
    except ValueError:
        return False
    return True


def _as_number(text: str) -> tuple[float | None, bool]:
    """Number text as a number, read as the cleaner reads a cell
    (`clean.number_parts`), and whether it carries a currency mark (a sign, a
    word such as 円 or EUR, an accounting bracket or △). Not a number here:
    a percentage, 3万 (a scale word) or 4E+12 (an exponent, as a code shows
    in a CSV that Excel wrote)."""
    from .clean import _number_one, number_parts  # noqa: PLC0415 - pandas, once a sheet is sampled

    found = number_parts(text)
    if found is None or found["percent"] or found["scale"] or found["exponent"]:
        return None, False
    number = _number_one(text, dash_closes=False)
    if number != number:  # NaN: ABC 123, 12 pcs — letters that name no currency — or digits out of place
        return None, False
    marked = any(found[part] for part in ("before", "after", "open", "open2")) or found["sign"] in ("△", "▲")
    return number, marked


def column_facts(body: list[list[object]], col: int) -> ColumnFacts:
    facts = ColumnFacts(rows=len(body))
    seen = set()
    for row in body:
        value = row[col] if col < len(row) else None
        number = None
        if isinstance(value, str):
            value = _nfkc(value)
            if value.casefold() in _NON_MEMBER:
                facts.non_members += 1
                value = None
            elif value.casefold() in _MISSING:
                value = None
        if value is None:
            facts.values.append(None)
            facts.numeric.append(None)
            continue
        facts.filled += 1
        facts.values.append(value)
        seen.add(value)
        if isinstance(value, bool):
            facts.texts += 1
        elif isinstance(value, (_dt.date, _dt.datetime)):
            facts.dates += 1
        elif isinstance(value, (int, float)):
            number = float(value)
            facts.numbers += 1
            facts.whole += number.is_integer()
            if _yyyymmdd(number):
                facts.dates += 1
            elif number.is_integer() and _gtin_ok(str(int(number))):
                facts.gtins += 1
        else:
            text = value
            if _DATE_TEXT.match(text):
                facts.dates += 1
            elif _MONTH_TEXT.match(text):
                facts.months += 1
            elif _TIME_TEXT.match(text):
                facts.times += 1
            else:
                number, marked = _as_number(text)
                if number is not None:
                    facts.numbers += 1
                    facts.currency += marked
                    facts.whole += number.is_integer() and "." not in text
                    bare = text.lstrip("+")
                    if bare.isdigit() and len(bare) == 8 and _yyyymmdd(number):
                        facts.dates += 1
                    elif bare.isdigit() and (_gtin_ok(bare) or bare.startswith("0")):
                        facts.gtins += _gtin_ok(bare)
                        facts.codes += 1
                        number = None if bare.startswith("0") and len(bare) > 1 else number
                elif _gtin_ok(text[1:]) and text[0].isalpha():
                    facts.gtins += 1
                    facts.codes += 1
                elif _CODE.match(text) and any(ch.isdigit() for ch in text) and len(text) <= 40:
                    facts.codes += 1
                else:
                    facts.texts += 1
        facts.numeric.append(number)
    facts.distinct = len(seen)
    nums = [n for n in facts.numeric if n is not None]
    if nums and len(nums) == facts.filled and all(_SERIAL_MIN <= n <= _SERIAL_MAX for n in nums) \
            and max(nums) - min(nums) <= 3_700 and facts.dates == 0:
        facts.serial_dates = True
    return facts


def runs(values: list) -> list[tuple[int, int]]:
    """(start, end) of each run of one value over consecutive sampled rows (empty rows end no run)."""
    out, start, current = [], None, None
    for i, value in enumerate(values):
        if value is None:
            continue
        if start is None or value != current:
            if start is not None:
                out.append((start, last))
            start, current = i, value
        last = i
    if start is not None:
        out.append((start, last))
    return out


def _looks_like_receipt(facts: ColumnFacts) -> float:
    """A receipt number: ids that hold one value over consecutive lines (a
    receipt's lines) and never come back once the next receipt starts."""
    if facts.filled < 4 or facts.texts > facts.filled * 0.2 or facts.dates or facts.serial_dates:
        return 0.0
    nums = [n for n in facts.numeric if n is not None]
    if facts.currency or facts.whole < facts.numbers or any(abs(n) < 100 for n in nums):
        return 0.0  # amounts, rates, small counts: not numbers that name a receipt
    spans = runs(facts.values)
    values = [facts.values[s] for s, _ in spans]
    if len(spans) < 2 or len(set(values)) < len(values):
        return 0.0  # one receipt only, or a value comes back: a store, a category, a member
    multi = sum(1 for s, e in spans if e > s)
    if multi == 0:
        return 0.3  # one line per receipt: could be any id
    return 0.55


@dataclass
class Evidence:
    """Scores per (column, field) from the values and header words, and what the values say."""

    facts: list[ColumnFacts]
    scores: dict[int, dict[str, float]]  # column -> field -> content + word score (0..1)
    content: dict[int, dict[str, float]]  # the same from the values alone
    receipt_totals: set[int] = field(default_factory=set)  # columns constant within each receipt while lines vary
    receipt_column: int | None = None
    # (column, the field `fill` gave it) -> its closest rival for that field:
    # (rival column, the rival's confidence were it chosen, how many columns compete)
    rivals: dict[tuple[int, str], tuple[int, float, int]] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)

    def score(self, col: int, fld: str) -> float:
        return self.scores.get(col, {}).get(fld, 0.0)

    def from_values(self, col: int, fld: str) -> float:
        return self.content.get(col, {}).get(fld, 0.0)

    def contradicts(self, col: int, fld: str) -> bool:
        """The values say this column cannot be this field."""
        facts = self.facts[col] if col < len(self.facts) else None
        if facts is None or not facts.filled:
            return False
        if fld == "net_sales" and col in self.receipt_totals:
            return True
        if fld in ("net_sales", "qty", "unit_price", "cost", "gross_profit"):
            return facts.share(facts.numbers) < 0.5 and not facts.serial_dates and facts.share(facts.gtins) < 0.5
        if fld == "date":
            return facts.share(facts.dates) < 0.5 and not facts.serial_dates
        return False


def _hint_pattern(words: tuple[str, ...]) -> re.Pattern:
    # a short English word only as a word of its own ("rec" also at the start: RECNO)
    parts = [rf"(?<![a-z]){re.escape(w)}(?![a-z])" if w.isascii() and w.isalpha() and len(w) <= 4
             else re.escape(w) for w in words]
    return re.compile("|".join(parts + (["^rec"] if "rec" in words else [])))


_HINT_PATTERNS = {fld: _hint_pattern(words) for fld, words in HINTS.items()}


def hint_fields(header: object) -> dict[str, float]:
    """Fields whose words appear inside the header."""
    text = unicodedata.normalize("NFKC", str(header or "")).casefold()
    if not text.strip():
        return {}
    return {fld: _HINT_SCORE for fld, pattern in _HINT_PATTERNS.items() if pattern.search(text)}


def not_sale_word(header: object) -> bool:
    text = unicodedata.normalize("NFKC", str(header or ""))
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text).casefold()  # RefNum: ref num
    if any(w in words for w in _NOT_SALE) or _ID_WORD.search(words):
        return True
    from .total_parts import is_part  # noqa: PLC0415 - what an order's Total holds beside the goods (VAT, Delivery)

    return is_part(header)


def tax_rank(header: object) -> int:
    """0: tax-excluded, 1: unknown, 2: tax-included (amounts compare excluding tax)."""
    text = unicodedata.normalize("NFKC", str(header or "")).casefold()
    if any(w in text for w in _TAX_EXCLUDED):
        return 0
    return 2 if any(w in text for w in _TAX_INCLUDED) else 1


def evaluate(headers: list[str], body: list[list[object]], receipt_col: int | None = None) -> Evidence:
    """Score every column for every field it could be, from the sampled rows
    below the header. `receipt_col`: a column the headers already say is the
    receipt number (else the values may find one)."""
    body = [row for row in body if any(v not in (None, "") for v in row)]
    width = max([len(headers)] + [len(r) for r in body]) if body else len(headers)
    facts = [column_facts(body, c) for c in range(width)]
    scores: dict[int, dict[str, float]] = {}
    content: dict[int, dict[str, float]] = {}
    totalled = _total_with_parts(headers)
    for col, f in enumerate(facts):
        s = _content_scores(f)
        content[col] = dict(s)
        header = headers[col] if col < len(headers) else ""
        hints = hint_fields(header)
        for fld, hint in hints.items():
            if s.get(fld):
                s[fld] = 1 - (1 - hint) * (1 - s[fld])
            elif fld not in _NEEDS_VALUES:  # a code field: the word alone, values not against it
                s[fld] = hint
        if any(f in hints for f in _NEEDS_VALUES):  # a price, an amount, a date: not a code
            for fld in _CODE_HINTS:
                s.pop(fld, None)
        if not_sale_word(header) or any(s.get(f, 0) >= _HINT_SCORE for f in _CODE_HINTS):
            s.pop("net_sales", None)  # a tax, a fee, a payment; or a store or receipt number
        if _PERIOD_WORD.search(unicodedata.normalize("NFKC", str(header or "")).casefold()):
            s.pop("receipt", None)  # a year or month number repeats over lines like a receipt's, but is none
        if "receipt" not in hints and (any(f in hints for f in _CODE_HINTS) or till_header(header)):
            s.pop("receipt", None)  # a store or register of a sheet sorted by it repeats in blocks, but is none
        if totalled and _SUBTOTAL.search(unicodedata.normalize("NFKC", str(header or "")).casefold()):
            s.pop("net_sales", None)  # before the order's discounts: its Total less the parts is the sale
        if "net_sales" in s:
            s["net_sales"] += (0.05, 0.0, -0.05)[tax_rank(header)]
        scores[col] = {k: v for k, v in s.items() if v > 0}
    evidence = Evidence(facts, scores, content, headers=list(headers))
    if receipt_col is None:
        ranked = sorted(((sc.get("receipt", 0.0), -c) for c, sc in scores.items()), reverse=True)
        if ranked and ranked[0][0] >= 0.55:
            receipt_col = -ranked[0][1]
    evidence.receipt_column = receipt_col
    if receipt_col is not None and receipt_col < len(facts):
        _receipt_structure(evidence, receipt_col)
    _quantity_times_price(evidence)
    return evidence


_SUBTOTAL = re.compile(r"sub\s*-?\s*total|小計|gross|総売上")  # amounts before the order's discounts


def _total_with_parts(headers: list[str]) -> bool:
    """Whether the headers name an order's Total and a tax, tip, shipping or
    service column beside it (total_parts): the sale is that Total less them,
    never a Subtotal or Gross Sales, which order lists write before the
    order's discounts (WooCommerce's Order Subtotal Amount, a shop's Subtotal
    before Credits and Discount, a venue POS's Gross Sales before Total
    Discounts)."""
    from .total_parts import is_part, is_total  # noqa: PLC0415

    return any(map(is_total, headers)) and any(map(is_part, headers))


_CODE_HINTS = ("store", "receipt", "customer", "sku", "category")
# fields whose header word alone (values not fitting) says little
_NEEDS_VALUES = {"date", "net_sales", "qty", "unit_price", "cost", "gross_profit", "sku"}


def _content_scores(f: ColumnFacts) -> dict[str, float]:
    if f.non_members and f.share(f.codes) >= 0.5 or f.non_members and not f.filled:
        return {"customer": 0.95}  # member codes beside 非会員 (or only 非会員 in the sample): near certain
    if f.filled == 0:
        return {}
    s: dict[str, float] = {}
    dates, numbers = f.share(f.dates), f.share(f.numbers)
    if dates >= 0.8:
        s["date"] = 0.8 * dates
    elif f.serial_dates and f.filled >= 3:
        s["date"] = 0.6
    if f.share(f.months) >= 0.8:
        s["month"] = 0.6
    if f.share(f.gtins) >= 0.8:
        s["sku"] = 0.85
    elif f.share(f.codes) >= 0.8 and f.distinct >= max(2, f.filled // 3):
        s["sku"] = 0.3
        s["customer"] = 0.2
    if f.share(f.texts) >= 0.8 and f.distinct >= max(2, f.filled // 3):
        s["product"] = 0.3
    if f.distinct <= max(1, f.filled // 4) and f.filled >= 4 and not dates:
        s["store"] = s["category"] = 0.3  # few values, each repeated: a store, a category, a region
    if numbers >= 0.8 and not f.serial_dates and dates < 0.5 and f.share(f.gtins) < 0.5:
        nums = [n for n in f.numeric if n is not None]
        mags = [abs(n) for n in nums]
        mid = median(mags) if mags else 0
        whole = f.share(f.whole) >= 0.99
        sequential = whole and len(set(nums)) == len(nums) and len(nums) >= 4 and \
            all(b - a == 1 for a, b in zip(nums, nums[1:]))
        if sequential:
            return {"receipt": 0.2}  # a row number or an id counting up
        if f.currency or not whole or mid >= 50:
            s["net_sales"] = 0.6 + (0.05 if f.currency >= f.filled * 0.8 else 0.0)
            s["unit_price"] = 0.35
            s["cost"] = 0.3
        if whole and mid <= 20 and max(mags, default=0) <= 1000 and not f.currency:
            s["qty"] = 0.55
    receipt = _looks_like_receipt(f)
    if receipt:
        s["receipt"] = max(receipt, s.get("receipt", 0.0))
    return s


def _receipt_structure(evidence: Evidence, receipt_col: int) -> None:
    """Within receipts of several lines: a money column that never varies while
    another varies is the receipt's total (or a receipt field), not the line's amount."""
    spans = _receipt_spans(evidence.facts[receipt_col])
    if len(spans) < 2:
        return
    varying, constant = [], []
    for col, f in enumerate(evidence.facts):
        if col == receipt_col or "net_sales" not in evidence.scores.get(col, {}):
            continue
        same = sum(1 for span in spans if _one_value(f, span))
        (constant if same == len(spans) else varying).append(col)
    if varying and constant:
        for col in constant:
            evidence.receipt_totals.add(col)
            evidence.scores[col]["net_sales"] *= 0.3
    if varying and (constant or len(varying) == 1):
        # the one money column that changes from line to line within receipts: the line's amount
        for col in varying:
            evidence.scores[col]["net_sales"] = min(0.9, evidence.scores[col]["net_sales"] + 0.1)
    if evidence.scores.get(receipt_col, {}).get("receipt") and varying:
        # ids holding over a receipt's lines, never coming back, while the line amounts vary: a receipt number
        evidence.scores[receipt_col]["receipt"] = min(0.9, evidence.scores[receipt_col]["receipt"] + 0.15)
    for col, scores in evidence.scores.items():
        f = evidence.facts[col]
        if col == receipt_col or f.share(f.codes) < 0.8:
            continue
        if all(len({f.values[i] for i in range(s, e + 1)} - {None}) <= 1 for s, e in spans):
            # the same over each receipt: a member (or a store), not the receipt, not a product
            if "receipt" in scores:
                scores["receipt"] *= 0.5
            scores.pop("sku", None)
            scores["customer"] = max(scores.get("customer", 0.0), 1 - (1 - scores.get("customer", 0.0)) * 0.55)
            evidence.content[col]["customer"] = max(evidence.content[col].get("customer", 0.0), 0.45)


def _quantity_times_price(evidence: Evidence) -> None:
    """An amount that is a quantity times a price on every sampled line names all three."""
    facts = evidence.facts
    qtys = [c for c, s in evidence.scores.items() if "qty" in s]
    moneys = [c for c, s in evidence.scores.items() if "net_sales" in s or "unit_price" in s]
    for q in qtys:
        for amount in moneys:
            for price in moneys:
                if len({q, amount, price}) < 3:
                    continue
                rows = [(facts[q].numeric[i], facts[amount].numeric[i], facts[price].numeric[i])
                        for i in range(len(facts[q].numeric))]
                rows = [r for r in rows if None not in r]
                if len(rows) < 3 or all(r[0] == 1 for r in rows):
                    continue
                if all(abs(a - n * p) <= max(0.011, abs(a) * 0.001) for n, a, p in rows):
                    for table in (evidence.scores, evidence.content):
                        table[q]["qty"] = max(table[q].get("qty", 0.0), 0.8)
                        table[amount]["net_sales"] = max(table[amount].get("net_sales", 0.0), 0.8)
                        table[price]["unit_price"] = max(table[price].get("unit_price", 0.0), 0.75)
                        table[price]["net_sales"] = min(table[price].get("net_sales", 0.0), 0.3)
                    return


# ---------------------------------------------------------------- columns for a role
def fill(role_fields: list[str], taken: dict[int, str], free: list[int], evidence: Evidence) -> dict[int, float]:
    """Fields of the role no header named, given to the free columns whose
    values (and header words) fit them best; returns column -> confidence of
    each column so filled. A close rival for the same field lowers it. An
    amount is not looked for where the headers name a quantity and a price
    (the amount is their product), unless a header names an amount not said
    to hold tax (Total, 小計(税抜)): that is the sale as the register wrote
    it, its line discounts taken off (the tax, tip or shipping a Total holds
    beside the goods are taken off it in turn: total_parts). Of two amounts
    alike but for tax, the one without tax is taken and the other is no
    rival to it."""
    assigned = set(taken.values())
    priced = {"qty", "unit_price"} <= assigned
    headers = evidence.headers or []

    def rank(col: int) -> int:
        return tax_rank(headers[col]) if col < len(headers) else 1

    def named_amount(col: int) -> bool:
        return (col < len(headers) and "net_sales" in hint_fields(headers[col]) and rank(col) != 2
                and not _same_within_a_receipt(evidence, col))

    def considered(col: int, fld: str) -> bool:
        return fld not in assigned and not (priced and fld == "net_sales" and not named_amount(col))

    def competes(col: int, other: int, fld: str) -> bool:  # the amount with tax is no rival to the one without
        return considered(other, fld) and not (fld == "net_sales" and rank(col) == 0 and rank(other) == 2)

    pairs = sorted(((evidence.score(c, f), -c, f) for c in free for f in role_fields if considered(c, f)),
                   reverse=True)
    added: dict[int, float] = {}
    for score, neg, fld in pairs:
        col = -neg
        if score < CANDIDATE:
            break
        if col in taken or fld in assigned:
            continue
        others = sorted(((evidence.score(o, fld), -o) for o in free if o != col and o not in taken
                         and evidence.score(o, fld) >= CANDIDATE and competes(col, o, fld)), reverse=True)
        rival = others[0][0] if others else 0.0
        taken[col] = fld
        assigned.add(fld)
        added[col] = _lowered(score, rival)
        if others:
            evidence.rivals[col, fld] = (-others[0][1], _lowered(rival, score), len(others))
    return added


def _same_within_a_receipt(evidence: Evidence, col: int) -> bool:
    """Whether the column keeps one value over the lines of some receipt of
    several lines: it may be the receipt's total, not the line's amount."""
    receipt = evidence.receipt_column
    if receipt is None or receipt >= len(evidence.facts) or col >= len(evidence.facts):
        return False
    return any(_one_value(evidence.facts[col], span) for span in _receipt_spans(evidence.facts[receipt]))


def _receipt_spans(receipts: ColumnFacts) -> list[tuple[int, int]]:
    """The sampled rows (first, last) of each receipt of several lines."""
    return [(s, e) for s, e in runs(receipts.values) if e > s]


def _one_value(facts: ColumnFacts, span: tuple[int, int]) -> bool:
    """Whether the column's numbers keep one value (or none) over the rows of a span (a receipt's lines)."""
    start, end = span
    return len({facts.numeric[i] for i in range(start, end + 1)} - {None}) <= 1


def _lowered(score: float, rival: float) -> float:
    """A column's confidence in a field another column could as well be."""
    return round(max(score - 0.5 * rival, min(score, CANDIDATE)), 2)


MIN_LINES = 20  # sampled rows a sheet needs to be asked about when two columns compete for its amount


def worth_asking(evidence: Evidence, columns: dict[int, str], col: int) -> bool:
    """Whether a column whose own evidence is real (ASK or more) but whose
    confidence one close rival lowered is asked about rather than dropped.
    Only the amount of a sheet shaped like sales lines is: many lines, a
    column of dates over several days, amounts of money that vary from line
    to line, and one rival only (a float, a tax). Tables of measures (claim
    lags, meter readings, rate lists) have many columns of numbers competing,
    few rows, one date or none, or a constant in the column; they stay quiet."""
    if columns.get(col) != "net_sales" or evidence.rivals.get((col, "net_sales"), (0, 0, 0))[2] != 1:
        return False
    amount = evidence.facts[col]
    if amount.rows < MIN_LINES or amount.filled < 0.8 * amount.rows or amount.distinct < amount.filled / 2 \
            or not money(amount):
        return False
    dates = [evidence.facts[c] for c, f in columns.items() if f == "date" and c < len(evidence.facts)]
    tills = [evidence.facts[c] for c in till_columns(evidence.headers, columns) if c < len(evidence.facts)]
    return any((d.share(d.dates) >= 0.8 or d.serial_dates) and d.distinct >= 3
               and (in_time_order(d) or any(in_time_order(d, t) for t in tills)) for d in dates)


_TILL_WORDS = re.compile(r"register|(?<![a-z])till(?![a-z])|terminal|device|レジ|端末")


def till_columns(headers: list[str], columns: dict[int, str]) -> list[int]:
    """Columns a till's journal may be sorted by before its time: the store
    (as read) or a register, terminal or device (by its header's words)."""
    named = [c for c, f in columns.items() if f in ("store", "store_name")]
    return named + [c for c, h in enumerate(headers) if c not in columns and till_header(h)]


def till_header(header: object) -> bool:
    return bool(_TILL_WORDS.search(unicodedata.normalize("NFKC", str(header or "")).casefold()))


def in_time_order(facts: ColumnFacts, within: ColumnFacts | None = None) -> bool:
    """Dates written in time order, oldest or newest first, as a till or a
    shop system writes its journal (a list of events by city or by name is
    not). `within`: a store or register column the sheet is sorted by first,
    each of its values on one block of rows, time order holding inside each
    block (two stores' journals one after the other)."""
    blocks = [(0, facts.rows)]
    if within is not None:
        blocks = [(start, end + 1) for start, end in runs(within.values)]
        if len(blocks) < 2 or len(blocks) != within.distinct or len(blocks) > facts.filled / 3 \
                or within.filled < facts.filled:
            return False
    for day_first in (True, False):
        directions = set()
        for start, end in blocks:
            days = [_day(v, day_first) for v in facts.values[start:end] if v is not None]
            if None in days:
                break
            if days != sorted(days):
                directions.add("newest first")
            if days != sorted(days, reverse=True):
                directions.add("oldest first")
        else:
            if len(directions) < 2 and facts.filled:
                return True
    return False


def _day(value: object, day_first: bool) -> _dt.date | None:
    """The day a date value names (a d/m/y or m/d/y text read as `day_first` says)."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if _yyyymmdd(value):
            n = int(value)
            return _dt.date(n // 10000, n // 100 % 100, n % 100)
        return _dt.date(1899, 12, 30) + _dt.timedelta(days=int(value)) if _SERIAL_MIN <= value <= _SERIAL_MAX else None
    match = _DATE_TEXT.match(str(value))
    try:
        if match and match.group(1):
            return _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match and match.group(7):
            a, b = int(match.group(7)), int(match.group(8))
            day, month = (a, b) if day_first else (b, a)
            return _dt.date(int(match.group(9)), month, day)
    except ValueError:
        return None
    return None


def money(facts: ColumnFacts) -> bool:
    """Amounts of money: mostly above zero (returns are few), in whole units
    or cents (a factor such as 1.0234 or a measure with many decimals is not)."""
    nums = [n for n in facts.numeric if n is not None]
    if not nums:
        return False
    cents = sum(1 for n in nums if abs(n * 100 - round(n * 100)) < 1e-6)
    return sum(1 for n in nums if n > 0) >= 0.7 * len(nums) and cents >= 0.9 * len(nums)


def header_confidence(col: int, fld: str, shared: bool, evidence: Evidence | None) -> float:
    """How sure a column named by a synonym of `fld` is: values that agree raise it, values against halve it."""
    sure = SURE_SHARED_SYNONYM if shared else SURE_SYNONYM
    if evidence is None:
        return sure
    if evidence.contradicts(col, fld):
        return round(sure * MISFIT_FACTOR, 2)
    return round(sure + (1 - sure) * 0.5 * min(evidence.score(col, fld), 1.0), 2)


# Fields a role cannot do without, and the receipt and store that split its
# figures: read from values alone below APPLY, these are asked, never guessed.
_NEEDED = {"sales": {"date", "net_sales", "receipt", "store"}, "traffic": {"date", "store"},
           "inventory": {"date", "sku", "on_hand", "store"}, "stocktake": {"sku", "counted_qty", "store"},
           "receipts": {"date", "sku", "received_qty", "store"}, "adjustments": {"date", "sku", "qty", "store"},
           "budget": {"month", "store"}, "finance": {"month", "store"}, "survey": {"date", "score", "store"},
           "stores": {"store"}}


def needed(role: str | None) -> set[str]:
    return _NEEDED.get(role or "", set())


def map_lines(sheet: str, fields: dict[str, str]) -> str:
    """The `--map` TOML that reads these headers as these fields."""
    return "\n".join([f"[{_toml_key(sheet)}]"] + [f"{_toml_key(h, quote=True)} = \"{f}\"" for h, f in fields.items()])


def _toml_key(text: str, quote: bool = False) -> str:
    if not quote and re.fullmatch(r"[A-Za-z0-9_-]+", text):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def doubt_error(file: str, sheet: str, sheet_map):
    """The stop of a build on a column whose field the values suggest but do not settle."""
    from ..errors import KpipackError

    lines = map_lines(sheet, {sheet_map.headers[c]: sheet_map.columns[c] for c in sheet_map.doubts})
    params = doubt_params(sheet_map)
    return KpipackError(doubt_code("column_in_doubt", params), file=file, sheet=sheet, toml=lines, **params)


def doubt_params(sheet_map, first: int | None = None) -> dict[str, str]:
    """A column in doubt (the first), its field and how sure, and the column
    that competes with it for the field (where one does)."""
    first = sheet_map.doubts[0] if first is None else first
    params = {"column": sheet_map.headers[first] or f"#{first + 1}", "field": sheet_map.columns[first],
              "confidence": f"{sheet_map.confidence[first]:.0%}"}
    if first in sheet_map.rivals:
        rival, sure = sheet_map.rivals[first]
        params |= {"rival": sheet_map.headers[rival] or f"#{rival + 1}", "rival_confidence": f"{sure:.0%}"}
    return params


def doubt_code(code: str, params: dict) -> str:
    """The message of a doubt: two columns competing for one field are both named."""
    return f"{code}_rival" if "rival" in params else code


def guess_notes(file: str, sheet: str, sheet_map) -> list:
    """A warning per column used because of its values: which field, how sure."""
    from ..errors import Issue

    return [Issue(file, sheet, 0, "warn_column_from_values",
                  {"column": sheet_map.headers[c] or f"#{c + 1}", "field": sheet_map.columns[c],
                   "confidence": f"{sheet_map.confidence[c]:.0%}"}) for c in sheet_map.guessed]
