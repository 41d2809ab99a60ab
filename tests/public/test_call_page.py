"""The public page of a call (issue 16, item 4): anyone reads its dates in Moscow time,
rules, required documents and published clarifications — never who asked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calls.clarifications import answer_question
from calls.models import MOSCOW, CallStatus, Question
from tests.factories import CallFactory, UserFactory, applicant

pytestmark = pytest.mark.django_db


def _call(**overrides):
    return CallFactory(
        year=overrides.pop("year", 2015),
        opens_at=dt.datetime(2015, 5, 4, 9, 0, tzinfo=MOSCOW),
        closes_at=dt.datetime(2015, 6, 15, 18, 0, tzinfo=MOSCOW),
        question_working_days=0,
        **overrides,
    )


def _published(call, text: str, public_text: str, answer: str):
    """A question asked (the window is bypassed: the call closes in 2015) and published."""
    asker = applicant()
    question = Question.objects.create(
        call=call, organisation=asker.organisation, asked_by=asker, text=text, public_text=text
    )
    answer_question(
        question_id=question.pk,
        user=UserFactory(role="secretary"),
        answer=answer,
        public_text=public_text,
        published=True,
    )
    return question, asker


def test_an_anonymous_visitor_reads_the_call_without_the_askers_identity(client):
    call = _call(min_total_cost=Decimal("300000000"))
    question, asker = _published(
        call, "Мы, ООО «Тайна», спрашиваем: какой курс брать?", "Какой курс валюты брать?", "Курс ЦБ РФ."
    )
    Question.objects.create(
        call=call,
        organisation=asker.organisation,
        asked_by=asker,
        text="Неопубликованный",
        public_text="Непубличное",
    )
    response = client.get(f"/public/calls/{call.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "04.05.2015 09:00" in page and "15.06.2015 18:00" in page  # Moscow time
    assert "15.06.2015" in page  # the selection date
    assert "300\u202f000\u202f000" in page or "300\xa0000\xa0000" in page
    assert "Бизнес-план (PDF, DOCX, DOC)" in page
    assert "Какой курс валюты брать?" in page and "Курс ЦБ РФ." in page
    for secret in (
        "Тайна",
        "Неопубликованный",
        "Непубличное",
        asker.email,
        asker.full_name,
        asker.organisation.full_name,
    ):
        assert secret not in page
    assert "Реестр победителей" not in page  # not decided yet


def test_a_draft_call_is_not_public(client):
    call = _call(status=CallStatus.DRAFT)
    assert client.get(f"/public/calls/{call.pk}/").status_code == 404
    assert call.title not in client.get("/public/calls/").content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_of_calls_costs_the_same_queries_for_one_and_three_calls(client):
    _call()
    one = _queries(client, "/public/calls/")
    _call(year=2016)
    _call(year=2017)
    assert _queries(client, "/public/calls/") == one


def test_the_call_page_costs_the_same_queries_for_one_and_three_clarifications(client):
    call = _call()
    _published(call, "Вопрос 1", "Вопрос 1", "Ответ 1")
    one = _queries(client, f"/public/calls/{call.pk}/")
    _published(call, "Вопрос 2", "Вопрос 2", "Ответ 2")
    _published(call, "Вопрос 3", "Вопрос 3", "Ответ 3")
    assert _queries(client, f"/public/calls/{call.pk}/") == one


def test_an_applicant_asks_and_the_secretary_answers_through_the_pages(client):
    call = CallFactory(question_working_days=0)
    user = applicant()
    client.force_login(user)
    url = f"/applications/calls/{call.pk}/questions/"
    assert 'maxlength="3000"' in client.get(url).content.decode()  # not «3 000»: the browser reads 3
    assert client.post(url, {"text": "Нужна ли нотариальная копия устава?"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Нужна ли нотариальная копия устава?" in page and "ожидает ответа" in page
    question = call.questions.get()
    secretary = UserFactory(role="secretary")
    client.force_login(secretary)
    assert 'title="Ожидают ответа">1</span>' in client.get("/calls/").content.decode()
    queue = client.get(f"/screening/{call.pk}/questions/").content.decode()
    assert "Нужна ли нотариальная копия устава?" in queue
    # Publishing without an answer is refused; what was typed comes back.
    response = client.post(
        f"/screening/questions/{question.pk}/answer/",
        {"answer": "", "public_text": "Нужна ли копия устава?", "published": "on"},
    )
    assert response.status_code == 200
    assert "Опубликовать можно только вопрос с ответом." in response.content.decode()
    assert "Нужна ли копия устава?" in response.content.decode()
    response = client.post(
        f"/screening/questions/{question.pk}/answer/",
        {"answer": "Нет, достаточно скана.", "public_text": "Нужна ли копия устава?", "published": "on"},
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(f"/public/calls/{call.pk}/").content.decode()
    assert "Нужна ли копия устава?" in page and "Нет, достаточно скана." in page


def test_a_late_question_keeps_its_text_and_says_why(client):
    call = CallFactory(question_working_days=0)
    client.force_login(applicant())
    url = f"/applications/calls/{call.pk}/questions/"
    type(call).objects.filter(pk=call.pk).update(question_working_days=30)
    response = client.post(url, {"text": "Поздний вопрос"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Вопросы по этому отбору принимались до" in page
    assert "Поздний вопрос" in page
    assert not call.questions.exists()
