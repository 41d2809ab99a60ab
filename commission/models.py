from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reference.formatting import format_date


class Indicator(models.TextChoices):
    FINANCIAL = "financial", _("финансовая эффективность")
    BUDGET = "budget", _("бюджетная эффективность")
    SOCIO_ECONOMIC = "socio_economic", _("социально-экономическая эффективность")


class Methodology(models.Model):
    """The scoring methodology of a call: its categories and winning threshold."""

    call = models.OneToOneField("calls.Call", on_delete=models.CASCADE, related_name="methodology")
    threshold = models.DecimalField(
        _("проходной балл"), max_digits=7, decimal_places=3, default=Decimal("80")
    )

    class Meta:
        verbose_name = _("методика оценки")
        verbose_name_plural = _("методики оценки")

    def __str__(self) -> str:
        return _("Методика: %(call)s") % {"call": self.call}


class Category(models.Model):
    methodology = models.ForeignKey(Methodology, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("код"), max_length=40)
    name = models.CharField(_("наименование"), max_length=200)
    maximum = models.DecimalField(
        _("максимум баллов"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    governing_indicator = models.CharField(_("показатель (п. 12)"), max_length=16, choices=Indicator.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("категория оценки")
        verbose_name_plural = _("категории оценки")
        ordering = ["methodology", "position"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "code"], name="category_code_unique"),
            models.CheckConstraint(condition=models.Q(maximum__gt=0), name="category_max_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (0–{self.maximum:g})"


class Commission(models.Model):
    name = models.CharField(_("наименование"), max_length=300)

    class Meta:
        verbose_name = _("комиссия")
        verbose_name_plural = _("комиссии")

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("председатель комиссии")
    DEPUTY = "deputy", _("заместитель председателя комиссии")
    MEMBER = "member", _("член комиссии")
    SECRETARY = "secretary", _("секретарь комиссии (без права голоса)")


class Membership(models.Model):
    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("роль"), max_length=10, choices=MemberRole.choices)
    since = models.DateField(_("с"))
    until = models.DateField(_("по"), null=True, blank=True)

    class Meta:
        verbose_name = _("член комиссии")
        verbose_name_plural = _("состав комиссии")
        ordering = ["commission", "role", "user__full_name"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"

    @property
    def votes(self) -> bool:
        return self.role != MemberRole.SECRETARY


class ScoringState(models.TextChoices):
    NOT_STARTED = "not_started", _("оценка не начата")
    OPEN = "open", _("оценка идёт")
    CLOSED = "closed", _("оценка закрыта")
    DECIDED = "decided", _("решение принято")


class Meeting(models.Model):
    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="meetings")
    commission = models.ForeignKey(Commission, on_delete=models.PROTECT, related_name="meetings")
    number = models.CharField(_("номер протокола"), max_length=40)
    date = models.DateField(_("дата"))
    place = models.CharField(_("место"), max_length=300)
    present = models.ManyToManyField(
        Membership, verbose_name=_("присутствуют"), blank=True, related_name="meetings_attended"
    )
    scoring_state = models.CharField(
        _("оценка"), max_length=12, choices=ScoringState.choices, default=ScoringState.NOT_STARTED
    )
    decision_text = models.TextField(_("текст решения"), blank=True)
    decided_at = models.DateTimeField(_("решение записано"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("заседание")
        verbose_name_plural = _("заседания")
        ordering = ["-date"]
        permissions = [
            ("manage_scoring", _("Может открывать и закрывать оценку")),
        ]

    def __str__(self) -> str:
        return _("Заседание № %(number)s от %(date)s") % {
            "number": self.number,
            "date": format_date(self.date),
        }


class RoundEvent(models.Model):
    """Open, close, reopen (with its reason) and decision of a meeting's scoring."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="round_events")
    action = models.CharField(max_length=10)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class Recusal(models.Model):
    """A declared conflict of interest: the member cannot score the application."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="recusals")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="recusals"
    )
    member = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="recusals")
    reason = models.TextField(_("причина конфликта интересов"))
    declared_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("конфликт интересов")
        verbose_name_plural = _("конфликты интересов")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "application", "member"], name="recusal_once"),
        ]


class Score(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="scores")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="scores"
    )
    member = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="scores")
    finding = models.TextField(_("заключение"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("оценка")
        verbose_name_plural = _("оценки")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "application", "member"], name="score_once"),
        ]


class ScorePoint(models.Model):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="points")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("баллы"), max_digits=6, decimal_places=2)
    # The category's maximum at scoring time, so the database can enforce the range.
    maximum = models.DecimalField(max_digits=6, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["score", "category"], name="score_point_once"),
            models.CheckConstraint(
                condition=models.Q(points__gte=0, points__lte=models.F("maximum")),
                name="score_point_in_range",
            ),
        ]


class ExportState(models.TextChoices):
    PENDING = "pending", _("формируется")
    DONE = "done", _("готов")
    FAILED = "failed", _("ошибка")


class ProtocolExport(models.Model):
    """A protocol rendered by a Celery worker for a large meeting; downloaded when done."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="exports")
    fmt = models.CharField(max_length=10)
    state = models.CharField(max_length=8, choices=ExportState.choices, default=ExportState.PENDING)
    file = models.FileField(upload_to="protocols/", blank=True, max_length=300)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class ProtocolVersion(models.Model):
    """The protocol as decided: its data (JSON) and every file, rendered once at the
    decision (or an amendment) and never changed; downloads of a decided meeting serve
    these bytes. An amendment adds the next version and marks this one superseded."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="protocol_versions")
    number = models.PositiveSmallIntegerField(_("версия"))
    data = models.JSONField(_("данные протокола"))
    data_sha256 = models.CharField(max_length=64)
    docx = models.BinaryField()
    docx_sha256 = models.CharField(max_length=64)
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64)
    xlsx = models.BinaryField()
    xlsx_sha256 = models.CharField(max_length=64)
    winners = models.BinaryField()
    winners_sha256 = models.CharField(max_length=64)
    reason = models.TextField(_("основание поправки"), blank=True)
    # The head of the audit chain (audit.AuditEntry) when this version was stored.
    audit_head = models.CharField(max_length=64, blank=True)
    superseded = models.BooleanField(_("заменена поправкой"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("версия протокола")
        verbose_name_plural = _("версии протокола")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="protocol_version_once"),
            models.UniqueConstraint(
                fields=["meeting"], condition=models.Q(superseded=False), name="protocol_one_current_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}, версия {self.number}"

    def save(self, *args, **kwargs) -> None:
        # Immutable: once stored, only the superseded flag may be set.
        if self.pk is not None and set(kwargs.get("update_fields") or ()) != {"superseded"}:
            raise ValueError("a protocol version is immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("a protocol version is never deleted")
