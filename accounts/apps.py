from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Пользователи и роли")

    def ready(self) -> None:
        # Inline: the permissions module reads models, importable only once apps are ready.
        from accounts.permissions import ensure_role_groups

        post_migrate.connect(ensure_role_groups, dispatch_uid="otbor.ensure_role_groups")
