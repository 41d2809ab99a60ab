"""Voting rights (issue 11, item 2): only voting members present at the meeting score and
count; the secretary never scores, by any path; role and attendance are fixed once a
round has started, corrected only by a reopening with a reason that drops the member's
scores."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from commission import domain, selectors, services
from commission.admin import MeetingForm, MembershipForm
from commission.exports import protocol_data
from commission.models import (
    MemberRole,
    RoundEvent,
    Score,
    ScorePoint,
    ScoringState,
)
from commission.services import ScoringRefused
from tests.commission.conftest import close_round, open_round, score
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

ROLE_LOCKED = (
    "Член комиссии уже выставлял оценки: его роль и срок полномочий изменить "
    "нельзя. Исправление вносится повторным открытием оценки с указанием причины."
)
ROUND_OPEN = "Идёт оценка на заседании этой комиссии: состав комиссии изменить нельзя."
MEETING_LOCKED = (
    "Оценка на заседании уже начата: присутствие, дату и состав заседания "
    "изменить нельзя. Исправление вносится повторным открытием оценки с "
    "указанием причины."
)


def refused(callable_, *args, **kwargs) -> list[str]:
    with pytest.raises(ScoringRefused) as info:
        callable_(*args, **kwargs)
    return info.value.messages


def total_of(rnd, app) -> Decimal | None:
    results = selectors.meeting_results(rnd.reload())
    return next(result.total for row_app, result, _ in results.rows if row_app.pk == app.pk)


def forged_score(rnd, member, app, value: int) -> Score:
    """A score written around the services (a bug, a raw edit, a role switched back)."""
    forged = Score.objects.create(meeting=rnd.meeting, application=app, member=member)
    for category in rnd.methodology.categories.all():
        ScorePoint.objects.create(
            score=forged,
            category=category,
            points=min(Decimal(value), category.maximum),
            maximum=category.maximum,
        )
    return forged


def membership_form(membership, **changes) -> MembershipForm:
    data = {
        "commission": membership.commission_id,
        "user": membership.user_id,
        "role": membership.role,
        "since": membership.since.isoformat(),
        "until": membership.until.isoformat() if membership.until else "",
    }
    data.update(changes)
    return MembershipForm(data=data, instance=membership)


def meeting_form(meeting, present) -> MeetingForm:
    data = {
        "call": meeting.call_id,
        "commission": meeting.commission_id,
        "number": meeting.number,
        "date": meeting.date.isoformat(),
        "place": meeting.place,
        "present": [m.pk for m in present],
    }
    return MeetingForm(data=data, instance=meeting)


# ---------------------------------------------------------------- the pure rule


def test_only_present_voting_members_in_force_count():
    assert domain.counts(domain.Voter(role="chair", present=True))
    assert domain.counts(domain.Voter(role="deputy", present=True))
    assert domain.counts(domain.Voter(role="member", present=True))
    assert not domain.counts(domain.Voter(role="secretary", present=True))
    assert not domain.counts(domain.Voter(role="member", present=False))
    assert not domain.counts(domain.Voter(role="member", present=True, in_force=False))
    scores = [domain.MemberScore(member_id=i, member_name=str(i), points={}) for i in (1, 2, 3)]
    voters = {1: domain.Voter("member", True), 2: domain.Voter("secretary", True)}
    assert [s.member_id for s in domain.eligible_scores(scores, voters)] == [1]


# ---------------------------------------------------------------- the secretary


def test_the_secretary_cannot_score_even_when_present(rnd):
    open_round(rnd)
    assert refused(score, rnd, rnd.secretary, rnd.apps[0], 35, 35, 30) == [
        "Вы не являетесь членом комиссии с правом голоса."
    ]
    assert not Score.objects.exists()


def test_the_secretary_cannot_switch_to_member_while_a_round_is_open(rnd):
    open_round(rnd)
    assert refused(services.check_membership_change, membership_id=rnd.secretary.pk) == [
        "Член комиссии присутствовал на заседании, оценка на котором уже начата: его роль "
        "и срок полномочий изменить нельзя."
    ]
    form = membership_form(rnd.secretary, role=MemberRole.MEMBER)
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "Член комиссии присутствовал на заседании, оценка на котором уже начата: его роль "
        "и срок полномочий изменить нельзя."
    ]


def test_a_round_open_elsewhere_locks_the_whole_commission(rnd):
    rnd.meeting.present.remove(rnd.secretary)
    open_round(rnd)
    assert refused(services.check_membership_change, membership_id=rnd.secretary.pk) == [ROUND_OPEN]


def test_a_role_with_scores_is_locked_even_after_the_round(rnd):
    open_round(rnd)
    score(rnd, rnd.members[0], rnd.apps[0], 30, 30, 20)
    close_round(rnd)
    rnd.meeting.present.remove(rnd.members[0])  # even if somehow absent now
    assert refused(services.check_membership_change, membership_id=rnd.members[0].pk) == [ROLE_LOCKED]
    assert not membership_form(rnd.members[0], role=MemberRole.SECRETARY).is_valid()
    assert not membership_form(rnd.members[0], until="2000-01-01").is_valid()


def test_roles_change_freely_before_any_round(rnd):
    form = membership_form(rnd.secretary, role=MemberRole.MEMBER)
    assert form.is_valid(), form.errors
    unchanged = membership_form(rnd.secretary)  # an untouched inline row is not refused
    open_round(rnd)
    assert unchanged.is_valid(), unchanged.errors


def test_a_secretarys_score_never_counts_in_results_or_protocol(rnd):
    """The attack of the issue: switch to member, score, switch back. However the row got
    there, a score by a membership that is now a secretary's is not counted."""
    app = rnd.apps[0]
    open_round(rnd)
    score(rnd, rnd.members[0], app, 30, 30, 20)  # 80
    forged_score(rnd, rnd.secretary, app, 35)  # would lift the mean
    close_round(rnd)
    assert total_of(rnd, app) == Decimal(80)
    data = protocol_data(rnd.reload())
    names = [s.member_name for s in data.appendix_scores]
    assert names == [rnd.members[0].user.full_name]


def test_the_secretary_cannot_score_through_the_admin_page(client, rnd):
    open_round(rnd)
    client.force_login(rnd.secretary.user)
    url = reverse("admin:commission_meeting_scoring", args=[rnd.meeting.pk])
    response = client.get(url)
    assert response.context["can_score"] is False
    response = client.post(
        url,
        {
            "application": rnd.apps[0].pk,
            "points-financial": "35",
            "points-budget": "35",
            "points-socio_economic": "30",
        },
    )
    assert response.status_code == 200  # the page again, the refusal above the row's form
    assert response.context["rows"][0]["form"].general_errors == [
        "Вы не являетесь членом комиссии с правом голоса."
    ]
    assert not Score.objects.exists()


# ---------------------------------------------------------------- absent members


def test_an_absent_members_points_never_count(rnd):
    app = rnd.apps[0]
    open_round(rnd)
    score(rnd, rnd.members[0], app, 30, 30, 20)  # 80
    score(rnd, rnd.members[1], app, 10, 10, 10)  # 30
    close_round(rnd)
    assert total_of(rnd, app) == Decimal(55)
    # Attendance edited around the services: the points stop counting at once.
    rnd.meeting.present.remove(rnd.members[1])
    assert total_of(rnd, app) == Decimal(80)
    data = protocol_data(rnd.reload())
    assert [s.member_name for s in data.appendix_scores] == [rnd.members[0].user.full_name]
    assert rnd.members[1].user.full_name in [m.name for m in data.members_absent]


def test_attendance_is_locked_once_the_round_opens(rnd):
    form = meeting_form(rnd.meeting, [rnd.chair, rnd.deputy, *rnd.members])
    assert form.is_valid(), form.errors  # before the round: free
    open_round(rnd)
    form = meeting_form(rnd.meeting, [rnd.chair, rnd.deputy, *rnd.members[:2]])
    assert not form.is_valid()
    assert form.non_field_errors() == [MEETING_LOCKED]
    assert refused(services.check_meeting_change, meeting_id=rnd.meeting.pk) == [MEETING_LOCKED]


def test_the_admin_change_form_refuses_attendance_during_the_round(admin_client, rnd):
    open_round(rnd)
    url = reverse("admin:commission_meeting_change", args=[rnd.meeting.pk])
    response = admin_client.post(
        url,
        {
            "call": rnd.call.pk,
            "commission": rnd.meeting.commission_id,
            "number": rnd.meeting.number,
            "date": rnd.meeting.date.isoformat(),
            "place": rnd.meeting.place,
            "present": [rnd.chair.pk],
        },
    )
    assert response.status_code == 200
    assert MEETING_LOCKED in response.content.decode()
    assert rnd.reload().present.count() == 6


def test_marking_a_scorer_absent_reopens_drops_their_scores_and_is_recorded(rnd):
    app = rnd.apps[0]
    open_round(rnd)
    score(rnd, rnd.members[0], app, 30, 30, 20)
    score(rnd, rnd.members[1], app, 10, 10, 10)
    close_round(rnd)
    assert refused(
        services.correct_attendance,
        meeting_id=rnd.meeting.pk,
        membership_id=rnd.members[1].pk,
        present=False,
        by=rnd.secretary.user,
        reason=" ",
    ) == ["Укажите причину исправления состава присутствующих."]
    services.correct_attendance(
        meeting_id=rnd.meeting.pk,
        membership_id=rnd.members[1].pk,
        present=False,
        by=rnd.secretary.user,
        reason="Ушёл до начала оценки",
    )
    meeting = rnd.reload()
    assert meeting.scoring_state == ScoringState.OPEN
    assert not meeting.present.filter(pk=rnd.members[1].pk).exists()
    assert not Score.objects.filter(member=rnd.members[1]).exists()
    assert not ScorePoint.objects.filter(score__member=rnd.members[1]).exists()
    events = list(RoundEvent.objects.filter(meeting=meeting).values_list("action", "reason"))
    assert events[-2:] == [
        ("reopen", "Ушёл до начала оценки"),
        ("absent", f"{rnd.members[1].user.full_name}: Ушёл до начала оценки (удалено оценок: 1)"),
    ]
    deleted = Score.history.filter(member_id=rnd.members[1].pk, history_type="-").get()
    assert deleted.history_user == rnd.secretary.user
    close_round(rnd)
    assert total_of(rnd, app) == Decimal(80)


def test_no_correction_after_the_decision(rnd):
    open_round(rnd)
    close_round(rnd)
    services.record_decision(meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="")
    assert refused(
        services.correct_attendance,
        meeting_id=rnd.meeting.pk,
        membership_id=rnd.members[1].pk,
        present=False,
        by=rnd.secretary.user,
        reason="Поздно",
    ) == ["Решение по заседанию принято: исправление вносится поправкой к протоколу."]
    assert refused(services.check_meeting_change, meeting_id=rnd.meeting.pk) == [
        "Решение по заседанию принято: данные заседания изменить нельзя. Исправление "
        "вносится поправкой к протоколу."
    ]


def test_a_role_correction_drops_the_members_scores_and_is_recorded(rnd):
    app = rnd.apps[0]
    open_round(rnd)
    score(rnd, rnd.members[0], app, 30, 30, 20)
    score(rnd, rnd.members[1], app, 10, 10, 10)
    services.correct_member_role(
        meeting_id=rnd.meeting.pk,
        membership_id=rnd.members[1].pk,
        role=MemberRole.SECRETARY,
        by=rnd.chair.user,
        reason="Ошибочно включён с правом голоса",
    )
    rnd.members[1].refresh_from_db()
    assert rnd.members[1].role == MemberRole.SECRETARY
    assert not Score.objects.filter(member=rnd.members[1]).exists()
    event = RoundEvent.objects.filter(meeting=rnd.meeting).latest("at", "pk")
    assert (event.action, event.by) == ("role", rnd.chair.user)
    assert event.reason == (
        f"{rnd.members[1].user.full_name}: член комиссии → секретарь комиссии (без права "
        "голоса); Ошибочно включён с правом голоса (удалено оценок: 1)"
    )
    assert refused(score, rnd, rnd.members[1], app, 10, 10, 10) == [
        "Вы не являетесь членом комиссии с правом голоса."
    ]


def test_a_member_with_scores_elsewhere_cannot_be_corrected_here(rnd):
    open_round(rnd)
    score(rnd, rnd.members[0], rnd.apps[0], 30, 30, 20)
    other = MeetingFactory(call=rnd.call, commission=rnd.meeting.commission, number="8-КО")
    assert refused(
        services.correct_member_role,
        meeting_id=other.pk,
        membership_id=rnd.members[0].pk,
        role=MemberRole.SECRETARY,
        by=rnd.chair.user,
        reason="Ошибка",
    ) == ["Член комиссии выставлял оценки на другом заседании: его роль изменить нельзя."]


def test_the_secretary_corrects_attendance_on_the_results_page(client, rnd):
    open_round(rnd)
    score(rnd, rnd.members[1], rnd.apps[0], 10, 10, 10)
    client.force_login(rnd.secretary.user)
    round_url = reverse("admin:commission_meeting_round", args=[rnd.meeting.pk])
    results_url = reverse("admin:commission_meeting_results", args=[rnd.meeting.pk])
    assert 'data-testid="attendance"' in client.get(results_url).content.decode()
    response = client.post(
        round_url,
        {"action": "attendance", "membership": rnd.members[1].pk, "present": "0", "reason": ""},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Укажите причину исправления состава присутствующих."
    ]
    response = client.post(
        round_url,
        {
            "action": "attendance",
            "membership": rnd.members[1].pk,
            "present": "0",
            "reason": "Не присутствовал",
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Готово."]
    assert not Score.objects.filter(member=rnd.members[1]).exists()
    assert not rnd.reload().present.filter(pk=rnd.members[1].pk).exists()
