"""Which cells of a column read as a totals label (合計, Total, 'Shibuya Total' beside
Shibuya's own rows): the labels as written in shops' exports, full-width and
mathematical letters included, and the codes and names that are none."""
import pandas as pd

from kpipack.ingest.tables import total_labels


def test_labels_are_found_however_they_are_written():
    labels = ["合計", "店舗合計", "小計:", "Grand Total", "TOTAL", "ＴＯＴＡＬ", "Ｓｕｂ－Ｔｏｔａｌ", "𝐓𝐨𝐭𝐚𝐥",
              "Shibuya Total", "日計", "月 計"]
    others = ["Shibuya", "0125090100001", "A-100", "Totally Tea", "計量カップ", "2026-10-01", "SKU TOTALS 2"]
    found = total_labels(pd.Series(labels + others + [None]))
    assert found == set(labels)
