"""Checks on a file before any spreadsheet parser sees it.

Parsers trust what a file says about itself. A hostile or broken file can make
them inflate gigabytes, expand XML entities, or size a grid of billions of
cells and abort the process. These checks read the container with the
standard library (and numpy for byte screens), in bounded memory, and refuse
with one clear message:

- the kind of file comes from its bytes, never from its extension;
- a zip's directory is checked first (declared sizes and inflation ratio
  against limits, before anything is inflated); then every part a parser will
  read is inflated here, in chunks, counting the real bytes, so a part that
  inflates beyond what it declares or beyond the limit is refused;
- an XML part that declares a DTD is refused: a workbook never needs one, and
  it is where entity bombs and external entities (XXE) live;
- a sheet whose cells span an absurd grid (rows x columns) is refused, since
  calamine allocates the whole grid at once.

The same pass notes the cells of an xlsx sheet that hold an error value
(#DIV/0!, #N/A, ...) or a formula without a saved result: calamine reads both
as blanks, and the importer must reject the rows using them by name instead.

Sheets are scanned for their real cell references, not for the `<dimension>`
they state: calamine sizes the grid by the real cells, so a sheet that claims
the whole grid but holds a few rows imports normally.

Scanning costs a second inflation of every part. Outside a confined child the
whole scan runs before calamine ("now"). In a confined child (see `isolate`)
it runs beside calamine on the other core ("later", `ScanThread`): parts up
to INLINE_SCAN get the full scan, larger ones only what the importer needs
from them (real sizes, error cells, uncached formulas) through cheap byte
searches; should calamine still choke on a large sheet, the child dies within
its limits and a full scan afterwards names the reason.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import struct
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import KpipackError

MB = 1 << 20
MAX_UNZIPPED = int(os.environ.get("KPIPACK_MAX_UNZIPPED_MB", "3072")) * MB  # all parsed parts together
MAX_RATIO = 200  # inflated / compressed; real sheet XML stays far below (about 10)
RATIO_FLOOR = 8 * MB  # small parts may compress better than that without harm
MAX_PARTS = 20000
MAX_CELLS = 50_000_000  # rows x columns of one sheet's used range
MAX_ROW, MAX_COL = 1_048_576, 16_384  # Excel's grid
INLINE_SCAN = 32 * MB  # parts up to this size are scanned before parsing; larger ones alongside it
MAX_NOTED_CELLS = 200_000  # error / uncached-formula cells remembered per sheet
CHUNK = 1 << 20

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_KINDS = {  # leading bytes of common files that are not spreadsheets
    b"%PDF": "PDF", b"\x89PNG": "PNG", b"GIF8": "GIF", b"\xff\xd8\xff": "JPEG", b"\x1f\x8b": "gzip",
    b"7z\xbc\xaf": "7-Zip", b"Rar!": "RAR", b"MZ": "Windows program", b"\x7fELF": "program", b"BZh": "bzip2",
    b"{\\rtf": "RTF", b"\x00\x00\x01\x00": "icon", b"ID3": "MP3", b"OggS": "Ogg",
}
_MARKUP = re.compile(rb"^\s*<(\?xml|!doctype\s+html|html|table|workbook|!--)", re.I)
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass
class SheetScan:
    """What the scan learnt about one sheet part."""

    part: str
    dimension: str | None = None
    cells: int = 0  # rows x columns of the cells holding a value (0: not measured)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (sheet row, column index) -> '#N/A'
    uncached: set[tuple[int, int]] = field(default_factory=set)  # formulas without a saved result
    rows: dict[int, tuple[str, dict]] = field(default_factory=dict)  # sheet row -> (message code, params)
    hidden: set[int] = field(default_factory=set)  # sheet rows hidden (by a filter, by hand, in a group)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row, col, last row, last col)
    unchecked: str | None = None  # the file kind whose hidden rows and merged cells no reader tells (.xlsb)
    outside: str | None = None  # a cell reference beyond Excel's grid (A1048577, XFE1)
    refusal: KpipackError | None = None  # the sheet must not be parsed (its grid is absurd)


@dataclass
class Container:
    """A file's real kind and, for zip packages, what a deep scan found."""

    kind: str  # xlsx, xlsb, ods, xls, encrypted (OLE-wrapped OOXML), csv
    name: str
    sheet_parts: dict[str, str] = field(default_factory=dict)  # sheet name -> part (xlsx/xlsb)
    scans: dict[str, SheetScan] = field(default_factory=dict)  # part -> scan
    pending: list[str] = field(default_factory=list)  # large parts left for scan_rest()
    _source: object = None

    def scan_for(self, sheet: str) -> SheetScan | None:
        part = self.sheet_parts.get(sheet)
        return self.scans.get(part) if part else None


def check_file(path: Path, data: bytes | None = None, name: str | None = None, scan: str = "now") -> Container:
    """The kind of `path` (or of its decrypted `data`), refusing hostile or
    broken containers. The zip directory and every part's prolog are checked
    always; the parts themselves are scanned `now`, `later` (left pending for
    `scan_rest`/`ScanThread`) or not at all (`none`)."""
    name = name or Path(path).name
    source = io.BytesIO(data) if data is not None else Path(path)
    if data is None:
        with open(path, "rb") as fh:
            head = fh.read(512)
    else:
        head = data[:512]
    if not head:
        raise KpipackError("file_empty", file=name)
    if head.startswith(OLE_MAGIC):
        return Container(_ole_kind(source, name), name)
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return _check_zip(source, name, scan)
    if head.startswith(b"PK"):
        raise KpipackError("truncated", file=name)
    if head[:2] in (b"\x09\x00", b"\x09\x02", b"\x09\x04") and head[3:4] == b"\x00":
        raise KpipackError("old_excel", file=name)  # a bare BIFF2-4 stream: Excel 2.x to 4.0
    for magic, kind in _OTHER_KINDS.items():
        if head.startswith(magic):
            raise KpipackError("not_spreadsheet_kind", file=name, kind=kind)
    if _MARKUP.match(head.lstrip(b"\xef\xbb\xbf")):
        kind = _markup_kind(head)
        if kind == "html":
            return Container("html", name)  # a web page's tables: read by `html_tables`
        raise KpipackError(kind, file=name)
    return Container("csv", name)


def _markup_kind(head: bytes) -> str:
    """Which markup a file under a spreadsheet name holds: a web page (web
    POS systems export their .xls as a page's table; read), or, for a
    message that says what it is, an Excel 2003 XML workbook or other XML."""
    low = head.lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in low or b"<workbook" in low:
        return "not_spreadsheet_xml2003"
    if re.search(rb"<(?:!doctype\s+html|html|table|body|head)\b", low):
        return "html"
    return "not_spreadsheet_markup"


def _ole_kind(source, name: str) -> str:
    """xls, or an encrypted OOXML/xlsb package; anything else in an OLE file is not a workbook."""
    import olefile  # deferred: comes with msoffcrypto-tool

    try:
        with olefile.OleFileIO(source) as ole:
            streams = {"/".join(s).lower() for s in ole.listdir(streams=True, storages=False)}
    except Exception as exc:  # noqa: BLE001 - olefile raises many types on damaged files
        raise KpipackError("truncated", file=name) from exc
    if "encryptedpackage" in streams:
        return "encrypted"
    if streams & {"workbook", "book"}:
        return "xls"
    raise KpipackError("not_spreadsheet", file=name)


# ---------------------------------------------------------------- zip packages
def _check_zip(source, name: str, scan: str) -> Container:
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise KpipackError("truncated", file=name) from exc
    with zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        if len(infos) > MAX_PARTS:
            raise KpipackError("zip_parts", file=name, count=len(infos), limit=MAX_PARTS)
        if len(set(names)) != len(names):
            raise KpipackError("truncated", file=name)  # two parts of one name: a forged package
        kind = _zip_kind(zf, set(names), name)
        parsed = [i for i in infos if _parsed_part(i.filename, kind)]
        _check_directory(parsed, name)
        container = Container(kind, name, _source=source)
        for info in parsed:
            if not info.filename.lower().endswith(".bin"):
                _check_prolog(zf, info, name)
        if kind == "ods":
            _refuse_encrypted_ods(zf, set(names), name)
        container.sheet_parts = _sheet_parts(zf, kind, set(names), name)
    if scan != "none":
        # small parts first: a hostile one is found before the big ones are read
        container.pending = [i.filename for i in sorted(parsed, key=lambda i: i.file_size)]
    if scan == "now":
        scan_rest(container, full=True)
    return container


def scan_rest(container: Container, full: bool = False, small_done: threading.Event | None = None) -> None:
    """Scan the parts `check_file` left pending (raises like it). `full`: the
    used range of large sheets is measured too, not only of small ones.
    `small_done` is set once every part up to INLINE_SCAN is scanned."""
    sheets = set(container.sheet_parts.values())
    try:
        if not container.pending:
            return
        with zipfile.ZipFile(container._source) as zf:
            for part in container.pending:
                info = zf.getinfo(part)
                if small_done is not None and info.file_size > INLINE_SCAN:
                    small_done.set()
                _scan_part(container._source, info, container.name, container.kind,
                           part in sheets or _is_ods_content(container.kind, info), container,
                           full or info.file_size <= INLINE_SCAN)
        container.pending = []
    finally:
        if small_done is not None:
            small_done.set()


class ScanThread(threading.Thread):
    """`scan_rest` beside the parser: inflating and the byte searches leave the
    parser (which releases the GIL) a core of its own. The result is checked
    with `result()` before the parsed cells are used."""

    def __init__(self, container: Container):
        super().__init__(name="kpipack-scan", daemon=True)
        self.container = container
        self.error: BaseException | None = None
        self.small_done = threading.Event()

    def run(self) -> None:
        with contextlib.suppress(AttributeError, OSError):  # Linux: a thread has its own priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        try:
            scan_rest(self.container, small_done=self.small_done)
        except BaseException as exc:  # noqa: BLE001 - handed to the parsing thread
            self.error = exc

    def small_result(self) -> Container:
        """Once the small parts are scanned (quick): their problems raise here."""
        self.small_done.wait()
        if self.error is not None:
            raise self.error
        return self.container

    def result(self) -> Container:
        self.join()
        if self.error is not None:
            raise self.error
        return self.container


_SPREADSHEET_TYPES = (b"spreadsheetml.sheet.main", b"spreadsheetml.template.main", b"sheet.macroEnabled.main",
                      b"template.macroEnabled.main", b"spreadsheetml.worksheet", b"sheet.binary.macroEnabled.main")


def _zip_kind(zf: zipfile.ZipFile, names: set[str], name: str) -> str:
    """ods, xlsx or xlsb from the package's own declarations (content types,
    mimetype), then from its part names; zip tools on Windows may store
    names with backslashes, and OOXML part names ignore case."""
    plain = {n.replace("\\", "/").lower(): n for n in names}
    types = plain.get("[content_types].xml")
    if types is not None and "mimetype" not in names:
        try:
            with zf.open(types) as fh:
                declared = fh.read(4 * MB)
        except Exception as exc:  # noqa: BLE001
            raise KpipackError("truncated", file=name) from exc
        if b"sheet.binary.macroEnabled.main" in declared:
            return "xlsb"
        if any(t in declared for t in _SPREADSHEET_TYPES):
            return "xlsx"
        if b"wordprocessingml" in declared or b"presentationml" in declared:
            raise KpipackError("not_spreadsheet", file=name)
    names = set(plain)
    if "mimetype" in names:
        try:
            mime = zf.open(plain["mimetype"]).read(100)
        except Exception as exc:  # noqa: BLE001
            raise KpipackError("truncated", file=name) from exc
        if mime.strip().startswith(_ODS_MIME):
            return "ods"
        raise KpipackError("not_spreadsheet", file=name)
    if "content.xml" in names:
        return "ods"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if any(n.endswith("workbook.xml") for n in names):
        return "xlsx"
    raise KpipackError("not_spreadsheet", file=name)


def _parsed_part(part: str, kind: str) -> bool:
    """Parts a reader will parse (images, printer settings and macros are never read)."""
    low = part.lower()
    if low.endswith((".xml", ".rels")):
        return True
    if kind == "xlsb" and low.endswith(".bin"):
        return not any(s in low for s in ("vbaproject", "printersettings", "embeddings/", "activex"))
    return False


def _check_directory(parsed: list[zipfile.ZipInfo], name: str) -> None:
    """Declared sizes against the limits: refused before anything is inflated."""
    total = 0
    for info in parsed:
        if info.flag_bits & 0x1:
            raise KpipackError("file_unreadable", file=name, detail="zip encryption is not supported")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise KpipackError("file_unreadable", file=name,
                               detail=f"unsupported zip compression (method {info.compress_type})")
        total += info.file_size
        if total > MAX_UNZIPPED:
            raise KpipackError("zip_bomb", file=name, size=total // MB, limit=MAX_UNZIPPED // MB)
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise KpipackError("zip_ratio", file=name, part=info.filename,
                               ratio=info.file_size // max(info.compress_size, 1), limit=MAX_RATIO)


_DTD_WORDS = (b"DOCTYPE", b"ENTITY")


def _dtd_patterns() -> re.Pattern:
    """'<!DOCTYPE' / '<!ENTITY' in UTF-8 and UTF-16 (either byte order), any case."""
    alternatives = []
    for word in _DTD_WORDS:
        text = b"<!" + word
        alternatives.append(re.escape(text))
        for le in (True, False):
            parts = []
            for ch in text:
                letters = bytes([ch]) if not chr(ch).isalpha() else bytes([ch, ord(chr(ch).lower())])
                cls = b"[" + re.escape(letters) + b"]" if len(letters) > 1 else re.escape(letters)
                parts.append(cls + b"\x00" if le else b"\x00" + cls)
            alternatives.append(b"".join(parts))
    return re.compile(b"|".join(alternatives), re.I)


_DTD = _dtd_patterns()
PROLOG_BYTES = 64 * 1024


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    try:
        with zf.open(info) as fh:
            head = fh.read(PROLOG_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as exc:
        raise KpipackError("truncated", file=name) from exc
    if _DTD.search(head):
        raise KpipackError("dtd_refused", file=name, part=info.filename)


def _refuse_encrypted_ods(zf: zipfile.ZipFile, names: set[str], name: str) -> None:
    if "META-INF/manifest.xml" in names:
        with zf.open("META-INF/manifest.xml") as fh:
            if b"encryption-data" in fh.read(4 * MB):
                raise KpipackError("password_protected_ods", file=name)


def _is_ods_content(kind: str, info: zipfile.ZipInfo) -> bool:
    return kind == "ods" and info.filename == "content.xml"


def _sheet_parts(zf: zipfile.ZipFile, kind: str, names: set[str], name: str) -> dict[str, str]:
    """Sheet name -> part, from the workbook and its relationships (xlsx, xlsb)."""
    if kind not in ("xlsx", "xlsb"):
        return {}
    from .xlsx_head import workbook_sheets  # noqa: PLC0415 - shares the one workbook reader

    try:
        return {sheet.name: sheet.part for sheet in workbook_sheets(zf) if sheet.part in names}  # names as stored
    except KpipackError:
        raise
    except Exception:  # noqa: BLE001 - an odd package: fall back on the usual sheet paths
        return {p: p for p in names if re.match(r"xl/worksheets/[^/]+\.(xml|bin)$", p)}


# ---------------------------------------------------------------- streaming scan
def _inflater():
    """A raw-deflate decompressor and the errors it raises: ISA-L's (about
    2.5 times zlib's speed on sheet XML) where the isal wheel is installed."""
    try:
        from isal import isal_zlib

        return isal_zlib.decompressobj(-15), (isal_zlib.error, zlib.error)
    except ImportError:
        return zlib.decompressobj(-15), (zlib.error,)


def inflate(source, info: zipfile.ZipInfo, name: str):
    """The part's bytes, inflated here (not by zipfile, which stops at the
    declared size) so a part that inflates beyond its declared size shows."""
    with (open(source, "rb") if isinstance(source, Path) else _Reopen(source)) as fh:
        fh.seek(info.header_offset)
        header = fh.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise KpipackError("truncated", file=name)
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        fh.seek(info.header_offset + 30 + name_len + extra_len)
        left = info.compress_size
        inflater, broken = _inflater() if info.compress_type == zipfile.ZIP_DEFLATED else (None, ())
        produced = 0
        limit = info.file_size
        while left > 0:
            raw = fh.read(min(CHUNK, left))
            if not raw:
                raise KpipackError("truncated", file=name)
            left -= len(raw)
            if inflater is None:
                produced += len(raw)
                yield raw
                continue
            data = raw
            while data:
                try:
                    out = inflater.decompress(data, CHUNK)  # small pieces: the GIL is held briefly
                except broken as exc:
                    raise KpipackError("truncated", file=name) from exc
                data = inflater.unconsumed_tail
                produced += len(out)
                if produced > limit:
                    raise KpipackError("zip_lies", file=name, part=info.filename)
                if out:
                    yield out
                if inflater.eof:
                    break
            if inflater.eof:
                break
        if inflater is not None and not inflater.eof:
            raise KpipackError("truncated", file=name)
        if produced != info.file_size:
            raise KpipackError("truncated", file=name)


class _Reopen:
    """A BytesIO seen through a context manager that leaves it open."""

    def __init__(self, buffer: io.BytesIO):
        self.buffer = buffer

    def __enter__(self):
        return self.buffer

    def __exit__(self, *exc):
        return False


def _scan_part(source, info: zipfile.ZipInfo, name: str, kind: str, is_sheet: bool, container: Container,
               full: bool) -> None:
    """Inflate one part, counting, and let the sheet scanner see it."""
    scanner = None
    if is_sheet and kind == "xlsx":
        scanner = _XlsxSheetScanner(info.filename, full)
    elif is_sheet and kind == "ods" and full:
        scanner = _OdsScanner()
    elif is_sheet and kind == "xlsb":
        scanner = _XlsbScanner(info.filename)
    for chunk in inflate(source, info, name):
        if scanner is not None:
            scanner.feed(chunk)
    if scanner is None:
        return
    for scan in scanner.finish(lambda: inflate(source, info, name)):
        if kind == "ods":  # one content part holds every table, scanned under its name
            container.sheet_parts[scan.part] = scan.part
        # refused when the sheet is about to be parsed: an unused sheet does not stop the file
        sheet = next((s for s, p in container.sheet_parts.items() if p == scan.part), scan.part)
        if scan.outside:
            scan.refusal = KpipackError("sheet_outside_grid", file=name, sheet=sheet, ref=scan.outside)
        elif scan.cells > MAX_CELLS:
            scan.refusal = KpipackError("sheet_too_large", file=name, sheet=sheet,
                                        cells=f"{scan.cells:,}", limit=f"{MAX_CELLS:,}")
        container.scans[scan.part] = scan


_COL = {chr(65 + i): i + 1 for i in range(26)}


def col_index(letters: bytes | str) -> int:
    """'A' -> 0, 'XFD' -> 16383."""
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + _COL[ch]
    return n - 1


_LT, _COLON, _F = b"<:f"


def _formula_tag(data: bytes) -> bool:
    """Whether `data` may hold a formula element (<f>, <f ...>, <x:f>): an 'f'
    right after '<' or ':'. Compared as a numpy array: a search for the
    two bytes '<f' crawls through XML, where every tenth byte is a '<'."""
    if b"f" not in data:
        return False
    a = np.frombuffer(data, dtype=np.uint8)
    before = a[:-1]
    return bool(np.any((a[1:] == _F) & ((before == _LT) | (before == _COLON))))


_R, _EQ, _QUOTE, _A, _V, _ZERO = b'r="AV0'


def _maybe_wide(data: bytes) -> bool:
    """Whether `data` may reference a column past AU or a row past 999,999:
    a ref r="..." with a second letter past A-U after an 'A' (or after any other
    first letter), a third letter, or seven digits. Compared as numpy arrays, where a regex anchored
    on r=" stops at every cell; only a chunk it passes gets the exact screen."""
    a = np.frombuffer(data + bytes(16), dtype=np.uint8)  # the padding: a ref cut at the end reads zeros
    n = len(data)
    refs = np.flatnonzero((a[:n] == _R) & (a[1:n + 1] == _EQ) & (a[2:n + 2] == _QUOTE)) + 3
    letter = [(a[refs + k] - _A).astype(np.uint8) < 26 for k in range(3)]
    two, three = letter[1] & letter[0], letter[2] & letter[1] & letter[0]
    wide = three | (two & ((a[refs] > _A) | (a[refs + 1] >= _V)))
    if np.any(wide):
        return True
    row_at = refs + letter[0] + two + three  # a row tag's r="…" has no letter
    row_at = row_at[(a[row_at + 6] - _ZERO).astype(np.uint8) < 10]  # a seventh byte that is a digit, then all seven
    return bool(np.any(np.logical_and.reduce([(a[row_at + k] - _ZERO).astype(np.uint8) < 10 for k in range(7)])))


def _holds(data: bytes, word: bytes) -> bool:
    """`word in data`, its first letter looked for first: a single byte is a
    memchr, where a word is searched at a fraction of that speed (0.6 ms a MB),
    and sheet XML of numbers and non-Latin text holds no 'h' or 'm' at all."""
    return word[:1] in data and word in data


class _XlsxSheetScanner:
    """Streams one worksheet's XML.

    Error cells and uncached formulas are found from rare byte anchors (an
    error value starts with '#', a formula element with '<f'), so a sheet
    without them costs two fast screens per chunk. In `full` mode a screen
    (no reference to a column past AU, nor to a row past the grid) proves the
    used range is under MAX_CELLS for almost every sheet, 47 columns x
    1,048,576 rows being below it; only a sheet that fails the screen is
    measured exactly, in a second pass."""

    # a reference to column AV (48) or beyond, or to a row past 1,048,576
    _SCREEN = re.compile(rb'r="(?:[A-Z]{0,3}(?:\d{8,}|[2-9]\d{6}|1[1-9]\d{5}|10[5-9]\d{4}|1049\d{3}|1048[6-9]\d\d'
                         rb'|10485[89]\d|104857[7-9])"|(?:[A-Z]{3}|[B-Z][A-Z]|A[V-Z])\d)')
    _DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\s+ref="([^"]*)"')
    _CELL = re.compile(rb'<(?:[\w.-]+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?c>)', re.S)
    _REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,9})"')
    _VALUE = re.compile(rb'<(?:[\w.-]+:)?(?:v>([^<]+)</|is\b)')
    _ERROR_ATTR = re.compile(rb"""\bt=["']e["']""")
    MAX_TAIL = 16 * CHUNK  # a row longer than this is not followed across chunks
    MAX_TRAILER = 64 * CHUNK  # the merged ranges read (a sheet's list of them is small)
    _MERGED = re.compile(rb'<(?:[\w.-]+:)?mergeCell\s+ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')

    def __init__(self, part: str, full: bool = True):
        self.scan = SheetScan(part)
        self.full = full
        self.tail = b""  # the bytes after the last complete row seen
        self.seam = b""  # the last bytes of the previous chunk (anchors split across chunks)
        self.wide = False
        self.first = True
        self.trailer: bytes | None = None  # from <mergeCells on: the merged ranges, after the rows

    def feed(self, chunk: bytes) -> None:
        if self.trailer is not None:
            self.trailer = (self.trailer + chunk)[:self.MAX_TRAILER]
        elif _holds(chunk, b"mergeCells") or b"mergeCells" in self.seam + chunk[:16]:
            self.trailer = self.seam + chunk
        seam = self.seam + chunk[:16]
        self.seam = chunk[-16:]
        if self.first:
            self.first = False
            found = self._DIMENSION.search(chunk[:PROLOG_BYTES])
            if found:
                self.scan.dimension = found.group(1).decode("ascii", "replace")[:40]
        if self.full and not self.wide and ((_maybe_wide(chunk) and self._SCREEN.search(chunk))
                                            or self._SCREEN.search(seam)):
            self.wide = True
        errors = b"#" in chunk  # one byte: a memchr, where '>#' would crawl through XML's many '>'
        formulas = _formula_tag(seam) or _formula_tag(chunk)
        hidden = _holds(chunk, b"hidden") or b"hidden" in seam or b"hidden" in self.tail  # a row tag split over two
        cut = chunk.rfind(b"</row>")
        if not (errors or formulas or hidden):  # the usual case: nothing but the tail to keep
            self.tail = chunk[cut + 6:] if cut >= 0 else (self.tail + chunk)[-self.MAX_TAIL:]
            return
        if cut < 0:
            self.tail = (self.tail + chunk)[-self.MAX_TAIL:]
            return
        body, self.tail = self.tail + chunk[:cut + 6], chunk[cut + 6:]
        self._look(body)

    def _look(self, body: bytes) -> None:
        if b"hidden" in body:
            self._note_hidden(body)
        if b't="e"' in body or b"t='e'" in body:
            self._note_errors(body)
        if b"</f>" in body or b"<f " in body or b":f>" in body or b":f " in body:
            self._note_uncached(body)

    def finish(self, reread):
        if self.trailer is not None:
            for found in self._MERGED.finditer(self.trailer):
                c1, r1, c2, r2 = found.groups()
                self.scan.merged.append((int(r1), col_index(c1), int(r2), col_index(c2)))
        if self.tail:
            self._look(self.tail)
        if self.wide:
            self.scan.cells = self._measure(reread())
        return [self.scan]

    _CELL_TAG = re.compile(rb'<(?:[\w.-]+:)?c\b([^>]*?)(/?)>')
    _EMPTY_AFTER = re.compile(rb'\s*(?:</(?:[\w.-]+:)?c>|<(?:[\w.-]+:)?v\s*(?:/>|></(?:[\w.-]+:)?v>)\s*</)')

    def _measure(self, chunks) -> int:
        """Exact used range: every cell that holds something. calamine skips
        empty cells (self-closed, or an empty value), and so does this."""
        rows = [None, None]
        cols = [None, None]
        tail = b""
        for chunk in chunks:
            data = tail + chunk
            cut = data.rfind(b"</row>")
            cut = cut + 6 if cut >= 0 else (data.rfind(b">") + 1 if len(data) > 8 * CHUNK else 0)
            body, tail = data[:cut], data[cut:]
            for tag in self._CELL_TAG.finditer(body):
                ref = self._REF.search(tag.group(1))
                if not ref or tag.group(2) or self._EMPTY_AFTER.match(body, tag.end()):
                    continue
                r, c = int(ref.group(2)), col_index(ref.group(1))
                if r > MAX_ROW or c >= MAX_COL or r < 1:
                    self.scan.outside = (ref.group(1) + ref.group(2)).decode("ascii")
                    return 0
                rows = [r if rows[0] is None else min(rows[0], r), r if rows[1] is None else max(rows[1], r)]
                cols = [c if cols[0] is None else min(cols[0], c), c if cols[1] is None else max(cols[1], c)]
        if rows[0] is None:
            return 0
        return (rows[1] - rows[0] + 1) * (cols[1] - cols[0] + 1)

    def _cells_around(self, body: bytes, positions):
        """The cell element enclosing each position (its tag start found backwards)."""
        seen = set()
        for pos in positions:
            start = body.rfind(b"<c ", 0, pos)
            prefixed = body.rfind(b":c ", 0, pos)
            if prefixed > start:
                start = body.rfind(b"<", 0, prefixed)
            if start < 0 or start in seen:
                continue
            seen.add(start)
            match = self._CELL.match(body, start)
            if match:
                yield match

    def _key(self, attrs: bytes) -> tuple[int, int] | None:
        ref = self._REF.search(attrs)
        return (int(ref.group(2)), col_index(ref.group(1))) if ref else None

    def _note_errors(self, body: bytes) -> None:
        positions = [m.start() for m in self._ERROR_ATTR.finditer(body)]
        for match in self._cells_around(body, positions):
            attrs, content = match.group(1), match.group(2) or b""
            key = self._key(attrs)
            if key is None or not self._ERROR_ATTR.search(attrs) or len(self.scan.errors) >= MAX_NOTED_CELLS:
                continue
            value = re.search(rb"<(?:[\w.-]+:)?v>([^<]*)<", content)
            self.scan.errors[key] = value.group(1).decode("utf-8", "replace")[:16] if value else "#ERROR"

    _ROW_TAG = re.compile(rb'<(?:[\w.-]+:)?row\b([^>]*)>')
    _HIDDEN = re.compile(rb"""\bhidden=["'](?:1|true)["']""")
    _ROW_NUMBER = re.compile(rb"""\br=["'](\d{1,9})["']""")

    def _note_hidden(self, body: bytes) -> None:
        """Rows the sheet hides (a filter's, a collapsed group's, hidden by hand):
        read like any other row, and said (`tables`)."""
        for tag in self._ROW_TAG.finditer(body):
            if self._HIDDEN.search(tag.group(1)):
                number = self._ROW_NUMBER.search(tag.group(1))
                if number:
                    self.scan.hidden.add(int(number.group(1)))

    def _note_uncached(self, body: bytes) -> None:
        ends = [m.end() for m in re.finditer(rb"</(?:[\w.-]+:)?f>\s*</(?:[\w.-]+:)?c>|<(?:[\w.-]+:)?f\b[^>]*/>\s*"
                                             rb"</(?:[\w.-]+:)?c>|<(?:[\w.-]+:)?v\s*(?:/>|></(?:[\w.-]+:)?v>)\s*"
                                             rb"</(?:[\w.-]+:)?c>", body)]
        for match in self._cells_around(body, ends):
            content = match.group(2) or b""
            key = self._key(match.group(1))
            if key is None or len(self.scan.uncached) >= MAX_NOTED_CELLS:
                continue
            if re.search(rb"<(?:[\w.-]+:)?f\b", content) and not self._VALUE.search(content):
                self.scan.uncached.add(key)


class _OdsScanner:
    """content.xml of an ODS: every table's used range, counting the repeats
    (number-rows-repeated / number-columns-repeated) of cells that hold a value,
    as calamine expands them; the rows it hides and its merged cells
    (number-rows-spanned), which calamine does not tell."""

    _TOKEN = re.compile(rb'<table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>'
                        rb'|</table:(table-row|table)>')
    _REPEAT_ROWS = re.compile(rb'number-rows-repeated="(\d+)"')
    _REPEAT_COLS = re.compile(rb'number-columns-repeated="(\d+)"')
    _NAME = re.compile(rb'table:name="([^"]*)"')
    _HIDDEN = re.compile(rb'table:visibility="(?:collapse|filter)"')  # hidden by hand or by a filter
    _SPANNED_ROWS = re.compile(rb'number-rows-spanned="(\d+)"')  # a merged cell's height
    _SPANNED_COLS = re.compile(rb'number-columns-spanned="(\d+)"')

    def __init__(self):
        self.tail = b""
        self.scans: list[SheetScan] = []
        self.table: SheetScan | None = None
        self.row = self.col = self.row_rep = self.row_cols = 0
        self.max_row = self.max_col = 0
        self.open_cell_rep = 0

    def feed(self, chunk: bytes) -> None:
        data = self.tail + chunk
        cut = data.rfind(b">") + 1
        body, self.tail = data[:cut], data[cut:]
        for match in self._TOKEN.finditer(body):
            tag, attrs, closed, end = match.groups()
            if end == b"table":
                self._close_table()
            elif end == b"table-row":
                self._close_row()
            elif tag == b"table":
                self._close_table()
                name = self._NAME.search(attrs)
                self.table = SheetScan(name.group(1).decode("utf-8", "replace") if name else "table")
                self.row = self.max_row = self.max_col = 0
            elif tag == b"table-row":
                found = self._REPEAT_ROWS.search(attrs)
                self.row_rep, self.col, self.row_cols = int(found.group(1)) if found else 1, 0, 0
                if self.table is not None and self._HIDDEN.search(attrs) and self.row_rep <= MAX_NOTED_CELLS:
                    self.table.hidden.update(range(self.row + 1, self.row + self.row_rep + 1))
                if closed:
                    self.row += self.row_rep
            else:
                found = self._REPEAT_COLS.search(attrs)
                rep = int(found.group(1)) if found else 1
                spanned = self._SPANNED_ROWS.search(attrs) if tag == b"table-cell" else None
                if spanned and int(spanned.group(1)) > 1 and self.table is not None \
                        and len(self.table.merged) < MAX_NOTED_CELLS:
                    wide = self._SPANNED_COLS.search(attrs)
                    self.table.merged.append((self.row + 1, self.col, self.row + int(spanned.group(1)),
                                              self.col + (int(wide.group(1)) if wide else 1) - 1))
                if b"value-type" in attrs or not closed:  # content without a type still counts
                    self.row_cols = self.col + rep
                self.col += rep

    def _close_row(self) -> None:
        if self.row_cols:
            self.max_row = self.row + self.row_rep
            self.max_col = max(self.max_col, self.row_cols)
        self.row += self.row_rep

    def _close_table(self) -> None:
        if self.table is not None:
            self.table.cells = self.max_row * self.max_col
            self.scans.append(self.table)
            self.table = None

    def finish(self, reread):
        self._close_table()
        return self.scans


class _XlsbScanner:
    """An xlsb sheet's stated range (BrtWsDim). calamine sizes xlsb sheets by
    it, so an absurd statement is refused; the cells themselves are binary
    records, left to the parser's memory limit."""

    def __init__(self, part: str):
        self.scan = SheetScan(part)
        self.head = b""

    def feed(self, chunk: bytes) -> None:
        if len(self.head) < 4096:
            self.head += chunk[:4096]

    def finish(self, reread):
        dim = _xlsb_dimension(self.head)
        if dim is not None:
            r1, r2, c1, c2 = dim
            self.scan.dimension = f"R{r1 + 1}C{c1 + 1}:R{r2 + 1}C{c2 + 1}"
            self.scan.cells = (r2 - r1 + 1) * (c2 - c1 + 1) if r2 >= r1 and c2 >= c1 else 0
        return [self.scan]


def _xlsb_dimension(head: bytes) -> tuple[int, int, int, int] | None:
    pos = 0
    for _ in range(64):
        rtype, pos = _varint(head, pos, 2)
        size, pos = _varint(head, pos, 4)
        if rtype is None or size is None:
            return None
        if rtype == 0x94 and size >= 16 and pos + 16 <= len(head):
            return struct.unpack("<IIII", head[pos:pos + 16])
        pos += size
    return None


def _varint(data: bytes, pos: int, width: int) -> tuple[int | None, int]:
    value = shift = 0
    for _ in range(width):
        if pos >= len(data):
            return None, pos
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return value, pos
