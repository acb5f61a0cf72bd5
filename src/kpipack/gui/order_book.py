"""The buyer's order workbook saved from the Orders tab, in a process of its
own (see child.py): xlsxwriter writing a few hundred pairs' live formulas
held the window for over 200 ms, a chain's lists for seconds. No Qt here:
the child imports only this and the writer."""
from __future__ import annotations

from pathlib import Path


def order_book_job(rep, out: Path, lang: str, currency: str, company: str = ""):
    """Job: the order workbook of `rep` at `out`, written atomically (a
    failure or Cancel leaves any old file as it was)."""
    def run(progress, cancel):
        from ..outputs import atomic_target, check_target
        from .child import run_in_child

        check_target(Path(out), [])
        progress("writing_orders", 0.0, Path(out).name)
        with atomic_target(Path(out)) as tmp:
            run_in_child(write_order_book_into, tmp, rep, lang, currency, company, progress=progress,
                         cancel=cancel, name=Path(out).name)
        return Path(out)
    return run


def write_order_book_into(path: Path, rep, lang: str, currency: str, company: str, progress=None,
                          cancel=None) -> None:
    from ..report.orders import write_order_book

    write_order_book(path, rep, lang, currency, company)
