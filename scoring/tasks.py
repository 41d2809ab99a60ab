"""Celery tasks: thin, named, idempotent leaves. Each fetches by id and calls its service,
imported inside the body (services import the tasks at module top to publish them)."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    name="scoring.compute_indicators",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def task_compute_indicators(application_id: int, run_id: int | None = None) -> str | None:
    # Inline: tasks are leaves; the services import this module to publish tasks.
    from scoring.services import compute_indicators, recompute_application

    if run_id is None:
        row = compute_indicators(application_id)
    else:  # part of a recompute run: its progress counts this application once done
        row = recompute_application(application_id, run_id=run_id)
    return row.state if row else None


@shared_task(name="scoring.risk_analysis", acks_late=True, reject_on_worker_lost=True)
def task_risk_analysis(application_id: int) -> bool:
    # Inline: tasks are leaves; the services import this module to publish tasks.
    from scoring.services import compute_risk

    return compute_risk(application_id)


@shared_task(
    name="scoring.recompute_chunk",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(ConnectionError, OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def task_recompute_chunk(application_ids: list[int], run_id: int | None = None) -> int:
    """A chunk of a call's recompute: one engine call, one transaction; a worker lost
    mid-chunk gets the message redelivered and the chunk is stored once."""
    # Inline: tasks are leaves; the services import this module to publish tasks.
    from scoring.chunks import recompute_chunk_or_each

    return recompute_chunk_or_each(application_ids, run_id=run_id)


@shared_task(name="scoring.risk_chunk", acks_late=True, reject_on_worker_lost=True)
def task_risk_chunk(application_ids: list[int]) -> int:
    # Inline: tasks are leaves; the services import this module to publish tasks.
    from scoring.chunks import compute_risk_chunk

    return compute_risk_chunk(application_ids)


@shared_task(name="scoring.requeue_missing_indicators")
def task_requeue_missing_indicators() -> int:
    # Inline: tasks are leaves; the services import this module to publish tasks.
    from scoring.services import requeue_missing_indicators

    return requeue_missing_indicators()
