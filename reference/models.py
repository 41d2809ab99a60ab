from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FederalDistrict(models.TextChoices):
    """The federal districts (Указ Президента РФ от 13.05.2000 № 849, as amended)."""

    CENTRAL = "central", _("Центральный")
    NORTH_WEST = "north_west", _("Северо-Западный")
    SOUTH = "south", _("Южный")
    NORTH_CAUCASUS = "north_caucasus", _("Северо-Кавказский")
    VOLGA = "volga", _("Приволжский")
    URAL = "ural", _("Уральский")
    SIBERIA = "siberia", _("Сибирский")
    FAR_EAST = "far_east", _("Дальневосточный")


class Region(models.Model):
    """A subject of the Russian Federation, by its two-digit code."""

    code = models.CharField(_("код"), max_length=3, primary_key=True)
    name = models.CharField(_("наименование"), max_length=200)
    federal_district = models.CharField(
        _("федеральный округ"), max_length=20, choices=FederalDistrict.choices, blank=True
    )

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


class Cluster(models.Model):
    """An industrial cluster (reference data the secretary imports from XLSX): its region,
    its specialisation (OKVED2 codes) and its participants by INN."""

    name = models.CharField(_("наименование"), max_length=300, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("субъект РФ"), on_delete=models.PROTECT, related_name="clusters"
    )
    specialisation = models.ManyToManyField(
        OkvedCode, verbose_name=_("специализация (ОКВЭД2)"), related_name="clusters", blank=True
    )
    is_demo = models.BooleanField(_("демонстрационные данные"), default=False)

    class Meta:
        verbose_name = _("промышленный кластер")
        verbose_name_plural = _("промышленные кластеры")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClusterParticipant(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="participants")
    inn = models.CharField(_("ИНН"), max_length=12, db_index=True)
    name = models.CharField(_("наименование участника"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("участник кластера")
        verbose_name_plural = _("участники кластеров")
        ordering = ["cluster", "inn"]
        constraints = [models.UniqueConstraint(fields=["cluster", "inn"], name="cluster_participant_once")]

    def __str__(self) -> str:
        return f"{self.inn} {self.name}".strip()


class EmploymentTable(models.Model):
    """Average employment by OKVED2 section × region (Rosstat's table layout), the base of
    the location quotients. The newest table is the one in force."""

    title = models.CharField(_("наименование"), max_length=300)
    year = models.PositiveSmallIntegerField(_("год"))
    is_demo = models.BooleanField(_("демонстрационные данные"), default=False)
    imported_at = models.DateTimeField(_("загружена"), auto_now_add=True)

    class Meta:
        verbose_name = _("таблица занятости по разделам ОКВЭД2")
        verbose_name_plural = _("таблицы занятости по разделам ОКВЭД2")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class EmploymentFigure(models.Model):
    """One cell of the table: employed in ``section`` (blank: all sections) of ``region``
    (null: the Russian Federation), thousand people."""

    table = models.ForeignKey(EmploymentTable, on_delete=models.CASCADE, related_name="figures")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, related_name="+")
    section = models.CharField(_("раздел ОКВЭД2"), max_length=1, blank=True)
    employed = models.DecimalField(_("занято, тыс. чел."), max_digits=12, decimal_places=3)

    class Meta:
        verbose_name = _("численность занятых")
        verbose_name_plural = _("численность занятых")
        constraints = [
            models.CheckConstraint(condition=models.Q(employed__gte=0), name="employment_not_negative"),
        ]
