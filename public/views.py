"""Pages anyone may read, signed in or not: the announced calls, each with its dates,
rules, required documents, published clarifications and, once decided, the register of
winners. No personal data: clarifications carry no asker, the register no people."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from calls import selectors as calls_selectors
from calls.models import CallStatus
from commission.register import winners_register
from reference.documents import ACCEPTED_TYPES, REQUIRED_KINDS, DocumentKind

DECIDED = (CallStatus.DECIDED, CallStatus.ARCHIVED)


def call_list(request: HttpRequest) -> HttpResponse:
    return render(request, "public/calls.html", {"calls": calls_selectors.public_calls()})


def call_page(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(
        calls_selectors.public_calls().prefetch_related("priority_directions"), pk=call_id
    )
    documents = [
        {"label": DocumentKind(kind).label, "types": ", ".join(ACCEPTED_TYPES[kind]).upper()}
        for kind in REQUIRED_KINDS
    ]
    return render(
        request,
        "public/call.html",
        {
            "call": call,
            "documents": documents,
            "questions": calls_selectors.published_questions(call),
            "decided": call.status in DECIDED,
            "winners": winners_register(call) if call.status in DECIDED else [],
        },
    )
