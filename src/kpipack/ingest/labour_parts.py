"""Labour hours kept by kind of staff, one column each (社員労働時間 |
パート労働時間, Full-time hours | Part-time hours) and no column of all
hours: the store's labour hours are their sum. Each column is read as any
hours column is (durations, minutes under a minutes header), and the
import report names the columns summed. A column of all hours beside them
(総労働時間, 労働時間) is the one read, and the kinds are left."""
from __future__ import annotations

from .column_parts import parts_of, rest_after_kind
from .headers import fields_for

# a kind of staff before or after the hours word (headers normalised)
KINDS = ("正社員", "契約社員", "準社員", "派遣社員", "社員", "パートアルバイト", "パート", "アルバイト", "バイト",
         "派遣", "店長", "管理職", "fulltime", "parttime", "salaried", "hourly", "temporary", "temp", "contract",
         "seasonal", "permanent", "managers", "manager")
_HOURS = ("hours", "時間")  # after a kind, a bare hours word says labour hours (Part-time hours)


def is_part(header: object) -> bool:
    """Whether a header names the hours of a kind of staff (パート労働時間, Part-time hours)."""
    rest = rest_after_kind(header, KINDS)
    return bool(rest) and (rest in _HOURS or "labor_hours" in fields_for(rest))


def columns(headers: list[str], taken: dict[int, str]) -> list[int]:
    """The columns of hours by kind of staff, where no column of all hours is read
    (one of them read as the hours, as a remembered mapping has it, leads them);
    a single one is the hours too."""
    return parts_of(headers, taken, "labor_hours", is_part, least=1)
