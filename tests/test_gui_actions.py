"""Improvement actions from month to month in the app (pytest-qt, real packs):
October's actions edited in place and exported, November's build finds
October's pack, carries the open ones over, marks the overdue one and lists
the done one with its KPI's change."""
import datetime as dt

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from test_gui import BUILD_TIMEOUT, app, isolated_user_dirs, new_window, wait_for  # noqa: E402,F401

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kpipack.gui.actions import COL_DUE, COL_KPI, COL_NOTES, COL_OWNER, COL_PROGRESS, KEY_ROLE  # noqa: E402
from kpipack.report.previous import read_pack_actions  # noqa: E402

OCTOBER, NOVEMBER = "2026-09", "2026-10"  # two months of the samples, the later one the latest complete


def row_of(view, key: str) -> int:
    model = view.model
    return next(r for r in range(model.rowCount()) if model.index(r, COL_KPI).data(KEY_ROLE) == key)


def edit(view, key: str, col: int, text: str) -> None:
    model = view.model
    assert model.setData(model.index(row_of(view, key), col), text)  # as the delegate's editor commits it
    QApplication.processEvents()  # the tables filled again


def choose_period(window, qtbot, month: str) -> None:
    index = window.period_combo.findData(month)
    assert index >= 0, month
    with qtbot.waitSignal(window.preview_ready, timeout=BUILD_TIMEOUT):
        window.period_combo.setCurrentIndex(index)
        window.period_combo.activated.emit(index)
    assert window.res.period == month


@pytest.mark.filterwarnings("ignore:Sparkline Group extension")
def test_actions_carry_over_from_last_months_pack(app, qtbot, tmp_path):  # noqa: F811
    w = new_window()
    try:
        w.load_samples()
        wait_for(w.preview_ready)
        choose_period(w, qtbot, OCTOBER)
        view = w.actions_view
        w.tabs.setCurrentWidget(view)
        lines = [line for line in view.open_lines() if line.kpi]
        assert len(lines) >= 2, "the samples flag at least one KPI with two catalogue actions"
        kept, finished = lines[0], lines[1]
        october = {(r["id"], r["scope"]): r["actual"] for r in w.result.rows}
        edit(view, kept.key, COL_OWNER, "Aiko")
        edit(view, kept.key, COL_DUE, "2020-01-31")  # long past: overdue
        edit(view, kept.key, COL_PROGRESS, "In progress")
        edit(view, finished.key, COL_OWNER, "Ken")
        edit(view, finished.key, COL_PROGRESS, "Done")
        assert finished.key not in [line.key for line in view.open_lines()]  # done leaves the list...
        assert finished.key in [line.key for line in view.done_lines()]  # ...for the done list
        due = view.model.index(row_of(view, kept.key), COL_DUE)
        assert due.data(Qt.ItemDataRole.BackgroundRole).color().name().upper() == "#FFC7CE"  # overdue stands out
        assert "1 past their due date" in view.intro.text()
        first = tmp_path / "pack-2026-09.xlsx"
        with qtbot.waitSignal(w.export_finished, timeout=BUILD_TIMEOUT):
            w.export_to(first)
        period, written = read_pack_actions(first)
        assert period == OCTOBER
        assert (written[kept.key].owner, written[kept.key].due, written[kept.key].progress) == (
            "Aiko", dt.datetime(2020, 1, 31), "in_progress")
        assert (written[finished.key].owner, written[finished.key].progress) == ("Ken", "done")

        # November: the app finds October's pack (the last export) by itself
        choose_period(w, qtbot, NOVEMBER)
        qtbot.waitUntil(lambda: view.previous_path is not None, timeout=BUILD_TIMEOUT)
        assert view.previous_path == first and view.previous_period == OCTOBER
        assert "pack-2026-09.xlsx" in view.carried.text()
        carried = next(line for line in view.lines if line.key == kept.key)
        assert (carried.owner, carried.progress, carried.opened) == ("Aiko", "in_progress", OCTOBER)
        assert carried.baseline == pytest.approx(october[(kept.kpi, kept.scope)])
        assert kept.key in [line.key for line in view.overdue()]
        assert view.cell_text(row_of(view, kept.key), COL_OWNER) == "Aiko"
        # the done one: listed with the KPI's change since October, computed here by hand
        done_row = next(r for r in range(view.done_model.rowCount()) if view.cell_text(r, 2, done=True) == "Ken")
        before = october[(finished.kpi, finished.scope)]
        now = next(r["actual"] for r in w.result.rows if (r["id"], r["scope"]) == (finished.kpi, finished.scope))
        result = view.cell_text(done_row, 4, done=True)
        assert "→" in result
        if w.res.unit(finished.kpi) in ("pct", "points", "pct_points"):
            assert f"({now - before:+.1f} pt)" in result
        else:
            assert f"({(now - before) / abs(before) * 100:+.1f}%)" in result
        second = tmp_path / "pack-2026-10.xlsx"
        with qtbot.waitSignal(w.export_finished, timeout=BUILD_TIMEOUT):
            w.export_to(second)
        period, again = read_pack_actions(second)
        assert period == NOVEMBER
        assert (again[kept.key].owner, again[kept.key].opened) == ("Aiko", OCTOBER)
        assert again[kept.key].baseline == pytest.approx(october[(kept.kpi, kept.scope)])
    finally:
        w.close()


@pytest.mark.filterwarnings("ignore:Sparkline Group extension")
def test_edits_survive_closing_the_app_before_the_export(app, qtbot, tmp_path):  # noqa: F811
    """Edits typed in, the window closed without an export, the app started
    again on the same files: the edits are back, and the pack gets them."""
    w = new_window()
    try:
        w.load_samples()
        wait_for(w.preview_ready)
        view = w.actions_view
        line = next(line for line in view.open_lines() if line.kpi)
        edit(view, line.key, COL_OWNER, "佐藤")
        edit(view, line.key, COL_DUE, "2030-03-31")
        edit(view, line.key, COL_PROGRESS, "In progress")
        edit(view, line.key, COL_NOTES, "棚替え 11/5")
        month = w.res.period
    finally:
        w.close()

    again = new_window()
    try:
        again.load_samples()
        wait_for(again.preview_ready)
        assert again.res.period == month
        view = again.actions_view
        row = row_of(view, line.key)
        assert [view.cell_text(row, c) for c in (COL_OWNER, COL_DUE, COL_PROGRESS, COL_NOTES)] == [
            "佐藤", "2030-03-31", "In progress", "棚替え 11/5"]
        out = tmp_path / "after-restart.xlsx"
        with qtbot.waitSignal(again.export_finished, timeout=BUILD_TIMEOUT):
            again.export_to(out)
        _period, written = read_pack_actions(out)
        got = written[line.key]
        assert (got.owner, got.due, got.progress, got.notes) == ("佐藤", dt.datetime(2030, 3, 31), "in_progress",
                                                                 "棚替え 11/5")
    finally:
        again.close()


def test_the_month_an_action_was_opened_fits_on_one_line(app):  # noqa: F811
    """"September 2026" in the Opened column wrapped onto a second line and
    doubled every row's height; the column is as wide as the longest month."""
    from kpipack.gui.actions import COL_OPENED
    from test_gui import new_window

    w = new_window("en")
    try:
        view = w.actions_view
        needed = view.table.fontMetrics().horizontalAdvance("September 2026")
        assert view.table.columnWidth(COL_OPENED) > needed
    finally:
        w.close()
