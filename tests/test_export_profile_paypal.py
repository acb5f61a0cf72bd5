"""PayPal's activity download: payments received are sales (their Gross,
before PayPal's fee), refunds given are taken off, and every other movement
of the balance (withdrawals, currency conversions, purchases the shop made,
pending or denied payments) is reported, never counted. The fixture is
written here in the layout the profile's comment names."""
import pytest

from exports import build_results, read_sheet

HEADER = [
    "Date", "Time", "TimeZone", "Name", "Type", "Status", "Currency", "Gross", "Fee", "Net", "From Email Address",
    "To Email Address", "Transaction ID", "Shipping Address", "Address Status", "Item Title", "Item ID",
    "Shipping and Handling Amount", "Insurance Amount", "Sales Tax", "Option 1 Name", "Option 1 Value",
    "Option 2 Name", "Option 2 Value", "Reference Txn ID", "Invoice Number", "Custom Number", "Quantity",
    "Receipt ID", "Balance", "Address Line 1", "Address Line 2/District/Neighborhood", "Town/City",
    "State/Province/Region/County/Territory/Prefecture/Republic", "Zip/Postal Code", "Country",
    "Contact Phone Number", "Subject", "Note", "Country Code", "Balance Impact"]


def row(day, kind, status, gross, fee, tx, impact, ref=""):
    net = f"{float(gross) + float(fee):.2f}"
    cells = dict.fromkeys(HEADER, "")
    cells.update({"Date": f"10/{day:02d}/2026", "Time": "10:00:00", "TimeZone": "PDT", "Name": "Buyer", "Type": kind,
                  "Status": status, "Currency": "USD", "Gross": gross, "Fee": fee, "Net": net,
                  "Transaction ID": tx, "Reference Txn ID": ref, "Balance Impact": impact})
    return ",".join(f'"{cells[h]}"' for h in HEADER) + "\n"


# US dates (month first: 10/13/2026 …).
# Sales (Gross, before the fee): 120.00 + 45.50 + 30.00 = 195.50; the refund
# of 25.00 on 1A: 195.50 − 25.00 = 170.50 (the Net column would give
# 116.22 + 43.88 + 28.83 − 24.27 = 164.66: never used). Transactions: 1A, 2B,
# 3C (the refund 4D sums below nought) = 3. Not counted, each reported:
# pending, withdrawal, currency conversion, a purchase the shop paid
# (Express Checkout Payment, Debit), a refund it received (Credit), a denied
# payment: sheet rows 6 to 11.
PAYPAL = ",".join(f'"{h}"' for h in HEADER) + "\n" + "".join([
    row(13, "Express Checkout Payment", "Completed", "120.00", "-3.78", "1A", "Credit"),
    row(14, "Website Payment", "Completed", "45.50", "-1.62", "2B", "Credit"),
    row(15, "Mobile Payment", "Completed", "30.00", "-1.17", "3C", "Credit"),
    row(16, "Payment Refund", "Completed", "-25.00", "0.73", "4D", "Debit", ref="1A"),
    row(17, "Website Payment", "Pending", "50.00", "-1.75", "5E", "Credit"),
    row(18, "General Withdrawal", "Completed", "-100.00", "0.00", "6F", "Debit"),
    row(19, "General Currency Conversion", "Completed", "-10.00", "0.00", "7G", "Debit", ref="8H"),
    row(20, "Express Checkout Payment", "Completed", "-54.99", "0.00", "8H", "Debit"),
    row(21, "Payment Refund", "Completed", "8.00", "0.00", "9J", "Credit"),
    row(22, "Website Payment", "Denied", "20.00", "0.00", "10K", "Credit"),
])


def test_paypal_activity_counts_payments_received_less_refunds(tmp_path):
    sheet = read_sheet(tmp_path, "Download.CSV", PAYPAL)
    assert sheet.mapping.profile == "paypal_activity"
    assert sheet.table["net_sales"].tolist() == pytest.approx([120.00, 45.50, 30.00, -25.00])
    assert {i.row: i.problem("en") for i in sheet.issues} == {
        6: "not a sale: Status is 'Pending'",
        7: "not a sale: Type is 'General Withdrawal'",
        8: "not a sale: Type is 'General Currency Conversion'",
        9: "not a sale: Type is 'Express Checkout Payment' and Balance Impact is 'Debit'",
        10: "not a sale: Type is 'Payment Refund' and Balance Impact is 'Credit'",
        11: "not a sale: Status is 'Denied'",
    }
    assert sheet.issues[3].problem("ja") == "売上ではありません（Typeが「Express Checkout Payment」でBalance Impactが「Debit」）"
    results = build_results(tmp_path / "Download.CSV", tmp_path)
    kpis = {k["id"]: k["actual"] for k in results["kpis"] if k["scope"] == "total"}
    assert kpis["net_sales"] == pytest.approx(170.50)
    assert kpis["transactions"] == 3
    assert results["currency"] == "USD"
    [read_as] = results["data_quality"]["read_as"]
    assert read_as["profile"] == "paypal_activity"
