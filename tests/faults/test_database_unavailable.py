"""The database going away under a request: every page answers the friendly 503, the health
check names the database, and a submission cut off half-way leaves nothing half-saved.

The fault is injected with ``connection.execute_wrapper``: from a chosen query on (or at
that one query only) the database driver "raises" OperationalError, as psycopg does when
the server has gone or the connection dropped."""

from __future__ import annotations

from itertools import count
from unittest import mock

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, ApplicationStatus, ApplicationVersion, StatusEvent
from applications.services.lifecycle import submit_application
from scoring.tasks import task_compute_indicators
from tests.applications.test_lifecycle import complete_application
from tests.factories import call_with_example_scenario
from tests.faults.support import report, requires_postgres

pytestmark = [requires_postgres(), pytest.mark.faults]

UNAVAILABLE = "Сервис временно недоступен"


class DatabaseGone:
    """An execute wrapper: query number ``at`` fails, and with ``lasting`` every later one."""

    def __init__(self, at: int, *, lasting: bool = True, only_in_transaction: bool = False):
        self.at, self.lasting, self.only_in_transaction = at, lasting, only_in_transaction
        self.seen = 0
        self.failed = 0

    def __call__(self, execute, sql, params, many, context):
        if self.only_in_transaction and not connection.in_atomic_block:
            return execute(sql, params, many, context)
        index = self.seen
        self.seen += 1
        if index == self.at or (self.lasting and index > self.at):
            self.failed += 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


def assert_friendly_503(response) -> None:
    assert response.status_code == 503, response.content[:500]
    assert UNAVAILABLE in response.content.decode()
    assert response["Retry-After"] == "30"


def page_urls(app: Application) -> list[str]:
    return [
        "/",
        reverse("portal:my_list"),
        reverse("portal:detail", args=[app.pk]),
        reverse("portal:step", args=[app.pk, "review"]),
    ]


@pytest.mark.django_db
def test_every_page_answers_503_whichever_query_loses_the_database():
    app = complete_application(call_with_example_scenario())
    client = Client(raise_request_exception=False)
    client.force_login(app.created_by)
    injected = 0
    for url in page_urls(app):
        with CaptureQueriesContext(connection) as healthy:
            assert client.get(url).status_code in (200, 302)
        for at in range(len(healthy)):
            with connection.execute_wrapper(DatabaseGone(at)):
                response = client.get(url)
            assert_friendly_503(response)
            injected += 1
    report(
        "database-gone-mid-page",
        pages=len(page_urls(app)),
        faults_injected=injected,
        answered_503=injected,
        answered_500=0,
    )


@pytest.mark.django_db
def test_health_check_names_the_database_when_it_is_gone(client):
    with (
        mock.patch("config.health.check_broker", return_value=None),
        connection.execute_wrapper(DatabaseGone(0)),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["database"]
    assert body["checks"]["database"].startswith("OperationalError: server closed")
    assert body["checks"]["broker"] == "ok"


def assert_still_a_draft(app: Application) -> None:
    app.refresh_from_db()
    assert app.status == ApplicationStatus.DRAFT
    assert app.registration_number is None
    assert app.submitted_at is None
    assert ApplicationVersion.objects.filter(application=app).count() == 0
    assert StatusEvent.objects.filter(application=app).count() == 0


@pytest.mark.django_db(transaction=True)
def test_submission_cut_off_at_the_version_step_is_rolled_back(mailoutbox):
    app = complete_application(call_with_example_scenario())
    client = Client(raise_request_exception=False)
    client.force_login(app.created_by)
    with (
        mock.patch.object(task_compute_indicators, "delay") as queued,
        mock.patch.object(
            ApplicationVersion.objects, "create", side_effect=OperationalError("connection lost")
        ),
    ):
        with pytest.raises(OperationalError):
            submit_application(application_id=app.pk, user=app.created_by)
        response = client.post(reverse("portal:submit", args=[app.pk]))
    assert_friendly_503(response)
    assert_still_a_draft(app)
    assert queued.call_count == 0
    assert mailoutbox == []
    # The number was not burned: the retry gets the call's first one.
    submitted = submit_application(application_id=app.pk, user=app.created_by)
    assert submitted.registration_number == "2015-J-0001"
    assert ApplicationVersion.objects.filter(application=app).count() == 1


@pytest.mark.django_db(transaction=True)
def test_submission_losing_the_database_at_any_query_leaves_nothing_half_saved(mailoutbox):
    """One fault per run, at every query of the submission's transaction in turn."""
    app = complete_application(call_with_example_scenario())
    user = app.created_by
    with mock.patch.object(task_compute_indicators, "delay") as queued:
        for at in count():
            fault = DatabaseGone(at, lasting=False, only_in_transaction=True)
            with connection.execute_wrapper(fault):
                try:
                    submit_application(application_id=app.pk, user=user)
                except OperationalError:
                    assert_still_a_draft(app)
                    assert queued.call_count == 0 and mailoutbox == []
                    continue
            assert fault.failed == 0, "a fault was swallowed and the submission went on"
            break
    app.refresh_from_db()
    report("database-gone-mid-submission", queries_in_transaction=at, faults_injected=at, half_saved=0)
    assert at >= 8
    assert app.status == ApplicationStatus.SUBMITTED
    assert app.registration_number == "2015-J-0001"
    assert ApplicationVersion.objects.filter(application=app).count() == 1
    assert StatusEvent.objects.filter(application=app, to_status="submitted").count() == 1
    assert queued.call_count == 1


@pytest.mark.django_db(transaction=True)
def test_database_lost_right_after_commit_still_queues_the_indicators():
    app = complete_application(call_with_example_scenario())
    client = Client(raise_request_exception=False)
    client.force_login(app.created_by)
    with mock.patch.object(task_compute_indicators, "delay") as queued:
        # The first query outside the transaction after the submission is the notification's.
        fault = DatabaseGone(0, lasting=False)
        with connection.execute_wrapper(_after_commit(fault)):
            response = client.post(reverse("portal:submit", args=[app.pk]))
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED  # committed before the fault
    assert fault.failed == 1
    assert queued.call_count == 1, "the submitted application's indicators were never queued"
    assert response.status_code == 302


def _after_commit(fault: DatabaseGone):
    """Pass queries through until the submission's transaction has committed, then apply
    ``fault`` to the queries that run outside any transaction (the on-commit callbacks)."""
    state = {"in_transaction_seen": False}

    def wrapper(execute, sql, params, many, context):
        if connection.in_atomic_block:
            state["in_transaction_seen"] = True
            return execute(sql, params, many, context)
        if state["in_transaction_seen"]:
            return fault(execute, sql, params, many, context)
        return execute(sql, params, many, context)

    return wrapper
