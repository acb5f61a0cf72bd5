"""The line-level parts: every computation that reads each sales line, written
once as SQL and run by a query engine.

Only these queries grow with the data; what they return is small (per store
and month, per SKU, per customer and day) and the KPI arithmetic works on it
in pandas. Each part is one SQL text in DuckDB's dialect over a relation
`lines` (the sales lines with their month and day derived from the date).
DuckDB runs it in-process (`DuckLines`: on the importer's Arrow table, or
straight on CSV/Parquet files, out of core); Spark runs the same text
transpiled by SQLGlot (`spark_sql`, used by `kpis.spark`).

Grouping keys are a parameter (store and month, month alone, or any other
line column such as a channel): a new scope is a new key list, not a new query.

Columns of `lines`: date (timestamp), store, receipt, customer, sku, product,
category (text), net_sales, cost, qty, transactions (numbers); any may be
missing except date and net_sales. `line_no` orders the lines as the inputs
list them (the first product name of a SKU is the first line's).
"""
from __future__ import annotations

import itertools
import threading
from contextlib import contextmanager
from typing import Iterable, Sequence

# month and day of each line, from its date; written once, used by every part
_LINES_BODY = "SELECT *, STRFTIME(date, '%Y-%m') AS month, CAST(date AS DATE) AS day FROM source"
_LINES = f"WITH lines AS ({_LINES_BODY}) "


def _names(keys: Iterable[str]) -> str:
    return ", ".join(f'"{k}"' for k in keys)


def _known(keys: Iterable[str]) -> str:
    return " AND ".join(f'"{k}" IS NOT NULL' for k in keys) or "TRUE"


def sales_sql(keys: Sequence[str], columns: Iterable[str]) -> str:
    """net_sales, pos_sales, neg_sales, cogs (known costs) and cogs_missing (lines
    without a cost), qty and qty_missing where the lines have a quantity."""
    has = set(columns)
    qty = (', COALESCE(SUM(qty), 0) AS qty, CAST(COUNT(*) - COUNT(qty) AS DOUBLE) AS qty_missing'
           if "qty" in has else "")
    cost = ("COALESCE(SUM(cost), 0) AS cogs, CAST(COUNT(*) - COUNT(cost) AS DOUBLE) AS cogs_missing"
            if "cost" in has else "0.0 AS cogs, CAST(COUNT(*) AS DOUBLE) AS cogs_missing")
    return (_LINES + f"SELECT {_names(keys)}, COALESCE(SUM(net_sales), 0) AS net_sales, "
            "COALESCE(SUM(GREATEST(net_sales, 0)), 0) AS pos_sales, "
            f"COALESCE(SUM(LEAST(net_sales, 0)), 0) AS neg_sales, {cost}{qty} "
            f"FROM lines WHERE {_known(keys)} GROUP BY {_names(keys)}")


def transactions_sql(keys: Sequence[str]) -> str:
    """Receipts (store, month, receipt) whose lines sum to more than zero, counted per
    group; a key other than store and month (a channel) is the receipt's first line's.
    The sum is rounded to 6 decimals: lines of 0.1 + 0.2 - 0.3 net to zero in
    whatever order an engine adds them, not to a float residue."""
    receipt = ["store", "month", "receipt"]
    firsts = "".join(f', ARG_MIN("{k}", line_no) AS "{k}"' for k in keys if k not in receipt)
    return (_LINES + f", receipts AS (SELECT {_names(receipt)}{firsts}, ROUND(SUM(net_sales), 6) AS amount "
            f"FROM lines WHERE {_known(receipt)} GROUP BY {_names(receipt)}) "
            f"SELECT {_names(keys)}, CAST(SUM(CASE WHEN amount > 0 THEN 1 ELSE 0 END) AS DOUBLE) AS transactions "
            f"FROM receipts WHERE {_known(keys)} GROUP BY {_names(keys)}")


def transactions_column_sql(keys: Sequence[str]) -> str:
    """The lines' own transactions column summed (exports without receipt numbers)."""
    return (_LINES + f"SELECT {_names(keys)}, SUM(transactions) AS transactions FROM lines "
            f"WHERE {_known(keys)} GROUP BY {_names(keys)}")


def customers_sql(keys: Sequence[str]) -> str:
    """Distinct identified customers with a line of positive net sales, per group
    (0 where the group has lines but no such customer)."""
    return (_LINES + f"SELECT {_names(keys)}, CAST(COUNT(DISTINCT CASE WHEN net_sales > 0 THEN customer END) "
            f"AS DOUBLE) AS customers FROM lines WHERE {_known(keys)} GROUP BY {_names(keys)}")


def _month_no(day: str) -> str:
    """A day's month as a number (year × 12 + month − 1): months a window spans are subtracted."""
    return f"(YEAR({day}) * 12 + MONTH({day}) - 1)"


ACTIVE_DAYS = 180  # a customer with a purchase in the days to a month end is active there


def customer_months_sql() -> str:
    """Each identified customer's month at each store (a store left blank its own
    group): the spending and purchase days customer_events_sql starts from, so
    that the chain's and the stores' events come from one reading of the lines."""
    return (_LINES + f"SELECT store, customer, month, {_month_no('MAX(day)')} AS num, SUM(net_sales) AS amount, "
            f"{_BOUGHT_DAYS} FROM lines WHERE customer IS NOT NULL GROUP BY store, customer, month")


# a customer's first and last purchase day in a group of lines: days with a line of positive net sales
_BOUGHT_DAYS = ("MIN(CASE WHEN net_sales > 0 THEN day END) AS first_day, "
                "MAX(CASE WHEN net_sales > 0 THEN day END) AS last_day")


def customer_events_sql(keys: Sequence[str], active_days: int = ACTIVE_DAYS, months_from: str | None = None) -> str:
    """What the customer KPIs of each group are counted from, per month number:
    a few rows per group and month whatever the number of lines or customers.

    From each identified customer's months with a line of positive net sales
    (purchase days and the last of them per month) and months with any line
    (spending), rows (keys..., kind, num, n):
    - buyers, new: customers buying in month num, and those buying for the first time;
    - window, repeat, active, spenders: steps (+1 where a customer's span starts,
      −1 after it ends, spans of one customer never overlapping), so a running sum
      up to month m counts customers with a purchase in the twelve months to m
      (window), with two purchase days or more there (repeat), with a purchase in
      the `active_days` days to m's last day (active), with any line in the twelve
      months to m (spenders);
    - lost: customers active at the end of month num − 1 and not at num's;
    - spend: identified customers' net sales in month num (returns included).
    A customer is active at a month end E from a purchase day d while d ≤ E < d + active_days:
    from d's month to the month before that of d + active_days.
    `months_from`: a table of customer_months_sql's rows, read in the place of the lines."""
    sel = "".join(f'"{k}", ' for k in keys)
    who = _names([*keys, "customer"])
    known = _known([*keys, "customer"])

    def steps(kind: str, rows: str, start: str, end: str, where: str = "TRUE") -> str:
        return (f"SELECT {sel}'{kind}' AS kind, {start} AS num, 1.0 AS n FROM {rows} WHERE {where} UNION ALL "
                f"SELECT {sel}'{kind}' AS kind, {end} + 1 AS num, -1.0 AS n FROM {rows} WHERE {where}")

    # each customer's month grouped once: spending from every line, purchases from the positive ones
    # (two purchase days or more where the first and last differ: no distinct count)
    if months_from is None:
        months = (f"SELECT {sel}customer, {_month_no('MAX(day)')} AS num, SUM(net_sales) AS amount, {_BOUGHT_DAYS} "
                  f"FROM lines WHERE {known} GROUP BY {sel}customer, month")
    elif list(keys) == ["store"]:  # the table's own grain
        months = f"SELECT {sel}customer, num, amount, first_day, last_day FROM {months_from} WHERE {known}"
    else:
        months = (f"SELECT {sel}customer, MAX(num) AS num, SUM(amount) AS amount, MIN(first_day) AS first_day, "
                  f"MAX(last_day) AS last_day FROM {months_from} WHERE {known} GROUP BY {sel}customer, month")
    return (_LINES +
            f", months AS ({months}), "
            f"bought AS (SELECT {sel}customer, num, CASE WHEN first_day < last_day THEN 2 ELSE 1 END AS days, "
            f"{_month_no(f'last_day + INTERVAL {int(active_days)} DAY')} - 1 AS active_end FROM months "
            "WHERE last_day IS NOT NULL), "
            f"seq AS (SELECT *, LAG(num) OVER (PARTITION BY {who} ORDER BY num) AS prev_num, "
            f"LEAD(num) OVER (PARTITION BY {who} ORDER BY num) AS next_num, "
            f"LAG(active_end) OVER (PARTITION BY {who} ORDER BY num) AS prev_active_end FROM bought), "
            "rep AS (SELECT *, GREATEST(CASE WHEN days >= 2 THEN num + 11 ELSE -1 END, "
            "CASE WHEN prev_num + 11 >= num THEN prev_num + 11 ELSE -1 END) AS repeat_end FROM seq), "
            f"reps AS (SELECT *, GREATEST(num, COALESCE(MAX(repeat_end) OVER (PARTITION BY {who} ORDER BY num "
            "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), -1) + 1) AS repeat_start FROM rep), "
            f"spends AS (SELECT *, LAG(num) OVER (PARTITION BY {who} ORDER BY num) AS prev_num FROM months), "
            "steps AS ("
            f"SELECT {sel}'buyers' AS kind, num, 1.0 AS n FROM seq UNION ALL "
            f"SELECT {sel}'new' AS kind, num, 1.0 AS n FROM seq WHERE prev_num IS NULL UNION ALL "
            + steps("window", "seq", "GREATEST(num, COALESCE(prev_num + 12, num))", "num + 11") + " UNION ALL "
            + steps("repeat", "reps", "repeat_start", "repeat_end", "repeat_start <= repeat_end") + " UNION ALL "
            + steps("active", "seq", "GREATEST(num, COALESCE(prev_active_end + 1, num))", "active_end",
                    "GREATEST(num, COALESCE(prev_active_end + 1, num)) <= active_end") + " UNION ALL "
            f"SELECT {sel}'lost' AS kind, active_end + 1 AS num, 1.0 AS n FROM seq "
            "WHERE next_num IS NULL OR next_num > active_end + 1 UNION ALL "
            + steps("spenders", "spends", "GREATEST(num, COALESCE(prev_num + 12, num))", "num + 11") + " UNION ALL "
            f"SELECT {sel}'spend' AS kind, num, amount AS n FROM months) "
            f"SELECT {sel}kind, num, SUM(n) AS n FROM steps GROUP BY {sel}kind, num")


def selling_pairs_sql() -> str:
    """Distinct (store, month, sku) with a line of positive net sales: the pairs a stockout is checked on."""
    cols = ["store", "month", "sku"]
    return _LINES + f"SELECT DISTINCT {_names(cols)} FROM lines WHERE {_known(cols)} AND net_sales > 0"


def sku_sales_sql(key: str, first_month: str, last_month: str, columns: Iterable[str],
                  where: str = "TRUE") -> str:
    """Net sales per SKU (or product) over the months, with the product and
    category of its first line that names them: the ABC analysis' input."""
    has = set(columns)
    extras = "".join(f', ARG_MIN("{c}", line_no) FILTER (WHERE "{c}" IS NOT NULL) AS "{c}"'
                     for c in ("product", "category") if c in has and c != key)
    return (_LINES + f'SELECT "{key}" AS sku, SUM(net_sales) AS net_sales{extras}, MIN(line_no) AS first_line '
            f"FROM lines WHERE month >= '{first_month}' AND month <= '{last_month}' AND \"{key}\" IS NOT NULL "
            f'AND {where} GROUP BY "{key}"')


def daily_units_sql(keys: Sequence[str] = ("store", "sku"), where: str = "TRUE") -> str:
    """Units and net sales per pair and day: the demand history replenishment forecasts from."""
    cols = [*keys, "day"]
    return (_LINES + f"SELECT {_names(cols)}, COALESCE(SUM(qty), 0) AS units, "
            f"COALESCE(SUM(net_sales), 0) AS net_sales, COUNT(*) AS lines FROM lines "
            f"WHERE {_known(cols)} AND {where} GROUP BY {_names(cols)}")


def _part_of(keys: Sequence[str], parts: int) -> str:
    """SQL of the part (0 … parts − 1) a pair is in: its last key hashed."""
    return f'ABS(HASH("{keys[-1]}") % {parts})'


def _stable_order(code):
    """The order that sorts `code` (whole numbers ≥ 0), equal codes in their order:
    a pass per 16 bits (numpy sorts 16-bit keys by radix, in linear time; a
    sort of the whole 64-bit codes compares, three times slower here)."""
    import numpy as np

    order = np.arange(len(code))
    top, shift = int(code.max()) if len(code) else 0, 0
    while True:
        digit = ((code[order] >> shift) & 0xFFFF).astype(np.uint16)
        order = order[np.argsort(digit, kind="stable")]
        shift += 16
        if top >> shift == 0:
            return order


def _gathered(daily, keys: Sequence[str]):
    """daily_units_sql's rows (an Arrow table) as LineParts.daily_series gives them:
    one row per pair, its days, units and line counts as lists. The engine's
    grouping into lists costs more than its daily grouping; here the rows are
    put in pair order by the pairs' numbers and the lists are views of them."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    code = np.zeros(daily.num_rows, dtype=np.int64)
    for key in keys:  # the pair as one number: each key's place among its distinct values
        encoded = pc.dictionary_encode(daily[key]).combine_chunks()
        code = code * len(encoded.dictionary) + encoded.indices.to_numpy().astype(np.int64)
    order = _stable_order(code)
    ordered = code[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else np.zeros(0, np.int64)
    offsets = pa.array(np.r_[starts, len(ordered)].astype(np.int32))
    order, firsts = pa.array(order), pa.array(order[starts])
    columns = {key: daily[key].take(firsts) for key in keys}
    for name, column in (("days", "day"), ("units", "units"), ("lines", "lines")):
        columns[name] = pa.ListArray.from_arrays(offsets, daily[column].take(order).combine_chunks())
    return pa.table(columns)


SERIES_LINES_PER_PART = 2_000_000  # sales lines per part of the daily series (the memory of a part's lists)
SCANNED_LINES_PER_PART = 10_000_000  # the same where each part scans every line (past DuckLines.kept_lines)
_KEPT = itertools.count()  # the names of the tables DuckLines.kept keeps


def _text(value: str) -> str:
    """A SQL text literal."""
    return "'" + str(value).replace("'", "''") + "'"


def _quote(name: str) -> str:
    """A SQL name (a column's, as the files write it)."""
    return '"' + name.replace('"', '""') + '"'


def reached_sql(x: str, starts: list[int]) -> str:
    """SQL of how many of `starts` (ascending whole numbers, any repeated) the
    whole number `x` has reached (is at or past): a binary search of nested
    CASEs, so a line asks about ten questions of 1,000 starts, not 1,000. A
    run of starts one apart (an empty line after every line) is one step."""
    runs = []  # [first, last, times, reached before it]
    for start in starts:
        if runs and runs[-1][1] == start == runs[-1][0]:
            runs[-1][2] += 1
        elif runs and runs[-1][1] + 1 == start and runs[-1][2] == 1:
            runs[-1][1] = start
        else:
            before = runs[-1][3] + runs[-1][2] * (runs[-1][1] - runs[-1][0] + 1) if runs else 0
            runs.append([start, start, 1, before])

    def within(lo: int, hi: int) -> str:  # x at or past runs[lo]'s first, before runs[hi]'s
        if hi - lo == 1:
            first, last, times, before = runs[lo]
            return str(before + times) if first == last else \
                f"{before} + LEAST({x} - {first} + 1, {last - first + 1})"
        mid = (lo + hi) // 2
        return f"CASE WHEN {x} >= {runs[mid][0]} THEN {within(mid, hi)} ELSE {within(lo, mid)} END"
    return f"CASE WHEN {x} >= {runs[0][0]} THEN {within(0, len(runs))} ELSE 0 END" if runs else "0"


def spark_sql(sql: str) -> str:
    """The same query in Spark SQL."""
    import sqlglot

    return sqlglot.transpile(sql, read="duckdb", write="spark")[0]


class DuckLines:
    """Sales lines registered with an in-process DuckDB connection as `source`.

    `source` is a pandas frame (its columns are handed over as Arrow, without a
    copy where they are Arrow already), an Arrow table, or a DuckDB relation
    text such as "read_parquet(['a.parquet'])" for files read out of core; with
    a relation, `select` (SQL over `raw_source`, the relation) may rename and
    convert its columns."""

    kept_lines = 30_000_000  # lines whose daily rows a kept table holds in the engine's memory (10M: 9 million rows)

    def __init__(self, source, columns: Sequence[str] | None = None, threads: int | None = None,
                 select=None, keep: str | None = None, memory_limit: str | None = None,
                 materialize: bool = False, read: Sequence[str] | None = None,
                 derived: Sequence[tuple[str, str]] = (), view=None, query_memory_limit: str | None = None):
        """With a relation: `select` (SQL over `raw_source`) is the view `typed`,
        and `source` its lines that pass `keep`; `select` may be a function of
        `batches` (SQL over `raw_source` -> its result in pandas frames) giving
        that SQL. `materialize`: `typed` is read once into a table in a scratch
        database on disk (CSV text is parsed once, not at every part; DuckDB
        spills past its memory limit); with `read`, the relation's columns
        `select` reads are parsed once into a table first, numbered in the
        files' order (`_line_no`), for `select`'s questions and `typed`, with
        the `derived` columns (name, SQL over the relation) worked out as they
        are parsed. Where `view()` says so once `select` is made (it reads each
        line alone: no window or join over the lines), `typed` stays a view
        over that table: the lines are written once, not parsed and then
        copied. A `select` giving each line's month and day spares the parts
        working them out. `query_memory_limit`: DuckDB's memory for the parts'
        queries once the lines are parsed (the parse may have more). A
        function `select` gets `register(name, frame)` too, to put small
        tables beside the lines, and, where the text is parsed, `update(sql)`
        to change the parsed lines in place."""
        import duckdb

        self._lock = threading.Lock()  # one query at a time on the connection, whichever thread asks
        config = {"threads": threads} if threads else {}
        if memory_limit:
            config["memory_limit"] = memory_limit
        self._scratch = None
        self._lines = _LINES  # what `kept` puts for the lines: settled once `source` is made
        if isinstance(source, str):  # files: spilled past the memory limit into a folder of ours, never the cwd
            import tempfile

            self._scratch = tempfile.TemporaryDirectory(prefix="kpipack-lines-")
            config["temp_directory"] = self._scratch.name
        self.con = duckdb.connect(f"{self._scratch.name}/lines.duckdb" if materialize and self._scratch else
                                  ":memory:", config=config)
        self.con.execute("SET enable_progress_bar = false")  # the build's own progress display is the one shown
        if isinstance(source, str):
            self.con.execute(f"CREATE VIEW raw_source AS SELECT * FROM {source}")
            parsed = materialize and read is not None
            if parsed:
                worked = {name for name, _ in derived}  # a derived column of a read one's name stands in its place
                made = [_names([c for c in read if c not in worked])] + \
                    [f"{sql} AS {_names([name])}" for name, sql in derived]
                self.con.execute(f"CREATE TABLE raw_lines AS SELECT {', '.join(made)} FROM {source}")
                self.con.execute("CREATE OR REPLACE VIEW raw_source AS SELECT *, rowid AS _line_no FROM raw_lines")
            if callable(select):  # a parsed CSV's lines may be changed in place (a date read from its text)
                select = select(self.batches, self.con.register, update=self._update if parsed else None,
                                kept=self.kept if parsed else None)
            select = select or "SELECT * FROM raw_source"
            dated = {"month", "day"} <= {c for c, *_ in self.con.execute(
                f"SELECT * FROM ({select}) LIMIT 0").description}
            materialize = materialize and not (parsed and view is not None and view())
            if materialize:  # each line's month and day worked out once, as it is parsed, not in every part
                self.con.execute(f"CREATE TABLE typed AS "
                                 f"{select if dated else _LINES_BODY.replace('source', f'({select})', 1)}")
                if parsed:  # the parsed text has given its lines: its disk space back
                    self.con.execute("DROP VIEW raw_source")
                    self.con.execute("DROP TABLE raw_lines")
                    self.con.execute("CHECKPOINT")
            else:
                self.con.execute(f"CREATE VIEW typed AS {select}")
            self._lines = "WITH lines AS (SELECT * FROM source) " if materialize or dated else _LINES
            self.con.execute(f"CREATE VIEW source AS SELECT * FROM typed WHERE {keep or 'TRUE'}")
            if query_memory_limit:
                self.con.execute(f"SET memory_limit = {_text(query_memory_limit)}")
            # a table keeps the lines in the files' order: its row ids number them (line_no does, when parsed first)
            self.row_order = "rowid" if materialize and not parsed else None
        else:
            # the frame's month (worked out once per distinct day) and day come with its columns
            self.con.register("source", _arrow(source, columns))
            self._lines = "WITH lines AS (SELECT * FROM source) "
        self.columns = [c for c, in self.con.execute(
            "SELECT column_name FROM (DESCRIBE source)").fetchall()]

    def batches(self, sql: str, rows: int = 100_000):
        """The query's result as pandas frames of up to `rows` rows each."""
        with self._lock:
            reader = self.con.sql(sql).to_arrow_reader(rows)
            told = False
            for batch in reader:
                told = True
                yield batch.to_pandas()
            if not told:
                yield reader.schema.empty_table().to_pandas()

    def _update(self, sql: str) -> None:
        """`UPDATE` of the parsed lines' table: `sql` is what follows its name."""
        with self._lock:
            self.con.execute(f"UPDATE raw_lines {sql}")

    @contextmanager
    def kept(self, sql: str):
        """`sql`'s result kept in a table while the block runs (its name given), then dropped."""
        name = f"kpipack_kept_{next(_KEPT)}"
        with self._lock:
            self.con.execute(f"CREATE TEMP TABLE {name} AS {sql.replace(_LINES, self._lines, 1)}")
        try:
            yield name
        finally:
            with self._lock:
                self.con.execute(f"DROP TABLE IF EXISTS {name}")

    def define_source(self, sql: str, tables: dict | None = None) -> None:
        """`source` becomes `sql` (over `typed`), with `tables` (name -> pandas
        frame) beside it; only for lines read from files."""
        with self._lock:
            for name, table in (tables or {}).items():
                self.con.register(name, table)
            self.con.execute(f"CREATE OR REPLACE VIEW source AS {sql}")

    def frame(self, sql: str):
        """The query's result as a pandas frame."""
        sql = sql.replace(_LINES, self._lines, 1)
        with self._lock:
            return self.con.sql(sql).to_arrow_table().to_pandas(date_as_object=False)

    def arrow(self, sql: str):
        """The query's result as an Arrow table (list columns stay flat arrays)."""
        sql = sql.replace(_LINES, self._lines, 1)
        with self._lock:
            return self.con.sql(sql).to_arrow_table()

    def close(self) -> None:
        self.con.close()
        if self._scratch is not None:
            self._scratch.cleanup()


def _arrow(lines, columns: Sequence[str] | None):
    """The line columns the parts read, as an Arrow table with the line order."""
    import pyarrow as pa

    if isinstance(lines, pa.Table):
        return lines
    wanted = [c for c in (columns or LINE_COLUMNS) if c in lines.columns]
    table = pa.Table.from_pandas(lines[wanted], preserve_index=False)
    if "month" in lines.columns:  # the engine's month label, already made: the queries need not format it
        import pyarrow.compute as pc

        table = table.append_column("month", pa.Array.from_pandas(lines["month"]).cast(pa.string()))
        table = table.append_column("day", pc.cast(pc.floor_temporal(table["date"], unit="day"), pa.date32()))
    else:
        import pyarrow.compute as pc

        table = table.append_column("month", pc.strftime(table["date"], format="%Y-%m"))
        table = table.append_column("day", pc.cast(pc.floor_temporal(table["date"], unit="day"), pa.date32()))
    if "line_no" not in wanted:
        import numpy as np

        table = table.append_column("line_no", pa.array(np.arange(len(lines), dtype=np.int64)))
    return table


LINE_COLUMNS = ("date", "store", "receipt", "customer", "sku", "product", "category", "channel", "net_sales", "cost",
                "qty", "transactions", "line_no")


class LineParts:
    """The parts as pandas frames, from any engine with `frame(sql)` and `columns`
    (DuckLines here, kpis.spark.SparkLines on a cluster). `engine` may be a
    function that makes one: it is called when the first part is asked for
    (a rebuild that finds its parts kept may never need the lines' engine)."""

    def __init__(self, engine):
        self._engine = engine
        self._made = threading.Lock()

    @property
    def engine(self):
        with self._made:
            if callable(self._engine) and not hasattr(self._engine, "frame"):
                self._engine = self._engine()
        return self._engine

    @property
    def columns(self) -> set[str]:
        return set(self.engine.columns)

    def _indexed(self, sql: str, keys: Sequence[str]):
        frame = self.engine.frame(sql)
        return frame.set_index(list(keys)) if keys else frame

    def sales(self, keys: Sequence[str]):
        """sales_sql per group, indexed by the keys (worked out once per key list)."""
        memo = self.__dict__.setdefault("_sales", {})
        if tuple(keys) not in memo:
            memo[tuple(keys)] = self._indexed(sales_sql(keys, self.columns), keys)
        return memo[tuple(keys)].copy()

    def transactions(self, keys: Sequence[str]):
        """Transactions per group (0 where a group has lines but no positive
        receipt), from receipts, else from a transactions column; None without either."""
        if "receipt" in self.columns and self._any("receipt"):
            return self._receipts_counted(keys).reindex(self.sales(keys).index, fill_value=0.0)  # groups with lines
        if "transactions" in self.columns and self._any("transactions"):
            return self._indexed(transactions_column_sql(keys), keys)["transactions"]
        return None

    def _receipts_counted(self, keys: Sequence[str]):
        """transactions_sql per group. A receipt is keyed by its store and month, so
        the count per month (or channel and month) is the sum of the counts per
        store and month (store, channel and month): the receipts are grouped
        once, not again for the coarser key."""
        memo = self.__dict__.setdefault("_receipts", {})
        if tuple(keys) not in memo:
            if keys and "store" not in keys:
                finer = self._receipts_counted(["store", *keys] + ([] if "month" in keys else ["month"]))
                memo[tuple(keys)] = finer.groupby(level=list(keys)).sum()
            else:
                memo[tuple(keys)] = self._indexed(transactions_sql(keys), keys)["transactions"]
        return memo[tuple(keys)]

    def has(self, column: str) -> bool:
        """Whether the lines have the column with a value in it."""
        return column in self.columns and self._any(column)

    def _any(self, column: str) -> bool:
        """Whether a line has a value in the column (asked once per column: each asking reads the lines)."""
        memo = self.__dict__.setdefault("_filled", {})
        if column not in memo:
            memo[column] = bool(self.engine.frame(f'SELECT COUNT("{column}") AS n FROM source')["n"].iloc[0])
        return memo[column]

    def customers(self, keys: Sequence[str]):
        """customers_sql per group, as a series indexed by the keys."""
        return self._indexed(customers_sql(keys), keys)["customers"]

    def customer_events(self, keys: Sequence[str] = ()):
        """customer_events_sql per group; None where the lines have no customer column."""
        if "customer" not in self.columns:
            return None
        return self.engine.frame(customer_events_sql(keys))

    def customer_events_of_chain_and_stores(self):
        """customer_events of the chain and per store (None, None without a customer
        column), both from the customers' months grouped once."""
        if "customer" not in self.columns:
            return None, None
        if "store" not in self.columns:
            return self.customer_events(), self.customer_events(["store"])
        with self.engine.kept(customer_months_sql()) as months:
            return tuple(self.engine.frame(customer_events_sql(keys, months_from=months)) for keys in ((), ["store"]))

    def selling_pairs(self):
        return self.engine.frame(selling_pairs_sql()) if "sku" in self.columns else None

    def sku_sales(self, first_month: str, last_month: str, store: str | None = None):
        """sku_sales_sql over the months (one store's lines or all), keyed by the SKU
        where the lines have one, else by the product name; None with neither."""
        key = "sku" if "sku" in self.columns and self._any("sku") else "product" if "product" in self.columns \
            else None
        if key is None:
            return None
        where = "TRUE" if store is None else f"store = {_text(store)}"
        return self.engine.frame(sku_sales_sql(key, first_month, last_month, self.columns, where))

    def daily_units(self, keys: Sequence[str] = ("store", "sku")):
        """Units and net sales per (store, sku) and day: replenishment's demand history."""
        return self.engine.frame(daily_units_sql(keys))

    def daily_series(self, keys: Sequence[str] = ("store", "sku")):
        """Each pair's daily units and line counts gathered into one row (its days,
        units and line counts as lists: a long history handed over without the
        pair's text repeated on every day), as Arrow tables (`_gathered`), in
        parts of about SERIES_LINES_PER_PART lines each, one at a time. The lines are grouped by pair and day once,
        into a table the parts then read (not a scan of the lines per part), where the engine holds that table:
        on Spark always, on DuckDB up to `engine.kept_lines` lines; past that each part groups its own pairs' lines
        (100M lines' 80 million pair-days do not fit DuckDB's memory, and sorting them by part ran it out)."""
        import math

        engine = self.engine
        count = int(engine.frame("SELECT COUNT(*) AS n FROM source")["n"].iloc[0])
        parts = max(1, math.ceil(count / SERIES_LINES_PER_PART))
        daily = f"SELECT {_names([*keys, 'day'])}, units, lines FROM ({daily_units_sql(keys)})"  # net sales: not added
        if parts == 1:
            yield _gathered(engine.arrow(daily), keys)
            return
        if count > (getattr(engine, "kept_lines", None) or count):  # a scan of the lines per part: fewer, larger parts
            parts = math.ceil(count / SCANNED_LINES_PER_PART)
            for n in range(parts):
                part = daily_units_sql(keys, f"{_part_of(keys, parts)} = {n}")
                yield _gathered(engine.arrow(f"SELECT {_names([*keys, 'day'])}, units, lines FROM ({part})"), keys)
            return
        # the days in the order of their parts: a part's read skips the others' blocks
        with engine.kept(f"SELECT *, {_part_of(keys, parts)} AS _part FROM ({daily}) ORDER BY _part") as kept:
            for n in range(parts):
                yield _gathered(engine.arrow(f"SELECT {_names([*keys, 'day'])}, units, lines FROM {kept} "
                                             f"WHERE _part = {n}"), keys)
