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
