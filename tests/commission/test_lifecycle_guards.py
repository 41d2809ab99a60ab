"""Meetings and rounds only after intake and screening (issue 11, item 1); the decision
only after a closed round with quorum; screening fixed once the commission scores."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from applications.services.lifecycle import ActionRefused
from calls.models import CallEvent, CallStatus
from commission import services
from commission.models import Meeting, ScoringState
from commission.services import ScoringRefused
from screening.services import screen_application
from tests.commission.conftest import close_round, open_round

pytestmark = pytest.mark.django_db


def refused(callable_, *args, **kwargs) -> list[str]:
    with pytest.raises(ScoringRefused) as info:
        callable_(*args, **kwargs)
    return info.value.messages


def reopen_intake(call) -> str:
    closes = timezone.now() + dt.timedelta(days=90)
    type(call).objects.filter(pk=call.pk).update(closes_at=closes)
    return f"{timezone.localtime(closes):%d.%m.%Y %H:%M}"


def intake_open(closes: str) -> str:
    return (
        f"Приём заявок ещё идёт (до {closes} по московскому времени): заседание "
        "проводится после его окончания."
    )


def create(rnd) -> Meeting:
    return services.create_meeting(
        call_id=rnd.call.pk,
        commission_id=rnd.meeting.commission_id,
        number="9-КО",
        date=rnd.meeting.date,
        place="Москва",
        present_ids=[m.pk for m in rnd.voting],
        by=rnd.secretary.user,
    )


def test_no_meeting_while_intake_is_open(rnd):
    closes = reopen_intake(rnd.call)
    assert refused(create, rnd) == [intake_open(closes)]
    assert refused(services.open_scoring, meeting_id=rnd.meeting.pk, by=rnd.secretary.user) == [
        intake_open(closes)
    ]
    assert rnd.reload().scoring_state == ScoringState.NOT_STARTED
    assert Meeting.objects.count() == 1


def test_no_meeting_while_screening_is_unfinished(rnd):
    Application.objects.filter(pk=rnd.apps[0].pk).update(status=ApplicationStatus.SUBMITTED)
    Application.objects.filter(pk=rnd.apps[1].pk).update(status=ApplicationStatus.SCREENING)
    expected = ["Проверка заявок не завершена: ожидают решения о допуске — 2."]
    assert refused(create, rnd) == expected
    assert refused(services.open_scoring, meeting_id=rnd.meeting.pk, by=rnd.secretary.user) == expected


def test_a_meeting_after_intake_and_screening(rnd):
    meeting = create(rnd)
    assert set(meeting.present.all()) == set(rnd.voting)
    services.open_scoring(meeting_id=meeting.pk, by=rnd.secretary.user)
    rnd.call.refresh_from_db()
    assert rnd.call.status == CallStatus.SCORING
    event = CallEvent.objects.get(call=rnd.call)
    assert (event.from_status, event.to_status, event.by) == ("open", "scoring", rnd.secretary.user)


def test_the_admin_add_form_refuses_a_meeting_on_an_open_call(admin_client, rnd):
    closes = reopen_intake(rnd.call)
    response = admin_client.post(
        reverse("admin:commission_meeting_add"),
        {
            "call": rnd.call.pk,
            "commission": rnd.meeting.commission_id,
            "number": "9-КО",
            "date": "2015-06-10",
            "place": "Москва",
            "present": [rnd.chair.pk],
        },
    )
    assert response.status_code == 200
    assert intake_open(closes) in response.content.decode()
    assert Meeting.objects.count() == 1


def test_the_decision_needs_quorum(rnd):
    open_round(rnd)
    close_round(rnd)
    rnd.meeting.present.set([rnd.chair, rnd.deputy])  # attendance edited around the services
    assert refused(services.record_decision, meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="") == [
        "Нет кворума: присутствуют 2 из 5 членов комиссии с правом голоса; решение не принимается."
    ]
    assert rnd.reload().scoring_state == ScoringState.CLOSED


def test_the_decision_moves_the_call_with_an_event(rnd):
    open_round(rnd)
    close_round(rnd)
    services.record_decision(meeting_id=rnd.meeting.pk, by=rnd.chair.user, text="")
    assert list(CallEvent.objects.filter(call=rnd.call).values_list("to_status", "by")) == [
        ("scoring", rnd.secretary.user.pk),
        ("decided", rnd.chair.user.pk),
    ]
    assert refused(create, rnd) == ["По отбору уже принято решение."]


def test_screening_is_fixed_once_the_commission_scores(rnd):
    open_round(rnd)
    with pytest.raises(ActionRefused) as info:
        screen_application(
            application_id=rnd.apps[0].pk, user=rnd.secretary.user, decision="reject", reasons="Передумали"
        )
    assert str(info.value) == (
        "Отбор в статусе «оценка комиссией»: решения о допуске заявок больше не меняются."
    )
    rnd.apps[0].refresh_from_db()
    assert rnd.apps[0].status == ApplicationStatus.ADMITTED
