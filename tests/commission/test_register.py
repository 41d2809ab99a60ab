"""The public register of winners (issue 16, item 4): read from the frozen protocol once
the call is decided; organisations and projects, no people."""

from __future__ import annotations

import pytest

from commission import services
from commission.register import winners_register
from tests.commission.conftest import CHAIR_NAME, MEMBER_NAMES, SECRETARY_NAME, close_round, open_round, score

pytestmark = pytest.mark.django_db


def test_the_decided_calls_page_shows_the_winners_from_the_protocol(rnd, client):
    winner, below, _unscored = rnd.apps
    open_round(rnd)
    for member in rnd.voting:
        score(rnd, member, winner, 35, 30, 25)
    score(rnd, rnd.members[0], below, 10, 10, 10)
    close_round(rnd)
    assert client.get(f"/public/calls/{rnd.call.pk}/").content.decode().count("Реестр победителей") == 0
    services.record_decision(meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="")
    register = winners_register(rnd.call)
    assert [(e.registration_number, e.applicant, e.protocol_number) for e in register] == [
        (winner.registration_number, winner.organisation.full_name, "7-КО")
    ]
    assert register[0].protocol_date == rnd.meeting.date
    # The register is the frozen protocol's: a later change of the name does not show.
    type(winner.organisation).objects.filter(pk=winner.organisation_id).update(full_name="ООО «Новое имя»")
    page = client.get(f"/public/calls/{rnd.call.pk}/").content.decode()
    assert "Реестр победителей" in page
    assert winner.registration_number in page and below.registration_number not in page
    assert winner.organisation.full_name in page and "Новое имя" not in page
    for name in (CHAIR_NAME, SECRETARY_NAME, *MEMBER_NAMES, winner.created_by.full_name):
        assert name not in page
