"""Reads of computed indicators, for a given user where a list is concerned."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from applications.models import Application
from applications.selectors import applications_visible_to
from scoring.models import IndicatorResult


def current_results() -> Prefetch:
    """The current indicator columns for list pages; the full JSON result and risk (kilobytes
    each) stay in the database."""
    return Prefetch(
        "indicator_results",
        queryset=IndicatorResult.objects.filter(is_current=True).defer("result", "risk").order_by("-pk"),
        to_attr="current_results",
    )


def my_applications(user) -> QuerySet[Application]:
    return applications_visible_to(user).prefetch_related(current_results()).order_by("-created_at")
