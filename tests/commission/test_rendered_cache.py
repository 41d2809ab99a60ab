"""The ranking table and the protocol files are rendered once and shared through the cache;
whatever they show changing gives a fresh rendering, never a stale one."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as DocxDocument

from commission import exports, selectors
from commission.models import Methodology
from tests.commission.conftest import build_round, close_round, open_round, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(db):
    """A closed round: the first application scores 90 (a winner), the others 60."""
    rnd = build_round(3)
    open_round(rnd)
    for app, points in zip(rnd.apps, [(30, 30, 30), (20, 20, 20), (20, 20, 20)], strict=True):
        for member in rnd.voting:
            score(rnd, member, app, *points)
    close_round(rnd)
    return rnd


def results_html(client, rnd) -> str:
    client.force_login(rnd.secretary.user)
    response = client.get(reverse("admin:commission_meeting_results", args=[rnd.meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def ranking_row(html: str, registration_number: str) -> str:
    table = html.split('data-testid="results"')[1].split("</table>")[0]
    return table.split(f"<td>{registration_number}</td>")[1].split("</tr>")[0]


def test_the_second_results_request_reads_the_rendered_ranking(client, closed):
    first = results_html(client, closed)
    selectors.forget_cached_results()  # another process: no in-process results either
    with CaptureQueriesContext(connection) as queries:
        second = results_html(client, closed)
    table = 'data-testid="results"'
    assert second.split(table)[1].split("</table>")[0] == first.split(table)[1].split("</table>")[0]
    # The ranking itself reads no score, point or application row the second time.
    assert not [q for q in queries if "commission_scorepoint" in q["sql"]]
    assert "победитель" in ranking_row(second, closed.apps[0].registration_number)


def test_a_changed_threshold_gives_a_new_ranking_not_the_cached_one(client, closed):
    assert "победитель" in ranking_row(results_html(client, closed), closed.apps[0].registration_number)
    Methodology.objects.filter(pk=closed.methodology.pk).update(threshold=95)
    row = ranking_row(results_html(client, closed), closed.apps[0].registration_number)
    assert "победитель" not in row and "не прошёл отбор" in row


def test_a_reopened_round_hides_the_cached_ranking(client, closed):
    results_html(client, closed)
    from commission import services

    services.reopen_scoring(meeting_id=closed.meeting.pk, by=closed.secretary.user, reason="Уточнение оценок")
    html = results_html(client, closed)
    assert 'data-testid="results"' not in html and 'data-testid="progress"' in html


def test_a_protocol_is_rendered_once_per_data(closed, monkeypatch):
    calls = []
    renderer, content_type = exports.FORMATS["docx"]

    def counting(data):
        calls.append(data)
        return renderer(data)

    monkeypatch.setitem(exports.FORMATS, "docx", (counting, content_type))
    first, _type, _name = exports.render_protocol(closed.meeting, "docx")
    second, _type, _name = exports.render_protocol(closed.meeting, "docx")
    assert len(calls) == 1 and second == first

    closed.meeting.place = "Москва, ул. Охотный Ряд, д. 1, зал 3"
    closed.meeting.save(update_fields=["place"])
    third, _type, _name = exports.render_protocol(closed.meeting, "docx")
    assert len(calls) == 2
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(third)).paragraphs)
    assert "зал 3" in text
