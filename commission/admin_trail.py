"""The readable trail (audit.trail) of one application and of one meeting: admin pages,
read-only. Points and findings of a round not yet closed stay hidden (blind scoring)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from audit import trail
from commission import selectors
from commission.models import Meeting, ScoringState
from privacy.access_log import record_reads
from privacy.services import PersonalDataRead

OPEN_STATES = [
    state for state in ScoringState.values if state not in (ScoringState.CLOSED, ScoringState.DECIDED)
]


def _page(model_admin, request: HttpRequest, title: str, rows, obj) -> HttpResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "rows": rows,
        "object": obj,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/audit/trail.html", context)


def application_trail_page(model_admin, request: HttpRequest, app_id: int) -> HttpResponse:
    if not request.user.has_perm("audit.view_application_trail"):
        raise PermissionDenied
    application = get_object_or_404(Application.objects.select_related("organisation"), pk=app_id)
    entries = trail.application_entries(application.pk, application.organisation_id)
    meeting_ids = {e.data.get("meeting_id") for e in entries if e.object_type == "score"}
    blind = set(
        Meeting.objects.filter(pk__in=meeting_ids, scoring_state__in=OPEN_STATES).values_list("pk", flat=True)
    )
    hidden = {e.object_id for e in entries if e.object_type == "score" and e.data.get("meeting_id") in blind}
    rows = trail.rows(entries, hidden_scores=hidden, statuses=dict(ApplicationStatus.choices))
    title = _("Журнал заявки %(number)s") % {"number": application.registration_number or application.pk}
    # The trail names the applicant who created and submitted the application.
    record_reads(request, [PersonalDataRead.application_card(application)])
    return _page(model_admin, request, title, rows, application)


def meeting_trail_page(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("call", "commission"), pk=pk)
    if not request.user.has_perm("audit.view_meeting_trail", meeting):
        raise PermissionDenied
    entries = trail.meeting_entries(meeting.pk)
    hidden = set()
    if not selectors.can_see_points(request.user, meeting):
        hidden = {e.object_id for e in entries if e.object_type == "score"}
    rows = trail.rows(entries, hidden_scores=hidden, statuses=dict(ApplicationStatus.choices))
    return _page(
        model_admin, request, _("Журнал заседания %(meeting)s") % {"meeting": meeting}, rows, meeting
    )
