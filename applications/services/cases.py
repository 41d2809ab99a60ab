"""Builds the engine's case (``otbor-case/1``) from an application and its call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from applications.models import SERIES_FIELDS, Application, ModelYear
from calls.models import Call, MacroScenario


class CaseIncomplete(Exception):
    """The application or the call lacks data the engine needs; ``missing`` says what,
    in Russian, for the form."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("; ".join(missing))
        self.missing = missing


def _num(value: Decimal | float | int | None) -> float:
    return float(value) if value is not None else 0.0


def call_section(call: Call, *, years: Sequence[int], region_code: str | None) -> dict:
    """The call part of a case, the macro scenario aligned to ``years``."""
    missing: list[str] = []
    try:
        macro: MacroScenario = call.macro
    except MacroScenario.DoesNotExist as error:
        raise CaseIncomplete([_("у отбора нет макроэкономического сценария")]) from error
    by_year = {row.year: row for row in macro.years.all()}
    # Only the applicant's region: the scenario holds every region's GRP (85 × 12 rows).
    grp = {(region_code, year): value for year, value in
           macro.grp.filter(region_id=region_code).values_list("year", "grp")} if region_code else {}
    for year in years:
        if year not in by_year:
            missing.append(_("в сценарии нет индексов на %(year)s год") % {"year": year})
    grp_series: list[float] = []
    grp_previous = None
    if region_code:
        grp_previous = grp.get((region_code, years[0] - 1))
        if grp_previous is None:
            missing.append(_("в сценарии нет ВРП региона %(region)s за %(year)s год")
                           % {"region": region_code, "year": years[0] - 1})
        for year in years:
            value = grp.get((region_code, year))
            if value is None:
                missing.append(_("в сценарии нет ВРП региона %(region)s на %(year)s год")
                               % {"region": region_code, "year": year})
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
    missing = []
    required = {
        "total_cost": _("полная стоимость проекта"),
        "commissioning_date": _("дата ввода в эксплуатацию"),
        "loan_date": _("дата кредитного договора"),
        "region_id": _("субъект РФ реализации проекта"),
    }
    for field, label in required.items():
        if getattr(app, field) in (None, ""):
            missing.append(_("не указано: %(label)s") % {"label": label})
    if missing:
        raise CaseIncomplete(missing)
    terminal = {"mode": app.terminal_mode, "base_years": app.terminal_base_years}
    if app.terminal_mode == "finite":
        terminal["years"] = app.terminal_years
    budget_terminal: dict[str, object] = {"mode": app.budget_terminal_mode}
    if app.budget_terminal_mode == "finite":
        budget_terminal["years"] = app.budget_terminal_years
    return {
        "title": app.title,
        "okved": app.okved,
        "priority_direction": app.priority_direction_id or "",
        "region": app.region_id or "",
        "total_cost": _num(app.total_cost),
        "commissioning_date": app.commissioning_date.isoformat(),
        "capex": {
            "land": _num(app.capex_land),
            "design": _num(app.capex_design),
            "construction": _num(app.capex_construction),
            "equipment": _num(app.capex_equipment),
            "other": _num(app.capex_other),
        },
        "jobs": {
            "created": app.jobs_created,
            "high_productivity": app.jobs_high_productivity,
            "avg_monthly_wage": _num(app.avg_monthly_wage),
        },
        "loan": {
            "russian_bank": app.loan_russian_bank,
            "date": app.loan_date.isoformat(),
            "amount": _num(app.loan_amount),
            "rate": _num(app.loan_rate),
        },
        "capital": {
            "equity": _num(app.equity),
            "debt": _num(app.debt),
            "cost_of_debt": _num(app.cost_of_debt),
            "beta_unlevered": _num(app.beta_unlevered),
        },
        "fcff_method": app.fcff_method,
        "terminal": terminal,
        "budget_terminal": budget_terminal,
        "series": dict(series),
    }


def build_case(app: Application) -> dict:
    """The full case of an application as it stands now. Raises CaseIncomplete."""
    years, series = series_section(app.model_years.all())
    if len(years) < 10:
        raise CaseIncomplete([_("финансовая модель должна содержать не менее 10 лет прогноза")])
    return {
        "format": "otbor-case/1",
        "years": years,
        "call": call_section(app.call, years=years, region_code=app.region_id),
        "project": project_section(app, series),
    }


def draft_project(app: Application) -> dict:
    """The project parameters an application has so far (for pre-filling the workbook's
    sheet «Проект»): the nested ``project`` of a case without ``series``, leaving out
    whatever is not filled in yet. Never raises :class:`CaseIncomplete`."""
    project: dict = {}

    def put(path: str, value: object) -> None:
        if value in (None, ""):
            return
        if isinstance(value, Decimal):
            value = float(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        *parents, last = path.split(".")
        target = project
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value

    fields = {
        "title": app.title,
        "okved": app.okved,
        "priority_direction": app.priority_direction_id,
        "region": app.region_id,
        "total_cost": app.total_cost,
        "commissioning_date": app.commissioning_date,
        "capex.land": app.capex_land,
        "capex.design": app.capex_design,
        "capex.construction": app.capex_construction,
        "capex.equipment": app.capex_equipment,
        "capex.other": app.capex_other,
        "jobs.created": app.jobs_created,
        "jobs.high_productivity": app.jobs_high_productivity,
        "jobs.avg_monthly_wage": app.avg_monthly_wage,
        "loan.russian_bank": app.loan_russian_bank,
        "loan.date": app.loan_date,
        "loan.amount": app.loan_amount,
        "loan.rate": app.loan_rate,
        "capital.equity": app.equity,
        "capital.debt": app.debt,
        "capital.cost_of_debt": app.cost_of_debt,
        "capital.beta_unlevered": app.beta_unlevered,
        "fcff_method": app.fcff_method,
        "terminal.mode": app.terminal_mode,
        "terminal.base_years": app.terminal_base_years,
        "budget_terminal.mode": app.budget_terminal_mode,
    }
    if app.terminal_mode == "finite":
        fields["terminal.years"] = app.terminal_years
    if app.budget_terminal_mode == "finite":
        fields["budget_terminal.years"] = app.budget_terminal_years
    for path, value in fields.items():
        put(path, value)
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
        "format": "otbor-case/1",
        "years": years,
        "call": call_section(call, years=years, region_code=str(region) if region else None),
        "project": {**project, "series": {key: list(values) for key, values in series.items()}},
    }
