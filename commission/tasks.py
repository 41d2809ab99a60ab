from __future__ import annotations

from celery import shared_task

from commission import export_jobs


@shared_task(name="commission.export_protocol", acks_late=True, reject_on_worker_lost=True)
def task_export_protocol(export_id: int) -> str:
    return export_jobs.run_export(export_id)
