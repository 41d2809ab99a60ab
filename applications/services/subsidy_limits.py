"""The most an applicant may claim per year, from the loan's interest schedule and the
call's subsidy settings (Decree No. 3; SPEC §4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from applications.models import Application
from applications.subsidy import (
    ORDER_781_CAP_RULES,
    CapRule,
    RatePoint,
    max_subsidy_check,
    planned_subsidy_by_year,
)


def allowed_subsidy(app: Application) -> dict[int, Decimal] | None:
    """Per forecast year; None until the loan is described."""
    years = sorted(row.year for row in app.model_years.all())
    if not years or not app.loan_date or not app.loan_amount or not app.loan_rate:
        return None
    rates = tuple(RatePoint(r.valid_from, r.rate) for r in app.call.bank_rates.all())
    if rates:
        rules: tuple[CapRule, ...] = (
            CapRule(valid_from=dt.date(2000, 1, 1), multiple=app.call.rate_multiple, rates=rates),
        )
    else:
        rules = ORDER_781_CAP_RULES
    # Without a declared repayment schedule the principal stays outstanding over the
    # horizon: the most generous limit, never refusing an honest claim for lack of data.
    term = max(int(app.loan_term_years or 1), 1)
    return planned_subsidy_by_year(
        loan_amount=Decimal(app.loan_amount),
        annual_rate=Decimal(app.loan_rate),
        start=app.loan_date,
        years=years,
        repayment_from_year=app.loan_repayment_from_year,
        repayment_years=term,
        share=Decimal(app.call.subsidy_share),
        cap_rules=rules,
    )


def allowed_subsidy_or_none(app: Application) -> dict[int, Decimal] | None:
    """For display: None when the limit cannot be computed (e.g. no rate for a date)."""
    try:
        return allowed_subsidy(app)
    except ValueError:
        return None


def subsidy_claim_errors(app: Application) -> list[str]:
    try:
        allowed = allowed_subsidy(app)
    except ValueError as error:
        return [_("расчётную субсидию определить нельзя: %(error)s") % {"error": error}]
    if allowed is None:
        return []
    claimed = {row.year: row.subsidy for row in app.model_years.all()}
    return max_subsidy_check(claimed, allowed)
