from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = _("Отборы и макросценарии")

    def ready(self) -> None:
        # Inline: models load after the app registry is ready.
        from audit.tracking import track
        from calls.models import CallEvent, Question

        track(CallEvent, name="call.status", fields=["call_id", "from_status", "to_status", "note"])
        track(Question, name="call.question", fields=["call_id", "answered_at", "published"])
