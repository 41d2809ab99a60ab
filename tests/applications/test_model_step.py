"""The financial model step (issue 12/13): years validated wherever they come from, typed
values never lost on a refused save, amounts shown grouped, a justification for a forecast
longer than 10 years, rates in percent on the web form and in the workbook."""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from applications.forecast import parse_years, years_problem
from applications.models import SERIES_FIELDS, ApplicationVersion, ModelYear
from applications.services.lifecycle import ActionRefused, submit_application
from applications.services.subsidy_limits import allowed_subsidy, subsidy_claim_errors
from applications.xlsx_model import FIRST_DATA_ROW, PROJECT_FIELDS, PROJECT_SHEET, import_project
from calls.models import MacroYear, RegionalGrp
from reference.formatting import format_money
from tests.applications.test_lifecycle import complete_application
from tests.applications.test_xlsx_project import filled_workbook
from tests.factories import call_with_example_scenario

NNBSP = "\u202f"
YEARS_2015 = list(range(2015, 2025))


@pytest.fixture
def app():
    return complete_application(call_with_example_scenario())


@pytest.fixture
def owner(app, client):
    client.force_login(app.created_by)
    return client


def _url(app):
    return reverse("portal:step", args=[app.pk, "model"])


def _post(app, years, **cells):
    data = {"year": [str(year) for year in years]}
    stored = {row.year: row for row in app.model_years.all()}
    for year in years:
        for name in SERIES_FIELDS:
            row = stored.get(year if isinstance(year, int) else -1)
            data[f"{name}-{year}"] = str(getattr(row, name)) if row else "0"
    data.update(cells)
    return data


def _autosave(owner, app, data):
    return owner.post(_url(app), data, headers={"X-Autosave": "1"})


# --- years -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "message"),
    [
        (["99999", *map(str, range(2016, 2025))], "Год 99999 вне допустимых пределов"),
        ([str(2015 + i) for i in range(51)], "не более 50 лет, указано 51"),
        ([*map(str, range(2015, 2024)), "2030"], "после 2023 ожидался 2024"),
        (["2015", "abc"], "Год «abc» не распознан"),
        (list(map(str, range(2015, 2024))), "Нужно не менее 10 лет прогноза."),
        ([str(1990 + i) for i in range(10)], "Год 1990 вне допустимых пределов"),
    ],
)
def test_years_that_are_no_horizon_are_refused_in_russian(years, message):
    _years, problem = parse_years(years)
    assert problem is not None
    assert message in problem


def test_localised_years_are_read_as_years():
    years, problem = parse_years([f"2{NNBSP}0{15 + i}" if i < 5 else f"2 0{15 + i}" for i in range(10)])
    assert (years, problem) == (YEARS_2015, None)
    assert years_problem(list(range(2000, 2050))) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "years",
    [
        ["99999", *range(2016, 2025)],
        ["40000", *range(2016, 2025)],
        [2015 + i for i in range(51)],
        [*range(2015, 2024), 2030],
    ],
    ids=["huge", "over-smallint", "51-years", "gap"],
)
def test_bad_years_are_a_russian_error_never_a_500_and_nothing_is_saved(app, owner, years):
    before = list(app.model_years.values_list("year", "ebit"))
    response = _autosave(owner, app, _post(app, years, **{f"ebit-{years[-1]}": "5"}))
    assert response.status_code == 422
    assert response.json()["saved"] is False
    assert response.json()["errors"]["__all__"]
    # Without JavaScript: the page again, every posted year and typed value still there.
    page = owner.post(_url(app), _post(app, years, **{f"ebit-{years[-1]}": "5"}))
    assert page.status_code == 200
    text = page.content.decode()
    assert f'name="year" value="{years[-1]}"' in text
    assert f'name="ebit-{years[-1]}" value="5"' in text
    assert response.json()["errors"]["__all__"] in text
    assert list(app.model_years.values_list("year", "ebit")) == before


@pytest.mark.django_db
def test_localised_year_inputs_from_an_old_page_are_saved(app, owner):
    data = _post(app, YEARS_2015, **{"ebit-2016": "1 200 000 000"})
    data["year"] = [f"2{NNBSP}0{year - 2000}" for year in YEARS_2015]
    response = _autosave(owner, app, data)
    assert response.json() == {"saved": True, "errors": {}}
    assert ModelYear.objects.get(application=app, year=2016).ebit == Decimal("1200000000")


@pytest.mark.django_db
def test_saved_amounts_are_shown_grouped_and_years_unlocalised(app, owner):
    ModelYear.objects.filter(application=app, year=2016).update(
        ebit=Decimal("1200000000"), rent=Decimal("2500.50")
    )
    text = owner.get(_url(app)).content.decode()
    assert f'name="ebit-2016" value="1{NNBSP}200{NNBSP}000{NNBSP}000"' in text
    assert f'name="rent-2016" value="2{NNBSP}500,5"' in text
    assert 'name="year" value="2016"' in text
    assert "2016: " in text and f"2{NNBSP}016" not in text  # the subsidy limits' years too


@pytest.mark.django_db
def test_a_bad_cell_is_marked_and_the_others_keep_their_typed_values(app, owner):
    data = _post(app, YEARS_2015, **{"capex-2017": "-5", "ebit-2018": "1e400", "rent-2019": "10 000,5"})
    data["taxes-2020"] = "1 000 000 000 000 000"
    response = _autosave(owner, app, data)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "capex-2017": "Значение не может быть отрицательным.",
        "ebit-2018": "Не удалось распознать число «1e400»",
        "taxes-2020": "Слишком большое число: не более 14 знаков до запятой.",
    }
    text = owner.post(_url(app), data).content.decode()
    assert 'name="rent-2019" value="10 000,5"' in text
    assert 'name="capex-2017" value="-5" inputmode="decimal" autocomplete="off"' in text
    assert "Значение не может быть отрицательным." in text


@pytest.mark.django_db
def test_the_template_download_refuses_a_stored_horizon_it_cannot_write(app, owner):
    ModelYear.objects.bulk_create([ModelYear(application=app, year=year) for year in range(2025, 2070)])
    response = owner.get(reverse("portal:model_template", args=[app.pk]))
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Шаблон не сформирован: Прогноз может охватывать не более 50 лет, указано 55."
    ]


# --- a longer horizon needs a justification ----------------------------------------------


def _extend_scenario(app, year):
    macro = app.call.macro
    last = macro.years.order_by("-year").first()
    MacroYear.objects.create(scenario=macro, year=year, cpi=last.cpi, gdp_deflator=last.gdp_deflator)
    grp = RegionalGrp.objects.filter(scenario=macro, region_id=app.region_id).order_by("-year").first()
    RegionalGrp.objects.create(scenario=macro, region_id=app.region_id, year=year, grp=grp.grp)


@pytest.mark.django_db
def test_eleven_years_need_a_justification_then_it_is_frozen_and_shown(app, owner):
    years = [*YEARS_2015, 2025]
    refused = _autosave(owner, app, _post(app, years))
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        "forecast_justification": "Прогноз длиннее 10 лет: приведите обоснование выбора прогнозного "
        "периода (п. 5 Методики)."
    }
    assert app.model_years.count() == 10
    reason = "Срок службы оборудования — 15 лет; окупаемость наступает на 11-й год."
    saved = _autosave(owner, app, {**_post(app, years), "forecast_justification": f"  {reason}\n"})
    assert saved.json() == {"saved": True, "errors": {}}
    app.refresh_from_db()
    assert (app.model_years.count(), app.forecast_justification) == (11, reason)
    assert "Обоснование прогнозного периода длиннее 10 лет" in owner.get(_url(app)).content.decode()

    # The submission refuses the longer horizon without it, and freezes it beside the case.
    _extend_scenario(app, 2025)
    type(app).objects.filter(pk=app.pk).update(forecast_justification=" ")
    with pytest.raises(ActionRefused, match="приведите обоснование"):
        submit_application(application_id=app.pk, user=app.created_by)
    type(app).objects.filter(pk=app.pk).update(forecast_justification=reason)
    submit_application(application_id=app.pk, user=app.created_by)
    version = ApplicationVersion.objects.get(application=app)
    assert version.forecast_justification == reason
    assert "forecast_justification" not in version.case and len(version.case["years"]) == 11
    detail = owner.get(reverse("portal:detail", args=[app.pk])).content.decode()
    assert reason in detail


# --- rates in percent --------------------------------------------------------------------


def _jobs(rate):
    return {
        "jobs_created": "180",
        "jobs_high_productivity": "180",
        "avg_monthly_wage": "52 000",
        "loan_russian_bank": "on",
        "loan_date": "2015-04-20",
        "loan_amount": "600 000 000",
        "loan_rate": rate,
        "loan_term_years": "5",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "stored"), [("12,5", "0.125"), ("12,5 %", "0.125"), ("0,5", "0.005")])
def test_the_web_form_takes_rates_in_percent(app, owner, typed, stored):
    response = owner.post(
        reverse("portal:step", args=[app.pk, "jobs"]), _jobs(typed), headers={"X-Autosave": "1"}
    )
    assert response.json() == {"saved": True, "errors": {}}
    app.refresh_from_db()
    assert app.loan_rate == Decimal(stored)


@pytest.mark.django_db
def test_a_rate_over_100_percent_is_refused_and_an_odd_one_warned(app, owner):
    url = reverse("portal:step", args=[app.pk, "jobs"])
    refused = owner.post(url, _jobs("1100"), headers={"X-Autosave": "1"})
    assert refused.json()["errors"] == {
        "loan_rate": ["Ставка указывается в процентах, от 0 до 100: например, 12,5."]
    }
    owner.post(url, _jobs("0,5"))
    page = owner.get(url).content.decode()
    assert 'name="loan_rate" value="0,5"' in page
    assert "Ставка 0,5 % годовых выглядит необычно (обычно от 1 до 50 %)" in page
    assert "выглядит необычно" not in owner.post(url, _jobs("12,5"), follow=True).content.decode()


def test_the_workbook_and_the_form_store_the_same_fraction_for_the_same_percent():
    workbook = openpyxl.load_workbook(io.BytesIO(filled_workbook()))
    row = FIRST_DATA_ROW + [field.key for field in PROJECT_FIELDS].index("loan.rate")
    workbook[PROJECT_SHEET].cell(row=row, column=3, value="12,5 %")
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert import_project(buffer.getvalue())["loan"]["rate"] == 0.125
    assert "%" in workbook[PROJECT_SHEET].cell(row=row, column=3).number_format


@pytest.mark.django_db
def test_the_subsidy_figures_shown_on_the_model_step_may_be_claimed(app, owner):
    allowed = allowed_subsidy(app)
    shown = {year: amount.quantize(Decimal(1), rounding=ROUND_HALF_UP) for year, amount in allowed.items()}
    assert any(shown[year] > allowed[year] for year in allowed)  # some were rounded up
    text = owner.get(_url(app)).content.decode()
    for year, amount in shown.items():
        assert f"{year}: {format_money(amount, places=0)}" in text
        ModelYear.objects.filter(application=app, year=year).update(subsidy=amount)
    assert subsidy_claim_errors(app) == []
    ModelYear.objects.filter(application=app, year=2016).update(subsidy=shown[2016] + Decimal("0.01"))
    assert len(subsidy_claim_errors(app)) == 1


@pytest.mark.django_db
def test_a_standard_horizon_freezes_no_justification(app):
    type(app).objects.filter(pk=app.pk).update(forecast_justification="Черновик обоснования")
    submit_application(application_id=app.pk, user=app.created_by)
    assert ApplicationVersion.objects.get(application=app).forecast_justification == ""
