"""Password-protected workbooks are named as such, open with the right
password, and what comes out of them is never written to the parse cache."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_path
from hostile_files import encrypt, sales_rows, write_xlsx
from kpipack.errors import KpipackError
from kpipack.ingest import cache, load_inputs


@pytest.fixture(scope="module")
def locked(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("locked")
    plain = write_xlsx(folder / "plain.xlsx", sales_rows(5))
    return encrypt(plain, folder / "locked.xlsx", "kpi-2026")


def test_without_the_password_the_message_says_so(locked):
    with pytest.raises(KpipackError) as info:
        load_inputs([locked])
    assert info.value.code == "password_protected"
    assert "password-protected" in info.value.message("en") and "locked.xlsx" in info.value.message("en")
    assert "パスワード" in info.value.message("ja")


def test_a_wrong_password_is_told_apart(locked):
    with pytest.raises(KpipackError) as info:
        load_inputs([locked], password="guess")
    assert info.value.code == "password_wrong" and "locked.xlsx" in info.value.message()


def test_the_right_password_opens_it_and_nothing_is_cached(locked, tmp_path, monkeypatch):
    monkeypatch.setenv("KPIPACK_CACHE_DIR", str(tmp_path / "cache"))
    data = load_inputs([locked], password="kpi-2026")
    assert data.rows_used == 5 and data.net_sales_read == pytest.approx(1500.0)
    stored = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()] if (tmp_path / "cache").exists() else []
    assert stored == []
    assert cache.lookup(tmp_path / "cache", data.inputs[0].sha256, "locked.xlsx", {}) is None


@pytest.mark.parametrize("name", ["pass_protected.xlsx", "pass_protected.xlsb", "pass_protected.ods"])
def test_protected_files_of_every_kind_are_named(name):
    path = shared_path("corpus", "calamine", name)
    with pytest.raises(KpipackError) as info:
        load_inputs([path], use_cache=False)
    assert info.value.code in ("password_protected", "password_protected_ods")
    assert "パスワード" in info.value.message("ja") and name in info.value.message("en")


def test_a_protected_legacy_xls_is_named():
    path = shared_path("corpus", "apache-poi", "spreadsheet__password.xls")
    with pytest.raises(KpipackError) as info:
        load_inputs([path], use_cache=False)
    assert info.value.code == "password_protected"
