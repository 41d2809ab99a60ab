"""The secretary's «Пересчитать»: the run's progress reaches its total — also when the
inputs have not changed (the stored results are reused, nothing is computed anew), for
an incomplete draft, a failed computation and a task delivered twice — and the status
endpoint the page polls says so."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.models import Application, ApplicationStatus
from scoring import services
from scoring.models import IndicatorResult, RecomputeItem, RecomputeRun
from tests.factories import ApplicationFactory, UserFactory, call_with_example_scenario, complete_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def call_with_results():
    """Three complete applications whose indicators are already computed for their
    current inputs (so a recompute finds every result stored), and an incomplete draft."""
    call = call_with_example_scenario()
    apps = [complete_application(call) for _ in range(3)]
    for app in apps:
        assert services.compute_indicators(app.pk).state == "done"
    ApplicationFactory(call=call, status=ApplicationStatus.DRAFT)
    return call


def test_the_page_button_runs_a_recompute_that_reaches_its_total(
    client, call_with_results, django_capture_on_commit_callbacks
):
    call = call_with_results
    client.force_login(UserFactory(role="secretary"))
    with django_capture_on_commit_callbacks(execute=True):  # eager tasks, as on commit
        response = client.post(reverse("screening:recompute", args=[call.pk]))
    assert response.status_code == 302
    run = RecomputeRun.objects.get(call=call)
    assert run.total == 4
    status = client.get(reverse("screening:recompute_status", args=[run.pk])).json()
    assert status["total"] == 4 and status["done"] == 4 and status["finished"] is True
    assert status["failed"] == 0
    assert len(status["finished_at"]) == len("31.12.2026 23:59:59")
    # Nothing new was computed: the same three rows, still current.
    assert IndicatorResult.objects.filter(application__call=call).count() == 3
    page = client.get(reverse("screening:call", args=[call.pk])).content.decode()
    assert 'data-finished="1"' in page and "otbor/recompute-poll.js" in page


def test_progress_counts_each_application_once_while_the_tasks_run(call_with_results):
    call = call_with_results
    run = services.recompute_call(call=call, scenario_version=call.macro.version)  # tasks not run
    assert services.recompute_progress(run) == {
        "total": 4,
        "done": 0,
        "failed": 0,
        "finished": False,
        "finished_at": "",
        "risk_pending": 0,  # the drafts' rows get none; no submitted application here
    }
    app_ids = list(RecomputeItem.objects.filter(run=run).values_list("application_id", flat=True))
    services.recompute_application(app_ids[0], run_id=run.pk)
    services.recompute_application(app_ids[0], run_id=run.pk)  # delivered twice
    assert services.recompute_progress(run)["done"] == 1
    for app_id in app_ids[1:]:
        services.recompute_application(app_id, run_id=run.pk)
    progress = services.recompute_progress(run)
    assert (progress["done"], progress["finished"]) == (4, True)


def test_a_failed_computation_finishes_its_item_as_failed(call_with_results, monkeypatch):
    call = call_with_results
    run = services.recompute_call(call=call, scenario_version=call.macro.version)
    app_id = Application.objects.filter(call=call).order_by("pk").values_list("pk", flat=True).first()

    def broken(application_id):
        raise RuntimeError("engine bug")

    monkeypatch.setattr(services, "compute_indicators", broken)
    with pytest.raises(RuntimeError):
        services.recompute_application(app_id, run_id=run.pk)
    progress = services.recompute_progress(run)
    assert (progress["done"], progress["failed"], progress["finished"]) == (1, 1, False)


def test_a_run_without_items_is_reported_finished(db):
    run = RecomputeRun.objects.create(call=call_with_example_scenario(), scenario_version=1, total=5)
    assert services.recompute_progress(run)["finished"] is True
