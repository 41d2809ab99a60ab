"""A member declares a conflict on one project and scores another in the admin; the
secretary closes scoring, downloads the protocol, records the decision, is refused a
threshold change and downloads the same protocol again; a large meeting's export page
reloads itself when the worker is done."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from commission import export_jobs
from commission.models import ProtocolExport, ProtocolVersion, Recusal, Score
from tests.commission.conftest import build_round, close_round, open_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-word-123"  # UserFactory's


def admin_login(page, base: str, email: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")


def test_member_scores_in_admin_and_secretary_downloads_protocol(live_server, new_context):
    rnd = build_round(2)
    open_round(rnd)
    conflicted, scored = rnd.apps
    member = rnd.members[0]
    scoring_url = live_server.url + reverse("admin:commission_meeting_scoring", args=[rnd.meeting.pk])

    member_page = new_context().new_page()
    member_page.set_default_timeout(30_000)
    admin_login(member_page, live_server.url, member.user.email)
    member_page.goto(scoring_url)
    block = member_page.get_by_test_id(f"app-{conflicted.registration_number}")
    block.locator("input[name=reason]").fill("Супруга работает у заявителя")
    block.get_by_role("button", name="Заявить конфликт интересов").click()
    member_page.get_by_text("Конфликт интересов заявлен.").wait_for()
    assert (
        member_page.get_by_test_id(f"app-{conflicted.registration_number}")
        .get_by_test_id("recused")
        .is_visible()
    )

    block = member_page.get_by_test_id(f"app-{scored.registration_number}")
    block.locator("input[name=points-financial]").fill("30")
    block.locator("input[name=points-budget]").fill("31,5")
    block.locator("input[name=points-socio_economic]").fill("36")  # above the maximum
    block.get_by_role("button", name="Сохранить оценку").click()
    member_page.locator(".errorlist, .messagelist").first.wait_for()
    assert "Социально-экономическая эффективность" in member_page.content()
    assert not Score.objects.filter(member=member).exists()
    block = member_page.get_by_test_id(f"app-{scored.registration_number}")
    block.locator("input[name=points-financial]").fill("30")
    block.locator("input[name=points-budget]").fill("31,5")
    block.locator("input[name=points-socio_economic]").fill("25")
    block.locator("textarea[name=finding]").fill("Проект обоснован")
    block.get_by_role("button", name="Сохранить оценку").click()
    member_page.get_by_text("Оценка сохранена.").wait_for()
    assert Recusal.objects.filter(member=member, application=conflicted).exists()
    saved = Score.objects.get(member=member, application=scored)
    assert {p.category.code: str(p.points) for p in saved.points.all()} == {
        "financial": "30.00",
        "budget": "31.50",
        "socio_economic": "25.00",
    }

    page = new_context().new_page()
    page.set_default_timeout(30_000)
    admin_login(page, live_server.url, rnd.secretary.user.email)
    page.goto(live_server.url + reverse("admin:commission_meeting_results", args=[rnd.meeting.pk]))
    progress = page.get_by_test_id("progress").inner_text()
    assert "оценил" in progress and "самоотвод" in progress
    assert "31,5" not in page.content()  # blind until closed
    page.get_by_test_id("close").click()
    page.get_by_test_id("results").wait_for()
    assert "31,50" in page.get_by_test_id("results").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("protocol-docx").click()
    document = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert scored.registration_number in text
    assert conflicted.registration_number in text
    assert member.user.full_name in text
    assert "86,50" in text  # 30 + 31,5 + 25 from the only member who scored

    # The decision binds: a later change of the threshold is refused in Russian, and the
    # protocol downloads byte for byte as stored at the decision.
    page.get_by_role("button", name="Записать решение").click()
    page.get_by_test_id("version-1").wait_for()
    stored = ProtocolVersion.objects.get(meeting=rnd.meeting)
    with page.expect_download() as download:
        page.get_by_test_id("protocol-docx").click()
    assert download.value.path().read_bytes() == bytes(stored.docx)
    page.goto(live_server.url + reverse("admin:commission_methodology_change", args=[rnd.methodology.pk]))
    page.locator("#id_threshold").fill("95")
    page.locator("input[name=_save]").click()
    page.get_by_text(
        "По отбору принято решение: его правила, сроки, макроэкономический "
        "сценарий и методику оценки изменить нельзя."
    ).wait_for()
    rnd.methodology.refresh_from_db()
    assert str(rnd.methodology.threshold) == "80.000"
    page.goto(live_server.url + reverse("admin:commission_meeting_results", args=[rnd.meeting.pk]))
    with page.expect_download() as download:
        page.get_by_test_id("protocol-docx").click()
    assert download.value.path().read_bytes() == bytes(stored.docx)


def test_export_page_reloads_when_the_protocol_is_ready(live_server, page):
    rnd = build_round(1)
    open_round(rnd)
    close_round(rnd)
    # A pending export as request_export leaves it; the worker's turn comes later.
    export = ProtocolExport.objects.create(meeting=rnd.meeting, fmt="docx", requested_by=rnd.secretary.user)
    admin_login(page, live_server.url, rnd.secretary.user.email)
    page.goto(live_server.url + reverse("admin:commission_meeting_export", args=[rnd.meeting.pk, export.pk]))
    assert "формируется" in page.get_by_test_id("export-state").inner_text()
    assert export_jobs.run_export(export.pk) == "done"
    # export-poll.js sees the job done and reloads: the link appears without a click.
    page.get_by_test_id("export-download").wait_for()
    with page.expect_download() as download:
        page.get_by_test_id("export-download").click()
    assert download.value.path().read_bytes()[:2] == b"PK"
