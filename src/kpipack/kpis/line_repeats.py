"""Sales read twice across the files the query engine reads: a month exported
twice, a download saved again under another name. The importer's definition
(ingest.repeats): a receipt — the lines sharing store, receipt number and
day, or a store's day where the files have no receipt numbers — whose lines
in a later file are exactly its lines in an earlier one is a repeat; it is
counted once, in the earliest file, and every line left out becomes a
rejected line naming where it was first read.

A big CSV holding several downloads put one after the other shows it by its
header line again: each part after such a line is compared with the parts
before it as files are ("this receipt was already read from row N"). Within
one file (or one such part) the importer's block rule holds: a receipt's
lines sit together, and a receipt that comes back further down as another
block, every block holding the same lines, is counted once, in its first
block. Lines are in order only where the engine numbers them (not on Spark).

A receipt's lines are compared as a whole and in any order: the count of its
lines and two sums of their hashes, over the line's fields the files have."""
from __future__ import annotations

from ..errors import Issue
from ..messages import amount_text
from .lineparts import _text

# what makes a line what it is (ingest.repeats.LINE_FIELDS, as the engine's lines name them)
_COMPARED = ("date", "store", "receipt", "sku", "product", "category", "qty", "net_sales", "cost", "customer",
             "channel", "transactions")
_NUMBERS = ("qty", "net_sales", "cost", "transactions")
REPEAT_CODES = ("row_repeat", "row_repeat_days", "row_repeat_here", "row_repeat_here_days")  # (code, other, row)


def overlap_sql(lines: str, used: str) -> str:
    """Each file's first and last day of used lines: files of different periods hold no repeats."""
    return (f"SELECT _file, MIN(CAST(date AS DATE)) AS first, MAX(CAST(date AS DATE)) AS last "
            f"FROM ({lines}) AS l WHERE {used} GROUP BY _file")


def periods_overlap(frame) -> bool:
    spans = sorted((r.first, r.last) for r in frame.itertuples(index=False) if r.first == r.first)
    return any(later[0] <= earlier[1] for earlier, later in zip(spans, spans[1:]))


def part_sql(headers_again: list[tuple[int, int]]) -> str:
    """SQL of a line's download within its file: 0, or the number of header
    lines again (file, line) above its row."""
    from .lineparts import reached_sql

    files = sorted({file for file, _ in headers_again})
    if not files:
        return "0"
    whens = " ".join(f"WHEN {file} THEN {reached_sql('_row', sorted(line + 1 for f, line in headers_again if f == file))}"
                     for file in files)
    return f"(CASE _file {whens} ELSE 0 END)"


def _keys(names: list[str]) -> list[str]:
    return ["store", "receipt"] if "receipt" in names else ["store"]



def _with_unit(lines: str, part: str) -> str:
    """`lines` with each line's unit: its file and download, one number."""
    return f"(SELECT *, _file * 100000 + {part} AS _unit FROM ({lines}) AS u)"


def found_sql(lines: str, names: list[str], used: str, part: str = "0") -> str:
    """Per receipt of a later file (or download) repeating an earlier one's: the
    unit and file, the key, the earlier unit and file and the row its receipt
    was read from there, its lines and net sales."""
    keys = _keys(names)
    fields = [f"ROUND({n}, 6)" if n in _NUMBERS else n for n in _COMPARED if n in names]
    line = f"HASH({', '.join(fields)})"
    key = ", ".join(keys) + ", _key_day"
    same = " AND ".join(f"per.{k} IS NOT DISTINCT FROM seen.{k}" for k in [*keys, "_key_day"]) + \
        " AND per.n = seen.n AND per.a = seen.a AND per.b = seen.b"
    return (f"WITH per AS (SELECT _unit, MIN(_file) AS _file, {', '.join(keys)}, CAST(date AS DATE) AS _key_day, "
            f"COUNT(*) AS n, MIN(_row) AS first_row, SUM(net_sales) AS net, "
            f"SUM(CAST({line} AS DECIMAL(38, 0))) AS a, SUM(CAST(HASH({line}, 'b') AS DECIMAL(38, 0))) AS b "
            f"FROM {_with_unit(lines, part)} AS l WHERE {used} GROUP BY _unit, {key}), "
            f"seen AS (SELECT {key}, n, a, b, MIN(_unit) AS first_unit, ARG_MIN(_file, _unit) AS first_file, "
            f"ARG_MIN(first_row, _unit) AS first_row FROM per GROUP BY {key}, n, a, b HAVING COUNT(*) > 1) "
            f"SELECT per._unit, per._file, {', '.join(f'per.{k}' for k in keys)}, per._key_day, seen.first_unit, "
            f"seen.first_file, seen.first_row, per.n AS lines, per.net FROM per JOIN seen ON {same} "
            f"WHERE per._unit > seen.first_unit")


def split_sql(lines: str, names: list[str], used: str, part: str = "0") -> str:
    """Whether any receipt's used lines are not one run of lines in their unit
    (its last line's number less its first's is more than its lines): only
    then can a receipt come back as another block."""
    key = ", ".join(_keys(names)) + ", CAST(date AS DATE)"
    return (f"SELECT COUNT(*) AS n FROM (SELECT MAX(line_no) - MIN(line_no) + 1 > COUNT(*) AS split "
            f"FROM {_with_unit(lines, part)} AS l WHERE {used} GROUP BY _unit, {key}) AS r WHERE split")


def within_sql(lines: str, names: list[str], used: str, part: str = "0") -> str:
    """Per block of a unit's lines that repeats the receipt's first block there
    (ingest.repeats._within: every block of the receipt holds the same lines):
    found_sql's columns, the block's first and last line (`lo`, `hi`), and the
    counts ingest.repeats.scattered weighs: the receipts of several blocks
    (`split`) and those whose blocks are alike (`alike`).

    Blocks are found over all lines (a change of the key's hash from the line
    before), but only a receipt each of whose lines is there at least twice can
    be made of alike blocks: only such receipts (by their key's hash, a few more
    where two keys share one) are grouped into blocks and compared by their
    keys (a file sorted by item splits nearly every receipt, and repeats almost none)."""
    keys = _keys(names)
    key = [*keys, "_key_day"]
    fields = [f"ROUND({n}, 6)" if n in _NUMBERS else n for n in _COMPARED if n in names]
    same_key = " AND ".join(f"per.{k} IS NOT DISTINCT FROM kinds.{k}" for k in key)
    return (f"WITH l AS (SELECT _unit, _file, {', '.join(keys)}, CAST(date AS DATE) AS _key_day, line_no, _row, "
            f"net_sales, HASH({', '.join(fields)}) AS h, HASH({', '.join(keys)}, CAST(date AS DATE)) AS k "
            f"FROM {_with_unit(lines, part)} AS u WHERE {used}), "
            f"starts AS (SELECT *, CASE WHEN k = LAG(k) OVER (PARTITION BY _unit ORDER BY line_no) THEN 0 ELSE 1 END "
            f"AS new FROM l), "
            f"blocks AS (SELECT *, SUM(new) OVER (PARTITION BY _unit ORDER BY line_no ROWS UNBOUNDED PRECEDING) "
            f"AS block FROM starts), "
            f"split AS (SELECT COUNT(*) AS n FROM (SELECT _unit, k FROM starts WHERE new = 1 GROUP BY _unit, k "
            f"HAVING COUNT(*) > 1) AS r), "
            f"each AS (SELECT _unit, k, h, COUNT(*) AS times FROM l GROUP BY _unit, k, h), "
            f"twice AS (SELECT _unit, k FROM each GROUP BY _unit, k HAVING MIN(times) > 1), "
            f"per AS (SELECT l._unit, MIN(l._file) AS _file, {', '.join(f'l.{k}' for k in key)}, l.block, COUNT(*) AS n, "
            f"SUM(CAST(l.h AS DECIMAL(38, 0))) AS a, SUM(CAST(HASH(l.h, 'b') AS DECIMAL(38, 0))) AS b, "
            f"MIN(l.line_no) AS lo, MAX(l.line_no) AS hi, MIN(l._row) AS first_row, SUM(l.net_sales) AS net "
            f"FROM blocks AS l SEMI JOIN twice ON l._unit = twice._unit AND l.k = twice.k "
            f"GROUP BY l._unit, {', '.join(f'l.{k}' for k in key)}, l.block), "
            f"kinds AS (SELECT _unit, {', '.join(key)}, MIN(block) AS first_block, ARG_MIN(first_row, block) "
            f"AS first_row FROM per GROUP BY _unit, {', '.join(key)} "
            f"HAVING COUNT(*) > 1 AND COUNT(DISTINCT (n, a, b)) = 1) "
            f"SELECT per._unit, per._file, {', '.join(f'per.{k}' for k in key)}, per._unit AS first_unit, "
            f"per._file AS first_file, kinds.first_row, per.n AS lines, per.net, per.lo, per.hi, "
            f"(SELECT n FROM split) AS split, (SELECT COUNT(*) FROM kinds) AS alike "
            f"FROM per JOIN kinds ON per._unit = kinds._unit AND {same_key} WHERE per.block > kinds.first_block")


def marked_sql(lines: str, names: list[str], by_receipt: bool, part: str = "0", within: bool = False) -> str:
    """`lines` with each line of a repeated receipt no sale, its reason naming the
    earlier file (or the same file's row) and row (the table `repeats` that
    found_sql gave, or `repeats_within` of within_sql's blocks, `lo` to `hi`,
    with `other`, the file's name, and `here`, whether it is the same file)."""
    keys = _keys(names)
    same = " AND ".join(f"l.{k} IS NOT DISTINCT FROM r.{k}" for k in keys) + \
        " AND l._unit = r._unit AND CAST(l.date AS DATE) = r._key_day"
    table = "repeats_within" if within else "repeats"
    if within:
        same += " AND l.line_no BETWEEN r.lo AND r.hi"
    days = "" if by_receipt else "_days"
    code = f"CASE WHEN r.here THEN {_text('row_repeat_here' + days)} ELSE {_text('row_repeat' + days)} END"
    kept = ", ".join(f"l.{n}" for n in names if n != "no_sale")
    # no row where the engine numbers none (Spark): an empty text, as CONCAT with a null is null there
    return (f"SELECT {kept}, COALESCE(l.no_sale, CASE WHEN r._unit IS NOT NULL THEN CONCAT({code}, chr(31), "
            f"r.other, chr(31), COALESCE(CAST(r.first_row AS VARCHAR), '')) END) AS no_sale "
            f"FROM {_with_unit(lines, part)} AS l LEFT JOIN {table} AS r ON {same}")


def notes(found, name_of, by_receipt: bool) -> list[Issue]:
    """One note per file that lost lines and the file it repeats (or itself, a
    download put after another), as the importer says it."""
    days = "" if by_receipt else "_days"
    out = []
    for (file, first), part in found.groupby(["_file", "first_file"], sort=True):
        here = file == first
        out.append(Issue(name_of(file), "", 0, ("note_repeats_here" if here else "note_repeats") + days, {
            "other": name_of(first), "lines": int(part["lines"].sum()), "receipts": len(part),
            "amount": amount_text(float(part["net"].sum()))}))
    return out
