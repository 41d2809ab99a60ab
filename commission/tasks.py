"""Celery tasks of the commission: leaves that import their service inside the body."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="commission.export_protocol", acks_late=True, reject_on_worker_lost=True)
def task_export_protocol(export_id: int) -> str:
    # Inline: tasks are leaves; export_jobs imports this module to publish the task.
    from commission.export_jobs import run_export

    return run_export(export_id)
