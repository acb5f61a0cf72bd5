"""Columns that are each a part of one field (社員労働時間 | パート労働時間,
現金売上 | カード売上): how such a header is told, a kind written before or
after the field's word, and which columns a sheet sums. The kinds and words
are the callers' (labour_parts, sales_parts)."""
from __future__ import annotations

from .headers import normalise


def rest_after_kind(header: object, kinds: tuple[str, ...]) -> str | None:
    """The header (normalised) without the first of `kinds` it starts or ends
    with (パート労働時間 -> 労働時間, 売上(現金) -> 売上); None where none."""
    name = normalise(header)
    for kind in kinds:
        if name.startswith(kind):
            return name.removeprefix(kind)
        if name.endswith(kind):
            return name.removesuffix(kind)
    return None


def parts_of(headers: list[str], taken: dict[int, str], fld: str, is_one, least: int = 2) -> list[int]:
    """At least `least` columns `is_one` says are parts of `fld`, where `fld` is
    read from none or from one of them (it leads them); none where another
    column is `fld`."""
    read = [c for c, f in taken.items() if f == fld]
    if read and not is_one(headers[read[0]]):
        return []
    found = read + [c for c, h in enumerate(headers) if c not in taken and is_one(h)]
    return found if len(found) >= least else []
