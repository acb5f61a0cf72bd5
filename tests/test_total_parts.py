"""An export no profile knows whose only amount is the order's Total: the
tax, tips, shipping and service charges it holds are taken off where the
sheet has columns for them, and the pack says which columns made the sale;
where it has none, the pack says the Total was read whole. Expected values
worked out by hand in the comments."""
import pytest

from exports import build_results, read_sheet
from kpipack.ingest import Mapping, read_file
from kpipack.ingest.tax_basis import sheet_basis


def read(tmp_path, name, text, encoding="utf-8"):
    return tmp_path / name, read_sheet(tmp_path, name, text, encoding)


def codes(sheet):
    return [w.code for w in sheet.warnings]


ORDERS = (
    "Order Date,Order No,Customer,Payment,Tax,Tip,Shipping,Total\n"
    "2026-10-01,1001,alice,card,$10.00,$5.00,$4.00,$119.00\n"   # 119 − 10 − 5 − 4 = 100
    "2026-10-02,1002,bob,cash,$2.00,,$0.00,$22.00\n"            # 22 − 2 (no tip) = 20
    "2026-10-03,1003,carol,card,$3.00,$1.50,$6.00,$40.50\n"     # 40.50 − 3 − 1.50 − 6 = 30
    "2026-10-04,1004,dan,card,$1.00,$0.00,$0.00,\n"            # no total: rejected, never −1
)


def test_total_less_its_tax_tip_and_shipping_columns(tmp_path):
    _, sheet = read(tmp_path, "orders_2026-10.csv", ORDERS)
    assert sheet.table["net_sales"].tolist() == pytest.approx([100.0, 20.0, 30.0])
    assert sheet.rows_used == 3 and [i.row for i in sheet.issues] == [5]
    assert sheet.currency == "USD"  # the Total's cells show dollars
    assert sheet_basis(sheet.mapping) == "excluded"  # the tax column is taken out
    note = next(w for w in sheet.warnings if w.code == "note_total_less_parts")
    assert note.params["total"] == "Total" and note.params["listed"] == "Tax, Tip, Shipping"
    assert "note_sales_tax_unknown" not in codes(sheet)
    assert sheet.mapping.field_header("net_sales") == "Total − Tax − Tip − Shipping"


def test_japanese_total_less_consumption_tax_and_postage(tmp_path):
    text = ("注文日,注文番号,消費税,送料,合計\n"
            "2026/10/01,A-1,300,500,3800\n"    # 3,800 − 300 − 500 = 3,000
            "2026/10/02,A-2,100,0,1100\n")     # 1,100 − 100 = 1,000
    _, sheet = read(tmp_path, "注文一覧.csv", text, encoding="cp932")
    assert sheet.table["net_sales"].sum() == pytest.approx(4000.0)
    assert sheet.mapping.field_header("net_sales") == "合計 − 消費税 − 送料"
    assert sheet_basis(sheet.mapping) == "excluded"


def test_only_tips_and_shipping_taken_off_the_pack_says_tax_is_not_known(tmp_path):
    text = ("Date,Order,Tip,Shipping,Total\n"
            "2026-10-01,1,2.00,5.00,57.00\n"     # 57 − 2 − 5 = 50
            "2026-10-02,2,0.00,0.00,25.00\n")    # 25
    _, sheet = read(tmp_path, "orders.csv", text)
    assert sheet.table["net_sales"].sum() == pytest.approx(75.0)
    assert sheet_basis(sheet.mapping) == "unknown"
    tax = next(w for w in sheet.warnings if w.code == "note_sales_tax_unknown")
    assert tax.params["column"] == "Total − Tip − Shipping"


def test_a_total_with_nothing_to_take_off_is_read_whole_and_said_so(tmp_path):
    text = "Date,Order,Customer,Total\n2026-10-01,1,ann,119.00\n2026-10-02,2,bo,22.00\n"
    _, sheet = read(tmp_path, "orders.csv", text)
    assert sheet.table["net_sales"].sum() == pytest.approx(141.0)
    note = next(w for w in sheet.warnings if w.code == "note_sales_total_whole")
    assert note.params["column"] == "Total"


def test_a_net_sales_column_beside_the_total_is_the_sale(tmp_path):
    text = ("Date,Order,Net Sales,Tax,Tip,Total\n"
            "2026-10-01,1,100.00,10.00,5.00,115.00\n")
    _, sheet = read(tmp_path, "orders.csv", text)
    assert sheet.table["net_sales"].sum() == pytest.approx(100.0)
    assert "note_total_less_parts" not in codes(sheet)


def test_the_build_says_which_columns_made_the_sale(tmp_path):
    path = tmp_path / "orders_2026-10.csv"
    path.write_text(ORDERS, encoding="utf-8")
    data = build_results(path, tmp_path)
    assert data["data_quality"]["net_sales_used"] == pytest.approx(150.0)
    said = [w["problem"] for w in data["data_quality"]["warnings"]]
    assert any("列「Total」から Tax, Tip, Shipping を差し引いて" in s for s in said), said


def test_a_total_the_mapping_names_the_sale_is_read_whole(tmp_path):
    # the user's own mapping says Total is the sale: 119 + 22 + 40.50, as written
    path = tmp_path / "orders_2026-10.csv"
    path.write_text(ORDERS, encoding="utf-8")
    tables, _ = read_file(path, Mapping({"sales": {"Total": "net_sales", "Order Date": "date"}}))
    assert tables[0].table["net_sales"].sum() == pytest.approx(181.5)


# WooCommerce's order list as "Advanced Order Export" writes it with the order's own fields only (its
# column labels): no product rows, so no profile; the Total holds the tax (shipping's too) and the shipping
WOO_ORDERS = (
    "Order Number,Order Status,Order Date,Email (Billing),Order Subtotal Amount,Order Shipping Amount,"
    "Order Refund Amount,Order Total Amount,Order Total Tax Amount\n"
    "1001,completed,2026-03-02 10:15,ann@example.com,100.00,10.00,0,121.00,11.00\n"   # 121 − 11 − 10 = 100
    "1002,processing,2026-03-05 12:00,bob@example.com,60.00,5.00,0,60.50,5.50\n"      # 60.50 − 5.50 − 5 = 50
    "1003,cancelled,2026-03-06 09:30,cy@example.com,80.00,0.00,0,88.00,8.00\n"        # no sale
    "1004,completed,2026-03-09 16:45,dee@example.com,200.00,0.00,0,220.00,20.00\n"    # 220 − 20 = 200
)


def test_an_order_level_woocommerce_export_is_its_total_less_tax_and_shipping(tmp_path):
    # Order Subtotal (before the coupon: 60 for 1002) is not the sale; 100 + 50 + 200 = 350 in 3 orders
    _, sheet = read(tmp_path, "orders-2026-03.csv", WOO_ORDERS)
    assert sheet.table["net_sales"].tolist() == pytest.approx([100.0, 50.0, 200.0])
    assert sheet.table["receipt"].tolist() == ["1001", "1002", "1004"]
    assert sheet_basis(sheet.mapping) == "excluded"
    assert sheet.mapping.field_header("net_sales") == \
        "Order Total Amount − Order Shipping Amount − Order Total Tax Amount"
    assert [i.code for i in sheet.issues] == ["row_not_sale_status"]


@pytest.mark.parametrize("header, tax, shipping", [("Grand Total", "Tax Amount", "Shipping Amount"),
                                                   ("Total", "VAT", "Delivery"),
                                                   ("Order Total", "Order Tax", "Shipping Total")])
def test_other_order_totals_with_tax_and_shipping_pairs(tmp_path, header, tax, shipping):
    text = (f"Date,Order No,{tax},{shipping},{header}\n"
            "2026-10-01,1,8.00,5.00,93.00\n"      # 93 − 8 − 5 = 80
            "2026-10-02,2,2.00,0.00,22.00\n")     # 22 − 2 = 20
    _, sheet = read(tmp_path, "orders.csv", text)
    assert sheet.table["net_sales"].sum() == pytest.approx(100.0)
    assert sheet_basis(sheet.mapping) == "excluded"


def test_a_subtotal_before_credits_and_discounts_is_not_the_sale_beside_a_total_and_its_parts(tmp_path):
    # a shop's order totals export (Subtotal, Credits, Discount, Shipping, Tax, Total, Total = Subtotal −
    # Credits − Discount + Shipping + Tax): the sale is Total − Shipping − Tax, after the discounts
    text = ("Order Number,Order Date,Customer Email,Subtotal,Credits,Discount,Shipping,Tax,Total\n"
            "5001,2026-03-02,a@example.com,100.00,0.00,10.00,8.00,7.20,105.20\n"   # 105.20 − 8 − 7.20 = 90
            "5002,2026-03-03,b@example.com,50.00,5.00,0.00,8.00,3.60,56.60\n"      # 56.60 − 8 − 3.60 = 45
            "5003,2026-03-05,c@example.com,200.00,0.00,0.00,0.00,16.00,216.00\n")  # 216 − 16 = 200
    _, sheet = read(tmp_path, "order-totals.csv", text)
    assert sheet.table["net_sales"].tolist() == pytest.approx([90.0, 45.0, 200.0])
    assert sheet.mapping.field_header("net_sales") == "Total − Shipping − Tax"
    assert sheet_basis(sheet.mapping) == "excluded"


def test_a_venue_pos_orders_report_is_its_total_payments_less_tip_fee_and_tax(tmp_path):
    # an orders report as a venue POS publishes its columns (Gross Sales, Order Tip, Order Fee, Exclusive Tax,
    # Total Discounts, Refund Amount, Total Payments = gross + tip + fee + tax − discounts − refunds): the
    # sale is Total Payments less the tip, fee and tax, after the discounts — never Gross Sales.
    # 23.60 − 3 − 1 − 1.60 = 18; A-2: 12.96 − 0.96 = 12; A-3 refunded whole: no sale. 30 in 2 orders
    text = ("Order ID,Order Status,Method of Tender,Vendor Name,Gross Sales,Order Tip,Order Fee,Exclusive Tax,"
            "Total Discounts,Refund Amount,Total Payments,Date\n"
            "A-1,Closed,Credit,Stand 1,20.00,3.00,1.00,1.60,2.00,0.00,23.60,2026-03-07 19:02\n"
            "A-2,Closed,Cash,Stand 1,12.00,0.00,0.00,0.96,0.00,0.00,12.96,2026-03-07 19:10\n"
            "A-3,Refunded,Credit,Stand 2,10.00,0.00,0.00,0.80,0.00,10.80,0.00,2026-03-07 19:30\n")
    _, sheet = read(tmp_path, "all-orders.csv", text)
    assert sheet.table["net_sales"].tolist() == pytest.approx([18.0, 12.0])
    assert sheet.mapping.field_header("net_sales") == "Total Payments − Order Tip − Order Fee − Exclusive Tax"
    assert [(i.row, i.code) for i in sheet.issues] == [(4, "row_not_sale_status")]


def test_a_card_processors_fee_is_not_taken_off_a_total():
    from kpipack.ingest.total_parts import part_kind

    assert part_kind("Fee") is None and part_kind("Order Fee") == "service" and part_kind("Order Tip") == "tip"


PRICED = ("Date,Store,Receipt,Unit price,Quantity,Tax 5%,Total\n"
          "2026-10-01,S01,R1,1000,2,100,2100\n"  # 2,100 − 100 = 2,000 = 1,000 × 2
          "2026-10-01,S01,R2,500,1,25,525\n"     # 525 − 25 = 500 = 500 × 1
          "2026-10-02,S01,R3,800,3,,2520\n"      # tax blank: 800 × 3 = 2,400, never the 2,520 with its tax
          "2026-10-02,S01,R4,300,1,15,315\n")    # 315 − 15 = 300


@pytest.mark.parametrize("lang, words", [("en", ["'Tax 5%'", "1 lines", "quantity ('Quantity')"]),
                                         ("ja", ["「Tax 5%」", "1 行", "数量（Quantity）× 単価（Unit price）"])])
def test_a_blank_tax_beside_lines_with_tax_is_quantity_times_price(tmp_path, lang, words):
    path, sheet = read(tmp_path, "orders.csv", PRICED)
    assert sheet.table["net_sales"].tolist() == pytest.approx([2000.0, 500.0, 2400.0, 300.0])
    results = build_results(path, tmp_path, lang)
    # 2,000 + 500 + 2,400 + 300 = 5,200
    assert next(k for k in results["kpis"] if k["id"] == "net_sales" and k["scope"] == "total")["actual"] == 5200
    assert results["data_quality"]["rows_rejected"] == 0
    assert any(all(w in p["problem"] for w in words) for p in results["data_quality"]["warnings"])


@pytest.mark.parametrize("lang, words", [("en", ["tax cell ('Tax')", "is blank"]), ("ja", ["税の列「Tax」", "空欄"])])
def test_a_blank_tax_with_no_price_before_tax_rejects_its_line_naming_it(tmp_path, lang, words):
    text = ("Date,Store,Receipt,Tax,Total\n"
            "2026-10-01,S01,R1,100,2100\n"   # 2,100 − 100 = 2,000
            "2026-10-02,S01,R3,,2520\n"      # tax not known: rejected, never 2,520 with its tax in
            "2026-10-02,S01,R4,15,315\n")    # 315 − 15 = 300
    path, sheet = read(tmp_path, "orders.csv", text)
    assert sheet.table["net_sales"].tolist() == pytest.approx([2000.0, 300.0])
    assert [(i.row, i.code) for i in sheet.issues] == [(3, "row_tax_blank")]
    results = build_results(path, tmp_path, lang)
    assert next(k for k in results["kpis"] if k["id"] == "net_sales" and k["scope"] == "total")["actual"] == 2300
    [issue] = results["data_quality"]["issues"]
    assert issue["row"] == 3 and all(w in issue["problem"] for w in words)


def test_a_blank_tax_where_the_price_holds_the_tax_is_not_priced(tmp_path):
    text = ("Date,Store,Receipt,Unit price,Quantity,Tax,Total\n"
            "2026-10-01,S01,R1,1050,2,100,2100\n"  # 1,050 × 2 = 2,100 is the total with its tax: price after tax
            "2026-10-02,S01,R3,840,3,,2520\n")     # so 840 × 3 tells no sale before tax: rejected
    _, sheet = read(tmp_path, "orders.csv", text)
    assert sheet.table["net_sales"].tolist() == pytest.approx([2000.0])
    assert [(i.row, i.code) for i in sheet.issues] == [(3, "row_tax_blank")]


def test_a_tax_column_blank_on_every_line_is_no_tax(tmp_path):
    text = "Date,Store,Receipt,Tax,Total\n2026-10-01,S01,R1,,2100\n2026-10-02,S01,R2,,315\n"
    _, sheet = read(tmp_path, "orders.csv", text)  # nothing says any line had tax: 2,100 + 315
    assert sheet.table["net_sales"].tolist() == pytest.approx([2100.0, 315.0]) and not sheet.issues


@pytest.mark.parametrize("engine", [False, True])
def test_a_tax_included_amount_beside_its_tax_column_is_taken_without_it(tmp_path, monkeypatch, engine):
    """売上金額(税込) beside 消費税額: the line's tax is taken off; a tax-included
    amount without such a column stays as written, said tax-included. By hand:
    (1,100 − 100) + (2,200 − 200) + (3,300 − 300) = 6,000."""
    import json

    from kpipack.domain import Settings
    from kpipack.kpis import linefiles
    from kpipack.pipeline import build_pack

    if engine:
        monkeypatch.setattr(linefiles, "CSV_ENGINE_BYTES", 0)
    text = ("日付,店舗,レシートNo,商品名,売上金額(税込),消費税額\n2026/10/01,本店,1,A,1100,100\n"
            "2026/10/01,本店,2,B,2200,200\n2026/10/02,本店,3,C,3300,300\n")
    (tmp_path / "pos.csv").write_text(text, encoding="utf-8")
    build_pack([tmp_path / "pos.csv"], Settings(period="2026-10", lang="ja"), out=tmp_path / "r.xlsx",
               json_out=tmp_path / "r.json", use_cache=False)
    got = json.loads((tmp_path / "r.json").read_text())
    assert next(r["actual"] for r in got["kpis"] if r["id"] == "net_sales" and r["scope"] == "total") == 6000
    assert "売上金額は列「売上金額(税込)」から列「消費税額」を差し引いて求めました（税込の金額から各行の税を除き、税抜で集計します）" \
        in [w["problem"] for w in got["data_quality"]["warnings"]]
