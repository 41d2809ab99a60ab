"""Creating, finding and revoking personal API tokens (services and selectors).

A token is ``otb_`` + 40 URL-safe random characters; the database keeps its SHA-256 and
the first twelve characters (the prefix shown on the tokens page). Staff scopes need a
session verified with the second factor (accounts/middleware.py's rule for staff pages).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.middleware import needs_second_factor
from accounts.roles import STAFF_ROLES, roles_of
from api.models import APPLICANT_SCOPES, STAFF_SCOPES, ApiToken, Scope
from audit.services import record

TOKEN_PREFIX = "otb_"
PREFIX_LENGTH = 12
MAX_LIFETIME_DAYS = 365


class TokenRefused(Exception):
    """The token cannot be created; the message is for the user, in Russian."""


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def scopes_allowed_to(user) -> list[str]:
    """The scopes this user may put on a token: applicants their own applications',
    staff the staff scopes (an applicant who is also staff: both)."""
    allowed: list[str] = []
    if getattr(user, "organisation_id", None):
        allowed += [s.value for s in Scope if s in APPLICANT_SCOPES]
    if roles_of(user) & STAFF_ROLES:
        allowed += [s.value for s in Scope if s in STAFF_SCOPES]
    return allowed


def create_token(*, user, name: str, scopes: list[str], days: int, verified: bool) -> IssuedToken:
    """A new token for ``user``. ``verified``: the session passed the second factor
    (required for staff scopes and for any token of a staff member). Writes an audit row."""
    scopes = sorted(set(scopes))
    if not scopes:
        raise TokenRefused(_("Выберите хотя бы одно право."))
    allowed = scopes_allowed_to(user)
    if any(scope not in allowed for scope in scopes):
        raise TokenRefused(_("Эти права вам недоступны."))
    if (set(scopes) & STAFF_SCOPES or needs_second_factor(user)) and not verified:
        raise TokenRefused(_("Токен сотрудника можно создать только после входа со вторым фактором."))
    if not 1 <= days <= MAX_LIFETIME_DAYS:
        raise TokenRefused(_("Срок действия — от 1 до %(days)s дней.") % {"days": MAX_LIFETIME_DAYS})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(30)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip()[:100] or _("Без названия"),
            prefix=secret[:PREFIX_LENGTH],
            digest=digest_of(secret),
            scopes=scopes,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        record(
            action="api.token_created",
            object_type="api_token",
            object_id=token.pk,
            actor=user,
            data={"scopes": scopes, "days": days},
        )
    return IssuedToken(token=token, secret=secret)


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def revoke_token(*, user, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (idempotent). Raises ApiToken.DoesNotExist
    for another user's token."""
    with transaction.atomic():
        token = tokens_of(user).select_for_update().get(pk=token_id)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record(action="api.token_revoked", object_type="api_token", object_id=token.pk, actor=user)
    return token


def active_token_for(secret: str) -> ApiToken | None:
    """The active token with this secret, its user loaded; None for unknown, expired or revoked."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest_of(secret)).first()
    if token is None or not token.is_active() or not token.user.is_active:
        return None
    return token
