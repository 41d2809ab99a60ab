"""Submission, the frozen version, withdrawal and screening (SPEC §3), through the services."""

import datetime as dt
import re
from decimal import ROUND_DOWN, Decimal

import pytest
from django.core import mail
from django.utils import timezone

from applications.forms import CostsForm, ProjectForm
from applications.models import Application, ApplicationStatus, ApplicationVersion, StatusEvent
from applications.services import drafts
from applications.services.lifecycle import ActionRefused, submit_application, withdraw_application
from calls.models import CallStatus
from screening.services import screen_application
from tests.factories import UserFactory, call_with_example_scenario
from tests.factories import complete_application as _complete_application


def complete_application(call, **kwargs):
    """The shared example's draft, its planned subsidy cut to what the loan allows, so the
    subsidy cap (tested elsewhere) never interferes with the lifecycle."""
    app = _complete_application(call, **kwargs)
    try:
        from applications.services.subsidy_limits import allowed_subsidy
    except ImportError:  # pragma: no cover - no cap in this version
        return app
    allowed = allowed_subsidy(app) or {}
    for row in app.model_years.all():
        cap = allowed.get(row.year)
        if cap is not None and row.subsidy > cap:
            row.subsidy = Decimal(cap).quantize(Decimal("1"), rounding=ROUND_DOWN)
            row.save(update_fields=["subsidy"])
    return app


FROZEN = "Поданную заявку изменить нельзя: данные зафиксированы при подаче."


@pytest.fixture
def call():
    return call_with_example_scenario()


@pytest.fixture
def app(call):
    return complete_application(call)


def _submit(app, **kwargs):
    return submit_application(application_id=app.pk, user=app.created_by, **kwargs)


@pytest.mark.django_db
def test_submission_at_closes_at_is_refused_to_the_second(app):
    closes = app.call.closes_at
    with pytest.raises(ActionRefused) as error:
        _submit(app, now=closes)
    local = timezone.localtime(closes)
    assert str(error.value) == (
        f"Приём заявок завершён {local:%d.%m.%Y в %H:%M:%S} по московскому времени. "
        "Заявка сохранена как черновик, но подать её уже нельзя."
    )
    app.refresh_from_db()
    assert app.status == ApplicationStatus.DRAFT
    assert app.registration_number is None and app.submitted_at is None
    assert not ApplicationVersion.objects.filter(application=app).exists()

    submitted = _submit(app, now=closes - dt.timedelta(seconds=1))
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.submitted_at == closes - dt.timedelta(seconds=1)


@pytest.mark.django_db
def test_submission_after_closes_at_is_refused_even_if_the_call_is_stored_open(call):
    app = complete_application(call)
    call.closes_at = timezone.now() - dt.timedelta(seconds=1)
    call.save(update_fields=["closes_at"])
    assert call.status == CallStatus.OPEN
    with pytest.raises(ActionRefused, match=r"^Приём заявок завершён \d\d\.\d\d\.\d{4} в "):
        _submit(app)
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.DRAFT


@pytest.mark.django_db
def test_submission_before_opens_at_is_refused(app):
    with pytest.raises(ActionRefused) as error:
        _submit(app, now=app.call.opens_at - dt.timedelta(seconds=1))
    assert str(error.value) == "Приём заявок ещё не начался."


@pytest.mark.django_db
def test_submission_gets_a_registration_number_server_time_version_and_event(app):
    before = timezone.now()
    submitted = _submit(app)
    after = timezone.now()
    assert re.fullmatch(r"\d{4}-[MJ]-\d{4}", submitted.registration_number)
    assert submitted.registration_number == "2015-J-0001"
    assert before <= submitted.submitted_at <= after
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED
    assert app.registration_number == "2015-J-0001"
    version = ApplicationVersion.objects.get(application=app)
    assert version.number == 1
    assert version.case["project"]["total_cost"] == 850000000
    assert len(version.case_hash) == 64
    assert version.snapshot["documents"][0]["kind"] == "business_plan"
    event = StatusEvent.objects.filter(application=app).last()
    assert (event.from_status, event.to_status) == ("draft", "submitted")
    assert event.note == "Регистрационный номер 2015-J-0001"
    assert event.by == app.created_by


@pytest.mark.django_db
def test_registration_numbers_are_sequential_per_call():
    june = call_with_example_scenario()
    march = call_with_example_scenario(session="march")
    numbers = [_submit(complete_application(june)).registration_number for _ in range(3)]
    assert numbers == ["2015-J-0001", "2015-J-0002", "2015-J-0003"]
    assert _submit(complete_application(march)).registration_number == "2015-M-0001"
    assert _submit(complete_application(june)).registration_number == "2015-J-0004"


@pytest.mark.django_db
def test_registration_number_does_not_reuse_a_withdrawn_number(call):
    first = _submit(complete_application(call))
    withdraw_application(application_id=first.pk, user=first.created_by)
    second = _submit(complete_application(call))
    assert (first.registration_number, second.registration_number) == ("2015-J-0001", "2015-J-0002")


@pytest.mark.django_db
def test_version_is_immutable(app):
    _submit(app)
    version = ApplicationVersion.objects.get(application=app)
    version.case = {"forged": True}
    with pytest.raises(PermissionError, match="immutable"):
        version.save()
    with pytest.raises(PermissionError, match="immutable"):
        version.delete()
    stored = ApplicationVersion.objects.get(pk=version.pk)
    assert "forged" not in stored.case
    assert stored.case["project"]["title"] == "Завод автокомпонентов"


@pytest.mark.django_db
def test_submitted_application_cannot_be_edited_through_the_services(app):
    _submit(app)
    app.refresh_from_db()
    form = ProjectForm({"title": "Подмена", "okved": "29.32", "region": "39"}, instance=app, call=app.call)
    assert form.is_valid(), form.errors
    with pytest.raises(ActionRefused) as error:
        drafts.save_step(application_id=app.pk, form=form)
    assert str(error.value) == FROZEN
    with pytest.raises(ActionRefused, match="^Поданную заявку изменить нельзя"):
        drafts.save_model(application_id=app.pk, values={2015: {"ebit": Decimal(1)}})
    with pytest.raises(ActionRefused, match="^Поданную заявку изменить нельзя"):
        drafts.store_document(
            application_id=app.pk,
            kind="other",
            stored_name="x.pdf",
            original_name="x.pdf",
            content_type="application/pdf",
            data=b"%PDF-1.4\n%%EOF\n",
            user=app.created_by,
        )
    doc = app.documents.get()
    with pytest.raises(ActionRefused, match="^Поданную заявку изменить нельзя"):
        drafts.delete_document(application_id=app.pk, document_id=doc.pk)
    app.refresh_from_db()
    assert app.title == "Завод автокомпонентов"
    assert app.model_years.get(year=2015).ebit != Decimal(1)
    assert app.documents.count() == 1


@pytest.mark.django_db
def test_costs_form_on_a_submitted_application_is_refused(app):
    _submit(app)
    form = CostsForm(
        {
            "total_cost": "1",
            "capex_land": "1",
            "capex_design": "0",
            "capex_construction": "0",
            "capex_equipment": "0",
            "capex_other": "0",
        },
        instance=Application.objects.get(pk=app.pk),
    )
    assert form.is_valid(), form.errors
    with pytest.raises(ActionRefused, match=FROZEN):
        drafts.save_step(application_id=app.pk, form=form)
    assert Application.objects.get(pk=app.pk).total_cost == Decimal("850000000")


@pytest.mark.django_db
def test_version_keeps_what_was_submitted_after_the_row_changes(app):
    _submit(app)
    version = ApplicationVersion.objects.get(application=app)
    frozen_case, frozen_hash = version.case, version.case_hash
    # Someone changes the live rows behind the services' back.
    Application.objects.filter(pk=app.pk).update(total_cost=Decimal("1"), title="Другое")
    app.model_years.update(ebit=Decimal("0"))
    app.organisation.full_name = "Переименована"
    app.organisation.save()
    stored = ApplicationVersion.objects.get(pk=version.pk)
    assert stored.case == frozen_case
    assert stored.case_hash == frozen_hash
    assert stored.case["project"]["total_cost"] == 850000000
    assert stored.case["project"]["title"] == "Завод автокомпонентов"
    assert stored.snapshot["organisation"]["full_name"] != "Переименована"


@pytest.mark.django_db
def test_double_submit_returns_the_same_application_once(app):
    first = _submit(app)
    second = _submit(app)
    assert second.pk == first.pk
    assert second.registration_number == first.registration_number == "2015-J-0001"
    assert second.submitted_at == first.submitted_at
    assert ApplicationVersion.objects.filter(application=app).count() == 1
    assert Application.objects.filter(registration_number__isnull=False).count() == 1
    assert StatusEvent.objects.filter(application=app, to_status="submitted").count() == 1


@pytest.mark.django_db
def test_incomplete_application_is_refused_with_the_missing_parts(call):
    app = complete_application(call)
    app.documents.all().delete()
    with pytest.raises(ActionRefused) as error:
        _submit(app)
    assert str(error.value) == "Приложите обязательные документы: бизнес-план."
    Application.objects.filter(pk=app.pk).update(equity=0)
    with pytest.raises(ActionRefused) as refused:
        _submit(app)
    # Told at the field to correct, in the applicant's words: no case path, no English.
    assert str(refused.value) == (
        "Ошибка в данных заявки: Шаг «Структура капитала», поле «Собственный капитал E, руб.»: "
        "собственный капитал должен быть больше нуля"
    )
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.DRAFT


@pytest.mark.django_db
def test_withdraw_until_the_deadline_and_not_after(call):
    app = _submit(complete_application(call))
    with pytest.raises(ActionRefused) as error:
        withdraw_application(application_id=app.pk, user=app.created_by, now=call.closes_at)
    assert str(error.value) == "Срок приёма заявок истёк: отозвать заявку уже нельзя."
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.SUBMITTED

    withdrawn = withdraw_application(
        application_id=app.pk, user=app.created_by, now=call.closes_at - dt.timedelta(seconds=1)
    )
    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.WITHDRAWN
    # The registration number and the version stay.
    assert withdrawn.registration_number == "2015-J-0001"
    assert ApplicationVersion.objects.filter(application=app).count() == 1
    # Withdrawing again is a no-op; submitting a withdrawn one is refused.
    assert withdraw_application(application_id=app.pk, user=app.created_by).status == "withdrawn"
    with pytest.raises(ActionRefused, match="^Заявку в статусе «отозвана» подать нельзя.$"):
        _submit(app)


@pytest.mark.django_db
def test_withdraw_is_refused_once_screening_started(app):
    _submit(app)
    secretary = UserFactory(role="secretary")
    screen_application(application_id=app.pk, user=secretary, decision="admit", reasons="")
    with pytest.raises(ActionRefused) as error:
        withdraw_application(application_id=app.pk, user=app.created_by)
    assert str(error.value) == "Заявку на этой стадии отозвать нельзя."


@pytest.mark.django_db
def test_screening_reject_requires_reasons_and_mails_them(app, django_capture_on_commit_callbacks):
    _submit(app)
    secretary = UserFactory(role="secretary")
    with pytest.raises(ActionRefused) as error:
        screen_application(application_id=app.pk, user=secretary, decision="reject", reasons="  ")
    assert str(error.value) == "Укажите основания отклонения заявки."
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.SUBMITTED
    with pytest.raises(ActionRefused, match="^Неизвестное решение.$"):
        screen_application(application_id=app.pk, user=secretary, decision="win", reasons="x")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rejected = screen_application(
            application_id=app.pk, user=secretary, decision="reject", reasons=" ОКВЭД не из раздела C "
        )
    assert rejected.status == ApplicationStatus.REJECTED
    assert rejected.decision_reasons == "ОКВЭД не из раздела C"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [app.created_by.email]
    assert message.subject == "Заявка 2015-J-0001: отклонена"
    assert "Основания: ОКВЭД не из раздела C" in message.body
    event = StatusEvent.objects.filter(application=app).last()
    assert (event.from_status, event.to_status, event.note) == (
        "submitted",
        "rejected",
        "ОКВЭД не из раздела C",
    )


@pytest.mark.django_db
def test_screening_a_draft_is_refused(app):
    secretary = UserFactory(role="secretary")
    with pytest.raises(ActionRefused) as error:
        screen_application(application_id=app.pk, user=secretary, decision="admit", reasons="")
    assert str(error.value) == "Заявку в статусе «черновик» нельзя допустить или отклонить."


@pytest.mark.django_db
def test_submission_mails_every_active_user_of_the_organisation(app, django_capture_on_commit_callbacks):
    colleague = UserFactory(organisation=app.organisation, role="applicant")
    UserFactory(organisation=app.organisation, role="applicant", is_active=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(app)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([app.created_by.email, colleague.email])
    assert {m.subject for m in mail.outbox} == {"Заявка 2015-J-0001: подана"}


@pytest.mark.django_db
def test_create_draft_only_in_an_open_call(call):
    user = UserFactory(organisation=complete_application(call).organisation, role="applicant")
    draft = drafts.create_draft(call=call, user=user)
    assert draft.status == ApplicationStatus.DRAFT
    assert list(draft.model_years.values_list("year", flat=True)) == list(range(2015, 2025))
    call.closes_at = timezone.now() - dt.timedelta(seconds=1)
    call.save(update_fields=["closes_at"])
    with pytest.raises(ActionRefused, match="^Приём заявок по этому отбору не ведётся.$"):
        drafts.create_draft(call=call, user=user)


@pytest.mark.django_db
def test_a_number_that_cannot_be_allocated_refuses_the_submission(call, monkeypatch):
    """If every attempt collides, nothing may be half-submitted (no version for a draft)."""
    taken = _submit(complete_application(call))
    app = complete_application(call)
    monkeypatch.setattr(
        "applications.services.lifecycle.next_registration_number", lambda _app: taken.registration_number
    )
    with pytest.raises(ActionRefused) as error:
        _submit(app)
    assert str(error.value) == "Не удалось присвоить регистрационный номер. Повторите подачу."
    app.refresh_from_db()
    assert app.status == ApplicationStatus.DRAFT and app.registration_number is None
    assert not ApplicationVersion.objects.filter(application=app).exists()
    assert not StatusEvent.objects.filter(application=app, to_status="submitted").exists()
