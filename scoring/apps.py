from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Расчёт показателей")

    def ready(self) -> None:
        # Connects the receivers of the lower layers' signals.
        from scoring import receivers  # noqa: F401
