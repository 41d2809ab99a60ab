"""Personal API tokens: stored hashed, shown once, scoped, expiring, revocable; a staff
token needs the second factor; the tokens page; the limits per token and per address."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.cache import cache
from django.utils import timezone

from api.models import ApiToken, Scope
from api.tokens import TokenRefused, create_token
from tests.api.conftest import APPLICANT_SCOPES, client_with, token_for
from tests.factories import UserFactory, applicant
from tests.otp_helpers import login_verified

pytestmark = pytest.mark.django_db


def test_only_the_sha256_is_stored_and_the_prefix_identifies_it():
    user = applicant()
    issued = create_token(user=user, name="ERP", scopes=[Scope.READ_APPLICATIONS], days=30, verified=False)
    assert issued.secret.startswith("otb_") and len(issued.secret) > 40
    row = ApiToken.objects.get()
    assert row.digest == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert row.prefix == issued.secret[:12]
    assert issued.secret not in repr(ApiToken.objects.values_list())


def test_a_token_authenticates_until_it_expires_or_is_revoked():
    user = applicant()
    secret = token_for(user, Scope.READ_APPLICATIONS)
    client = client_with(secret)
    assert client.get("/api/v1/organisation/").json()["inn"] == user.organisation.inn
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/v1/organisation/").status_code == 401
    ApiToken.objects.update(expires_at=timezone.now() + dt.timedelta(days=1), revoked_at=timezone.now())
    assert client.get("/api/v1/organisation/").status_code == 401
    assert client_with("otb_not-a-token").get("/api/v1/organisation/").status_code == 401


def test_scopes_limit_what_a_token_does(call_open):
    user = applicant()
    reader = client_with(token_for(user, Scope.READ_APPLICATIONS))
    assert reader.get("/api/v1/applications/").status_code == 200
    assert reader.post("/api/v1/applications/", {"call": call_open.pk}, format="json").status_code == 403
    writer = client_with(token_for(user, Scope.WRITE_DRAFTS))
    assert writer.get("/api/v1/applications/").status_code == 403
    created = writer.post("/api/v1/applications/", {"call": call_open.pk}, format="json")
    assert created.status_code == 201
    assert writer.post(f"/api/v1/applications/{created.json()['id']}/submit/").status_code == 403


def test_applicants_cannot_take_staff_scopes_and_staff_need_the_second_factor():
    with pytest.raises(TokenRefused):
        create_token(user=applicant(), name="x", scopes=[Scope.STAFF_READ], days=30, verified=True)
    secretary = UserFactory(role="secretary")
    with pytest.raises(TokenRefused, match="вторым фактором"):
        create_token(user=secretary, name="x", scopes=[Scope.STAFF_READ], days=30, verified=False)
    assert create_token(user=secretary, name="x", scopes=[Scope.STAFF_READ], days=30, verified=True).secret
    with pytest.raises(TokenRefused):
        create_token(user=applicant(), name="x", scopes=[Scope.READ_APPLICATIONS], days=400, verified=False)


def test_tokens_page_creates_shows_once_lists_and_revokes(client):
    user = applicant()
    client.force_login(user)
    response = client.post(
        "/api/tokens/", {"name": "Учёт", "scopes": [Scope.READ_APPLICATIONS, Scope.SUBMIT], "days": 90}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    secret = response.context["issued"].secret
    assert secret.encode() in response.content
    assert hashlib.sha256(secret.encode()).hexdigest() == token.digest
    listing = client.get("/api/tokens/")
    assert token.prefix.encode() in listing.content
    assert secret.encode() not in listing.content
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    other = applicant()
    client.force_login(other)
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404


@pytest.mark.otp
def test_a_staff_token_on_the_page_needs_a_verified_session(client, settings):
    secretary = UserFactory(role="secretary")
    client.force_login(secretary)
    # Unverified: the second-factor middleware sends staff to the code prompt first.
    assert client.get("/api/tokens/").status_code == 302
    login_verified(client, secretary)
    response = client.post("/api/tokens/", {"name": "BI", "scopes": [Scope.STAFF_READ], "days": 30})
    assert response.status_code == 200
    assert ApiToken.objects.filter(user=secretary, scopes=[Scope.STAFF_READ]).count() == 1


def test_throttled_per_token_and_per_address(monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"token": "3/min", "address": "5/min"})
    cache.clear()
    client = client_with(token_for(applicant(), *APPLICANT_SCOPES))
    codes = [client.get("/api/v1/calls/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    anonymous = client_with(None)
    codes = [anonymous.get("/api/v1/calls/").status_code for _ in range(2)]
    assert codes == [200, 429]  # the address's 5 are spent: 4 above + 1 here
