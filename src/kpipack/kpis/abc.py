"""ABC analysis (contract section 2): SKUs by net sales, A while the SKUs
ahead hold under 70 % of sales, B under 90 %, else C."""
from __future__ import annotations

import pandas as pd

from ..domain import month_add

A_LIMIT, B_LIMIT = 70.0, 90.0


def abc_table(parts, period: str, months: int = 1, store: str | None = None) -> pd.DataFrame:
    """One row per SKU: sku, product, category, net_sales, share_pct, before_pct, cum_pct, class.
    `parts`: the lines' lineparts.LineParts; `store`: one store's lines only."""
    cols = ["sku", "product", "category", "net_sales", "share_pct", "before_pct", "cum_pct", "class"]
    table = parts.sku_sales(month_add(period, -(months - 1)), period, store)
    if table is None or table.empty:
        return pd.DataFrame(columns=cols)
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
