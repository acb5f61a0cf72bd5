"""Header normalisation, header-row detection, sheet roles and column mapping.

The synonym table follows the contract (section 1); more synonyms are welcome,
each listed once under its field. Matching is exact after normalisation, so a
header means one thing only.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from . import infer

_STRIP = re.compile(r"[\s()\[\]（）【】・_\-/]+")
# Units dropped from the end of a header (after NFKC and case-fold). A tax
# qualifier is one, in English as in Japanese: "Net Sales (excl. tax)" names
# net sales; which of two columns holds tax is told from the header's own words
# (tax_basis), not from its normalised form.
_UNITS = ("税抜", "税込", "jpy", "yen", "円", "m2", "坪", "¥", "￥", "%", "€", "eur",
          "excl.tax", "excltax", "incl.tax", "incltax", "ex.tax", "extax", "taxexcl.", "taxexcl", "taxincl.",
          "taxincl", "taxexcluded", "taxincluded", "excl.vat", "exclvat", "incl.vat", "inclvat", "exvat",
          "excl.gst", "exclgst", "incl.gst", "inclgst", "exgst", "beforetax", "pretax",
          "人", "件", "枚")  # counters: 客数(人), 会計数(件), 伝票枚数(枚)
# A scale a header states for its amounts ('売上予算(千円)', 'Sales (JPY thousands)', "Opex ('000)"):
# the values are multiplied by it (see `header_scale`), and the words are dropped like units so the
# header still names its field. Longest first: 百万 before 万.
SCALES = (("百万", 1_000_000), ("億", 100_000_000), ("千", 1_000), ("万", 10_000), ("thousands", 1_000),
          ("thousand", 1_000), ("'000", 1_000), ("000s", 1_000), ("000", 1_000), ("millions", 1_000_000),
          ("million", 1_000_000))
_CURRENCY_WORDS = ("税抜", "税込", "jpy", "yen", "円", "usd", "eur", "inr", "¥", "￥", "$", "€", "₹", "in")
_UNITS = _UNITS + tuple(word for word, _ in SCALES)
AREA_UNITS = {"坪": "tsubo", "m2": "m2"}


@lru_cache(maxsize=8192)  # a sheet's headers are normalised once per field and role tried
def normalise(header: object) -> str:
    """The contract's header normalisation: NFKC, case-fold, strip spaces and
    ()[]（）【】・_-/, drop trailing units."""
    if header is None:
        return ""
    # NFKC again after case-folding and stripping, which can leave letters and
    # accents apart that NFKC joins: normalising twice gives the same header
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", str(header)).casefold())
    text = unicodedata.normalize("NFKC", _STRIP.sub("", text))
    changed = True
    while changed and text:
        changed = False
        for unit in _UNITS:
            if text.endswith(unit) and len(text) > len(unit):
                text = text[: -len(unit)]
                changed = True
    return text


def header_scale(header: object) -> int:
    """The multiplier a header states for its amounts (1000 for '売上予算(千円)'
    or 'Sales (JPY thousands)'), 1 when it states none."""
    text = _STRIP.sub("", unicodedata.normalize("NFKC", str(header or "")).casefold())
    changed = True
    while changed and text:
        changed = False
        for word in _CURRENCY_WORDS:
            if text.endswith(word) and len(text) > len(word):
                text, changed = text[: -len(word)], True
        for word, factor in SCALES:
            if text.endswith(word) and len(text) > len(word):
                # 目標100万円, Store 1000: an amount written out, not the unit of the amounts
                return 1 if text[-len(word) - 1].isdigit() else factor
            if text == word:  # (000s), 千円 alone
                return factor
    return 1


def states_currency(header: object) -> bool:
    """A header naming the currency of its amounts (売上予算(円), Sales (USD),
    売上[円・税抜]): its unit is its own, not the one a title line states."""
    text = _STRIP.sub("", unicodedata.normalize("NFKC", str(header or "")).casefold())
    for word in ("税抜", "税込"):
        text = text.removesuffix(word)
    return any(text.endswith(word) and len(text) > len(word) for word in _CURRENCY_WORDS if word != "in")


def stated_scale(cells: list[object]) -> tuple[int, str]:
    """The unit a sheet's title lines (or headers) state for its amounts
    (単位：千円, (in thousands), USD 000): its multiplier and the cell that
    states it; (1, "") where none does. A title line may say more after the
    unit (単位：千円　作成日 2026/10/01): each of its words is read too, but not
    one after a number (月商 100 万円 is an amount, not a unit)."""
    for cell in cells:
        if not isinstance(cell, str):
            continue
        words = unicodedata.normalize("NFKC", cell).split()
        parts = [cell] + [w for before, w in zip([""] + words, words) if not before[-1:].isdigit()]
        for part in parts:
            if (factor := header_scale(part)) > 1:
                return factor, cell
    return 1, ""


_MINUTE_WORDS = ("分", "分数", "minutes", "minute", "mins", "min")


def header_minutes(header: object) -> bool:
    """Whether an hours header states minutes ('労働時間(分)', 'Staff minutes'):
    its plain numbers are minutes, read as hours ÷ 60."""
    text = _STRIP.sub("", unicodedata.normalize("NFKC", str(header or "")).casefold())
    return any(text.endswith(word) and len(text) > len(word) for word in _MINUTE_WORDS)


def header_unit(header: object) -> str | None:
    """The area unit a header names, if any ('tsubo' or 'm2')."""
    text = _STRIP.sub("", unicodedata.normalize("NFKC", str(header or "")).casefold())
    for suffix, unit in AREA_UNITS.items():
        if text.endswith(suffix):
            return unit
    return None


_DATE = ["date", "sales date", "transaction date", "datetime", "日付", "売上日", "取引日", "取引日時",
         "販売日", "order date", "invoice date", "invoicedate", "business date", "営業日", "計上日",
         "伝票日付", "注文日", "week", "week ending", "週"]
_STORE = ["store", "store id", "store code", "store no", "shop", "shop id", "shop code", "branch",
          "店舗", "店舗コード", "店舗id", "店舗名", "店番", "店コード", "店名"]
_SKU = ["sku", "item code", "product code", "product id", "item id", "jan", "jan code", "barcode",
        "stockcode", "stock code", "商品コード", "janコード", "品番", "単品コード", "商品id"]
_CATEGORY = ["category", "department", "dept", "部門", "カテゴリ", "カテゴリー", "分類", "大分類"]
_UNIT_COST = ["unit cost", "cost price", "原単価", "仕入単価", "原価単価"]

SYNONYMS: dict[str, list[str]] = {
    "date": _DATE,
    "month": ["month", "period", "year month", "yearmonth", "年月", "月", "対象月", "計上月"],
    "store": _STORE,
    "store_name": ["store name", "shop name", "店舗名", "店名"],
    "region": ["region", "area name", "地域", "エリア", "地区"],
    "receipt": ["receipt", "receipt no", "receipt id", "receipt number", "transaction id",
                "transaction no", "order id", "order no", "invoice", "invoice no", "invoiceno",
                "ticket", "レシート", "レシート番号", "レシートno", "取引番号", "伝票番号", "取引id", "伝票", "伝票no",
                "会計番号", "会計no", "取引no"],
    "sku": _SKU,
    "product": ["product", "product name", "product title", "item", "item name", "description", "商品名", "品名"],
    "category": _CATEGORY,
    # "net quantity" / "net items sold": units sold less units returned, as shop analytics reports total them
    "qty": ["qty", "quantity", "units", "units sold", "net quantity", "net items sold", "数量", "個数", "販売数",
            "販売数量", "点数", "売上数", "売上数量", "販売個数"],
    # a net figure first: 純売上 beside 売上 (and 返品) is the sales less the returns, as a person reads it
    "net_sales": ["net sales", "純売上", "純売上高", "純売上額", "純売上金額", "税抜売上", "税抜売上高", "税抜売上金額",
                  "sales", "amount", "sales amount", "line total", "weekly sales", "weekly_sales", "売上", "売上金額",
                  "売上高", "金額", "売上額"],
    "unit_price": ["price", "unit price", "selling price", "sale price", "単価", "売価", "販売単価",
                   # a web shop's price of an item (makeshop's and カラーミーショップ's 販売価格)
                   "販売価格", "商品単価"],
    "cost": ["cost", "cogs", "cost amount", "原価", "原価金額", "売上原価", "原価額"],
    "gross_profit": ["profit", "gross profit", "margin amount", "粗利", "粗利額", "粗利益", "粗利益額"],
    "customer": ["customer", "customer id", "customerid", "member", "member id", "顧客id", "顧客番号",
                 "会員番号", "会員id", "顧客コード"],
    "channel": ["channel", "sales channel", "チャネル", "販売チャネル"],
    # a row's status: its words that mean no sale are in resources/sales_rows/general.toml
    "status": ["status", "order status", "transaction status", "payment status", "financial status",
               "sale status", "ステータス", "状態", "取引状態", "取引ステータス", "会計状態", "注文ステータス",
               "注文状態", "決済状態", "決済ステータス", "オーダーステータス", "payment state", "order payment state",
               "処理状況"],  # makeshop's order state (配送, 未処理, 注文キャンセル, 返送)
    # a flag that the row or its receipt was cancelled (true / 1 / ○, or the time it was)
    "cancelled": ["cancelled", "canceled", "is cancelled", "is canceled", "cancelled at", "canceled at",
                  "void", "voided", "is void", "void?", "取消", "取り消し", "取消フラグ", "取り消しフラグ",
                  "キャンセル", "キャンセルフラグ", "キャンセル日時", "取消日時", "取り消し日時", "会計取消",
                  "会計取り消し"],
    # a row's type: Sale / Refund, 売上 / 返品 (the same words say which rows are returns or no sale)
    # ("Type" alone: Lightspeed Restaurant's Transactions export names its Sale / Refund / Float column so;
    # 区分 / 種別 alone: a Japanese journal's 売上 / 取消 / 返品 / 入金 column)
    "line_type": ["transaction type", "event type", "sale type", "type", "取引種別", "取引区分", "処理区分", "区分",
                  "種別", "transaction kind", "売上区分", "会計区分", "取引タイプ", "返品区分", "伝票区分", "明細区分",
                  "取引種類", "レシート区分", "売上種別", "会計種別",
                  # a flag of returns (sales_rows.RETURN_FLAGS): its marked rows are returns
                  "返品フラグ", "返品有無", "return flag", "is return", "is returned", "refund flag", "is refund",
                  "is refunded"],
    "visitors": ["visitors", "footfall", "traffic", "customers in", "来店客数", "入店客数", "来店者数"],
    "transactions": ["transactions", "receipts", "tickets", "customer count", "客数", "買上客数",
                     "レシート枚数", "取引数"],
    "labor_hours": ["labor hours", "labour hours", "staff hours", "man hours", "労働時間", "総労働時間",
                    "人時", "勤務時間",
                    # in minutes (see `header_minutes`): read as hours, each value ÷ 60
                    "labor minutes", "labour minutes", "staff minutes", "man minutes", "労働時間(分)",
                    "総労働時間(分)", "人時(分)", "勤務時間(分)", "労働分数"],
    "floor_area": ["floor area", "sales area", "area", "売場面積", "面積", "店舗面積"],
    "on_hand": ["on hand", "stock", "qty on hand", "book qty", "在庫数", "帳簿在庫", "理論在庫",
                "在庫数量"],
    "unit_cost": _UNIT_COST,
    "book_qty": ["book qty", "system qty", "帳簿数", "帳簿在庫", "理論在庫数", "帳簿数量"],
    "counted_qty": ["counted qty", "physical qty", "count", "counted", "実棚数", "実地棚卸数",
                    "実在庫数", "実棚数量"],
    "location": ["location", "shelf", "棚番", "ロケーション", "売場"],
    "unit": ["uom", "unit of measure", "単位"],
    "kpi": ["kpi", "metric", "measure", "指標", "項目"],
    "value": ["value", "target", "budget", "値", "予算", "目標値"],
    "opex": ["opex", "operating expenses", "sga", "sg&a", "販管費", "販売費及び一般管理費", "経費",
             "expenses"],  # a bookkeeping P&L's Expenses (QuickBooks, Xero): cost of goods sold apart
    "net_income": ["net income", "net profit", "当期純利益", "純利益"],
    "equity": ["equity", "shareholders equity", "自己資本", "純資産"],
    "total_assets": ["total assets", "assets", "総資産", "資産合計"],
    "score": ["score", "nps score", "likelihood to recommend", "recommend", "推奨度", "推奨スコア"],
}
# headers seen in Japanese POS and back-office exports, and common English variants
_MORE = {
    # a sale's day as shop and marketplace reports name it
    "date": ["日時", "売上日時", "販売日時", "計上日時", "sale date", "purchase date", "purchase datetime",
             "date purchased", "date of sale", "sold date", "date sold", "sales datetime", "order datetime",
             "購入日", "購入日時", "注文日時", "受注日", "受注日時"],
    "store": ["店番号", "店舗番号", "store number", "outlet"],
    "sku": ["バーコード", "商品番号", "item number", "article no", "upc", "ean"],
    "category": ["部門名", "カテゴリ名", "商品分類", "中分類", "category name", "department name"],
    "product": ["商品", "article name"],
    "qty": ["販売個数", "売上数量"],
    # an order list's whole amount, named so (WooCommerce's Order Total Amount): read as the sale with its
    # tax and shipping columns taken off (total_parts), not its Order Subtotal, which is before discounts
    # "net goods sales" / "net product sales": the goods' sales less discounts, without shipping or tax
    "net_sales": ["販売金額", "税抜金額", "net amount", "sales value", "revenue", "order total",
                  "order total amount", "net goods sales", "net item sales", "net product sales",
                  "net merchandise sales", "net sales amount", "net revenue", "net sales value",
                  # a British shop's day book: the day's takings are its sales
                  "takings", "net takings", "total takings", "daily takings"],
    "cost": ["原価合計", "売上原価額", "cost of sales"],
    "customer": ["会員コード", "ポイントカード番号", "顧客", "loyalty id"],
    "visitors": ["来客数", "入店者数", "door count", "visits"],
    # a day's or month's count of sales as Japanese POS summaries name it (会計数 / 取引件数 / 伝票枚数: the
    # checks; 組数, a restaurant's parties; レジ客数, the customers through the till) and English reports do
    "transactions": ["会計数", "会計件数", "取引件数", "取引回数", "レシート数", "レシート件数", "伝票数", "伝票枚数",
                     "伝票件数", "買上件数", "決済件数", "購買客数", "購入客数", "レジ客数", "レジ通過客数", "客数計",
                     "客数合計", "総客数", "組数", "transaction count", "number of transactions", "no. of transactions",
                     "no of transactions", "# transactions", "# of transactions", "receipt count", "ticket count",
                     "check count", "checks", "guest count", "orders", "total orders", "order count",
                     "number of orders"],
    "labor_hours": ["労働時間合計", "実働時間", "hours worked"],
    "on_hand": ["現在庫", "在庫", "帳簿在庫数", "stock qty", "on hand qty"],
    "counted_qty": ["実在庫", "棚卸数", "棚卸数量", "count qty", "physical count"],
    "unit_cost": ["在庫単価"],
}
for _field, _names in _MORE.items():
    SYNONYMS[_field] = SYNONYMS[_field] + _names
# order-system exports (ダイニー and the like): the check is the receipt, its
# business day or check-out time the date, the menu item the product
SYNONYMS["receipt"] = SYNONYMS["receipt"] + ["会計id", "伝票id", "会計番号", "会計伝票id", "order number"]
# the sale's number as POS and shop reports name it ("Sale ID", "Invoice Number", "Ticket #", 伝票No.)
SYNONYMS["receipt"] = SYNONYMS["receipt"] + ["sale id", "sale no", "sale number", "sales id", "invoice number",
                                             "invoice id", "ticket id", "ticket no", "ticket number", "ticket #",
                                             "transaction number", "receipt no.", "receipt #", "order no.",
                                             "order #", "伝票no", "伝票no.", "レシートno.", "取引no", "取引no.",
                                             "会計no", "会計no."]
# a web shop's order is the receipt (makeshop, カラーミーショップ, STORES: 注文番号 / 受注番号)
SYNONYMS["receipt"] = SYNONYMS["receipt"] + ["注文番号", "注文id", "注文no", "受注番号", "受注id", "受注no",
                                             "オーダー番号"]
SYNONYMS["sku"] = SYNONYMS["sku"] + ["独自商品コード"]  # makeshop's own item code
SYNONYMS["date"] = SYNONYMS["date"] + ["会計日時"]
SYNONYMS["product"] = SYNONYMS["product"] + ["メニュー名"]
# German, French, Spanish and Italian headers of sales, store, traffic and budget sheets (a till or
# back-office set to that language). Their countries write decimal commas: see `decimal_comma_headers`.
# Not the Italian 'Data' alone: the English word heads pivot tables and lists (a date column under it is
# still known from its values).
EUROPEAN: dict[str, list[str]] = {
    "date": ["datum", "verkaufsdatum", "buchungsdatum", "belegdatum", "date de vente", "date de transaction",
             "fecha", "fecha de venta", "fecha venta", "data vendita", "data di vendita"],
    "month": ["monat", "mois", "mes", "mese"],
    "store": ["filiale", "filialnummer", "filial-nr.", "filialnr", "geschäft", "markt", "magasin", "code magasin",
              "boutique", "tienda", "código de tienda", "codigo tienda", "sucursal", "negozio", "codice negozio",
              "punto vendita", "filialname", "nom du magasin", "nombre de tienda", "nome negozio"],
    "store_name": ["filialname", "nom du magasin", "nombre de tienda", "nome negozio"],
    "region": ["gebiet", "région", "región", "regione"],
    "receipt": ["bon-nr.", "bonnummer", "bon", "belegnummer", "beleg-nr.", "beleg", "kassenbon", "numéro de ticket",
                "n° de ticket", "n° ticket", "número de ticket", "nº ticket", "n.º ticket", "scontrino",
                "numero scontrino", "n. scontrino"],
    "sku": ["artikelnummer", "artikel-nr.", "artikelnr", "code article", "référence", "réf.", "código de artículo",
            "referencia", "codice articolo"],
    "product": ["artikel", "artikelbezeichnung", "bezeichnung", "produkt", "désignation", "produit", "libellé",
                "producto", "artículo", "descripción", "prodotto", "descrizione", "articolo"],
    "category": ["warengruppe", "kategorie", "abteilung", "catégorie", "rayon", "famille", "categoría",
                 "departamento", "familia", "categoria", "reparto"],
    "qty": ["menge", "anzahl", "stück", "stückzahl", "quantité", "qté", "cantidad", "unidades", "quantità",
            "qtà", "pezzi"],
    "net_sales": ["umsatz", "nettoumsatz", "umsatz netto", "betrag", "chiffre d'affaires", "chiffre d’affaires",
                  "chiffre d'affaires ht", "ca ht", "montant", "ventes", "ventas", "ventas netas", "importe",
                  "vendite", "vendite nette", "fatturato", "importo", "incasso"],
    "unit_price": ["preis", "einzelpreis", "verkaufspreis", "prix", "prix unitaire", "precio", "precio unitario",
                   "prezzo", "prezzo unitario"],
    "cost": ["wareneinsatz", "einstandspreis", "coût", "coût d'achat", "coste", "costo"],
    "customer": ["kunde", "kundennummer", "kunden-nr.", "client", "numéro client", "cliente", "número de cliente",
                 "codice cliente"],
    "visitors": ["besucher", "besucherzahl", "kundenfrequenz", "frequenz", "visiteurs", "entrées",
                 "fréquentation", "visitantes", "afluencia", "visitatori", "ingressi"],
    "transactions": ["bons", "anzahl bons", "anzahl belege", "nombre de tickets", "transacciones", "número de tickets",
                     "scontrini", "numero scontrini", "transazioni"],
    "labor_hours": ["arbeitsstunden", "personalstunden", "heures travaillées", "heures de travail", "horas trabajadas",
                    "horas de trabajo", "ore lavorate", "ore di lavoro"],
    "floor_area": ["verkaufsfläche", "fläche", "surface de vente", "surface", "superficie de venta", "superficie",
                   "superficie di vendita"],
    "kpi": ["kennzahl", "indicateur", "indicador", "indicatore"],
    "value": ["planwert", "sollwert", "objectif", "presupuesto", "objetivo", "obiettivo"],
}
for _field, _names in EUROPEAN.items():
    SYNONYMS[_field] = SYNONYMS[_field] + _names
# "as of" dates of a stock snapshot
SYNONYMS["date"] = SYNONYMS["date"] + ["as of", "snapshot date", "基準日", "棚卸日", "count date"]
# stock movements: goods received and reason-coded adjustments (write-offs)
SYNONYMS["date"] = SYNONYMS["date"] + ["receipt date", "received date", "adjustment date",
                                       "入荷日", "入庫日", "仕入日", "納品日", "廃棄日"]
SYNONYMS["qty"] = SYNONYMS["qty"] + ["adjusted qty", "write-off qty", "廃棄数", "廃棄数量", "ロス数", "調整数",
                                     "調整数量"]
SYNONYMS["cost"] = SYNONYMS["cost"] + ["purchase cost", "purchase amount", "仕入金額", "仕入原価", "仕入額"]
SYNONYMS["received_qty"] = ["received qty", "qty received", "receipt qty", "purchase qty", "purchased qty",
                            "入荷数", "入荷数量", "入庫数", "入庫数量", "仕入数", "仕入数量", "納品数", "納品数量"]
SYNONYMS["supplier"] = ["supplier", "vendor", "supplier code", "仕入先", "仕入先コード", "取引先"]
SYNONYMS["reason"] = ["reason", "reason code", "adjustment reason", "loss reason", "理由", "事由", "理由コード",
                      "調整理由", "廃棄理由", "ロス理由", "ロス区分"]

# product master, purchase orders and the receipts' order numbers (replenishment)
SYNONYMS["style"] = ["style", "style no", "style code", "product no", "parent sku", "商品番号", "親商品コード",
                     "品番親", "スタイル"]
SYNONYMS["item_class"] = ["class", "item class", "type", "区分", "商品区分", "定番区分", "定番シーズン区分"]
SYNONYMS["season_start"] = ["season start", "season start date", "販売開始日", "シーズン開始", "シーズン開始日"]
SYNONYMS["season_end"] = ["season end", "season end date", "販売終了日", "シーズン終了", "シーズン終了日"]
SYNONYMS["lead_time_days"] = ["lead time", "lead time days", "leadtime", "リードタイム", "リードタイム日数",
                              "納期日数", "納品リードタイム"]
SYNONYMS["case_pack"] = ["case pack", "pack size", "order unit", "case qty", "入数", "発注単位", "ケース入数"]
SYNONYMS["min_order_qty"] = ["moq", "minimum order", "minimum order qty", "min order qty", "最低発注数",
                             "最小発注数", "最低発注数量", "最小発注数量", "最低発注単位"]
SYNONYMS["order_id"] = ["order id", "po number", "po no", "purchase order", "purchase order no", "発注番号",
                        "発注no", "発注伝票番号"]
# a stock list's value at cost (在庫金額): where it gives no unit cost, the unit cost is this ÷ the quantity
SYNONYMS["stock_value"] = ["stock value", "inventory value", "stock value at cost", "inventory value at cost",
                           "stock at cost", "inventory at cost", "在庫金額", "在庫原価金額", "原価在庫金額",
                           "在庫金額(原価)", "在庫金額（原価）", "在庫原価", "在庫高"]
# finance lines kept long, one row per account and month (年月 | 勘定科目 | 金額): the account names the field
SYNONYMS["account"] = ["account", "account name", "gl account", "勘定科目", "勘定科目名", "科目",
                       "科目名"]
SYNONYMS["amount"] = ["amount", "金額", "実績", "実績額", "計上額"]
SYNONYMS["order_date"] = ["order date", "po date", "発注日", "発注日付"]
SYNONYMS["due_date"] = ["due date", "expected date", "delivery date", "納品予定日", "入荷予定日", "納期"]
SYNONYMS["ordered_qty"] = ["ordered qty", "order qty", "qty ordered", "発注数", "発注数量"]
SYNONYMS["received_qty"] = SYNONYMS["received_qty"] + ["delivered qty", "入荷済数", "納品済数"]

# Which fields each role reads (order = priority when one header could serve two).
ROLE_FIELDS: dict[str, list[str]] = {
    "sales": ["date", "store", "store_name", "region", "receipt", "sku", "product", "category", "qty",
              "net_sales", "unit_price", "cost", "gross_profit", "customer", "channel", "transactions", "status", "line_type", "cancelled"],
    "traffic": ["date", "store", "visitors", "transactions", "labor_hours"],
    "stores": ["store", "store_name", "floor_area", "region"],
    "inventory": ["date", "store", "sku", "product", "category", "on_hand", "unit_cost", "location", "unit"],
    "stocktake": ["date", "store", "sku", "product", "category", "book_qty", "counted_qty", "unit_cost",
                  "location", "unit"],
    "budget": ["month", "date", "store", "kpi", "value"],
    "finance": ["month", "date", "store", "opex", "net_income", "equity", "total_assets", "account", "amount"],
    "survey": ["date", "store", "score"],
}
ROLE_FIELDS["inventory"] = ROLE_FIELDS["inventory"] + ["unit_price", "stock_value"]  # selling price, for retail values
ROLE_FIELDS["stocktake"] = ROLE_FIELDS["stocktake"] + ["unit_price"]
ROLE_FIELDS["traffic"] = ROLE_FIELDS["traffic"] + ["month"]  # monthly traffic: one row per store and month
ROLE_FIELDS["receipts"] = ["date", "store", "sku", "product", "category", "received_qty", "unit_cost", "cost",
                           "supplier"]
ROLE_FIELDS["adjustments"] = ["date", "store", "sku", "product", "category", "qty", "reason", "unit_cost", "cost"]
ROLE_FIELDS["receipts"] = ROLE_FIELDS["receipts"] + ["order_id"]
ROLE_FIELDS["products"] = ["sku", "product", "category", "unit_cost", "style", "item_class", "season_start",
                           "season_end", "lead_time_days", "case_pack", "min_order_qty", "supplier", "unit_price"]
ROLE_FIELDS["purchase_orders"] = ["order_id", "order_date", "due_date", "store", "sku", "supplier", "ordered_qty",
                                  "received_qty"]
HOURS_FIELDS = {"labor_hours"}  # numbers in hours, where 7:30 or 7時間30分 is 7.5 (clean.duration_hours)
CODE_FIELDS = {"store", "store_name", "region", "receipt", "sku", "product", "category", "customer",
               "channel", "status", "line_type", "cancelled", "kpi", "location", "unit", "reason", "supplier",
               "style", "item_class", "order_id"}
DATE_FIELDS = {"date", "season_start", "season_end", "order_date", "due_date"}
MONTH_FIELDS = {"month"}
NUMBER_FIELDS = {"qty", "net_sales", "unit_price", "cost", "gross_profit", "visitors", "transactions",
                 "labor_hours", "floor_area", "on_hand", "unit_cost", "book_qty", "counted_qty", "value",
                 "opex", "net_income", "equity", "total_assets", "score", "received_qty",
                 "lead_time_days", "case_pack", "min_order_qty", "ordered_qty", "stock_value", "amount"}
# the number fields in money: the only ones a title line's unit (単位：千円) scales
MONEY_FIELDS = frozenset({"net_sales", "unit_price", "cost", "gross_profit", "unit_cost", "opex", "net_income",
                          "equity", "total_assets", "stock_value", "amount"})

# campaigns: promotions and other measures, one row per store and SKU or category they cover
SYNONYMS["campaign"] = ["campaign", "campaign name", "promotion", "promotion name", "施策名", "施策",
                        "キャンペーン名", "キャンペーン", "販促名", "企画名"]
SYNONYMS["start"] = ["start", "start date", "from date", "promotion start", "開始日", "期間開始", "開始", "実施開始日"]
SYNONYMS["end"] = ["end", "end date", "to date", "promotion end", "終了日", "期間終了", "終了", "実施終了日"]
ROLE_FIELDS["campaigns"] = ["campaign", "start", "end", "store", "store_name", "sku", "category", "product"]
CODE_FIELDS |= {"campaign", "account"}
DATE_FIELDS |= {"start", "end"}

_BUDGET_WORDS = ("予算", "budget", "target", "目標", "計画", "plan", "予定", "presupuesto", "objectif", "objetivo",
                 "obiettivo")

_LOOKUP: dict[str, list[str]] = {}
for _field, _names in SYNONYMS.items():
    for _name in _names:
        _LOOKUP.setdefault(normalise(_name), []).append(_field)
# the European headers no English one shares ('date'; 'client', 'surface' are English words too): a
# sheet naming one writes decimal commas
_DECIMAL_COMMA = {normalise(n) for names in EUROPEAN.values() for n in names} - {
    normalise(n) for fld, names in SYNONYMS.items() for n in names if n not in EUROPEAN.get(fld, ())} - {
    "client", "surface", "boutique", "superficie"}


def decimal_comma_headers(headers: list) -> bool:
    """Whether a sheet's headers are German, French, Spanish or Italian (Umsatz,
    Chiffre d'affaires, Ventas, Vendite): their countries write 1.234,56, so a
    number column showing no decimal mark (1.234 only) is one thousand two
    hundred thirty-four there."""
    return any(normalise(h) in _DECIMAL_COMMA for h in headers if h is not None)


# field -> normalised synonym -> rank (earlier synonyms win a contested column)
_RANKS: dict[str, dict[str, int]] = {
    fld: {normalise(n): i for i, n in reversed(list(enumerate(names)))} for fld, names in SYNONYMS.items()
}


# a field that, in one role, is also named by another field's headers: in a product master a
# cost (原価, Cost) is one unit's cost
_SAME_IN_ROLE = {("products", "unit_cost"): "cost"}


def fields_for(header: object) -> list[str]:
    """Every field whose synonyms include this header."""
    return _LOOKUP.get(normalise(header), [])


def is_budget_header(header: object) -> bool:
    norm = normalise(header)
    return any(w in norm for w in _BUDGET_WORDS)


def strip_budget_words(header: object) -> str:
    norm = normalise(header)
    for word in _BUDGET_WORDS:
        norm = norm.replace(word, "")
    return normalise(norm)  # a unit the budget word stood after is trailing now: Gross margin % target


MAX_HEADER = 200  # longer text is never a header; normalising megabyte cells would stall the import


def find_header_row(rows: list[list[object]], max_scan: int = 30, known: set[str] = frozenset()) -> int | None:
    """Index of the row that looks most like a header: the most cells naming a
    known field or a header the user mapped (`known`, normalised), at least
    two, the earliest on a tie."""
    # the scan starts at the first row holding anything: a sheet may open with many blank rows
    start = next((i for i, row in enumerate(rows) if any(v is not None and v != "" for v in row)), 0)
    best, best_hits = None, 1
    for index, row in enumerate(rows[start:start + max_scan], start):
        hits = sum(1 for cell in row if isinstance(cell, str) and len(cell) <= MAX_HEADER
                   and (fields_for(cell) or is_budget_header(cell) or normalise(cell) in known))
        if hits > best_hits:
            best, best_hits = index, hits
    return best


@dataclass
class SheetMapping:
    """How one sheet's columns map to a role's fields."""

    role: str | None
    columns: dict[int, str] = field(default_factory=dict)  # column index -> field
    headers: list[str] = field(default_factory=list)
    budget_columns: dict[int, str] = field(default_factory=dict)  # wide budget: column -> KPI name
    area_unit: str | None = None
    problem: str | None = None  # message code when the sheet cannot be used
    profile: str | None = None  # the known export layout that read the sheet (see export_profiles)
    # read by content (see `infer`): how sure each mapped column is (0..1), the
    # columns whose field came from their values, and those of a field the
    # role needs that are not sure enough to be used without asking
    confidence: dict[int, float] = field(default_factory=dict)
    guessed: list[int] = field(default_factory=list)
    doubts: list[int] = field(default_factory=list)
    rivals: dict[int, tuple[int, float]] = field(default_factory=dict)  # doubt -> (competing column, its confidence)
    by_values: bool = False  # no header names the role's fields: read as it for its values (content_sheets)
    # columns a rule adds after the real ones (an export's worked-out sale, the
    # date in the file's name, a cell's code part): column -> (message code,
    # params), so the pack names them in its language
    derived: dict[int, tuple[str, dict]] = field(default_factory=dict)
    cells_tax: str | None = None  # what the amounts' own cells say of tax (1,000円(税込)): see tax_basis
    currency_from: int | None = None  # the column whose cells show the currency of a worked-out amount
    # a sheet with stores as columns (see store_columns): column -> the store its header names, each
    # column that store's net sales
    store_columns: dict[int, str] = field(default_factory=dict)
    # a field read as the sum of its column and these (labour hours by kind of staff: labour_parts)
    summed: dict[str, list[int]] = field(default_factory=dict)

    def header(self, col: int, lang: str = "en") -> str:
        """What the column is, as the pack shows it: its header, or what a
        rule made it from, in the user's language."""
        if col in self.derived:
            from ..field_names import field_name  # noqa: PLC0415
            from ..messages import text  # noqa: PLC0415

            code, params = self.derived[col]
            return text(code, lang, **{k: field_name(v, lang) if k == "part" else v for k, v in params.items()})
        return self.headers[col] if col < len(self.headers) else ""

    def field_header(self, name: str) -> str | None:
        for col, fld in self.columns.items():
            if fld == name:
                return self.headers[col]
        return None


def map_columns(headers: list[str], role: str, overrides: dict[str, str] | None = None,
                evidence=None) -> dict[int, str]:
    """Assign each field of the role to at most one column.

    Overrides (normalised header -> field, '' to ignore) come first; then each
    field takes the first column whose header is one of its synonyms (with
    `evidence` from the values, `infer.Evidence`, not one the values rule out
    while another synonym fits).
    """
    wanted = ROLE_FIELDS[role]
    taken: dict[int, str] = {}
    overrides = {normalise(k): v for k, v in (overrides or {}).items()}
    for col, header in enumerate(headers):
        target = overrides.get(normalise(header))
        if target is not None:
            if target:
                taken[col] = target
    assigned = set(taken.values())
    for fld in wanted:
        if fld in assigned:
            continue
        ranks = _RANKS[fld]
        if (role, fld) in _SAME_IN_ROLE:  # its own names first, then the other field's
            ranks = {**{h: r + len(ranks) for h, r in _RANKS[_SAME_IN_ROLE[role, fld]].items()}, **ranks}
        free = [(_tax_included(h), bool(evidence and evidence.contradicts(col, fld)), ranks[normalise(h)], col)
                for col, h in enumerate(headers)
                if col not in taken and normalise(h) not in overrides and normalise(h) in ranks]
        if free:
            taken[min(free)[-1]] = fld
            assigned.add(fld)
    return taken


def _tax_included(header: object) -> bool:
    """Amounts are compared excluding tax: a tax-included column is the last choice."""
    from .tax_basis import header_basis

    return header_basis(header) == "included"


def classify(headers: list[str], sheet_name: str, overrides: dict[str, str] | None = None,
             forced_role: str | None = None, body: list[list[object]] | None = None) -> SheetMapping:
    """Pick the role a sheet plays from its columns (or the one forced on it).
    `body`: sampled rows below the header; their values fill the fields no
    header names and break ties (see `infer`)."""
    budgetish = is_budget_header(sheet_name) or any(is_budget_header(h) for h in headers)
    candidates = [forced_role] if forced_role else _candidate_roles(headers, budgetish)
    evidence = infer.evaluate(headers, body, _receipt_column(headers, overrides)) if body else None
    from . import labour_parts, sales_parts  # noqa: PLC0415 - they read the headers' names

    decided = {normalise(k) for k in (overrides or {})}
    for role in candidates:
        columns = map_columns(headers, role, overrides, evidence)
        summed = {}
        # a column the user's mapping decides is never summed unasked
        taken = {**{c: "" for c, h in enumerate(headers) if normalise(h) in decided}, **columns}
        if role == "traffic" and (kinds := labour_parts.columns(headers, taken)):  # 社員 | パート hours: their sum
            columns[kinds[0]] = "labor_hours"
            summed = {"labor_hours": kinds[1:]} if len(kinds) > 1 else {}
        if role == "sales" and (total := sales_parts.total_of_payments(headers, body, taken)) is not None:
            columns[total] = "net_sales"  # 現金 | クレジット | 合計: the total of the day's payments is its sales
        if role == "sales" and (paid := sales_parts.columns(headers, taken)):  # 現金売上 | カード売上: their sum
            columns[paid[0]] = "net_sales"
            summed = {"net_sales": paid[1:]}
        if role == "finance" and (accounts := _expense_columns(headers, taken)):  # 家賃 | 人件費: the opex
            columns[accounts[0]] = "opex"
            summed = {"opex": accounts[1:]} if len(accounts) > 1 else {}
        guessed = _content_fill(headers, role, overrides, columns, evidence, forced_role) \
            if evidence and role != "budget" else {}
        if guessed is None:
            continue
        fields = set(columns.values())
        if role == "budget":
            budget_columns = _budget_columns(headers, columns)
            if forced_role or ({"month", "date"} & fields and (budget_columns or {"kpi", "value"} <= fields)):
                return SheetMapping("budget", columns, headers, budget_columns)
            continue
        if forced_role or _fits(role, fields, headers):
            unit = None
            for col, fld in columns.items():
                if fld == "floor_area":
                    unit = header_unit(headers[col])
            return _with_confidence(SheetMapping(role, columns, headers, area_unit=unit, summed=summed), overrides,
                                    guessed, evidence)
    if body and not forced_role:  # headers too odd to name a role: sales lines, if the values show them
        from .content_sheets import sales_by_values

        found = sales_by_values(headers, sheet_name, overrides, body)
        if found is not None:
            return found
    return SheetMapping(None, {}, headers, problem="sheet_no_role")


def traffic_beside(sales: SheetMapping, decided: set[str] = frozenset()) -> dict[int, str]:
    """A daily sales sheet's columns of visitors and staff hours (a row per store
    and day: no receipts nor items), which it gives as traffic too: column ->
    field, none a profile's or a stores-as-columns sheet's, nor one the user's
    mapping decides (`decided`: normalised headers)."""
    if sales.role != "sales" or sales.profile or sales.store_columns or \
            {"receipt", "sku", "product"} & set(sales.columns.values()):
        return {}
    out: dict[int, str] = {}
    for col, header in enumerate(sales.headers):
        fld = next((f for f in fields_for(header) if f in ("visitors", "labor_hours")), None)
        if fld and col not in sales.columns and col not in sales.derived and normalise(header) not in decided \
                and fld not in out.values():
            out[col] = fld
    return out


def _expense_columns(headers: list[str], columns: dict[int, str]) -> list[int]:
    """A finance sheet's expense accounts as columns (finance_lines.read_accounts:
    a group beside its own accounts left out), where the opex is read from none
    of the other columns (one of them read as it, as a remembered mapping has
    it, leads them)."""
    import pandas as pd  # noqa: PLC0415

    from .finance_lines import is_expense, read_accounts  # noqa: PLC0415

    read = [c for c, f in columns.items() if f == "opex"]
    if read and not is_expense(headers[read[0]]):
        return []
    free = read + [c for c in range(len(headers)) if c not in columns]
    fields = read_accounts(pd.Series([headers[c] for c in free], dtype=object)).fields
    return [c for c, fld in zip(free, fields) if fld == "opex"]


def _receipt_column(headers: list[str], overrides: dict[str, str] | None) -> int | None:
    chosen = {normalise(k): v for k, v in (overrides or {}).items()}
    for col, header in enumerate(headers):
        norm = normalise(header)
        if chosen.get(norm, "receipt" if "receipt" in _LOOKUP.get(norm, ()) else None) == "receipt":
            return col
    return None


def _content_fill(headers, role, overrides, columns, evidence, forced_role) -> dict[int, float] | None:
    """Fields of the role no header names, filled from the values of columns
    whose header is no known name at all. None: the role would rest on values
    alone (no field the role is about named by a header), which is not enough
    to choose it."""
    from . import labour_parts, sales_parts  # noqa: PLC0415 - they read the headers' names
    from .finance_lines import is_expense  # noqa: PLC0415

    chosen = {normalise(k) for k in (overrides or {})}
    free = [c for c, h in enumerate(headers) if c not in columns and normalise(h) not in chosen
            and not fields_for(h) and not is_budget_header(h) and not labour_parts.is_part(h) and not is_expense(h)
            and not sales_parts.is_part(h)]
    named = set(columns.values())
    guessed = infer.fill(ROLE_FIELDS[role], columns, free, evidence)
    needed = infer.needed(role)
    defining = needed - {"store", "receipt"}  # what the role is about: a header must name some of it
    if guessed and not forced_role and not (defining & named) and defining & {columns[c] for c in guessed}:
        for col in guessed:
            columns.pop(col)
        return None
    for col in [c for c, conf in guessed.items() if (evidence.from_values(c, columns[c]) < infer.SUPPORT or (
            columns[c] in needed and (evidence.score(c, columns[c]) < infer.ASK
                                      or conf < infer.ASK and not infer.worth_asking(evidence, columns, c))) or (
            columns[c] not in needed and (conf < infer.APPLY or columns[c] in NUMBER_FIELDS
                                          and evidence.from_values(c, columns[c]) < infer.APPLY)))]:
        # an optional field is read from values only when they are clear; a
        # needed one is asked about only when its values bear the guess out:
        # weak evidence drops it, and so does a close rival, except for the
        # amount of a sheet shaped like sales lines, which is asked about
        columns.pop(col)
        guessed.pop(col)
    return guessed


def _with_confidence(sheet_map: SheetMapping, overrides, guessed: dict[int, float], evidence) -> SheetMapping:
    chosen = {normalise(k) for k in (overrides or {})}
    fields = set(ROLE_FIELDS.get(sheet_map.role, ()))
    for col, fld in sheet_map.columns.items():
        if col in guessed:
            sheet_map.confidence[col] = guessed[col]
        elif normalise(sheet_map.headers[col]) in chosen:
            sheet_map.confidence[col] = 1.0
        else:
            shared = len([f for f in fields_for(sheet_map.headers[col]) if f in fields]) > 1
            sheet_map.confidence[col] = infer.header_confidence(col, fld, shared, evidence)
    sheet_map.guessed = sorted(guessed)
    needed = infer.needed(sheet_map.role)
    sheet_map.doubts = sorted(c for c, fld in sheet_map.columns.items() if fld in needed
                              and sheet_map.confidence[c] < infer.APPLY
                              and (c in guessed or (evidence is not None and c in evidence.receipt_totals)))
    for col in sheet_map.doubts:  # a column as close to the field as the proposal: named beside it
        rival, sure, _ = evidence.rivals.get((col, sheet_map.columns[col]), (None, 0.0, 0)) if evidence else (None,) * 3
        if rival is not None and rival not in sheet_map.columns and sheet_map.confidence[col] < infer.ASK:
            sheet_map.rivals[col] = (rival, sure)
    return sheet_map


def _candidate_roles(headers: list[str], budgetish: bool) -> list[str]:
    order = ["campaigns", "purchase_orders", "stocktake", "inventory", "receipts", "adjustments", "sales", "traffic",
             "finance", "survey", "products", "stores"]
    return (["budget"] + order) if budgetish else order


def _fits(role: str, fields: set[str], headers: list[str]) -> bool:
    from .fit import fits  # what each table needs, in one place

    return fits(role, fields, headers)


def _budget_columns(headers: list[str], columns: dict[int, str]) -> dict[int, str]:
    """Wide budget: every column other than month/store/kpi/value names a KPI."""
    out = {}
    for col, header in enumerate(headers):
        if col in columns or not str(header or "").strip():
            continue
        out[col] = str(header).strip()
    return out
