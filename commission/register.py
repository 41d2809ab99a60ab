"""The public register of winners of a call, read from the frozen protocols: what the
decision published, not what the database says now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from commission.models import ProtocolVersion, ScoringState
from commission.protocol.serialise import protocol_from_json


@dataclass(frozen=True)
class RegisterEntry:
    """One winning project as the register publishes it (no people's names)."""

    registration_number: str
    applicant: str
    project_title: str
    total_cost: Decimal
    total: Decimal | None
    rank: int | None
    protocol_number: str
    protocol_date: dt.date


def winners_register(call) -> list[RegisterEntry]:
    """The winners of the call's decided meetings, from each meeting's current protocol
    version, in the protocol's order. One query."""
    versions = (
        ProtocolVersion.objects.filter(
            meeting__call=call, meeting__scoring_state=ScoringState.DECIDED, superseded=False
        )
        .only("data", "meeting_id")
        .order_by("meeting__date", "meeting_id")
    )
    entries: list[RegisterEntry] = []
    for version in versions:
        protocol = protocol_from_json(version.data)
        entries.extend(
            RegisterEntry(
                registration_number=row.registration_number,
                applicant=row.applicant,
                project_title=row.project_title,
                total_cost=row.total_cost,
                total=row.total,
                rank=row.rank,
                protocol_number=protocol.number,
                protocol_date=protocol.date,
            )
            for row in protocol.winners
        )
    return entries
