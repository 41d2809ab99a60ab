"""The call's lifecycle (issue 11, item 1): transitions only through the services, each
with a stored event; a call opens only with a macro scenario and a methodology; nobody
sets the status by hand in the admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from calls import services
from calls.models import CallEvent, CallStatus
from commission.selectors import ensure_methodology
from tests.factories import CallFactory, UserFactory, call_with_example_scenario

pytestmark = pytest.mark.django_db

NO_SCENARIO = "У отбора нет макроэкономического сценария: загрузите его до открытия приёма заявок."
NO_METHODOLOGY = (
    "У отбора нет методики оценки (категории и проходной балл): создайте её до открытия приёма заявок."
)


def refused(**kwargs) -> list[str]:
    with pytest.raises(services.CallRefused) as info:
        services.open_call(**kwargs)
    return info.value.messages


def test_a_call_opens_only_with_a_scenario_and_a_methodology():
    secretary = UserFactory(role="secretary")
    bare = CallFactory(status=CallStatus.DRAFT)
    assert refused(call_id=bare.pk, by=secretary) == [NO_SCENARIO, NO_METHODOLOGY]
    call = call_with_example_scenario(year=2016, status=CallStatus.DRAFT)
    assert refused(call_id=call.pk, by=secretary) == [NO_METHODOLOGY]
    ensure_methodology(call)
    services.open_call(call_id=call.pk, by=secretary)
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    event = CallEvent.objects.get(call=call)
    assert (event.from_status, event.to_status, event.by) == ("draft", "open", secretary)
    assert refused(call_id=call.pk, by=secretary) == ["Открыть можно только отбор в статусе «черновик»."]


def test_a_call_past_its_deadline_does_not_open():
    call = call_with_example_scenario(year=2016, status=CallStatus.DRAFT)
    ensure_methodology(call)
    now = timezone.now() + dt.timedelta(days=2)
    assert refused(call_id=call.pk, by=UserFactory(), now=now) == [
        "Срок приёма заявок уже истёк: измените даты отбора."
    ]


def test_transitions_follow_the_lifecycle():
    call = CallFactory(status=CallStatus.OPEN)
    with pytest.raises(services.CallRefused) as info:
        services.move_call(call_id=call.pk, to=CallStatus.SCORING, by=None)
    assert info.value.messages == ["Отбор в статусе «приём заявок» нельзя перевести в «оценка комиссией»."]
    type(call).objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=3), closes_at=timezone.now() - dt.timedelta(seconds=1)
    )
    services.move_call(call_id=call.pk, to=CallStatus.SCORING, by=None)  # past closes_at
    with pytest.raises(services.CallRefused):
        services.move_call(call_id=call.pk, to=CallStatus.OPEN, by=None)
    assert list(CallEvent.objects.values_list("from_status", "to_status")) == [("open", "scoring")]


def test_the_admin_shows_the_status_read_only_and_opens_through_the_service(admin_client):
    call = call_with_example_scenario(year=2016, status=CallStatus.DRAFT)
    response = admin_client.get(reverse("admin:calls_call_change", args=[call.pk]))
    assert 'name="status"' not in response.content.decode()
    response = admin_client.post(
        reverse("admin:calls_call_changelist"),
        {"action": "open_for_submissions", "_selected_action": [call.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [f"{call}: {NO_METHODOLOGY}"]
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT
