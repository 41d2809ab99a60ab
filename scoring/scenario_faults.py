"""A case the engine refuses because of the call's macro scenario (a ``call.*`` path that
is not the applicant's doing) is the secretary's to fix: the applicant is told so
(applications.case_errors) and the secretaries are told here, once per scenario version
and path, however many applications hit it."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction

from accounts.models import User
from accounts.roles import GROUP_NAMES, Role
from applications.case_errors import CALL, locate
from applications.models import Application
from engine import CaseError
from reference.mail import render_mail

logger = logging.getLogger(__name__)

REPORT_EVERY_SECONDS = 7 * 24 * 3600


def blames_scenario(error: CaseError) -> bool:
    return (location := locate(error.path, message_en=error.message_en)) is not None and location.kind == CALL


def report_scenario_fault(app: Application, error: CaseError) -> bool:
    """E-mail the active secretaries (on commit) that the call's scenario makes the engine
    refuse cases. Idempotent per (call, scenario version, path) for a week (a cache key
    claimed atomically). Returns whether this call sent the report."""
    if not blames_scenario(error):
        return False
    version = getattr(getattr(app.call, "macro", None), "version", 0)
    if not cache.add(f"otbor:scenario-fault:{app.call_id}:{version}:{error.path}", 1, REPORT_EVERY_SECONDS):
        return False
    logger.error("call %s scenario v%s refused by the engine at %s", app.call_id, version, error.path)
    recipients = list(
        User.objects.filter(is_active=True, groups__name=GROUP_NAMES[Role.SECRETARY]).values_list(
            "email", flat=True
        )
    )
    if not recipients:
        return False
    subject, body = render_mail(
        "scenario_fault",
        {"call": app.call, "version": version, "path": error.path, "message": error.message_ru},
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients), robust=True)
    return True
