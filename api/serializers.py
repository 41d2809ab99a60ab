"""What the API returns and accepts. Read serializers only describe rows the selectors
already allowed; writes go through api/case_update.py and the services."""

from __future__ import annotations

from rest_framework import serializers

from api.models import ApiToken
from applications.models import Application, ApplicationStatus, Document, DocumentKind
from applications.services.cases import readable_draft_case
from calls.models import Call
from organisations.models import Organisation


class CallRulesSerializer(serializers.Serializer):
    min_total_cost = serializers.DecimalField(max_digits=16, decimal_places=2)
    max_total_cost = serializers.DecimalField(max_digits=16, decimal_places=2)
    commissioning_after = serializers.DateField()
    loan_from = serializers.DateField()
    loan_to = serializers.DateField()


class CallSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    accepts_submissions = serializers.SerializerMethodField()
    rules = CallRulesSerializer(source="*", read_only=True)
    priority_directions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Call
        fields = [
            "id",
            "title",
            "year",
            "session",
            "status",
            "status_label",
            "opens_at",
            "closes_at",
            "accepts_submissions",
            "rules",
            "priority_directions",
        ]

    def get_accepts_submissions(self, call: Call) -> bool:
        return call.accepts_submissions()


class OrganisationSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id")

    class Meta:
        model = Organisation
        fields = ["id", "full_name", "short_name", "inn", "kpp", "ogrn", "region", "address"]


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "kind", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class ApplicationSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=ApplicationStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    region = serializers.CharField(source="region_id", allow_null=True, read_only=True)
    priority_direction = serializers.CharField(
        source="priority_direction_id", allow_null=True, read_only=True
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "organisation",
            "status",
            "status_label",
            "registration_number",
            "title",
            "region",
            "priority_direction",
            "total_cost",
            "submitted_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ApplicationDetailSerializer(ApplicationSerializer):
    case = serializers.SerializerMethodField()
    documents = DocumentSerializer(many=True, read_only=True)

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "case", "documents"]
        read_only_fields = fields

    def get_case(self, app: Application) -> dict:
        """The draft's case as it stands (without the call's scenario), or the submitted one."""
        version = app.versions.order_by("-number").first()
        return version.case if version is not None else readable_draft_case(app)


class CreateDraftSerializer(serializers.Serializer):
    call = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class CaseDocumentSerializer(serializers.Serializer):
    """An otbor-case/1 document or a part of it: ``years`` and ``project`` (its fields and
    ``series``); ``format`` and ``call`` may be present and are not applied."""

    format = serializers.CharField(required=False)
    years = serializers.ListField(child=serializers.IntegerField(), required=False)
    project = serializers.DictField(required=False)


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = serializers.FileField()


class ScreeningDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("admit", "admit"), ("reject", "reject")])
    reasons = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class DetailSerializer(serializers.Serializer):
    """Every refusal: the message in the request's language, and for invalid data the
    messages by field (or case path)."""

    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


class CaseErrorsSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class IndicatorsSerializer(serializers.Serializer):
    state = serializers.CharField()
    missing = serializers.ListField(child=serializers.CharField(), required=False)
    computed_at = serializers.DateTimeField(allow_null=True)
    eligible = serializers.BooleanField(allow_null=True)
    npv = serializers.FloatField(allow_null=True)
    irr = serializers.FloatField(allow_null=True)
    wacc = serializers.FloatField(allow_null=True)
    bpi = serializers.FloatField(allow_null=True)
    integral_indicator = serializers.FloatField(allow_null=True)
    financial_status = serializers.CharField(allow_blank=True)
    budget_status = serializers.CharField(allow_blank=True)
    socio_economic_status = serializers.CharField(allow_blank=True)
    error_message = serializers.CharField(allow_blank=True)
    result = serializers.JSONField(allow_null=True)


class ScreeningRowSerializer(ApplicationSerializer):
    organisation_name = serializers.CharField(source="organisation.full_name", read_only=True)
    eligible = serializers.SerializerMethodField()
    decision_reasons = serializers.CharField(read_only=True)

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "organisation_name", "eligible", "decision_reasons"]
        read_only_fields = fields

    def get_eligible(self, app: Application) -> bool | None:
        rows = getattr(app, "current_results", None) or []
        return rows[0].eligible if rows else None


class ResultRowSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    registration_number = serializers.CharField()
    organisation = serializers.CharField()
    title = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    total = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    winner = serializers.BooleanField()
    means = serializers.DictField(
        child=serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    )


class MeetingResultsSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    number = serializers.CharField()
    date = serializers.DateField()
    scoring_state = serializers.CharField()
    threshold = serializers.DecimalField(max_digits=8, decimal_places=2)
    rows = ResultRowSerializer(many=True)


class WinnerSerializer(serializers.Serializer):
    registration_number = serializers.CharField()
    organisation = serializers.CharField()
    inn = serializers.CharField()
    region = serializers.CharField()
    region_name = serializers.CharField()
    project = serializers.CharField()
    total_cost = serializers.DecimalField(max_digits=16, decimal_places=2)
    subsidy = serializers.DecimalField(max_digits=18, decimal_places=2)
    total_points = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)


class WinnersRegisterSerializer(serializers.Serializer):
    call = serializers.IntegerField()
    call_title = serializers.CharField()
    protocol_number = serializers.CharField()
    protocol_date = serializers.DateField()
    winners = WinnerSerializer(many=True)


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at"]
        read_only_fields = fields
