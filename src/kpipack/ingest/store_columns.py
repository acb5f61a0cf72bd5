"""Sales sheets with the stores as columns: a date (or month) per row and one
amount column per store (and traffic kept the same way: visitors or staff
hours by store, where the names or title lines say so and nothing else), often with their total (`日付 | 本店 | 駅前店 | 合計`,
`Date | Store 1 | Store 2 | Total`), as a daily report by store is kept by
hand. Read by their headers alone such a sheet would be read as its total,
one store: each store column is read as that store's net sales instead, and
the total is checked, never added on top.

Only when sure: the sheet's name, its file's name or its title lines say
sales, and no other measure — or, where nothing says what the figures are,
they show money (a currency sign in the cells or their number format, or
円 / amount in the title lines) and the store master lists every store
column by its name or code (`confirm_codes`; a sheet whose figures show no
money is left unread, saying why); every column is the date, a store, a total or a weekday; at
least two stores, each headed by a store-like word (本店, 渋谷店, 2号店,
Store 1, Shibuya Store, Shop A) that names no field of its own, or by a
code alone (001 | 002) beside a total, a store only where the store master
lists it (`confirm_codes`, once every file is read); their cells
numbers; and a total column, where there is one, their sum on every row.
A sheet of payment kinds (Cash | Card | Total), categories or tax (税抜 |
消費税 | 税込) adds up the same way but has no store word: it is not one."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .headers import fields_for, header_minutes
from .weekday_column import is_weekday_header

# a store named by its word: 本店, 渋谷店, 1号店, 新宿支店, 梅田営業所, 渋谷店舗; Store 1, Shibuya Store, Shop A,
# Branch 3, Outlet North
_STORE_WORD = re.compile(r"^\S.{0,20}(店|店舗|支店|営業所)$|^(store|shop|branch|outlet)\s*\S.{0,20}$"
                         r"|^\S.{0,20}\s(store|shop|branch|outlet)$", re.I)
# the stores' total: 合計, 計, 総計, 全店, 全店計, 店舗計, 全店舗, Total, Grand total, All stores
_NOT_A_STORE = {"来店", "入店", "開店", "閉店", "出店", "退店", "他店", "自店", "当店"}  # words ending in 店 that name none
_TOTAL_WORD = re.compile(r"^(合計|計|総計|全店|全店計|全店舗|全店舗計|店舗計|店計|total|totals|grand\s*total"
                         r"|all\s*stores|all\s*shops)$", re.I)
# what the sheet's name, its file's name or its title lines say it holds: sales, and no other measure
# (a budget, visitors or hours by store are kept in the same layout)
_SALES_WORD = re.compile(r"売上|売り上げ|販売|sales|revenue|takings|turnover", re.I)
_OTHER_MEASURE = re.compile(r"予算|目標|計画|見込|budget|target|plan|forecast|客数|来店|visitor|traffic|footfall"
                            r"|人時|労働|時間|hours|在庫|stock|inventory|経費|費用|expense|cost|原価|粗利|利益|profit"
                            r"|margin|数量|qty|quantity|units|点数|件数", re.I)
# a daily count of visitors or of staff hours by store, kept in the same layout: each store column that store's
_TRAFFIC_WORDS = {"visitors": re.compile(r"来店(?:客数|者数|数)?|入店(?:客数|者数|数)?|来客数|visitors|footfall"
                                         r"|traffic|door\s*counts?", re.I),
                  "labor_hours": re.compile(r"人時|労働時間|勤務時間|実働時間|労働分数|labou?r\s*hours|staff\s*hours"
                                            r"|man\s*hours|hours\s*worked|(?:labou?r|staff|man)[\s_]*minutes", re.I)}
# a store named by its code alone (001, 12, S01, A-3): a store only where the store master lists it
_CODE = re.compile(r"^[a-z]{0,3}[-_]?\d{1,6}$", re.I)
TOLERANCE = 0.01  # a total written with its cents rounded is still their sum


@dataclass(frozen=True)
class StoreColumns:
    """Where a sheet with stores as columns keeps what: column indexes."""

    date: int
    date_field: str  # "date" or "month"
    stores: dict[int, str]  # column -> the store as its header names it
    totals: tuple[int, ...]
    coded: tuple[int, ...] = ()  # the store columns headed by a code alone
    # None: the sheet says sales; else what its figures show where nothing says what they are: the money
    # shown (read as sales once the store master lists each store), or "" (no money: the sheet is not read)
    money: str | None = None
    field: str = "net_sales"  # or "visitors" / "labor_hours": a traffic sheet by store (来店客数, 人時); or
    # "budget": one KPI's budget by store, the KPI as the sheet's name or title names it (`budget`: 売上予算)
    minutes: bool = False  # labour hours given in minutes (労働時間(分) above the dates, Staff minutes)
    budget: str = ""  # the budget's name, for field "budget"


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code 1 in a workbook's header row, read as 1.0
    return unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()


def store_columns(headers: list[str], body: list[list[object]], context: list[object],
                  formats: dict[int, str] | None = None) -> StoreColumns | None:
    """The layout of a sheet with stores as columns, from its headers, the
    rows sampled below them (`body`), what names it (`context`: its file's
    and its own name, its title lines, which must say no other measure than
    sales) and the currency its columns' number format shows (`formats`),
    or None where the sheet is not one."""
    corner = _measure_over_dates(headers, body)  # 労働時間 | 本店 | 駅前店: the dates' header names the figures
    said = " ".join(_text(c) for c in [*context, *([headers[corner]] if corner is not None else [])])
    field, budget = measure(said), ""
    if field is None and corner is None:  # 売上予算 by store, months down: one KPI's budget, each store's column
        from .month_columns import named_budget  # noqa: PLC0415

        budget = named_budget(context)
        field = "budget" if budget else None
    if field is None or (corner is not None and field == "net_sales"):
        return None
    date, date_field, stores, totals, coded = None, None, {}, [], []
    for col, header in enumerate(headers):
        text = _text(header)
        named = set(fields_for(header))
        if not text:
            if any(_text(row[col] if col < len(row) else None) for row in body):
                return None  # an unnamed column of values: what it holds is not said
        elif (named & {"date", "month"} or col == corner) and date is None:
            date, date_field = col, "month" if "month" in named else "date"
        elif _TOTAL_WORD.match(text):
            totals.append(col)
        elif is_weekday_header(text):
            continue
        elif is_store_name(text) and not named:
            stores[col] = text
        elif is_code(text) and not named:
            stores[col] = text
            coded.append(col)
        else:
            return None
    if date is None or len(stores) < 2 or (coded and not totals) or \
            not _numbers_only(body, list(stores) + totals, "value" if budget else field):
        return None
    money = None if field != "net_sales" or _SALES_WORD.search(said) else \
        _money_shown(body, list(stores) + totals, formats or {}, said)
    minutes = field == "labor_hours" and any(
        header_minutes(t) and "labor_hours" in fields_for(t)
        for t in [_stem(c) for c in context] + ([headers[corner]] if corner is not None else []))
    return StoreColumns(date, date_field, stores, tuple(totals), tuple(coded), money, field, minutes, budget)


def _measure_over_dates(headers: list[str], body: list[list[object]]) -> int | None:
    """The column headed by visitors or labour hours (労働時間, 来店客数) whose
    cells are dates: the corner of a table of stores across and days down."""
    import pandas as pd

    from ..errors import KpipackError
    from .clean import clean_date

    for col, header in enumerate(headers):
        if set(fields_for(header)) & set(_TRAFFIC_WORDS):
            cells = pd.Series([row[col] if col < len(row) else None for row in body], dtype=object).dropna()
            if cells.map(lambda v: isinstance(v, (int, float))).any():
                continue  # counts or hours under the measure's name: no dates (a number may read as a serial date)
            try:
                if len(cells) and not clean_date(cells)[1].any():
                    return col
            except KpipackError:  # dates that read in no one order: no corner
                continue
    return None


def _stem(name: object) -> str:
    """A file's name without its extension (staff_minutes.xlsx -> staff_minutes); other text as it is."""
    return re.sub(r"\.(xlsx|xlsm|xls|csv|tsv|txt|html?)$", "", _text(name), flags=re.I)


def says_sales(said: str) -> bool:
    """Whether a sheet's names or title lines name sales (売上, sales, takings)."""
    return bool(_SALES_WORD.search(said))


def measure(said: str) -> str | None:
    """What a sheet's names and title lines say its figures are: net_sales
    (sales, or nothing said), visitors or labor_hours where one of those is
    said and nothing else is; None where another measure is said."""
    named = [f for f, words in _TRAFFIC_WORDS.items() if words.search(said)]
    rest = said
    for words in _TRAFFIC_WORDS.values():
        rest = words.sub(" ", rest)
    if named == ["labor_hours"]:  # hours.xlsx beside a sheet of staff hours: the same hours
        rest = re.sub(r"hours|時間", " ", rest, flags=re.I)
    if len(named) > 1 or _OTHER_MEASURE.search(rest) or (named and _SALES_WORD.search(rest)):
        return None
    return named[0] if named else "net_sales"


_MONEY_WORD = re.compile(r"円|¥|\$|€|£|金額|amount|\b(jpy|usd|eur|gbp)\b", re.I)


def _money_shown(body: list[list[object]], columns: list[int], formats: dict[int, str], said: str) -> str:
    """The money a sheet's figures show where no word says they are sales: a
    currency in the cells or their number format, or a word of money in the
    title lines (単位：円); "" where they show none."""
    import pandas as pd

    from .clean import currency_shown

    for col in columns:
        if col in formats:
            return formats[col]
        shown = currency_shown(pd.Series([row[col] if col < len(row) else None for row in body], dtype=object))
        if shown:
            return shown
    found = _MONEY_WORD.search(said)
    return found[0] if found else ""


def is_unsure(sheet) -> bool:
    """A sheet read as stores' sales because its figures show money, no word saying they are sales."""
    return any(w.code == "note_store_columns_money" for w in sheet.warnings)


def code_header_row(preview: list[list[object]], max_scan: int = 30) -> int | None:
    """The row of a sheet's headers where they are a date, stores' codes and a
    total (日付 | 001 | 002 | 合計), which the search for named columns passes
    over (one name it knows, codes that look like values), or None."""
    start = next((i for i, row in enumerate(preview) if any(_text(v) for v in row)), 0)
    for index, row in enumerate(preview[start:start + max_scan], start):
        cells = [_text(v) for v in row if _text(v)]
        dated = sum(1 for c in cells if set(fields_for(c)) & {"date", "month"})
        codes = sum(1 for c in cells if is_code(c))
        totals = sum(1 for c in cells if _TOTAL_WORD.match(c))
        if dated == 1 and codes >= 2 and totals and \
                dated + codes + totals + sum(1 for c in cells if is_weekday_header(c)) == len(cells):
            return index
    return None


def is_code(header: object) -> bool:
    """A header that is a code alone (001, S01), no word."""
    return bool(_CODE.match(_text(header)))


def confirm_codes(sheets: list) -> tuple[list, list]:
    """Sheets with stores as columns headed by codes alone (001 | 002 | 合計)
    kept where the store master lists each code (001 and 1 alike) or a store
    of that name, their stores then written as the master writes its codes;
    otherwise left out with a note naming the columns and what would settle
    them: such columns may as well be departments or tills. Returns the sheets
    kept and the notes."""
    from ..errors import Issue
    from .store_rows import store_key

    coded = [s for s in sheets if s.role in ("sales", "traffic") and (any(map(is_code, s.mapping.store_columns.values()))
                                                         or is_unsure(s))]
    if not coded:
        return sheets, []
    masters = [s.table for s in sheets if s.role == "stores" and "store" in s.table.columns]
    known = master_stores(sheets)
    kept, notes = [s for s in sheets if not any(s is c for c in coded)], []
    for sheet in coded:
        unsure = is_unsure(sheet)  # every store, named or coded, must be the master's
        headers = [h for h in sheet.mapping.store_columns.values() if unsure or is_code(h)]
        unknown = [h for h in headers if store_key(h) not in known and _text(h) not in known]
        if unknown:
            code = "sheet_store_codes_unknown" if masters else "sheet_store_codes_no_master"
            code = code.replace("codes", "money") if unsure else code
            notes.append(Issue(sheet.file, sheet.sheet, 0, code, {"columns": ", ".join(headers),
                                                                   "unknown": ", ".join(unknown)}))
            continue
        master = {h: known.get(store_key(h), known.get(_text(h))) for h in headers}
        sheet.table["store"] = sheet.table["store"].map(lambda s: master.get(s, s))
        kept.append(sheet)
    order = {id(s): n for n, s in enumerate(sheets)}
    return sorted(kept, key=lambda s: order[id(s)]), notes


def master_stores(sheets: list) -> dict[str, str]:
    """The store master's stores: each code's key (`store_key`: 001 and 1
    alike) and each store's name -> the master's code; empty without a master."""
    from .store_rows import store_key

    known: dict[str, str] = {}
    for table in (s.table for s in sheets if s.role == "stores" and "store" in s.table.columns):
        for code in table["store"].dropna().astype(str):
            known.setdefault(store_key(code), code)
        if "store_name" in table.columns:
            for code, name in zip(table["store"], table["store_name"]):
                if isinstance(code, str) and isinstance(name, str):
                    known.setdefault(_text(name), code)
    return known


def is_store_name(text: str) -> bool:
    """A name that is a store's by its word (渋谷店, 2号店, Shibuya Store, Shop A), never a total or a
    word ending in 店 that names none (来店, 全店)."""
    text = _text(text)
    return bool(_STORE_WORD.match(text)) and text not in _NOT_A_STORE and not _TOTAL_WORD.match(text)


def _numbers_only(body: list[list[object]], columns: list[int], field: str) -> bool:
    """Each column's sampled cells are numbers or blank, and each holds one."""
    import pandas as pd

    for col in columns:
        cells = pd.Series([row[col] if col < len(row) else None for row in body], dtype=object)
        values, bad = figures(cells, field)
        if bad.any() or values.notna().sum() == 0:
            return False
    return True


def figures(cells, field: str):
    """A store column's figures and the cells that are none: numbers, and for
    labour hours durations too (7:30, 7時間30分, a time cell: `clean.duration_hours`)."""
    from .clean import clean_number, duration_hours
    from .headers import HOURS_FIELDS

    if field in HOURS_FIELDS:
        cells, _ = duration_hours(cells)
    return clean_number(cells)


def totals_agree(raw, layout: StoreColumns) -> bool:
    """Every row's total is its stores' sum (a row without a total says nothing)."""
    import numpy as np

    stores = sum(figures(raw[c], layout.field)[0].fillna(0.0) for c in layout.stores)
    for col in layout.totals:
        total, bad = figures(raw[col], layout.field)
        if bad.any():
            return False
        written = total.notna()
        if not np.allclose(total[written], stores[written], rtol=0, atol=TOLERANCE):
            return False
    return True



def by_store(raw, layout: StoreColumns):
    """(column, store, its lines) for each store column: the date and that
    store's amounts, rows whose amount is blank left out (no sale that day).
    Months (2026-10) are dated their first day: each row is the month's sales."""
    import pandas as pd

    from .clean import clean_month, is_blank

    dates = raw[layout.date]
    if layout.date_field == "month":
        months, bad = clean_month(dates)
        dates = (months + "-01").where(~bad & months.notna(), dates)
    for col, store in layout.stores.items():
        lines = pd.DataFrame({layout.date: dates, col: raw[col]}, index=raw.index)
        yield col, store, lines[~is_blank(raw[col])]
