"""Redis restarted while indicator tasks wait in the queue and no worker runs.

With ``--appendonly yes`` the queue survives a clean SHUTDOWN and a SIGKILL of the
server; with ``--appendonly no --save ''`` (how the shared Redis of CI and development is
started) every queued task is gone. Production needs the append-only file."""

from __future__ import annotations

import time
from unittest import mock

import pytest

from scoring.models import IndicatorResult
from scoring.tasks import task_compute_indicators
from tests.factories import call_with_example_scenario, complete_application
from tests.faults.support import Worker, own_redis, report, requires_services, send_task
from tests.worker import wait_for

pytestmark = [requires_services(), pytest.mark.faults, pytest.mark.django_db(transaction=True)]

QUEUED = 20


def applications_with_results(apps) -> int:
    return IndicatorResult.objects.filter(application__in=apps).values("application").distinct().count()


@pytest.mark.parametrize(
    ("appendonly", "restart", "expected_lost"),
    [(True, "shutdown", 0), (True, "sigkill", 0), (False, "shutdown", QUEUED)],
    ids=["appendonly-shutdown", "appendonly-sigkill", "no-persistence-shutdown"],
)
def test_queued_tasks_across_a_broker_restart(tmp_path, appendonly, restart, expected_lost):
    call = call_with_example_scenario()
    apps = [complete_application(call) for _ in range(QUEUED)]
    with own_redis(tmp_path / "redis", appendonly=appendonly) as server:
        for app in apps:
            send_task(task_compute_indicators, server.url, app.pk)
        assert server.queue_length() == QUEUED
        if restart == "sigkill":
            time.sleep(1.5)  # appendfsync everysec: what a power cut could still take
            server.kill()
        else:
            server.shutdown()
        server.start()
        survived = server.queue_length()

        worker = Worker(server.url, tmp_path / "worker.log", f"restart-{restart}")
        try:
            if expected_lost:
                wait_for(lambda: applications_with_results(apps) > 0, timeout=8)
            else:
                assert wait_for(lambda: applications_with_results(apps) == QUEUED, timeout=180), (
                    worker.output()
                )
            time.sleep(1)
        finally:
            worker.stop()

    stored = applications_with_results(apps)
    rows = IndicatorResult.objects.filter(application__in=apps).count()
    report(
        f"redis-restart[{'appendonly yes' if appendonly else 'appendonly no'}, {restart}]",
        tasks_sent=QUEUED,
        queued_after_restart=survived,
        results_stored=stored,
        lost=QUEUED - stored,
    )
    assert survived == QUEUED - expected_lost
    assert stored == QUEUED - expected_lost
    assert rows == stored, "each application's result is stored exactly once"


def test_broker_down_at_the_moment_of_submission_is_not_an_error_page():
    from django.test import Client
    from django.urls import reverse
    from kombu.exceptions import OperationalError as BrokerDown

    from applications.models import ApplicationStatus
    from tests.applications.test_lifecycle import complete_application as submittable

    app = submittable(call_with_example_scenario())
    client = Client(raise_request_exception=False)
    client.force_login(app.created_by)
    refused = BrokerDown("Error 111 connecting to 127.0.0.1:6380. Connection refused.")
    with mock.patch.object(task_compute_indicators, "delay", side_effect=refused) as queued:
        response = client.post(reverse("portal:submit", args=[app.pk]))
    app.refresh_from_db()
    report(
        "broker-down-at-submit",
        submissions=1,
        saved=int(app.status == "submitted"),
        indicator_tasks_queued=0,
        http_status=response.status_code,
    )
    assert queued.call_count == 1
    assert app.status == ApplicationStatus.SUBMITTED
    assert response.status_code != 500, "the applicant sees a server error for a saved action"
