"""Staff operations: the screening list and decisions, a meeting's results after the
round closes, the decided protocol's stored files. Same selectors and rules as the
screening pages and the commission's admin."""

from __future__ import annotations

import rules
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import refused
from api.filters import ScreeningFilter
from api.models import Scope
from api.permissions import ScopeAndRule
from api.serializers import (
    ApplicationSerializer,
    DetailSerializer,
    MeetingResultsSerializer,
    ScreeningDecisionSerializer,
    ScreeningRowSerializer,
)
from applications import selectors
from applications.models import Application
from applications.services.lifecycle import ActionRefused
from calls.models import Call
from commission import selectors as commission_selectors
from commission.exports import FORMATS, file_name, stored_version
from commission.models import Meeting
from screening.selectors import screening_list
from screening.services import screen_application

SCREEN = "screening.screen_applications"


@extend_schema(tags=["staff"], summary="Проверка: поданные заявки отбора")
class ScreeningListView(generics.ListAPIView):
    permission_classes = [ScopeAndRule]
    required_scopes = {"GET": Scope.STAFF_READ}
    required_perms = {"GET": SCREEN}
    serializer_class = ScreeningRowSerializer
    filterset_class = ScreeningFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        call = get_object_or_404(Call, pk=self.kwargs["call_id"])
        return screening_list(user=self.request.user, call=call, filters={})


class ScreeningDecisionView(APIView):
    permission_classes = [ScopeAndRule]
    required_scopes = {"POST": Scope.STAFF_SCREEN}
    required_perms = {"POST": SCREEN}

    @extend_schema(
        tags=["staff"],
        summary="Допустить или отклонить заявку",
        request=ScreeningDecisionSerializer,
        responses={
            200: ApplicationSerializer,
            400: DetailSerializer,
            404: DetailSerializer,
            409: DetailSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        app = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
        serializer = ScreeningDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            app = screen_application(
                application_id=app.pk,
                user=request.user,
                decision=serializer.validated_data["decision"],
                reasons=serializer.validated_data["reasons"],
            )
        except ActionRefused as error:
            return refused(error)
        return Response(ApplicationSerializer(app).data)


def visible_meeting(request: Request, pk: int) -> Meeting:
    return get_object_or_404(commission_selectors.meetings_visible_to(request.user), pk=pk)


class MeetingResultsView(APIView):
    permission_classes = [ScopeAndRule]
    required_scopes = {"GET": Scope.STAFF_READ}
    required_perms = {"GET": None}  # the meeting's own rule, below

    @extend_schema(
        tags=["staff"],
        summary="Итоги заседания (после закрытия оценки)",
        responses={200: MeetingResultsSerializer, 403: DetailSerializer, 404: DetailSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        meeting = visible_meeting(request, pk)
        if not rules.has_perm("api.read_meeting_results", request.user, meeting):
            raise PermissionDenied
        results = commission_selectors.meeting_results_cached(meeting)
        rows = [
            {
                "application": app.pk,
                "registration_number": app.registration_number or "",
                "organisation": str(app.organisation),
                "title": app.title,
                "rank": rank,
                "total": result.total,
                "winner": result.winner,
                "means": dict(result.means),
            }
            for app, result, rank in results.rows
        ]
        body = {
            "meeting": meeting.pk,
            "number": meeting.number,
            "date": meeting.date,
            "scoring_state": meeting.scoring_state,
            "threshold": results.methodology.threshold,
            "rows": rows,
        }
        return Response(MeetingResultsSerializer(body).data)


class ProtocolFileView(APIView):
    permission_classes = [ScopeAndRule]
    required_scopes = {"GET": Scope.STAFF_READ}
    required_perms = {"GET": "commission.manage_scoring"}

    def perform_content_negotiation(self, request, force=False):
        # The body is the stored file whatever the client accepts.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        tags=["staff"],
        summary="Файл принятого протокола (сохранённые байты)",
        parameters=[OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=sorted(FORMATS))],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            (403, "application/json"): DetailSerializer,
            (404, "application/json"): DetailSerializer,
        },
    )
    def get(self, request: Request, pk: int, fmt: str) -> HttpResponse:
        meeting = visible_meeting(request, pk)
        if fmt not in FORMATS:
            raise Http404
        version = stored_version(meeting)
        if version is None:
            raise Http404
        _renderer, content_type = FORMATS[fmt]
        response = HttpResponse(bytes(getattr(version, fmt)), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{file_name(meeting, fmt, version.number)}"'
        return response
