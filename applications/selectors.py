"""Reads for a given user. Every list, detail and download starts here, so an
applicant can reach only their own organisation's objects."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from accounts.roles import Role, has_role
from applications.models import (
    Application,
    ApplicationStatus,
    Call,
    CallStatus,
    Document,
    IndicatorResult,
    PersonalDataAccess,
)

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


def personal_data_accesses_visible_to(user) -> QuerySet[PersonalDataAccess]:
    """The personal-data access log: administrators only (it names who read whose data)."""
    if not has_role(user, Role.ADMINISTRATOR):
        return PersonalDataAccess.objects.none()
    return PersonalDataAccess.objects.select_related("user", "organisation", "application")


def calls_open_for_applicants() -> QuerySet[Call]:
    return Call.objects.filter(status=CallStatus.OPEN).order_by("closes_at")


def current_results() -> Prefetch:
    """The current indicator columns for list pages; the full JSON result and risk (kilobytes
    each) stay in the database."""
    return Prefetch(
        "indicator_results",
        queryset=IndicatorResult.objects.filter(is_current=True).defer("result", "risk")
        .order_by("-pk"),
        to_attr="current_results",
    )


def my_applications(user) -> QuerySet[Application]:
    return applications_visible_to(user).prefetch_related(current_results()).order_by("-created_at")


def screening_list(*, user, call: Call, filters: dict[str, str]) -> QuerySet[Application]:
    """Submitted applications of a call with their current indicators, for screening."""
    qs = (
        applications_visible_to(user)
        .filter(call=call)
        .exclude(status__in=[ApplicationStatus.DRAFT])
        .prefetch_related(current_results())
        .order_by("registration_number")
    )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("region"):
        qs = qs.filter(region_id=filters["region"])
    if filters.get("direction"):
        qs = qs.filter(priority_direction_id=filters["direction"])
    if filters.get("eligible") in {"yes", "no"}:
        qs = qs.filter(
            indicator_results__is_current=True,
            indicator_results__eligible=(filters["eligible"] == "yes"),
        )
    return qs
