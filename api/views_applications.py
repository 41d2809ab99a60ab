"""The applicant's operations: the organisation and its applications, through the web
form's selectors, rules, forms and services (portal/views.py does the same for pages)."""

from __future__ import annotations

import mimetypes

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.case_update import CaseRejected, update_draft_from_case
from api.errors import invalid, refused
from api.filters import ApplicationFilter
from api.models import Scope
from api.permissions import ScopeAndRule
from api.serializers import (
    ApplicationDetailSerializer,
    ApplicationSerializer,
    CaseDocumentSerializer,
    CaseErrorsSerializer,
    CreateDraftSerializer,
    DetailSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    IndicatorsSerializer,
    OrganisationSerializer,
)
from applications import selectors
from applications.models import Application
from applications.services import drafts
from applications.services.lifecycle import ActionRefused, submit_application
from calls import selectors as calls_selectors
from reference.uploads import UploadRefused, check_upload, check_upload_size
from reference.xlsx_safety import UnsafeWorkbook
from scoring import services as scoring

PREPARE = "portal.prepare_applications"
READ = (Scope.READ_APPLICATIONS, Scope.STAFF_READ)
REFUSAL = {409: DetailSerializer, 404: DetailSerializer, 403: DetailSerializer}


def own_application(request: Request, pk: int) -> Application:
    """The application as the portal's pages find it: through the user's selector."""
    return get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)


@extend_schema(tags=["organisation"], summary="Организация заявителя")
class OrganisationView(APIView):
    permission_classes = [ScopeAndRule]
    required_scopes = {"GET": Scope.READ_APPLICATIONS}
    required_perms = {"GET": PREPARE}

    @extend_schema(responses=OrganisationSerializer)
    def get(self, request: Request) -> Response:
        return Response(OrganisationSerializer(request.user.organisation).data)


class ApplicationListView(generics.ListAPIView):
    """GET: the applications the user may read; POST: a new draft for an open call."""

    permission_classes = [ScopeAndRule]
    required_scopes = {"GET": READ, "POST": Scope.WRITE_DRAFTS}
    required_perms = {"GET": None, "POST": PREPARE}
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter

    def get_queryset(self):
        return selectors.applications_visible_to(self.request.user).order_by("-created_at", "-pk")

    @extend_schema(tags=["applications"], summary="Заявки, доступные пользователю")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["applications"],
        summary="Создать черновик заявки по открытому отбору",
        request=CreateDraftSerializer,
        responses={201: ApplicationDetailSerializer, 400: DetailSerializer, **REFUSAL},
    )
    def post(self, request: Request) -> Response:
        serializer = CreateDraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call = get_object_or_404(
            calls_selectors.calls_open_for_applicants(), pk=serializer.validated_data["call"]
        )
        try:
            app = drafts.create_draft(call=call, user=request.user)
        except ActionRefused as error:
            return refused(error)
        return Response(ApplicationDetailSerializer(app).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["applications"], summary="Заявка: поля, кейс и документы")
class ApplicationDetailView(generics.RetrieveAPIView):
    permission_classes = [ScopeAndRule]
    required_scopes = {"GET": READ}
    required_perms = {"GET": None}
    serializer_class = ApplicationDetailSerializer

    def get_queryset(self):
        return selectors.applications_visible_to(self.request.user).prefetch_related("documents")


class ApplicationCaseView(APIView):
    permission_classes = [ScopeAndRule]
    required_scopes = {"PUT": Scope.WRITE_DRAFTS}
    required_perms = {"PUT": PREPARE}
    parser_classes = [JSONParser]

    @extend_schema(
        tags=["applications"],
        summary="Обновить черновик из документа otbor-case/1 или его частей",
        request=CaseDocumentSerializer,
        responses={200: ApplicationDetailSerializer, 400: CaseErrorsSerializer, **REFUSAL},
    )
    def put(self, request: Request, pk: int) -> Response:
        app = own_application(request, pk)
        try:
            app = update_draft_from_case(application=app, document=request.data)
        except CaseRejected as error:
            return invalid(error, error.errors)
        except ActionRefused as error:
            return refused(error)
        return Response(ApplicationDetailSerializer(app).data)


class ApplicationDocumentsView(APIView):
    permission_classes = [ScopeAndRule]
    required_scopes = {"GET": READ, "POST": Scope.WRITE_DRAFTS}
    required_perms = {"GET": None, "POST": PREPARE}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(tags=["documents"], summary="Документы заявки", responses=DocumentSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        app = own_application(request, pk)
        return Response(DocumentSerializer(app.documents.all(), many=True).data)

    @extend_schema(
        tags=["documents"],
        summary="Загрузить документ в черновик",
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer, 400: DetailSerializer, **REFUSAL},
    )
    def post(self, request: Request, pk: int) -> Response:
        app = own_application(request, pk)
        serializer = DocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        kind = serializer.validated_data["kind"]
        try:
            check_upload_size(upload.size)
            data = upload.read()
            stored_name = check_upload(upload.name, data, kind)
        except (UploadRefused, UnsafeWorkbook) as error:
            return invalid(error)
        content_type = mimetypes.guess_type(stored_name)[0] or "application/octet-stream"
        try:
            document = drafts.store_document(
                application_id=app.pk,
                kind=kind,
                stored_name=stored_name,
                original_name=stored_name,
                content_type=content_type,
                data=data,
                user=request.user,
            )
        except ActionRefused as error:
            return refused(error)
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class ApplicationSubmitView(APIView):
    permission_classes = [ScopeAndRule]
    required_scopes = {"POST": Scope.SUBMIT}
    required_perms = {"POST": PREPARE}

    @extend_schema(
        tags=["applications"],
        summary="Подать заявку",
        request=None,
        responses={200: ApplicationDetailSerializer, **REFUSAL},
    )
    def post(self, request: Request, pk: int) -> Response:
        app = own_application(request, pk)
        try:
            app = submit_application(application_id=app.pk, user=request.user)
        except ActionRefused as error:
            return refused(error)
        return Response(ApplicationDetailSerializer(app).data)


class ApplicationIndicatorsView(APIView):
    permission_classes = [ScopeAndRule]
    required_scopes = {"GET": READ}
    required_perms = {"GET": None}

    @extend_schema(
        tags=["applications"],
        summary="Допустимость и показатели заявки",
        responses={200: IndicatorsSerializer, 404: OpenApiResponse(DetailSerializer)},
    )
    def get(self, request: Request, pk: int) -> Response:
        app = own_application(request, pk)
        row = scoring.current_result(app)
        progress = scoring.indicators_progress(app, row)
        body = {
            "state": progress["state"],
            "computed_at": row.computed_at if row else None,
            "eligible": row.eligible if row else None,
            "npv": row.npv if row else None,
            "irr": row.irr if row else None,
            "wacc": row.wacc if row else None,
            "bpi": row.bpi if row else None,
            "integral_indicator": row.integral_indicator if row else None,
            "financial_status": row.financial_status if row else "",
            "budget_status": row.budget_status if row else "",
            "socio_economic_status": row.socio_economic_status if row else "",
            "error_message": row.error_message if row else "",
            "result": row.result if row else None,
        }
        if "missing" in progress:
            body["missing"] = [str(item) for item in progress["missing"]]
        return Response(IndicatorsSerializer(body).data)
