"""The one catalogue of field names: a field id ('net_sales') as the user reads
it in English and Japanese — in the app's mapping, in every message naming a
field and on the pack. Field ids travel inside the program (issues carry them);
they are turned into words only where a sentence is written."""
from __future__ import annotations

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "date": ("Date", "日付"),
    "month": ("Month", "年月"),
    "store": ("Store code", "店舗コード"),
    "store_name": ("Store name", "店舗名"),
    "region": ("Region", "地域"),
    "receipt": ("Receipt no.", "レシート番号"),
    "sku": ("SKU / item code", "商品コード"),
    "product": ("Product name", "商品名"),
    "category": ("Category", "部門・カテゴリ"),
    "qty": ("Quantity", "数量"),
    "net_sales": ("Net sales", "売上金額（税抜）"),
    "unit_price": ("Unit price", "単価"),
    "cost": ("Cost", "原価"),
    "gross_profit": ("Gross profit", "粗利"),
    "customer": ("Customer / member id", "顧客・会員番号"),
    "channel": ("Channel", "販売チャネル"),
    "status": ("Status (rows that are no sale rejected)", "ステータス（売上でない行は除外）"),
    "cancelled": ("Cancelled flag (rows marked are rejected)", "取消フラグ（印のある行は除外）"),
    "line_type": ("Row type (sale, refund)", "取引種別（売上・返品）"),
    "visitors": ("Visitors", "来店客数"),
    "transactions": ("Transactions", "客数（レシート数）"),
    "labor_hours": ("Labour hours", "労働時間"),
    "floor_area": ("Floor area", "売場面積"),
    "on_hand": ("On hand", "在庫数"),
    "stock_value": ("Stock value at cost", "在庫金額（原価）"),
    "unit_cost": ("Unit cost", "原単価"),
    "book_qty": ("Book quantity", "帳簿数"),
    "counted_qty": ("Counted quantity", "実棚数"),
    "location": ("Location", "棚番・売場"),
    "unit": ("Unit of measure", "単位"),
    "kpi": ("KPI name", "指標名"),
    "value": ("Value", "値"),
    "opex": ("Operating expenses", "販管費"),
    "net_income": ("Net income", "当期純利益"),
    "equity": ("Equity", "自己資本"),
    "total_assets": ("Total assets", "総資産"),
    "account": ("Account", "勘定科目"),
    "amount": ("Amount", "金額"),
    "score": ("Survey score (0–10)", "推奨度（0〜10）"),
    "received_qty": ("Quantity received", "入荷数"),
    "supplier": ("Supplier", "仕入先"),
    "reason": ("Reason", "理由"),
    "campaign": ("Campaign name", "施策名"),
    "start": ("Start date", "開始日"),
    "end": ("End date", "終了日"),
    # product master and purchase orders
    "style": ("Style (parent SKU)", "商品番号（親商品）"),
    "item_class": ("Staple or seasonal", "定番・シーズン区分"),
    "season_start": ("Season start", "販売開始日"),
    "season_end": ("Season end", "販売終了日"),
    "lead_time_days": ("Lead time (days)", "リードタイム（日）"),
    "case_pack": ("Case pack", "ケース入数"),
    "min_order_qty": ("Minimum order", "最低発注数"),
    "order_id": ("Order number", "発注番号"),
    "order_date": ("Order date", "発注日"),
    "due_date": ("Due date", "納品予定日"),
    "ordered_qty": ("Quantity ordered", "発注数"),
}


# Net sales as a sheet held them (ingest/tax_basis.py): the field asks for
# tax-excluded amounts; a sheet that had only tax-included ones, or did not
# say, is named for what it gave.
NET_SALES_AS_READ: dict[str, tuple[str, str]] = {
    "excluded": FIELD_LABELS["net_sales"],
    "included": ("Net sales (incl. tax)", "売上金額（税込）"),
    "unknown": ("Net sales (tax not stated)", "売上金額（税込・税抜の別は不明）"),
}


def field_name(name: str, lang: str, tax: str | None = None) -> str:
    """A field id in the language asked for; anything else (a budget KPI's name,
    a user's own words) as it is. `tax`: the net sales a sheet held
    ('excluded', 'included', 'unknown')."""
    words = NET_SALES_AS_READ.get(tax or "") if name == "net_sales" else None
    words = words or FIELD_LABELS.get(name)
    if words is None:
        return name
    return words[1] if lang == "ja" else words[0]
