"""The pack's quick formula preparation (report/pack.py: quick_formulas)
gives exactly what xlsxwriter's own gives, for every formula of a real pack
and for formulas that need xlsxwriter's rewriting."""
from xlsxwriter.worksheet import Worksheet

from conftest import SAMPLES
from kpipack.domain import Settings
from kpipack.pipeline import build_pack
from kpipack.report import pack as pack_module

NEEDING_REWRITE = ["=FILTER(A1:A3,B1:B3)", "=SORTBY(A1:A3,B1:B3)", "=_xlfn.SINGLE(A1)", "=XLOOKUP(1,A:A,B:B)",
                   "{=SUM(A1:A2*B1:B2)}", "=LAMBDA(x,x+1)(2)", "=SUM(A1:A2)"]


def test_every_formula_of_a_pack_is_prepared_as_xlsxwriter_prepares_it(tmp_path, monkeypatch):
    seen: list[str] = []
    real = pack_module.quick_formulas

    def recording(ws):
        real(ws)
        quick = ws._prepare_formula
        ws._prepare_formula = lambda formula, expand=False: seen.append(formula) or quick(formula, expand)

    monkeypatch.setattr(pack_module, "quick_formulas", recording)
    build_pack([SAMPLES], Settings(lang="en"), out=tmp_path / "pack.xlsx")
    assert len(seen) > 300
    plain, quick = Worksheet(), Worksheet()
    real(quick)
    for formula in seen + NEEDING_REWRITE:
        assert quick._prepare_formula(formula) == plain._prepare_formula(formula), formula
    future = Worksheet()
    future.use_future_functions = True
    real(future)
    assert future._prepare_formula("=STDEV.S(A1:A3)") == "_xlfn.STDEV.S(A1:A3)"
