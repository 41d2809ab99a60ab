"""Sign-in locks count an account in every spelling of its e-mail (django-axes with
accounts.lockout.axes_username), and lock an address from which many different accounts
failed (password spraying, accounts/lockout.py)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt

from tests.factories import UserFactory, applicant

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"
LOGIN = "/accounts/login/"


def sign_in(client, email: str, password: str, ip: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def full_width(text: str) -> str:
    """The e-mail typed on a full-width keyboard layout (NFKC maps it back)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_normalised_identity():
    from accounts.throttles import normalised_identity

    assert normalised_identity("  User@Example.RU ") == "user@example.ru"
    assert normalised_identity(full_width("User@Example.ru")) == "user@example.ru"
    assert normalised_identity(None) == ""


@pytest.mark.parametrize(
    "spelling",
    [
        pytest.param(str.upper, id="capitals"),
        pytest.param(lambda e: f"  {e.title()}  ", id="spaces-and-case"),
        pytest.param(full_width, id="nfkc-full-width"),
    ],
)
def test_another_spelling_of_a_locked_email_is_locked_too(client, spelling):
    """Finding: after five failures for an applicant's e-mail, the same address in
    capitals got five fresh attempts and signed in with the right password."""
    user = applicant()
    for attempt in range(5):
        sign_in(client, user.email, f"wrong-{attempt}")
    response = sign_in(client, spelling(user.email), PASSWORD)
    assert response.status_code == 429
    assert "Вход временно заблокирован" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get().username == user.email


def test_a_sign_in_in_capitals_does_not_clear_the_lock(client):
    """Finding: a successful sign-in in capitals cleared the original lock."""
    user = applicant()
    for attempt in range(5):
        sign_in(client, user.email, f"wrong-{attempt}")
    sign_in(client, user.email.upper(), PASSWORD)
    assert sign_in(client, user.email, PASSWORD).status_code == 429
    assert AccessAttempt.objects.get().failures_since_start >= 5


def test_failures_in_mixed_spellings_add_up(client):
    user = applicant()
    for attempt, email in enumerate([user.email, user.email.upper(), f" {user.email} ", user.email.title()]):
        assert sign_in(client, email, f"wrong-{attempt}").status_code == 200
    assert sign_in(client, full_width(user.email), "wrong-5").status_code == 429


def test_the_right_password_in_capitals_signs_in(client):
    user = applicant()
    assert sign_in(client, f" {user.email.upper()} ", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_one_password_across_many_accounts_locks_the_address(client):
    """Finding: one password tried across many accounts from one address was not slowed."""
    victims = [applicant() for _ in range(10)]
    for victim in victims:
        assert sign_in(client, victim.email, "Summer2015!", ip="203.0.113.9").status_code == 200
    target = applicant()
    locked = sign_in(client, target.email, PASSWORD, ip="203.0.113.9")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "в разные учётные записи" in body and "на час" in body
    assert "_auth_user_id" not in client.session
    # Another address is not affected; nor is any single account locked by the spray.
    assert sign_in(client, victims[0].email, PASSWORD, ip="198.51.100.4").status_code == 302


def test_colleagues_typos_behind_one_address_do_not_lock_it(client):
    users = [applicant() for _ in range(9)]
    for user in users:
        for attempt in range(2):  # the same account twice counts once
            sign_in(client, user.email, f"typo-{attempt}", ip="192.0.2.1")
    assert sign_in(client, UserFactory(role="applicant").email, PASSWORD, ip="192.0.2.1").status_code == 302
