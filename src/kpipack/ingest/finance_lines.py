"""Finance lines kept long (年月 | 勘定科目 | 金額, Month | Account | Amount):
each row's account names the finance field its amount is (販管費 the opex,
当期純利益 the net income, 純資産 the equity, 総資産 the total assets), by the
same header words a wide finance sheet is read by. A row of another account
(売上高, 売上原価, 営業外収益 …) is not one the pack reads: it is rejected with
its account named, so every row is used or said. A subtotal line names its
field too (販管費計, 販管費合計, Total SG&A): a P&L's expense accounts above
it (人件費, 地代家賃) are no field, so the opex is counted once, from it."""
from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from .headers import fields_for

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


def as_fields(frame: pd.DataFrame) -> pd.DataFrame:
    """Each row's amount under the field its account names (the others empty:
    a month's fields are summed over its rows)."""
    fields = frame["account"].map(field_of_account)
    out = frame.drop(columns=["account", "amount"])
    for fld in FIELDS:
        if fields.eq(fld).any():
            out[fld] = frame["amount"].where(fields.eq(fld))
    return out
