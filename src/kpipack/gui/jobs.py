"""The functions background jobs run: look at files, build the pack. Plain
functions of (progress, cancel), so they are easy to test without a window."""
from __future__ import annotations

from pathlib import Path

from ..errors import KpipackError
from .profiles import SheetChoice, build_mapping


class ChoiceLookup:
    """The user's choices a job applies: this session's, then the saved
    profiles (copies, so the user can edit while a job runs)."""

    def __init__(self, session: dict[str, SheetChoice], profiles):
        self.session = dict(session)
        self.saved = profiles.snapshot() if hasattr(profiles, "snapshot") else dict(profiles)

    def get(self, sheet) -> SheetChoice | None:
        return self.session.get(sheet.key) or (self.saved.get(sheet.signature) if sheet.signature else None)


def apply_choices(found, lookup: ChoiceLookup):
    """A FileInspection with every sheet judged under the user's choices."""
    from ..ingest import Mapping
    from ..ingest.inspect import FileInspection, reinspect

    sheets = []
    for sheet in found.sheets:
        choice = lookup.get(sheet)
        mapping = Mapping({sheet.key: choice.section()}) if choice is not None else Mapping()
        sheets.append(reinspect(sheet, mapping))
    return FileInspection(found.path, sheets, found.own)


def inspect_paths(paths: list[Path], lookup: ChoiceLookup, password: str | None = None):
    """Job: every file under `paths` looked at; a file that cannot be read
    gives its error in place of its inspection (the others still load)."""
    def run(progress, cancel):
        from ..ingest import expand_inputs, isolate
        from ..ingest.inspect import inspect_file
        from ..pipeline import Cancelled

        files = expand_inputs(paths)
        out = []
        for n, path in enumerate(files):
            if cancel():
                raise Cancelled()
            progress("inspecting", n / max(len(files), 1), path.name)
            try:
                if not path.exists():
                    raise KpipackError("file_missing", file=str(path))
                # read in a confined child: a hostile file cannot take the app down
                inspected = isolate.call(inspect_file, path, None, password, True,
                                         limits=isolate.limits_for(path.stat().st_size), name=path.name)
                found = apply_choices(inspected, lookup)
            except BaseException as exc:  # noqa: BLE001 - one bad file must not stop the others
                if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                    raise
                found = exc
            out.append((path, found))
        return out
    return run


def build(files: list[Path], settings, sections: dict[str, SheetChoice], out: Path | None):
    """Job: build_pack on the files with the user's column choices."""
    def run(progress, cancel):
        from ..memory import release
        from ..pipeline import build_pack

        progress("mapping", 0.0, "")
        mapping = build_mapping(sections)
        try:
            result = build_pack(files, settings, out=out, mapping=mapping, progress=progress, cancel=cancel)
        finally:
            release()  # the app stays open: what the build freed goes back to the system
        from ..report.action_plan import catalogue_actions

        catalogue_actions("net_sales", settings.lang)  # the catalogue loads here, not when the Actions tab fills
        from ..report import orders  # noqa: F401 - loads here (60 ms), not when the Orders tab fills
        return result
    return run


def read_pack_actions(path: Path):
    """Job: the month and the improvement actions of an earlier pack, read in a
    confined child as a dropped file is (the XML parse would otherwise hold the
    interpreter, and so the window, for a few hundred milliseconds)."""
    def run(progress, cancel):
        from ..ingest import isolate
        from ..report.previous import read_pack_actions as read

        size = Path(path).stat().st_size if Path(path).exists() else 0
        return isolate.call(read, path, limits=isolate.limits_for(size), name=Path(path).name)
    return run
