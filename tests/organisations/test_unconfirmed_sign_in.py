"""Signing in before confirming the e-mail: the applicant is told why and can get the letter
again; nobody learns from either page whether an address is registered."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from tests.factories import OrganisationFactory, applicant

PASSWORD = "Zavod-Parol-2015!"
LINK = re.compile(r"http://testserver(/accounts/confirm/[^/\s]+/)")
GENERIC = "Неверный адрес электронной почты или пароль."
UNCONFIRMED = "Адрес электронной почты не подтверждён."

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def unconfirmed() -> User:
    return User.objects.create_user(
        email="anna@baltzavod.example", password=PASSWORD, organisation=OrganisationFactory(), is_active=False
    )


def _sign_in(client, email: str, password: str) -> str:
    response = client.post(reverse("login"), {"username": email, "password": password})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    return response.content.decode()


def test_the_right_password_of_an_unconfirmed_account_is_told_so_with_a_resend_button(client, unconfirmed):
    body = _sign_in(client, "Anna@BaltZavod.example", PASSWORD)
    assert UNCONFIRMED in body and "anna@baltzavod.example" in body.lower()
    assert 'data-testid="resend-confirmation"' in body
    assert f'action="{reverse("resend_confirmation")}"' in body
    assert GENERIC not in body


@pytest.mark.parametrize("email", ["anna@baltzavod.example", "nobody@baltzavod.example"])
def test_a_wrong_password_or_unknown_address_gets_the_same_plain_error(client, unconfirmed, email):
    body = _sign_in(client, email, "wrong-password")
    assert GENERIC in body
    assert UNCONFIRMED not in body and 'data-testid="resend-confirmation"' not in body


def test_a_confirmed_account_with_a_wrong_password_gets_the_plain_error(client):
    user = applicant()
    body = _sign_in(client, user.email, "wrong-password")
    assert GENERIC in body and UNCONFIRMED not in body


def test_resending_sends_one_letter_a_minute_whose_link_confirms(
    client, unconfirmed, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("resend_confirmation"), {"email": "ANNA@baltzavod.example"}, follow=True)
        again = client.post(reverse("resend_confirmation"), {"email": "ANNA@baltzavod.example"}, follow=True)
    assert first.status_code == 200
    assert [m.to for m in mailoutbox] == [["anna@baltzavod.example"]]
    assert _message(first) == _message(again) and "не чаще раза в минуту" in _message(first)
    path = LINK.search(mailoutbox[0].body).group(1)
    client.get(path)
    unconfirmed.refresh_from_db()
    assert unconfirmed.is_active and unconfirmed.email_confirmed_at is not None


@pytest.mark.parametrize("email", ["nobody@baltzavod.example", "confirmed"])
def test_the_resend_page_says_the_same_for_any_address(
    client, unconfirmed, mailoutbox, email, django_capture_on_commit_callbacks
):
    if email == "confirmed":
        email = applicant().email
    with django_capture_on_commit_callbacks(execute=True):
        other = client.post(reverse("resend_confirmation"), {"email": email}, follow=True)
        registered = client.post(reverse("resend_confirmation"), {"email": unconfirmed.email}, follow=True)
    assert _message(other).replace(email, "X") == _message(registered).replace(unconfirmed.email, "X")
    assert [m.to for m in mailoutbox] == [[unconfirmed.email]]


def test_the_resend_page_needs_an_address(client, mailoutbox):
    response = client.post(reverse("resend_confirmation"), {"email": "not-an-address"})
    assert response.status_code == 200 and "email" in response.context["form"].errors
    assert mailoutbox == []


def _message(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])
