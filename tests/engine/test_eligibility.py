"""Eligibility checks of SPEC §4 at their boundaries."""

from __future__ import annotations

import pytest

from engine import parse_case
from engine.eligibility import check_eligibility, okved_division


def checks_of(case: dict) -> dict[str, bool]:
    return check_eligibility(parse_case(case)).to_dict()["checks"]


@pytest.mark.parametrize(
    ("code", "division"),
    [("10", 10), ("33.99", 33), ("29.32.1", 29), ("09.10", 9), ("C29", None), ("", None)],
)
def test_okved_division(code, division):
    assert okved_division(code) == division


@pytest.mark.parametrize(("okved", "passed"), [("10.11", True), ("33", True), ("34.1", False)])
def test_okved_manufacturing(basic_case, okved, passed):
    basic_case["project"]["okved"] = okved
    assert checks_of(basic_case)["okved_manufacturing"] is passed


def _set_total(case: dict, total: float) -> None:
    case["project"]["total_cost"] = total
    case["project"]["capex"]["other"] = total - 825_000_000


@pytest.mark.parametrize(
    ("total", "passed"),
    [(2_000_000_000, True), (2_000_000_001, False), (850_000_000, True)],
)
def test_cost_range_is_inclusive(basic_case, total, passed):
    _set_total(basic_case, total)
    assert checks_of(basic_case)["cost_range"] is passed


def test_minimum_cost_is_inclusive(basic_case):
    basic_case["call"]["rules"]["min_total_cost"] = 850_000_000
    assert checks_of(basic_case)["cost_range"] is True
    basic_case["call"]["rules"]["min_total_cost"] = 850_000_001
    assert checks_of(basic_case)["cost_range"] is False


@pytest.mark.parametrize(("date", "passed"), [("2014-01-01", False), ("2014-01-02", True)])
def test_commissioning_strictly_after(basic_case, date, passed):
    basic_case["project"]["commissioning_date"] = date
    assert checks_of(basic_case)["commissioning_date"] is passed


@pytest.mark.parametrize(
    ("date", "passed"),
    [("2014-01-01", True), ("2016-12-31", True), ("2013-12-31", False), ("2017-01-01", False)],
)
def test_loan_dates_inclusive(basic_case, date, passed):
    basic_case["project"]["loan"]["date"] = date
    assert checks_of(basic_case)["loan"] is passed


def test_loan_needs_russian_bank_and_amount(basic_case):
    basic_case["project"]["loan"]["russian_bank"] = False
    assert checks_of(basic_case)["loan"] is False
    basic_case["project"]["loan"]["russian_bank"] = True
    basic_case["project"]["loan"]["amount"] = 0
    assert checks_of(basic_case)["loan"] is False


@pytest.mark.parametrize(
    ("created", "high", "wage", "passed"),
    [(180, 180, 45_000, True), (0, 0, 52_000, False), (180, 179, 52_000, False),
     (180, 180, 44_999, False)],
)  # fmt: skip
def test_high_productivity_jobs(basic_case, created, high, wage, passed):
    basic_case["project"]["jobs"] = {
        "created": created, "high_productivity": high, "avg_monthly_wage": wage,
    }  # fmt: skip
    assert checks_of(basic_case)["high_productivity_jobs"] is passed


def test_zero_capex_item_fails_its_check(basic_case):
    basic_case["project"]["capex"]["design"] = 0
    basic_case["project"]["capex"]["other"] += 35_000_000
    checks = checks_of(basic_case)
    assert checks["capex_design"] is False
    assert checks["capex_land"] is True


def test_priority_direction(basic_case):
    basic_case["project"]["priority_direction"] = "space"
    result = check_eligibility(parse_case(basic_case))
    assert result.eligible is False
    detail = next(item for item in result.details if item["code"] == "priority_direction")
    assert detail["values"]["priority_direction"] == "space"
