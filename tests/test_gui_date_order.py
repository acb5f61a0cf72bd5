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


def _asked(qtbot, lang, path, code):
    """A window that was given `path` and asks about it (error `code`): the window, the question, the answers."""
    window = new_window(lang)
    with qtbot.waitSignal(window.sink.reported, timeout=BUILD_TIMEOUT) as blocker:
        window.add_files([path])
    assert blocker.args[0].code == code
    return window, window.banner.text.text(), [b.text() for b in window.banner.action_buttons]


def _answered(qtbot, window, button: int, net_sales: float, period: str):
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        window.banner.action_buttons[button].click()
    assert window.res.row("net_sales", "total")["actual"] == net_sales
    assert window.result.computation.period == period


@pytest.mark.parametrize("lang, question", [("en", "have no year"), ("ja", "年がなく")])
def test_the_app_asks_the_year_of_dates_without_one_and_builds_with_it(app, qtbot, tmp_path, lang, question):
    import datetime

    this_year = datetime.date.today().year
    last = this_year - 1
    # 1 October of last year, and 2 October; the file's name and lines say no year
    path = tmp_path / f"daily-{lang}.csv"
    path.write_text("日付,店舗,売上金額\n10月1日,S1,1000\n10月2日,S1,2500\n10月3日,S1,400\n", encoding="utf-8")
    window, text, labels = _asked(qtbot, lang, path, "date_no_year")
    try:
        assert question in text and "10月3日" in text and "--year" not in text
        assert len(labels) == 3 and str(this_year) in labels[0] and str(last) in labels[1]
        _answered(qtbot, window, 1, 1000 + 2500 + 400, f"{last}-10")  # last year
    finally:
        window.close()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_weekday_the_files_year_contradicts_is_said_with_the_years_it_fits(app, qtbot, tmp_path, lang):
    import datetime

    last = datetime.date.today().year - 1
    # the file's name says this year; its weekdays are those of last year's 1 and 2 October (a year moves
    # a date's weekday by one or two days, so this year's do not fit)
    days = ["月火水木金土日"[datetime.date(last, 10, d).weekday()] for d in (1, 2)]
    path = tmp_path / f"売上_{last + 1}10-{lang}.csv"
    path.write_text(f"日付,店舗,売上金額\n10/1({days[0]}),S1,1000\n10/2({days[1]}),S1,2500\n", encoding="utf-8")
    window, text, labels = _asked(qtbot, lang, path, "date_weekday_wrong")
    try:
        assert f"10/1({days[0]})" in text and "--year" not in text and ("row 2" in text or "2 行目" in text), text
        assert labels and str(last) in labels[0], labels
        _answered(qtbot, window, 0, 1000 + 2500, f"{last}-10")
    finally:
        window.close()
