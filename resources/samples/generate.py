#!/usr/bin/env python3
"""Generate the bundled sample workbooks (see docs/sample-data.md).

A fictional Japanese retailer with three stores, April 2025 to October 2026.
Everything is a pure function of SEED: no clock, no environment, no hash
ordering.  The workbook "created" property (which xlsxwriter also uses for
the zip entry timestamps) is fixed, so re-running produces byte-identical
files.

Scale (so the KPIs a store owner sees look plausible): a small lifestyle
shop; average transaction about ¥8,000-9,000, ¥3-5M sales per store and
month, 8-16 labour hours a day (sales per labour hour about ¥11,000-16,000,
gross profit per labour hour ¥4,500-6,500), stock cover about 40-45 days,
operating margin mostly 4-8 %, equity about ¥25-29M (ROE about 13-18 %).

Stock movements tie out: for every store, SKU and month, the opening book
stock (the previous month-end book, or after a stock-take the counted stock)
+ goods received − units sold (returns included) − adjusted units = the
month-end book stock. Reason-coded adjustments (known loss) run at about
1.3-1.9 % of sales at cost; the counts' differences (unknown loss) are smaller.

    python resources/samples/generate.py [--out DIR]
"""
from __future__ import annotations

import argparse
import calendar
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

SEED = 20261
CREATED = dt.datetime(2026, 11, 1, 9, 0, 0)
START = dt.date(2025, 4, 1)
END = dt.date(2026, 10, 31)
PRICE_HIKE = dt.date(2026, 4, 1)  # some food-gift/household prices go up
COUNT_DATES = [dt.date(2025, 9, 30), dt.date(2026, 3, 31), dt.date(2026, 10, 31)]
BUDGET_END = (2027, 3)
N_MEMBERS = 400
RETURN_RATE = 0.015
MEMBER_SHARE = 0.60

# --------------------------------------------------------------------------
# master data
# --------------------------------------------------------------------------
STORES = [
    # code, name, floor area (坪), area, receipts/day level, growth/yr,
    # conversion, labour hours/day (a small shop: one or two staff on the
    # floor), opex ratio (store 販管費 / sales: rent, wages, utilities, ...)
    dict(code="S01", name="渋谷店", tsubo=45, area="東京", level=15.0,
         growth=0.090, conv=0.25, hours=10.5, opex=0.325),
    dict(code="S02", name="横浜店", tsubo=60, area="神奈川", level=16.5,
         growth=0.075, conv=0.31, hours=11.5, opex=0.310),
    dict(code="S03", name="大宮店", tsubo=35, area="埼玉", level=12.0,
         growth=0.060, conv=0.35, hours=8.5, opex=0.295),
]
STORE_CODES = [s["code"] for s in STORES]
HOURS_RANGE = (8.0, 16.0)          # labour hours per store per day
HEAD_OFFICE_OPEX = 0.038           # head-office 販管費 / mean company sales
TAX_RATE = 0.35                    # net income ≈ operating profit × 0.65
OPENING_EQUITY = 26_000_000.0      # 自己資本 at the start of 2025-04
OPENING_LIABILITIES = 25_000_000.0
DIVIDEND = 2_000_000               # paid in June

DEPTS = ["衣料", "雑貨", "化粧品", "家電小物", "食品ギフト", "日用品"]
# share of lines, gross margin (mean, sd), months of cover, theft factor
DEPT_INFO = {
    "衣料": dict(share=0.17, gm=0.52, gm_sd=0.025, cover=1.40, theft=1.5),
    "雑貨": dict(share=0.17, gm=0.45, gm_sd=0.045, cover=1.18, theft=1.6),
    "化粧品": dict(share=0.17, gm=0.40, gm_sd=0.04, cover=1.06, theft=3.0),
    "家電小物": dict(share=0.09, gm=0.30, gm_sd=0.03, cover=0.90, theft=2.0),
    "食品ギフト": dict(share=0.20, gm=0.34, gm_sd=0.03, cover=0.45, theft=0.8),
    "日用品": dict(share=0.20, gm=0.33, gm_sd=0.035, cover=0.78, theft=0.8),
}
# store preference by department (S01 young/urban, S02 family, S03 suburban)
STORE_DEPT_PREF = {
    "S01": {"衣料": 1.35, "雑貨": 1.25, "化粧品": 1.40, "家電小物": 1.20, "食品ギフト": 0.80, "日用品": 0.75},
    "S02": {"衣料": 0.95, "雑貨": 1.00, "化粧品": 0.95, "家電小物": 1.05, "食品ギフト": 1.05, "日用品": 1.15},
    "S03": {"衣料": 0.85, "雑貨": 0.85, "化粧品": 0.80, "家電小物": 0.95, "食品ギフト": 1.25, "日用品": 1.30},
}
# month factor by department (month -> factor, default 1)
DEPT_SEASON = {
    "衣料": {1: 1.10, 2: 0.70, 4: 1.20, 5: 1.10, 6: 0.90, 7: 1.10, 8: 0.80,
             10: 1.20, 11: 1.30, 12: 1.40},
    "雑貨": {3: 1.20, 4: 1.20, 12: 1.50},
    "化粧品": {3: 1.10, 7: 1.10, 12: 1.30},
    "家電小物": {3: 1.15, 4: 1.20, 6: 0.90, 11: 1.10, 12: 1.40},
    # お中元 (July/August), お歳暮 (December), Valentine's / White Day
    "食品ギフト": {1: 0.85, 2: 1.25, 3: 1.10, 6: 0.90, 7: 1.55, 8: 1.25, 12: 1.70},
    "日用品": {3: 1.10, 4: 1.10},
}
# receipts per day by month
MONTH_SEASON = {1: 1.02, 2: 0.92, 3: 1.00, 4: 0.98, 5: 1.03, 6: 0.95, 7: 1.03,
                8: 1.05, 9: 0.95, 10: 0.98, 11: 1.00, 12: 1.20}

# (base name, typical price) per department; variants below
PRODUCTS = {
    "衣料": [("Tシャツ クルーネック", 2980), ("ボーダーカットソー", 3980),
             ("シャツ オックスフォード", 3980), ("ニット セーター", 5980),
             ("カーディガン", 4980), ("パーカー", 5980), ("テーパードパンツ", 4980),
             ("ルームウェア 上下", 4980), ("インナー ヒート", 1980),
             ("靴下 3足組", 1480), ("ストール", 3980), ("キャップ", 2980),
             ("ライトダウンジャケット", 7980), ("トートバッグ キャンバス", 3980)],
    "雑貨": [("マグカップ", 1980), ("タンブラー", 3480), ("弁当箱", 2480),
             ("収納ボックス", 2980), ("アロマディフューザー", 4980),
             ("アロマキャンドル", 2980), ("フォトフレーム", 2480),
             ("傘 折りたたみ", 3980), ("クッション", 3980), ("ブランケット", 3980),
             ("ショルダーバッグ", 5980), ("二つ折り財布", 6980),
             ("手帳 B6", 2480), ("万年筆", 3980), ("スリッパ", 1980),
             ("キーケース", 3980)],
    "化粧品": [("化粧水", 3980), ("乳液", 3980), ("美容液", 6480),
               ("日焼け止め", 2980), ("クレンジングオイル", 3480),
               ("洗顔フォーム", 1980), ("ファンデーション", 3980),
               ("リップスティック", 2980), ("ハンドクリーム", 1680),
               ("シートマスク 7枚", 1980), ("アイシャドウ パレット", 3980),
               ("マスカラ", 2980), ("ヘアオイル", 3280), ("オードトワレ", 6980)],
    "家電小物": [("ワイヤレスイヤホン", 6980), ("モバイルバッテリー", 3980),
                 ("ヘアドライヤー", 8980), ("ヘアアイロン", 5980),
                 ("電動歯ブラシ", 5980), ("USB充電器 急速", 2980),
                 ("スマホケーブル", 1480), ("Bluetoothスピーカー", 5980),
                 ("加湿器 卓上", 4980), ("LEDデスクライト", 4980),
                 ("電気ケトル", 5980), ("ハンディファン", 2980)],
    "食品ギフト": [("焼菓子 詰合せ", 2980), ("チョコレート アソート", 2480),
                   ("紅茶 ギフトセット", 3240), ("ドリップコーヒー ギフト", 3240),
                   ("オリーブオイル ギフト", 3980), ("ジャム 3本セット", 2980),
                   ("はちみつ 国産", 2480), ("そうめん 詰合せ", 3240),
                   ("和菓子 詰合せ", 2160), ("だしパック ギフト", 2480),
                   ("フルーツゼリー 詰合せ", 3240), ("ドライフルーツ ミックス", 1480),
                   ("ナッツ アソート", 1980), ("バウムクーヘン", 2480)],
    "日用品": [("シャンプー", 1980), ("コンディショナー", 1980),
               ("ボディソープ", 1480), ("ハンドソープ", 980),
               ("洗濯洗剤 ボトル", 1480), ("柔軟剤", 1280),
               ("ボディミルク", 1680), ("衣類用消臭スプレー", 880),
               ("トイレ用洗剤", 580), ("衣料用漂白剤", 680),
               ("食器用洗剤", 498), ("除菌スプレー", 880),
               ("芳香剤 置き型", 680), ("入浴剤 詰合せ", 1480)],
}
VARIANTS = {
    "衣料": [(" M", 1.0), (" L", 1.0), (" ブラック", 1.05)],
    "雑貨": [(" ホワイト", 1.0), (" ネイビー", 1.0), (" ナチュラル", 1.1)],
    "化粧品": [(" しっとり", 1.0), (" さっぱり", 1.0), (" 敏感肌用", 1.25)],
    "家電小物": [(" ホワイト", 1.0), (" ブラック", 1.0), (" 限定色", 1.1)],
    "食品ギフト": [("", 1.0), (" 大箱", 1.5), (" 化粧箱入", 1.25)],
    "日用品": [("", 1.0), (" 大容量", 1.7), (" 無香料", 1.05)],
}
SKUS_PER_DEPT = {"衣料": 36, "雑貨": 36, "化粧品": 34, "家電小物": 28, "食品ギフト": 34, "日用品": 32}
# quantity per line: (choices, probabilities) by department, default below
LINE_QTY = {
    "日用品": ([1, 2, 3], [0.72, 0.22, 0.06]),
    "食品ギフト": ([1, 2, 3], [0.80, 0.15, 0.05]),
}
DEFAULT_QTY = ([1, 2], [0.90, 0.10])
PRICE_HIKE_DEPTS = ["食品ギフト", "日用品"]
IMPORT_DEPTS = ["化粧品", "雑貨", "家電小物", "食品ギフト"]

PRICE_POINTS = np.array([
    398, 498, 580, 680, 780, 880, 980, 1080, 1180, 1280, 1480, 1680, 1780,
    1980, 2160, 2480, 2780, 2980, 3240, 3480, 3980, 4480, 4980, 5480, 5980,
    6480, 6980, 7480, 7980, 8980, 9980, 10800, 11800, 12800, 14800, 16800])

# makers: 7-digit GS1 Japan prefixes (45/49) plus a few imports (UPC as EAN-13)
MAKER_PREFIXES = 18
IMPORT_SHARE = 0.08

# known loss: adjusted units per unit sold, by department and reason
LOSS_RATES = {
    "衣料": {"damage": 0.005, "theft": 0.004},
    "雑貨": {"damage": 0.010, "theft": 0.003},
    "化粧品": {"damage": 0.003, "expiry": 0.004, "theft": 0.006, "sample": 0.020},  # testers
    "家電小物": {"damage": 0.006, "theft": 0.004, "sample": 0.004},  # display units
    "食品ギフト": {"damage": 0.004, "expiry": 0.026, "sample": 0.006},  # tastings
    "日用品": {"damage": 0.004, "expiry": 0.004},
}
LOSS_REASONS = ["damage", "expiry", "theft", "sample"]
STORE_LOSS = {"S01": 1.4, "S02": 1.0, "S03": 1.25}  # the busy city store loses more
REASON_JA = {"damage": "破損", "expiry": "期限切れ", "theft": "盗難", "sample": "サンプル", "transfer": "移動"}
TRANSFERS_PER_MONTH = 2  # per store: slow stock moved to a store that sells it


def snap_price(x: float) -> int:
    i = int(np.argmin(np.abs(np.log(PRICE_POINTS) - np.log(x))))
    return int(PRICE_POINTS[i])


def next_price_point(p: int) -> int:
    higher = PRICE_POINTS[PRICE_POINTS > p]
    return int(higher[0]) if len(higher) else p


def ean_check(body12: str) -> str:
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body12))
    return str((10 - total % 10) % 10)


def month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def months_between(y0: int, m0: int, y1: int, m1: int) -> list[tuple[int, int]]:
    out = []
    y, m = y0, m0
    while (y, m) <= (y1, m1):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


# --------------------------------------------------------------------------
# generation
# --------------------------------------------------------------------------
def make_skus(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    makers_jp = [("49" if i % 3 else "45") + f"{rng.integers(10000, 99999):05d}"
                 for i in range(MAKER_PREFIXES)]
    makers_imp = [f"00{rng.integers(10000, 99999):05d}" for _ in range(4)]
    used_codes: set[str] = set()
    for dept in DEPTS:
        info = DEPT_INFO[dept]
        combos = [(b, bp, v, vf) for (b, bp) in PRODUCTS[dept] for (v, vf) in VARIANTS[dept]]
        # base variant of every product first, then extra variants at random
        first = [i for i, c in enumerate(combos) if c[2] == VARIANTS[dept][0][0]]
        rest = [i for i in range(len(combos)) if i not in first]
        n = SKUS_PER_DEPT[dept]
        extra = sorted(rng.choice(rest, size=n - len(first), replace=False).tolist())
        for i in sorted(first + extra):
            base, bp, var, vf = combos[i]
            price = snap_price(bp * vf * float(rng.lognormal(0.0, 0.08)))
            price = int(min(max(price, PRICE_POINTS[0]), PRICE_POINTS[-1]))
            gm = float(np.clip(rng.normal(info["gm"], info["gm_sd"]), 0.25, 0.55))
            cost = int(round(price * (1.0 - gm)))
            imported = dept in IMPORT_DEPTS and rng.random() < IMPORT_SHARE * 1.6
            while True:
                if imported:
                    body = makers_imp[int(rng.integers(len(makers_imp)))] + f"{rng.integers(0, 99999):05d}"
                else:
                    body = makers_jp[int(rng.integers(len(makers_jp)))] + f"{rng.integers(0, 99999):05d}"
                code = body + ean_check(body)
                if code not in used_codes:
                    used_codes.add(code)
                    break
            rows.append(dict(sku=code, name=(base + var).strip(), dept=dept,
                             price=price, cost=cost))
    skus = pd.DataFrame(rows)
    # popularity: Zipf-like over a random rank, scaled to the department share
    rank = rng.permutation(len(skus)) + 1
    w = 1.0 / rank ** 0.85
    skus["weight"] = w
    for dept in DEPTS:
        sel = skus["dept"] == dept
        skus.loc[sel, "weight"] = skus.loc[sel, "weight"] / skus.loc[sel, "weight"].sum() * DEPT_INFO[dept]["share"]
    # price rise from 2026-04 for about a third of food-gift/household SKUs
    hike = skus["dept"].isin(PRICE_HIKE_DEPTS).to_numpy() & (rng.random(len(skus)) < 0.35)
    new_price = skus["price"].to_numpy().copy()
    new_cost = skus["cost"].to_numpy().copy()
    for i in np.flatnonzero(hike):
        p = int(skus.at[i, "price"])
        target = snap_price(p * float(rng.uniform(1.05, 1.12)))
        np_ = target if target > p else next_price_point(p)
        new_price[i] = np_
        new_cost[i] = int(round(skus.at[i, "cost"] * np_ / p))
    skus["price2"] = new_price
    skus["cost2"] = new_cost
    return skus


def make_members(rng: np.random.Generator, n_days: int) -> pd.DataFrame:
    """Loyalty members: home store, active window, visit propensity.

    Segments: occasional (rarely back, drives the repeat rate below 100 %),
    regular and heavy; some members join during the period (new customers),
    some lapse for good and some only try the store for a few weeks (churn).
    """
    home = rng.choice(len(STORES), size=N_MEMBERS, p=[0.36, 0.40, 0.24])
    existing = rng.random(N_MEMBERS) < 0.50
    join = np.where(existing, 0, rng.integers(0, n_days - 20, size=N_MEMBERS))
    seg = rng.choice(3, size=N_MEMBERS, p=[0.35, 0.42, 0.23])
    prop = np.where(seg == 0, rng.uniform(0.02, 0.08, size=N_MEMBERS),
                    np.where(seg == 1, rng.lognormal(0.0, 0.5, size=N_MEMBERS),
                             rng.lognormal(1.2, 0.4, size=N_MEMBERS)))
    kind = rng.random(N_MEMBERS)
    lapse_any = np.array([int(rng.integers(j + 45, n_days + 60)) for j in join])
    lapse_trial = join + rng.integers(20, 75, size=N_MEMBERS)
    lapse = np.where(kind < 0.12, lapse_trial,
                     np.where(kind < 0.42, lapse_any, n_days + 10_000))
    return pd.DataFrame(dict(id=[f"M{i + 1:06d}" for i in range(N_MEMBERS)],
                             home=home, join=join, lapse=lapse, prop=prop))


def receipt_times(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds after midnight, store open 10:00-21:00, lunch and evening peaks."""
    hours = np.arange(10, 21)
    w = np.array([0.6, 0.9, 1.3, 1.1, 0.9, 0.9, 1.0, 1.2, 1.4, 1.2, 0.7])
    h = rng.choice(hours, size=n, p=w / w.sum())
    return np.sort(h * 3600 + rng.integers(0, 3600, size=n))


def make_pos(rng, skus, members):
    days = pd.date_range(START, END, freq="D")
    n_days = len(days)
    dept_of = skus["dept"].to_numpy()
    base_w = skus["weight"].to_numpy()
    price1, price2 = skus["price"].to_numpy(), skus["price2"].to_numpy()
    cost1, cost2 = skus["cost"].to_numpy(), skus["cost2"].to_numpy()
    n_sku = len(skus)
    # sku probabilities per (store, month)
    probs: dict[tuple[int, int], np.ndarray] = {}
    for si, st in enumerate(STORES):
        for m in range(1, 13):
            f = np.array([STORE_DEPT_PREF[st["code"]][d] * DEPT_SEASON.get(d, {}).get(m, 1.0)
                          for d in dept_of])
            p = base_w * f
            probs[(si, m)] = p / p.sum()
    qty_choices = [LINE_QTY.get(d, DEFAULT_QTY) for d in dept_of]

    m_home = members["home"].to_numpy()
    m_join = members["join"].to_numpy()
    m_lapse = members["lapse"].to_numpy()
    m_prop = members["prop"].to_numpy()
    m_ids = members["id"].to_numpy()

    cols = {k: [] for k in ("ts", "store", "receipt", "sku", "qty", "price", "cost", "member")}
    daily = []  # (date, store, receipts (non-cancel))
    for di, day in enumerate(days):
        d = day.date()
        t_year = di / 365.0
        weekend = d.weekday() >= 5
        active = (m_join <= di) & (m_lapse > di)
        hike = d >= PRICE_HIKE
        price = price2 if hike else price1
        cost = cost2 if hike else cost1
        yymmdd = d.strftime("%y%m%d")
        for si, st in enumerate(STORES):
            mean = (st["level"] * MONTH_SEASON[d.month] * (1.25 if weekend else 1.0)
                    * (1.0 + st["growth"]) ** t_year)
            n = int(np.clip(round(mean * rng.lognormal(0.0, 0.10)), 10, 25))
            times = receipt_times(rng, n)
            is_cancel = rng.random(n) < RETURN_RATE
            has_member = rng.random(n) < MEMBER_SHARE
            # members of this store (occasionally from another store)
            own = active & (m_home == si)
            other = active & (m_home != si)
            p = probs[(si, d.month)]
            for k in range(n):
                ts = dt.datetime.combine(d, dt.time()) + dt.timedelta(seconds=int(times[k]))
                member = ""
                if has_member[k] and (not is_cancel[k] or rng.random() < 0.5):
                    pool = other if rng.random() < 0.08 else own
                    idx = np.flatnonzero(pool)
                    if len(idx):
                        w = m_prop[idx]
                        member = m_ids[idx[int(rng.choice(len(idx), p=w / w.sum()))]]
                if is_cancel[k]:
                    rid = f"C{yymmdd}{k + 1:04d}"
                    nl = 1 if rng.random() < 0.75 else 2
                else:
                    rid = f"{st['code']}-{yymmdd}-{k + 1:04d}"
                    nl = int(rng.choice([1, 2, 3, 4], p=[0.34, 0.30, 0.21, 0.15]))
                items = rng.choice(n_sku, size=nl, replace=False, p=p)
                for it in items:
                    choices, qp = qty_choices[it]
                    q = int(rng.choice(choices, p=qp))
                    if is_cancel[k]:
                        q = -q
                    cols["ts"].append(ts)
                    cols["store"].append(st["code"])
                    cols["receipt"].append(rid)
                    cols["sku"].append(int(it))
                    cols["qty"].append(q)
                    cols["price"].append(int(price[it]))
                    cols["cost"].append(q * int(cost[it]))
                    cols["member"].append(member)
            daily.append((d, st["code"], int(n - is_cancel.sum())))
    pos = pd.DataFrame(cols)
    pos["amount"] = pos["qty"] * pos["price"]
    pos["date"] = pos["ts"].dt.normalize()
    pos["ym"] = pos["ts"].dt.strftime("%Y-%m")
    daily_df = pd.DataFrame(daily, columns=["date", "store", "receipts"])
    return pos, daily_df


def monthly_actuals(pos: pd.DataFrame) -> pd.DataFrame:
    by_rec = pos.groupby(["store", "ym", "receipt"], sort=True)["amount"].sum()
    tx = (by_rec > 0).groupby(level=["store", "ym"]).sum().rename("tx")
    agg = pos.groupby(["store", "ym"], sort=True).agg(sales=("amount", "sum"), cost=("cost", "sum"))
    agg = agg.join(tx).reset_index()
    agg["gp"] = agg["sales"] - agg["cost"]
    return agg


def make_traffic(rng, daily: pd.DataFrame) -> list[tuple]:
    conv = {s["code"]: s["conv"] for s in STORES}
    hours = {s["code"]: s["hours"] for s in STORES}
    level = {s["code"]: s["level"] for s in STORES}
    rows = []
    for d, store, rec in daily.itertuples(index=False):
        c = float(np.clip(conv[store] * rng.normal(1.0, 0.08), 0.20, 0.40))
        visitors = int(round(rec / c))
        weekend = d.weekday() >= 5
        h = hours[store] * (1.12 if weekend else 1.0) * (1.08 if d.month == 12 else 1.0)
        h *= 1.0 + 0.25 * (rec / level[store] - 1.0) * 0.3
        h *= rng.normal(1.0, 0.05)
        h = float(np.clip(round(h * 2) / 2, *HOURS_RANGE))
        rows.append((d, store, visitors, h))
    return rows


def make_inventory(rng, skus, pos, months):
    """Month-end book stock per store x SKU, plus which rows were stocked out."""
    n_sku = len(skus)
    qty = (pos.groupby(["store", "ym", "sku"])["qty"].sum())
    dept = skus["dept"].to_numpy()
    cover = np.array([DEPT_INFO[d]["cover"] for d in dept])
    facing = rng.integers(1, 5, size=(len(STORES), n_sku))
    out = {}
    for si, st in enumerate(STORES):
        mat = np.zeros((len(months), n_sku))
        for mi, (y, m) in enumerate(months):
            s = qty.get((st["code"], ym(y, m)))
            if s is not None:
                mat[mi, s.index.to_numpy()] = np.maximum(s.to_numpy(), 0)
        # smoothed expected demand: this month and the next (replenishment)
        nxt = np.vstack([mat[1:], mat[-1:]])
        expected = 0.5 * mat + 0.5 * nxt
        for mi, (y, m) in enumerate(months):
            noise = rng.lognormal(0.0, 0.30, size=n_sku)
            on_hand = np.round(expected[mi] * cover * noise + facing[si] * rng.uniform(0.6, 1.4, size=n_sku))
            on_hand = np.maximum(on_hand, 0).astype(int)
            sold = mat[mi] > 0
            stockout = sold & (rng.random(n_sku) < 0.03 * (1.0 + mat[mi] / (mat[mi].max() + 1)))
            on_hand[stockout] = 0
            out[(st["code"], (y, m))] = on_hand
    return out


def unit_cost_at(skus, d: dt.date) -> np.ndarray:
    return (skus["cost2"] if d >= PRICE_HIKE else skus["cost"]).to_numpy()


def make_stocktake(rng, skus, inventory, actuals):
    dept = skus["dept"].to_numpy()
    theft = np.array([DEPT_INFO[d]["theft"] for d in dept])
    rows = []
    prev = None
    for cd in COUNT_DATES:
        cost = unit_cost_at(skus, cd)
        if prev is None:
            first = (cd.year - 1, cd.month + 1) if cd.month < 12 else (cd.year, 1)
        else:
            first = (prev.year + (prev.month == 12), prev.month % 12 + 1)
        period = [ym(y, m) for (y, m) in months_between(*first, cd.year, cd.month)]
        for st in STORES:
            book = inventory[(st["code"], (cd.year, cd.month))]
            sales = actuals[(actuals["store"] == st["code"]) & actuals["ym"].isin(period)]["sales"].sum()
            target = sales * rng.uniform(0.006, 0.012)
            counted = book.copy()
            # a few gains (misplaced stock found)
            gains = rng.random(len(book)) < 0.025
            counted[gains] += rng.integers(1, 3, size=int(gains.sum()))
            gain_value = float(((counted - book) * cost).sum())
            # losses, theft-prone and expensive items first, until the target
            eligible = np.flatnonzero((book > 0) & ~gains)
            w = theft[eligible] * np.sqrt(cost[eligible])
            order = rng.choice(eligible, size=len(eligible), replace=False, p=w / w.sum())
            loss_value = 0.0
            for i in order:
                if loss_value - gain_value >= target:
                    break
                q = int(rng.integers(1, min(int(book[i]), 3) + 1))
                counted[i] -= q
                loss_value += q * cost[i]
            for i in range(len(book)):
                rows.append((cd, st["code"], skus.at[i, "sku"], int(book[i]), int(counted[i]), int(cost[i])))
        prev = cd
    return rows


def make_budget(rng, actuals):
    rows = []
    act = actuals.set_index(["store", "ym"])
    for st in STORES:
        for (y, m) in months_between(2025, 4, *BUDGET_END):
            key = (st["code"], ym(y, m))
            if key in act.index:
                a = act.loc[key]
                sign = 1.0 if rng.random() < 0.35 else -1.0   # +: budget above actual
                u = rng.uniform(0.03, 0.08)
                sales_b = a["sales"] * (1.0 + sign * u)
                gm_b = a["gp"] / a["sales"] + rng.normal(0.0, 0.004)
                tx_b = a["tx"] * (1.0 + sign * rng.uniform(0.01, 0.06))
            else:  # future months: last year's actual plus a growth plan
                a = act.loc[(st["code"], ym(y - 1, m))]
                plan = 1.0 + st["growth"] + rng.normal(0.0, 0.015)
                sales_b = a["sales"] * plan
                gm_b = a["gp"] / a["sales"] + 0.003
                tx_b = a["tx"] * (1.0 + st["growth"] * 0.6)
            sales_b = int(round(sales_b, -3))
            rows.append((ym(y, m), st["code"], sales_b, int(round(sales_b * gm_b, -3)), int(round(tx_b))))
    return rows


def make_finance(rng, actuals, months):
    store_rows, company_rows = [], []
    mean_sales = actuals.groupby("store")["sales"].mean()
    equity = OPENING_EQUITY
    liabilities = OPENING_LIABILITIES
    for (y, m) in months:
        key = ym(y, m)
        month_act = actuals[actuals["ym"] == key]
        total_opex = 0
        for st in STORES:
            a = month_act[month_act["store"] == st["code"]].iloc[0]
            fixed = 0.6 * st["opex"] * mean_sales[st["code"]]
            variable = 0.4 * st["opex"] * a["sales"]
            bonus = 1.12 if m in (7, 12) else 1.0
            opex = int(round((fixed + variable) * bonus * rng.normal(1.0, 0.02)))
            store_rows.append((key, st["code"], opex))
            total_opex += opex
        gp = int(month_act["gp"].sum())
        head_office = int(round(HEAD_OFFICE_OPEX * mean_sales.sum() * rng.normal(1.0, 0.05)))
        opex_all = total_opex + head_office
        # small non-operating items (interest paid, sundry income)
        pretax = gp - opex_all - 25_000 + rng.normal(8_000, 5_000)
        net = int(round(pretax * (1.0 - TAX_RATE) if pretax > 0 else pretax))
        equity += net
        if m == 6:
            equity -= DIVIDEND
        # slow loan repayment; year-end payables peak in December
        liabilities += -80_000 + rng.normal(0, 300_000) + (2_500_000 if m == 12 else 0) \
            - (2_500_000 if m == 1 else 0)
        company_rows.append((key, opex_all, net, int(round(equity)), int(round(equity + liabilities))))
    return store_rows, company_rows


def make_survey(rng, months):
    base = np.array([0.02, 0.01, 0.02, 0.03, 0.05, 0.13, 0.12, 0.18, 0.20, 0.13, 0.11])
    shift = {"S01": 0.0, "S02": 0.35, "S03": -0.25}
    rows = []
    for (y, m) in months:
        ndays = calendar.monthrange(y, m)[1]
        for st in STORES:
            n = int(rng.integers(15, 41))
            # tilt the distribution up or down per store
            tilt = np.exp(shift[st["code"]] * (np.arange(11) - 7) / 3.0)
            p = base * tilt
            p /= p.sum()
            days = np.sort(rng.integers(1, ndays + 1, size=n))
            scores = rng.choice(11, size=n, p=p)
            for d, s in zip(days, scores):
                rows.append((dt.date(y, m, int(d)), st["code"], int(s)))
    return rows


def isotonic_l1(target: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """The non-decreasing sequence nearest the target in weighted absolute
    difference (pool adjacent violators; a pool takes its weighted median, on a
    tie halfway between the two middle values, so integers stay integers and a
    correction is shared between neighbouring months)."""
    pools: list[list] = []  # [targets, weights, level]
    for t, w in zip(target.tolist(), weight.tolist()):
        pools.append([[t], [w], t])
        while len(pools) > 1 and pools[-2][2] > pools[-1][2]:
            last = pools.pop()
            pool = pools[-1]
            pool[0] += last[0]
            pool[1] += last[1]
            order = np.argsort(pool[0], kind="stable")
            ts, cum = np.asarray(pool[0])[order], np.cumsum(np.asarray(pool[1])[order])
            low = ts[np.searchsorted(cum, cum[-1] / 2.0, side="left")]
            high = ts[np.searchsorted(cum, cum[-1] / 2.0, side="right")]
            pool[2] = (low + high) // 2
    return np.array([level for ts, _, level in pools for _ in ts], dtype=np.int64)


def weekdays(y: int, m: int) -> list[dt.date]:
    return [dt.date(y, m, d) for d in range(1, calendar.monthrange(y, m)[1] + 1)
            if dt.date(y, m, d).weekday() < 5]


def make_movements(rng, skus, pos, months, inventory, stocktake):
    """Goods received and reason-coded adjustments that carry each month-end
    book stock to the next, with the book stock and counts moved as little as
    that needs.

    The month-end stock drawn by `make_inventory` is independent month to
    month, so a SKU can fall by more than it sold. The book kept is the one
    nearest the drawn stock (least total absolute change) whose falls are
    covered by sales, adjustments and count differences, so receipts are
    never negative; zero stock (stock-outs) stays zero. After a count the
    books are set to the counted stock, so the count differences (unknown
    loss) are kept line by line and shrink is unchanged. Returns the new
    inventory and stock-take rows, and the receipt and adjustment rows."""
    n, n_m, n_st = len(skus), len(months), len(STORES)
    keys = [ym(y, m) for (y, m) in months]
    dept = skus["dept"].to_numpy()
    by_month = pos.groupby(["store", "ym", "sku"])["qty"].sum()
    sold = np.zeros((n_st, n_m, n), dtype=np.int64)  # net of returns
    drawn = np.zeros_like(sold)
    for si, st in enumerate(STORE_CODES):
        for mi, (y, m) in enumerate(months):
            s = by_month.get((st, keys[mi]))
            if s is not None:
                sold[si, mi, s.index.to_numpy()] = s.to_numpy()
            drawn[si, mi] = inventory[(st, (y, m))]
    sku_index = {c: i for i, c in enumerate(skus["sku"])}
    count_months = [keys.index(ym(d.year, d.month)) for d in COUNT_DATES]
    diff = np.zeros_like(sold)  # book − counted at the count months
    for cd, st, code, book, counted, _ in stocktake:
        diff[STORE_CODES.index(st), keys.index(ym(cd.year, cd.month)), sku_index[code]] = book - counted

    # known loss: Poisson in the units sold, a few units per line
    adjusted = np.zeros_like(sold)
    adj_rows = []  # (date, store index, sku index, qty, reason)
    for si, st in enumerate(STORE_CODES):
        for mi, (y, m) in enumerate(months):
            days = calendar.monthrange(y, m)[1]
            for reason in LOSS_REASONS:
                rate = np.array([LOSS_RATES[d].get(reason, 0.0) for d in dept]) * STORE_LOSS[st]
                units = rng.poisson(np.maximum(sold[si, mi], 0) * rate)
                for i in np.flatnonzero(units):
                    left = int(units[i])
                    while left > 0:
                        q = min(left, int(rng.integers(1, 4)))
                        adj_rows.append((dt.date(y, m, int(rng.integers(1, days + 1))), si, int(i), q, reason))
                        adjusted[si, mi, i] += q
                        left -= q
    # transfers: out of a store holding plenty (+), into one that sells the SKU (−)
    for mi, (y, m) in enumerate(months):
        days = calendar.monthrange(y, m)[1]
        opening = drawn[:, max(mi - 1, 0)]
        for _ in range(TRANSFERS_PER_MONTH * n_st):
            src = int(rng.integers(n_st))
            dst = (src + int(rng.integers(1, n_st))) % n_st
            i = int(rng.choice(np.flatnonzero((opening[src] >= 4) & (sold[dst, mi] > 0))))
            q = int(rng.integers(1, 3))
            d = dt.date(y, m, int(rng.integers(1, days + 1)))
            adj_rows += [(d, src, i, q, "transfer"), (d, dst, i, -q, "transfer")]
            adjusted[src, mi, i] += q
            adjusted[dst, mi, i] -= q

    # book stock: a month may fall by at most what left the shelf (sales,
    # adjustments, the previous count's difference), i.e. book + the running
    # total of those outflows never falls; within that, nearest the drawn stock
    outflow = sold + adjusted
    outflow[:, 1:] += diff[:, :-1]
    outflow[:, 0] = 0
    floor = np.zeros_like(sold)
    floor[:, count_months] = np.maximum(diff[:, count_months], 0)  # counted ≥ 0
    book = np.zeros_like(sold)
    for si in range(n_st):
        for i in range(n):
            run = np.cumsum(outflow[si, :, i])
            weight = np.where(drawn[si, :, i] == 0, 1e6, 1.0)  # keep stock-outs
            x = isotonic_l1(drawn[si, :, i] + run, weight) - run
            x[0] = max(x[0], floor[si, 0, i])
            for mi in range(1, n_m):
                x[mi] = max(x[mi], floor[si, mi, i], x[mi - 1] - outflow[si, mi, i])
            book[si, :, i] = x
    received = np.zeros_like(sold)
    received[:, 1:] = book[:, 1:] - book[:, :-1] + outflow[:, 1:]
    # the first month has no opening book: most of what sold was restocked
    received[:, 0] = np.round(np.maximum(sold[:, 0] + adjusted[:, 0], 0)
                              * rng.uniform(0.6, 1.0, size=(n_st, n))).astype(np.int64)
    if (received < 0).any() or (book < 0).any():
        raise ValueError("stock movements do not tie out")

    # deliveries: up to three a month on weekdays, at the cost of the day
    supplier = {p: f"V{k + 1:03d}" for k, p in enumerate(sorted({c[:7] for c in skus["sku"]}))}
    sku_code, sku_name = skus["sku"].tolist(), skus["name"].tolist()
    receipt_rows = []
    for si, st in enumerate(STORE_CODES):
        for mi, (y, m) in enumerate(months):
            days = weekdays(y, m)
            for i in np.flatnonzero(received[si, mi]):
                r = int(received[si, mi, i])
                k = min(r, 1 + (r > 5) + (r > 15))
                when = sorted(rng.choice(len(days), size=k, replace=False).tolist())
                parts = 1 + rng.multinomial(r - k, [1.0 / k] * k)
                for di, q in zip(when, parts):
                    d = days[di]
                    c = int(unit_cost_at(skus, d)[i])
                    receipt_rows.append((d, st, supplier[sku_code[i][:7]], sku_code[i], sku_name[i],
                                         int(q), c, int(q) * c))
    receipt_rows.sort(key=lambda r: (r[0], r[1], r[3]))
    adjustment_rows = []
    for d, si, i, q, reason in sorted(adj_rows, key=lambda r: (r[0], r[1], r[2], r[4], r[3])):
        adjustment_rows.append((d, STORE_CODES[si], sku_code[i], sku_name[i], int(q), REASON_JA[reason],
                                int(unit_cost_at(skus, d)[i])))

    new_inventory = {(st, (y, m)): book[si, mi].copy()
                     for si, st in enumerate(STORE_CODES) for mi, (y, m) in enumerate(months)}
    new_stocktake = []
    for cd, st, code, _, _, cost in stocktake:
        at = (STORE_CODES.index(st), keys.index(ym(cd.year, cd.month)), sku_index[code])
        new_stocktake.append((cd, st, code, int(book[at]), int(book[at] - diff[at]), cost))
    return new_inventory, new_stocktake, receipt_rows, adjustment_rows


# --------------------------------------------------------------------------
# channels and campaigns (their own random stream: the draws above stay as they were)
# --------------------------------------------------------------------------
CHANNEL_SEED = SEED + 19
CHANNELS = ["店舗", "EC", "モール"]
# share of a store's receipts on its own EC site and on malls, at the start and the end
# of the data (EC grows; the suburban store sells less online)
CHANNEL_SHARE = {"S01": ((0.10, 0.06), (0.16, 0.09)), "S02": ((0.08, 0.05), (0.12, 0.08)),
                 "S03": ((0.05, 0.03), (0.08, 0.05))}
FAIR = dict(name="秋の化粧品フェア", start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 14), store="S01",
            dept="化粧品", extra_receipts=2.6)  # extra receipts a day drawn by the fair
GIFT = dict(name="ギフト早割キャンペーン", start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 10), skus=6,
            dept="食品ギフト", extra_receipts=2.0)  # per store and day, on its best-selling gift SKUs


def campaign_gift_skus(skus: pd.DataFrame) -> list[int]:
    """The gift campaign's SKUs: the department's most popular."""
    gifts = skus[skus["dept"] == GIFT["dept"]].sort_values("weight", ascending=False)
    return gifts.index[:GIFT["skus"]].tolist()


def add_campaign_lines(pos: pd.DataFrame, daily: pd.DataFrame, skus: pd.DataFrame
                       ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The extra receipts the two campaigns drew: the fair's cosmetics at S01,
    the early-bird gift SKUs in every store; counted in the stores' receipts."""
    rng = np.random.default_rng(CHANNEL_SEED)
    cosmetics = np.flatnonzero(skus["dept"].to_numpy() == FAIR["dept"])
    gift = np.array(campaign_gift_skus(skus))
    weight = skus["weight"].to_numpy()
    rows = []
    extra = {}
    for campaign, stores, items in ((FAIR, [FAIR["store"]], cosmetics), (GIFT, STORE_CODES, gift)):
        p = weight[items] / weight[items].sum()
        day = campaign["start"]
        while day <= campaign["end"]:
            price = (skus["price2"] if day >= PRICE_HIKE else skus["price"]).to_numpy()
            cost = (skus["cost2"] if day >= PRICE_HIKE else skus["cost"]).to_numpy()
            for store in stores:
                n = int(rng.poisson(campaign["extra_receipts"] * (1.3 if day.weekday() >= 5 else 1.0)))
                times = receipt_times(rng, n)
                for k in range(n):
                    ts = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=int(times[k]))
                    rid = f"{store}-{day.strftime('%y%m%d')}-{9001 + k}"
                    for it in rng.choice(items, size=1 + int(rng.random() < 0.35), replace=False, p=p):
                        rows.append((ts, store, rid, int(it), 1, int(price[it]), int(cost[it]), ""))
                extra[(day, store)] = extra.get((day, store), 0) + n
            day += dt.timedelta(days=1)
    added = pd.DataFrame(rows, columns=["ts", "store", "receipt", "sku", "qty", "price", "cost", "member"])
    added["amount"] = added["qty"] * added["price"]
    added["date"] = added["ts"].dt.normalize()
    added["ym"] = added["ts"].dt.strftime("%Y-%m")
    order = {code: i for i, code in enumerate(STORE_CODES)}
    pos = pd.concat([pos, added], ignore_index=True)
    pos = pos.assign(_s=pos["store"].map(order)).sort_values(["date", "_s", "ts"], kind="stable")
    pos = pos.drop(columns="_s").reset_index(drop=True)
    daily = daily.copy()
    daily["receipts"] = [r + extra.get((d, s), 0) for d, s, r in daily.itertuples(index=False)]
    return pos, daily


def assign_channels(pos: pd.DataFrame) -> pd.Series:
    """One channel per receipt: mostly the store, a growing share online."""
    rng = np.random.default_rng(CHANNEL_SEED + 1)
    receipts = pos.drop_duplicates("receipt")[["receipt", "store", "date"]]
    span = (END - START).days
    t = ((receipts["date"] - pd.Timestamp(START)).dt.days / span).to_numpy()
    draw = rng.random(len(receipts))
    channel = []
    for store, when, u in zip(receipts["store"], t, draw):
        (ec0, mall0), (ec1, mall1) = CHANNEL_SHARE[store]
        ec, mall = ec0 + (ec1 - ec0) * when, mall0 + (mall1 - mall0) * when
        channel.append(CHANNELS[1] if u < ec else CHANNELS[2] if u < ec + mall else CHANNELS[0])
    return pos["receipt"].map(dict(zip(receipts["receipt"], channel)))


def campaign_rows(skus: pd.DataFrame) -> list[tuple]:
    """The campaigns table: one row per store and product the campaign covers."""
    rows = [(FAIR["name"], FAIR["start"], FAIR["end"], FAIR["store"], "", FAIR["dept"])]
    for i in campaign_gift_skus(skus):
        rows.append((GIFT["name"], GIFT["start"], GIFT["end"], "", skus.at[i, "sku"], ""))
    return rows


# --------------------------------------------------------------------------
# product master and purchase orders (the order list's inputs)
# --------------------------------------------------------------------------
# autumn items end their season soon after the data ends, winter items run on
AUTUMN = ("カーディガン", "ボーダーカットソー", "ストール")
WINTER = ("ニット セーター", "ライトダウンジャケット", "インナー ヒート", "ブランケット")
SEASONS = {"autumn": (dt.date(2026, 8, 15), dt.date(2026, 11, 15)),
           "winter": (dt.date(2026, 9, 15), dt.date(2027, 2, 28))}
CASE_PACKS = {"衣料": 1, "雑貨": 2, "化粧品": 6, "家電小物": 1, "食品ギフト": 12, "日用品": 6}
LATE_SHARE, SHORT_SHARE = 0.10, 0.08  # order lines delivered late, delivered short


def make_products(skus: pd.DataFrame, receipts: list[tuple]) -> list[tuple]:
    """One row per SKU: style (the product a colour/size variant belongs to),
    staple or seasonal, season dates, lead time, case pack, minimum order,
    supplier and unit cost. A fixed rule, no random draws."""
    supplier = {}
    for row in receipts:
        supplier.setdefault(row[3], row[2])
    bases = {dept: [b for b, _ in PRODUCTS[dept]] for dept in DEPTS}
    rows = []
    for i, sku in skus.iterrows():
        base = max((b for b in bases[sku["dept"]] if sku["name"].startswith(b)), key=len, default=sku["name"])
        style = f"ST{DEPTS.index(sku['dept']) + 1}{bases[sku['dept']].index(base) + 1:02d}" \
            if base in bases[sku["dept"]] else None
        season = "autumn" if base in AUTUMN else "winter" if base in WINTER else None
        start, end = SEASONS[season] if season else (None, None)
        vendor = supplier.get(sku["sku"], "V001")
        lead = 3 + int(vendor[1:]) % 4 * 2  # 3, 5, 7 or 9 days by supplier
        lead_text = "2週間" if sku["dept"] == "衣料" and season else lead  # as some masters write it
        pack = CASE_PACKS[sku["dept"]]
        rows.append((sku["sku"], sku["name"], sku["dept"], style, "シーズン" if season else "定番", start, end,
                     lead_text, pack, pack * 2 if sku["dept"] == "食品ギフト" else None, vendor, int(sku["cost2"])))
    return rows


def make_orders(receipts: list[tuple], products: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """Purchase orders behind the goods received: one order per store,
    supplier and delivery day, placed a lead time before, a few lines
    delivered late or short; plus the orders still open at the end of the
    data. Returns the receipts with their order number and the order lines."""
    rng = np.random.default_rng(SEED + 18)  # its own draws: the other files stay as they were
    lead = {p[0]: (14 if p[7] == "2週間" else int(p[7])) for p in products}
    numbers: dict[tuple, str] = {}
    with_ids, lines = [], {}
    for row in receipts:
        d, st, vendor, code, name, q = row[:6]
        key = (st, vendor, d)
        if key not in numbers:
            numbers[key] = f"PO{len(numbers) + 1:06d}"
        po = numbers[key]
        with_ids.append(row + (po,))
        line = lines.setdefault((po, code), [d, st, vendor, code, 0])
        line[4] += q
    order_rows = []
    for (po, code), (d, st, vendor, _, got) in lines.items():
        due = d
        if rng.random() < LATE_SHARE:  # arrived a few days after the due date
            due = d - dt.timedelta(days=int(rng.integers(1, 5)))
        ordered = got + (int(rng.integers(1, 4)) if rng.random() < SHORT_SHARE else 0)
        order_rows.append((po, due - dt.timedelta(days=lead[code]), due, st, vendor, code, ordered))
    # open at the end: the week's orders not yet delivered
    open_from = END - dt.timedelta(days=4)
    recent = [r for r in order_rows if r[2] >= END - dt.timedelta(days=28)]
    picks = rng.choice(len(recent), size=min(60, len(recent)), replace=False) if recent else []
    for n, k in enumerate(sorted(int(p) for p in picks)):
        _, _, _, st, vendor, code, ordered = recent[k]
        placed = open_from + dt.timedelta(days=int(rng.integers(0, 5)))
        order_rows.append((f"PO{len(numbers) + n + 1:06d}", placed, placed + dt.timedelta(days=lead[code]), st,
                           vendor, code, ordered))
    order_rows.sort(key=lambda r: (r[1], r[0], r[5]))
    return with_ids, order_rows


# --------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------
class Book:
    def __init__(self, path: Path, title: str):
        self.wb = xlsxwriter.Workbook(str(path))
        self.wb.set_properties({"title": title, "author": "kpipack",
                                "company": "kpipack sample data", "created": CREATED})
        self.bold = self.wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.title = self.wb.add_format({"bold": True, "font_size": 14})
        self.date = self.wb.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime = self.wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self.yen = self.wb.add_format({"num_format": "#,##0"})
        self.int = self.wb.add_format({"num_format": "0"})
        self.hours = self.wb.add_format({"num_format": "0.0"})
        self.area = self.wb.add_format({"num_format": "0.0"})

    def sheet(self, name, headers, widths, header_row=0, title=None):
        ws = self.wb.add_worksheet(name)
        if title:
            ws.write_string(0, 0, title, self.title)
        for c, (h, w) in enumerate(zip(headers, widths)):
            ws.write_string(header_row, c, h, self.bold)
            ws.set_column(c, c, w)
        ws.freeze_panes(header_row + 1, 0)
        return ws

    def close(self):
        self.wb.close()


def to_dt(d) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day)


def write_pos(out: Path, fname: str, title: str, pos: pd.DataFrame, skus: pd.DataFrame):
    b = Book(out / fname, title)
    headers = ["取引日時", "店舗コード", "レシート番号", "商品コード", "商品名", "部門",
               "数量", "単価", "売上金額 (税抜)", "原価金額", "会員番号", "販売チャネル"]
    widths = [20, 11, 17, 16, 30, 8, 6, 8, 15, 10, 11, 12]
    ws = b.sheet("売上明細", headers, widths, header_row=2, title=title)
    sku_code = skus["sku"].tolist()
    sku_name = skus["name"].tolist()
    sku_dept = skus["dept"].tolist()
    r = 3
    for ts, store, rid, sku, qty, price, cost, member, amount, channel in zip(
            pos["ts"].dt.to_pydatetime(), pos["store"], pos["receipt"], pos["sku"], pos["qty"],
            pos["price"], pos["cost"], pos["member"], pos["amount"], pos["channel"]):
        ws.write_datetime(r, 0, ts, b.datetime)
        ws.write_string(r, 1, store)
        ws.write_string(r, 2, rid)
        ws.write_string(r, 3, sku_code[sku])
        ws.write_string(r, 4, sku_name[sku])
        ws.write_string(r, 5, sku_dept[sku])
        ws.write_number(r, 6, int(qty), b.int)
        ws.write_number(r, 7, int(price), b.yen)
        ws.write_number(r, 8, int(amount), b.yen)
        ws.write_number(r, 9, int(cost), b.yen)
        if member:
            ws.write_string(r, 10, member)
        ws.write_string(r, 11, channel)
        r += 1
    ws.autofilter(2, 0, r - 1, len(headers) - 1)
    b.close()
    return r - 3


def write_simple(out: Path, fname: str, sheets: list[tuple], title: str):
    """sheets: (name, headers, widths, kinds, rows); kinds per column:
    d=date, s=text, y=yen/integer, i=integer, h=hours, a=area."""
    b = Book(out / fname, title)
    fmt = {"y": b.yen, "i": b.int, "h": b.hours, "a": b.area}
    counts = {}
    for name, headers, widths, kinds, rows in sheets:
        ws = b.sheet(name, headers, widths)
        for r, row in enumerate(rows, start=1):
            for c, (k, v) in enumerate(zip(kinds, row)):
                if v is None:  # a blank cell
                    continue
                if k == "d":
                    ws.write_datetime(r, c, to_dt(v), b.date)
                elif k == "s" or isinstance(v, str):
                    ws.write_string(r, c, v)
                else:
                    ws.write_number(r, c, v, fmt[k])
        ws.autofilter(0, 0, len(rows), len(headers) - 1)
        counts[name] = len(rows)
    b.close()
    return counts


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = ap.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    rng = np.random.default_rng(SEED)
    months = months_between(START.year, START.month, END.year, END.month)
    skus = make_skus(rng)
    members = make_members(rng, (END - START).days + 1)
    pos, daily = make_pos(rng, skus, members)
    pos, daily = add_campaign_lines(pos, daily, skus)
    pos["channel"] = assign_channels(pos)
    actuals = monthly_actuals(pos)
    traffic = make_traffic(rng, daily)
    inventory = make_inventory(rng, skus, pos, months)
    stocktake = make_stocktake(rng, skus, inventory, actuals)
    budget = make_budget(rng, actuals)
    fin_store, fin_company = make_finance(rng, actuals, months)
    survey = make_survey(rng, months)
    # last, so every draw above (and every file made from it) stays as it was
    inventory, stocktake, receipts, adjustments = make_movements(rng, skus, pos, months, inventory, stocktake)

    counts = {}
    fy25 = pos["ts"] < pd.Timestamp(2026, 4, 1)
    counts["pos_sales_FY2025.xlsx"] = write_pos(
        out, "pos_sales_FY2025.xlsx", "POS売上明細 2025年4月〜2026年3月", pos[fy25], skus)
    counts["pos_sales_FY2026.xlsx"] = write_pos(
        out, "pos_sales_FY2026.xlsx", "POS売上明細 2026年4月〜2026年10月", pos[~fy25], skus)

    counts["traffic_labor.xlsx"] = write_simple(out, "traffic_labor.xlsx", [
        ("日別実績", ["日付", "店舗コード", "来店客数", "総労働時間"], [12, 11, 10, 12],
         "dsih", traffic)], "日別来店客数・労働時間")

    counts["store_master.xlsx"] = write_simple(out, "store_master.xlsx", [
        ("店舗マスタ", ["店舗コード", "店舗名", "売場面積(坪)", "エリア"], [11, 10, 13, 10],
         "ssas", [(s["code"], s["name"], float(s["tsubo"]), s["area"]) for s in STORES])],
        "店舗マスタ")

    inv_rows = []
    for (y, m) in months:
        d = month_end(y, m)
        cost = unit_cost_at(skus, d)
        for st in STORES:
            oh = inventory[(st["code"], (y, m))]
            for i in range(len(skus)):
                inv_rows.append((d, st["code"], skus.at[i, "sku"], skus.at[i, "dept"],
                                 int(oh[i]), int(cost[i])))
    counts["inventory.xlsx"] = write_simple(out, "inventory.xlsx", [
        ("月末在庫", ["基準日", "店舗コード", "商品コード", "部門", "帳簿在庫", "原単価"],
         [12, 11, 16, 8, 10, 9], "dsssiy", inv_rows)], "月末在庫")

    counts["stocktake.xlsx"] = write_simple(out, "stocktake.xlsx", [
        ("棚卸", ["棚卸日", "店舗コード", "商品コード", "帳簿数", "実棚数", "原単価"],
         [12, 11, 16, 9, 9, 9], "dssiiy", stocktake)], "棚卸結果")

    products = make_products(skus, receipts)
    receipts, orders = make_orders(receipts, products)
    counts["receipts.xlsx"] = write_simple(out, "receipts.xlsx", [
        ("入荷明細", ["入荷日", "店舗コード", "仕入先コード", "商品コード", "商品名", "入荷数", "仕入単価",
                      "仕入金額", "発注番号"], [12, 11, 12, 16, 30, 8, 10, 12, 12], "dssssiyys", receipts)], "入荷明細")
    counts["products.xlsx"] = write_simple(out, "products.xlsx", [
        ("商品マスタ", ["商品コード", "商品名", "部門", "商品番号", "定番区分", "販売開始日", "販売終了日", "リードタイム",
                        "入数", "最低発注数", "仕入先", "原単価"], [16, 30, 10, 10, 9, 12, 12, 11, 6, 10, 10, 9],
         "sssssddiiisy", products)], "商品マスタ")
    counts["purchase_orders.xlsx"] = write_simple(out, "purchase_orders.xlsx", [
        ("発注明細", ["発注番号", "発注日", "納品予定日", "店舗コード", "仕入先コード", "商品コード", "発注数"],
         [12, 12, 12, 11, 12, 16, 8], "sddsssi", orders)], "発注明細")

    counts["adjustments.xlsx"] = write_simple(out, "adjustments.xlsx", [
        ("在庫調整", ["日付", "店舗コード", "商品コード", "商品名", "調整数", "調整理由", "原単価"],
         [12, 11, 16, 30, 8, 10, 9], "dsssisy", adjustments)], "在庫調整")

    counts["budget.xlsx"] = write_simple(out, "budget.xlsx", [
        ("予算", ["年月", "店舗コード", "売上予算", "粗利予算", "客数予算"],
         [10, 11, 13, 13, 10], "ssyyi", budget)], "月次予算")

    counts["finance.xlsx"] = write_simple(out, "finance.xlsx", [
        ("店舗別販管費", ["年月", "店舗コード", "販管費"], [10, 11, 13], "ssy", fin_store),
        ("全社", ["年月", "販管費", "当期純利益", "自己資本", "総資産"], [10, 13, 13, 15, 15],
         "syyyy", fin_company)], "月次財務")

    counts["survey.xlsx"] = write_simple(out, "survey.xlsx", [
        ("顧客アンケート", ["日付", "店舗コード", "推奨度"], [12, 11, 8], "dsi", survey)],
        "顧客アンケート")

    counts["campaigns.xlsx"] = write_simple(out, "campaigns.xlsx", [
        ("施策一覧", ["施策名", "開始日", "終了日", "店舗コード", "商品コード", "部門"], [24, 12, 12, 11, 16, 10],
         "sddsss", campaign_rows(skus))], "販促施策")

    for f, c in counts.items():
        print(f"{f}: {c}")


if __name__ == "__main__":
    main()
