"""Tokens for the API tests: issued through the service, as the tokens page does."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from api.models import Scope
from api.tokens import create_token


def token_for(user, *scopes: str, days: int = 30) -> str:
    return create_token(user=user, name="test", scopes=list(scopes), days=days, verified=True).secret


def client_with(secret: str | None) -> APIClient:
    client = APIClient()
    if secret:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


APPLICANT_SCOPES = (Scope.READ_APPLICATIONS, Scope.WRITE_DRAFTS, Scope.SUBMIT)
STAFF_SCOPES = (Scope.STAFF_READ, Scope.STAFF_SCREEN)


@pytest.fixture
def api_client():
    return client_with


@pytest.fixture
def call_open(db):
    from tests.factories import call_with_example_scenario

    return call_with_example_scenario()


@pytest.fixture
def rnd(db):
    """A commission round of three admitted applications (tests/commission/conftest.py)."""
    from tests.commission.conftest import build_round

    return build_round(3)
