"""The year of dates written without one (10/1(木), 10月1日), as a person
takes it from the file: its name (売上_202610.csv, 2026年10月.xlsx) or the
lines of title above its table (2026年10月 売上日報, 対象期間 2026/12/01～2027/01/31,
令和8年度). Lines that date the export itself (出力日, 作成日時, printed) are
not the data's period and are passed over. Several years that are not one
period across a new year tell nothing: the year is then asked. Whether
10/1 is month or day first, when no cell settles it, the sheet's language
tells: Japan writes 月/日."""
from __future__ import annotations

import re
import unicodedata

from .clean import ERAS, YearOf

FISCAL_START = 4  # 年度: the Japanese fiscal and school year, April to March
# yyyymm or yyyymmdd; yyyy followed by 年, 年度 or a separator, with or without its month
_PACKED = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(0[1-9]|1[0-2])(?:[0-3][0-9])?(?![0-9])")
_WRITTEN = re.compile(r"(?<![0-9A-Za-z])((?:19|20)[0-9]{2})\s*(年度|年|[-/._])\s*(?:([0-9]{1,2})(?![0-9]))?")
_BARE = re.compile(r"(?<![0-9A-Za-z])((?:19|20)[0-9]{2})(?![0-9])")  # a year alone: in a file's name only
_ERA = re.compile(r"(令和|平成)\s*([0-9]{1,2}|元)\s*(年度|年)\s*(?:([0-9]{1,2})\s*月)?")
_EXPORT_STAMP = re.compile(r"出力|作成|印刷|発行|更新|抽出|ダウンロード|時点|export|print|creat|generat|download"
                           r"|as of|run on", re.I)


def year_context(file_name: str, title_cells: list[object], fiscal_start: int = FISCAL_START) -> YearOf | None:
    """The year (or period across a new year) the file's name and title lines
    tell, else None. A fiscal year (2026年度) runs from `fiscal_start`, the
    fiscal year's first month as the user set it (April by default)."""
    mentions = _mentions(re.sub(r"\.[A-Za-z0-9]+$", "", file_name), bare=True)
    for cell in title_cells:
        text = unicodedata.normalize("NFKC", str(cell or ""))
        if text and not _EXPORT_STAMP.search(text):
            mentions += _mentions(text)
    years = sorted({y for y, _, _ in mentions})
    if len(years) == 1:
        fiscal = any(f for _, _, f in mentions)
        return YearOf(years[0], fiscal_start if fiscal else None)
    if len(years) == 2 and years[1] == years[0] + 1:  # a period across a new year, from its first month
        start = next((m for y, m, _ in mentions if y == years[0] and m), None)
        return YearOf(years[0], start) if start else None
    return None


def bare_year(title_cells: list[object]) -> YearOf | None:
    """The one year written alone in the title lines (Budget 2026, 2026 Plan):
    a plan's year. FY2026 is not one: fiscal years are named both ways."""
    years = set()
    for cell in title_cells:
        text = unicodedata.normalize("NFKC", str(cell or ""))
        if text and not _EXPORT_STAMP.search(text):
            years |= {int(found[1]) for found in _BARE.finditer(text)}
    return YearOf(years.pop()) if len(years) == 1 else None


def _mentions(text: str, bare: bool = False) -> list[tuple[int, int | None, bool]]:
    """(year, month or None, fiscal year) for each year written in `text`;
    `bare`: a year written alone (sales_2026.csv) counts too."""
    out = []
    for found in _PACKED.finditer(text):
        out.append((int(found[1]), int(found[2]), False))
    text = _PACKED.sub(" ", text)
    for found in _WRITTEN.finditer(text):
        month = int(found[3]) if found[3] and 1 <= int(found[3]) <= 12 else None
        out.append((int(found[1]), month, found[2] == "年度"))
    if bare:
        out += [(int(found[1]), None, False) for found in _BARE.finditer(_WRITTEN.sub(" ", text))]
    for found in _ERA.finditer(text):
        year = int(ERAS[found[1]][0]) + (1 if found[2] == "元" else int(found[2])) - 1
        month = int(found[4]) if found[4] and 1 <= int(found[4]) <= 12 else None
        out.append((year, month, found[3] == "年度"))
    return out


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")  # kana and kanji


def any_japanese(texts) -> bool:
    return any(_JAPANESE.search(str(t or "")) for t in texts)


def written_in_japanese(headers: list[str], title_cells: list[object]) -> bool:
    """A sheet whose title lines, or most of whose named headers, are in
    Japanese (kana or kanji): its 10/1 is month first, as Japan writes it."""
    if any_japanese(title_cells):
        return True
    named = [h for h in headers if str(h or "").strip()]
    return bool(named) and 2 * sum(bool(_JAPANESE.search(str(h))) for h in named) >= len(named)
