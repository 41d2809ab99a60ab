"""An application's case as a document a person reads: the sections of the form's steps,
each value labelled and in Russian format, codes replaced by names.

Built from the case dict (an ApplicationVersion's, or a draft's from
``cases.readable_draft_case``) and the version's snapshot (applicant, description, bank,
βu source, documents). Two queries at most: the region's and the direction's names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationVersion, DocumentKind, FcffMethod, TerminalMode
from engine.schema import PROJECT_FIELDS, SERIES, ProjectField, series_label, value_at
from reference.formatting import DASH, format_date, format_money, format_number
from reference.models import PriorityDirection, Region

#: The form's steps that hold project fields, with the case paths each one holds.
SECTIONS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    (
        "project",
        gettext_lazy("Проект"),
        ("title", "okved", "priority_direction", "region", "commissioning_date"),
    ),
    ("costs", gettext_lazy("Инвестиционные затраты"), ("total_cost", "capex.")),
    ("jobs", gettext_lazy("Рабочие места и кредит"), ("jobs.", "loan.")),
    (
        "capital",
        gettext_lazy("Структура капитала"),
        ("capital.", "fcff_method", "terminal.", "budget_terminal."),
    ),
)
CHOICE_LABELS = {
    "fcff_method": FcffMethod,
    "terminal.mode": TerminalMode,
    "budget_terminal.mode": TerminalMode,
}
# The sheet's labels ask for codes; a reader is shown names.
READING_LABELS = {"priority_direction": "Приоритетное направление", "region": "Субъект РФ реализации проекта"}


def field_label(field: ProjectField) -> str:
    """The field's label: the model workbook's (engine.schema) in Russian, the model
    field's verbose name in another language (the schema's labels are Russian only)."""
    if (get_language() or "ru").startswith("ru"):
        return READING_LABELS.get(field.key, field.label)
    return capfirst(str(Application._meta.get_field(field.model_field).verbose_name))


def _plain(value: Any, places: int = 4) -> str:
    text = format_number(value, places)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _money(value: Any) -> str:
    whole = isinstance(value, int | float) and float(value).is_integer()
    return format_money(value, places=0 if whole else 2, unit=_("руб."))


def format_field(field: ProjectField, value: Any, names: Mapping[str, str]) -> str:
    """One project value as the document shows it; absent → «—»."""
    if value is None or value == "":
        return DASH
    if field.key in ("region", "priority_direction"):
        name = names.get(f"{field.key}:{value}")
        return f"{name} ({value})" if name else str(value)
    if field.kind == "money":
        return _money(value)
    if field.kind == "rate":
        return f"{_plain(value * 100, 3)}\u00a0%" if isinstance(value, int | float) else str(value)
    if field.kind == "number":
        return _plain(value)
    if field.kind == "count":
        return format_number(value, 0)
    if field.kind == "date":
        return format_date(dt.date.fromisoformat(value) if isinstance(value, str) else value)
    if field.kind == "yes_no":
        return _("да") if value in (True, "да") else _("нет")
    if field.key in CHOICE_LABELS:
        return str(dict(CHOICE_LABELS[field.key].choices).get(value, value))
    return str(value)


def _names(project: Mapping[str, Any]) -> dict[str, str]:
    names: dict[str, str] = {}
    region, direction = project.get("region"), project.get("priority_direction")
    if region:
        names.update(
            {
                f"region:{code}": name
                for code, name in Region.objects.filter(code=region).values_list("code", "name")
            }
        )
    if direction:
        names.update(
            {
                f"priority_direction:{code}": name
                for code, name in PriorityDirection.objects.filter(code=direction).values_list("code", "name")
            }
        )
    return names


def _extra_rows(step: str, snapshot: Mapping[str, Any]) -> list[dict]:
    """The snapshot's fields that are not in the case, in their step's section."""
    extra = {
        "project": [(_("Описание проекта"), snapshot.get("description"))],
        "jobs": [(_("Банк"), snapshot.get("loan_bank_name"))],
        "capital": [(_("Источник βu"), snapshot.get("beta_source"))],
    }.get(step, [])
    return [
        {"label": label, "value": value or DASH, "long": step == "project"}
        for label, value in extra
        if snapshot
    ]


def case_document(case: Mapping[str, Any], version: ApplicationVersion | None = None) -> dict:
    """``applicant`` (rows or None), ``sections`` [{step, title, rows}], ``model``
    {years, rows} and ``documents`` (the snapshot's, or None for a draft)."""
    project = case.get("project") or {}
    snapshot: Mapping[str, Any] = (version.snapshot if version is not None else None) or {}
    names = _names(project)
    sections = []
    for step, title, prefixes in SECTIONS:
        fields = [
            f
            for f in PROJECT_FIELDS
            if any(f.key == p or (p.endswith(".") and f.key.startswith(p)) for p in prefixes)
        ]
        rows = [
            {
                "label": field_label(f),
                "value": format_field(f, value_at(project, f.key), names),
            }
            for f in fields
            if not (f.finite_only and value_at(project, f.key) is None)
        ]
        extra = _extra_rows(step, snapshot)
        rows = rows[:1] + extra + rows[1:] if step == "project" else rows + extra
        sections.append({"step": step, "title": str(title), "rows": rows})
    return {
        "applicant": _applicant(snapshot.get("organisation")),
        "sections": sections,
        "model": _model(case.get("years") or [], project.get("series") or {}),
        "documents": _documents(snapshot.get("documents")) if snapshot else None,
    }


def _applicant(organisation: Any) -> list[dict] | None:
    if not isinstance(organisation, Mapping):
        return None
    labels = (
        ("full_name", _("Полное наименование")),
        ("inn", _("ИНН")),
        ("kpp", _("КПП")),
        ("ogrn", _("ОГРН")),
        ("address", _("Адрес")),
    )
    return [
        {"label": label, "value": organisation.get(key) or DASH}
        for key, label in labels
        if key in organisation
    ]


def _model(years: list, series: Mapping[str, Any]) -> dict:
    rows = []
    for spec in SERIES:
        values = series.get(spec.key) or []
        label = series_label(spec.key, get_language())
        rows.append({"label": label, "values": [format_number(v, 0) for v in values]})
    return {"years": [str(year) for year in years], "rows": rows if years else []}


def _documents(items: Any) -> list[dict]:
    kinds = dict(DocumentKind.choices)
    return [
        {
            "name": item.get("name", ""),
            "kind": str(kinds.get(item.get("kind"), item.get("kind", ""))),
            "size": item.get("size"),
        }
        for item in items or []
        if isinstance(item, Mapping)
    ]
