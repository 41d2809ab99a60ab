"""E-mails to applicants. Sent after commit, never inside a transaction."""

from __future__ import annotations

import logging

from django.core.mail import send_mass_mail
from django.utils import timezone

from applications.models import ApplicationStatus, StatusEvent
from reference.mail import render_mail

logger = logging.getLogger(__name__)

# Changes whose event note carries the reasons (screening and the commission's decision).
DECISION_STATUSES = (
    ApplicationStatus.ADMITTED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.WINNER,
    ApplicationStatus.NOT_WINNER,
)


def notify_status_event(event_id: int) -> bool:
    """E-mail the organisation's active users about one status change, once: the event is
    claimed (``notified_at``) by one atomic UPDATE, so a retried or duplicated task sends
    nothing twice; a failed send releases the claim and raises OSError for a retry.
    Returns whether this call sent the mail. Runs in the worker, outside any request."""
    claimed = StatusEvent.objects.filter(pk=event_id, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return False
    event = StatusEvent.objects.select_related("application__organisation").get(pk=event_id)
    app = event.application
    recipients = list(app.organisation.users.filter(is_active=True).values_list("email", flat=True))
    if not recipients:
        return False
    # The status and reasons as recorded with this change (the application may have moved
    # on since the event was queued).
    reasons = event.note if event.to_status in DECISION_STATUSES else ""
    subject, body = render_mail(
        "status_change", {"app": app, "status": ApplicationStatus(event.to_status).label, "reasons": reasons}
    )
    try:
        send_mass_mail([(subject, body, None, [email]) for email in recipients])
    except OSError:
        # Logged without personal data; the claim is released so the retry sends it.
        StatusEvent.objects.filter(pk=event_id).update(notified_at=None)
        logger.exception("notification mail failed for application %s (status event %s)", app.pk, event_id)
        raise
    return True
