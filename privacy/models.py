"""The personal-data access log (152-FZ): every read of an applicant's personal data by
staff, one row per read. Rows are written by
``privacy.services.record_personal_data_access`` and never changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.formatting import format_datetime


class PersonalDataItem(models.TextChoices):
    ORGANISATION_CONTACTS = "organisation_contacts", _("контакты организации")
    USER_ACCOUNT = "user_account", _("учётная запись пользователя")
    USER_LIST = "user_list", _("список пользователей")
    APPLICATION_CARD = "application_card", _("карточка заявки")
    DOCUMENT = "document", _("документ заявки")


class AppendOnly(Exception):
    """An attempt to change or delete a row of the access log."""


class PersonalDataAccessQuerySet(models.QuerySet):
    # The log is evidence: bulk changes through the manager are refused too, not only the
    # admin's buttons. (Erasing an organisation still works: the deletion collector nulls
    # the foreign key through the plain base manager, and the rows keep who read what.)
    def update(self, **kwargs):
        raise AppendOnly("the personal-data access log is append-only")

    def delete(self):
        raise AppendOnly("the personal-data access log is append-only")


class PersonalDataAccess(models.Model):
    at = models.DateTimeField(_("время"), default=timezone.now, db_index=True)
    # PROTECT: a staff account that read personal data is deactivated, never deleted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто"), on_delete=models.PROTECT, related_name="+"
    )
    # SET_NULL: the subject's data may have to be erased (152-FZ, art. 21); the log may
    # not block that, and the label still says what was read.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("организация"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("заявка"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    item = models.CharField(_("что прочитано"), max_length=24, choices=PersonalDataItem.choices)
    label = models.CharField(_("подробности"), max_length=300)
    source = models.CharField(_("страница"), max_length=200)
    ip = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        db_table = "applications_personaldataaccess"
        verbose_name = _("доступ к персональным данным")
        verbose_name_plural = _("журнал доступа к персональным данным")
        ordering = ["-at", "-pk"]
        # Only "view": no role can be given a permission to add, change or delete rows.
        default_permissions = ("view",)
        indexes = [models.Index(fields=["organisation", "at"], name="pd_access_org_at")]

    def __str__(self) -> str:
        return f"{format_datetime(self.at)} · {self.label}"  # Moscow time

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnly("the personal-data access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("the personal-data access log is append-only")
