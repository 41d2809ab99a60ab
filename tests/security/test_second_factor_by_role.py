"""The second factor follows the roles, not the admin flag: every role but the
applicant's requires it, whatever ``is_staff`` says."""

from __future__ import annotations

import pytest
from django.core import checks

from accounts.roles import STAFF_ROLES, Role
from tests.factories import UserFactory
from tests.otp_helpers import login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.otp]

SETUP = "/accounts/otp/setup/"


def staff_without_admin_flag(role: Role):
    user = UserFactory(role=role.value)
    user.is_staff = False
    user.save(update_fields=["is_staff"])
    return user


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
@pytest.mark.parametrize("url", ["/", "/calls/", "/screening/", "/accounts/otp/backup-codes/"])
def test_a_staff_role_without_the_admin_flag_still_needs_the_second_factor(client, role, url):
    """Finding: the OTP requirement followed ``is_staff``; a secretary with «доступ к
    администрированию» unticked reached screening with the password alone."""
    client.force_login(staff_without_admin_flag(role))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


def test_a_secretary_without_the_admin_flag_works_after_the_second_factor(client):
    login_verified(client, staff_without_admin_flag(Role.SECRETARY))
    assert client.get("/calls/").status_code == 200
    assert client.get("/screening/")["Location"] == "/calls/"  # no call yet: the list of calls
    assert client.get(SETUP).status_code == 302  # a device exists: nothing to set up


def test_every_role_group_but_the_applicants_is_a_staff_role():
    from accounts import checks as account_checks

    assert set(Role) - STAFF_ROLES == {Role.APPLICANT}
    assert account_checks.staff_roles_need_the_second_factor(None) == []


def test_the_system_check_catches_a_role_left_out(monkeypatch):
    from accounts import checks as account_checks

    monkeypatch.setattr(account_checks, "STAFF_ROLES", STAFF_ROLES - {Role.MEMBER})
    errors = account_checks.staff_roles_need_the_second_factor(None)
    assert [error.id for error in errors] == ["accounts.E001"]


def test_the_system_check_catches_the_middleware_missing(settings):
    from accounts import checks as account_checks

    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != account_checks.STAFF_OTP_MIDDLEWARE]
    assert [e.id for e in account_checks.staff_roles_need_the_second_factor(None)] == ["accounts.E002"]


def test_the_check_is_registered():
    from accounts import checks as account_checks

    assert account_checks.staff_roles_need_the_second_factor in checks.registry.registry.get_checks()


def test_a_secretary_without_the_admin_flag_reaches_no_document_and_no_decision(client):
    """The finding's pages: screening, applicants' documents, screening decisions."""
    from django.utils import timezone

    from applications.models import Application
    from tests.factories import call_with_example_scenario, complete_application, reference_region

    reference_region()
    app = complete_application(call_with_example_scenario())
    Application.objects.filter(pk=app.pk).update(
        status="submitted", registration_number="2015-J-0001", submitted_at=timezone.now()
    )
    document = app.documents.first()
    client.force_login(staff_without_admin_flag(Role.SECRETARY))
    urls = [
        ("get", f"/screening/{app.call_id}/"),
        ("get", f"/applications/{app.pk}/documents/{document.pk}/"),
        ("post", f"/screening/application/{app.pk}/decide/"),
    ]
    for method, url in urls:
        response = getattr(client, method)(
            url, {"decision": "reject", "reasons": "—"} if method == "post" else {}
        )
        assert response.status_code == 302 and response["Location"].startswith(SETUP), url
    app.refresh_from_db()
    assert app.status == "submitted"
