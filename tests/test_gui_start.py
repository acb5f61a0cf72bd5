"""The first start: with no file the window offers the sample data, the blank
input templates (a copy opens in the spreadsheet program) and a guide to the
exports; the language follows the system on first start and is remembered."""
import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from test_gui import BUILD_TIMEOUT, app, isolated_user_dirs, new_window  # noqa: E402,F401

from conftest import ROOT  # noqa: E402


def test_the_first_screen_offers_samples_templates_and_a_guide(app, qtbot, tmp_path, monkeypatch):  # noqa: F811
    from kpipack.gui import start

    w = new_window("ja")
    try:
        assert w.right.currentWidget() is w.start_page  # no file yet
        # a template: copied to the user's folder (never the bundled file) and opened there
        monkeypatch.setattr(start, "templates_folder", lambda: tmp_path / "templates")
        opened = []
        monkeypatch.setattr(start.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
        page = w.start_page
        page.template.setCurrentIndex(page.template.findData("budget"))
        copy = page.open_template()
        assert copy == tmp_path / "templates" / "ja" / "budget.xlsx"
        assert opened == [str(copy)]
        assert copy.read_bytes() == (ROOT / "templates" / "inputs" / "ja" / "budget.xlsx").read_bytes()
        copy.write_bytes(b"the user's own figures")
        assert page.open_template() == copy and copy.read_bytes() == b"the user's own figures"  # kept
        # the guide: every kind of export with the columns it needs
        page._guide_lang = None
        job = page.fill_guide()
        with qtbot.waitSignal(job.finished, timeout=BUILD_TIMEOUT):
            pass
        text = page.guide.toPlainText()
        for words in ("売上明細", "必須の列: 日付・売上金額（税抜）", "棚卸", "必須の列: 日付・商品コード・実棚数",
                      "ひな形: sales.xlsx"):
            assert words in text, words
        # the sample data: one click, and the preview replaces the first screen
        with qtbot.waitSignal(w.preview_ready, timeout=BUILD_TIMEOUT):
            page.samples_button.click()
        assert w.right.currentWidget() is w.tabs
    finally:
        w.close()


def test_the_language_follows_the_system_on_first_start_then_is_remembered(app, monkeypatch):  # noqa: F811
    from kpipack.gui.app import ui_language
    from kpipack.gui.prefs import Prefs, load_prefs, save_prefs

    save_prefs(Prefs())
    monkeypatch.setattr("kpipack.gui.i18n.system_lang", lambda: "ja")
    assert ui_language(load_prefs(), None) == "ja"
    assert load_prefs().ui_lang == "ja"  # remembered
    monkeypatch.setattr("kpipack.gui.i18n.system_lang", lambda: "en")
    assert ui_language(load_prefs(), None) == "ja"  # the system changed; the app keeps the first choice
    assert ui_language(load_prefs(), "en") == "en" and load_prefs().ui_lang == "ja"  # --lang: this run only


def test_tab_help_names_every_tab(app, capsys):  # noqa: F811
    """`kpipack --help` lists every tab `--tab` accepts, as the window names them."""
    from kpipack.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    w = new_window("en")
    try:
        names = w.tab_names()
    finally:
        w.close()
    assert "orders" in names and "campaigns" in names
    assert f"({', '.join(names)}) or 'start'" in help_text
