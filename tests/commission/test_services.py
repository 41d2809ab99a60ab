"""Commission scoring through the services (п. 9–14): the п. 12 rules, the database
constraint, aggregation, the threshold, quorum, the round's states, recusals, the audit
trail and the decision."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from applications.models import ApplicationStatus, StatusEvent
from calls.models import CallStatus
from commission import domain, selectors, services
from commission.models import (
    Category,
    Recusal,
    RoundEvent,
    Score,
    ScorePoint,
    ScoringState,
)
from commission.services import ScoringRefused
from tests.commission.conftest import close_round, open_round, score, set_statuses

pytestmark = pytest.mark.django_db

FIN = "Финансовая эффективность"
BUD = "Бюджетная эффективность"
SOC = "Социально-экономическая эффективность"
FINDING_NEEDED = (
    "0 баллов выставляется только с письменным заключением о несоответствии "
    "описания проекта требованиям (п. 12 Методики)."
)


def refused(callable_, *args, **kwargs) -> list[str]:
    with pytest.raises(ScoringRefused) as info:
        callable_(*args, **kwargs)
    return info.value.messages


def third(value: int) -> Decimal:
    with localcontext(prec=domain.PRECISION):
        return Decimal(value) / Decimal(3)


# ---------------------------------------------------------------- methodology


def test_methodology_is_order_781(rnd):
    categories = list(rnd.methodology.categories.values_list("code", "maximum", "governing_indicator"))
    assert categories == [
        ("financial", Decimal(35), "financial"),
        ("budget", Decimal(35), "budget"),
        ("socio_economic", Decimal(30), "socio_economic"),
    ]
    assert rnd.methodology.threshold == Decimal(80)
    assert selectors.ensure_methodology(rnd.call).pk == rnd.methodology.pk
    assert Category.objects.filter(methodology__call=rnd.call).count() == 3


def test_the_example_computes_all_statuses_met(rnd):
    for app in selectors.meeting_applications(rnd.meeting):
        assert selectors.statuses_of(app) == {"financial": "met", "budget": "met", "socio_economic": "met"}


# ---------------------------------------------------------------- п. 12


def test_not_met_allows_only_zero(rnd):
    app = rnd.apps[0]
    set_statuses(app, financial="not_met", budget="not_met", socio_economic="not_met")
    open_round(rnd)
    member = rnd.members[0]
    assert refused(score, rnd, member, app, 5, 0, 0, finding="есть заключение") == [
        f"{FIN}: показатель не достигнут (п. 12 Методики), допустим только 0 баллов."
    ]
    assert refused(score, rnd, member, app, 0, "0.01", 30) == [
        f"{BUD}: показатель не достигнут (п. 12 Методики), допустим только 0 баллов.",
        f"{SOC}: показатель не достигнут (п. 12 Методики), допустим только 0 баллов.",
    ]
    assert not Score.objects.exists()
    saved = score(rnd, member, app, 0, 0, 0)  # no finding needed when not met
    assert {p.category.code: p.points for p in saved.points.all()} == {
        "financial": 0,
        "budget": 0,
        "socio_economic": 0,
    }


def test_met_allows_one_to_maximum_or_zero_with_a_finding(rnd):
    app = rnd.apps[0]
    open_round(rnd)
    member = rnd.members[0]
    assert refused(score, rnd, member, app, "0.5", 35, 30) == [
        f"{FIN}: показатель достигнут (п. 12 Методики), допустимо от 1 до 35 баллов "
        "или 0 баллов с письменным заключением."
    ]
    assert refused(score, rnd, member, app, 0, 35, 30, finding="   ") == [f"{FIN}: {FINDING_NEEDED}"]
    assert refused(score, rnd, member, app, "35.01", 36, 31) == [
        f"{FIN}: допустимо от 0 до 35 баллов (п. 11 Методики).",
        f"{BUD}: допустимо от 0 до 35 баллов (п. 11 Методики).",
        f"{SOC}: допустимо от 0 до 30 баллов (п. 11 Методики).",
    ]
    assert refused(score, rnd, member, app, "10.005", 1, 1) == [
        f"{FIN}: баллы указываются не более чем с двумя знаками после запятой."
    ]
    assert not Score.objects.exists()
    saved = score(rnd, member, app, 0, 1, 30, finding="Описание не соответствует требованиям")
    assert saved.finding == "Описание не соответствует требованиям"
    saved = score(rnd, member, app, 35, 1, 30)
    assert {p.category.code: p.points for p in saved.points.all()} == {
        "financial": 35,
        "budget": 1,
        "socio_economic": 30,
    }
    assert Score.objects.count() == 1 and ScorePoint.objects.count() == 3


def test_undetermined_allows_zero_to_maximum_zero_with_a_finding(rnd):
    app = rnd.apps[0]
    set_statuses(app, financial="undetermined", budget="undetermined", socio_economic="undetermined")
    open_round(rnd)
    member = rnd.members[0]
    assert refused(score, rnd, member, app, 0, "0.5", 30) == [f"{FIN}: {FINDING_NEEDED}"]
    assert refused(score, rnd, member, app, 1, 1, "30.01") == [
        f"{SOC}: допустимо от 0 до 30 баллов (п. 11 Методики)."
    ]
    saved = score(rnd, member, app, "0.5", "0.01", 30)  # below 1 is allowed when undetermined
    assert sorted(saved.points.values_list("points", flat=True)) == [
        Decimal("0.01"),
        Decimal("0.5"),
        Decimal(30),
    ]
    saved = score(rnd, member, app, 0, 0, 0, finding="Нет данных для оценки")
    assert sorted(saved.points.values_list("points", flat=True)) == [0, 0, 0]


def test_each_category_follows_its_own_governing_status(rnd):
    app = rnd.apps[1]
    set_statuses(app, financial="met", budget="not_met", socio_economic="undetermined")
    open_round(rnd)
    member = rnd.deputy
    assert refused(score, rnd, member, app, "0.5", 1, 0) == [
        f"{FIN}: показатель достигнут (п. 12 Методики), допустимо от 1 до 35 баллов "
        "или 0 баллов с письменным заключением.",
        f"{BUD}: показатель не достигнут (п. 12 Методики), допустим только 0 баллов.",
        f"{SOC}: {FINDING_NEEDED}",
    ]
    saved = score(rnd, member, app, 1, 0, "0.5")
    assert saved.points.count() == 3


def test_the_database_refuses_points_above_the_maximum(rnd):
    open_round(rnd)
    saved = score(rnd, rnd.members[0], rnd.apps[0], 20, 20, 20)
    point = saved.points.get(category__code="socio_economic")
    assert point.maximum == Decimal(30)
    point.points = Decimal("30.01")
    with pytest.raises(IntegrityError), transaction.atomic():
        point.save()
    point.points = Decimal("-0.01")
    with pytest.raises(IntegrityError), transaction.atomic():
        point.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        ScorePoint.objects.filter(pk=point.pk).update(points=Decimal(31))
    point.refresh_from_db()
    assert point.points == Decimal(20)


# ---------------------------------------------------------------- п. 13–14


def test_means_over_those_who_scored_with_a_recusal_and_an_abstention(rnd):
    app = rnd.apps[0]
    open_round(rnd)
    services.declare_conflict(
        meeting_id=rnd.meeting.pk,
        application_id=app.pk,
        user=rnd.chair.user,
        reason="Аффилирован с заявителем",
    )
    score(rnd, rnd.deputy, app, 30, 30, 20)
    score(rnd, rnd.members[0], app, 31, 30, 20)
    score(rnd, rnd.members[1], app, 31, 31, 20)
    # rnd.members[2] is present and abstains.
    close_round(rnd)
    results = selectors.meeting_results(rnd.reload())
    rows = {a.pk: (r, rank) for a, r, rank in results.rows}
    result, place = rows[app.pk]
    assert result.scored_by == 3 and result.recused == 1
    assert dict(result.means) == {"financial": third(92), "budget": third(91), "socio_economic": Decimal(20)}
    assert result.total == Decimal(81) and result.winner is True
    assert result.spread == Decimal(2)
    assert place == 1
    assert [r.member_id for r in results.recusals[app.pk]] == [rnd.chair.pk]
    # Nobody scored the other applications: no total, no place, not winners.
    for other in rnd.apps[1:]:
        other_result, other_place = rows[other.pk]
        assert other_result.total is None and other_result.winner is False
        assert other_place is None and other_result.scored_by == 0


def test_threshold_uses_the_unrounded_sum(rnd):
    below, exact = rnd.apps[0], rnd.apps[1]
    open_round(rnd)
    score(rnd, rnd.members[0], below, 35, 35, "9.99")
    score(rnd, rnd.members[1], below, 35, 35, "10.00")
    score(rnd, rnd.members[0], exact, 35, 35, 10)
    score(rnd, rnd.members[1], exact, 35, 35, 10)
    close_round(rnd)
    results = selectors.meeting_results(rnd.reload())
    rows = {a.pk: (r, rank) for a, r, rank in results.rows}
    r_below, rank_below = rows[below.pk]
    r_exact, rank_exact = rows[exact.pk]
    assert r_below.means["socio_economic"] == Decimal("9.995")
    assert r_below.total == Decimal("79.995")
    assert r_below.winner is False and r_below.decision == "не прошёл отбор"
    assert domain.format_points(r_below.total) == "80,00"
    assert "79,995" in r_below.rounding_note
    assert r_exact.total == Decimal(80) and r_exact.winner is True
    assert r_exact.rounding_note == ""
    assert (rank_exact, rank_below) == (1, 2)
    assert [a.pk for a, _r, _rank in results.rows] == [exact.pk, below.pk, rnd.apps[2].pk]


# ---------------------------------------------------------------- quorum and round


def test_close_needs_more_than_half_of_the_voting_members(rnd):
    rnd.meeting.present.set([rnd.chair, rnd.deputy, rnd.secretary])  # the secretary does not vote
    open_round(rnd)
    messages = refused(services.close_scoring, meeting_id=rnd.meeting.pk, by=rnd.secretary.user)
    assert messages == [
        "Нет кворума: присутствуют 2 из 5 членов комиссии с правом голоса (нужно больше половины)."
    ]
    assert "кворум" in messages[0]
    assert rnd.reload().scoring_state == ScoringState.OPEN
    rnd.meeting.present.add(rnd.members[0])
    close_round(rnd)
    assert rnd.reload().scoring_state == ScoringState.CLOSED
    assert selectors.quorum(rnd.meeting) == (3, 5, True)


def test_open_sets_the_call_to_scoring_and_only_once(rnd):
    open_round(rnd)
    rnd.call.refresh_from_db()
    assert rnd.call.status == CallStatus.SCORING
    assert refused(open_round, rnd) == ["Оценка уже открывалась; используйте повторное открытие."]


def test_nobody_scores_before_the_round_opens(rnd):
    assert refused(score, rnd, rnd.members[0], rnd.apps[0], 30, 30, 20) == [
        "Оценка закрыта: изменения не принимаются."
    ]


def test_a_closed_round_refuses_scores_and_recusals(rnd):
    app = rnd.apps[0]
    open_round(rnd)
    score(rnd, rnd.members[0], app, 30, 30, 20)
    close_round(rnd)
    assert refused(score, rnd, rnd.members[0], app, 35, 35, 30) == [
        "Оценка закрыта: изменения не принимаются."
    ]
    assert refused(
        services.declare_conflict,
        meeting_id=rnd.meeting.pk,
        application_id=app.pk,
        user=rnd.members[1].user,
        reason="Родственник",
    ) == ["Оценка закрыта: изменения не принимаются."]
    assert sorted(ScorePoint.objects.values_list("points", flat=True)) == [20, 30, 30]
    assert not Recusal.objects.exists()


def test_reopen_needs_a_reason_and_is_recorded(rnd):
    app = rnd.apps[0]
    open_round(rnd)
    score(rnd, rnd.members[0], app, 30, 30, 20)
    close_round(rnd)
    for reason in ("", "   "):
        assert refused(
            services.reopen_scoring, meeting_id=rnd.meeting.pk, by=rnd.secretary.user, reason=reason
        ) == ["Укажите причину повторного открытия оценки."]
    assert rnd.reload().scoring_state == ScoringState.CLOSED
    services.reopen_scoring(
        meeting_id=rnd.meeting.pk, by=rnd.secretary.user, reason="  Ошибка ввода у члена комиссии  "
    )
    assert rnd.reload().scoring_state == ScoringState.OPEN
    events = list(RoundEvent.objects.filter(meeting=rnd.meeting).values_list("action", "reason", "by"))
    assert events == [
        ("open", "", rnd.secretary.user.pk),
        ("close", "", rnd.secretary.user.pk),
        ("reopen", "Ошибка ввода у члена комиссии", rnd.secretary.user.pk),
    ]
    score(rnd, rnd.members[0], app, 31, 30, 20)
    assert ScorePoint.objects.get(category__code="financial").points == Decimal(31)
    assert refused(
        services.reopen_scoring, meeting_id=rnd.meeting.pk, by=rnd.secretary.user, reason="ещё раз"
    ) == ["Повторно открыть можно только закрытую оценку до решения."]


def test_a_recused_member_cannot_score(rnd):
    app = rnd.apps[0]
    open_round(rnd)
    recusal = services.declare_conflict(
        meeting_id=rnd.meeting.pk,
        application_id=app.pk,
        user=rnd.members[0].user,
        reason="  Работал у заявителя ",
    )
    assert (recusal.member_id, recusal.reason) == (rnd.members[0].pk, "Работал у заявителя")
    assert refused(score, rnd, rnd.members[0], app, 30, 30, 20) == [
        "Вы заявили конфликт интересов по этому проекту и не можете его оценивать."
    ]
    assert not Score.objects.exists()
    # Other applications remain open to this member.
    score(rnd, rnd.members[0], rnd.apps[1], 30, 30, 20)
    assert refused(
        services.declare_conflict,
        meeting_id=rnd.meeting.pk,
        application_id=rnd.apps[2].pk,
        user=rnd.members[0].user,
        reason=" ",
    ) == ["Укажите причину конфликта интересов."]


def test_a_member_cannot_recuse_after_scoring(rnd):
    app = rnd.apps[0]
    open_round(rnd)
    score(rnd, rnd.members[1], app, 30, 30, 20)
    assert refused(
        services.declare_conflict,
        meeting_id=rnd.meeting.pk,
        application_id=app.pk,
        user=rnd.members[1].user,
        reason="Вспомнил о конфликте",
    ) == ["Вы уже оценили этот проект; конфликт интересов заявляется до оценки."]
    assert not Recusal.objects.exists()


def test_only_present_voting_members_score(rnd):
    open_round(rnd)
    assert refused(score, rnd, rnd.secretary, rnd.apps[0], 30, 30, 20) == [
        "Вы не являетесь членом комиссии с правом голоса."
    ]
    rnd.meeting.present.remove(rnd.members[2])
    assert refused(score, rnd, rnd.members[2], rnd.apps[0], 30, 30, 20) == [
        "Вы не отмечены присутствующим на заседании."
    ]
    assert not Score.objects.exists()


# ---------------------------------------------------------------- audit trail


def test_history_records_who_created_and_changed_a_score(rnd):
    app, member = rnd.apps[0], rnd.members[0]
    open_round(rnd)
    created = score(rnd, member, app, 30, 30, 20)
    changed = score(rnd, member, app, 31, 30, 20, finding="Уточнено")
    assert changed.pk == created.pk
    history = list(Score.history.filter(id=created.pk).order_by("history_date", "history_id"))
    assert [(h.history_type, h.finding, h.history_user_id) for h in history] == [
        ("+", "", member.user.pk),
        ("~", "Уточнено", member.user.pk),
    ]
    assert history[0].history_date <= history[1].history_date
    financial = ScorePoint.objects.get(score=created, category__code="financial")
    point_history = list(ScorePoint.history.filter(id=financial.pk).order_by("history_date", "history_id"))
    assert [(h.history_type, h.points, h.history_user_id) for h in point_history] == [
        ("+", Decimal(30), member.user.pk),
        ("~", Decimal(31), member.user.pk),
    ]
    assert ScorePoint.history.filter(score_id=created.pk).count() == 6
    recusal = services.declare_conflict(
        meeting_id=rnd.meeting.pk, application_id=app.pk, user=rnd.members[1].user, reason="Конфликт"
    )
    assert list(Recusal.history.filter(id=recusal.pk).values_list("history_type", "history_user_id")) == [
        ("+", rnd.members[1].user.pk)
    ]


# ---------------------------------------------------------------- decision


def test_record_decision_needs_a_closed_round(rnd):
    open_round(rnd)
    assert refused(services.record_decision, meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="") == [
        "Решение записывается после закрытия оценки."
    ]


def test_record_decision_writes_statuses_events_call_and_mail(rnd, django_capture_on_commit_callbacks):
    winner, below, unscored = rnd.apps
    open_round(rnd)
    for member in rnd.voting:
        score(rnd, member, winner, 35, 30, 25)
    score(rnd, rnd.members[0], below, 35, 35, "9.99")
    score(rnd, rnd.members[1], below, 35, 35, "10.00")
    close_round(rnd)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_decision(meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="")
    meeting = rnd.reload()
    assert meeting.scoring_state == ScoringState.DECIDED
    assert meeting.decided_at is not None
    assert meeting.decision_text == (
        "Признать победителями конкурсного отбора проекты, набравшие не менее 80,00 баллов: "
        f"{winner.registration_number}."
    )
    for app in rnd.apps:
        app.refresh_from_db()
    assert winner.status == ApplicationStatus.WINNER
    assert below.status == ApplicationStatus.NOT_WINNER
    assert unscored.status == ApplicationStatus.NOT_WINNER
    assert winner.decision_reasons == "Итоговый балл 90,00 при проходном 80,00."
    assert below.decision_reasons == "Итоговый балл 80,00 при проходном 80,00."
    assert unscored.decision_reasons == "Итоговый балл — при проходном 80,00."
    for app, status in ((winner, "winner"), (below, "not_winner"), (unscored, "not_winner")):
        event = StatusEvent.objects.filter(application=app).latest("at", "pk")
        assert (event.from_status, event.to_status, event.by_id) == (
            "admitted",
            status,
            rnd.secretary.user.pk,
        )
    rnd.call.refresh_from_db()
    assert rnd.call.status == CallStatus.DECIDED
    assert RoundEvent.objects.filter(meeting=meeting).latest("at", "pk").action == "decide"
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 3
    winner_mail = by_recipient[winner.created_by.email]
    assert winner_mail.subject == f"Заявка {winner.registration_number}: победитель"
    assert "Итоговый балл 90,00" in winner_mail.body
    assert by_recipient[below.created_by.email].subject == (
        f"Заявка {below.registration_number}: не прошла отбор"
    )
    assert refused(services.record_decision, meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="") == [
        "Решение записывается после закрытия оценки."
    ]
    assert refused(
        services.reopen_scoring, meeting_id=rnd.meeting.pk, by=rnd.secretary.user, reason="поздно"
    ) == ["Повторно открыть можно только закрытую оценку до решения."]


def test_record_decision_keeps_the_secretarys_text(rnd):
    open_round(rnd)
    close_round(rnd)
    services.record_decision(
        meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="  Победители не определены.  "
    )
    assert rnd.reload().decision_text == "Победители не определены."


@pytest.mark.django_db
def test_cached_results_follow_every_change(rnd):
    from commission.selectors import meeting_results_cached
    from tests.commission.conftest import open_round, score

    open_round(rnd)
    app = rnd.apps[0]
    score(rnd, rnd.members[0], app, 30, 30, 25)
    first = meeting_results_cached(rnd.meeting)
    totals = {a.pk: r.total for a, r, _ in first.rows}
    assert totals[app.pk] == Decimal(85)
    score(rnd, rnd.members[0], app, 20, 30, 25)  # a change of the same score
    totals = {a.pk: r.total for a, r, _ in meeting_results_cached(rnd.meeting).rows}
    assert totals[app.pk] == Decimal(75)
    score(rnd, rnd.members[1], app, 30, 30, 25)  # a new score
    totals = {a.pk: r.total for a, r, _ in meeting_results_cached(rnd.meeting).rows}
    assert totals[app.pk] == Decimal(80)


def test_decision_mails_are_russian_whatever_the_language(rnd, django_capture_on_commit_callbacks):
    """Mails to applicants are official correspondence: Russian even when the secretary
    works in English."""
    from django.utils import translation

    winner = rnd.apps[0]
    open_round(rnd)
    for member in rnd.voting:
        score(rnd, member, winner, 35, 30, 25)
    close_round(rnd)
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.record_decision(meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="")
    winner.refresh_from_db()
    message = next(m for m in mail.outbox if m.to == [winner.created_by.email])
    assert message.subject == f"Заявка {winner.registration_number}: победитель"
    assert message.body == (
        f"Статус заявки «{winner.title}» ({winner.registration_number}) изменён: победитель."
        "\n\nОснования: Итоговый балл 90,00 при проходном 80,00."
        "\n\nПодробности — в личном кабинете системы «Отбор»."
    )
