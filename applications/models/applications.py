from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from engine import schema

MONEY = {"max_digits": 16, "decimal_places": 2}


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("черновик")
    SUBMITTED = "submitted", _("подана")
    SCREENING = "screening", _("на проверке")
    ADMITTED = "admitted", _("допущена")
    REJECTED = "rejected", _("отклонена")
    SCORED = "scored", _("оценена")
    WINNER = "winner", _("победитель")
    NOT_WINNER = "not_winner", _("не прошла отбор")
    WITHDRAWN = "withdrawn", _("отозвана")


class FcffMethod(models.TextChoices):
    EBIT = "ebit", _("от EBIT (формула 3)")
    OCF = "ocf", _("от операционного потока (формула 2)")


class TerminalMode(models.TextChoices):
    GORDON = "gordon", _("модель Гордона")
    FINITE = "finite", _("конечный период")
    NONE = "none", _("без остаточной стоимости")


class Application(models.Model):
    """An organisation's application to a call. Drafts are edited step by step; on
    submission the case is frozen into an :class:`ApplicationVersion`."""

    call = models.ForeignKey(
        "calls.Call",
        verbose_name=_("отбор"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("организация"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    status = models.CharField(
        _("статус"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    registration_number = models.CharField(
        _("регистрационный номер"), max_length=20, unique=True, null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("подана"), null=True, blank=True)
    decision_reasons = models.TextField(_("основания решения"), blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    # Project
    title = models.CharField(_("наименование проекта"), max_length=300)
    description = models.TextField(_("описание проекта"), blank=True)
    priority_direction = models.ForeignKey(
        "reference.PriorityDirection",
        verbose_name=_("приоритетное направление"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    okved = models.CharField(_("код ОКВЭД2"), max_length=8, blank=True)
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("субъект РФ реализации"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    commissioning_date = models.DateField(_("дата ввода в эксплуатацию"), null=True, blank=True)

    # Investment costs
    total_cost = models.DecimalField(
        _("полная стоимость проекта, руб."),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    capex_land = models.DecimalField(
        _("приобретение (аренда) земли, руб."),
        default=0,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    capex_design = models.DecimalField(
        _("проектно-сметная документация, руб."),
        default=0,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    capex_construction = models.DecimalField(
        _("строительство производственных зданий, руб."),
        default=0,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    capex_equipment = models.DecimalField(
        _("оборудование с доставкой, таможней и пусконаладкой, руб."),
        default=0,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    capex_other = models.DecimalField(
        _("прочие затраты, руб."), default=0, validators=[MinValueValidator(0)], **MONEY
    )

    # Jobs and loan
    jobs_created = models.PositiveIntegerField(_("создаваемые рабочие места"), default=0)
    jobs_high_productivity = models.PositiveIntegerField(_("из них высокопроизводительные"), default=0)
    avg_monthly_wage = models.DecimalField(
        _("средняя заработная плата, руб./мес."),
        default=0,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    loan_russian_bank = models.BooleanField(_("кредит российской кредитной организации"), default=True)
    loan_bank_name = models.CharField(_("банк"), max_length=300, blank=True)
    loan_date = models.DateField(_("дата кредитного договора"), null=True, blank=True)
    loan_amount = models.DecimalField(
        _("сумма кредита, руб."), default=0, validators=[MinValueValidator(0)], **MONEY
    )
    loan_rate = models.DecimalField(
        _("ставка по кредиту"),
        max_digits=7,
        decimal_places=5,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    loan_term_years = models.PositiveSmallIntegerField(_("срок погашения, лет"), default=5)
    loan_repayment_from_year = models.PositiveSmallIntegerField(
        _("погашение основного долга с года"),
        null=True,
        blank=True,
        help_text=_("Пусто — основной долг не погашается в горизонте прогноза."),
    )

    # Capital structure
    equity = models.DecimalField(
        _("собственный капитал E, руб."), default=0, validators=[MinValueValidator(0)], **MONEY
    )
    debt = models.DecimalField(
        _("заёмный капитал D, руб."), default=0, validators=[MinValueValidator(0)], **MONEY
    )
    cost_of_debt = models.DecimalField(
        _("стоимость долга Kd"),
        max_digits=7,
        decimal_places=5,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    beta_unlevered = models.DecimalField(
        _("бета без учёта долга βu"), max_digits=7, decimal_places=4, default=Decimal("1")
    )
    beta_source = models.CharField(_("источник βu"), max_length=300, blank=True)
    fcff_method = models.CharField(
        _("метод расчёта FCFF"), max_length=4, choices=FcffMethod.choices, default=FcffMethod.EBIT
    )
    terminal_mode = models.CharField(
        _("остаточная стоимость"),
        max_length=6,
        choices=TerminalMode.choices,
        default=TerminalMode.GORDON,
    )
    terminal_years = models.PositiveSmallIntegerField(_("лет конечного периода"), default=5)
    terminal_base_years = models.PositiveSmallIntegerField(_("лет базы остаточной стоимости"), default=1)
    budget_terminal_mode = models.CharField(
        _("остаточная стоимость бюджетного потока"),
        max_length=6,
        choices=TerminalMode.choices,
        default=TerminalMode.FINITE,
    )
    budget_terminal_years = models.PositiveSmallIntegerField(_("лет (бюджет)"), default=5)
    # п. 5 of the Methodology: a forecast longer than the standard one is justified in
    # writing (applications.forecast); beside the case, which has no key for it.
    forecast_justification = models.TextField(_("обоснование прогнозного периода"), blank=True)

    class Meta:
        verbose_name = _("заявка")
        verbose_name_plural = _("заявки")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jobs_high_productivity__lte=models.F("jobs_created")),
                name="application_hp_jobs_le_jobs",
            ),
            models.CheckConstraint(
                condition=models.Q(registration_number__isnull=True) | models.Q(submitted_at__isnull=False),
                name="application_registered_when_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_number or _('черновик')}: {self.title}"

    @property
    def is_editable(self) -> bool:
        return self.status == ApplicationStatus.DRAFT


#: ModelYear's value columns: the case's series, in the schema's order.
SERIES_FIELDS = schema.SERIES_KEYS


class ModelYear(models.Model):
    """One forecast year of the applicant's financial model (rubles): one column per
    series of :data:`engine.schema.SERIES` (tests/engine/test_schema.py checks it)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="model_years")
    year = models.PositiveSmallIntegerField(_("год"))
    ebit = models.DecimalField("EBIT", default=0, **MONEY)
    ebitda = models.DecimalField("EBITDA", default=0, **MONEY)
    non_cash_charges = models.DecimalField(_("неденежные расходы"), default=0, **MONEY)
    non_cash_income = models.DecimalField(_("неденежные доходы"), default=0, **MONEY)
    wc_change = models.DecimalField(_("изменение оборотного капитала"), default=0, **MONEY)
    capex = models.DecimalField(_("капитальные вложения"), default=0, **MONEY)
    asset_sales = models.DecimalField(_("продажа активов"), default=0, **MONEY)
    ocf = models.DecimalField(_("операционный денежный поток"), default=0, **MONEY)
    net_interest = models.DecimalField(_("чистые процентные платежи"), default=0, **MONEY)
    salaries = models.DecimalField(_("оплата труда"), default=0, **MONEY)
    rent = models.DecimalField(_("аренда"), default=0, **MONEY)
    taxes = models.DecimalField(_("налоги"), default=0, **MONEY)
    budget_savings = models.DecimalField(_("экономия бюджета"), default=0, **MONEY)
    subsidy = models.DecimalField(_("планируемая субсидия"), default=0, **MONEY)
    other_budget_expenses = models.DecimalField(_("прочие расходы бюджета"), default=0, **MONEY)

    class Meta:
        verbose_name = _("год финансовой модели")
        verbose_name_plural = _("финансовая модель")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], name="model_year_unique"),
            models.CheckConstraint(
                condition=models.Q(year__gte=schema.FIRST_FORECAST_YEAR, year__lte=schema.LAST_FORECAST_YEAR),
                name="model_year_in_range",
            ),
        ]


class ApplicationVersion(models.Model):
    """The immutable copy of everything submitted. Never updated, never deleted."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("номер версии"))
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    case = models.JSONField(_("данные заявки (otbor-case/1)"))
    case_hash = models.CharField(max_length=64)
    snapshot = models.JSONField(_("карточка заявки и документы"))
    #: The applicant's justification of a forecast longer than the standard one, frozen
    #: beside the case (``otbor-case/1`` has no key for it and the engine refuses unknown keys).
    forecast_justification = models.TextField(_("обоснование прогнозного периода"), blank=True)

    class Meta:
        verbose_name = _("поданная версия")
        verbose_name_plural = _("поданные версии")
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="version_unique"),
        ]

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("ApplicationVersion is immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise PermissionError("ApplicationVersion is immutable")
