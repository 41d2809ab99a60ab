"""The commission's admin pages: blind scoring, the secretary's progress and results, the
round's buttons, the audit page, the protocol download and the query counts."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commission import selectors, services
from commission.models import Score, ScorePoint, ScoringState
from tests.commission.conftest import build_round, close_round, open_round, score

pytestmark = pytest.mark.django_db

A_POINTS = ("33.17", "29.43", "21.89")
B_POINTS = ("12.34", "11.56", "10.78")


def variants(value: str) -> tuple[str, str]:
    return value, value.replace(".", ",")


def scoring_url(rnd) -> str:
    return reverse("admin:commission_meeting_scoring", args=[rnd.meeting.pk])


def results_url(rnd) -> str:
    return reverse("admin:commission_meeting_results", args=[rnd.meeting.pk])


def audit_url(rnd, app) -> str:
    return reverse("admin:commission_meeting_audit", args=[rnd.meeting.pk, app.pk])


def protocol_url(rnd, fmt: str) -> str:
    return reverse("admin:commission_meeting_protocol", args=[rnd.meeting.pk, fmt])


def page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def post(client, url: str, data: dict, redirect_to: str) -> list[str]:
    """POST, follow the redirect (which shows and consumes the messages), return them."""
    response = client.post(url, data, follow=True)
    assert response.redirect_chain == [(redirect_to, 302)]
    assert response.status_code == 200
    return messages_of(response)


def refused(client, url: str, data: dict) -> tuple[list[str], str]:
    """POST a score the services refuse: the page comes back (no redirect) with the
    errors beside the fields; returns them and the page."""
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    errors = [
        unescape(item)
        for block in re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', html, re.S)
        for item in re.findall(r"<li>(.*?)</li>", block, re.S)
    ]
    return errors, html


def progress_cells(html: str, registration_number: str) -> list[str]:
    table = html.split('data-testid="progress"')[1].split("</table>")[0]
    row = table.split(f"<tr><td>{registration_number}</td>")[1].split("</tr>")[0]
    return re.findall(r"<td>(.*?)</td>", row)


@pytest.fixture
def scored(rnd):
    """Open round: A (members[0]) and B (members[1]) scored the first application, the chair
    recused; nobody scored the others."""
    app = rnd.apps[0]
    open_round(rnd)
    score(rnd, rnd.members[0], app, *A_POINTS, finding="Заключение члена А")
    score(rnd, rnd.members[1], app, *B_POINTS)
    services.declare_conflict(
        meeting_id=rnd.meeting.pk,
        application_id=app.pk,
        user=rnd.chair.user,
        reason="Аффилирован с заявителем",
    )
    return rnd


# ---------------------------------------------------------------- blind scoring


def test_member_sees_only_own_points_while_open(client, scored):
    rnd = scored
    html_b = page(client, rnd.members[1].user, scoring_url(rnd))
    for value in B_POINTS:
        assert f'value="{value.replace(".", ",")}"' in html_b
    for value in A_POINTS:
        for text in variants(value):
            assert text not in html_b
    assert "Заключение члена А" not in html_b
    html_a = page(client, rnd.members[0].user, scoring_url(rnd))
    for value in A_POINTS:
        assert f'value="{value.replace(".", ",")}"' in html_a
    for value in B_POINTS:
        for text in variants(value):
            assert text not in html_a
    html_chair = page(client, rnd.chair.user, scoring_url(rnd))
    assert 'data-testid="recused"' in html_chair
    assert html_chair.count("Вы заявили конфликт интересов") == 1


def test_results_while_open_show_who_scored_but_no_points(client, scored):
    rnd = scored
    html = page(client, rnd.secretary.user, results_url(rnd))
    assert 'data-testid="progress"' in html and 'data-testid="results"' not in html
    names = [m.user.full_name for m in selectors.voting_members(rnd.meeting)]
    expected = {name: "—" for name in names}
    expected[rnd.members[0].user.full_name] = "оценил"
    expected[rnd.members[1].user.full_name] = "оценил"
    expected[rnd.chair.user.full_name] = "самоотвод"
    cells = progress_cells(html, rnd.apps[0].registration_number)
    assert cells[: len(names)] == [expected[name] for name in names]
    assert progress_cells(html, rnd.apps[1].registration_number)[: len(names)] == ["—"] * 5
    for value in A_POINTS + B_POINTS:
        for text in variants(value):
            assert text not in html
    member_html = page(client, rnd.members[2].user, results_url(rnd))
    assert "Итоги будут доступны после закрытия оценки." in member_html
    assert 'data-testid="progress"' not in member_html
    for value in A_POINTS:
        for text in variants(value):
            assert text not in member_html


def test_results_after_close_show_the_means(client, scored):
    rnd = scored
    close_round(rnd)
    html = page(client, rnd.members[2].user, results_url(rnd))
    table = html.split('data-testid="results"')[1].split("</table>")[0]
    row = table.split(f"<td>{rnd.apps[0].registration_number}</td>")[1].split("</tr>")[0]
    # means: (33.17 + 12.34)/2, (29.43 + 11.56)/2, (21.89 + 10.78)/2; total 59.585 → 59,59
    for text in (
        "22,76",
        "20,50",
        "16,34",
        "<strong>59,59</strong>",
        "2 (самоотводов: 1)",
        "не прошёл отбор",
    ):
        assert text in row
    scoring_html = page(client, rnd.members[1].user, scoring_url(rnd))
    assert "Ваша оценка: 12,34 / 11,56 / 10,78" in scoring_html
    assert '<form method="post"><input' not in scoring_html.replace("\n", "")
    assert 'name="points-financial"' not in scoring_html


# ---------------------------------------------------------------- scoring through the page


def test_member_scores_through_the_page_with_a_decimal_comma(client, rnd):
    open_round(rnd)
    app = rnd.apps[1]
    client.force_login(rnd.members[2].user)
    back = f"{scoring_url(rnd)}#app-{app.pk}"
    assert post(
        client,
        scoring_url(rnd),
        {
            "application": app.pk,
            "action": "score",
            "points-financial": "30,5",
            "points-budget": "31",
            "points-socio_economic": " 20,25 ",
            "finding": "Хорошо",
        },
        back,
    ) == ["Оценка сохранена."]
    saved = Score.objects.get(application=app, member=rnd.members[2])
    assert saved.finding == "Хорошо"
    assert {p.category.code: p.points for p in saved.points.all()} == {
        "financial": Decimal("30.5"),
        "budget": Decimal(31),
        "socio_economic": Decimal("20.25"),
    }
    assert {h.history_user_id for h in Score.history.filter(id=saved.pk)} == {rnd.members[2].user.pk}
    errors, html = refused(
        client,
        scoring_url(rnd),
        {
            "application": app.pk,
            "action": "score",
            "points-financial": "0.5",
            "points-budget": "abc",
            "points-socio_economic": "20",
            "finding": "Черновик заключения",
        },
    )
    assert errors == ["«abc» — не число."]
    # What was typed stays in the form, beside the error.
    for typed in ('value="0.5"', 'value="abc"', 'value="20"', ">Черновик заключения</textarea>"):
        assert typed in html
    errors, html = refused(
        client,
        scoring_url(rnd),
        {
            "application": app.pk,
            "action": "score",
            "points-financial": "0,5",
            "points-budget": "31",
            "points-socio_economic": "20",
        },
    )
    assert errors == [
        "Финансовая эффективность: показатель достигнут (п. 12 Методики), допустимо от 1 до 35 "
        "баллов или 0 баллов с письменным заключением."
    ]
    assert 'value="0,5"' in html and f'id="err-{app.pk}-financial"' in html
    assert saved.points.get(category__code="financial").points == Decimal("30.5")


def test_member_recuses_through_the_page(client, rnd):
    open_round(rnd)
    app = rnd.apps[2]
    client.force_login(rnd.deputy.user)
    back = f"{scoring_url(rnd)}#app-{app.pk}"
    assert post(
        client,
        scoring_url(rnd),
        {"application": app.pk, "action": "recuse", "reason": "Родственник директора"},
        back,
    ) == ["Конфликт интересов заявлен."]
    errors, _html = refused(
        client,
        scoring_url(rnd),
        {
            "application": app.pk,
            "action": "score",
            "points-financial": "30",
            "points-budget": "30",
            "points-socio_economic": "20",
        },
    )
    assert errors == ["Вы заявили конфликт интересов по этому проекту и не можете его оценивать."]
    assert not Score.objects.exists()


# ---------------------------------------------------------------- the round's buttons


def test_close_button_reports_missing_quorum(client, rnd):
    rnd.meeting.present.set([rnd.chair, rnd.members[0], rnd.secretary])
    open_round(rnd)
    client.force_login(rnd.secretary.user)
    round_url = reverse("admin:commission_meeting_round", args=[rnd.meeting.pk])
    assert post(client, round_url, {"action": "close"}, results_url(rnd)) == [
        "Нет кворума: присутствуют 2 из 5 членов комиссии с правом голоса (нужно больше половины)."
    ]
    assert rnd.reload().scoring_state == ScoringState.OPEN
    rnd.meeting.present.add(rnd.members[1])
    assert post(client, round_url, {"action": "close"}, results_url(rnd)) == ["Готово."]
    assert rnd.reload().scoring_state == ScoringState.CLOSED
    assert post(client, round_url, {"action": "reopen", "reason": ""}, results_url(rnd)) == [
        "Укажите причину повторного открытия оценки."
    ]
    assert post(client, round_url, {"action": "reopen", "reason": "Ошибка ввода"}, results_url(rnd)) == [
        "Готово."
    ]
    html = page(client, rnd.secretary.user, results_url(rnd))
    assert "reopen (Ошибка ввода)" in html


def test_members_cannot_run_the_round(client, rnd):
    open_round(rnd)
    client.force_login(rnd.chair.user)
    response = client.post(
        reverse("admin:commission_meeting_round", args=[rnd.meeting.pk]), {"action": "close"}
    )
    assert response.status_code == 403
    assert rnd.reload().scoring_state == ScoringState.OPEN


# ---------------------------------------------------------------- audit page


def test_audit_page_lists_history_and_hides_points_while_open(client, scored):
    rnd = scored
    app = rnd.apps[0]
    score(rnd, rnd.members[0], app, "34.01", *A_POINTS[1:], finding="Заключение члена А")
    html = page(client, rnd.secretary.user, audit_url(rnd, app))
    table = html.split('data-testid="audit"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", table)
    a_name = rnd.members[0].user.full_name
    score_rows = [r for r in rows if r[3] == f"оценка члена {a_name}"]
    assert [(who, what) for _at, who, _action, what in score_rows] == [(a_name, score_rows[0][3])] * 2
    assert len({action for _at, _who, action, _what in score_rows}) == 2  # created, changed
    hidden = [r for r in rows if r[3] == "Финансовая эффективность: скрыто до закрытия оценки"]
    assert len(hidden) == 3  # A created, A changed, B created
    assert {who for _at, who, _action, _what in hidden} == {a_name, rnd.members[1].user.full_name}
    assert any(
        what == f"конфликт интересов: {rnd.chair.user.full_name} — Аффилирован с заявителем"
        and who == rnd.chair.user.full_name
        for _at, who, _action, what in rows
    )
    assert all(re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d", at) for at, *_ in rows)
    for value in (*A_POINTS, *B_POINTS, "34.01"):
        for text in variants(value):
            assert text not in html
    assert "Заключение члена А" not in html
    assert len(rows) == 3 + 9 + 1 + 1  # scores and points (A twice, B once), recusal, open


def test_audit_page_shows_points_after_close(client, scored):
    rnd = scored
    close_round(rnd)
    html = page(client, rnd.secretary.user, audit_url(rnd, rnd.apps[0]))
    for text in (
        "Финансовая эффективность: 33.17",
        "Бюджетная эффективность: 11.56",
        "заключение: Заключение члена А",
        "скрыто до закрытия оценки",
    ):
        assert (text in html) is (text != "скрыто до закрытия оценки")
    assert "<td>close</td>" in html


def test_members_cannot_open_the_audit_page(client, scored):
    client.force_login(scored.members[0].user)
    assert client.get(audit_url(scored, scored.apps[0])).status_code == 403


# ---------------------------------------------------------------- protocol download


@pytest.mark.parametrize(
    ("fmt", "content_type", "magic"),
    [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("pdf", "application/pdf", b"%PDF"),
        ("winners", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ],
)
def test_protocol_downloads_only_after_close(client, scored, fmt, content_type, magic):
    rnd = scored
    client.force_login(rnd.secretary.user)
    response = client.get(protocol_url(rnd, fmt))
    assert response.status_code == 302 and response["Location"] == results_url(rnd)
    assert messages_of(response) == ["Протокол формируется после закрытия оценки."]
    close_round(rnd)
    response = client.get(protocol_url(rnd, fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(magic)
    stem = "reestr-pobediteley" if fmt == "winners" else "protokol"
    extension = "xlsx" if fmt == "winners" else fmt
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{stem}-7-%D0%9A%D0%9E.{extension}"
    )


def test_protocol_download_needs_manage_scoring_and_a_known_format(client, scored):
    rnd = scored
    close_round(rnd)
    client.force_login(rnd.chair.user)
    assert client.get(protocol_url(rnd, "docx")).status_code == 403
    client.force_login(rnd.secretary.user)
    assert client.get(protocol_url(rnd, "odt")).status_code == 403


# ---------------------------------------------------------------- query counts


def fill(rnd) -> None:
    """Everyone present scores every application except one recusal per application."""
    open_round(rnd)
    for app in rnd.apps:
        services.declare_conflict(
            meeting_id=rnd.meeting.pk, application_id=app.pk, user=rnd.deputy.user, reason="Конфликт"
        )
        for member in (rnd.chair, *rnd.members):
            score(rnd, member, app, 30, 30, 25, finding="Заключение")


def count_queries(client, user, url: str) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def one_and_three(db):
    small = build_round(1, year=2016)
    large = build_round(3)
    fill(small)
    fill(large)
    assert ScorePoint.objects.filter(score__meeting=large.meeting).count() == 3 * 4 * 3
    return small, large


def test_query_counts_do_not_grow_with_applications(client, one_and_three):
    small, large = one_and_three
    counts = {}
    for name, rnd in (("small", small), ("large", large)):
        counts[name, "scoring"] = count_queries(client, rnd.members[0].user, scoring_url(rnd))
        counts[name, "progress"] = count_queries(client, rnd.secretary.user, results_url(rnd))
        counts[name, "audit"] = count_queries(client, rnd.secretary.user, audit_url(rnd, rnd.apps[0]))
        close_round(rnd)
        counts[name, "results"] = count_queries(client, rnd.secretary.user, results_url(rnd))
        counts[name, "member results"] = count_queries(client, rnd.members[1].user, results_url(rnd))
        counts[name, "closed scoring"] = count_queries(client, rnd.members[0].user, scoring_url(rnd))
    for page_name in ("scoring", "progress", "audit", "results", "member results", "closed scoring"):
        assert counts["small", page_name] == counts["large", page_name], (page_name, counts)


@pytest.mark.django_db
def test_a_score_for_an_application_outside_the_meeting_is_a_message_not_an_error(client, rnd):
    from django.urls import reverse

    from tests.commission.conftest import open_round

    open_round(rnd)
    client.force_login(rnd.members[0].user)
    url = reverse("admin:commission_meeting_scoring", args=[rnd.meeting.pk])
    for application in ("999999", "abc"):
        response = client.post(
            url, {"application": application, "action": "recuse", "reason": "x"}, follow=True
        )
        assert response.status_code == 200
        assert "не рассматривается на заседании" in response.content.decode()
