"""A CSV's encoding when the file is too short for the detector to tell: a
few Japanese headers over numbers is Shift_JIS, one accented name in a
Western file is Windows-1252, and old registers' half-width katakana stay
katakana. The expected texts are the ones each file was written from."""
from __future__ import annotations

import pytest

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
