"""What the app shows before any build: sheet inspection, saved column
profiles and the translation tables (no window needed)."""
import datetime

import pytest

from conftest import SAMPLES
from kpipack.ingest import Mapping
from kpipack.ingest.headers import ROLE_FIELDS
from kpipack.ingest.inspect import header_signature, inspect_file, reinspect, values_fit


def book(path, rows, sheet="Sheet1"):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_samples_are_inspected_as_the_build_reads_them(sample_build):
    sheets = {}
    for path in sorted(SAMPLES.glob("*.xlsx")):
        for sheet in inspect_file(path).sheets:
            sheets[(sheet.file, sheet.sheet)] = sheet
    built = {(s.file, s.sheet): s for s in sample_build.dataset.sheets}
    assert set(built) == {k for k, s in sheets.items() if s.role}
    for key, table in built.items():
        sheet = sheets[key]
        assert sheet.role == table.role
        assert sheet.fields() == {h: table.mapping.columns.get(c, "") for c, h in enumerate(sheet.headers) if h}
        assert sheet.rows >= table.rows_read  # blank rows are counted in the sheet, not read
        assert not sheet.problems


def test_columns_carry_samples_and_confidence(tmp_path):
    rows = [["Date", "Store", "Amount", "Note"], [datetime.date(2026, 10, 1), "S1", 120, "x"],
            [datetime.date(2026, 10, 2), "S1", "not a number", "y"], [datetime.date(2026, 10, 3), "S1", "也", "z"]]
    sheet = inspect_file(book(tmp_path / "a.xlsx", rows)).sheets[0]
    assert sheet.role == "sales" and sheet.header_row == 1 and sheet.rows == 3
    by_header = {c.header: c for c in sheet.columns}
    assert by_header["Date"].field == "date" and by_header["Date"].values_fit is True
    assert by_header["Date"].samples[0].startswith("2026-10-01")
    assert by_header["Amount"].values_fit is False  # two of three samples are not numbers
    assert by_header["Amount"].confidence < by_header["Date"].confidence
    assert by_header["Note"].field is None and by_header["Note"].confidence == 0


def test_a_missing_required_column_is_a_problem(tmp_path):
    rows = [["日付", "店舗", "数量", "メモ"], ["2026-10-01", "S1", 2, "a"]]
    sheet = inspect_file(book(tmp_path / "q.xlsx", rows)).sheets[0]
    assert sheet.role is None  # a date and a quantity, but no amount: no role fits
    forced = reinspect(sheet, Mapping({sheet.key: {"_role": "sales"}}))
    assert forced.role == "sales" and forced.forced
    assert [p.params["field"] for p in forced.problems if p.code == "sheet_missing_field"] == ["net_sales"]
    assert forced.missing_required() == ["net_sales"]
    fixed = reinspect(sheet, Mapping({sheet.key: {"_role": "sales", "メモ": "net_sales"}}))
    assert not fixed.problems and {c.header: c.source for c in fixed.columns}["メモ"] == "saved"


def test_a_sheet_switched_off_is_skipped_without_a_problem(tmp_path):
    rows = [["Date", "Store", "Amount"], ["2026-10-01", "S1", 1]]
    sheet = inspect_file(book(tmp_path / "s.xlsx", rows)).sheets[0]
    off = reinspect(sheet, Mapping({sheet.key: {h: "" for h in sheet.headers}}))
    assert off.skipped and off.role is None and not off.problems


def test_header_signature_ignores_case_spacing_and_trailing_blanks():
    assert header_signature(["Date", "Store ", "売上金額（税抜）"]) == header_signature(["date", "store", "売上金額", ""])
    assert header_signature(["Date", "Store"]) != header_signature(["Store", "Date"])


@pytest.mark.parametrize("field,samples,fits", [
    ("net_sales", ["1,200", "¥300", "(50)"], True), ("net_sales", ["abc", "def", "1"], False),
    ("date", ["2026/10/01", "2026年10月2日"], True), ("month", ["2026-10", "2026-11"], True),
    ("store", ["S01"], None), ("date", [], None)])
def test_values_fit_the_field_type(field, samples, fits):
    assert values_fit(field, samples) is fits


def test_profiles_round_trip_and_survive_a_damaged_file(tmp_path):
    from kpipack.gui.profiles import ProfileStore, SheetChoice, build_mapping

    store = ProfileStore(tmp_path / "p.json")
    choice = SheetChoice("sales", {"Day": "date", "Banked": "net_sales", "Memo": ""}, ["Day", "Banked", "Memo"])
    store.put("abc", choice)
    again = ProfileStore(tmp_path / "p.json")
    assert again.get("abc").fields == choice.fields and again.get("abc").saved_at
    mapping = build_mapping({"f.xlsx:S": again.get("abc")})
    assert mapping.for_sheet("f.xlsx", "S") == ({"Day": "date", "Banked": "net_sales", "Memo": ""}, "sales")
    skip = SheetChoice(None, {"Day": "date"}, ["Day", "Banked"])
    assert skip.section() == {"Day": "", "Banked": ""}
    (tmp_path / "p.json").write_text("{not json", encoding="utf-8")
    assert len(ProfileStore(tmp_path / "p.json")) == 0
    memory = ProfileStore(tmp_path / "never.json", persist=False)
    memory.put("x", choice)
    assert memory.get("x") and not (tmp_path / "never.json").exists()


def test_every_field_role_and_text_is_in_both_languages():
    from kpipack.gui.i18n import FIELD_LABELS, ROLE_LABELS, STATUS_LABELS, TEXT

    fields = {f for names in ROLE_FIELDS.values() for f in names}
    assert fields <= set(FIELD_LABELS)
    assert set(ROLE_FIELDS) == set(ROLE_LABELS)
    for table in (TEXT, FIELD_LABELS, ROLE_LABELS, STATUS_LABELS):
        for key, (en, ja) in table.items():
            assert en and ja, key
    import re

    cjk = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
    english_with_cjk = [k for k, (en, _) in TEXT.items() if cjk.search(en) and k not in ("lang_ja", "area_tsubo")]
    assert not english_with_cjk


def test_value_formats_follow_the_unit():
    from kpipack.gui import fmt

    assert fmt.value_text(4193578.0, "money", "en") == "¥4,193,578"
    assert fmt.value_text(-1200.0, "money", "en", "USD") == "-$1,200"
    assert fmt.value_text(97204.4, "money_per_area", "ja", area_unit="tsubo") == "¥97,204/坪"
    assert fmt.value_text(38.25, "pct", "en") == "38.2%"
    assert fmt.value_text(None, "pct", "en") == "–"
    assert fmt.delta_text(-0.21, "pct", "en") == "-0.2 pt"
    assert fmt.delta_text(-0.03, "pct", "en") == "0.0 pt"  # a change too small to show has no sign
    assert fmt.pct_text(-0.04) == "0.0%" and fmt.pct_text(0.04) == "0.0%"
    assert fmt.pct_text(-0.06) == "-0.1%" and fmt.pct_text(2.0) == "+2.0%"
    assert fmt.arrow(5.0, "lower") == ("▲", "bad") and fmt.arrow(-5.0, "lower") == ("▼", "good")


def test_a_sheet_without_a_known_header_can_be_mapped_and_built(tmp_path):
    """No header is a known name: the row of text over the values is the header, the values propose sales
    with the amount in doubt (the app asks), and the build reads the sheet as the user maps it."""
    from kpipack.domain import Settings
    from kpipack.pipeline import build_pack

    rows = [["Day", "Shop", "Banked"]] + [[datetime.date(2026, 10, d), "S1", 100 * d] for d in range(1, 32)]
    path = book(tmp_path / "t.xlsx", rows, sheet="Oct")
    sheet = inspect_file(path).sheets[0]
    assert sheet.header_row == 1 and sheet.headers == ("Day", "Shop", "Banked") and sheet.role == "sales"
    assert [c.header for c in sheet.doubts] == ["Banked"]
    section = {"Day": "date", "Shop": "store", "Banked": "net_sales", "_role": "sales"}
    mapped = reinspect(sheet, Mapping({sheet.key: section}))
    assert mapped.role == "sales" and not mapped.problems
    result = build_pack([path], Settings(), mapping=Mapping({sheet.key: section}))
    total = next(r for r in result.rows if r["id"] == "net_sales" and r["scope"] == "total")
    assert total["actual"] == sum(100 * d for d in range(1, 32))


def test_a_sheet_given_a_role_gets_proposals_from_its_values(tmp_path):
    """No header is a known name; the values propose sales, and so they do when the user says it is sales: the
    date is read from its values, the amount proposed and marked in doubt."""
    rows = [["Day", "Shop", "Banked"]] + [[datetime.date(2026, 10, d), "S1", 900 + 37 * d % 400] for d in range(1, 29)]
    sheet = inspect_file(book(tmp_path / "t.xlsx", rows, sheet="Oct")).sheets[0]
    assert sheet.role == "sales" and [c.header for c in sheet.doubts] == ["Banked"]
    sales = reinspect(sheet, Mapping({sheet.key: {"_role": "sales"}}))
    by_header = {c.header: c for c in sales.columns}
    assert sales.fields() == {"Day": "date", "Shop": "store", "Banked": "net_sales"}
    assert by_header["Day"].source == "values" and not by_header["Day"].doubtful and by_header["Day"].confidence >= 0.7
    assert by_header["Banked"].doubtful and by_header["Banked"].confidence < 0.7
    assert [p.code for p in sales.problems] == ["sheet_column_doubt"]
    assert [c.header for c in sales.doubts] == ["Banked"]
