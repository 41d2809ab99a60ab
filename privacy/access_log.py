"""Requests to the personal-data access log: who read, from which page and address.
The service takes plain values; this is where a request becomes them."""

from __future__ import annotations

from collections.abc import Iterable

from axes.helpers import get_client_ip_address
from django.http import HttpRequest

from privacy.services import PersonalDataRead, record_personal_data_access


def source_of(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None and match.view_name else request.path


def record_reads(request: HttpRequest, reads: Iterable[PersonalDataRead]) -> None:
    """Record what ``request.user`` is about to be shown; the client address is resolved
    as for sign-in throttling (django-axes), so both logs name the same address."""
    record_personal_data_access(
        user=request.user,
        reads=reads,
        source=source_of(request),
        ip=get_client_ip_address(request),
    )
