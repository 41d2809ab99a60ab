"""Each eligibility check is stated with the values the engine compared (SPEC §4), in
Russian formats: the values come from the engine's own checks of a case."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from engine import parse_case
from engine.eligibility import check_eligibility
from reference.eligibility_text import describe_check

NNBSP, NBSP = "\u202f", "\u00a0"
BASIC = json.loads(
    (Path(__file__).resolve().parents[1] / "engine" / "data" / "case-basic.json").read_text(encoding="utf-8")
)


def _detail(code: str, names=None, **changes) -> str:
    case = copy.deepcopy(BASIC)
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = case
        for key in parents:
            target = target[key]
        target[last] = value
    checks = {c.code: c for c in check_eligibility(parse_case(case, consistency=False)).checks}
    check = checks[code]
    return describe_check(code, check.passed, check.values, names=names)


def _rub(text: str) -> str:
    return text.replace(" ", NNBSP) + f"{NBSP}руб."


def test_cost_below_the_minimum():
    text = _detail("cost_range", project__total_cost=100_000_000)
    assert text == f"Стоимость проекта {_rub('100 000 000')} < минимума {_rub('150 000 000')}"


def test_cost_above_the_maximum_of_the_call():
    text = _detail("cost_range", project__total_cost=2_500_000_000)
    assert text == f"Стоимость проекта {_rub('2 500 000 000')} > максимума {_rub('2 000 000 000')}"


def test_cost_within_the_range():
    text = _detail("cost_range")
    assert text.startswith(f"Стоимость проекта {_rub('850 000 000')} — в пределах от {_rub('150 000 000')}")


def test_okved_outside_manufacturing():
    text = _detail("okved_manufacturing", project__okved="46.90")
    assert text == "ОКВЭД2 46.90 — не раздел C (обрабатывающие производства, 10–33)"


def test_okved_with_the_classifiers_name():
    names = {
        "okved_name": "Производство автотранспортных средств, прицепов и полуприцепов",
        "okved_named_code": "29",
    }
    text = _detail("okved_manufacturing", names=names)
    assert text == (
        "ОКВЭД2 29.32 (класс 29 «Производство автотранспортных средств, прицепов и полуприцепов») "
        "— раздел C (обрабатывающие производства, 10–33)"
    )


def test_commissioning_not_after_the_date():
    text = _detail("commissioning_date", project__commissioning_date="2013-12-01")
    assert text == "Ввод в эксплуатацию 01.12.2013 — не позднее 01.01.2014 (нужно позже)"


def test_jobs_and_wage_against_the_threshold():
    text = _detail(
        "high_productivity_jobs", project__jobs__high_productivity=100, project__jobs__avg_monthly_wage=40000
    )
    assert text == (
        f"Рабочих мест 180, из них высокопроизводительных 100 (нужны все); "
        f"средняя зарплата {_rub('40 000')} < порога {_rub('45 000')}"
    )


def test_loan_outside_the_period_with_the_bank():
    text = _detail("loan", names={"bank_name": "ПАО «Банк»"}, project__loan__date="2017-02-01")
    assert text == (
        "Кредит российской кредитной организации (ПАО «Банк»); договор от 01.02.2017 — вне периода "
        f"с 01.01.2014 по 31.12.2016; сумма {_rub('600 000 000')}"
    )


def test_capex_item_at_zero():
    text = _detail("capex_land", project__capex__land=0, project__total_cost=810_000_000)
    assert text == f"Затраты «приобретение (аренда) земли»: 0{NBSP}руб. — должны быть больше нуля"


@pytest.mark.parametrize("code", ["okved_manufacturing", "cost_range", "loan", "high_productivity_jobs"])
def test_a_check_stored_without_values_has_no_sentence(code):
    assert describe_check(code, True, {}) == ""
