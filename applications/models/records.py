from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models.applications import ApplicationStatus
from reference.documents import DocumentKind  # the one list of kinds, re-exported here

__all__ = ["Document", "DocumentKind", "StatusEvent", "document_path"]


def document_path(instance: Document, filename: str) -> str:
    return f"applications/{instance.application_id}/{instance.kind}/{filename}"


class Document(models.Model):
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("вид документа"), max_length=20, choices=DocumentKind.choices)
    # Default storage: MEDIA_ROOT, outside the static root, with no URL routed to it;
    # files are served only by the permission-checked download view.
    file = models.FileField(_("файл"), upload_to=document_path, max_length=400)
    original_name = models.CharField(_("имя файла"), max_length=255)
    content_type = models.CharField(_("тип содержимого"), max_length=100)
    size = models.PositiveBigIntegerField(_("размер, байт"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("документ")
        verbose_name_plural = _("документы")
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class StatusEvent(models.Model):
    """The application's timeline and audit trail of every status change."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    at = models.DateTimeField(_("время"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    note = models.TextField(_("комментарий"), blank=True)
    # Set by the worker when the applicants' e-mail about this change has been sent.
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    @property
    def to_status_label(self) -> str:
        """The new status's label (``ApplicationStatus``) in the active language."""
        try:
            return str(ApplicationStatus(self.to_status).label)
        except ValueError:
            return self.to_status

    class Meta:
        verbose_name = _("событие заявки")
        verbose_name_plural = _("события заявки")
        ordering = ["at", "pk"]
