import datetime as dt
import functools
import io
import re
import sys
import time
import types
import zipfile

import openpyxl
import openpyxl.xml
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from applications.xlsx_model import (
    FORMAT_VERSION,
    MODEL_SHEET,
    SERIES,
    ImportedModel,
    build_template,
    case_from_workbook,
    export_workbook,
    import_workbook,
)
from reference.xlsx_safety import (
    BAD_NAME,
    DAMAGED,
    ENCRYPTED,
    MACRO_REFUSED,
    NOT_XLSX,
    ZIP_BOMB,
    UnsafeWorkbook,
    WorkbookErrors,
    WorkbookRejected,
    check_xlsx_archive,
)
from tests.factories import example_case

YEARS = list(range(2015, 2025))
KEYS = [key for key, _, _ in SERIES]


def filled_series(years=YEARS):
    return {
        key: [float(1000 * (index + 1) + offset) for offset in range(len(years))]
        for index, key in enumerate(KEYS)
    }


@functools.cache
def _model_bytes(years):
    return export_workbook(list(years), filled_series(years), call_title="Отбор 2015, июнь")


def model_bytes(years=YEARS):
    """A filled model workbook (cached: identical bytes for every call)."""
    return _model_bytes(tuple(years))


def edited(data, change, *, whole_workbook=False):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    change(workbook if whole_workbook else workbook[MODEL_SHEET])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def errors_of(data, **kwargs):
    with pytest.raises(WorkbookErrors) as caught:
        import_workbook(data, **kwargs)
    return caught.value.errors


def rezip(data, replace=None, add=None, drop=()):
    """Copy an xlsx archive, replacing or adding entries (name -> bytes)."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            content = replace.get(info.filename, source.read(info))
            target.writestr(info.filename, content, compress_type=zipfile.ZIP_DEFLATED)
        for name, content in add.items():
            target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def model_sheet_part(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "xl/worksheets/sheet2.xml", archive.read("xl/worksheets/sheet2.xml")


# --- template ------------------------------------------------------------------------------


def test_template_layout():
    workbook = openpyxl.load_workbook(io.BytesIO(build_template(years=YEARS, call_title="Отбор")))
    assert workbook.sheetnames == ["Инструкция", "Модель", "Проект"]
    instructions = " ".join(str(c.value) for c in workbook["Инструкция"]["A"] if c.value)
    assert "в рублях" in instructions
    assert "жёлтые ячейки" in instructions
    assert "не менее 10 лет" in instructions
    sheet = workbook[MODEL_SHEET]
    assert sheet["A1"].value == FORMAT_VERSION
    assert [sheet.cell(3, c).value for c in range(4, 14)] == YEARS
    assert [sheet.cell(r, 1).value for r in range(4, 19)] == KEYS
    assert sheet["B4"].value == "Прибыль до процентов и налогов (EBIT)"
    assert sheet["B9"].value == "Капитальные вложения"
    assert sheet["C4"].value == "руб."
    assert sheet.protection.sheet is True
    assert sheet["D4"].protection.locked is False
    assert sheet["D4"].fill.fgColor.rgb.endswith("FFFF99")
    assert sheet["B4"].protection.locked is True
    validations = sheet.data_validations.dataValidation
    assert {v.type for v in validations} == {"decimal"}
    assert {v.formula1 for v in validations} == {"-1E+15", "0"}
    assert workbook.defined_names["OTBOR_FORMAT"].attr_text == '"otbor-model/1"'
    assert workbook.defined_names["OTBOR_YEARS"].attr_text == '"' + ",".join(map(str, YEARS)) + '"'


def test_round_trip_export_import():
    series = filled_series()
    series["ebit"][0] = -20_000_000.5
    data = export_workbook(YEARS, series)
    assert import_workbook(data, expected_years=YEARS) == ImportedModel(years=YEARS, series=series)


def test_round_trip_template_filled_by_hand():
    def fill(sheet):
        for row in range(4, 19):
            for column in range(4, 14):
                sheet.cell(row, column).value = row * 10 + column

    data = edited(build_template(years=YEARS, call_title="Отбор"), fill)
    model = import_workbook(data)
    assert model.years == YEARS
    assert model.series["ebit"] == [40.0 + c for c in range(4, 14)]
    assert model.series["other_budget_expenses"] == [180.0 + c for c in range(4, 14)]


def test_numbers_as_text_are_accepted():
    def change(sheet):
        sheet["D4"] = "1\u202f234\u202f567,89"
        sheet["E4"] = "-2 000,5"
        sheet["F4"] = "3.25"

    model = import_workbook(edited(model_bytes(), change))
    assert model.series["ebit"][:3] == [1234567.89, -2000.5, 3.25]


def test_evaluated_formulas_are_accepted():
    # openpyxl cannot compute formulas; write a cached value the way Excel stores it.
    name, xml = model_sheet_part(model_bytes())
    xml = re.sub(rb'(<c r="D4"[^>]*>)<v>1000</v>', rb"\1<f>500*2</f><v>1000</v>", xml)
    assert b"<f>500*2</f><v>1000</v>" in xml
    model = import_workbook(rezip(model_bytes(), replace={name: xml}))
    assert model.series["ebit"][0] == 1000.0


# --- content errors ------------------------------------------------------------------------


def test_text_instead_of_number():
    errors = errors_of(edited(model_bytes(), lambda s: s.__setitem__("D7", "сто рублей")))
    assert errors == ['Лист "Модель", ячейка D7: ожидалось число']


def test_every_problem_is_listed_with_its_cell():
    def change(sheet):
        sheet["D4"] = None
        sheet["E5"] = "NaN"
        sheet["F6"] = True
        sheet["G7"] = dt.datetime(2020, 1, 1)
        sheet["D9"] = -1  # capex
        sheet["E13"] = -5  # salaries
        sheet["F8"] = "#DIV/0!"
        sheet["H4"] = 2e15

    # row by row, left to right
    assert errors_of(edited(model_bytes(), change)) == [
        'Лист "Модель", ячейка D4: ячейка не заполнена: ожидалось число (для нуля введите 0)',
        'Лист "Модель", ячейка H4: слишком большое число (по модулю не более 10^15)',
        'Лист "Модель", ячейка E5: ожидалось число',
        'Лист "Модель", ячейка F6: ожидалось число',
        'Лист "Модель", ячейка G7: ожидалось число, а не дата',
        'Лист "Модель", ячейка F8: ошибка в формуле (#DIV/0!)',
        'Лист "Модель", ячейка D9: ожидалось неотрицательное число',
        'Лист "Модель", ячейка E13: ожидалось неотрицательное число',
    ]


@pytest.mark.parametrize(
    "key", ["capex", "salaries", "rent", "taxes", "subsidy", "other_budget_expenses",
            "budget_savings", "asset_sales"],
)  # fmt: skip
def test_negative_refused_where_impossible(key):
    row = 4 + KEYS.index(key)
    data = edited(model_bytes(), lambda s: s.__setitem__(f"E{row}", -0.01))
    assert errors_of(data) == [f'Лист "Модель", ячейка E{row}: ожидалось неотрицательное число']


@pytest.mark.parametrize("key", ["ebit", "ebitda", "wc_change", "ocf", "net_interest"])
def test_negative_allowed_elsewhere(key):
    row = 4 + KEYS.index(key)
    model = import_workbook(edited(model_bytes(), lambda s: s.__setitem__(f"E{row}", -7)))
    assert model.series[key][1] == -7.0


def test_non_finite_numbers_in_xml():
    name, xml = model_sheet_part(model_bytes())
    # openpyxl reads "1E999" as float("1E999"), that is infinity; it cannot produce NaN.
    xml = xml.replace(b"<v>1000</v>", b"<v>1E999</v>", 1).replace(b"<v>2001</v>", b"<v>-1E999</v>", 1)
    errors = errors_of(rezip(model_bytes(), replace={name: xml}))
    assert errors == [
        'Лист "Модель", ячейка D4: ожидалось конечное число',
        'Лист "Модель", ячейка E5: ожидалось конечное число',
    ]


def test_formula_without_cached_value():
    data = edited(model_bytes(), lambda s: s.__setitem__("E9", "=D9*2"))
    assert errors_of(data) == [
        'Лист "Модель", ячейка E9: формула без вычисленного значения: сохраните файл в Excel'
    ]


def test_missing_model_sheet():
    def change(workbook):
        workbook["Модель"].title = "Model"

    assert errors_of(edited(model_bytes(), change, whole_workbook=True)) == [
        'В книге нет листа "Модель": скачайте шаблон заново'
    ]


def test_years_changed_in_the_header():
    data = edited(model_bytes(), lambda s: s.__setitem__("M3", None))
    assert errors_of(data) == [
        'Лист "Модель", ячейки D3:L3: годы изменены: в шаблоне 2015–2024, в книге 2015–2023',
        'Лист "Модель", ячейки D3:L3: прогноз должен охватывать не менее 10 лет, указано 9',
    ]


def test_years_not_consecutive_or_not_years():
    def change(sheet):
        sheet["E3"] = 2030
        sheet["G3"] = "год"

    errors = errors_of(edited(model_bytes(), change))
    assert errors == [
        'Лист "Модель", ячейка E3: ожидался год 2016: годы идут подряд',
        'Лист "Модель", ячейка G3: ожидался год (целое число)',
    ]


def test_years_do_not_match_the_call():
    errors = errors_of(model_bytes(), expected_years=list(range(2016, 2026)))
    assert errors == ['Лист "Модель", ячейки D3:M3: годы 2015–2024 не совпадают с годами отбора 2016–2025']


def test_fewer_than_ten_years():
    years = list(range(2015, 2023))
    assert errors_of(model_bytes(years)) == [
        'Лист "Модель", ячейки D3:K3: прогноз должен охватывать не менее 10 лет, указано 8'
    ]


def test_structure_changed():
    def change(sheet):
        sheet["A1"] = None
        sheet["A5"] = "profit"

    assert errors_of(edited(model_bytes(), change)) == [
        'Лист "Модель", ячейка A1: нет отметки формата otbor-model/1: книга не из шаблона Otbor, '
        "скачайте шаблон заново",
        'Лист "Модель", ячейка A5: ожидалась строка «Прибыль до процентов, налогов и амортизации '
        "(EBITDA)» (код ebitda): не меняйте структуру листа",
    ]


# --- unsafe archives -----------------------------------------------------------------------


def build_zip_bomb(uncompressed_mb=200):
    """An xlsx whose model sheet inflates to ``uncompressed_mb`` of repeated cells."""
    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(model_bytes()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet2.xml":
                target.writestr(info.filename, source.read(info))
                continue
            with target.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                            b'spreadsheetml/2006/main"><sheetData><row r="1">')  # fmt: skip
                chunk = b'<c t="n"><v>0</v></c>' * 50_000
                for _ in range(uncompressed_mb * 1024 * 1024 // len(chunk)):
                    sheet.write(chunk)
                sheet.write(b"</row></sheetData></worksheet>")
    return out.getvalue()


@pytest.fixture(scope="module")
def zip_bomb():
    return build_zip_bomb()


def test_zip_bomb_refused_fast_without_openpyxl(zip_bomb, monkeypatch):
    assert len(zip_bomb) < 2 * 1024 * 1024

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not see a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    started = time.perf_counter()
    with pytest.raises(UnsafeWorkbook) as caught:
        import_workbook(zip_bomb)
    assert time.perf_counter() - started < 0.5
    assert caught.value.errors == [ZIP_BOMB]


def test_zip_bomb_ratio_refused_below_total_limit():
    bomb = build_zip_bomb(uncompressed_mb=20)
    with pytest.raises(UnsafeWorkbook, match="zip-бомбу"):
        check_xlsx_archive(bomb)


def test_too_many_entries():
    data = rezip(model_bytes(), add={f"xl/media/{i}.bin": b"x" for i in range(1000)})
    with pytest.raises(UnsafeWorkbook) as caught:
        check_xlsx_archive(data)
    assert caught.value.message == ZIP_BOMB


def test_oversized_file():
    with pytest.raises(UnsafeWorkbook) as caught:
        check_xlsx_archive(model_bytes(), max_size=1000)
    assert caught.value.message == "Файл больше 0 МБ"
    with pytest.raises(UnsafeWorkbook, match="^Файл больше 25 МБ$"):
        check_xlsx_archive(b"PK\x03\x04" + b"\0" * (25 * 1024 * 1024))


@pytest.mark.parametrize(
    "data",
    [b"", b"not a zip", b"PK\x03\x04 broken", b"%PDF-1.4", model_bytes()[:-200]],
    ids=["empty", "text", "broken-zip", "pdf", "truncated"],
)
def test_not_an_xlsx(data):
    with pytest.raises(UnsafeWorkbook) as caught:
        import_workbook(data)
    assert caught.value.errors == [NOT_XLSX] == ["Файл не является книгой Excel (.xlsx)"]


def test_docx_like_zip_is_not_an_xlsx():
    data = rezip(
        model_bytes(),
        replace={"[Content_Types].xml": b'<Types><Override ContentType="application/vnd.'
                 b'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'},
    )  # fmt: skip
    with pytest.raises(UnsafeWorkbook, match=r"^Файл не является книгой Excel \(\.xlsx\)$"):
        check_xlsx_archive(data)


def test_macro_workbook_refused():
    with_vba = rezip(model_bytes(), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    with pytest.raises(UnsafeWorkbook) as caught:
        import_workbook(with_vba)
    assert caught.value.message == MACRO_REFUSED
    with zipfile.ZipFile(io.BytesIO(model_bytes())) as archive:
        types_xml = archive.read("[Content_Types].xml")
    xlsm_types = types_xml.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
    with pytest.raises(UnsafeWorkbook, match=r"\.xlsm"):
        import_workbook(rezip(model_bytes(), replace={"[Content_Types].xml": xlsm_types}))


@pytest.mark.parametrize("name", ["../evil.xml", "/etc/passwd", "xl\\..\\evil.xml", "C:/x.xml"])
def test_path_traversal_names_refused(name):
    with pytest.raises(UnsafeWorkbook) as caught:
        check_xlsx_archive(rezip(model_bytes(), add={name: b"<x/>"}))
    assert caught.value.message == BAD_NAME


def test_encrypted_entry_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(model_bytes())) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    data = bytearray(out.getvalue())
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x1  # general purpose flag of the first central-directory entry
    with pytest.raises(UnsafeWorkbook) as caught:
        check_xlsx_archive(bytes(data))
    assert caught.value.message == ENCRYPTED


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def test_billion_laughs_is_a_damaged_file():
    doctype = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    name, xml = model_sheet_part(model_bytes())
    xml = doctype + xml.split(b"?>", 1)[-1].replace(b">ebit<", b">&lol3;<", 1)
    with pytest.raises(WorkbookErrors) as caught:
        import_workbook(rezip(model_bytes(), replace={name: xml}))
    assert caught.value.errors == [DAMAGED]


# --- fuzzing -------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=2000), st.binary(max_size=2000).map(b"PK\x03\x04".__add__)))
def test_random_bytes_never_crash(data):
    with pytest.raises(WorkbookRejected):
        import_workbook(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_corrupted_workbooks_never_crash(data):
    original = bytearray(model_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(original) - 1))
        original[position] = data.draw(st.integers(0, 255))
    try:
        result = import_workbook(bytes(original))
    except WorkbookRejected:
        return
    assert isinstance(result, ImportedModel)


cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**17), max_value=10**17),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.sampled_from(["1 000,5", "1\u202f000", "=1+1", "#N/A", "NaN", "-inf", "1e400"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(1, 20), st.integers(1, 16), cell_values), max_size=12))
def test_random_cell_values_give_model_or_cell_errors(changes):
    def change(sheet):
        for row, column, value in changes:
            sheet.cell(row, column).value = value

    try:
        data = edited(model_bytes(), change)
    except IllegalCharacterError:  # openpyxl refuses to write control characters
        assume(False)
    except (ValueError, TypeError):  # or values it cannot store
        assume(False)
    try:
        result = import_workbook(data)
    except WorkbookErrors as exc:
        assert exc.errors
        assert all(error.startswith(('Лист "Модель"', "В книге")) for error in exc.errors)
        return
    assert isinstance(result, ImportedModel)
    assert all(len(values) == len(result.years) for values in result.series.values())


# --- the evaluate command ------------------------------------------------------------------


def test_case_from_workbook_calls_the_case_builder(tmp_path, monkeypatch):
    calls = []

    def build_case_for_call(*, call_id, series, years, project):
        calls.append((call_id, series, years, project))
        return {"format": "otbor-case/1", "years": years}

    module = types.ModuleType("applications.services.cases")
    module.build_case_for_call = build_case_for_call
    monkeypatch.setitem(sys.modules, "applications.services.cases", module)
    project = {key: value for key, value in example_case()["project"].items() if key != "series"}
    path = tmp_path / "model.xlsx"
    path.write_bytes(export_workbook(YEARS, filled_series(), project=project))
    assert case_from_workbook(str(path), call_id=7) == {"format": "otbor-case/1", "years": YEARS}
    assert len(calls) == 1
    call_id, series, years, read_project = calls[0]
    assert (call_id, years) == (7, YEARS)
    assert series == filled_series()
    assert read_project["capital"] == project["capital"]
    assert read_project["commissioning_date"] == project["commissioning_date"]
    with pytest.raises(ValueError, match="--call"):
        case_from_workbook(str(path), call_id=None)


def test_years_before_2000_are_refused():
    years = list(range(1995, 2005))
    assert errors_of(model_bytes(years)) == [
        'Лист "Модель", ячейки D3:M3: годы прогноза — с 2000 по 2100, в книге 1995–2004'
    ]
