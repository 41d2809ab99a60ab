"""django-axes: five failed sign-ins for one e-mail from one IP lock that pair out for
30 minutes, on the site's login page and the admin's."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.conf import settings
from django.utils.module_loading import import_string

from tests.factories import UserFactory, applicant

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"


def sign_in(client, url: str, email: str, password: str, ip: str = "10.0.0.1"):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_axes_is_the_first_authentication_backend():
    first = import_string(settings.AUTHENTICATION_BACKENDS[0])
    assert issubclass(first, AxesStandaloneBackend)
    assert settings.AXES_USERNAME_CALLABLE == "accounts.lockout.axes_username"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == dt.timedelta(minutes=30)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_five_failures_lock_out_even_the_right_password(client, url):
    user = applicant() if url == "/accounts/login/" else UserFactory(role="secretary")
    for attempt in range(4):
        response = sign_in(client, url, user.email, f"wrong-{attempt}")
        assert response.status_code == 200  # the form again, with its error
    locked = sign_in(client, url, user.email, "wrong-5")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "Вход временно заблокирован" in body and "30 минут" in body
    right = sign_in(client, url, user.email, PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username_and_ip(client):
    user = applicant()
    other = applicant()
    for attempt in range(5):
        sign_in(client, "/accounts/login/", user.email, f"wrong-{attempt}")
    assert sign_in(client, "/accounts/login/", other.email, PASSWORD).status_code == 302
    client.logout()
    # The same e-mail from another address is not locked (an attacker cannot lock a
    # colleague out from elsewhere).
    assert sign_in(client, "/accounts/login/", user.email, PASSWORD, ip="10.0.0.2").status_code == 302


def test_the_lock_expires_after_thirty_minutes(client):
    user = applicant()
    for attempt in range(5):
        sign_in(client, "/accounts/login/", user.email, f"wrong-{attempt}")
    assert sign_in(client, "/accounts/login/", user.email, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31))
    assert sign_in(client, "/accounts/login/", user.email, PASSWORD).status_code == 302


def test_a_successful_sign_in_resets_the_count(client):
    user = applicant()
    for attempt in range(4):
        sign_in(client, "/accounts/login/", user.email, f"wrong-{attempt}")
    assert sign_in(client, "/accounts/login/", user.email, PASSWORD).status_code == 302
    client.logout()
    for attempt in range(4):
        assert sign_in(client, "/accounts/login/", user.email, f"again-{attempt}").status_code == 200
    assert sign_in(client, "/accounts/login/", user.email, PASSWORD).status_code == 302


# ---------------------------------------------------------------- behind a reverse proxy


def sign_in_via_proxy(client, email: str, password: str, forwarded_for: str):
    return client.post(
        "/accounts/login/",
        {"username": email, "password": password},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_each_client_has_its_own_lock(client, settings):
    settings.OTBOR_TRUSTED_PROXIES = 1
    user = applicant()
    for attempt in range(5):
        sign_in_via_proxy(client, user.email, f"wrong-{attempt}", "203.0.113.7")
    assert sign_in_via_proxy(client, user.email, PASSWORD, "203.0.113.7").status_code == 429
    # Another client behind the same proxy (same REMOTE_ADDR) signs in.
    assert sign_in_via_proxy(client, user.email, PASSWORD, "198.51.100.4").status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


def test_a_forged_forwarded_for_does_not_escape_the_lock(client, settings):
    settings.OTBOR_TRUSTED_PROXIES = 1
    user = applicant()
    for attempt in range(5):
        # The attacker writes a new address each time; the proxy appends the real one.
        sign_in_via_proxy(client, user.email, f"wrong-{attempt}", f"192.0.2.{attempt}, 203.0.113.7")
    assert sign_in_via_proxy(client, user.email, PASSWORD, "192.0.2.99, 203.0.113.7").status_code == 429


def test_without_trusted_proxies_the_header_is_ignored(client, settings):
    settings.OTBOR_TRUSTED_PROXIES = 0
    user = applicant()
    for attempt in range(5):
        sign_in_via_proxy(client, user.email, f"wrong-{attempt}", f"192.0.2.{attempt}")
    assert AccessAttempt.objects.get().ip_address == "10.9.9.9"
    assert sign_in_via_proxy(client, user.email, PASSWORD, "192.0.2.50").status_code == 429


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", "10.9.9.9"),  # not through the proxy
        ("not-an-address", "10.9.9.9"),
        ("2001:db8::1", "2001:db8::1"),
        ("198.51.100.4 , 203.0.113.7", "203.0.113.7"),
    ],
)
def test_client_ip_address_parsing(rf, settings, header, expected):
    from accounts.client_ip import client_ip_address

    settings.OTBOR_TRUSTED_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR=header)
    assert client_ip_address(request) == expected
