"""Japanese draws with the bundled font alone: every chart kind of the app
and the window's own labels, in a process that sees no system font at all
(an empty fontconfig, matplotlib's list cut to the fonts matplotlib ships)."""
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT

pytest.importorskip("PySide6")
pytest.importorskip("matplotlib")

SCRIPT = textwrap.dedent("""
    import sys, warnings
    from pathlib import Path
    warnings.simplefilter("error")  # "Glyph ... missing from font(s)" fails the run
    import matplotlib
    from matplotlib import font_manager
    own = str(Path(matplotlib.get_data_path()))
    # a machine without CJK fonts: matplotlib keeps only the fonts it ships itself
    font_manager.fontManager.ttflist = [f for f in font_manager.fontManager.ttflist if f.fname.startswith(own)]
    assert not any("CJK" in f.name or "Gothic" in f.name for f in font_manager.fontManager.ttflist)

    from PySide6.QtGui import QFontDatabase, QFontMetrics
    from kpipack.gui.app import application
    from kpipack.gui.i18n import TEXT
    app = application("ja")
    families = set(QFontDatabase.families()) - {"Monospace", "Sans Serif", "Serif"}  # Qt's generic names
    assert families == {"IPAexGothic"}, families  # the system's fonts are hidden, the bundled one is there
    metrics = QFontMetrics(app.font())
    missing = sorted({c for entry in TEXT.values() for c in entry[1]
                      if c.strip() and not metrics.inFontUcs4(ord(c))})
    assert not missing, missing

    from kpipack.domain import Settings
    from kpipack.pipeline import build_pack
    from kpipack.gui.results import Results
    from kpipack.gui.dashboard import Dashboard
    from kpipack.gui.stores import StoresView
    from kpipack.gui.trends import EACH_STORE, TrendView
    from kpipack.gui.campaigns import CampaignsView
    res = Results(build_pack([Path(sys.argv[1])], Settings(lang="ja")))
    drawn = []
    views = [Dashboard(), TrendView(), StoresView(), CampaignsView()]  # kept alive to the end
    for view in views:
        view.retranslate("ja")
        view.resize(1000, 700)
        view.show()
        view.show_results(res)
        if isinstance(view, TrendView):  # the store-by-store chart as well
            view.scope.setCurrentIndex(view.scope.findData(EACH_STORE))
        app.processEvents()
        for chart in view.findChildren(__import__("kpipack.gui.chart", fromlist=["Chart"]).Chart):
            assert chart.figure is not None, type(view).__name__
            chart.canvas.draw()  # under warnings-as-errors
            texts = [t.get_text() for t in chart.figure.findobj(matplotlib.text.Text)]
            drawn.append("".join(texts))
    joined = "".join(drawn)
    assert any(0x3040 <= ord(c) <= 0x9FFF for c in joined), joined  # Japanese was drawn indeed
    assert "万" in joined, joined  # the 万 axis labels
    print("ok", len(drawn))
""")


def test_japanese_draws_with_the_system_fonts_hidden(tmp_path):
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig></fontconfig>\n')
    env = {**__import__("os").environ, "FONTCONFIG_FILE": str(conf), "MPLCONFIGDIR": str(tmp_path / "mpl"),
           "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_STATE_HOME": str(tmp_path / "state")}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT / "resources" / "samples")], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split()[:1] == ["ok"] and int(done.stdout.split()[1]) >= 4, done.stdout


def test_axis_labels_of_ticks_between_whole_units_keep_their_decimals():
    from kpipack.gui.chart import compact

    ticks = range(0, 40001, 5000)
    assert [compact(v, "money", "ja", "JPY") for v in ticks] == [
        "¥0", "¥5,000", "¥1万", "¥1.5万", "¥2万", "¥2.5万", "¥3万", "¥3.5万", "¥4万"]
    assert [compact(v, "money", "en", "USD") for v in (1_250_000, 1_500_000, 4_500, 2e9)] == [
        "$1.25M", "$1.5M", "$4.5k", "$2B"]
    assert compact(150_000_000, "money", "ja", "JPY") == "¥1.5億"
