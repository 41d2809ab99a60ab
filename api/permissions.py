"""Who may call an operation: the token's scope (a browser session has every scope the
user's roles give) and the django-rules permission the web pages check (ADR 0007).
Objects come from the same selectors as the pages, so another organisation's is a 404."""

from __future__ import annotations

import rules
from rest_framework.permissions import BasePermission

from api.models import ApiToken


def token_of(request) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


class ScopeAndRule(BasePermission):
    """The view declares ``required_scopes`` (method → scope) and ``required_perms``
    (method → rule name). A method not declared is refused for everybody."""

    def has_permission(self, request, view) -> bool:
        method = request.method.upper()
        if method == "HEAD":
            method = "GET"
        if method == "OPTIONS" or not hasattr(view, method.lower()):
            return True  # OPTIONS describes; a method the view lacks is answered 405
        scopes = getattr(view, "required_scopes", {})
        perms = getattr(view, "required_perms", {})
        if method not in scopes and method not in perms:
            return False
        if not request.user or not request.user.is_authenticated:
            return False
        token = token_of(request)
        scope = scopes.get(method)
        if token is not None and scope is not None:
            alternatives = scope if isinstance(scope, tuple) else (scope,)
            if not any(token.has_scope(item) for item in alternatives):
                return False
        perm = perms.get(method)
        return perm is None or rules.has_perm(perm, request.user)
