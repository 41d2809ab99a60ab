"""Every error the engine can give a case maps to the place the applicant corrects it
(applications.case_errors). The errors are produced by the engine itself: the catalogue of
SPEC §6 (tests/engine/test_case_errors.py) and, for every key and element of a valid case,
the key missing and the value not a number — so a key added to the case file without a
mapping here makes these tests fail."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from applications.case_errors import (
    CALL,
    CELL,
    FIELD,
    INTERNAL,
    STEP,
    explain_case_error,
    locate,
)
from applications.forms import STEP_FORMS
from applications.steps import STEP_NAMES
from engine import CaseError, parse_case
from engine.schema import PROJECT_FIELDS, SERIES_KEYS
from tests.engine.test_case_errors import CASES as SPEC_CASES

BASIC = json.loads(
    (Path(__file__).resolve().parents[1] / "engine" / "data" / "case-basic.json").read_text(encoding="utf-8")
)
YEARS = BASIC["years"]
# Paths of the case that no form writes (the document's own frame).
FRAME = {"format"}


def _walk(value: Any, path: str) -> Iterator[str]:
    """Every key path and array element path of a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else key
            yield child
            yield from _walk(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield f"{path}[{index}]"
            yield from _walk(item, f"{path}[{index}]")


def _parent_and_key(case: dict, path: str) -> tuple[Any, Any]:
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    target: Any = case
    for part in parts[:-1]:
        target = target[int(part[1:-1])] if part.startswith("[") else target[part]
    last = parts[-1]
    return target, int(last[1:-1]) if last.startswith("[") else last


def _error_of(case: dict) -> CaseError | None:
    try:
        parse_case(case)
    except CaseError as error:
        return error
    return None


def _produced_errors() -> list[tuple[str, CaseError]]:
    """(how, error) for each error the engine gives a broken copy of the example."""
    produced = []
    for name, mutate, _path in SPEC_CASES:
        case = copy.deepcopy(BASIC)
        mutate(case)
        error = _error_of(case)
        assert error is not None, name
        produced.append((f"spec: {name}", error))
    for path in _walk(BASIC, ""):
        for how in ("missing", "not a number"):
            case = copy.deepcopy(BASIC)
            parent, key = _parent_and_key(case, path)
            if how == "missing":
                if isinstance(key, int):
                    del parent[key]
                else:
                    del parent[key]
            else:
                parent[key] = "x"
            error = _error_of(case)
            if error is not None:
                produced.append((f"{how}: {path}", error))
    return produced


PRODUCED = _produced_errors()
IDS = [how for how, _error in PRODUCED]


def test_the_engine_gives_many_distinct_paths():
    # Guards the generator itself: every series, every project field, every call key.
    paths = {error.path for _how, error in PRODUCED}
    assert len(paths) > 150
    assert {f"project.series.{key}[3]" for key in SERIES_KEYS} <= paths
    assert {f"project.{field.key}" for field in PROJECT_FIELDS if not field.optional} <= paths


@pytest.mark.parametrize(("how", "error"), PRODUCED, ids=IDS)
def test_every_engine_error_maps_to_where_it_is_corrected_in_plain_russian(how, error):
    location = locate(error.path, YEARS, message_en=error.message_en)
    assert location is not None, f"no mapping for {error.path} ({how})"
    if error.path.startswith("call"):
        growth = error.message_en.startswith("the growth rate")
        assert location.kind == (FIELD if growth else CALL)
    elif error.path in FRAME or error.message_en == "unknown key":
        assert location.kind == INTERNAL
    else:
        assert location.kind in (FIELD, CELL, STEP), error.path
        assert location.step in STEP_NAMES
        if location.kind == FIELD:
            assert location.field in STEP_FORMS[location.step].base_fields
            assert location.label
        if location.kind == CELL:
            assert location.series in SERIES_KEYS and location.label
    # What the applicant reads names no internal key, path or English text.
    shown = explain_case_error(error.path, error.message_ru, error.message_en, YEARS)
    text = f"{shown.where} {shown.message}"
    assert shown.message
    assert error.path not in text
    assert not re.search(r"\b(project|call|series|capex|equity)\b|[a-z]+_[a-z]+", text), text
    assert error.message_en not in text


def test_equity_goes_to_the_capital_structure_step():
    shown = explain_case_error(
        "project.capital.equity", "собственный капитал должен быть больше нуля", "equity must be positive"
    )
    assert shown.location.step == "capital" and shown.location.field == "equity"
    assert shown.where == "Шаг «Структура капитала», поле «Собственный капитал E, руб.»"
    assert shown.message == "собственный капитал должен быть больше нуля"
    assert shown.location.anchor == "id_equity"


def test_a_model_cell_names_its_row_and_year():
    shown = explain_case_error("project.series.ebit[3]", "ожидается число", "a number is expected", YEARS)
    assert shown.location.kind == CELL
    assert shown.where == "Шаг «Финансовая модель», строка «Прибыль до процентов и налогов (EBIT)», 2018 год"
    assert shown.message == "ожидается число"
    assert shown.location.anchor == "ebit-2018"


def test_a_call_error_blames_the_scenario_not_the_applicant():
    shown = explain_case_error("call.cpi[2]", "значение должно быть больше нуля", "the value must be >0")
    assert shown.blames_call and shown.where == ""
    assert "макроэкономическом сценарии" in shown.message and "секретарь комиссии извещён" in shown.message


def test_gordon_growth_sends_the_applicant_to_the_terminal_mode():
    case = copy.deepcopy(BASIC)
    case["call"]["long_term_inflation"] = 0.2
    error = _error_of(case)
    shown = explain_case_error(error.path, error.message_ru, error.message_en, YEARS)
    assert (shown.location.step, shown.location.field) == ("capital", "terminal_mode")
    assert "модели Гордона" in shown.message


def test_capex_sum_goes_to_the_total_cost():
    shown = explain_case_error("project.capex", "сумма статей 1.00 не равна 2.00", "the items sum to 1.00")
    assert (shown.location.step, shown.location.field) == ("costs", "total_cost")
    assert "1.00" not in shown.message


def test_an_unknown_path_is_not_mapped_and_shown_as_stored_data():
    assert locate("project.series.ebit_new[2]", YEARS) is None
    assert locate("call.cpi.x", YEARS).kind == CALL
    shown = explain_case_error("project.series.ebit_new[2]", "ожидается число", "a number is expected", YEARS)
    assert shown.location.kind == INTERNAL and "ebit_new" not in shown.message


@pytest.mark.parametrize("field", PROJECT_FIELDS, ids=[field.key for field in PROJECT_FIELDS])
def test_every_project_field_has_its_form_field(field):
    location = locate(f"project.{field.key}", YEARS)
    assert location.kind == FIELD and location.field == field.model_field
