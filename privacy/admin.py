"""Personal data in the admin: the change pages that show it record the read, and the
access log itself is a read-only page for administrators."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from privacy.access_log import record_reads
from privacy.models import PersonalDataAccess
from privacy.selectors import personal_data_accesses_visible_to
from privacy.services import PersonalDataRead


def record_shown_object(
    request: HttpRequest, response: HttpResponse, reads_of: Callable[[object], list[PersonalDataRead]]
) -> None:
    """After an admin object page was built: if it is going to be shown (200, not a
    redirect or a refusal), record what it shows. The object comes from the page's own
    context, so no query is added; the response is not yet rendered or sent."""
    original = (getattr(response, "context_data", None) or {}).get("original")
    if response.status_code == 200 and original is not None:
        record_reads(request, reads_of(original))


class RecordsPersonalDataReads:
    """ModelAdmin mixin: every change (or view-only) page that is shown records the
    reads ``personal_data_reads(obj)`` names. Saving redirects and records nothing; a
    form shown again with errors is a new read."""

    def personal_data_reads(self, obj) -> list[PersonalDataRead]:
        raise NotImplementedError

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        record_shown_object(request, response, self.personal_data_reads)
        return response


def user_list_reads(users: Iterable) -> list[PersonalDataRead]:
    """A page of the user list: one read per organisation whose applicants it shows
    (applicants without an organisation together). Staff accounts are the operator's own
    employees' work accounts, not applicants' data, and are not recorded."""
    counts = Counter(user.organisation_id for user in users if not user.is_staff)
    return [
        PersonalDataRead.user_list(organisation_id, count)
        for organisation_id, count in sorted(counts.items(), key=lambda kv: kv[0] or 0)
    ]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """The log as evidence: listed and filtered, never added to, changed or deleted."""

    list_display = ["at", "user", "item", "label", "organisation", "application", "source", "ip"]
    list_filter = [
        "item",
        ("user", admin.RelatedOnlyFieldListFilter),
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "at",
    ]
    date_hierarchy = "at"
    search_fields = ["organisation__full_name", "organisation__inn", "user__email", "label"]
    list_select_related = ["user", "organisation", "application"]
    fields = ["at", "user", "item", "label", "organisation", "application", "source", "ip"]
    readonly_fields = fields
    actions = None

    def get_queryset(self, request):
        return personal_data_accesses_visible_to(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
