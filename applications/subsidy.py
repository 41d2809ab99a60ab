"""The planned interest subsidy (Decree No. 3 of 3 January 2014; SPEC §4). Pure, ``Decimal``.

The model Otbor uses to compute the most an applicant may claim per year:

* The loan ``loan_amount`` is drawn in full on ``start`` at the fixed ``annual_rate``.
* Interest is paid monthly, on the day of month of ``start`` (the last day of shorter
  months), the first payment one month after ``start``. A payment covers the days
  (previous payment date, payment date]; interest is actual/365: for every day,
  ``principal outstanding that day × annual_rate / 365``.
* Principal: either equal annual instalments of ``loan_amount / repayment_years`` paid on
  the anniversaries of ``start`` in ``repayment_from_year`` … ``+ repayment_years − 1``, or an
  explicit step schedule ``outstanding = [(date, principal outstanding from that date)]``.
  A repayment dated ``d`` lowers the principal for the days after ``d``. Without either,
  the principal stays outstanding over the whole horizon. Payments stop when the
  principal reaches zero (that day is the last payment) or after 31 December of the last
  year asked for.
* For each payment the subsidy is ``min(share × interest paid, cap)`` where the cap is
  the interest on the same principal and days at ``multiple × Bank of Russia rate in
  force on the payment date``. Which rate and multiple apply is given by the
  :class:`CapRule` in force on the payment date: Order 781 / Decree No. 3 defaults are
  0.9 × the refinancing rate for payments in 2014 and 0.7 × the key rate from 2015.
  Payments dated before the first rule get no subsidy.
* Amounts are rounded to kopecks (half up) per payment; a year's subsidy is the sum of
  the subsidies of the payments dated in that year.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from engine import schema
from reference import key_rates
from reference.formatting import format_date, format_money

KOPECK = Decimal("0.01")
_ONE_DAY = timedelta(days=1)
DAYS_IN_YEAR = Decimal(365)


@dataclass(frozen=True)
class RatePoint:
    """A Bank of Russia rate (a fraction: 0.0825 is 8.25 %) in force from ``date``."""

    date: date
    rate: Decimal


@dataclass(frozen=True)
class CapRule:
    """From ``valid_from``, the cap rate is ``multiple × `` the rate of ``rates`` in force."""

    valid_from: date
    multiple: Decimal
    rates: tuple[RatePoint, ...]
    rate_name: str = "ставка Банка России"


@dataclass(frozen=True)
class InterestPayment:
    """One interest payment. ``principal_outstanding`` is the principal at the period start."""

    date: date
    days: int
    principal_outstanding: Decimal
    amount: Decimal
    cap_rate: Decimal
    cap_amount: Decimal
    subsidy: Decimal


#: The refinancing rate: 8.25 % from 14.09.2012 (equal to the key rate from 01.01.2016).
DEFAULT_REFINANCING_RATE = tuple(RatePoint(day, rate) for day, rate in key_rates.REFINANCING_RATE)

#: The Bank of Russia key rate, 2013–2017.
DEFAULT_KEY_RATE = tuple(RatePoint(day, rate) for day, rate in key_rates.KEY_RATE)

ORDER_781_SHARE = schema.SUBSIDY_SHARE
ORDER_781_CAP_RULES = (
    CapRule(
        schema.REFINANCING_RATE_FROM,
        schema.REFINANCING_RATE_MULTIPLE,
        DEFAULT_REFINANCING_RATE,
        "ставка рефинансирования",
    ),
    CapRule(schema.KEY_RATE_FROM, schema.KEY_RATE_MULTIPLE, DEFAULT_KEY_RATE, "ключевая ставка"),
)


def rate_in_force(rates: Sequence[RatePoint], on: date) -> Decimal:
    """The rate of the latest point dated on or before ``on``."""
    current: Decimal | None = None
    for point in sorted(rates, key=lambda p: p.date):
        if point.date > on:
            break
        current = point.rate
    if current is None:
        raise ValueError(f"Нет ставки Банка России на {format_date(on)}")
    return current


def _cap_rate(rules: Sequence[CapRule], on: date) -> Decimal:
    applicable = [rule for rule in rules if rule.valid_from <= on]
    if not applicable:
        return Decimal(0)
    rule = max(applicable, key=lambda r: r.valid_from)
    return rule.multiple * rate_in_force(rule.rates, on)


def _add_months(day: date, months: int, anchor_day: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(anchor_day, last))


def _anniversary(start: date, year: int) -> date:
    last = calendar.monthrange(year, start.month)[1]
    return date(year, start.month, min(start.day, last))


def _principal_steps(
    loan_amount: Decimal,
    start: date,
    repayment_from_year: int | None,
    repayment_years: int,
    outstanding: Sequence[tuple[date, Decimal]] | None,
) -> list[tuple[date, Decimal]]:
    """``[(d, p)]``: the principal is ``p`` for the days after ``d`` (first entry: start)."""
    steps = [(start, loan_amount)]
    if outstanding is not None:
        for day, amount in sorted(outstanding):
            if amount < 0:
                raise ValueError("Остаток основного долга не может быть отрицательным")
            if day > start:
                steps.append((day, Decimal(amount)))
        return steps
    if repayment_from_year is None:
        return steps
    if repayment_years < 1:
        raise ValueError("Срок погашения должен быть не меньше года")
    instalment = loan_amount / repayment_years
    for index in range(repayment_years):
        day = _anniversary(start, repayment_from_year + index)
        if day <= start:
            raise ValueError("Погашение основного долга должно начинаться после выдачи кредита")
        remaining = loan_amount - instalment * (index + 1)
        steps.append((day, remaining if index < repayment_years - 1 else Decimal(0)))
    return steps


def _principal_on(steps: Sequence[tuple[date, Decimal]], day: date) -> Decimal:
    """The principal accruing interest on ``day`` (repayments dated before it applied)."""
    current = steps[0][1]
    for step_day, amount in steps:
        if step_day < day:
            current = amount
    return current


def _accrued(steps: Sequence[tuple[date, Decimal]], begin: date, end: date) -> Decimal:
    """Σ over days in (begin, end] of the principal that day (principal × days)."""
    edges = sorted({begin, end, *(d for d, _ in steps if begin < d < end)})
    total = Decimal(0)
    for left, right in zip(edges, edges[1:], strict=False):
        total += _principal_on(steps, right) * (right - left).days
    return total


def interest_schedule(
    *,
    loan_amount: Decimal,
    annual_rate: Decimal,
    start: date,
    until: date,
    repayment_from_year: int | None = None,
    repayment_years: int = 1,
    outstanding: Sequence[tuple[date, Decimal]] | None = None,
    share: Decimal = ORDER_781_SHARE,
    cap_rules: Sequence[CapRule] = ORDER_781_CAP_RULES,
) -> list[InterestPayment]:
    """Every interest payment dated up to ``until``, with its cap and subsidy."""
    loan_amount, annual_rate, share = Decimal(loan_amount), Decimal(annual_rate), Decimal(share)
    if loan_amount <= 0:
        raise ValueError("Сумма кредита должна быть больше нуля")
    if annual_rate < 0:
        raise ValueError("Ставка по кредиту не может быть отрицательной")
    if not Decimal(0) <= share <= Decimal(1):
        raise ValueError("Доля возмещения должна быть от 0 до 1")
    steps = _principal_steps(loan_amount, start, repayment_from_year, repayment_years, outstanding)
    zero_day = next((d for d, amount in steps if amount == 0), None)
    payments: list[InterestPayment] = []
    previous = start
    month = 1
    while previous < until and _principal_on(steps, previous + _ONE_DAY) > 0:
        payday = _add_months(start, month, start.day)
        if zero_day is not None and previous < zero_day < payday:
            payday = zero_day
        if payday > until:
            break
        payments.append(_payment(steps, previous, payday, annual_rate, share, cap_rules))
        previous = payday
        month += 1
    return payments


def _payment(
    steps: Sequence[tuple[date, Decimal]],
    begin: date,
    payday: date,
    annual_rate: Decimal,
    share: Decimal,
    cap_rules: Sequence[CapRule],
) -> InterestPayment:
    principal_days = _accrued(steps, begin, payday)
    interest = _money(principal_days * annual_rate / DAYS_IN_YEAR)
    cap_rate = _cap_rate(cap_rules, payday)
    cap = _money(principal_days * cap_rate / DAYS_IN_YEAR)
    return InterestPayment(
        date=payday,
        days=(payday - begin).days,
        principal_outstanding=_principal_on(steps, begin + _ONE_DAY),
        amount=interest,
        cap_rate=cap_rate,
        cap_amount=cap,
        subsidy=min(_money(share * interest), cap),
    )


def _money(value: Decimal) -> Decimal:
    return value.quantize(KOPECK, rounding=ROUND_HALF_UP)


def planned_subsidy_by_year(
    *,
    loan_amount: Decimal,
    annual_rate: Decimal,
    start: date,
    years: Sequence[int],
    repayment_from_year: int | None = None,
    repayment_years: int = 1,
    outstanding: Sequence[tuple[date, Decimal]] | None = None,
    share: Decimal = ORDER_781_SHARE,
    cap_rules: Sequence[CapRule] = ORDER_781_CAP_RULES,
) -> dict[int, Decimal]:
    """The most the applicant may claim per year of ``years`` (0 where nothing is paid)."""
    if not years:
        raise ValueError("Не заданы годы расчёта субсидии")
    payments = interest_schedule(
        loan_amount=loan_amount,
        annual_rate=annual_rate,
        start=start,
        until=date(max(years), 12, 31),
        repayment_from_year=repayment_from_year,
        repayment_years=repayment_years,
        outstanding=outstanding,
        share=share,
        cap_rules=cap_rules,
    )
    result = {year: Decimal("0.00") for year in years}
    for payment in payments:
        if payment.date.year in result:
            result[payment.date.year] += payment.subsidy
    return result


def format_rubles(value: Decimal) -> str:
    """``37 512 345,67 руб.`` (reference.formatting's money, to the kopeck)."""
    return format_money(_money(Decimal(value)))


def _rubles(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def max_subsidy_check(
    claimed: Mapping[int, Decimal | float | int], allowed: Mapping[int, Decimal]
) -> list[str]:
    """Errors (in the active language) for each year whose claim is negative or exceeds the
    computed amount.

    The computed amount is shown to the applicant in whole rubles (the ``rub`` filter), so
    a claim up to that figure is accepted, even when it is the kopeck-exact limit rounded
    up (42 632 876,54 → 42 632 877); a claim up to the kopeck-exact limit is accepted too,
    when the figure shown is rounded down (35 027 568,46 → 35 027 568)."""
    errors: list[str] = []
    for year in sorted(claimed):
        claim = Decimal(str(claimed[year])) if isinstance(claimed[year], float) else Decimal(claimed[year])
        limit = Decimal(allowed.get(year, Decimal(0)))
        if not claim.is_finite():
            errors.append(_("%(year)s год: заявленная субсидия не является числом") % {"year": year})
        elif claim < 0:
            errors.append(_("%(year)s год: заявленная субсидия не может быть отрицательной") % {"year": year})
        elif _money(claim) > max(_rubles(limit), _money(limit)):
            unit = _("руб.")
            claim_places = 0 if _money(claim) == _rubles(claim) else 2
            errors.append(
                _("%(year)s год: заявленная субсидия %(claimed)s превышает расчётную %(allowed)s")
                % {
                    "year": year,
                    "claimed": format_money(_money(claim), places=claim_places, unit=unit),
                    "allowed": format_money(_rubles(limit), places=0, unit=unit),
                }
            )
    return errors
