"""The winners register of a decided call (JSON and CSV, public) and the staff reads over
the API: a meeting's results after its round closes, the decided protocol's stored bytes,
the screening list and a decision."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from api.models import Scope
from commission import services
from commission.models import ProtocolVersion
from tests.api.conftest import client_with, token_for
from tests.commission.conftest import close_round, open_round, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(rnd):
    """The first application wins (90 points), the second does not (30)."""
    open_round(rnd)
    for member in rnd.voting:
        score(rnd, member, rnd.apps[0], 35, 30, 25)
    score(rnd, rnd.members[0], rnd.apps[1], 10, 10, 10)
    close_round(rnd)
    services.record_decision(meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="")
    return rnd


def test_winners_register_as_json_for_anyone(decided):
    response = client_with(None).get(f"/api/v1/open-data/calls/{decided.call.pk}/winners/")
    assert response.status_code == 200
    body = response.json()
    winner = decided.apps[0]
    assert body["call"] == decided.call.pk
    assert body["protocol_number"] == "7-КО"
    assert [row["registration_number"] for row in body["winners"]] == [winner.registration_number]
    row = body["winners"][0]
    assert row["inn"] == winner.organisation.inn
    assert row["region"] == "39"
    assert row["project"] == winner.title
    assert Decimal(row["total_points"]) == Decimal("90.00")
    expected_subsidy = sum((y.subsidy for y in winner.model_years.all()), Decimal(0))
    assert Decimal(row["subsidy"]) == expected_subsidy
    assert Decimal(row["total_cost"]) == winner.total_cost


def test_winners_register_as_csv(decided):
    response = client_with(None).get(f"/api/v1/open-data/calls/{decided.call.pk}/winners.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0][:3] == ["Регистрационный номер", "Организация", "ИНН"]
    assert len(rows) == 2
    assert rows[1][0] == decided.apps[0].registration_number
    assert rows[1][2] == decided.apps[0].organisation.inn
    assert rows[1][-1] == "90.00"


def test_an_undecided_call_has_no_register(rnd):
    client = client_with(None)
    assert client.get(f"/api/v1/open-data/calls/{rnd.call.pk}/winners/").status_code == 404
    assert client.get("/api/v1/open-data/calls/").json()["results"] == []


def test_decided_calls_are_listed(decided):
    body = client_with(None).get("/api/v1/open-data/calls/").json()
    assert [row["id"] for row in body["results"]] == [decided.call.pk]


def test_results_only_after_the_round_closes(rnd):
    secretary = client_with(token_for(rnd.secretary.user, Scope.STAFF_READ))
    url = f"/api/v1/meetings/{rnd.meeting.pk}/results/"
    open_round(rnd)
    for member in rnd.voting:
        score(rnd, member, rnd.apps[0], 35, 30, 25)
    assert secretary.get(url).status_code == 403
    close_round(rnd)
    body = secretary.get(url).json()
    assert body["rows"][0]["registration_number"] == rnd.apps[0].registration_number
    assert body["rows"][0]["winner"] is True
    assert body["rows"][0]["total"] == "90.00"
    member = client_with(token_for(rnd.members[0].user, Scope.STAFF_READ))
    assert member.get(url).status_code == 200


def test_protocol_files_are_the_stored_bytes(decided):
    client = client_with(token_for(decided.secretary.user, Scope.STAFF_READ))
    version = ProtocolVersion.objects.get(meeting=decided.meeting)
    for fmt in ("pdf", "docx", "xlsx", "winners"):
        response = client.get(f"/api/v1/meetings/{decided.meeting.pk}/protocol/{fmt}/")
        assert response.status_code == 200, fmt
        assert response.content == bytes(getattr(version, fmt))
    member = client_with(token_for(decided.members[0].user, Scope.STAFF_READ))
    assert member.get(f"/api/v1/meetings/{decided.meeting.pk}/protocol/pdf/").status_code == 403


def test_screening_list_and_refused_decision_in_both_languages(rnd):
    client = client_with(token_for(rnd.secretary.user, Scope.STAFF_READ, Scope.STAFF_SCREEN))
    listing = client.get(f"/api/v1/screening/calls/{rnd.call.pk}/applications/?status=admitted")
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == sorted(
        (a.pk for a in rnd.apps), key=lambda pk: next(a.registration_number for a in rnd.apps if a.pk == pk)
    )
    url = f"/api/v1/screening/applications/{rnd.apps[0].pk}/decision/"
    ru = client.post(url, {"decision": "reject", "reasons": ""}, format="json")
    assert ru.status_code == 409
    assert ru.json() == {"detail": "Укажите основания отклонения заявки."}
    en = client.post(url, {"decision": "reject", "reasons": ""}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert en.status_code == 409
    assert en.json()["detail"] != ru.json()["detail"]
    assert all(ord(ch) < 128 for ch in en.json()["detail"])


def test_staff_scopes_do_not_open_staff_operations_to_an_applicant(rnd):
    applicant = rnd.apps[0].created_by
    client = client_with(token_for(applicant, Scope.READ_APPLICATIONS))
    assert client.get(f"/api/v1/screening/calls/{rnd.call.pk}/applications/").status_code == 403
    assert client.get(f"/api/v1/meetings/{rnd.meeting.pk}/results/").status_code == 403
