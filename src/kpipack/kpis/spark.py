"""The line-level parts on Apache Spark, for a chain whose sales lines live on
a cluster: the same SQL texts as DuckDB runs (lineparts), transpiled to Spark
SQL by SQLGlot, over Parquet or CSV paths the cluster can read. Only the
aggregates come back.

Needs the `spark` extra (pyspark) and Java 17 where the driver runs.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Sequence

from .lineparts import _KEPT, spark_sql

_BAD = "_kpipack_line"  # a CSV line Spark could not read whole, as its text
UNEVEN_LISTED = 1000


def session(master: str = "local[2]", app: str = "kpipack"):
    """A Spark session on `master` (local[N], spark://host:7077, yarn, k8s://…)."""
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.master(master).appName(app)
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.ui.showConsoleProgress", "false")
               # this rule turns the customer part's plan (CTEs read several times) invalid on Spark 4
               .config("spark.sql.optimizer.excludedRules",
                       "org.apache.spark.sql.catalyst.optimizer.PushdownPredicatesAndPruneColumnsForCTEDef"))
    if master.startswith("local"):  # one machine: a few shuffle partitions, not a cluster's 200
        builder = builder.config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")  # the user sees kpipack's messages, not the JVM's warnings
    return spark


class SparkLines:
    """Sales lines at `paths` (Parquet, or CSV with a header line) as the view
    `source`; `select` renames or derives columns (SQL in DuckDB's dialect,
    such as linefiles.LineFiles.select writes) is the view `typed`, and
    `source` its lines passing `keep`, as DuckLines takes them (`select` may
    be a function of `batches`, as there)."""

    def __init__(self, spark, paths: Sequence[str], kind: str = "parquet", select: str | None = None,
                 keep: str | None = None, separator: str = ",", multiline: bool = False):
        self.spark = spark
        self.uneven: list[tuple[str, int, int]] = []  # CSV lines of more cells than the header: (file, cells, header's)
        self.uneven_count = 0
        reader = spark.read
        if kind == "csv":
            frame = self._csv(list(paths), separator, multiline)
        else:
            frame = reader.parquet(*paths)
        frame.createOrReplaceTempView("raw_source")
        if callable(select):  # the select asks the files first (see linefiles.LineFiles.select)
            select = select(self.batches, self.register)
        spark.sql(f"CREATE OR REPLACE TEMP VIEW typed AS {spark_sql(select or 'SELECT * FROM raw_source')}")
        spark.sql(f"CREATE OR REPLACE TEMP VIEW source AS SELECT * FROM typed WHERE {spark_sql(keep or 'TRUE')}"
                  if keep else "CREATE OR REPLACE TEMP VIEW source AS SELECT * FROM typed")
        self.columns = spark.table("source").columns

    def _csv(self, paths: list[str], separator: str, multiline: bool = False):
        """The CSV lines with their types as Spark finds them, but for a line of more cells than the header
        (an unquoted separator in a name): Spark would keep its first cells and read the line shifted. Such
        lines are left out and listed (`uneven`, as many as UNEVEN_LISTED, and `uneven_count`), as DuckDB's
        reader sets them aside; a line of fewer cells is read with its last cells empty, as there. Files
        with a line break inside a quoted cell are read `multiline`: each file whole by one task, as a
        line-by-line split would cut such a line in two."""
        import re

        from pyspark.sql.types import StringType

        # a line's cells are counted only where all of them are parsed, whatever columns a query reads
        self.spark.conf.set("spark.sql.csv.parser.columnPruning.enabled", "false")
        # a quote inside a quoted cell doubled (5"" TV), as in Excel's CSV and as DuckDB reads it
        reader = self.spark.read.option("header", "true").option("sep", separator).option("escape", '"') \
            .option("multiLine", "true" if multiline else "false")
        schema = reader.option("inferSchema", "true").csv(paths).schema
        names = [f"`{f.name.replace('`', '``')}`" for f in schema.fields]
        columns, header = ", ".join(names), len(names)
        reader.schema(schema.add(_BAD, StringType())).option("columnNameOfCorruptRecord", _BAD).csv(paths) \
            .createOrReplaceTempView("kpipack_raw_csv")
        # the line's cells: its separators outside quoted cells, plus one
        split = re.escape(separator).replace("\\", "\\\\").replace("'", "\\'")
        cells = f"SIZE(SPLIT(REGEXP_REPLACE({_BAD}, '\"[^\"]*\"', ''), '{split}'))"
        longer = f"({_BAD} IS NOT NULL AND {cells} > {header})"
        found = self.spark.sql(f"SELECT input_file_name() AS f, {cells} AS n, {columns} FROM kpipack_raw_csv "
                               f"WHERE {longer}").limit(UNEVEN_LISTED).collect()
        if found:
            self.uneven = [(r["f"], int(r["n"]), header) for r in found]
            # a query of the line's text alone is refused by Spark: a column of the line's is asked too
            self.uneven_count = self.spark.sql(f"SELECT COUNT(*) AS n, MAX({names[0]}) AS first "
                                               f"FROM kpipack_raw_csv WHERE {longer}").collect()[0]["n"]
        return self.spark.sql(f"SELECT {columns} FROM kpipack_raw_csv WHERE NOT {longer}")

    def register(self, name: str, table) -> None:
        """A small pandas frame as the view `name`, beside the lines."""
        self.spark.createDataFrame(table).createOrReplaceTempView(name)

    def batches(self, sql: str):
        """The query's result (DuckDB's dialect) as pandas frames; a few distinct values, on the driver."""
        yield self.frame(sql)

    def define_source(self, sql: str, tables: dict | None = None) -> None:
        """`source` becomes `sql` (DuckDB's dialect, over `typed`), with `tables`
        (name -> pandas frame, small) beside it as views."""
        for name, table in (tables or {}).items():
            self.spark.createDataFrame(table).createOrReplaceTempView(name)
        self.spark.sql(f"CREATE OR REPLACE TEMP VIEW source AS {spark_sql(sql)}")
        self.columns = self.spark.table("source").columns

    def frame(self, sql: str):
        """The query's result as a pandas frame (dates as datetime64, as DuckLines gives them)."""
        import pandas as pd

        import warnings

        result = self.spark.sql(spark_sql(sql))
        with warnings.catch_warnings():  # pyspark's notes on pandas versions are not the user's business
            warnings.simplefilter("ignore", FutureWarning)
            out = result.toPandas()
        for f in result.schema.fields:
            if f.dataType.typeName() == "date":
                out[f.name] = pd.to_datetime(out[f.name])
        return out

    def arrow(self, sql: str):
        """The query's result (DuckDB's dialect) as an Arrow table."""
        return self.spark.sql(spark_sql(sql)).toArrow()

    @contextmanager
    def kept(self, sql: str):
        """`sql`'s result (DuckDB's dialect) cached on the cluster while the block
        runs (its name given), then let go: the parts read it, not the lines again."""
        name = f"kpipack_kept_{next(_KEPT)}"
        self.spark.sql(f"CACHE TABLE {name} AS {spark_sql(sql)}")
        try:
            yield name
        finally:
            self.spark.sql(f"UNCACHE TABLE IF EXISTS {name}")
            self.spark.catalog.dropTempView(name)

    def close(self) -> None:
        self.spark.catalog.dropTempView("source")
