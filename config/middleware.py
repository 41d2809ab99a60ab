"""Turns a lost database into a friendly 503 instead of a traceback; keeps signed-in
pages out of every cache."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (OperationalError, InterfaceError)) or (type(exception) is DatabaseError):
            logger.warning("database unavailable: %s", type(exception).__name__)
            body = render_to_string("503.html", request=None)
            response = HttpResponse(body, status=503)
            response["Retry-After"] = "30"
            return response
        return None


class NoStoreForSignedInMiddleware:
    """A page shown to a signed-in user holds personal or commercial data (an applicant's
    figures, contacts, documents, scores): no browser, proxy or shared computer may keep
    a copy (OWASP ASVS 8.2.1). Responses that set their own Cache-Control keep it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Decided by the session cookie, never by ``request.user``: reading the user here
        # would query the database once more after the page (a lost database would turn
        # the 503 page into a server error). Without a session there is nobody signed in.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
