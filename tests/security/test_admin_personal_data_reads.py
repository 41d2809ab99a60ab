"""Every admin page that shows an applicant's personal data records the read (152-FZ,
docs/adr/0005-personal-data.md): the walk opens the list, change, history and delete
pages of every registered model as a superuser, with an applicant who submitted an
application (so their name is in the trail, the events and the identity requests), and
fails on any page that shows the applicant's name, e-mail or phone, or the organisation's
contact person, without adding a row to the access log."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from applications.services.lifecycle import submit_application
from organisations.models import IdentityChangeRequest
from privacy.models import PersonalDataAccess
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    call_with_example_scenario,
    complete_application,
)

pytestmark = pytest.mark.django_db

APPLICANT_NAME = "Заявителева Вера Сергеевна"
APPLICANT_EMAIL = "vera.zayaviteleva@zavod.example"
APPLICANT_PHONE = "+7 (4012) 77-31-52"
CONTACT_NAME = "Контактов Борис Ильич"
CONTACT_EMAIL = "boris.kontaktov@zavod.example"
CONTACT_PHONE = "+7 (4012) 66-48-19"
MARKERS = (APPLICANT_NAME, APPLICANT_EMAIL, "77-31-52", CONTACT_NAME, CONTACT_EMAIL, "66-48-19")
PAGES = ("changelist", "change", "history", "delete")
MAX_OBJECTS = 6


@pytest.fixture
def applicant_data(db):
    organisation = OrganisationFactory(
        contact_name=CONTACT_NAME, contact_email=CONTACT_EMAIL, contact_phone=CONTACT_PHONE
    )
    user = UserFactory(
        role="applicant",
        organisation=organisation,
        full_name=APPLICANT_NAME,
        email=APPLICANT_EMAIL,
        phone=APPLICANT_PHONE,
    )
    app = complete_application(call_with_example_scenario(), organisation=organisation, user=user)
    submit_application(application_id=app.pk, user=user)
    IdentityChangeRequest.objects.create(
        organisation=organisation,
        values={"full_name": "ООО «Новое имя»"},
        reason="Переименование",
        requested_by=user,
        requested_at=timezone.now(),
    )
    return app


def admin_pages(application):
    """(url name, object or None) of every page of every registered ModelAdmin, and the
    admin's own pages about an application."""
    yield "admin:commission_application_trail", application
    for model, _model_admin in admin.site._registry.items():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        yield f"{prefix}_changelist", None
        for obj in model._default_manager.all()[:MAX_OBJECTS]:
            for page in PAGES[1:]:
                yield f"{prefix}_{page}", obj


def leaked(body: str) -> list[str]:
    return [marker for marker in MARKERS if marker in body]


def test_every_admin_page_that_shows_personal_data_records_the_read(client, applicant_data):
    superuser = UserFactory(is_staff=True, is_superuser=True, full_name="Администратор Системы")
    client.force_login(superuser)
    unrecorded, shown = [], 0
    for name, obj in admin_pages(applicant_data):
        try:
            url = reverse(name, args=[obj.pk] if obj is not None else [])
        except NoReverseMatch:  # the admin has no such page for this model
            continue
        before = PersonalDataAccess.objects.count()
        response = client.get(url)
        if response.status_code != 200:
            continue
        markers = leaked(response.content.decode())
        if markers:
            shown += 1
            if PersonalDataAccess.objects.count() == before:
                unrecorded.append((url, markers))
    assert unrecorded == [], "\n".join(f"{url} {markers}" for url, markers in unrecorded)
    assert shown >= 8  # the walk saw the applicant's data: users', organisations', applications' pages


def test_the_unchecked_personal_data_permission_is_gone_with_its_grants(db):
    """A ministry's data-protection officer's choice: no permission that nothing checks.
    Who reads personal data is the roles' rules; every read is logged."""
    from importlib import import_module

    from django.apps import apps as global_apps
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from applications.models import Application

    stale = Permission.objects.create(
        codename="view_personal_data",
        name="Может просматривать персональные данные заявки",
        content_type=ContentType.objects.get_for_model(Application),
    )
    Group.objects.create(name="Старая группа").permissions.add(stale)
    migration = import_module("applications.migrations.0009_stale_personal_data_permission_deleted")
    migration.delete_stale_permissions(global_apps, None)
    assert not Permission.objects.filter(codename="view_personal_data").exists()
    assert not Group.objects.get(name="Старая группа").permissions.exists()
