"""The applicant's pages and the secretary's screening, through the Django test client."""

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import (
    SERIES_FIELDS,
    Application,
    ApplicationStatus,
    ApplicationVersion,
    Document,
    ModelYear,
)
from applications.xlsx_model import FIRST_DATA_ROW, FIRST_YEAR_COLUMN, MODEL_SHEET, SERIES, build_template
from reference.limits import MAX_UPLOAD_MB
from reference.xlsx_safety import NOT_XLSX
from tests.applications.test_lifecycle import complete_application
from tests.factories import UserFactory, call_with_example_scenario

THIN = "\u2009"
NNBSP = "\u202f"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n"
)
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"PE\x00\x00"
    + b"\x00" * 200
)

STEP_TEXT = {
    "project": ["Проект", "Наименование проекта", "Код ОКВЭД2"],
    "costs": ["Инвестиционные затраты", "Полная стоимость проекта, руб.", "Проектно-сметная документация"],
    "jobs": ["Рабочие места и кредит", "Создаваемые рабочие места", "Дата кредитного договора"],
    "capital": ["Структура капитала", "Собственный капитал E, руб.", "Источник βu"],
    "model": ["Финансовая модель", "Скачать шаблон XLSX", "Операционный денежный поток"],
    "documents": [
        "Документы",
        "Вид документа",
        "Тип проверяется по содержимому файла",
        f"Файл (до {MAX_UPLOAD_MB} МБ)",
        f"Не более {MAX_UPLOAD_MB} МБ",
    ],
    "review": ["Проверка и подача", "Подать заявку", "по московскому времени"],
}


@pytest.fixture
def call():
    return call_with_example_scenario()


@pytest.fixture
def app(call):
    return complete_application(call)


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def owner(app, client_for):
    return client_for(app.created_by)


def _step(app, step):
    return reverse("portal:step", args=[app.pk, step])


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _costs(**overrides):
    data = {
        "total_cost": "850 000 000",
        "capex_land": "40 000 000",
        "capex_design": "35 000 000",
        "capex_construction": "310 000 000",
        "capex_equipment": "440 000 000",
        "capex_other": "25 000 000",
    }
    data.update(overrides)
    return data


def _model_post(app, **cells):
    years = list(app.model_years.values_list("year", flat=True))
    data = {"year": [str(y) for y in years]}
    for row in app.model_years.all():
        for name in SERIES_FIELDS:
            data[f"{name}-{row.year}"] = str(getattr(row, name))
    data.update(cells)
    return data


# --- steps -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("step", list(STEP_TEXT))
def test_every_step_page_renders_in_russian(app, owner, step):
    response = owner.get(_step(app, step))
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="ru"' in text or 'lang="ru"' in text
    for fragment in STEP_TEXT[step]:
        assert fragment in text, fragment
    assert app.title in text
    assert "приём до" in text


@pytest.mark.django_db
def test_unknown_step_is_404(app, owner):
    assert owner.get(_step(app, "nope")).status_code == 404


@pytest.mark.django_db
def test_costs_that_do_not_sum_to_the_total_are_refused(app, owner):
    response = owner.post(_step(app, "costs"), _costs(capex_other="26 000 000"))
    assert response.status_code == 200
    text = response.content.decode()
    assert f"Сумма статей (851{NNBSP}000{NNBSP}000,00 руб.) не равна полной стоимости проекта." in text
    app.refresh_from_db()
    assert app.capex_other == Decimal("25000000")


@pytest.mark.django_db
def test_costs_step_saves_russian_numbers_and_moves_on(app, owner):
    response = owner.post(
        _step(app, "costs"),
        _costs(total_cost=f"851{THIN}000{THIN}000,00", capex_other=f"26{NNBSP}000{NNBSP}000", go="jobs"),
    )
    assert response.status_code == 302
    assert response["Location"] == _step(app, "jobs")
    app.refresh_from_db()
    assert (app.total_cost, app.capex_other) == (Decimal("851000000"), Decimal("26000000"))
    assert _messages(response) == ["Сохранено."]


@pytest.mark.django_db
def test_autosave_returns_json_200_or_422_with_russian_errors(app, owner):
    ok = owner.post(_step(app, "costs"), _costs(), headers={"X-Autosave": "1"})
    assert ok.status_code == 200
    assert ok["Content-Type"] == "application/json"
    assert ok.json() == {"saved": True, "errors": {}}

    bad = owner.post(_step(app, "costs"), _costs(capex_land="abc"), headers={"X-Autosave": "1"})
    assert bad.status_code == 422
    body = bad.json()
    assert body["saved"] is False
    assert body["errors"] == {"capex_land": ["Не удалось распознать число «abc»"]}

    jobs = owner.post(
        _step(app, "jobs"),
        {
            "jobs_created": "10",
            "jobs_high_productivity": "11",
            "avg_monthly_wage": "50 000",
            "loan_russian_bank": "on",
            "loan_date": "2015-04-20",
            "loan_amount": "600 000 000",
            "loan_rate": "12,5",
            "loan_term_years": "5",
        },
        headers={"X-Autosave": "1"},
    )
    assert jobs.status_code == 422
    assert jobs.json()["errors"] == {
        "jobs_high_productivity": ["Высокопроизводительных мест не может быть больше всех мест."]
    }
    app.refresh_from_db()
    assert app.jobs_created == 180


@pytest.mark.django_db
def test_capital_step_refuses_zero_equity(app, owner):
    data = {
        "equity": "0",
        "debt": "600 000 000",
        "cost_of_debt": "12,5",
        "beta_unlevered": "0,82",
        "beta_source": "Damodaran",
        "fcff_method": "ebit",
        "terminal_mode": "gordon",
        "terminal_years": "5",
        "terminal_base_years": "1",
        "budget_terminal_mode": "finite",
        "budget_terminal_years": "5",
    }
    response = owner.post(_step(app, "capital"), data, headers={"X-Autosave": "1"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"equity": ["Собственный капитал должен быть больше нуля."]}


@pytest.mark.django_db
def test_model_step_accepts_thin_spaces_and_a_decimal_comma(app, owner):
    data = _model_post(app, **{"ebit-2016": f"1{THIN}234{THIN}567,89", "wc_change-2017": f"-2{NNBSP}500,5"})
    response = owner.post(_step(app, "model"), data, headers={"X-Autosave": "1"})
    assert response.status_code == 200, response.content
    assert response.json() == {"saved": True, "errors": {}}
    assert ModelYear.objects.get(application=app, year=2016).ebit == Decimal("1234567.89")
    assert ModelYear.objects.get(application=app, year=2017).wc_change == Decimal("-2500.5")


@pytest.mark.django_db
def test_model_step_refuses_nan_and_text(app, owner):
    before = ModelYear.objects.get(application=app, year=2016).ebit
    data = _model_post(app, **{"ebit-2016": "NaN", "capex-2018": "abc"})
    response = owner.post(_step(app, "model"), data, headers={"X-Autosave": "1"})
    assert response.status_code == 422
    assert response.json() == {
        "saved": False,
        "errors": {
            "ebit-2016": "Недопустимое значение: NaN и бесконечность не являются числами",
            "capex-2018": "Не удалось распознать число «abc»",
        },
    }
    # Without the header, the page shows the same messages next to the cells.
    page = owner.post(_step(app, "model"), data)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Недопустимое значение: NaN и бесконечность не являются числами" in text
    assert "Не удалось распознать число «abc»" in text
    assert ModelYear.objects.get(application=app, year=2016).ebit == before


@pytest.mark.django_db
def test_model_step_needs_ten_years(app, owner):
    data = _model_post(app)
    data["year"] = data["year"][:9]
    response = owner.post(_step(app, "model"), data, headers={"X-Autosave": "1"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"__all__": "Нужно не менее 10 лет прогноза."}
    assert app.model_years.count() == 10


# --- XLSX --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_xlsx_template_download_and_import_round_trip(app, owner):
    download = owner.get(reverse("portal:model_template", args=[app.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert download["Content-Disposition"] == 'attachment; filename="otbor-model-2015.xlsx"'
    years = list(range(2015, 2025))
    # The downloaded template equals the one build_template makes for these years.
    downloaded = openpyxl.load_workbook(io.BytesIO(download.content))
    built = openpyxl.load_workbook(io.BytesIO(build_template(years=years, call_title=app.call.title)))
    assert [c.value for c in downloaded[MODEL_SHEET][3]] == [c.value for c in built[MODEL_SHEET][3]]

    sheet = downloaded[MODEL_SHEET]
    expected = {}
    for index, (key, _label, _unit) in enumerate(SERIES):
        for offset, year in enumerate(years):
            value = (index + 1) * 1000 + offset + 0.25
            sheet.cell(row=FIRST_DATA_ROW + index, column=FIRST_YEAR_COLUMN + offset, value=value)
            expected[(key, year)] = Decimal(str(value))
    buffer = io.BytesIO()
    downloaded.save(buffer)
    upload = SimpleUploadedFile("model.xlsx", buffer.getvalue())
    response = owner.post(reverse("portal:model_import", args=[app.pk]), {"workbook": upload})
    assert response.status_code == 302
    assert response["Location"] == _step(app, "model")
    assert _messages(response) == ["Финансовая модель загружена: 10 лет."]
    rows = {row.year: row for row in ModelYear.objects.filter(application=app)}
    assert sorted(rows) == years
    for (key, year), value in expected.items():
        assert getattr(rows[year], key) == value, (key, year)


@pytest.mark.django_db
def test_broken_xlsx_is_refused_in_russian_and_changes_nothing(app, owner):
    before = list(ModelYear.objects.filter(application=app).order_by("year").values())
    upload = SimpleUploadedFile("model.xlsx", b"this is not a workbook at all")
    response = owner.post(reverse("portal:model_import", args=[app.pk]), {"workbook": upload}, follow=True)
    assert response.status_code == 200
    assert NOT_XLSX in response.content.decode()
    assert list(ModelYear.objects.filter(application=app).order_by("year").values()) == before


@pytest.mark.django_db
def test_xlsx_with_wrong_cells_lists_them_and_changes_nothing(app, owner):
    before = list(ModelYear.objects.filter(application=app).order_by("year").values())
    workbook = openpyxl.load_workbook(
        io.BytesIO(build_template(years=list(range(2015, 2025)), call_title=""))
    )
    workbook[MODEL_SHEET].cell(row=FIRST_DATA_ROW, column=FIRST_YEAR_COLUMN, value="много")
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = owner.post(
        reverse("portal:model_import", args=[app.pk]),
        {"workbook": SimpleUploadedFile("m.xlsx", buffer.getvalue())},
    )
    messages = _messages(response)
    assert messages[0] == 'Лист "Модель", ячейка D4: ожидалось число'
    assert all(m.startswith('Лист "Модель", ячейка ') for m in messages[:30])
    assert len(messages) <= 31
    assert list(ModelYear.objects.filter(application=app).order_by("year").values()) == before


# --- documents ---------------------------------------------------------------------------


def _stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.django_db
def test_pdf_upload_is_stored_and_downloadable_by_its_owner(app, owner, settings):
    count = app.documents.count()
    upload = SimpleUploadedFile("Бизнес-план.pdf", PDF, content_type="application/octet-stream")
    response = owner.post(_step(app, "documents"), {"kind": "business_plan", "file": upload})
    assert response.status_code == 302
    assert _messages(response) == ["Документ «Бизнес-план.pdf» загружен."]
    doc = app.documents.order_by("-pk").first()
    assert app.documents.count() == count + 1
    assert (doc.kind, doc.original_name, doc.content_type, doc.size) == (
        "business_plan",
        "Бизнес-план.pdf",
        "application/pdf",
        len(PDF),
    )
    assert doc.uploaded_by == app.created_by
    download = owner.get(reverse("portal:document", args=[app.pk, doc.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.django_db
def test_exe_renamed_pdf_is_refused_and_nothing_is_stored(app, owner, settings):
    files_before = _stored_files(settings)
    count = Document.objects.count()
    upload = SimpleUploadedFile("plan.pdf", EXE, content_type="application/pdf")
    response = owner.post(_step(app, "documents"), {"kind": "business_plan", "file": upload})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Для документа «Бизнес-план» допускаются файлы PDF, DOCX, DOC; загружен файл:" in text
    assert Document.objects.count() == count
    assert _stored_files(settings) == files_before


@pytest.mark.django_db
def test_owner_deletes_a_draft_document(app, owner):
    doc = app.documents.get()
    response = owner.post(reverse("portal:document_delete", args=[app.pk, doc.pk]))
    assert response.status_code == 302
    assert not Document.objects.filter(pk=doc.pk).exists()


# --- submission, screening, mail ---------------------------------------------------------


@pytest.mark.django_db
def test_submit_via_the_view_mails_and_freezes(app, owner, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(reverse("portal:submit", args=[app.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:detail", args=[app.pk])
    assert _messages(response) == ["Заявка подана. Регистрационный номер 2015-J-0001."]
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED
    assert ApplicationVersion.objects.filter(application=app).count() == 1
    assert [m.subject for m in mail.outbox] == ["Заявка 2015-J-0001: подана"]
    assert mail.outbox[0].to == [app.created_by.email]

    detail = owner.get(reverse("portal:detail", args=[app.pk]))
    text = detail.content.decode()
    assert "Регистрационный номер" in text and "2015-J-0001" in text
    assert "Поданная версия" in text

    # The steps no longer edit: GET redirects to the detail, POST changes nothing.
    assert owner.get(_step(app, "costs"))["Location"] == reverse("portal:detail", args=[app.pk])
    owner.post(
        _step(app, "costs"),
        _costs(
            total_cost="1",
            capex_land="1",
            capex_design="0",
            capex_construction="0",
            capex_equipment="0",
            capex_other="0",
        ),
    )
    assert Application.objects.get(pk=app.pk).total_cost == Decimal("850000000")
    # A second click gives the same submission.
    again = owner.post(reverse("portal:submit", args=[app.pk]))
    assert _messages(again) == ["Заявка подана. Регистрационный номер 2015-J-0001."]
    assert ApplicationVersion.objects.filter(application=app).count() == 1


@pytest.mark.django_db
def test_submit_after_the_deadline_is_refused_via_the_view(app, owner):
    from django.utils import timezone

    app.call.closes_at = timezone.now()
    app.call.save(update_fields=["closes_at"])
    response = owner.post(reverse("portal:submit", args=[app.pk]))
    assert response["Location"] == _step(app, "review")
    [message] = _messages(response)
    assert message.startswith("Приём заявок завершён ")
    assert message.endswith("Заявка сохранена как черновик, но подать её уже нельзя.")
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.DRAFT


@pytest.mark.django_db
def test_withdraw_via_the_view(app, owner):
    owner.post(reverse("portal:submit", args=[app.pk]))
    response = owner.post(reverse("portal:withdraw", args=[app.pk]))
    assert _messages(response)[-1] == "Заявка отозвана."
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.WITHDRAWN


@pytest.mark.django_db
def test_secretary_screens_and_the_applicant_sees_the_reasons(
    call, client, django_capture_on_commit_callbacks
):
    from applications.services.lifecycle import submit_application

    first, second, draft = (complete_application(call) for _ in range(3))
    for app in (first, second):
        submit_application(application_id=app.pk, user=app.created_by)
    Application.objects.filter(pk=second.pk).update(region_id="77")
    secretary = UserFactory(role="secretary")
    client.force_login(secretary)
    url = reverse("screening:call", args=[call.pk])

    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Рассмотрение заявок" in text
    assert text.count('<option value="" selected>') == 2  # no decision preselected
    assert "2015-J-0001" in text and "2015-J-0002" in text
    assert list(page.context["rows"]) == [first, second]  # drafts are not listed
    assert draft not in page.context["rows"]
    assert list(client.get(url, {"region": "77"}).context["rows"]) == [second]
    assert list(client.get(url, {"region": "39"}).context["rows"]) == [first]
    assert list(client.get(url, {"status": "rejected"}).context["rows"]) == []
    assert client.get(reverse("screening:index"))["Location"] == url

    decide = reverse("screening:decide", args=[first.pk])
    refused = client.post(decide, {"decision": "reject", "reasons": "", "back": "region=39"})
    assert refused.status_code == 200  # the list again, the row as typed, the error beside it
    entry = refused.context["entries"][first.pk]
    assert entry.errors == {"reasons": ["Укажите основания отклонения заявки."]}
    assert entry.decision == "reject"
    assert list(refused.context["rows"]) == [first]  # the filter the secretary was on
    assert _messages(refused) == ["2015-J-0001: решение не записано, исправьте ошибки."]
    none_chosen = client.post(decide, {"decision": "", "reasons": "Черновик оснований"})
    assert none_chosen.context["entries"][first.pk].errors == {
        "decision": ["Выберите решение: допустить или отклонить."]
    }
    assert "Черновик оснований</textarea>" in none_chosen.content.decode()
    assert Application.objects.get(pk=first.pk).status == ApplicationStatus.SUBMITTED

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(decide, {"decision": "reject", "reasons": "Проект не в разделе C ОКВЭД2"})
        client.post(reverse("screening:decide", args=[second.pk]), {"decision": "admit"})
    assert _messages(done)[-1] == "2015-J-0001: решение записано."
    assert done["Location"] == f"{url}#app-{first.pk}"
    assert Application.objects.get(pk=first.pk).status == ApplicationStatus.REJECTED
    assert Application.objects.get(pk=second.pk).status == ApplicationStatus.ADMITTED
    assert sorted(m.subject for m in mail.outbox) == [
        "Заявка 2015-J-0001: отклонена",
        "Заявка 2015-J-0002: допущена",
    ]
    rejected_mail = next(m for m in mail.outbox if "отклонена" in m.subject)
    assert "Основания: Проект не в разделе C ОКВЭД2" in rejected_mail.body
    assert list(client.get(url, {"status": "rejected"}).context["rows"]) == [first]
    decided = client.get(url)
    # Each row shows its recorded decision; nothing is preselected before screening.
    assert decided.context["entries"][first.pk].decision == "reject"
    assert decided.context["entries"][second.pk].decision == "admit"
    html = decided.content.decode()
    assert reverse("portal:detail", args=[first.pk]) in html  # the readable application
    assert html.count('<option value="reject" selected>') == 1
    assert 'data-confirm-reject="Отклонить заявку 2015-J-0001?' in html
    assert "otbor/screening.js" in html and "otbor/confirm.js" in html

    client.force_login(first.created_by)
    detail = client.get(reverse("portal:detail", args=[first.pk]))
    text = detail.content.decode()
    assert "отклонена" in text
    assert "Основания решения: Проект не в разделе C ОКВЭД2" in text


@pytest.mark.django_db
def test_my_list_shows_own_applications_and_open_calls(app, owner):
    response = owner.get(reverse("portal:my_list"))
    assert response.status_code == 200
    assert list(response.context["applications"]) == [app]
    assert app.call in list(response.context["open_calls"])


@pytest.mark.django_db
def test_create_draft_via_the_view(call, client_for):
    user = UserFactory(organisation=complete_application(call).organisation, role="applicant")
    client = client_for(user)
    response = client.post(reverse("portal:create", args=[call.pk]))
    draft = Application.objects.filter(created_by=user).get()
    assert response["Location"] == _step(draft, "project")
    assert draft.model_years.count() == 10


@pytest.mark.django_db
def test_indicators_json(app, owner):
    response = owner.get(reverse("portal:indicators", args=[app.pk]))
    assert response.status_code == 200
    assert set(json.loads(response.content)) == {"progress", "result", "html"}
