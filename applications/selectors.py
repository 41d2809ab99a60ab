"""Reads for a given user. Every list, detail and download starts here, so an
applicant can reach only their own organisation's objects."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.rules import is_commission, is_organisation_applicant, is_screener
from applications.models import Application, ApplicationStatus, Document
from applications.rules import NOT_SUBMITTED


def applications_visible_to(user) -> QuerySet[Application]:
    """Applicants: their organisation's applications. Secretaries and administrators:
    all. Commission members: submitted ones only (never drafts). Others: none.
    The rule ``applications.view_application`` as a query (applications/rules.py)."""
    base = Application.objects.select_related("call", "organisation", "region", "priority_direction")
    if not getattr(user, "is_authenticated", False):
        return base.none()
    if is_screener(user):
        return base
    if is_commission(user):
        return base.exclude(status__in=NOT_SUBMITTED)
    if is_organisation_applicant(user):
        return base.filter(organisation_id=user.organisation_id)
    return base.none()


def editable_applications_of(user) -> QuerySet[Application]:
    """Drafts an applicant may change: their organisation's, nobody else's."""
    if not is_organisation_applicant(user):
        return Application.objects.none()
    return Application.objects.select_related("call").filter(
        organisation_id=user.organisation_id, status=ApplicationStatus.DRAFT
    )


def documents_visible_to(user) -> QuerySet[Document]:
    return Document.objects.filter(application__in=applications_visible_to(user))
