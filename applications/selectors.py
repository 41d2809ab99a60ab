"""Reads for a given user. Every list, detail and download starts here, so an
applicant can reach only their own organisation's objects."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.roles import Role, has_role
from applications.models import Application, ApplicationStatus, Document

STAFF_READERS = (Role.SECRETARY, Role.ADMINISTRATOR, Role.MEMBER, Role.CHAIR)


def applications_visible_to(user) -> QuerySet[Application]:
    """Applicants: their organisation's applications. Secretaries and administrators:
    all. Commission members: submitted ones only (never drafts). Others: none."""
    base = Application.objects.select_related(
        "call", "organisation", "region", "priority_direction"
    )
    if not getattr(user, "is_authenticated", False):
        return base.none()
    if has_role(user, Role.SECRETARY, Role.ADMINISTRATOR):
        return base
    if has_role(user, Role.MEMBER, Role.CHAIR):
        return base.exclude(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN])
    if has_role(user, Role.APPLICANT) and user.organisation_id:
        return base.filter(organisation_id=user.organisation_id)
    return base.none()


def editable_applications_of(user) -> QuerySet[Application]:
    """Drafts an applicant may change: their organisation's, nobody else's."""
    if not has_role(user, Role.APPLICANT) or not user.organisation_id:
        return Application.objects.none()
    return Application.objects.select_related("call").filter(
        organisation_id=user.organisation_id, status=ApplicationStatus.DRAFT
    )


def documents_visible_to(user) -> QuerySet[Document]:
    return Document.objects.filter(application__in=applications_visible_to(user))
