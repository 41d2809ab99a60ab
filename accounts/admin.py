from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from accounts import otp
from accounts.models import User
from privacy.admin import (
    RecordsPersonalDataReads,
    record_shown_object,
    user_list_reads,
)
from privacy.services import PersonalDataRead


@admin.register(User)
class UserAdmin(RecordsPersonalDataReads, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "organisation", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Профиль"), {"fields": ("full_name", "position", "phone", "organisation")}),
        # The groups are the roles; permissions are the rules' (ADR 0007), not rows.
        (_("Права"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (
            _("Даты"),
            {"fields": ("last_login", "date_joined", "email_confirmed_at", "personal_data_consent_at")},
        ),
    )
    actions = ["reset_second_factor"]
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )

    @admin.action(description=_("Сбросить двухфакторную аутентификацию"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        """A lost phone and lost backup codes: the user enrols again through the link
        mailed at their next sign-in. Each reset is an audit entry naming the administrator."""
        users = list(queryset)
        for user in users:
            otp.reset_second_factor(user=user, by=request.user)
        self.message_user(
            request,
            _(
                "Двухфакторная аутентификация сброшена: %(count)d. При следующем входе "
                "пользователь подключит приложение заново по ссылке из письма."
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )

    def personal_data_reads(self, obj):
        return [PersonalDataRead.user_account(obj)]

    def user_change_password(self, request, id, form_url=""):
        # The page is titled with the account's e-mail.
        response = super().user_change_password(request, id, form_url)
        record_shown_object(request, response, self.personal_data_reads)
        return response

    def personal_data_list_reads(self, objects):
        # The list needs names and e-mails to find an account, so it keeps them and each
        # page shown records one row per organisation on it, in one INSERT.
        return user_list_reads(objects)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete":
            # The only autocomplete to users picks commission members: staff accounts.
            # Applicants' names never fill a drop-down, where a read would go unrecorded.
            queryset = queryset.filter(is_staff=True)
        return queryset, may_have_duplicates


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(BaseGroupAdmin):
    """A role's group: its name only. Permission rows would grant nothing (ADR 0007)."""

    fields = ["name"]
