"""Screening: the secretary admits or rejects a submitted application."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from applications.services.lifecycle import ActionRefused, record_event
from calls.models import CallStatus

# Once the commission scores, the set of admitted applications is fixed.
SCREENING_CLOSED = (CallStatus.SCORING, CallStatus.DECIDED, CallStatus.ARCHIVED)

SCREENING_DECISIONS = {
    "admit": ApplicationStatus.ADMITTED,
    "reject": ApplicationStatus.REJECTED,
}


def screen_application(*, application_id: int, user, decision: str, reasons: str) -> Application:
    """The secretary admits or rejects a submitted application; rejection needs reasons."""
    if decision not in SCREENING_DECISIONS:
        raise ActionRefused(_("Неизвестное решение."))
    if decision == "reject" and not reasons.strip():
        raise ActionRefused(_("Укажите основания отклонения заявки."))
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("call").get(pk=application_id)
        if app.call.status in SCREENING_CLOSED:
            raise ActionRefused(
                _("Отбор в статусе «%(status)s»: решения о допуске заявок больше не меняются.")
                % {"status": app.call.get_status_display()}
            )
        if app.status not in (
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.SCREENING,
            ApplicationStatus.ADMITTED,
            ApplicationStatus.REJECTED,
        ):
            raise ActionRefused(
                _("Заявку в статусе «%(status)s» нельзя допустить или отклонить.")
                % {"status": app.get_status_display()}
            )
        old = app.status
        app.status = SCREENING_DECISIONS[decision]
        app.decision_reasons = reasons.strip()
        app.save(update_fields=["status", "decision_reasons", "updated_at"])
        record_event(app, old=old, by=user, note=app.decision_reasons)
    return app
