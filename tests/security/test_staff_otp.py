"""Staff pass a second factor (TOTP or a backup code) before the admin and staff pages;
applicants are not affected."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.views_otp import ENROL_SECRET_KEY
from tests.factories import UserFactory, applicant
from tests.otp_helpers import confirmed_totp_device, current_token, follow_enrolment_link, login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.otp]

STAFF_ROLES = ["member", "chair", "secretary", "administrator"]
SETUP = "/accounts/otp/setup/"
VERIFY = "/accounts/otp/verify/"


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_without_a_device_are_sent_to_set_up_totp(client, role):
    client.force_login(UserFactory(role=role))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/applications/application/", "/calls/", "/screening/", "/"]
)
def test_no_staff_page_opens_before_the_second_factor(client, url):
    client.force_login(UserFactory(role="secretary"))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


def test_staff_with_a_device_are_asked_for_the_code(client):
    user = UserFactory(role="member")
    confirmed_totp_device(user)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"


def test_applicants_are_not_affected(client):
    client.force_login(applicant())
    assert client.get("/applications/").status_code == 200
    assert client.get(SETUP).status_code == 403
    assert client.get(VERIFY).status_code == 403


def test_anonymous_are_sent_to_sign_in(client):
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_setup_shows_a_russian_page_with_the_uri_and_an_inline_svg_qr_code(client):
    user = UserFactory(role="secretary", email="sec@otbor.example")
    client.force_login(user)
    follow_enrolment_link(client)
    body = client.get(SETUP).content.decode()
    assert "Настройка двухфакторной аутентификации" in body
    uri = re.search(r'data-testid="otp-uri">([^<]+)<', body).group(1)
    assert uri.startswith("otpauth://totp/")
    assert "sec%40otbor.example" in uri and "issuer=" in uri
    qr = body.split('data-testid="otp-qr"')[1]
    assert qr.split(">", 1)[1].lstrip().startswith("<svg")
    assert "<?xml" not in body
    assert not TOTPDevice.objects.filter(user=user).exists()  # nothing stored before the code


def test_enrolment_with_the_right_code_stores_the_device_and_backup_codes(client):
    user = UserFactory(role="member")
    client.force_login(user)
    follow_enrolment_link(client)
    client.get(SETUP)
    secret = client.session[ENROL_SECRET_KEY]

    wrong = client.post(
        SETUP, {"token": "000000" if current_token(secret) != "000000" else "111111", "next": "/admin/"}
    )
    assert wrong.status_code == 200
    assert "Код не подошёл" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()

    done = client.post(SETUP, {"token": current_token(secret), "next": "/admin/"})
    assert done.status_code == 200
    codes = re.findall(r"<li>(\w+)</li>", done.content.decode().split('data-testid="backup-codes"')[1])
    assert len(codes) == 10
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.key == secret
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get("/admin/").status_code == 200


def test_a_second_device_cannot_be_enrolled_by_whoever_knows_the_password(client):
    user = UserFactory(role="chair")
    device = confirmed_totp_device(user)
    client.force_login(user)
    response = client.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_sign_in_to_the_admin_requires_the_token(client):
    user = UserFactory(role="secretary", email="s2@otbor.example")
    device = confirmed_totp_device(user)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "s2@otbor.example", "password": "pass-word-123", "next": "/admin/"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    response = client.get("/admin/")
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    page = client.get(response["Location"])
    assert "Подтверждение входа" in page.content.decode()

    bad = client.post(VERIFY, {"token": "12345", "next": "/admin/"})
    assert bad.status_code == 200 and "Неверный" in bad.content.decode()
    assert client.get("/admin/").status_code == 302
    # The wrong code started django-otp's back-off (1 s, doubling); let it pass.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)

    good = client.post(VERIFY, {"token": current_token(device), "next": "/admin/"})
    assert good.status_code == 302 and good["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_code_cannot_be_replayed(client):
    user = UserFactory(role="member")
    device = confirmed_totp_device(user)
    token = current_token(device)
    client.force_login(user)
    assert client.post(VERIFY, {"token": token})["Location"] == "/admin/"
    client.logout()
    client.force_login(user)
    assert client.post(VERIFY, {"token": token}).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_backup_code_works_once(client):
    user = UserFactory(role="administrator")
    confirmed_totp_device(user)
    static = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    static.token_set.create(token="abcd1234")
    client.force_login(user)
    assert client.post(VERIFY, {"token": "abcd1234"}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    client.force_login(user)
    assert client.post(VERIFY, {"token": "abcd1234"}).status_code == 200


def test_next_cannot_leave_the_site(client):
    user = UserFactory(role="member")
    device = confirmed_totp_device(user)
    client.force_login(user)
    response = client.post(VERIFY, {"token": current_token(device), "next": "https://evil.example/admin/"})
    assert response["Location"] == reverse("admin:index")


def test_repeated_wrong_codes_are_throttled(client):
    user = UserFactory(role="member")
    device = confirmed_totp_device(user)
    client.force_login(user)
    for _ in range(3):
        client.post(VERIFY, {"token": "999999" if current_token(device) != "999999" else "888888"})
    device.refresh_from_db()
    # The first failure starts the back-off; the next two fall inside it, uncounted.
    assert device.throttling_failure_count == 1
    assert device.throttling_failure_timestamp is not None
    # Throttled: even the right code is refused until the back-off has passed.
    assert client.post(VERIFY, {"token": current_token(device)}).status_code == 200


def test_the_helper_logs_staff_in_verified(client):
    login_verified(client, UserFactory(role="chair"))
    assert client.get("/admin/").status_code == 200


def test_logout_is_reachable_before_the_second_factor(client):
    client.force_login(UserFactory(role="member"))
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
