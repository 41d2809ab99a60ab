"""``manage.py evaluate model.xlsx --call ID``: the filled template against a call's scenario."""

import io
import json
import math
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from applications.xlsx_model import PROJECT_SHEET
from tests.applications.test_xlsx_project import filled_workbook, save, set_value
from tests.factories import call_with_example_scenario, example_case

EXPECTED = Path(__file__).resolve().parents[3] / "shared" / "examples" / "case-basic.expected.json"
RELATIVE = 1e-9


def run(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("evaluate", *args, stdout=stdout, stderr=stderr)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, stdout.getvalue(), stderr.getvalue()


def assert_close(actual, expected, path="$"):
    if isinstance(expected, dict):
        assert isinstance(actual, dict), path
        assert set(actual) == set(expected), path
        for key in expected:
            assert_close(actual[key], expected[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), path
        for index, (left, right) in enumerate(zip(actual, expected, strict=True)):
            assert_close(left, right, f"{path}[{index}]")
    elif expected is None or isinstance(expected, bool | str):
        assert actual == expected, path
    else:
        assert isinstance(actual, int | float) and not isinstance(actual, bool), path
        assert math.isclose(actual, expected, rel_tol=RELATIVE, abs_tol=0.0), (path, actual, expected)


def write(tmp_path, data, name="model.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.django_db
def test_filled_workbook_gives_the_expected_result(tmp_path):
    call = call_with_example_scenario()
    path = write(tmp_path, filled_workbook())
    out = io.StringIO()
    call_command("evaluate", path, "--call", str(call.pk), stdout=out)
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert_close(json.loads(out.getvalue()), expected)


@pytest.mark.django_db
def test_case_is_built_from_the_workbook_not_from_applications(tmp_path):
    from applications.services.cases import build_case_for_call
    from applications.xlsx_model import import_project

    call = call_with_example_scenario()
    case = example_case()
    project = import_project(filled_workbook())
    built = build_case_for_call(
        call_id=call.pk, series=case["project"]["series"], years=case["years"], project=project
    )
    assert built["format"] == "otbor-case/1"
    assert built["years"] == case["years"]
    assert built["project"] == case["project"]
    call_part = dict(built["call"])
    assert sorted(call_part.pop("priority_directions")) == sorted(case["call"]["priority_directions"])
    assert_close(call_part, {k: v for k, v in case["call"].items() if k != "priority_directions"})


@pytest.mark.django_db
def test_workbook_without_project_sheet_exits_2(tmp_path):
    call = call_with_example_scenario()
    workbook = openpyxl.load_workbook(io.BytesIO(filled_workbook()))
    del workbook[PROJECT_SHEET]
    code, out, err = run(write(tmp_path, save(workbook)), "--call", str(call.pk))
    assert code == 2
    assert out == ""
    assert 'В книге нет листа "Проект": скачайте шаблон заявки из системы заново' in err
    assert "download the application template" in err
    assert "Traceback" not in err


@pytest.mark.django_db
def test_unknown_call_exits_2(tmp_path):
    call = call_with_example_scenario()
    missing = call.pk + 1000
    code, out, err = run(write(tmp_path, filled_workbook()), "--call", str(missing))
    assert code == 2
    assert out == ""
    assert err.strip() == (
        f"--call {missing}: отбор с идентификатором {missing} не найден / call {missing} does not exist"
    )


@pytest.mark.django_db
def test_bad_project_cell_exits_2_with_the_cell(tmp_path):
    call = call_with_example_scenario()
    data = set_value(filled_workbook(), "total_cost", "много")
    code, out, err = run(write(tmp_path, data), "--call", str(call.pk))
    assert code == 2
    assert out == ""
    assert 'Лист "Проект", ячейка C8: ожидалось число' in err
    assert "the workbook was refused" in err


@pytest.mark.django_db
def test_region_without_grp_in_the_scenario_exits_2(tmp_path):
    call = call_with_example_scenario()
    data = set_value(filled_workbook(), "region", "77")
    code, out, err = run(write(tmp_path, data), "--call", str(call.pk))
    assert code == 2
    assert "в сценарии нет ВРП региона 77" in err
    assert "macro scenario" in err


@pytest.mark.django_db
def test_engine_errors_still_name_the_case_path(tmp_path):
    call = call_with_example_scenario()
    data = set_value(filled_workbook(), "capital.equity", 0)
    code, _, err = run(write(tmp_path, data), "--call", str(call.pk))
    assert code == 2
    assert err.startswith("project.capital.equity: ")


def test_xlsx_without_call_exits_2(tmp_path):
    code, _, err = run(write(tmp_path, filled_workbook()))
    assert code == 2
    assert "--call" in err and "no call given" in err
