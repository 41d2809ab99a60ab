"""The OpenAPI schema documents version 1 only."""

from __future__ import annotations


def only_version_one(endpoints, **_kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def register_extensions() -> None:
    """Tell drf-spectacular how the Bearer token authenticates (api/apps.py calls this)."""
    from drf_spectacular.extensions import OpenApiAuthenticationExtension

    class BearerTokenScheme(OpenApiAuthenticationExtension):
        target_class = "api.authentication.BearerTokenAuthentication"
        name = "bearerToken"

        def get_security_definition(self, auto_schema):
            return {"type": "http", "scheme": "bearer", "bearerFormat": "otb_…"}
