"""Every operation of the REST API, probed by every role with a token holding all the
scopes that role may have, on organisation B's objects, with every method.

A *leak* is a role outside an operation's allowed set getting anything but a refusal
(401/403/404/405), a refused request that changed the database, or a body showing an
application's title to someone who may not see that application. The routes come from
the resolver: a new API route fails this test until it is classified below.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import APPLICANT_SCOPES, STAFF_SCOPES, ApiToken
from api.tokens import create_token
from tests.security.test_permission_matrix import (
    ALL_ROUTES,
    APPLICANTS,
    MAY_SEE,
    NOBODY,
    OWNER,
    PUBLIC,
    ROLES,
    SCREENERS,
    SIGNED_IN,
    Findings,
    body_of,
    build_world,
    snapshot,
    writes_of,
)

pytestmark = [pytest.mark.django_db]

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
REFUSED = {401, 403, 404, 405}

# Operation -> {method: roles allowed}; a method not listed is refused to everybody.
# A callable takes the application variant ("draft" or "submitted").
API: dict[str, dict[str, object]] = {
    "api:calls": {"GET": PUBLIC},
    "api:call": {"GET": PUBLIC},
    "api:open_calls": {"GET": PUBLIC},
    # The world's call is not decided: its register is a 404 for everyone.
    "api:winners": {"GET": PUBLIC},
    "api:winners_csv": {"GET": PUBLIC},
    "api:organisation": {"GET": APPLICANTS},
    "api:applications": {"GET": SIGNED_IN, "POST": APPLICANTS},
    "api:application": {"GET": lambda v: MAY_SEE[v]},
    "api:application_case": {"PUT": OWNER},
    "api:application_documents": {"GET": lambda v: MAY_SEE[v], "POST": OWNER},
    "api:application_submit": {"POST": OWNER},
    "api:application_indicators": {"GET": lambda v: MAY_SEE[v]},
    "api:screening": {"GET": SCREENERS},
    "api:screening_decide": {"POST": SCREENERS},
    "api:meeting_results": {},  # the round is still open: nobody
    "api:protocol_file": {},  # nothing decided: nobody
}
API_ROUTES = [route for route in ALL_ROUTES if route.template.startswith("api/v1/")]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("api-matrix-documents")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root), transaction.atomic():
        data = build_world()
        tokens = {}
        for role, user in data["users"].items():
            if user is None:
                tokens[role] = None
                continue
            scopes = sorted(APPLICANT_SCOPES if role in APPLICANTS else STAFF_SCOPES)
            tokens[role] = create_token(user=user, name=role, scopes=scopes, days=1, verified=True).secret
        # Stamped as used now: the stamp of a token's last use is its own bookkeeping, not
        # a change a refused request made (it is written at most every few minutes).
        ApiToken.objects.update(last_used_at=timezone.now())
        yield {**data, "tokens": tokens, "media_root": media_root}
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_root(world, settings, monkeypatch):
    settings.MEDIA_ROOT = world["media_root"]
    monkeypatch.setattr("api.authentication.LAST_USED_RESOLUTION_SECONDS", 10**9)


def urls_of(route, world) -> list[tuple[str, str]]:
    out = []
    for variant in ("draft", "submitted"):
        app = world["apps"][variant]
        values = {"pk": app.pk, "call_id": world["call"].pk, "fmt": "pdf"}
        if route.name == "api:call":
            values["pk"] = world["call"].pk
        if route.name in ("api:meeting_results", "api:protocol_file"):
            values["pk"] = world["meeting"].pk
        url = "/" + route.template
        for key, value in values.items():
            url = re.sub(rf"<(?:\w+:)?{key}>", str(value), url)
        assert "<" not in url, url
        out.append((url, variant))
        if "<pk>" not in route.template and "<int:pk>" not in route.template:
            break
    return out


def probe(secret: str | None, method: str, url: str, *, watch: bool):
    client = APIClient(raise_request_exception=False)
    if secret:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    with transaction.atomic():
        before = snapshot() if watch and method != "GET" else ""
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method.lower())(url, {}, format="json")
            body = body_of(response)
        after = snapshot() if watch and method != "GET" else ""
        transaction.set_rollback(True)
    writes = writes_of(queries.captured_queries) if watch else []
    if before != after:
        writes.append("rows differ")
    return response, body, writes


def test_every_api_route_is_classified():
    assert len(API_ROUTES) >= 16
    assert {route.name for route in API_ROUTES} == set(API)


@pytest.mark.parametrize("route", API_ROUTES, ids=lambda route: route.template)
def test_api_route_refuses_every_role_it_should(route, world):
    findings = Findings("operation")
    for url, variant in urls_of(route, world):
        for method in METHODS:
            rule = API[route.name].get(method, NOBODY)
            rule = rule(variant) if callable(rule) else rule
            for role in ROLES:
                watch = rule == PUBLIC or role not in rule
                response, body, writes = probe(world["tokens"][role], method, url, watch=watch)
                findings.judge(
                    f"{method} {url} [{variant}] as {role} -> {response.status_code}",
                    response.status_code, body, writes, rule, role,
                    refused=response.status_code in REFUSED,
                    refused_if_allowed=method == "GET" and response.status_code in (401, 403, 404),
                )  # fmt: skip
    findings.assert_clean(route.name)


def test_a_token_without_the_scope_is_refused(world):
    """Scopes are a second wall: B's token without the submit scope cannot submit."""
    b = world["b"]
    issued = create_token(user=b, name="read", scopes=["applications:read"], days=1, verified=True)
    ApiToken.objects.filter(pk=issued.token.pk).update(last_used_at=timezone.now())
    secret = issued.secret
    draft = world["apps"]["draft"]
    response, _body, writes = probe(secret, "POST", f"/api/v1/applications/{draft.pk}/submit/", watch=True)
    assert response.status_code == 403
    assert writes == []
