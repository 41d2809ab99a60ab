"""Rate limits of the API, kept in the shared cache: per token (or signed-in user) and per
client address (accounts/client_ip.py, which knows the trusted proxies)."""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from accounts.client_ip import client_ip_address
from api.permissions import token_of


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        token = token_of(request)
        if token is not None:
            ident = f"token-{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None  # anonymous callers: the address limit alone
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AddressRateThrottle(SimpleRateThrottle):
    scope = "address"

    def get_cache_key(self, request, view):
        ident = client_ip_address(request) or "unknown"
        return self.cache_format % {"scope": self.scope, "ident": ident}
