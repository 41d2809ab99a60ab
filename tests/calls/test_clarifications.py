"""Clarifications of a call (issue 16, item 3): questions until a number of working days
before the close (Moscow, production calendar), the secretary's answer, its publication
without the asker and one e-mail to the asker's organisation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from calls import clarifications, selectors
from calls.clarifications import QuestionRefused, answer_question, ask_question, notify_question_answered
from calls.models import MOSCOW, CallStatus, Question
from tests.factories import CallFactory, UserFactory, applicant

pytestmark = pytest.mark.django_db


def moscow(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=MOSCOW)


def test_the_last_question_day_counts_working_days_from_the_moscow_close_date():
    # 00:30 on Wednesday 10 June 2015 in Moscow is still Tuesday 9 June in UTC.
    call = CallFactory.build(closes_at=moscow(2015, 6, 10, 0, 30), question_working_days=1)
    assert call.last_question_day == dt.date(2015, 6, 9)
    call.question_working_days = 5
    assert call.last_question_day == dt.date(2015, 6, 3)
    call = CallFactory.build(closes_at=moscow(2016, 2, 24, 18), question_working_days=1)
    assert call.last_question_day == dt.date(2016, 2, 20)  # the working Saturday


def test_questions_are_accepted_until_the_end_of_the_last_day_in_moscow():
    call = CallFactory.build(
        status=CallStatus.OPEN,
        opens_at=moscow(2015, 5, 1, 9),
        closes_at=moscow(2015, 6, 15, 18),
        question_working_days=5,
    )
    assert call.last_question_day == dt.date(2015, 6, 5)
    assert call.accepts_questions(moscow(2015, 6, 5, 23, 59, 59)) is True
    assert call.accepts_questions(moscow(2015, 6, 6, 0, 0)) is False
    call.status = CallStatus.DRAFT
    assert call.accepts_questions(moscow(2015, 6, 1)) is False


def test_a_late_question_is_refused_with_the_last_day():
    call = CallFactory(closes_at=timezone.now() + dt.timedelta(hours=1), question_working_days=5)
    with pytest.raises(QuestionRefused) as info:
        ask_question(call_id=call.pk, user=applicant(), text="Можно ли подать две заявки?")
    day = call.last_question_day.strftime("%d.%m.%Y")
    assert str(info.value) == (
        f"Вопросы по этому отбору принимались до {day} включительно (за 5 рабочих дней "
        "до окончания приёма заявок, по московскому времени)."
    )
    assert not Question.objects.exists()


def test_an_empty_or_long_question_is_refused():
    call = CallFactory(question_working_days=0)
    with pytest.raises(QuestionRefused, match="Введите вопрос."):
        ask_question(call_id=call.pk, user=applicant(), text="   ")
    with pytest.raises(QuestionRefused, match="Вопрос длиннее 3000 знаков"):
        ask_question(call_id=call.pk, user=applicant(), text="в" * 3001)


def test_a_question_belongs_to_the_askers_organisation_and_starts_unpublished():
    call = CallFactory(question_working_days=0)
    user = applicant()
    question = ask_question(call_id=call.pk, user=user, text="  Какой курс валюты брать?  ")
    assert (question.organisation_id, question.asked_by, question.text, question.public_text) == (
        user.organisation_id,
        user,
        "Какой курс валюты брать?",
        "Какой курс валюты брать?",
    )
    assert question.published is False
    assert list(selectors.questions_of_organisation(user, call)) == [question]
    assert list(selectors.questions_of_organisation(applicant(), call)) == []
    assert list(selectors.published_questions(call)) == []


def _asked():
    call = CallFactory(question_working_days=0)
    user = applicant()
    colleague = UserFactory(organisation=user.organisation, role="applicant")
    question = ask_question(call_id=call.pk, user=user, text="Вопрос ООО «Ромашка» от Иванова")
    return question, user, colleague


def test_the_first_answer_queues_one_mail_on_commit_and_edits_none(
    monkeypatch, django_capture_on_commit_callbacks
):
    question, _user, _colleague = _asked()
    secretary = UserFactory(role="secretary")
    queued: list[int] = []
    monkeypatch.setattr(clarifications.task_notify_question_answered, "delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        answer_question(
            question_id=question.pk,
            user=secretary,
            answer="Курс ЦБ.",
            public_text="Какой курс?",
            published=True,
        )
    assert queued == [question.pk]
    assert mail.outbox == []  # the worker sends
    with django_capture_on_commit_callbacks(execute=True):
        answer_question(
            question_id=question.pk,
            user=secretary,
            answer="Курс ЦБ РФ.",
            public_text="Какой курс?",
            published=True,
        )
    assert queued == [question.pk]
    question.refresh_from_db()
    assert (question.answer, question.answered_by, question.published) == ("Курс ЦБ РФ.", secretary, True)
    assert list(selectors.published_questions(question.call)) == [question]


def test_publishing_needs_an_answer_and_unpublishing_hides_it():
    question, _user, _colleague = _asked()
    secretary = UserFactory(role="secretary")
    with pytest.raises(QuestionRefused, match="Опубликовать можно только вопрос с ответом."):
        answer_question(question_id=question.pk, user=secretary, answer=" ", public_text="В?", published=True)
    answer_question(question_id=question.pk, user=secretary, answer="Да.", public_text="В?", published=True)
    answer_question(question_id=question.pk, user=secretary, answer="Да.", public_text="В?", published=False)
    question.refresh_from_db()
    assert (question.published, question.published_at) == (False, None)
    assert list(selectors.published_questions(question.call)) == []


def test_the_answer_mail_goes_once_to_the_organisations_active_users():
    question, user, colleague = _asked()
    UserFactory(organisation=user.organisation, role="applicant", is_active=False)
    answer_question(
        question_id=question.pk,
        user=UserFactory(role="secretary"),
        answer="Да, можно.",
        public_text="Можно ли?",
        published=True,
    )
    mail.outbox.clear()
    assert notify_question_answered(question.pk) is True
    assert notify_question_answered(question.pk) is False  # a duplicate delivery
    assert sorted(m.to[0] for m in mail.outbox) == sorted([user.email, colleague.email])
    message = mail.outbox[0]
    assert message.subject == f"Ответ на вопрос по отбору: {question.call.title}"
    assert "Вопрос: Вопрос ООО «Ромашка» от Иванова" in message.body
    assert "Ответ: Да, можно." in message.body
    assert "опубликованы на странице отбора без указания автора" in message.body


def test_an_unanswered_question_sends_nothing():
    question, _user, _colleague = _asked()
    assert notify_question_answered(question.pk) is False
    assert mail.outbox == []
