"""Indicator computation around the pure engine: idempotent storage, the current result,
recomputation of a call. Tasks call these; these call the engine."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from applications.services.cases import CaseIncomplete, build_case, call_section
from calls.models import Call
from engine import ENGINE_VERSION, CaseError, Result, case_hash, evaluate_case, parse_case
from engine.case import Case
from engine.eligibility import check_eligibility
from engine.risk import monte_carlo, sensitivity
from reference.formatting import format_datetime
from scoring.models import IndicatorResult, IndicatorState, RecomputeItem, RecomputeRun
from scoring.scenario_faults import report_scenario_fault
from scoring.tasks import task_compute_indicators, task_recompute_chunk, task_risk_analysis

logger = logging.getLogger(__name__)

RECOMPUTED_STATUSES = [s for s in ApplicationStatus.values if s != ApplicationStatus.WITHDRAWN]


def case_of(app: Application, *, grp: Mapping[tuple[str, int], Decimal] | None = None) -> dict:
    """The case to compute: the submitted version once submitted, else the live draft.
    A recompute chunk passes the scenario's GRP it read for all its applications and has
    each submitted application's versions prefetched newest first (``latest_versions``)."""
    if app.status != ApplicationStatus.DRAFT:
        prefetched = getattr(app, "latest_versions", None)
        if prefetched is not None:
            version = prefetched[0] if prefetched else None
        else:
            version = app.versions.order_by("-number").first()
        if version is not None:
            case = dict(version.case)
            # A changed macro scenario applies to submitted applications too: the
            # call part is rebuilt, the applicant's project stays as submitted.
            case["call"] = call_section(
                app.call, years=case["years"], region_code=case["project"]["region"], grp=grp
            )
            return case
    return build_case(app, grp=grp)


def queue_indicators(application_id: int, *, run_id: int | None = None) -> None:
    """Queue the computation after the current transaction commits (for a recompute
    run: the run's item is marked finished when it ends)."""

    # robust: a broker that is down at commit is logged, not turned into an error page
    # for a submission that is already saved; task_requeue_missing_indicators (beat)
    # queues it again later.
    def publish_compute_indicators() -> None:
        if run_id is None:
            task_compute_indicators.delay(application_id)
        else:
            task_compute_indicators.delay(application_id, run_id=run_id)

    transaction.on_commit(publish_compute_indicators, robust=True)


def compute_indicators(application_id: int) -> IndicatorResult | None:
    """Compute and store the application's indicators for its current inputs.

    Idempotent: keyed by (application, case hash, engine version). A duplicate delivery
    or a retry finds the stored row and computes nothing. Marks that row current."""
    app = Application.objects.select_related("call").get(pk=application_id)
    try:
        case = case_of(app)
    except CaseIncomplete as error:
        logger.info("application %s incomplete: %s", application_id, len(error.missing))
        return None
    digest = case_hash(case)
    existing = IndicatorResult.objects.filter(
        application=app, case_hash=digest, engine_version=ENGINE_VERSION
    ).first()
    if existing is not None and existing.state != IndicatorState.PENDING:
        mark_current(existing)
        queue_risk(app, existing)
        return existing
    fields: dict = {"computed_at": timezone.now()}
    try:
        parsed = parse_case(case)
        result = evaluate_case(parsed)
    except CaseError as error:
        report_scenario_fault(app, error)
        fields.update(
            state=IndicatorState.INVALID,
            error_path=error.path,
            error_message=f"{error.message_ru} / {error.message_en}",
            result=eligibility_only(case),
        )
    else:
        fields.update(done_result_fields(result, parsed), error_path="", error_message="")
    try:
        with transaction.atomic():
            row, _created = IndicatorResult.objects.update_or_create(
                application=app,
                case_hash=digest,
                engine_version=ENGINE_VERSION,
                defaults=fields,
            )
    except IntegrityError:
        row = IndicatorResult.objects.get(application=app, case_hash=digest, engine_version=ENGINE_VERSION)
    mark_current(row)
    queue_risk(app, row)
    return row


def queue_risk(app: Application, row: IndicatorResult) -> None:
    """Queue the risk analysis of a submitted application's computed row that lacks it,
    on commit. A submission whose inputs the draft already computed reuses that row: it
    gets its risk figures here too."""
    if row.state == IndicatorState.DONE and not row.risk and app.status != ApplicationStatus.DRAFT:
        task_risk_analysis.delay_on_commit(app.pk)


def done_result_fields(result: Result, case: Case) -> dict:
    """The stored row of a computed result: the whole result as JSON (with every
    eligibility check's message and values beside the contract's keys, and the case's
    years and planned subsidy, which the charts put beside FCFF) and the indexed columns
    the list pages read."""
    data = result.to_dict()
    data["eligibility"]["details"] = result.eligibility.details
    data["years"] = list(case.years)
    data["financial"]["subsidy"] = list(case.project.series.subsidy)
    fin, bud, soc = data["financial"], data["budget"], data["socio_economic"]
    return {
        "state": IndicatorState.DONE,
        "result": data,
        "eligible": data["eligibility"]["eligible"],
        "npv": fin["npv"],
        "irr": fin["irr"],
        "wacc": fin["wacc"],
        "bpi": bud["bpi"],
        "integral_indicator": soc["integral_indicator"],
        "financial_status": fin["status"],
        "budget_status": bud["status"],
        "socio_economic_status": soc["status"],
    }


def eligibility_only(case: dict) -> dict | None:
    """Eligibility of a case whose figures are inconsistent (a draft in progress): the
    applicant sees each check as soon as the fields it needs are there."""
    try:
        structural = parse_case(case, consistency=False)
    except CaseError:
        return None
    eligibility = check_eligibility(structural)
    return {"eligibility": {**eligibility.to_dict(), "details": eligibility.details}}


def mark_current(row: IndicatorResult) -> None:
    with transaction.atomic():
        IndicatorResult.objects.filter(application_id=row.application_id, is_current=True).exclude(
            pk=row.pk
        ).update(is_current=False)
        if not row.is_current:
            row.is_current = True
            row.save(update_fields=["is_current"])


def current_result(app: Application) -> IndicatorResult | None:
    return app.indicator_results.filter(is_current=True).order_by("-pk").first()


_UNREAD = object()


def indicators_progress(app: Application, row: IndicatorResult | None | object = _UNREAD) -> dict:
    """For the form's progress indicator: is the shown result (``row``, read here unless
    the caller has it) for the current inputs?"""
    if row is _UNREAD:
        row = current_result(app)
    try:
        digest = case_hash(case_of(app))
    except CaseIncomplete as error:
        return {"state": "incomplete", "missing": error.missing}
    if row is None or row.case_hash != digest or row.engine_version != ENGINE_VERSION:
        return {"state": "pending"}
    return {"state": row.state, "computed_at": row.computed_at.isoformat() if row.computed_at else None}


CHUNK_SIZE = 250  # applications of one recompute task: one engine call, one transaction
RISK_CHUNK_SIZE = 50  # applications of one risk task: about 30 ms of Monte Carlo each


def split(ids: Sequence[int], size: int) -> list[list[int]]:
    return [list(ids[start : start + size]) for start in range(0, len(ids), size)]


def recompute_call(*, call: Call, scenario_version: int) -> RecomputeRun:
    """Recompute every application of the call (after a scenario change, or the
    secretary's «Пересчитать»): a run with one item per application and the chunk tasks
    (scoring.chunks) queued on commit."""
    ids = list(
        call.applications.filter(status__in=RECOMPUTED_STATUSES).order_by("pk").values_list("pk", flat=True)
    )
    return start_run(call=call, scenario_version=scenario_version, application_ids=ids)


def start_run(
    *, call: Call, scenario_version: int, application_ids: Sequence[int], per_application: bool = False
) -> RecomputeRun:
    """A recompute run of these applications of the call: ``CHUNK_SIZE`` applications a
    task, or (``per_application``: the benchmark's baseline) one task each."""
    with transaction.atomic():
        run = RecomputeRun.objects.create(
            call=call, scenario_version=scenario_version, total=len(application_ids)
        )
        RecomputeItem.objects.bulk_create(
            [RecomputeItem(run=run, application_id=pk) for pk in application_ids], batch_size=1000
        )
        if per_application:
            for pk in application_ids:
                queue_indicators(pk, run_id=run.pk)
        else:
            for chunk in split(application_ids, CHUNK_SIZE):
                # robust: see queue_indicators; the beat's requeue covers a lost chunk.
                transaction.on_commit(partial(task_recompute_chunk.delay, chunk, run_id=run.pk), robust=True)
    return run


def recompute_application(application_id: int, *, run_id: int) -> IndicatorResult | None:
    """compute_indicators for a recompute run, then the run's item marked finished —
    also when nothing needed computing (same inputs: the stored row is reused) or the
    inputs are incomplete, and as failed when the computation raised (re-raised). A lost
    connection is left to the task's retry. Idempotent: an item is finished once."""
    try:
        row = compute_indicators(application_id)
    except ConnectionError:
        raise
    except Exception:
        # Bookkeeping only: the run must not wait for an application that will not come.
        _finish_item(run_id, application_id, failed=True)
        raise
    _finish_item(run_id, application_id, failed=row is not None and row.state == IndicatorState.FAILED)
    return row


def _finish_item(run_id: int, application_id: int, *, failed: bool) -> None:
    RecomputeItem.objects.filter(
        run_id=run_id, application_id=application_id, finished_at__isnull=True
    ).update(finished_at=timezone.now(), failed=failed)


def recompute_progress(run: RecomputeRun) -> dict:
    """How far the run is (two queries): applications finished of the total, how many
    failed, and when the last one finished once all have; ``risk_pending``, how many of
    its submitted applications still wait for the risk analysis that follows."""
    counts = run.items.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(finished_at__isnull=False)),
        failed=Count("pk", filter=Q(failed=True)),
        last=Max("finished_at"),
    )
    if counts["total"] == 0:  # an empty call, or a run from before items were recorded
        return {
            "total": run.total,
            "done": run.total,
            "failed": 0,
            "finished": True,
            "finished_at": "",
            "risk_pending": 0,
        }
    finished = counts["done"] >= counts["total"]
    return {
        "total": counts["total"],
        "done": counts["done"],
        "failed": counts["failed"],
        "finished": finished,
        "finished_at": format_datetime(counts["last"], seconds=True) if finished and counts["last"] else "",
        "risk_pending": risk_pending(run),
    }


def risk_pending(run: RecomputeRun) -> int:
    """The run's submitted applications whose current computed row has no risk analysis yet."""
    return (
        IndicatorResult.objects.filter(
            application__recompute_items__run=run,
            is_current=True,
            state=IndicatorState.DONE,
            risk__isnull=True,
        )
        .exclude(application__status=ApplicationStatus.DRAFT)
        .count()
    )


RISK_SCENARIOS = 10_000


def compute_risk(application_id: int) -> bool:
    """Sensitivity and Monte Carlo for the current result; stored on that row. Idempotent:
    a row that already has its risk figures is left alone."""
    app = Application.objects.select_related("call").get(pk=application_id)
    row = current_result(app)
    if row is None or row.state != IndicatorState.DONE:
        return False
    if row.risk:
        return True
    case = parse_case(case_of(app))
    risk = {
        "sensitivity": sensitivity(case),
        "monte_carlo": monte_carlo(case, scenarios=RISK_SCENARIOS, seed=application_id),
    }
    IndicatorResult.objects.filter(pk=row.pk, risk__isnull=True).update(risk=risk)
    return True


def requeue_missing_indicators() -> int:
    """Queue the computation for applications whose current inputs have no stored result
    (a task lost with a broker outage). Cheap: only applications without a current row."""
    missing = list(
        Application.objects.exclude(status=ApplicationStatus.WITHDRAWN)
        .exclude(indicator_results__is_current=True)
        .values_list("pk", flat=True)[:500]
    )
    for pk in missing:
        queue_indicators(pk)
    return len(missing)
