"""The API's lists read the database in a fixed number of queries: the same for 1 and 3
items (no N+1). A change of a count is a change of this file, with its reason."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import Scope
from applications.models import ApplicationStatus
from tests.api.conftest import client_with, token_for
from tests.factories import ApplicationFactory, CallFactory, UserFactory, applicant
from tests.performance.test_query_counts import submitted_applications

pytestmark = pytest.mark.django_db
SIZES = (1, 3)

# token, roles, the page's COUNT and rows
APPLICATIONS_QUERIES = 4
# token, roles, the call, the page's COUNT and rows, current results
SCREENING_QUERIES = 6
# the calls' COUNT and rows, their directions
CALLS_QUERIES = 3


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(queries)


@pytest.mark.parametrize("n", SIZES)
def test_applications_list(n):
    user = applicant()
    call = CallFactory()
    for _ in range(n):
        ApplicationFactory(call=call, organisation=user.organisation, created_by=user)
    client = client_with(token_for(user, Scope.READ_APPLICATIONS))
    client.get("/api/v1/applications/")  # the token's first use is stamped once
    assert count_queries(client, "/api/v1/applications/") == APPLICATIONS_QUERIES


@pytest.mark.parametrize("n", SIZES)
def test_screening_list(n):
    call = CallFactory()
    submitted_applications(call, n, status=ApplicationStatus.SUBMITTED)
    client = client_with(token_for(UserFactory(role="secretary"), Scope.STAFF_READ))
    url = f"/api/v1/screening/calls/{call.pk}/applications/"
    client.get(url)
    assert count_queries(client, url) == SCREENING_QUERIES


@pytest.mark.parametrize("n", SIZES)
def test_public_calls(n):
    for year in range(2015, 2015 + n):
        CallFactory(year=year)
    assert count_queries(client_with(None), "/api/v1/calls/") == CALLS_QUERIES
