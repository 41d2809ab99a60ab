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


def exception_handler(exc, context):
    """DRF's answers, with a field-validation error in the same shape as the services'
    refusals: ``{"detail": message, "errors": {field: [messages]}}``."""
    from django.utils.translation import gettext as _
    from rest_framework.exceptions import ValidationError
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        data = response.data
        errors = data if isinstance(data, dict) else {"": data}
        response.data = {
            "detail": _("Проверьте введённые данные."),
            "errors": {
                str(key): [str(item) for item in value] if isinstance(value, list) else [str(value)]
                for key, value in errors.items()
            },
        }
    return response
