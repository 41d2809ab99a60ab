"""Races on PostgreSQL: one application submitted from two sessions at once, one member's
score saved twice at once. The row locks must give one submission and one score, and
neither caller may see an error page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import Application, ApplicationStatus, ApplicationVersion, StatusEvent
from commission import services
from commission.models import Score, ScorePoint
from tests.applications.test_lifecycle import complete_application
from tests.commission.conftest import build_round, open_round
from tests.concurrency import race
from tests.factories import call_with_example_scenario
from tests.faults.support import report, requires_postgres

# No serialized_rollback: after another transactional test's flush, post_migrate has
# recreated the role groups under new ids and restoring the serialized ones would collide.
pytestmark = [requires_postgres(), pytest.mark.faults, pytest.mark.django_db(transaction=True)]

ROUNDS = 3


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_one_application_submitted_from_two_sessions_at_once():
    call = call_with_example_scenario()
    statuses = []
    for round_number in range(1, ROUNDS + 1):
        app = complete_application(call)
        sessions = [signed_in(app.created_by), signed_in(app.created_by)]
        url = reverse("portal:submit", args=[app.pk])
        responses, errors = race([lambda c=c, url=url: c.post(url) for c in sessions])
        assert errors == []
        statuses += [r.status_code for r in responses]
        detail = reverse("portal:detail", args=[app.pk])
        assert [(r.status_code, r["Location"]) for r in responses] == [(302, detail)] * 2
        app.refresh_from_db()
        assert app.status == ApplicationStatus.SUBMITTED
        assert app.registration_number == f"2015-J-{round_number:04d}"
        assert ApplicationVersion.objects.filter(application=app).count() == 1
        assert StatusEvent.objects.filter(application=app, to_status="submitted").count() == 1
    numbers = list(Application.objects.filter(call=call).values_list("registration_number", flat=True))
    report(
        "concurrent-submit",
        rounds=ROUNDS,
        requests=2 * ROUNDS,
        redirects=statuses.count(302),
        errors=len(statuses) - statuses.count(302),
        numbers=len(set(numbers)),
    )
    assert sorted(numbers) == [f"2015-J-{n:04d}" for n in range(1, ROUNDS + 1)]


def test_one_members_score_saved_twice_at_once():
    rnd = build_round(1)
    open_round(rnd)
    app = rnd.apps[0]
    categories = rnd.methodology.categories.count()
    saves = 0
    for member in rnd.voting:
        first = {"financial": Decimal(30), "budget": Decimal(20), "socio_economic": Decimal(25)}
        second = {"financial": Decimal(31), "budget": Decimal(21), "socio_economic": Decimal(26)}

        def save(points, member=member):
            return services.save_score(
                meeting_id=rnd.meeting.pk, application_id=app.pk, user=member.user, points=points, finding=""
            )

        results, errors = race([lambda p=first: save(p), lambda p=second: save(p)])
        saves += 2
        assert errors == []
        assert results[0].pk == results[1].pk
        score = Score.objects.get(meeting=rnd.meeting, application=app, member=member)
        stored = {p.category.code: p.points for p in score.points.select_related("category")}
        assert stored in (first, second)
        assert ScorePoint.objects.filter(score=score).count() == categories
        assert score.history.count() == 2
    scores = Score.objects.filter(meeting=rnd.meeting, application=app).count()
    report("concurrent-score-save", members=len(rnd.voting), saves=saves, scores=scores, errors=0)
    assert scores == len(rnd.voting)
