"""A decision that binds (issue 11, item 3): the protocol is built once at the decision
and stored with the SHA-256 of every file; every later download serves those bytes;
every attempt to change what it rests on is refused or leaves the files unchanged; an
amendment adds a version beside the old one."""

from __future__ import annotations

import dataclasses
import hashlib
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from applications.models import ApplicationStatus
from applications.services.lifecycle import ActionRefused
from audit.services import chain_head
from calls.services import CallRefused, import_scenario
from commission import export_jobs, services
from commission.admin import MeetingForm, MethodologyForm
from commission.exports import FORMATS, protocol_data, render_protocol
from commission.models import (
    Methodology,
    ProtocolExport,
    ProtocolVersion,
    RoundEvent,
    ScoringState,
)
from commission.protocol.serialise import protocol_from_json
from commission.services import ScoringRefused
from organisations.models import Organisation
from screening.services import screen_application
from tests.commission.conftest import close_round, open_round, score

pytestmark = pytest.mark.django_db

DECIDED_CALL = (
    "По отбору принято решение: его правила, сроки, макроэкономический сценарий "
    "и методику оценки изменить нельзя."
)


@pytest.fixture
def decided(rnd):
    """Meeting decided: the first application a winner (90), the second not (30)."""
    open_round(rnd)
    for member in rnd.voting:
        score(rnd, member, rnd.apps[0], 35, 30, 25)
    score(rnd, rnd.members[0], rnd.apps[1], 10, 10, 10)
    close_round(rnd)
    services.record_decision(meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="")
    return rnd


def files(meeting) -> dict[str, bytes]:
    return {fmt: render_protocol(meeting, fmt)[0] for fmt in FORMATS}


def test_the_decision_stores_the_protocol_once_with_hashes(decided):
    version = ProtocolVersion.objects.get(meeting=decided.meeting)
    assert (version.number, version.superseded, version.created_by) == (1, False, decided.secretary.user)
    for fmt in FORMATS:
        content = bytes(getattr(version, fmt))
        assert content
        assert getattr(version, f"{fmt}_sha256") == hashlib.sha256(content).hexdigest()
    data = protocol_from_json(version.data)
    assert data == dataclasses.replace(protocol_data(decided.reload()), audit_head=version.audit_head)
    assert [row.decision for row in data.rows][:1] == ["победитель"]
    assert files(decided.meeting) == {fmt: bytes(getattr(version, fmt)) for fmt in FORMATS}


def test_the_protocol_prints_the_audit_chain_head_at_the_decision(decided):
    version = ProtocolVersion.objects.get(meeting=decided.meeting)
    assert len(version.audit_head) == 64
    assert version.audit_head != chain_head()  # the decision's own entries came after
    line = f"Контрольная сумма журнала отбора на момент решения: {version.audit_head}"
    assert protocol_from_json(version.data).audit_head == version.audit_head
    document = Document(BytesIO(bytes(version.docx)))
    assert line in [p.text for p in document.paragraphs]
    workbook = load_workbook(BytesIO(bytes(version.xlsx)))
    cells = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]
    assert line in cells
    pdf = subprocess.run(["pdftotext", "-", "-"], input=bytes(version.pdf), capture_output=True, check=True)
    assert version.audit_head in pdf.stdout.decode()
    assert "Контрольная сумма журнала отбора" in pdf.stdout.decode()


def test_an_undecided_draft_prints_no_audit_head(rnd):
    content = render_protocol(rnd.meeting, "docx")[0]
    paragraphs = [p.text for p in Document(BytesIO(content)).paragraphs]
    assert not any("Контрольная сумма журнала" in text for text in paragraphs)


def test_a_stored_version_is_immutable(decided):
    version = ProtocolVersion.objects.get(meeting=decided.meeting)
    version.reason = "подмена"
    with pytest.raises(ValueError):
        version.save()
    with pytest.raises(ValueError):
        version.delete()


def test_every_attempt_after_the_decision_is_refused_or_changes_nothing(decided, client):
    rnd = decided
    before = files(rnd.meeting)
    rejected = rnd.apps[2]
    # Screening: no re-admission, no rejection.
    with pytest.raises(ActionRefused):
        screen_application(
            application_id=rejected.pk, user=rnd.secretary.user, decision="reject", reasons="Поздно"
        )
    # The threshold and the methodology.
    methodology = Methodology.objects.get(call=rnd.call)
    form = MethodologyForm(data={"call": rnd.call.pk, "threshold": "95"}, instance=methodology)
    assert not form.is_valid()
    assert form.non_field_errors() == [DECIDED_CALL]
    # The macro scenario.
    with pytest.raises(CallRefused) as info:
        import_scenario(call=rnd.call, data=b"not even a workbook")
    assert info.value.messages == [DECIDED_CALL]
    # The meeting's attendance, and the scores.
    form = MeetingForm(
        data={
            "call": rnd.call.pk,
            "commission": rnd.meeting.commission_id,
            "number": rnd.meeting.number,
            "date": rnd.meeting.date,
            "place": rnd.meeting.place,
            "present": [rnd.chair.pk],
        },
        instance=rnd.meeting,
    )
    assert not form.is_valid()
    with pytest.raises(ScoringRefused):
        score(rnd, rnd.members[1], rnd.apps[1], 35, 35, 30)
    with pytest.raises(ScoringRefused):
        services.reopen_scoring(meeting_id=rnd.meeting.pk, by=rnd.secretary.user, reason="Переоценим")
    # What slips past the services (raw edits) cannot reach the stored files either.
    Methodology.objects.filter(call=rnd.call).update(threshold=Decimal(95))
    rnd.meeting.present.set([rnd.chair])
    Organisation.objects.filter(pk=rnd.apps[0].organisation_id).update(full_name="ООО «Переименованное»")
    assert files(rnd.reload()) == before
    client.force_login(rnd.secretary.user)
    for fmt, content in before.items():
        url = reverse("admin:commission_meeting_protocol", args=[rnd.meeting.pk, fmt])
        assert client.get(url).content == content


def test_the_call_admin_refuses_changes_after_the_decision(decided, admin_client):
    url = reverse("admin:calls_call_change", args=[decided.call.pk])
    response = admin_client.post(url, {"year": 2015, "session": "june"})
    assert response.status_code == 200
    assert DECIDED_CALL in response.content.decode()


def test_the_protocol_names_the_organisation_as_submitted(rnd):
    submitted_name = rnd.apps[0].organisation.full_name
    Organisation.objects.filter(pk=rnd.apps[0].organisation_id).update(full_name="ООО «Новое имя»")
    open_round(rnd)
    close_round(rnd)
    rows = {row.registration_number: row for row in protocol_data(rnd.reload()).rows}
    assert rows[rnd.apps[0].registration_number].applicant == submitted_name


def test_the_command_and_export_jobs_serve_the_stored_bytes(decided, tmp_path, monkeypatch):
    version = ProtocolVersion.objects.get(meeting=decided.meeting)
    out = tmp_path / "p.pdf"
    call_command("export_protocol", decided.meeting.pk, "--format", "pdf", "--out", str(out))
    assert out.read_bytes() == bytes(version.pdf)
    export = ProtocolExport.objects.create(
        meeting=decided.meeting, fmt="docx", requested_by=decided.secretary.user
    )
    export_jobs.run_export(export.pk)
    export.refresh_from_db()
    assert export.file.read() == bytes(version.docx)


def test_an_amendment_adds_a_version_and_keeps_the_old_one(decided, client):
    rnd = decided
    old = files(rnd.meeting)
    with pytest.raises(ScoringRefused) as info:
        services.amend_protocol(meeting_id=rnd.meeting.pk, by=rnd.members[0].user, reason="Опечатка")
    assert info.value.messages == ["Поправку к протоколу вносит председатель комиссии или администратор."]
    with pytest.raises(ScoringRefused) as info:
        services.amend_protocol(meeting_id=rnd.meeting.pk, by=rnd.chair.user, reason=" ")
    assert info.value.messages == ["Укажите основание поправки к протоколу."]
    services.amend_protocol(
        meeting_id=rnd.meeting.pk,
        by=rnd.chair.user,
        reason="Опечатка в тексте решения",
        text="Признать победителем проект " + rnd.apps[0].registration_number,
    )
    first, second = ProtocolVersion.objects.filter(meeting=rnd.meeting).order_by("number")
    assert (first.superseded, second.superseded) == (True, False)
    assert second.reason == "Опечатка в тексте решения"
    assert second.created_by == rnd.chair.user
    assert bytes(first.pdf) == old["pdf"]
    assert files(rnd.meeting)["docx"] == bytes(second.docx) != old["docx"]
    assert render_protocol(rnd.meeting, "docx", 1)[0] == old["docx"]
    assert RoundEvent.objects.filter(meeting=rnd.meeting).latest("at", "pk").action == "amend"
    assert rnd.reload().scoring_state == ScoringState.DECIDED
    rnd.apps[0].refresh_from_db()
    assert rnd.apps[0].status == ApplicationStatus.WINNER
    client.force_login(rnd.secretary.user)
    url = reverse("admin:commission_meeting_protocol", args=[rnd.meeting.pk, "docx"])
    assert client.get(url + "?version=1").content == old["docx"]
    assert client.get(url).content == bytes(second.docx)
    html = client.get(reverse("admin:commission_meeting_results", args=[rnd.meeting.pk]))
    assert "версия 1" in html.content.decode() and "(заменена поправкой)" in html.content.decode()


# ---------------------------------------------------------------- any sequence of attempts


def _attempts(rnd) -> dict[str, object]:
    app, member = rnd.apps[1], rnd.members[1]
    return {
        "readmit": lambda: screen_application(
            application_id=rnd.apps[2].pk, user=rnd.secretary.user, decision="reject", reasons="x"
        ),
        "threshold_form": lambda: MethodologyForm(
            data={"call": rnd.call.pk, "threshold": "95"}, instance=Methodology.objects.get(call=rnd.call)
        ).save(),
        "threshold_raw": lambda: Methodology.objects.filter(call=rnd.call).update(threshold=Decimal(95)),
        "attendance_raw": lambda: rnd.meeting.present.remove(member),
        "rename": lambda: Organisation.objects.filter(pk=app.organisation_id).update(
            full_name="ООО «Другое»"
        ),
        "score": lambda: score(rnd, member, app, 35, 35, 30),
        "reopen": lambda: services.reopen_scoring(
            meeting_id=rnd.meeting.pk, by=rnd.secretary.user, reason="x"
        ),
        "absent": lambda: services.correct_attendance(
            meeting_id=rnd.meeting.pk,
            membership_id=member.pk,
            present=False,
            by=rnd.secretary.user,
            reason="x",
        ),
        "decide_again": lambda: services.record_decision(
            meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="Иное"
        ),
        "scenario": lambda: import_scenario(call=rnd.call, data=b"x"),
        "role": lambda: services.correct_member_role(
            meeting_id=rnd.meeting.pk,
            membership_id=member.pk,
            role="secretary",
            by=rnd.chair.user,
            reason="x",
        ),
    }


def test_no_sequence_of_attempts_changes_the_stored_protocol(decided):
    rnd = decided
    before = files(rnd.meeting)
    attempts = _attempts(rnd)
    refusals = (ScoringRefused, ActionRefused, CallRefused, ValueError)

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(st.lists(st.sampled_from(sorted(attempts)), min_size=1, max_size=6))
    def run(sequence: list[str]) -> None:
        for name in sequence:
            try:
                with transaction.atomic():
                    attempts[name]()
            except refusals:
                pass
        assert files(rnd.reload()) == before
        assert ProtocolVersion.objects.filter(meeting=rnd.meeting).count() == 1

    run()
