"""No page runs inline JavaScript or carries inline styles, so the policy's script-src
'self' and style-src 'self' (no 'unsafe-inline') break nothing: every <script> has a src
(JSON data blocks aside), no element carries an on...= handler or a style= attribute, no
page has a <style> block and no link is a javascript: URL. The pages are the applicant's
steps and application, the screening pages, the commission's admin pages, the Django
admin's and the error pages."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from commission.models import ProtocolExport
from tests.commission.conftest import build_round, close_round, open_round, score
from tests.factories import UserFactory, complete_application

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


class InlineScriptFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        line = self.getpos()[0]
        if tag == "script":
            if named.get("src"):
                self.scripts.append(named["src"])
            elif named.get("type") != "application/json":
                self.found.append(f"line {line}: <script> without src")
        if tag == "style":
            self.found.append(f"line {line}: <style> block")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"line {line}: <{tag} style={value!r}>")
            if name.startswith("on"):
                self.found.append(f"line {line}: <{tag} {name}=...>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"line {line}: <{tag} {name}={value!r}>")


def inline_scripts(client: Client, url: str) -> tuple[list[str], list[str]]:
    """(what would need 'unsafe-inline', the script files) on the page at url."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    finder = InlineScriptFinder()
    finder.feed(response.content.decode())
    finder.close()
    return finder.found, finder.scripts


def assert_no_inline_scripts(client: Client, urls: list[str]) -> dict[str, list[str]]:
    found, scripts = {}, {}
    for url in urls:
        found[url], scripts[url] = inline_scripts(client, url)
    assert {url: lines for url, lines in found.items() if lines} == {}
    return scripts


def test_applicant_pages():
    rnd = build_round(1)
    submitted = rnd.apps[0]
    draft = complete_application(rnd.call, organisation=submitted.organisation, user=submitted.created_by)
    client = Client()
    client.force_login(draft.created_by)
    steps = [
        reverse("portal:step", args=[draft.pk, step])
        for step in ("project", "costs", "jobs", "capital", "model", "documents", "review")
    ]
    scripts = assert_no_inline_scripts(
        client,
        [
            reverse("portal:my_list"),
            reverse("portal:organisation"),
            *steps,
            reverse("portal:detail", args=[draft.pk]),
            reverse("portal:detail", args=[submitted.pk]),
        ],
    )
    model, review = steps[4], steps[6]
    assert "/static/otbor/model-grid.js" in scripts[model]
    assert "/static/otbor/autosave.js" in scripts[model]
    assert "/static/otbor/submit-once.js" in scripts[review]
    assert "/static/otbor/confirm.js" in scripts[reverse("portal:detail", args=[draft.pk])]


def test_staff_and_commission_admin_pages():
    rnd = build_round(2)
    secretary, member = rnd.secretary.user, rnd.members[0].user
    app = rnd.apps[0]
    meeting = rnd.meeting.pk
    open_round(rnd)
    for voter in rnd.voting:
        score(rnd, voter, app, 30, 30, 20)
    client = Client()
    client.force_login(member)
    assert_no_inline_scripts(
        client,
        [
            reverse("admin:index"),
            reverse("admin:commission_meeting_scoring", args=[meeting]),
            reverse("admin:commission_meeting_results", args=[meeting]),
            reverse("admin:applications_application_changelist"),
        ],
    )
    client.force_login(secretary)
    assert_no_inline_scripts(
        client,
        [
            reverse("calls:calls"),
            reverse("screening:call", args=[rnd.call.pk]),
            reverse("admin:commission_meeting_results", args=[meeting]),
            reverse("admin:commission_meeting_audit", args=[meeting, app.pk]),
        ],
    )
    close_round(rnd)
    export = ProtocolExport.objects.create(meeting=rnd.meeting, fmt="xlsx", requested_by=secretary)
    export_url = reverse("admin:commission_meeting_export", args=[meeting, export.pk])
    scripts = assert_no_inline_scripts(
        client,
        [
            reverse("admin:commission_meeting_results", args=[meeting]),
            reverse("admin:commission_meeting_scoring", args=[meeting]),
            export_url,
            reverse("admin:applications_application_changelist"),
            reverse("admin:applications_application_change", args=[app.pk]),
            reverse("admin:calls_call_changelist"),
            reverse("admin:calls_call_change", args=[rnd.call.pk]),
            reverse("admin:calls_call_add"),
            reverse("admin:commission_meeting_changelist"),
            reverse("admin:commission_meeting_change", args=[meeting]),
            reverse("admin:commission_commission_changelist"),
            reverse("admin:commission_methodology_changelist"),
            reverse("admin:calls_macroscenario_changelist"),
            reverse("admin:password_change"),
        ],
    )
    assert "/static/otbor/export-poll.js" in scripts[export_url]


def test_administrator_and_public_pages():
    administrator = UserFactory(role="administrator")
    client = Client()
    assert_no_inline_scripts(
        client,
        [
            reverse("login"),
            reverse("admin:login"),
            reverse("password_reset"),
            reverse("register"),
        ],
    )
    client.force_login(administrator)
    assert_no_inline_scripts(
        client,
        [
            reverse("admin:index"),
            reverse("admin:accounts_user_changelist"),
            reverse("admin:accounts_user_change", args=[administrator.pk]),
            reverse("admin:accounts_user_add"),
            reverse("admin:auth_user_password_change", args=[administrator.pk]),
            reverse("admin:auth_group_changelist"),
            reverse("admin:reference_region_changelist"),
            reverse("admin:reference_region_add"),
        ],
    )


@pytest.mark.parametrize("template", ["403.html", "404.html", "500.html", "503.html"])
def test_error_pages(template):
    from django.template.loader import render_to_string

    finder = InlineScriptFinder()
    finder.feed(render_to_string(template))
    finder.close()
    assert finder.found == []


def test_the_charts_have_no_inline_style():
    from scoring.charts import Series, TornadoRow, cash_flow_svg, tornado_svg

    finder = InlineScriptFinder()
    finder.feed(cash_flow_svg(["2015", "2016"], [Series("FCFF", "#0d6efd", [-100.0, 50.0])], "FCFF"))
    finder.feed(tornado_svg([TornadoRow("EBIT", {-20: -5.0, -10: -2.0, 10: 2.0, 20: 5.0})], "NPV"))
    finder.close()
    assert finder.found == []
