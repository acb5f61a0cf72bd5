"""Parse one big worksheet in two reader processes at once.

calamine parses a sheet on one core, and a million-line sheet keeps it busy
for about six seconds. When a workbook's biggest sheet is large, its XML is
cut at a row boundary near the middle and each side is written as a package
of its own (stored, not deflated, so calamine has nothing to inflate); two
confined readers parse and clean the two pieces side by side, and the parent
joins their tables (`join`).

The pieces keep the sheet's own row numbers: the second piece has no header
row, so its reader takes the header from the top of the original file and
skips the sheet rows before its first line. Every piece is scanned like any
package. Whatever cannot be cut cleanly (rows without numbers, a namespace
prefix, a cut within the header area) is read whole by the first reader.
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .safety import inflate
from .xlsx_head import LEAD_ROWS

if TYPE_CHECKING:
    from .tables import SheetTable

MB = 1 << 20
SPLIT_MIN = 96 * MB  # inflated sheet XML: below this a second reader costs about what it saves
FIRST_SHARE = 0.52  # of the XML for the first piece: the second also inflates the first half to pass it
MIN_CUT_ROW = LEAD_ROWS + 100  # the header is looked for above this row
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml", re.I)
_CUT = re.compile(rb"</row>\s*<row\b[^>]*?\sr=\"(\d+)\"")
_ROW_START = re.compile(rb"<row\b[^>]*?\sr=\"(\d+)\"")
_SHEET_DATA = re.compile(rb"<sheetData\s*>")
_CARRY = 64 * 1024  # bytes kept from the previous chunk: a row start and the cut may straddle chunks
# Lines each piece reads past its side of the cut, for the rules that look at a
# receipt's other lines (a receipt's fields carried down from its first line, a
# receipt total shared over its lines): each reader applies them with the
# receipts that straddle the cut whole, then keeps only its own lines.
CONTEXT_ROWS = 2000
_CONTEXT_BYTES = 16 * MB  # at most this much of the XML before the cut is kept for the second piece's context


def member_to_split(path: Path) -> zipfile.ZipInfo | None:
    """The worksheet part of `path` worth parsing in two pieces, from the zip
    directory alone (the readers check the package itself)."""
    if (os.cpu_count() or 1) < 2:
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            sheets = [i for i in zf.infolist() if _SHEET.fullmatch(i.filename)]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    big = max(sheets, key=lambda i: i.file_size, default=None)
    if big is None or big.file_size < SPLIT_MIN:
        return None
    return big if scratch_base(big.file_size) is not None else None


MEMORY_SCRATCH = Path("/dev/shm")  # memory-backed: pieces that live a few seconds need never reach a disk
MEMORY_SPARE = 2048 * MB  # memory the parses themselves need beside the pieces kept there
STALE_SECONDS = 12 * 3600  # a pieces folder this old was left by a build that was killed


def _memory_available() -> int:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _room(folder: Path, need: int) -> bool:
    try:
        return shutil.disk_usage(folder).free > need
    except OSError:
        return False


def scratch_base(sheet_size: int) -> Path | None:
    """Where the pieces of a sheet of `sheet_size` bytes of XML go: memory-backed
    scratch when it and the memory have room (writing there costs a copy; a
    disk's page cache can cost a second of writing back), else the temp
    folder if its disk has room, else nowhere (the sheet is not cut)."""
    need = int(1.2 * sheet_size) + 256 * MB
    if MEMORY_SCRATCH.is_dir() and _room(MEMORY_SCRATCH, need) and _memory_available() > need + MEMORY_SPARE:
        return MEMORY_SCRATCH
    temp = Path(tempfile.gettempdir())
    return temp if _room(temp, need) else None


def scratch_folder(sheet_size: int) -> Path:
    """Where a build's pieces go (removed by `remove_scratch`); folders left
    by builds that were killed go first."""
    now = time.time()
    for base in {MEMORY_SCRATCH, Path(tempfile.gettempdir())}:
        for old in base.glob("kpipack-pieces-*"):
            with contextlib.suppress(OSError):
                if now - old.stat().st_mtime > STALE_SECONDS:
                    shutil.rmtree(old, ignore_errors=True)
    base = scratch_base(sheet_size) or Path(tempfile.gettempdir())
    return Path(tempfile.mkdtemp(prefix="kpipack-pieces-", dir=base))


def remove_scratch(folder: str | Path | None) -> None:
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Part:
    """Which piece of which sheet part a reader parses."""

    member: str  # the sheet's part in the package
    index: int  # 0: from the top to the cut, 1: from the cut to the end
    folder: str  # where the piece is written
    share: float = FIRST_SHARE  # where the cut goes: the first row boundary past this share of the XML


@dataclass(frozen=True)
class Piece:
    path: Path  # a package holding the piece (named as the original, for messages)
    rows_before: int  # sheet rows above the piece's first line (0 for the first piece)
    # the piece's first line holds a value, so calamine's range starts there: the reader need not
    # count the rows above it (fastexcel pads a range to them, 190 MB for half a million rows)
    starts_filled: bool = False
    own: tuple[int, int] | None = None  # the sheet rows that are this piece's lines (the rest is context)


class _Cut(NamedTuple):
    line: int  # sheet row number of the first line after the cut
    filled: bool  # the second piece's first line (its context's first) holds a value
    start: int = 0  # sheet row of the second piece's first line, context included


def write_piece(source: Path, part: Part, name: str) -> Piece | None:
    """Write `part`'s piece of the sheet into its own package. None when the
    sheet has no clean cut: the first reader then reads the original whole,
    the second nothing."""
    folder = Path(part.folder) / f"piece{part.index}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    with zipfile.ZipFile(source) as zf:
        info = zf.getinfo(part.member)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED, allowZip64=True) as out:
            for other in zf.infolist():
                if other.filename != part.member:
                    out.writestr(zipfile.ZipInfo(other.filename, other.date_time), zf.read(other))
            with out.open(zipfile.ZipInfo(part.member, info.date_time), "w", force_zip64=True) as sheet:
                cut = _copy_piece(inflate(source, info, name), int(info.file_size * part.share),
                                  part.index, sheet.write)
    if cut is None:
        target.unlink(missing_ok=True)
        return None
    if part.index == 0:
        return Piece(target, 0, own=(1, cut.line - 1))
    return Piece(target, cut.start - 1, cut.filled, own=(cut.line, 1 << 40))


def _copy_piece(chunks, target: int, index: int, write, context: int | None = None) -> _Cut | None:
    """Stream the sheet XML, writing piece `index`: for 0 the XML up to the
    first row boundary past byte `target` and `context` rows more, then the
    closing tags; for 1 the XML before the rows, then everything from
    `context` rows before that boundary on. Returns the first line after the
    cut, or None (no cut)."""
    context = CONTEXT_ROWS if context is None else context
    head = b""  # the XML up to and including <sheetData>
    offset = 0  # position of `parts` in the XML
    parts: list[bytes] = []  # the XML not yet written (piece 0) or kept as context (piece 1)
    size = 0
    first_line = None
    result = None
    for chunk in chunks:
        if first_line is not None:  # piece 1, past the cut
            write(chunk)
            continue
        parts.append(chunk)
        size += len(chunk)
        if head and offset + size <= target:  # the cut is further on: no search, and no bytes copied
            while len(parts) > 1 and size - len(parts[0]) >= (_CARRY if index == 0 else _CONTEXT_BYTES):
                if index == 0:
                    write(parts[0])
                offset += len(parts[0])
                size -= len(parts.pop(0))
            continue
        window = b"".join(parts)
        if not head:
            found = _SHEET_DATA.search(window)
            if found is None:
                if len(window) > 16 * MB:
                    return None
                continue
            head = window[:found.end()]
            if b"<worksheet" not in head:  # a prefixed namespace: its row tags are not the ones searched for
                return None
        cut = _CUT.search(window, max(0, target - offset, len(head) if offset == 0 else 0))
        if cut is None:
            keep = window[-(_CARRY if index == 0 else _CONTEXT_BYTES):]
            if index == 0:
                write(window[:len(window) - len(keep)])
            offset += len(window) - len(keep)
            parts, size = [keep], len(keep)
            continue
        last = _last_row(window, cut.start())
        first_line = int(cut.group(1))
        if last is None or first_line <= last or first_line <= MIN_CUT_ROW:
            return None
        at = cut.start() + len(b"</row>")
        if index == 0:
            _write_rows_past(window, at, chunks, context, write)
            chunks.close()  # the rest of the XML is the second reader's
            return _Cut(first_line, False)
        begin = _context_start(window, at, len(head) if offset == 0 else 0, context)
        start = int(_ROW_START.match(window, begin).group(1)) if begin < at else first_line
        result = _Cut(first_line, _filled(window, begin + 1 if begin < at else cut.end()), start)
        write(head)
        write(window[begin:] if begin < at else window[at:])
    return result


def _context_start(window: bytes, at: int, lowest: int, context: int) -> int:
    """Where the row `context` rows before byte `at` starts (not above the
    header area, nor before what the window holds); `at` when none."""
    starts = [m.start() for m in _ROW_START.finditer(window, lowest, at) if int(m.group(1)) > MIN_CUT_ROW - 100]
    if not starts or context <= 0:
        return at
    return starts[-context] if len(starts) >= context else starts[0]


def _write_rows_past(window: bytes, at: int, chunks, rows: int, write) -> None:
    """Write the XML up to `at`, then `rows` more rows (fewer where the sheet
    ends first), then the closing tags."""
    buf, pos = window, at
    while True:
        stop = buf.find(b"</sheetData>", pos)  # once per buffer: looked for at each row, it read the rest each time
        while rows > 0:
            end = buf.find(b"</row>", pos)
            if end < 0 or 0 <= stop < end:
                break
            pos, rows = end + len(b"</row>"), rows - 1
        if rows == 0 or stop >= 0:
            write(buf[:pos])
            write(b"</sheetData></worksheet>")
            return
        more = next(chunks, None)
        if more is None:  # the XML ended without its closing tags: close what was written
            write(buf[:pos])
            write(b"</sheetData></worksheet>")
            return
        keep = max(pos, len(buf) - 16)  # a tag may straddle the chunks
        write(buf[:keep])
        buf, pos = buf[keep:] + more, pos - keep if pos > keep else 0


_VALUE = re.compile(rb"<v>[^<]|<t(?:\s[^>]*)?>[^<]")  # a cell value, or the text of an inline string


def _filled(window: bytes, inside_tag: int) -> bool:
    """Whether the row whose start tag `inside_tag` points into holds a value
    before its end (False where that is not sure: the row goes on past the window)."""
    tag_end = window.find(b">", inside_tag)
    if tag_end < 0 or window[tag_end - 1:tag_end] == b"/":
        return False
    end = window.find(b"</row>", tag_end)
    return end > 0 and _VALUE.search(window, tag_end, end) is not None


def _last_row(window: bytes, end: int) -> int | None:
    """The row number of the row element that ends at `end`."""
    start = window.rfind(b"<row", 0, end)
    while start >= 0:
        found = _ROW_START.match(window, start)
        if found:
            return int(found.group(1))
        start = window.rfind(b"<row", 0, start)
    return None


def join(first: list[SheetTable], second: list[SheetTable]) -> list[SheetTable]:
    """The first reader's tables, the second's lines appended to the sheet they
    continue."""
    from .tables import join_tables

    rest = {t.sheet: t for t in second}
    out = [join_tables([t] + ([rest.pop(t.sheet)] if t.sheet in rest else [])) for t in first]
    for table in out:
        table.warnings = _sheet_notes_once(_one_carry_note(table.warnings))
    return out + [join_tables([t]) for t in rest.values()]


def _sheet_notes_once(warnings: list) -> list:
    """A note on the whole sheet (row 0) that each piece gave alike — what its
    net sales hold — said once."""
    out: list = []
    for w in warnings:
        if not (w.row == 0 and any(o.row == 0 and o.code == w.code and o.params == w.params for o in out)):
            out.append(w)
    return out


def _one_carry_note(warnings: list) -> list:
    """The pieces' notes on receipt fields carried down, as one note for the sheet."""
    notes = [w for w in warnings if w.code == "note_carried_down"]
    if len(notes) < 2:
        return warnings
    fields = list(dict.fromkeys(f for n in notes for f in n.params["fields"].split(", ")))
    one = dataclasses.replace(notes[0], params={"rows": sum(n.params["rows"] for n in notes),
                                                "fields": ", ".join(fields)})
    return [one if w is notes[0] else w for w in warnings if w.code != "note_carried_down" or w is notes[0]]
