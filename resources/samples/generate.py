#!/usr/bin/env python3
"""Generate the bundled sample workbooks (see docs/sample-data.md).

A fictional Japanese retailer with three stores, April 2025 to October 2026.
Everything is a pure function of SEED: no clock, no environment, no hash
ordering.  The workbook "created" property (which xlsxwriter also uses for
the zip entry timestamps) is fixed, so re-running produces byte-identical
files.

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
PRICE_HIKE = dt.date(2026, 4, 1)  # some grocery/household prices go up
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
    # conversion, labour hours/day, opex ratio
    dict(code="S01", name="渋谷店", tsubo=45, area="東京", level=15.0,
         growth=0.090, conv=0.25, hours=58.0, opex=0.235),
    dict(code="S02", name="横浜店", tsubo=60, area="神奈川", level=16.5,
         growth=0.075, conv=0.31, hours=70.0, opex=0.215),
    dict(code="S03", name="大宮店", tsubo=35, area="埼玉", level=12.0,
         growth=0.060, conv=0.35, hours=47.0, opex=0.205),
]
STORE_CODES = [s["code"] for s in STORES]

DEPTS = ["食品", "飲料", "日用品", "化粧品", "衣料", "雑貨"]
# share of lines, gross margin (mean, sd), months of cover, theft factor
DEPT_INFO = {
    "食品": dict(share=0.30, gm=0.28, gm_sd=0.025, cover=0.45, theft=1.0),
    "飲料": dict(share=0.21, gm=0.27, gm_sd=0.025, cover=0.55, theft=0.6),
    "日用品": dict(share=0.20, gm=0.31, gm_sd=0.035, cover=0.85, theft=0.8),
    "化粧品": dict(share=0.12, gm=0.42, gm_sd=0.05, cover=1.20, theft=3.0),
    "衣料": dict(share=0.07, gm=0.52, gm_sd=0.025, cover=1.60, theft=1.5),
    "雑貨": dict(share=0.10, gm=0.45, gm_sd=0.045, cover=1.30, theft=1.6),
}
# store preference by department (S01 young/urban, S02 family, S03 suburban)
STORE_DEPT_PREF = {
    "S01": {"食品": 0.85, "飲料": 1.05, "日用品": 0.80, "化粧品": 1.45, "衣料": 1.30, "雑貨": 1.25},
    "S02": {"食品": 1.10, "飲料": 1.00, "日用品": 1.15, "化粧品": 0.95, "衣料": 0.95, "雑貨": 0.95},
    "S03": {"食品": 1.20, "飲料": 1.10, "日用品": 1.25, "化粧品": 0.80, "衣料": 0.85, "雑貨": 0.80},
}
# month factor by department (month -> factor, default 1)
DEPT_SEASON = {
    "飲料": {1: 0.85, 2: 0.85, 6: 1.20, 7: 1.45, 8: 1.50, 9: 1.20, 12: 0.90},
    "衣料": {1: 1.10, 2: 0.70, 4: 1.20, 5: 1.10, 6: 0.90, 7: 1.10, 8: 0.80,
             10: 1.20, 11: 1.30, 12: 1.40},
    "化粧品": {3: 1.10, 7: 1.10, 12: 1.30},
    "食品": {1: 1.10, 12: 1.15},
    "日用品": {3: 1.10, 4: 1.10},
    "雑貨": {3: 1.20, 4: 1.20, 12: 1.50},
}
# receipts per day by month
MONTH_SEASON = {1: 1.02, 2: 0.92, 3: 1.00, 4: 0.98, 5: 1.03, 6: 0.95, 7: 1.03,
                8: 1.05, 9: 0.95, 10: 0.98, 11: 1.00, 12: 1.20}

# (base name, typical price) per department; variants below
PRODUCTS = {
    "食品": [("ポテトチップス うすしお", 148), ("ポテトチップス コンソメ", 148),
             ("チョコレート ミルク", 198), ("クッキー アソート", 398),
             ("カップ麺 しょうゆ", 198), ("カップ麺 シーフード", 198),
             ("袋麺 みそ 5食", 498), ("レトルトカレー 中辛", 258),
             ("パスタ 1.6mm 500g", 238), ("パスタソース ミートソース", 298),
             ("米 あきたこまち 2kg", 1480), ("食パン 6枚切", 198),
             ("せんべい 醤油", 248), ("ナッツ ミックス", 498),
             ("グラノーラ", 598), ("インスタント味噌汁 10食", 398),
             ("のり 全形 10枚", 548), ("ツナ缶 3缶", 398),
             ("オリーブオイル", 698), ("ドライフルーツ", 398)],
    "飲料": [("ミネラルウォーター 2L", 128), ("ミネラルウォーター 500ml", 108),
             ("緑茶 525ml", 138), ("麦茶 2L", 178), ("ほうじ茶 600ml", 148),
             ("コーラ 500ml", 158), ("炭酸水 500ml", 108),
             ("オレンジジュース 1L", 258), ("缶コーヒー 無糖", 128),
             ("ドリップコーヒー 10袋", 598), ("紅茶 ティーバッグ 25袋", 398),
             ("スポーツドリンク 500ml", 158), ("豆乳 1L", 238),
             ("野菜ジュース 200ml 6本", 598), ("エナジードリンク", 238)],
    "日用品": [("ティッシュペーパー 5箱", 398), ("トイレットペーパー 12ロール", 598),
               ("キッチンペーパー 4ロール", 398), ("食器用洗剤", 198),
               ("洗濯用洗剤 詰替", 398), ("柔軟剤 詰替", 438),
               ("シャンプー", 698), ("コンディショナー", 698),
               ("ボディソープ 詰替", 398), ("歯ブラシ", 248),
               ("歯みがき粉", 298), ("ゴミ袋 45L", 298), ("ラップ 30cm", 258),
               ("マスク 30枚", 598), ("除菌シート", 298),
               ("乾電池 単3 8本", 880), ("ハンドソープ", 298)],
    "化粧品": [("化粧水", 1480), ("乳液", 1480), ("美容液", 3280),
               ("日焼け止め", 1280), ("クレンジングオイル", 1280),
               ("洗顔フォーム", 698), ("ファンデーション", 2480),
               ("リップクリーム", 498), ("ハンドクリーム", 598),
               ("シートマスク 7枚", 980), ("アイライナー", 1280),
               ("マスカラ", 1480), ("ヘアオイル", 1680), ("ネイルカラー", 880)],
    "衣料": [("Tシャツ クルーネック", 1480), ("靴下 3足組", 980),
             ("ボクサーパンツ", 980), ("インナー ヒート", 1280),
             ("レギンス", 1280), ("パーカー", 3980), ("ルームウェア", 2980),
             ("ストール", 1980), ("エコバッグ", 1280), ("キャップ", 1980)],
    "雑貨": [("マグカップ", 980), ("タンブラー", 1980), ("弁当箱", 1480),
             ("収納ボックス", 1280), ("ハンガー 10本", 598), ("アロマキャンドル", 1480),
             ("フォトフレーム", 1280), ("ボールペン 3本", 398), ("ノート A5 3冊", 398),
             ("傘 折りたたみ", 2480), ("スマホケーブル", 1480), ("クッション", 2480),
             ("スリッパ", 980)],
}
VARIANTS = {
    "食品": [("", 1.0), (" 大袋", 1.6), (" 徳用", 2.2)],
    "飲料": [("", 1.0), (" ケース", 5.5), (" 機能性表示", 1.25)],
    "日用品": [("", 1.0), (" 大容量", 1.7), (" 無香料", 1.05)],
    "化粧品": [(" しっとり", 1.0), (" さっぱり", 1.0), (" 敏感肌用", 1.25)],
    "衣料": [(" M", 1.0), (" L", 1.0), (" ブラック", 1.05)],
    "雑貨": [(" ホワイト", 1.0), (" ネイビー", 1.0), (" ナチュラル", 1.1)],
}
SKUS_PER_DEPT = {"食品": 50, "飲料": 34, "日用品": 40, "化粧品": 30, "衣料": 21, "雑貨": 25}

PRICE_POINTS = np.array([
    108, 128, 138, 148, 158, 178, 198, 218, 238, 258, 278, 298, 328, 348, 378,
    398, 438, 498, 548, 598, 648, 698, 798, 880, 980, 1080, 1180, 1280, 1480,
    1680, 1780, 1980, 2180, 2480, 2780, 2980, 3280, 3480, 3980, 4480, 4980])

# makers: 7-digit GS1 Japan prefixes (45/49) plus a few imports (UPC as EAN-13)
MAKER_PREFIXES = 18
IMPORT_SHARE = 0.08


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
            price = int(min(max(price, 108), 4980))
            gm = float(np.clip(rng.normal(info["gm"], info["gm_sd"]), 0.25, 0.55))
            cost = int(round(price * (1.0 - gm)))
            imported = dept in ("食品", "化粧品", "雑貨") and rng.random() < IMPORT_SHARE * 1.6
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
    # price rise from 2026-04 for about a third of grocery/household SKUs
    hike = skus["dept"].isin(["食品", "飲料", "日用品"]).to_numpy() & (rng.random(len(skus)) < 0.35)
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
    small_qty = np.isin(dept_of, ["食品", "飲料"])
    mid_qty = dept_of == "日用品"

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
                    if small_qty[it]:
                        q = int(rng.choice([1, 2, 3, 4, 6], p=[0.62, 0.22, 0.09, 0.04, 0.03]))
                    elif mid_qty[it]:
                        q = int(rng.choice([1, 2, 3], p=[0.78, 0.18, 0.04]))
                    else:
                        q = 1 if rng.random() < 0.9 else 2
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
        h = float(np.clip(round(h * 2) / 2, 40.0, 90.0))
        rows.append((d, store, visitors, h))
    return rows


def make_inventory(rng, skus, pos, months):
    """Month-end book stock per store x SKU, plus which rows were stocked out."""
    n_sku = len(skus)
    qty = (pos.groupby(["store", "ym", "sku"])["qty"].sum())
    dept = skus["dept"].to_numpy()
    cover = np.array([DEPT_INFO[d]["cover"] for d in dept])
    facing = rng.integers(2, 7, size=(len(STORES), n_sku))
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
    equity = 176_000_000.0
    liabilities = 158_000_000.0
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
        head_office = int(round(0.04 * mean_sales.sum() * rng.normal(1.0, 0.05)))
        opex_all = total_opex + head_office
        pretax = gp - opex_all - 120_000 + rng.normal(40_000, 15_000)
        net = int(round(pretax * 0.70 if pretax > 0 else pretax))
        equity += net
        if m == 6:
            equity -= 4_000_000  # dividend
        liabilities += -400_000 + rng.normal(0, 1_200_000) + (6_000_000 if m == 12 else 0) \
            - (6_000_000 if m == 1 else 0)
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
               "数量", "単価", "売上金額 (税抜)", "原価金額", "会員番号"]
    widths = [20, 11, 17, 16, 30, 8, 6, 8, 15, 10, 11]
    ws = b.sheet("売上明細", headers, widths, header_row=2, title=title)
    sku_code = skus["sku"].tolist()
    sku_name = skus["name"].tolist()
    sku_dept = skus["dept"].tolist()
    r = 3
    for ts, store, rid, sku, qty, price, cost, member, amount in zip(
            pos["ts"].dt.to_pydatetime(), pos["store"], pos["receipt"], pos["sku"], pos["qty"],
            pos["price"], pos["cost"], pos["member"], pos["amount"]):
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
                if k == "d":
                    ws.write_datetime(r, c, to_dt(v), b.date)
                elif k == "s":
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
    actuals = monthly_actuals(pos)
    traffic = make_traffic(rng, daily)
    inventory = make_inventory(rng, skus, pos, months)
    stocktake = make_stocktake(rng, skus, inventory, actuals)
    budget = make_budget(rng, actuals)
    fin_store, fin_company = make_finance(rng, actuals, months)
    survey = make_survey(rng, months)

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

    for f, c in counts.items():
        print(f"{f}: {c}")


if __name__ == "__main__":
    main()
