"""Builds the engine's case (``otbor-case/1``) from an application and its call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from applications.models import SERIES_FIELDS, Application, ModelYear
from calls.models import Call, MacroScenario
from engine.case import CASE_FORMAT
from engine.schema import MIN_FORECAST_YEARS, PROJECT_FIELDS, ProjectField, finite_mode_path


class CaseIncomplete(Exception):
    """The application or the call lacks data the engine needs; ``missing`` says what,
    in Russian, for the form; ``paths`` the case path of each item (``project.region``,
    ``years``, ``call``), so a page can link to where it is filled in."""

    def __init__(self, missing: list[str], paths: list[str] | None = None) -> None:
        super().__init__("; ".join(missing))
        self.missing = missing
        self.paths = paths if paths is not None else ["call"] * len(missing)


def _num(value: Decimal | float | int | None) -> float:
    return float(value) if value is not None else 0.0


def call_section(
    call: Call,
    *,
    years: Sequence[int],
    region_code: str | None,
    grp: Mapping[tuple[str, int], Decimal] | None = None,
) -> dict:
    """The call part of a case, the macro scenario aligned to ``years``. ``grp`` is the
    scenario's GRP by (region, year) when the caller has read it for many applications
    (a recompute chunk); otherwise the region's rows are read here."""
    missing: list[str] = []
    try:
        macro: MacroScenario = call.macro
    except MacroScenario.DoesNotExist as error:
        raise CaseIncomplete([_("у отбора нет макроэкономического сценария")]) from error
    by_year = {row.year: row for row in macro.years.all()}
    # Only the applicant's region: the scenario holds every region's GRP (85 × 12 rows).
    if grp is None:
        grp = (
            {
                (region_code, year): value
                for year, value in macro.grp.filter(region_id=region_code).values_list("year", "grp")
            }
            if region_code
            else {}
        )
    for year in years:
        if year not in by_year:
            missing.append(_("в сценарии нет индексов на %(year)s год") % {"year": year})
    grp_series: list[float] = []
    grp_previous = None
    if region_code:
        grp_previous = grp.get((region_code, years[0] - 1))
        if grp_previous is None:
            missing.append(
                _("в сценарии нет ВРП региона %(region)s за %(year)s год")
                % {"region": region_code, "year": years[0] - 1}
            )
        for year in years:
            value = grp.get((region_code, year))
            if value is None:
                missing.append(
                    _("в сценарии нет ВРП региона %(region)s на %(year)s год")
                    % {"region": region_code, "year": year}
                )
            grp_series.append(_num(value))
    if missing:
        raise CaseIncomplete(missing)
    return {
        "year": call.year,
        "profit_tax_rate": macro.profit_tax_rate,
        "risk_free_rate": macro.risk_free_rate,
        "market_return": macro.market_return,
        "long_term_inflation": macro.long_term_inflation,
        "ofz_yield": macro.ofz_yield,
        "high_productivity_wage": _num(macro.high_productivity_wage),
        "rules": {
            "min_total_cost": _num(call.min_total_cost),
            "max_total_cost": _num(call.max_total_cost),
            "commissioning_after": call.commissioning_after.isoformat(),
            "loan_from": call.loan_from.isoformat(),
            "loan_to": call.loan_to.isoformat(),
        },
        "priority_directions": sorted(d.code for d in call.priority_directions.all()),
        "cpi": [by_year[y].cpi for y in years],
        "gdp_deflator": [by_year[y].gdp_deflator for y in years],
        "grp_previous_year": _num(grp_previous),
        "grp": grp_series,
    }


def series_section(rows: Iterable[ModelYear]) -> tuple[list[int], dict[str, list[float]]]:
    rows = sorted(rows, key=lambda row: row.year)
    years = [row.year for row in rows]
    return years, {name: [_num(getattr(row, name)) for row in rows] for name in SERIES_FIELDS}


def project_section(app: Application, series: Mapping[str, list[float]]) -> dict:
    missing, paths = [], []
    required = {
        "total_cost": (_("полная стоимость проекта"), "project.total_cost"),
        "commissioning_date": (_("дата ввода в эксплуатацию"), "project.commissioning_date"),
        "loan_date": (_("дата кредитного договора"), "project.loan.date"),
        "region_id": (_("субъект РФ реализации проекта"), "project.region"),
    }
    for field, (label, path) in required.items():
        if getattr(app, field) in (None, ""):
            missing.append(_("не указано: %(label)s") % {"label": label})
            paths.append(path)
    if missing:
        raise CaseIncomplete(missing, paths)
    project: dict = {}
    for field in PROJECT_FIELDS:
        if _carried(app, field):
            _set_path(project, field.key, _case_value(field, _model_value(app, field)))
    project["series"] = dict(series)
    return project


def _model_value(app: Application, field: ProjectField) -> object:
    """The value of the field's model column (a foreign key's id, not the object)."""
    return getattr(app, Application._meta.get_field(field.model_field).attname)


def _carried(app: Application, field: ProjectField) -> bool:
    """Whether the case carries the field: a finite-period length only in finite mode."""
    if not field.finite_only:
        return True
    mode = next(f for f in PROJECT_FIELDS if f.key == finite_mode_path(field))
    return _model_value(app, mode) == "finite"


def _case_value(field: ProjectField, value: object) -> object:
    """A model value as the case file holds it (SPEC §6): money, rates and numbers as
    floats, dates as ISO text, codes and texts as text ("" when empty)."""
    if field.kind in ("money", "number", "rate"):
        return _num(value)  # type: ignore[arg-type]  # a Decimal column
    if field.kind == "date":
        return value.isoformat()  # type: ignore[union-attr]  # required, checked above
    if field.kind == "text":
        return value or ""
    return value


def _set_path(target: dict, path: str, value: object) -> None:
    *parents, last = path.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value


def build_case(app: Application, *, grp: Mapping[tuple[str, int], Decimal] | None = None) -> dict:
    """The full case of an application as it stands now (``grp``: see :func:`call_section`).
    Raises CaseIncomplete."""
    years, series = series_section(app.model_years.all())
    if len(years) < MIN_FORECAST_YEARS:
        raise CaseIncomplete(
            [
                _("финансовая модель должна содержать не менее %(years)s лет прогноза")
                % {"years": MIN_FORECAST_YEARS}
            ],
            ["years"],
        )
    return {
        "format": CASE_FORMAT,
        "years": years,
        "call": call_section(app.call, years=years, region_code=app.region_id, grp=grp),
        "project": project_section(app, series),
    }


def draft_project(app: Application) -> dict:
    """The project parameters an application has so far (for pre-filling the workbook's
    sheet «Проект»): the nested ``project`` of a case without ``series``, leaving out
    whatever is not filled in yet. Never raises :class:`CaseIncomplete`."""
    project: dict = {}
    for field in PROJECT_FIELDS:
        value = _model_value(app, field)
        if not _carried(app, field) or value in (None, ""):
            continue
        if isinstance(value, Decimal):
            value = float(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        _set_path(project, field.key, value)
    return project


def template_project(app: Application) -> dict:
    """The project to pre-fill the model template with: the case's project when the
    application is complete enough, otherwise whatever fields are filled in."""
    try:
        project = project_section(app, series={})
    except CaseIncomplete:
        return draft_project(app)
    project.pop("series", None)
    return project


def readable_draft_case(app: Application) -> dict:
    """A draft's case for reading (the review step, the card): the project and the model
    as they stand, without the call's scenario, whatever is still missing. One query
    (the model's years); never raises :class:`CaseIncomplete`."""
    years, series = series_section(app.model_years.all())
    return {"format": CASE_FORMAT, "years": years, "project": {**draft_project(app), "series": series}}


def build_case_for_call(
    call_id: int, series: Mapping[str, Sequence[float]], years: Sequence[int], project: Mapping
) -> dict:
    """A case for ``evaluate model.xlsx --call ID``: the call's macro scenario around the
    project read from the workbook (sheet «Проект», ``project`` without ``series``) and its
    series (sheet «Модель»).

    Raises ``LookupError`` for an unknown call and :class:`CaseIncomplete` when the call's
    scenario lacks the years or the project region's GRP.
    """
    call = Call.objects.filter(pk=call_id).first()
    if call is None:
        raise LookupError(f"Отбор с идентификатором {call_id} не найден")
    years = list(years)
    region = project.get("region")
    return {
        "format": CASE_FORMAT,
        "years": years,
        "call": call_section(call, years=years, region_code=str(region) if region else None),
        "project": {**project, "series": {key: list(values) for key, values in series.items()}},
    }
