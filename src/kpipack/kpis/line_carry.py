"""Receipt fields written on a receipt's first line only, carried down its
lines in a big CSV as the importer carries them in a sheet (ingest.carry):

- a line with neither a receipt number nor a date, but with an item (a SKU
  or product that is not a totals label), continues the receipt above it;
- a receipt's consecutive lines take the receipt fields left blank from the
  line above that has them.

The parsed lines' table is changed in place, once, and only where the files
show the layout: a line continuing a receipt, one with a receipt number but
no date, or one leaving blank a field (a member number) that the line above,
of the same receipt, gives (looked for in the files' first million lines).
Lines are in the file's order where the CSV is parsed here (not
on Spark, nor for Parquet, whose files are written by systems, not laid out
by hand)."""
from __future__ import annotations

from ..ingest.carry import RECEIPT_FIELDS
from .lineparts import _quote, _text


def blank(column: str) -> str:
    """SQL true for an empty cell (none, or spaces only), as clean.is_blank, of
    an id column: those are trimmed of every white space as they are parsed, so
    only the plain spaces of an unparsed cell are left to look for here."""
    return f"(NULLIF(TRIM(CAST({_quote(column)} AS VARCHAR)), '') IS NULL)"


def item_sql(fields: dict[str, str], totals: list[tuple[str, str, set[str]]]) -> str:
    """SQL true for a line naming an item: a SKU or product that is not a totals label."""
    labels = {column: texts for column, _, texts in totals}
    named = []
    for f in ("sku", "product"):
        if f in fields:
            col = fields[f]
            label = labels.get(col)
            named.append(f"(NOT {blank(col)}" + (f" AND CAST({_quote(col)} AS VARCHAR) NOT IN "
                                                 f"({', '.join(map(_text, sorted(label)))}))" if label else ")"))
    return " OR ".join(named) if named else "FALSE"


def _blank_text(column: str) -> str:
    """SQL true for an empty cell of a column not trimmed as it is parsed (the
    date's text): none, or any white space only (a tab, U+3000), as clean.is_blank."""
    from .linefiles import _code  # the importer's trim of a cell, in SQL

    return f"({_code(column)} IS NULL)"


def _undated(fields: dict[str, str], dated: bool) -> str:
    # the full trim only where the date was not read: a few lines, not every one
    return f"(_date IS NULL AND {_blank_text(fields['date'])})" if dated else blank(fields["receipt"])


GAP_CHECK_LINES = 1_000_000  # the first lines looked at for a receipt field left blank below its first line


def firsts_sql() -> str:
    """Each file's first row id in the parsed lines, and its lines."""
    return "SELECT _file_no AS file, MIN(rowid) AS first, COUNT(*) AS n FROM raw_lines GROUP BY _file_no"


def head_sql(firsts: list[tuple[int, int, int]]) -> str:
    """SQL true for a line among the first lines of its file, about GAP_CHECK_LINES of them in all (at
    least 100,000 a file): a layout shows in a file's first lines, and ordering every line costs seconds."""
    each = max(100_000, GAP_CHECK_LINES // max(len(firsts), 1))
    return " OR ".join(f"(_file_no = {int(f)} AND rowid < {int(first) + each})" for f, first, _ in firsts) or "TRUE"


def shown_sql(fields: dict[str, str], item: str, dated: bool, head: str = "TRUE") -> str:
    """How many lines continue a receipt (`cont`), have a receipt number but no
    date (`undated`), or, among the lines `head` takes, leave blank a receipt
    field (a member number) that the line above, of the same receipt, gives (`gaps`)."""
    receipt = blank(fields["receipt"])
    others = [f for f in RECEIPT_FIELDS if f != "date" and f in fields]
    gaps = "0"
    if others:
        window = "OVER (PARTITION BY _file_no ORDER BY rowid)"
        cell = f"CAST({_quote(fields['receipt'])} AS VARCHAR)"
        lags = ", ".join(f"{blank(fields[f])} AS _e_{f}, LAG({blank(fields[f])}) {window} AS _a_{f}" for f in others)
        gaps = (f"(SELECT COUNT(*) FROM (SELECT CASE WHEN NOT {receipt} THEN {cell} END AS _r, LAG({cell}) {window} "
                f"AS _ra, {lags} FROM raw_lines WHERE {head}) WHERE _r = _ra AND ("
                + " OR ".join(f"(_e_{f} AND NOT _a_{f})" for f in others) + "))")
    return (f"SELECT COUNT(*) FILTER (WHERE {receipt} AND {_undated(fields, dated)} AND ({item})) AS cont, "
            f"COUNT(*) FILTER (WHERE NOT {receipt} AND {_undated(fields, dated)}) AS undated, "
            f"{gaps} AS gaps FROM raw_lines")


def carried_sql(fields: dict[str, str], item: str, dated: bool, carried: list[str]) -> str:
    """Per line that takes a value: its row id, file, whether it took its receipt
    number (`took_receipt`, `_rc` the number) and each field it took (`took_<field>`,
    with `<field>_v` the value; the date as its parsed columns).

    Two passes over the lines in order: the first finds each line's receipt
    (its own, or a continuing line's the last number above) and whether it
    starts a run of one receipt's lines; the second, each blank field's last
    value above and the start of the line's run, the value taken only from
    within the run."""
    receipt = _quote(fields["receipt"])
    has = f"NOT {blank(fields['receipt'])}"
    cont = f"({blank(fields['receipt'])} AND {_undated(fields, dated)} AND ({item}))"
    upto = "OVER (PARTITION BY _file_no ORDER BY _rid ROWS UNBOUNDED PRECEDING)"
    above = "OVER (PARTITION BY _file_no ORDER BY _rid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)"
    sources = []
    values, takes = [], []
    for f in carried:
        empty = _undated(fields, dated) if f == "date" else blank(fields[f])
        values.append(f"{empty} AS _e_{f}")
        # the last line above with the field, of a receipt: the value is taken from it where it is in the run
        takes.append(f"CASE WHEN _e_{f} AND _h_{f} >= _start THEN _h_{f} END AS from_{f}")
        sources.append(f"MAX(CASE WHEN NOT _e_{f} AND _rc IS NOT NULL THEN _rid END) {upto} AS _h_{f}")
    # a line's kind: 2 a receipt number, 1 a line continuing the receipt above, 0 neither (it ends a run)
    return (f"WITH c AS (SELECT rowid AS _rid, _file_no, CASE WHEN {has} THEN {receipt} END AS _r, "
            f"CASE WHEN {has} THEN 2 WHEN {cont} THEN 1 ELSE 0 END AS _kind, {', '.join(values)} FROM raw_lines), "
            f"r AS (SELECT *, CASE _kind WHEN 2 THEN _r WHEN 1 THEN LAST_VALUE(_r IGNORE NULLS) {upto} END AS _rc, "
            f"COALESCE(LAG(_kind) OVER (PARTITION BY _file_no ORDER BY _rid), 0) = 0 OR (_kind = 2 AND _r IS DISTINCT "
            f"FROM LAST_VALUE(_r IGNORE NULLS) {above}) AS _new FROM c), "
            f"t AS (SELECT _rid, _file_no, _rc, _kind = 1 AS took_receipt, "
            f"MAX(CASE WHEN _new THEN _rid END) {upto} AS _start, {', '.join(sources + [f'_e_{f}' for f in carried])} "
            f"FROM r), "
            f"v AS (SELECT _rid, _file_no, _rc, took_receipt, {', '.join(takes)} FROM t WHERE _rc IS NOT NULL) "
            f"SELECT * FROM v WHERE took_receipt OR " + " OR ".join(f"from_{f} IS NOT NULL" for f in carried))


def _columns(fields: dict[str, str], f: str) -> list[str]:
    """The parsed table's columns a field's value is in (a date: its text and what was read of it)."""
    return ["_date", "_month", "_day", "_date_bad", _quote(fields["date"])] if f == "date" else [_quote(fields[f])]


def values_sql(fields: dict[str, str], carried: list[str], lines: str) -> str:
    """carried_sql's lines (kept as `lines`) with the values they take, each
    from the line it names: `v_<field>_<n>` the field's n-th column."""
    joins, cols = [], []
    for f in carried:
        columns = _columns(fields, f)
        joins.append(f"LEFT JOIN (SELECT rowid AS _at, {', '.join(columns)} FROM raw_lines) AS s_{f} "
                     f"ON s_{f}._at = c.from_{f}")
        cols += [f"s_{f}.{col} AS v_{f}_{n}" for n, col in enumerate(columns)]
    return f"SELECT c.*, {', '.join(cols)} FROM {lines} AS c {' '.join(joins)}"


def counts_sql(values: str, carried: list[str]) -> str:
    """Per file: the lines that took a value, and how many took each field."""
    took = ", ".join(["COUNT(*) FILTER (WHERE took_receipt) AS receipt"] +
                     [f"COUNT(from_{f}) AS {f}" for f in carried])
    return f"SELECT _file_no AS file, COUNT(*) AS n, {took}, MAX(_rid) AS last FROM {values} GROUP BY _file_no"


CHUNK_LINES = 1_000_000  # lines an UPDATE changes at most: one of the whole table outgrows the engine's memory


def update_sql(fields: dict[str, str], carried: list[str], values: str, first: int) -> str:
    """The UPDATE (what follows the table's name) setting the values `values`
    (values_sql's result) gives the lines from row id `first` on, CHUNK_LINES of them."""
    sets = [f"{_quote(fields['receipt'])} = CASE WHEN c.took_receipt THEN c._rc "
            f"ELSE raw_lines.{_quote(fields['receipt'])} END"]
    for f in carried:
        sets += [f"{col} = CASE WHEN c.from_{f} IS NOT NULL THEN c.v_{f}_{n} ELSE raw_lines.{col} END"
                 for n, col in enumerate(_columns(fields, f))]
    return (f"SET {', '.join(sets)} FROM (SELECT * FROM {values} WHERE _rid >= {first} "
            f"AND _rid < {first + CHUNK_LINES}) AS c WHERE raw_lines.rowid = c._rid")
