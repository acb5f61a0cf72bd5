import json
import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"
SHARED = ROOT.parent / "shared"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the parse cache of the tests lives and dies with the test run, never in the user's cache
_CACHE = tempfile.TemporaryDirectory(prefix="kpipack-test-cache-")
os.environ.setdefault("KPIPACK_CACHE_DIR", _CACHE.name)

# CI replays the same generated examples every run, so a red build always means a
# code change; locally hypothesis keeps exploring new ones.
try:
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("ci", derandomize=True, database=None)
    if os.environ.get("CI"):
        _hypothesis_settings.load_profile("ci")
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pass


def shared_path(*parts) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is only beside a development checkout)")
    return path


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The bundled samples built once, in English, with pack and JSON."""
    from kpipack.domain import Settings
    from kpipack.pipeline import build_pack

    out = tmp_path_factory.mktemp("sample")
    result = build_pack([SAMPLES], Settings(lang="en", company="Sample Retail Co."), out=out / "pack.xlsx",
                        json_out=out / "results.json")
    result.loaded_json = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return result


@pytest.fixture(scope="session")
def oracle_tables():
    from oracle import read_samples

    return read_samples(SAMPLES)
