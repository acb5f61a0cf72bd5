"""Lightspeed X-Series, Clover, カラーミーショップ and ユビレジ exports, each fixture
written here in the columns the profile's comments name, never a customer's
file; every figure is worked out by hand in the comments."""
import pytest

from exports import build_results, read_sheet


def totals(results):
    return {k["id"]: k["actual"] for k in results["kpis"] if k["scope"] == "total"}


LIGHTSPEED_X_HEADER = ("Date,Receipt Number,Line Type,Customer Code,Customer Name,Note,Quantity,Subtotal,Sales Tax,"
                       "Discount,Loyalty,Total,Paid,Details,Register,User,Status,Sku,AccountCodeSale,"
                       "AccountCodePurchase\n")


def vend_sale(when, receipt, status, lines, customer=("", "")):
    """A sale as the export writes it: its `Sale` row (totals, Register, User, Status), its
    `Sale Line` rows (qty, subtotal, tax, discount, product, SKU), a `Payment` row unless parked."""
    qty = sum(q for q, *_ in lines)
    sub = sum(s for _, s, *_ in lines)
    tax = sum(t for _, _, t, *_ in lines)
    details = " + ".join(f"{q} X {name}" for q, _, _, _, name, _ in lines)
    rows = [f"{when},{receipt},Sale,{customer[0]},{customer[1]},,{qty},{sub:.2f},{tax:.2f},0,0,{sub + tax:.2f},,"
            f"{details},Main Register,Kim,{status},,,\n"]
    rows += [f"{when},{receipt},Sale Line,,,,{q},{s:.2f},{t:.2f},{d:.2f},0,{s + t:.2f},,{name},,,,{sku},,\n"
             for q, s, t, d, name, sku in lines]
    if status != "SAVED":
        rows.append(f"{when},{receipt},Payment,,,,,,,,,,{sub + tax:.2f},Cash,,,,,,\n")
    return "".join(rows)


# 1001: 2 mugs 40.00 and a tea 20.00 (without tax; 15 % GST on top). 1002: a teapot 45.00 after its
# 5.00 discount. 1003 voided, 1005 parked (SAVED): no sale. 1004 gives a mug back: −20.00.
# Net sales 40 + 20 + 45 − 20 = 85.00; receipts whose lines sum above zero: 1001 and 1002.
LIGHTSPEED_X = LIGHTSPEED_X_HEADER + "".join([
    vend_sale("2026-10-02 10:15:00", 1001, "CLOSED", [(2, 40.0, 6.0, 0.0, "Blue Mug", "MUG-1"),
                                                       (1, 20.0, 3.0, 0.0, "Green Tea", "TEA-1")],
              customer=("C-ANN", "Ann Lee")),
    vend_sale("2026-10-05 14:30:00", 1002, "CLOSED", [(1, 45.0, 6.75, 5.0, "Teapot", "POT-1")]),
    vend_sale("2026-10-07 11:00:00", 1003, "VOIDED", [(1, 20.0, 3.0, 0.0, "Blue Mug", "MUG-1")]),
    vend_sale("2026-10-09 16:45:00", 1004, "CLOSED", [(-1, -20.0, -3.0, 0.0, "Blue Mug", "MUG-1")],
              customer=("C-ANN", "Ann Lee")),
    vend_sale("2026-10-12 09:30:00", 1005, "SAVED", [(1, 20.0, 3.0, 0.0, "Green Tea", "TEA-1")]),
])


def test_lightspeed_x_series_reads_the_sale_lines_once_and_leaves_voided_and_parked_sales_out(tmp_path):
    sheet = read_sheet(tmp_path, "sales-history.csv", LIGHTSPEED_X)
    assert sheet.mapping.profile == "lightspeed_x_sales"
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([40.0, 20.0, 45.0, -20.0])
    assert t["qty"].sum() == 3  # 2 + 1 + 1 − 1
    assert t["product"].tolist() == ["Blue Mug", "Green Tea", "Teapot", "Blue Mug"]
    assert set(t["customer"].dropna()) == {"C-ANN"}  # written on the sale's row, carried to its lines
    # rows 2–16: five `Sale` rows and four `Payment` rows are the sales' totals and money, not items;
    # the voided sale's line (row 10) and the parked one's (row 16) are no sale either
    problems = {i.row: i.problem("en") for i in sheet.issues}
    assert sorted(problems) == [2, 5, 6, 8, 9, 10, 11, 12, 14, 15, 16]
    assert "VOIDED" in problems[10] and "SAVED" in problems[16]
    results = build_results(tmp_path / "sales-history.csv", tmp_path)
    kpis = totals(results)
    assert kpis["net_sales"] == pytest.approx(85.0)
    assert kpis["transactions"] == 2
    assert results["data_quality"]["read_as"][0]["profile"] == "lightspeed_x_sales"


CLOVER_HEADER = ("Line Item Date,Order Employee ID,Order Employee Name,Order Employee Custom ID,Item ID,"
                 "Item Product Code,Item SKU,Order ID,Item Name,Currency,Per Unit Quantity,Item Unit,Item Revenue,"
                 "Modifiers,Modifiers Revenue,Total Revenue,Discounts,Total Discount,Order Discounts,"
                 "Order Discount Proportion,Item Total,Item Tax Rate,Item Fee,Tax Amount,"
                 "Item Total with Tax/Fee Amount,Refunded,Exchanged,Order Payment State,Service Charge\n")


def clover_line(when, order, item, revenue, modifiers, total, tax, refunded="false", state="Paid", fee=""):
    """A line item: Total Revenue = revenue + modifiers, Item Total = Total Revenue less its share of the
    order's discount, Tax Amount on top of it."""
    name, sku = item
    mods = f"{modifiers:.2f}" if modifiers else ""
    share = total - revenue - modifiers
    return (f"{when},E1,Ann,,{sku},,{sku},{order},{name},USD,,,{revenue:.2f},,{mods},{revenue + modifiers:.2f},,"
            f"0.00,,{share:.2f},{total:.2f},{'0.0' if fee else '0.08'},0.00,{tax:.2f},{total + tax:.2f},{refunded},false,"
            f"{state},{fee}\n")


# A1: a burger 12.00 with cheese 1.00 and fries 4.00, less the order's 10 % (1.30 and 0.40): 11.70 and
# 3.60; its 3.00 gratuity (Service Charge) is no sale. B2: two coffees 3.50 each (two line items) and a
# cookie refunded. C3 is still open (not paid). D4 at 11:55 PM on 31 October: 2.50.
# Net sales 11.70 + 3.60 + 3.50 + 3.50 + 2.50 = 24.80 in 3 orders, 5 items.
CLOVER = CLOVER_HEADER + "".join([
    clover_line("02-Oct-2026 12:10 PM EDT", "A1", ("Burger", "I1"), 12.00, 1.00, 11.70, 0.94),
    clover_line("02-Oct-2026 12:10 PM EDT", "A1", ("Fries", "I2"), 4.00, 0, 3.60, 0.29),
    clover_line("02-Oct-2026 12:10 PM EDT", "A1", ("Gratuity", ""), 3.00, 0, 3.00, 0.00, fee="True"),
    clover_line("05-Oct-2026 06:40 PM EDT", "B2", ("Coffee", "I3"), 3.50, 0, 3.50, 0.28),
    clover_line("05-Oct-2026 06:40 PM EDT", "B2", ("Coffee", "I3"), 3.50, 0, 3.50, 0.28),
    clover_line("05-Oct-2026 06:40 PM EDT", "B2", ("Cookie", "I4"), 2.00, 0, 2.00, 0.16, refunded="true"),
    clover_line("07-Oct-2026 01:05 PM EDT", "C3", ("Muffin", "I5"), 3.00, 0, 3.00, 0.24, state="Open"),
    clover_line("31-Oct-2026 11:55 PM EDT", "D4", ("Tea", "I6"), 2.50, 0, 2.50, 0.20),
])


def test_clover_line_items_leave_service_charges_refunds_and_open_orders_out(tmp_path):
    sheet = read_sheet(tmp_path, "LineItems.csv", CLOVER)
    assert sheet.mapping.profile == "clover_line_items"
    t = sheet.table
    assert t["net_sales"].tolist() == pytest.approx([11.70, 3.60, 3.50, 3.50, 2.50])
    assert t["qty"].tolist() == [1, 1, 1, 1, 1]  # a blank Per Unit Quantity is one item
    assert t["date"].dt.strftime("%Y-%m-%d %H:%M").tolist()[-1] == "2026-10-31 23:55"  # the clock time written
    problems = {i.row: i.problem("en") for i in sheet.issues}
    assert sorted(problems) == [4, 7, 8]
    assert "Service Charge" in problems[4] and "Refunded" in problems[7] and "Open" in problems[8]
    results = build_results(tmp_path / "LineItems.csv", tmp_path)
    kpis = totals(results)
    assert kpis["net_sales"] == pytest.approx(24.80)
    assert kpis["transactions"] == 3
    assert results["currency"] == "USD"
