"""Organisation identity (issue 11, item 4): INN, OGRN, KPP and full name are locked once
an application is submitted; a change is a request the secretary approves, recorded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from organisations import services
from organisations.forms import OrganisationForm
from organisations.models import IdentityChangeState
from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = (
    "Организация подала заявку: ИНН, ОГРН, КПП и полное наименование меняются только "
    "по запросу, одобренному секретарём комиссии."
)


def form_data(org, **changes) -> dict:
    data = {
        "full_name": org.full_name,
        "short_name": org.short_name,
        "inn": org.inn,
        "kpp": org.kpp,
        "ogrn": org.ogrn,
        "region": org.region_id,
        "address": org.address,
        "contact_name": org.contact_name,
        "contact_phone": org.contact_phone,
        "contact_email": org.contact_email,
    }
    data.update(changes)
    return data


def test_identity_is_free_until_an_application_is_submitted():
    org = OrganisationFactory()
    ApplicationFactory(organisation=org, status="draft")
    form = OrganisationForm(data=form_data(org, full_name="ООО «Новое»"), instance=org)
    assert form.is_valid(), form.errors


def test_identity_is_locked_after_a_submission_but_contacts_are_not():
    org = OrganisationFactory()
    ApplicationFactory(organisation=org, status="submitted")
    form = OrganisationForm(data=form_data(org, full_name="ООО «Новое»"), instance=org)
    assert not form.is_valid()
    assert form.errors["full_name"] == [LOCKED]
    form = OrganisationForm(data=form_data(org, address="г. Тула, ул. Новая, 1"), instance=org)
    assert form.is_valid(), form.errors


def test_the_admin_shows_a_locked_identity_read_only(admin_client):
    org = OrganisationFactory()
    ApplicationFactory(organisation=org, status="winner")
    html = admin_client.get(
        reverse("admin:organisations_organisation_change", args=[org.pk])
    ).content.decode()
    assert 'name="inn"' not in html and 'name="full_name"' not in html


def test_a_change_is_a_request_the_secretary_approves_and_it_is_recorded():
    org = OrganisationFactory()
    ApplicationFactory(organisation=org, status="submitted")
    applicant, secretary = UserFactory(), UserFactory(role="secretary")
    with pytest.raises(services.IdentityRefused):
        services.request_identity_change(
            organisation_id=org.pk, by=applicant, values={"full_name": "АО «Новое»"}, reason=" "
        )
    request = services.request_identity_change(
        organisation_id=org.pk,
        by=applicant,
        values={"full_name": "АО «Новое»"},
        reason="Смена организационно-правовой формы",
    )
    org.refresh_from_db()
    assert org.full_name != "АО «Новое»"  # nothing changes before the approval
    services.decide_identity_change(request_id=request.pk, by=secretary, approve=True)
    org.refresh_from_db()
    request.refresh_from_db()
    assert org.full_name == "АО «Новое»"
    assert (request.state, request.decided_by) == (IdentityChangeState.APPROVED, secretary)
    entry = AuditEntry.objects.filter(object_type="organisation.identity", object_id=str(org.pk)).latest(
        "seq"
    )
    assert (entry.action, entry.actor_id, entry.data["full_name"]) == (
        "organisation.identity.changed",
        secretary.pk,
        "АО «Новое»",
    )
    with pytest.raises(services.IdentityRefused):
        services.decide_identity_change(request_id=request.pk, by=secretary, approve=False)
