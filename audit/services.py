"""Appending to the trail and checking it. Every entry is written inside the caller's
transaction, so a change and its entry commit or roll back together."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from audit.chain import GENESIS, entry_hash
from audit.models import AuditEntry

# Appends are serialised on this advisory lock (PostgreSQL): one chain, no forks.
ADVISORY_KEY = 7_011_011


def content_of(entry: AuditEntry) -> dict[str, Any]:
    """What the hash covers: everything but the hashes themselves."""
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "data": entry.data,
    }


def record(
    *, action: str, object_type: str, object_id: object, actor=None, data: dict[str, Any] | None = None
) -> AuditEntry:
    """Append one entry after the chain's head (locks the chain until commit)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_KEY])
        head = AuditEntry.objects.order_by("-seq").only("seq", "hash").first()
        entry = AuditEntry(
            seq=(head.seq + 1) if head else 1,
            at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_name=str(getattr(actor, "full_name", "") or "") if actor else "",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            # Stored as JSON gives back: the hash is computed over exactly that.
            data=json.loads(json.dumps(data or {}, ensure_ascii=False, default=str)),
            prev_hash=head.hash if head else GENESIS,
        )
        entry.hash = entry_hash(entry.prev_hash, content_of(entry))
        entry.save()
    return entry


def chain_head() -> str:
    head = AuditEntry.objects.order_by("-seq").values_list("hash", flat=True).first()
    return head or GENESIS


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


def verify() -> tuple[int, Break | None]:
    """Walk the chain in order; (entries checked, the first break or None)."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return checked, Break(expected_seq, "запись отсутствует (удалена)")
        if entry.prev_hash != prev_hash:
            return checked, Break(entry.seq, "не совпадает хеш предыдущей записи")
        if entry.hash != entry_hash(entry.prev_hash, content_of(entry)):
            return checked, Break(entry.seq, "содержимое записи изменено")
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    return checked, None
