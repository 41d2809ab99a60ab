"""The decided protocol, frozen: built once from the data, rendered to every format,
stored with the SHA-256 of each file. Amendments add versions; nothing is overwritten."""

from __future__ import annotations

import dataclasses

from django.db.models import Max
from django.utils import translation

from audit.services import chain_head
from commission.exports import FORMATS, protocol_data
from commission.models import Meeting, ProtocolVersion
from commission.protocol.serialise import canonical_json, protocol_to_json, sha256


def freeze_protocol(*, meeting: Meeting, by, reason: str = "") -> ProtocolVersion:
    """Build the protocol data of the (locked, decided) meeting once, render the DOCX,
    PDF, XLSX and the winners register from it, store them as the next version and mark
    the previous one superseded. Call inside the decision's transaction. An official
    document: built in Russian whatever the language of the request that decides."""
    # The chain's head at the decision, printed in the protocol and stored beside it
    # (the entries this function itself adds come after).
    head = chain_head()
    with translation.override("ru"):
        data = dataclasses.replace(protocol_data(meeting), audit_head=head)
        raw = protocol_to_json(data)
        files = {fmt: renderer(data) for fmt, (renderer, _type) in FORMATS.items()}
    ProtocolVersion.objects.filter(meeting=meeting, superseded=False).update(superseded=True)
    number = (ProtocolVersion.objects.filter(meeting=meeting).aggregate(n=Max("number"))["n"] or 0) + 1
    return ProtocolVersion.objects.create(
        meeting=meeting,
        number=number,
        data=raw,
        data_sha256=sha256(canonical_json(raw)),
        reason=reason,
        created_by=by,
        audit_head=head,
        **{fmt: content for fmt, content in files.items()},
        **{f"{fmt}_sha256": sha256(content) for fmt, content in files.items()},
    )
