"""Public operations: the calls and the open data of decided calls."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.opendata import decided_calls, winners_csv, winners_register
from api.serializers import CallSerializer, DetailSerializer, WinnersRegisterSerializer
from calls.models import Call, CallStatus


def public_calls():
    """Open and past calls (never a draft one), with their directions."""
    return Call.objects.exclude(status=CallStatus.DRAFT).prefetch_related("priority_directions")


@extend_schema(tags=["calls"], summary="Отборы: открытые и прошедшие")
class CallListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = CallSerializer
    filterset_fields = ["status", "year", "session"]

    def get_queryset(self):
        return public_calls().order_by("-year", "session")


@extend_schema(tags=["calls"], summary="Отбор: правила и сроки (московское время)")
class CallDetailView(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = CallSerializer

    def get_queryset(self):
        return public_calls()


@extend_schema(tags=["open-data"], summary="Отборы с принятым решением")
class DecidedCallListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = CallSerializer

    def get_queryset(self):
        return decided_calls().prefetch_related("priority_directions")


def _register(call_id: int):
    call = get_object_or_404(decided_calls(), pk=call_id)
    register = winners_register(call)
    if register is None:  # pragma: no cover - decided_calls() requires a protocol
        from django.http import Http404

        raise Http404
    return register


class WinnersView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["open-data"], summary="Реестр победителей (JSON)", responses=WinnersRegisterSerializer
    )
    def get(self, request: Request, call_id: int) -> Response:
        return Response(WinnersRegisterSerializer(_register(call_id)).data)


class WinnersCsvView(APIView):
    permission_classes = [AllowAny]

    def perform_content_negotiation(self, request, force=False):
        # The body is CSV whatever the client accepts; the renderers do not apply.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        tags=["open-data"],
        summary="Реестр победителей (CSV)",
        responses={(200, "text/csv"): OpenApiTypes.STR, (404, "application/json"): DetailSerializer},
        request=None,
    )
    def get(self, request: Request, call_id: int) -> HttpResponse:
        register = _register(call_id)
        response = HttpResponse(winners_csv(register), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="winners-{register.call}.csv"'
        return response
