from django.contrib import admin

from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The trail for people to read: filter by object («application.status», «score»…)
    and search by its id; nothing can be added, changed or deleted."""

    list_display = ["seq", "at", "actor_name", "action", "object_type", "object_id"]
    list_filter = ["object_type", "action"]
    search_fields = ["=object_id", "actor_name"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
