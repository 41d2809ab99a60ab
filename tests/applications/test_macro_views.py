import dataclasses

import pytest
from django.urls import reverse

from applications.services.lifecycle import submit_application
from calls import scenario_xlsx as macro_xlsx
from reference.models import Region
from scoring.services import compute_indicators
from tests.factories import UserFactory, call_with_example_scenario, complete_application


@pytest.fixture
def secretary_client(client, db):
    client.force_login(UserFactory(role="secretary"))
    return client


def regions():
    return list(Region.objects.values_list("code", "name"))


@pytest.mark.django_db
def test_export_import_round_trip_recomputes_the_call(secretary_client, django_capture_on_commit_callbacks):
    call = call_with_example_scenario()
    app = complete_application(call)
    submit_application(application_id=app.pk, user=app.created_by)
    before = compute_indicators(app.pk)
    assert before.result["budget"]["discount_rate"] == 0.105

    response = secretary_client.get(reverse("calls:macro_export", args=[call.pk]))
    assert response.status_code == 200
    scenario = macro_xlsx.import_macro(response.content, known_region_codes=[c for c, _ in regions()])
    assert scenario.ofz_yield == 0.105 and scenario.years[0] == 2015
    changed = macro_xlsx.export_macro(dataclasses.replace(scenario, ofz_yield=0.12), regions())
    upload = {"workbook": _file(changed)}
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary_client.post(reverse("calls:macro_import", args=[call.pk]), upload, follow=True)
    assert "Сценарий загружен" in response.content.decode()
    call.macro.refresh_from_db()
    assert call.macro.version == 2
    current = app.indicator_results.get(is_current=True)
    assert current.pk != before.pk
    assert current.result["budget"]["discount_rate"] == 0.12


@pytest.mark.django_db
def test_broken_scenario_changes_nothing(secretary_client):
    call = call_with_example_scenario()
    response = secretary_client.post(
        reverse("calls:macro_import", args=[call.pk]), {"workbook": _file(b"not a workbook")}, follow=True
    )
    body = response.content.decode()
    assert "xlsx" in body.lower()
    call.macro.refresh_from_db()
    assert call.macro.version == 1
    assert call.macro.ofz_yield == 0.105


@pytest.mark.django_db
def test_applicants_cannot_touch_scenarios(client):
    from tests.factories import applicant

    call = call_with_example_scenario()
    client.force_login(applicant())
    assert client.get(reverse("calls:macro_export", args=[call.pk])).status_code == 403
    assert client.post(reverse("calls:macro_import", args=[call.pk])).status_code == 403


def _file(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("scenario.xlsx", data)
