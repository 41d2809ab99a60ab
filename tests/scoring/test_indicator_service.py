import pytest

from scoring import services
from scoring.models import IndicatorResult
from tests.factories import call_with_example_scenario, complete_application


@pytest.mark.django_db
def test_compute_is_idempotent_and_matches_the_golden_example():
    app = complete_application(call_with_example_scenario())
    first = services.compute_indicators(app.pk)
    second = services.compute_indicators(app.pk)
    assert first.pk == second.pk
    assert IndicatorResult.objects.filter(application=app).count() == 1
    assert first.npv == pytest.approx(437124957.31028736, rel=1e-9)
    assert first.irr == pytest.approx(0.2509193737782893, rel=1e-9)
    assert first.eligible is True
    codes = [d["code"] for d in first.result["eligibility"]["details"]]
    assert "loan" in codes and all(d["message_ru"] for d in first.result["eligibility"]["details"])


@pytest.mark.django_db
def test_changed_inputs_store_a_new_current_result():
    app = complete_application(call_with_example_scenario())
    first = services.compute_indicators(app.pk)
    row = app.model_years.get(year=2020)
    row.ebit = row.ebit * 2
    row.save()
    second = services.compute_indicators(app.pk)
    assert second.pk != first.pk
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert second.npv > first.npv


@pytest.mark.django_db
def test_invalid_case_is_stored_with_its_path():
    app = complete_application(call_with_example_scenario())
    app.equity = 0
    app.save()
    row = services.compute_indicators(app.pk)
    assert row.state == "invalid"
    assert row.error_path == "project.capital.equity"
    # The figures do not add up yet, but eligibility is already shown with its reasons.
    assert row.result["eligibility"]["eligible"] is True
    assert len(row.result["eligibility"]["details"]) == 10


@pytest.mark.django_db
def test_draft_page_shows_eligibility_before_the_figures_add_up(client):
    app = complete_application(call_with_example_scenario())
    app.okved = "46.69"  # wholesale trade, not manufacturing
    app.equity = 0
    app.save()
    services.compute_indicators(app.pk)
    client.force_login(app.created_by)
    body = client.get(f"/applications/{app.pk}/step/project/").content.decode()
    assert 'data-code="okved_manufacturing"' in body
    assert "не соответствует" in body
    # The refused case is told in the applicant's words, at the field to correct.
    assert "project.capital.equity" not in body and "equity must be" not in body
    assert "собственный капитал должен быть больше нуля" in body
    assert f'href="/applications/{app.pk}/step/capital/#id_equity"' in body
    assert "ОКВЭД2 46.69" in body and "не раздел C" in body


@pytest.mark.django_db
def test_a_submission_reusing_the_drafts_result_gets_its_risk_analysis(django_capture_on_commit_callbacks):
    from applications.services.lifecycle import submit_application

    app = complete_application(call_with_example_scenario())
    draft_row = services.compute_indicators(app.pk)
    assert draft_row.risk is None  # drafts get no risk analysis
    with django_capture_on_commit_callbacks(execute=True):
        submit_application(application_id=app.pk, user=app.created_by)
    draft_row.refresh_from_db()
    assert IndicatorResult.objects.get(application=app, is_current=True).pk == draft_row.pk
    assert draft_row.risk["monte_carlo"]["scenarios"] == services.RISK_SCENARIOS
    assert len(draft_row.risk["sensitivity"]["variants"]) == 20
