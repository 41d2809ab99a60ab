"""Builds the engine's case (``otbor-case/1``) from an application and its call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from applications.models import (
    SERIES_FIELDS,
    Application,
    Call,
    MacroScenario,
    ModelYear,
)


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
        raise CaseIncomplete(["у отбора нет макроэкономического сценария"]) from error
    by_year = {row.year: row for row in macro.years.all()}
    grp = {(row.region_id, row.year): row.grp for row in macro.grp.all()}
    for year in years:
        if year not in by_year:
            missing.append(f"в сценарии нет индексов на {year} год")
    grp_series: list[float] = []
    grp_previous = None
    if region_code:
        grp_previous = grp.get((region_code, years[0] - 1))
        if grp_previous is None:
            missing.append(f"в сценарии нет ВРП региона {region_code} за {years[0] - 1} год")
        for year in years:
            value = grp.get((region_code, year))
            if value is None:
                missing.append(f"в сценарии нет ВРП региона {region_code} на {year} год")
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
        "total_cost": "полная стоимость проекта",
        "commissioning_date": "дата ввода в эксплуатацию",
        "loan_date": "дата кредитного договора",
        "region_id": "субъект РФ реализации проекта",
    }
    for field, label in required.items():
        if getattr(app, field) in (None, ""):
            missing.append(f"не указано: {label}")
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
        raise CaseIncomplete(["финансовая модель должна содержать не менее 10 лет прогноза"])
    return {
        "format": "otbor-case/1",
        "years": years,
        "call": call_section(app.call, years=years, region_code=app.region_id),
        "project": project_section(app, series),
    }


def build_case_for_call(call_id: int, series: dict, years: list[int]) -> dict:
    """A case for ``evaluate model.xlsx --call ID``: the call's scenario with a demo
    project shell around the imported series (first region of the scenario)."""
    call = Call.objects.select_related("macro").filter(pk=call_id).first()
    if call is None:
        raise LookupError(f"Отбор с идентификатором {call_id} не найден")
    region = call.macro.grp.values_list("region_id", flat=True).first()
    app = (
        Application.objects.filter(call=call, region_id=region).order_by("pk").first()
        if region
        else None
    )
    if app is None:
        raise LookupError("В отборе нет заявки, из которой взять параметры проекта")
    return {
        "format": "otbor-case/1",
        "years": list(years),
        "call": call_section(call, years=years, region_code=app.region_id),
        "project": project_section(app, series),
    }
