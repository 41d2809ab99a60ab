"""Reads of calls."""

from __future__ import annotations

from django.db.models import QuerySet

from calls.models import Call, CallStatus


def calls_open_for_applicants() -> QuerySet[Call]:
    return Call.objects.filter(status=CallStatus.OPEN).order_by("closes_at")
