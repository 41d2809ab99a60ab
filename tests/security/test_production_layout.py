"""The production layout (docker-compose.yml, Dockerfile, docs/deploy.md) read as files:
there is no Docker engine here to run them. Secrets only from the environment, required;
an unprivileged user; health checks; migrations once, before the web starts; TLS at a
documented proxy, gunicorn not published."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.security.compose_yaml import read_compose

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = read_compose((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
APP_SERVICES = ("web", "worker", "beat", "migrate")
REQUIRED = re.compile(r"^\$\{(?P<name>[A-Z_]+):\?[^}]+\}$")
URL_PASSWORD = re.compile(r"^[a-z]+://[^:/@]*:(?P<password>.*)@")


def environment(service: str) -> dict[str, str]:
    return SERVICES[service].get("environment") or {}


def command(service: str) -> str:
    value = SERVICES[service].get("command") or ""
    return " ".join(value) if isinstance(value, list) else value


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_secret_comes_from_the_environment_and_is_required(service):
    for name, value in environment(service).items():
        if re.search(r"PASSWORD|SECRET", name):
            assert REQUIRED.match(value), (service, name, value)
        password = URL_PASSWORD.match(value or "")
        if password:  # a URL with credentials: the password is a required variable
            assert REQUIRED.match(password["password"]), (service, name, value)


def test_no_password_is_written_in_the_files():
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert ":otbor@" not in text
    assert "POSTGRES_PASSWORD: otbor" not in text and "POSTGRES_PASSWORD: {" not in text
    # No secret baked into the image's environment (the build step's dummy key is not kept).
    instructions = DOCKERFILE.replace("\\\n", " ").splitlines()
    assert not [line for line in instructions if re.match(r"(ENV|ARG)\b.*(PASSWORD|SECRET)", line, re.I)]


def test_the_database_and_redis_require_passwords():
    assert REQUIRED.match(environment("db")["POSTGRES_PASSWORD"])
    assert REQUIRED.match(environment("redis")["REDIS_PASSWORD"])
    assert "--requirepass" in command("redis")
    for service in APP_SERVICES:
        assert URL_PASSWORD.match(environment(service)["REDIS_URL"]), service
        assert REQUIRED.match(environment(service)["DJANGO_SECRET_KEY"]), service


def test_the_image_runs_as_an_unprivileged_user():
    users = re.findall(r"^USER\s+(\S+)", DOCKERFILE, flags=re.MULTILINE)
    assert users, "the Dockerfile sets no USER"
    final = users[-1].split(":")[0]
    assert final not in ("root", "0")
    for service in APP_SERVICES:
        assert str(SERVICES[service].get("user", final)).split(":")[0] not in ("root", "0"), service


@pytest.mark.parametrize("service", ["web", "worker", "beat", "db", "redis"])
def test_every_long_running_service_has_a_health_check(service):
    check = SERVICES[service].get("healthcheck") or {}
    assert check.get("disable") not in ("true", True)
    assert check.get("test"), service
    assert check.get("interval") and check.get("retries")


@pytest.mark.parametrize("service", ["web", "worker", "beat"])
def test_the_application_waits_for_healthy_databases_and_a_finished_migration(service):
    depends = SERVICES[service]["depends_on"]
    assert depends["db"] == {"condition": "service_healthy"}
    assert depends["redis"] == {"condition": "service_healthy"}
    assert depends["migrate"] == {"condition": "service_completed_successfully"}
    assert "migrate" not in command(service)


def test_migrations_run_once_as_a_one_off_step():
    migrate = SERVICES["migrate"]
    assert command("migrate") == "python manage.py migrate --noinput"
    assert migrate.get("restart") == "no"
    assert migrate["depends_on"]["db"] == {"condition": "service_healthy"}
    # Static files are built into the image, not collected by every starting replica.
    assert "collectstatic" in DOCKERFILE
    assert all("collectstatic" not in command(service) for service in SERVICES)


def test_tls_ends_at_a_documented_proxy_and_gunicorn_is_not_published():
    assert "ports" not in SERVICES["web"]
    assert "gunicorn -c config/gunicorn.conf.py" in command("web")
    proxy = SERVICES["proxy"]
    assert "443:443" in proxy["ports"]
    mounted = [volume.split(":")[0] for volume in proxy["volumes"]]
    assert all((ROOT / path).exists() for path in mounted if path.startswith("./"))
    deploy = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for needed in ("TLS", "X-Forwarded-Proto", "DJANGO_SECURE_PROXY_SSL_HEADER", "nginx", "Caddy"):
        assert needed in deploy, needed
    for service in APP_SERVICES:
        assert environment(service)["OTBOR_TRUSTED_PROXIES"] == "1"
        assert environment(service)["DJANGO_SECURE_PROXY_SSL_HEADER"] == "HTTP_X_FORWARDED_PROTO"


@pytest.mark.parametrize(
    ("value", "expected"), [("HTTP_X_FORWARDED_PROTO", "('HTTP_X_FORWARDED_PROTO', 'https')"), ("", "None")]
)
def test_the_proxy_ssl_header_comes_from_the_environment(value, expected):
    env = {
        **{k: v for k, v in os.environ.items() if k != "OTBOR_TESTING"},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_PROXY_SSL_HEADER": value,
        "DATABASE_URL": "postgres://check@127.0.0.1:5432/check",
        "DJANGO_SECRET_KEY": "check-" + "x" * 50,
    }
    script = "import config.settings as s; print(getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == expected


def test_the_health_checks_tell_healthy_from_not(live_server, monkeypatch, tmp_path):
    import runpy
    import time

    checks = runpy.run_path(str(ROOT / "scripts" / "healthcheck.py"))
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "localhost")
    monkeypatch.setenv("OTBOR_HEALTHCHECK_URL", live_server.url + "/healthz")
    assert checks["web"]() is True
    monkeypatch.setenv("OTBOR_HEALTHCHECK_URL", live_server.url + "/no-such-page")
    assert checks["web"]() is False

    schedule = tmp_path / "celerybeat-schedule"
    beat = checks["beat"]
    beat.__globals__["BEAT_SCHEDULE"] = str(schedule)
    assert beat() is False  # beat never wrote its schedule
    (tmp_path / "celerybeat-schedule.dat").write_bytes(b"")  # the dumb dbm's suffix
    assert beat() is True
    stale = time.time() - 3600
    os.utime(tmp_path / "celerybeat-schedule.dat", (stale, stale))
    assert beat() is False


def test_the_image_carries_the_compiled_engine_kernels():
    # The kernels are compiled at build time into a cache the unprivileged user can read
    # (and extend, on a processor other than the build machine's), not at the first task.
    instructions = DOCKERFILE.replace("\\\n", " ")
    cache = re.search(r"NUMBA_CACHE_DIR=(\S+)", instructions)
    assert cache and cache[1].startswith("/app/var/"), "no numba cache under /app/var"
    warm = instructions.index("python -m engine.warm")
    assert warm < instructions.index("chown -R otbor:otbor") < instructions.index("USER otbor")
    assert "/app/var" in instructions[instructions.index("chown -R otbor:otbor") :].split("\n")[0]
