"""A member studies one project on its page and scores it there (a running total as they
type, a refused score keeps what was typed, then the next project); the secretary opens
an application from the screening list, rejects one after a confirmation and admits
another."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.models import Application, ApplicationStatus
from applications.services.lifecycle import submit_application
from commission.models import Score
from tests.browser.test_commission_admin import admin_login
from tests.commission.conftest import build_round, open_round
from tests.factories import UserFactory, call_with_example_scenario, complete_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_studies_and_scores_a_project_from_its_page(live_server, page):
    rnd = build_round(3)
    open_round(rnd)
    first, second = rnd.apps[0], rnd.apps[1]
    member = rnd.members[0]
    admin_login(page, live_server.url, member.user.email)
    page.goto(live_server.url + reverse("admin:commission_meeting_scoring", args=[rnd.meeting.pk]))
    page.get_by_test_id(f"app-{first.registration_number}").get_by_test_id("project-link").click()
    page.get_by_test_id("project-title").wait_for()
    assert first.registration_number in page.get_by_test_id("project-title").inner_text()
    indicators = page.get_by_test_id("indicators").inner_text()
    assert "NPV" in indicators and "выполнено" in indicators
    assert page.get_by_test_id("eligibility").get_by_test_id("checks").is_visible()

    form = page.get_by_test_id("score-form")
    total = form.get_by_test_id("score-total")
    form.locator("input[name=points-financial]").fill("30")
    form.locator("input[name=points-budget]").fill("31,5")
    form.locator("input[name=points-socio_economic]").fill("36")  # above the maximum of 30
    assert total.inner_text() == "—"
    form.locator("input[name=points-socio_economic]").fill("25")
    assert total.inner_text() == "86,50"  # score-total.js, before anything is saved
    form.locator("input[name=points-socio_economic]").fill("36")
    form.locator("textarea[name=finding]").fill("Проект обоснован, рынок подтверждён")
    form.get_by_role("button", name="Сохранить оценку").click()
    page.locator(".errorlist").first.wait_for()
    assert (
        "Социально-экономическая эффективность: допустимо от 0 до 30"
        in page.locator(".errorlist").inner_text()
    )
    form = page.get_by_test_id("score-form")
    assert form.locator("input[name=points-financial]").input_value() == "30"
    assert form.locator("input[name=points-budget]").input_value() == "31,5"
    assert form.locator("input[name=points-socio_economic]").input_value() == "36"
    assert form.locator("textarea[name=finding]").input_value() == "Проект обоснован, рынок подтверждён"
    assert not Score.objects.filter(member=member).exists()

    form.locator("input[name=points-socio_economic]").fill("25")
    form.get_by_role("button", name="Сохранить оценку").click()
    page.get_by_text("Оценка сохранена.").wait_for()
    assert page.get_by_test_id("score-form").get_by_test_id("score-total").inner_text() == "86,50"
    saved = Score.objects.get(member=member, application=first)
    assert saved.finding == "Проект обоснован, рынок подтверждён"

    page.get_by_test_id("next").first.click()
    page.get_by_text("Проект 2 из 3").first.wait_for()
    assert second.registration_number in page.get_by_test_id("project-title").inner_text()
    assert page.get_by_test_id("score-form").get_by_test_id("score-total").inner_text() == "—"


def test_secretary_opens_rejects_with_confirmation_and_admits(live_server, page):
    call = call_with_example_scenario()
    apps = []
    for _ in range(2):
        draft = complete_application(call)
        apps.append(submit_application(application_id=draft.pk, user=draft.created_by))
    rejected, admitted = sorted(apps, key=lambda a: a.registration_number)
    secretary = UserFactory(role="secretary")
    admin_login(page, live_server.url, secretary.email)
    screening_url = live_server.url + reverse("screening:call", args=[call.pk])
    page.goto(screening_url)

    row = page.get_by_test_id(f"row-{rejected.registration_number}")
    assert row.locator("select[name=decision]").input_value() == ""  # nothing preselected
    row.get_by_test_id("open-application").click()
    page.get_by_test_id("regnum").wait_for()
    assert page.get_by_test_id("regnum").inner_text() == rejected.registration_number
    page.go_back()

    row = page.get_by_test_id(f"row-{rejected.registration_number}")
    row.locator("select[name=decision]").select_option("reject")
    row.locator("textarea[name=reasons]").fill("Проект не относится к разделу C ОКВЭД2")
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    row.get_by_role("button", name="Записать решение").click()
    page.wait_for_timeout(500)
    assert Application.objects.get(pk=rejected.pk).status == ApplicationStatus.SUBMITTED
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    row.get_by_role("button", name="Записать решение").click()
    page.get_by_text(f"{rejected.registration_number}: решение записано.").wait_for()
    assert (
        questions
        == [f"Отклонить заявку {rejected.registration_number}? Заявитель получит уведомление с основаниями."]
        * 2
    )
    assert Application.objects.get(pk=rejected.pk).status == ApplicationStatus.REJECTED
    row = page.get_by_test_id(f"row-{rejected.registration_number}")
    assert row.locator("select[name=decision]").input_value() == "reject"

    # Admitting asks nothing.
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    row = page.get_by_test_id(f"row-{admitted.registration_number}")
    row.locator("select[name=decision]").select_option("admit")
    row.get_by_role("button", name="Записать решение").click()
    page.get_by_text(f"{admitted.registration_number}: решение записано.").wait_for()
    assert len(questions) == 2
    assert Application.objects.get(pk=admitted.pk).status == ApplicationStatus.ADMITTED
