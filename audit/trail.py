"""The trail for people to read: the entries of one application or of one meeting, in
order, with readable labels. The entries name objects by their type and id only
(audit.tracking), so the questions here are asked in those terms, without the models of
the layers above."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry

OBJECT_LABELS = {
    "application.status": _("статус заявки"),
    "call.status": _("статус отбора"),
    "meeting.round": _("ход оценки"),
    "score": _("оценка"),
    "score.points": _("баллы"),
    "recusal": _("конфликт интересов"),
    "protocol": _("протокол"),
    "organisation.identity": _("реквизиты организации"),
}
CHANGE_LABELS = {"created": _("создано"), "changed": _("изменено"), "deleted": _("удалено")}
ROUND_ACTIONS = {
    "open": _("оценка открыта"),
    "close": _("оценка закрыта"),
    "reopen": _("оценка открыта повторно"),
    "present": _("отмечено присутствие"),
    "absent": _("отмечено отсутствие"),
    "role": _("изменена роль в комиссии"),
    "decide": _("принято решение"),
    "amend": _("протокол изменён"),
}
HIDDEN = _("скрыто до закрытия оценки")


@dataclass(frozen=True)
class TrailRow:
    seq: int
    at: datetime
    who: str
    what: str
    details: str


def _details(entry: AuditEntry, hidden: bool, statuses: dict[str, str]) -> str:
    data = entry.data
    kind = entry.object_type
    if kind in ("application.status", "call.status"):
        before, after = (
            statuses.get(data.get(key) or "", data.get(key) or "—") for key in ("from_status", "to_status")
        )
        text = f"{before} → {after}"
        return f"{text}; {data['note']}" if data.get("note") else text
    if kind == "meeting.round":
        return data.get("reason") or ""
    if kind == "score":
        return str(HIDDEN) if hidden else (data.get("finding") or "")
    if kind == "score.points":
        return str(HIDDEN) if hidden else str(data.get("points"))
    if kind == "recusal":
        return data.get("reason") or ""
    if kind == "protocol":
        return f"№ {data.get('number')}; {data.get('reason') or ''}".rstrip("; ")
    if kind == "organisation.identity":
        return "; ".join(f"{key}: {data.get(key) or '—'}" for key in ("inn", "ogrn", "kpp", "full_name"))
    return ""


def _what(entry: AuditEntry) -> str:
    if entry.object_type == "meeting.round":
        action = entry.data.get("action", "")
        return f"{OBJECT_LABELS['meeting.round']}: {ROUND_ACTIONS.get(action, action)}"
    change = entry.action.rsplit(".", 1)[-1]
    label = OBJECT_LABELS.get(entry.object_type, entry.object_type)
    return f"{label}: {CHANGE_LABELS.get(change, change)}"


def rows(
    entries, *, hidden_scores: Collection[str] = (), statuses: dict[str, str] | None = None
) -> list[TrailRow]:
    """``hidden_scores``: the ids of scores whose points and finding are not to be shown
    (blind scoring: the meeting's round is not closed); ``statuses``: status labels."""
    out = []
    for entry in entries:
        score_id = {"score": entry.object_id, "score.points": str(entry.data.get("score_id"))}.get(
            entry.object_type
        )
        out.append(
            TrailRow(
                seq=entry.seq,
                at=entry.at,
                who=entry.actor_name or "—",
                what=_what(entry),
                details=_details(entry, score_id is not None and score_id in hidden_scores, statuses or {}),
            )
        )
    return out


def _score_ids(**data) -> list[int]:
    filters = {f"data__{key}": value for key, value in data.items()}
    ids = AuditEntry.objects.filter(object_type="score", **filters).values_list("object_id", flat=True)
    return sorted({int(pk) for pk in ids})


def application_entries(application_id: int, organisation_id: int | None) -> list[AuditEntry]:
    """Its status events, scores and their points, recusals, and the identity changes of
    its organisation; in the chain's order."""
    score_ids = _score_ids(application_id=application_id)
    query = Q(
        object_type__in=["application.status", "score", "recusal"], data__application_id=application_id
    ) | Q(object_type="score.points", data__score_id__in=score_ids)
    if organisation_id is not None:
        query |= Q(object_type="organisation.identity", object_id=str(organisation_id))
    return list(AuditEntry.objects.filter(query).order_by("seq"))


def meeting_entries(meeting_id: int) -> list[AuditEntry]:
    """Its round events, scores and their points, recusals and protocol versions."""
    score_ids = _score_ids(meeting_id=meeting_id)
    query = Q(
        object_type__in=["meeting.round", "score", "recusal", "protocol"], data__meeting_id=meeting_id
    ) | Q(object_type="score.points", data__score_id__in=score_ids)
    return list(AuditEntry.objects.filter(query).order_by("seq"))
