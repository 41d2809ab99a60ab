from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Программный интерфейс (API)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from api.schema import register_extensions

        register_extensions()
