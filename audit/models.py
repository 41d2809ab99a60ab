"""The selection's one tamper-evident trail: append-only entries in a hash chain."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One recorded change. ``hash`` is the SHA-256 of the previous entry's hash and this
    entry's canonical content (audit.chain), so an edited or deleted row breaks the chain
    from there on. PostgreSQL refuses UPDATE and DELETE on the table (a trigger); the
    model refuses them too."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)  # a user's id; no FK, users may go, rows stay
    actor_name = models.CharField(max_length=300, blank=True)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("запись журнала отбора")
        verbose_name_plural = _("журнал отбора")
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit entries are append-only")
