"""E-mails to applicants. Sent after commit, never inside a transaction."""

from __future__ import annotations

import logging

from django.core.mail import send_mass_mail

from applications.models import Application
from reference.mail import render_mail

logger = logging.getLogger(__name__)


def notify_status_change(application_id: int) -> None:
    app = Application.objects.select_related("organisation").get(pk=application_id)
    recipients = list(app.organisation.users.filter(is_active=True).values_list("email", flat=True))
    if not recipients:
        return
    subject, body = render_mail("status_change", {"app": app})
    try:
        send_mass_mail([(subject, body, None, [email]) for email in recipients])
    except OSError:
        # The status change stands; the mail is logged (without personal data) for resend.
        logger.exception("notification mail failed for application %s", application_id)
