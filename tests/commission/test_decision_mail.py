"""Mail through the worker (issue 11, item 6): the decision's e-mails are queued as
idempotent tasks on commit, never sent inside the request."""

from __future__ import annotations

import pytest
from django.core import mail

from applications.models import StatusEvent
from applications.services import lifecycle
from applications.services.notifications import notify_status_event
from commission import services
from tests.commission.conftest import close_round, open_round

pytestmark = pytest.mark.django_db


def test_the_decision_queues_one_task_per_change_and_sends_nothing_itself(
    rnd, monkeypatch, django_capture_on_commit_callbacks
):
    open_round(rnd)
    close_round(rnd)
    mail.outbox.clear()
    queued = []
    monkeypatch.setattr(lifecycle.task_notify_status_event, "delay", queued.append)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.record_decision(meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="")
        assert mail.outbox == []
    assert queued == []  # nothing before the commit
    for callback in callbacks:
        callback()
    events = StatusEvent.objects.filter(to_status="not_winner").order_by("pk")
    assert queued == [event.pk for event in events]
    assert len(queued) == 3
    assert mail.outbox == []  # the worker sends, not the request


def test_the_task_sends_once_per_event(rnd):
    open_round(rnd)
    close_round(rnd)
    services.record_decision(meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="")
    event = StatusEvent.objects.filter(to_status="not_winner").first()
    StatusEvent.objects.filter(pk=event.pk).update(notified_at=None)
    mail.outbox.clear()
    assert notify_status_event(event.pk) is True
    assert notify_status_event(event.pk) is False  # a duplicate delivery
    assert len(mail.outbox) == 1
    app = event.application
    assert mail.outbox[0].subject == f"Заявка {app.registration_number}: не прошла отбор"
    assert "Основания: Итоговый балл — при проходном 80,00." in mail.outbox[0].body


def test_a_failed_send_releases_the_event_for_a_retry(rnd, monkeypatch):
    open_round(rnd)
    close_round(rnd)
    services.record_decision(meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="")
    event = StatusEvent.objects.filter(to_status="not_winner").first()
    StatusEvent.objects.filter(pk=event.pk).update(notified_at=None)

    def refuse(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr("applications.services.notifications.send_mass_mail", refuse)
    with pytest.raises(OSError):
        notify_status_event(event.pk)
    event.refresh_from_db()
    assert event.notified_at is None
