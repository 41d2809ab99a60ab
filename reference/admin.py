from django.contrib import admin

from reference.models import OkvedCode, PriorityDirection, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(PriorityDirection)
class PriorityDirectionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "position"]
    list_editable = ["position"]


@admin.register(OkvedCode)
class OkvedCodeAdmin(admin.ModelAdmin):
    """The OKVED2 classifier, searchable by code or name (loaded by a data migration and
    ``manage.py load_okved2``)."""

    list_display = ["code", "name", "section"]
    list_filter = ["section"]
    search_fields = ["code", "name"]
