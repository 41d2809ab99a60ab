"""152-FZ: every read of an applicant's personal data by staff leaves one row in the
access log; an applicant reading their own organisation's data leaves none; the log is
append-only and shown to administrators only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from privacy.models import AppendOnly, PersonalDataAccess, PersonalDataItem
from privacy.services import PersonalDataRead, record_personal_data_access
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    DocumentFactory,
    OrganisationFactory,
    UserFactory,
    applicant,
)

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"
CONTACT_PHONE = "+7 (4012) 55-12-34"
CONTACT_EMAIL = "buh@zavod-n.example"


@pytest.fixture
def organisation():
    return OrganisationFactory(
        contact_name="Сидорова Ольга Ивановна", contact_phone=CONTACT_PHONE, contact_email=CONTACT_EMAIL
    )


@pytest.fixture
def submitted(organisation):
    app = ApplicationFactory(
        call=CallFactory(),
        organisation=organisation,
        status="submitted",
        registration_number="2015-J-0007",
        submitted_at=timezone.now(),
        created_by=applicant(organisation),
    )
    DocumentFactory(application=app, original_name="бизнес-план.pdf", uploaded_by=app.created_by)
    return app


def staff_client(client, role: str):
    user = UserFactory(role=role)
    client.force_login(user)
    return user


def test_secretary_opening_an_organisation_in_the_admin_records_one_read(client, organisation):
    secretary = staff_client(client, "secretary")
    response = client.get(f"/admin/organisations/organisation/{organisation.pk}/change/", REMOTE_ADDR=IP)
    assert response.status_code == 200
    assert CONTACT_EMAIL in response.content.decode()  # the page does show the contacts
    row = PersonalDataAccess.objects.get()
    assert (row.user, row.organisation, row.application) == (secretary, organisation, None)
    assert row.item == PersonalDataItem.ORGANISATION_CONTACTS
    assert row.label == "контакты организации: контактное лицо, телефон, e-mail"
    assert row.source == "admin:organisations_organisation_change"
    assert row.ip == IP
    assert abs((timezone.now() - row.at).total_seconds()) < 60


def test_the_organisation_list_shows_no_contacts_and_records_nothing(client, organisation):
    staff_client(client, "secretary")
    response = client.get("/admin/organisations/organisation/")
    body = response.content.decode()
    assert response.status_code == 200 and organisation.full_name in body
    for value in (CONTACT_EMAIL, "55-12-34", organisation.contact_name):
        assert value not in body
    assert PersonalDataAccess.objects.count() == 0


def test_a_refused_organisation_page_records_nothing(client, organisation):
    staff_client(client, "member")  # members have no organisations in the admin
    response = client.get(f"/admin/organisations/organisation/{organisation.pk}/change/")
    assert response.status_code == 403
    assert PersonalDataAccess.objects.count() == 0


@pytest.mark.parametrize("role", ["member", "secretary"])
def test_a_staff_document_download_records_one_read(client, submitted, role):
    reader = staff_client(client, role)
    doc = submitted.documents.get()
    response = client.get(f"/applications/{submitted.pk}/documents/{doc.pk}/", REMOTE_ADDR=IP)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    row = PersonalDataAccess.objects.get()
    assert (row.user, row.organisation_id, row.application_id) == (
        reader,
        submitted.organisation_id,
        submitted.pk,
    )
    assert row.item == PersonalDataItem.DOCUMENT
    assert row.label == "документ «бизнес-план.pdf» (бизнес-план)"
    assert (row.source, row.ip) == ("portal:document", IP)


def test_the_applicant_reading_their_own_data_records_nothing(client, submitted):
    owner = submitted.created_by
    client.force_login(owner)
    doc = submitted.documents.get()
    pages = [
        f"/applications/{submitted.pk}/documents/{doc.pk}/",
        "/organisation/",
        f"/applications/{submitted.pk}/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    assert CONTACT_EMAIL in client.get("/organisation/").content.decode()
    assert PersonalDataAccess.objects.count() == 0


def test_a_colleague_in_another_organisation_cannot_read_and_records_nothing(client, submitted):
    client.force_login(applicant())
    doc = submitted.documents.get()
    assert client.get(f"/applications/{submitted.pk}/documents/{doc.pk}/").status_code == 404
    assert PersonalDataAccess.objects.count() == 0


def test_staff_pages_that_record_nothing_show_no_personal_data(client, submitted):
    """The screening list and the application page are not recorded because they show no
    contact or applicant data; this holds them to it."""
    staff_client(client, "secretary")
    owner = submitted.created_by
    for url in (f"/screening/{submitted.call_id}/", f"/applications/{submitted.pk}/"):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200 and submitted.title in body, url
        for value in (
            CONTACT_EMAIL,
            "55-12-34",
            submitted.organisation.contact_name,
            owner.email,
            owner.full_name,
        ):
            assert value not in body, (url, value)
    assert PersonalDataAccess.objects.count() == 0


def test_a_member_opening_an_application_in_the_admin_records_the_card(client, submitted):
    member = staff_client(client, "member")
    response = client.get(f"/admin/applications/application/{submitted.pk}/change/")
    assert response.status_code == 200
    assert submitted.created_by.full_name in response.content.decode()
    row = PersonalDataAccess.objects.get()
    assert (row.user, row.organisation_id, row.application_id, row.item) == (
        member,
        submitted.organisation_id,
        submitted.pk,
        PersonalDataItem.APPLICATION_CARD,
    )
    assert row.label == "карточка заявки 2015-J-0007: Ф. И. О. заявителя, документы"


def test_an_administrator_opening_an_applicant_account_records_it(client, organisation):
    administrator = staff_client(client, "administrator")
    person = applicant(organisation)
    assert client.get(f"/admin/accounts/user/{person.pk}/change/").status_code == 200
    assert client.get(f"/admin/accounts/user/{person.pk}/password/").status_code == 200
    rows = list(PersonalDataAccess.objects.order_by("pk"))
    assert [(r.user, r.organisation, r.item, r.source) for r in rows] == [
        (administrator, organisation, PersonalDataItem.USER_ACCOUNT, "admin:accounts_user_change"),
        (administrator, organisation, PersonalDataItem.USER_ACCOUNT, "admin:auth_user_password_change"),
    ]
    assert rows[0].label == f"учётная запись пользователя № {person.pk}: Ф. И. О., e-mail, телефон"


def test_an_administrator_opening_their_own_account_records_nothing(client):
    administrator = staff_client(client, "administrator")
    assert client.get(f"/admin/accounts/user/{administrator.pk}/change/").status_code == 200
    assert PersonalDataAccess.objects.count() == 0


def _user_list_with(organisations: int):
    orgs = [OrganisationFactory() for _ in range(organisations)]
    for org in orgs:
        applicant(org)
    applicant(orgs[0])
    UserFactory(role="secretary")  # a staff account: not an applicant's data
    return orgs


@pytest.mark.parametrize("organisations", [1, 3])
def test_the_user_list_records_one_row_per_organisation_in_one_insert(client, organisations):
    administrator = staff_client(client, "administrator")
    orgs = _user_list_with(organisations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/accounts/user/")
    assert response.status_code == 200
    inserts = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith("INSERT") and "personaldataaccess" in q["sql"]
    ]
    assert len(inserts) == 1
    rows = PersonalDataAccess.objects.order_by("organisation_id")
    assert [(r.user, r.organisation, r.item, r.source) for r in rows] == [
        (administrator, org, PersonalDataItem.USER_LIST, "admin:accounts_user_changelist") for org in orgs
    ]
    assert rows[0].label == "список пользователей: Ф. И. О. и e-mail (2)"


def test_the_user_list_costs_the_same_queries_for_one_and_three_organisations(client):
    staff_client(client, "administrator")
    counts = []
    for organisations in (1, 3):
        _user_list_with(organisations)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/accounts/user/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_user_autocomplete_offers_staff_accounts_only(client):
    staff_client(client, "administrator")
    person = applicant()
    member = UserFactory(role="member", full_name="Член Комиссии Тестовый")
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "commission", "model_name": "membership", "field_name": "user", "term": ""},
    )
    assert response.status_code == 200
    ids = {int(r["id"]) for r in response.json()["results"]}
    assert member.pk in ids and person.pk not in ids


# --- The log itself -----------------------------------------------------------------


@pytest.fixture
def logged(organisation):
    reader = UserFactory(role="secretary")
    record_personal_data_access(
        user=reader,
        reads=[PersonalDataRead.organisation_contacts(organisation)],
        source="admin:organisations_organisation_change",
        ip=IP,
    )
    return PersonalDataAccess.objects.get()


def test_the_log_has_only_a_view_permission():
    content_type = ContentType.objects.get_for_model(PersonalDataAccess)
    codenames = set(Permission.objects.filter(content_type=content_type).values_list("codename", flat=True))
    assert codenames == {"view_personaldataaccess"}


@pytest.mark.parametrize("superuser", [False, True])
def test_the_log_cannot_be_changed_or_deleted_through_the_admin(client, logged, superuser):
    if superuser:
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
    else:
        staff_client(client, "administrator")
    base = "/admin/privacy/personaldataaccess/"
    listing = client.get(base)
    assert listing.status_code == 200 and logged.label in listing.content.decode()
    page = client.get(f"{base}{logged.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert "action-checkbox" not in listing.content.decode()  # no bulk actions
    refusals = [
        client.post(f"{base}{logged.pk}/change/", {"label": "подменено", "ip": "10.0.0.1"}),
        client.get(f"{base}{logged.pk}/delete/"),
        client.post(f"{base}{logged.pk}/delete/", {"post": "yes"}),
        client.get(f"{base}add/"),
        client.post(f"{base}add/", {"label": "вписано"}),
    ]
    assert [r.status_code for r in refusals] == [403] * 5
    assert list(PersonalDataAccess.objects.values_list("pk", "label", "ip")) == [
        (logged.pk, logged.label, IP)
    ]


def test_a_secretary_cannot_open_the_log(client, logged):
    staff_client(client, "secretary")
    assert client.get("/admin/privacy/personaldataaccess/").status_code == 403
    assert client.get(f"/admin/privacy/personaldataaccess/{logged.pk}/change/").status_code == 403


def test_rows_cannot_be_changed_or_deleted_in_code_either(logged):
    logged.label = "подменено"
    with pytest.raises(AppendOnly):
        logged.save()
    with pytest.raises(AppendOnly):
        logged.delete()
    with pytest.raises(AppendOnly):
        PersonalDataAccess.objects.filter(pk=logged.pk).update(label="подменено")
    with pytest.raises(AppendOnly):
        PersonalDataAccess.objects.all().delete()
    assert PersonalDataAccess.objects.get().label == "контакты организации: контактное лицо, телефон, e-mail"


def test_erasing_an_organisation_keeps_its_log_rows(logged, organisation):
    organisation.delete()
    row = PersonalDataAccess.objects.get()
    assert (row.pk, row.organisation_id, row.label) == (logged.pk, None, logged.label)


def test_the_service_writes_many_reads_in_one_insert_and_skips_own_data(organisation):
    reader = UserFactory(role="secretary")
    own = applicant(organisation)
    other = OrganisationFactory()
    reads = [
        PersonalDataRead.organisation_contacts(organisation),
        PersonalDataRead.organisation_contacts(other),
    ]
    with CaptureQueriesContext(connection) as queries:
        rows = record_personal_data_access(user=reader, reads=reads, source="test", ip=None)
    assert len(queries) == 1 and len(rows) == 2
    assert record_personal_data_access(user=own, reads=reads[:1], source="test", ip=None) == []
    assert PersonalDataAccess.objects.filter(user=own).count() == 0


# session, user, roles, the two related-only filters' choices, the changelist's two
# counts, the page, the date hierarchy's bounds and days. (No permission rows: the rules
# read the roles, ADR 0007.)
LOG_LIST_QUERIES = 10


@pytest.mark.parametrize("n", [1, 3])
def test_the_log_list_costs_the_same_queries_for_one_and_three_rows(client, n):
    staff_client(client, "administrator")
    reader = UserFactory(role="secretary")
    apps = [ApplicationFactory() for _ in range(n)]
    record_personal_data_access(
        user=reader, reads=[PersonalDataRead.application_card(app) for app in apps], source="test", ip=IP
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/privacy/personaldataaccess/")
    assert response.status_code == 200
    assert response.content.decode().count("карточка заявки черновик") == n
    assert len(queries) == LOG_LIST_QUERIES, [q["sql"][:80] for q in queries.captured_queries]
