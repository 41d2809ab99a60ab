"""Schemathesis against the API in-process (the WSGI application, no live server): every
operation of /api/schema/, a few generated requests each, each sent anonymously and with
a token of an applicant, a secretary and a commission member. No call may answer 5xx, and
every documented response must match the schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.models import Scope
from config.wsgi import application
from tests.api.conftest import APPLICANT_SCOPES, token_for
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    MeetingFactory,
    MembershipFactory,
    UserFactory,
    applicant,
)

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
# Bounded: the explicit examples and max_examples random ones per operation; the coverage
# phase (hundreds of boundary cases per operation) is for a longer run, not make test.
schema.config.phases.coverage.enabled = False


@pytest.fixture
def _connections_kept():
    """The WSGI handler closes "old" connections at each request's start and end, which
    inside the test's transaction means closing it; Django's test client does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db, _connections_kept) -> dict[str, str | None]:
    """One of each: the applicant's organisation has a draft; the member sits on a meeting."""
    call = CallFactory()
    owner = applicant()
    ApplicationFactory(call=call, organisation=owner.organisation, created_by=owner)
    meeting = MeetingFactory(call=call)
    member = MembershipFactory(commission=meeting.commission).user
    secretary = UserFactory(role="secretary")
    return {
        "anonymous": None,
        "applicant": token_for(owner, *APPLICANT_SCOPES),
        "secretary": token_for(secretary, Scope.STAFF_READ, Scope.STAFF_SCREEN),
        "member": token_for(member, Scope.STAFF_READ),
    }


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    # The same examples on every run: a failure in CI is reproduced by running the test
    # again; a longer random exploration turns this off and raises max_examples.
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_operation_fails_or_breaks_its_schema(case, tokens):
    for secret in tokens.values():
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])
