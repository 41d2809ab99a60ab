"""The selection's audit trail covers the commission's round and decision (issue 11,
item 5), and the stored protocol keeps the chain's head at the decision."""

from __future__ import annotations

import pytest

from audit.models import AuditEntry
from audit.services import verify
from commission import services
from commission.models import ProtocolVersion
from tests.commission.conftest import close_round, open_round, score

pytestmark = pytest.mark.django_db


def test_a_decided_round_is_in_the_trail_and_the_protocol_keeps_its_head(rnd):
    open_round(rnd)
    score(rnd, rnd.members[0], rnd.apps[0], 30, 30, 20)
    services.declare_conflict(
        meeting_id=rnd.meeting.pk, application_id=rnd.apps[1].pk, user=rnd.chair.user, reason="Аффилирован"
    )
    close_round(rnd)
    services.record_decision(meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="")
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    for expected in (
        "call.status.created",
        "meeting.round.created",
        "score.created",
        "score.points.created",
        "recusal.created",
        "application.status.created",
        "protocol.created",
    ):
        assert expected in actions, expected
    decision = AuditEntry.objects.filter(action="application.status.created", data__to_status="winner").get()
    assert decision.actor_id == rnd.secretary.user.pk
    version = ProtocolVersion.objects.get()
    entry = AuditEntry.objects.get(action="protocol.created")
    assert version.audit_head == entry.prev_hash
    assert entry.data["pdf_sha256"] == version.pdf_sha256
    assert verify()[1] is None
