"""Refusals of the services as API responses: ``{"detail": message}`` in the request's
language (LocaleMiddleware has activated it from Accept-Language)."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response


def refused(message: object, code: int = status.HTTP_409_CONFLICT) -> Response:
    return Response({"detail": str(message)}, status=code)


def invalid(message: object, errors: dict | None = None) -> Response:
    body: dict = {"detail": str(message)}
    if errors is not None:
        body["errors"] = {key: [str(m) for m in messages] for key, messages in errors.items()}
    return Response(body, status=status.HTTP_400_BAD_REQUEST)
