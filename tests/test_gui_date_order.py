"""The app asks whether dates such as 10/01/2026 are day or month first, builds
with the answer and remembers it for files with the same columns (a real Qt
event loop, offscreen)."""
import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from test_gui import BUILD_TIMEOUT, app, isolated_user_dirs, new_window  # noqa: E402,F401 - fixtures

SEPTEMBER = [(f"09/{d:02d}/2026", 100 * d) for d in range(1, 13)]
OCTOBER = [(f"10/{d:02d}/2026", 1000 * d) for d in range(1, 13)]


def _csv(path):
    lines = ["date,store,net sales"] + [f"{day},S1,{amount}" for day, amount in SEPTEMBER + OCTOBER]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("lang, question, buttons", [
    ("en", "column “date”", ["Day first (31/12/2026)", "Month first (12/31/2026)"]),
    ("ja", "列「date」", ["日が先（31/12/2026）", "月が先（12/31/2026）"]),
])
def test_the_app_asks_builds_with_the_answer_and_remembers_it(app, qtbot, tmp_path, lang, question, buttons):
    window = new_window(lang)
    try:
        with qtbot.waitSignal(window.sink.reported, timeout=BUILD_TIMEOUT) as blocker:
            window.add_files([_csv(tmp_path / f"pos-{lang}.csv")])
        assert blocker.args[0].code == "date_order_unclear"
        text = window.banner.text.text()
        assert question in text and "09/01/2026" in text and "--date-order" not in text
        assert [b.text() for b in window.banner.action_buttons] == buttons
        with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
            window.banner.action_buttons[1].click()  # month first
        assert window.res.row("net_sales", "total")["actual"] == sum(a for _, a in SEPTEMBER)
    finally:
        window.close()
    # next month's file with the same columns is read month first without asking
    again = new_window(lang)
    try:
        with qtbot.waitSignal(again.preview_ready, timeout=BUILD_TIMEOUT):
            again.add_files([_csv(tmp_path / f"pos-{lang}-next.csv")])
        assert again.res.row("net_sales", "total")["actual"] == sum(a for _, a in SEPTEMBER)
    finally:
        again.profiles.forget(next(iter(again.inspections.values())).sheets[0].signature)
        again.close()
