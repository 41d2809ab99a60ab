"""Whatever anyone posts into any form of the applicant's, the public and the staff pages,
the answer is never a server error (hypothesis: 25 examples a page, each posting every
form the page shows).

The forms are not listed by hand: each page is fetched as its user sees it and every
``<form method="post">`` on it is read (its action, its fields, a select's options, file
inputs), so a form added to a page is fuzzed without touching this file. The pages: the
applicant's list, organisation and every step; registration, sign-in,
password reset; the secretary's calls, screening and meeting results; a member's scoring
page (the commission's admin)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.services.lifecycle import submit_application
from tests.commission.conftest import build_round, open_round
from tests.factories import UserFactory, call_with_example_scenario, complete_application

pytestmark = pytest.mark.django_db

SKIPPED_FIELDS = {"csrfmiddlewaretoken"}
# Actions that end the session or send the user elsewhere for good: the page is not a form.
SKIPPED_ACTIONS = ("/accounts/logout/", "/admin/logout/", "/i18n/setlang/")
TRICKY = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "inf",
    "9" * 40,
    "1 000 000,50",
    "1\u202f000,5",
    "31.02.2025",
    "0000-00-00",
    "2025-13-45",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil")',
    "'; DROP TABLE applications_application; --",
    "\x00",
    "a\x00b",
    "../../etc/passwd",
    "ё" * 300,
]
TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=4).map(str),
)


@dataclass
class Form:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> a select's options
    files: set[str] = field(default_factory=set)


class FormReader(HTMLParser):
    """The POST forms of a page."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {key: value or "" for key, value in attrs}
        if tag == "form" and named.get("method", "get").lower() == "post":
            self.current = Form(urljoin(self.page_url, named.get("action") or self.page_url))
            self.forms.append(self.current)
        if self.current is None:
            return
        name = named.get("name")
        if tag in ("input", "textarea", "select", "button") and name and name not in SKIPPED_FIELDS:
            if named.get("type") == "file":
                self.current.files.add(name)
            else:
                options = self.current.fields.setdefault(name, [])
                if named.get("value") and tag in ("input", "button"):
                    options.append(named["value"])
            self.select = name if tag == "select" else None
        if tag == "option" and self.select:
            self.current.fields[self.select].append(named.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        if tag == "select":
            self.select = None


def forms_on(client: Client, url: str) -> list[Form]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    reader = FormReader("http://testserver" + url)
    reader.feed(response.content.decode())
    unique: dict[tuple, Form] = {}
    for form in reader.forms:
        form.action = form.action.removeprefix("http://testserver")
        if not form.action.startswith(SKIPPED_ACTIONS):
            unique.setdefault((form.action, tuple(sorted(form.fields)), tuple(sorted(form.files))), form)
    assert unique, f"no form on {url}"
    return list(unique.values())


def value_for(options: list[str]) -> st.SearchStrategy:
    choices = [option for option in options if option is not None]
    return st.one_of(st.sampled_from(choices), TEXT) if choices else TEXT


def posted_data(form: Form) -> st.SearchStrategy:
    values = {
        name: st.one_of(value_for(options), st.lists(value_for(options), max_size=3))
        for name, options in form.fields.items()
    }
    uploads = {
        name: st.binary(max_size=2048).map(lambda content: SimpleUploadedFile("файл.xlsx", content))
        for name in form.files
    }
    return st.fixed_dictionaries({**values, **uploads}, optional={"unexpected": TEXT})


class World:
    """The users and objects the pages need, each built on first use (a commission round
    only for the commission's pages)."""

    def __init__(self) -> None:
        # Each page's forms, read once: the strategy must not change between examples.
        self.forms: dict[str, list[Form]] = {}

    @cached_property
    def call(self):
        return call_with_example_scenario()

    @cached_property
    def draft(self):
        return complete_application(self.call)

    @cached_property
    def applicant(self):
        return self.draft.created_by

    @cached_property
    def submitted(self):
        app = complete_application(self.call)
        submit_application(application_id=app.pk, user=app.created_by)
        return app

    @cached_property
    def round(self):
        rnd = build_round(1, year=2014, session="june")
        open_round(rnd)
        return rnd

    @cached_property
    def secretary(self):
        return UserFactory(role="secretary")

    @cached_property
    def meeting(self):
        return self.round.meeting

    @cached_property
    def meeting_secretary(self):
        return self.round.secretary.user

    @cached_property
    def member(self):
        return self.round.members[0].user


@pytest.fixture
def world(db) -> World:
    return World()


STEPS = ("project", "costs", "jobs", "capital", "model", "documents", "review")
PAGES = {
    **{
        f"step-{step}": ("applicant", lambda w, s=step: reverse("portal:step", args=[w.draft.pk, s]))
        for step in STEPS
    },
    "organisation": ("applicant", lambda w: reverse("portal:organisation")),
    "my-list": ("applicant", lambda w: reverse("portal:my_list")),
    "register": (None, lambda w: reverse("register")),
    "login": (None, lambda w: reverse("login")),
    "password-reset": (None, lambda w: reverse("password_reset")),
    "calls": ("secretary", lambda w: w.call and reverse("calls:calls")),  # a call to import into
    "screening": ("secretary", lambda w: reverse("screening:call", args=[w.submitted.call_id])),
    "results": (
        "meeting_secretary",
        lambda w: reverse("admin:commission_meeting_results", args=[w.meeting.pk]),
    ),
    "scoring": ("member", lambda w: reverse("admin:commission_meeting_scoring", args=[w.meeting.pk])),
}


@pytest.mark.parametrize("page", sorted(PAGES))
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_form_answers_with_a_server_error(world, page, data):
    role, url_of = PAGES[page]
    client = Client(raise_request_exception=False)
    if role is not None:
        client.force_login(getattr(world, role))
    if page not in world.forms:
        world.forms[page] = forms_on(client, url_of(world))
    for form in world.forms[page]:
        posted = data.draw(posted_data(form), label=form.action)
        response = client.post(form.action, posted)
        assert response.status_code < 500, (form.action, posted, response.status_code)
