"""Reads for the screening pages."""

from __future__ import annotations

from django.db.models import QuerySet

from applications.models import Application, ApplicationStatus
from applications.selectors import applications_visible_to
from calls.models import Call
from scoring.selectors import current_results


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
