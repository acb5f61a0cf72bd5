"""The text of a file that is not a workbook (CSV, a web page's table) from its bytes."""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..errors import KpipackError

# A file that is not UTF-8 is one of these (charset-normalizer tells which):
# Japanese Windows, Western Windows, older Japanese Unix exports.
ENCODINGS = ("cp932", "cp1252", "euc_jp")
DETECT_BYTES = 1 << 20
_HALF_KANA = re.compile("[\uff66-\uff9f]{2}")  # ｼｮｳﾋﾝ: old registers' half-width katakana, in words
_DECLARED = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
# a page's declared charset as Python names it; Shift_JIS pages are written by Windows, so CP932
_SAME_AS = {"shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ms932": "cp932",
            "windows-31j": "cp932", "euc-jp": "euc_jp", "iso-8859-1": "cp1252", "windows-1252": "cp1252"}


def decode_text(raw: bytes, name: str, html: bool = False) -> str:
    """UTF-16 with its BOM, UTF-8 (with or without BOM), else a page's declared
    charset (`html`), else the likeliest of ENCODINGS. A Shift_JIS yen sign
    (0x5C) comes out as a backslash, which the number cleaner reads as the yen sign."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise KpipackError("not_spreadsheet", file=name) from exc
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw[:4096]:
        raise KpipackError("not_spreadsheet", file=name)
    try:
        text = raw.decode("utf-8")  # text that is not UTF-8 almost never decodes as UTF-8
    except UnicodeDecodeError:
        text = _decode_legacy(raw, name, _declared(raw) if html else None)
    text = text.rstrip("\x1a")  # DOS's end-of-file mark (Ctrl-Z) after the last line: no line of its own
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(8, len(sample) // 100):  # binary data under a text name
        raise KpipackError("not_spreadsheet", file=name)
    return text


def _declared(raw: bytes) -> str | None:
    found = _DECLARED.search(raw[:4096])
    if not found:
        return None
    label = found.group(1).decode("ascii", "replace").lower()
    return _SAME_AS.get(label, label)


def _decode_legacy(raw: bytes, name: str, declared: str | None) -> str:
    """Bytes that are not UTF-8: in the first of `legacy_encodings` that decodes them all."""
    for encoding in legacy_encodings(raw[:DETECT_BYTES], declared):
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise KpipackError("not_spreadsheet", file=name)  # latin-1 decodes anything: never here


def legacy_encodings(head: bytes, declared: str | None = None) -> list[str]:
    """The encodings to try, in turn, for text that is not UTF-8, judged on its
    first bytes (`head`): the declared one, else the one charset-normalizer
    finds likeliest among ENCODINGS, then the rest of them, then latin-1
    (which decodes anything)."""
    from charset_normalizer import from_bytes

    tried = [declared] if declared else []
    best = from_bytes(head[:DETECT_BYTES], cp_isolation=list(ENCODINGS)).best()
    # a few Japanese headers over numbers, or one São in a Western file: too little text for the detector
    wide, common = _japanese(head[:DETECT_BYTES])
    if best is not None and best.encoding == "cp1252" and wide >= 2 and common >= 0.9 * wide:
        tried.append("cp932")
    elif best is not None and best.encoding == "cp932" and wide and not common and not _HALF_KANA.search(
            head[:DETECT_BYTES].decode("cp932")):
        tried.append("cp1252")
    return list(dict.fromkeys(tried + ([best.encoding] if best is not None else []) + [*ENCODINGS, "latin-1"]))


def _japanese(raw: bytes) -> tuple[int, int]:
    """The bytes read as Shift_JIS (CP932): how many characters beyond ASCII, and
    how many of them are common Japanese (kana, Japanese punctuation, full-width
    letters, first-level kanji). Western text read so gives rare kanji and
    half-width katakana (é, ü, ß are such bytes), never these. (0, 0) where the
    bytes are no Shift_JIS."""
    try:
        text = raw.decode("cp932")
    except UnicodeDecodeError:
        return 0, 0
    wide = [ch for ch in text if ord(ch) > 127]

    def common(ch: str) -> bool:
        return "\u3000" <= ch <= "\u30ff" or "\uff01" <= ch <= "\uff5e" or (
            "\u4e00" <= ch <= "\u9fff" and 0x88 <= ch.encode("cp932")[0] <= 0x9f)

    return len(wide), sum(map(common, wide))


COPY_CHUNK = 1 << 24


def starts_as_utf8(head: bytes, whole: bool) -> bool:
    """Whether a file's first bytes (`head`; `whole`: all of it) decode as UTF-8,
    a character cut at the end of the head aside (as DuckDB's reader takes the file)."""
    import codecs

    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=whole)
    except UnicodeDecodeError:
        return False
    return True


def utf8_copy(path: Path, folder: Path, progress: Callable[[int, int], None] | None = None) -> Path | None:
    """`path`'s text written as UTF-8 into `folder` under its own name, line
    for line, for a reader that takes UTF-8 only (the query engine), decoded
    as `decode_text` decodes it: UTF-16 by its byte-order mark, else the first
    of `legacy_encodings` (judged on the first megabyte) that decodes the
    whole file. None where the file is UTF-8 already, has bytes that are no
    text, or the disk has no room for the copy. `progress(done, size)` in
    bytes, as it goes."""
    import codecs
    import shutil

    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(DETECT_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        if starts_as_utf8(head, len(head) < DETECT_BYTES) or b"\x00" in head[:4096]:
            return None
        encodings = legacy_encodings(head)
    if shutil.disk_usage(folder).free < 2 * size + (256 << 20):  # Japanese text grows by half in UTF-8
        return None
    target = folder / path.name
    for encoding in encodings:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as src, open(target, "wb") as out:
                done = 0
                while chunk := src.read(COPY_CHUNK):
                    out.write(decoder.decode(chunk).encode("utf-8"))
                    done += len(chunk)
                    if progress is not None:
                        progress(done, size)
                try:
                    out.write(decoder.decode(b"", final=True).encode("utf-8"))
                except UnicodeDecodeError:  # half a character at the end: the file is cut off, as the reader says
                    pass
            return target
        except UnicodeDecodeError:
            continue
    target.unlink(missing_ok=True)
    return None


def head_text(path: Path, limit: int) -> str:
    """About the first `limit` bytes of the file as text, ending at a whole
    line: the top of a file too big to read whole just to show it."""
    with open(path, "rb") as fh:
        raw = fh.read(limit)
        while len(raw) >= limit:  # more to read: end at the last whole line (a first line longer: read on)
            end = _whole_lines(raw)
            if end:
                return decode_text(raw[:end], path.name)
            more = fh.read(limit)
            if not more:
                break
            raw += more
    return decode_text(raw, path.name)


def _whole_lines(raw: bytes) -> int:
    """Where the last line break of `raw` ends, as a whole character (0: none):
    in UTF-16 a break is two bytes at an even place; in UTF-8, Shift_JIS and
    EUC-JP a 0x0A byte is never part of another character."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        mark = b"\n\x00" if raw.startswith(b"\xff\xfe") else b"\x00\n"
        at = raw.rfind(mark)
        while at >= 0 and at % 2:
            at = raw.rfind(mark, 0, at + 1)
        return at + 2 if at >= 0 else 0
    return raw.rfind(b"\n") + 1


COUNT_CHUNK = 1 << 24  # even: see line_count


def line_count(path: Path) -> int:
    """The file's lines, counted as line breaks (a break inside a quoted field
    counts too): the rows of a file too big to parse just to show it. The
    chunks are of even length, so a UTF-16 break never straddles two."""
    count, last = 0, b""
    with open(path, "rb") as fh:
        mark = {b"\xff\xfe": b"\n\x00", b"\xfe\xff": b"\x00\n"}.get(fh.read(2), b"\n")
        fh.seek(0)
        while chunk := fh.read(COUNT_CHUNK):
            count += chunk.count(mark)
            last = chunk
    return count + bool(last and not last.endswith(mark))  # a last line without its break


_EMPTY_LINE = {10: re.compile(rb"\n\r?\n"), 13: re.compile(rb"\r\r")}


def empty_lines(path: Path) -> list[int]:
    """The lines of a UTF-8 or single-byte text, numbered from 1, that hold
    nothing (or a carriage return only): a CSV reader passes them by, while a
    sheet's rows count them. Lines end at LF, or at CR in a file of no LF (an
    old Mac's). A first pass only looks for one (most files have none); the
    second numbers them."""
    import numpy as np

    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
        end = 13 if b"\n" not in head and b"\r" in head else 10
        fh.seek(0)
        tail, found = b"", False
        while not found and (chunk := fh.read(COUNT_CHUNK)):
            found, tail = _EMPTY_LINE[end].search(tail + chunk[:2]) is not None or \
                _EMPTY_LINE[end].search(chunk) is not None, chunk[-2:]
        if not found:
            return []
        fh.seek(0)
        empty, breaks, offset, last, byte = [], 0, 0, -1, 0  # last: the line break before; byte: the byte before
        while chunk := fh.read(COUNT_CHUNK):
            text = np.frombuffer(chunk, np.uint8)
            at = np.flatnonzero(text == end)
            if len(at):
                gaps = np.diff(at + offset, prepend=last)
                before = np.where(at > 0, text[np.maximum(at - 1, 0)], byte)
                lone = (gaps == 1) | ((gaps == 2) & (before == 13) & (end == 10))
                empty.extend((breaks + np.flatnonzero(lone) + 1).tolist())  # the line its break ends
                breaks, last = breaks + len(at), offset + int(at[-1])
            offset, byte = offset + len(chunk), chunk[-1]
    return empty


def mixed_line_breaks(path: Path) -> bool:
    """Whether a text's line breaks are of more than one kind (CRLF, LF, CR):
    lines added to a Windows export by another program, or CR CR LF from a
    CRLF file converted once more, which DuckDB's reader cannot take. (Excel's
    line break inside a quoted cell is LF in a CRLF file: counted as a mix,
    so asked only of a file DuckDB could not read.)"""
    crlf = lf = cr = 0
    with open(path, "rb") as fh:
        for text, _ in _whole_breaks(fh, COUNT_CHUNK):
            crlf, lf, cr = crlf + text.count(b"\r\n"), lf + text.count(b"\n"), cr + text.count(b"\r")
    return sum(n > 0 for n in (crlf, lf - crlf, cr - crlf)) > 1


def _whole_breaks(fh, size: int):
    """A binary file's text in chunks of about `size` bytes, none ending in a CR
    whose LF may begin the next (the last holds it), each with the file's bytes read."""
    held, done = b"", 0
    while chunk := fh.read(size):
        done += len(chunk)
        text, held = (held + chunk[:-1], chunk[-1:]) if chunk.endswith(b"\r") else (held + chunk, b"")
        yield text, done
    if held:
        yield held, done


def lf_copy(path: Path, folder: Path, progress: Callable[[int, int], None] | None = None) -> Path | None:
    """`path` written into `folder` under its own name with every line break
    as LF: CRLF as LF, a CR alone as LF, as the csv module reads them (CR CR
    LF is a line and an empty one). None where the disk has no room.
    `progress(done, size)` in bytes, as it goes."""
    import shutil

    size = path.stat().st_size
    if shutil.disk_usage(folder).free < size + (256 << 20):
        return None
    target = folder / path.name
    with open(path, "rb") as src, open(target, "wb") as out:
        for text, done in _whole_breaks(src, COPY_CHUNK):
            out.write(text.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
            if progress is not None:
                progress(done, size)
    return target
