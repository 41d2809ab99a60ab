"""Protocol exports of large meetings run in a Celery worker; the page polls their state."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from commission.exports import render_protocol
from commission.models import ExportState, Meeting, ProtocolExport
from commission.selectors import meeting_applications
from commission.tasks import task_export_protocol

logger = logging.getLogger(__name__)

# Above this many applications the protocol is rendered by a worker, not in the request.
LARGE_MEETING = 60


def is_large(meeting: Meeting) -> bool:
    return meeting_applications(meeting).count() > LARGE_MEETING


def request_export(*, meeting: Meeting, fmt: str, user) -> ProtocolExport:
    """Queue an export (after commit). A pending export of the same format is reused, so
    a double click queues one job."""
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        pending = ProtocolExport.objects.filter(meeting=meeting, fmt=fmt, state=ExportState.PENDING).first()
        if pending is not None:
            return pending
        export = ProtocolExport.objects.create(meeting=meeting, fmt=fmt, requested_by=user)
        task_export_protocol.delay_on_commit(export.pk)
    return export


def run_export(export_id: int) -> str:
    """Render and store the file; idempotent (a finished export is left as it is)."""
    export = ProtocolExport.objects.select_related("meeting").get(pk=export_id)
    if export.state != ExportState.PENDING:
        return export.state
    try:
        content, content_type, name = render_protocol(export.meeting, export.fmt)
    except Exception as error:
        ProtocolExport.objects.filter(pk=export.pk).update(
            state=ExportState.FAILED, error=f"{type(error).__name__}", finished_at=timezone.now()
        )
        logger.exception("protocol export %s failed", export_id)
        raise
    export.file.save(name, ContentFile(content), save=False)
    export.file_name, export.content_type = name, content_type
    export.state, export.finished_at = ExportState.DONE, timezone.now()
    export.save(update_fields=["file", "file_name", "content_type", "state", "finished_at"])
    return export.state
