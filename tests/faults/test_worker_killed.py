"""SIGKILL of a Celery worker in the middle of an indicator task.

The task is held "in the middle" by a lock on the results table taken from a second
connection: the task has read the application and its case and waits to look up its
result row. Nothing in the application is changed for the test."""

from __future__ import annotations

import time

import pytest

from scoring.models import IndicatorResult, IndicatorState
from scoring.tasks import task_compute_indicators
from tests.factories import call_with_example_scenario, complete_application
from tests.faults.support import (
    Worker,
    own_redis,
    report,
    requires_services,
    send_task,
    table_locked,
)
from tests.worker import wait_for

pytestmark = [requires_services(), pytest.mark.faults, pytest.mark.django_db(transaction=True)]

RESULTS_TABLE = IndicatorResult._meta.db_table
# What a fresh worker needs to pick up a message another worker died holding, for the test.
SHORT_VISIBILITY = {"visibility_timeout": 3, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}


@pytest.fixture
def broker(tmp_path):
    with own_redis(tmp_path / "redis", appendonly=True) as server:
        yield server


def wait_until_active(
    worker: Worker, task_id: str, *, not_pid: int | None = None, timeout: float = 60
) -> dict:
    seen: dict = {}

    def active() -> bool:
        for item in worker.active():
            if item["id"] == task_id and item["worker_pid"] != not_pid:
                seen.update(item)
                return True
        return False

    assert wait_for(active, timeout=timeout, interval=0.1), worker.output()
    return seen


def results_of(app) -> int:
    return IndicatorResult.objects.filter(application=app).count()


def test_killed_prefork_child_is_requeued_at_once_and_stored_once(broker, tmp_path):
    app = complete_application(call_with_example_scenario())
    worker = Worker(broker.url, tmp_path / "worker.log", "child-kill")
    try:
        with table_locked(RESULTS_TABLE):
            task_id = send_task(task_compute_indicators, broker.url, app.pk)
            first = wait_until_active(worker, task_id)
            killed_at = time.monotonic()
            worker.kill_child(first["worker_pid"])
            # reject_on_worker_lost: the main process requeues the message and its new child
            # takes it again; no visibility timeout is involved.
            second = wait_until_active(worker, task_id, not_pid=first["worker_pid"], timeout=30)
            redelivered_after = time.monotonic() - killed_at
        assert wait_for(lambda: results_of(app) >= 1, timeout=60), worker.output()
        time.sleep(1)  # a duplicate execution, if any, would land now
    finally:
        worker.stop()
    rows = IndicatorResult.objects.filter(application=app)
    stored = rows.count()
    report(
        "worker-child-sigkill",
        tasks_sent=1,
        faults_injected=1,
        results_stored=stored,
        lost=1 - min(stored, 1),
        redelivered_after=f"{redelivered_after:.2f}s",
        first_pid=first["worker_pid"],
        second_pid=second["worker_pid"],
    )
    assert stored == 1
    assert rows.get().state == IndicatorState.DONE and rows.get().is_current
    assert redelivered_after < 10
    assert broker.queue_length() == 0 and broker.unacked() == 0


def test_whole_worker_killed_task_comes_back_only_after_the_visibility_timeout(broker, tmp_path):
    """SIGKILL of the main process too (OOM killer, a lost machine): nobody is left to
    requeue. The message stays in Redis's ``unacked`` hash and a new worker restores it
    only once it is older than ``visibility_timeout`` (3600 s in the settings)."""
    app = complete_application(call_with_example_scenario())
    doomed = Worker(broker.url, tmp_path / "doomed.log", "doomed")
    try:
        with table_locked(RESULTS_TABLE):
            task_id = send_task(task_compute_indicators, broker.url, app.pk)
            wait_until_active(doomed, task_id)
            doomed.kill_all()
            killed_at = time.monotonic()
    finally:
        doomed.stop()
    assert broker.queue_length() == 0
    assert broker.unacked() == 1, "the message is held for the dead worker, not lost"

    production_like = Worker(broker.url, tmp_path / "plain.log", "plain")
    try:
        picked_up = wait_for(lambda: results_of(app) > 0, timeout=6)
    finally:
        production_like.stop()
    assert not picked_up, "with visibility_timeout=3600 the task must wait, not run"
    assert broker.unacked() == 1

    rescuer = Worker(broker.url, tmp_path / "rescuer.log", "rescuer", transport_options=SHORT_VISIBILITY)
    try:
        assert wait_for(lambda: results_of(app) >= 1, timeout=60), rescuer.output()
        redelivered_after = time.monotonic() - killed_at
        time.sleep(1)
    finally:
        rescuer.stop()
    stored = results_of(app)
    report(
        "worker-group-sigkill",
        tasks_sent=1,
        faults_injected=1,
        results_stored=stored,
        lost=1 - min(stored, 1),
        waited_with_3600s_timeout="6s, not redelivered",
        redelivered_after=f"{redelivered_after:.2f}s (visibility_timeout=3s)",
    )
    assert stored == 1
    assert broker.queue_length() == 0 and broker.unacked() == 0
