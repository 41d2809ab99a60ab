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


class OkvedCode(models.Model):
    """A row of the OKVED2 classifier (ОК 029-2014, КДЕС Ред. 2): a section (``code`` is
    its letter) or a grouping by its dotted code — класс NN, подкласс NN.N, группа NN.NN,
    подгруппа NN.NN.N, вид NN.NN.NN — with the letter of its section (C: manufacturing,
    10–33). Loaded from reference/data/okved2.csv by a data migration; the full classifier
    with ``manage.py load_okved2`` (reference/data/README.md)."""

    code = models.CharField(_("код"), max_length=8, primary_key=True)
    name = models.CharField(_("наименование"), max_length=600)
    section = models.CharField(_("раздел"), max_length=1)

    class Meta:
        verbose_name = _("код ОКВЭД2")
        verbose_name_plural = _("ОКВЭД2 (ОК 029-2014)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"
