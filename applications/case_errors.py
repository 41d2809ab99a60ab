"""The engine's case errors in the applicant's words: each JSON path the engine names
(SPEC §6, ``engine.errors.CaseError``) is taken back to the step, the field or the model
cell where the applicant can correct it, with a Russian message that shows no internal
name. ``call.*`` paths are the call's macro scenario: the applicant cannot fix those.

One place for the mapping: the indicator panel, the review step and anything else that
shows a refused case read :func:`explain_case_error`. tests/applications/test_case_errors.py
makes the engine produce every error it can and checks that each one maps here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.forms import STEP_FORMS
from applications.steps import STEP_LABELS
from engine.schema import PROJECT_FIELDS, SERIES_BY_KEY, series_label

#: Where an error is to be corrected.
FIELD, CELL, STEP, CALL, INTERNAL = "field", "cell", "step", "call", "internal"

_INDEXED = re.compile(r"^(?P<path>[a-z_.]+)\[(?P<index>\d+)\]$")
_FIELD_BY_KEY = {field.key: field.model_field for field in PROJECT_FIELDS}
# A group of the case (an object) → the step and the field that stand for it.
_GROUPS = {
    "capex": ("costs", "total_cost"),
    "jobs": ("jobs", "jobs_created"),
    "loan": ("jobs", "loan_date"),
    "capital": ("capital", None),
    "terminal": ("capital", "terminal_mode"),
    "budget_terminal": ("capital", "budget_terminal_mode"),
}


@dataclass(frozen=True)
class Location:
    """Where the applicant corrects an error: ``kind`` is field, cell (a model cell or
    row: ``series``, ``year``), step (a whole step), call (the call's scenario, not the
    applicant's) or internal (never produced from a form)."""

    kind: str
    step: str = ""
    field: str | None = None
    series: str | None = None
    year: int | None = None

    @property
    def step_label(self) -> str:
        return str(STEP_LABELS.get(self.step, ""))

    @property
    def anchor(self) -> str:
        """The HTML id of the input (Django's ``id_<field>``; a model cell ``<series>-<year>``)."""
        if self.kind == FIELD and self.field:
            return f"id_{self.field}"
        if self.kind == CELL and self.series:
            return f"{self.series}-{self.year}" if self.year is not None else f"row-{self.series}"
        return ""

    @property
    def label(self) -> str:
        """The field's label as the form shows it, or the model row's label."""
        if self.kind == FIELD and self.field:
            return str(STEP_FORMS[self.step].base_fields[self.field].label)
        if self.series:
            return series_label(self.series)
        if self.step == "model":
            return _("Годы прогноза")
        return ""


@dataclass(frozen=True)
class ApplicantError:
    """A refused case as the applicant reads it: where and what, in Russian."""

    location: Location
    message: str

    @property
    def blames_call(self) -> bool:
        return self.location.kind == CALL

    @property
    def where(self) -> str:
        """«Шаг «Структура капитала», поле «Собственный капитал E, руб.»»."""
        loc = self.location
        if loc.kind in (CALL, INTERNAL):
            return ""
        parts = [_("шаг «%(step)s»") % {"step": loc.step_label}]
        if loc.kind == FIELD:
            parts.append(_("поле «%(label)s»") % {"label": loc.label})
        elif loc.kind == CELL:
            parts.append(_("строка «%(label)s»") % {"label": loc.label})
            if loc.year is not None:
                parts.append(_("%(year)s год") % {"year": loc.year})
        elif loc.label:
            parts.append(f"«{loc.label}»")
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]


def locate(path: str, years: Sequence[int] = (), *, message_en: str = "") -> Location | None:
    """The place of a case path, or None for a path this module does not know (a test
    fails on any path the engine produces that lands here)."""
    if path == "call" or path.startswith(("call.", "call[")):
        return _locate_call(path, message_en)
    if path == "years" or path.startswith("years["):
        return Location(STEP, step="model")
    if path in ("format", "$"):
        return Location(INTERNAL)
    if path == "project":
        return Location(STEP, step="project")
    if path.startswith("project."):
        return _locate_project(path.removeprefix("project."), years)
    # A key of the document's top level that the application never writes.
    return Location(INTERNAL) if "." not in path and "[" not in path else None


def _locate_call(path: str, message_en: str) -> Location:
    # Two checks compare the call's growth rate with the applicant's own rates: Gordon's
    # terminal value needs WACC above the call's inflation (the capital structure or the
    # terminal mode changes that), the budget's needs the OFZ yield above its CPI growth.
    if message_en.startswith("the growth rate"):
        if path == "call.long_term_inflation":
            return Location(FIELD, step="capital", field="terminal_mode")
        if path == "call.cpi":
            return Location(FIELD, step="capital", field="budget_terminal_mode")
    return Location(CALL)


def _locate_project(key: str, years: Sequence[int]) -> Location | None:
    if key == "series":
        return Location(STEP, step="model")
    if key.startswith("series."):
        return _locate_series(key.removeprefix("series."), years)
    model_field = _FIELD_BY_KEY.get(key)
    if model_field is not None:
        step = _step_of(model_field)
        return Location(FIELD, step=step, field=model_field) if step else None
    group, _dot, rest = key.partition(".")
    if group in _GROUPS:
        step, field = _GROUPS[group]
        if rest:  # an unknown key inside a known object: never written by the form
            return Location(INTERNAL)
        return Location(FIELD, step=step, field=field) if field else Location(STEP, step=step)
    return Location(INTERNAL) if "." not in key and "[" not in key else None


def _locate_series(key: str, years: Sequence[int]) -> Location | None:
    match = _INDEXED.match(key)
    name = match["path"] if match else key
    if name not in SERIES_BY_KEY:
        return Location(INTERNAL) if "[" not in key else None
    if match is None:
        return Location(CELL, step="model", series=name)
    index = int(match["index"])
    year = years[index] if index < len(years) else None
    return Location(CELL, step="model", series=name, year=year)


def _step_of(model_field: str) -> str | None:
    for step, form in STEP_FORMS.items():
        if model_field in form.base_fields:
            return step
    return None


# --- the messages -----------------------------------------------------------------------


def _message(path: str, location: Location, message_ru: str, message_en: str) -> str:
    if location.kind == CALL:
        return _(
            "Показатели не могут быть рассчитаны из-за ошибки в макроэкономическом сценарии "
            "отбора. Ваши данные исправлять не нужно: секретарь комиссии извещён, показатели "
            "будут пересчитаны после исправления сценария."
        )
    if location.kind == INTERNAL:
        return _(
            "Данные заявки сохранены в неожиданном виде. Сохраните шаги заявки ещё раз; если "
            "ошибка останется, обратитесь в службу поддержки."
        )
    special = _special_message(path, message_en)
    if special:
        return special
    generic = _GENERIC.get(_message_kind(message_en))
    if generic is not None:
        return str(generic)
    return message_ru if not re.search(r"[A-Za-z_]{3,}", message_ru) else _("значение не принято")


def _special_message(path: str, message_en: str) -> str:
    """The checks that involve several fields, in the applicant's terms."""
    if path == "project.capital.equity" and message_en.startswith("equity must be"):
        return _("собственный капитал должен быть больше нуля")
    if path == "project.capex" and message_en.startswith("the items sum"):
        return _(
            "сумма статей затрат (земля, проектная документация, строительство, оборудование, "
            "прочие) не равна полной стоимости проекта"
        )
    if path == "project.capital":
        return _(
            "средневзвешенная стоимость капитала (WACC) получается не больше −100 %: проверьте "
            "собственный и заёмный капитал, стоимость долга и бету"
        )
    if path == "call.long_term_inflation":
        return _(
            "для остаточной стоимости по модели Гордона WACC проекта должна быть выше "
            "долгосрочной инфляции отбора: выберите «конечный период» или проверьте структуру "
            "капитала"
        )
    if path == "call.cpi":
        return _(
            "для остаточной стоимости бюджетного потока по модели Гордона доходность ОФЗ отбора "
            "должна быть выше роста цен в последнем году: выберите «конечный период»"
        )
    if path == "project.series.subsidy" and message_en.startswith("the budget spends nothing"):
        return _(
            "планируемая субсидия и прочие расходы бюджета равны нулю во всех годах: индекс "
            "бюджетной эффективности не определён; укажите планируемую субсидию"
        )
    if path.startswith("years") and message_en.startswith("the forecast must cover"):
        return _("в финансовой модели меньше лет прогноза, чем требует отбор")
    if path.startswith("years") and message_en.startswith("the years must be consecutive"):
        return _("годы финансовой модели должны идти подряд, без пропусков")
    if path.endswith(".base_years") and message_en.startswith("the base is longer"):
        return _("лет базы остаточной стоимости больше, чем лет прогноза")
    return ""


# Engine messages (by their English text, the stable half) → the applicant's wording.
_GENERIC = {
    "missing": gettext_lazy("не заполнено"),
    "number": gettext_lazy("ожидается число"),
    "finite": gettext_lazy("недопустимое значение (не число)"),
    "negative": gettext_lazy("значение не может быть отрицательным"),
    "positive": gettext_lazy("значение должно быть больше нуля"),
    "integer": gettext_lazy("ожидается целое число"),
    "date": gettext_lazy("ожидается дата в формате ДД.ММ.ГГГГ"),
    "no_date": gettext_lazy("такой даты не существует"),
    "length": gettext_lazy("заполнены не все годы прогноза"),
    "choice": gettext_lazy("выберите значение из списка"),
    "finite_years": gettext_lazy("для конечного периода укажите число лет"),
    "boolean": gettext_lazy("выберите «да» или «нет»"),
}
_KINDS = (
    ("required key is missing", "missing"),
    ("a number is expected", "number"),
    ("the number must be finite", "finite"),
    ("the value must not be negative", "negative"),
    ("the value must be positive", "positive"),
    ("an integer is expected", "integer"),
    ("a YYYY-MM-DD date is expected", "date"),
    ("the date does not exist", "no_date"),
    ("the series has", "length"),
    ("the method must be", "choice"),
    ("the mode must be", "choice"),
    ("the finite mode needs", "finite_years"),
    ("true or false is expected", "boolean"),
)


def _message_kind(message_en: str) -> str:
    return next((kind for prefix, kind in _KINDS if message_en.startswith(prefix)), "")


def explain_case_error(
    path: str, message_ru: str, message_en: str = "", years: Sequence[int] = ()
) -> ApplicantError:
    """The error as the applicant reads it. A path this module does not know is shown as
    an error in the stored data (never as the path)."""
    location = locate(path, years, message_en=message_en) or Location(INTERNAL)
    return ApplicantError(location=location, message=_message(path, location, message_ru, message_en))


def split_stored_message(stored: str) -> tuple[str, str]:
    """``IndicatorResult.error_message`` is ``"<ru> / <en>"``."""
    ru, separator, en = (stored or "").rpartition(" / ")
    return (ru, en) if separator else (stored, "")


def case_years(app) -> list[int]:
    """The years of the case computed for ``app`` (a model cell's index → its year): the
    submitted version's once submitted, else the draft's model rows."""
    if app.status != "draft":
        version = app.versions.order_by("-number").first()
        if version is not None:
            return [int(year) for year in version.case.get("years", [])]
    return sorted(app.model_years.values_list("year", flat=True))
