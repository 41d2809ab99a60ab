"""Concurrent submissions against a real PostgreSQL: row locks and the unique
registration number must give one submission per application and distinct numbers."""

import pytest
from django.db import connection

from applications.models import Application, ApplicationStatus, ApplicationVersion, StatusEvent
from applications.services.lifecycle import submit_application
from tests.applications.test_lifecycle import complete_application
from tests.concurrency import race
from tests.factories import call_with_example_scenario

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (SELECT ... FOR UPDATE and concurrent transactions); "
        "SQLite serialises writers, so the race cannot happen there",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_same_application_submitted_twice_at_once_is_submitted_once():
    app = complete_application(call_with_example_scenario())
    user = app.created_by

    def submit():
        return submit_application(application_id=app.pk, user=user)

    results, errors = race([submit, submit])
    assert errors == []
    assert [r.pk for r in results] == [app.pk, app.pk]
    assert {r.registration_number for r in results} == {"2015-J-0001"}
    assert len({r.submitted_at for r in results}) == 1
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED
    assert app.registration_number == "2015-J-0001"
    assert ApplicationVersion.objects.filter(application=app).count() == 1
    assert StatusEvent.objects.filter(application=app, to_status="submitted").count() == 1
    assert Application.objects.exclude(registration_number=None).count() == 1


@pytest.mark.parametrize("count", [2, 4, 8])
def test_different_applications_of_one_call_get_distinct_numbers(count):
    call = call_with_example_scenario()
    apps = [complete_application(call) for _ in range(count)]

    def submitter(app):
        return lambda: submit_application(application_id=app.pk, user=app.created_by)

    results, errors = race([submitter(app) for app in apps])
    assert errors == []
    numbers = sorted(r.registration_number for r in results)
    assert numbers == [f"2015-J-{n:04d}" for n in range(1, count + 1)]
    stored = sorted(Application.objects.filter(call=call).values_list("registration_number", flat=True))
    assert stored == numbers
    assert ApplicationVersion.objects.filter(application__call=call).count() == count
    assert set(Application.objects.filter(call=call).values_list("status", flat=True)) == {"submitted"}
