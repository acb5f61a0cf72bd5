"""Finance lines kept long (年月 | 勘定科目 | 金額, Month | Account | Amount):
each row's account names the finance field its amount is (販管費 the opex,
当期純利益 the net income, 純資産 the equity, 総資産 the total assets), by the
same header words a wide finance sheet is read by. A row of another account
(売上高, 売上原価, 営業外収益 …) is not one the pack reads: it is rejected with
its account named, so every row is used or said. A subtotal line names its
field too (販管費計, 販管費合計, Total SG&A): a P&L's expense accounts above
it (人件費, 地代家賃) are no field, so the opex is counted once, from it.
A sheet with no such line keeps its opex by account only: its selling and
administrative expense accounts (人件費, 地代家賃, 水道光熱費, Rent, Wages …)
are then the opex, summed (`read_accounts`), and the report names them;
a group (人件費) whose own accounts (給料手当, 法定福利費) are listed too is
left to them, never counted twice. Cost of sales, purchases and
non-operating lines are never opex."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .headers import fields_for, normalise

FIELDS = ("opex", "net_income", "equity", "total_assets")
# a subtotal's word before or after the account it totals: 販管費計, 販管費 合計, Total SG&A, SG&A total
_SUBTOTAL = re.compile(r"\s*(合計|小計|計|total)$|^total\s+", re.I)


def field_of_account(name: object) -> str | None:
    if name is None or (isinstance(name, float) and np.isnan(name)):
        return None
    found = next((f for f in fields_for(name) if f in FIELDS), None)
    if found is None and isinstance(name, str):
        account = _SUBTOTAL.sub("", unicodedata.normalize("NFKC", name).strip())
        found = next((f for f in fields_for(account) if f in FIELDS), None) if account else None
    return found


# selling and administrative expense accounts (normalised as headers are): the opex where no line totals them
_PAYROLL = frozenset({"給料", "給与", "給料手当", "給与手当", "賃金", "雑給", "賞与", "役員報酬", "法定福利費",
                      "福利厚生費", "salaries", "wages", "salariesandwages", "wagesandsalaries", "payroll",
                      "employeebenefits", "socialsecurity", "bonuses"})
_GROUPS = {"人件費": _PAYROLL, "personnelcosts": _PAYROLL, "staffcosts": _PAYROLL, "laborcost": _PAYROLL,
           "labourcost": _PAYROLL, "laborcosts": _PAYROLL, "labourcosts": _PAYROLL}
EXPENSES = _PAYROLL | frozenset(_GROUPS) | frozenset({
    "地代家賃", "家賃", "支払家賃", "賃借料", "リース料", "水道光熱費", "光熱費", "広告宣伝費", "販売促進費", "販促費",
    "旅費交通費", "交通費", "通信費", "消耗品費", "事務用品費", "修繕費", "保険料", "租税公課", "減価償却費", "支払手数料",
    "荷造運賃", "運賃", "配送費", "接待交際費", "交際費", "会議費", "諸会費", "研修費", "新聞図書費", "清掃費", "外注費",
    "業務委託費", "衛生費", "雑費", "採用費", "求人費", "車両費", "保守料", "rent", "rentexpense", "occupancy",
    "utilities", "electricity", "advertising", "marketing", "advertisingandmarketing", "promotion", "travel",
    "communication", "telephone", "supplies", "officesupplies", "repairs", "repairsandmaintenance", "maintenance",
    "insurance", "depreciation", "bankcharges", "cardfees", "professionalfees", "cleaning", "outsourcing",
    "recruitment", "miscellaneous", "otherexpenses"})


def is_expense(name: object) -> bool:
    return isinstance(name, str) and normalise(name) in EXPENSES


@dataclass
class Accounts:
    """What a sheet's account column says, row by row (`read_accounts`)."""

    fields: pd.Series  # the field each row's amount is, None where the row is not read
    reasons: pd.Series  # why a row with an account is not read (a message code), else None
    summed: list[str]  # the expense accounts read as the opex, as written (none where an opex line is)


def read_accounts(accounts: pd.Series) -> Accounts:
    """Each row's field: its account's (field_of_account). Where a row is an opex
    line, the expense accounts are in it (not read); where none is, the
    expense accounts are the opex — but a group (人件費) whose own accounts
    (給料手当) are listed too, which is their total."""
    named = accounts.map(field_of_account)
    names = accounts.map(lambda a: normalise(a) if isinstance(a, str) else "")
    expense = names.isin(EXPENSES) & named.isna()
    reasons = pd.Series(None, index=accounts.index, dtype=object)
    if named.eq("opex").any():
        fields, summed = named, pd.Series(False, index=accounts.index)
        reasons[expense] = "row_account_in_opex_line"
    else:
        present = set(names)
        grouped = names.isin({g for g, members in _GROUPS.items() if g in present and present & members})
        summed = expense & ~grouped
        fields = named.where(~summed, "opex")
        reasons[grouped] = "row_account_group"
    reasons[reasons.isna() & fields.isna() & accounts.notna()] = "row_account_not_read"
    return Accounts(fields, reasons, list(dict.fromkeys(str(a).strip() for a in accounts[summed])))


def as_fields(frame: pd.DataFrame, fields: pd.Series) -> pd.DataFrame:
    """Each row's amount under its field (`read_accounts`; the others empty: a
    month's fields are summed over its rows)."""
    fields = fields.reindex(frame.index)
    out = frame.drop(columns=["account", "amount"])
    for fld in FIELDS:
        if fields.eq(fld).any():
            out[fld] = frame["amount"].where(fields.eq(fld))
    return out
