"""Sales lines the query engine reads straight from their files, out of core:
Parquet exports, and CSV files too big to hold in memory as a frame.

The lines never become a pandas frame: the parts (lineparts) run on the
files, and the rest of the build gets a summary per store, SKU and month
(`summary_sql`) in the place of the lines. Headers are mapped to fields as
the importer maps them (ingest.headers, and a --map file's [sales] section).

Checks, each with the file (and row where one is known):
- a CSV line cut off, or a value of another type than the column's further
  down the file: DuckDB's reader stops with the line number; the build
  stops with one message and writes nothing;
- Parquet files of one export with other columns or types: the build stops
  naming the file that differs;
- lines without a readable date or net sales: rejected and listed in the
  data-quality sheet (with their row for Parquet; CSV rows are counted).
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Issue, KpipackError
from .lineparts import DuckLines, _text

PARQUET = {".parquet", ".parq"}
CSV = {".csv", ".tsv", ".txt"}
# CSV files this big are read by the engine; smaller ones by the importer with its full cleaning
CSV_ENGINE_BYTES = int(float(os.environ.get("KPIPACK_ENGINE_CSV_MB", "256")) * (1 << 20))
TEXT_FIELDS = ("store", "receipt", "customer", "sku", "product", "category", "channel")
NUMBER_FIELDS = ("net_sales", "cost", "gross_profit", "qty", "transactions")
REJECTS_LISTED = 1000
SUMMARY_LINES_PER_PART = 50_000_000  # lines per part of the store × SKU × month summary (the grouping's memory)
# the lines the parts count; the others are rejected (no_sale: a status or cancel flag saying the sale did not happen)
USED = "date IS NOT NULL AND net_sales IS NOT NULL AND no_sale IS NULL"
ROW_FIELDS = ("status", "line_type", "cancelled")  # what says which lines are no sale or returns


@dataclass
class LineFiles:
    """Sales line files of one layout, read by the engine."""

    paths: list[Path]
    kind: str  # "parquet" or "csv"
    fields: dict[str, str]  # field -> the files' column
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    rows_used: int = 0
    net_sales_read: float = 0.0
    net_sales_rejected: float = 0.0

    def relation(self, paths: list[str] | None = None) -> str:
        listed = "[" + ", ".join(_text(str(p)) for p in (paths or self.paths)) + "]"
        if self.kind == "parquet":
            return f"read_parquet({listed}, filename = true, file_row_number = true)"
        # the texts read as texts whatever they look like (a SKU 0012 stays 0012, not the number 12):
        # the importer's reading of these fields; dates and numbers as the reader finds them
        texts = sorted({self.fields[k] for k in (*TEXT_FIELDS, *ROW_FIELDS) if k in self.fields})
        typed = ", ".join(f"{_text(c)}: 'VARCHAR'" for c in texts)
        return f"read_csv({listed}, header = true, quote = '\"', escape = '\"', filename = true, types = {{{typed}}})"

    def select(self, spark: bool = False, taken_back: bool = True) -> str:
        """The lines as the parts read them (SQL over `raw_source`): fields renamed
        and typed, cost resolved from gross profit where absent. `line_no`
        orders a file's lines (rows within a file). With a type column and
        receipts, the lines a cancelling row takes back are no sale too
        (`taken_back` False: left to `take_back`, run on the table of lines)."""
        f = self.fields

        def number(k):
            return f"TRY_CAST({_quote(f[k])} AS DOUBLE)"

        back = self._returned()  # a Refund / 返品 line: its amounts given back whatever their sign

        def signed(expr):
            return expr if back is None else f"CASE WHEN {back} THEN -ABS({expr}) ELSE {expr} END"

        cols = [f"TRY_CAST({_quote(f['date'])} AS TIMESTAMP) AS date"]
        cols += [f"CAST({_quote(f[k])} AS VARCHAR) AS {k}" for k in TEXT_FIELDS if k in f]
        cols += [f"{signed(number(k))} AS {k}" for k in ("net_sales", "qty") if k in f]
        cols += [f"{number(k)} AS {k}" for k in ("transactions",) if k in f]
        costs = ([number("cost")] if "cost" in f else []) + \
            ([f"{number('net_sales')} - {number('gross_profit')}"] if "gross_profit" in f else [])
        cost = "CAST(NULL AS DOUBLE)" if not costs else costs[0] if len(costs) == 1 else f"COALESCE({', '.join(costs)})"
        cols.append(f"{signed(cost) if costs else cost} AS cost")
        cols.append(f"{self._no_sale(spark)} AS no_sale")
        row = "file_row_number + 1" if self.kind == "parquet" and not spark else "CAST(NULL AS BIGINT)"
        cols += [f"{row} AS _row", f"COALESCE({row}, 0) AS line_no",
                 f"{'input_file_name()' if spark else self._file_number()} AS _file"]
        kind = self._kind()
        if kind is None:
            return "SELECT " + ", ".join(cols) + " FROM raw_source"
        cols.append(f"{kind} AS _kind")
        lines = "SELECT " + ", ".join(cols) + " FROM raw_source"
        if not taken_back:
            return lines
        names = [c.rsplit(" AS ", 1)[1] for c in cols if not c.endswith(" AS no_sale")]
        return (f"WITH t AS ({lines}), back AS ({self._cancelled_receipts('t')}) "
                f"SELECT {', '.join('t.' + n for n in names)}, "
                f"COALESCE(t.no_sale, {self._taken_back_reason('t')}) AS no_sale "
                f"FROM t LEFT JOIN back ON {self._same_receipt('t')}")

    def _kind(self) -> str | None:
        """SQL of what a line's type (or status) says of its receipt, where the
        files have a type column and receipts (the importer's
        sales_rows.cancellations): 'void' takes back the receipt's sale lines
        (取消, Void), 'unreturn' its return lines (返品取消), 'return' is a return;
        else NULL. None where the files say nothing of it."""
        from ..ingest.sales_rows import words

        if "line_type" not in self.fields or "receipt" not in self.fields:
            return None

        def among(kind: str) -> str:
            return ", ".join(_text(w) for w in sorted(words(kind)))

        kind = self._folded("line_type")
        status = self._folded("status") if "status" in self.fields else "CAST(NULL AS VARCHAR)"
        return (f"CASE WHEN {kind} IN ({among('cancels_return')}) OR {status} IN ({among('cancels_return')}) "
                f"THEN 'unreturn' WHEN {kind} IN ({among('cancels')}) THEN 'void' "
                f"WHEN {self._returned()} THEN 'return' END")

    def _cancelled_receipts(self, lines: str) -> str:
        """SQL of each receipt (with its store) that a row of `lines` cancels,
        with the cancelling row's reason for its sale lines (`_void`) and its
        return lines (`_unreturn`)."""
        keys = ", ".join(k for k in ("store", "receipt") if k in self.fields)
        return (f"SELECT {keys}, MIN(CASE WHEN _kind = 'void' THEN no_sale END) AS _void, "
                f"MIN(CASE WHEN _kind = 'unreturn' THEN no_sale END) AS _unreturn FROM {lines} "
                f"WHERE _kind IN ('void', 'unreturn') AND receipt IS NOT NULL GROUP BY {keys}")

    @staticmethod
    def _taken_back_reason(line: str) -> str:
        return f"CASE WHEN {line}._kind = 'return' THEN back._unreturn WHEN {line}._kind IS NULL THEN back._void END"

    def _same_receipt(self, line: str) -> str:
        on = f"back.receipt = {line}.receipt"
        return on + (f" AND back.store IS NOT DISTINCT FROM {line}.store" if "store" in self.fields else "")

    def take_back(self) -> str | None:
        """SQL that marks the lines of the table `typed` a cancelling row takes
        back as no sale, in place (so the table keeps the files' order), or
        None where the files have no type column and receipts."""
        if self._kind() is None:
            return None
        return (f"UPDATE typed SET no_sale = {self._taken_back_reason('typed')} "
                f"FROM ({self._cancelled_receipts('typed')}) AS back "
                f"WHERE typed.no_sale IS NULL AND {self._same_receipt('typed')}")

    def _folded(self, fld: str) -> str:
        return f"LOWER(TRIM(CAST({_quote(self.fields[fld])} AS VARCHAR)))"

    def _returned(self) -> str | None:
        """SQL true for a line whose status or type says goods came back (the
        importer's sales_rows.returned), None where the files say none."""
        from ..ingest.sales_rows import words

        said = [f"{self._folded(k)} IN ({', '.join(_text(w) for w in sorted(words('returns')))})"
                for k in ("status", "line_type") if k in self.fields]
        return " OR ".join(said) if said else None

    def _no_sale(self, spark: bool = False) -> str:
        """SQL of a line's reason for being no sale, "column 'value'" (a status
        word of general.toml, or a cancel flag marked with a word or a date and
        time), else NULL. A flag of 1 / 0 is read by the importer only, which
        sees the whole column; here only words and times mark a line."""
        from ..ingest.sales_rows import words

        whens = []
        for k in ("status", "line_type"):
            if k in self.fields:  # a type's 取消 and 返品取消 are no sale themselves (and take back their receipt's)
                said = words("not_sales") | (words("cancels") if k == "line_type" else frozenset()) | \
                    words("cancels_return")
                listed = ", ".join(_text(w) for w in sorted(said))
                whens.append((f"{self._folded(k)} IN ({listed})", k))
        if "cancelled" in self.fields:
            marked = ", ".join(_text(w) for w in sorted(words("marked") - {"1"}))
            flag = self._folded("cancelled")
            when = "'^[0-9]{2,4} *[-/.年] *[0-9]{1,2}'"  # the time it was cancelled
            timed = f"{flag} RLIKE {when}" if spark else f"REGEXP_MATCHES({flag}, {when})"
            whens.append((f"{flag} IN ({marked}) OR {timed}", "cancelled"))
        if not whens:
            return "CAST(NULL AS VARCHAR)"
        cases = " ".join(f"WHEN {cond} THEN CONCAT({_text(self.fields[k] + chr(31))}, "
                         f"CAST({_quote(self.fields[k])} AS VARCHAR))" for cond, k in whens)
        return f"CASE {cases} END"

    def _file_number(self) -> str:
        """Each line's file as its place in `paths` (0, 1, ...): a number, not the
        path's text on every line, for the engine to carry and compare."""
        if len(self.paths) == 1:
            return "0"
        whens = " ".join(f"WHEN {_text(str(p))} THEN {n}" for n, p in enumerate(self.paths))
        return f"CASE filename {whens} END"

    def file_path(self, file) -> str:
        """A line's `_file` as the path: a number is a place in `paths` (DuckDB);
        Spark gives the path itself."""
        if isinstance(file, str):
            return file
        return str(self.paths[int(file)]) if file == file and file is not None else ""

    def file_paths(self, frame):
        """`frame` with its `_file` column as paths: a category per file, its rows
        numbers (Spark's rows name their file already)."""
        import numpy as np
        import pandas as pd

        if "_file" not in frame or not pd.api.types.is_integer_dtype(frame["_file"]):
            return frame
        names = list(dict.fromkeys(str(p) for p in self.paths))  # a path given twice: one category
        codes = np.array([names.index(str(p)) for p in self.paths])
        return frame.assign(_file=pd.Categorical.from_codes(codes[frame["_file"].to_numpy()], names))

    def refine(self, engine, stores: dict[str, str], inventory=None) -> None:
        """The lines as a workbook build reads them (engine.prepare_lines and
        what goes before it): store names turned into the store master's codes
        (`stores`), each channel spelt as channels.channel_labels spells it, and
        a cost still missing taken as quantity × the unit cost of the same SKU's
        nearest stock snapshot by date, in the same store first, else in any
        store (`inventory`). `source` is redefined on the engine; only small
        tables (the labels, the stock's unit costs) come and go."""
        columns = list(engine.columns)
        exprs = {c: _quote(c) for c in columns}
        order = getattr(engine, "row_order", None)  # CSV lines numbered where the engine can
        if order:
            exprs["line_no"] = order
        if stores and "store" in exprs:
            exprs["store"] = _case("store", stores)
        if "channel" in exprs:
            exprs["channel"] = _case("TRIM(channel)", self._channel_labels(engine))
        body = f"SELECT {', '.join(f'{e} AS {_quote(c)}' for c, e in exprs.items())} FROM typed WHERE {USED}"
        tables = {}
        if inventory is not None and {"unit_cost", "date", "sku"} <= set(inventory.columns) \
                and {"qty", "sku", "cost"} <= set(columns) and self._costs_missing(engine):
            import numpy as np

            stock = inventory.dropna(subset=["unit_cost", "date", "sku"])
            tables["stock_costs"] = stock.assign(store=stock["store"] if "store" in stock else None,
                                                 listed=np.arange(len(stock)))[
                ["store", "sku", "date", "unit_cost", "listed"]].astype(
                {"store": object, "sku": object, "unit_cost": float})
            body = _costed(body, [c for c in columns if c != "cost"])
        engine.define_source(body, tables)

    @staticmethod
    def _costs_missing(engine) -> bool:
        frame = engine.frame(f"SELECT COUNT(*) FILTER (WHERE cost IS NULL AND qty IS NOT NULL AND sku IS NOT NULL) "
                             f"AS n FROM typed WHERE {USED}")
        return bool(frame["n"].iloc[0])

    def _channel_labels(self, engine) -> dict[str, str]:
        """Each channel as written (trimmed) -> its label: spellings differing only
        in case are one channel, named as the first line gives it (files in the
        order given, rows in each file's order)."""
        order = getattr(engine, "row_order", None) or "line_no"
        seen = engine.frame(f"SELECT TRIM(channel) AS text, _file, MIN({order}) AS first FROM typed "
                            f"WHERE {USED} AND TRIM(channel) <> '' GROUP BY TRIM(channel), _file")
        if seen.empty:
            return {}
        order = {str(p): n for n, p in enumerate(self.paths)}
        seen["_at"] = seen["_file"].map(lambda f: order.get(self.file_path(f), len(order)))
        seen = seen.sort_values(["_at", "first"], kind="stable")
        seen["key"] = seen["text"].str.casefold()
        spelled = seen.drop_duplicates("key").set_index("key")["text"]
        return {t: spelled[t.casefold()] for t in seen["text"].unique()}

    def summary_frame(self, engine):
        """summary_sql's rows as a pandas frame, its texts (store, SKU, product,
        category) as categories: a chain's summary has millions of rows over a
        few thousand texts, held all through the build (5.6 million rows at 10M
        lines: 352 MB of texts, 39 MB of codes). On DuckDB, lines past
        SUMMARY_LINES_PER_PART are grouped in parts of SKUs (their hash), each
        part's groups made and handed over before the next: the grouping of
        100 million lines at once ran out of the engine's 1.5 GB.

        Where every SKU has one product and one category name in each month
        (`names_sql`), a group's first line naming them names them as every
        line does: the names come from that small table, not from a search
        over each group's lines (the summary's costliest aggregate)."""
        if not hasattr(engine, "arrow"):  # Spark: its frame as it comes
            return engine.frame(self.summary_sql())
        import pyarrow as pa
        import pyarrow.compute as pc

        names = engine.arrow(self.names_sql()) if self._named() else None
        if names is not None and any((pc.max(names[f"{k}_names"]).as_py() or 0) > 1
                                     for k in self._named()):
            names = None  # a SKU named two ways in a month: each group's own first line says which
        parts = max(1, math.ceil(self.rows_used / SUMMARY_LINES_PER_PART))
        table = pa.concat_tables([engine.arrow(self.summary_sql(part, parts, names=names is None))
                                  for part in range(parts)])
        texts = {}
        if names is not None:
            table, texts = _named_from(table, names, self._named())
        for name in ("store", "sku", "product", "category"):
            if name in table.column_names:
                texts[name] = _categories(table[name])
                table = table.drop_columns([name])
        frame = table.to_pandas(date_as_object=False)
        del table
        for name, values in texts.items():
            frame[name] = values
        return frame[[c for c in ("store", "sku", "date", "net_sales", "cost", "qty", "product", "category",
                                  "_file", "_row") if c in frame]]

    def _named(self) -> list[str]:
        """The name columns the summary carries per group, where a group is finer
        than a SKU and month (the lines have a store)."""
        return [k for k in ("product", "category") if k in self.fields] if "store" in self.fields else []

    def _summary_keys(self) -> list[str]:
        return [k for k in ("store", "sku") if k in self.fields] + ["month"]

    def summary_sql(self, part: int = 0, parts: int = 1, names: bool = True) -> str:
        """Per store, SKU and month: what the pack's views and the stock-take read in
        the place of the lines (net sales; cost and quantity, null where a line
        had none; the last sale's date; the SKU's product and category from its
        first line naming them; the first line's file and row). The month is
        grouped by but not returned: the date gives it, and millions of rows
        need not carry its text to pandas. Without `names`: in the place of the
        product and category, whether a line of the group names them."""
        from .lineparts import _LINES

        f = self.fields
        keys = self._summary_keys()
        cols = ["MAX(date) AS date", "SUM(net_sales) AS net_sales",
                "CASE WHEN COUNT(cost) = COUNT(*) THEN SUM(cost) END AS cost"]
        if "qty" in f:
            cols.append("CASE WHEN COUNT(qty) = COUNT(*) THEN SUM(qty) END AS qty")
        cols += [f"ARG_MIN({k}, line_no) FILTER (WHERE {k} IS NOT NULL) AS {k}" if names or k not in self._named()
                 else f"COUNT({k}) > 0 AS {k}_named" for k in ("product", "category") if k in f]
        # the first line's file, and its row (a line without cost first); one file, or CSV rows (not numbered),
        # need no search over the group's lines (a tenth of the summary's time at 10M lines)
        cols.append("0 AS _file" if len(self.paths) == 1 else "ARG_MIN(_file, line_no) AS _file")
        cols.append("CAST(0 AS BIGINT) AS _row" if self.kind == "csv" else
                    "COALESCE(MIN(_row) FILTER (WHERE cost IS NULL), MIN(_row), 0) AS _row")
        # a part: the lines of the SKUs (else stores) whose hash falls to it, blanks in the first
        where = f" WHERE COALESCE(HASH({keys[-2]}) % {parts}, 0) = {part}" if parts > 1 and len(keys) > 1 else ""
        return _LINES + f"SELECT {', '.join(keys[:-1] + cols)} FROM lines{where} GROUP BY {', '.join(keys)}"

    def names_sql(self) -> str:
        """Per SKU and month (the summary's keys but the store): the product and
        category of the first line naming them, and how many names each has."""
        from .lineparts import _LINES

        keys = [k for k in self._summary_keys() if k != "store"]
        named = self._named()
        cols = [f"ARG_MIN({k}, first) FILTER (WHERE {k} IS NOT NULL) AS {k}, COUNT(DISTINCT {k}) AS {k}_names"
                for k in named]
        # each name of a SKU-month once, with its first line: a few rows per SKU and month, not one per line
        return (_LINES + f", firsts AS (SELECT {', '.join(keys + named)}, MIN(line_no) AS first FROM lines "
                f"GROUP BY {', '.join(keys + named)}) "
                f"SELECT {', '.join(keys + cols)} FROM firsts GROUP BY {', '.join(keys)}")

    def open(self, engine: str = "duckdb", spark_master: str | None = None):
        """The lines on DuckDB here (CSV parsed once into a scratch table), or on
        Spark at `spark_master`: `typed` holds every line, `source` those used."""
        if engine == "spark":
            try:
                import pyspark  # noqa: F401
            except ImportError:
                raise KpipackError("engine_spark_missing") from None
            from .spark import SparkLines, session

            return _checked(lambda: SparkLines(session(spark_master or "local[2]"), [str(p) for p in self.paths],
                                               self.kind, select=self.select(spark=True), keep=USED), self.paths)
        materialize = self.kind == "csv"
        return _checked(lambda: DuckLines(self.relation(), select=self.select(taken_back=not materialize), keep=USED,
                                          memory_limit=_memory_limit(), materialize=materialize,
                                          settle=self.take_back() if materialize else None), self.paths)

    def check(self, engine) -> None:
        """Read every line once (`engine` from open): reading errors stop the build
        here, before anything is written; rejected lines become issues; control totals."""
        sums = _checked(lambda: engine.frame(
            "SELECT COUNT(*) AS n, COALESCE(SUM(net_sales), 0) AS net, "
            f"COUNT(*) FILTER (WHERE NOT ({USED})) AS bad, "
            f"COALESCE(SUM(net_sales) FILTER (WHERE NOT ({USED})), 0) AS bad_net FROM typed"), self.paths)
        self.rows_read, self.rows_used = int(sums["n"][0]), int(sums["n"][0] - sums["bad"][0])
        self.net_sales_read, self.net_sales_rejected = float(sums["net"][0]), float(sums["bad_net"][0])
        if sums["bad"][0]:
            self.issues = _rejects(engine, self.file_path)

    def sheet(self):
        """The files' place in the data-quality figures, as a sheet's."""
        import pandas as pd

        from ..ingest.headers import SheetMapping
        from ..ingest.tables import SheetTable
        from ..ingest.year_context import written_in_japanese

        headers = list(self.fields.values())
        return SheetTable(", ".join(p.name for p in self.paths[:3]) + (" …" if len(self.paths) > 3 else ""), "",
                          "sales", SheetMapping("sales", {}, headers), pd.DataFrame(),
                          issues=self.issues, rows_read=self.rows_read, rows_used=self.rows_used,
                          net_sales_read=self.net_sales_read, net_sales_rejected=self.net_sales_rejected,
                          japanese=written_in_japanese(headers, []))


def _categories(column):
    """An Arrow text column as a pandas categorical whose categories are sorted,
    so that sorting and grouping by it order the rows as the texts would."""
    import numpy as np
    import pandas as pd
    import pyarrow.compute as pc

    values = pc.unique(column).drop_null()
    values = values.take(pc.sort_indices(values))
    codes = pc.index_in(column, value_set=values).to_numpy(zero_copy_only=False)
    codes = np.where(np.isnan(codes), -1, codes) if codes.dtype.kind == "f" else codes
    return pd.Categorical.from_codes(codes.astype(np.int32), pd.Index(values.to_pylist(), dtype="str"))


def _named_from(table, names, named: list[str]) -> tuple:
    """The summary's `table` without its `<name>_named` flags, and each group's
    product and category (`named`) as those of its SKU and month in `names`
    (names_sql, one name each), null where no line of the group names one: as
    categoricals (`_categories`), made from the names' codes without a text
    per group."""
    import numpy as np
    import pandas as pd
    import pyarrow.compute as pc

    month = table["date"].to_numpy().astype("datetime64[M]").astype(np.int64)  # the group's month: its last sale's
    named_month = np.array([int(m[:4]) * 12 + int(m[5:7]) - 1 - 23_640 for m in names["month"].to_pylist()],
                           dtype=np.int64)  # the same numbering (months since 1970-01)
    low = min(month.min(initial=0), named_month.min(initial=0))  # months from the first: none below 0
    key, named_key = month - low, named_month - low
    del month
    if "sku" in names.column_names:  # (SKU, month) as one number: the SKU's place among the names' SKUs, then the month
        skus = pc.unique(names["sku"].drop_null())

        def place(column):
            return pc.fill_null(pc.index_in(column, value_set=skus), -1).to_numpy(zero_copy_only=False).astype(np.int64)
        span = int(max(key.max(initial=0), named_key.max(initial=0))) + 1
        key, named_key = (place(table["sku"]) + 1) * span + key, (place(names["sku"]) + 1) * span + named_key
    order = np.argsort(named_key)
    row = order[np.searchsorted(named_key[order], key)]  # every group's SKU and month is among the names'
    del key
    values = {}
    for k in named:
        of_names = _categories(names[k])
        flag = table[f"{k}_named"].to_numpy(zero_copy_only=False)
        values[k] = pd.Categorical.from_codes(np.where(flag, of_names.codes[row], -1).astype(np.int32),
                                              of_names.categories)
    return table.drop_columns([f"{k}_named" for k in named]), values


def _case(expr: str, mapping: dict[str, str]) -> str:
    """`expr` looked up in `mapping`; a value not in it stays (NULL for an empty mapping's blanks)."""
    if not mapping:
        return f"NULLIF({expr}, '')" if expr.startswith("TRIM") else expr
    whens = " ".join(f"WHEN {_text(k)} THEN {_text(v)}" for k, v in mapping.items())
    return f"CASE {expr} {whens} ELSE {'NULL' if expr.startswith('TRIM') else expr} END"


def _costed(body: str, others: list[str]) -> str:
    """`body`'s lines with a missing cost filled from `stock_costs` (store, sku, date,
    unit_cost, listed): the nearest snapshot by date of the same store and SKU, else
    the nearest of the SKU in any store; equally near, the earlier date, and of
    snapshots on one date the last listed before the line or the first after it
    (as parts.prepare_lines finds them with pandas' merge_asof)."""
    def nearest(name: str, on: str) -> str:
        return (f"{name} AS (SELECT n.store, n.sku, n.date, u.unit_cost, ROW_NUMBER() OVER ("
                "PARTITION BY n.store, n.sku, n.date ORDER BY ABS(EPOCH(n.date) - EPOCH(u.date)), "
                "CASE WHEN u.date <= n.date THEN -u.listed ELSE u.listed + 1 END) AS k "
                f"FROM need AS n JOIN stock_costs AS u ON {on})")

    def match(name: str) -> str:
        return (f"LEFT JOIN {name} ON {name}.k = 1 AND {name}.store IS NOT DISTINCT FROM t.store "
                f"AND {name}.sku = t.sku AND {name}.date = t.date")

    kept = ", ".join(f"t.{_quote(c)}" for c in others)
    return (f"WITH t AS ({body}), need AS (SELECT DISTINCT store, sku, date FROM t "
            "WHERE cost IS NULL AND qty IS NOT NULL AND sku IS NOT NULL), "
            + nearest("same_store", "u.store = n.store AND u.sku = n.sku") + ", "
            + nearest("any_store", "u.sku = n.sku") + " "
            f"SELECT {kept}, COALESCE(t.cost, t.qty * COALESCE(same_store.unit_cost, any_store.unit_cost)) AS cost "
            f"FROM t {match('same_store')} {match('any_store')}")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _memory_limit() -> str:
    """DuckDB's memory: spills to disk past it (default: 1.5 GB, KPIPACK_ENGINE_MEMORY overrides)."""
    return os.environ.get("KPIPACK_ENGINE_MEMORY", "1500MB")


def _rejects(engine, file_path) -> list[Issue]:
    """The first rejected lines, each with its file, row and reason; the rest counted."""
    frame = engine.frame(
        "SELECT _file, _row, date IS NULL AS no_date, net_sales, no_sale FROM typed "
        f"WHERE NOT ({USED}) ORDER BY _file, _row LIMIT {REJECTS_LISTED}")
    issues = []
    for file, row, no_date, net, no_sale in frame.itertuples(index=False):
        if no_date:
            code, params = "row_date_missing", {}
        elif no_sale is not None and no_sale == no_sale:  # "column\x1fvalue"
            column, _, value = str(no_sale).partition(chr(31))
            code, params = "row_not_sale_status", {"column": column, "value": value[:60]}
        else:
            code, params = "row_number_missing", {"field": "net_sales"}
        issues.append(Issue(Path(file_path(file)).name, "", int(row) if row == row and row is not None else 0, code, params,
                            None if net != net else float(net)))
    return issues


_LINE = re.compile(r"\bLine: (\d+)")
_FILE = re.compile(r"^\s*file = (.+)$", re.M)
_DETAIL = ("Error when converting", "Expected Number of Columns", "Could not convert", "Value with unterminated quote")


def _checked(work, paths: list[Path]):
    """Run `work`; a DuckDB reading error becomes one message naming the file and line."""
    import duckdb

    try:
        return work()
    except duckdb.Error as exc:
        message = str(exc)
        named = _FILE.search(message)
        file = Path(named.group(1).strip()).name if named else \
            next((p.name for p in paths if str(p) in message), paths[0].name if len(paths) == 1 else "")
        lines = [t.strip() for t in message.splitlines() if t.strip()]
        detail = next((t for t in lines if t.startswith(_DETAIL)), lines[0] if lines else type(exc).__name__)[:300]
        line = _LINE.search(message)
        if line:
            raise KpipackError("engine_read_row", file=file, row=line.group(1), detail=detail) from None
        raise KpipackError("engine_read", file=file or ", ".join(p.name for p in paths[:3]), detail=detail) from None


def claim(files: list[Path], mapping=None) -> tuple[LineFiles | None, list[Path]]:
    """The sales line files the engine reads (Parquet; CSV over CSV_ENGINE_BYTES
    whose header is a sales layout), and the files left for the importer."""
    from ..ingest.headers import classify

    overrides = mapping.for_role("sales") if mapping is not None else {}
    engine: list[tuple[Path, dict[str, str]]] = []
    rest: list[Path] = []
    for path in files:
        suffix = path.suffix.lower()
        if suffix not in PARQUET and not (suffix in CSV and path.exists() and path.stat().st_size >= CSV_ENGINE_BYTES):
            rest.append(path)
            continue
        headers = _headers(path, "parquet" if suffix in PARQUET else "csv")
        sheet = classify(headers, path.stem, overrides, forced_role="sales" if suffix in PARQUET else None)
        if sheet.role != "sales" or "date" not in sheet.columns.values() or "net_sales" not in sheet.columns.values():
            if suffix in PARQUET:
                raise KpipackError("engine_not_sales", file=path.name)
            rest.append(path)
            continue
        engine.append((path, {fld: headers[col] for col, fld in sheet.columns.items()}))
    if not engine:
        return None, rest
    kinds = {"parquet" if p.suffix.lower() in PARQUET else "csv" for p, _ in engine}
    first_path, fields = engine[0]
    for path, other in engine[1:]:
        if other != fields or len(kinds) > 1:
            raise KpipackError("engine_schema", file=path.name, first=first_path.name)
    lines = LineFiles([p for p, _ in engine], kinds.pop(), fields)
    if lines.kind == "parquet":
        _same_types(lines)
    return lines, rest


def _headers(path: Path, kind: str) -> list[str]:
    import duckdb

    reader = f"read_parquet({_text(str(path))})" if kind == "parquet" else \
        f"read_csv({_text(str(path))}, header = true, quote = '\"', escape = '\"')"
    rows = _checked(lambda: duckdb.connect().execute(f"DESCRIBE SELECT * FROM {reader}").fetchall(), [path])
    return [r[0] for r in rows]


def _same_types(lines: LineFiles) -> None:
    """Every Parquet file gives the mapped columns the same types as the first."""
    import duckdb

    con = duckdb.connect()
    wanted = set(lines.fields.values())
    first = None
    for path in lines.paths:
        rows = _checked(lambda: con.execute(
            f"DESCRIBE SELECT * FROM read_parquet({_text(str(path))})").fetchall(), [path])
        types = {name: kind for name, kind, *_ in rows if name in wanted}
        if first is None:
            first = (path, types)
        elif types != first[1]:
            changed = sorted(k for k in wanted if types.get(k) != first[1].get(k))
            raise KpipackError("engine_schema_type", file=path.name, first=first[0].name, columns=", ".join(changed))
    con.close()
