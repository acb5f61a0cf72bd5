"""One root exception for problems that stop a build, and the Issue record for
bad data, which is collected and returned, never raised."""
from __future__ import annotations

from dataclasses import dataclass, field

from .messages import text


class KpipackError(Exception):
    """A problem the user can fix, told in one line in their language."""

    def __init__(self, code: str, file: str | None = None, sheet: str | None = None, **params):
        self.code = code
        self.file = file
        self.sheet = sheet
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        where = ": ".join(p for p in (self.file, self.sheet and f"[{self.sheet}]") if p)
        body = text(self.code, lang, **self.params)
        return f"{where}: {body}" if where else body


@dataclass(frozen=True)
class Issue:
    """A row (or sheet) that could not be used as it is, and why.

    `row` is the 1-based row number as the user sees it in the sheet (0 for a
    whole sheet or file). `net_sales` carries the amount of a rejected sales
    line when it could be read, so control totals stay whole.
    """

    file: str
    sheet: str
    row: int
    code: str
    params: dict = field(default_factory=dict, compare=False)
    net_sales: float | None = None

    def problem(self, lang: str = "en") -> str:
        return text(self.code, lang, **self.params)

    def as_json(self, lang: str = "en") -> dict:
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "problem": self.problem(lang)}
