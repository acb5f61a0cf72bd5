"""Every KPI of the contract, declared once (contract section 2).

Formulas read other KPIs and input parts through the namespace `v`, so the
same definition computes actuals, budgets derived from their parts, and
year-to-date values recomputed from summed parts.
"""
from __future__ import annotations

from ..domain import KpiDef


def ratio(num, den, scale: float = 1.0):
    """num / den × scale; null where either is null or den is 0."""
    den = den.where(den != 0)
    return num / den * scale


def _turnover(v):
    import pandas as pd  # the registry itself stays light: the CLI reads it before any data

    doi = v("days_of_inventory")
    return ratio(pd.Series(365.0, index=doi.index), doi)


STOCKED = "stocked_{}"  # a company part over the stores with both stock and sales that month (engine `_stocked_parts`)


def _stocked(v, name):
    """`name` for a stock-over-flow ratio: for the company, over the stores
    with both stock and sales in the month, so a stock is divided by the flow
    of the same stores; a store's own (and a budget's) elsewhere."""
    return v(STOCKED.format(name)).where(v(STOCKED.format("scope")).eq(1.0), v(name))


def _nps(v):
    return ratio(v("promoters") - v("detractors"), v("responses"), 100.0)


def _return_rate(v):
    """Returns ÷ gross positive sales × 100. Lines without receipts and
    without a single negative line (totals per product or per store-week)
    cannot show a return: their rate is unknown, not 0 %."""
    neg = v("neg_sales")
    shown = v("transactions").notna() | (neg.fillna(0.0) != 0)
    return ratio(0.0 - neg, v("pos_sales"), 100.0).where(shown)


K = KpiDef
KPIS: list[KpiDef] = [
    K("net_sales", "money", "higher", "Net sales", "売上高", "Sum of line net sales (excluding tax, after discounts)",
      "明細の税抜売上の合計", None, True, True, aliases=("sales", "売上", "売上高", "売上金額")),
    K("cogs", "money", None, "Cost of goods sold", "売上原価", "Sum of the lines' cost of goods",
      "明細の原価の合計", None, True, True, aliases=("cost", "原価", "売上原価")),
    K("gross_profit", "money", "higher", "Gross profit", "粗利益", "Net sales − cost of goods sold",
      "売上高 − 売上原価", lambda v: v("net_sales") - v("cogs"), True, True, aliases=("粗利", "粗利額", "粗利益")),
    K("gross_margin_pct", "pct", "higher", "Gross margin %", "粗利率", "Gross profit ÷ net sales × 100",
      "粗利益 ÷ 売上高 × 100", lambda v: ratio(v("gross_profit"), v("net_sales"), 100.0),
      aliases=("gross margin", "粗利率")),
    K("transactions", "count", "higher", "Transactions", "客数（レシート数）",
      "Receipts with a positive total (or the transactions column)", "合計がプラスのレシート数（または客数列）",
      None, True, True, aliases=("客数", "レシート数", "買上客数")),
    K("atv", "money", "higher", "Average transaction value", "客単価", "Net sales ÷ transactions",
      "売上高 ÷ 客数", lambda v: ratio(v("net_sales"), v("transactions")), aliases=("客単価",)),
    K("units_per_transaction", "units", "higher", "Units per transaction", "買上点数", "Units sold ÷ transactions",
      "販売数量 ÷ 客数", lambda v: ratio(v("qty"), v("transactions")), aliases=("upt", "買上点数", "セット率")),
    K("return_rate_pct", "pct", "lower", "Return rate %", "返品率",
      "Returns ÷ gross positive sales × 100 (empty for lines without receipts or a single return)",
      "返品額 ÷ 返品を除く売上 × 100（レシートも返品行もない明細では空欄）", _return_rate,
      aliases=("返品率",)),
    K("visitors", "count", "higher", "Visitors", "来店客数", "Sum of visitors counted at the door",
      "入店カウントの合計", None, True, True, aliases=("来店客数", "入店客数")),
    K("conversion_rate_pct", "pct", "higher", "Conversion rate %", "購買率", "Transactions ÷ visitors × 100",
      "客数 ÷ 来店客数 × 100", lambda v: ratio(v("transactions"), v("visitors"), 100.0),
      aliases=("conversion", "購買率", "買上率")),
    K("sales_per_area", "money_per_area", "higher", "Sales per area", "坪効率（面積当たり売上）",
      "Net sales ÷ sales floor area", "売上高 ÷ 売場面積", lambda v: ratio(v("net_sales"), v("floor_area")),
      aliases=("坪効率", "坪当たり売上")),
    K("gross_profit_per_area", "money_per_area", "higher", "Gross profit per area", "面積当たり粗利",
      "Gross profit ÷ sales floor area", "粗利益 ÷ 売場面積",
      lambda v: ratio(v("gross_profit"), v("floor_area")), aliases=("坪当たり粗利",)),
    K("labor_hours", "hours", None, "Labour hours", "総労働時間（人時）", "Sum of staff hours worked",
      "従業員の労働時間の合計", None, True, True, aliases=("人時", "労働時間", "総労働時間", "labour hours")),
    K("sales_per_labor_hour", "money_per_hour", "higher", "Sales per labour hour", "人時売上高",
      "Net sales ÷ labour hours", "売上高 ÷ 総労働時間", lambda v: ratio(v("net_sales"), v("labor_hours")),
      aliases=("人時売上", "人時売上高")),
    K("labor_productivity", "money_per_hour", "higher", "Labour productivity (GP per hour)", "人時生産性",
      "Gross profit ÷ labour hours", "粗利益 ÷ 総労働時間",
      lambda v: ratio(v("gross_profit"), v("labor_hours")), aliases=("人時生産性",)),
    K("inventory_value", "money", None, "Inventory at cost", "在庫金額（原価）",
      "Σ on hand × unit cost at month close", "月末在庫数 × 原単価 の合計", None, True,
      aliases=("在庫金額", "在庫高")),
    K("avg_inventory_value", "money", None, "Average inventory", "平均在庫金額",
      "(Previous month close + this month close) ÷ 2", "（前月末在庫 + 当月末在庫）÷ 2", None, True),
    K("days_of_inventory", "days", "lower", "Days of inventory", "在庫日数",
      "Average inventory ÷ (cost of goods sold ÷ days in month)", "平均在庫 ÷（売上原価 ÷ 月の日数）",
      lambda v: ratio(_stocked(v, "avg_inventory_value"), ratio(_stocked(v, "cogs"), v("days"))),
      aliases=("在庫日数",)),
    K("inventory_turnover", "times", "higher", "Inventory turnover (annual)", "商品回転率（年換算）",
      "365 ÷ days of inventory", "365 ÷ 在庫日数", _turnover, aliases=("在庫回転率", "商品回転率")),
    K("gmroi", "ratio", "higher", "GMROI (annualised)", "GMROI（商品投下資本粗利率・年換算）",
      "Gross profit × 365 ÷ days in month ÷ average inventory", "粗利益 × 365 ÷ 月の日数 ÷ 平均在庫",
      lambda v: ratio((_stocked(v, "net_sales") - _stocked(v, "cogs")) * 365.0 / v("days"),
                      _stocked(v, "avg_inventory_value")), aliases=("交差比率",)),
    K("stockout_rate_pct", "pct", "lower", "Stockout rate %", "欠品率",
      "Selling SKUs with no stock at month close ÷ selling SKUs with a stock row × 100",
      "月末在庫ゼロ以下の販売SKU ÷ 在庫行のある販売SKU × 100",
      lambda v: ratio(v("stockout_skus"), v("stock_checked_skus"), 100.0), aliases=("欠品率",)),
    K("shrink_value", "money", "lower", "Shrink value", "棚卸ロス額", "Σ (book qty − counted qty) × unit cost",
      "（帳簿数 − 実棚数）× 原単価 の合計", None, True, aliases=("棚卸ロス", "ロス額")),
    K("shrinkage_pct", "pct", "lower", "Shrinkage %", "棚卸ロス率",
      "Shrink value ÷ net sales of the count period × 100", "棚卸ロス額 ÷ 棚卸対象期間の売上高 × 100",
      lambda v: ratio(v("shrink_value"), v("count_period_sales"), 100.0), aliases=("ロス率", "棚卸ロス率")),
    K("customers", "count", "higher", "Customers", "購買顧客数", "Distinct member ids with a purchase in the month",
      "当月に購入した会員の数", None, aliases=("顧客数",)),
    K("new_customer_pct", "pct", None, "New customers %", "新規顧客比率",
      "Customers whose first purchase is in the month ÷ customers × 100", "当月が初回購入の顧客 ÷ 購買顧客数 × 100",
      None),
    K("repeat_rate_pct", "pct", "higher", "Repeat rate %", "リピート率",
      "Customers of the last 12 months buying on 2+ days ÷ customers of the last 12 months × 100",
      "直近12か月で2日以上購入した顧客 ÷ 直近12か月の購買顧客 × 100", None, aliases=("リピート率",)),
    K("churn_rate_pct", "pct", "lower", "Churn rate %", "離反率",
      "Active last month end (bought in 180 days) and not now ÷ active last month end × 100",
      "前月末にアクティブ（180日以内に購入）で当月末に非アクティブ ÷ 前月末アクティブ × 100", None,
      aliases=("離反率",)),
    K("clv", "money", "higher", "Customer lifetime value", "顧客生涯価値（LTV）",
      "12-month sales per identified customer × expected lifetime years (1 ÷ annual churn, at most 10)",
      "直近12か月の顧客当たり売上 × 想定継続年数（1 ÷ 年間離反率、上限10年）", None, aliases=("ltv", "顧客生涯価値")),
    K("nps", "points", "higher", "Net promoter score", "NPS（推奨度）", "% scores 9–10 − % scores 0–6",
      "9〜10点の割合 − 0〜6点の割合", _nps, aliases=("推奨度",)),
    K("opex", "money", "lower", "Operating expenses", "販管費", "Sum of operating expenses", "販売費及び一般管理費の合計",
      None, True, True, aliases=("販管費", "経費")),
    K("operating_profit", "money", "higher", "Operating profit", "営業利益", "Gross profit − operating expenses",
      "粗利益 − 販管費", lambda v: v("gross_profit") - v("opex"), True, True, aliases=("営業利益",)),
    K("operating_margin_pct", "pct", "higher", "Operating margin %", "営業利益率", "Operating profit ÷ net sales × 100",
      "営業利益 ÷ 売上高 × 100", lambda v: ratio(v("operating_profit"), v("net_sales"), 100.0),
      aliases=("営業利益率",)),
    K("opex_ratio_pct", "pct", "lower", "Opex ratio %", "販管費率", "Operating expenses ÷ net sales × 100",
      "販管費 ÷ 売上高 × 100", lambda v: ratio(v("opex"), v("net_sales"), 100.0), aliases=("販管費率",)),
    K("roe_pct", "pct", "higher", "Return on equity %", "ROE（自己資本利益率）",
      "Net income of the last 12 months ÷ equity at month end × 100", "直近12か月の当期純利益 ÷ 月末自己資本 × 100",
      lambda v: ratio(v("net_income_12m"), v("equity"), 100.0), total_only=True, aliases=("roe",)),
    K("roa_pct", "pct", "higher", "Return on assets %", "ROA（総資産利益率）",
      "Net income of the last 12 months ÷ total assets at month end × 100", "直近12か月の当期純利益 ÷ 月末総資産 × 100",
      lambda v: ratio(v("net_income_12m"), v("total_assets"), 100.0), total_only=True, aliases=("roa",)),
]
# availability, supplier delivery and sell-through, from the daily book stock (contract part 2, section 2)
KPIS += [
    K("osa_pct", "pct", "higher", "On-shelf availability %", "店頭在庫率（OSA）",
      "Days a ranged SKU started with stock ÷ days counted × 100", "前日末に在庫があった日数 ÷ 対象日数 × 100（取扱SKU）",
      lambda v: ratio(v("osa_available_days"), v("osa_counted_days"), 100.0),
      aliases=("osa", "on-shelf availability", "棚在庫率", "店頭在庫率")),
    K("fill_rate_pct", "pct", "higher", "Supplier fill rate %", "納品充足率（フィルレート）",
      "Units received (up to the ordered) ÷ units ordered on order lines due in the month × 100",
      "当月納期の発注の入荷数（発注数まで）÷ 発注数 × 100",
      lambda v: ratio(v("po_received"), v("po_ordered"), 100.0), aliases=("fill rate", "納品率", "フィルレート")),
    K("sell_through_pct", "pct", "higher", "Sell-through %", "消化率",
      "Units sold ÷ (stock at last month end + units received) × 100", "販売数 ÷（前月末在庫 + 当月入荷数）× 100",
      lambda v: ratio(v("st_sold"), v("st_base"), 100.0), aliases=("sell through", "消化率", "販売消化率")),
    K("weeks_of_cover", "weeks", None, "Weeks of cover", "在庫週数",
      "Book stock at the as-of day ÷ weekly units sold over the last 28 days",
      "基準日の帳簿在庫 ÷ 直近28日の週平均販売数",
      lambda v: ratio(v("cover_stock"), v("cover_sold_28d") / 4.0), aliases=("cover", "在庫週数", "weeks of supply")),
]
BY_ID: dict[str, KpiDef] = {k.id: k for k in KPIS}
assert len(BY_ID) == len(KPIS), "a KPI is declared twice"

# Parts summed over known lines, with the count of lines that lack them.
STRICT_PARTS = {"cogs": "cogs_missing", "qty": "qty_missing"}

# Input parts that months add up (YTD) — all others (stocks, areas, customer
# measures) are left out of a year-to-date sum, so KPIs built on them are null.
FLOW_PARTS = ("net_sales", "pos_sales", "neg_sales", "cogs", "cogs_missing", "qty", "qty_missing", "transactions", "visitors",
              "labor_hours", "opex", "promoters", "detractors", "responses")
NAN = float("nan")
