import pytest

from scoring.models import IndicatorResult
from scoring.services import compute_indicators, recompute_call, recompute_progress
from scoring.tasks import task_compute_indicators
from tests.factories import call_with_example_scenario, complete_application
from tests.worker import requires_worker, running_worker, wait_for

pytestmark = [requires_worker(), pytest.mark.worker]


@pytest.mark.django_db(transaction=True)
def test_real_worker_computes_once_even_when_delivered_twice():
    call = call_with_example_scenario()
    app = complete_application(call)
    with running_worker():
        first = task_compute_indicators.delay(app.pk)
        second = task_compute_indicators.delay(app.pk)
        assert first.get(timeout=60, disable_sync_subtasks=False) == "done"
        assert second.get(timeout=60, disable_sync_subtasks=False) == "done"
    rows = IndicatorResult.objects.filter(application=app)
    assert rows.count() == 1
    row = rows.get()
    assert row.is_current
    assert row.result["financial"]["npv"] == pytest.approx(437124957.31028736, rel=1e-9)
    assert row.case_hash and row.engine_version


@pytest.mark.django_db(transaction=True)
def test_real_worker_brings_a_recompute_run_to_its_total():
    """The secretary's «Пересчитать» with unchanged inputs: the worker reuses the stored
    results and still counts every application (the run used to stay at 0 / N)."""
    call = call_with_example_scenario()
    apps = [complete_application(call) for _ in range(2)]
    for app in apps:
        compute_indicators(app.pk)
    with running_worker():
        run = recompute_call(call=call, scenario_version=call.macro.version)
        assert wait_for(lambda: recompute_progress(run)["finished"], timeout=60)
    progress = recompute_progress(run)
    assert (progress["done"], progress["total"], progress["failed"]) == (2, 2, 0)
