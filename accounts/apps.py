from django.apps import AppConfig
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Пользователи и роли")

    def ready(self) -> None:
        # Inline: these modules read models, importable only once apps are ready.
        from accounts import checks  # noqa: F401  (registers the system checks)
        from accounts.lockout import record_failure
        from accounts.permissions import ensure_role_groups

        post_migrate.connect(ensure_role_groups, dispatch_uid="otbor.ensure_role_groups")
        user_login_failed.connect(record_failure, dispatch_uid="otbor.sign_in_failure_per_address")
