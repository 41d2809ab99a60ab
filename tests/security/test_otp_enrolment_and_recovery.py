"""The first enrolment needs the link mailed to the account; backup codes sign in as
people type them and can be renewed; an administrator's reset is in the audit trail."""

from __future__ import annotations

import re

import pytest
from django.contrib.admin.sites import site
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import otp
from accounts.models import User
from accounts.views_otp import ENROL_SECRET_KEY
from audit.models import AuditEntry
from audit.services import verify
from tests.factories import UserFactory
from tests.otp_helpers import confirmed_totp_device, current_token, follow_enrolment_link, login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.otp]

SETUP = "/accounts/otp/setup/"
SEND = "/accounts/otp/setup/link/"
VERIFY = "/accounts/otp/verify/"
BACKUP = "/accounts/otp/backup-codes/"
LINK = re.compile(r"http://testserver(/accounts/otp/enrol/\S+)")


def mailed_link(client) -> str:
    mail.outbox.clear()
    client.post(SEND, {"next": "/admin/"})
    return LINK.search(mail.outbox[-1].body).group(1)


def test_the_password_alone_does_not_enrol_a_device(client):
    """Finding: the first enrolment was open to anyone who knew the password."""
    user = UserFactory(role="secretary")
    client.force_login(user)
    page = client.get(SETUP)
    body = page.content.decode()
    assert page.status_code == 200
    assert "otpauth://" not in body and 'data-testid="otp-qr"' not in body
    assert "Отправить ссылку на почту" in body
    assert ENROL_SECRET_KEY not in client.session
    # A code for a secret of the attacker's choosing is not accepted either.
    session = client.session
    session[ENROL_SECRET_KEY] = secret = otp.new_secret()
    session.save()
    client.post(SETUP, {"token": current_token(secret)})
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_the_mailed_link_opens_enrolment_in_the_same_session_once(client):
    user = UserFactory(role="member", email="member@otbor.example")
    client.force_login(user)
    link = mailed_link(client)
    message = mail.outbox[-1]
    assert message.to == ["member@otbor.example"]
    assert message.subject == "Подключение двухфакторной аутентификации в системе «Отбор»"
    assert "действует 1 ч. и только один раз" in message.body
    assert client.get(link)["Location"].startswith(SETUP)
    assert 'data-testid="otp-qr"' in client.get(SETUP).content.decode()
    secret = client.session[ENROL_SECRET_KEY]
    done = client.post(SETUP, {"token": current_token(secret), "next": "/admin/"})
    assert 'data-testid="backup-codes"' in done.content.decode()
    assert TOTPDevice.objects.get(user=user).confirmed
    assert AuditEntry.objects.filter(action="second_factor.enrolled", object_id=str(user.pk)).count() == 1


def test_the_link_works_only_once_and_only_in_the_session_that_asked(client):
    user = UserFactory(role="chair")
    client.force_login(user)
    link = mailed_link(client)

    other = Client()  # the password holder in another browser
    other.force_login(user)
    other.get(link)
    assert 'data-testid="otp-qr"' not in other.get(SETUP).content.decode()

    client.get(link)
    assert 'data-testid="otp-qr"' in client.get(SETUP).content.decode()
    client.logout()
    client.force_login(user)
    refused = client.get(link, follow=True)
    assert "Ссылка недействительна" in refused.content.decode()
    assert 'data-testid="otp-qr"' not in client.get(SETUP).content.decode()


def test_an_expired_or_forged_link_is_refused(client, monkeypatch):
    user = UserFactory(role="administrator")
    client.force_login(user)
    link = mailed_link(client)
    token = link.split("/accounts/otp/enrol/")[1].split("/")[0]
    client.get(f"/accounts/otp/enrol/{token[:-2]}xx/")
    assert 'data-testid="otp-qr"' not in client.get(SETUP).content.decode()
    monkeypatch.setattr(otp, "ENROL_LINK_MAX_AGE", -1)  # an hour has passed
    client.get(link)
    assert 'data-testid="otp-qr"' not in client.get(SETUP).content.decode()
    monkeypatch.undo()
    client.get(link)  # the same link in time: it was not spent by the refusals
    assert 'data-testid="otp-qr"' in client.get(SETUP).content.decode()


def test_enrolment_mails_are_throttled(client):
    client.force_login(UserFactory(role="member"))
    for _ in range(3):
        client.post(SEND)
    mail.outbox.clear()
    response = client.post(SEND, follow=True)
    assert mail.outbox == []
    assert "уже отправлялось несколько раз" in response.content.decode()


def test_a_backup_code_signs_in_as_people_type_it(client):
    """Finding: there was no working self-service recovery: backup codes typed from the
    printed list (capitals, a space in the middle) were refused."""
    user = UserFactory(role="secretary")
    confirmed_totp_device(user)
    codes = otp.issue_backup_codes(user)
    client.force_login(user)
    form = client.get(VERIFY).content.decode()
    assert 'inputmode="numeric"' not in form  # letters can be typed on a phone
    typed = f" {codes[0][:4].upper()} {codes[0][4:].upper()} "
    assert client.post(VERIFY, {"token": typed, "next": "/admin/"})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_backup_codes_can_be_renewed_by_their_owner(client):
    user = UserFactory(role="chair")
    login_verified(client, user)
    old = otp.issue_backup_codes(user)
    page = client.get(BACKUP).content.decode()
    assert "осталось 10 неиспользованных резервных кодов" in page
    done = client.post(BACKUP, {"next": "/admin/"}).content.decode()
    new = re.findall(r"<li>(\w+)</li>", done.split('data-testid="backup-codes"')[1])
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(new)
    assert AuditEntry.objects.filter(action="second_factor.backup_codes", actor_id=user.pk).exists()


def test_backup_codes_page_needs_the_second_factor(client):
    user = UserFactory(role="member")
    confirmed_totp_device(user)
    client.force_login(user)
    assert client.get(BACKUP)["Location"].startswith(VERIFY)
    assert client.post(BACKUP).status_code == 302
    assert not StaticDevice.objects.filter(user=user).exists()


def test_an_administrators_reset_is_in_the_audit_trail(client):
    administrator = UserFactory(role="administrator", is_superuser=True)
    member = UserFactory(role="member", email="lost-phone@otbor.example")
    device = confirmed_totp_device(member)
    otp.issue_backup_codes(member)
    member_client = Client()
    login_verified(member_client, member)
    assert member_client.get("/admin/").status_code == 200

    login_verified(client, administrator)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_second_factor", "_selected_action": [member.pk]},
        follow=True,
    )
    assert "Двухфакторная аутентификация сброшена: 1" in response.content.decode()
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not StaticDevice.objects.filter(user=member).exists()
    entry = AuditEntry.objects.get(action="second_factor.reset")
    assert (entry.object_type, entry.object_id, entry.actor_id) == (
        "user.second_factor",
        str(member.pk),
        administrator.pk,
    )
    assert entry.data == {"devices_removed": 2}
    assert verify()[1] is None
    # The member's verified session is verified no more; they enrol again by the link.
    assert member_client.get("/admin/")["Location"].startswith(SETUP)
    follow_enrolment_link(member_client)
    assert 'data-testid="otp-qr"' in member_client.get(SETUP).content.decode()
    assert "reset_second_factor" in site._registry[User].actions


def test_a_mail_server_failure_is_a_russian_message(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("accounts.views_otp.send_mail", broken)
    client.force_login(UserFactory(role="member"))
    response = client.post(SEND, follow=True)
    assert response.status_code == 200
    assert "Не удалось отправить письмо" in response.content.decode()
