"""The cache of parsed inputs: each file's clean tables, kept after a build so
that a rebuild from unchanged files skips the spreadsheet reader entirely.

An entry is keyed by the file's SHA-256 (its content, whatever its name or
date), the parser version (this package's importer code and the versions of
the libraries it reads with) and the mapping overrides that apply to the
file. Tables are Arrow IPC files, read back memory-mapped; the rest (issues,
warnings, counts, mappings) is metadata beside them.

Layout under the cache root (platformdirs' user cache dir, or
KPIPACK_CACHE_DIR):

    parsed/<sha256>/<parser version>/sheets.json        the file's sheet names
    parsed/<sha256>/<parser version>/<mapping key>/     meta.json, t0.arrow, ...
    parsed/_derived/<parser version>/<key>[-views]/     meta.json, value.pickle: the engine's
                                                        parts of a whole set of inputs (the pack's
                                                        views beside them)

An entry is written under a temporary name and renamed into place, so a
reader never sees half an entry; an entry that cannot be read is dropped and
the file parsed again. The least recently used entries go once the cache
outgrows its size limit (KPIPACK_CACHE_MAX_MB, default 4096). Data from a
password-protected workbook is never written here.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Issue
from .headers import ROLE_FIELDS, SheetMapping

if TYPE_CHECKING:  # looking an entry up needs neither: a build starts its readers before importing them
    import pandas as pd

    from .tables import SheetTable

FORMAT = 1
DEFAULT_MAX_MB = 4096
_VERSION: str | None = None


def cache_root() -> Path:
    env = os.environ.get("KPIPACK_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("kpipack", appauthor=False))


def parsed_dir(root: Path | None = None) -> Path:
    return (root or cache_root()) / "parsed"


def parser_version() -> str:
    """Changes whenever the importer's code or a reading library changes."""
    global _VERSION
    if _VERSION is None:
        from importlib import metadata

        from .. import __version__

        here = Path(__file__).resolve().parent
        from .export_profiles import profiles_dir

        layouts = sorted(profiles_dir().glob("*.toml"))  # a changed export profile reads files differently
        from ..paths import bundled

        layouts += sorted(bundled("resources", "sales_rows").glob("*.toml"))  # ... and so do changed row rules
        code = sources_digest(sorted(here.glob("*.py")) + [here.parent / "errors.py"] + layouts)
        h = hashlib.sha256(f"{FORMAT}:{__version__}:{code}".encode())
        for dist in ("fastexcel", "python-calamine", "pandas", "pyarrow", "numpy"):
            try:
                h.update(f"{dist}={metadata.version(dist)}".encode())
            except metadata.PackageNotFoundError:
                pass
        _VERSION = h.hexdigest()[:16]
    return _VERSION


def sources_digest(sources: list[Path]) -> str:
    """A digest of some source files' names and contents: code that changes
    what it would compute invalidates what was kept from it."""
    h = hashlib.sha256()
    for source in sources:
        try:
            h.update(source.name.encode() + source.read_bytes())
        except OSError:
            pass
    return h.hexdigest()


def dataset_key(shas: list[str], sections: dict) -> str:
    """The key of a whole set of inputs (contents in order, mapping, parser)."""
    text = json.dumps({"inputs": shas, "mapping": sections, "parser": parser_version()}, sort_keys=True,
                      ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def mapping_key(name: str, sections: dict[str, dict[str, str]], sheets: list[str]) -> str:
    """The mapping overrides that can apply to this file (by file name, file
    and sheet, sheet name or role, and the settings for every sheet), hashed
    with the file's name."""
    wanted = {name} | {f"{name}:{s}" for s in sheets} | set(sheets) | set(ROLE_FIELDS) | {"*"}
    relevant = {k: dict(sorted(v.items())) for k, v in sorted(sections.items()) if k in wanted}
    text = json.dumps({"name": name, "mapping": relevant}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _version_dir(root: Path, sha: str) -> Path:
    return parsed_dir(root) / sha / parser_version()


def known(root: Path, sha: str) -> bool:
    """Whether any entry may exist for this content (no parser version needed
    to tell: a build that finds none starts its readers at once)."""
    return (parsed_dir(root) / sha).is_dir()


def lookup(root: Path, sha: str, name: str, sections: dict) -> Path | None:
    """The entry for this file and mapping, or None."""
    base = _version_dir(root, sha)
    try:
        sheets = json.loads((base / "sheets.json").read_text(encoding="utf-8"))["sheets"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    entry = base / mapping_key(name, sections, sheets)
    if (entry / "meta.json").is_file():
        try:
            os.utime(entry / "meta.json")  # recently used
        except OSError:
            pass
        return entry
    return None


def drop(entry: Path) -> None:
    shutil.rmtree(entry, ignore_errors=True)


# ---------------------------------------------------------------- payloads
def pack(tables: list[SheetTable], notes: list[Issue]) -> tuple[dict, dict[str, object]]:
    """Metadata and blobs for one file's result: Arrow tables (written as IPC
    by `store` or `blob_bytes`), or pickled bytes for a frame Arrow cannot type."""
    meta = {"format": FORMAT, "notes": [_issue_json(i) for i in notes], "sheets": []}
    blobs: dict[str, object] = {}
    for n, sheet in enumerate(tables):
        info = {f.name: getattr(sheet, f.name) for f in dataclasses.fields(sheet)
                if f.name not in ("table", "issues", "warnings", "mapping")}
        info["mapping"] = _mapping_json(sheet.mapping)
        info["issues"] = [_issue_json(i) for i in sheet.issues] if len(sheet.issues) < 1000 else None
        info["warnings"] = [_issue_json(i) for i in sheet.warnings] if len(sheet.warnings) < 1000 else None
        table_name = f"t{n}.arrow"
        info["table"], blobs[table_name] = table_name, _frame_bytes(sheet.table, info)
        for kind in ("issues", "warnings"):
            if info[kind] is None:  # many: a table of their own
                info[kind] = f"{kind}{n}.arrow"
                blobs[info[kind]] = _issues_bytes(getattr(sheet, kind))
        meta["sheets"].append(info)
    return meta, blobs


def unpack(meta: dict, blob) -> tuple[list[SheetTable], list[Issue]]:
    """SheetTables and notes back from `pack`'s output; `blob(name)` gives an Arrow source."""
    from .tables import SheetTable

    if meta.get("format") != FORMAT:
        raise ValueError("cache format")
    notes = [_issue(d) for d in meta["notes"]]
    tables = []
    for info in meta["sheets"]:
        info = dict(info)
        mapping = _mapping(info.pop("mapping"))
        frame = _frame(blob(info.pop("table")), info.pop("columns"), info.pop("dtypes"), info.pop("missing", None),
                       info.pop("encoding", "arrow"))
        lists = {}
        for kind in ("issues", "warnings"):
            value = info.pop(kind)
            lists[kind] = _issues(blob(value)) if isinstance(value, str) else [_issue(d) for d in value]
        known = {f.name for f in dataclasses.fields(SheetTable)}
        extra = {k: v for k, v in info.items() if k in known}
        tables.append(SheetTable(mapping=mapping, table=frame, issues=lists["issues"], warnings=lists["warnings"],
                                 **extra))
    return tables, notes


def store(root: Path, sha: str, name: str, sections: dict, sheets: list[str], meta: dict,
          blobs: dict[str, bytes]) -> Path:
    """Write an entry (atomically); returns its directory."""
    base = _version_dir(root, sha)
    base.mkdir(parents=True, exist_ok=True)
    _write_atomic(base / "sheets.json", json.dumps({"sheets": sheets}, ensure_ascii=False).encode("utf-8"))
    entry = base / mapping_key(name, sections, sheets)
    staging = base / f".tmp-{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        for blob_name, data in blobs.items():
            _write_blob(staging / blob_name, data)
        (staging / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, default=_plain), encoding="utf-8")
        try:
            os.rename(staging, entry)
        except OSError:  # another build wrote the same entry meanwhile: theirs is as good
            if not (entry / "meta.json").is_file():
                drop(entry)
                os.rename(staging, entry)
    finally:
        drop(staging)
    return entry


_WRITERS: list[threading.Thread] = []


def later(work, name: str) -> None:
    """Run `work` on a thread of its own while the build goes on;
    `finish_writes` waits for it."""
    thread = threading.Thread(target=work, name=name)
    thread.start()
    _WRITERS.append(thread)


def store_later(root: Path, sha: str, name: str, sections: dict, sheets: list[str], tables: list[SheetTable],
                notes: list[Issue]) -> None:
    """Pack and store an entry `later`. A cache that cannot be written costs
    only the next build's time."""
    def write():
        try:
            store(root, sha, name, sections, sheets, *pack(tables, notes))
        except (OSError, ValueError):
            pass

    later(write, "kpipack-cache-write")


def finish_writes() -> None:
    """Wait for the work `later` started (before the process ends)."""
    while _WRITERS:
        _WRITERS.pop().join()


# ---------------------------------------------------------------- derived
# Figures the engine works out from a whole set of inputs (its per-store,
# per-month parts, and the pack's views), kept beside the parsed inputs under a key that covers
# the inputs' contents, the mapping, the parser, the engine's code and the
# settings used: a rebuild from unchanged inputs skips the million-line sums.
def _derived_entry(root: Path, key: str) -> Path:
    return parsed_dir(root) / "_derived" / parser_version() / key


def load_derived(root: Path, key: str):
    """What `store_derived` kept under `key`, or None."""
    entry = _derived_entry(root, key)
    try:
        value = pickle.loads((entry / "value.pickle").read_bytes())
        os.utime(entry / "meta.json")  # recently used
        return value
    except Exception:  # noqa: BLE001 - missing or damaged: worked out again
        return None


def store_derived(root: Path, key: str, value) -> None:
    """Keep `value` (frames the engine made) under `key`, atomically; a cache
    that cannot be written costs only the next build's time."""
    entry = _derived_entry(root, key)
    staging = entry.parent / f".tmp-{uuid.uuid4().hex}"
    try:
        staging.mkdir(parents=True)
        (staging / "value.pickle").write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        (staging / "meta.json").write_text(json.dumps({"format": FORMAT}), encoding="utf-8")
        os.rename(staging, entry)
    except OSError:
        pass
    finally:
        drop(staging)


def load(entry: Path, mapped: bool = True) -> tuple[list[SheetTable], list[Issue]]:
    """An entry's tables, Arrow files memory-mapped (raises on any damage).
    `mapped=False` reads them into memory, so the entry can be deleted at
    once on every system (a mapped file cannot be deleted on Windows)."""
    import pyarrow as pa

    meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    if mapped:
        return unpack(meta, lambda name: pa.memory_map(str(entry / name), "r"))
    return unpack(meta, lambda name: pa.BufferReader(pa.OSFile(str(entry / name)).read_buffer()))


def prune(root: Path | None = None, max_bytes: int | None = None) -> None:
    """Drop the least recently used entries beyond the size limit."""
    if max_bytes is None:
        max_bytes = int(os.environ.get("KPIPACK_CACHE_MAX_MB", DEFAULT_MAX_MB)) * (1 << 20)
    entries = []
    for meta in parsed_dir(root).glob("*/*/*/meta.json"):
        try:
            size = sum(p.stat().st_size for p in meta.parent.iterdir())
            entries.append((meta.stat().st_mtime, size, meta.parent))
        except OSError:
            continue
    total = sum(e[1] for e in entries)
    for _, size, entry in sorted(entries):
        if total <= max_bytes:
            break
        drop(entry)
        total -= size
    cutoff = time.time() - 3600  # staging left by a killed build
    for stale in parsed_dir(root).glob("*/*/.tmp-*"):
        try:
            if stale.stat().st_mtime < cutoff:
                drop(stale)
        except OSError:
            pass


def usage(root: Path | None = None) -> tuple[Path, int, int]:
    """The cache folder, its size in bytes and its number of files."""
    folder = parsed_dir(root)
    size = files = 0
    for path in folder.rglob("*"):
        try:
            if path.is_file():
                size += path.stat().st_size
                files += 1
        except OSError:
            pass
    return folder, size, files


def clear(root: Path | None = None) -> tuple[Path, int]:
    """Remove every parsed input; returns the folder and the bytes freed."""
    folder, size, _ = usage(root)
    shutil.rmtree(folder, ignore_errors=True)
    return folder, size


# ---------------------------------------------------------------- conversions
def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=str(path.parent))
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def _plain(value):
    """JSON for numpy scalars and the like inside issue parameters."""
    import numpy as np
    import pandas as pd

    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    return str(value)


def _issue_json(issue: Issue) -> dict:
    return {"file": issue.file, "sheet": issue.sheet, "row": int(issue.row), "code": issue.code,
            "params": issue.params, "net_sales": issue.net_sales}


def _issue(d: dict) -> Issue:
    return Issue(d["file"], d["sheet"], d["row"], d["code"], d.get("params") or {}, d.get("net_sales"))


def blob_bytes(data):
    """A blob as one buffer (for a pipe): IPC of an Arrow table, or the bytes as they are."""
    import pyarrow as pa

    if not isinstance(data, pa.Table):
        return data
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, data.schema) as writer:
        writer.write_table(data)
    return sink.getvalue()


def _write_blob(path: Path, data) -> None:
    import pyarrow as pa

    if not isinstance(data, pa.Table):
        path.write_bytes(data)
        return
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, data.schema) as writer:
        writer.write_table(data)


def _issues_bytes(issues: list[Issue]):
    import pyarrow as pa

    table = pa.table({
        "file": [i.file for i in issues], "sheet": [i.sheet for i in issues],
        "row": pa.array([int(i.row) for i in issues], pa.int64()), "code": [i.code for i in issues],
        "params": [json.dumps(i.params, ensure_ascii=False, default=_plain) for i in issues],
        "net_sales": pa.array([i.net_sales for i in issues], pa.float64()),
    })
    return table


def _issues(source) -> list[Issue]:
    import pyarrow as pa

    table = pa.ipc.open_file(source).read_all().to_pydict()
    return [Issue(f, s, r, c, json.loads(p), n) for f, s, r, c, p, n in
            zip(table["file"], table["sheet"], table["row"], table["code"], table["params"], table["net_sales"])]


def _frame_bytes(frame: pd.DataFrame, info: dict):
    import pyarrow as pa

    info["columns"] = [c if isinstance(c, (str, int)) else str(c) for c in frame.columns]
    info["dtypes"] = [str(t) for t in frame.dtypes]
    info["missing"] = [_missing_marker(frame.iloc[:, i]) for i in range(frame.shape[1])]
    renamed = frame.set_axis([f"c{i}" for i in range(frame.shape[1])], axis=1)
    try:
        table = pa.Table.from_pandas(renamed, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        # a column Arrow cannot type (mixed Python objects): kept exactly, at some cost in speed
        info["encoding"] = "pickle"
        return pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
    return table


def _missing_marker(column: pd.Series) -> str | None:
    """How an object column writes a missing value (None or NaN): Arrow keeps only 'null'."""
    if column.dtype != object:
        return None
    missing = column[column.isna()]
    return None if missing.empty else ("none" if missing.iloc[0] is None else "nan")


def _frame(source, columns: list, dtypes: list[str], missing: list | None = None,
           encoding: str = "arrow") -> pd.DataFrame:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    if encoding == "pickle":
        return pickle.loads(source.read() if hasattr(source, "read") else bytes(source))
    frame = pa.ipc.open_file(source).read_all().to_pandas()
    frame.columns = columns
    for i, (name, dtype) in enumerate(zip(columns, dtypes)):
        if dtype == "object":
            marker = (missing or [None] * len(columns))[i]
            na = np.nan if marker == "nan" else None
            if str(frame[name].dtype) != "object" or marker is not None:
                frame[name] = pd.Series(frame[name].to_numpy(dtype=object, na_value=na), index=frame.index,
                                        dtype=object)
    return frame


def _mapping_json(mapping: SheetMapping) -> dict:
    out = {}
    for f in dataclasses.fields(mapping):
        value = getattr(mapping, f.name)
        out[f.name] = {"__intkeys__": [[k, v] for k, v in value.items()]} if isinstance(value, dict) else value
    return out


def _mapping(data: dict) -> SheetMapping:
    known = {f.name for f in dataclasses.fields(SheetMapping)}
    values = {}
    for key, value in data.items():
        if key not in known:
            continue
        if isinstance(value, dict) and "__intkeys__" in value:
            value = {k: v for k, v in value["__intkeys__"]}
        values[key] = value
    return SheetMapping(**values)
