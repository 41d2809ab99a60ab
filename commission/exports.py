"""Builds the protocol's data object from the database (fixed number of queries) and
renders it; views, the command and the task call these."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.utils import translation

from commission import selectors
from commission.models import Meeting, ProtocolVersion
from commission.protocol import (
    AppendixRecusal,
    AppendixScore,
    ProtocolCategory,
    ProtocolData,
    ProtocolMember,
    ProtocolRow,
    decision_for,
    render_docx,
    render_pdf,
    render_winners_register_xlsx,
    render_xlsx,
)

# Part of the cache key of rendered protocols: bump it when a renderer's layout changes.
PROTOCOL_LAYOUT_VERSION = 1
CACHED_PROTOCOL_MAX_BYTES = 5 * 1024 * 1024

FORMATS = {
    "docx": (render_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": (render_pdf, "application/pdf"),
    "xlsx": (render_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "winners": (
        render_winners_register_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


def protocol_data(meeting: Meeting) -> ProtocolData:
    meeting = Meeting.objects.select_related("call", "commission").get(pk=meeting.pk)
    results = selectors.meeting_results_cached(meeting)
    present_ids = set(meeting.present.values_list("pk", flat=True))
    memberships = list(meeting.commission.memberships.select_related("user"))
    present = tuple(
        ProtocolMember(m.user.full_name, m.get_role_display()) for m in memberships if m.pk in present_ids
    )
    absent = tuple(
        ProtocolMember(m.user.full_name, m.get_role_display())
        for m in memberships
        if m.pk not in present_ids and m.votes
    )
    _present, _total, has_quorum = selectors.quorum(meeting)
    submitted_names = selectors.submitted_organisation_names([app.pk for app, _r, _n in results.rows])
    rows, appendix, recusals = [], [], []
    for app, result, rank in results.rows:
        current = app.current_results[0] if app.current_results else None
        rows.append(
            ProtocolRow(
                registration_number=app.registration_number or "",
                # The organisation as it was named in the submitted version, not as renamed.
                applicant=submitted_names.get(app.pk) or str(app.organisation),
                project_title=app.title,
                total_cost=app.total_cost or 0,
                npv=current.npv if current else None,
                irr=current.irr if current else None,
                wacc=current.wacc if current else None,
                bpi=current.bpi if current else None,
                integral_indicator=current.integral_indicator if current else None,
                category_means=dict(result.means),
                total=result.total,
                decision=decision_for(result.winner),
                rank=rank,
                note=result.rounding_note,
            )
        )
        for score in results.scores.get(app.pk, []):
            appendix.append(
                AppendixScore(
                    registration_number=app.registration_number or "",
                    member_name=score.member_name,
                    points=dict(score.points),
                    finding=score.finding,
                )
            )
        for recusal in results.recusals.get(app.pk, []):
            recusals.append(
                AppendixRecusal(app.registration_number or "", recusal.member_name, recusal.reason)
            )
    chair, secretary = selectors.chair_and_secretary(meeting)
    return ProtocolData(
        commission_name=meeting.commission.name,
        number=meeting.number,
        date=meeting.date,
        place=meeting.place,
        call_title=meeting.call.title,
        members_present=present,
        members_absent=absent,
        quorum=has_quorum,
        categories=tuple(ProtocolCategory(c.code, c.name, c.maximum) for c in results.methodology.categories),
        threshold=results.methodology.threshold,
        rows=tuple(rows),
        appendix_scores=tuple(appendix),
        recusals=tuple(recusals),
        decision_text=meeting.decision_text,
        chair_name=chair,
        secretary_name=secretary,
    )


def stored_version(meeting: Meeting, number: int | None = None) -> ProtocolVersion | None:
    """The decided protocol's stored version: the current one, or version ``number``."""
    versions = ProtocolVersion.objects.filter(meeting_id=meeting.pk)
    if number is not None:
        return versions.filter(number=number).first()
    return versions.filter(superseded=False).first()


def file_name(meeting: Meeting, fmt: str, version: int | None = None) -> str:
    extension = "xlsx" if fmt == "winners" else fmt
    stem = "reestr-pobediteley" if fmt == "winners" else "protokol"
    safe_number = "".join(ch if ch.isalnum() else "-" for ch in meeting.number)
    suffix = f"-v{version}" if version and version > 1 else ""
    return f"{stem}-{safe_number}{suffix}.{extension}"


def render_protocol(meeting: Meeting, fmt: str, version: int | None = None) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the protocol in ``fmt``. A decided meeting's
    protocol is the stored version's bytes (``version``: an earlier one), never rebuilt.
    Before the decision the rendered file is kept in the shared cache under a digest of
    its data object: the same data gives the same protocol (a PDF takes a second to
    render), and any change gives a new one."""
    renderer, content_type = FORMATS[fmt]
    stored = stored_version(meeting, version)
    if stored is not None:
        return bytes(getattr(stored, fmt)), content_type, file_name(meeting, fmt, stored.number)
    if version is not None:
        raise ProtocolVersion.DoesNotExist(version)
    with translation.override("ru"):
        data = protocol_data(meeting)
        digest = hashlib.sha256(repr(data).encode()).hexdigest()
        key = f"protocol:{fmt}:{PROTOCOL_LAYOUT_VERSION}:{digest}"
        content = cache.get(key)
        if content is None:
            content = renderer(data)
            if len(content) <= CACHED_PROTOCOL_MAX_BYTES:  # large ones: ProtocolExport files
                cache.set(key, content)
    return content, content_type, file_name(meeting, fmt)
