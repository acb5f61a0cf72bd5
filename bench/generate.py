#!/usr/bin/env python3
"""Deterministic benchmark workbooks, made once and kept under bench/data/.

A fictional chain of eight stores, 1,200 SKUs and 14 months of trading
(2025-09 .. 2026-10, so October 2026 has a previous year).  Every file is a
pure function of its name: fixed seed, fixed workbook dates, no clock.

    pos_1m.xlsx        1,000,000 POS lines (12 columns, Japanese headers)
    pos_100k.xlsx        100,000 POS lines, same shape
    stock.xlsx         month-end book stock per store and SKU
    budget.xlsx        monthly budgets per store (wide)
    monthly/pos_YYYY-MM.xlsx   twelve monthly exports of 100,000 lines each

Workbooks are written with xlsxwriter's constant_memory mode (row by row,
inline strings), so making the million-line file needs little memory.

    python bench/generate.py [--only NAME ...] [--force]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

import numpy as np
import xlsxwriter

DATA = Path(os.environ.get("KPIPACK_BENCH_DATA", Path(__file__).resolve().parent / "data"))
SEED = 8_2026
CREATED = dt.datetime(2026, 11, 1, 9, 0, 0)
FIRST_DAY = dt.date(2025, 9, 1)
LAST_DAY = dt.date(2026, 10, 31)
STORES = [f"S{n:02d}" for n in range(1, 9)]
STORE_WEIGHT = np.array([1.4, 1.2, 1.1, 1.0, 1.0, 0.9, 0.8, 0.6])
N_SKUS = 1200
N_MEMBERS = 60_000
MEMBER_SHARE = 0.55
RETURN_SHARE = 0.015  # receipts that are returns (negative lines)
CANCEL_SHARE = 0.003  # receipts voided later: id 'C' + digits, amounts as printed
CHANNELS = ("店頭", "店頭", "店頭", "店頭", "店頭", "店頭", "店頭", "店頭", "EC店舗受取", "取り置き")
DEPTS = {  # department: share of SKUs, (price low, high), gross margin
    "衣料": (0.18, (900, 7900), 0.52),
    "雑貨": (0.20, (200, 3800), 0.45),
    "化粧品": (0.16, (400, 5200), 0.40),
    "家電小物": (0.08, (980, 9800), 0.30),
    "食品": (0.22, (98, 1280), 0.28),
    "日用品": (0.16, (98, 980), 0.33),
}
NOUNS = ("シャツ", "マグ", "タオル", "ポーチ", "リップ", "ケーブル", "クッキー", "洗剤", "ノート", "バッグ",
         "ソックス", "石けん", "ライト", "紅茶", "スリッパ", "ブラシ")
POS_HEADERS = ["取引日時", "店舗コード", "レシート番号", "商品コード", "商品名", "部門", "数量", "単価",
               "売上金額", "原価金額", "会員番号", "販売チャネル"]
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


# ---------------------------------------------------------------- catalogue
def catalogue(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """SKUs: JAN code (text), name, department, price, unit cost, popularity."""
    names = list(DEPTS)
    shares = np.array([DEPTS[d][0] for d in names])
    dept = rng.choice(len(names), size=N_SKUS, p=shares / shares.sum())
    low = np.array([DEPTS[names[d]][1][0] for d in dept])
    high = np.array([DEPTS[names[d]][1][1] for d in dept])
    price = np.round(np.exp(rng.uniform(np.log(low), np.log(high))) / 10) * 10 - 2
    margin = np.array([DEPTS[names[d]][2] for d in dept]) + rng.normal(0, 0.03, N_SKUS)
    unit_cost = np.round(price * (1 - margin), 1)
    body = rng.integers(0, 10**9, size=N_SKUS)
    jan = np.array([_jan(f"490{b:09d}") for b in body])
    noun = rng.integers(0, len(NOUNS), size=N_SKUS)
    name = np.array([f"{NOUNS[k]} {names[d]} No.{i + 1:04d}" for i, (k, d) in enumerate(zip(noun, dept))])
    popularity = rng.pareto(1.2, N_SKUS) + 0.05
    return {"jan": jan, "name": name, "dept": np.array(names)[dept], "price": price, "unit_cost": unit_cost,
            "weight": popularity / popularity.sum()}


def _jan(body12: str) -> str:
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body12))
    return body12 + str((10 - total % 10) % 10)


# ---------------------------------------------------------------- POS lines
def pos_lines(n_lines: int, first: dt.date, last: dt.date, seed: int) -> dict[str, np.ndarray]:
    """About n_lines POS lines (exactly n_lines) between first and last, receipts of 1–5 lines."""
    rng = np.random.default_rng(seed)
    cat = catalogue(np.random.default_rng(SEED))
    sizes = rng.choice(np.arange(1, 6), size=n_lines, p=[0.38, 0.27, 0.17, 0.11, 0.07])
    ends = np.cumsum(sizes)
    sizes = sizes[: int(np.searchsorted(ends, n_lines)) + 1]
    sizes[-1] -= int(sizes.sum() - n_lines)
    n_receipts = len(sizes)

    days = (last - first).days + 1
    # trade grows ~8 % a year and peaks in December; weekends are busier
    day_index = np.arange(days)
    dates = np.array([first + dt.timedelta(days=int(d)) for d in day_index])
    month = np.array([d.month for d in dates])
    weekday = np.array([d.weekday() for d in dates])
    level = (1 + 0.08 * day_index / 365) * np.where(month == 12, 1.35, 1.0) * np.where(weekday >= 5, 1.25, 1.0)
    r_day = rng.choice(days, size=n_receipts, p=level / level.sum())
    r_store = rng.choice(len(STORES), size=n_receipts, p=STORE_WEIGHT / STORE_WEIGHT.sum())
    r_minute = rng.integers(10 * 60, 21 * 60, size=n_receipts)
    order = np.lexsort((r_minute, r_store, r_day))
    r_day, r_store, r_minute, sizes = r_day[order], r_store[order], r_minute[order], sizes[order]
    # receipt number: store-day sequence, e.g. 0125100100123 (store 01, 2025-10-01, 123rd)
    key = r_day * len(STORES) + r_store
    start = np.r_[0, np.flatnonzero(np.diff(key)) + 1]
    seq = np.arange(n_receipts) - np.repeat(start, np.diff(np.r_[start, n_receipts]))
    yymmdd = np.array([int(d.strftime("%y%m%d")) for d in dates])[r_day]
    kind = rng.random(n_receipts)
    is_return = kind < RETURN_SHARE
    is_cancel = (kind >= RETURN_SHARE) & (kind < RETURN_SHARE + CANCEL_SHARE)
    receipt = np.array([f"{'C' if c else ''}{s + 1:02d}{d:06d}{q + 1:05d}"
                        for s, d, q, c in zip(r_store, yymmdd, seq, is_cancel)])
    member = np.where(rng.random(n_receipts) < MEMBER_SHARE,
                      (rng.zipf(1.3, n_receipts) % N_MEMBERS) + 1_000_000_001, 0)
    channel = np.array(CHANNELS)[rng.integers(0, len(CHANNELS), n_receipts)]

    line_receipt = np.repeat(np.arange(n_receipts), sizes)
    sku = rng.choice(N_SKUS, size=n_lines, p=cat["weight"])
    for _ in range(20):  # one line per SKU in a receipt, as tills add repeat scans to the quantity
        order = np.lexsort((sku, line_receipt))
        repeat = np.zeros(n_lines, dtype=bool)
        repeat[order[1:]] = (line_receipt[order[1:]] == line_receipt[order[:-1]]) & (sku[order[1:]] == sku[order[:-1]])
        if not repeat.any():
            break
        sku[repeat] = rng.choice(N_SKUS, size=int(repeat.sum()), p=cat["weight"])
    qty = rng.choice([1, 1, 1, 1, 2, 2, 3, 4], size=n_lines)
    sign = np.where(is_return[line_receipt], -1, 1)
    qty = qty * sign
    price = cat["price"][sku]
    discount = np.where(rng.random(n_lines) < 0.08, 0.9, 1.0)  # a tenth off on some lines
    amount = np.round(qty * price * discount)
    cost = np.round(qty * cat["unit_cost"][sku], 1)
    serial = (np.array([(d - EXCEL_EPOCH.date()).days for d in dates])[r_day][line_receipt]
              + r_minute[line_receipt] / 1440.0)
    return {
        "serial": serial, "store": np.array(STORES)[r_store][line_receipt], "receipt": receipt[line_receipt],
        "jan": cat["jan"][sku], "name": cat["name"][sku], "dept": cat["dept"][sku], "qty": qty,
        "price": price, "amount": amount, "cost": cost, "member": member[line_receipt],
        "channel": channel[line_receipt],
    }


def write_pos(path: Path, lines: dict[str, np.ndarray]) -> None:
    """One sheet like a POS export: the header in row 1, then the lines.

    (A title row above the header would make fastexcel's plain read type every
    column as text, a slower reference than a real export deserves.)"""
    wb = _workbook(path)
    ws = wb.add_worksheet("売上明細")
    when = wb.add_format({"num_format": "yyyy/mm/dd hh:mm"})
    for col, header in enumerate(POS_HEADERS):
        ws.write_string(0, col, header)
    cols = [lines[k].tolist() for k in ("serial", "store", "receipt", "jan", "name", "dept", "qty", "price",
                                        "amount", "cost", "member", "channel")]
    num, text = ws.write_number, ws.write_string
    for i, (serial, store, receipt, jan, name, dept, qty, price, amount, cost, member, channel) in \
            enumerate(zip(*cols)):
        r = i + 1
        num(r, 0, serial, when)
        text(r, 1, store)
        text(r, 2, receipt)
        text(r, 3, jan)
        text(r, 4, name)
        text(r, 5, dept)
        num(r, 6, qty)
        num(r, 7, price)
        num(r, 8, amount)
        num(r, 9, cost)
        if member:
            num(r, 10, member)
        text(r, 11, channel)
    wb.close()


# ---------------------------------------------------------------- stock, budget
def write_stock(path: Path) -> None:
    """Month-end book stock of every store and SKU, each month of the POS data."""
    rng = np.random.default_rng(SEED + 1)
    cat = catalogue(np.random.default_rng(SEED))
    wb = _workbook(path)
    ws = wb.add_worksheet("月末在庫")
    day = wb.add_format({"num_format": "yyyy/mm/dd"})
    for col, header in enumerate(["基準日", "店舗コード", "商品コード", "部門", "帳簿在庫", "原単価"]):
        ws.write_string(0, col, header)
    row = 1
    cover = np.clip(cat["weight"] * 40_000, 2, 400)
    for month_end in _month_ends(FIRST_DAY, LAST_DAY):
        serial = (month_end - EXCEL_EPOCH.date()).days
        for store in STORES:
            on_hand = rng.poisson(cover).astype(float)
            on_hand[rng.random(N_SKUS) < 0.02] = 0.0  # a few stock-outs
            for sku in range(N_SKUS):
                ws.write_number(row, 0, serial, day)
                ws.write_string(row, 1, store)
                ws.write_string(row, 2, cat["jan"][sku])
                ws.write_string(row, 3, cat["dept"][sku])
                ws.write_number(row, 4, on_hand[sku])
                ws.write_number(row, 5, cat["unit_cost"][sku])
                row += 1
    wb.close()


def write_budget(path: Path) -> None:
    """Monthly budgets per store for the fiscal years the POS data touches."""
    wb = _workbook(path)
    ws = wb.add_worksheet("予算")
    for col, header in enumerate(["年月", "店舗コード", "売上予算", "粗利予算", "客数予算"]):
        ws.write_string(0, col, header)
    row = 1
    base = 23_000_000 / STORE_WEIGHT.mean()  # an average store of the million-line file
    for i, month_end in enumerate(_month_ends(dt.date(2025, 4, 1), dt.date(2027, 3, 31))):
        season = 1.35 if month_end.month == 12 else 1.0
        for s, store in enumerate(STORES):
            sales = round(base * STORE_WEIGHT[s] * season * (1 + 0.006 * i), -3)
            ws.write_string(row, 0, month_end.strftime("%Y-%m"))
            ws.write_string(row, 1, store)
            ws.write_number(row, 2, sales)
            ws.write_number(row, 3, round(sales * 0.41, -3))
            ws.write_number(row, 4, round(sales / 2900))
            row += 1
    wb.close()


def _month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    out = []
    y, m = first.year, first.month
    while dt.date(y, m, 1) <= last:
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        out.append(nxt - dt.timedelta(days=1))
        y, m = nxt.year, nxt.month
    return out


def _workbook(path: Path) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    wb.set_properties({"created": CREATED})
    return wb


# ---------------------------------------------------------------- cache
def _monthly() -> dict[str, callable]:
    out = {}
    for i, month_end in enumerate(_month_ends(dt.date(2025, 11, 1), LAST_DAY)):
        first = month_end.replace(day=1)
        name = f"monthly/pos_{month_end:%Y-%m}.xlsx"
        out[name] = (lambda p, f=first, e=month_end, k=i:
                     write_pos(p, pos_lines(100_000, f, e, SEED + 100 + k)))
    return out


FILES = {
    "pos_100k.xlsx": lambda p: write_pos(p, pos_lines(100_000, FIRST_DAY, LAST_DAY, SEED + 10)),
    "pos_1m.xlsx": lambda p: write_pos(p, pos_lines(1_000_000, FIRST_DAY, LAST_DAY, SEED + 20)),
    "stock.xlsx": write_stock,
    "budget.xlsx": write_budget,
    **_monthly(),
}


def ensure(name: str, force: bool = False) -> Path:
    """The path of a benchmark file, made now if it is not there yet."""
    path = DATA / name
    if path.exists() and not force:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".partial" + path.suffix)
    print(f"making {path.relative_to(DATA.parent) if DATA.parent in path.parents else path} ...",
          file=sys.stderr, flush=True)
    FILES[name](tmp)
    os.replace(tmp, path)
    return path


def ensure_all(names: list[str] | None = None, force: bool = False) -> dict[str, Path]:
    return {n: ensure(n, force) for n in (names or FILES)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", nargs="*", help="file names to make (default: all)")
    p.add_argument("--force", action="store_true", help="remake even when present")
    args = p.parse_args(argv)
    for name, path in ensure_all(args.only, args.force).items():
        print(f"{path}  {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
