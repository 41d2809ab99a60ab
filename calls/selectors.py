"""Reads of calls and their clarifications."""

from __future__ import annotations

from django.db.models import F, QuerySet

from calls.models import Call, CallStatus, Question


def calls_open_for_applicants() -> QuerySet[Call]:
    return Call.objects.filter(status=CallStatus.OPEN).order_by("closes_at")


def public_calls() -> QuerySet[Call]:
    """The calls anyone may read about: every one announced (not a draft)."""
    return Call.objects.exclude(status=CallStatus.DRAFT).order_by("-year", "-session")


def published_questions(call: Call) -> QuerySet[Question]:
    """The call's published clarifications, oldest first, without who asked: only the
    public wording, the answer and the dates are read."""
    return (
        Question.objects.filter(call=call, published=True)
        .only(
            "pk", "call_id", "public_text", "answer", "published_at", "answered_at", "asked_at", "published"
        )
        .order_by("published_at", "pk")
    )


def questions_of_organisation(user, call: Call) -> QuerySet[Question]:
    """The questions the user's organisation asked about the call (none without one)."""
    organisation_id = getattr(user, "organisation_id", None)
    if not organisation_id:
        return Question.objects.none()
    return Question.objects.filter(call=call, organisation_id=organisation_id).order_by("-asked_at", "-pk")


def questions_for_secretary(call: Call) -> QuerySet[Question]:
    """The call's questions for the secretary's queue: unanswered first, then the rest."""
    return (
        Question.objects.filter(call=call)
        .select_related("organisation")
        .order_by(F("answered_at").asc(nulls_first=True), "asked_at", "pk")
    )
