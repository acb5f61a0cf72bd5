"""The machine-readable results of contract section 4."""
from __future__ import annotations

import json
import math
from collections.abc import Sequence

from .. import __version__
from ..currency import DEFAULT_CURRENCY
from ..domain import Settings
from ..ingest import Dataset
from .abc import abc_summary
from .engine import Computation
from .lineparts import _quote

SCHEMA = "kpipack.results/1"


def _clean(value):
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def results_json(comp: Computation, rows: list[dict], abc, dataset: Dataset, settings: Settings,
                 extra: dict | None = None) -> dict:
    lang = settings.lang
    net_used = float(comp.lines["net_sales"].sum())
    data = {
        "schema": SCHEMA,
        "app_version": __version__,
        "period": comp.period,
        "currency": settings.currency or DEFAULT_CURRENCY,  # build_pack settles it from the inputs
        "fiscal_year_start": settings.fiscal_year_start,
        "stores": [{"id": s, "name": comp.store_names.get(s, s)} for s in comp.store_names],
        "kpis": [{k: _clean(v) for k, v in row.items()} for row in rows],
        "abc": abc_summary(abc),
        "data_quality": {
            "rows_read": dataset.rows_read,
            "rows_used": dataset.rows_used,
            "rows_rejected": dataset.rows_rejected,
            "net_sales_read": dataset.net_sales_read,
            "net_sales_used": net_used,
            "net_sales_rejected": dataset.net_sales_rejected,
            "issues": [i.as_json(lang) for i in dataset.issues],
            "warnings": [w.as_json(lang) for w in dataset.warnings + comp.warnings],
            "inputs": [{"file": f.path.name, "size": f.size, "sha256": f.sha256} for f in dataset.inputs],
            "read_as": read_as_notes(dataset, lang),
        },
    }
    if extra:
        data.update(extra)
    return data


def read_as_notes(dataset: Dataset, lang: str) -> list[dict]:
    """Each sheet a known export layout read, and that layout in words."""
    from ..ingest.export_profiles import read_as  # noqa: PLC0415

    return [{"file": s.file, "sheet": s.sheet, "profile": s.mapping.profile,
             "note": read_as(s.mapping.profile, lang, s.mapping.headers)}
            for s in dataset.sheets if s.mapping.profile]


class JsonRows(Sequence):
    """The rows of a results list as JSON texts that the query engine makes
    from a frame's columns when they are read or written, a batch at a time:
    a chain's hundreds of thousands of order-list rows are neither a Python
    dict each nor encoded one by one by json (a third of a 10M-line build's
    time before), nor held as text all at once (hundreds of megabytes)."""

    BATCH = 20_000

    def __init__(self, table, fields: str):
        self._table = table  # the columns as Arrow, with `_at` numbering the rows
        self._fields = fields  # the struct_pack arguments: each key and its value

    @classmethod
    def of_frame(cls, frame, columns: list[str], lists: tuple[str, ...] = ()) -> "JsonRows":
        """`frame`'s `columns` as JSON objects, keys in that order: numbers as
        numbers (NaN and infinity as null), text as text, `lists` as arrays of text."""
        import pyarrow as pa

        arrays, fields = {}, []
        for name in columns:
            arrays[name], encoded = _arrow_values(frame[name], list_of_text=name in lists)
            fields.append(f"{_quote(name)} := " + (f"CAST({_quote(name)} AS JSON)" if encoded else
                                                     _quote(name)))
        arrays["_at"] = pa.array(range(len(frame)), pa.int64())
        return cls(pa.table(arrays), ", ".join(fields))

    def _batches(self, where: str = "TRUE"):
        import duckdb

        con = duckdb.connect(config={"preserve_insertion_order": True})  # rows come out in the table's order
        try:
            con.register("json_rows", self._table)
            reader = con.sql(f"SELECT CAST(to_json(struct_pack({self._fields})) AS VARCHAR) AS j "
                             f"FROM json_rows WHERE {where}").to_arrow_reader(self.BATCH)
            for batch in reader:
                yield batch.column(0).to_pylist()
        finally:
            con.close()

    def __len__(self) -> int:
        return self._table.num_rows

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        n = index + len(self) if index < 0 else index
        if not 0 <= n < len(self):
            raise IndexError(index)
        return json.loads(next(self._batches(f"_at = {int(n)}"))[0])

    def __iter__(self):
        for text in self.texts():
            yield json.loads(text)

    def texts(self):
        """Each row's JSON text, in order."""
        for batch in self._batches():
            yield from batch


def _arrow_values(series, list_of_text: bool = False):
    """A column as Arrow values to_json writes as json.dumps would (`_plain`),
    and whether they are JSON texts already: numbers with NaN and infinity as
    null; text; anything else (dates, mixed types) encoded per value first."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    if list_of_text:
        return pa.array([list(v) for v in series], pa.list_(pa.string())), False
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_integer_dtype(dtype):
        return pa.array(series, from_pandas=True), False
    if pd.api.types.is_float_dtype(dtype):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        return pa.array(np.where(np.isfinite(values), values, np.nan), from_pandas=True), False
    try:
        values = pa.array(series.astype(object), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        values = None
    if values is not None and (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)
                               or pa.types.is_null(values.type)):
        return values, False
    from .replenishment import _plain  # noqa: PLC0415  (one rule for a value's JSON form)

    return pa.array([json.dumps(_plain(v), ensure_ascii=False) for v in series], pa.string()), True


def write_results(results: dict, path) -> None:
    """The results as JSON text: a key of the top level per line, and each row of
    a list on a line of its own, written piece by piece (a chain's order list
    is hundreds of megabytes of text: never one string). json's C encoder writes
    the rows (indenting every field goes through its Python encoder)."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("{\n")
        for n, (key, value) in enumerate(results.items()):
            out.write(("" if not n else ",\n") + f" {json.dumps(key, ensure_ascii=False)}: ")
            value = [] if isinstance(value, JsonRows) and not len(value) else value
            if isinstance(value, (list, JsonRows)) and len(value):
                texts = value.texts() if isinstance(value, JsonRows) else \
                    (json.dumps(row, ensure_ascii=False) for row in value)
                out.write("[\n")
                for i, text in enumerate(texts):
                    out.write(("  " if not i else ",\n  ") + text)
                out.write("\n ]")
            else:
                out.write(json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n "))
        out.write("\n}")
