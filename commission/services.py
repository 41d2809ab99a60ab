"""Every change to scoring goes through here: one transaction, the meeting row locked,
an audit trail (simple_history on scores and recusals, RoundEvent for the round)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from applications.services.lifecycle import record_event
from calls.models import CallStatus
from commission import domain, selectors
from commission.models import (
    Meeting,
    Membership,
    Recusal,
    RoundEvent,
    Score,
    ScorePoint,
    ScoringState,
)


class ScoringRefused(Exception):
    """The action is not allowed; the message is for the member, in Russian."""

    def __init__(self, messages: list[str] | str) -> None:
        self.messages = [messages] if isinstance(messages, str) else messages
        super().__init__(" ".join(self.messages))


def _lock(meeting_id: int) -> Meeting:
    return Meeting.objects.select_for_update().select_related("call", "commission").get(
        pk=meeting_id)


def open_scoring(*, meeting_id: int, by) -> Meeting:
    with transaction.atomic():
        meeting = _lock(meeting_id)
        if meeting.scoring_state != ScoringState.NOT_STARTED:
            raise ScoringRefused(_("Оценка уже открывалась; используйте повторное открытие."))
        meeting.scoring_state = ScoringState.OPEN
        meeting.save(update_fields=["scoring_state"])
        RoundEvent.objects.create(meeting=meeting, action="open", by=by)
        type(meeting.call).objects.filter(pk=meeting.call_id).update(status=CallStatus.SCORING)
    return meeting


def close_scoring(*, meeting_id: int, by) -> Meeting:
    with transaction.atomic():
        meeting = _lock(meeting_id)
        if meeting.scoring_state != ScoringState.OPEN:
            raise ScoringRefused(_("Оценка не открыта."))
        present, total, ok = selectors.quorum(meeting)
        if not ok:
            raise ScoringRefused(_("Нет кворума: присутствуют %(present)s из %(total)s членов "
                                   "комиссии с правом голоса (нужно больше половины).")
                                 % {"present": present, "total": total})
        meeting.scoring_state = ScoringState.CLOSED
        meeting.save(update_fields=["scoring_state"])
        RoundEvent.objects.create(meeting=meeting, action="close", by=by)
    return meeting


def reopen_scoring(*, meeting_id: int, by, reason: str) -> Meeting:
    if not reason.strip():
        raise ScoringRefused(_("Укажите причину повторного открытия оценки."))
    with transaction.atomic():
        meeting = _lock(meeting_id)
        if meeting.scoring_state != ScoringState.CLOSED:
            raise ScoringRefused(_("Повторно открыть можно только закрытую оценку до решения."))
        meeting.scoring_state = ScoringState.OPEN
        meeting.save(update_fields=["scoring_state"])
        RoundEvent.objects.create(meeting=meeting, action="reopen", by=by, reason=reason.strip())
    return meeting


def _open_meeting_and_member(meeting_id: int, user) -> tuple[Meeting, Membership]:
    meeting = _lock(meeting_id)
    if meeting.scoring_state != ScoringState.OPEN:
        raise ScoringRefused(_("Оценка закрыта: изменения не принимаются."))
    member = selectors.membership_of(user, meeting)
    if member is None or not member.votes:
        raise ScoringRefused(_("Вы не являетесь членом комиссии с правом голоса."))
    if not meeting.present.filter(pk=member.pk).exists():
        raise ScoringRefused(_("Вы не отмечены присутствующим на заседании."))
    return meeting, member


def declare_conflict(*, meeting_id: int, application_id: int, user, reason: str) -> Recusal:
    if not reason.strip():
        raise ScoringRefused(_("Укажите причину конфликта интересов."))
    with transaction.atomic():
        meeting, member = _open_meeting_and_member(meeting_id, user)
        app = selectors.meeting_applications(meeting).get(pk=application_id)
        if Score.objects.filter(meeting=meeting, application=app, member=member).exists():
            raise ScoringRefused(_("Вы уже оценили этот проект; конфликт интересов "
                                 "заявляется до оценки."))
        recusal = Recusal.objects.filter(meeting=meeting, application=app, member=member).first()
        if recusal is None:
            recusal = Recusal(meeting=meeting, application=app, member=member,
                              reason=reason.strip())
            recusal._history_user = user  # the audit trail's "who", also outside a request
            recusal.save()
    return recusal


def parse_points(raw: dict[str, str]) -> tuple[dict[str, Decimal], list[str]]:
    points, errors = {}, []
    for code, value in raw.items():
        text = str(value).strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            errors.append(_("«%(value)s» — не число.") % {"value": value})
            continue
        if not number.is_finite():
            errors.append(_("«%(value)s» — не число.") % {"value": value})
            continue
        points[code] = number
    return points, errors


def save_score(*, meeting_id: int, application_id: int, user, points: dict[str, Decimal],
               finding: str) -> Score:
    """Create or change the member's score (п. 11–12 checked against the computed
    statuses). Concurrent saves by one member serialise on the meeting row lock."""
    with transaction.atomic():
        meeting, member = _open_meeting_and_member(meeting_id, user)
        app = selectors.meeting_applications(meeting).get(pk=application_id)
        if Recusal.objects.filter(meeting=meeting, application=app, member=member).exists():
            raise ScoringRefused(_("Вы заявили конфликт интересов по этому проекту и не можете "
                                 "его оценивать."))
        methodology, categories = selectors.methodology_of(meeting)
        errors = domain.validate_score(methodology=methodology,
                                       statuses=selectors.statuses_of(app), points=points,
                                       finding=finding)
        if errors:
            raise ScoringRefused(errors)
        # One history row per save, with its author (the meeting lock serialises creation).
        score = (Score.objects.filter(meeting=meeting, application=app, member=member).first()
                 or Score(meeting=meeting, application=app, member=member))
        score.finding = finding.strip()
        score._history_user = user
        score.save()
        existing = {p.category_id: p for p in score.points.all()}
        for category in categories:
            point = existing.get(category.pk) or ScorePoint(score=score, category=category)
            point.points = points[category.code]
            point.maximum = category.maximum
            point._history_user = user
            point.save()
    return score


def record_decision(*, meeting_id: int, by, text: str) -> Meeting:
    """Write the п. 14 decision: winners and not winners, the call decided, applicants
    notified on commit."""
    with transaction.atomic():
        meeting = _lock(meeting_id)
        if meeting.scoring_state != ScoringState.CLOSED:
            raise ScoringRefused(_("Решение записывается после закрытия оценки."))
        results = selectors.meeting_results(meeting)
        for app, result, _rank in results.rows:
            locked = Application.objects.select_for_update().get(pk=app.pk)
            old = locked.status
            locked.status = (ApplicationStatus.WINNER if result.winner
                             else ApplicationStatus.NOT_WINNER)
            locked.decision_reasons = (
                f"Итоговый балл {domain.format_points(result.total)} при проходном "
                f"{domain.format_points(results.methodology.threshold)}."
            )
            locked.save(update_fields=["status", "decision_reasons", "updated_at"])
            record_event(locked, old=old, by=by, note=locked.decision_reasons)
        meeting.scoring_state = ScoringState.DECIDED
        meeting.decision_text = text.strip() or default_decision_text(results)
        meeting.decided_at = timezone.now()
        meeting.save(update_fields=["scoring_state", "decision_text", "decided_at"])
        RoundEvent.objects.create(meeting=meeting, action="decide", by=by)
        type(meeting.call).objects.filter(pk=meeting.call_id).update(status=CallStatus.DECIDED)
    return meeting


def default_decision_text(results: selectors.MeetingResults) -> str:
    winners = [app.registration_number for app, r, _rank in results.rows if r.winner]
    threshold = domain.format_points(results.methodology.threshold)
    if not winners:
        return f"Ни один проект не набрал {threshold} баллов; победители не определены."
    return ("Признать победителями конкурсного отбора проекты, набравшие не менее "
            f"{threshold} баллов: {', '.join(winners)}.")
