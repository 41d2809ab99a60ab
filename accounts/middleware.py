"""Staff must pass a second factor before any page that is not about signing in.

``django_otp.middleware.OTPMiddleware`` (installed before this one) tells whether the
session was verified with a device; this middleware sends an unverified staff member to
set up TOTP (no confirmed device yet) or to enter a code (a device exists).

Who is staff here is decided by the roles (accounts/roles.py ``STAFF_ROLES``), not by
the admin's ``is_staff`` flag: a secretary whose «доступ к администрированию» is off still
opens screening and applicants' documents, so still passes the second factor. Applicants
are never affected. accounts/checks.py makes sure every role but the applicant's is one.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts import otp
from accounts.roles import STAFF_ROLES, roles_of

# Pages an unverified staff member may still open: signing in and out, the second
# factor itself, the language switch and the health probe.
EXEMPT_URL_NAMES = (
    "login",
    "logout",
    "admin:logout",
    "otp_setup",
    "otp_enrol_send",
    "otp_verify",
    "set_language",
    "healthz",
)
# The e-mailed enrolment link carries a token in its path.
EXEMPT_PREFIXES = ("/accounts/otp/enrol/",)


def needs_second_factor(user) -> bool:
    """True for a signed-in user who holds any staff role or the admin flag."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or roles_of(user) & STAFF_ROLES)


def staff_otp_required(user) -> bool:
    """True when this user must still pass the second factor in this session."""
    if not getattr(settings, "OTBOR_REQUIRE_STAFF_OTP", True):
        return False
    if not needs_second_factor(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified is not None and is_verified())


class StaffOTPRequiredMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self._exempt: frozenset[str] | None = None

    def exempt_paths(self) -> frozenset[str]:
        if self._exempt is None:
            self._exempt = frozenset(reverse(name) for name in EXEMPT_URL_NAMES)
        return self._exempt

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if staff_otp_required(request.user) and not self._is_exempt(request.path):
            target = "otp_verify" if otp.has_confirmed_device(request.user) else "otp_setup"
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(target)}?{query}")
        return self.get_response(request)

    def _is_exempt(self, path: str) -> bool:
        static_url = "/" + settings.STATIC_URL.lstrip("/")
        return path in self.exempt_paths() or path.startswith((static_url, *EXEMPT_PREFIXES))
