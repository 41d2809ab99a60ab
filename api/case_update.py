"""Updating a draft from an ``otbor-case/1`` document or any part of it (the project's
fields, the series, the years) through the web form's own forms and services, so the API
refuses exactly what the form refuses, with the same messages.

The ``call`` part of a document is ignored: the call's scenario is the server's.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from applications.forecast import parse_years
from applications.forms import STEP_FORMS, parse_model_table
from applications.models import SERIES_FIELDS, Application
from applications.services import drafts
from engine.case import CASE_FORMAT
from engine.schema import PROJECT_FIELDS, ProjectField, value_at

KEY_OF_MODEL_FIELD = {field.model_field: field.key for field in PROJECT_FIELDS}


class CaseRejected(Exception):
    """The document does not fit: ``errors`` maps a case path to Russian messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(_("Ошибки в данных заявки."))
        self.errors = errors


def update_draft_from_case(*, application: Application, document: Any) -> Application:
    """Apply the document's project fields (validated by the step forms) and series
    (validated as the model table) to the draft, all or nothing. Raises CaseRejected
    for data errors and ActionRefused (from the services) for a draft that cannot change."""
    if not isinstance(document, Mapping):
        raise CaseRejected({"": [_("Ожидается объект JSON в формате otbor-case/1.")]})
    if "format" in document and document["format"] != CASE_FORMAT:
        raise CaseRejected(
            {"format": [_("Поддерживается только формат %(format)s.") % {"format": CASE_FORMAT}]}
        )
    project = document.get("project", {})
    if not isinstance(project, Mapping):
        raise CaseRejected({"project": [_("Ожидается объект.")]})
    errors: dict[str, list[str]] = {}
    forms = _bound_step_forms(application, project, errors)
    model_values = _model_values(application, document, project, errors)
    if errors:
        raise CaseRejected(errors)
    with transaction.atomic():
        for form in forms:
            drafts.save_step(application_id=application.pk, form=form)
        if model_values is not None:
            drafts.save_model(application_id=application.pk, values=model_values)
    application.refresh_from_db()
    return application


def _form_value(field: ProjectField, value: Any) -> tuple[Any, str | None]:
    """A case value as the form field takes it, or an error."""
    if field.kind in ("money", "number", "rate"):
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            return None, _("Ожидается число.")
        try:
            return Decimal(str(value)), None
        except InvalidOperation:
            return None, _("Ожидается число.")
    if field.kind == "count":
        if isinstance(value, bool) or not isinstance(value, int):
            return None, _("Ожидается целое число.")
        return value, None
    if field.kind == "yes_no":
        if not isinstance(value, bool):
            return None, _("Ожидается true или false.")
        return value, None
    if not isinstance(value, str | int):
        return None, _("Ожидается строка.")
    return str(value), None


def _bound_step_forms(app: Application, project: Mapping, errors: dict[str, list[str]]) -> list:
    given: dict[str, Any] = {}
    for field in PROJECT_FIELDS:
        value = value_at(project, field.key)
        if value is None:
            continue
        converted, error = _form_value(field, value)
        if error:
            errors.setdefault(f"project.{field.key}", []).append(error)
        else:
            given[field.model_field] = converted
    forms = []
    for step, form_class in STEP_FORMS.items():
        names = list(form_class._meta.fields or [])
        if not set(names) & set(given):
            continue
        data = {name: value for name, value in model_to_dict(app, fields=names).items() if value is not None}
        data.update({name: given[name] for name in names if name in given})
        kwargs = {"call": app.call} if step == "project" else {}
        form = form_class(data=data, instance=app, **kwargs)
        if form.is_valid():
            forms.append(form)
            continue
        for name, messages in form.errors.items():
            key = KEY_OF_MODEL_FIELD.get(name, name)
            errors.setdefault(f"project.{key}" if name != "__all__" else "project", []).extend(messages)
    return forms


def _model_values(
    app: Application, document: Mapping, project: Mapping, errors: dict[str, list[str]]
) -> dict[int, dict[str, Decimal]] | None:
    series = project.get("series")
    if series is None and "years" not in document:
        return None
    if series is None:
        series = {}
    if not isinstance(series, Mapping):
        errors["project.series"] = [_("Ожидается объект.")]
        return None
    existing = {row.year: row for row in app.model_years.all()}
    raw_years = document.get("years", sorted(existing))
    if not isinstance(raw_years, list):
        errors["years"] = [_("Ожидается список лет.")]
        return None
    years, year_error = parse_years([str(year) for year in raw_years])
    if year_error:
        errors["years"] = [str(year_error)]
        return None
    table: dict[str, str] = {}
    for name in SERIES_FIELDS:
        values = series.get(name)
        if values is None:
            for year in years:
                row = existing.get(year)
                table[f"{name}-{year}"] = str(getattr(row, name)) if row is not None else ""
            continue
        if not isinstance(values, list) or len(values) != len(years):
            errors[f"project.series.{name}"] = [
                _("Ожидается список из %(count)s чисел, по одному на год.") % {"count": len(years)}
            ]
            continue
        for year, value in zip(years, values, strict=True):
            if isinstance(value, bool) or not isinstance(value, int | float):
                errors.setdefault(f"project.series.{name}", []).append(_("Ожидается число."))
                break
            table[f"{name}-{year}"] = format(Decimal(repr(value)), "f")
    values_by_year, table_errors = parse_model_table(table, years)
    for key, message in table_errors.items():
        name, year = key.rsplit("-", 1)
        errors.setdefault(f"project.series.{name}", []).append(f"{year}: {message}")
    return values_by_year
