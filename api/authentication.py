"""``Authorization: Bearer otb_…``: a personal token (api/tokens.py). ``request.auth`` is
the ApiToken, whose scopes api/permissions.py checks. Browser sessions stay with DRF's
SessionAuthentication (CSRF enforced for writes)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.models import ApiToken
from api.tokens import active_token_for

#: last_used_at is written at most this often per token (one UPDATE, not one per call).
LAST_USED_RESOLUTION_SECONDS = 300


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Неверный заголовок Authorization."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Неверный токен.")) from error
        token = active_token_for(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Токен неверен, истёк или отозван."))
        self._touch(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword

    @staticmethod
    def _touch(token: ApiToken) -> None:
        now = timezone.now()
        if (
            token.last_used_at is None
            or (now - token.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS
        ):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
