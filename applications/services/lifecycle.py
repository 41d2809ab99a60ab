"""State changes of an application. Each one: one transaction, a row lock, the server's
clock, a timeline event, notifications and tasks queued on commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.case_errors import explain_case_error
from applications.documents import missing_required_documents
from applications.forecast import justification_problem, needs_justification
from applications.models import (
    Application,
    ApplicationStatus,
    ApplicationVersion,
    StatusEvent,
)
from applications.services.cases import CaseIncomplete, build_case
from applications.services.subsidy_limits import subsidy_claim_errors
from applications.signals import case_changed
from applications.tasks import task_notify_status_event
from calls.models import Call
from engine import CaseError, case_hash, parse_case


class ActionRefused(Exception):
    """The action is not allowed now; the message is for the user, in Russian."""


def record_event(app: Application, *, old: str, by, note: str = "") -> None:
    """Store the status change and queue its e-mail for the worker on commit (never sent
    inside the request; the task is idempotent per event)."""
    event = StatusEvent.objects.create(
        application=app, from_status=old, to_status=app.status, by=by, note=note
    )
    # robust: a broker failure must not stop the callbacks queued after it (indicators).
    transaction.on_commit(lambda: task_notify_status_event.delay(event.pk), robust=True)


def next_registration_number(app: Application) -> str:
    prefix = f"{app.call.year}-{app.call.letter}-"
    last = Application.objects.filter(call_id=app.call_id, registration_number__startswith=prefix).aggregate(
        last=Max("registration_number")
    )["last"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


@dataclass(frozen=True)
class Blocker:
    """Something that stops a draft's submission: the message (as the refusal says it)
    and the case path where it is fixed (``project.capex``, ``years``, ``documents``;
    ``call`` or "" when the applicant cannot fix it)."""

    message: str
    path: str = ""
    #: For an incomplete case: each missing item with its own path.
    items: tuple[tuple[str, str], ...] = ()


def submission_blockers(app: Application, *, now: dt.datetime | None = None) -> list[Blocker]:
    """Everything that would refuse the submission of ``app`` now, in the order
    :func:`submit_application` checks it (it refuses with the first). Reads only."""
    return _checked_case(app, now or timezone.now())[1]


def _checked_case(app: Application, now: dt.datetime) -> tuple[dict | None, list[Blocker]]:
    blockers: list[Blocker] = []
    call = app.call
    if now < call.opens_at:
        blockers.append(Blocker(_("Приём заявок ещё не начался.")))
    elif not call.accepts_submissions(now):
        closes = timezone.localtime(call.closes_at)
        message = _(
            "Приём заявок завершён %(date)s в %(time)s по московскому времени. "
            "Заявка сохранена как черновик, но подать её уже нельзя."
        ) % {"date": f"{closes:%d.%m.%Y}", "time": f"{closes:%H:%M:%S}"}
        blockers.append(Blocker(message))
    case: dict | None = None
    try:
        case = build_case(app)
        parse_case(case)
    except CaseIncomplete as error:
        case = None
        message = _("Заявка не заполнена: ") + "; ".join(str(item) for item in error.missing)
        items = tuple(zip((str(item) for item in error.missing), error.paths, strict=True))
        blockers.append(Blocker(message, error.paths[0] if error.paths else "", items))
    except CaseError as error:
        # In the applicant's words, at the field to correct (never the case path).
        explained = explain_case_error(
            error.path, error.message_ru, error.message_en, case.get("years", []) if case else []
        )
        case = None
        where = explained.where
        message = _("Ошибка в данных заявки: %(message)s") % {
            "message": f"{where}: {explained.message}" if where else explained.message
        }
        blockers.append(Blocker(message, error.path))
    if case is not None:
        justification = justification_problem(case["years"], app.forecast_justification)
        if justification:
            blockers.append(Blocker(justification, "years"))
    subsidy_errors = subsidy_claim_errors(app)
    if subsidy_errors:
        message = _("Планируемая субсидия больше расчётной по графику процентов: ") + "; ".join(
            str(error) for error in subsidy_errors
        )
        blockers.append(Blocker(message, "project.series.subsidy"))
    missing = missing_required_documents(app.documents.all())
    if missing:
        message = _("Приложите обязательные документы: %(kinds)s.") % {
            "kinds": ", ".join(row.label for row in missing)
        }
        blockers.append(Blocker(message, "documents"))
    return case, blockers


def submit_application(*, application_id: int, user, now: dt.datetime | None = None) -> Application:
    """Submit a draft: refused after ``closes_at`` by the server clock (to the second).
    Locks the application row, so double clicks and concurrent sessions give one
    submission; the second caller gets the already-submitted application back.
    Freezes the case into an immutable ApplicationVersion and queues the indicators."""
    with transaction.atomic():
        app = (
            Application.objects.select_for_update()
            .select_related("call", "organisation")
            .get(pk=application_id)
        )
        now = now or timezone.now()
        if app.status == ApplicationStatus.SUBMITTED:
            return app  # a repeated click: the first one already did the work
        if app.status != ApplicationStatus.DRAFT:
            raise ActionRefused(
                _("Заявку в статусе «%(status)s» подать нельзя.") % {"status": app.get_status_display()}
            )
        case, blockers = _checked_case(app, now)
        if blockers or case is None:
            raise ActionRefused(blockers[0].message if blockers else _("Заявка не заполнена."))
        old = app.status
        app.status = ApplicationStatus.SUBMITTED
        app.submitted_at = now
        # Numbers are allocated one submission at a time per call: the call row's lock
        # makes the next MAX() see the previous submission's committed number.
        Call.objects.select_for_update().only("pk").get(pk=app.call_id)
        for _attempt in range(3):
            app.registration_number = next_registration_number(app)
            try:
                with transaction.atomic():
                    app.save(
                        update_fields=[
                            "status",
                            "submitted_at",
                            "registration_number",
                            "updated_at",
                        ]
                    )
                break
            except IntegrityError:
                continue
        else:
            # Never fall through with an unsaved number: that froze a version of a draft.
            raise ActionRefused(_("Не удалось присвоить регистрационный номер. Повторите подачу."))
        number = (app.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        ApplicationVersion.objects.create(
            application=app,
            number=number,
            case=case,
            case_hash=case_hash(case),
            snapshot=snapshot_of(app),
            forecast_justification=app.forecast_justification if needs_justification(case["years"]) else "",
        )
        record_event(app, old=old, by=user, note=f"Регистрационный номер {app.registration_number}")
        case_changed.send(sender=Application, application_id=app.pk)
    return app


def snapshot_of(app: Application) -> dict:
    """What the applicant submitted besides the case: card fields and documents."""
    return {
        "organisation": {
            "full_name": app.organisation.full_name,
            "inn": app.organisation.inn,
            "kpp": app.organisation.kpp,
            "ogrn": app.organisation.ogrn,
            "address": app.organisation.address,
        },
        "description": app.description,
        "loan_bank_name": app.loan_bank_name,
        "beta_source": app.beta_source,
        "documents": [
            {
                "id": d.pk,
                "kind": d.kind,
                "name": d.original_name,
                "sha256": d.sha256,
                "size": d.size,
            }
            for d in app.documents.all()
        ],
    }


def withdraw_application(*, application_id: int, user, now: dt.datetime | None = None) -> Application:
    """Withdraw a submitted application; allowed until the call's deadline."""
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("call").get(pk=application_id)
        now = now or timezone.now()
        if app.status == ApplicationStatus.WITHDRAWN:
            return app
        if app.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.DRAFT):
            raise ActionRefused(_("Заявку на этой стадии отозвать нельзя."))
        if now >= app.call.closes_at:
            raise ActionRefused(_("Срок приёма заявок истёк: отозвать заявку уже нельзя."))
        old = app.status
        app.status = ApplicationStatus.WITHDRAWN
        app.save(update_fields=["status", "updated_at"])
        record_event(app, old=old, by=user, note="Заявка отозвана заявителем")
    return app
