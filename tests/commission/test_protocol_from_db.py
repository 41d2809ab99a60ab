"""The protocol exported from the database by ``manage.py export_protocol`` after a real
round (scores, a recusal, an absent member, the decision), read back from DOCX, XLSX
and PDF."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from commission import services
from commission.exports import protocol_data
from scoring.models import IndicatorResult
from tests.commission.conftest import (
    CHAIR_NAME,
    DEPUTY_NAME,
    MEMBER_NAMES,
    SECRETARY_NAME,
    build_round,
    close_round,
    open_round,
    score,
)

pytestmark = pytest.mark.django_db

RECUSAL_REASON = "Входит в совет директоров заявителя"
TOTALS = ["88,75", "81,00", "80,00*"]
DECISIONS = ["победитель", "победитель", "не прошёл отбор*"]
ABSENT = MEMBER_NAMES[2]


def play(rnd) -> None:
    """Popov is absent; the chair recuses from the second project; the third gets 79.995."""
    first, second, third = rnd.apps
    rnd.meeting.present.remove(rnd.members[2])
    open_round(rnd)
    for member in (rnd.chair, rnd.deputy, rnd.members[0]):
        score(rnd, member, first, 35, 30, 25)
    score(rnd, rnd.members[1], first, 33, 28, 24, finding="Завышена выручка")
    services.declare_conflict(
        meeting_id=rnd.meeting.pk, application_id=second.pk, user=rnd.chair.user, reason=RECUSAL_REASON
    )
    score(rnd, rnd.deputy, second, 35, 35, 11)
    score(rnd, rnd.members[0], second, 35, 35, 11)
    score(rnd, rnd.members[0], third, 35, 35, "9.99")
    score(rnd, rnd.members[1], third, 35, 35, "10.00")
    close_round(rnd)
    services.record_decision(meeting_id=rnd.meeting.pk, by=rnd.secretary.user, text="")


@pytest.fixture
def decided(rnd):
    play(rnd)
    return rnd


def export(rnd, fmt: str, tmp_path) -> bytes:
    out = tmp_path / f"protocol.{fmt}"
    stdout = StringIO()
    call_command("export_protocol", rnd.meeting.pk, format=fmt, out=str(out), stdout=stdout)
    content = out.read_bytes()
    assert stdout.getvalue().strip() == f"{out}: {len(content)} байт"
    return content


def numbers(rnd) -> list[str]:
    return [app.registration_number for app in rnd.apps]


def test_docx_from_the_database(decided, tmp_path):
    rnd = decided
    document = Document(BytesIO(export(rnd, "docx", tmp_path)))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    assert "ПРОТОКОЛ № 7-КО" in text
    assert "от 10.06.2015" in text
    assert "Кворум имеется" in text
    present, absent = text.split("Отсутствовали:")[0], text.split("Отсутствовали:")[1]
    for line in (
        f"{CHAIR_NAME} — председатель комиссии",
        f"{DEPUTY_NAME} — заместитель председателя комиссии",
        f"{MEMBER_NAMES[0]} — член комиссии",
        f"{MEMBER_NAMES[1]} — член комиссии",
        f"{SECRETARY_NAME} — секретарь комиссии (без права голоса)",
    ):
        assert line in present
    assert ABSENT not in present
    assert f"{ABSENT} — член комиссии" in absent
    assert f"Председатель комиссии ______________ / {CHAIR_NAME}" in text
    assert f"Секретарь комиссии ______________ / {SECRETARY_NAME}" in text
    first, second, third = numbers(rnd)
    assert f"{third}: Неокруглённая сумма баллов 79,995 меньше проходного балла 80,00" in text
    assert f"{second}: {CHAIR_NAME} — конфликт интересов" in text
    assert RECUSAL_REASON in text
    assert (
        "Признать победителями конкурсного отбора проекты, набравшие не менее 80,00 "
        f"баллов: {first}, {second}."
    ) in text
    main = tables[0]
    assert [row[1] for row in main[1:]] == [first, second, third]
    assert [row[-2] for row in main[1:]] == TOTALS
    assert [row[-1] for row in main[1:]] == DECISIONS
    assert main[1][10:13] == ["34,50", "29,50", "24,75"]
    assert main[2][10:13] == ["35,00", "35,00", "11,00"]
    assert main[3][10:13] == ["35,00", "35,00", "10,00"]  # 9.995 displayed half up
    assert main[1][2] == str(rnd.apps[0].organisation)
    npv = IndicatorResult.objects.get(application=rnd.apps[0], is_current=True).npv
    assert npv > 0
    assert main[1][5] == f"{npv:,.2f}".replace(",", "\u202f").replace(".", ",")
    appendix = tables[1:]
    assert len(appendix) == 3
    members_of = [[row[0] for row in table[1:]] for table in appendix]
    assert sorted(members_of[0]) == sorted([CHAIR_NAME, DEPUTY_NAME, *MEMBER_NAMES[:2]])
    assert sorted(members_of[1]) == sorted([DEPUTY_NAME, MEMBER_NAMES[0]])
    assert sorted(members_of[2]) == sorted(MEMBER_NAMES[:2])
    popov_row = next(row for row in appendix[0][1:] if row[0] == MEMBER_NAMES[1])
    assert popov_row == [MEMBER_NAMES[1], "33,00", "28,00", "24,00", "85,00", "Завышена выручка"]


def test_xlsx_from_the_database(decided, tmp_path):
    rnd = decided
    workbook = load_workbook(BytesIO(export(rnd, "xlsx", tmp_path)))
    assert workbook.sheetnames == ["Протокол", "Приложение"]
    rows = list(workbook["Протокол"].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "№ п/п")
    body = rows[header + 1 : header + 4]
    assert [row[1] for row in body] == numbers(rnd)
    assert [row[13] for row in body] == [pytest.approx(88.75), pytest.approx(81), pytest.approx(79.995)]
    assert [row[14] for row in body] == DECISIONS
    assert body[0][10:13] == (pytest.approx(34.5), pytest.approx(29.5), pytest.approx(24.75))
    texts = [str(v) for row in rows for v in row if v is not None]
    assert f"Председатель комиссии ______________ / {CHAIR_NAME}" in texts
    appendix = list(workbook["Приложение"].iter_rows(values_only=True))
    pairs = {(row[0], row[1]) for row in appendix}
    assert (numbers(rnd)[0], MEMBER_NAMES[1]) in pairs
    assert (numbers(rnd)[1], CHAIR_NAME) in pairs  # the recusal line
    assert (numbers(rnd)[1], CHAIR_NAME, RECUSAL_REASON) in {row[:3] for row in appendix}


def test_winners_register_from_the_database(decided, tmp_path):
    rnd = decided
    sheet = load_workbook(BytesIO(export(rnd, "winners", tmp_path)))["Реестр победителей"]
    rows = [row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0] is not None]
    assert [row[1] for row in rows] == numbers(rnd)[:2]
    assert [row[5] for row in rows] == [pytest.approx(88.75), pytest.approx(81)]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_pdf_from_the_database(decided, tmp_path):
    rnd = decided
    content = export(rnd, "pdf", tmp_path)
    assert content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "ПРОТОКОЛ № 7-КО" in flat
    for number in numbers(rnd):
        assert number in flat
    for total in ("88,75", "81,00", "80,00"):
        assert total in flat
    for name in (CHAIR_NAME, DEPUTY_NAME, *MEMBER_NAMES, SECRETARY_NAME):
        assert name in flat
    assert "Председатель" in flat
    assert "Неокруглённая сумма баллов 79,995" in flat


def test_unknown_meeting_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="Заседание 999999 не найдено"):
        call_command("export_protocol", 999999, format="docx", out=str(tmp_path / "x.docx"))


def test_protocol_data_queries_do_not_grow_with_applications(db):
    small = build_round(1, year=2016)
    large = build_round(3)
    counts = []
    for rnd in (small, large):
        open_round(rnd)
        for app in rnd.apps:
            services.declare_conflict(
                meeting_id=rnd.meeting.pk, application_id=app.pk, user=rnd.chair.user, reason="Конфликт"
            )
            for member in (rnd.deputy, *rnd.members):
                score(rnd, member, app, 30, 30, 25)
        close_round(rnd)
        with CaptureQueriesContext(connection) as queries:
            data = protocol_data(rnd.meeting)
        assert len(data.rows) == len(rnd.apps)
        assert len(data.appendix_scores) == 4 * len(rnd.apps)
        assert len(data.recusals) == len(rnd.apps)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def _document_text(fmt: str, content: bytes) -> list[str]:
    if fmt == "docx":
        document = Document(BytesIO(content))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return [p.text for p in document.paragraphs] + cells
    workbook = load_workbook(BytesIO(content))
    return [
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "winners"])
def test_an_english_request_downloads_the_russian_protocol(decided, client, settings, fmt):
    """The protocol is official: the same Russian document whatever the UI language
    (the members' roles come from translatable choices)."""
    from django.core.cache import cache
    from django.urls import reverse

    rnd = decided
    client.force_login(rnd.secretary.user)
    url = reverse("admin:commission_meeting_protocol", args=[rnd.meeting.pk, fmt])
    texts = {}
    for language in ("en", "ru"):
        cache.clear()  # no protocol rendered for the other language is reused
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        assert response.status_code == 200
        texts[language] = _document_text(fmt, response.content)
    assert texts["en"] == texts["ru"]
    joined = "\n".join(texts["en"])
    if fmt == "docx":
        assert "председатель комиссии" in joined and "chair" not in joined.lower()
    for english in ("Commission", "Meeting", "winner", "not selected"):
        assert english not in joined
