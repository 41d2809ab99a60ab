"""System checks: no role but the applicant's can be held without the second factor."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

from accounts.roles import STAFF_ROLES, Role

OTP_MIDDLEWARE = "django_otp.middleware.OTPMiddleware"
STAFF_OTP_MIDDLEWARE = "accounts.middleware.StaffOTPRequiredMiddleware"


@register(Tags.security)
def staff_roles_need_the_second_factor(app_configs, **kwargs) -> list[Error]:
    errors = []
    for role in Role:
        if role != Role.APPLICANT and role not in STAFF_ROLES:
            errors.append(
                Error(
                    f"Role {role} is not in accounts.roles.STAFF_ROLES: its holders would skip 2FA.",
                    id="accounts.E001",
                )
            )
    middleware = list(settings.MIDDLEWARE)
    if STAFF_OTP_MIDDLEWARE not in middleware or OTP_MIDDLEWARE not in middleware:
        errors.append(
            Error(f"{STAFF_OTP_MIDDLEWARE} and {OTP_MIDDLEWARE} must be installed.", id="accounts.E002")
        )
    elif middleware.index(STAFF_OTP_MIDDLEWARE) < middleware.index(OTP_MIDDLEWARE):
        errors.append(Error(f"{STAFF_OTP_MIDDLEWARE} must come after {OTP_MIDDLEWARE}.", id="accounts.E003"))
    return errors
