"""The list pages and the protocol's data object read the database in a fixed number of
queries: the same count for 1 and for 3 applications (no N+1). A change of a count is
a change of this file, with its reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from commission.exports import protocol_data
from commission.models import MemberRole, ScoringState
from commission.selectors import ensure_methodology
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    DocumentFactory,
    IndicatorResultFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    RecusalFactory,
    ScoreFactory,
    ScorePointFactory,
    UserFactory,
    applicant,
    call_with_example_scenario,
    complete_application,
)

pytestmark = pytest.mark.django_db
SIZES = (1, 3)

# Exact counts, whatever the number of applications.
MY_LIST_QUERIES = 6
SCREENING_QUERIES = 10  # with the paginator's COUNT
# The admin pages no longer read permission rows (2 queries): the rules read the roles,
# once per request (ADR 0007).
SCORING_PAGE_QUERIES = 17  # with the paginator's COUNT, the member's two counters and presence
# session, user, roles, meeting, membership, methodology + categories, the application with
# its indicator columns and documents, own score + points, the neighbours' ids, the
# submitted version, the current result, own recusal, presence, the clusters of the
# organisation's INN (and, for a project with an OKVED2 code, its section and the LQ table)
PROJECT_PAGE_QUERIES = 18
RESULTS_QUERIES = 20  # cold cache: 5 version aggregates + the results themselves
PROTOCOL_DATA_QUERIES = 19  # cold cache, as above, + the submitted organisation names
MEETING_TRAIL_QUERIES = 6  # session, user, roles, meeting, score ids, entries
MEETING_TRAIL_MEMBER_QUERIES = 7  # + whether they sit on the meeting's commission
APPLICATION_TRAIL_QUERIES = 8  # session, user, roles, application, score ids, entries, open meetings,
# + the personal-data access log row (the trail names the applicant)
REVIEW_STEP_QUERIES = 17  # the case built twice (what blocks it, the indicators' progress): 3 each


@pytest.fixture(autouse=True)
def _staff_pages_without_otp(settings):
    settings.OTBOR_REQUIRE_STAFF_OTP = False


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def submitted_applications(call, n: int, status: str = ApplicationStatus.ADMITTED, organisation=None) -> list:
    apps = []
    for i in range(n):
        app = ApplicationFactory(
            call=call,
            organisation=organisation or OrganisationFactory(),
            status=status,
            registration_number=f"{call.year}-J-{i + 1:04d}",
            submitted_at=timezone.now(),
            total_cost=Decimal(500_000_000),
        )
        IndicatorResultFactory(
            application=app, npv=1.5e8, irr=0.2, wacc=0.12, bpi=1.4, integral_indicator=0.001, eligible=True
        )
        DocumentFactory(application=app, uploaded_by=app.created_by or UserFactory())
        apps.append(app)
    return apps


def meeting_with_scores(n: int, state: str):
    """n admitted applications, three voting members and a secretary present, every
    application scored by two members and one recusal per application."""
    call = CallFactory()
    apps = submitted_applications(call, n)
    meeting = MeetingFactory(call=call, scoring_state=state)
    chair = MembershipFactory(commission=meeting.commission, role=MemberRole.CHAIR)
    members = [MembershipFactory(commission=meeting.commission) for _ in range(2)]
    secretary = MembershipFactory(
        commission=meeting.commission, role=MemberRole.SECRETARY, user=UserFactory(role="secretary")
    )
    meeting.present.set([chair, *members, secretary])
    categories = list(ensure_methodology(call).categories.all())
    for app in apps:
        for member in members:
            score = ScoreFactory(meeting=meeting, application=app, member=member)
            for category in categories:
                ScorePointFactory(
                    score=score, category=category, points=Decimal(20), maximum=category.maximum
                )
        RecusalFactory(meeting=meeting, application=app, member=chair)
    return meeting, members[0].user, secretary.user


@pytest.mark.parametrize("n", SIZES)
def test_applicant_list(client, n):
    org = OrganisationFactory()
    user = applicant(org)
    submitted_applications(CallFactory(), n, organisation=org)
    client.force_login(user)
    assert count_queries(client, "/applications/") == MY_LIST_QUERIES


@pytest.mark.parametrize("n", SIZES)
def test_screening_list(client, n):
    call = CallFactory()
    submitted_applications(call, n, status=ApplicationStatus.SUBMITTED)
    client.force_login(UserFactory(role="secretary"))
    assert count_queries(client, f"/screening/{call.pk}/") == SCREENING_QUERIES


@pytest.mark.parametrize("n", SIZES)
def test_member_scoring_page(client, n):
    meeting, member, _secretary = meeting_with_scores(n, ScoringState.OPEN)
    client.force_login(member)
    url = f"/admin/commission/meeting/{meeting.pk}/scoring/"
    assert count_queries(client, url) == SCORING_PAGE_QUERIES


@pytest.mark.parametrize("n", SIZES)
def test_member_project_page(client, n):
    """One project of three with n documents: the same count."""
    meeting, member, _secretary = meeting_with_scores(3, ScoringState.OPEN)
    app = Application.objects.filter(call=meeting.call).order_by("registration_number")[1]
    for _ in range(n - 1):
        DocumentFactory(application=app, uploaded_by=app.created_by or UserFactory())
    assert app.documents.count() == n
    client.force_login(member)
    url = f"/admin/commission/meeting/{meeting.pk}/projects/{app.pk}/"
    assert count_queries(client, url) == PROJECT_PAGE_QUERIES


@pytest.mark.parametrize("n", SIZES)
def test_results_page(client, n):
    meeting, _member, secretary = meeting_with_scores(n, ScoringState.CLOSED)
    client.force_login(secretary)
    url = f"/admin/commission/meeting/{meeting.pk}/results/"
    assert count_queries(client, url) == RESULTS_QUERIES


@pytest.mark.parametrize("n", SIZES)
def test_protocol_data(n):
    meeting, _member, _secretary = meeting_with_scores(n, ScoringState.CLOSED)
    with CaptureQueriesContext(connection) as queries:
        data = protocol_data(meeting)
    assert len(data.rows) == n
    assert len(data.appendix_scores) == 2 * n
    assert len(queries) == PROTOCOL_DATA_QUERIES


@pytest.mark.parametrize("n", SIZES)
def test_meeting_trail(client, n):
    """2n scores with their points, n recusals: the same count."""
    meeting, member, secretary = meeting_with_scores(n, ScoringState.CLOSED)
    url = f"/admin/commission/meeting/{meeting.pk}/trail/"
    for user, expected in ((secretary, MEETING_TRAIL_QUERIES), (member, MEETING_TRAIL_MEMBER_QUERIES)):
        client.force_login(user)
        assert count_queries(client, url) == expected


@pytest.mark.parametrize("n", SIZES)
def test_application_trail(client, n):
    """Two scores with their points, a recusal, and n changes of the organisation."""
    meeting, _member, secretary = meeting_with_scores(1, ScoringState.OPEN)
    app = Application.objects.get(call=meeting.call)
    for i in range(n):
        app.organisation.full_name = f"ООО «Имя {i}»"
        app.organisation.save()
    client.force_login(secretary)
    assert count_queries(client, f"/admin/commission/meeting/trail/application/{app.pk}/") == (
        APPLICATION_TRAIL_QUERIES
    )


@pytest.mark.parametrize("n", SIZES)
def test_review_step(client, n):
    """The applicant's summary before submission: as many documents as they like."""
    app = complete_application(call_with_example_scenario())  # with its business plan
    for _ in range(n - 1):
        DocumentFactory(application=app, uploaded_by=app.created_by)
    client.force_login(app.created_by)
    assert count_queries(client, f"/applications/{app.pk}/step/review/") == REVIEW_STEP_QUERIES
