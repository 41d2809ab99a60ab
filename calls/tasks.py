from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from calls.models import Call, CallStatus


@shared_task(name="calls.close_expired_calls")
def task_close_expired_calls() -> int:
    """Store `closed` for open calls past their deadline. Reads never depend on it:
    Call.effective_status() already treats them as closed."""
    return Call.objects.filter(status=CallStatus.OPEN, closes_at__lte=timezone.now()).update(
        status=CallStatus.CLOSED
    )


@shared_task(
    name="calls.notify_question_answered",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def task_notify_question_answered(question_id: int) -> bool:
    # Inline: tasks are leaves; the clarifications service imports this module.
    from calls.clarifications import notify_question_answered

    return notify_question_answered(question_id)
