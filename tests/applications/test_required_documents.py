"""One answer to «which documents are required»: the checklist the applicant sees and the
submission check read the same list (applications.documents)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications import documents as required
from applications.documents import MISSING, NOT_REQUIRED, UPLOADED, document_checklist
from applications.models import Document, DocumentKind
from applications.services.lifecycle import ActionRefused, submission_blockers, submit_application
from reference.documents import REQUIRED_KINDS
from tests.factories import call_with_example_scenario, complete_application


def test_the_business_plan_is_the_required_document():
    assert REQUIRED_KINDS == (DocumentKind.BUSINESS_PLAN,)


def test_checklist_statuses_without_a_database():
    plan = Document(kind=DocumentKind.BUSINESS_PLAN, original_name="План.pdf")
    rows = document_checklist([plan])
    assert [(row.kind, row.status) for row in rows] == [
        ("business_plan", UPLOADED),
        ("financial_model", NOT_REQUIRED),
        ("loan_agreement", NOT_REQUIRED),
        ("charter", NOT_REQUIRED),
        ("other", NOT_REQUIRED),
    ]
    assert rows[0].files == [plan] and rows[0].status_label == "загружен"
    missing = document_checklist([])[0]
    assert (missing.kind, missing.status, missing.status_label) == (
        "business_plan",
        MISSING,
        "не загружен — обязателен",
    )


@pytest.mark.django_db
def test_a_required_kind_added_once_shows_in_the_list_and_blocks_the_submission(monkeypatch, client):
    app = complete_application(call_with_example_scenario())
    assert submission_blockers(app) == []
    monkeypatch.setattr(required, "REQUIRED_KINDS", (DocumentKind.BUSINESS_PLAN, DocumentKind.CHARTER))

    [blocker] = submission_blockers(app)
    assert (blocker.message, blocker.path) == ("Приложите обязательные документы: устав.", "documents")
    with pytest.raises(ActionRefused, match="^Приложите обязательные документы: устав.$"):
        submit_application(application_id=app.pk, user=app.created_by)

    client.force_login(app.created_by)
    page = client.get(reverse("portal:step", args=[app.pk, "documents"]))
    statuses = {row.kind: row.status for row in page.context["checklist"]}
    assert statuses["charter"] == MISSING and statuses["business_plan"] == UPLOADED
    text = page.content.decode()
    assert 'data-kind="charter" data-status="missing"' in text
    assert 'data-kind="business_plan" data-status="uploaded"' in text
