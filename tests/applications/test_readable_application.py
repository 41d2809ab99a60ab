"""The readable application: the submitted version as a document with the risk analysis
(detail), the review step's summary, and the printable card (PDF read back with
pdftotext) with its personal-data trace."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from applications.models import Application, DocumentKind
from applications.services.lifecycle import submit_application
from portal.review import step_of_path
from privacy.models import PersonalDataAccess, PersonalDataItem
from scoring.models import IndicatorResult
from scoring.services import compute_indicators
from tests.factories import UserFactory, call_with_example_scenario, complete_application

pytestmark = pytest.mark.django_db
NNBSP = "\u202f"
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@pytest.fixture
def app():
    return complete_application(call_with_example_scenario())


@pytest.fixture
def submitted(app, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit_application(application_id=app.pk, user=app.created_by)
    app.refresh_from_db()
    return app


def pdf_text(content: bytes) -> str:
    """The PDF's text with every run of white space (narrow, no-break, line ends) as one space."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout
    return re.sub(r"[\s\u00a0\u202f]+", " ", text.decode())


def test_detail_shows_the_submitted_version_as_a_document_with_the_risk_charts(client, submitted):
    row = IndicatorResult.objects.get(application=submitted, is_current=True)
    assert row.risk is not None  # the eager task stored sensitivity and Monte Carlo
    client.force_login(submitted.created_by)
    text = client.get(reverse("portal:detail", args=[submitted.pk])).content.decode()
    assert "Калининградская область (39)" in text  # a region's name, not only its code
    assert "Автомобильная промышленность (automotive)" in text
    assert f"850{NNBSP}000{NNBSP}000\u00a0руб." in text  # total cost in Russian format
    assert '<th scope="col" class="text-end">2024</th>' in text  # the model's years
    assert '"format": "otbor-case/1"' not in text  # no raw JSON any more
    assert reverse("portal:version_json", args=[submitted.pk]) in text
    assert reverse("portal:card", args=[submitted.pk]) in text
    for testid in (
        "cash-flow-chart",
        "tornado-chart",
        "npv-histogram",
        "cash-flow-table",
        "sensitivity-table",
    ):
        assert f'data-testid="{testid}"' in text
    assert text.count('role="img"') == 3
    assert "P(NPV&nbsp;&gt;&nbsp;0)" in text
    assert "множитель капзатрат ~ треугольное(0,95; 1,0; 1,3)" in text
    assert not re.search(r"\bnan\b", text, re.IGNORECASE)


def test_version_json_is_the_frozen_case(client, submitted):
    client.force_login(submitted.created_by)
    response = client.get(reverse("portal:version_json", args=[submitted.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="otbor-2015-J-0001.json"'
    data = json.loads(response.content)
    assert data["number"] == 1
    assert data["case"] == submitted.versions.get().case
    assert data["snapshot"]["documents"][0]["kind"] == "business_plan"


def test_review_step_summarises_a_complete_draft(client, app):
    compute_indicators(app.pk)
    client.force_login(app.created_by)
    response = client.get(reverse("portal:step", args=[app.pk, "review"]))
    text = response.content.decode()
    assert response.context["blockers"] == []
    assert 'data-testid="ready"' in text and 'data-testid="submit">' in text  # not disabled
    assert 'data-testid="draft-document"' in text and "Калининградская область (39)" in text
    assert f'href="{reverse("portal:step", args=[app.pk, "costs"])}"' in text  # «изменить»
    assert 'data-testid="checks"' in text  # eligibility
    assert 'data-testid="cash-flow-chart"' in text
    assert 'data-testid="sensitivity-missing"' in text  # risk runs after submission
    assert 'data-kind="business_plan" data-status="uploaded"' in text


def test_review_step_lists_what_blocks_the_submission_with_links(client, app):
    app.documents.filter(kind=DocumentKind.BUSINESS_PLAN).delete()
    Application.objects.filter(pk=app.pk).update(region=None, total_cost=None)
    client.force_login(app.created_by)
    response = client.get(reverse("portal:step", args=[app.pk, "review"]))
    incomplete, documents = response.context["blockers"]
    assert incomplete["items"] == [
        {"text": "не указано: полная стоимость проекта", "step": "costs"},
        {"text": "не указано: субъект РФ реализации проекта", "step": "project"},
    ]
    assert (documents["message"], documents["step"], documents["items"]) == (
        "Приложите обязательные документы: бизнес-план.",
        "documents",
        [],
    )
    text = response.content.decode()
    assert 'disabled aria-describedby="blockers"' in text
    for step in ("costs", "project", "documents"):
        assert f'href="{reverse("portal:step", args=[app.pk, step])}" data-step="{step}"' in text
    assert 'data-kind="business_plan" data-status="missing"' in text
    assert 'data-testid="analysis-missing"' in text  # nothing computed for this draft


@needs_pdftotext
def test_card_is_a_russian_pdf_and_the_owner_leaves_no_trace(client, submitted):
    client.force_login(submitted.created_by)
    response = client.get(reverse("portal:card", args=[submitted.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="otbor-2015-J-0001.pdf"'
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Карточка заявки 2015-J-0001" in text
    assert "Калининградская область (39)" in text
    assert "Полная стоимость проекта 850 000 000 руб." in text
    assert "Соответствие требованиям п. 2 Методики: соответствует" in text
    assert "NPV с господдержкой 437 124 957 руб." in text
    assert "бизнес-план" in text
    assert not PersonalDataAccess.objects.exists()


@needs_pdftotext
def test_card_of_a_draft_and_the_secretarys_read_is_recorded(client, app):
    secretary = UserFactory(role="secretary")
    client.force_login(secretary)
    response = client.get(reverse("portal:card", args=[app.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "черновик, данные на момент формирования" in text
    assert "Показатели ещё не рассчитаны." in text
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.application_id, access.item, access.source) == (
        secretary,
        app.pk,
        PersonalDataItem.APPLICATION_CARD,
        "portal:card",
    )


@pytest.mark.parametrize(
    ("path", "step"),
    [
        ("project.capital.equity", "capital"),
        ("project.capex", "costs"),
        ("project.total_cost", "costs"),
        ("project.loan.date", "jobs"),
        ("project.terminal.years", "capital"),
        ("project.series.taxes", "model"),
        ("project.series.ebit[3]", "model"),
        ("years", "model"),
        ("project.region", "project"),
        ("documents", "documents"),
        ("call.long_term_inflation", None),
        ("", None),
    ],
)
def test_each_case_path_links_to_the_step_that_fixes_it(path, step):
    assert step_of_path(path) == step
