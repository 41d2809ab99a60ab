"""A new applicant, from registration to a submitted application with the model pasted
into the grid (no XLSX), eligibility results and indicators; a late submission refused; a withdrawal that
asks first. The pages' scripts (static/otbor/*.js) run under the production CSP."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from calls.models import Call
from tests.factories import call_with_example_scenario, complete_application, example_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


PASTE = """(text) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  document.activeElement.dispatchEvent(
    new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def russian(value: float) -> str:
    """A number as a Russian spreadsheet copies it: grouped by spaces, a decimal comma."""
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").removesuffix(",00")


def parse_number(text: str) -> float:
    """A number as the model table shows it: Russian grouping and decimal comma."""
    return float(re.sub(r"[\s\u00a0\u2009\u202f]", "", text).replace(",", ".") or 0)


def sign_in(page, base: str, user) -> None:
    user.set_password("pass-word-123")
    user.save()
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill("pass-word-123")
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name="Мои заявки").wait_for()


def test_new_applicant_submits_an_application(live_server, page, tmp_path):
    call = call_with_example_scenario()
    page.goto(f"{live_server.url}/accounts/register/")
    page.locator("#id_org-full_name").fill("Общество с ограниченной ответственностью «Балтийские компоненты»")
    page.locator("#id_org-inn").fill("7707083894")  # wrong check digit first
    page.locator("#id_org-kpp").fill("390601001")
    page.locator("#id_org-ogrn").fill("1027700132195")
    page.locator("#id_org-region").select_option("39")
    page.locator("#id_org-address").fill("г. Калининград, ул. Портовая, 5")
    page.locator("#id_org-contact_name").fill("Иванова Мария Петровна")
    page.locator("#id_org-contact_phone").fill("+7 4012 00-00-00")
    page.locator("#id_org-contact_email").fill("office@baltcomp.ru")
    page.locator("#id_user-full_name").fill("Иванова Мария Петровна")
    page.locator("#id_user-email").fill("cfo@baltcomp.ru")
    page.locator("#id_user-phone").fill("+7 900 000-00-00")
    page.locator("#id_user-password1").fill("Ночной-дедлайн-2015")
    page.locator("#id_user-password2").fill("Ночной-дедлайн-2015")
    page.locator("#id_user-consent").check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    inn_error = page.locator("#id_org-inn").locator("xpath=..").locator(".invalid-feedback")
    assert "контрольн" in inn_error.inner_text().lower()
    page.locator("#id_org-inn").fill("7707083893")
    page.locator("#id_user-password1").fill("Ночной-дедлайн-2015")
    page.locator("#id_user-password2").fill("Ночной-дедлайн-2015")
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.get_by_text("Проверьте почту").wait_for()

    link = re.search(r"http://\S+/accounts/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_text("Почта подтверждена").wait_for()
    page.locator("#id_username").fill("cfo@baltcomp.ru")
    page.locator("#id_password").fill("Ночной-дедлайн-2015")
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name="Мои заявки").wait_for()
    page.get_by_role("button", name="Создать заявку").click()

    # Step 1: project
    page.locator("#id_title").fill("Завод автокомпонентов")
    page.locator("#id_priority_direction").select_option("automotive")
    page.locator("#id_okved").fill("29.32")
    page.locator("#id_region").select_option("39")
    # autosave.js: a changed field is saved without leaving the step.
    page.locator("#autosave-status", has_text="Черновик сохранён").wait_for()
    assert Application.objects.get().title == "Завод автокомпонентов"
    page.locator("#id_commissioning_date").fill("2016-09-01")
    page.get_by_test_id("next").click()
    # Step 2: costs, with a thin-space formatted number
    page.locator("#id_total_cost").fill("850\u2009000\u2009000")
    page.locator("#id_capex_land").fill("40 000 000")
    page.locator("#id_capex_design").fill("35000000")
    page.locator("#id_capex_construction").fill("310000000")
    page.locator("#id_capex_equipment").fill("440000000")
    page.locator("#id_capex_other").fill("25000000,00")
    page.get_by_test_id("next").click()
    # Step 3: jobs and loan
    page.locator("#id_jobs_created").fill("180")
    page.locator("#id_jobs_high_productivity").fill("180")
    page.locator("#id_avg_monthly_wage").fill("52000")
    page.locator("#id_loan_bank_name").fill("ПАО Сбербанк")
    page.locator("#id_loan_date").fill("2015-04-20")
    page.locator("#id_loan_amount").fill("600000000")
    page.locator("#id_loan_rate").fill("12,5")
    page.get_by_test_id("next").click()
    # Step 4: capital
    page.locator("#id_equity").fill("400000000")
    page.locator("#id_debt").fill("600000000")
    page.locator("#id_cost_of_debt").fill("12,5")
    page.locator("#id_beta_unlevered").fill("0,82")
    page.locator("#id_terminal_mode").select_option("gordon")
    page.locator("#id_budget_terminal_mode").select_option("finite")
    page.locator("#id_budget_terminal_years").fill("5")
    page.get_by_test_id("next").click()
    # Step 5: the financial model without any XLSX: the whole block copied from the
    # applicant's own spreadsheet (Russian number format) and pasted into the grid.
    series = example_case()["project"]["series"]
    years = [
        int(y) for y in page.locator("thead [data-year]").evaluate_all("ths => ths.map(t => t.dataset.year)")
    ]
    assert years == example_case()["years"]
    keys = page.locator("tr[data-row]").evaluate_all("rows => rows.map(r => r.dataset.row)")
    block = "\n".join("\t".join(russian(v) for v in series[key]) for key in keys)
    page.locator("tr[data-row] input").first.focus()
    page.evaluate(PASTE, block)
    page.get_by_role("button", name="Сохранить", exact=True).click()
    page.get_by_text("Финансовая модель сохранена").wait_for()
    saved = Application.objects.get().model_years.order_by("year")
    assert [float(row.ebit) for row in saved] == series["ebit"]
    assert [float(row.subsidy) for row in saved] == pytest.approx(series["subsidy"], abs=0.005)
    # model-grid.js: every row of the model shows its total.
    for row in page.locator("tr[data-row]").all():
        cells = [
            parse_number(value)
            for value in row.locator("input").evaluate_all("inputs => inputs.map(i => i.value)")
        ]
        assert parse_number(row.locator(".row-total").inner_text()) == pytest.approx(sum(cells))
    # Step 6: documents
    page.goto(page.url.replace("/step/model/", "/step/documents/"))
    pdf = tmp_path / "Бизнес-план.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    page.locator("#id_kind").select_option("business_plan")
    page.locator("#id_file").set_input_files(str(pdf))
    page.get_by_role("button", name="Загрузить").click()
    page.get_by_test_id("documents").get_by_text("Бизнес-план.pdf").wait_for()
    # Step 7: review — eligibility with reasons, indicators and the cash-flow chart
    page.goto(page.url.split("/step/")[0] + "/step/review/")
    page.get_by_test_id("eligible").wait_for()
    assert page.get_by_test_id("eligible").inner_text() == "соответствует"
    checks = page.get_by_test_id("checks").locator("li")
    assert checks.count() == 10
    # Each rule with the applicant's value and the limit.
    assert "850\u202f000\u202f000\u00a0руб." in page.get_by_test_id("checks").inner_text()
    table = page.get_by_test_id("indicators-table").inner_text()
    assert "437\u202f124\u202f957\u00a0руб." in table  # NPV with support, Russian format
    assert "25,09\u00a0%" in table  # IRR
    assert page.get_by_test_id("cash-flow-chart").is_visible()
    # The review summarises the draft: nothing blocks it, the data read as a document.
    assert page.get_by_test_id("ready").is_visible()
    document = page.get_by_test_id("draft-document")
    assert "Калининградская область (39)" in document.inner_text()
    assert "850\u202f000\u202f000\u00a0руб." in document.inner_text()
    # submit-once.js disables the button as the form goes (a double-click guard); a
    # listener added after it notes the button's state across the navigation.
    page.evaluate("""() => document.getElementById("submit-form").addEventListener("submit",
        e => { const b = e.target.querySelector("button");
               sessionStorage.setItem("submit-button", b.disabled + " " + b.textContent); })""")
    page.get_by_test_id("submit").click()
    page.get_by_test_id("regnum").wait_for()
    number = page.get_by_test_id("regnum").inner_text()
    assert re.fullmatch(r"2015-J-\d{4}", number)
    assert page.evaluate("sessionStorage.getItem('submit-button')") == "true Отправка…"
    # The submitted application reads as a document, with its risk analysis as charts.
    assert "Автомобильная промышленность (automotive)" in page.get_by_test_id("version").inner_text()
    for chart in ("cash-flow-chart", "tornado-chart", "npv-histogram"):
        assert page.get_by_test_id(chart).is_visible()
    assert page.get_by_test_id("probability").inner_text().startswith("P(NPV\u00a0>\u00a00) = ")
    assert page.get_by_role("img", name=re.compile("^Чувствительность NPV")).is_visible()
    app = Application.objects.get(registration_number=number)
    assert app.status == ApplicationStatus.SUBMITTED
    assert app.versions.count() == 1
    assert app.call_id == call.pk


def test_late_submission_is_refused(live_server, page):
    call = call_with_example_scenario()
    app = complete_application(call)
    sign_in(page, live_server.url, app.created_by)
    page.goto(f"{live_server.url}/applications/{app.pk}/step/review/")
    page.get_by_test_id("submit").wait_for()
    # The deadline passes while the page is open: the server's clock decides.
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    page.get_by_test_id("submit").click()
    page.get_by_role("alert").filter(has_text="Приём заявок завершён").wait_for()
    app.refresh_from_db()
    assert app.status == ApplicationStatus.DRAFT
    assert app.registration_number is None
    assert app.versions.count() == 0


def test_withdrawal_asks_first(live_server, page):
    app = complete_application(call_with_example_scenario())
    sign_in(page, live_server.url, app.created_by)
    page.goto(f"{live_server.url}/applications/{app.pk}/")
    questions: list[str] = []
    withdraw = page.get_by_role("button", name="Отозвать заявку")

    # confirm.js asks the form's data-confirm question; "Cancel" sends nothing.
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    withdraw.click()
    page.wait_for_timeout(500)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.DRAFT

    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    withdraw.click()
    page.get_by_text("Заявка отозвана.").wait_for()
    app.refresh_from_db()
    assert app.status == ApplicationStatus.WITHDRAWN
    assert questions == ["Отозвать заявку?", "Отозвать заявку?"]
