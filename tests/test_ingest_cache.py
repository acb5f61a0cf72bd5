"""The cache of parsed inputs: a rebuild from unchanged files starts no
reader at all and gives the same tables, issues and counts; anything that
could change the result (content, the mapping that applies, the parser)
parses again."""
from __future__ import annotations

import pytest

from hostile_files import HEADERS, sales_rows, write_xlsx
from kpipack.cli import main
from kpipack.ingest import Mapping, cache, isolate, load_inputs


@pytest.fixture()
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("KPIPACK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture()
def books(tmp_path):
    rows = sales_rows(8)
    rows[2][6] = "n/a"  # one rejected row, so issues go through the cache too
    first = write_xlsx(tmp_path / "october.xlsx", rows)
    second = write_xlsx(tmp_path / "september.xlsx", sales_rows(5))
    return [first, second]


def counts(data):
    return (data.rows_read, data.rows_used, data.rows_rejected, data.net_sales_read, data.net_sales_rejected,
            [(i.file, i.sheet, i.row, i.code, i.params, i.net_sales) for i in data.issues],
            [(w.file, w.sheet, w.row, w.code) for w in data.warnings])


def test_a_rebuild_reads_the_cache_and_starts_no_reader(root, books, monkeypatch):
    first = load_inputs(books)
    assert list(cache.parsed_dir(root).glob("*/*/*/meta.json"))
    monkeypatch.setattr(isolate, "parse", lambda *a, **k: pytest.fail("parsed again"))
    again = load_inputs(books)
    assert counts(again) == counts(first)
    for role, table in first.tables.items():
        assert again.tables[role].equals(table)
        assert list(again.tables[role].dtypes) == list(table.dtypes)


def test_a_changed_file_is_parsed_again(root, books):
    load_inputs(books)
    write_xlsx(books[0], sales_rows(3))
    assert load_inputs(books).rows_read == 3 + 5


def test_only_the_mapping_that_applies_to_a_file_counts(root, books, monkeypatch):
    load_inputs(books)
    parsed = []
    real = isolate.parse

    def spy(jobs, *args, **kwargs):
        parsed.extend(j.name for j in jobs)
        return real(jobs, *args, **kwargs)

    monkeypatch.setattr(isolate, "parse", spy)
    load_inputs(books, mapping=Mapping({"other.xlsx": {"amount": "net_sales"}}))
    assert parsed == []
    data = load_inputs(books, mapping=Mapping({"october.xlsx": {"qty": ""}}))
    assert parsed == ["october.xlsx"]
    assert "qty" not in data.sheets[0].table.columns


def test_no_cache_writes_nothing(root, books):
    load_inputs(books, use_cache=False)
    assert not root.exists() or not any(root.rglob("*.arrow"))


def test_a_damaged_entry_is_parsed_again(root, books):
    first = load_inputs(books)
    for arrow in cache.parsed_dir(root).rglob("t0.arrow"):
        arrow.write_bytes(arrow.read_bytes()[:40])
    assert counts(load_inputs(books)) == counts(first)


def test_the_cache_is_pruned_to_its_size(root, books, monkeypatch):
    load_inputs(books)
    monkeypatch.setenv("KPIPACK_CACHE_MAX_MB", "0")
    cache.prune(root)
    assert not list(cache.parsed_dir(root).glob("*/*/*/meta.json"))


def test_cache_clear_and_info_on_the_command_line(root, books, capsys):
    load_inputs(books)
    assert main(["--lang", "en", "cache", "info"]) == 0
    assert str(cache.parsed_dir(root)) in capsys.readouterr().out
    assert main(["cache", "clear", "--lang", "ja"]) == 0
    assert "キャッシュを削除しました" in capsys.readouterr().out
    assert not cache.parsed_dir(root).exists()


def test_build_no_cache_flag(root, books, tmp_path):
    assert main(["build", *map(str, books), "--period", "2026-10", "--json", str(tmp_path / "r.json"),
                 "--no-cache"]) == 0
    assert not root.exists() or not any(root.rglob("*.arrow"))
    assert main(["build", *map(str, books), "--period", "2026-10", "--json", str(tmp_path / "r.json")]) == 0
    assert any(root.rglob("*.arrow"))


def test_many_issues_travel_as_a_table(root, tmp_path, monkeypatch):
    rows = [[r[0], r[1], r[2], r[3], r[4], r[5], "x"] for r in sales_rows(1500)]
    book = write_xlsx(tmp_path / "bad.xlsx", rows, HEADERS)
    first = load_inputs([book])
    assert first.rows_rejected == 1500
    assert any(cache.parsed_dir(root).rglob("issues0.arrow"))
    monkeypatch.setattr(isolate, "parse", lambda *a, **k: pytest.fail("parsed again"))
    assert counts(load_inputs([book])) == counts(first)


def test_changed_row_rules_parse_the_files_again(tmp_path, monkeypatch):
    """The words that make a row no sale (resources/sales_rows) read files differently: a change to
    them is a new parser version, so no file is read from the cache with the old words."""
    from kpipack import paths

    real = paths.bundled
    rules = tmp_path / "sales_rows"
    rules.mkdir()
    (rules / "general.toml").write_text(real("resources", "sales_rows", "general.toml").read_text("utf-8"), "utf-8")
    monkeypatch.setattr(paths, "bundled", lambda *parts: rules if parts[-1] == "sales_rows" else real(*parts))
    monkeypatch.setattr(cache, "_VERSION", None)
    before = cache.parser_version()
    with open(rules / "general.toml", "a", encoding="utf-8") as fh:
        fh.write("# one more word\n")
    monkeypatch.setattr(cache, "_VERSION", None)
    assert cache.parser_version() != before
