"""The application for print and for experts: the PDF card (the submitted data as a
document, eligibility and indicators) and the submitted version's JSON. Whoever may see
the application may fetch them; staff reading them is recorded (152-FZ)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone, translation

from applications import selectors
from applications.models import Application
from portal.review import draft_version
from privacy.access_log import record_reads
from privacy.services import PersonalDataRead
from reference.pdf import font_faces, html_to_pdf
from scoring import services as scoring


def _visible(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(
        selectors.applications_visible_to(request.user).select_related("call", "organisation"), pk=pk
    )


def _file_name(app: Application, extension: str) -> str:
    return f"otbor-{app.registration_number or f'draft-{app.pk}'}.{extension}"


@login_required
def card(request: HttpRequest, pk: int) -> HttpResponse:
    """«Карточка заявки» as PDF: the last submitted version (a draft: as it stands), the
    eligibility checks and the indicators of the current result."""
    app = _visible(request, pk)  # first: a foreign id is 404 whatever the method
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    version = app.versions.order_by("-number").first() or draft_version(app)
    # Staff reading a card is recorded (152-FZ); the applicant's own is not.
    record_reads(request, [PersonalDataRead.application_card(app)])
    context = {
        "app": app,
        "version": version,
        "result": scoring.current_result(app),
        "generated_at": timezone.now(),
        "font_faces": font_faces("Card Sans"),
    }
    with translation.override("ru"):  # a document for the file, in Russian as the protocol
        html = render_to_string("applications/card_pdf.html", context, request=request)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(app, "pdf")}"'
    return response


@login_required
def version_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The last submitted version's case (otbor-case/1) and snapshot, for experts."""
    app = _visible(request, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    version = app.versions.order_by("-number").first()
    if version is None:
        raise Http404
    record_reads(request, [PersonalDataRead.application_card(app)])
    body = json.dumps(
        {"number": version.number, "case": version.case, "snapshot": version.snapshot},
        ensure_ascii=False,
        indent=2,
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(app, "json")}"'
    return response
