"""Screening: the secretary admits or rejects a submitted application."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from applications.services.lifecycle import ActionRefused, record_event

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
        app = Application.objects.select_for_update().get(pk=application_id)
        if app.status not in (
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.SCREENING,
            ApplicationStatus.ADMITTED,
            ApplicationStatus.REJECTED,
        ):
            raise ActionRefused(
                _("Заявку в статусе «%(status)s» нельзя допустить или отклонить.") % {
                    "status": app.get_status_display()}
            )
        old = app.status
        app.status = SCREENING_DECISIONS[decision]
        app.decision_reasons = reasons.strip()
        app.save(update_fields=["status", "decision_reasons", "updated_at"])
        record_event(app, old=old, by=user, note=app.decision_reasons)
    return app
