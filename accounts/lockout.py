"""Sign-in lockouts: django-axes locks one account from one address (five failures, 30
minutes) keyed by the normalised e-mail, so «User@X», « user@x » and the full-width
spelling share one counter; this module adds what axes cannot express next to it, a
lock of an address from which many different accounts failed (one password tried
across accounts), with a limit of its own, and the Russian page of both locks."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts import throttles
from accounts.client_ip import client_ip_address


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """``AXES_USERNAME_CALLABLE``: the typed e-mail in its normalised spelling."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        typed = credentials.get(field)
    else:
        typed = getattr(request, "POST", {}).get(field)
    return throttles.normalised_identity(typed)


class SignInLockBackend(AxesStandaloneBackend):
    """django-axes' check, preceded by the address lock against password spraying.
    Authenticates nobody: it only refuses (the next backends check the password)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and throttles.sign_in_address_locked(client_ip_address(request)):
            request.axes_locked_out = True
            request.otbor_address_locked = True
            raise AxesBackendPermissionDenied("too many accounts failed from this address")
        return super().authenticate(request, username=username, password=password, **kwargs)


def record_failure(sender, credentials: dict, request=None, **kwargs) -> None:
    """``user_login_failed``: count the account towards its address' limit."""
    if request is not None:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD) or credentials.get("username")
        throttles.record_sign_in_failure(client_ip_address(request), username)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the Russian lockout page, 429. The username is not
    echoed back (the page must not confirm what was typed)."""
    cool_off = get_cool_off(request)
    context = {
        "address_locked": getattr(request, "otbor_address_locked", False),
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
