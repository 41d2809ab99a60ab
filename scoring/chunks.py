"""Recomputing many applications at once: a chunk of a few hundred read in a handful of
queries, evaluated by one vectorised engine call, stored in one transaction; then their
risk analyses in smaller chunks. The chunk tasks (scoring.tasks) and the scale demo go
through here; a single application's change keeps ``services.compute_indicators``.

Idempotent per (application, case hash, engine version): a redelivered chunk finds its
rows (or upserts the same ones) and stores nothing twice; the current-row flip and the
run's progress are written in the same transaction as the rows."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from applications.models import Application, ApplicationStatus, ApplicationVersion
from applications.services.cases import CaseIncomplete
from calls.models import RegionalGrp
from engine import ENGINE_VERSION, CaseError, case_hash, evaluate_batch, evaluate_case, parse_case
from engine.case import Case
from engine.risk import monte_carlo, sensitivity
from scoring import services
from scoring.models import IndicatorResult, IndicatorState, RecomputeItem
from scoring.scenario_faults import report_scenario_fault
from scoring.services import (
    RISK_CHUNK_SIZE,
    RISK_SCENARIOS,
    case_of,
    done_result_fields,
    eligibility_only,
    split,
)
from scoring.tasks import task_risk_chunk

logger = logging.getLogger(__name__)

# The broker or the database gone: the chunk task is retried whole, nothing is marked failed.
UNAVAILABLE = (ConnectionError, OperationalError, InterfaceError)

STORED_FIELDS = [
    "state", "computed_at", "result", "error_path", "error_message", "eligible", "npv", "irr",
    "wacc", "bpi", "integral_indicator", "financial_status", "budget_status",
    "socio_economic_status",
]  # fmt: skip


def load_applications(application_ids: Iterable[int]) -> list[Application]:
    """The applications with what their cases need, in a fixed number of queries: the
    call, its scenario's years and priority directions, the newest submitted version
    (submitted applications) or the model's years (drafts)."""
    apps = list(
        Application.objects.filter(pk__in=list(application_ids))
        .select_related("call", "call__macro")
        .prefetch_related("call__macro__years", "call__priority_directions")
        .order_by("pk")
    )
    drafts = [app for app in apps if app.status == ApplicationStatus.DRAFT]
    submitted = [app for app in apps if app.status != ApplicationStatus.DRAFT]
    newest_first = ApplicationVersion.objects.order_by("-number").only("application_id", "number", "case")
    prefetch_related_objects(submitted, Prefetch("versions", newest_first, to_attr="latest_versions"))
    prefetch_related_objects(drafts, "model_years")
    return apps


def cases_of(apps: Sequence[Application]) -> dict[int, dict]:
    """Each application's case (as ``services.case_of`` builds it, same hash); the
    scenario's GRP read once for all the regions. Incomplete applications are left out."""
    scenarios = {app.call.macro.pk for app in apps if _has_macro(app)}
    regions = {app.region_id for app in apps if app.region_id}
    for app in apps:
        for version in getattr(app, "latest_versions", [])[:1]:
            regions.add(version.case.get("project", {}).get("region"))
    grp: dict[int, dict[tuple[str, int], object]] = {pk: {} for pk in scenarios}
    for scenario_id, region, year, value in RegionalGrp.objects.filter(
        scenario_id__in=scenarios, region_id__in=[r for r in regions if r]
    ).values_list("scenario_id", "region_id", "year", "grp"):
        grp[scenario_id][(region, year)] = value
    cases = {}
    for app in apps:
        try:
            cases[app.pk] = case_of(app, grp=grp.get(app.call.macro.pk, {}) if _has_macro(app) else None)
        except CaseIncomplete as error:
            logger.info("application %s incomplete: %s", app.pk, len(error.missing))
    return cases


def _has_macro(app: Application) -> bool:
    return hasattr(app.call, "macro")


def _evaluate(parsed: list[tuple[Application, Case]]) -> list[tuple[Application, Case, object]]:
    """One engine call for the chunk; should it refuse the batch, case by case so that
    one application's error stays its own."""
    try:
        results = evaluate_batch([case for _app, case in parsed])
    except CaseError:
        outcome = []
        for app, case in parsed:
            try:
                outcome.append((app, case, evaluate_case(case)))
            except CaseError as error:
                outcome.append((app, case, error))
        return outcome
    return [(app, case, result) for (app, case), result in zip(parsed, results)]


def computed_rows(items: Sequence[tuple[Application, dict]]) -> list[IndicatorResult]:
    """The result rows of cases (unsaved): parsed one by one, evaluated in one engine call."""
    now = timezone.now()
    rows, parsed = [], []
    for app, case in items:
        try:
            parsed.append((app, parse_case(case)))
        except CaseError as error:
            rows.append(_invalid_row(app, case, error, now))
    case_by_app = dict(items)
    for app, case, outcome in _evaluate(parsed):
        if isinstance(outcome, CaseError):
            rows.append(_invalid_row(app, case_by_app[app], outcome, now))
            continue
        rows.append(
            IndicatorResult(
                application_id=app.pk,
                case_hash=case.source_hash,
                engine_version=ENGINE_VERSION,
                computed_at=now,
                error_path="",
                error_message="",
                **done_result_fields(outcome, case),  # type: ignore[arg-type]
            )
        )
    return rows


def _invalid_row(app: Application, case: dict, error: CaseError, now) -> IndicatorResult:
    report_scenario_fault(app, error)
    return IndicatorResult(
        application_id=app.pk,
        case_hash=case_hash(case),
        engine_version=ENGINE_VERSION,
        computed_at=now,
        state=IndicatorState.INVALID,
        error_path=error.path,
        error_message=f"{error.message_ru} / {error.message_en}",
        result=eligibility_only(case),
    )


def store_cases(
    items: Sequence[tuple[Application, dict]],
    *,
    run_id: int | None = None,
    finished: Sequence[int] = (),
    queue_risk: bool = False,
) -> list[int]:
    """Compute and store the indicators of ``(application, case)`` pairs (the case as
    ``services.case_of`` builds it) and make each application's row current; for a
    recompute run, mark the items of these applications and of ``finished`` (incomplete
    ones) finished — all in one transaction. Cases already stored for this engine version
    are reused, not computed again. Returns the ids of the submitted applications whose
    current row lacks its risk analysis; with ``queue_risk`` their risk chunk tasks are
    queued on commit."""
    digests = {app.pk: case_hash(case) for app, case in items}
    stored = set(
        IndicatorResult.objects.filter(
            application_id__in=list(digests),
            case_hash__in=set(digests.values()),
            engine_version=ENGINE_VERSION,
        )
        .exclude(state=IndicatorState.PENDING)
        .values_list("application_id", "case_hash")
    )
    todo = [(app, case) for app, case in items if (app.pk, digests[app.pk]) not in stored]
    rows = computed_rows(todo)
    with transaction.atomic():
        IndicatorResult.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["application", "case_hash", "engine_version"],
            update_fields=STORED_FIELDS,
        )
        current = [
            (pk, app_id)
            for pk, app_id, digest in IndicatorResult.objects.filter(
                application_id__in=list(digests),
                case_hash__in=set(digests.values()),
                engine_version=ENGINE_VERSION,
            ).values_list("pk", "application_id", "case_hash")
            if digests[app_id] == digest
        ]
        current_pks = [pk for pk, _app_id in current]
        IndicatorResult.objects.filter(application_id__in=list(digests), is_current=True).exclude(
            pk__in=current_pks
        ).update(is_current=False)
        IndicatorResult.objects.filter(pk__in=current_pks, is_current=False).update(is_current=True)
        if run_id is not None:
            finish_items(run_id, [app.pk for app, _case in items] + list(finished))
        submitted = [app.pk for app, _case in items if app.status != ApplicationStatus.DRAFT]
        risk_ids = sorted(
            IndicatorResult.objects.filter(
                pk__in=current_pks, state=IndicatorState.DONE, risk__isnull=True, application_id__in=submitted
            ).values_list("application_id", flat=True)
        )
        if queue_risk:
            for ids in split(risk_ids, RISK_CHUNK_SIZE):
                task_risk_chunk.delay_on_commit(ids)
    return risk_ids


def finish_items(run_id: int, application_ids: Sequence[int], *, failed: bool = False) -> None:
    """The run's items of these applications finished, in one statement (each once)."""
    RecomputeItem.objects.filter(
        run_id=run_id, application_id__in=list(application_ids), finished_at__isnull=True
    ).update(finished_at=timezone.now(), failed=failed)


def recompute_chunk(application_ids: Sequence[int], *, run_id: int | None = None) -> int:
    """Indicators of a chunk of applications (one engine call, one transaction), then
    their risk analyses queued in chunks on commit. Applications whose inputs are
    incomplete count as finished with no row, as in the single path. Returns how many
    applications had a case."""
    apps = load_applications(application_ids)
    cases = cases_of(apps)
    items = [(app, cases[app.pk]) for app in apps if app.pk in cases]
    rest = [pk for pk in application_ids if pk not in cases]
    store_cases(items, run_id=run_id, finished=rest, queue_risk=True)
    return len(items)


def recompute_chunk_or_each(application_ids: Sequence[int], *, run_id: int | None = None) -> int:
    """The chunk task's body: should the chunk fail for a reason of its own (not a lost
    broker or database connection, which the task retries whole), each application goes
    the single path, so one application's failure is its own and the run's progress still
    reaches its total."""
    try:
        return recompute_chunk(application_ids, run_id=run_id)
    except UNAVAILABLE:
        raise
    except Exception:
        logger.exception("recompute chunk of %s applications failed; one by one", len(application_ids))
    done = 0
    for pk in application_ids:
        try:
            if run_id is None:
                services.compute_indicators(pk)
            else:
                services.recompute_application(pk, run_id=run_id)
            done += 1
        except UNAVAILABLE:
            raise
        except Exception:  # marked failed by recompute_application; the next one goes on
            logger.exception("recompute of application %s failed", pk)
    return done


def compute_risk_chunk(application_ids: Sequence[int]) -> int:
    """Sensitivity and Monte Carlo of each application's current result that lacks them
    (and whose inputs are still the row's), stored in one transaction. Idempotent: a row
    with its risk figures is left alone. Returns how many were stored."""
    rows = {
        row.application_id: row
        for row in IndicatorResult.objects.filter(
            application_id__in=list(application_ids),
            is_current=True,
            state=IndicatorState.DONE,
            risk__isnull=True,
        ).only("pk", "application_id", "case_hash")
    }
    if not rows:
        return 0
    apps = load_applications(rows)
    cases = cases_of(apps)
    risks = {}
    for app in apps:
        row = rows[app.pk]
        if app.pk not in cases or case_hash(cases[app.pk]) != row.case_hash:
            continue  # the inputs changed since: their own computation queues the risk
        case = parse_case(cases[app.pk])
        risks[row.pk] = {
            "sensitivity": sensitivity(case),
            "monte_carlo": monte_carlo(case, scenarios=RISK_SCENARIOS, seed=app.pk),
        }
    with transaction.atomic():
        for pk, risk in risks.items():
            IndicatorResult.objects.filter(pk=pk, risk__isnull=True).update(risk=risk)
    return len(risks)
