"""Registration and the colleague invitation answer the same whether the e-mail is
registered; the owner of a registered address gets a letter instead."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from demo.identifiers import inn_for, kpp_for, ogrn_for
from organisations.models import Organisation
from tests.factories import applicant, reference_region

pytestmark = pytest.mark.django_db

PASSWORD = "Zavod-Parol-2015!"


def registration(email: str, number: int) -> dict:
    inn = inn_for(number)
    return {
        "org-full_name": f"Общество с ограниченной ответственностью «Завод {number}»",
        "org-short_name": f"ООО «Завод {number}»",
        "org-inn": inn,
        "org-kpp": kpp_for(inn),
        "org-ogrn": ogrn_for(number),
        "org-region": "39",
        "org-address": "г. Калининград, ул. Портовая, 5",
        "org-contact_name": "Иванова Анна",
        "org-contact_phone": "+7 4012 00-00-00",
        "org-contact_email": "info@zavod.example",
        "user-full_name": "Иванова Анна Сергеевна",
        "user-email": email,
        "user-phone": "+7 900 000-00-00",
        "user-password1": PASSWORD,
        "user-password2": PASSWORD,
        "user-consent": "on",
    }


def page_without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_registration_does_not_reveal_a_registered_email(client, django_capture_on_commit_callbacks):
    """Finding: registering with a registered e-mail said «Пользователь с такой почтой уже
    зарегистрирован»."""
    reference_region()
    owner = applicant()
    with django_capture_on_commit_callbacks(execute=True):
        new = client.post(reverse("register"), registration("new@zavod.example", 911))
        taken = client.post(reverse("register"), registration(owner.email.upper(), 912))
    assert (new.status_code, new["Location"]) == (taken.status_code, taken["Location"])
    assert taken["Location"] == reverse("register_sent")
    assert page_without_csrf(client.get(taken["Location"])) == page_without_csrf(client.get(new["Location"]))
    # Nothing created for the registered address; its owner is told, in Russian.
    assert not Organisation.objects.filter(inn=inn_for(912)).exists()
    assert User.objects.filter(email__iexact=owner.email).count() == 1
    assert [m.to for m in mail.outbox] == [["new@zavod.example"], [owner.email]]
    letter = mail.outbox[1]
    assert letter.subject == "Повторная регистрация в системе «Отбор»"
    assert "Учётная запись с этим адресом уже есть" in letter.body
    assert "http://testserver/accounts/password-reset/" in letter.body


def test_an_invitation_does_not_reveal_a_registered_email(client, django_capture_on_commit_callbacks):
    """Finding: inviting a colleague by a registered e-mail said it was registered."""
    inviter = applicant()
    elsewhere = applicant()
    client.force_login(inviter)
    url = reverse("portal:organisation")

    def invite(email: str):
        data = {"invite": "1", "colleague-full_name": "Петров Пётр", "colleague-email": email}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, follow=True)

    fresh = invite("fresh@zavod.example")
    taken = invite(elsewhere.email)
    assert fresh.redirect_chain == taken.redirect_chain == [(url, 302)]
    body_fresh, body_taken = (r.content.decode() for r in (fresh, taken))
    assert "Приглашение отправлено на fresh@zavod.example." in body_fresh
    assert f"Приглашение отправлено на {elsewhere.email}." in body_taken
    # The list of users shows neither until they set a password.
    assert "fresh@zavod.example" not in body_fresh.split("Приглашение отправлено на fresh@zavod.example.")[1]
    assert elsewhere.email not in body_taken.split(f"Приглашение отправлено на {elsewhere.email}.")[1]
    elsewhere.refresh_from_db()
    assert elsewhere.organisation != inviter.organisation
    assert [m.to for m in mail.outbox] == [["fresh@zavod.example"], [elsewhere.email]]
    letter = mail.outbox[1]
    assert letter.subject == "Приглашение в организацию в системе «Отбор»"
    assert f"{inviter.full_name} пригласил(а) вас в организацию" in letter.body
