from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Заявки")

    def ready(self) -> None:
        # Inline: models load after the app registry is ready.
        from applications.models import StatusEvent
        from audit.tracking import track

        track(
            StatusEvent,
            name="application.status",
            fields=["application_id", "from_status", "to_status", "note"],
        )
