"""What each input table needs among its columns, so that a sheet is given a
role only when it has them, and a sheet that fits none can be told: which
table it comes nearest to and which needed column it lacks."""
from __future__ import annotations

# role -> need -> the fields that meet it (a tuple: all of them together)
NEEDS: dict[str, dict[str, list]] = {
    "sales": {"date": ["date"], "amount": ["net_sales", ("qty", "unit_price")]},
    "traffic": {"date": ["date", "month"], "traffic_measure": ["visitors", "labor_hours", "transactions"]},
    "stores": {"store": ["store"], "store_detail": ["floor_area", "region", "store_name"]},
    "inventory": {"date": ["date"], "sku": ["sku"], "on_hand": ["on_hand"]},
    "stocktake": {"sku": ["sku"], "counted_qty": ["counted_qty"]},
    "receipts": {"date": ["date"], "sku": ["sku"], "received_qty": ["received_qty"]},
    "adjustments": {"date": ["date"], "sku": ["sku"], "qty": ["qty"], "reason": ["reason"]},
    "finance": {"month": ["month", "date"],
                "finance_measure": ["opex", "net_income", "equity", "total_assets", ("account", "amount")]},
    "survey": {"date": ["date"], "score": ["score"]},
    "campaigns": {"campaign": ["campaign"], "start": ["start"], "end": ["end"]},
    "purchase_orders": {"sku": ["sku"], "ordered_qty": ["ordered_qty"],
                        "order_ref": ["order_id", "order_date", "due_date"]},
    # the product master has no date of its own: the dated tables are tried first. An ordinary master
    # (SKU/JAN, name, category, price or cost) is one as much as a replenishment master is
    "products": {"sku": ["sku"], "product_detail": ["item_class", "season_start", "season_end", "lead_time_days",
                                                    "case_pack", "min_order_qty", "product", "category",
                                                    "unit_cost", "unit_price"]},
}
# a field that rules a role out: a store master has no dates, traffic no sales amounts
EXCLUDES = {"stores": {"date"}, "traffic": {"net_sales"}}
# fields that rule a role out when any header names them: a product master has no quantities or amounts
# of goods sold, held or counted (a sheet of goods sold lacking its date is not a master)
EXCLUDED_BY_HEADERS = {"products": {"date", "net_sales", "qty", "on_hand", "counted_qty", "book_qty",
                                    "received_qty", "ordered_qty"}}


def _excluded(role: str, fields: set[str], headers: list | None) -> bool:
    if EXCLUDES.get(role, set()) & fields:
        return True
    ruled_out = EXCLUDED_BY_HEADERS.get(role)
    if not ruled_out or not headers:
        return False
    from .headers import fields_for

    return any(ruled_out.intersection(fields_for(h)) for h in headers)


def _met(options: list, fields: set[str]) -> bool:
    return any((set(o) <= fields) if isinstance(o, tuple) else (o in fields) for o in options)


def unmet(role: str, fields: set[str]) -> list[str]:
    """The needs of `role` the fields leave unmet."""
    return [need for need, options in NEEDS[role].items() if not _met(options, fields)]


def fits(role: str, fields: set[str], headers: list | None = None) -> bool:
    return role in NEEDS and not _excluded(role, fields, headers) and not unmet(role, fields)


def nearest_role(headers: list[str]) -> tuple[str | None, list[str]]:
    """The table a sheet's headers come nearest to (most of its columns named,
    then fewest needs unmet; sales first on a tie) and its unmet needs;
    (None, ["header"]) without headers, (None, []) when none names a field."""
    from .headers import map_columns

    if not any(str(h or "").strip() for h in headers):
        return None, ["header"]
    best, best_score = None, None
    for role in NEEDS:  # sales first: the table a pack cannot do without
        fields = set(map_columns(headers, role).values())
        if not fields or _excluded(role, fields, headers):
            continue
        score = (len(fields), -len(unmet(role, fields)))
        if best_score is None or score > best_score:
            best, best_score = role, score
    return (best, unmet(best, set(map_columns(headers, best).values()))) if best else (None, [])
