from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from calls.models import BankRate, Call, MacroScenario, MacroYear, RegionalGrp
from calls.services import scenario_changed


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
            _("Правила отбора (п. 2 Методики)"),
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
        (_("Субсидия (постановление № 3)"), {"fields": ("subsidy_share", "rate_multiple")}),
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
        scenario_changed(form.instance)
