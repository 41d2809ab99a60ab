from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from calls import services
from calls.models import BankRate, Call, CallEvent, MacroScenario, MacroYear, RegionalGrp
from calls.services import scenario_changed


class BankRateInline(admin.TabularInline):
    model = BankRate
    extra = 0


class FrozenAfterDecisionForm(forms.ModelForm):
    """Refuses any save of a decided call's settings (or of its scenario)."""

    def call_id(self) -> int | None:
        return self.instance.pk

    def clean(self):
        cleaned = super().clean()
        call_id = self.call_id()
        if call_id:
            try:
                services.check_call_editable(call_id=call_id)
            except services.CallRefused as error:
                raise ValidationError(error.messages) from error
        return cleaned


class ScenarioForm(FrozenAfterDecisionForm):
    def call_id(self) -> int | None:
        return (
            self.instance.call_id
            if self.instance.pk
            else (self.cleaned_data.get("call").pk if self.cleaned_data.get("call") else None)
        )


class CallEventInline(admin.TabularInline):
    model = CallEvent
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    form = FrozenAfterDecisionForm
    list_display = ["__str__", "status", "opens_at", "closes_at"]
    list_filter = ["status", "year"]
    filter_horizontal = ["priority_directions"]
    inlines = [BankRateInline, CallEventInline]
    # The status moves only through the lifecycle services (calls.services.move_call).
    readonly_fields = ["status"]
    actions = ["open_for_submissions"]

    @admin.action(description=gettext_lazy("Открыть приём заявок"))
    def open_for_submissions(self, request, queryset) -> None:
        for call in queryset:
            try:
                services.open_call(call_id=call.pk, by=request.user)
            except services.CallRefused as error:
                for line in error.messages:
                    messages.error(request, f"{call}: {line}")
            else:
                messages.success(request, _("%(call)s: приём заявок открыт.") % {"call": call})

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
                    "question_working_days",
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
    form = ScenarioForm
    list_display = ["call", "version", "updated_at"]
    inlines = [MacroYearInline, RegionalGrpInline]
    readonly_fields = ["version"]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # Any edit of the scenario recomputes every application of the call.
        scenario_changed(form.instance)
