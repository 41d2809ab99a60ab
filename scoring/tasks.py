"""Celery tasks: thin, named, idempotent. They fetch by id and call a service."""

from __future__ import annotations

from celery import shared_task

from scoring import services


@shared_task(name="scoring.compute_indicators", acks_late=True, reject_on_worker_lost=True,
             autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def task_compute_indicators(application_id: int) -> str | None:
    row = services.compute_indicators(application_id)
    return row.state if row else None


@shared_task(name="scoring.risk_analysis", acks_late=True, reject_on_worker_lost=True)
def task_risk_analysis(application_id: int) -> bool:
    return services.compute_risk(application_id)


@shared_task(name="scoring.requeue_missing_indicators")
def task_requeue_missing_indicators() -> int:
    return services.requeue_missing_indicators()
