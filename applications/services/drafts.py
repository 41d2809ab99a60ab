"""Changes to a draft application: steps, the financial model, documents. Every save
re-queues the indicator computation on commit."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from applications.forecast import justification_problem, years_problem
from applications.models import (
    SERIES_FIELDS,
    Application,
    ApplicationStatus,
    Document,
    DocumentKind,
    ModelYear,
)
from applications.services.lifecycle import ActionRefused, record_event
from applications.signals import case_changed
from calls.models import Call
from engine.schema import forecast_years


def default_years(call: Call) -> list[int]:
    return forecast_years(call.year)


def create_draft(*, call: Call, user) -> Application:
    if not call.accepts_submissions():
        raise ActionRefused(_("Приём заявок по этому отбору не ведётся."))
    with transaction.atomic():
        app = Application.objects.create(
            call=call,
            organisation_id=user.organisation_id,
            created_by=user,
            title="Новый проект",
            region_id=user.organisation.region_id,
        )
        ModelYear.objects.bulk_create([ModelYear(application=app, year=year) for year in default_years(call)])
        record_event(app, old="", by=user, note="Черновик создан")
    return app


def _lock_draft(application_id: int) -> Application:
    app = Application.objects.select_for_update().select_related("call").get(pk=application_id)
    if app.status != ApplicationStatus.DRAFT:
        raise ActionRefused(_("Поданную заявку изменить нельзя: данные зафиксированы при подаче."))
    return app


def _queue(app: Application) -> None:
    case_changed.send(sender=Application, application_id=app.pk)


def save_step(*, application_id: int, form) -> Application:
    """Save one step's ModelForm onto the locked draft."""
    with transaction.atomic():
        app = _lock_draft(application_id)
        for name in form.changed_data:
            setattr(app, name, form.cleaned_data[name])
        if form.changed_data:
            app.save(update_fields=[*form.changed_data, "updated_at"])
            _queue(app)
    return app


def save_model(
    *,
    application_id: int,
    values: dict[int, dict[str, Decimal]],
    justification: str | None = None,
) -> Application:
    """Replace the financial model's years and values (years may be added or removed)
    and, when given, the justification of a longer horizon. Locks the draft; refuses
    (ActionRefused, in Russian) years that are no forecast horizon and a horizon longer
    than the standard one without a justification. Queues the indicators on commit."""
    years = sorted(values)
    problem = years_problem(years)
    with transaction.atomic():
        app = _lock_draft(application_id)
        if justification is not None:
            app.forecast_justification = justification.strip()
        problem = problem or justification_problem(years, app.forecast_justification)
        if problem:
            raise ActionRefused(problem)
        existing = {row.year: row for row in app.model_years.all()}
        for year in set(existing) - set(values):
            existing[year].delete()
        to_create, to_update = [], []
        for year, row_values in sorted(values.items()):
            row = existing.get(year) or ModelYear(application=app, year=year)
            for name in SERIES_FIELDS:
                setattr(row, name, row_values.get(name, Decimal("0")))
            (to_update if row.pk else to_create).append(row)
        ModelYear.objects.bulk_create(to_create)
        ModelYear.objects.bulk_update(to_update, list(SERIES_FIELDS))
        app.save(update_fields=["forecast_justification", "updated_at"])
        _queue(app)
    return app


def store_document(
    *,
    application_id: int,
    kind: str,
    stored_name: str,
    original_name: str,
    content_type: str,
    data: bytes,
    user,
) -> Document:
    """Store a checked upload. The file is written inside the transaction; if the row
    fails, the file is removed so nothing half-stored remains."""
    if kind not in DocumentKind.values:
        raise ActionRefused(_("Неизвестный вид документа."))
    with transaction.atomic():
        app = _lock_draft(application_id)
        doc = Document(
            application=app,
            kind=kind,
            original_name=original_name,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=user,
        )
        doc.file.save(stored_name, ContentFile(data), save=False)
        try:
            doc.save()
        except Exception:
            doc.file.delete(save=False)
            raise
    return doc


def delete_document(*, application_id: int, document_id: int) -> None:
    with transaction.atomic():
        app = _lock_draft(application_id)
        doc = app.documents.get(pk=document_id)
        name = doc.file.name
        storage = doc.file.storage
        doc.delete()
        transaction.on_commit(lambda: storage.delete(name))
