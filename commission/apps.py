from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissionConfig(AppConfig):
    name = "commission"
    verbose_name = _("Комиссия и оценка")

    def ready(self) -> None:
        from commission import receivers  # noqa: F401 - connects the signal receivers
