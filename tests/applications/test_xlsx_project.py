"""The sheet «Проект» of the model workbook: template, pre-fill, ``import_project``."""

import copy
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from applications.services.cases import draft_project, template_project
from applications.xlsx_model import (
    FIRST_DATA_ROW,
    FIRST_YEAR_COLUMN,
    MODEL_SHEET,
    PROJECT_FIELDS,
    PROJECT_SHEET,
    PROJECT_SHEET_MISSING,
    SERIES,
    MissingProjectSheet,
    build_template,
    case_from_workbook,
    export_workbook,
    import_project,
    import_workbook,
)
from reference.xlsx_safety import WorkbookErrors
from tests.applications.test_lifecycle import complete_application
from tests.factories import ApplicationFactory, call_with_example_scenario, example_case

RATE_TOO_HIGH = "ставка больше 100 %: введите её в процентах, например 12,5 % (или долей: 0,125)"
ROWS = {field.key: FIRST_DATA_ROW + index for index, field in enumerate(PROJECT_FIELDS)}


def example_project():
    project = copy.deepcopy(example_case()["project"])
    project.pop("series")
    return project


def cell_of(key):
    return f"C{ROWS[key]}"


def filled_workbook(project=None, series=None, years=None):
    """A template pre-filled with the project, its model sheet then typed in by hand."""
    case = example_case()
    years = years or case["years"]
    series = series or case["project"]["series"]
    data = build_template(years=years, call_title="Отбор 2015", project=project or example_project())
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook[MODEL_SHEET]
    for index, (key, _label, _unit) in enumerate(SERIES):
        for offset, value in enumerate(series[key]):
            sheet.cell(FIRST_DATA_ROW + index, FIRST_YEAR_COLUMN + offset).value = value
    return save(workbook)


def save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_project_cells(data, **cells):
    """``data`` with cells of the sheet «Проект» changed: ``C8=...`` or key paths."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook[PROJECT_SHEET]
    for where, value in cells.items():
        sheet[where].value = value
    return save(workbook)


def set_value(data, key, value):
    return with_project_cells(data, **{cell_of(key): value})


def project_errors(data):
    with pytest.raises(WorkbookErrors) as caught:
        import_project(data)
    return caught.value.errors


# --- template ------------------------------------------------------------------------------


def test_template_has_the_project_sheet_with_unlocked_yellow_inputs():
    data = build_template(years=list(range(2015, 2025)), call_title="Отбор")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Инструкция", "Модель", "Проект"]
    sheet = workbook[PROJECT_SHEET]
    assert [sheet.cell(row, 1).value for row in ROWS.values()] == [
        "title", "okved", "priority_direction", "region", "total_cost", "commissioning_date",
        "capex.land", "capex.design", "capex.construction", "capex.equipment", "capex.other",
        "jobs.created", "jobs.high_productivity", "jobs.avg_monthly_wage",
        "loan.russian_bank", "loan.date", "loan.amount", "loan.rate",
        "capital.equity", "capital.debt", "capital.cost_of_debt", "capital.beta_unlevered",
        "fcff_method", "terminal.mode", "terminal.years", "terminal.base_years",
        "budget_terminal.mode", "budget_terminal.years",
    ]  # fmt: skip
    assert sheet["B8"].value == "Полная стоимость проекта"
    assert sheet.protection.sheet is True
    for row in ROWS.values():
        assert sheet.cell(row, 3).protection.locked is False
        assert sheet.cell(row, 3).fill.fgColor.rgb.endswith("FFFF99")
        assert sheet.cell(row, 2).protection.locked is True
        assert sheet.cell(row, 3).value is None
    lists = {v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert lists == {'"да,нет"', '"ebit,ocf"', '"gordon,finite,none"'}
    instructions = " ".join(str(c.value) for c in workbook["Инструкция"]["A"] if c.value)
    assert "«Проект»" in instructions


def test_template_prefills_the_project():
    data = build_template(years=list(range(2015, 2025)), call_title="Отбор", project=example_project())
    sheet = openpyxl.load_workbook(io.BytesIO(data))[PROJECT_SHEET]
    assert sheet[cell_of("title")].value == "Завод автокомпонентов"
    assert sheet[cell_of("okved")].value == "29.32"
    assert sheet[cell_of("region")].value == "39"
    assert sheet[cell_of("total_cost")].value == 850_000_000
    assert sheet[cell_of("commissioning_date")].value == dt.datetime(2016, 9, 1)
    assert sheet[cell_of("commissioning_date")].number_format == "DD.MM.YYYY"
    assert sheet[cell_of("loan.russian_bank")].value == "да"
    assert sheet[cell_of("loan.rate")].value == 0.125
    assert "%" in sheet[cell_of("loan.rate")].number_format
    assert sheet[cell_of("terminal.years")].value is None
    assert sheet[cell_of("terminal.base_years")].value == 1
    assert sheet[cell_of("budget_terminal.years")].value == 5


def test_partial_project_prefills_what_is_there():
    data = build_template(years=list(range(2015, 2025)), call_title="", project={"title": "Черновик"})
    sheet = openpyxl.load_workbook(io.BytesIO(data))[PROJECT_SHEET]
    assert sheet[cell_of("title")].value == "Черновик"
    assert sheet[cell_of("total_cost")].value is None


# --- round trip ----------------------------------------------------------------------------


def test_round_trip_template_with_project_filled_then_imported():
    data = filled_workbook()
    assert import_project(data) == example_project()
    case = example_case()
    imported = import_workbook(data, expected_years=case["years"])
    assert imported.series == case["project"]["series"]


def test_round_trip_through_export_workbook_with_finite_terminal_and_ocf():
    project = example_project()
    project["terminal"] = {"mode": "finite", "years": 7, "base_years": 3}
    project["budget_terminal"] = {"mode": "none"}
    project["fcff_method"] = "ocf"
    project["loan"]["russian_bank"] = False
    project["capital"]["beta_unlevered"] = -0.25
    case = example_case()
    data = export_workbook(case["years"], case["project"]["series"], project=project)
    assert import_project(data) == project


def test_import_workbook_ignores_the_project_sheet():
    data = set_value(filled_workbook(), "total_cost", "много")
    assert import_workbook(data).years == example_case()["years"]


def test_typed_values_in_russian_forms_are_accepted():
    data = with_project_cells(
        filled_workbook(),
        **{
            cell_of("commissioning_date"): "01.09.2016",
            cell_of("loan.date"): "2015-04-20",
            cell_of("loan.rate"): "12,5 %",
            cell_of("capital.cost_of_debt"): "0,125",
            cell_of("total_cost"): "850\u00a0000\u00a0000",
            cell_of("loan.russian_bank"): " Да ",
            cell_of("fcff_method"): "EBIT",
            cell_of("region"): 39,
            cell_of("jobs.created"): 180.0,
        },
    )
    assert import_project(data) == example_project()


# --- errors --------------------------------------------------------------------------------


def test_missing_project_sheet_is_a_clear_error():
    workbook = openpyxl.load_workbook(io.BytesIO(filled_workbook()))
    del workbook[PROJECT_SHEET]
    with pytest.raises(MissingProjectSheet) as caught:
        import_project(save(workbook))
    assert caught.value.errors == ['В книге нет листа "Проект": скачайте шаблон заявки из системы заново']
    assert caught.value.errors == [PROJECT_SHEET_MISSING]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("total_cost", "много", "ожидалось число"),
        ("total_cost", None, "ячейка не заполнена: ожидалось число (для нуля введите 0)"),
        ("capex.land", -1, "ожидалось неотрицательное число"),
        ("title", None, "ячейка не заполнена: ожидался текст"),
        ("title", "   ", "ячейка не заполнена: ожидался текст"),
        ("jobs.created", 10.5, "ожидалось целое число"),
        ("jobs.created", -3, "ожидалось целое число не меньше 0"),
        ("terminal.base_years", 0, "ожидалось целое число не меньше 1"),
        ("commissioning_date", "31.02.2016", "такой даты нет: «31.02.2016»"),
        ("commissioning_date", "сентябрь 2016", "ожидалась дата ДД.ММ.ГГГГ"),
        ("loan.russian_bank", "может быть", "ожидалось «да» или «нет», указано «может быть»"),
        ("fcff_method", "dcf", "ожидалось одно из значений ebit, ocf, указано «dcf»"),
        (
            "loan.rate",
            12.5,
            "ставка больше 100 %: введите её в процентах, например 12,5 % (или долей: 0,125)",
        ),
        ("loan.rate", 12.5, RATE_TOO_HIGH),
        ("loan.rate", "125 %", RATE_TOO_HIGH),
        ("loan.rate", "12,5 %x", "ожидалось число"),
        ("loan.rate", -0.01, "ожидалось неотрицательное число"),
        ("loan.rate", "#DIV/0!", "ошибка в формуле (#DIV/0!)"),
        ("capital.beta_unlevered", True, "ожидалось число"),
        ("capital.equity", "NaN", "ожидалось число"),
    ],
)
def test_each_bad_cell_is_named(key, value, message):
    errors = project_errors(set_value(filled_workbook(), key, value))
    assert errors == [f'Лист "Проект", ячейка {cell_of(key)}: {message}']


def test_a_plain_number_is_not_a_date_but_a_date_serial_is():
    workbook = openpyxl.load_workbook(io.BytesIO(filled_workbook()))
    cell = workbook[PROJECT_SHEET][cell_of("commissioning_date")]
    cell.value = 42614  # 2016-09-01 as an Excel serial, in the template's date format
    assert import_project(save(workbook))["commissioning_date"] == "2016-09-01"
    cell.number_format = "General"
    assert project_errors(save(workbook)) == [
        f'Лист "Проект", ячейка {cell_of("commissioning_date")}: ожидалась дата ДД.ММ.ГГГГ'
    ]


def test_cell_precise_message_format():
    errors = project_errors(set_value(filled_workbook(), "total_cost", "много"))
    assert errors == ['Лист "Проект", ячейка C8: ожидалось число']


def test_finite_mode_needs_years():
    data = with_project_cells(
        filled_workbook(), **{cell_of("terminal.mode"): "finite", cell_of("budget_terminal.years"): None}
    )
    assert project_errors(data) == [
        f'Лист "Проект", ячейка {cell_of("terminal.years")}: для режима finite укажите число лет',
        f'Лист "Проект", ячейка {cell_of("budget_terminal.years")}: для режима finite укажите число лет',
    ]


def test_optional_years_may_stay_empty():
    project = example_project()
    project["budget_terminal"] = {"mode": "gordon"}
    data = filled_workbook(project=project)
    assert import_project(data)["budget_terminal"] == {"mode": "gordon"}


def test_changed_structure_is_reported():
    data = with_project_cells(filled_workbook(), A8="стоимость")
    assert project_errors(data) == [
        'Лист "Проект", ячейка A8: ожидалась строка «Полная стоимость проекта» (код total_cost): '
        "не меняйте структуру листа"
    ]


def test_formula_without_cached_value_is_reported():
    data = set_value(filled_workbook(), "capex.other", "=1+1")  # openpyxl stores no cached value
    assert project_errors(data) == [
        f'Лист "Проект", ячейка {cell_of("capex.other")}: формула без вычисленного значения: '
        "сохраните файл в Excel"
    ]


def test_every_problem_is_listed():
    data = with_project_cells(
        filled_workbook(), **{cell_of("okved"): None, cell_of("loan.amount"): "x", cell_of("fcff_method"): 1}
    )
    assert project_errors(data) == [
        'Лист "Проект", ячейка C5: ячейка не заполнена: ожидался текст',
        'Лист "Проект", ячейка C20: ожидалось число',
        'Лист "Проект", ячейка C26: ожидалось одно из значений ebit, ocf, указано «1»',
    ]


def test_case_from_workbook_reports_both_sheets(tmp_path):
    workbook = openpyxl.load_workbook(io.BytesIO(set_value(filled_workbook(), "total_cost", "x")))
    workbook[MODEL_SHEET]["D4"].value = "сто"
    path = tmp_path / "model.xlsx"
    path.write_bytes(save(workbook))
    with pytest.raises(WorkbookErrors) as caught:
        case_from_workbook(str(path), call_id=1)
    assert caught.value.errors == [
        'Лист "Модель", ячейка D4: ожидалось число',
        'Лист "Проект", ячейка C8: ожидалось число',
    ]


def test_case_from_workbook_needs_a_call(tmp_path):
    path = tmp_path / "model.xlsx"
    path.write_bytes(filled_workbook())
    with pytest.raises(ValueError, match="--call"):
        case_from_workbook(str(path), call_id=None)


# --- the web template ----------------------------------------------------------------------


@pytest.mark.django_db
def test_downloaded_template_carries_the_applications_project(client):
    app = complete_application(call_with_example_scenario())
    client.force_login(app.created_by)
    response = client.get(reverse("portal:model_template", args=[app.pk]))
    assert response.status_code == 200
    assert import_project(response.content) == example_project()


@pytest.mark.django_db
def test_partial_draft_exports_what_it_has(client):
    call = call_with_example_scenario()
    app = complete_application(call)
    draft = ApplicationFactory(
        call=call, organisation=app.organisation, created_by=app.created_by, title="Черновик",
        okved="29.32", region_id="39",
    )  # fmt: skip
    project = template_project(draft)
    assert project == draft_project(draft)
    assert project["title"] == "Черновик"
    assert "total_cost" not in project and "commissioning_date" not in project
    assert "date" not in project["loan"]
    client.force_login(app.created_by)
    response = client.get(reverse("portal:model_template", args=[draft.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))[PROJECT_SHEET]
    assert sheet[cell_of("title")].value == "Черновик"
    assert sheet[cell_of("region")].value == "39"
    assert sheet[cell_of("total_cost")].value is None
    assert sheet[cell_of("terminal.mode")].value == "gordon"
    errors = project_errors(response.content)
    assert f'Лист "Проект", ячейка {cell_of("total_cost")}: ячейка не заполнена: ожидалось число' in (
        " ".join(errors)
    )
