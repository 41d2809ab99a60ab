from datetime import date
from decimal import Decimal as D

import pytest

from applications.subsidy import (
    DEFAULT_KEY_RATE,
    DEFAULT_REFINANCING_RATE,
    ORDER_781_CAP_RULES,
    ORDER_781_SHARE,
    CapRule,
    RatePoint,
    format_rubles,
    interest_schedule,
    max_subsidy_check,
    planned_subsidy_by_year,
    rate_in_force,
)

# A flat 10 % Bank of Russia rate with multiple 1: the cap rate is 10 %.
FLAT_10 = (CapRule(date(2000, 1, 1), D("1"), (RatePoint(date(2000, 1, 1), D("0.10")),)),)


def money(value: str) -> D:
    return D(value).quantize(D("0.01"))


def test_defaults():
    assert ORDER_781_SHARE == D("0.9")
    assert DEFAULT_REFINANCING_RATE == (RatePoint(date(2012, 9, 14), D("0.0825")),)
    assert rate_in_force(DEFAULT_KEY_RATE, date(2014, 12, 16)) == D("0.17")
    assert rate_in_force(DEFAULT_KEY_RATE, date(2015, 8, 2)) == D("0.115")
    assert rate_in_force(DEFAULT_KEY_RATE, date(2017, 3, 27)) == D("0.0975")
    assert [(rule.valid_from, rule.multiple) for rule in ORDER_781_CAP_RULES] == [
        (date(2014, 1, 1), D("0.9")),
        (date(2014 + 1, 1, 1), D("0.7")),
    ]
    with pytest.raises(ValueError, match="Нет ставки Банка России на 01.01.2013"):
        rate_in_force(DEFAULT_KEY_RATE, date(2013, 1, 1))


def test_monthly_actual_365_schedule():
    payments = interest_schedule(
        loan_amount=D(1_000_000),
        annual_rate=D("0.12"),
        start=date(2015, 1, 31),
        until=date(2015, 4, 30),
        cap_rules=FLAT_10,
    )
    assert [(p.date, p.days) for p in payments] == [
        (date(2015, 2, 28), 28),
        (date(2015, 3, 31), 31),
        (date(2015, 4, 30), 30),
    ]
    first = payments[0]
    assert first.amount == money("9205.48")  # 1 000 000 × 12 % × 28 / 365
    assert first.cap_amount == money("7671.23")  # 1 000 000 × 10 % × 28 / 365
    assert first.subsidy == first.cap_amount


def test_share_binding_when_the_loan_rate_is_low():
    # 0.9 × 8 % = 7.2 % < 10 %: the subsidy is 90 % of the interest paid.
    result = planned_subsidy_by_year(
        loan_amount=D(36_500_000),
        annual_rate=D("0.08"),
        start=date(2015, 1, 1),
        years=[2015],
        cap_rules=FLAT_10,
    )
    # 12 payments of the year cover 1.1.2015–1.12.2015 (334 days); 36.5 M × 8 % / 365 = 8 000 a day
    assert result == {2015: money(str(8000 * 334 * 0.9))}


def test_cap_binding_when_the_loan_rate_is_high():
    result = planned_subsidy_by_year(
        loan_amount=D(36_500_000),
        annual_rate=D("0.20"),
        start=date(2015, 1, 1),
        years=[2015],
        cap_rules=FLAT_10,
    )
    assert result == {2015: money(str(10_000 * 334))}  # 10 % of 36.5 M is 10 000 a day


def test_rate_change_mid_year_applies_from_the_payment_date():
    rules = (
        CapRule(
            date(2015, 1, 1),
            D("0.7"),
            (RatePoint(date(2015, 1, 1), D("0.15")), RatePoint(date(2015, 6, 16), D("0.10"))),
        ),
    )
    payments = interest_schedule(
        loan_amount=D(36_500_000),
        annual_rate=D("0.20"),
        start=date(2015, 1, 15),
        until=date(2015, 12, 31),
        cap_rules=rules,
    )
    caps = {p.date: p.cap_rate for p in payments}
    assert caps[date(2015, 6, 15)] == D("0.105")  # 0.7 × 15 %
    assert caps[date(2015, 7, 15)] == D("0.070")  # 0.7 × 10 %: in force on the payment date
    june = next(p for p in payments if p.date == date(2015, 7, 15))
    assert june.subsidy == money(str(36_500_000 * 0.07 * 30 / 365))


def test_order_781_regimes_2014_refinancing_2015_key_rate():
    payments = interest_schedule(
        loan_amount=D(100_000_000),
        annual_rate=D("0.20"),
        start=date(2014, 11, 10),
        until=date(2015, 3, 31),
    )
    caps = [(p.date, p.cap_rate) for p in payments]
    assert caps == [
        (date(2014, 12, 10), D("0.9") * D("0.0825")),
        (date(2015, 1, 10), D("0.7") * D("0.17")),
        (date(2015, 2, 10), D("0.7") * D("0.15")),
        (date(2015, 3, 10), D("0.7") * D("0.15")),
    ]


def test_equal_annual_instalments():
    payments = interest_schedule(
        loan_amount=D(3_000_000),
        annual_rate=D("0.10"),
        start=date(2015, 3, 1),
        until=date(2020, 12, 31),
        repayment_from_year=2016,
        repayment_years=3,
        cap_rules=FLAT_10,
    )
    assert payments[-1].date == date(2018, 3, 1)
    by_date = {p.date: p for p in payments}
    assert by_date[date(2016, 3, 1)].principal_outstanding == D(3_000_000)
    assert by_date[date(2016, 4, 1)].principal_outstanding == D(2_000_000)
    assert by_date[date(2017, 4, 1)].principal_outstanding == D(1_000_000)
    result = planned_subsidy_by_year(
        loan_amount=D(3_000_000),
        annual_rate=D("0.10"),
        start=date(2015, 3, 1),
        years=list(range(2015, 2021)),
        repayment_from_year=2016,
        repayment_years=3,
        cap_rules=FLAT_10,
    )
    assert result[2019] == result[2020] == D("0.00")
    assert result[2018] > 0


def test_explicit_outstanding_schedule_changes_mid_period():
    payments = interest_schedule(
        loan_amount=D(3_650_000),
        annual_rate=D("0.10"),
        start=date(2015, 1, 1),
        until=date(2015, 12, 31),
        outstanding=[(date(2015, 1, 11), D(0))],
        cap_rules=FLAT_10,
    )
    # repaid on 11 January: one payment for 10 days at 1 000 a day
    assert [(p.date, p.days, p.amount) for p in payments] == [(date(2015, 1, 11), 10, money("10000"))]


def test_years_without_payments_are_zero_and_input_is_checked():
    result = planned_subsidy_by_year(
        loan_amount=D(1_000_000), annual_rate=D("0.1"), start=date(2016, 6, 1), years=[2015, 2016]
    )
    assert result[2015] == D("0.00")
    assert result[2016] > 0
    with pytest.raises(ValueError, match="Сумма кредита должна быть больше нуля"):
        planned_subsidy_by_year(loan_amount=D(0), annual_rate=D("0.1"), start=date(2016, 6, 1), years=[2016])
    with pytest.raises(ValueError, match="Доля возмещения"):
        planned_subsidy_by_year(
            loan_amount=D(1), annual_rate=D("0.1"), start=date(2016, 6, 1), years=[2016], share=2
        )


def test_claim_above_allowed_refused():
    allowed = {2015: D("37512345.67"), 2016: D("40000000.00")}
    claimed = {2015: 40_000_000.0, 2016: D("40000000.00"), 2017: 1}
    assert max_subsidy_check(claimed, allowed) == [
        "2015 год: заявленная субсидия 40\u202f000\u202f000\u00a0руб. превышает "
        "расчётную 37\u202f512\u202f346\u00a0руб.",
        "2017 год: заявленная субсидия 1\u00a0руб. превышает расчётную 0\u00a0руб.",
    ]


def test_the_displayed_whole_ruble_figure_may_be_claimed():
    # The page shows the limit 42 632 876,54 as «42 632 877 руб.»: typing it is accepted,
    # a kopeck more is not, and the message names the figure the applicant saw.
    allowed = {2016: D("42632876.54")}
    assert max_subsidy_check({2016: D("42632877")}, allowed) == []
    assert max_subsidy_check({2016: D("42632876.54")}, allowed) == []
    assert max_subsidy_check({2016: D("42632877.01")}, allowed) == [
        "2016 год: заявленная субсидия 42\u202f632\u202f877,01\u00a0руб. превышает "
        "расчётную 42\u202f632\u202f877\u00a0руб."
    ]
    # Rounded half up, as the page rounds: ,49 shows (and allows) the ruble below.
    assert max_subsidy_check({2016: D("42632877")}, {2016: D("42632876.49")}) != []
    # ...and the kopeck-exact limit itself stays claimable when the page rounds it down.
    assert max_subsidy_check({2016: D("42632876.49")}, {2016: D("42632876.49")}) == []
    assert max_subsidy_check({2016: D("42632876.50")}, {2016: D("42632876.49")}) != []


def test_claim_within_allowed_and_negative_claims():
    assert max_subsidy_check({2015: D("100.004")}, {2015: D("100.00")}) == []
    assert max_subsidy_check({2015: -1}, {2015: D(5)}) == [
        "2015 год: заявленная субсидия не может быть отрицательной"
    ]
    assert max_subsidy_check({2015: float("nan")}, {2015: D(5)}) == [
        "2015 год: заявленная субсидия не является числом"
    ]


def test_format_rubles():
    assert format_rubles(D("1234567.891")) == "1\u202f234\u202f567,89\u00a0руб."


def test_claim_errors_in_the_active_language():
    from django.utils import translation

    with translation.override("en"):
        assert max_subsidy_check({2017: 1, 2018: -1}, {2017: D(0), 2018: D(5)}) == [
            "2017: the claimed subsidy of 1\u00a0RUB exceeds the computed 0\u00a0RUB",
            "2018: the claimed subsidy cannot be negative",
        ]
    with translation.override("ru"):
        assert max_subsidy_check({2017: 1}, {2017: D(0)}) == [
            "2017 год: заявленная субсидия 1\u00a0руб. превышает расчётную 0\u00a0руб."
        ]
