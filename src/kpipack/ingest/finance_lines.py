"""Finance lines kept long (年月 | 勘定科目 | 金額, Month | Account | Amount):
each row's account names the finance field its amount is (販管費 the opex,
当期純利益 the net income, 純資産 the equity, 総資産 the total assets), by the
same header words a wide finance sheet is read by. A row of another account
(売上高, 売上原価, 営業外収益 …) is not one the pack reads: it is rejected with
its account named, so every row is used or said."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .headers import fields_for

FIELDS = ("opex", "net_income", "equity", "total_assets")


def field_of_account(name: object) -> str | None:
    if name is None or (isinstance(name, float) and np.isnan(name)):
        return None
    return next((f for f in fields_for(name) if f in FIELDS), None)


def as_fields(frame: pd.DataFrame) -> pd.DataFrame:
    """Each row's amount under the field its account names (the others empty:
    a month's fields are summed over its rows)."""
    fields = frame["account"].map(field_of_account)
    out = frame.drop(columns=["account", "amount"])
    for fld in FIELDS:
        if fields.eq(fld).any():
            out[fld] = frame["amount"].where(fields.eq(fld))
    return out
