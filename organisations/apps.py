from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Организации")

    def ready(self) -> None:
        # Inline: models load after the app registry is ready.
        from audit.tracking import track
        from organisations.models import Organisation

        track(Organisation, name="organisation.identity", fields=["inn", "ogrn", "kpp", "full_name"])
