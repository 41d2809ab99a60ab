"""Updating a draft from parts of a case: the step forms' refusals, by case path, in the
request's language; nothing saved when anything is wrong; a submitted one is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from applications.models import Application
from tests.api.conftest import APPLICANT_SCOPES, client_with, token_for
from tests.factories import applicant, call_with_example_scenario, complete_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    call = call_with_example_scenario()
    user = applicant()
    return complete_application(call, user.organisation, user), client_with(
        token_for(user, *APPLICANT_SCOPES)
    )


def test_a_part_updates_only_its_fields(draft):
    app, client = draft
    response = client.put(
        f"/api/v1/applications/{app.pk}/case/",
        {"project": {"title": "Новый цех", "loan": {"rate": 0.11}, "series": {"rent": [1] * 10}}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    app.refresh_from_db()
    assert (app.title, app.loan_rate, app.total_cost) == ("Новый цех", Decimal("0.11"), Decimal("850000000"))
    rows = list(app.model_years.order_by("year"))
    assert [row.rent for row in rows] == [Decimal("1")] * 10
    assert rows[0].ebit == Decimal("-20000000")


def test_the_forms_refusals_come_back_by_case_path_and_nothing_is_saved(draft):
    app, client = draft
    body = {
        "project": {
            "title": "Другое",
            "total_cost": 1,
            "jobs": {"created": 5, "high_productivity": 9},
            "series": {"capex": [-1] * 10},
        }
    }
    response = client.put(f"/api/v1/applications/{app.pk}/case/", body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "Сумма статей" in errors["project.total_cost"][0]
    assert errors["project.jobs.high_productivity"] == [
        "Высокопроизводительных мест не может быть больше всех мест."
    ]
    assert errors["project.series.capex"][0].endswith("Значение не может быть отрицательным.")
    assert Application.objects.get(pk=app.pk).title != "Другое"
    english = client.put(
        f"/api/v1/applications/{app.pk}/case/", body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (
        english.json()["errors"]["project.jobs.high_productivity"] != errors["project.jobs.high_productivity"]
    )


def test_a_submitted_application_is_not_changed(draft):
    app, client = draft
    Application.objects.filter(pk=app.pk).update(status="submitted")
    response = client.put(f"/api/v1/applications/{app.pk}/case/", {"project": {"title": "X"}}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "Поданную заявку изменить нельзя: данные зафиксированы при подаче."}


def test_another_organisations_draft_is_a_404(draft):
    app, _client = draft
    stranger = client_with(token_for(applicant(), *APPLICANT_SCOPES))
    assert (
        stranger.put(f"/api/v1/applications/{app.pk}/case/", {"project": {}}, format="json").status_code
        == 404
    )
    assert stranger.get(f"/api/v1/applications/{app.pk}/").status_code == 404
