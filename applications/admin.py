from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.models import Application, Document, StatusEvent
from applications.selectors import applications_visible_to
from privacy.admin import RecordsPersonalDataReads
from privacy.services import PersonalDataRead


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["kind", "original_name", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


class EventInline(admin.TabularInline):
    model = StatusEvent
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(RecordsPersonalDataReads, admin.ModelAdmin):
    list_display = ["registration_number", "title", "organisation", "call", "status"]
    list_filter = ["status", "call"]
    search_fields = ["registration_number", "title", "organisation__full_name"]
    list_select_related = ["organisation", "call"]
    inlines = [DocumentInline, EventInline]

    def get_queryset(self, request):
        # The same selector as every other list: members never see drafts.
        return applications_visible_to(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        # Both rules (applications/rules.py): the admin's section is the commission's and
        # the secretary's, and within it the same rule as on every other page.
        user = request.user
        return user.has_module_perms("applications") and user.has_perm("applications.view_application", obj)

    def has_change_permission(self, request, obj=None) -> bool:
        # Applications change only through services (screening, submission), even for a
        # superuser, whom no rule refuses.
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and request.user.has_perm("audit.view_application_trail"):
            fields.append("audit_trail")
        return fields

    @admin.display(description=_("Журнал"))
    def audit_trail(self, obj: Application) -> str:
        # The page is the commission admin's (it reads scores too): named by URL only.
        url = reverse("admin:commission_application_trail", args=[obj.pk])
        return format_html('<a href="{}" data-testid="trail-link">{}</a>', url, _("Журнал"))

    def personal_data_reads(self, obj):
        # The card names the applicant who created it and who moved it (the timeline).
        return [PersonalDataRead.application_card(obj)]
