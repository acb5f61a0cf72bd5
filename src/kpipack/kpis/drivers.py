"""Why net sales and gross profit changed: each change split exactly into its
drivers, for the total and every store, against budget, the previous month and
the same month last year.

Net sales = visitors × conversion × ATV, and ATV = units per transaction ×
price per unit; gross profit = net sales × margin rate. The split is the
log-mean Divisia index (LMDI-I): factor i gets L(V1, V0) · ln(x1ᵢ / x0ᵢ), with
L the logarithmic mean of the two values; because the factors multiply to V,
the effects add up to V1 − V0. LMDI needs every factor positive in both
periods; where one is zero or negative the Shapley split is used instead (the
average effect of changing each factor over every order of changing them),
which is exact for any values. Where a factor is missing, fewer factors are
used (docs/catalogue.md lists the fallbacks).
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from ..domain import month_add
from .engine import TOTAL, Computation

COMPARISONS = ("budget", "prev_month", "prev_year")
_OFFSETS = {"prev_month": -1, "prev_year": -12}


@dataclass
class Split:
    """An exact split of `actual − base` into effects (in the factors' order)."""

    method: str  # lmdi, shapley, or none (the change is not split)
    effects: dict[str, float]
    factors: dict[str, tuple[float, float]] = field(default_factory=dict)  # name -> (base, actual)
    detail: dict[str, dict[str, float]] = field(default_factory=dict)  # effect -> its own split


# ---------------------------------------------------------------- arithmetic
def log_mean(a: float, b: float) -> float:
    """The logarithmic mean (a − b) / ln(a / b) of two positive numbers; a when equal."""
    if a == b:
        return a
    step = (a - b) / b
    # log1p keeps precision for close values; far apart, the plain logs are safer
    return (a - b) / (math.log1p(step) if abs(step) < 0.5 else math.log(a) - math.log(b))


def lmdi(base: list[float], actual: list[float], v0: float, v1: float) -> list[float]:
    """LMDI-I effects of positive factors whose product is v0 and v1."""
    weight = log_mean(v1, v0)
    return [weight * math.log(a / b) for b, a in zip(base, actual)]


def shapley(base: list[float], actual: list[float]) -> list[float]:
    """Shapley effects of the product of the factors: exact for any values."""
    n = len(base)
    effects = [0.0] * n
    for order in itertools.permutations(range(n)):
        current = list(base)
        value = math.prod(current)
        for i in order:
            current[i] = actual[i]
            new = math.prod(current)
            effects[i] += new - value
            value = new
    return [e / math.factorial(n) for e in effects]


def settle(effects: list[float], change: float) -> list[float]:
    """The effects made to add up to `change` in floating point too.

    Every effect but the largest is rounded to a grid 2⁻⁵⁰ of the largest (far
    below anything shown), so that their sum is exact in any order; the
    largest takes the remainder. A change of exactly 0 then sums to exactly 0.
    """
    if not effects:
        return effects
    scale = max(abs(e) for e in effects)
    k = max(range(len(effects)), key=lambda i: abs(effects[i]))
    if scale == 0 or not math.isfinite(scale):
        # no factor moved: what is left is rounding in the products, given to the
        # last (composite) factor rather than to an unchanged first one
        out = [0.0] * len(effects)
        out[-1] = change
        return out
    quantum = math.ldexp(1.0, math.frexp(scale)[1] - 50)
    if quantum == 0.0:  # subnormal effects: nothing to round
        quantum = 5e-324
    out = [0.0 if i == k else round(e / quantum) * quantum for i, e in enumerate(effects)]
    out[k] = change - math.fsum(out)
    return out


def split(names: list[str], base: list[float], actual: list[float], v0: float, v1: float) -> Split:
    """Split v1 − v0 over factors that multiply to v0 and v1."""
    positive = all(x > 0 for x in base + actual) and v0 > 0 and v1 > 0
    raw = lmdi(base, actual, v0, v1) if positive else shapley(base, actual)
    effects = settle(raw, v1 - v0)
    return Split("lmdi" if positive else "shapley", dict(zip(names, effects)),
                 {n: (b, a) for n, b, a in zip(names, base, actual)})


# ---------------------------------------------------------------- the factors
def _usable(*values) -> bool:
    return all(v is not None and math.isfinite(v) and v > 0 for v in values)


def quantities(comp: Computation, frame, scope: str, month: str) -> dict[str, float | None]:
    """The additive quantities of a scope and month that the factors are ratios of.

    Budget frames may give a ratio (ATV, conversion, units per transaction)
    without its parts; the missing part is recovered from the ratio.
    """
    def get(kpi):
        return comp.value(frame, kpi, scope, month)

    q = {k: get(k) for k in ("net_sales", "transactions", "visitors", "gross_profit")}
    atv, conversion, upt = get("atv"), get("conversion_rate_pct"), get("units_per_transaction")
    if q["transactions"] is None and q["net_sales"] is not None and atv:
        q["transactions"] = q["net_sales"] / atv
    if q["visitors"] is None and q["transactions"] is not None and conversion:
        q["visitors"] = q["transactions"] / (conversion / 100.0)
    q["qty"] = upt * q["transactions"] if upt is not None and q["transactions"] is not None else None
    return q


def net_sales_split(q0: dict, q1: dict) -> Split:
    """visitors × conversion × (units per transaction × price per unit), or the
    coarser split the data allows; every split adds up to the change."""
    s0, s1 = q0["net_sales"], q1["net_sales"]
    change = s1 - s0
    t0, t1 = q0["transactions"], q1["transactions"]
    if not _usable(t0, t1):
        return Split("none", {"net_sales": change}, {"net_sales": (s0, s1)})
    names, base, actual = [], [], []
    if _usable(q0["visitors"], q1["visitors"]):
        v0, v1 = q0["visitors"], q1["visitors"]
        names += ["visitors", "conversion_rate_pct"]
        base += [v0, t0 / v0]
        actual += [v1, t1 / v1]
    else:
        names.append("transactions")
        base.append(t0)
        actual.append(t1)
    basket = _usable(q0["qty"], q1["qty"])
    if basket:
        names += ["units_per_transaction", "price_per_unit"]
        base += [q0["qty"] / t0, s0 / q0["qty"]]
        actual += [q1["qty"] / t1, s1 / q1["qty"]]
    else:
        names.append("atv")
        base.append(s0 / t0)
        actual.append(s1 / t1)
    fine = split(names, base, actual, s0, s1)
    if not basket:
        return _shown(fine)
    # ATV's effect is the sum of its two parts; both levels add up exactly
    basket_names = ["units_per_transaction", "price_per_unit"]
    top_names = [n for n in names if n not in basket_names] + ["atv"]
    top = [fine.effects[n] for n in top_names[:-1]] + [sum(fine.effects[n] for n in basket_names)]
    top = settle(top, change)
    parts = settle([fine.effects[n] for n in basket_names], top[-1])
    factors = dict(fine.factors)
    factors["atv"] = (s0 / t0, s1 / t1)
    result = Split(fine.method, dict(zip(top_names, top)), factors, {"atv": dict(zip(basket_names, parts))})
    return _shown(result)


def gross_profit_split(q0: dict, q1: dict) -> Split | None:
    """Sales volume × margin rate."""
    g0, g1, s0, s1 = q0["gross_profit"], q1["gross_profit"], q0["net_sales"], q1["net_sales"]
    if g0 is None or g1 is None:
        return None
    if s0 is None or s1 is None or s0 == 0 or s1 == 0:
        return Split("none", {"gross_profit": g1 - g0}, {"gross_profit": (g0, g1)})
    return _shown(split(["net_sales", "gross_margin_pct"], [s0, g0 / s0], [s1, g1 / s1], g0, g1))


def _shown(result: Split) -> Split:
    """Rate factors are shown in percent, as the KPIs are."""
    for name in ("conversion_rate_pct", "gross_margin_pct"):
        if name in result.factors:
            b, a = result.factors[name]
            result.factors[name] = (b * 100.0, a * 100.0)
    return result


def store_split(comp: Computation, base_frame, base_month: str, kpi: str) -> Split | None:
    """How much of the total's change each store explains. A store without a
    base value (a new store, or one without a budget) contributes all of its
    actual; where the total's base is not the sum of the stores' (a budget set
    for the total only), the difference is `unallocated`."""
    period = comp.period
    total0 = comp.value(base_frame, kpi, TOTAL, base_month)
    total1 = comp.value(comp.actual, kpi, TOTAL, period)
    if total0 is None or total1 is None:
        return None
    effects, factors = {}, {}
    for scope in comp.scopes[1:]:
        b = comp.value(base_frame, kpi, scope, base_month)
        a = comp.value(comp.actual, kpi, scope, period)
        if b is None and a is None:
            continue
        effects[scope] = (a or 0.0) - (b or 0.0)
        factors[scope] = (b, a)
    if not any(f[0] is not None for f in factors.values()):
        return None
    change = total1 - total0
    rest = change - math.fsum(effects.values())
    if abs(rest) > 1e-9 * max(abs(total0), abs(total1), 1.0):
        effects["unallocated"] = rest
    names = list(effects)
    return Split("stores", dict(zip(names, settle([effects[n] for n in names], change))), factors)


# ---------------------------------------------------------------- results
def _base(comp: Computation, against: str):
    if against == "budget":
        return comp.budget, comp.period
    return comp.actual, month_add(comp.period, _OFFSETS[against])


def _row(kpi, scope, against, analysis, q0, q1, result: Split) -> dict:
    row = {"kpi": kpi, "scope": scope, "against": against, "analysis": analysis, "method": result.method,
           "base": q0, "actual": q1, "change": q1 - q0, "effects": result.effects,
           "factors": {n: {"base": b, "actual": a} for n, (b, a) in result.factors.items()}}
    if result.detail:
        row["detail"] = result.detail
    return row


def driver_rows(comp: Computation) -> list[dict]:
    """The `drivers` list of the results JSON: net sales and gross profit by
    factor for every scope and comparison, then by store for the total."""
    rows = []
    current = {scope: quantities(comp, comp.actual, scope, comp.period) for scope in comp.scopes}
    for against in COMPARISONS:
        frame, month = _base(comp, against)
        for scope in comp.scopes:
            q0, q1 = quantities(comp, frame, scope, month), current[scope]
            if q0["net_sales"] is not None and q1["net_sales"] is not None:
                rows.append(_row("net_sales", scope, against, "factors", q0["net_sales"], q1["net_sales"],
                                 net_sales_split(q0, q1)))
            gp = gross_profit_split(q0, q1)
            if gp is not None:
                rows.append(_row("gross_profit", scope, against, "factors", q0["gross_profit"], q1["gross_profit"],
                                 gp))
        if len(comp.scopes) > 1:
            for kpi in ("net_sales", "gross_profit"):
                result = store_split(comp, frame, month, kpi)
                if result is not None:
                    q0 = comp.value(frame, kpi, TOTAL, month)
                    q1 = comp.value(comp.actual, kpi, TOTAL, comp.period)
                    rows.append(_row(kpi, TOTAL, against, "stores", q0, q1, result))
    return rows
