"""OKVED2 codes are checked against the classifier held as reference data (ОК 029-2014)."""

from __future__ import annotations

import pytest

from applications.forms import ProjectForm
from engine.eligibility import okved_division
from reference.models import OkvedCode
from reference.okved import check_okved, read_classifier, validate_okved
from tests.factories import call_with_example_scenario, complete_application

DIVISION_99 = [("99", "Деятельность экстерриториальных организаций и органов"), ("99.0", "…"), ("99.00", "…")]


@pytest.mark.parametrize(
    "code", ["x", "2", "299", "29.", "29.3.1", "29.321", "29.32.123", "29,32a", "", "29 32"]
)
def test_a_malformed_code_is_refused_with_the_format(code):
    check = check_okved(code, DIVISION_99)
    assert check.error is not None and "29.32.31" in check.error


def test_a_division_not_in_the_classifier_is_refused():
    assert check_okved("04.11", []).error == "В ОКВЭД2 (ОК 029-2014) нет класса 04"


@pytest.mark.parametrize("code", ["99", "99.0", "99.00"])
def test_existing_codes_pass(code):
    assert check_okved(code, DIVISION_99).error is None


@pytest.mark.parametrize("code", ["99.99", "99.1", "99.01"])
def test_a_code_missing_at_a_level_the_classifier_holds_is_refused(code):
    assert check_okved(code, DIVISION_99).error == f"В ОКВЭД2 (ОК 029-2014) нет кода {code}"


def test_a_deeper_code_is_checked_as_deep_as_the_classifier_goes():
    check = check_okved("99.00.1", DIVISION_99)
    assert check.error is None and check.named_code == "99.00"


def test_the_shipped_file_holds_every_section_division_and_group():
    entries = list(read_classifier())
    codes = {entry.code for entry in entries}
    assert {entry.code for entry in entries if len(entry.code) == 1} == set("ABCDEFGHIJKLMNOPQRSTU")
    assert len([code for code in codes if len(code) == 2]) == 88
    assert {"29", "29.3", "29.32", "46.90", "99.00", "10.11", "33.20"} <= codes
    # Section C is what the engine calls manufacturing (divisions 10–33), and only it.
    for entry in entries:
        if len(entry.code) >= 2:
            assert (entry.section == "C") == (10 <= okved_division(entry.code) <= 33), entry.code


@pytest.mark.django_db
def test_the_migration_loaded_the_classifier():
    assert OkvedCode.objects.filter(code="29.32").get().name == (
        "Производство прочих комплектующих и принадлежностей для автотранспортных средств"
    )
    assert validate_okved("29.32.1").error is None
    assert validate_okved("99.99").error == "В ОКВЭД2 (ОК 029-2014) нет кода 99.99"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("x", "Код ОКВЭД2 записывается цифрами и точками"),
        ("99.99", "В ОКВЭД2 (ОК 029-2014) нет кода 99.99"),
        ("00.11", "В ОКВЭД2 (ОК 029-2014) нет класса 00"),
    ],
)
def test_the_project_step_refuses_a_code_not_in_the_classifier(typed, error):
    app = complete_application(call_with_example_scenario())
    form = ProjectForm(_project_data(app, okved=typed), instance=app, call=app.call)
    assert not form.is_valid()
    assert form.errors["okved"][0].startswith(error)


@pytest.mark.django_db
def test_the_project_step_saves_a_real_code_and_names_it():
    app = complete_application(call_with_example_scenario())
    form = ProjectForm(_project_data(app, okved=" 29,32 "), instance=app, call=app.call)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["okved"] == "29.32"
    form.save()
    shown = ProjectForm(instance=app, call=app.call).fields["okved"].help_text
    assert shown.startswith(
        "Производство прочих комплектующих и принадлежностей для автотранспортных средств"
    )


def _project_data(app, **changes) -> dict:
    data = {
        "title": app.title,
        "description": "",
        "priority_direction": app.priority_direction_id,
        "okved": app.okved,
        "region": app.region_id,
        "commissioning_date": app.commissioning_date.isoformat(),
    }
    return data | changes
