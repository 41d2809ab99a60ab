import io
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calls.scenario_xlsx import (
    MacroScenario,
    WorkbookErrors,
    build_macro_template,
    export_macro,
    import_macro,
)
from reference.xlsx_safety import MACRO_REFUSED, UnsafeWorkbook, WorkbookRejected

YEARS = list(range(2015, 2025))
REGIONS = [("39", "Калининградская область"), ("77", "Москва"), ("01", "Республика Адыгея")]
KNOWN = {code for code, _ in REGIONS}
SCENARIO = MacroScenario(
    profit_tax_rate=0.2,
    risk_free_rate=0.095,
    market_return=0.17,
    long_term_inflation=0.04,
    ofz_yield=0.105,
    high_productivity_wage=45000.0,
    years=YEARS,
    cpi=[1.074, 1.064, 1.055, 1.048, 1.045, 1.043, 1.041, 1.04, 1.04, 1.04],
    gdp_deflator=[1.082, 1.068, 1.057, 1.05, 1.047, 1.045, 1.043, 1.042, 1.041, 1.04],
    grp={
        "39": [
            1.262e12,
            1.335e12,
            1.402e12,
            1.468e12,
            1.534e12,
            1.601e12,
            1.669e12,
            1.739e12,
            1.81e12,
            1.883e12,
        ],
        "01": [float(10**11 + i) for i in range(10)],
    },  # fmt: skip
    grp_previous_year={"39": 1.18e12, "01": 9.9e10},
)


def edited(data, change):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def errors_of(data, known=KNOWN):
    with pytest.raises(WorkbookErrors) as caught:
        import_macro(data, known_region_codes=known)
    return caught.value.errors


EXPORTED = export_macro(SCENARIO, REGIONS)


def test_template_layout():
    workbook = openpyxl.load_workbook(io.BytesIO(build_macro_template(YEARS, REGIONS)))
    assert workbook.sheetnames == ["Параметры", "Индексы", "ВРП"]
    assert [workbook["Параметры"].cell(r, 1).value for r in range(2, 8)] == [
        "profit_tax_rate",
        "risk_free_rate",
        "market_return",
        "long_term_inflation",
        "ofz_yield",
        "high_productivity_wage",
    ]
    assert [workbook["Индексы"].cell(r, 1).value for r in range(2, 12)] == YEARS
    grp = workbook["ВРП"]
    assert [grp.cell(1, c).value for c in range(1, 4)] == ["Код региона", "Регион", "ВРП 2014"]
    assert [grp.cell(1, c).value for c in range(4, 14)] == YEARS
    assert [grp.cell(r, 1).value for r in range(2, 5)] == ["39", "77", "01"]


def test_round_trip():
    assert import_macro(EXPORTED, known_region_codes=KNOWN) == SCENARIO


def test_case_call_fragment():
    fragment = SCENARIO.case_call("39")
    assert fragment["grp"] == SCENARIO.grp["39"]
    assert fragment["grp_previous_year"] == 1.18e12
    assert fragment["ofz_yield"] == 0.105
    assert fragment["cpi"] == SCENARIO.cpi
    with pytest.raises(LookupError, match="нет прогноза ВРП для региона 77"):
        SCENARIO.case_call("77")


def test_numeric_region_codes_and_text_numbers():
    def change(workbook):
        workbook["ВРП"]["A4"] = 1  # "01"
        workbook["ВРП"]["D4"] = "100\u202f000\u202f000\u202f000"
        workbook["Параметры"]["C2"] = "0,2"

    scenario = import_macro(edited(EXPORTED, change), known_region_codes=KNOWN)
    assert scenario.grp["01"][0] == 1e11
    assert scenario.profit_tax_rate == 0.2


def test_errors_are_cell_precise():
    def change(workbook):
        parameters, indices, grp = workbook["Параметры"], workbook["Индексы"], workbook["ВРП"]
        parameters["C2"] = 20  # percent instead of a fraction
        parameters["C6"] = -0.01
        parameters["C7"] = 0
        indices["B3"] = 107.4
        indices["C4"] = "abc"
        grp["C2"] = -5
        grp["A3"] = "39"  # duplicate of row 2 (was Moscow, unfilled)
        grp["A5"] = "99"
        grp["D5"] = 1
        grp["E4"] = None  # Adygea partly filled

    assert errors_of(edited(EXPORTED, change)) == [
        'Лист "Параметры", ячейка C2: ожидалась доля от 0 до 1 (например 0,2 для 20 %)',
        'Лист "Параметры", ячейка C6: ожидалась доля от 0 до 1 (например 0,2 для 20 %)',
        'Лист "Параметры", ячейка C7: ожидалось положительное число',
        'Лист "Индексы", ячейка B3: ожидался индекс к предыдущему году (например 1,074), а не процент',
        'Лист "Индексы", ячейка C4: ожидалось число',
        'Лист "ВРП", ячейка C2: ожидалось положительное число',
        'Лист "ВРП", ячейка A3: регион 39 уже указан в строке 2',
        'Лист "ВРП", ячейка E4: ячейка не заполнена: ожидалось число',
        'Лист "ВРП", ячейка A5: неизвестный код региона «99»',
    ]


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("risk_free", 1, "ожидалась доля от 0 до 1 (например 0,2 для 20 %)"),
        ("risk_free", "NaN", "ожидалось число"),
        ("risk_free", "9,5 %", "ожидалось число"),
        ("risk_free", "=1/0", "формула без вычисленного значения: сохраните файл в Excel"),
    ],
)
def test_rate_errors(cell, value, message):
    def change(workbook):
        workbook["Параметры"]["C3"] = value

    assert errors_of(edited(EXPORTED, change)) == [f'Лист "Параметры", ячейка C3: {message}']


def test_missing_and_extra_years():
    def change(workbook):
        workbook["ВРП"]["M1"] = None
        workbook["ВРП"]["F1"] = 2018

    assert errors_of(edited(EXPORTED, change)) == [
        'Лист "ВРП", ячейка F1: ожидался год 2017',
        'Лист "ВРП", ячейка M1: нет года 2024 (годы как на листе «Индексы»)',
    ]

    def more_years(workbook):
        workbook["ВРП"]["N1"] = 2025

    assert errors_of(edited(EXPORTED, more_years)) == [
        'Лист "ВРП", ячейка N1: лишний год 2025: годы должны совпадать с листом «Индексы»'
    ]

    def broken_index_years(workbook):
        workbook["Индексы"]["A4"] = 2030

    assert errors_of(edited(EXPORTED, broken_index_years)) == ['Лист "Индексы", ячейка A4: ожидался год 2017']


def test_no_region_filled():
    assert errors_of(build_macro_template(YEARS, REGIONS))[-1] == (
        'Лист "ВРП": не заполнен ВРП ни одного региона'
    )


def test_missing_sheets():
    def change(workbook):
        del workbook["ВРП"]
        workbook["Индексы"].title = "Index"

    assert errors_of(edited(EXPORTED, change)) == [
        'В книге нет листа "Индексы": скачайте шаблон заново',
        'В книге нет листа "ВРП": скачайте шаблон заново',
    ]


def test_unsafe_archives_refused():
    with pytest.raises(UnsafeWorkbook, match=r"не является книгой Excel"):
        import_macro(b"", known_region_codes=KNOWN)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(EXPORTED)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/vbaProject.bin", b"vba")
    with pytest.raises(UnsafeWorkbook) as caught:
        import_macro(out.getvalue(), known_region_codes=KNOWN)
    assert caught.value.message == MACRO_REFUSED


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_corrupted_macro_workbooks_never_crash(data):
    corrupted = bytearray(EXPORTED)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(corrupted) - 1))
        corrupted[position] = data.draw(st.integers(0, 255))
    try:
        result = import_macro(bytes(corrupted), known_region_codes=KNOWN)
    except WorkbookRejected:
        return
    assert isinstance(result, MacroScenario)
