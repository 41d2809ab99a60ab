"""The schema and its documentation page: vendored static files, nothing inline (the
CSP's script-src and style-src 'self'), the start script served from our own URL."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.security.test_inline_scripts import inline_scripts

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_and_versioned():
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["paths"] and all(path.startswith("/api/v1/") for path in schema["paths"])
    assert schema["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"


def test_docs_page_runs_nothing_inline_and_loads_only_our_files():
    client = Client()
    found, scripts = inline_scripts(client, "/api/docs/")
    assert found == []
    assert all(src.startswith("/") and not src.startswith("//") for src in scripts)
    for src in scripts:
        if src.startswith("/static/"):
            assert finders.find(src.removeprefix("/static/")), src
    start = next(src for src in scripts if src.startswith("/api/docs/"))
    response = client.get(start)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "'unsafe-inline'" not in client.get("/api/docs/")["Content-Security-Policy"]
