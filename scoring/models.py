"""What the engine computed: one row per set of inputs, and a call's recompute runs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorState(models.TextChoices):
    PENDING = "pending", _("в очереди")
    DONE = "done", _("рассчитано")
    INVALID = "invalid", _("ошибка в данных")
    FAILED = "failed", _("сбой расчёта")


class IndicatorResult(models.Model):
    """The engine's result for one set of inputs. Unique on (application, case hash,
    engine version): computing the same inputs twice stores one row."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="indicator_results"
    )
    case_hash = models.CharField(max_length=64)
    engine_version = models.CharField(max_length=20)
    state = models.CharField(max_length=8, choices=IndicatorState.choices, default=IndicatorState.PENDING)
    computed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    risk = models.JSONField(null=True, blank=True)
    error_path = models.CharField(max_length=200, blank=True)
    error_message = models.TextField(blank=True)
    eligible = models.BooleanField(null=True)
    npv = models.FloatField(null=True)
    irr = models.FloatField(null=True)
    wacc = models.FloatField(null=True)
    bpi = models.FloatField(null=True)
    integral_indicator = models.FloatField(null=True)
    financial_status = models.CharField(max_length=12, blank=True)
    budget_status = models.CharField(max_length=12, blank=True)
    socio_economic_status = models.CharField(max_length=12, blank=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        db_table = "applications_indicatorresult"
        verbose_name = _("расчёт показателей")
        verbose_name_plural = _("расчёты показателей")
        ordering = ["-computed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "case_hash", "engine_version"], name="indicator_result_once"
            ),
        ]
        indexes = [models.Index(fields=["application", "is_current"])]


class RecomputeRun(models.Model):
    """Progress of recomputing every application of a call after a scenario change."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="recompute_runs")
    scenario_version = models.PositiveIntegerField()
    total = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "applications_recomputerun"
        ordering = ["-started_at"]


class RecomputeItem(models.Model):
    """One application of a recompute run; ``finished_at`` is set once its computation has
    ended (whatever the outcome, even when its inputs were already computed), so the run's
    progress counts each application once, however often its task is delivered."""

    run = models.ForeignKey(RecomputeRun, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="recompute_items"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    failed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "application"], name="recompute_item_once"),
        ]
