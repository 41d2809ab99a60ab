from django.contrib import admin

from organisations.models import Organisation
from privacy.admin import RecordsPersonalDataReads
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
