import pytest
from django.urls import reverse

from commission import export_jobs
from commission.models import ProtocolExport
from tests.commission.conftest import close_round, open_round


@pytest.mark.django_db
def test_large_meeting_export_runs_as_a_task_with_progress(
    client, rnd, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(export_jobs, "LARGE_MEETING", 1)  # 3 applications count as large
    open_round(rnd)
    close_round(rnd)
    client.force_login(rnd.secretary.user)
    url = reverse("admin:commission_meeting_protocol", args=[rnd.meeting.pk, "xlsx"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = client.get(url)
        second = client.get(url)  # a double click reuses the pending export
    assert ProtocolExport.objects.count() == 1
    export = ProtocolExport.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == reverse("admin:commission_meeting_export", args=[rnd.meeting.pk, export.pk])
    status = client.get(first["Location"] + "?format=json").json()
    assert status == {"state": "pending", "label": "формируется"}
    assert "формируется" in client.get(first["Location"]).content.decode()
    for callback in callbacks:
        callback()  # the worker's turn (eager in tests)
    export.refresh_from_db()
    assert export.state == "done" and export.file_name.endswith(".xlsx")
    assert export_jobs.run_export(export.pk) == "done"  # idempotent
    download = client.get(first["Location"] + "?download=1")
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"


@pytest.mark.django_db
def test_small_meeting_exports_in_the_request(client, rnd):
    open_round(rnd)
    close_round(rnd)
    client.force_login(rnd.secretary.user)
    response = client.get(reverse("admin:commission_meeting_protocol", args=[rnd.meeting.pk, "docx"]))
    assert response.status_code == 200
    assert ProtocolExport.objects.count() == 0
