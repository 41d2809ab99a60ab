"""The readable trail (issue 11): an application's and a meeting's audit entries on one
page each, in order, with who and what; points hidden until the round closes; members
read the meeting's trail only once it has closed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from commission import services
from organisations.models import Organisation
from tests.commission.conftest import close_round, open_round, score

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _staff_pages_without_otp(settings):
    settings.OTBOR_REQUIRE_STAFF_OTP = False


def meeting_url(rnd) -> str:
    return reverse("admin:commission_meeting_trail", args=[rnd.meeting.pk])


def application_url(app) -> str:
    return reverse("admin:commission_application_trail", args=[app.pk])


def rows_of(response) -> list[str]:
    return [" | ".join(str(cell) for cell in (r.who, r.what, r.details)) for r in response.context["rows"]]


def test_the_meeting_trail_lists_round_events_scores_and_protocols_in_order(rnd, client):
    open_round(rnd)
    for member in rnd.voting:
        score(rnd, member, rnd.apps[0], 35, 30, 25)
    close_round(rnd)
    services.record_decision(meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="")
    client.force_login(rnd.secretary.user)
    response = client.get(meeting_url(rnd))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.seq for r in rows] == sorted(r.seq for r in rows)
    whats = [str(r.what) for r in rows]
    assert whats[0] == "ход оценки: оценка открыта"
    assert "ход оценки: оценка закрыта" in whats
    assert "ход оценки: принято решение" in whats
    assert whats[-1] == "протокол: создано"
    assert whats.count("оценка: создано") == len(rnd.voting)
    assert whats.count("баллы: создано") == 3 * len(rnd.voting)
    assert "35" in [r.details for r in rows]  # closed: the points are shown
    assert rows[0].who == rnd.secretary.user.full_name
    # Only this meeting's entries: another application's status change is not here.
    assert not any("статус" in w for w in whats)
    # The chair reads it too, after the close; the link is on the results page.
    client.force_login(rnd.chair.user)
    assert client.get(meeting_url(rnd)).status_code == 200
    results = client.get(reverse("admin:commission_meeting_results", args=[rnd.meeting.pk]))
    assert meeting_url(rnd) in results.content.decode()


def test_the_meeting_trail_is_blind_while_the_round_is_open(rnd, client):
    open_round(rnd)
    score(rnd, rnd.members[0], rnd.apps[0], 35, 30, 25)
    client.force_login(rnd.members[0].user)
    assert client.get(meeting_url(rnd)).status_code == 403
    client.force_login(rnd.chair.user)
    assert client.get(meeting_url(rnd)).status_code == 403
    client.force_login(rnd.secretary.user)
    response = client.get(meeting_url(rnd))
    assert response.status_code == 200
    details = [r.details for r in response.context["rows"] if str(r.what).startswith("баллы")]
    assert details == ["скрыто до закрытия оценки"] * 3


def test_the_application_trail_lists_its_statuses_scores_and_identity_changes(rnd, client):
    app = rnd.apps[0]
    open_round(rnd)
    score(rnd, rnd.members[0], app, 35, 30, 25)
    score(rnd, rnd.members[0], rnd.apps[1], 10, 10, 10)  # another application's: not here
    organisation = Organisation.objects.get(pk=app.organisation_id)
    organisation.full_name = "ООО «Новое имя»"
    organisation.save()
    client.force_login(rnd.secretary.user)
    response = client.get(application_url(app))
    assert response.status_code == 200
    rows = response.context["rows"]
    whats = [str(r.what) for r in rows]
    assert whats.count("статус заявки: создано") >= 2  # submitted, screened
    assert any(r.details.endswith("→ допущена") for r in rows)  # readable status labels
    assert whats.count("оценка: создано") == 1
    assert whats.count("баллы: создано") == 3
    assert all(r.details == "скрыто до закрытия оценки" for r in rows if str(r.what).startswith("баллы"))
    assert any("ООО «Новое имя»" in r.details for r in rows)
    assert [r.seq for r in rows] == sorted(r.seq for r in rows)
    expected = AuditEntry.objects.filter(object_type="score", data__application_id=app.pk).count()
    assert expected == 1
    close_round(rnd)
    response = client.get(application_url(app))
    assert "35" in [r.details for r in response.context["rows"]]
    # The link on the application's admin page.
    change = client.get(reverse("admin:applications_application_change", args=[app.pk]))
    assert application_url(app) in change.content.decode()


def test_the_application_trail_is_the_screeners_only(rnd, client):
    client.force_login(rnd.members[0].user)
    assert client.get(application_url(rnd.apps[0])).status_code == 403
    change = client.get(reverse("admin:applications_application_change", args=[rnd.apps[0].pk]))
    assert change.status_code == 200
    assert application_url(rnd.apps[0]) not in change.content.decode()
