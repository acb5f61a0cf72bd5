"""The layers stay apart: only kpipack.gui imports Qt, the command line starts
without it, and the app reads results instead of computing KPIs."""
import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kpipack"
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "matplotlib.backends.backend_qt", "matplotlib.backends.backend_qtagg")


def imports(path: Path) -> set[str]:
    """Every module a file imports, relative imports made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("kpipack",) + path.relative_to(PACKAGE).parent.parts)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def modules(inside_gui: bool):
    for path in sorted(PACKAGE.rglob("*.py")):
        if (path.relative_to(PACKAGE).parts[0] == "gui") == inside_gui:
            yield path


def test_the_scan_sees_imports():
    found = imports(PACKAGE / "gui" / "window.py")
    assert "PySide6.QtWidgets" in found and "kpipack.errors.KpipackError" in found


def test_only_the_gui_imports_qt():
    offenders = {str(p.relative_to(PACKAGE)): sorted(m for m in imports(p) if m.startswith(QT))
                 for p in modules(inside_gui=False)}
    assert not {k: v for k, v in offenders.items() if v}


def test_the_gui_computes_no_kpi():
    engine = ("kpipack.kpis.engine", "kpipack.kpis.parts", "kpipack.kpis.abc", "kpipack.kpis.views")
    offenders = {str(p.relative_to(PACKAGE)): sorted(m for m in imports(p) if m.startswith(engine))
                 for p in modules(inside_gui=True)}
    assert not {k: v for k, v in offenders.items() if v}


def test_the_command_line_starts_without_qt():
    code = ("import sys, kpipack.cli; kpipack.cli._parser(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
