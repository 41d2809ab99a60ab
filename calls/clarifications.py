"""Clarifications of a call: an applicant's question, the secretary's answer and its
publication on the call's public page without the asker's identity."""

from __future__ import annotations

import logging

from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Call, CallStatus, Question
from calls.tasks import task_notify_question_answered
from reference.formatting import format_date
from reference.mail import render_mail

logger = logging.getLogger(__name__)

MAX_QUESTION_LENGTH = 3000
MAX_ANSWER_LENGTH = 10000


class QuestionRefused(Exception):
    """The question or answer is not accepted; the message is for the user (Russian)."""


def ask_question(*, call_id: int, user, text: str) -> Question:
    """Store a question of the user's organisation about the call. Locks the call row;
    refused (QuestionRefused) once the last day for questions (Moscow, production
    calendar) has passed or the call is not open. The public wording starts as asked."""
    text = text.strip()
    if not text:
        raise QuestionRefused(_("Введите вопрос."))
    if len(text) > MAX_QUESTION_LENGTH:
        raise QuestionRefused(
            _("Вопрос длиннее %(limit)s знаков: сократите его.") % {"limit": MAX_QUESTION_LENGTH}
        )
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call_id)
        if not call.accepts_questions():
            raise QuestionRefused(question_refusal(call))
        question = Question(call=call, organisation_id=user.organisation_id, asked_by=user, text=text)
        question.public_text = text
        question._audit_user = user  # type: ignore[attr-defined]
        question.save()
    return question


def question_refusal(call: Call) -> str:
    """Why questions are no longer accepted, with the last day they were."""
    if call.effective_status() != CallStatus.OPEN:
        return _("Вопросы по этому отбору не принимаются: приём заявок не идёт.")
    return _(
        "Вопросы по этому отбору принимались до %(date)s включительно (за %(days)s рабочих дней "
        "до окончания приёма заявок, по московскому времени)."
    ) % {"date": format_date(call.last_question_day), "days": call.question_working_days}


def answer_question(*, question_id: int, user, answer: str, public_text: str, published: bool) -> Question:
    """Record the secretary's answer, the wording to publish and whether it is published.
    Locks the question. The first answer queues one e-mail to the asker's organisation on
    commit; later edits do not repeat it."""
    answer, public_text = answer.strip(), public_text.strip()
    if published and not answer:
        raise QuestionRefused(_("Опубликовать можно только вопрос с ответом."))
    if published and not public_text:
        raise QuestionRefused(_("Введите формулировку вопроса для публикации."))
    if len(answer) > MAX_ANSWER_LENGTH:
        raise QuestionRefused(_("Ответ длиннее %(limit)s знаков.") % {"limit": MAX_ANSWER_LENGTH})
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question_id)
        first_answer = bool(answer) and not question.answer
        now = timezone.now()
        question.answer = answer
        question.public_text = public_text or question.text
        if answer and (first_answer or question.answered_at is None):
            question.answered_at, question.answered_by = now, user
        if not answer:
            question.answered_at = question.answered_by = None
        if published and not question.published:
            question.published_at = now
        if not published:
            question.published_at = None
        question.published = published
        question._audit_user = user  # type: ignore[attr-defined]
        question.save()
        if first_answer and question.notified_at is None:
            transaction.on_commit(lambda: task_notify_question_answered.delay(question.pk), robust=True)
    return question


def notify_question_answered(question_id: int) -> bool:
    """E-mail the asker's organisation's active users that the question has an answer,
    once: claimed by one atomic UPDATE of ``notified_at``; a failed send releases the claim
    and raises OSError for a retry. Runs in the worker."""
    claimed = Question.objects.filter(pk=question_id, notified_at__isnull=True).exclude(answer="")
    if not claimed.update(notified_at=timezone.now()):
        return False
    question = Question.objects.select_related("call", "organisation").get(pk=question_id)
    recipients = list(question.organisation.users.filter(is_active=True).values_list("email", flat=True))
    if not recipients:
        return False
    subject, body = render_mail("question_answered", {"question": question, "call": question.call})
    try:
        send_mass_mail([(subject, body, None, [email]) for email in recipients])
    except OSError:
        Question.objects.filter(pk=question_id).update(notified_at=None)
        logger.exception("answer mail failed for question %s", question_id)
        raise
    return True
