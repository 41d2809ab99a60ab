"""Content security policy, cookies, HSTS and the deployment checklist."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import applicant

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "otbor.example",
    "DATABASE_URL": "postgres://otbor:otbor@127.0.0.1:5432/otbor",
    "DJANGO_SECRET_KEY": "test-deploy-Zq8vN3kR7tLw2XpB9sYdH4mFj6cUe1GaT5oKiVr0nQxEb-Wl7",
}


def production(*args: str) -> subprocess.CompletedProcess:
    # Not the test settings pytest-django exported (config.settings_test): the real ones.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"OTBOR_TESTING", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(PRODUCTION_ENV)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.mark.django_db
def test_every_page_carries_the_content_security_policy(client):
    client.force_login(applicant())
    response = client.get("/applications/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    # Scripts only from our static files (tests/security/test_inline_scripts.py).
    assert policy["script-src"] == ["'self'"]
    assert "*" not in response["Content-Security-Policy"]


def test_production_policy_runs_no_inline_script():
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
        "django.setup(); from csp.middleware import CSPMiddleware;"
        "from django.http import HttpResponse; from django.test import RequestFactory;"
        "response = CSPMiddleware(lambda request: HttpResponse())(RequestFactory().get('/'));"
        "print(response['Content-Security-Policy'])"
    )
    result = production("-c", code)
    assert result.returncode == 0, result.stderr
    policy = directives(result.stdout.strip().splitlines()[-1])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'"]


@pytest.mark.django_db
def test_csrf_is_enforced_on_sign_in():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x@example.ru", "password": "y"})
    assert response.status_code == 403


def test_no_view_opts_out_of_csrf():
    offenders = [
        str(path.relative_to(ROOT))
        for top in ("accounts", "applications", "commission", "scoring", "config")
        for path in (ROOT / top).rglob("*.py")
        if "csrf_exempt" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_sessions_and_passwords():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == settings.CSRF_COOKIE_SAMESITE == "Lax"
    validators = {v["NAME"].rsplit(".", 1)[1]: v for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert validators["MinimumLengthValidator"]["OPTIONS"]["min_length"] >= 10
    assert {"CommonPasswordValidator", "NumericPasswordValidator", "UserAttributeSimilarityValidator"} <= set(
        validators
    )


def test_production_settings_are_hardened():
    code = (
        "import json, django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
        "django.setup(); from django.conf import settings as s;"
        "print(json.dumps({k: getattr(s, k, None) for k in ["
        "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_HTTPONLY',"
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT',"
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS', 'OTBOR_REQUIRE_STAFF_OTP']}"
        "| {'HASHER': s.PASSWORD_HASHERS[0]}))"
    )
    result = production("-c", code)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        "OTBOR_REQUIRE_STAFF_OTP": True,
        # The tests' MD5 (config/settings_test.py) never reaches production.
        "HASHER": "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    }


def test_the_deployment_checklist_passes_without_warnings():
    result = production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_signed_in_pages_and_documents_are_never_stored_by_a_cache(client):
    from tests.factories import DocumentFactory, call_with_example_scenario, complete_application

    app = complete_application(call_with_example_scenario())
    document = DocumentFactory(application=app, uploaded_by=app.created_by)
    client.force_login(app.created_by)
    for url in ("/applications/", f"/applications/{app.pk}/documents/{document.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url
