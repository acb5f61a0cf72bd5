"""Independent test oracle for kpipack.

Computes the expected KPI values straight from the KPI contract
(/work/shared/spec/kpi-contract.md) and the team's rules (docs/kpi-rules.md).
It deliberately shares no code with the product (src/kpipack) and is written
in the plainest style: explicit loops over rows, dicts and sets, Python floats.

Public functions
----------------
read_samples(folder) -> dict[str, list[dict]]
expected_kpis(tables, period, fiscal_year_start=4) -> dict[(kpi_id, scope), dict]
expected_abc(tables, period, window='month') -> dict
expected_data_totals(tables) -> float

Tables are plain lists of dicts with canonical field names (see TABLE_FIELDS).
A field that is missing from a row dict counts as None.
"""

import calendar
import datetime
import re
import time
import unicodedata
from pathlib import Path

import openpyxl


# --------------------------------------------------------------------------
# Canonical tables
# --------------------------------------------------------------------------

TABLE_FIELDS = {
    "sales": ["date", "store", "receipt", "sku", "category", "qty", "net_sales",
              "unit_price", "cost", "customer", "channel"],
    "traffic": ["date", "store", "visitors", "labor_hours"],
    "stores": ["store", "store_name", "floor_area", "region"],
    "inventory": ["date", "store", "sku", "on_hand", "unit_cost", "category"],
    "stocktake": ["date", "store", "sku", "book_qty", "counted_qty", "unit_cost"],
    "budget": ["month", "store", "net_sales", "gross_profit", "transactions"],
    "finance": ["month", "store", "opex", "net_income", "equity", "total_assets"],
    "survey": ["date", "store", "score"],
    # part 2 of the contract: goods in and out, purchase orders
    "receipts": ["date", "store", "sku", "received_qty", "order_id"],
    "adjustments": ["date", "store", "sku", "qty"],
    "purchase_orders": ["order_id", "order_date", "due_date", "store", "sku", "ordered_qty", "received_qty"],
}

# Field kinds used when converting cell values.
DATE_FIELDS = {"date", "order_date", "due_date"}
MONTH_FIELDS = {"month"}
TEXT_FIELDS = {"store", "receipt", "sku", "category", "customer", "store_name", "channel",
               "region", "product", "order_id"}


# --------------------------------------------------------------------------
# Reading the bundled sample workbooks (layout known from docs/sample-data.md)
# --------------------------------------------------------------------------

SALES_HEADERS = {
    "取引日時": "date", "店舗コード": "store", "レシート番号": "receipt",
    "商品コード": "sku", "商品名": "product", "部門": "category", "数量": "qty",
    "単価": "unit_price", "売上金額(税抜)": "net_sales", "原価金額": "cost",
    "会員番号": "customer", "販売チャネル": "channel",
}

# (file name, sheet name, header row (1-based), table, {header: field})
SAMPLE_LAYOUT = [
    ("pos_sales_FY2025.xlsx", "売上明細", 3, "sales", SALES_HEADERS),
    ("pos_sales_FY2026.xlsx", "売上明細", 3, "sales", SALES_HEADERS),
    ("traffic_labor.xlsx", "日別実績", 1, "traffic",
     {"日付": "date", "店舗コード": "store", "来店客数": "visitors",
      "総労働時間": "labor_hours"}),
    ("store_master.xlsx", "店舗マスタ", 1, "stores",
     {"店舗コード": "store", "店舗名": "store_name", "売場面積(坪)": "floor_area",
      "エリア": "region"}),
    ("inventory.xlsx", "月末在庫", 1, "inventory",
     {"基準日": "date", "店舗コード": "store", "商品コード": "sku", "部門": "category",
      "帳簿在庫": "on_hand", "原単価": "unit_cost"}),
    ("stocktake.xlsx", "棚卸", 1, "stocktake",
     {"棚卸日": "date", "店舗コード": "store", "商品コード": "sku", "帳簿数": "book_qty",
      "実棚数": "counted_qty", "原単価": "unit_cost"}),
    ("budget.xlsx", "予算", 1, "budget",
     {"年月": "month", "店舗コード": "store", "売上予算": "net_sales",
      "粗利予算": "gross_profit", "客数予算": "transactions"}),
    ("finance.xlsx", "店舗別販管費", 1, "finance",
     {"年月": "month", "店舗コード": "store", "販管費": "opex"}),
    ("finance.xlsx", "全社", 1, "finance",
     {"年月": "month", "販管費": "opex", "当期純利益": "net_income", "自己資本": "equity",
      "総資産": "total_assets"}),
    ("survey.xlsx", "顧客アンケート", 1, "survey",
     {"日付": "date", "店舗コード": "store", "推奨度": "score"}),
    ("receipts.xlsx", "入荷明細", 1, "receipts",
     {"入荷日": "date", "店舗コード": "store", "商品コード": "sku", "入荷数": "received_qty",
      "発注番号": "order_id"}),
    ("adjustments.xlsx", "在庫調整", 1, "adjustments",
     {"日付": "date", "店舗コード": "store", "商品コード": "sku", "調整数": "qty"}),
    ("purchase_orders.xlsx", "発注明細", 1, "purchase_orders",
     {"発注番号": "order_id", "発注日": "order_date", "納品予定日": "due_date", "店舗コード": "store",
      "商品コード": "sku", "発注数": "ordered_qty"}),
]


def _header_key(value):
    """NFKC + remove all white space, so '売上金額 (税抜)' == '売上金額(税抜)'."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return "".join(text.split())


def to_text(value):
    """Codes stay text: '0400' stays '0400'; a number 1.0 becomes '1'."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return str(value)
    if isinstance(value, int):
        return str(value)
    text = str(value).strip()
    if text == "":
        return None
    return text


def to_number(value):
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip().replace(",", "")
    if text == "":
        return None
    return float(text)


def to_date(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if text == "":
        return None
    match = re.match(r"^(\d{4})\D(\d{1,2})\D(\d{1,2})", text)
    if not match:
        raise ValueError("not a date: %r" % (value,))
    return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def to_month(value):
    """'2026-04', '2026/04', '2026年4月' or a date in the month -> '2026-04'."""
    if value is None:
        return None
    if isinstance(value, (datetime.datetime, datetime.date)):
        return "%04d-%02d" % (value.year, value.month)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text == "":
        return None
    match = re.match(r"^(\d{4})\D+(\d{1,2})", text)
    if not match:
        raise ValueError("not a month: %r" % (value,))
    return "%04d-%02d" % (int(match.group(1)), int(match.group(2)))


def _convert(field, value):
    if field in DATE_FIELDS:
        return to_date(value)
    if field in MONTH_FIELDS:
        return to_month(value)
    if field in TEXT_FIELDS:
        return to_text(value)
    return to_number(value)


def read_samples(folder):
    """Read the bundled sample workbooks into {table: [row dict, ...]}."""
    folder = Path(folder)
    tables = {name: [] for name in TABLE_FIELDS}
    for file_name, sheet_name, header_row, table, headers in SAMPLE_LAYOUT:
        workbook = openpyxl.load_workbook(folder / file_name, read_only=True, data_only=True)
        try:
            sheet = workbook[sheet_name]
            columns = None  # column index -> canonical field
            for row_number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                if row_number < header_row:
                    continue
                if row_number == header_row:
                    columns = {}
                    for index, header in enumerate(cells):
                        field = headers.get(_header_key(header))
                        if field is not None:
                            columns[index] = field
                    missing = set(headers.values()) - set(columns.values())
                    if missing:
                        raise ValueError("%s/%s: headers not found for %s"
                                         % (file_name, sheet_name, sorted(missing)))
                    continue
                if all(cell is None or str(cell).strip() == "" for cell in cells):
                    continue
                row = {field: None for field in TABLE_FIELDS[table]}
                for index, field in columns.items():
                    value = cells[index] if index < len(cells) else None
                    row[field] = _convert(field, value)
                if table == "sales" and row["net_sales"] is None:
                    if row["qty"] is not None and row["unit_price"] is not None:
                        row["net_sales"] = row["qty"] * row["unit_price"]
                tables[table].append(row)
        finally:
            workbook.close()
    return tables


# --------------------------------------------------------------------------
# Small helpers: months and arithmetic with None
# --------------------------------------------------------------------------

def month_of(day):
    return "%04d-%02d" % (day.year, day.month)


def add_months(month, n):
    year = int(month[:4])
    mon = int(month[5:7])
    index = year * 12 + (mon - 1) + n
    return "%04d-%02d" % (index // 12, index % 12 + 1)


def days_in_month(month):
    return calendar.monthrange(int(month[:4]), int(month[5:7]))[1]


def first_day(month):
    return datetime.date(int(month[:4]), int(month[5:7]), 1)


def last_day(month):
    return datetime.date(int(month[:4]), int(month[5:7]), days_in_month(month))


def fiscal_months(period, fiscal_year_start):
    """Months from the fiscal year's first month up to and including period."""
    year = int(period[:4])
    mon = int(period[5:7])
    if mon < fiscal_year_start:
        year = year - 1
    month = "%04d-%02d" % (year, fiscal_year_start)
    months = []
    while month <= period:
        months.append(month)
        month = add_months(month, 1)
    return months


def div(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def pct(a, b):
    value = div(a, b)
    if value is None:
        return None
    return value * 100.0


def sub(a, b):
    if a is None or b is None:
        return None
    return a - b


def change_pct(actual, base):
    """(actual - base) / |base| x 100; null when either is null or base is 0."""
    if actual is None or base is None or base == 0:
        return None
    return (actual - base) / abs(base) * 100.0


def sum_or_none(values):
    """Sum of the non-None values; None when there is none."""
    total = None
    for value in values:
        if value is None:
            continue
        total = value if total is None else total + value
    return total


# --------------------------------------------------------------------------
# KPI catalogue (contract section 2)
# --------------------------------------------------------------------------

KPI_IDS = [
    "net_sales", "cogs", "gross_profit", "gross_margin_pct", "transactions", "atv",
    "units_per_transaction", "return_rate_pct", "visitors", "conversion_rate_pct",
    "sales_per_area", "gross_profit_per_area", "labor_hours", "sales_per_labor_hour",
    "labor_productivity", "inventory_value", "avg_inventory_value", "days_of_inventory",
    "inventory_turnover", "gmroi", "stockout_rate_pct", "shrink_value", "shrinkage_pct",
    "customers", "new_customer_pct", "repeat_rate_pct", "churn_rate_pct", "clv", "nps",
    "opex", "operating_profit", "operating_margin_pct", "opex_ratio_pct", "roe_pct",
    "roa_pct",
    # part 2 (replenishment contract section 2)
    "osa_pct", "fill_rate_pct", "sell_through_pct", "weeks_of_cover",
]

# better: +1 higher, -1 lower, 0 no direction
DIRECTION = {
    "net_sales": 1, "cogs": 0, "gross_profit": 1, "gross_margin_pct": 1,
    "transactions": 1, "atv": 1, "units_per_transaction": 1, "return_rate_pct": -1,
    "visitors": 1, "conversion_rate_pct": 1, "sales_per_area": 1,
    "gross_profit_per_area": 1, "labor_hours": 0, "sales_per_labor_hour": 1,
    "labor_productivity": 1, "inventory_value": 0, "avg_inventory_value": 0,
    "days_of_inventory": -1, "inventory_turnover": 1, "gmroi": 1,
    "stockout_rate_pct": -1, "shrink_value": -1, "shrinkage_pct": -1, "customers": 1,
    "new_customer_pct": 0, "repeat_rate_pct": 1, "churn_rate_pct": -1, "clv": 1,
    "nps": 1, "opex": -1, "operating_profit": 1, "operating_margin_pct": 1,
    "opex_ratio_pct": -1, "roe_pct": 1, "roa_pct": 1,
    "osa_pct": 1, "fill_rate_pct": 1, "sell_through_pct": 1, "weeks_of_cover": 0,
}

# YTD is null for stock-based, floor-area, customer KPIs and ROE/ROA.
YTD_NULL = {
    "sales_per_area", "gross_profit_per_area", "inventory_value", "avg_inventory_value",
    "days_of_inventory", "inventory_turnover", "gmroi", "stockout_rate_pct",
    "shrink_value", "shrinkage_pct", "customers", "new_customer_pct", "repeat_rate_pct",
    "churn_rate_pct", "clv", "roe_pct", "roa_pct",
    "osa_pct", "fill_rate_pct", "sell_through_pct", "weeks_of_cover",
}

# KPIs whose total budget may be the sum of the store budgets, and whose
# YTD budget is the sum of the monthly budgets.
ADDITIVE = {
    "net_sales", "cogs", "gross_profit", "transactions", "visitors", "labor_hours",
    "opex", "operating_profit", "inventory_value", "avg_inventory_value", "shrink_value",
}

# Parts summed month by month for YTD actuals. '_qty' and 'cogs' are
# "poisoned": a month with sales but a null part makes the YTD part null.
YTD_PARTS = ["net_sales", "cogs", "_pos_sales", "_neg_sales", "_qty", "transactions",
             "visitors", "labor_hours", "opex", "_nps_n", "_nps_promoters",
             "_nps_detractors"]
YTD_POISONED = {"cogs", "_qty"}

# Budget parts summed for the YTD budget.
YTD_BUDGET_PARTS = ["net_sales", "cogs", "gross_profit", "transactions", "visitors",
                    "labor_hours", "opex", "operating_profit"]

RESULT_FIELDS = ["actual", "budget", "variance", "variance_pct", "prev_month", "mom_pct",
                 "prev_year", "yoy_pct", "ytd", "ytd_budget", "status"]


def evaluate(values):
    """Fill in every derived KPI from its formula over the values given.

    A KPI already present with a non-None value (e.g. a budget column of its
    own) is kept; otherwise it is computed from its parts. Keys starting with
    '_' are hidden parts. Works the same for actuals, budgets and YTD sums.
    """
    v = dict(values)

    def put(key, value):
        if v.get(key) is None:
            v[key] = value

    put("gross_profit", sub(v.get("net_sales"), v.get("cogs")))
    put("gross_margin_pct", pct(v.get("gross_profit"), v.get("net_sales")))
    put("atv", div(v.get("net_sales"), v.get("transactions")))
    put("units_per_transaction", div(v.get("_qty"), v.get("transactions")))
    # no receipts and not one negative line (totals per product or store-week): no return can show
    if v.get("transactions") is not None or v.get("_neg_sales"):
        put("return_rate_pct", pct(v.get("_neg_sales"), v.get("_pos_sales")))
    put("conversion_rate_pct", pct(v.get("transactions"), v.get("visitors")))
    put("sales_per_area", div(v.get("net_sales"), v.get("_floor_area")))
    put("gross_profit_per_area", div(v.get("gross_profit"), v.get("_floor_area")))
    put("sales_per_labor_hour", div(v.get("net_sales"), v.get("labor_hours")))
    put("labor_productivity", div(v.get("gross_profit"), v.get("labor_hours")))

    close = v.get("inventory_value")
    previous_close = v.get("_inv_prev_close")
    if close is None:
        average = None
    elif previous_close is None:
        average = close
    else:
        average = (previous_close + close) / 2.0
    put("avg_inventory_value", average)

    days = v.get("_days")
    put("days_of_inventory", div(v.get("avg_inventory_value"), div(v.get("cogs"), days)))
    put("inventory_turnover", div(365.0, v.get("days_of_inventory")))
    gross_profit = v.get("gross_profit")
    annual_gp = None
    if gross_profit is not None and days:
        annual_gp = gross_profit * 365.0 / days
    put("gmroi", div(annual_gp, v.get("avg_inventory_value")))

    put("stockout_rate_pct", pct(v.get("_stockout_zero"), v.get("_stockout_pairs")))
    put("shrinkage_pct", pct(v.get("shrink_value"), v.get("_shrink_sales")))

    n = v.get("_nps_n")
    if n:
        put("nps", pct(v.get("_nps_promoters"), n) - pct(v.get("_nps_detractors"), n))

    put("operating_profit", sub(v.get("gross_profit"), v.get("opex")))
    put("operating_margin_pct", pct(v.get("operating_profit"), v.get("net_sales")))
    put("opex_ratio_pct", pct(v.get("opex"), v.get("net_sales")))
    put("roe_pct", pct(v.get("_net_income_12m"), v.get("_equity")))
    put("roa_pct", pct(v.get("_net_income_12m"), v.get("_total_assets")))
    put("osa_pct", pct(v.get("_osa_available"), v.get("_osa_counted")))
    put("fill_rate_pct", pct(v.get("_po_received"), v.get("_po_ordered")))
    put("sell_through_pct", pct(v.get("_st_sold"), v.get("_st_base")))
    sold_28 = v.get("_cover_sold_28d")
    put("weeks_of_cover", div(v.get("_cover_stock"), None if sold_28 is None else sold_28 / 4.0))
    return v


def status_of(kpi_id, actual, budget):
    """Budget-based status only: green / amber (shortfall <= 5 % of |budget|) / red."""
    direction = DIRECTION[kpi_id]
    if direction == 0 or actual is None or budget is None:
        return "none"
    shortfall = (budget - actual) if direction > 0 else (actual - budget)
    if shortfall <= 0:
        return "green"
    if shortfall <= 0.05 * abs(budget):
        return "amber"
    return "red"


# --------------------------------------------------------------------------
# Preparing the data once (plain indexes: dicts of lists)
# --------------------------------------------------------------------------

CANCELLATION = re.compile(r"^C\d")


class _Data:
    """Holds the tables and a few plain indexes built with loops."""

    def __init__(self, tables):
        self.tables = tables

        # store master
        self.area = {}
        self.name_to_code = {}
        codes = set()
        for row in tables.get("stores") or []:
            code = to_text(row.get("store"))
            if code is None:
                continue
            codes.add(code)
            self.area[code] = row.get("floor_area")
            if row.get("store_name") is not None:
                self.name_to_code[str(row.get("store_name"))] = code
        self.master_codes = codes

        # inventory rows, indexed
        self.inventory = []
        for row in tables.get("inventory") or []:
            if row.get("date") is None:
                continue
            self.inventory.append({
                "date": to_date(row.get("date")),
                "store": to_text(row.get("store")) or "MAIN",
                "sku": to_text(row.get("sku")),
                "on_hand": row.get("on_hand"),
                "unit_cost": row.get("unit_cost"),
            })
        self.inv_by_store_date = {}   # store -> {date: [rows]}
        self.inv_by_sku = {}          # sku -> [rows]
        for row in self.inventory:
            self.inv_by_store_date.setdefault(row["store"], {}).setdefault(row["date"], []).append(row)
            self.inv_by_sku.setdefault(row["sku"], []).append(row)

        # sales lines
        self.sales = []
        self.has_receipts = False
        self.has_qty = False
        self.has_customers = False
        self.has_cost = False
        for row in tables.get("sales") or []:
            line = self._sales_line(row)
            if line is None:
                continue
            self.sales.append(line)
        self.sales_by_store_month = {}
        for line in self.sales:
            key = (line["store"], line["month"])
            self.sales_by_store_month.setdefault(key, []).append(line)
        self.stores = sorted(set(line["store"] for line in self.sales))

        # traffic
        self.traffic_by_store_month = {}
        self.has_visitors = False
        self.has_labor = False
        self.has_traffic_transactions = False
        for row in tables.get("traffic") or []:
            day = to_date(row.get("date"))
            if day is None:
                continue
            store = to_text(row.get("store")) or "MAIN"
            self.traffic_by_store_month.setdefault((store, month_of(day)), []).append(row)
            if row.get("visitors") is not None:
                self.has_visitors = True
            if row.get("labor_hours") is not None:
                self.has_labor = True
            if row.get("transactions") is not None:
                self.has_traffic_transactions = True

        # stocktake
        self.counts_by_store_month = {}
        for row in tables.get("stocktake") or []:
            day = to_date(row.get("date"))
            if day is None:
                continue
            store = to_text(row.get("store")) or "MAIN"
            self.counts_by_store_month.setdefault((store, month_of(day)), []).append(row)

        # survey
        self.survey_by_store_month = {}
        for row in tables.get("survey") or []:
            day = to_date(row.get("date"))
            if day is None or row.get("score") is None:
                continue
            store = to_text(row.get("store")) or "MAIN"
            self.survey_by_store_month.setdefault((store, month_of(day)), []).append(row)

        # finance and budget
        self.finance = []
        for row in tables.get("finance") or []:
            month = to_month(row.get("month"))
            if month is None:
                continue
            entry = dict(row)
            entry["month"] = month
            entry["store"] = to_text(row.get("store"))
            self.finance.append(entry)
        self.budget = []
        for row in tables.get("budget") or []:
            month = to_month(row.get("month"))
            if month is None:
                continue
            entry = dict(row)
            entry["month"] = month
            entry["store"] = to_text(row.get("store"))
            self.budget.append(entry)

        self._close_cache = {}
        self._customer_cache = {}
        self._actual_cache = {}

    # -- sales line normalisation ------------------------------------------
    def _sales_line(self, row):
        net_sales = row.get("net_sales")
        qty = row.get("qty")
        if net_sales is None and qty is not None and row.get("unit_price") is not None:
            net_sales = qty * row.get("unit_price")
        if net_sales is None or row.get("date") is None:
            return None
        day = to_date(row.get("date"))
        store = to_text(row.get("store"))
        if store is None:
            store = "MAIN"
        elif store not in self.master_codes and store in self.name_to_code:
            store = self.name_to_code[store]
        receipt = to_text(row.get("receipt"))
        cost = row.get("cost")
        gross_profit = row.get("gross_profit")
        if cost is not None or gross_profit is not None:
            self.has_cost = True
        # a cancellation receipt ('C' + digit) with a positive amount is a return
        if receipt is not None and CANCELLATION.match(receipt) and net_sales > 0:
            net_sales = -net_sales
            if qty is not None:
                qty = -abs(qty)
            if cost is not None:
                cost = -abs(cost)
            if gross_profit is not None:
                gross_profit = -gross_profit
        sku = to_text(row.get("sku"))
        if cost is None and gross_profit is not None:
            cost = net_sales - gross_profit
        if cost is None and qty is not None and sku is not None:
            unit_cost = self._nearest_unit_cost(store, sku, day)
            if unit_cost is not None:
                cost = qty * unit_cost
        if receipt is not None:
            self.has_receipts = True
        if qty is not None:
            self.has_qty = True
        customer = to_text(row.get("customer"))
        if customer is not None:
            self.has_customers = True
        return {
            "date": day, "month": month_of(day), "store": store, "receipt": receipt,
            "sku": sku, "qty": qty, "net_sales": float(net_sales),
            "cost": cost, "customer": customer,
            "transactions": row.get("transactions"), "channel": row.get("channel"),
        }

    def _nearest_unit_cost(self, store, sku, day):
        """Unit cost from the inventory snapshot nearest in time (same store first)."""
        rows = self.inv_by_sku.get(sku) or []
        for same_store_only in (True, False):
            best = None
            for row in rows:
                if row["unit_cost"] is None:
                    continue
                if same_store_only and row["store"] != store:
                    continue
                key = (abs((row["date"] - day).days), row["date"], row["store"])
                if best is None or key < best[0]:
                    best = (key, row["unit_cost"])
            if best is not None:
                return best[1]
        return None

    # -- scopes ----------------------------------------------------------------
    def scope_stores(self, scope):
        if scope == "total":
            return list(self.stores)
        return [scope[len("store:"):]]

    def sales_lines(self, scope, month):
        lines = []
        for store in self.scope_stores(scope):
            lines.extend(self.sales_by_store_month.get((store, month)) or [])
        return lines

    # -- month-close stock -------------------------------------------------------
    def store_close(self, store, month):
        """(value, {sku: on_hand}) of the store's month-close snapshot, or None.

        The latest snapshot dated within the last 3 days of the month or on
        the 1st of the next month; its rows are summed.
        """
        key = (store, month)
        if key in self._close_cache:
            return self._close_cache[key]
        end = last_day(month)
        window_start = end - datetime.timedelta(days=2)
        next_first = end + datetime.timedelta(days=1)
        chosen = None
        for day in (self.inv_by_store_date.get(store) or {}):
            if window_start <= day <= end or day == next_first:
                if chosen is None or day > chosen:
                    chosen = day
        result = None
        if chosen is not None:
            value = 0.0
            on_hand = {}
            for row in self.inv_by_store_date[store][chosen]:
                if row["on_hand"] is None or row["unit_cost"] is None or value is None:
                    value = None
                else:
                    value += row["on_hand"] * row["unit_cost"]
                if row["on_hand"] is not None:
                    on_hand[row["sku"]] = on_hand.get(row["sku"], 0.0) + row["on_hand"]
            result = (value, on_hand)
        self._close_cache[key] = result
        return result

    def inventory_close(self, scope, month):
        if not self.inventory:
            return None
        if scope == "total":
            stores = sorted(self.inv_by_store_date)
        else:
            stores = self.scope_stores(scope)
        values = []
        for store in stores:
            close = self.store_close(store, month)
            if close is not None:
                values.append(close[0])
        if not values:
            return None
        if any(value is None for value in values):
            return None
        return sum(values)

    def inventory_in_month(self, store, sku, month, field):
        """Value of `field` from the inventory snapshot of the same store, SKU
        and calendar month, the one nearest to month end."""
        best = None
        for row in self.inv_by_sku.get(sku) or []:
            if row["store"] != store or month_of(row["date"]) != month:
                continue
            if row[field] is None:
                continue
            if best is None or row["date"] > best[0]:
                best = (row["date"], row[field])
        return None if best is None else best[1]


# --------------------------------------------------------------------------
# Actual values of one scope and month
# --------------------------------------------------------------------------

def _transactions(data, scope, month, lines):
    if data.has_receipts:
        receipt_sums = {}
        for line in lines:
            if line["receipt"] is None:
                continue
            key = (line["store"], line["receipt"])
            receipt_sums[key] = receipt_sums.get(key, 0.0) + line["net_sales"]
        count = 0
        for total in receipt_sums.values():
            if total > 0:
                count += 1
        return float(count)
    # no receipts: a transactions column in the sales sheet, else in traffic
    from_sales = [line["transactions"] for line in lines if line["transactions"] is not None]
    if from_sales:
        return float(sum(from_sales))
    values = []
    for store in data.scope_stores(scope):
        for row in data.traffic_by_store_month.get((store, month)) or []:
            if row.get("transactions") is not None:
                values.append(row.get("transactions"))
    if values:
        return float(sum(values))
    return None


def _finance_value(data, scope, month, field):
    """Rows without store are the total's; without such rows the total is
    the sum of the store rows (decided per month and field)."""
    if scope == "total":
        company = [row.get(field) for row in data.finance
                   if row["month"] == month and row["store"] is None
                   and row.get(field) is not None]
        if company:
            return float(sum(company))
        stores = [row.get(field) for row in data.finance
                  if row["month"] == month and row["store"] is not None
                  and row.get(field) is not None]
        if stores:
            return float(sum(stores))
        return None
    store = scope[len("store:"):]
    values = [row.get(field) for row in data.finance
              if row["month"] == month and row["store"] == store
              and row.get(field) is not None]
    if values:
        return float(sum(values))
    return None


def _count_period_sales(data, store, month):
    """Net sales of the store's count period ending in `month`."""
    previous = None
    for (count_store, count_month) in data.counts_by_store_month:
        if count_store == store and count_month < month:
            if previous is None or count_month > previous:
                previous = count_month
    if previous is None:
        start = add_months(month, -11)
    else:
        start = add_months(previous, 1)
    total = 0.0
    current = start
    while current <= month:
        for line in data.sales_by_store_month.get((store, current)) or []:
            total += line["net_sales"]
        current = add_months(current, 1)
    return total


def _shrink(data, scope, month):
    """(shrink_value, count-period net sales) over the stores counted in month."""
    shrink_total = None
    sales_total = None
    for store in sorted(set(s for (s, m) in data.counts_by_store_month if m == month)):
        if scope != "total" and scope != "store:" + store:
            continue
        store_shrink = 0.0
        for row in data.counts_by_store_month[(store, month)]:
            sku = to_text(row.get("sku"))
            book = row.get("book_qty")
            if book is None:
                book = data.inventory_in_month(store, sku, month, "on_hand")
            unit_cost = row.get("unit_cost")
            if unit_cost is None:
                unit_cost = data.inventory_in_month(store, sku, month, "unit_cost")
            counted = row.get("counted_qty")
            if book is None or counted is None or unit_cost is None or store_shrink is None:
                store_shrink = None
            else:
                store_shrink += (book - counted) * unit_cost
        period_sales = _count_period_sales(data, store, month)
        if store_shrink is None:
            return None, None
        shrink_total = store_shrink if shrink_total is None else shrink_total + store_shrink
        sales_total = period_sales if sales_total is None else sales_total + period_sales
    return shrink_total, sales_total


def _stockout(data, scope, month, lines):
    pairs = 0
    zero = 0
    for store in data.scope_stores(scope):
        close = data.store_close(store, month)
        if close is None:
            continue
        on_hand = close[1]
        sold = set()
        for line in lines:
            if line["store"] == store and line["net_sales"] > 0 and line["sku"] is not None:
                sold.add(line["sku"])
        for sku in sold:
            if sku in on_hand:
                pairs += 1
                if on_hand[sku] <= 0:
                    zero += 1
    return pairs, zero


def _customer_index(data, scope):
    """Per scope: purchase dates per customer, first purchase, identified lines."""
    if scope in data._customer_cache:
        return data._customer_cache[scope]
    purchase_days = {}     # customer -> set of dates with a purchase (net_sales > 0)
    identified = []        # (month, customer, net_sales) of every identified line
    for store in data.scope_stores(scope):
        for (line_store, _month), lines in data.sales_by_store_month.items():
            if line_store != store:
                continue
            for line in lines:
                if line["customer"] is None:
                    continue
                identified.append((line["month"], line["customer"], line["net_sales"]))
                if line["net_sales"] > 0:
                    purchase_days.setdefault(line["customer"], set()).add(line["date"])
    first = {}
    for customer, days in purchase_days.items():
        first[customer] = min(days)
    index = {"purchase_days": purchase_days, "first": first, "identified": identified}
    data._customer_cache[scope] = index
    return index


def _active_at(index, end_day):
    """Customers who bought on one of the 180 days ending on end_day."""
    start = end_day - datetime.timedelta(days=179)
    active = set()
    for customer, days in index["purchase_days"].items():
        for day in days:
            if start <= day <= end_day:
                active.add(customer)
                break
    return active


def _customer_kpis(data, scope, month):
    index = _customer_index(data, scope)
    result = {}

    buyers = set()
    for customer, days in index["purchase_days"].items():
        for day in days:
            if month_of(day) == month:
                buyers.add(customer)
                break
    result["customers"] = float(len(buyers))

    new = 0
    for customer in buyers:
        if month_of(index["first"][customer]) == month:
            new += 1
    result["new_customer_pct"] = pct(float(new), float(len(buyers)))

    window_start = first_day(add_months(month, -11))
    window_end = last_day(month)
    buyers_12m = 0
    repeaters = 0
    for customer, days in index["purchase_days"].items():
        distinct = set(day for day in days if window_start <= day <= window_end)
        if distinct:
            buyers_12m += 1
            if len(distinct) >= 2:
                repeaters += 1
    result["repeat_rate_pct"] = pct(float(repeaters), float(buyers_12m))

    active_before = _active_at(index, last_day(add_months(month, -1)))
    active_now = _active_at(index, window_end)
    lost = len(active_before - active_now)
    churn = pct(float(lost), float(len(active_before)))
    result["churn_rate_pct"] = churn

    first_month = add_months(month, -11)
    sales_12m = 0.0
    customers_12m = set()
    for line_month, customer, net_sales in index["identified"]:
        if first_month <= line_month <= month:
            sales_12m += net_sales
            customers_12m.add(customer)
    clv = None
    if churn is not None and customers_12m:
        annual_churn = 1.0 - (1.0 - churn / 100.0) ** 12
        if annual_churn <= 0:
            lifetime = 10.0
        else:
            lifetime = min(1.0 / annual_churn, 10.0)
        clv = sales_12m / len(customers_12m) * lifetime
    result["clv"] = clv
    return result


def _actual_values(data, scope, month):
    """All primitive parts and KPI values of one scope and month (cached)."""
    key = (scope, month)
    if key in data._actual_cache:
        return data._actual_cache[key]
    v = {"_days": float(days_in_month(month))}
    stores = data.scope_stores(scope)

    # sales
    lines = data.sales_lines(scope, month)
    if lines:
        net_sales = 0.0
        cogs = 0.0
        positive = 0.0
        negative = 0.0
        qty = 0.0
        for line in lines:
            net_sales += line["net_sales"]
            if line["net_sales"] > 0:
                positive += line["net_sales"]
            if line["net_sales"] < 0:
                negative += -line["net_sales"]
            if line["cost"] is None or cogs is None:
                cogs = None
            else:
                cogs += line["cost"]
            if line["qty"] is None or qty is None:
                qty = None
            else:
                qty += line["qty"]
        v["net_sales"] = net_sales
        v["cogs"] = cogs
        v["_pos_sales"] = positive
        v["_neg_sales"] = negative
        v["_qty"] = qty
        v["transactions"] = _transactions(data, scope, month, lines)
        # floor area: stores with sales in the month; null if one has no area
        with_sales = sorted(set(line["store"] for line in lines))
        area = 0.0
        for store in with_sales:
            if data.area.get(store) is None or area is None:
                area = None
            else:
                area += data.area[store]
        v["_floor_area"] = area
    elif not data.has_receipts:
        v["transactions"] = _transactions(data, scope, month, lines)

    # traffic
    traffic_rows = []
    for store in stores:
        traffic_rows.extend(data.traffic_by_store_month.get((store, month)) or [])
    if traffic_rows:
        v["visitors"] = sum_or_none(row.get("visitors") for row in traffic_rows)
        v["labor_hours"] = sum_or_none(row.get("labor_hours") for row in traffic_rows)

    # inventory
    v["inventory_value"] = data.inventory_close(scope, month)
    v["_inv_prev_close"] = data.inventory_close(scope, add_months(month, -1))
    if data.inventory and lines:
        pairs, zero = _stockout(data, scope, month, lines)
        v["_stockout_pairs"] = float(pairs)
        v["_stockout_zero"] = float(zero)

    # stocktake
    shrink_value, shrink_sales = _shrink(data, scope, month)
    v["shrink_value"] = shrink_value
    v["_shrink_sales"] = shrink_sales

    # customers (look back over all sales data; store scope: its lines only)
    if data.has_customers and lines:
        v.update(_customer_kpis(data, scope, month))

    # survey
    scores = []
    for store in stores:
        for row in data.survey_by_store_month.get((store, month)) or []:
            scores.append(row.get("score"))
    if scores:
        v["_nps_n"] = float(len(scores))
        v["_nps_promoters"] = float(sum(1 for s in scores if s >= 9))
        v["_nps_detractors"] = float(sum(1 for s in scores if s <= 6))

    # finance
    v["opex"] = _finance_value(data, scope, month, "opex")
    if scope == "total":
        incomes = []
        for i in range(12):
            incomes.append(_finance_value(data, scope, add_months(month, -i), "net_income"))
        v["_net_income_12m"] = sum_or_none(incomes)
        v["_equity"] = _finance_value(data, scope, month, "equity")
        v["_total_assets"] = _finance_value(data, scope, month, "total_assets")

    # availability, fill rate, sell-through and cover (part 2)
    v.update(_supply_parts(data, scope, month))

    result = evaluate(v)
    data._actual_cache[key] = result
    return result


# --------------------------------------------------------------------------
# Part 2: the daily book stock of every (store, SKU), walked day by day
# --------------------------------------------------------------------------

class _SupplyData:
    """Stock movements per (store, sku): snapshots, units sold, goods received,
    adjustments; the book stock at the end of every day from the first snapshot."""

    def __init__(self, data):
        tables = data.tables
        self.snapshots = {}   # pair -> {day: on_hand}, the last row of a day wins
        self.sold = {}        # pair -> {day: net units}
        self.line_days = {}   # pair -> set of days with a sales line
        self.received = {}    # pair -> {day: units}
        self.receipt_days = {}
        self.change = {}      # pair -> {day: stock change}
        for row in data.inventory:
            if row["sku"] is None or row["on_hand"] is None:
                continue
            self.snapshots.setdefault((row["store"], row["sku"]), {})[row["date"]] = row["on_hand"]
        self.last_sale = None
        for line in data.sales:
            if line["sku"] is None:
                continue
            pair = (line["store"], line["sku"])
            qty = line["qty"] or 0.0
            self.sold.setdefault(pair, {})
            self.sold[pair][line["date"]] = self.sold[pair].get(line["date"], 0.0) + qty
            self.line_days.setdefault(pair, set()).add(line["date"])
            self.change.setdefault(pair, {})
            self.change[pair][line["date"]] = self.change[pair].get(line["date"], 0.0) - qty
            if self.last_sale is None or line["date"] > self.last_sale:
                self.last_sale = line["date"]
        self.goods_rows = []
        for row in tables.get("receipts") or []:
            day, sku = to_date(row.get("date")), to_text(row.get("sku"))
            if day is None or sku is None or row.get("received_qty") is None:
                continue
            pair = (to_text(row.get("store")) or "MAIN", sku)
            qty = row["received_qty"]
            self.goods_rows.append((pair, day, qty, to_text(row.get("order_id"))))
            self.received.setdefault(pair, {})
            self.received[pair][day] = self.received[pair].get(day, 0.0) + qty
            self.receipt_days.setdefault(pair, set()).add(day)
            self.change.setdefault(pair, {})
            self.change[pair][day] = self.change[pair].get(day, 0.0) + qty
        adjustments = [row for row in tables.get("adjustments") or []
                       if to_date(row.get("date")) is not None and to_text(row.get("sku")) is not None
                       and row.get("qty") is not None]
        nonzero = [row["qty"] for row in adjustments if row["qty"] != 0]
        flip = bool(nonzero) and all(q < 0 for q in nonzero)  # a sheet of changes, not of units taken out
        for row in adjustments:
            pair = (to_text(row.get("store")) or "MAIN", to_text(row.get("sku")))
            day = to_date(row.get("date"))
            removed = -row["qty"] if flip else row["qty"]
            self.change.setdefault(pair, {})
            self.change[pair][day] = self.change[pair].get(day, 0.0) - removed
        self.orders = []
        for row in tables.get("purchase_orders") or []:
            if to_text(row.get("sku")) is None or row.get("ordered_qty") is None:
                continue
            self.orders.append(row)
        # daily snapshots: some store with snapshots on 20 or more days of a month
        days_per_month = {}
        for row in data.inventory:
            days_per_month.setdefault((row["store"], month_of(row["date"])), set()).add(row["date"])
        self.daily = bool(self.goods_rows) or any(len(d) >= 20 for d in days_per_month.values())
        self.pairs = set(self.snapshots) | set(self.sold) | set(self.received) | set(self.change)
        self._stock = {}

    def as_of(self, month):
        """The month's as-of day: its last day, or the last sales date before it."""
        end = last_day(month)
        return end if self.last_sale is None or self.last_sale >= end else self.last_sale

    def stock(self, pair):
        """{day: book stock at the end of the day} from the first snapshot on."""
        if pair not in self._stock:
            snaps = self.snapshots.get(pair) or {}
            out = {}
            if snaps and self.last_sale is not None:
                day = min(snaps)
                changes = self.change.get(pair) or {}
                level = 0.0
                while day <= self.last_sale:
                    if day in snaps:
                        level = snaps[day]
                    else:
                        level += changes.get(day, 0.0)
                    out[day] = level
                    day += datetime.timedelta(days=1)
            self._stock[pair] = out
        return self._stock[pair]


def _supply(data):
    if not hasattr(data, "_supply_data"):
        data._supply_data = _SupplyData(data)
    return data._supply_data


def _closes(day):
    """Months a snapshot dated `day` closes: the last 3 days of a month or the 1st of the next."""
    out = []
    if day.day >= days_in_month(month_of(day)) - 2:
        out.append(month_of(day))
    if day.day == 1:
        out.append(month_of(day - datetime.timedelta(days=1)))
    return out


def _supply_parts(data, scope, month):
    s = _supply(data)
    stores = set(data.scope_stores(scope))
    first, a = first_day(month), s.as_of(month)
    out = {}
    if a < first or not data.sales:
        return out
    one = datetime.timedelta(days=1)
    available = counted = sold_sum = base_sum = stock_sum = sold_28 = 0.0
    any_stock = False
    for pair in s.pairs:
        if pair[0] not in stores:
            continue
        stock = s.stock(pair)
        snaps = s.snapshots.get(pair) or {}
        sold = s.sold.get(pair) or {}
        received = s.received.get(pair) or {}
        in_month = lambda days: any(first <= d <= a for d in days)  # noqa: E731
        ranged = in_month(s.line_days.get(pair, ())) or in_month(s.receipt_days.get(pair, ())) or any(
            c in (month, add_months(month, -1)) for d in snaps for c in _closes(d))
        if ranged:
            day = first
            while day <= a:
                if (day - one) in stock:
                    counted += 1
                    if stock[day - one] > 0:
                        available += 1
                day += one
        opening = stock.get(first - one)
        if opening is not None or in_month(s.receipt_days.get(pair, ())):
            sold_sum += sum(q for d, q in sold.items() if first <= d <= a)
            base_sum += (opening or 0.0) + sum(q for d, q in received.items() if first <= d <= a)
        if a in stock:
            any_stock = True
            stock_sum += stock[a]
        sold_28 += sum(q for d, q in sold.items() if a - 27 * one <= d <= a)
    if s.daily:
        out["_osa_available"], out["_osa_counted"] = available, counted
    out["_st_sold"], out["_st_base"] = sold_sum, base_sum
    out["_cover_stock"] = stock_sum if any_stock else None
    out["_cover_sold_28d"] = sold_28
    received_by_line = {}
    for pair, day, qty, order_id in s.goods_rows:
        if order_id is not None and day <= a:
            key = (order_id, pair)
            received_by_line[key] = received_by_line.get(key, 0.0) + qty
    got = ordered = 0.0
    lines = 0
    for row in s.orders:
        due = to_date(row.get("due_date"))
        store = to_text(row.get("store")) or "MAIN"
        if due is None or month_of(due) != month or store not in stores:
            continue
        pair = (store, to_text(row.get("sku")))
        received = row.get("received_qty")
        if received is None:
            received = received_by_line.get((to_text(row.get("order_id")), pair), 0.0)
        got += min(received, row["ordered_qty"])
        ordered += row["ordered_qty"]
        lines += 1
    if lines:
        out["_po_received"], out["_po_ordered"] = got, ordered
    return out


def _ytd_values(data, scope, months):
    """Parts summed over the fiscal months, then every ratio recomputed."""
    monthly = [_actual_values(data, scope, month) for month in months]
    v = {}
    for part in YTD_PARTS:
        values = []
        poisoned = False
        for month_values in monthly:
            value = month_values.get(part)
            if value is None and part in YTD_POISONED and month_values.get("net_sales") is not None:
                poisoned = True
            values.append(value)
        v[part] = None if poisoned else sum_or_none(values)
    return evaluate(v)


# --------------------------------------------------------------------------
# Budgets
# --------------------------------------------------------------------------

def _budget_kpis(data):
    kpis = set()
    for row in data.budget:
        for key, value in row.items():
            if key in ("month", "store") or value is None:
                continue
            if key in DIRECTION:
                kpis.add(key)
    return kpis


def _direct_budget(data, scope, month, kpi_id):
    if scope == "total":
        company = [row.get(kpi_id) for row in data.budget
                   if row["month"] == month and row["store"] is None
                   and row.get(kpi_id) is not None]
        if company:
            return float(sum(company))
        if kpi_id in ADDITIVE:
            stores = [row.get(kpi_id) for row in data.budget
                      if row["month"] == month and row["store"] is not None
                      and row.get(kpi_id) is not None]
            if stores:
                return float(sum(stores))
        return None
    store = scope[len("store:"):]
    values = [row.get(kpi_id) for row in data.budget
              if row["month"] == month and row["store"] == store
              and row.get(kpi_id) is not None]
    if values:
        return float(sum(values))
    return None


def _budget_values(data, scope, month, budget_kpis):
    """Direct budgets, then every other KPI from its formula over the budgets
    of its parts; floor area and days in the month come from the actuals."""
    actual = _actual_values(data, scope, month)
    v = {"_floor_area": actual.get("_floor_area"), "_days": actual.get("_days")}
    for kpi_id in budget_kpis:
        v[kpi_id] = _direct_budget(data, scope, month, kpi_id)
    if "inventory_value" in budget_kpis:
        v["_inv_prev_close"] = _direct_budget(data, scope, add_months(month, -1),
                                              "inventory_value")
    return evaluate(v)


def _ytd_budget_values(data, scope, months, budget_kpis):
    monthly = [_budget_values(data, scope, month, budget_kpis) for month in months]
    v = {}
    for part in YTD_BUDGET_PARTS:
        values = [month_values.get(part) for month_values in monthly]
        if values and all(value is not None for value in values):
            v[part] = sum(values)
        else:
            v[part] = None
    return evaluate(v)


# --------------------------------------------------------------------------
# Which KPIs have their inputs present
# --------------------------------------------------------------------------

def _present_kpis(data):
    present = []
    has_sales = bool(data.sales)
    has_cost = has_sales and (data.has_cost or any(
        row["unit_cost"] is not None for row in data.inventory))
    has_area = any(value is not None for value in data.area.values())
    has_inventory = bool(data.inventory)
    has_counts = bool(data.counts_by_store_month)
    has_survey = bool(data.survey_by_store_month)
    has_opex = any(row.get("opex") is not None for row in data.finance)
    has_income = any(row.get("net_income") is not None for row in data.finance)
    has_equity = any(row.get("equity") is not None for row in data.finance)
    has_assets = any(row.get("total_assets") is not None for row in data.finance)
    has_transactions = has_sales and (
        data.has_receipts or data.has_traffic_transactions
        or any(line["transactions"] is not None for line in data.sales))
    needs = {
        "net_sales": has_sales,
        "cogs": has_cost,
        "gross_profit": has_cost,
        "gross_margin_pct": has_cost,
        "transactions": has_transactions,
        "atv": has_transactions,
        "units_per_transaction": has_transactions and data.has_qty,
        "return_rate_pct": has_sales,
        "visitors": data.has_visitors,
        "conversion_rate_pct": has_transactions and data.has_visitors,
        "sales_per_area": has_sales and has_area,
        "gross_profit_per_area": has_cost and has_area,
        "labor_hours": data.has_labor,
        "sales_per_labor_hour": has_sales and data.has_labor,
        "labor_productivity": has_cost and data.has_labor,
        "inventory_value": has_inventory,
        "avg_inventory_value": has_inventory,
        "days_of_inventory": has_inventory and has_cost,
        "inventory_turnover": has_inventory and has_cost,
        "gmroi": has_inventory and has_cost,
        "stockout_rate_pct": has_inventory and has_sales,
        "shrink_value": has_counts,
        "shrinkage_pct": has_counts and has_sales,
        "customers": has_sales and data.has_customers,
        "new_customer_pct": has_sales and data.has_customers,
        "repeat_rate_pct": has_sales and data.has_customers,
        "churn_rate_pct": has_sales and data.has_customers,
        "clv": has_sales and data.has_customers,
        "nps": has_survey,
        "opex": has_opex,
        "operating_profit": has_opex and has_cost,
        "operating_margin_pct": has_opex and has_cost,
        "opex_ratio_pct": has_opex and has_sales,
        "roe_pct": has_income and has_equity,
        "roa_pct": has_income and has_assets,
        "osa_pct": has_inventory and data.has_qty and _supply(data).daily,
        "fill_rate_pct": bool(data.tables.get("purchase_orders")),
        "sell_through_pct": has_inventory and data.has_qty,
        "weeks_of_cover": has_inventory and data.has_qty,
    }
    for kpi_id in KPI_IDS:
        if needs[kpi_id]:
            present.append(kpi_id)
    return present


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------

def expected_kpis(tables, period, fiscal_year_start=4):
    """{(kpi_id, scope): {actual, budget, variance, variance_pct, prev_month,
    mom_pct, prev_year, yoy_pct, ytd, ytd_budget, status}} for `period`.

    scope is 'total' or 'store:<id>' for every store with sales lines.
    ROE and ROA exist for 'total' only.
    """
    data = _Data(tables)
    kpis = _present_kpis(data)
    budget_kpis = _budget_kpis(data)
    scopes = ["total"] + ["store:" + store for store in data.stores]
    prev_month = add_months(period, -1)
    prev_year = add_months(period, -12)
    ytd_months = fiscal_months(period, fiscal_year_start)

    results = {}
    for scope in scopes:
        actual = _actual_values(data, scope, period)
        previous = _actual_values(data, scope, prev_month)
        last_year = _actual_values(data, scope, prev_year)
        ytd = _ytd_values(data, scope, ytd_months)
        budget = _budget_values(data, scope, period, budget_kpis)
        ytd_budget = _ytd_budget_values(data, scope, ytd_months, budget_kpis)
        for kpi_id in kpis:
            if kpi_id in ("roe_pct", "roa_pct") and scope != "total":
                continue
            a = actual.get(kpi_id)
            b = budget.get(kpi_id)
            pm = previous.get(kpi_id)
            py = last_year.get(kpi_id)
            variance = sub(a, b)
            entry = {
                "actual": a,
                "budget": b,
                "variance": variance,
                "variance_pct": None if variance is None or not b else variance / abs(b) * 100.0,
                "prev_month": pm,
                "mom_pct": change_pct(a, pm),
                "prev_year": py,
                "yoy_pct": change_pct(a, py),
                "ytd": None if kpi_id in YTD_NULL else ytd.get(kpi_id),
                "ytd_budget": None if kpi_id in YTD_NULL else ytd_budget.get(kpi_id),
                "status": status_of(kpi_id, a, b),
            }
            results[(kpi_id, scope)] = entry
    return results


def expected_abc(tables, period, window="month"):
    """ABC classes over the period ('month') or the 12 months to it ('12m').

    SKUs sorted by net_sales descending, ties by SKU id ascending; with
    before = cumulative share of the SKUs ahead: A if before < 70 %,
    B if before < 90 %, else C. Every SKU with a line in the period counts
    (including SKUs whose net sales are zero or negative).
    """
    data = _Data(tables)
    first = period if window == "month" else add_months(period, -11)
    per_sku = {}
    for line in data.sales:
        if line["sku"] is None:
            continue
        if first <= line["month"] <= period:
            per_sku[line["sku"]] = per_sku.get(line["sku"], 0.0) + line["net_sales"]
    ordered = sorted(per_sku.items(), key=lambda item: (-item[1], item[0]))
    grand_total = 0.0
    for _sku, value in ordered:
        grand_total += value
    classes = {"A": {"skus": 0, "net_sales": 0.0}, "B": {"skus": 0, "net_sales": 0.0},
               "C": {"skus": 0, "net_sales": 0.0}}
    before = 0.0
    for _sku, value in ordered:
        share = before / grand_total * 100.0 if grand_total else 100.0
        if share < 70.0:
            label = "A"
        elif share < 90.0:
            label = "B"
        else:
            label = "C"
        classes[label]["skus"] += 1
        classes[label]["net_sales"] += value
        before += value
    return classes


def expected_data_totals(tables):
    """Net sales summed over all usable sales lines (after the return rule)."""
    data = _Data(tables)
    total = 0.0
    for line in data.sales:
        total += line["net_sales"]
    return total


CHANNEL_KPI_IDS = ["net_sales", "cogs", "gross_profit", "gross_margin_pct", "transactions", "atv",
                   "units_per_transaction", "return_rate_pct", "customers"]


def _channel_month_values(lines, month):
    """The sales KPIs of one channel scope's lines in one month (None without lines)."""
    lines = [line for line in lines if line["month"] == month]
    if not lines:
        return None
    net_sales, cogs, positive, negative, qty = 0.0, 0.0, 0.0, 0.0, 0.0
    receipts = {}
    buyers = set()
    for line in lines:
        net_sales += line["net_sales"]
        if line["net_sales"] > 0:
            positive += line["net_sales"]
            if line["customer"] is not None:
                buyers.add(line["customer"])
        if line["net_sales"] < 0:
            negative += -line["net_sales"]
        cogs = None if (cogs is None or line["cost"] is None) else cogs + line["cost"]
        qty = None if (qty is None or line["qty"] is None) else qty + line["qty"]
        if line["receipt"] is not None:
            key = (line["store"], line["receipt"])
            receipts[key] = receipts.get(key, 0.0) + line["net_sales"]
    transactions = float(sum(1 for total in receipts.values() if total > 0))
    v = {"net_sales": net_sales, "cogs": cogs, "_pos_sales": positive, "_neg_sales": negative, "_qty": qty,
         "transactions": transactions}
    v = evaluate(v)
    v["customers"] = float(len(buyers))
    return v


def expected_channel_kpis(tables, period, fiscal_year_start=4):
    """{(kpi_id, scope): {actual, prev_month, mom_pct, prev_year, yoy_pct, ytd}}
    for the scopes channel:<name> and store:<id>/channel:<name> (replenishment
    contract section 5), and channel_share_pct for channel:<name>.

    A channel is the channel cell trimmed; cells differing only in case are one
    channel, named as first written. Lines without a channel are in no scope."""
    data = _Data(tables)
    spelled = {}
    by_scope = {}
    for line in data.sales:
        text = to_text(line.get("channel"))
        if text is None:
            continue
        name = spelled.setdefault(text.casefold(), text)
        by_scope.setdefault("channel:" + name, []).append(line)
        by_scope.setdefault("store:" + line["store"] + "/channel:" + name, []).append(line)
    totals = {}
    for line in data.sales:
        totals[line["month"]] = totals.get(line["month"], 0.0) + line["net_sales"]
    months = {"actual": period, "prev_month": add_months(period, -1), "prev_year": add_months(period, -12)}
    ytd_months = fiscal_months(period, fiscal_year_start)
    results = {}
    for scope, lines in by_scope.items():
        values = {k: _channel_month_values(lines, m) for k, m in months.items()}
        monthly = [_channel_month_values(lines, m) for m in ytd_months]
        summed = {}
        for part in ("net_sales", "cogs", "_pos_sales", "_neg_sales", "_qty", "transactions"):
            got = [m[part] for m in monthly if m is not None]
            summed[part] = None if (not got or any(g is None for g in got)) else sum(got)
        ytd = evaluate(summed)
        for kpi_id in CHANNEL_KPI_IDS:
            a, pm, py = (None if values[k] is None else values[k].get(kpi_id) for k in months)
            results[(kpi_id, scope)] = {"actual": a, "prev_month": pm, "mom_pct": change_pct(a, pm),
                                        "prev_year": py, "yoy_pct": change_pct(a, py),
                                        "ytd": None if kpi_id == "customers" else ytd.get(kpi_id)}
        if "/" not in scope:
            share = {k: (None if values[k] is None else pct(values[k]["net_sales"], totals.get(m)))
                     for k, m in months.items()}
            results[("channel_share_pct", scope)] = {
                "actual": share["actual"], "prev_month": share["prev_month"],
                "mom_pct": change_pct(share["actual"], share["prev_month"]), "prev_year": share["prev_year"],
                "yoy_pct": change_pct(share["actual"], share["prev_year"]), "ytd": None}
    return results


if __name__ == "__main__":  # pragma: no cover - manual smoke run
    import sys
    folder = sys.argv[1] if len(sys.argv) > 1 else "resources/samples"
    period = sys.argv[2] if len(sys.argv) > 2 else "2026-10"
    started = time.perf_counter()
    loaded = read_samples(folder)
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    expected = expected_kpis(loaded, period)
    kpi_seconds = time.perf_counter() - started
    print("rows:", {name: len(rows) for name, rows in loaded.items()})
    print("read %.2fs, kpis %.2fs" % (read_seconds, kpi_seconds))
    for (kpi_id, scope), entry in expected.items():
        if scope == "total":
            print(kpi_id, entry)
