from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A subject of the Russian Federation, by its two-digit code."""

    code = models.CharField(_("код"), max_length=3, primary_key=True)
    name = models.CharField(_("наименование"), max_length=200)

    class Meta:
        db_table = "applications_region"
        verbose_name = _("субъект Российской Федерации")
        verbose_name_plural = _("субъекты Российской Федерации")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class PriorityDirection(models.Model):
    """A priority direction of civil industry (reference list, edited by administrators)."""

    code = models.SlugField(_("код"), max_length=60, primary_key=True)
    name = models.CharField(_("наименование"), max_length=300)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        db_table = "applications_prioritydirection"
        verbose_name = _("приоритетное направление")
        verbose_name_plural = _("приоритетные направления")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name
