"""One permission mechanism (ADR 0007): every permission the code checks has a rule, every
rule is checked somewhere, no model declares a permission nothing checks, the object rules
equal their selectors, and no row of ``auth_permission`` grants anything."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rules
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.test import Client

from accounts.permissions import ensure_role_groups
from accounts.roles import GROUP_NAMES, Role
from applications.models import Application, ApplicationStatus
from applications.selectors import applications_visible_to
from commission.models import Meeting
from commission.selectors import meetings_visible_to
from privacy.selectors import personal_data_accesses_visible_to
from privacy.services import PersonalDataRead, record_personal_data_access
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    applicant,
)

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = (
    "reference",
    "accounts",
    "privacy",
    "organisations",
    "calls",
    "applications",
    "scoring",
    "screening",
    "commission",
    "portal",
    "analytics",
    "api",
    "demo",
)
# A permission name checked by code: has_perm("…"), has_module_perms("…"),
# permission_required("…") in Python; perms.app.codename in templates.
CHECKS = re.compile(r"""(?:has_perm|has_module_perms|permission_required)\(\s*["']([\w.]+)["']""")
TEMPLATE_CHECKS = re.compile(r"\bperms\.(\w+)\.(\w+)")
ADMIN_ACTIONS = ("view", "add", "change", "delete")


def source_files():
    for app in PROJECT_APPS:
        for path in sorted((ROOT / app).rglob("*")):
            if path.suffix in {".py", ".html"} and "migrations" not in path.parts:
                yield path
    yield from sorted((ROOT / "templates").rglob("*.html"))


def names_checked_in_code() -> dict[str, str]:
    """Each permission name the code checks, with a file that checks it."""
    found: dict[str, str] = {}
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        names = CHECKS.findall(text) + [f"{a}.{b}" for a, b in TEMPLATE_CHECKS.findall(text)]
        for name in names:
            found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def names_the_admin_checks() -> set[str]:
    """What Django's admin asks by itself: each registered app's module permission and
    view/add/change/delete of each registered model and its inlines."""
    names = set()
    for model, model_admin in admin.site._registry.items():
        names.add(model._meta.app_label)
        for opts in [model._meta, *(inline.model._meta for inline in model_admin.inlines)]:
            names.update(f"{opts.app_label}.{action}_{opts.model_name}" for action in ADMIN_ACTIONS)
    return names


def test_the_scan_finds_the_checks_it_must():
    """Not vacuous: a view decorator, an admin check and the module check are found."""
    found = names_checked_in_code()
    assert {
        "portal.prepare_applications",
        "screening.screen_applications",
        "calls.manage_calls",
        "commission.manage_scoring",
        "applications.view_application",
        "applications",
        "privacy.view_personaldataaccess",
    } <= set(found)


def test_every_permission_the_code_checks_has_a_rule():
    missing = {name: path for name, path in names_checked_in_code().items() if not rules.perm_exists(name)}
    assert missing == {}


def test_every_rule_is_checked_by_the_code_or_the_admin():
    registered = set(rules.permissions.permissions)
    unchecked = registered - set(names_checked_in_code()) - names_the_admin_checks()
    assert unchecked == set()


def test_every_project_model_in_the_admin_is_shown_to_someone():
    hidden = sorted(
        f"{model._meta.app_label}.view_{model._meta.model_name}"
        for model in admin.site._registry
        if model._meta.app_label in PROJECT_APPS
        and not rules.perm_exists(f"{model._meta.app_label}.view_{model._meta.model_name}")
    )
    assert hidden == []


def test_no_model_declares_a_permission_that_nothing_checks():
    checked = set(names_checked_in_code())
    declared = {
        f"{model._meta.app_label}.{codename}"
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
        for codename, _label in model._meta.permissions
    }
    assert "commission.manage_scoring" in declared  # the scan reads Meta
    assert declared - checked == set()
    assert all(rules.perm_exists(name) for name in declared)


# --- The rules equal their selectors ------------------------------------------------------


@pytest.fixture
def people(db):
    organisation_a, organisation_b = OrganisationFactory(), OrganisationFactory()
    meeting = MeetingFactory()
    other_meeting = MeetingFactory(call=meeting.call)
    return {
        "anonymous": AnonymousUser(),
        "no role": UserFactory(),
        "applicant A": applicant(organisation_a),
        "applicant B": applicant(organisation_b),
        "applicant without organisation": UserFactory(role="applicant"),
        "member": MembershipFactory(commission=meeting.commission).user,
        "chair": MembershipFactory(commission=meeting.commission, user=UserFactory(role="chair")).user,
        "member elsewhere": MembershipFactory(commission=other_meeting.commission).user,
        "member without a seat": UserFactory(role="member"),
        "secretary": UserFactory(role="secretary"),
        "administrator": UserFactory(role="administrator"),
        "administrator on the commission": MembershipFactory(
            commission=meeting.commission, user=UserFactory(role="administrator")
        ).user,
        "superuser": UserFactory(is_staff=True, is_superuser=True),
        "_organisations": (organisation_a, organisation_b),
    }


def _users(people):
    return {name: user for name, user in people.items() if not name.startswith("_")}


def test_view_application_is_applications_visible_to(people):
    call = CallFactory()
    for organisation in people["_organisations"]:
        for status in ApplicationStatus.values:
            ApplicationFactory(call=call, organisation=organisation, status=status)
    everything = list(Application.objects.all())
    assert len(everything) == 2 * len(ApplicationStatus.values)
    seen_by = {}
    for name, user in _users(people).items():
        visible = set(applications_visible_to(user).values_list("pk", flat=True))
        allowed = {app.pk for app in everything if user.has_perm("applications.view_application", app)}
        assert allowed == visible, name
        seen_by[name] = len(visible)
    # Not vacuous: the roles see different things.
    assert seen_by["secretary"] == seen_by["administrator"] == len(everything)
    assert seen_by["applicant A"] == len(ApplicationStatus.values)
    assert 0 < seen_by["member"] < len(everything)
    assert seen_by["anonymous"] == seen_by["no role"] == 0
    assert seen_by["applicant without organisation"] == 0


def test_view_meeting_is_meetings_visible_to(people):
    meetings = list(Meeting.objects.all())
    assert len(meetings) == 2
    seen_by = {}
    for name, user in _users(people).items():
        if name == "anonymous":
            continue  # the admin lets only staff in; the selector is not asked for anybody
        visible = set(meetings_visible_to(user).values_list("pk", flat=True))
        allowed = {m.pk for m in meetings if user.has_perm("commission.view_meeting", m)}
        assert allowed == visible, name
        seen_by[name] = len(visible)
    assert seen_by["secretary"] == seen_by["superuser"] == 2
    assert seen_by["member"] == seen_by["chair"] == seen_by["member elsewhere"] == 1
    assert seen_by["administrator"] == seen_by["member without a seat"] == 0


def test_the_access_log_rule_is_its_selector(people):
    secretary = people["secretary"]
    organisation = people["_organisations"][0]
    record_personal_data_access(
        user=secretary,
        reads=[PersonalDataRead.organisation_contacts(organisation)],
        source="test",
        ip="127.0.0.1",
    )
    for name, user in _users(people).items():
        allowed = user.has_perm("privacy.view_personaldataaccess")
        assert personal_data_accesses_visible_to(user).exists() == allowed, name
        assert allowed == (name in {"administrator", "administrator on the commission", "superuser"}), name


# --- Nothing else grants ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_granted_permission_row_grants_nothing():
    """A model permission given to a role's group or to a user directly is ignored: the
    administrator still may not delete users, an applicant still may not view them."""
    delete_user = Permission.objects.get(codename="delete_user")
    view_user = Permission.objects.get(codename="view_user")
    administrator = UserFactory(role="administrator")
    Group.objects.get(name=GROUP_NAMES[Role.ADMINISTRATOR]).permissions.add(delete_user)
    person = applicant()
    person.user_permissions.add(view_user)
    administrator, person = (type(u).objects.get(pk=u.pk) for u in (administrator, person))
    assert administrator.has_perm("accounts.view_user")  # the rule
    assert not administrator.has_perm("accounts.delete_user")
    assert not person.has_perm("accounts.view_user")
    assert not person.has_module_perms("accounts")


@pytest.mark.django_db
def test_the_role_groups_carry_no_permissions():
    Group.objects.get(name=GROUP_NAMES[Role.SECRETARY]).permissions.add(
        Permission.objects.get(codename="view_user")
    )
    ensure_role_groups()
    groups = Group.objects.filter(name__in=GROUP_NAMES.values())
    assert groups.count() == len(Role)
    assert Permission.objects.filter(group__in=groups).count() == 0


@pytest.mark.django_db
def test_a_superuser_without_an_organisation_is_refused_the_applicants_pages():
    """The view decorator asks the rule, where a superuser is the administrator role: the
    applicant's pages need an organisation, which a superuser does not have."""
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/applications/").status_code == 403
    assert client.get("/calls/").status_code == 200
