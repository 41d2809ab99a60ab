"""The ``otbor-case/1`` case file: frozen dataclasses and the validating parser (SPEC §6)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import _reader as read
from . import schema
from .consistency import check_consistency
from .errors import CaseError

CASE_FORMAT = "otbor-case/1"
MINIMUM_YEARS = schema.MIN_FORECAST_YEARS
MAXIMUM_YEARS = schema.MAX_FORECAST_YEARS
MAXIMUM_TERMINAL_YEARS = 100
SERIES_KEYS = schema.SERIES_KEYS
CAPEX_KEYS = ("land", "design", "construction", "equipment", "other")
TERMINAL_MODES = schema.TERMINAL_MODES
FCFF_METHODS = schema.FCFF_METHODS


@dataclass(frozen=True)
class Rules:
    """Eligibility thresholds of a call; Order 781's values are the defaults."""

    min_total_cost: float = float(schema.MIN_TOTAL_COST)
    max_total_cost: float = float(schema.MAX_TOTAL_COST)
    commissioning_after: date = schema.COMMISSIONING_AFTER
    loan_from: date = schema.LOAN_FROM
    loan_to: date = schema.LOAN_TO


@dataclass(frozen=True)
class Call:
    year: int
    profit_tax_rate: float
    risk_free_rate: float
    market_return: float
    long_term_inflation: float
    ofz_yield: float
    high_productivity_wage: float
    rules: Rules
    priority_directions: tuple[str, ...]
    cpi: tuple[float, ...]
    gdp_deflator: tuple[float, ...]
    grp: tuple[float, ...]
    grp_previous_year: float


@dataclass(frozen=True)
class Capex:
    land: float
    design: float
    construction: float
    equipment: float
    other: float

    @property
    def total(self) -> float:
        return self.land + self.design + self.construction + self.equipment + self.other


@dataclass(frozen=True)
class Jobs:
    created: int
    high_productivity: int
    avg_monthly_wage: float


@dataclass(frozen=True)
class Loan:
    russian_bank: bool
    date: date
    amount: float
    rate: float


@dataclass(frozen=True)
class Capital:
    equity: float
    debt: float
    cost_of_debt: float
    beta_unlevered: float


@dataclass(frozen=True)
class Terminal:
    """Terminal value settings: ``mode`` none|gordon|finite, ``years`` m, ``base_years`` k."""

    mode: str
    years: int | None = None
    base_years: int = 1


@dataclass(frozen=True)
class Series:
    ebit: tuple[float, ...]
    ebitda: tuple[float, ...]
    non_cash_charges: tuple[float, ...]
    non_cash_income: tuple[float, ...]
    wc_change: tuple[float, ...]
    capex: tuple[float, ...]
    asset_sales: tuple[float, ...]
    ocf: tuple[float, ...]
    net_interest: tuple[float, ...]
    salaries: tuple[float, ...]
    rent: tuple[float, ...]
    taxes: tuple[float, ...]
    budget_savings: tuple[float, ...]
    subsidy: tuple[float, ...]
    other_budget_expenses: tuple[float, ...]


@dataclass(frozen=True)
class Project:
    title: str
    okved: str
    priority_direction: str
    region: str
    total_cost: float
    commissioning_date: date
    capex: Capex
    jobs: Jobs
    loan: Loan
    capital: Capital
    fcff_method: str
    terminal: Terminal
    budget_terminal: Terminal
    series: Series


@dataclass(frozen=True)
class Case:
    years: tuple[int, ...]
    call: Call
    project: Project
    source_hash: str = field(default="", compare=False)


def case_hash(data: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a case document (sorted keys, compact, UTF-8)."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse_case(data: Mapping[str, Any], *, consistency: bool = True) -> Case:
    """Validate an ``otbor-case/1`` document and return the frozen :class:`Case`.

    Raises :class:`CaseError` naming the JSON path of the first problem found.
    ``consistency=False`` checks the structure only (keys, types, lengths), so that
    eligibility can be shown for a draft whose figures do not add up yet.
    """
    read.fields(data, "", ("format", "years", "call", "project"))
    if data["format"] != CASE_FORMAT:
        raise CaseError("format", f"ожидается формат {CASE_FORMAT}", f"the format must be {CASE_FORMAT}")
    years = _parse_years(data["years"])
    call = _parse_call(data["call"], len(years))
    project = _parse_project(data["project"], len(years))
    case = Case(years=years, call=call, project=project, source_hash=case_hash(data))
    if consistency:
        check_consistency(case)
    return case


def _parse_years(value: Any) -> tuple[int, ...]:
    """10–50 consecutive integer years within 2000–2100 (SPEC §5–§6)."""
    if not isinstance(value, (list, tuple)):
        raise CaseError("years", "ожидается массив лет", "an array of years is expected")
    if not MINIMUM_YEARS <= len(value) <= MAXIMUM_YEARS:
        raise CaseError(
            "years",
            f"прогноз должен охватывать от {MINIMUM_YEARS} до {MAXIMUM_YEARS} лет",
            f"the forecast must cover {MINIMUM_YEARS} to {MAXIMUM_YEARS} years",
        )
    years = tuple(read.integer(item, f"years[{index}]") for index, item in enumerate(value))
    first, last = schema.FIRST_FORECAST_YEAR, schema.LAST_FORECAST_YEAR
    if not all(first <= year <= last for year in years):
        raise CaseError(
            "years",
            f"годы должны быть в пределах {first}–{last}",
            f"the years must be within {first}–{last}",
        )
    if any(later != earlier + 1 for earlier, later in zip(years, years[1:])):
        raise CaseError("years", "годы должны идти подряд", "the years must be consecutive")
    return years


def _parse_rules(value: Any) -> Rules:
    names = ("min_total_cost", "max_total_cost", "commissioning_after", "loan_from", "loan_to")
    data = read.fields(value, "call.rules", (), names)
    defaults = Rules()
    rules = Rules(
        min_total_cost=read.money(data["min_total_cost"], "call.rules.min_total_cost")
        if "min_total_cost" in data
        else defaults.min_total_cost,
        max_total_cost=read.money(data["max_total_cost"], "call.rules.max_total_cost")
        if "max_total_cost" in data
        else defaults.max_total_cost,
        commissioning_after=read.iso_date(data["commissioning_after"], "call.rules.commissioning_after")
        if "commissioning_after" in data
        else defaults.commissioning_after,
        loan_from=read.iso_date(data["loan_from"], "call.rules.loan_from")
        if "loan_from" in data
        else defaults.loan_from,
        loan_to=read.iso_date(data["loan_to"], "call.rules.loan_to")
        if "loan_to" in data
        else defaults.loan_to,
    )
    if rules.min_total_cost > rules.max_total_cost or rules.loan_from > rules.loan_to:
        raise CaseError(
            "call.rules",
            "минимум в правилах больше максимума",
            "a minimum in the rules exceeds its maximum",
        )
    return rules


def _parse_call(value: Any, length: int) -> Call:
    scalars = (
        "year", "profit_tax_rate", "risk_free_rate", "market_return", "long_term_inflation",
        "ofz_yield", "high_productivity_wage",
    )  # fmt: skip
    data = read.fields(
        value,
        "call",
        (*scalars, "priority_directions", "cpi", "gdp_deflator", "grp", "grp_previous_year"),
        ("rules",),
    )
    numbers = {key: read.number(data[key], f"call.{key}") for key in scalars}
    read.money(data["high_productivity_wage"], "call.high_productivity_wage")
    tax = numbers["profit_tax_rate"]
    if not 0 <= tax < 1:
        raise CaseError(
            "call.profit_tax_rate",
            "ставка налога должна быть от 0 до 1",
            "the tax rate must be in [0, 1)",
        )
    if numbers["ofz_yield"] <= -1:
        raise CaseError("call.ofz_yield", "ставка должна быть больше −1", "the rate must exceed -1")
    return Call(
        year=read.integer(
            data["year"],
            "call.year",
            minimum=schema.FIRST_FORECAST_YEAR,
            maximum=schema.LAST_FORECAST_YEAR,
        ),
        profit_tax_rate=tax,
        risk_free_rate=numbers["risk_free_rate"],
        market_return=numbers["market_return"],
        long_term_inflation=numbers["long_term_inflation"],
        ofz_yield=numbers["ofz_yield"],
        high_productivity_wage=numbers["high_productivity_wage"],
        rules=_parse_rules(data["rules"]) if "rules" in data else Rules(),
        priority_directions=read.text_list(data["priority_directions"], "call.priority_directions"),
        cpi=read.positive_series(data["cpi"], "call.cpi", length, of_money=False),
        gdp_deflator=read.positive_series(data["gdp_deflator"], "call.gdp_deflator", length, of_money=False),
        grp=read.positive_series(data["grp"], "call.grp", length, of_money=True),
        grp_previous_year=read.positive_money(data["grp_previous_year"], "call.grp_previous_year"),
    )


def _parse_terminal(value: Any, path: str, length: int, with_base: bool) -> Terminal:
    data = read.fields(value, path, ("mode",), ("years", "base_years") if with_base else ("years",))
    mode = data["mode"]
    if mode not in TERMINAL_MODES:
        raise CaseError(
            f"{path}.mode",
            "режим должен быть none, gordon или finite",
            "the mode must be none, gordon or finite",
        )
    years = None
    if "years" in data:
        years = read.integer(data["years"], f"{path}.years", minimum=1, maximum=MAXIMUM_TERMINAL_YEARS)
    elif mode == "finite":
        raise CaseError(
            f"{path}.years",
            "для режима finite нужно число лет",
            "the finite mode needs the number of years",
        )
    base_years = 1
    if "base_years" in data:
        base_years = read.integer(data["base_years"], f"{path}.base_years", minimum=1)
        if base_years > length:
            raise CaseError(
                f"{path}.base_years",
                "база длиннее прогноза",
                "the base is longer than the forecast",
            )
    return Terminal(mode=mode, years=years, base_years=base_years)


def _parse_project(value: Any, length: int) -> Project:
    names = (
        "title", "okved", "priority_direction", "region", "total_cost", "commissioning_date",
        "capex", "jobs", "loan", "capital", "fcff_method", "terminal", "budget_terminal", "series",
    )  # fmt: skip
    data = read.fields(value, "project", names)
    capex = read.fields(data["capex"], "project.capex", CAPEX_KEYS)
    jobs = read.fields(data["jobs"], "project.jobs", ("created", "high_productivity", "avg_monthly_wage"))
    loan = read.fields(data["loan"], "project.loan", ("russian_bank", "date", "amount", "rate"))
    capital = read.fields(
        data["capital"], "project.capital", ("equity", "debt", "cost_of_debt", "beta_unlevered")
    )
    series = read.fields(data["series"], "project.series", SERIES_KEYS)
    if data["fcff_method"] not in FCFF_METHODS:
        raise CaseError(
            "project.fcff_method",
            "метод должен быть ebit или ocf",
            "the method must be ebit or ocf",
        )
    return Project(
        title=read.text(data["title"], "project.title"),
        okved=read.text(data["okved"], "project.okved"),
        priority_direction=read.text(data["priority_direction"], "project.priority_direction"),
        region=read.text(data["region"], "project.region"),
        total_cost=read.non_negative_money(data["total_cost"], "project.total_cost"),
        commissioning_date=read.iso_date(data["commissioning_date"], "project.commissioning_date"),
        capex=Capex(**{k: read.non_negative_money(capex[k], f"project.capex.{k}") for k in CAPEX_KEYS}),
        jobs=Jobs(
            created=read.integer(jobs["created"], "project.jobs.created", minimum=0),
            high_productivity=read.integer(
                jobs["high_productivity"], "project.jobs.high_productivity", minimum=0
            ),
            avg_monthly_wage=read.non_negative_money(
                jobs["avg_monthly_wage"], "project.jobs.avg_monthly_wage"
            ),
        ),
        loan=Loan(
            russian_bank=read.boolean(loan["russian_bank"], "project.loan.russian_bank"),
            date=read.iso_date(loan["date"], "project.loan.date"),
            amount=read.money(loan["amount"], "project.loan.amount"),
            rate=read.number(loan["rate"], "project.loan.rate"),
        ),
        capital=Capital(
            equity=read.money(capital["equity"], "project.capital.equity"),
            debt=read.non_negative_money(capital["debt"], "project.capital.debt"),
            cost_of_debt=read.number(capital["cost_of_debt"], "project.capital.cost_of_debt"),
            beta_unlevered=read.number(capital["beta_unlevered"], "project.capital.beta_unlevered"),
        ),
        fcff_method=data["fcff_method"],
        terminal=_parse_terminal(data["terminal"], "project.terminal", length, with_base=True),
        budget_terminal=_parse_terminal(
            data["budget_terminal"], "project.budget_terminal", length, with_base=False
        ),
        series=Series(**{k: read.series(series[k], f"project.series.{k}", length) for k in SERIES_KEYS}),
    )
