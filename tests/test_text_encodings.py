"""A CSV's encoding when the file is too short for the detector to tell: a
few Japanese headers over numbers is Shift_JIS, one accented name in a
Western file is Windows-1252, and old registers' half-width katakana stay
katakana. The expected texts are the ones each file was written from."""
from __future__ import annotations

import pytest

from kpipack.ingest import text_files
from kpipack.ingest.text_files import decode_text


@pytest.mark.parametrize("text, encoding", [
    ("日付,店舗,Full-time hours\n2026/10/01,本店,16\n", "cp932"),
    ("ｼｮｳﾋﾝ,ｷﾝｶﾞｸ\nA,100\n", "cp932"),
    ("商品,ﾃｽﾄ\nA,1\n", "cp932"),
    ("Date,Store,Amount\n2026-10-01,São Paulo,5\n", "cp1252"),
    ("Café,Crème brûlée,Menü\n1,2,3\n", "cp1252"),
    ("Straße,Größe\n1,2\n", "cp1252"),
])
def test_a_short_csv_is_read_in_the_encoding_it_was_written_in(text, encoding):
    assert decode_text(text.encode(encoding), "short.csv") == text


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp", "cp1252", "utf-16"])
def test_a_big_text_is_copied_as_utf8_line_for_line(tmp_path, monkeypatch, encoding):
    """The engine's UTF-8 copy (written in chunks of 7 bytes here, so characters are cut between
    chunks) holds the text the file was written from."""
    monkeypatch.setattr(text_files, "COPY_CHUNK", 7)
    text = ("日付,店舗,商品名,売上\r\n" + "2026/10/01,本店,ｼｮｳﾋﾝ・弁当,\\1,280\r\n" * 50) if encoding in ("cp932", "euc_jp") \
        else "Date,Store,Amount\r\n" + "2026-10-01,São Paulo,Crème 5\r\n" * 50
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    source = tmp_path / "in" / "pos.csv"
    source.write_bytes(text.encode(encoding))
    copy = text_files.utf8_copy(source, tmp_path / "out")
    assert copy == tmp_path / "out" / "pos.csv"
    assert copy.read_bytes() == text.encode("utf-8")


def test_a_text_undecodable_further_down_is_copied_in_the_next_encoding(tmp_path, monkeypatch):
    """Japanese at the top, then a byte Shift_JIS has no character for (0xFF) past the detector's first
    megabyte: the copy is the whole text in the encoding the importer's reading of the whole file takes."""
    monkeypatch.setattr(text_files, "DETECT_BYTES", 64)
    raw = "日付,店舗\r\n2026/10/01,本店\r\n".encode("cp932") * 10 + b"2026/10/02,Caf\xe9\xff\r\n"
    (tmp_path / "pos.csv").write_bytes(raw)
    (tmp_path / "out").mkdir()
    copy = text_files.utf8_copy(tmp_path / "pos.csv", tmp_path / "out")
    assert copy.read_bytes().decode("utf-8") == decode_text(raw, "pos.csv")
    assert copy.read_bytes().decode("utf-8").endswith("Caf\u00e9\u00ff\r\n")  # Windows-1252, the next one tried


def test_a_utf8_text_needs_no_copy(tmp_path):
    (tmp_path / "pos.csv").write_text("日付,店舗\n2026/10/01,本店\n", encoding="utf-8")
    assert text_files.utf8_copy(tmp_path / "pos.csv", tmp_path) is None
