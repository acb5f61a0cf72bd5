"""Helpers for the pack tests: packs built once per test session, a workbook
reader that sees formulas and their cached values side by side, and
LibreOffice (installed when missing and apt can, else the tests skip) to
render PDFs and to recalculate a pack."""
from __future__ import annotations

import atexit
import datetime as dt
import functools
import os
import random
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"
WORK = Path(tempfile.mkdtemp(prefix="kpipack-pack-tests-"))
atexit.register(shutil.rmtree, WORK, True)

RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""
APT_PACKAGES = ["libreoffice-calc", "poppler-utils", "fonts-noto-cjk"]


# ------------------------------------------------------------------ packs
@functools.cache
def sample_pack(lang: str, pack: str = "board", store: str | None = None):
    """The bundled samples built through the pipeline (BuildResult)."""
    from kpipack.domain import Settings
    from kpipack.pipeline import build_pack

    name = f"{pack}-{lang}-{store or 'all'}"
    out = WORK / name
    out.mkdir()
    settings = Settings(lang=lang, company="Sample Retail & Co.", pack=pack, store=store)
    return build_pack([SAMPLES], settings, out=out / f"{name}.xlsx", json_out=out / f"{name}.json")


def unseen_inputs():
    """A retailer the samples know nothing of: English headers, two shops, 15
    months of receipts with member ids, no stock, budget or finance files."""
    from workbooks import write_book

    folder = WORK / "unseen"
    if folder.exists():
        return folder
    folder.mkdir()
    rnd = random.Random(7)
    items = [(f"SKU{n:03d}", f"Item {n}", ["Tea", "Cups", "Books"][n % 3], 300 + 45 * n) for n in range(40)]
    rows = [["Date", "Shop", "Receipt No", "Item Code", "Description", "Dept", "Quantity", "Amount", "Cost",
             "Member ID"]]
    day, receipt = dt.date(2025, 8, 1), 0
    while day <= dt.date(2026, 10, 31):
        for shop in ("North", "South"):
            for _ in range(rnd.randint(2, 4)):
                receipt += 1
                member = f"C{rnd.randint(1, 60):03d}" if rnd.random() < 0.6 else None
                for _ in range(rnd.randint(1, 3)):
                    sku, name, dept, price = items[min(int(rnd.paretovariate(1.2)) - 1, 39)]
                    qty = rnd.randint(1, 3)
                    rows.append([dt.datetime.combine(day, dt.time(10 + rnd.randint(0, 8))), shop, f"R{receipt}",
                                 sku, name, dept, qty, qty * price, round(qty * price * 0.55), member])
        day += dt.timedelta(days=3)
    write_book(folder / "pos export.xlsx", {"Lines": rows})
    return folder


@functools.cache
def unseen_pack_path(lang: str) -> Path:
    from kpipack.domain import Settings
    from kpipack.pipeline import build_pack

    out = WORK / f"unseen-pack-{lang}.xlsx"
    build_pack([unseen_inputs()], Settings(lang=lang, company="Tea & Books Ltd"), out=out)
    return out


def rewrite(result, path: Path, rows: list[dict] | None = None, **changes) -> Path:
    """The same computation written again with other settings or rows (no re-reading)."""
    import dataclasses

    from kpipack.domain import Settings
    from kpipack.report.pack import write_pack

    settings = dataclasses.replace(Settings(lang="en", company="Sample Retail & Co."), **changes)
    write_pack(path, result.computation, rows or result.rows, result.results, result.dataset, settings)
    return path


@dataclass
class Book:
    """A written pack: formulas (as written) and cached values, per sheet and cell."""

    path: Path
    formulas: openpyxl.Workbook
    values: openpyxl.Workbook

    @property
    def names(self) -> list[str]:
        return self.formulas.sheetnames

    def formula_cells(self):
        for ws in self.formulas.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        yield ws.title, cell.coordinate, cell.value, self.values[ws.title][cell.coordinate].value

    def xml(self, part: str) -> str:
        with zipfile.ZipFile(self.path) as z:
            return z.read(part).decode("utf-8")

    def parts(self, prefix: str) -> list[str]:
        with zipfile.ZipFile(self.path) as z:
            return sorted(n for n in z.namelist() if n.startswith(prefix))

    def sheet_part(self, name: str) -> str:
        """The xml part of a sheet (xl/worksheets/sheetN.xml, in workbook order)."""
        return f"xl/worksheets/sheet{self.names.index(name) + 1}.xml"


@functools.cache
def book(path: Path) -> Book:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl does not keep sparklines; the tests read them from the xml
        return Book(Path(path), openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True))


def find_rows(ws, text: str, col: int = 1) -> list[int]:
    return [r for r in range(1, ws.max_row + 1) if ws.cell(r, col).value == text]


# ------------------------------------------------------------------ LibreOffice
def _apt_usable() -> bool:
    return shutil.which("apt-get") is not None and hasattr(os, "geteuid") and os.geteuid() == 0


@functools.cache
def soffice() -> str:
    """Path of LibreOffice, installing it (with poppler and CJK fonts) where apt can."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found and _apt_usable():
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *APT_PACKAGES], env=env,
                       capture_output=True, timeout=1200)
        found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice (soffice) is not installed and apt-get cannot install it here")
    return found


def _convert(files: list[Path], target: str, outdir: Path, recalc: bool) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    profile = WORK / ("lo-recalc" if recalc else "lo-plain")
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    if recalc:
        # a throw-away profile that makes LibreOffice recalculate every formula on load
        (user / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    cmd = [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", target, "--outdir", str(outdir), *map(str, files)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    missing = [f for f in files if not (outdir / f"{f.stem}.{target}").exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {proc.stderr[-800:]}"


@functools.cache
def pdfs(*files: Path) -> dict[Path, Path]:
    """One LibreOffice run turning every file into a PDF."""
    out = WORK / "pdf"
    _convert(list(files), "pdf", out, recalc=False)
    return {f: out / f"{f.stem}.pdf" for f in files}


@functools.cache
def recalculated(*files: Path) -> dict[Path, Path]:
    """One LibreOffice run that recalculates every file and saves it as xlsx."""
    out = WORK / "recalc"
    _convert(list(files), "xlsx", out, recalc=True)
    return {f: out / f.name for f in files}


def pdf_text(pdf: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))
