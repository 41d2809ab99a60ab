from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engine import schema
from reference.formatting import format_date
from reference.production_calendar import working_days_before

MOSCOW = ZoneInfo("Europe/Moscow")


class Session(models.TextChoices):
    MARCH = "march", _("мартовский (до 15 марта)")
    JUNE = "june", _("июньский (до 15 июня)")


SESSION_LETTER = {Session.MARCH: "M", Session.JUNE: "J"}
SELECTION_MONTH = {Session.MARCH: 3, Session.JUNE: 6}


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("черновик")
    OPEN = "open", _("приём заявок")
    CLOSED = "closed", _("приём завершён")
    SCORING = "scoring", _("оценка комиссией")
    DECIDED = "decided", _("решение принято")
    ARCHIVED = "archived", _("в архиве")


def selection_date(year: int, session: str) -> dt.date:
    """The day by which the selection is held: 15 March or 15 June (SPEC §2)."""
    return dt.date(year, SELECTION_MONTH[Session(session)], 15)


def selection_deadline(year: int, session: str) -> dt.datetime:
    """The end of the selection day in Moscow: the latest possible ``closes_at``."""
    day = selection_date(year, session)
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=MOSCOW)


class Call(models.Model):
    """A competitive selection of one year and session, with its rules and window."""

    year = models.PositiveSmallIntegerField(
        _("год"), validators=[MinValueValidator(2014), MaxValueValidator(2100)]
    )
    session = models.CharField(_("сессия"), max_length=5, choices=Session.choices)
    status = models.CharField(
        _("статус"), max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    opens_at = models.DateTimeField(_("начало приёма заявок"))
    closes_at = models.DateTimeField(_("окончание приёма заявок"))
    priority_directions = models.ManyToManyField(
        "reference.PriorityDirection", verbose_name=_("приоритетные направления"), blank=True
    )
    # Eligibility rules (SPEC §4); Order 781's values are the defaults.
    min_total_cost = models.DecimalField(
        _("минимальная стоимость проекта, руб."),
        max_digits=16,
        decimal_places=2,
        default=Decimal(schema.MIN_TOTAL_COST),
    )
    max_total_cost = models.DecimalField(
        _("максимальная стоимость проекта, руб."),
        max_digits=16,
        decimal_places=2,
        default=Decimal(schema.MAX_TOTAL_COST),
    )
    commissioning_after = models.DateField(_("ввод в эксплуатацию после"), default=schema.COMMISSIONING_AFTER)
    loan_from = models.DateField(_("кредит заключён не ранее"), default=schema.LOAN_FROM)
    loan_to = models.DateField(_("кредит заключён не позднее"), default=schema.LOAN_TO)
    # Subsidy settings (Decree No. 3).
    subsidy_share = models.DecimalField(
        _("доля возмещаемых процентов"), max_digits=5, decimal_places=4, default=schema.SUBSIDY_SHARE
    )
    rate_multiple = models.DecimalField(
        _("кратность ставки Банка России"),
        max_digits=5,
        decimal_places=4,
        default=schema.KEY_RATE_MULTIPLE,
    )
    # Clarifications (SPEC §2): questions are accepted until this many working days before
    # the close, on the Russian production calendar.
    question_working_days = models.PositiveSmallIntegerField(
        _("вопросы принимаются не позднее чем за, рабочих дней до окончания приёма"),
        default=5,
        validators=[MaxValueValidator(30)],
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        db_table = "applications_call"
        verbose_name = _("конкурсный отбор")
        verbose_name_plural = _("конкурсные отборы")
        ordering = ["-year", "-session"]
        constraints = [
            models.UniqueConstraint(fields=["year", "session"], name="call_one_per_session"),
            models.CheckConstraint(
                condition=~models.Q(year=2014, session="march"), name="call_2014_june_only"
            ),
            models.CheckConstraint(
                condition=models.Q(opens_at__lt=models.F("closes_at")), name="call_window_order"
            ),
            models.CheckConstraint(
                condition=models.Q(min_total_cost__lte=models.F("max_total_cost")),
                name="call_cost_range_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}, {self.get_session_display()}"

    @property
    def title(self) -> str:
        return _("Конкурсный отбор %(year)s года (%(session)s)") % {
            "year": self.year,
            "session": self.get_session_display(),
        }

    @property
    def letter(self) -> str:
        return SESSION_LETTER[Session(self.session)]

    @property
    def selection_date(self) -> dt.date:
        return selection_date(self.year, self.session)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.year == 2014 and self.session == Session.MARCH:
            errors.setdefault("session", []).append(
                _("В 2014 году проводится только июньский отбор (до 15 июня).")
            )
        if self.opens_at and self.closes_at:
            if self.opens_at >= self.closes_at:
                errors.setdefault("closes_at", []).append(
                    _("Окончание приёма заявок должно быть позже его начала.")
                )
            if (
                self.year
                and self.session in SESSION_LETTER
                and self.closes_at > (selection_deadline(self.year, self.session))
            ):
                errors.setdefault("closes_at", []).append(
                    _("Приём заявок должен завершиться не позднее даты отбора (%(date)s).")
                    % {"date": format_date(selection_date(self.year, self.session))}
                )
        if (
            self.min_total_cost is not None
            and self.max_total_cost is not None
            and self.min_total_cost > self.max_total_cost
        ):
            errors.setdefault("max_total_cost", []).append(
                _("Максимальная стоимость не может быть меньше минимальной.")
            )
        if self.loan_from and self.loan_to and self.loan_from > self.loan_to:
            errors.setdefault("loan_to", []).append(
                _("Конец периода кредитов не может быть раньше его начала.")
            )
        if errors:
            raise ValidationError(errors)

    def effective_status(self, now: dt.datetime | None = None) -> str:
        """The status as of ``now``: an open call past ``closes_at`` is closed, even if
        the beat job that stores it has not run yet."""
        now = now or timezone.now()
        if self.status == CallStatus.OPEN and now >= self.closes_at:
            return CallStatus.CLOSED
        return self.status

    def accepts_submissions(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.effective_status(now) == CallStatus.OPEN and self.opens_at <= now

    def get_effective_status_display(self) -> str:
        return CallStatus(self.effective_status()).label

    @property
    def last_question_day(self) -> dt.date:
        """The last day (Moscow) on which questions about the call are accepted."""
        return working_days_before(self.closes_at.astimezone(MOSCOW).date(), self.question_working_days)

    def accepts_questions(self, now: dt.datetime | None = None) -> bool:
        """Open for applications (or announced as open) and not past the last question
        day in Moscow, nor past the close itself."""
        now = now or timezone.now()
        return (
            self.effective_status(now) == CallStatus.OPEN
            and now.astimezone(MOSCOW).date() <= self.last_question_day
        )


class MacroScenario(models.Model):
    """The Ministry of Economic Development's base scenario attached to a call (п. 8)."""

    call = models.OneToOneField(Call, verbose_name=_("отбор"), on_delete=models.CASCADE, related_name="macro")
    profit_tax_rate = models.FloatField(_("ставка налога на прибыль"), default=0.2)
    risk_free_rate = models.FloatField(_("безрисковая ставка"))
    market_return = models.FloatField(_("рыночная доходность"))
    long_term_inflation = models.FloatField(_("долгосрочная инфляция (g)"))
    ofz_yield = models.FloatField(_("доходность ОФЗ"))
    high_productivity_wage = models.DecimalField(
        _("порог зарплаты высокопроизводительного места, руб./мес."),
        max_digits=12,
        decimal_places=2,
    )
    version = models.PositiveIntegerField(_("версия"), default=1)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        db_table = "applications_macroscenario"
        verbose_name = _("макроэкономический сценарий")
        verbose_name_plural = _("макроэкономические сценарии")

    def __str__(self) -> str:
        return _("Сценарий %(call)s (версия %(version)s)") % {"call": self.call, "version": self.version}


class MacroYear(models.Model):
    scenario = models.ForeignKey(MacroScenario, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("год"))
    cpi = models.FloatField(_("индекс потребительских цен"))
    gdp_deflator = models.FloatField(_("индекс-дефлятор ВВП"))

    class Meta:
        db_table = "applications_macroyear"
        verbose_name = _("год сценария")
        verbose_name_plural = _("годы сценария")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "year"], name="macro_year_unique"),
            models.CheckConstraint(
                condition=models.Q(cpi__gt=0, gdp_deflator__gt=0), name="macro_year_positive"
            ),
        ]


class RegionalGrp(models.Model):
    """Nominal GRP forecast of a region without the project; the year before the first
    forecast year is GRP_0."""

    scenario = models.ForeignKey(MacroScenario, on_delete=models.CASCADE, related_name="grp")
    region = models.ForeignKey("reference.Region", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("год"))
    grp = models.DecimalField(_("ВРП, руб."), max_digits=20, decimal_places=2)

    class Meta:
        db_table = "applications_regionalgrp"
        verbose_name = _("ВРП региона")
        verbose_name_plural = _("ВРП регионов")
        ordering = ["region", "year"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "region", "year"], name="grp_unique"),
            models.CheckConstraint(condition=models.Q(grp__gt=0), name="grp_positive"),
        ]


class BankRate(models.Model):
    """The Bank of Russia rate in force from a date (refinancing rate, then key rate)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="bank_rates")
    valid_from = models.DateField(_("действует с"))
    rate = models.DecimalField(_("ставка"), max_digits=6, decimal_places=4)

    class Meta:
        db_table = "applications_bankrate"
        verbose_name = _("ставка Банка России")
        verbose_name_plural = _("ставки Банка России")
        ordering = ["valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["call", "valid_from"], name="bank_rate_unique"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="bank_rate_positive"),
        ]


class CallEvent(models.Model):
    """One transition of a call's status: who, when, from what to what, and why."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=CallStatus.choices)
    to_status = models.CharField(max_length=10, choices=CallStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("событие отбора")
        verbose_name_plural = _("события отбора")
        ordering = ["at", "pk"]


class Question(models.Model):
    """A question about a call and the secretary's answer. What is published is the
    (possibly edited) ``public_text`` and the answer, never who asked."""

    call = models.ForeignKey(
        Call, verbose_name=_("отбор"), on_delete=models.CASCADE, related_name="questions"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("автор"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("вопрос"))
    public_text = models.TextField(_("вопрос для публикации"))
    asked_at = models.DateTimeField(_("задан"), auto_now_add=True)
    answer = models.TextField(_("ответ"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ответил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("ответ дан"), null=True, blank=True)
    published = models.BooleanField(_("опубликован"), default=False)
    published_at = models.DateTimeField(_("дата публикации"), null=True, blank=True)
    # Set when the asker's organisation was told of the answer (claimed once).
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("вопрос по отбору")
        verbose_name_plural = _("вопросы по отбору")
        ordering = ["asked_at", "pk"]
        indexes = [models.Index(fields=["call", "published"], name="question_call_published")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer="") | models.Q(answered_at__isnull=False),
                name="question_answer_dated",
            ),
            models.CheckConstraint(
                condition=models.Q(published=False) | ~models.Q(answer=""),
                name="question_published_answered",
            ),
        ]

    def __str__(self) -> str:
        return _("Вопрос № %(number)s по отбору %(call)s") % {"number": self.pk, "call": self.call}

    @property
    def status_label(self) -> str:
        if self.published:
            return _("ответ опубликован")
        if self.answer:
            return _("ответ дан")
        return _("ожидает ответа")
