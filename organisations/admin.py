from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from organisations import services
from organisations.models import IdentityChangeRequest, Organisation
from privacy.admin import RecordsPersonalDataReads, user_list_reads
from privacy.services import PersonalDataRead


@admin.register(Organisation)
class OrganisationAdmin(RecordsPersonalDataReads, admin.ModelAdmin):
    # The list shows and searches the legal entity only: the contact person's name, phone
    # and e-mail are on the change page, where each opening is recorded.
    list_display = ["full_name", "inn", "region"]
    search_fields = ["full_name", "short_name", "inn"]
    list_select_related = ["region"]

    def personal_data_reads(self, obj):
        return [PersonalDataRead.organisation_contacts(obj)]

    def get_readonly_fields(self, request, obj=None):
        # Identity changes after a submission go through an approved request.
        if obj is not None and services.identity_locked(obj):
            return [*super().get_readonly_fields(request, obj), *services.IDENTITY_FIELDS]
        return super().get_readonly_fields(request, obj)


@admin.register(IdentityChangeRequest)
class IdentityChangeRequestAdmin(RecordsPersonalDataReads, admin.ModelAdmin):
    # Names the applicant who asked: each page shown is recorded.
    list_display = ["organisation", "state", "requested_by", "requested_at", "decided_by"]
    list_filter = ["state"]
    list_select_related = ["organisation", "requested_by", "decided_by"]
    readonly_fields = [
        "organisation",
        "values",
        "reason",
        "state",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
    ]
    actions = ["approve", "reject"]

    def personal_data_reads(self, obj):
        return user_list_reads([obj.requested_by])

    def personal_data_list_reads(self, objects):
        return user_list_reads(item.requested_by for item in objects)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _decide(self, request, queryset, approve: bool) -> None:
        for item in queryset:
            try:
                services.decide_identity_change(request_id=item.pk, by=request.user, approve=approve)
            except services.IdentityRefused as error:
                messages.error(request, f"{item}: {error}")

    @admin.action(description=_("Одобрить изменение реквизитов"))
    def approve(self, request, queryset) -> None:
        self._decide(request, queryset, True)

    @admin.action(description=_("Отклонить изменение реквизитов"))
    def reject(self, request, queryset) -> None:
        self._decide(request, queryset, False)
