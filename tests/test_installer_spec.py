"""The frozen app's PyInstaller spec, read as PyInstaller reads it (its
Analysis, PYZ, EXE, COLLECT and BUNDLE replaced by recorders): the Japanese
font and its licence travel with the app, at the path the app looks them up
under, and the native modules its analysis misses are named."""
from pathlib import Path

from conftest import ROOT

from kpipack.gui.fonts import FILE as FONT

SPEC = ROOT / "installer" / "kpipack.spec"


def read_spec() -> dict:
    seen: dict = {}

    class Built:  # what the spec gets back: anything it asks of it (a.pure, a.binaries…)
        def __getattr__(self, attr):
            return attr

    def recorder(name):
        def record(*args, **kwargs):
            seen[name] = (args, kwargs)
            return Built()
        return record

    names = {n: recorder(n) for n in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"),  # noqa: S102 - the project's own spec
         {"SPECPATH": str(SPEC.parent), "__file__": str(SPEC), **names})
    return seen


def bundled_files(datas) -> dict[str, Path]:
    """Every file the datas put into the bundle: its path inside the bundle -> the source."""
    out = {}
    for source, target in datas:
        source = Path(source)
        files = [source] if source.is_file() else [p for p in source.rglob("*") if p.is_file()]
        for f in files:
            inside = Path(target) / (f.relative_to(source) if source.is_dir() else f.name)
            out[inside.as_posix()] = f
    return out


def test_the_frozen_app_carries_the_japanese_font_and_its_licence():
    _args, analysis = read_spec()["Analysis"]
    files = bundled_files(analysis["datas"])
    font = "/".join(FONT)  # where kpipack.paths.bundled finds it under sys._MEIPASS
    assert font in files and files[font].stat().st_size > 1_000_000  # the real font, not a pointer
    licences = [p for p in files if p.startswith("resources/fonts/") and "license" in p.lower()]
    assert licences and "IPA" in files[licences[0]].read_text(encoding="utf-8", errors="replace")
    assert "templates/inputs/ja" in {str(Path(p).parent) for p in files}  # the blank workbooks too


def test_the_forecasts_native_module_is_named():
    """coreforecast imports its compiled module as "._lib.grouped_array", which
    PyInstaller does not follow: without the name a frozen build fails."""
    _args, analysis = read_spec()["Analysis"]
    assert "coreforecast._lib" in analysis["hiddenimports"]
