"""A project's page in the commission's admin: what a member reads to score one project,
scoring from there (typed values kept on a refusal), who may score, blind scoring and
the previous/next links."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from applications.models import Application
from commission import services
from commission.models import Recusal, Score
from tests.commission.conftest import close_round, open_round, score
from tests.factories import DocumentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

POINTS = {"points-financial": "30,5", "points-budget": "31", "points-socio_economic": "20,25"}


def project_url(rnd, app) -> str:
    return reverse("admin:commission_meeting_project", args=[rnd.meeting.pk, app.pk])


def get(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def field_errors(html: str) -> list[str]:
    return [
        unescape(item)
        for block in re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', html, re.S)
        for item in re.findall(r"<li>(.*?)</li>", block, re.S)
    ]


def test_the_page_shows_what_a_member_needs_to_score(client, rnd):
    open_round(rnd)
    app = rnd.apps[1]
    doc = DocumentFactory(application=app, uploaded_by=app.created_by)
    html = get(client, rnd.members[0].user, project_url(rnd, app))
    app = Application.objects.select_related("organisation", "region", "priority_direction").get(pk=app.pk)
    for text in (app.organisation.full_name, app.title, app.region.name, app.priority_direction.name):
        assert unescape(text) in unescape(html)
    indicators = html.split('data-testid="indicators"')[1].split("</fieldset>")[0]
    for label in ("NPV", "IRR", "WACC", "ИБЭ (BPI)", "Интегральный показатель"):
        assert label in indicators
    assert "выполнено" in indicators
    assert 'data-testid="checks"' in html  # the eligibility checks, one by one
    assert reverse("portal:document", args=[app.pk, doc.pk]) in html
    assert html.count('name="points-') == 3
    for label in ("(0–35)", "(0–30)"):
        assert label in html
    assert 'data-testid="score-total"' in html
    assert "otbor/score-total.js" in html
    # The middle one of three: both neighbours, in registration order.
    assert project_url(rnd, rnd.apps[0]) in html and project_url(rnd, rnd.apps[2]) in html
    assert "Проект 2 из 3" in html
    first = get(client, rnd.members[0].user, project_url(rnd, rnd.apps[0]))
    assert 'data-testid="previous"' not in first and project_url(rnd, rnd.apps[1]) in first


def test_the_scoring_list_links_each_project_to_its_page(client, rnd):
    open_round(rnd)
    html = get(
        client, rnd.members[0].user, reverse("admin:commission_meeting_scoring", args=[rnd.meeting.pk])
    )
    for app in rnd.apps:
        assert project_url(rnd, app) in html


def test_a_refused_score_keeps_the_typed_values_and_a_saved_one_shows_its_total(client, rnd):
    open_round(rnd)
    app = rnd.apps[0]
    url = project_url(rnd, app)
    client.force_login(rnd.members[0].user)
    typed = {"points-financial": "30,5", "points-budget": "40", "points-socio_economic": "2x"}
    response = client.post(url, {"application": app.pk, "action": "score", **typed, "finding": "Мой текст"})
    assert response.status_code == 200
    html = response.content.decode()
    assert field_errors(html) == ["«2x» — не число."]
    for value in typed.values():
        assert f'value="{value}"' in html
    assert ">Мой текст</textarea>" in html
    response = client.post(
        url, {"application": app.pk, "action": "score", **typed, "points-socio_economic": "20"}
    )
    html = response.content.decode()
    assert field_errors(html) == ["Бюджетная эффективность: допустимо от 0 до 35 баллов (п. 11 Методики)."]
    assert 'value="40"' in html and 'value="20"' in html and f'id="err-{app.pk}-budget"' in html
    assert not Score.objects.exists()

    response = client.post(url, {"application": app.pk, "action": "score", **POINTS, "finding": "Хорошо"})
    assert response.status_code == 302 and response["Location"] == f"{url}#score-{app.pk}"
    saved = Score.objects.get(member=rnd.members[0], application=app)
    assert {p.category.code: p.points for p in saved.points.all()} == {
        "financial": Decimal("30.5"),
        "budget": Decimal(31),
        "socio_economic": Decimal("20.25"),
    }
    html = get(client, rnd.members[0].user, url)
    total = re.search(r'data-testid="score-total">([^<]*)<', html).group(1)
    assert total == "81,75"


def test_recusal_from_the_project_page(client, rnd):
    open_round(rnd)
    app = rnd.apps[0]
    url = project_url(rnd, app)
    client.force_login(rnd.members[1].user)
    response = client.post(url, {"application": app.pk, "action": "recuse", "reason": ""})
    assert field_errors(response.content.decode()) == ["Укажите причину конфликта интересов."]
    response = client.post(url, {"application": app.pk, "action": "recuse", "reason": "Брат директора"})
    assert response.status_code == 302
    assert Recusal.objects.get(member=rnd.members[1], application=app).reason == "Брат директора"
    html = get(client, rnd.members[1].user, url)
    assert 'data-testid="recused"' in html and 'name="points-' not in html
    response = client.post(url, {"application": app.pk, "action": "score", **POINTS})
    assert field_errors(response.content.decode()) == [
        "Вы заявили конфликт интересов по этому проекту и не можете его оценивать."
    ]
    assert not Score.objects.exists()


@pytest.mark.parametrize("who", ["secretary", "absent", "chair_recused"])
def test_those_who_may_not_score_see_no_form_and_are_refused(client, rnd, who):
    open_round(rnd)
    app = rnd.apps[0]
    if who == "secretary":
        user = rnd.secretary.user
        expected = "Вы не являетесь членом комиссии с правом голоса."
    elif who == "absent":
        rnd.meeting.present.remove(rnd.members[2])
        user = rnd.members[2].user
        expected = "Вы не отмечены присутствующим на заседании."
    else:
        services.declare_conflict(
            meeting_id=rnd.meeting.pk, application_id=app.pk, user=rnd.chair.user, reason="x"
        )
        user = rnd.chair.user
        expected = "Вы заявили конфликт интересов по этому проекту и не можете его оценивать."
    html = get(client, user, project_url(rnd, app))
    assert 'name="points-' not in html
    response = client.post(project_url(rnd, app), {"application": app.pk, "action": "score", **POINTS})
    assert response.status_code == 200
    assert expected in field_errors(response.content.decode())
    assert not Score.objects.exists()


def test_nothing_is_scored_before_the_round_opens(client, rnd):
    app = rnd.apps[0]
    html = get(client, rnd.members[0].user, project_url(rnd, app))
    assert 'name="points-' not in html and "Оценка не открыта." in html
    response = client.post(project_url(rnd, app), {"application": app.pk, "action": "score", **POINTS})
    assert "Оценка закрыта: изменения не принимаются." in field_errors(response.content.decode())
    assert not Score.objects.exists()


def test_blind_until_closed_each_member_sees_only_their_own_score(client, rnd):
    open_round(rnd)
    app = rnd.apps[0]
    score(rnd, rnd.members[0], app, "33.17", "29.43", "21.89", finding="Заключение А")
    html = get(client, rnd.members[1].user, project_url(rnd, app))
    for secret in ("33,17", "29,43", "21,89", "84,49", "Заключение А"):
        assert secret not in html
    own = get(client, rnd.members[0].user, project_url(rnd, app))
    assert 'value="33,17"' in own and "84,49" in own
    close_round(rnd)
    html = get(client, rnd.members[1].user, project_url(rnd, app))
    assert "Заключение А" not in html and "33,17" not in html  # the results page shows everyone's
    closed = get(client, rnd.members[0].user, project_url(rnd, app))
    assert "84,49" in closed and 'name="points-' not in closed


def test_outsiders_and_applications_outside_the_meeting_get_nothing(client, rnd):
    open_round(rnd)
    stranger = MembershipFactory(role="member", user=UserFactory(role="member")).user  # another commission
    client.force_login(stranger)
    assert client.get(project_url(rnd, rnd.apps[0])).status_code == 404
    Application.objects.filter(pk=rnd.apps[2].pk).update(status="rejected")
    client.force_login(rnd.members[0].user)
    assert client.get(project_url(rnd, rnd.apps[2])).status_code == 404
