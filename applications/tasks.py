"""Celery tasks of the applications: leaves that import their service inside the body."""

from __future__ import annotations

from celery import shared_task


@shared_task(
    name="applications.notify_status_event",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def task_notify_status_event(event_id: int) -> bool:
    # Inline: tasks are leaves; the lifecycle service imports this module to publish it.
    from applications.services.notifications import notify_status_event

    return notify_status_event(event_id)
