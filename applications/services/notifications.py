"""E-mails to applicants. Sent after commit, never inside a transaction."""

from __future__ import annotations

import logging

from django.core.mail import send_mass_mail
from django.utils import timezone

from applications.models import ApplicationStatus, StatusEvent

logger = logging.getLogger(__name__)

# Changes whose event note carries the reasons (screening and the commission's decision).
DECISION_STATUSES = (ApplicationStatus.ADMITTED, ApplicationStatus.REJECTED,
                     ApplicationStatus.WINNER, ApplicationStatus.NOT_WINNER)


def notify_status_event(event_id: int) -> bool:
    """E-mail the organisation's active users about one status change, once: the event is
    claimed (``notified_at``) by one atomic UPDATE, so a retried or duplicated task sends
    nothing twice; a failed send releases the claim and raises OSError for a retry.
    Returns whether this call sent the mail. Runs in the worker, outside any request."""
    claimed = StatusEvent.objects.filter(pk=event_id, notified_at__isnull=True).update(
        notified_at=timezone.now())
    if not claimed:
        return False
    event = StatusEvent.objects.select_related("application__organisation").get(pk=event_id)
    app = event.application
    recipients = list(app.organisation.users.filter(is_active=True).values_list("email", flat=True))
    if not recipients:
        return False
    status = ApplicationStatus(event.to_status).label
    subject = f"Заявка {app.registration_number or app.title}: {status}"
    body = (
        f"Статус заявки «{app.title}» ({app.registration_number or 'черновик'}) изменён: "
        f"{status}."
    )
    # The reasons as recorded with this change (the application may have moved on since).
    if event.note and event.to_status in DECISION_STATUSES:
        body += f"\n\nОснования: {event.note}"
    body += "\n\nПодробности — в личном кабинете системы «Отбор»."
    try:
        send_mass_mail([(subject, body, None, [email]) for email in recipients])
    except OSError:
        # Logged without personal data; the claim is released so the retry sends it.
        StatusEvent.objects.filter(pk=event_id).update(notified_at=None)
        logger.exception("notification mail failed for application %s (status event %s)",
                         app.pk, event_id)
        raise
    return True
