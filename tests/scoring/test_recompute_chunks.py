"""A call's recompute in chunks (scoring.chunks): the same rows as the single path, stored
once however often a chunk is delivered, one current row per application, the run's
progress and the risk analysis of submitted applications after a scenario change, a
number of queries that does not grow with the chunk, and a chunk that fails on its own
falling back to one application at a time."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from applications.models import ApplicationVersion
from applications.services.lifecycle import submit_application
from calls.models import MacroScenario
from calls.services import scenario_changed
from engine import ENGINE_VERSION, case_hash
from scoring import chunks, services
from scoring.models import IndicatorResult, IndicatorState, RecomputeItem, RecomputeRun
from tests.factories import ApplicationFactory, call_with_example_scenario, complete_application

pytestmark = pytest.mark.django_db

EXAMPLE_NPV = 437124957.31028736


def submitted(call, count: int) -> list[int]:
    ids = []
    for _ in range(count):
        app = complete_application(call)
        submit_application(application_id=app.pk, user=app.created_by)  # its tasks not run
        ids.append(app.pk)
    return ids


@pytest.fixture
def call():
    return call_with_example_scenario()


def current_rows(ids):
    return IndicatorResult.objects.filter(application_id__in=ids, is_current=True)


def test_a_chunk_stores_what_the_single_path_would_and_the_single_path_reuses_it(call):
    ids = submitted(call, 3) + [complete_application(call).pk]  # and a draft
    incomplete = ApplicationFactory(call=call).pk
    assert chunks.recompute_chunk([*ids, incomplete]) == 4
    rows = current_rows(ids)
    assert rows.count() == 4 and not IndicatorResult.objects.filter(application_id=incomplete).exists()
    for row in rows:
        assert row.state == IndicatorState.DONE and row.engine_version == ENGINE_VERSION
        assert row.npv == pytest.approx(EXAMPLE_NPV, rel=1e-9)
        assert row.result["eligibility"]["details"] and row.result["years"]
        # The single path builds the same case (same hash): it finds the row, adds none.
        assert services.compute_indicators(row.application_id).pk == row.pk
    assert IndicatorResult.objects.filter(application_id__in=ids).count() == 4


def test_a_chunk_delivered_twice_stores_each_row_once_and_finishes_each_item_once(call):
    ids = submitted(call, 3)
    run = services.recompute_call(call=call, scenario_version=call.macro.version)  # tasks not run
    chunks.recompute_chunk(ids, run_id=run.pk)
    first = dict(RecomputeItem.objects.filter(run=run).values_list("application_id", "finished_at"))
    chunks.recompute_chunk(ids, run_id=run.pk)  # redelivered after a lost worker
    assert IndicatorResult.objects.filter(application_id__in=ids).count() == 3
    assert current_rows(ids).count() == 3
    assert dict(RecomputeItem.objects.filter(run=run).values_list("application_id", "finished_at")) == first
    progress = services.recompute_progress(run)
    assert (progress["finished"], progress["risk_pending"]) == (True, 3)  # risk tasks not run
    assert chunks.compute_risk_chunk(ids) == 3
    assert services.recompute_progress(run)["risk_pending"] == 0


def test_a_scenario_change_recomputes_in_chunks_with_the_risk_of_submitted_applications(
    call, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)  # 5 applications: three chunks
    ids = submitted(call, 4)
    draft = complete_application(call).pk
    for pk in [*ids, draft]:
        services.compute_indicators(pk)
    before = dict(current_rows([*ids, draft]).values_list("application_id", "npv"))
    macro = call.macro
    MacroScenario.objects.filter(pk=macro.pk).update(risk_free_rate=macro.risk_free_rate + 0.01)
    with django_capture_on_commit_callbacks(execute=True):  # eager tasks, as on commit
        scenario_changed(macro)
    run = RecomputeRun.objects.get(call=call)
    assert services.recompute_progress(run) | {"finished_at": ""} == {
        "total": 5,
        "done": 5,
        "failed": 0,
        "finished": True,
        "finished_at": "",
        "risk_pending": 0,
    }
    for pk in [*ids, draft]:
        assert IndicatorResult.objects.filter(application_id=pk).count() == 2
        row = current_rows([pk]).get()
        assert row.npv != pytest.approx(before[pk], rel=1e-6)  # the new scenario's figures
        assert row.risk is None if pk == draft else row.risk["monte_carlo"]["seed"] == pk


def test_a_chunk_reads_in_a_fixed_number_of_queries(call):
    def queries(count: int) -> int:
        ids = submitted(call, count) + [complete_application(call).pk]
        with CaptureQueriesContext(connection) as captured:
            chunks.recompute_chunk(ids)
        return len(captured)

    assert queries(2) == queries(6)


def test_a_risk_chunk_skips_a_row_whose_inputs_changed_since_and_stores_once(call):
    ids = submitted(call, 2)
    chunks.recompute_chunk(ids)
    version = ApplicationVersion.objects.get(application_id=ids[1])
    case = {**version.case, "project": {**version.case["project"], "title": "Другой проект"}}
    ApplicationVersion.objects.create(
        application_id=ids[1], number=2, case=case, case_hash=case_hash(case), snapshot={}
    )  # resubmitted since, its computation not yet run
    assert chunks.compute_risk_chunk(ids) == 1  # the second's inputs are no longer its row's
    stored = current_rows(ids[:1]).get().risk
    assert stored["monte_carlo"]["scenarios"] == services.RISK_SCENARIOS
    assert chunks.compute_risk_chunk(ids) == 0  # redelivered: nothing computed again
    assert current_rows(ids[1:]).get().risk is None


def test_a_failing_chunk_falls_back_to_one_application_at_a_time(call, monkeypatch):
    ids = submitted(call, 3)
    run = services.recompute_call(call=call, scenario_version=call.macro.version)

    def broken_batch(cases):
        raise RuntimeError("an engine bug in the batch")

    real_compute = services.compute_indicators

    def one_broken(application_id):
        if application_id == ids[1]:
            raise RuntimeError("an engine bug for this one")
        return real_compute(application_id)

    monkeypatch.setattr(chunks, "evaluate_batch", broken_batch)
    monkeypatch.setattr(services, "compute_indicators", one_broken)
    assert chunks.recompute_chunk_or_each(ids, run_id=run.pk) == 2
    progress = services.recompute_progress(run)
    assert (progress["done"], progress["failed"], progress["finished"]) == (3, 1, True)
    assert current_rows(ids).count() == 2


def test_a_chunk_cut_off_from_the_database_is_retried_whole_not_marked_failed(call, monkeypatch):
    ids = submitted(call, 2)
    run = services.recompute_call(call=call, scenario_version=call.macro.version)

    def database_gone(cases):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(chunks, "evaluate_batch", database_gone)
    with pytest.raises(OperationalError):  # the task's autoretry takes it from here
        chunks.recompute_chunk_or_each(ids, run_id=run.pk)
    progress = services.recompute_progress(run)
    assert (progress["done"], progress["failed"]) == (0, 0)
    assert not current_rows(ids).exists()


def test_a_refused_case_is_stored_invalid_with_its_path_beside_the_computed_ones(call):
    good = complete_application(call)
    refused = complete_application(call)
    refused.equity = 0
    refused.save(update_fields=["equity"])
    chunks.recompute_chunk([good.pk, refused.pk])
    row = current_rows([refused.pk]).get()
    assert (row.state, row.error_path) == (IndicatorState.INVALID, "project.capital.equity")
    assert row.result["eligibility"]["details"]  # eligibility shown all the same
    assert current_rows([good.pk]).get().state == IndicatorState.DONE
    assert services.compute_indicators(refused.pk).pk == row.pk  # the same case, the same row
