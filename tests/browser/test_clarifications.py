"""A question and its answer (issue 16, items 3-4): the applicant asks from «Мои заявки»,
the secretary rewords it without the organisation, answers and publishes, and an
anonymous visitor reads it on the call's public page; the asker gets one e-mail."""

from __future__ import annotations

import pytest
from django.core import mail

from calls.models import Question
from tests.browser.test_applicant_journey import sign_in
from tests.browser.test_commission_admin import admin_login
from tests.factories import UserFactory, applicant, call_with_example_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ASKED = "Мы, ООО «Балтийский завод», хотим уточнить: нужен ли подписанный кредитный договор?"
PUBLIC = "Нужен ли подписанный кредитный договор на дату подачи заявки?"
ANSWER = "Нет: достаточно решения банка о выдаче кредита; договор прикладывается, когда подписан."


def test_a_question_is_answered_and_published_without_the_asker(live_server, new_context):
    call = call_with_example_scenario(question_working_days=0)
    user = applicant()
    mail.outbox.clear()

    asker = new_context().new_page()
    asker.set_default_timeout(30_000)
    sign_in(asker, live_server.url, user)
    asker.get_by_role("link", name="Задать вопрос").click()
    asker.get_by_role("heading", name="Вопросы по отбору").wait_for()
    asker.locator("#id_text").fill(ASKED)
    asker.get_by_role("button", name="Задать вопрос").click()
    asker.get_by_text("Вопрос отправлен.").wait_for()
    own = asker.get_by_test_id("own-question")
    assert ASKED in own.inner_text() and "ожидает ответа" in own.inner_text()

    secretary = new_context().new_page()
    secretary.set_default_timeout(30_000)
    admin_login(secretary, live_server.url, UserFactory(role="secretary").email)
    secretary.goto(f"{live_server.url}/calls/")
    secretary.get_by_role("link", name="Вопросы", exact=True).click()
    assert secretary.get_by_test_id("waiting").inner_text() == "1"
    block = secretary.get_by_test_id("queue-question")
    assert ASKED in block.inner_text() and user.organisation.full_name in block.inner_text()
    block.locator("textarea[name=public_text]").fill(PUBLIC)
    block.locator("textarea[name=answer]").fill(ANSWER)
    block.get_by_label("Опубликовать на странице отбора").check()
    block.get_by_role("button", name="Сохранить ответ").click()
    secretary.get_by_text("сохранено.").wait_for()
    assert "ответ опубликован" in secretary.get_by_test_id("queue-question").inner_text()
    assert [m.to for m in mail.outbox] == [[user.email]]  # the worker's task, eager in tests

    visitor = new_context().new_page()
    visitor.set_default_timeout(30_000)
    visitor.goto(f"{live_server.url}/public/calls/")
    visitor.get_by_role("link", name=call.title).click()
    clarification = visitor.get_by_test_id("clarification").inner_text()
    assert PUBLIC in clarification and ANSWER in clarification
    page_text = visitor.locator("main").inner_text()
    for secret in ("Балтийский завод", user.organisation.full_name, user.email, user.full_name):
        assert secret not in page_text
    assert "Бизнес-план" in visitor.get_by_test_id("required-documents").inner_text()

    asker.reload()
    own = asker.get_by_test_id("own-question").inner_text()
    assert "ответ опубликован" in own and ANSWER in own
    assert Question.objects.get().answered_by is not None
