"""ABC analysis (contract section 2): SKUs by net sales, A while the SKUs
ahead hold under 70 % of sales, B under 90 %, else C."""
from __future__ import annotations

import pandas as pd

from ..domain import month_add

A_LIMIT, B_LIMIT = 70.0, 90.0


def abc_table(lines: pd.DataFrame, period: str, months: int = 1) -> pd.DataFrame:
    """One row per SKU: sku, product, category, net_sales, share_pct, before_pct, cum_pct, class."""
    key = "sku" if "sku" in lines and lines["sku"].notna().any() else "product" if "product" in lines else None
    cols = ["sku", "product", "category", "net_sales", "share_pct", "before_pct", "cum_pct", "class"]
    if key is None:
        return pd.DataFrame(columns=cols)
    first = month_add(period, -(months - 1))
    wanted = [c for c in dict.fromkeys([key, "net_sales", "product", "category"]) if c in lines]
    in_period = (lines["month"] >= first) & (lines["month"] <= period)
    sel = lines.loc[in_period, wanted].dropna(subset=[key])  # only the columns used: the lines are wide
    if sel.empty:
        return pd.DataFrame(columns=cols)
    grouped = sel.groupby(key)
    table = pd.DataFrame({"net_sales": grouped["net_sales"].sum()})
    for extra in ("product", "category"):
        if extra in sel and extra != key:
            table[extra] = grouped[extra].first()
    table = table.reset_index().rename(columns={key: "sku"})
    table = table.sort_values(["net_sales", "sku"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    total = table["net_sales"].sum()
    share = table["net_sales"] / total * 100.0 if total else table["net_sales"] * 0.0
    table["share_pct"] = share
    table["cum_pct"] = share.cumsum()
    table["before_pct"] = table["cum_pct"] - share
    table["class"] = ["A" if b < A_LIMIT else "B" if b < B_LIMIT else "C" for b in table["before_pct"]]
    for col in cols:
        if col not in table:
            table[col] = None
    return table[cols]


def abc_summary(table: pd.DataFrame) -> dict:
    out = {}
    for cls in ("A", "B", "C"):
        part = table[table["class"] == cls]
        out[cls] = {"skus": int(len(part)), "net_sales": float(part["net_sales"].sum())}
    return out
