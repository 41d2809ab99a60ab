"""Eligibility checks (п. 2 of the Order), each with a code, messages and compared values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .case import Case

ELIGIBILITY_CODES = (
    "okved_manufacturing", "priority_direction", "capex_land", "capex_design",
    "capex_construction", "capex_equipment", "cost_range", "commissioning_date",
    "high_productivity_jobs", "loan",
)  # fmt: skip
_OKVED_DIVISION = re.compile(r"^(\d{2})(?:\.\d{1,2}){0,3}$")
_CAPEX_NAMES = {
    "land": ("покупка или долгосрочная аренда земли", "land purchase or long-term lease"),
    "design": ("проектно-сметная документация", "design and estimate documentation"),
    "construction": ("строительство производственных зданий", "construction of buildings"),
    "equipment": ("оборудование с доставкой и пусконаладкой", "equipment"),
}


@dataclass(frozen=True)
class EligibilityCheck:
    """One check: ``values`` holds what it compared (JSON-friendly: dates as ISO strings)."""

    code: str
    passed: bool
    message_ru: str
    message_en: str
    values: dict[str, Any] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "passed": self.passed,
            "message_ru": self.message_ru,
            "message_en": self.message_en,
            "values": dict(self.values),
        }


@dataclass(frozen=True)
class Eligibility:
    """All checks in the order of SPEC §4; eligible when every check passes."""

    checks: tuple[EligibilityCheck, ...]

    @property
    def eligible(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def details(self) -> list[dict[str, Any]]:
        """Every check with its messages and compared values, for the web form."""
        return [check.to_dict() for check in self.checks]

    def to_dict(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "checks": {check.code: check.passed for check in self.checks},
        }


def _check(code: str, passed: bool, ru: str, en: str, **values: Any) -> EligibilityCheck:
    return EligibilityCheck(code, passed, ru, en, values)


def okved_division(code: str) -> int | None:
    """The division (first two digits) of an OKVED2 code such as ``29.32``, if well formed."""
    match = _OKVED_DIVISION.match(code.strip())
    return int(match.group(1)) if match else None


def check_eligibility(case: Case) -> Eligibility:
    """Run every check of SPEC §4 against the call's rules, in the order of the codes."""
    checks = [
        _okved_manufacturing(case),
        _priority_direction(case),
        *_capex_items(case),
        _cost_range(case),
        _commissioning_date(case),
        _high_productivity_jobs(case),
        _loan(case),
    ]
    return Eligibility(checks=tuple(checks))


def _okved_manufacturing(case: Case) -> EligibilityCheck:
    division = okved_division(case.project.okved)
    return _check(
        "okved_manufacturing",
        division is not None and 10 <= division <= 33,
        "Код ОКВЭД2 должен относиться к разделу C (обрабатывающие производства, 10–33)",
        "The OKVED2 code must be in section C (manufacturing, divisions 10–33)",
        okved=case.project.okved,
        division=division,
    )


def _priority_direction(case: Case) -> EligibilityCheck:
    return _check(
        "priority_direction",
        case.project.priority_direction in case.call.priority_directions,
        "Направление должно входить в приоритетные направления отбора",
        "The direction must be one of the call's priority directions",
        priority_direction=case.project.priority_direction,
        priority_directions=list(case.call.priority_directions),
    )


def _capex_items(case: Case) -> list[EligibilityCheck]:
    checks = []
    for item, (name_ru, name_en) in _CAPEX_NAMES.items():
        amount = getattr(case.project.capex, item)
        checks.append(
            _check(
                f"capex_{item}",
                amount > 0,
                f"Затраты по статье «{name_ru}» должны быть больше нуля",
                f"The item '{name_en}' must be above zero",
                amount=amount,
            )
        )
    return checks


def _cost_range(case: Case) -> EligibilityCheck:
    rules, total = case.call.rules, case.project.total_cost
    return _check(
        "cost_range",
        rules.min_total_cost <= total <= rules.max_total_cost,
        "Полная стоимость проекта должна быть в пределах, установленных отбором",
        "The total cost must be within the call's range",
        total_cost=total,
        min_total_cost=rules.min_total_cost,
        max_total_cost=rules.max_total_cost,
    )


def _commissioning_date(case: Case) -> EligibilityCheck:
    after, commissioning = case.call.rules.commissioning_after, case.project.commissioning_date
    return _check(
        "commissioning_date",
        commissioning > after,
        f"Ввод в эксплуатацию должен быть позже {after:%d.%m.%Y}",
        f"Commissioning must be after {after.isoformat()}",
        commissioning_date=commissioning.isoformat(),
        commissioning_after=after.isoformat(),
    )


def _high_productivity_jobs(case: Case) -> EligibilityCheck:
    jobs, threshold = case.project.jobs, case.call.high_productivity_wage
    return _check(
        "high_productivity_jobs",
        jobs.created > 0 and jobs.high_productivity == jobs.created and jobs.avg_monthly_wage >= threshold,
        "Все создаваемые рабочие места должны быть высокопроизводительными, "
        "со средней зарплатой не ниже порога отбора",
        "All jobs created must be high-productivity, paid at least the call's threshold",
        created=jobs.created,
        high_productivity=jobs.high_productivity,
        avg_monthly_wage=jobs.avg_monthly_wage,
        wage_threshold=threshold,
    )


def _loan(case: Case) -> EligibilityCheck:
    loan, rules = case.project.loan, case.call.rules
    return _check(
        "loan",
        loan.russian_bank and rules.loan_from <= loan.date <= rules.loan_to and loan.amount > 0,
        f"Кредит российской кредитной организации, договор от {rules.loan_from:%d.%m.%Y} "
        f"до {rules.loan_to:%d.%m.%Y}, сумма больше нуля",
        "A loan from a Russian credit organisation, agreed within the call's dates, amount above zero",
        russian_bank=loan.russian_bank,
        date=loan.date.isoformat(),
        amount=loan.amount,
        loan_from=rules.loan_from.isoformat(),
        loan_to=rules.loan_to.isoformat(),
    )
