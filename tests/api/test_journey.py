"""The done-when journey over the API with an applicant's token: a draft from the shared
example (case-basic.json), a PDF uploaded, the submission, the indicators read back."""

from __future__ import annotations

import pytest

from applications.models import Application, ApplicationStatus
from tests.api.conftest import APPLICANT_SCOPES, client_with, token_for
from tests.factories import applicant, call_with_example_scenario, example_case

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(client, app_id: int, name: str = "plan.pdf", data: bytes = PDF, kind: str = "business_plan"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/api/v1/applications/{app_id}/documents/",
        {"kind": kind, "file": SimpleUploadedFile(name, data, content_type="application/pdf")},
        format="multipart",
    )


def test_draft_from_the_example_upload_submit_and_indicators(django_capture_on_commit_callbacks):
    call = call_with_example_scenario()
    user = applicant()
    client = client_with(token_for(user, *APPLICANT_SCOPES))

    created = client.post("/api/v1/applications/", {"call": call.pk}, format="json")
    assert created.status_code == 201, created.json()
    app_id = created.json()["id"]
    assert created.json()["status"] == "draft"

    with django_capture_on_commit_callbacks(execute=True):
        updated = client.put(f"/api/v1/applications/{app_id}/case/", example_case(), format="json")
    assert updated.status_code == 200, updated.json()
    project = updated.json()["case"]["project"]
    assert project["title"] == "Завод автокомпонентов"
    assert project["capex"]["equipment"] == 440000000.0
    assert updated.json()["case"]["years"] == example_case()["years"]

    uploaded = upload(client, app_id)
    assert uploaded.status_code == 201, uploaded.json()
    assert uploaded.json()["kind"] == "business_plan"

    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(f"/api/v1/applications/{app_id}/submit/")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["registration_number"].startswith(f"{call.year}-")
    assert Application.objects.get(pk=app_id).status == ApplicationStatus.SUBMITTED

    indicators = client.get(f"/api/v1/applications/{app_id}/indicators/")
    assert indicators.status_code == 200
    body = indicators.json()
    assert body["state"] == "done", body
    assert body["eligible"] is True
    assert body["npv"] is not None and body["irr"] is not None
