from django.contrib import admin

from applications.admin_personal_data import RecordsPersonalDataReads
from applications.models import (
    Application,
    BankRate,
    Call,
    Document,
    MacroScenario,
    MacroYear,
    Organisation,
    PriorityDirection,
    Region,
    RegionalGrp,
    StatusEvent,
)
from applications.services.personal_data import PersonalDataRead


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(PriorityDirection)
class PriorityDirectionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "position"]
    list_editable = ["position"]


@admin.register(Organisation)
class OrganisationAdmin(RecordsPersonalDataReads, admin.ModelAdmin):
    # The list shows and searches the legal entity only: the contact person's name, phone
    # and e-mail are on the change page, where each opening is recorded.
    list_display = ["full_name", "inn", "region"]
    search_fields = ["full_name", "short_name", "inn"]
    list_select_related = ["region"]

    def personal_data_reads(self, obj):
        return [PersonalDataRead.organisation_contacts(obj)]


class BankRateInline(admin.TabularInline):
    model = BankRate
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "opens_at", "closes_at"]
    list_filter = ["status", "year"]
    filter_horizontal = ["priority_directions"]
    inlines = [BankRateInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "year",
                    "session",
                    "status",
                    "opens_at",
                    "closes_at",
                    "priority_directions",
                )
            },
        ),
        (
            "Правила отбора (п. 2 Методики)",
            {
                "fields": (
                    "min_total_cost",
                    "max_total_cost",
                    "commissioning_after",
                    "loan_from",
                    "loan_to",
                )
            },
        ),
        ("Субсидия (постановление № 3)", {"fields": ("subsidy_share", "rate_multiple")}),
    )


class MacroYearInline(admin.TabularInline):
    model = MacroYear
    extra = 0


class RegionalGrpInline(admin.TabularInline):
    model = RegionalGrp
    extra = 0
    autocomplete_fields = ["region"]


@admin.register(MacroScenario)
class MacroScenarioAdmin(admin.ModelAdmin):
    list_display = ["call", "version", "updated_at"]
    inlines = [MacroYearInline, RegionalGrpInline]
    readonly_fields = ["version"]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # Any edit of the scenario recomputes every application of the call.
        from applications.services.macro import scenario_changed

        scenario_changed(form.instance)


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
        from applications.selectors import applications_visible_to

        return applications_visible_to(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        # Applications change only through services (screening, submission).
        return False

    def personal_data_reads(self, obj):
        # The card names the applicant who created it and who moved it (the timeline).
        return [PersonalDataRead.application_card(obj)]
