"""Mails sent on request are limited per typed e-mail and per client address
(accounts/throttles.py); the password-reset page still says the same thing whether the
account exists."""

from __future__ import annotations

import pytest
from django.core import mail

from organisations.models import Organisation
from tests.factories import applicant

pytestmark = pytest.mark.django_db

RESET = "/accounts/password-reset/"
DONE = "/accounts/password-reset/done/"


def ask_reset(client, email: str, ip: str = "10.0.0.1"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def test_password_reset_mails_are_limited_per_account(client):
    """Finding: ten password-reset requests sent ten mails."""
    user = applicant()
    answers = [ask_reset(client, user.email, ip=f"10.0.0.{n}") for n in range(10)]
    assert len(mail.outbox) == 3
    assert [a.status_code for a in answers[:3]] == [302] * 3
    refused = answers[3].content.decode()
    assert answers[3].status_code == 200
    assert "Письмо на этот адрес уже отправлялось несколько раз" in refused


def test_password_reset_mails_are_limited_per_address(client):
    users = [applicant() for _ in range(11)]
    answers = [ask_reset(client, user.email) for user in users]
    assert len(mail.outbox) == 10
    assert "Слишком много запросов с вашего адреса" in answers[10].content.decode()
    assert ask_reset(client, users[10].email, ip="10.0.0.2")["Location"] == DONE


def test_the_reset_page_says_the_same_for_an_unknown_address(client):
    user = applicant()
    known = [ask_reset(client, f" {user.email.upper()} ") for _ in range(4)]
    unknown = [ask_reset(client, "nobody@example.ru") for _ in range(4)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown] == [302, 302, 302, 200]
    refusal = "Письмо на этот адрес уже отправлялось несколько раз"
    assert refusal in known[3].content.decode() and refusal in unknown[3].content.decode()
    assert len(mail.outbox) == 3  # only the existing account gets mail


def test_allow_mail_counts_per_kind_account_and_address():
    from accounts.throttles import allow_mail, mail_refusal

    assert [allow_mail("confirmation", "A@Example.ru", "10.1.1.1") for _ in range(4)] == [True] * 3 + [False]
    assert allow_mail("confirmation", " a@example.ru ", "10.1.1.2") is False  # same account
    assert allow_mail("password_reset", "a@example.ru", "10.1.1.1") is True  # another kind
    for n in range(10):
        assert allow_mail("confirmation", f"user{n}@example.ru", "10.1.1.3")
    assert mail_refusal("confirmation", "late@example.ru", "10.1.1.3") is not None
    assert mail_refusal("confirmation", "late@example.ru", "10.1.1.4") is None


def test_registrations_from_one_address_are_limited(client, django_capture_on_commit_callbacks):
    from demo.identifiers import inn_for
    from tests.factories import reference_region
    from tests.security.test_enumeration import registration

    reference_region()
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post("/accounts/register/", registration(f"cfo{n}@zavod.example", 930 + n))
            for n in range(11)
        ]
    assert [a.status_code for a in answers] == [302] * 10 + [200]
    assert "Слишком много запросов с вашего адреса" in answers[10].content.decode()
    assert len(mail.outbox) == 10
    assert not Organisation.objects.filter(inn=inn_for(940)).exists()
