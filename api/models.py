"""Personal API tokens. Only the SHA-256 of a token is stored; the token itself is shown
once, when it is created (api/tokens.py). The prefix (``otb_`` and eight characters)
identifies a token on the page and in the logs without revealing it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ_APPLICATIONS = "applications:read", _("чтение своих заявок")
    WRITE_DRAFTS = "drafts:write", _("изменение черновиков")
    SUBMIT = "applications:submit", _("подача заявок")
    STAFF_READ = "staff:read", _("сотрудник: чтение проверки и итогов")
    STAFF_SCREEN = "staff:screen", _("сотрудник: решения о допуске")


#: Scopes that reach staff data: creating a token with any of them needs a verified second factor.
STAFF_SCOPES = frozenset({Scope.STAFF_READ, Scope.STAFF_SCREEN})
APPLICANT_SCOPES = frozenset({Scope.READ_APPLICATIONS, Scope.WRITE_DRAFTS, Scope.SUBMIT})


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("владелец"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("название"), max_length=100)
    prefix = models.CharField(_("начало токена"), max_length=16, unique=True)
    digest = models.CharField(_("SHA-256 токена"), max_length=64, unique=True)
    scopes = models.JSONField(_("права"), default=list)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    expires_at = models.DateTimeField(_("действует до"))
    revoked_at = models.DateTimeField(_("отозван"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("последнее использование"), null=True, blank=True)

    class Meta:
        verbose_name = _("токен API")
        verbose_name_plural = _("токены API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now=None) -> bool:
        return self.revoked_at is None and (now or timezone.now()) < self.expires_at

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]
