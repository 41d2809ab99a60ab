from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reference.validators import (
    kpp_validator,
    legal_entity_inn_validator,
    legal_entity_ogrn_validator,
    phone_validator,
)


class Organisation(models.Model):
    """An applicant company. Its users see only its own applications."""

    full_name = models.CharField(_("полное наименование"), max_length=500)
    short_name = models.CharField(_("сокращённое наименование"), max_length=200, blank=True)
    inn = models.CharField(_("ИНН"), max_length=10, unique=True, validators=[legal_entity_inn_validator])
    kpp = models.CharField(_("КПП"), max_length=9, validators=[kpp_validator])
    ogrn = models.CharField(_("ОГРН"), max_length=13, validators=[legal_entity_ogrn_validator])
    region = models.ForeignKey("reference.Region", verbose_name=_("субъект РФ"), on_delete=models.PROTECT)
    address = models.CharField(_("адрес"), max_length=500)
    contact_name = models.CharField(_("контактное лицо"), max_length=200)
    contact_phone = models.CharField(_("телефон"), max_length=40, validators=[phone_validator])
    contact_email = models.EmailField(_("электронная почта"))
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        db_table = "applications_organisation"
        verbose_name = _("организация")
        verbose_name_plural = _("организации")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.short_name or self.full_name


class IdentityChangeState(models.TextChoices):
    PENDING = "pending", _("на рассмотрении")
    APPROVED = "approved", _("одобрен")
    REJECTED = "rejected", _("отклонён")


class IdentityChangeRequest(models.Model):
    """A change of INN, OGRN, KPP or full name of an organisation that has submitted an
    application: requested by its user, applied only when the secretary approves."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="identity_requests")
    values = models.JSONField(_("новые реквизиты"))
    reason = models.TextField(_("основание"))
    state = models.CharField(
        _("состояние"),
        max_length=10,
        choices=IdentityChangeState.choices,
        default=IdentityChangeState.PENDING,
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("запрос на изменение реквизитов")
        verbose_name_plural = _("запросы на изменение реквизитов")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_state_display()}"
