"""Every page in English shows no Russian but the data: user input, proper names
(organisations, people, projects, regions, priority directions, the methodology's
categories) and stored records (timeline notes, decisions). The allow-list is read from
the database the test filled (the demo data set: every role, every status, a decided
meeting), never written by hand; the language switcher's «Русский» is the one constant.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core import mail
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from applications.models import Application
from calls.models import Call
from calls.selectors import public_calls
from commission.models import Meeting
from commission.selectors import meeting_applications
from tests.otp_helpers import login_verified

CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё][А-Яа-яЁёA-Za-z0-9\-]*")
PROJECT_APPS = {
    "accounts",
    "applications",
    "calls",
    "commission",
    "organisations",
    "privacy",
    "reference",
    "scoring",
}
# Stored data, not interface: every text column of these models is user input, a proper
# name or a stored record (permission names are stored by migrate with the verbose names);
# engine results and calls (whose title is built) are not here.
DATA_MODELS = [
    "organisations.Organisation",
    "reference.Region",
    "reference.PriorityDirection",
    "applications.Application",
    "applications.ApplicationVersion",
    "applications.Document",
    "applications.StatusEvent",
    "calls.CallEvent",
    "calls.Question",  # applicants' questions and the secretary's answers, as typed
    "commission.ProtocolVersion",
    "organisations.IdentityChangeRequest",
    "accounts.User",
    "auth.Group",
    "auth.Permission",
    "commission.Commission",
    "commission.Meeting",
    "commission.Category",
    "commission.Recusal",
    "commission.Score",
    "commission.RoundEvent",
    "privacy.PersonalDataAccess",
    "reference.OkvedCode",  # the official classifier's names (ОК 029-2014), Russian only
    "reference.Cluster",  # imported reference data: cluster names as registered
    "reference.ClusterParticipant",
    "reference.EmploymentTable",  # the imported table's own title (its source)
]
SWITCHER = ["Русский"]
ATTRIBUTES_SHOWN = ("placeholder", "title", "aria-label", "data-confirm", "data-submit-once")


class VisibleText(HTMLParser):
    """The text a reader sees: no scripts, styles, textarea contents (input values);
    plus the attributes that show as text (placeholders, titles, confirmations)."""

    HIDDEN = {"script", "style", "textarea"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        for name, value in attrs:
            if name in ATTRIBUTES_SHOWN and value:
                self.parts.append(value)

    def handle_endtag(self, tag) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in _strings(key) + _strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


def data_allow_list() -> list[str]:
    """Every stored text value of the data models, longest first (so that a name inside
    a longer title is not cut out first)."""
    found: set[str] = set(SWITCHER)
    for label in DATA_MODELS:
        model = apps.get_model(label)
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model.objects.values_list(*fields):
            for value in row:
                for text in _strings(value):
                    found.update(" ".join(line.split()) for line in text.splitlines())
                    found.add(" ".join(text.split()))
    found.update(user.get_short_name() for user in User.objects.all())  # the admin's greeting
    return sorted((s for s in found if CYRILLIC_WORD.search(s)), key=len, reverse=True)


def russian_left(html: str, allowed: list[str]) -> list[str]:
    """Cyrillic words of the page's visible text once the allowed data are removed."""
    text = visible_text(html)
    for value in allowed:
        if value in text:
            text = text.replace(value, " ")
    return CYRILLIC_WORD.findall(text)


def english_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


class Crawl:
    def __init__(self, allowed: list[str]) -> None:
        self.allowed = allowed
        self.failures: list[str] = []
        self.pages = 0

    def visit(self, client: Client, url: str, post: dict | None = None) -> None:
        """GET the page (or POST ``post`` where a page is only a form's answer)."""
        if post is None:
            response = client.get(url, follow=True)  # "/" and "/screening/" redirect
        else:
            response = client.post(url, post, follow=True)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        if "text/html" not in response.get("Content-Type", ""):
            return
        html = response.content.decode()
        assert 'lang="en"' in html or "/admin/" in url, f"{url} is not in English"
        self.pages += 1
        left = russian_left(html, self.allowed)
        if left:
            self.failures.append(f"{url}: {' '.join(dict.fromkeys(left))}")


def test_the_check_finds_an_unwrapped_string():
    """The check can fail: a Russian label outside the data is found, data are not."""
    page = (
        '<html lang="en"><body><h1>Applications</h1><p>ООО «Ромашка»</p>'
        '<label>Сохранить</label><script>var x = "Привет";</script>'
        '<textarea>заключение члена</textarea><input placeholder="Причина"></body></html>'
    )
    assert russian_left(page, ["ООО «Ромашка»"]) == ["Сохранить", "Причина"]


@pytest.mark.django_db(transaction=True)
def test_every_page_in_english_shows_russian_only_in_data():
    call_command("load_demo_data", verbosity=0)
    allowed = data_allow_list()
    crawl = Crawl(allowed)

    anonymous = english_client()
    for url in [
        reverse("login"),
        reverse("password_reset"),
        reverse("password_reset_done"),
        reverse("password_reset_complete"),
        reverse("register"),
        reverse("register_sent"),
        reverse("resend_confirmation"),
        "/accounts/reset/MQ/bad-token/",
        reverse("public:calls"),
    ]:
        crawl.visit(anonymous, url)
    public_call_ids = list(public_calls().values_list("pk", flat=True))
    assert public_call_ids, "the demo has an announced call"
    for call_id in public_call_ids:
        crawl.visit(anonymous, reverse("public:call", args=[call_id]))

    # Applicants: every application of the demo, each through its owner's eyes.
    for app in Application.objects.select_related("organisation").order_by("pk"):
        owner = User.objects.filter(organisation=app.organisation, is_active=True).first()
        client = english_client()
        client.force_login(owner)
        crawl.visit(client, reverse("portal:detail", args=[app.pk]))
        if app.is_editable:
            for step in ["project", "costs", "jobs", "capital", "model", "documents", "review"]:
                crawl.visit(client, reverse("portal:step", args=[app.pk, step]))
    applicant = english_client()
    applicant.force_login(User.objects.get(email="applicant@otbor.example"))
    for url in [reverse("portal:my_list"), reverse("portal:organisation")]:
        crawl.visit(applicant, url)
    for call_id in public_call_ids:
        crawl.visit(applicant, reverse("portal:questions", args=[call_id]))
    first_submitted = Application.objects.filter(registration_number__gt="").order_by("pk").first()
    owner = User.objects.filter(organisation=first_submitted.organisation, is_active=True).first()
    client = english_client()
    client.force_login(owner)
    crawl.visit(client, reverse("portal:card", args=[first_submitted.pk]))  # a PDF, Russian by design

    # The secretary: calls, screening, the commission's pages in the admin.
    # First the second factor's enrolment: the link page, the link sent, the QR code page.
    secretary = english_client()
    secretary_user = User.objects.get(email="secretary@otbor.example")
    secretary.force_login(secretary_user)
    crawl.visit(secretary, reverse("otp_setup"))
    mail.outbox.clear()
    crawl.visit(secretary, reverse("otp_enrol_send"), post={"next": "/admin/"})
    link = re.search(r"http://testserver(/accounts/otp/enrol/\S+)", mail.outbox[-1].body).group(1)
    crawl.visit(secretary, link)
    login_verified(secretary, secretary_user)
    crawl.visit(secretary, reverse("otp_verify"))
    crawl.visit(secretary, reverse("otp_backup_codes"))
    crawl.visit(secretary, reverse("otp_backup_codes"), post={"next": "/admin/"})
    crawl.visit(secretary, reverse("calls:calls"))
    crawl.visit(secretary, reverse("screening:index"))
    for call in Call.objects.order_by("pk"):
        crawl.visit(secretary, reverse("screening:call", args=[call.pk]))
        crawl.visit(secretary, reverse("screening:questions", args=[call.pk]))
    meetings = list(Meeting.objects.order_by("pk"))
    assert meetings, "the demo has a meeting"
    staff = [secretary]
    for email in ["chair@otbor.example", "member1@otbor.example"]:
        client = english_client()
        login_verified(client, User.objects.get(email=email))
        staff.append(client)
    for client in staff:
        crawl.visit(client, reverse("admin:index"))
        crawl.visit(client, reverse("admin:commission_meeting_changelist"))
        for meeting in meetings:
            crawl.visit(client, reverse("admin:commission_meeting_scoring", args=[meeting.pk]))
            crawl.visit(client, reverse("admin:commission_meeting_results", args=[meeting.pk]))
            for app_id in meeting_applications(meeting).order_by("pk").values_list("pk", flat=True)[:3]:
                crawl.visit(client, reverse("admin:commission_meeting_project", args=[meeting.pk, app_id]))
    for meeting in meetings:
        for app_id in (
            Application.objects.filter(call=meeting.call, registration_number__gt="")
            .order_by("pk")
            .values_list("pk", flat=True)[:3]
        ):
            crawl.visit(secretary, reverse("admin:commission_meeting_audit", args=[meeting.pk, app_id]))

    # The analyst's regional view, the secretary's reference imports, the API tokens page.
    analyst = english_client()
    login_verified(analyst, User.objects.get(email="analyst@otbor.example"))
    for client, url in [
        (analyst, reverse("analytics:regions")),
        (secretary, reverse("analytics:imports")),
        (applicant, reverse("api:tokens")),
    ]:
        assert client.get(url).status_code == 200, f"{url} is reached, not redirected"
        crawl.visit(client, url)

    # The administrator: the changelist and the first change page of every project model.
    administrator = english_client()
    login_verified(administrator, User.objects.get(email="admin@otbor.example"))
    for model, _model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS | {"auth"}:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        try:
            changelist = reverse("admin:{}_{}_changelist".format(*info))
        except NoReverseMatch:
            continue
        crawl.visit(administrator, changelist)
        first = model.objects.order_by("pk").first()
        if first is not None:
            crawl.visit(administrator, reverse("admin:{}_{}_change".format(*info), args=[first.pk]))

    assert not crawl.failures, "\n".join(crawl.failures)
    assert crawl.pages > 90
