from unittest import mock

import pytest
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_names_the_failing_database(client):
    with mock.patch("config.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]
    assert "down" in response.json()["checks"]["database"]


@pytest.mark.django_db
def test_healthz_names_the_failing_broker(client):
    with mock.patch("config.health.celery_app.connection_for_write", side_effect=ConnectionError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]


@pytest.mark.django_db
def test_pages_answer_friendly_503_when_database_is_gone(client):
    with mock.patch("accounts.views.roles_of", side_effect=OperationalError("gone")):
        from tests.factories import applicant

        client.force_login(applicant())
        response = client.get("/")
    assert response.status_code == 503
    assert "Сервис временно недоступен" in response.content.decode()
