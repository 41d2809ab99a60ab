"""Every change to scoring goes through here: one transaction, the meeting row locked,
an audit trail (simple_history on scores and recusals, RoundEvent for the round)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import Role, has_role
from applications.models import Application, ApplicationStatus
from applications.services.lifecycle import record_event
from calls.models import Call, CallStatus
from calls.services import CallRefused, move_call
from commission import decisions, domain, selectors
from commission.models import (
    Meeting,
    MemberRole,
    Membership,
    Recusal,
    RoundEvent,
    Score,
    ScorePoint,
    ScoringState,
)
from reference.official import official_text


class ScoringRefused(Exception):
    """The action is not allowed; the message is for the member, in Russian."""

    def __init__(
        self, messages: list[str] | str, *, fields: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        self.messages = [messages] if isinstance(messages, str) else messages
        # The same messages keyed by the field they concern (a category code), if known.
        self.fields = fields or {}
        super().__init__(" ".join(self.messages))


def _lock(meeting_id: int) -> Meeting:
    return Meeting.objects.select_for_update().select_related("call", "commission").get(pk=meeting_id)


UNSCREENED = (ApplicationStatus.SUBMITTED, ApplicationStatus.SCREENING)


def check_call_ready_for_meeting(*, call_id: int, now=None) -> None:
    """A meeting is held, and its round opened, only after the call's intake has closed
    (``closes_at`` by the server clock) and every submitted application is screened, and
    not after the call's decision. Raises ScoringRefused with every reason."""
    call = Call.objects.get(pk=call_id)
    now = now or timezone.now()
    errors = []
    if call.status == CallStatus.DRAFT:
        errors.append(_("Отбор ещё не открыт."))
    if call.closes_at > now:
        closes = timezone.localtime(call.closes_at)
        errors.append(
            _(
                "Приём заявок ещё идёт (до %(closes)s по московскому времени): "
                "заседание проводится после его окончания."
            )
            % {"closes": f"{closes:%d.%m.%Y %H:%M}"}
        )
    waiting = Application.objects.filter(call_id=call_id, status__in=UNSCREENED).count()
    if waiting:
        errors.append(
            _("Проверка заявок не завершена: ожидают решения о допуске — %(count)d.") % {"count": waiting}
        )
    if call.status in (CallStatus.DECIDED, CallStatus.ARCHIVED):
        errors.append(_("По отбору уже принято решение."))
    if errors:
        raise ScoringRefused(errors)


def create_meeting(
    *, call_id: int, commission_id: int, number: str, date, place: str, present_ids: list[int], by
) -> Meeting:
    """Schedule a meeting of the commission on a call whose intake and screening are over
    (check_call_ready_for_meeting). Raises ScoringRefused."""
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=call_id)
        check_call_ready_for_meeting(call_id=call_id)
        meeting = Meeting.objects.create(
            call_id=call_id, commission_id=commission_id, number=number, date=date, place=place
        )
        meeting.present.set(present_ids)
    return meeting


def open_scoring(*, meeting_id: int, by) -> Meeting:
    """Open the round: refused while the call's intake is open or screening unfinished;
    the call moves to «оценка комиссией» (a CallEvent)."""
    with transaction.atomic():
        meeting = _lock(meeting_id)
        if meeting.scoring_state != ScoringState.NOT_STARTED:
            raise ScoringRefused(_("Оценка уже открывалась; используйте повторное открытие."))
        check_call_ready_for_meeting(call_id=meeting.call_id)
        meeting.scoring_state = ScoringState.OPEN
        meeting.save(update_fields=["scoring_state"])
        RoundEvent.objects.create(meeting=meeting, action="open", by=by)
        try:
            move_call(
                call_id=meeting.call_id,
                to=CallStatus.SCORING,
                by=by,
                note=official_text(gettext_noop("Открыта оценка: %(meeting)s"), meeting=meeting),
            )
        except CallRefused as error:
            raise ScoringRefused(error.messages) from error
    return meeting


def close_scoring(*, meeting_id: int, by) -> Meeting:
    with transaction.atomic():
        meeting = _lock(meeting_id)
        if meeting.scoring_state != ScoringState.OPEN:
            raise ScoringRefused(_("Оценка не открыта."))
        present, total, ok = selectors.quorum(meeting)
        if not ok:
            raise ScoringRefused(
                _(
                    "Нет кворума: присутствуют %(present)s из %(total)s членов "
                    "комиссии с правом голоса (нужно больше половины)."
                )
                % {"present": present, "total": total}
            )
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


# ---------------------------------------------------------------- voting rights

GUARDED_MEMBERSHIP_FIELDS = frozenset({"commission", "user", "role", "since", "until"})
GUARDED_MEETING_FIELDS = frozenset({"call", "commission", "date", "present"})


def check_membership_change(*, membership_id: int) -> None:
    """Refuse a change of a member's role, term or person once it can move a result: the
    member has scored, attended a meeting whose round has started, or a round of the
    commission is open. Raises ScoringRefused; changes nothing."""
    membership = Membership.objects.get(pk=membership_id)
    if Score.objects.filter(member=membership).exists():
        raise ScoringRefused(
            _(
                "Член комиссии уже выставлял оценки: его роль и срок полномочий изменить нельзя. "
                "Исправление вносится повторным открытием оценки с указанием причины."
            )
        )
    if membership.meetings_attended.exclude(scoring_state=ScoringState.NOT_STARTED).exists():
        raise ScoringRefused(
            _(
                "Член комиссии присутствовал на заседании, оценка на котором уже начата: "
                "его роль и срок полномочий изменить нельзя."
            )
        )
    if Meeting.objects.filter(
        commission_id=membership.commission_id, scoring_state=ScoringState.OPEN
    ).exists():
        raise ScoringRefused(_("Идёт оценка на заседании этой комиссии: состав комиссии изменить нельзя."))


def check_meeting_change(*, meeting_id: int) -> None:
    """Attendance, date, call and commission of a meeting are set before its round opens;
    afterwards only correct_attendance changes attendance. Raises ScoringRefused."""
    meeting = Meeting.objects.get(pk=meeting_id)
    if meeting.scoring_state == ScoringState.DECIDED:
        raise ScoringRefused(
            _(
                "Решение по заседанию принято: данные заседания изменить нельзя. Исправление "
                "вносится поправкой к протоколу."
            )
        )
    if meeting.scoring_state != ScoringState.NOT_STARTED or Score.objects.filter(meeting=meeting).exists():
        raise ScoringRefused(
            _(
                "Оценка на заседании уже начата: присутствие, дату и состав заседания изменить "
                "нельзя. Исправление вносится повторным открытием оценки с указанием причины."
            )
        )


def _reopen_for_correction(meeting: Meeting, *, by, reason: str) -> None:
    if meeting.scoring_state == ScoringState.DECIDED:
        raise ScoringRefused(_("Решение по заседанию принято: исправление вносится поправкой к протоколу."))
    if meeting.scoring_state == ScoringState.CLOSED:
        meeting.scoring_state = ScoringState.OPEN
        meeting.save(update_fields=["scoring_state"])
        RoundEvent.objects.create(meeting=meeting, action="reopen", by=by, reason=reason)


def _drop_scores(meeting: Meeting, member: Membership, *, by) -> int:
    """Delete the member's scores at the meeting, each deletion in the history with its
    author; returns how many."""
    dropped = 0
    for score in Score.objects.filter(meeting=meeting, member=member):
        for point in score.points.all():
            point._history_user = by
            point.delete()
        score._history_user = by
        score.delete()
        dropped += 1
    return dropped


def correct_attendance(*, meeting_id: int, membership_id: int, present: bool, by, reason: str) -> Meeting:
    """Mark a member present or absent after the round has started: the round is reopened
    (a closed one) with the reason, an absent member's scores at the meeting are deleted
    explicitly, and a round event names the member, the change and the number of scores
    dropped. Refused after the decision (an amendment corrects a decided protocol)."""
    if not reason.strip():
        raise ScoringRefused(_("Укажите причину исправления состава присутствующих."))
    with transaction.atomic():
        meeting = _lock(meeting_id)
        member = meeting.commission.memberships.select_related("user").get(pk=membership_id)
        _reopen_for_correction(meeting, by=by, reason=reason.strip())
        dropped = 0
        if present:
            meeting.present.add(member)
        else:
            dropped = _drop_scores(meeting, member, by=by)
            meeting.present.remove(member)
        RoundEvent.objects.create(
            meeting=meeting,
            action="present" if present else "absent",
            by=by,
            reason=official_text(
                gettext_noop("%(name)s: %(reason)s (удалено оценок: %(dropped)d)"),
                name=member.user.full_name,
                reason=reason.strip(),
                dropped=dropped,
            ),
        )
    return meeting


def correct_member_role(*, meeting_id: int, membership_id: int, role: str, by, reason: str) -> Membership:
    """Correct a member's role for a started round: reopen it with the reason, delete the
    member's scores at the meeting explicitly, change the role, record a round event.
    Refused when the member has scores at another meeting or the meeting is decided."""
    if not reason.strip():
        raise ScoringRefused(_("Укажите причину изменения роли члена комиссии."))
    if role not in MemberRole.values:
        raise ScoringRefused(_("Неизвестная роль члена комиссии."))
    with transaction.atomic():
        meeting = _lock(meeting_id)
        member = (
            meeting.commission.memberships.select_for_update().select_related("user").get(pk=membership_id)
        )
        if Score.objects.filter(member=member).exclude(meeting=meeting).exists():
            raise ScoringRefused(
                _("Член комиссии выставлял оценки на другом заседании: его роль изменить нельзя.")
            )
        _reopen_for_correction(meeting, by=by, reason=reason.strip())
        dropped = _drop_scores(meeting, member, by=by)
        old = member.get_role_display()
        member.role = role
        member.save(update_fields=["role"])
        RoundEvent.objects.create(
            meeting=meeting,
            action="role",
            by=by,
            reason=official_text(
                gettext_noop("%(name)s: %(old)s → %(new)s; %(reason)s (удалено оценок: %(dropped)d)"),
                name=member.user.full_name,
                old=old,
                new=member.get_role_display(),
                reason=reason.strip(),
                dropped=dropped,
            ),
        )
    return member


def declare_conflict(*, meeting_id: int, application_id: int, user, reason: str) -> Recusal:
    if not reason.strip():
        raise ScoringRefused(_("Укажите причину конфликта интересов."))
    with transaction.atomic():
        meeting, member = _open_meeting_and_member(meeting_id, user)
        app = selectors.meeting_applications(meeting).get(pk=application_id)
        if Score.objects.filter(meeting=meeting, application=app, member=member).exists():
            raise ScoringRefused(_("Вы уже оценили этот проект; конфликт интересов заявляется до оценки."))
        recusal = Recusal.objects.filter(meeting=meeting, application=app, member=member).first()
        if recusal is None:
            recusal = Recusal(meeting=meeting, application=app, member=member, reason=reason.strip())
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


def save_score(
    *, meeting_id: int, application_id: int, user, points: dict[str, Decimal], finding: str
) -> Score:
    """Create or change the member's score (п. 11–12 checked against the computed
    statuses). Concurrent saves by one member serialise on the meeting row lock."""
    with transaction.atomic():
        meeting, member = _open_meeting_and_member(meeting_id, user)
        app = selectors.meeting_applications(meeting).get(pk=application_id)
        if Recusal.objects.filter(meeting=meeting, application=app, member=member).exists():
            raise ScoringRefused(
                _("Вы заявили конфликт интересов по этому проекту и не можете его оценивать.")
            )
        methodology, categories = selectors.methodology_of(meeting)
        by_category = domain.score_errors_by_category(
            methodology=methodology, statuses=selectors.statuses_of(app), points=points, finding=finding
        )
        if by_category:
            errors: list[str] = [error for found in by_category.values() for error in found]
            raise ScoringRefused(errors, fields=by_category)
        # One history row per save, with its author (the meeting lock serialises creation).
        score = Score.objects.filter(meeting=meeting, application=app, member=member).first() or Score(
            meeting=meeting, application=app, member=member
        )
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
        present, total, ok = selectors.quorum(meeting)
        if not ok:
            raise ScoringRefused(
                _(
                    "Нет кворума: присутствуют %(present)d из %(total)d членов "
                    "комиссии с правом голоса; решение не принимается."
                )
                % {"present": present, "total": total}
            )
        results = selectors.meeting_results(meeting)
        for app, result, _rank in results.rows:
            locked = Application.objects.select_for_update().get(pk=app.pk)
            old = locked.status
            locked.status = ApplicationStatus.WINNER if result.winner else ApplicationStatus.NOT_WINNER
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
        decisions.freeze_protocol(meeting=meeting, by=by)
        try:
            move_call(
                call_id=meeting.call_id,
                to=CallStatus.DECIDED,
                by=by,
                note=official_text(gettext_noop("Решение: %(meeting)s"), meeting=meeting),
            )
        except CallRefused as error:
            raise ScoringRefused(error.messages) from error
    return meeting


def amend_protocol(*, meeting_id: int, by, reason: str, text: str = "") -> Meeting:
    """A correction of a decided protocol: by the chair of the meeting's commission or an
    administrator, with a reason. Applies the new decision text (if given), writes the
    applications' statuses anew where the result differs (with events and e-mails), and
    stores the next protocol version beside the old one, which is marked superseded.
    Raises ScoringRefused."""
    if not reason.strip():
        raise ScoringRefused(_("Укажите основание поправки к протоколу."))
    with transaction.atomic():
        meeting = _lock(meeting_id)
        if meeting.scoring_state != ScoringState.DECIDED:
            raise ScoringRefused(_("Поправка вносится только в протокол принятого решения."))
        member = selectors.membership_of(by, meeting)
        is_chair = member is not None and member.role == MemberRole.CHAIR
        if not (is_chair or by.is_superuser or has_role(by, Role.ADMINISTRATOR)):
            raise ScoringRefused(_("Поправку к протоколу вносит председатель комиссии или администратор."))
        results = selectors.meeting_results(meeting)
        for app, result, _rank in results.rows:
            status = ApplicationStatus.WINNER if result.winner else ApplicationStatus.NOT_WINNER
            locked = Application.objects.select_for_update().get(pk=app.pk)
            if locked.status != status:
                old = locked.status
                locked.status = status
                locked.save(update_fields=["status", "updated_at"])
                record_event(
                    locked,
                    old=old,
                    by=by,
                    note=official_text(gettext_noop("Поправка к протоколу: %(reason)s"), reason=reason),
                )
        if text.strip():
            meeting.decision_text = text.strip()
            meeting.save(update_fields=["decision_text"])
        RoundEvent.objects.create(meeting=meeting, action="amend", by=by, reason=reason.strip())
        decisions.freeze_protocol(meeting=meeting, by=by, reason=reason.strip())
    return meeting


def default_decision_text(results: selectors.MeetingResults) -> str:
    winners = [app.registration_number for app, r, _rank in results.rows if r.winner]
    threshold = domain.format_points(results.methodology.threshold)
    if not winners:
        return f"Ни один проект не набрал {threshold} баллов; победители не определены."
    return (
        "Признать победителями конкурсного отбора проекты, набравшие не менее "
        f"{threshold} баллов: {', '.join(winners)}."
    )
