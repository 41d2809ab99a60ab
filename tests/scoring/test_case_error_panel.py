"""The indicator panel tells the truth about a refused case: «не рассчитано», the mapped
message and the step to correct, never the engine's path; a fault of the call's scenario is
the secretary's, who is told by e-mail once."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from calls.models import MacroScenario
from engine import CaseError
from scoring import services
from scoring.scenario_faults import report_scenario_fault
from tests.factories import UserFactory, call_with_example_scenario, complete_application


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _panel(client, app) -> str:
    client.force_login(app.created_by)
    return client.get(f"/applications/{app.pk}/indicators.json").json()["html"]


@pytest.mark.django_db
def test_a_refused_case_is_not_rated_and_says_where_to_correct(client):
    app = complete_application(call_with_example_scenario())
    app.equity = 0
    app.save()
    row = services.compute_indicators(app.pk)
    assert row.state == "invalid"
    html = _panel(client, app)
    assert '<span class="text-danger">не рассчитано</span>' in html
    assert ">рассчитано<" not in html
    assert "Шаг «Структура капитала», поле «Собственный капитал E, руб.»" in html
    assert f'href="/applications/{app.pk}/step/capital/#id_equity"' in html
    assert "project.capital" not in html and "equity must" not in html and "<code>" not in html


@pytest.mark.django_db
def test_a_computed_case_is_rated(client):
    app = complete_application(call_with_example_scenario())
    services.compute_indicators(app.pk)
    html = _panel(client, app)
    assert ">рассчитано<" in html and "не рассчитано" not in html and 'data-testid="case-error"' not in html


@pytest.mark.django_db
def test_a_scenario_fault_blames_the_call_and_tells_the_secretaries_once(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    secretary = UserFactory(role="secretary")
    call = call_with_example_scenario()
    MacroScenario.objects.filter(pk=call.macro.pk).update(profit_tax_rate=1.2)
    first, second = complete_application(call), complete_application(call)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.compute_indicators(first.pk).error_path == "call.profit_tax_rate"
        assert services.compute_indicators(second.pk).error_path == "call.profit_tax_rate"
    assert [m.to for m in mailoutbox] == [[secretary.email]]
    assert "call.profit_tax_rate" in mailoutbox[0].body and "макроэкономическ" in mailoutbox[0].subject
    html = _panel(client, first)
    assert "макроэкономическом сценарии" in html and "секретарь комиссии извещён" in html
    assert 'data-testid="case-error-link"' not in html and "call.profit" not in html


@pytest.mark.django_db
def test_an_applicant_error_tells_nobody_else(mailoutbox):
    UserFactory(role="secretary")
    app = complete_application(call_with_example_scenario())
    own = CaseError("project.capital.equity", "…", "equity must be positive")
    assert report_scenario_fault(app, own) is False
    growth = CaseError("call.long_term_inflation", "…", "the growth rate 0.2 is not below WACC 0.1")
    assert report_scenario_fault(app, growth) is False
    assert mailoutbox == []
