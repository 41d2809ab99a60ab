"""SIGKILL of the worker child in the middle of a recompute chunk: the chunk is redelivered,
every application ends with exactly one current result for the new scenario, each stored
once, the run reaches its total and the risk analyses follow.

"In the middle" is held by a table lock from a second connection: on the results table
the chunk has read its applications and built their cases and waits to look up their rows;
on the run's items table it has already written its rows (upsert, current flip) inside its
transaction and waits to mark the items finished — killed there, nothing of it commits."""

from __future__ import annotations

import pytest
from django.db.models import F

from applications.models import Application
from applications.services.lifecycle import submit_application
from calls.models import MacroScenario
from engine import case_hash
from scoring.models import IndicatorResult, IndicatorState, RecomputeItem, RecomputeRun
from scoring.services import case_of, recompute_progress
from scoring.tasks import task_recompute_chunk
from tests.factories import call_with_example_scenario, complete_application
from tests.faults.support import Worker, own_redis, report, requires_services, send_task, table_locked
from tests.faults.test_worker_killed import wait_until_active
from tests.worker import wait_for

pytestmark = [requires_services(), pytest.mark.faults, pytest.mark.django_db(transaction=True)]

APPLICATIONS = 4


@pytest.fixture
def broker(tmp_path):
    with own_redis(tmp_path / "redis", appendonly=True) as server:
        yield server


@pytest.fixture
def changed_call():
    """Submitted applications computed for the old scenario (eagerly, in this process),
    then a new scenario and a run whose chunk is not sent yet."""
    call = call_with_example_scenario()
    apps = []
    for _ in range(APPLICATIONS):
        app = complete_application(call)
        submit_application(application_id=app.pk, user=app.created_by)
        apps.append(app)
    assert IndicatorResult.objects.filter(application__in=apps, is_current=True).count() == APPLICATIONS
    MacroScenario.objects.filter(call=call).update(
        risk_free_rate=F("risk_free_rate") + 0.01, version=F("version") + 1
    )
    run = RecomputeRun.objects.create(call=call, scenario_version=2, total=APPLICATIONS)
    RecomputeItem.objects.bulk_create([RecomputeItem(run=run, application=app) for app in apps])
    return run, [app.pk for app in apps]


@pytest.mark.parametrize(
    "held_at",
    [IndicatorResult._meta.db_table, RecomputeItem._meta.db_table],
    ids=["before-storing", "inside-the-transaction"],
)
def test_a_chunk_killed_mid_way_is_redelivered_and_stored_once(broker, tmp_path, changed_call, held_at):
    run, ids = changed_call
    new_hashes = {app.pk: case_hash(case_of(app)) for app in Application.objects.filter(pk__in=ids)}
    worker = Worker(broker.url, tmp_path / "worker.log", "chunk-kill")
    try:
        with table_locked(held_at):
            task_id = send_task(task_recompute_chunk, broker.url, ids, run.pk)
            first = wait_until_active(worker, task_id)
            worker.kill_child(first["worker_pid"])
            second = wait_until_active(worker, task_id, not_pid=first["worker_pid"], timeout=30)
        assert wait_for(lambda: recompute_progress(run)["finished"], timeout=60), worker.output()
        risk_done = IndicatorResult.objects.filter(
            application_id__in=ids, is_current=True, state=IndicatorState.DONE, risk__isnull=False
        )
        assert wait_for(lambda: risk_done.count() == APPLICATIONS, timeout=60), worker.output()
        assert wait_for(lambda: broker.queue_length() == 0 and broker.unacked() == 0, timeout=10)
    finally:
        worker.stop()
    stored = IndicatorResult.objects.filter(application_id__in=ids)
    for pk in ids:
        current = stored.filter(application_id=pk, is_current=True)
        assert current.count() == 1
        assert current.get().case_hash == new_hashes[pk]
        assert stored.filter(application_id=pk, case_hash=new_hashes[pk]).count() == 1
    assert stored.count() == 2 * APPLICATIONS  # the old scenario's row and the new one
    progress = recompute_progress(run)
    report(
        f"recompute-chunk-sigkill-{held_at}",
        applications=APPLICATIONS,
        faults_injected=1,
        results_stored=stored.count() - APPLICATIONS,
        current_per_application=1,
        items_finished=progress["done"],
        first_pid=first["worker_pid"],
        second_pid=second["worker_pid"],
    )
    assert (progress["done"], progress["failed"]) == (APPLICATIONS, 0)
