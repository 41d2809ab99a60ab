"""Personal data in the admin: the change pages that show it record the read, and the
access log itself is a read-only page for administrators."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse

from audit.admin import AuditEntryAdmin
from audit.models import AuditEntry
from privacy.access_log import record_reads
from privacy.models import PersonalDataAccess
from privacy.selectors import personal_data_accesses_visible_to
from privacy.services import PersonalDataRead


def record_shown_object(
    request: HttpRequest, response: HttpResponse, reads_of: Callable[[object], list[PersonalDataRead]]
) -> None:
    """After an admin object page was built: if it is going to be shown (200, not a
    redirect or a refusal), record what it shows. The object comes from the page's own
    context (``original`` on change pages, ``object`` on history and delete pages), so no
    query is added; the response is not yet rendered or sent."""
    context = getattr(response, "context_data", None) or {}
    shown = context.get("original", context.get("object"))
    if response.status_code == 200 and shown is not None:
        record_reads(request, reads_of(shown))


def record_shown_list(
    request: HttpRequest, response: HttpResponse, reads_of: Callable[[list], list[PersonalDataRead]]
) -> None:
    """After an admin change list was built: record what its page of results shows."""
    changelist = (getattr(response, "context_data", None) or {}).get("cl")
    if response.status_code == 200 and changelist is not None:
        reads = reads_of(list(changelist.result_list))
        if reads:
            record_reads(request, reads)


class RecordsPersonalDataReads:
    """ModelAdmin mixin: every page about one object that is shown -- change (or
    view-only), history, delete confirmation -- records the reads
    ``personal_data_reads(obj)`` names (the history is titled with the object's name; the
    delete page lists it and everything that goes with it); every page of the change list
    records ``personal_data_list_reads(objects)``, nothing unless overridden. Saving or
    deleting redirects and records nothing; a form shown again with errors is a new read."""

    def personal_data_reads(self, obj) -> list[PersonalDataRead]:
        raise NotImplementedError

    def personal_data_list_reads(self, objects: list) -> list[PersonalDataRead]:
        return []

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        record_shown_object(request, response, self.personal_data_reads)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        record_shown_object(request, response, self.personal_data_reads)
        return response

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        record_shown_object(request, response, self.personal_data_reads)
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        record_shown_list(request, response, self.personal_data_list_reads)
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


def actor_name_reads(entries: Iterable) -> list[PersonalDataRead]:
    """Audit entries shown with their actors' names: one read per organisation whose
    applicants are named (an actor who is not a staff account -- also one whose account
    is gone -- counts as an applicant). One query for the actors' accounts."""
    named = [entry for entry in entries if entry.actor_name]
    ids = {entry.actor_id for entry in named if entry.actor_id is not None}
    users = get_user_model().objects.filter(pk__in=ids)
    rows = list(users.values_list("pk", "is_staff", "organisation_id")) if ids else []
    staff = {pk for pk, is_staff, _organisation in rows if is_staff}
    accounts = {pk: organisation_id for pk, _staff, organisation_id in rows}
    counts = Counter(accounts.get(entry.actor_id) for entry in named if entry.actor_id not in staff)
    return [
        PersonalDataRead.actor_names(organisation_id, count)
        for organisation_id, count in sorted(counts.items(), key=lambda kv: kv[0] or 0)
    ]


class AuditEntryRecordingAdmin(RecordsPersonalDataReads, AuditEntryAdmin):
    """The audit trail's admin names its actors, applicants among them: the trail sits
    below the access log and cannot record, so its admin is registered again from here,
    recording every page shown."""

    def personal_data_reads(self, obj):
        return actor_name_reads([obj])

    def personal_data_list_reads(self, objects):
        return actor_name_reads(objects)


admin.site.unregister(AuditEntry)
admin.site.register(AuditEntry, AuditEntryRecordingAdmin)


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
