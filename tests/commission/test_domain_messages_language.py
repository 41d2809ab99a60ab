"""The domain's Russian messages (points validation, the rounding note) shown in the
reader's language on the commission's pages; the password-reset letter stays Russian."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.commission.conftest import close_round, open_round, score

pytestmark = pytest.mark.django_db

RU_ERROR = (
    "Финансовая эффективность: показатель достигнут (п. 12 Методики), допустимо от 1 до 35 "
    "баллов или 0 баллов с письменным заключением."
)
EN_ERROR = (
    "Финансовая эффективность: the indicator is met (Methodology, clause 12), from 1 to 35 "
    "points are allowed, or 0 points with a written finding."
)


def scoring_errors(client, rnd) -> list[str]:
    app = rnd.apps[1]
    client.force_login(rnd.members[2].user)
    url = reverse("admin:commission_meeting_scoring", args=[rnd.meeting.pk])
    response = client.post(
        url,
        {
            "application": app.pk,
            "action": "score",
            "points-financial": "0,5",
            "points-budget": "31",
            "points-socio_economic": "20",
        },
    )
    assert response.status_code == 200  # the page again, each error beside its field
    return errors_on_page(response.content.decode())


def errors_on_page(html: str) -> list[str]:
    return [
        unescape(item)
        for block in re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', html, re.S)
        for item in re.findall(r"<li>(.*?)</li>", block, re.S)
    ]


@pytest.mark.parametrize(("language", "expected"), [("en", EN_ERROR), ("ru", RU_ERROR), (None, RU_ERROR)])
def test_a_points_error_in_the_readers_language(client, rnd, language, expected):
    open_round(rnd)
    if language:
        client.cookies["django_language"] = language
    assert scoring_errors(client, rnd) == [expected]


def test_the_rounding_note_in_the_readers_language(client, rnd):
    below = rnd.apps[0]
    open_round(rnd)
    score(rnd, rnd.members[0], below, 35, 35, "9.99")
    score(rnd, rnd.members[1], below, 35, 35, "10.00")
    close_round(rnd)
    client.force_login(rnd.secretary.user)
    url = reverse("admin:commission_meeting_results", args=[rnd.meeting.pk])
    russian = client.get(url).content.decode()
    assert "Неокруглённая сумма баллов 79,995 меньше проходного балла 80,00 (п. 14 Методики)" in russian
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "The unrounded sum of points 79,995 is below the passing score 80,00 (Methodology" in english
    assert "Неокруглённая" not in english
    client.cookies["django_language"] = "ru"
    assert "Неокруглённая сумма баллов 79,995" in client.get(url).content.decode()


def test_the_password_reset_letter_is_russian_from_an_english_page(client, rnd):
    user: User = rnd.members[0].user
    user.set_password("a-long-enough-password-1")
    user.save()
    client.cookies["django_language"] = "en"
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.subject == "Смена пароля в системе «Отбор»"
    assert "Для смены пароля в системе «Отбор» перейдите по ссылке:" in letter.body
    assert "Change" not in letter.body and "password" not in letter.subject.lower()
